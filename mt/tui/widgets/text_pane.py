"""A scrolling pane of titled text sections, drawn line by line (Textual's line API).

One widget per pane instead of a Static per title and per text: showing another segment sets
the pane's virtual size and repaints it, with no layout pass of the screen and no widgets for
the compositor to cut around (bench/review_bench.py move_cpu_ms). Lines are wrapped once per
content and width and kept as strips.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from mt.tui.widgets.quiet_update import quiet_virtual_size

HINT_MIN = 8
"""A hint shorter than this after cutting to the room beside its title is left out."""


@dataclass(frozen=True)
class Section:
    """One titled block of a pane: ``title`` (with ``hint``, dim and right-aligned, where it
    fits), then ``body`` wrapped to the pane's width. ``right`` aligns the body to the right;
    ``visual`` reorders each wrapped line of right-to-left text into visual order (for
    terminals that do no bidi), so the paragraph still reads from its top line down."""

    name: str
    title: Text | str
    body: Text
    hint: Text | str | None = None
    right: bool = False
    visual: bool = False
    muted: bool = False


class TextPane(ScrollView, can_focus=False):
    """Shows :class:`Section` s, set by :meth:`show`. :attr:`compact` (a cramped terminal)
    leaves out the blank line above each title and the hints."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "text-pane--title", "text-pane--hint", "text-pane--muted"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: tuple[Section, ...] = ()
        self.compact = False
        self._rows: list[Text] = []
        self._lines: list[Strip] = []  # the rows rendered
        self._spans: dict[str, tuple[int, int]] = {}  # body rows of each section
        self._made_for: tuple[int, bool] | None = None  # (width, compact) of the lines
        self._styles: tuple[Style, Style, Style, Style] | None = None  # base, title, hint, muted

    # -- content ----------------------------------------------------------------------------

    def show(self, sections: Sequence[Section]) -> None:
        """Show ``sections``. Repaints only the rows that changed; asks for a layout pass only
        where the pane's height follows its content (``height: auto``) and the number of rows
        changed."""
        sections = tuple(sections)
        if sections == self.sections:
            return
        made_for, old = self._made_for, self._rows
        self.sections = sections
        self._made_for = None
        width = self._wrap_width()
        if width <= 0:
            self.refresh(layout=True)
            return
        self._make(width)
        self._set_virtual_size()
        if self.styles.height is not None and self.styles.height.is_auto \
                and len(self._rows) != len(old):
            self.refresh(layout=True)
        elif made_for != self._made_for:
            self.refresh()
        else:  # repaint the rows that differ, not the whole pane
            self._refresh_changed(old)

    def _refresh_changed(self, old: list[Text]) -> None:
        """Repaint each run of rows on screen that differs from ``old``."""
        top, new = self.scroll_offset.y, self._rows
        end = min(max(len(old), len(new)), top + self.size.height)
        start = None
        for row in range(top, end + 1):
            same = row == end or (row < len(old) and row < len(new) and old[row] == new[row])
            if not same and start is None:
                start = row
            elif same and start is not None:
                self.refresh(Region(0, start - top, self.size.width, row - start))
                start = None

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._made_for = None
            self.refresh(layout=True)

    def text(self, name: str) -> str:
        """The body of section ``name`` as shown: its wrapped lines, joined by newlines
        ("" where the pane has no such section)."""
        self._ensure()
        start, end = self._spans.get(name, (0, 0))
        return "\n".join(row.plain.rstrip() for row in self._rows[start:end])

    def title(self, name: str) -> str:
        for section in self.sections:
            if section.name == name:
                return section.title if isinstance(section.title, str) else section.title.plain
        return ""

    def section_region(self, name: str) -> Region:
        """The region of the screen that shows section ``name``'s body (empty if scrolled out
        of view or absent)."""
        self._ensure()
        start, end = self._spans.get(name, (0, 0))
        area = self.scrollable_content_region
        top = area.y + start - self.scroll_offset.y
        return Region(area.x, top, area.width, end - start).intersection(area)

    # -- measuring --------------------------------------------------------------------------

    def _wrap_width(self, content_width: int | None = None) -> int:
        if content_width is None:
            return self.scrollable_content_region.width
        scroll = self.styles.overflow_y == "scroll"
        return content_width - (self.styles.scrollbar_size_vertical if scroll else 0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured at the width the layout offers: one pass settles an auto height.
        self._make(max(self._wrap_width(width), 1))
        return len(self._lines)

    def on_resize(self) -> None:
        self._ensure()
        self._set_virtual_size()

    def _set_virtual_size(self) -> None:
        quiet_virtual_size(self, Size(self.scrollable_content_region.width, len(self._lines)))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._made_for = self._styles = None

    def _ensure(self) -> None:
        width = self._wrap_width()
        if width > 0 and self._made_for != (width, self.compact):
            self._make(width)

    # -- rendering --------------------------------------------------------------------------

    def _make(self, width: int) -> None:
        if self._made_for == (width, self.compact):
            return
        console = self.app.console
        if self._styles is None:
            self._styles = (self.rich_style, component_style(self, "text-pane--title"),
                            component_style(self, "text-pane--hint"),
                            component_style(self, "text-pane--muted"))
        base, title_style, hint_style, muted_style = self._styles
        rows: list[Text] = []
        self._spans = {}
        for section in self.sections:
            if not self.compact:
                rows.append(Text())
            rows.append(_title_row(section, width, title_style,
                                   None if self.compact else hint_style))
            body = list(_body_rows(section, width, console))
            if section.muted:
                for row in body:
                    row.stylize_before(muted_style)
            self._spans[section.name] = (len(rows), len(rows) + len(body))
            rows.extend(body)
        self._rows = rows
        self._lines = [
            Strip([RichSegment(s.text, base + s.style if s.style else base)
                   for s in row.render(console)]).crop_extend(0, width, base)
            for row in rows]
        self._made_for = (width, self.compact)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._ensure()  # once per paint, not per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        if 0 <= row < len(self._lines):
            return self._lines[row]
        return Strip.blank(self._made_for[0] if self._made_for else self.size.width,
                           self.rich_style)

def component_style(widget: Widget, name: str) -> Style:
    """The style a component class sets, without its background, for text drawn over the
    widget's own: the colour blended as the CSS says (``$text-muted`` is a colour with alpha,
    which ``partial=True`` alone gives unblended, as full white)."""
    full = widget.get_component_rich_style(name)
    return widget.get_component_rich_style(name, partial=True) + Style(color=full.color)


def _title_row(section: Section, width: int, title_style: Style,
               hint_style: Style | None) -> Text:
    """The title, then the hint (if ``hint_style``) cut to the room left and right-aligned."""
    title = Text(section.title) if isinstance(section.title, str) else section.title.copy()
    title.stylize_before(title_style)
    title.truncate(width, overflow="ellipsis")
    room = width - title.cell_len - 2
    if section.hint is not None and hint_style is not None and room >= HINT_MIN:
        hint = Text(section.hint) if isinstance(section.hint, str) else section.hint.copy()
        hint.stylize_before(hint_style)
        hint.truncate(room, overflow="ellipsis")
        title.append(" " * (width - title.cell_len - hint.cell_len))
        title.append_text(hint)
    return title


def _body_rows(section: Section, width: int, console: Console) -> Iterable[Text]:
    if section.visual:
        from mt.tui.render import visual_order

        for line in section.body.wrap(console, width, overflow="fold"):
            shown = Text(visual_order(line.plain.strip()))
            shown.align("right" if section.right else "left", width)
            yield shown
        return
    yield from section.body.wrap(console, width, justify="right" if section.right else "left",
                                 overflow="fold")
