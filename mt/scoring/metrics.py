"""sacrebleu's BLEU (13a), chrF2, chrF2++ and TER behind one :class:`~mt.scoring.base.Metric` API.

>>> from mt.scoring.metrics import get_metric
>>> get_metric("bleu").corpus(["the cat sat"], ["the cat sat"]).formatted  # doctest: +SKIP
'BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 100.0 100.0/100.0/...'

sacrebleu is imported when a metric first scores something, not when this module is imported.
Large inputs are scored across processes (:mod:`mt.scoring.parallel`), which pays for TER, the
slow one (shift search); the result is the same to the last bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mt.errors import UsageError
from mt.scoring.base import DEFAULT_WIDTH, Metric, Score


class BLEU(Metric):
    """Corpus BLEU as sacrebleu computes it: 13a tokenisation, exponential smoothing, mixed case.

    Sentence scores use effective order, as ``sacrebleu --sentence-level`` does."""

    key = "bleu"
    name = "BLEU"

    def __init__(
        self,
        *,
        tokenize: str = "13a",
        lowercase: bool = False,
        width: int = DEFAULT_WIDTH,
        workers: int | None = None,
    ) -> None:
        super().__init__(width=width, workers=workers)
        self.tokenize = tokenize
        self.lowercase = lowercase

    def _spec(self, *, sentence: bool = False) -> tuple[str, dict[str, Any]]:
        return "BLEU", {"tokenize": self.tokenize, "lowercase": self.lowercase,
                        "effective_order": sentence}

    def _extra(self, score: Any) -> dict[str, Any]:
        return {
            "precisions": [float(p) for p in score.precisions],
            "bp": float(score.bp),
            "ratio": float(score.ratio),
            "hyp_len": int(score.sys_len),
            "ref_len": int(score.ref_len),
            "counts": [int(c) for c in score.counts],
            "totals": [int(t) for t in score.totals],
        }

    def sacrebleu_args(self) -> list[str]:
        args = ["-m", "bleu", "--tokenize", self.tokenize]
        return [*args, "--lowercase"] if self.lowercase else args


class ChrF(Metric):
    """chrF2: character 6-grams, beta 2 (``word_order=2`` gives chrF2++)."""

    key = "chrf"
    name = "chrF2"

    def __init__(
        self,
        *,
        word_order: int = 0,
        lowercase: bool = False,
        width: int = DEFAULT_WIDTH,
        workers: int | None = None,
    ) -> None:
        super().__init__(width=width, workers=workers)
        self.word_order = word_order
        self.lowercase = lowercase

    def _spec(self, *, sentence: bool = False) -> tuple[str, dict[str, Any]]:
        return "CHRF", {"word_order": self.word_order, "lowercase": self.lowercase}

    def _extra(self, score: Any) -> dict[str, Any]:
        return {"char_order": score.char_order, "word_order": score.word_order,
                "beta": score.beta}

    def sacrebleu_args(self) -> list[str]:
        args = ["-m", "chrf", "--chrf-word-order", str(self.word_order)]
        return [*args, "--chrf-lowercase"] if self.lowercase else args


class ChrFPlusPlus(ChrF):
    """chrF2++: chrF2 plus word unigrams and bigrams."""

    key = "chrf++"
    name = "chrF2++"

    def __init__(
        self, *, lowercase: bool = False, width: int = DEFAULT_WIDTH, workers: int | None = None
    ) -> None:
        super().__init__(word_order=2, lowercase=lowercase, width=width, workers=workers)


class TER(Metric):
    """Translation edit rate (Snover et al. 2006) as sacrebleu computes it (tercom defaults:
    case-insensitive, no normalisation)."""

    key = "ter"
    name = "TER"

    def __init__(
        self,
        *,
        case_sensitive: bool = False,
        normalized: bool = False,
        no_punct: bool = False,
        asian_support: bool = False,
        workers: int | None = None,
        width: int = DEFAULT_WIDTH,
    ) -> None:
        super().__init__(width=width, workers=workers)
        self.options = {
            "case_sensitive": case_sensitive,
            "normalized": normalized,
            "no_punct": no_punct,
            "asian_support": asian_support,
        }

    def _spec(self, *, sentence: bool = False) -> tuple[str, dict[str, Any]]:
        return "TER", dict(self.options)

    def _extra(self, score: Any) -> dict[str, Any]:
        return {"num_edits": int(score.num_edits), "ref_length": float(score.ref_length)}

    def sacrebleu_args(self) -> list[str]:
        flags = {"case_sensitive": "--ter-case-sensitive", "normalized": "--ter-normalized",
                 "no_punct": "--ter-no-punct", "asian_support": "--ter-asian-support"}
        return ["-m", "ter", *(flag for key, flag in flags.items() if self.options[key])]


#: Metric name → class; the names ``mt score --metrics`` accepts.
METRICS: dict[str, type[Metric]] = {
    "bleu": BLEU,
    "chrf": ChrF,
    "chrf++": ChrFPlusPlus,
    "ter": TER,
}

DEFAULT_METRICS = ("bleu", "chrf", "ter")


def get_metric(name: str, **options: Any) -> Metric:
    """The metric called ``name`` (``bleu``, ``chrf``, ``chrf++``, ``ter``; any case).

    ``options`` go to its constructor (``width``, ``workers``...). An unknown name raises
    :class:`~mt.errors.UsageError`."""
    key = name.strip().lower()
    cls = METRICS.get(key)
    if cls is None:
        raise UsageError(f"unknown metric {name!r} (use {', '.join(METRICS)})")
    return cls(**options)


def get_metrics(names: str | Iterable[str | Metric] = DEFAULT_METRICS, **options: Any
                ) -> list[Metric]:
    """Metrics from names (a list, or one comma-separated string such as ``"bleu,chrf,ter"``);
    ``Metric`` objects are passed through. Duplicates are dropped."""
    if isinstance(names, str):
        names = [n for n in names.split(",") if n.strip()]
    result: list[Metric] = []
    seen: set[str] = set()
    for item in names:
        metric = item if isinstance(item, Metric) else get_metric(item, **options)
        if metric.key not in seen:
            seen.add(metric.key)
            result.append(metric)
    if not result:
        raise UsageError("no metric given (use " + ", ".join(METRICS) + ")")
    return result


def corpus_scores(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: str | Iterable[str | Metric] = DEFAULT_METRICS,
    **options: Any,
) -> dict[str, Score]:
    """Corpus scores of ``hyps`` against ``refs``: metric name (``bleu``...) → :class:`Score`.

    All metrics' statistics are computed in one pool of worker processes (``workers=N``)."""
    chosen = get_metrics(metrics, **options)
    scores = score_batch([(m, hyps, refs) for m in chosen], workers=options.get("workers"))
    return {m.key: score for m, score in zip(chosen, scores, strict=True)}


