"""Where a review stands on a segment: the error type of review actions, segment statuses, the
"reviewed" mark, segment states as undo/redo and the journal record them, operations, progress."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from enum import StrEnum

from mt.document import Edit, EditStatus, Segment
from mt.errors import MTError

#: ``segment.meta[REVIEW_KEY]`` holds the translator's marks on a segment (``{"reviewed": true}``).
REVIEW_KEY = "review"
#: In ``segment.meta[REVIEW_KEY]``: the MT changed since the saved review (cleared on confirm).
MT_CHANGED = "mt-changed"
#: In ``document.meta[REVIEW_KEY]``: the id of the segment last worked on.
POSITION = "position"


class ReviewError(MTError):
    """A review action that cannot be done (nothing to undo, no model, a conflicting edit)."""


class SegmentStatus(StrEnum):
    """Where a segment stands, most urgent first: QA errors, open proposals, deleted (emptied:
    left out of an article's output), reviewed, edited (accepted or hand edits, not
    confirmed), untouched."""

    QA_ERRORS = "qa-errors"
    PROPOSALS = "proposals"
    DELETED = "deleted"
    REVIEWED = "reviewed"
    EDITED = "edited"
    UNTOUCHED = "untouched"


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


def is_deleted(segment: Segment) -> bool:
    """Whether the translator emptied the segment: its MT has text, its post-edit none. In an
    article's output a deleted paragraph is left out with its separator."""
    return not segment.post_edit.strip() and bool(segment.mt.strip())


def is_edited(segment: Segment) -> bool:
    """Whether the segment has accepted edits (of any origin, hand edits included)."""
    return any(e.status is EditStatus.ACCEPTED for e in segment.edits)


def mt_changed(segment: Segment) -> bool:
    """Whether the segment's MT changed since the saved review it was rebased from."""
    marks = segment.meta.get(REVIEW_KEY)
    return isinstance(marks, dict) and bool(marks.get(MT_CHANGED))


def set_reviewed(segment: Segment, value: bool) -> None:
    marks = segment.meta.get(REVIEW_KEY)
    marks = dict(marks) if isinstance(marks, dict) else {}
    if value:
        marks["reviewed"] = True
        marks.pop(MT_CHANGED, None)
    else:
        marks.pop("reviewed", None)
    if marks:
        segment.meta[REVIEW_KEY] = marks
    else:
        segment.meta.pop(REVIEW_KEY, None)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Operation:
    """One undoable step: the states of the segments it touched, before and after."""

    kind: str
    label: str
    before: dict[int, SegmentState]
    after: dict[int, SegmentState]
    group: str | None = None


@dataclass(frozen=True)
class ReviewProgress:
    total: int
    reviewed: int
    with_proposals: int
    proposals: int
    with_errors: int
    changed: int
    edited: int = 0  # changed but not confirmed
    deleted: int = 0
    words: int = 0  # of every segment (its source's, else its MT's)
    words_reviewed: int = 0  # of the confirmed segments
    seconds: float = 0.0  # active editing time, all segments
