"""The finished work `mt glossary learn` reads: MT files paired with their post-edits, and
review sessions with their journals, each as a list of :class:`~mt.glossary.learn.SegmentPair`.

- ``X.mt.en`` with ``X.pe.en`` beside it (``X.ref.en`` with ``post_edits="ref"``: a
  professional reference standing in for the post-edit), and the source ``X.ar`` when it is there;
- ``X.mt.json`` (a review session): each segment's MT against its accepted edits, with the
  unsaved operations of its journal ``X.mt-journal.jsonl`` replayed on top;
- a journal alone: replayed over the session or document it belongs to.

In a folder, a document reviewed there (``X.mt.en`` beside ``X.mt.en.mt.json``) is read
from its session only, so its work is not counted twice.

A folder is read file by file in name order. An MT file without its post-edit is a problem
reported for that file (the others are read); a file that cannot be read is an error naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mt.document import Document
from mt.errors import MTError, UsageError
from mt.formats import read_document
from mt.formats.pairing import source_beside
from mt.formats.session import edit_from_json
from mt.glossary.learn import SegmentPair
from mt.pipeline.batch import MT_TEXT
from mt.pipeline.review.journal import read_journal, unsaved_records
from mt.pipeline.review.paths import JOURNAL_SUFFIX, SESSION_SUFFIX, review_paths
from mt.pipeline.review.state import text_hash

#: Where the post-edits come from: ``X.pe.<lang>``, or the references ``X.ref.<lang>``.
POST_EDIT_INFIXES = {"pe": "pe", "ref": "ref"}


@dataclass
class Collected:
    """The documents read (one list of segment pairs each), the files behind them, and the
    problems found (an MT file without post-edit), one line per file."""

    documents: list[list[SegmentPair]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def collect(paths: list[Path], post_edits: str = "pe", text_mode: str = "auto") -> Collected:
    """Read the finished work in ``paths`` (folders and files); a usage error where a path
    does not exist or nothing could be paired."""
    if post_edits not in POST_EDIT_INFIXES:
        raise UsageError(f"--post-edits-from {post_edits!r}: use pe or ref")
    found = Collected()
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file())
            names = {p.name for p in files}
            for file in files:
                if _journal_of_present(file, names) or file.name + SESSION_SUFFIX in names:
                    continue
                if _wanted(file):
                    _read_one(file, post_edits, text_mode, found)
        elif path.is_file():
            _read_one(path, post_edits, text_mode, found)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not found.documents:
        where = ", ".join(str(p) for p in paths)
        hint = "; --post-edits-from ref takes X.ref.en" if post_edits == "pe" else ""
        raise UsageError(
            f"{where}: no finished work found (X.mt.en with X.{POST_EDIT_INFIXES[post_edits]}.en"
            f" beside it, or a review session X.mt.json){hint}"
        )
    return found


def _wanted(path: Path) -> bool:
    name = path.name
    return bool(MT_TEXT.match(name)) or name.endswith((SESSION_SUFFIX, JOURNAL_SUFFIX))


def _journal_of_present(path: Path, names: set[str]) -> bool:
    """A journal whose session file is in the same folder (read with it). So is a document
    with its session there: the session holds the review's latest state."""
    if not path.name.endswith(JOURNAL_SUFFIX):
        return False
    return path.name[: -len(JOURNAL_SUFFIX)] + SESSION_SUFFIX in names


def _read_one(path: Path, post_edits: str, text_mode: str, found: Collected) -> None:
    name = path.name
    if name.endswith(JOURNAL_SUFFIX):
        base = path.with_name(name[: -len(JOURNAL_SUFFIX)])
        session = base.with_name(base.name + SESSION_SUFFIX)
        document = session if session.is_file() else base
        if not document.is_file():
            found.problems.append(
                f"{path}: no session {session.name} or document {base.name} "
                "beside this journal; skipped"
            )
            return
        _add_review(document, path, found)
        return
    if name.endswith(SESSION_SUFFIX):
        _add_review(path, review_paths(path).journal, found)
        return
    match = MT_TEXT.match(name)
    if not match:
        found.problems.append(f"{path}: not an MT file (X.mt.en) or a review session; skipped")
        return
    infix = POST_EDIT_INFIXES[post_edits]
    pe = path.with_name(f"{match['stem']}.{infix}.{match['lang']}")
    if not pe.is_file():
        hint = "" if post_edits == "ref" else " (--post-edits-from ref reads the reference)"
        found.problems.append(f"{path}: no post-edit {pe.name} beside it{hint}; skipped")
        return
    doc = read_document(
        path, source=source_beside(path, None), reference=pe, options={"mode": text_mode}
    )
    stem = match["stem"]
    found.documents.append(
        [SegmentPair(stem, s.id, s.mt, s.reference or "", s.source) for s in doc]
    )
    found.files.append(path)


def _add_review(document: Path, journal: Path, found: Collected) -> None:
    """A review session (or a document with its journal), with the journal's unsaved
    operations replayed: each segment takes its last journaled edits."""
    doc = read_document(document)
    _replay(doc, journal)
    name = document.name.removesuffix(SESSION_SUFFIX)
    found.documents.append([SegmentPair(name, s.id, s.mt, s.post_edit, s.source) for s in doc])
    found.files.append(document)


def _replay(doc: Document, journal: Path) -> None:
    records, _ = read_journal(journal)
    by_id = {s.id: s for s in doc}
    for op in unsaved_records(records):
        for state in op["segments"]:
            segment = by_id.get(str(state.get("id")))
            if segment is None or state.get("mt") != text_hash(segment.mt):
                continue
            try:
                segment.edits = [edit_from_json(e) for e in state.get("edits", [])]
            except (MTError, KeyError, TypeError, ValueError):
                continue  # a record recovery would skip too
