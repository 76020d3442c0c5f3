"""sacrebleu's sufficient statistics across processes.

A corpus score is computed from per-segment statistics that are simply summed (BLEU: n-gram
matches and lengths; chrF: character/word n-gram matches; TER: ``[edits, reference length]``,
so corpus TER = sum of edits / sum of reference lengths). Statistics are therefore computed in
chunks by worker processes and handed back in segment order; the caller sums them exactly as
sacrebleu does, so every score equals sacrebleu's single-process one to the last bit. TER, a
shift search in pure Python, is where this pays; BLEU and chrF ride along in the same pool.

Workers are started with the ``forkserver`` method where there is one (``spawn`` elsewhere):
forking a process that runs threads, such as the TUI, is unsafe. The fork server imports
sacrebleu once, so a worker starts in milliseconds.

This relies on private sacrebleu methods (``_extract_corpus_statistics``,
``_aggregate_and_compute``, ``_compute_score_from_stats``);
tests/scoring/test_sacrebleu_contract.py checks them, and pyproject.toml pins the releases it
passed with.
"""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

#: Rough single-core seconds per ~25-word segment, to decide whether workers pay off.
COST_PER_SEGMENT = {"BLEU": 0.0001, "CHRF": 0.0004, "TER": 0.0003}
#: Below this much estimated work everything runs in the calling process.
MIN_PARALLEL_SECONDS = 0.6
#: Chunks per worker: more than one balances segments of unequal length.
CHUNKS_PER_WORKER = 4
#: The most segments sent to a worker at once (a few such chunks are in flight).
MAX_CHUNK_SEGMENTS = 2000
#: Segments whose statistics are computed at once when only their sum is kept.
TOTAL_SLICE = 5000

Stats = list[list[float]]


@dataclass(frozen=True)
class StatsJob:
    """Statistics to compute: sacrebleu metric class ``metric`` (``BLEU``, ``CHRF``, ``TER``)
    built with ``options``, for ``hyps`` against one reference each (used as given). With
    ``total``, only their sum is wanted: each chunk hands back one summed row (computed a slice
    at a time), so a million segments' statistics never exist at once."""

    metric: str
    options: Mapping[str, Any]
    hyps: Sequence[str]
    refs: Sequence[str]
    cost: float = field(default=0.0, compare=False)
    total: bool = False

    def __post_init__(self) -> None:
        if len(self.hyps) != len(self.refs):
            raise ValueError(f"{len(self.hyps)} hypotheses but {len(self.refs)} references")
        if not self.cost:
            per = COST_PER_SEGMENT.get(self.metric, 0.001)
            object.__setattr__(self, "cost", per * len(self.hyps))


def default_workers() -> int:
    """The number of worker processes to use by default: one per core."""
    return os.cpu_count() or 1


def sacrebleu_metric(name: str, options: Mapping[str, Any]) -> Any:
    """A new sacrebleu metric object: class ``name`` of ``sacrebleu.metrics``, ``options``."""
    import sacrebleu.metrics

    return getattr(sacrebleu.metrics, name)(**options)


Task = tuple[str, dict[str, Any], list[str], list[str], bool]


def sum_rows(rows: Sequence[Sequence[float]]) -> list[float]:
    """The column sums of statistics rows (as sacrebleu's ``sum_of_lists``). The statistics are
    counts, so the sum is exact in any order: summing chunks' sums gives sacrebleu's figure."""
    return [sum(column) for column in zip(*rows, strict=True)]


def _stats_task(task: Task) -> Stats:
    """Worker (and in-process) body: the statistics of one chunk (with ``total``, their sum,
    as one row; none for an empty chunk)."""
    name, options, hyps, refs, total = task
    if total:
        sums = [sum_rows(_stats_task((name, options, hyps[i:i + TOTAL_SLICE],
                                      refs[i:i + TOTAL_SLICE], False)))
                for i in range(0, len(hyps), TOTAL_SLICE)]
        return [sum_rows(sums)] if sums else []
    metric = sacrebleu_metric(name, options)
    if name == "TER":  # the same statistics as sacrebleu's, several times faster
        from mt.scoring.tercom import ter_statistics

        return ter_statistics(metric, hyps, refs)
    return [list(s) for s in metric._extract_corpus_statistics(hyps, [refs])]


