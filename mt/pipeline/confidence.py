"""Model confidence over a document: each segment's MT scored against its source with a neural
engine, a ``low-confidence`` issue per doubtful word, and the segment's mean log-probability in
``segment.meta["confidence"]``."""

from __future__ import annotations

from mt.document import Document, Segment, Severity
from mt.engines.base import Engine
from mt.engines.confidence import DEFAULT_THRESHOLD, confidence_issues


def annotate_confidence(
    doc: Document,
    engine: Engine,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    severity: Severity = Severity.INFO,
    segments: list[Segment] | None = None,
) -> dict[str, float]:
    """Score each segment's MT against its source; add ``low-confidence`` issues.

    Earlier ``low-confidence`` issues of those segments are replaced. Returns segment id →
    mean log-probability (also stored in ``segment.meta["confidence"]``).
    """
    chosen = [s for s in (segments if segments is not None else doc.segments)
              if s.source and s.source.strip() and s.mt and s.mt.strip()]  # fmt: skip
    scored = engine.score([s.source or "" for s in chosen], [s.mt for s in chosen])
    means: dict[str, float] = {}
    for seg, sc in zip(chosen, scored, strict=True):
        seg.issues = [i for i in seg.issues if i.check != "low-confidence"]
        seg.issues += confidence_issues(sc, threshold, severity)
        means[seg.id] = seg.meta["confidence"] = round(sc.mean_logprob, 4)
    return means


__all__ = ["annotate_confidence"]
