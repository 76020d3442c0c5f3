"""Several systems against one reference: a score table and sacrebleu's paired significance tests.

The first system is the baseline. With ``test="bs"`` (paired bootstrap resampling, 1000 resamples)
or ``test="ar"`` (approximate randomisation, 10000 trials) every other system is compared with it
through sacrebleu's own :class:`sacrebleu.significance.PairedTest`, giving a p-value per metric and,
from bootstrap resampling, the estimated true mean with its 95% confidence interval. The numbers
equal ``sacrebleu REF -i BASELINE SYS... --paired-bs`` (``--paired-ar``) with the same seed
(``SACREBLEU_SEED``, default 12345).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mt.errors import UsageError
from mt.scoring.base import DEFAULT_WIDTH, Metric, check_segments, clean
from mt.scoring.metrics import DEFAULT_METRICS, get_metrics, score_batch

#: sacrebleu's significance threshold: a p-value at or below it is marked with ``*``.
ALPHA = 0.05
TESTS = {"bs": "paired bootstrap resampling", "ar": "paired approximate randomization"}


@dataclass(frozen=True)
class SystemScore:
    """One cell of the table: a system's score for one metric, and where a paired test ran,
    its p-value against the baseline (``None`` for the baseline itself) and the bootstrap mean
    and 95% confidence half-width (``None`` where not estimated)."""

    system: str
    metric: str
    score: float
    p_value: float | None = None
    mean: float | None = None
    ci: float | None = None
    width: int = DEFAULT_WIDTH

    @property
    def significant(self) -> bool | None:
        """Whether the difference from the baseline is significant (``None`` untested)."""
        return None if self.p_value is None else self.p_value <= ALPHA

    @property
    def low(self) -> float | None:
        """Lower end of the 95% confidence interval (``mean - ci``)."""
        return None if self.mean is None or self.ci is None else self.mean - self.ci

    @property
    def high(self) -> float | None:
        return None if self.mean is None or self.ci is None else self.mean + self.ci

    @property
    def formatted(self) -> str:
        """The cell as sacrebleu's table writes it: ``58.7 (58.7 ± 5.9) (p = 0.0010)*``."""
        w = self.width
        text = f"{self.score:.{w}f}"
        if self.mean is not None and self.ci is not None:
            text += f" ({self.mean:.{w}f} ± {self.ci:.{w}f})"
        if self.p_value is not None:
            text += f" (p = {self.p_value:.4f})" + ("*" if self.significant else "")
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "p_value": self.p_value,
            "mean": self.mean,
            "ci": self.ci,
            "ci_low": self.low,
            "ci_high": self.high,
            "significant": self.significant,
            "formatted": self.formatted,
        }


@dataclass
class SystemsTable:
    """Scores of several systems (rows, baseline first) for several metrics (columns)."""

    systems: list[str]
    metrics: list[str]
    signatures: dict[str, str]
    cells: dict[tuple[str, str], SystemScore] = field(default_factory=dict)
    test: str | None = None
    n_samples: int | None = None
    seed: str | None = None

    @property
    def baseline(self) -> str:
        return self.systems[0]

    def cell(self, system: str, metric: str) -> SystemScore:
        """The cell of ``system`` for ``metric`` (sacrebleu's name, e.g. ``chrF2``)."""
        return self.cells[(system, metric)]

    def row(self, system: str) -> list[SystemScore]:
        return [self.cells[(system, m)] for m in self.metrics]

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "test": self.test,
            "test_name": TESTS.get(self.test or ""),
            "n_samples": self.n_samples,
            "seed": self.seed,
            "metrics": self.metrics,
            "signatures": self.signatures,
            "systems": [
                {"system": s, "scores": {m: self.cells[(s, m)].to_dict() for m in self.metrics}}
                for s in self.systems
            ],
        }


