"""The core of a :class:`~mt.pipeline.review.ReviewSession`: its state (document, paths, glossary,
engine, undo and redo stacks, journal), segment access, and how an operation is applied,
journaled, undone and re-checked by QA. The other session modules build on it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mt.document import Document, Edit, EditStatus, Segment
from mt.formats.session import edit_to_json
from mt.glossary.entry import Glossary
from mt.pipeline.review.effort import EffortClock, effort_seconds, set_effort_seconds
from mt.pipeline.review.findings import segment_checks
from mt.pipeline.review.journal import JOURNAL_VERSION, Journal, Recovery, find_recovery
from mt.pipeline.review.paths import ReviewPaths
from mt.pipeline.review.state import (
    POSITION,
    REVIEW_KEY,
    Operation,
    ReviewError,
    SegmentState,
    set_reviewed,
    text_hash,
)
from mt.scoring.live import ScoreBoard

if TYPE_CHECKING:
    from mt.engines.base import Engine


class SessionCore:
    """A document under review with its undo/redo stacks and journal; segments by index."""

    def __init__(
        self,
        document: Document,
        paths: ReviewPaths,
        *,
        glossary: Glossary | None = None,
        engine: Engine | None = None,
        notes: Sequence[str] = (),
        read_only: str | None = None,
    ) -> None:
        self.document = document
        #: Why this session may not change anything (another review holds the document, or
        #: ``--read-only``); ``None`` when it may. A read-only session never touches the
        #: journal, the session file or the output.
        self.read_only = read_only
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
        self._journal = self._new_journal(paths)
        self._index = {s.id: i for i, s in enumerate(document.segments)}
        # Read-only, the journal is another session's: not even looked at (finding a
        # recovery may tidy it up).
        self.recovery: Recovery | None = None if read_only else find_recovery(paths.journal)
        self._clock = EffortClock()
        #: The clock editing time is read from (seconds; a test may set another).
        self.now: Callable[[], float] = time.monotonic
        self._time_seq = 0  # editing time credited (counts), and how much of it is saved
        self._time_saved = 0
        self._timed: set[int] = set()  # the segments credited with time in this session
        #: Whether the session file is this review's to write time into without a save (not
        #: one a ``--fresh`` review left unresumed).
        self.owns_session_file = True
        self._words: list[int] = []  # words per segment, for the progress figures
        #: The segment the translator is at (index): saved in the session file, so that
        #: reopening returns there.
        self.position = 0
        marks = document.meta.pop(REVIEW_KEY, None)
        where = marks.get(POSITION) if isinstance(marks, dict) else None
        if isinstance(where, str) and where in self._index:
            self.position = self._index[where]

    @staticmethod
    def _new_journal(paths: ReviewPaths) -> Journal:
        return Journal(paths.journal, {
            "format": "mt-review-journal",
            "version": JOURNAL_VERSION,
            "document": str(paths.document),
            "session": str(paths.session),
        })

    def check_can_change(self) -> None:
        """Refuse (:class:`ReviewError`) a change to a read-only session or one whose
        interrupted predecessor is still to be recovered or discarded."""
        if self.read_only is not None:
            raise ReviewError(f"read-only: {self.read_only}")
        if self.recovery is not None:
            raise ReviewError("decide about the interrupted session first (recover or discard)")

    @property
    def position_id(self) -> str | None:
        """The id of the segment at :attr:`position` (``None`` for an empty document)."""
        if not 0 <= self.position < len(self):
            return None
        return self.segment(self.position).id

    def journal_position(self, records: Sequence[dict[str, Any]]) -> int | None:
        """The segment last changed in journal ``records`` (an index), ``None`` if none is in
        the document: where a recovered review goes on."""
        for record in reversed(records):
            for raw in reversed(record.get("segments") or []):
                i = self._index.get(str(raw.get("id")))
                if i is not None:
                    return i
        return None

    def note_activity(self, index: int, now: float | None = None) -> None:
        """The translator did something (a key, typing) with segment ``index`` current: the
        time since the previous action goes to the segment current then, unless idle
        (:mod:`.effort`). Saved with the session; journaled with the next decision."""
        credit = self._clock.activity(index, self.now() if now is None else now)
        if credit is not None and 0 <= credit[0] < len(self):
            seg = self.segment(credit[0])
            set_effort_seconds(seg, effort_seconds(seg) + credit[1])
            self._time_seq += 1
            self._timed.add(credit[0])

    @property
    def time_unsaved(self) -> bool:
        """Whether editing time was credited since the last save (a change the translator
        is never asked about: :meth:`~.ReviewSession.close` keeps it)."""
        return self._time_seq != self._time_saved

    def __len__(self) -> int:
        return len(self.document)

    def segment(self, index: int) -> Segment:
        return self.document.segments[index]

    @property
    def dirty(self) -> bool:
        """Whether there are changes since the last save (or since opening)."""
        return self._seq != self._saved_seq

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def run_qa(self, indices: Iterable[int] | None = None) -> None:
        """Re-run the segment-level QA checks on ``indices`` (all segments for ``None``; use
        :func:`run_document_qa` in a worker for the document-level checks too)."""
        from mt.scoring.qa import run_checks

        chosen = range(len(self)) if indices is None else indices
        checks = segment_checks()
        # Segment-level checks only, so one run over many segments finds what one run per
        # segment would (and builds the glossary's matchers once). Segments with and without
        # a source apart: the checks that need one are skipped where none has it.
        with_source: list[Segment] = []
        without: list[Segment] = []
        for i in chosen:
            seg = self.segment(i)
            (with_source if seg.source is not None else without).append(seg)
        for group in (with_source, without):
            if group:
                sub = Document(group, source_lang=self.document.source_lang,
                               target_lang=self.document.target_lang)
                run_checks(sub, self.glossary, checks, field="post_edit", attach=True)

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
        self.check_can_change()
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
        if group is not None and top is not None and top.group == group and not self._redo:
            top.after = after
        else:
            self._undo.append(op)
        self._redo.clear()
        self.run_qa(changes)
        self._journal_op(op)  # last: a JournalError leaves the change whole in memory

    def _restore(self, op: Operation, states: dict[int, SegmentState], how: str) -> None:
        self.check_can_change()
        for i, state in states.items():
            state.apply_to(self.segment(i))
        self._seq += 1
        self.run_qa(states)
        self._journal_op(Operation(how, f"{how} {op.label}", {}, states))

    def _journal_time(self) -> None:
        """Journal the editing time of the segments credited since the last save (an ``op``
        record of kind ``time``: recovery restores it, it counts as no change)."""
        if self.time_unsaved and self._timed:
            states = {i: SegmentState.of(self.segment(i)) for i in self._timed}
            self._journal_op(Operation("time", "editing time", {}, states))

    def _journal_op(self, op: Operation) -> None:
        self._journal.append(self._op_record(op, self._seq))

    def _op_record(self, op: Operation, seq: int) -> dict[str, Any]:
        return {
            "t": "op",
            "seq": seq,
            "op": op.kind,
            "label": op.label,
            "time": time.time(),
            "segments": [
                {
                    "id": self.segment(i).id,
                    "mt": text_hash(self.segment(i).mt),
                    "edits": [edit_to_json(e) for e in state.edits],
                    "reviewed": state.reviewed,
                    "seconds": effort_seconds(self.segment(i)),
                }
                for i, state in sorted(op.after.items())
            ],
        }
