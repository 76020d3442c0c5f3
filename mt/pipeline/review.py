"""The review session behind `mt review`: a document, its glossary, the translator's decisions,
undo/redo, a crash journal, saving and recovery.

The terminal UI only renders a :class:`ReviewSession` and calls its methods; it never edits the
document itself. Every decision (accept, reject, an edit typed by hand, a new glossary entry, a
segment confirmed) is one *operation*:

- it changes one or more segments and is pushed on the undo stack as the segments' states before
  and after (their edits with statuses, and the "reviewed" mark);
- it is appended to a JSON-lines journal beside the document *before the call returns*, flushed
  and fsynced, so killing the process loses at most the operation in flight. A journal record
  holds the full new state of each segment it touches (not the operation), so replaying it needs
  neither the glossary nor the order of operations to be reproducible.

Files (``FILE`` is the document reviewed)::

    FILE.mt.json            the saved session: edits with status, QA issues, reviewed marks
    FILE.mt-journal.jsonl   the journal of what happened since the last save (removed on save)
    OUT                     the post-edited document (``-o``; by default FILE with .mt. → .pe.)

Opening a document whose session file exists resumes that session (when its MT text is the
same). A journal left behind by a crash is offered for recovery: :attr:`ReviewSession.recovery`
describes it, :meth:`ReviewSession.recover` replays it, :meth:`ReviewSession.discard_recovery`
drops it. Saving writes the session file and the output each to a temporary file renamed over
the target (:func:`mt.formats.write_document`).

Threading: a session is used from one thread. The slow parts are split so that a UI can run them
in a worker: :meth:`ReviewSession.snapshot` (fast, on the UI thread) → :func:`write_snapshot`
(file I/O, any thread) → :meth:`ReviewSession.mark_saved` (UI thread); likewise
:meth:`ReviewSession.score_inputs` → :meth:`ScoreBoard.document`, and :func:`run_document_qa`
on a snapshot → :meth:`ReviewSession.apply_qa`.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from mt.document import (
    Document,
    Edit,
    EditStatus,
    Issue,
    Origin,
    Segment,
    Severity,
    apply_edits,
)
from mt.errors import EditError, MTError
from mt.fileio import append_json_lines
from mt.formats import read_document, write_document
from mt.formats.session import edit_from_json, edit_to_json
from mt.glossary.entry import Glossary, GlossaryEntry, default_require_source
from mt.text.diff import ChunkKind, word_diff

JOURNAL_VERSION = 1
SESSION_SUFFIX = ".mt.json"
JOURNAL_SUFFIX = ".mt-journal.jsonl"
#: ``segment.meta[REVIEW_KEY]`` holds the translator's marks on a segment (``{"reviewed": true}``).
REVIEW_KEY = "review"
HUMAN_REASON = "edited by hand"


class ReviewError(MTError):
    """A review action that cannot be done (nothing to undo, no model, a conflicting edit)."""


class SegmentStatus(StrEnum):
    """Where a segment stands, most urgent first: QA errors, open proposals, reviewed, untouched."""

    QA_ERRORS = "qa-errors"
    PROPOSALS = "proposals"
    REVIEWED = "reviewed"
    UNTOUCHED = "untouched"


# --------------------------------------------------------------------------------------------
# Paths


@dataclass(frozen=True)
class ReviewPaths:
    """Where a review reads and writes. ``output`` is ``None`` when only the session is saved."""

    document: Path
    session: Path
    journal: Path
    output: Path | None = None
    glossary: Path | None = None


def default_output(path: str | Path) -> Path:
    """The post-edit's default name: ``news.mt.en`` → ``news.pe.en``, ``news.en`` →
    ``news.pe.en``, ``story.xlf`` → ``story.pe.xlf``."""
    p = Path(path)
    name = p.name
    if ".mt." in name:
        head, _, tail = name.rpartition(".mt.")
        return p.with_name(f"{head}.pe.{tail}")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return p.with_name(f"{name}.pe")
    return p.with_name(f"{stem}.pe.{ext}")


def is_session_file(path: str | Path) -> bool:
    return Path(path).name.lower().endswith(SESSION_SUFFIX)


def review_paths(
    document: str | Path,
    *,
    output: str | Path | None = None,
    glossary: str | Path | None = None,
    origin: str | Path | None = None,
) -> ReviewPaths:
    """The files a review of ``document`` uses.

    A session file (``.mt.json``) is its own session; any other document's session is
    ``document + ".mt.json"``. The default output is derived from ``origin`` (the file a session
    was made from) or from the document; a session without an origin has no default output."""
    doc = Path(document)
    if is_session_file(doc):
        session = doc
        journal = doc.with_name(doc.name[: -len(SESSION_SUFFIX)] + JOURNAL_SUFFIX)
        base = Path(origin) if origin else None
    else:
        session = doc.with_name(doc.name + SESSION_SUFFIX)
        journal = doc.with_name(doc.name + JOURNAL_SUFFIX)
        base = doc
    out = Path(output) if output is not None else (default_output(base) if base else None)
    if out is not None and base is not None and is_session_file(doc) and not output:
        out = doc.parent / out.name  # beside the session, not wherever the origin was
    return ReviewPaths(doc, session, journal, out, Path(glossary) if glossary else None)


# --------------------------------------------------------------------------------------------
# Segment states, edits as JSON


@dataclass(frozen=True)
class SegmentState:
    """What an operation changes in a segment: its edits (copies) and the reviewed mark."""

    edits: tuple[Edit, ...]
    reviewed: bool

    @classmethod
    def of(cls, segment: Segment) -> SegmentState:
        return cls(tuple(replace(e) for e in segment.edits), is_reviewed(segment))

    def apply_to(self, segment: Segment) -> None:
        segment.edits = [replace(e) for e in self.edits]
        set_reviewed(segment, self.reviewed)


def is_reviewed(segment: Segment) -> bool:
    marks = segment.meta.get(REVIEW_KEY)
    return isinstance(marks, dict) and bool(marks.get("reviewed"))


def set_reviewed(segment: Segment, value: bool) -> None:
    marks = segment.meta.get(REVIEW_KEY)
    marks = dict(marks) if isinstance(marks, dict) else {}
    if value:
        marks["reviewed"] = True
    else:
        marks.pop("reviewed", None)
    if marks:
        segment.meta[REVIEW_KEY] = marks
    else:
        segment.meta.pop(REVIEW_KEY, None)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Hand edits: a new post-edit text expressed as edits of the MT


def _in_region(region: tuple[int, int, Edit], start: int, end: int) -> bool:
    """Whether the change ``[start, end)`` of the post-edit touches an edit's output region.

    Changes that overlap a region always do; hand edits also absorb changes that merely touch
    them, so typing on at the end of a word typed by hand extends that edit."""
    ps, pe, edit = region
    if edit.origin is Origin.HUMAN:
        return ps <= end and start <= pe
    if start == end:
        return ps < start < pe
    if ps == pe:
        return start < ps < end
    return ps < end and start < pe


def edits_for_text(segment: Segment, text: str) -> list[Edit]:
    """A new edit list for ``segment`` whose post-edit is ``text``.

    The difference between the current post-edit and ``text`` is found word by word; each change
    becomes an accepted hand edit of the MT. A change inside the output of an accepted edit merges
    with it: an earlier hand edit is replaced, a glossary or neural one is marked rejected (and
    named in the hand edit's reason). A change that reproduces a proposed edit exactly accepts
    that edit instead. Proposals that overlap a hand edit are rejected. If the result could not
    be expressed that way, one hand edit replaces the whole MT."""
    mt = segment.mt
    edits = [replace(e) for e in segment.edits]
    accepted = sorted((e for e in edits if e.status is EditStatus.ACCEPTED),
                      key=lambda e: (e.start, e.end))
    old = apply_edits(mt, accepted)
    if text == old:
        return edits
    try:
        accepted, old = _adopt_proposals(mt, edits, accepted, old, text)
        result = _rebase(mt, old, text, edits, accepted)
        if apply_edits(mt, [e for e in result if e.status is EditStatus.ACCEPTED]) == text:
            return result
    except EditError:
        pass
    return _whole_segment(mt, text, edits)


def _diff_cost(old: str, new: str) -> tuple[int, list[Any]]:
    changes = [c for c in word_diff(old, new) if c.kind is not ChunkKind.EQUAL]
    return sum(len(c.before) + len(c.after) for c in changes), changes


def _adopt_proposals(mt: str, edits: list[Edit], accepted: list[Edit], old: str, text: str
                     ) -> tuple[list[Edit], str]:
    """Accept the open proposals that ``text`` carries out: those whose replacement stands in
    ``text`` with its surroundings unchanged (no change touches it) and that bring the
    post-edit closer to ``text``. A proposal whose word was moved or rewritten around is left
    to the hand edit."""
    cost, _ = _diff_cost(old, text)
    for e in sorted((e for e in edits if e.status is EditStatus.PROPOSED),
                    key=lambda e: (e.start, e.end)):
        if any(e.overlaps(a) for a in accepted):
            continue
        trial = sorted([*accepted, e], key=lambda x: (x.start, x.end))
        candidate = apply_edits(mt, trial)
        start = e.start + sum(len(a.replacement) - (a.end - a.start)
                              for a in accepted if a.end <= e.start)
        end = start + len(e.replacement)
        new_cost, changes = _diff_cost(candidate, text)
        touched = any(c.old_start <= end and start <= c.old_end for c in changes)
        if new_cost < cost and not touched:
            e.status = EditStatus.ACCEPTED
            accepted, old, cost = trial, candidate, new_cost
    return accepted, old


def _rebase(mt: str, old: str, text: str, edits: list[Edit], accepted: list[Edit]) -> list[Edit]:
    regions: list[tuple[int, int, Edit]] = []
    shift = 0
    for e in accepted:
        ps = e.start + shift
        regions.append((ps, ps + len(e.replacement), e))
        shift += len(e.replacement) - (e.end - e.start)

    def to_mt(p: int) -> int:
        # p never lies strictly inside a region: changes were widened to whole regions.
        out = p
        for _ps, pe, e in regions:
            if pe > p:
                break
            out = e.end + (p - pe)
        return out

    changes = [c for c in word_diff(old, text) if c.kind is not ChunkKind.EQUAL]
    # Group the changes with the regions they touch; groups whose spans meet are merged.
    groups: list[dict[str, Any]] = []
    for c in changes:
        start, end = c.old_start, c.old_end
        absorbed: list[Edit] = []
        grown = True
        while grown:
            grown = False
            for region in regions:
                if any(region[2] is a for a in absorbed):
                    continue
                if _in_region(region, start, end):
                    absorbed.append(region[2])
                    start, end = min(start, region[0]), max(end, region[1])
                    grown = True
        last = groups[-1] if groups else None
        if last is not None and (last["end"] > start or any(
                a is b for a in absorbed for b in last["absorbed"])):
            last["end"] = max(last["end"], end)
            last["changes"].append(c)
            last["absorbed"].extend(
                a for a in absorbed if not any(a is b for b in last["absorbed"]))
        else:
            groups.append({"start": start, "end": end, "changes": [c], "absorbed": absorbed})
    result = edits
    new_edits: list[Edit] = []
    for g in groups:
        start, end = g["start"], g["end"]
        parts, cursor = [], start
        for c in g["changes"]:
            parts.append(old[cursor : c.old_start])
            parts.append(c.after)
            cursor = c.old_end
        parts.append(old[cursor:end])
        replacement = "".join(parts)
        m_start, m_end = to_mt(start), to_mt(end)
        if m_start > m_end:
            raise EditError("hand edit maps to an inverted span")
        over = [a for a in g["absorbed"] if a.origin is not Origin.HUMAN]
        for a in g["absorbed"]:
            if a.origin is Origin.HUMAN:
                result = [e for e in result if e is not a]
            else:
                a.status = EditStatus.REJECTED
        if replacement == mt[m_start:m_end]:
            continue
        reuse = next(
            (e for e in result
             if e.status is not EditStatus.ACCEPTED and e.span == (m_start, m_end)
             and e.replacement == replacement),
            None,
        )
        if reuse is not None:
            reuse.status = EditStatus.ACCEPTED
            continue
        reason = HUMAN_REASON
        if over:
            reason += " (over " + ", ".join(a.describe() for a in over) + ")"
        new_edits.append(Edit(m_start, m_end, replacement, origin=Origin.HUMAN,
                              status=EditStatus.ACCEPTED, original=mt[m_start:m_end],
                              reason=reason))
    for e in result:
        if e.status is EditStatus.PROPOSED and any(e.overlaps(n) for n in new_edits):
            e.status = EditStatus.REJECTED
    return result + new_edits


def _whole_segment(mt: str, text: str, edits: list[Edit]) -> list[Edit]:
    result = [e for e in edits if not (e.origin is Origin.HUMAN
                                       and e.status is EditStatus.ACCEPTED)]
    for e in result:
        if e.status is not EditStatus.REJECTED:
            e.status = EditStatus.REJECTED
    if text != mt:
        result.append(Edit(0, len(mt), text, origin=Origin.HUMAN, status=EditStatus.ACCEPTED,
                           original=mt, reason=HUMAN_REASON + " (whole segment)"))
    return result


# --------------------------------------------------------------------------------------------
# Journal


@dataclass(frozen=True)
class Recovery:
    """An unclean journal found when opening: what it holds."""

    journal: Path
    started: float
    last: float
    operations: int
    segments: int
    records: tuple[dict[str, Any], ...] = field(repr=False, default=())

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.last))
        ops = "change" if self.operations == 1 else "changes"
        segs = "segment" if self.segments == 1 else "segments"
        return (f"{self.operations} unsaved {ops} to {self.segments} {segs}, "
                f"last at {when}")


class Journal:
    """An append-only JSON-lines file; every record is flushed and fsynced before returning."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path = path
        self.header = header
        self._handle: Any = None
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        with self._lock:
            if self._handle is None:
                fresh = not self.path.exists() or self.path.stat().st_size == 0
                self._handle = open(self.path, "ab")  # noqa: SIM115
                if fresh:
                    self._write({**self.header, "t": "open", "time": time.time()})
                    _fsync_dir(self.path.parent)
            self._write(record)

    def _write(self, record: dict[str, Any]) -> None:
        append_json_lines(self._handle, [record])

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._handle.close()
                self._handle = None

    def remove(self) -> None:
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    @staticmethod
    def read(path: Path) -> list[dict[str, Any]]:
        """The records of a journal; a torn last line (a crash mid-write) is ignored."""
        records = []
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                records.append(obj)
        return records


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unsaved_records(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The operation records written after the last save."""
    last_save = -1
    for record in records:
        if record.get("t") == "save":
            last_save = int(record.get("seq", -1))
    return [r for r in records if r.get("t") == "op" and int(r.get("seq", 0)) > last_save]


# --------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class SegmentScores:
    """Scores of one segment: chrF of the MT and of the post-edit against the reference (``None``
    without one), and HTER, the post-edit's TER against the MT (0-100, lower is less work)."""

    chrf_mt: float | None
    chrf_pe: float | None
    hter: float


@dataclass(frozen=True)
class DocumentScores:
    """Corpus scores of the document (same meaning as :class:`SegmentScores`)."""

    chrf_mt: float | None
    chrf_pe: float | None
    hter: float


class ScoreBoard:
    """Cached sacrebleu statistics per text, so document scores after a change cost one segment.

    chrF (chrF2) and TER come from :mod:`mt.scoring.metrics`; HTER is TER with the post-edit as
    the reference. An unchanged segment's TER statistics are ``[0, words]`` without a search.
    Safe to call from a worker thread with texts taken by :meth:`ReviewSession.score_inputs`."""

    def __init__(self) -> None:
        from mt.scoring.metrics import TER, ChrF

        self._chrf = ChrF()
        self._ter = TER(workers=1)
        self._chrf_cache: dict[tuple[str, str], list[float]] = {}
        self._ter_cache: dict[tuple[str, str], list[float]] = {}

    def chrf_stats(self, hyp: str, ref: str) -> list[float]:
        key = (hyp, ref)
        found = self._chrf_cache.get(key)
        if found is None:
            found = self._chrf_cache[key] = list(self._chrf.stats([hyp], [ref])[0])
        return found

    def ter_stats(self, hyp: str, ref: str) -> list[float]:
        if hyp == ref:
            return [0.0, float(len(ref.rstrip().lower().split()))]
        key = (hyp, ref)
        found = self._ter_cache.get(key)
        if found is None:
            found = self._ter_cache[key] = list(self._ter.stats([hyp], [ref])[0])
        return found

    def segment(self, mt: str, post_edit: str, reference: str | None) -> SegmentScores:
        chrf_mt = chrf_pe = None
        if reference is not None:
            chrf_mt = self._chrf.from_stats([self.chrf_stats(mt, reference)]).value
            chrf_pe = (chrf_mt if post_edit == mt
                       else self._chrf.from_stats([self.chrf_stats(post_edit, reference)]).value)
        hter = self._ter.from_stats([self.ter_stats(mt, post_edit)]).value
        return SegmentScores(chrf_mt, chrf_pe, hter)

    def document(self, texts: Sequence[tuple[str, str, str | None]],
                 cancelled: Callable[[], bool] | None = None) -> DocumentScores | None:
        """Corpus scores of ``(mt, post_edit, reference)`` triples; ``None`` if ``cancelled()``
        turned true on the way (checked every 50 segments)."""
        if not texts:
            return DocumentScores(None, None, 0.0)
        has_ref = all(r is not None for _, _, r in texts)
        chrf_mt: list[list[float]] = []
        chrf_pe: list[list[float]] = []
        ter: list[list[float]] = []
        for i, (mt, pe, ref) in enumerate(texts):
            if cancelled is not None and i % 50 == 0 and cancelled():
                return None
            if has_ref:
                assert ref is not None
                chrf_mt.append(self.chrf_stats(mt, ref))
                chrf_pe.append(self.chrf_stats(pe, ref))
            ter.append(self.ter_stats(mt, pe))
        return DocumentScores(
            self._chrf.from_stats(chrf_mt).value if has_ref else None,
            self._chrf.from_stats(chrf_pe).value if has_ref else None,
            self._ter.from_stats(ter).value,
        )


# --------------------------------------------------------------------------------------------
# Glossary hits


@dataclass(frozen=True)
class TermHit:
    """A glossary entry seen in a segment.

    ``status``: ``ok`` (the preferred term is there as often as the source asks), ``missing``
    (the source has the term, the post-edit does not), ``partial`` (fewer times than the source),
    ``variant`` (a forbidden variant stands in the post-edit). ``source`` is the source term found
    (``None`` for target-side hits). ``certain`` is false for a variant of an entry that is only
    wrong where the source has its term, in a segment without a source (``state`` may or may
    not be a ``province``)."""

    entry_id: str
    source: str | None
    expected: str
    status: str
    variants: tuple[str, ...] = ()
    count: int = 0
    wanted: int = 0
    note: str = ""
    certain: bool = True
    source_spans: tuple[tuple[int, int], ...] = ()

    @property
    def present(self) -> bool:
        return self.status == "ok"


def segment_term_hits(segment: Segment, glossary: Glossary, text: str | None = None
                      ) -> list[TermHit]:
    """The glossary entries that concern ``segment``'s post-edit (or ``text``): source-side
    expectations where the segment has a source, then target-side hits of other entries."""
    from mt.glossary.expectations import expectations
    from mt.glossary.matcher import FormKind

    checked = segment.post_edit if text is None else text
    hits: list[TermHit] = []
    seen: set[str] = set()
    notes = {e.id: e.note for e in glossary}
    if segment.source:
        for exp in expectations(segment.source, checked, glossary):
            span = exp.source_spans[0]
            hits.append(TermHit(exp.entry_id, segment.source[span[0]:span[1]], exp.target,
                                exp.status, tuple(dict.fromkeys(exp.variants)), exp.found,
                                exp.expected, notes.get(exp.entry_id, ""),
                                source_spans=exp.source_spans))
            seen.add(exp.entry_id)
    by_entry: dict[str, list[Any]] = {}
    for hit in glossary.matcher("target").find(checked):
        if hit.entry_id not in seen:
            by_entry.setdefault(hit.entry_id, []).append(hit)
    for entry_id, found in by_entry.items():
        entry = found[0].entry
        needs_source = default_require_source(entry)
        variants = tuple(dict.fromkeys(h.text for h in found if h.kind is FormKind.VARIANT))
        if variants and needs_source and segment.source:
            variants = ()  # the source lacks the term, so these are not variants here
        count = sum(1 for h in found if h.kind is FormKind.TARGET)
        if not variants and not count:
            continue
        hits.append(TermHit(entry_id, None, entry.preferred, "variant" if variants else "ok",
                            variants, count, 0, notes.get(entry_id, ""),
                            certain=not (variants and needs_source)))
    return hits


# --------------------------------------------------------------------------------------------
# QA


def _segment_checks() -> list[Any]:
    """The QA checks that look at one segment at a time (document-level ones need them all)."""
    from mt.scoring.qa import registered_checks
    from mt.scoring.qa.base import Check

    return [cls() for cls in registered_checks() if cls.run_document is Check.run_document]


def run_document_qa(doc: Document, glossary: Glossary | None) -> dict[str, list[Issue]]:
    """QA of every segment's post-edit: segment id → issues. Run it on a
    :meth:`ReviewSession.snapshot` in a worker, then :meth:`ReviewSession.apply_qa`."""
    from mt.scoring.qa import run_checks

    report = run_checks(doc, glossary, field="post_edit")
    out: dict[str, list[Issue]] = {s.id: [] for s in doc}
    for finding in report.findings:
        out.setdefault(finding.segment_id, []).append(finding.issue)
    return out


# --------------------------------------------------------------------------------------------
# Operations, progress, saving


@dataclass
class Operation:
    """One undoable step: the states of the segments it touched, before and after."""

    kind: str
    label: str
    before: dict[int, SegmentState]
    after: dict[int, SegmentState]
    group: str | None = None


@dataclass(frozen=True)
class Progress:
    total: int
    reviewed: int
    with_proposals: int
    proposals: int
    with_errors: int
    changed: int


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


def copy_document(doc: Document) -> Document:
    return Document(
        [
            Segment(s.id, s.mt, s.source, s.reference, [replace(e) for e in s.edits],
                    [replace(i) for i in s.issues], copy.deepcopy(s.meta))
            for s in doc.segments
        ],
        source_lang=doc.source_lang,
        target_lang=doc.target_lang,
        meta=copy.deepcopy(doc.meta),
    )


def write_snapshot(snapshot: Snapshot, paths: ReviewPaths) -> SaveResult:
    """Write the session file and the output (each atomically); safe in a worker thread."""
    doc = snapshot.document
    write_document(doc, paths.session, fmt="session")
    fmt = None
    if paths.output is not None:
        fmt = write_document(doc, paths.output)
    return SaveResult(paths.session, paths.output, fmt, len(doc), snapshot.seq)


# --------------------------------------------------------------------------------------------
# The session


class ReviewSession:
    """A document under review. Segments are addressed by index, edits by their index in
    ``segment.edits``. Mutating methods journal before they return and may raise
    :class:`ReviewError` (or :class:`~mt.errors.EditError` for a conflicting accept)."""

    def __init__(
        self,
        document: Document,
        paths: ReviewPaths,
        *,
        glossary: Glossary | None = None,
        engine: Any = None,
        notes: Sequence[str] = (),
    ) -> None:
        self.document = document
        self.paths = paths
        self.glossary = glossary
        self.engine = engine
        self.notes: list[str] = list(notes)
        self.scores = ScoreBoard()
        self._engine_lock = threading.Lock()
        self._word_scores: dict[tuple[str, str], list[Any]] = {}
        self._undo: list[Operation] = []
        self._redo: list[Operation] = []
        self._seq = 0
        self._saved_seq = 0
        self._journal = Journal(paths.journal, {
            "format": "mt-review-journal",
            "version": JOURNAL_VERSION,
            "document": str(paths.document),
            "session": str(paths.session),
        })
        self._index = {s.id: i for i, s in enumerate(document.segments)}
        self.recovery: Recovery | None = self._find_recovery()

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        source: str | Path | None = None,
        reference: str | Path | None = None,
        glossary: str | Path | None = None,
        output: str | Path | None = None,
        fmt: str | None = None,
        text_mode: str = "auto",
        resume: bool = True,
        engine: Any = None,
    ) -> ReviewSession:
        """Read ``path`` (and its source/reference), resume its saved session if there is one,
        and propose the glossary's fixes (left for the translator to accept or reject)."""
        from mt.glossary.files import load_glossary
        from mt.pipeline.post_edit import post_edit_document

        doc = read_document(path, source=source, reference=reference, fmt=fmt,
                            options={"mode": text_mode})
        origin = doc.meta.get("origin_path") if doc.meta.get("format") == "session" else None
        paths = review_paths(path, output=output, glossary=glossary, origin=origin)
        notes: list[str] = []
        if resume and paths.session != Path(path) and paths.session.exists():
            notes.append(_resume(doc, paths.session))
        gloss = load_glossary(glossary) if glossary is not None else None
        if gloss is not None:
            result = post_edit_document(doc, gloss, accept=False)
            if result.proposed:
                notes.append(f"glossary: {len(result.proposed)} new proposals")
        return cls(doc, paths, glossary=gloss, engine=engine, notes=[n for n in notes if n])

    # -- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.document)

    def segment(self, index: int) -> Segment:
        return self.document.segments[index]

    def index_of(self, segment_id: str) -> int:
        return self._index[segment_id]

    @property
    def dirty(self) -> bool:
        """Whether there are changes since the last save (or since opening)."""
        return self._seq != self._saved_seq

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def status(self, index: int) -> SegmentStatus:
        seg = self.segment(index)
        if any(i.severity is Severity.ERROR for i in seg.issues):
            return SegmentStatus.QA_ERRORS
        if any(e.status is EditStatus.PROPOSED for e in seg.edits):
            return SegmentStatus.PROPOSALS
        if is_reviewed(seg):
            return SegmentStatus.REVIEWED
        return SegmentStatus.UNTOUCHED

    def review_state(self, index: int) -> SegmentStatus:
        """The status without QA: open proposals, reviewed or untouched."""
        seg = self.segment(index)
        if any(e.status is EditStatus.PROPOSED for e in seg.edits):
            return SegmentStatus.PROPOSALS
        return SegmentStatus.REVIEWED if is_reviewed(seg) else SegmentStatus.UNTOUCHED

    def qa_level(self, index: int) -> Severity | None:
        """The worst severity among the segment's QA issues (``None`` without issues)."""
        found = {i.severity for i in self.segment(index).issues}
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if level in found:
                return level
        return None

    def reviewed(self, index: int) -> bool:
        return is_reviewed(self.segment(index))

    def pending(self, index: int) -> list[int]:
        """Indices (in ``segment.edits``) of the proposals still open, in text order."""
        seg = self.segment(index)
        return [k for k in self.edit_order(index) if seg.edits[k].status is EditStatus.PROPOSED]

    def edit_order(self, index: int) -> list[int]:
        """Indices of the segment's edits in the order they appear in the MT."""
        edits = self.segment(index).edits
        return sorted(range(len(edits)), key=lambda k: (edits[k].start, edits[k].end, k))

    def needs_attention(self, index: int) -> bool:
        """Open proposals, QA errors, or QA warnings on a segment not yet reviewed."""
        seg = self.segment(index)
        if any(e.status is EditStatus.PROPOSED for e in seg.edits):
            return True
        if any(i.severity is Severity.ERROR for i in seg.issues):
            return True
        return not is_reviewed(seg) and any(i.severity is Severity.WARNING for i in seg.issues)

    def next_attention(self, index: int, step: int = 1) -> int | None:
        """The next (``step=1``) or previous (``-1``) segment after ``index`` needing attention,
        wrapping around; ``None`` if none does."""
        n = len(self)
        for k in range(1, n + 1):
            i = (index + step * k) % n
            if self.needs_attention(i):
                return i
        return None

    def search(self, query: str, within: Iterable[int] | None = None) -> list[int]:
        """Indices of segments whose id, source, MT or post-edit contains ``query`` (any case)."""
        q = query.casefold()
        indices = range(len(self)) if within is None else within
        out = []
        for i in indices:
            seg = self.segment(i)
            if (q == seg.id.casefold() or q in seg.mt.casefold()
                    or (seg.source is not None and q in seg.source.casefold())
                    or q in seg.post_edit.casefold()):
                out.append(i)
        return out

    def progress(self) -> Progress:
        reviewed = with_props = props = errors = changed = 0
        for seg in self.document:
            open_ = sum(1 for e in seg.edits if e.status is EditStatus.PROPOSED)
            props += open_
            with_props += bool(open_)
            reviewed += is_reviewed(seg)
            errors += any(i.severity is Severity.ERROR for i in seg.issues)
            changed += any(e.status is EditStatus.ACCEPTED for e in seg.edits)
        return Progress(len(self), reviewed, with_props, props, errors, changed)

    def term_hits(self, index: int) -> list[TermHit]:
        if self.glossary is None:
            return []
        return segment_term_hits(self.segment(index), self.glossary)

    def segment_scores(self, index: int) -> SegmentScores:
        seg = self.segment(index)
        return self.scores.segment(seg.mt, seg.post_edit, seg.reference)

    def score_inputs(self) -> list[tuple[str, str, str | None]]:
        """``(mt, post_edit, reference)`` per segment, for :meth:`ScoreBoard.document`."""
        return [(s.mt, s.post_edit, s.reference) for s in self.document]

    # -- operations -----------------------------------------------------------------------

    def accept(self, index: int, edit: int) -> None:
        """Accept edit number ``edit`` of segment ``index``; :class:`EditError` if it overlaps
        an accepted edit. Open proposals it overlaps (a glossary fix inside an accepted
        re-translation) are rejected: they can no longer apply."""
        seg = self.segment(index)
        target = self._edit(seg, edit)

        def change(s: Segment) -> None:
            _accept_superseding(s, s.edits[edit])

        self._apply("accept", f"accept {_short(target)}", [index], change)

    def reject(self, index: int, edit: int) -> None:
        """Reject edit number ``edit`` of segment ``index`` (undoing it if it was accepted)."""
        target = self._edit(self.segment(index), edit)

        def change(s: Segment) -> None:
            s.reject(s.edits[edit])

        self._apply("reject", f"reject {_short(target)}", [index], change)

    def accept_all(self, index: int) -> tuple[int, list[str]]:
        """Accept every open proposal of the segment in text order (re-translations last);
        proposals that overlap an edit accepted before them are rejected, those that overlap an
        earlier accepted edit stay open. Returns (accepted, conflict messages)."""
        done: list[int] = [0]
        conflicts: list[str] = []
        order = self.pending(index)
        if not order:
            raise ReviewError("no open proposals in this segment")

        # Precise fixes first; a re-translation of the whole segment only where none conflicts.
        order.sort(key=lambda k: self.segment(index).edits[k].origin is Origin.NEURAL)

        def change(s: Segment) -> None:
            for k in order:
                e = s.edits[k]
                if e.status is not EditStatus.PROPOSED:
                    continue  # superseded by an edit accepted just before
                try:
                    _accept_superseding(s, e)
                    done[0] += 1
                except EditError as exc:
                    conflicts.append(str(exc))

        self._apply("accept-all", f"accept all in segment {self.segment(index).id}", [index],
                    change)
        return done[0], conflicts

    def reject_all(self, index: int) -> int:
        """Reject every open proposal of the segment; returns how many."""
        order = self.pending(index)
        if not order:
            raise ReviewError("no open proposals in this segment")

        def change(s: Segment) -> None:
            for k in order:
                s.reject(s.edits[k])

        self._apply("reject-all", f"reject all in segment {self.segment(index).id}", [index],
                    change)
        return len(order)

    def set_post_edit(self, index: int, text: str, *, group: str | None = None) -> bool:
        """Make ``text`` the segment's post-edit (a hand edit); returns whether anything changed.

        Consecutive calls with the same ``group`` (the keystrokes of one editing run) are one
        undo step; each call is journaled."""
        seg = self.segment(index)
        if text == seg.post_edit:
            return False
        base = seg
        top = self._undo[-1] if self._undo else None
        if (group is not None and top is not None and top.group == group and not self._redo
                and index in top.before):
            # Within one editing run, start from the state before the run, so the edits
            # depend on the text typed, not on the order of the keystrokes.
            base = Segment(seg.id, seg.mt, seg.source, seg.reference,
                           [replace(e) for e in top.before[index].edits])
        new = edits_for_text(base, text)

        def change(s: Segment) -> None:
            s.edits = new

        self._apply("edit", f"edit segment {seg.id}", [index], change, group=group,
                    review=True)
        return True

    def mark_reviewed(self, index: int, value: bool | None = None) -> bool:
        """Mark (or with ``value=False`` unmark; ``None`` toggles) the segment as reviewed;
        refuses while it has open proposals. Returns the new mark."""
        seg = self.segment(index)
        new = (not is_reviewed(seg)) if value is None else value
        if new and self.pending(index):
            n = len(self.pending(index))
            raise ReviewError(f"{n} proposal{'s' if n > 1 else ''} still open in segment "
                              f"{seg.id}: accept or reject first")
        if new == is_reviewed(seg):
            return new

        def change(s: Segment) -> None:
            set_reviewed(s, new)

        self._apply("review", ("confirm" if new else "unconfirm") + f" segment {seg.id}",
                    [index], change, review=False)
        return new

    def apply_glossary(self, glossary: Glossary, entry_id: str | None = None) -> list[int]:
        """Use ``glossary`` from now on and propose its fixes (only ``entry_id``'s, if given)
        wherever they are new; one undoable operation. Returns the segments that got
        proposals."""
        from mt.glossary.fixer import fix_segment

        self.glossary = glossary
        only = Glossary([glossary.get(entry_id)]) if entry_id is not None else glossary
        probe = [i for i, s in enumerate(self.document) if _would_fix(s, only)]
        if not probe:
            return []
        touched: list[int] = []

        def change_for(i: int) -> Callable[[Segment], None]:
            def change(s: Segment) -> None:
                if fix_segment(s, only):
                    touched.append(i)
                    set_reviewed(s, False)
            return change

        self._apply_many("glossary", f"glossary entry {entry_id or ''}".strip(),
                         {i: change_for(i) for i in probe})
        return touched

    def add_glossary_entry(self, entry: GlossaryEntry) -> tuple[GlossaryEntry, list[int]]:
        """Append ``entry`` to the glossary file (atomically) and propose its fixes; returns
        the entry (with its id) and the segments that got proposals. The UI runs
        :func:`save_glossary_entry` in a worker and then :meth:`apply_glossary`."""
        glossary, added = save_glossary_entry(self.paths.glossary, entry)
        return added, self.apply_glossary(glossary, added.id)

    def translate_segment(self, index: int) -> Any:
        """The model's translation of the segment's source with the glossary's terms forced
        (a :class:`~mt.engines.Translation`). Only reads the segment: safe in a worker thread;
        hand the result to :meth:`propose_translation` on the session's thread."""
        seg = self.segment(index)
        if self.engine is None:
            raise ReviewError("no model given: start mt review with --model MODEL to "
                              "re-translate segments")
        if not seg.source or not seg.source.strip():
            raise ReviewError(f"segment {seg.id} has no source text to translate "
                              "(give the source with --source)")
        with self._engine_lock:
            return self.engine.translate([seg.source], glossary=self.glossary)[0]

    def propose_translation(self, index: int, translation: Any) -> int | None:
        """Propose ``translation`` (from :meth:`translate_segment`) as one neural edit over the
        whole MT, replacing an earlier open neural proposal; one undoable operation. Returns
        the new edit's index, or ``None`` when the model gives the current post-edit."""
        seg = self.segment(index)
        text = translation.text
        if text == seg.post_edit:
            return None
        missing = [c.term for c in translation.unmet]
        reason = "re-translated with the glossary's terms forced"
        if missing:
            reason += "; could not force " + ", ".join(missing)
        if translation.forbidden_found:
            reason += "; still has " + ", ".join(translation.forbidden_found)

        def change(s: Segment) -> None:
            s.edits = [e for e in s.edits
                       if not (e.origin is Origin.NEURAL and e.status is EditStatus.PROPOSED)]
            s.propose(0, len(s.mt), text, origin=Origin.NEURAL, reason=reason)

        self._apply("retranslate", f"re-translate segment {seg.id}", [index], change)
        return len(seg.edits) - 1

    def retranslate(self, index: int) -> int | None:
        """:meth:`translate_segment` then :meth:`propose_translation`, in one go."""
        return self.propose_translation(index, self.translate_segment(index))

    def score_words(self, index: int) -> list[Any]:
        """The model's word scores (:class:`~mt.engines.WordScore`) of the segment's post-edit
        given its source, cached by text; safe in a worker thread. ``[]`` without a model or a
        source."""
        seg = self.segment(index)
        text = seg.post_edit
        if self.engine is None or not seg.source or not text.strip():
            return []
        key = (seg.source, text)
        found = self._word_scores.get(key)
        if found is None:
            with self._engine_lock:
                scored = self.engine.score([seg.source], [text])[0]
            found = self._word_scores[key] = list(scored.words)
        return found

    def low_confidence(self, index: int) -> list[Any] | None:
        """The post-edit's words the model finds unlikely (p < 0.1), from the cache that
        :meth:`score_words` fills; ``None`` while not scored yet (or without a model)."""
        from mt.engines.confidence import DEFAULT_THRESHOLD

        seg = self.segment(index)
        if self.engine is None or not seg.source:
            return None
        found = self._word_scores.get((seg.source, seg.post_edit))
        if found is None:
            return None
        return [w for w in found if w.logprob < DEFAULT_THRESHOLD]

    def undo(self) -> list[int]:
        """Undo the last operation; returns the indices of the segments it touched."""
        if not self._undo:
            raise ReviewError("nothing to undo")
        op = self._undo.pop()
        self._restore(op, op.before, "undo")
        self._redo.append(op)
        return sorted(op.before)

    def redo(self) -> list[int]:
        """Redo the last undone operation; returns the indices of the segments it touched."""
        if not self._redo:
            raise ReviewError("nothing to redo")
        op = self._redo.pop()
        self._restore(op, op.after, "redo")
        self._undo.append(op)
        return sorted(op.after)

    def run_qa(self, indices: Iterable[int] | None = None) -> None:
        """Re-run the segment-level QA checks on ``indices`` (all segments for ``None``; use
        :func:`run_document_qa` in a worker for the document-level checks too)."""
        from mt.scoring.qa import run_checks

        chosen = range(len(self)) if indices is None else indices
        checks = _segment_checks()
        for i in chosen:
            seg = self.segment(i)
            sub = Document([seg], source_lang=self.document.source_lang,
                           target_lang=self.document.target_lang)
            run_checks(sub, self.glossary, checks, field="post_edit", attach=True)

    def apply_qa(self, issues: dict[str, list[Issue]], texts: dict[str, str] | None = None
                 ) -> list[int]:
        """Attach the result of :func:`run_document_qa`; segments whose post-edit changed since
        (``texts``: id → post-edit checked) are re-checked here instead. Returns the indices
        whose issues changed."""
        changed: list[int] = []
        stale: list[int] = []
        for seg_id, found in issues.items():
            i = self._index.get(seg_id)
            if i is None:
                continue
            seg = self.segment(i)
            if texts is not None and texts.get(seg_id) != seg.post_edit:
                stale.append(i)
                continue
            if seg.issues != found:
                seg.issues = list(found)
                changed.append(i)
        if stale:
            self.run_qa(stale)
            changed.extend(stale)
        return changed

    # -- saving and recovery --------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return Snapshot(copy_document(self.document), self._seq)

    def mark_saved(self, result: SaveResult) -> None:
        """Record a finished save of the snapshot ``result.seq``: the journal goes when nothing
        happened since, else it records the save."""
        self._saved_seq = result.seq
        if self._seq == result.seq:
            self._journal.remove()
        else:
            self._journal.append({"t": "save", "seq": result.seq, "time": time.time()})

    def save(self) -> SaveResult:
        """Write the session file and the output now, atomically."""
        if self.recovery is not None:
            raise ReviewError("decide about the interrupted session first (recover or discard)")
        result = write_snapshot(self.snapshot(), self.paths)
        self.mark_saved(result)
        return result

    def recover(self) -> int:
        """Replay the unclean journal over the document; returns how many segments changed.

        The recovered state is journaled again at once (so a second crash keeps it) and counts
        as unsaved."""
        rec = self.recovery
        if rec is None:
            raise ReviewError("nothing to recover")
        states: dict[int, SegmentState] = {}
        skipped = 0
        for record in rec.records:
            for raw in record.get("segments", []):
                i = self._index.get(str(raw.get("id")))
                if i is None or raw.get("mt") != text_hash(self.segment(i).mt):
                    skipped += 1
                    continue
                try:
                    edits = tuple(edit_from_json(e) for e in raw.get("edits", []))
                    apply_edits(self.segment(i).mt,
                                [e for e in edits if e.status is EditStatus.ACCEPTED])
                except (MTError, KeyError, TypeError, ValueError):
                    skipped += 1
                    continue
                states[i] = SegmentState(edits, bool(raw.get("reviewed")))
        old = rec.journal.with_name(rec.journal.name + ".old")
        os.replace(rec.journal, old)
        self.recovery = None
        before = {i: SegmentState.of(self.segment(i)) for i in states}
        for i, state in states.items():
            state.apply_to(self.segment(i))
        if states:
            op = Operation("recover", "recover interrupted session", before,
                           {i: SegmentState.of(self.segment(i)) for i in states})
            self._seq += 1
            self._journal_op(op)
            self._undo.append(op)
            self.run_qa(states)
        old.unlink()
        if skipped:
            self.notes.append(f"recovery: {skipped} journal entries did not match the document")
        return len(states)

    def discard_recovery(self) -> None:
        if self.recovery is not None:
            with contextlib.suppress(FileNotFoundError):
                self.recovery.journal.unlink()
            self.recovery = None

    def close(self, *, discard: bool = False) -> None:
        """End the session: the journal stays while there are unsaved changes, unless
        ``discard`` (the translator chose to quit without saving)."""
        if self.recovery is not None:
            self._journal.close()  # an undecided recovery: its journal stays for next time
        elif discard or not self.dirty:
            self._journal.remove()
        else:
            self._journal.close()

    # -- internals ------------------------------------------------------------------------

    def _find_recovery(self) -> Recovery | None:
        path = self.paths.journal
        if not path.exists():
            return None
        records = Journal.read(path)
        ops = unsaved_records(records)
        if not ops:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        ids = {str(s.get("id")) for r in ops for s in r.get("segments", [])}
        times = [float(r.get("time", 0)) for r in records if "time" in r]
        return Recovery(path, min(times, default=0.0), max(times, default=0.0), len(ops),
                        len(ids), tuple(ops))

    def _edit(self, seg: Segment, edit: int) -> Edit:
        if not 0 <= edit < len(seg.edits):
            raise ReviewError(f"segment {seg.id} has no edit {edit}")
        return seg.edits[edit]

    def _apply(self, kind: str, label: str, indices: list[int],
               change: Callable[[Segment], None], *, group: str | None = None,
               review: bool = True) -> None:
        self._apply_many(kind, label, dict.fromkeys(indices, change), group=group,
                         review=review)

    def _apply_many(self, kind: str, label: str,
                    changes: dict[int, Callable[[Segment], None]], *,
                    group: str | None = None, review: bool = False) -> None:
        if self.recovery is not None:
            raise ReviewError("decide about the interrupted session first (recover or discard)")
        before = {i: SegmentState.of(self.segment(i)) for i in changes}
        try:
            for i, change in changes.items():
                seg = self.segment(i)
                change(seg)
                if review:
                    set_reviewed(seg, not any(e.status is EditStatus.PROPOSED
                                              for e in seg.edits))
        except BaseException:
            for i, state in before.items():
                state.apply_to(self.segment(i))
            raise
        after = {i: SegmentState.of(self.segment(i)) for i in changes}
        if after == before:
            return
        op = Operation(kind, label, before, after, group)
        top = self._undo[-1] if self._undo else None
        self._seq += 1
        self._journal_op(op)
        if group is not None and top is not None and top.group == group and not self._redo:
            top.after = after
        else:
            self._undo.append(op)
        self._redo.clear()
        self.run_qa(changes)

    def _restore(self, op: Operation, states: dict[int, SegmentState], how: str) -> None:
        if self.recovery is not None:
            raise ReviewError("decide about the interrupted session first (recover or discard)")
        for i, state in states.items():
            state.apply_to(self.segment(i))
        self._seq += 1
        self._journal_op(Operation(how, f"{how} {op.label}", {}, states))
        self.run_qa(states)

    def _journal_op(self, op: Operation) -> None:
        self._journal.append({
            "t": "op",
            "seq": self._seq,
            "op": op.kind,
            "label": op.label,
            "time": time.time(),
            "segments": [
                {
                    "id": self.segment(i).id,
                    "mt": text_hash(self.segment(i).mt),
                    "edits": [edit_to_json(e) for e in state.edits],
                    "reviewed": state.reviewed,
                }
                for i, state in sorted(op.after.items())
            ],
        })


def _accept_superseding(segment: Segment, edit: Edit) -> None:
    segment.accept(edit)
    for other in segment.edits:
        if other is not edit and other.status is EditStatus.PROPOSED and other.overlaps(edit):
            other.status = EditStatus.REJECTED


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


def _would_fix(segment: Segment, glossary: Glossary) -> bool:
    from mt.glossary.fixer import find_fixes

    return bool(find_fixes(segment.mt, glossary, segment.source))


def _short(edit: Edit) -> str:
    before = edit.original if edit.original is not None else ""
    return f"{before!r} → {edit.replacement!r}"


def _resume(doc: Document, session: Path) -> str:
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


def load_engine(model: str | None, **options: Any) -> Any:
    """The neural engine for ``model`` (a hub id or a local folder); ``None`` without one.
    Imports torch and transformers: call it from the front end, not at import time."""
    if model is None:
        return None
    from mt.engines import load_engine as load

    return load(model, **options)


__all__ = [
    "DocumentScores",
    "Journal",
    "Progress",
    "Recovery",
    "ReviewError",
    "ReviewPaths",
    "ReviewSession",
    "SaveResult",
    "ScoreBoard",
    "SegmentScores",
    "SegmentState",
    "SegmentStatus",
    "Snapshot",
    "TermHit",
    "default_output",
    "edits_for_text",
    "load_engine",
    "review_paths",
    "run_document_qa",
    "save_glossary_entry",
    "segment_term_hits",
    "write_snapshot",
]
