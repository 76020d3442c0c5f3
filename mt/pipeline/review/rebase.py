"""Rebasing a saved review onto a new MT text (:func:`rebase_saved`): the decisions on segments
whose MT is unchanged (same id, same MT text) are kept; segments whose MT changed (or that are
new) start afresh and are marked as needing review (:func:`mt_changed`); the old session file
is copied beside itself first (:func:`backup_session`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from mt.document import Document, Segment
from mt.fileio import atomic_write, read_bytes
from mt.pipeline.review.state import MT_CHANGED, POSITION, REVIEW_KEY


@dataclass(frozen=True)
class Rebased:
    """What a rebase kept: ``kept`` segments with their decisions, ``changed`` segments whose MT
    differs (or is new), ``dropped`` saved segments no longer in the document."""

    kept: int
    changed: int
    dropped: int


def carry_segment(seg: Segment, old: Segment) -> None:
    """Give ``seg`` the edits, QA issues and marks of its saved version ``old``."""
    seg.edits = old.edits
    seg.issues = old.issues
    if REVIEW_KEY in old.meta:
        seg.meta[REVIEW_KEY] = old.meta[REVIEW_KEY]


def rebase_saved(doc: Document, saved: Document) -> Rebased:
    """Carry ``saved``'s decisions into ``doc`` where a segment's id and MT text match; mark the
    others (:data:`MT_CHANGED`). The position last worked on is carried when still there."""
    old_by_id = {s.id: s for s in saved}
    kept = changed = 0
    for seg in doc:
        old = old_by_id.pop(seg.id, None)
        if old is not None and old.mt == seg.mt:
            carry_segment(seg, old)
            kept += 1
            continue
        if old is not None or saved.segments:
            changed += 1
            seg.meta[REVIEW_KEY] = {MT_CHANGED: True}
    carry_position(doc, saved)
    return Rebased(kept, changed, len(old_by_id))


def carry_position(doc: Document, saved: Document) -> None:
    """Keep the saved review's position (a segment id) in ``doc.meta`` if ``doc`` has it."""
    marks = saved.meta.get(REVIEW_KEY)
    where = marks.get(POSITION) if isinstance(marks, dict) else None
    if isinstance(where, str) and any(s.id == where for s in doc):
        doc.meta[REVIEW_KEY] = {POSITION: where}


def backup_session(session: Path) -> Path:
    """Copy the session file to ``FILE.bak`` beside it (``FILE.<time>.bak`` when that exists
    already); returns the copy's path."""
    backup = session.with_name(session.name + ".bak")
    if backup.exists():
        backup = session.with_name(f"{session.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
    atomic_write(backup, read_bytes(session))
    return backup