def compare_systems(
    systems: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]],
    refs: Sequence[str],
    metrics: str | Iterable[str | Metric] = DEFAULT_METRICS,
    *,
    test: str | None = None,
    n_samples: int = 0,
    ci_samples: int = 1000,
    seed: int | None = None,
    width: int = DEFAULT_WIDTH,
    workers: int | None = None,
) -> SystemsTable:
    """Score every system (name → segments; the first is the baseline) against ``refs``.

    ``test``: ``None`` (scores only), ``"bs"`` or ``"ar"``. ``n_samples``: resamples/trials
    (0: sacrebleu's defaults, 1000 and 10000). ``ci_samples``: bootstrap resamples for the
    confidence intervals of the ``ar`` test (0: none, as the ``sacrebleu`` command). ``seed``:
    the RNG seed (default: ``SACREBLEU_SEED`` or 12345). ``workers``: processes for statistics."""
    named = list(systems.items()) if isinstance(systems, Mapping) else list(systems)
    if not named:
        raise UsageError("no system to score")
    names = [n for n, _ in named]
    if len(set(names)) != len(names):
        raise UsageError("two systems have the same name: " + ", ".join(sorted(
            {n for n in names if names.count(n) > 1})))
    for name, hyps in named:
        check_segments(hyps, refs, hyp_name=name)
    if test not in (None, "bs", "ar"):
        raise UsageError(f"unknown significance test {test!r} (use bs or ar)")
    if test is not None and len(named) < 2:
        raise UsageError("a paired test needs a baseline and at least one other system")
    chosen = get_metrics(metrics, width=width, workers=workers)
    ref_lines = clean(refs)
    if test is None:
        return _plain_table(named, refs, chosen, width, workers)
    with _seed(seed):
        return _paired_table(named, ref_lines, chosen, test, n_samples, ci_samples, width,
                             workers)


def _plain_table(
    named: list[tuple[str, Sequence[str]]], refs: Sequence[str], metrics: list[Metric],
    width: int, workers: int | None,
) -> SystemsTable:
    cells: dict[tuple[str, str], SystemScore] = {}
    signatures: dict[str, str] = {}
    items = [(metric, hyps, refs) for metric in metrics for _, hyps in named]
    names = [name for _ in metrics for name, _ in named]
    for name, score in zip(names, score_batch(items, workers=workers), strict=True):
        signatures[score.metric] = score.signature
        cells[(name, score.metric)] = SystemScore(name, score.metric, score.value, width=width)
    return SystemsTable([n for n, _ in named], list(signatures), signatures, cells)


def _paired_table(
    named: list[tuple[str, Sequence[str]]], refs: list[str], metrics: list[Metric],
    test: str, n_samples: int, ci_samples: int, width: int, workers: int | None,
) -> SystemsTable:
    from sacrebleu.significance import PairedTest

    from mt.scoring.parallel import parallel_sacrebleu_metric

    sb_metrics = {
        metric.key: parallel_sacrebleu_metric(*metric._spec(), workers=workers)
        for metric in metrics
    }
    paired = PairedTest(
        [(n, clean(h)) for n, h in named], sb_metrics, references=[refs], test_type=test,
        n_samples=n_samples, n_ar_confidence=ci_samples if test == "ar" and ci_samples else -1,
    )
    signatures, results = paired()
    metric_names = [k for k in results if k != "System"]
    cells: dict[tuple[str, str], SystemScore] = {}
    for metric_name in metric_names:
        for (name, _), result in zip(named, results[metric_name], strict=True):
            assert not isinstance(result, str)  # only the "System" column holds names
            cells[(name, metric_name)] = SystemScore(
                name, metric_name, float(result.score),
                p_value=_float(result.p_value), mean=_float(result.mean), ci=_float(result.ci),
                width=width,
            )
    return SystemsTable(
        [n for n, _ in named], metric_names,
        {k: v.format(False) for k, v in signatures.items()}, cells,
        test=test, n_samples=paired.n_samples, seed=str(paired._seed).lower(),
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@contextlib.contextmanager
def _seed(seed: int | None) -> Iterator[None]:
    """Give sacrebleu's significance code ``seed`` (it reads ``SACREBLEU_SEED``)."""
    if seed is None:
        yield
        return
    before = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = before
