"""Scores of a post-edited document, before (MT) and after (post-edit), for reports.

:func:`score_document` is what ``mt post-edit`` prints in its summary and writes to ``--report``:
corpus metrics of the MT and of the post-edit against the reference (where the document has
one), term accuracy before and after (where a glossary is given), and the edit effort from MT
to post-edit. Everything is a plain dataclass with ``to_dict()`` for JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from mt.document import Document
from mt.errors import AlignmentError, InputError, UsageError
from mt.glossary.entry import Glossary
from mt.json_stream import Lazy, materialize
from mt.scoring.base import DEFAULT_WIDTH, Metric, Score
from mt.scoring.effort import EditEffort, edit_effort
from mt.scoring.metrics import DEFAULT_METRICS, get_metrics
from mt.scoring.parallel import Stats
from mt.scoring.terms import TermAccuracy, term_accuracy


@dataclass(frozen=True)
class SegmentScores:
    """Sentence scores of one segment before and after post-editing: metric key → value."""

    id: str
    before: dict[str, float]
    after: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "before": self.before, "after": self.after}


@dataclass
class DocumentScores:
    """Before/after scores of one document. ``before``/``after`` map metric keys (``bleu``,
    ``chrf``, ``chrf++``, ``ter``) to corpus scores and are empty without a reference;
    ``terms_*`` are ``None`` without a glossary; ``per_segment`` is filled on request."""

    segments: int
    changed: int
    metrics: list[str]
    before: dict[str, Score] = field(default_factory=dict)
    after: dict[str, Score] = field(default_factory=dict)
    effort: EditEffort | None = None
    terms_before: TermAccuracy | None = None
    terms_after: TermAccuracy | None = None
    per_segment: list[SegmentScores] = field(default_factory=list)

    @property
    def has_reference(self) -> bool:
        return bool(self.before)

    def delta(self, metric: str) -> float:
        """After minus before for ``metric`` (lower is better for TER)."""
        return self.after[metric].value - self.before[metric].value

    def to_dict(self, *, segments: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = materialize(self.to_json(segments=segments))
        return data

    def to_json(self, *, segments: bool = True) -> dict[str, Any]:
        """:meth:`to_dict` with the per-segment lists :class:`~mt.json_stream.Lazy`."""
        data: dict[str, Any] = {
            "segments": self.segments,
            "changed_segments": self.changed,
            "metrics": {
                key: {
                    "before": self.before[key].to_dict(),
                    "after": self.after[key].to_dict(),
                    "delta": self.delta(key),
                }
                for key in self.before
            },
            "signatures": {self.before[k].metric: self.before[k].signature for k in self.before},
            "effort": self.effort.to_json(segments=segments) if self.effort else None,
            "terms": None,
        }
        if self.terms_before is not None and self.terms_after is not None:
            data["terms"] = {
                "before": self.terms_before.to_json(segments=segments),
                "after": self.terms_after.to_json(segments=segments),
            }
        if segments and self.per_segment:
            data["per_segment"] = Lazy(s.to_dict() for s in self.per_segment)
        return data


def score_document(
    doc: Document,
    metrics: str | Iterable[str | Metric] = DEFAULT_METRICS,
    glossary: Glossary | None = None,
    *,
    sentence: bool = False,
    width: int = DEFAULT_WIDTH,
    workers: int | None = None,
    ref_stats: Future[tuple[list[Stats], list[Stats]]] | None = None,
    post_edits: list[str] | None = None,
) -> DocumentScores:
    """Score ``doc``'s MT and post-edit (its accepted edits applied).

    Against the reference, where the document has one (every segment must then have one, else
    :class:`~mt.errors.AlignmentError`): corpus ``metrics`` before and after, and with
    ``sentence`` also per-segment scores. With a ``glossary``: term accuracy before and after
    (the document needs its source text, else :class:`~mt.errors.UsageError`). Always: the
    edit effort from MT to post-edit. ``workers``: processes for the statistics.
    ``ref_stats``: those statistics against the reference for ``metrics``, already under way
    (:func:`start_reference_stats`; per segment, with ``sentence``). ``post_edits``: the
    segments' post-edits, where the caller has them (made once, not per score)."""
    path = doc.meta.get("path")
    if not len(doc):
        raise InputError("nothing to score: the document has no segments", path=path)
    missing = [s.id for s in doc if s.reference is None]
    if doc.has_reference and missing:
        raise AlignmentError(
            f"segment {missing[0]} has no reference ({len(missing)} of {len(doc)} lack one)",
            path=path,
        )
    if glossary is not None and not doc.has_source:
        raise UsageError("term accuracy needs the source text; give the source file", path=path)
    chosen = get_metrics(metrics, width=width, workers=workers)
    mts = [s.mt for s in doc]
    pes = post_edits if post_edits is not None else [s.post_edit for s in doc]
    result = DocumentScores(
        segments=len(doc),
        changed=sum(1 for m, p in zip(mts, pes, strict=True) if m != p),
        metrics=[m.key for m in chosen],
        effort=edit_effort(mts, pes, ids=[s.id for s in doc], workers=workers),
    )
    if doc.has_reference:
        refs = [s.reference or "" for s in doc]
        before, after = (ref_stats.result() if ref_stats is not None
                         else _before_after(chosen, mts, pes, refs, workers=workers,
                                            totals=not sentence))
        result.before = {m.key: m.from_stats(s) for m, s in zip(chosen, before, strict=True)}
        result.after = {m.key: m.from_stats(s) for m, s in zip(chosen, after, strict=True)}
        if sentence:
            # A segment's statistics are the same for its own score (BLEU's effective order
            # changes only the score computed from them): no second pass.
            per_before = {m.key: m.scores_from_stats(s) for m, s in zip(chosen, before,
                                                                        strict=True)}
            per_after = {m.key: m.scores_from_stats(s) for m, s in zip(chosen, after,
                                                                       strict=True)}
            result.per_segment = [
                SegmentScores(
                    seg.id,
                    {k: v[i].value for k, v in per_before.items()},
                    {k: v[i].value for k, v in per_after.items()},
                )
                for i, seg in enumerate(doc)
            ]
    if glossary is not None:
        sources, ids = [s.source for s in doc], [s.id for s in doc]
        result.terms_before = term_accuracy(mts, sources, glossary, ids=ids)
        result.terms_after = term_accuracy(pes, sources, glossary, ids=ids)
    return result


