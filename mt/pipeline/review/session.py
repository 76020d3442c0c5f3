"""The review session behind `mt review` (:class:`ReviewSession`): opening a document (resuming
its saved session), saving, recovering an interrupted session from its journal, closing."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mt.document import EditStatus, apply_edits
from mt.errors import MTError
from mt.formats import read_document
from mt.formats.session import edit_from_json
from mt.pipeline.review.effort import effort_seconds, set_effort_seconds
from mt.pipeline.review.journal import JournalError
from mt.pipeline.review.paths import ReviewPaths, review_paths
from mt.pipeline.review.saving import SaveResult, Snapshot, resume_saved, write_snapshot
from mt.pipeline.review.session_model import SessionModel
from mt.pipeline.review.state import Operation, ReviewError, SegmentState, text_hash

if TYPE_CHECKING:
    from mt.engines.base import Engine


class ReviewSession(SessionModel):
    """A document under review. Segments are addressed by index, edits by their index in
    ``segment.edits``. Mutating methods journal before they return and may raise
    :class:`ReviewError` (or :class:`~mt.errors.EditError` for a conflicting accept)."""

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
        engine: Engine | None = None,
        read_only: str | None = None,
    ) -> ReviewSession:
        """Read ``path`` (and its source/reference), resume its saved session if there is one,
        and propose the glossary's fixes (left for the translator to accept or reject).
        With ``read_only`` (the reason, shown to the translator) the session only shows the
        last save: it writes nothing and reads no journal."""
        from mt.glossary.files import load_glossary
        from mt.pipeline.post_edit import post_edit_document

        doc = read_document(path, source=source, reference=reference, fmt=fmt,
                            options={"mode": text_mode})
        origin = doc.meta.get("origin_path") if doc.meta.get("format") == "session" else None
        paths = review_paths(path, output=output, glossary=glossary, origin=origin)
        notes: list[str] = []
        owns = True  # the session file is this review's (none yet, or resumed)
        if paths.session != Path(path) and paths.session.exists():
            note = resume_saved(doc, paths.session, backup=read_only is None) if resume else ""
            owns = resume and not note.endswith("not resumed")
            notes.append(note)
        gloss = load_glossary(glossary) if glossary is not None else None
        if gloss is not None:
            result = post_edit_document(doc, gloss, accept=False)
            if result.proposed:
                notes.append(f"glossary: {len(result.proposed)} new proposals")
        session = cls(doc, paths, glossary=gloss, engine=engine,
                      notes=[n for n in notes if n], read_only=read_only)
        session.inputs = tuple(Path(p) for p in (path, source, reference, glossary)
                               if p is not None)
        session.owns_session_file = owns
        return session

    #: The files the review reads (document, source, reference, glossary): never written.
    inputs: tuple[Path, ...] = ()

    def snapshot(self) -> Snapshot:
        return Snapshot(self.document.copy(), self._seq, self.position_id, self._time_seq)

    def mark_saved(self, result: SaveResult) -> None:
        """Record a finished save of the snapshot ``result.seq``: the journal goes when nothing
        happened since, else it records the save (if that fails, the saved changes are offered
        for recovery again: harmless)."""
        self._saved_seq = result.seq
        self._time_saved = result.time_seq
        self.owns_session_file = True
        if self._seq == result.seq:
            self._journal.remove()
        else:
            with contextlib.suppress(JournalError):
                self._journal.append({"t": "save", "seq": result.seq, "time": time.time()})

    @property
    def unjournaled(self) -> int:
        """How many journal writes failed in this session (changes a crash could lose)."""
        return self._journal.failures

    def save(self) -> SaveResult:
        """Write the session file and the output now, atomically."""
        self.check_can_change()
        result = write_snapshot(self.snapshot(), self.paths)
        self.mark_saved(result)
        return result

    def move_to(self, paths: ReviewPaths) -> None:
        """Save to ``paths`` from now on (:func:`~.paths.elsewhere`, after the journal or a save
        failed): later changes are journaled beside the new session file. The old journal is
        left as it is (it may not be writable)."""
        self.check_can_change()
        failures = self._journal.failures
        self._journal.close()
        self.paths = paths
        self._journal = self._new_journal(paths)
        self._journal.failures = failures

    def recover(self) -> int:
        """Replay the unclean journal over the document; returns how many segments changed.

        The recovered state is journaled again at once (so a second crash keeps it) and counts
        as unsaved. If that write fails, nothing changes (the old journal stays) and the error
        (an :class:`~mt.errors.MTError`) is raised."""
        rec = self.recovery
        if rec is None:
            raise ReviewError("nothing to recover")
        states: dict[int, SegmentState] = {}
        seconds: dict[int, float] = {}
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
                spent = raw.get("seconds")
                if isinstance(spent, (int, float)) and not isinstance(spent, bool):
                    seconds[i] = float(spent)
        before = {i: SegmentState.of(self.segment(i)) for i in states}
        for i, state in states.items():
            state.apply_to(self.segment(i))
        for i, spent in seconds.items():  # the editing time journaled with the decisions
            seg = self.segment(i)
            set_effort_seconds(seg, max(effort_seconds(seg), spent))
        op = Operation("recover", "recover interrupted session", before,
                       {i: SegmentState.of(self.segment(i)) for i in states})
        try:
            if states:
                # The new journal replaces the old one atomically: one of them is whole on
                # disk at every moment, never neither.
                self._journal.replace([self._op_record(op, self._seq + 1)])
            else:
                self._journal.remove()
        except MTError:
            for i, state in before.items():
                state.apply_to(self.segment(i))
            raise
        self.recovery = None
        if states:
            self._seq += 1
            self._undo.append(op)
            self.run_qa(states)
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
        ``discard`` (the translator chose to quit without saving). Editing time credited
        since the last save is kept without asking: journaled with the unsaved changes, or
        with nothing unsaved written into the session file. A read-only session leaves
        everything as it is."""
        if self.read_only is not None:
            return
        if self.recovery is not None:
            self._journal.close()  # an undecided recovery: its journal stays for next time
        elif discard:
            self._journal.remove()
        elif not self.dirty:
            self._journal.remove()
            self._save_time()
        else:
            with contextlib.suppress(JournalError):  # counted in unjournaled
                self._journal_time()
            self._journal.close()

    def _save_time(self) -> None:
        """Write the session file (not the output, which holds no time) when editing time
        is all that changed since the last save."""
        if not self.time_unsaved or not self.owns_session_file:
            return
        try:
            self.mark_saved(write_snapshot(self.snapshot(), replace(self.paths, output=None)))
        except (MTError, OSError):
            self._journal.failures += 1  # said at exit, as a change that was not journaled
