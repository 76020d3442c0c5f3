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

The package's modules: :mod:`.state` (statuses, segment states, operations), :mod:`.paths`,
:mod:`.hand_edits`, :mod:`.journal`, :mod:`.findings` (glossary hits, QA), :mod:`.effort` (editing
time, words), :mod:`.saving`, and
the session in layers: :mod:`.session_core` → :mod:`.session_queries` → :mod:`.session_ops` →
:mod:`.bulk` (document-wide actions) → :mod:`.session_model` → :mod:`.session`. The live
scores are :mod:`mt.scoring.live`.
"""


from __future__ import annotations

from mt.pipeline.review.bulk import EntryProposals, Replacement
from mt.pipeline.review.effort import IDLE_SECONDS, EffortClock, effort_seconds, segment_words
from mt.pipeline.review.findings import TermHit, run_document_qa, segment_term_hits
from mt.pipeline.review.hand_edits import HUMAN_REASON, edits_for_text
from mt.pipeline.review.journal import JOURNAL_VERSION, Journal, Recovery, unsaved_records
from mt.pipeline.review.paths import (
    JOURNAL_SUFFIX,
    SESSION_SUFFIX,
    ReviewPaths,
    default_output,
    is_session_file,
    review_paths,
)
from mt.pipeline.review.saving import (
    SaveResult,
    Snapshot,
    save_glossary_entry,
    write_snapshot,
)
from mt.pipeline.review.session import ReviewSession
from mt.pipeline.review.state import (
    REVIEW_KEY,
    Operation,
    ReviewError,
    ReviewProgress,
    SegmentState,
    SegmentStatus,
    is_reviewed,
    set_reviewed,
    text_hash,
)
from mt.scoring.live import LiveDocumentScores, LiveSegmentScores, ScoreBoard

__all__ = [
    "HUMAN_REASON",
    "IDLE_SECONDS",
    "JOURNAL_SUFFIX",
    "JOURNAL_VERSION",
    "REVIEW_KEY",
    "SESSION_SUFFIX",
    "EffortClock",
    "EntryProposals",
    "Journal",
    "LiveDocumentScores",
    "LiveSegmentScores",
    "Operation",
    "Recovery",
    "Replacement",
    "ReviewError",
    "ReviewPaths",
    "ReviewProgress",
    "ReviewSession",
    "SaveResult",
    "ScoreBoard",
    "SegmentState",
    "SegmentStatus",
    "Snapshot",
    "TermHit",
    "default_output",
    "edits_for_text",
    "effort_seconds",
    "is_reviewed",
    "is_session_file",
    "review_paths",
    "run_document_qa",
    "save_glossary_entry",
    "segment_term_hits",
    "segment_words",
    "set_reviewed",
    "text_hash",
    "unsaved_records",
    "write_snapshot",
]
