"""Effort of a review: active editing time per segment, as MateCat records it, and the words
a segment counts for in the progress figures.

The time between two of the translator's actions (keys, typing) is credited to the segment that
was current in between, unless it is an idle gap (over :data:`IDLE_SECONDS`: the translator
was away). The seconds live in the segment's review marks (``segment.meta["review"]``), so the
session file and the journal's segment states carry them and a reopened review goes on
counting from there.
"""

from __future__ import annotations

from mt.document import Segment
from mt.pipeline.review.state import REVIEW_KEY

#: A pause longer than this between two actions is not counted as editing time.
IDLE_SECONDS = 30.0
#: In ``segment.meta[REVIEW_KEY]``: the active editing seconds spent on the segment.
SECONDS = "seconds"


def effort_seconds(segment: Segment) -> float:
    """Active editing seconds recorded for ``segment`` (0 when none)."""
    marks = segment.meta.get(REVIEW_KEY)
    value = marks.get(SECONDS) if isinstance(marks, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    return 0.0


def set_effort_seconds(segment: Segment, seconds: float) -> None:
    marks = segment.meta.get(REVIEW_KEY)
    marks = dict(marks) if isinstance(marks, dict) else {}
    marks[SECONDS] = round(seconds, 1)
    segment.meta[REVIEW_KEY] = marks


def segment_words(segment: Segment) -> int:
    """The words a segment counts for: its source's where it has one (as CAT tools count),
    else its MT's."""
    text = segment.source if segment.source is not None else segment.mt
    return len(text.split())


class EffortClock:
    """Credits the time between the translator's actions to the segment current in between."""

    def __init__(self, idle: float = IDLE_SECONDS) -> None:
        self.idle = idle
        self._last: tuple[int, float] | None = None

    def activity(self, index: int, now: float) -> tuple[int, float] | None:
        """An action at ``now`` (seconds) with segment ``index`` current. Returns the segment
        that was current since the previous action and the seconds to credit to it, ``None``
        for the first action or after an idle gap."""
        last, self._last = self._last, (index, now)
        if last is None:
            return None
        gap = now - last[1]
        if not 0 < gap <= self.idle:
            return None
        return last[0], gap
