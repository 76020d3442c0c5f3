"""The segment list: id, status marks and a preview per row, for documents of any length.

A line-API widget: only the rows on screen are rendered, so opening a 5,000-segment document or
moving the cursor costs the same as for a short one (a DataTable measures every cell). Filtered
views keep segment indices: ``indices[row]`` is the segment shown on ``row``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mt.tui.render import preview
from mt.tui.widgets.text_pane import component_style


class SegmentList(ScrollView, can_focus=True):
    """Calls ``on_chosen(index)`` when the cursor lands on a segment (at once, so the segment is
    painted in the same screen update as the cursor: a message would cost a second one) and
    posts :class:`Activated` on Enter. Left/right move between the changes of the current
    segment (the screen's actions)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor(1)", "Next segment", show=False),
        Binding("up", "cursor(-1)", "Previous segment", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "activate", "Edit", show=False),
        Binding("left", "screen.change(-1)", "Prev change", show=False),
        Binding("right", "screen.change(1)", "Next change", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"segment-list--cursor", "segment-list--id"}

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Activated(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None,
                 on_chosen: Callable[[int], None] | None = None) -> None:
        super().__init__(id=id)
        self.on_chosen = on_chosen
        self.indices: list[int] = []
        self._rows: list[tuple[str, Text, str]] = []  # id, marks, full text (previewed lazily)
        self._row_of: dict[int, int] = {}
        self._id_width = 1
        self._styles: tuple[bool, Style, Style, Style] | None = None
        #: Rendered rows by (row, has the cursor), for the width and styles they were made for:
        #: a move that scrolls the list repaints every row on screen.
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._strips_for: tuple[int, tuple[bool, Style, Style, Style] | None] = (0, None)

    # -- data -------------------------------------------------------------------------------

    def show_rows(self, rows: Sequence[tuple[int, str, Text, str]],
                  current: int | None = None) -> None:
        """Replace the rows: ``(index, id, status marks, text)`` each; keep ``current``
        selected (else the first row)."""
        self.indices = [r[0] for r in rows]
        self._rows = [(seg_id, marks, text) for _, seg_id, marks, text in rows]
        self._row_of = {index: n for n, index in enumerate(self.indices)}
        self._id_width = max((len(r[0]) for r in self._rows), default=1)
        self._strips.clear()
        self.virtual_size = Size(self._id_width + 4 + 200, len(self._rows))
        row = self._row_of.get(current, 0) if current is not None else 0
        self.set_reactive(SegmentList.cursor, min(row, max(len(self._rows) - 1, 0)))
        self._scroll_to_cursor()
        self.refresh()

    def update_row(self, index: int, marks: Text, text: str) -> None:
        row = self._row_of.get(index)
        if row is None:
            return
        seg_id = self._rows[row][0]
        self._rows[row] = (seg_id, marks, text)
        self._strips.pop((row, True), None)
        self._strips.pop((row, False), None)
        self._refresh_row(row)

    def row_text(self, index: int) -> str:
        """The plain text of the row of segment ``index`` (for tests and screen readers)."""
        row = self._row_of[index]
        seg_id, marks, text = self._rows[row]
        return f"{seg_id} {marks.plain} {preview(text, 200)}"

    def select(self, index: int) -> bool:
        """Put the cursor on segment ``index`` if it is in the view (without posting)."""
        row = self._row_of.get(index)
        if row is None:
            return False
        if row != self.cursor:
            old = self.cursor
            self.set_reactive(SegmentList.cursor, row)
            self._refresh_row(old)
            self._refresh_row(row)
            self._scroll_to_cursor()
        return True

    @property
    def current(self) -> int | None:
        if not self.indices or not 0 <= self.cursor < len(self.indices):
            return None
        return self.indices[self.cursor]

    # -- cursor -----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._rows:
            return
        clamped = max(0, min(new, len(self._rows) - 1))
        if clamped != new:
            self.set_reactive(SegmentList.cursor, clamped)
        self._refresh_row(old)
        self._refresh_row(clamped)
        self._scroll_to_cursor()
        if self.on_chosen is not None:
            self.on_chosen(self.indices[clamped])

    def _scroll_to_cursor(self) -> None:
        if self._rows:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True,
                                  immediate=True)

    def _refresh_row(self, row: int) -> None:
        y = row - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def action_cursor(self, step: int) -> None:
        if self._rows:
            self.cursor = max(0, min(self.cursor + step, len(self._rows) - 1))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.action_cursor(-len(self._rows))

    def action_last(self) -> None:
        self.action_cursor(len(self._rows))

    def action_activate(self) -> None:
        if self._rows:
            self.post_message(self.Activated(self.indices[self.cursor]))

    def action_cursor_down(self) -> None:
        self.action_cursor(1)

    def action_cursor_up(self) -> None:
        self.action_cursor(-1)

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self._rows):
            self.cursor = row
            if event.chain == 2:
                self.action_activate()

    # -- rendering --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _line_styles(self) -> tuple[Style, Style, Style]:
        """(base, id, cursor) styles, computed once per CSS change and focus change."""
        if self._styles is None or self._styles[0] != self.has_focus:
            cursor: Style = self.get_component_rich_style("segment-list--cursor")
            if not self.has_focus:
                cursor = Style(bgcolor=cursor.bgcolor, dim=True)
            self._styles = (self.has_focus, self.rich_style,
                            component_style(self, "segment-list--id"),
                            cursor)
        return self._styles[1], self._styles[2], self._styles[3]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = y + self.scroll_offset.y
        base, id_style, cursor_style = self._line_styles()
        if row >= len(self._rows):
            return Strip.blank(width, base)
        key = (row, row == self.cursor)
        if self._strips_for != (width, self._styles):
            self._strips.clear()
            self._strips_for = (width, self._styles)
        found = self._strips.get(key)
        if found is None:
            found = self._strips[key] = self._render_row(row, width, base, id_style,
                                                         cursor_style)
        return found

    def _render_row(self, row: int, width: int, base: Style, id_style: Style,
                    cursor_style: Style) -> Strip:
        seg_id, marks, text = self._rows[row]
        line = Text(no_wrap=True, overflow="crop")
        line.append(seg_id.rjust(self._id_width), style=id_style)
        line.append(" ")
        line.append_text(marks)
        line.append(" ")
        line.append(preview(text, max(width, 10)))
        segments = [RichSegment(s.text, base + s.style if s.style else base)
                    for s in line.render(self.app.console)]
        strip = Strip(segments).crop_extend(0, width, base)  # overflow-x is hidden
        if row == self.cursor:
            strip = strip.apply_style(cursor_style)
        return strip

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)