def _before_after(
    chosen: list[Metric], mts: list[str], pes: list[str], refs: list[str], *,
    workers: int | None, totals: bool = False,
) -> tuple[list[Stats], list[Stats]]:
    """Per-segment statistics of every metric for the MT and for the post-edit against the
    references. The document is scored once: a segment the post-edit leaves as it was keeps
    its MT statistics, so only the changed segments are scored again (in the same pool).
    With ``totals``, each side's statistics come back summed, as a single row (what a corpus
    score needs: the same score, without a row per segment held)."""
    from mt.scoring.parallel import metric_stats, sum_rows

    changed = [i for i, (m, p) in enumerate(zip(mts, pes, strict=True)) if m != p]
    if totals:
        kept = [i for i, (m, p) in enumerate(zip(mts, pes, strict=True)) if m == p]
        parts = [(kept, mts), (changed, mts), (changed, pes)]
        jobs = [replace(m.job([hyps[i] for i in rows], [refs[i] for i in rows]), total=True)
                for rows, hyps in parts if rows for m in chosen]
        sums = iter(metric_stats(jobs, workers=workers))
        same, old, new = ([next(sums) if rows else [] for _ in chosen] for rows, _ in parts)
        return ([[sum_rows(same[k] + old[k])] for k in range(len(chosen))],
                [[sum_rows(same[k] + new[k])] for k in range(len(chosen))])
    jobs = [m.job(mts, refs) for m in chosen]
    if changed:
        hyps, sub = [pes[i] for i in changed], [refs[i] for i in changed]
        jobs += [m.job(hyps, sub) for m in chosen]
    stats = metric_stats(jobs, workers=workers)
    before = stats[: len(chosen)]
    after = []
    for k in range(len(chosen)):
        spliced = list(before[k])
        for j, i in enumerate(changed):
            spliced[i] = stats[len(chosen) + k][j]
        after.append(spliced)
    return before, after


def start_reference_stats(
    doc: Document, metrics: str | Iterable[str | Metric] = DEFAULT_METRICS, *,
    workers: int | None = None, totals: bool = False, post_edits: list[str] | None = None,
) -> Future[tuple[list[Stats], list[Stats]]] | None:
    """Start computing the statistics of the MT and of the post-edit (as it stands: its edits
    accepted, or ``post_edits`` where given) against the reference in the background, for
    :func:`score_document`'s ``ref_stats`` (``totals``: summed, enough without ``sentence``);
    ``None`` where the document is not fully referenced (score_document then says why)."""
    if not len(doc) or any(s.reference is None for s in doc):
        return None
    chosen = get_metrics(metrics, workers=workers)
    pes = post_edits if post_edits is not None else [s.post_edit for s in doc]
    texts = [s.mt for s in doc], pes, [s.reference or "" for s in doc]
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mt-scores")
    future = pool.submit(_before_after, chosen, *texts, workers=workers, totals=totals)
    pool.shutdown(wait=False)
    return future
