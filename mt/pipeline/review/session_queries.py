"""What a review session answers about its segments without changing them: statuses, open
proposals, what needs attention, search, progress, glossary hits and scores; and attaching QA
results computed in a worker (:meth:`SessionQueries.apply_qa`)."""

from __future__ import annotations

from collections.abc import Iterable

from mt.document import EditStatus, Issue, Severity
from mt.pipeline.review.effort import effort_seconds, segment_words
from mt.pipeline.review.findings import TermHit, segment_term_hits
from mt.pipeline.review.session_core import SessionCore
from mt.pipeline.review.state import (
    ReviewProgress,
    SegmentStatus,
    is_deleted,
    is_edited,
    is_reviewed,
    mt_changed,
)
from mt.scoring.live import LiveSegmentScores


class SessionQueries(SessionCore):
    """Read-only questions about the session's segments (and :meth:`apply_qa`)."""

    def status(self, index: int) -> SegmentStatus:
        seg = self.segment(index)
        if any(i.severity is Severity.ERROR for i in seg.issues):
            return SegmentStatus.QA_ERRORS
        if any(e.status is EditStatus.PROPOSED for e in seg.edits):
            return SegmentStatus.PROPOSALS
        return self.review_state(index)

    def review_state(self, index: int) -> SegmentStatus:
        """The status without QA: open proposals, reviewed, deleted, edited or untouched."""
        seg = self.segment(index)
        if any(e.status is EditStatus.PROPOSED for e in seg.edits):
            return SegmentStatus.PROPOSALS
        if is_deleted(seg):
            return SegmentStatus.DELETED
        if is_reviewed(seg):
            return SegmentStatus.REVIEWED
        return SegmentStatus.EDITED if is_edited(seg) else SegmentStatus.UNTOUCHED

    def qa_level(self, index: int) -> Severity | None:
        """The worst severity among the segment's QA issues (``None`` without issues)."""
        found = {i.severity for i in self.segment(index).issues}
        return max(found, key=lambda s: s.rank) if found else None

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
        """Open proposals, QA errors, a changed MT (since the saved review), or QA warnings on
        a segment not yet reviewed."""
        seg = self.segment(index)
        if mt_changed(seg):
            return True
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

    def progress(self) -> ReviewProgress:
        reviewed = with_props = props = errors = changed = edited = deleted = 0
        words = words_reviewed = 0
        seconds = 0.0
        if len(self._words) != len(self):  # sources and MT do not change: counted once
            self._words = [segment_words(seg) for seg in self.document]
        for seg, n in zip(self.document, self._words, strict=True):
            words += n
            seconds += effort_seconds(seg)
            open_ = sum(1 for e in seg.edits if e.status is EditStatus.PROPOSED)
            props += open_
            with_props += bool(open_)
            done = is_reviewed(seg)
            reviewed += done
            words_reviewed += n if done else 0
            errors += any(i.severity is Severity.ERROR for i in seg.issues)
            touched = is_edited(seg)
            changed += touched
            edited += touched and not done and not open_
            deleted += is_deleted(seg)
        return ReviewProgress(len(self), reviewed, with_props, props, errors, changed, edited,
                              deleted, words, words_reviewed, seconds)

    def next_unconfirmed(self, index: int) -> int | None:
        """The first segment after ``index`` (wrapping around) not confirmed yet; ``None`` when
        every other segment is."""
        n = len(self)
        for k in range(1, n):
            i = (index + k) % n
            if not is_reviewed(self.segment(i)):
                return i
        return None

    def term_hits(self, index: int) -> list[TermHit]:
        if self.glossary is None:
            return []
        return segment_term_hits(self.segment(index), self.glossary)

    def segment_scores(self, index: int) -> LiveSegmentScores:
        seg = self.segment(index)
        return self.scores.segment(seg.mt, seg.post_edit, seg.reference)

    def score_inputs(self) -> list[tuple[str, str, str | None]]:
        """``(mt, post_edit, reference)`` per segment, for :meth:`ScoreBoard.document`."""
        return [(s.mt, s.post_edit, s.reference) for s in self.document]

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