def sentence_scores(
    hyps: Sequence[str],
    refs: Sequence[str],
    metrics: str | Iterable[str | Metric] = DEFAULT_METRICS,
    **options: Any,
) -> dict[str, list[Score]]:
    """Sentence scores per metric: metric name → one :class:`Score` per segment."""
    chosen = get_metrics(metrics, **options)
    scores = score_batch([(m, hyps, refs) for m in chosen], workers=options.get("workers"),
                         sentence=True)
    return {m.key: list(score) for m, score in zip(chosen, scores, strict=True)}


def score_batch(
    items: Sequence[tuple[Metric, Sequence[str], Sequence[str]]],
    *,
    workers: int | None = None,
    sentence: bool = False,
) -> list[Any]:
    """Score several (metric, hypotheses, references) triples with one pool of workers.

    Returns one corpus :class:`Score` per item, or with ``sentence`` one list of segment scores
    per item."""
    from mt.scoring.parallel import metric_stats

    jobs = [metric.job(hyps, refs, sentence=sentence) for metric, hyps, refs in items]
    stats = metric_stats(jobs, workers=workers)
    if sentence:
        return [m.scores_from_stats(s) for (m, _, _), s in zip(items, stats, strict=True)]
    return [m.from_stats(s) for (m, _, _), s in zip(items, stats, strict=True)]
