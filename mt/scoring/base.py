"""The metric base class, the score it returns, and the input checks every metric shares.

Modelled on sacrebleu's own ``Metric``/``Score``/``Signature``: a metric object holds its
settings, scores a corpus or one sentence, and names those settings in a signature string, so a
reported number can be reproduced. The numbers are sacrebleu's; the formatted line is exactly what
the ``sacrebleu`` command prints (default precision: one decimal, as the CLI's ``--width 1``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from mt.errors import AlignmentError, InputError

#: The precision the ``sacrebleu`` command prints by default (its ``--width``).
DEFAULT_WIDTH = 1


@dataclass(frozen=True)
class Score:
    """One metric's result.

    ``metric`` is sacrebleu's name (``BLEU``, ``chrF2``, ``chrF2++``, ``TER``); ``value`` the full-
    precision number; ``formatted`` the line sacrebleu prints
    (``BLEU|nrefs:1|...|version:2.6.0 = 55.5 77.1/60.8/49.6/40.8 (BP = 1.000 ...)``);
    ``extra`` the metric's details (BLEU: precisions, bp, ratio, lengths; TER: edits, ref length).
    """

    metric: str
    value: float
    formatted: str
    signature: str
    width: int = DEFAULT_WIDTH
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The value as sacrebleu prints it (``55.5``)."""
        return f"{self.value:.{self.width}f}"

    @property
    def rounded(self) -> float:
        """The value rounded to the printed precision (what sacrebleu's JSON holds)."""
        return float(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "score": self.rounded,
            "value": self.value,
            "signature": self.signature,
            "formatted": self.formatted,
            **self.extra,
        }


def check_segments(
    hyps: Sequence[str],
    refs: Sequence[str],
    *,
    hyp_name: str | None = None,
    ref_name: str | None = None,
) -> None:
    """Refuse empty input and hypothesis/reference lists of different lengths.

    ``hyp_name``/``ref_name`` (file names) go into the messages, the hypothesis one as the error's
    path."""
    if isinstance(hyps, str) or isinstance(refs, str):
        raise TypeError("hypotheses and references must be sequences of strings, not a string")
    if len(hyps) != len(refs):
        what = f" ({hyp_name} vs {ref_name})" if hyp_name and ref_name else ""
        raise AlignmentError(
            f"{len(hyps)} hypothesis segments but {len(refs)} reference segments{what}",
            path=hyp_name,
        )
    if not hyps:
        raise InputError("nothing to score: no segments", path=hyp_name)
    for name, seq, label in ((hyp_name, hyps, "hypothesis"), (ref_name, refs, "reference")):
        for i, text in enumerate(seq):
            if not isinstance(text, str):
                raise InputError(f"{label} segment {i + 1} is missing", path=name)


def clean(lines: Sequence[str]) -> list[str]:
    """Segments as the ``sacrebleu`` command reads them from a file (trailing space removed)."""
    return [line.rstrip() for line in lines]


class Metric(ABC):
    """A sacrebleu metric with fixed settings. Subclasses name one sacrebleu metric class and
    its options (:meth:`_spec`).

    ``key`` is the name users type (``bleu``); ``name`` sacrebleu's display name (``BLEU``).
    Hypotheses and references are sequences of segments, one reference per hypothesis.
    Statistics of large inputs are computed across ``workers`` processes (default: every core,
    see :mod:`mt.scoring.parallel`); the scores do not depend on it.
    """

    key: ClassVar[str]
    name: ClassVar[str]

    def __init__(self, *, width: int = DEFAULT_WIDTH, workers: int | None = None) -> None:
        self.width = width
        self.workers = workers
        self._sentence_metric: Any = None

    @abstractmethod
    def _spec(self, *, sentence: bool = False) -> tuple[str, dict[str, Any]]:
        """The sacrebleu metric class name and its constructor options."""

    def _make(self, *, sentence: bool = False) -> Any:
        """A fresh sacrebleu metric object with this metric's settings."""
        from mt.scoring.parallel import sacrebleu_metric

        return sacrebleu_metric(*self._spec(sentence=sentence))

    def _extra(self, score: Any) -> dict[str, Any]:
        return {}

    def signature(self, *, short: bool = False, sentence: bool = False) -> str:
        """sacrebleu's signature of this metric for one reference per segment."""
        metric = self._make(sentence=sentence)
        metric.num_refs = 1
        return str(metric.get_signature().format(short))

    def _score(self, metric: Any, score: Any) -> Score:
        sig = metric.get_signature().format(False)
        return Score(
            metric=score.name,
            value=float(score.score),
            formatted=score.format(self.width, signature=sig),
            signature=sig,
            width=self.width,
            extra=self._extra(score),
        )

    def job(self, hyps: Sequence[str], refs: Sequence[str], *, sentence: bool = False) -> Any:
        """A :class:`~mt.scoring.parallel.StatsJob` for ``hyps`` against ``refs`` (checked and
        stripped as the ``sacrebleu`` command reads files)."""
        from mt.scoring.parallel import StatsJob

        check_segments(hyps, refs)
        name, options = self._spec(sentence=sentence)
        return StatsJob(name, options, clean(hyps), clean(refs))

    def stats(
        self, hyps: Sequence[str], refs: Sequence[str], *, sentence: bool = False
    ) -> list[list[float]]:
        """sacrebleu's sufficient statistics, one list per segment; sum them to score a corpus."""
        from mt.scoring.parallel import metric_stats

        return metric_stats([self.job(hyps, refs, sentence=sentence)], workers=self.workers)[0]

    def corpus(self, hyps: Sequence[str], refs: Sequence[str]) -> Score:
        """The corpus score of ``hyps`` against ``refs`` (as ``sacrebleu REF -i HYP``)."""
        return self.from_stats(self.stats(hyps, refs))

    def from_stats(self, stats: Sequence[Sequence[float]]) -> Score:
        """The corpus score from per-segment statistics (:meth:`stats`, in segment order)."""
        if not stats:
            raise InputError("nothing to score: no segments")
        metric = self._make()
        metric.num_refs = 1
        return self._score(metric, metric._aggregate_and_compute([list(s) for s in stats]))

    def sentence(self, hyp: str, ref: str) -> Score:
        """The score of one segment (as ``sacrebleu -sl``; BLEU uses effective order)."""
        if self._sentence_metric is None:
            self._sentence_metric = self._make(sentence=True)
        metric = self._sentence_metric
        score = metric.sentence_score(hyp.rstrip(), [ref.rstrip()])
        return self._score(metric, score)

    def sentences(self, hyps: Sequence[str], refs: Sequence[str]) -> list[Score]:
        """:meth:`sentence` for every segment (computed in parallel for large inputs)."""
        return self.scores_from_stats(self.stats(hyps, refs, sentence=True))

    def scores_from_stats(self, stats: Sequence[Sequence[float]]) -> list[Score]:
        """One segment score per entry of ``stats``: what :meth:`sentence` gives."""
        metric = self._make(sentence=True)
        metric.num_refs = 1
        return [self._score(metric, metric._compute_score_from_stats(list(s))) for s in stats]

    def sentence_value(self) -> Callable[[Sequence[float]], float]:
        """A function from one segment's statistics to the value :meth:`scores_from_stats`
        gives it, without a :class:`Score` object (for a million segments)."""
        metric = self._make(sentence=True)
        metric.num_refs = 1
        return lambda stats: float(metric._compute_score_from_stats(list(stats)).score)

    def sacrebleu_args(self) -> list[str]:
        """The ``sacrebleu`` command-line options that compute this metric."""
        return ["-m", self.key]

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
