"""Saving a review and resuming a saved one: a snapshot of the document written (atomically) from
any thread (:func:`write_snapshot`), a saved session carried into a document read again
(:func:`resume_saved`), a new glossary entry appended to its file (:func:`save_glossary_entry`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mt.document import Document
from mt.errors import MTError
from mt.formats import read_document, write_document
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.pipeline.review.paths import ReviewPaths
from mt.pipeline.review.state import REVIEW_KEY, ReviewError, is_reviewed


@dataclass(frozen=True)
class SaveResult:
    session: Path
    output: Path | None
    output_format: str | None
    segments: int
    seq: int


@dataclass(frozen=True)
class Snapshot:
    """A copy of the document taken on the session's thread, safe to write from another."""

    document: Document
    seq: int


def write_snapshot(snapshot: Snapshot, paths: ReviewPaths) -> SaveResult:
    """Write the session file and the output (each atomically); safe in a worker thread."""
    doc = snapshot.document
    write_document(doc, paths.session, fmt="session")
    fmt = None
    if paths.output is not None:
        fmt = write_document(doc, paths.output)
    return SaveResult(paths.session, paths.output, fmt, len(doc), snapshot.seq)


def save_glossary_entry(path: Path | None, entry: GlossaryEntry) -> tuple[Glossary, GlossaryEntry]:
    """Append ``entry`` to the glossary file ``path`` atomically and read the file back; safe in
    a worker thread. Returns the new glossary and the entry with its id."""
    from mt.glossary.files import add_entry, load_glossary

    if path is None:
        raise ReviewError("no glossary file: start mt review with --glossary FILE to add terms")
    if not entry.target.strip():
        raise ReviewError("the preferred term is empty")
    added = add_entry(path, entry)
    return load_glossary(path), added


def resume_saved(doc: Document, session: Path) -> str:
    """Carry the edits, issues and marks of a saved session into ``doc`` when the MT matches."""
    try:
        saved = read_document(session, fmt="session")
    except (MTError, OSError) as exc:
        return f"saved session not resumed: {exc}"
    if len(saved) != len(doc) or any(a.mt != b.mt for a, b in zip(saved, doc, strict=True)):
        return (f"saved session {session.name} is for a different MT text: not resumed "
                "(saving will replace it)")
    for seg, old in zip(doc, saved, strict=True):
        seg.edits = old.edits
        seg.issues = old.issues
        if REVIEW_KEY in old.meta:
            seg.meta[REVIEW_KEY] = old.meta[REVIEW_KEY]
    reviewed = sum(1 for s in doc if is_reviewed(s))
    return f"resumed saved session {session.name} ({reviewed} of {len(doc)} reviewed)"
