"""Saving a review and resuming a saved one: a snapshot of the document written (atomically) from
any thread (:func:`write_snapshot`), a saved session carried into a document read again
(:func:`resume_saved`, rebased where the MT changed), a new glossary entry appended to its file
(:func:`save_glossary_entry`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mt.document import Document
from mt.errors import MTError
from mt.formats import read_document, write_document
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.pipeline.review.deletion import output_document, output_format
from mt.pipeline.review.paths import ReviewPaths
from mt.pipeline.review.rebase import backup_session, rebase_saved
from mt.pipeline.review.state import POSITION, REVIEW_KEY, ReviewError, is_reviewed


@dataclass(frozen=True)
class SaveResult:
    session: Path
    output: Path | None
    output_format: str | None
    segments: int
    seq: int
    time_seq: int = 0  # the session's editing-time count in what was saved


@dataclass(frozen=True)
class Snapshot:
    """A copy of the document taken on the session's thread, safe to write from another."""

    document: Document
    seq: int
    position: str | None = None  # the id of the segment the translator is at
    time_seq: int = 0  # how much editing time the session had credited (a count)


def write_snapshot(snapshot: Snapshot, paths: ReviewPaths, fmt: str | None = None
                   ) -> SaveResult:
    """Write the session file and the output (each atomically, the output in ``fmt`` or the
    format its name implies); safe in a worker thread."""
    doc = snapshot.document
    session_doc = doc
    if snapshot.position is not None:
        session_doc = Document(doc.segments, doc.source_lang, doc.target_lang,
                               {**doc.meta, REVIEW_KEY: {POSITION: snapshot.position}})
    write_document(session_doc, paths.session, fmt="session")
    written = None
    if paths.output is not None:
        written = write_output(doc, paths.output, fmt)
    return SaveResult(paths.session, paths.output, written, len(doc), snapshot.seq,
                      snapshot.time_seq)


def write_output(doc: Document, path: Path, fmt: str | None = None) -> str:
    """Write the post-edited document (deleted paragraphs left out of an article) to ``path``
    atomically, in ``fmt`` or the format its name implies; returns the format."""
    chosen = fmt or output_format(doc, path)
    return write_document(output_document(doc, chosen), path, fmt=chosen)


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


def resume_saved(doc: Document, session: Path, *, backup: bool = True) -> str:
    """Carry the edits, issues and marks of a saved session into ``doc``. Where the MT text
    changed, the session is rebased (:func:`~.rebase.rebase_saved`) after a backup copy
    (none without ``backup``: a read-only review writes nothing)."""
    try:
        saved = read_document(session, fmt="session")
    except (MTError, OSError) as exc:
        return f"saved session not resumed: {exc}"
    same = len(saved) == len(doc) and all(
        a.id == b.id and a.mt == b.mt for a, b in zip(saved, doc, strict=True))
    copy: Path | None = None
    if not same and backup:
        try:
            copy = backup_session(session)
        except (MTError, OSError) as exc:
            return (f"saved session {session.name} is for a different MT text and could not "
                    f"be backed up ({exc}): not resumed")
    result = rebase_saved(doc, saved)
    reviewed = sum(1 for s in doc if is_reviewed(s))
    if same:
        return f"resumed saved session {session.name} ({reviewed} of {len(doc)} confirmed)"
    n = result.changed
    dropped = f", {result.dropped} saved segments no longer there" if result.dropped else ""
    return (f"the MT changed since {session.name} was saved: kept the decisions on "
            f"{result.kept} unchanged segments, {n} segment{'s' if n != 1 else ''} changed "
            f"(marked: need review){dropped}"
            + (f"; the old session is backed up at {copy}" if copy else ""))