def chunk_bounds(n: int, chunks: int) -> list[tuple[int, int]]:
    """``chunks`` contiguous ``(start, stop)`` ranges covering ``range(n)``, sizes within one."""
    chunks = max(1, min(chunks, n))
    size, extra = divmod(n, chunks)
    bounds, start = [], 0
    for i in range(chunks):
        stop = start + size + (1 if i < extra else 0)
        bounds.append((start, stop))
        start = stop
    return bounds


def metric_stats(
    jobs: Sequence[StatsJob], *, workers: int | None = None, parallel: bool | None = None
) -> list[Stats]:
    """Per-segment statistics for every job, in job and segment order.

    ``workers`` processes (default :func:`default_workers`) share all jobs' chunks.
    ``parallel``: ``None`` decides by the estimated work (:data:`MIN_PARALLEL_SECONDS`),
    ``False`` computes in this process, ``True`` uses workers whenever there are two or more."""
    workers = default_workers() if workers is None else max(1, workers)
    total = sum(job.cost for job in jobs)
    use_pool = workers > 1 and (parallel or (parallel is None and total >= MIN_PARALLEL_SECONDS))
    if not use_pool:
        return [_stats_task(_task(job, 0, len(job.hyps))) for job in jobs]
    target = total / (workers * CHUNKS_PER_WORKER) or 1.0
    tasks: list[tuple[float, int, int, int, int]] = []
    for index, job in enumerate(jobs):
        n = len(job.hyps)
        n_chunks = max(1, math.ceil(job.cost / target), math.ceil(n / MAX_CHUNK_SEGMENTS))
        for order, (a, b) in enumerate(chunk_bounds(n, n_chunks)):
            tasks.append((job.cost * (b - a) / max(1, n), index, order, a, b))
    tasks.sort(key=lambda t: -t[0])  # longest first: a better packing
    results: list[list[tuple[int, Stats]]] = [[] for _ in jobs]
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=_context()) as pool:
        # A few chunks in flight, each sliced when sent: the texts are never all queued again.
        running: dict[Future[Stats], tuple[int, int]] = {}
        for _, index, order, a, b in tasks:
            running[pool.submit(_stats_task, _task(jobs[index], a, b))] = (index, order)
            if len(running) > workers:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    index_, order_ = running.pop(future)
                    results[index_].append((order_, future.result()))
        for future, (index, order) in running.items():
            results[index].append((order, future.result()))
    return [[s for _, part in sorted(parts, key=lambda p: p[0]) for s in part]
            for parts in results]


def ter_stats(
    hyps: Sequence[str],
    refs: Sequence[str],
    *,
    options: Mapping[str, bool] | None = None,
    workers: int | None = None,
    parallel: bool | None = None,
) -> Stats:
    """sacrebleu's TER statistics ``[edits, reference length]`` per segment, in order."""
    job = StatsJob("TER", dict(options or {}), hyps, refs)
    return metric_stats([job], workers=workers, parallel=parallel)[0]


def _task(job: StatsJob, start: int, stop: int) -> Task:
    return (job.metric, dict(job.options), list(job.hyps[start:stop]), list(job.refs[start:stop]),
            job.total)


def _context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has imported sacrebleu once (if it is not running yet).
    context.set_forkserver_preload(["sacrebleu.metrics", __name__])
    return context


@functools.cache
def _parallel_class(name: str) -> type:
    import sacrebleu.metrics

    base = getattr(sacrebleu.metrics, name)

    def _extract_corpus_statistics(self: Any, hypotheses: Any, references: Any) -> Any:
        if references and len(references) == 1 and self._mt_workers != 1:
            self.num_refs = 1
            job = StatsJob(name, self._mt_options, list(hypotheses), list(references[0]))
            return metric_stats([job], workers=self._mt_workers)[0]
        return base._extract_corpus_statistics(self, hypotheses, references)

    return type(f"Parallel{name}", (base,), {
        "__doc__": f"sacrebleu's {name}, its statistics computed across processes.",
        "_extract_corpus_statistics": _extract_corpus_statistics,
    })


def parallel_sacrebleu_metric(
    name: str, options: Mapping[str, Any], *, workers: int | None = None
) -> Any:
    """A sacrebleu metric object (class ``name``, ``options``) whose corpus statistics come from
    :func:`metric_stats`, for sacrebleu code that takes metric objects (``PairedTest``)."""
    metric = _parallel_class(name)(**options)
    metric._mt_options = dict(options)
    metric._mt_workers = workers
    return metric
