"""An index of edits by start offset, to find the few that may clash with a new one."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mt.document import Edit


class SpanIndex:
    """Edits sorted by start, to find those that could overlap or equal a span without
    scanning them all: every such edit starts within the longest span's length before it."""

    def __init__(self, edits: Iterable[Edit] = ()) -> None:
        self._edits = sorted(edits, key=lambda e: e.start)
        self._starts = [e.start for e in self._edits]
        self._longest = max((e.end - e.start for e in self._edits), default=0)

    def add(self, edit: Edit) -> None:
        i = bisect.bisect_right(self._starts, edit.start)
        self._starts.insert(i, edit.start)
        self._edits.insert(i, edit)
        self._longest = max(self._longest, edit.end - edit.start)

    def near(self, edit: Edit) -> list[Edit]:
        """The edits that may overlap ``edit`` or share its span (test them exactly)."""
        low = bisect.bisect_left(self._starts, edit.start - self._longest)
        high = bisect.bisect_right(self._starts, edit.end)
        return self._edits[low:high]
