"""Updating a Static without a layout pass where its height stays the same.

``Static.update`` lays the whole screen out again (a second pass per segment move, most of
its cost in bench/review_bench.py). Most updates keep the widget's height: the new content
is measured at the widget's width, and only a change of height asks for a layout.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static


def quiet_update(widget: Static, content: VisualType) -> None:
    """``widget.update(content)``, with a layout pass only when its content height changes
    (or it has not been laid out yet)."""
    width = widget.content_size.width
    if not width or not widget.display:
        widget.update(content)
        return
    old = widget.content_size.height
    widget.update(content, layout=False)
    if widget.get_content_height(widget.content_size, widget.app.size, width) != old:
        widget.refresh(layout=True)


class Settled:
    """Mixin for a widget whose new size, found by a layout pass, asks for no second pass.

    Textual sets a resized widget's ``virtual_size`` (a reactive with ``layout=True``) after a
    layout pass, which schedules another full pass per segment move; for these widgets that
    pass is redundant (the sizes are the ones just computed; scrollbars are still updated)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        return super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout=False)


class SettledStatic(Settled, Static):
    """A Static that settles in one layout pass (see :class:`Settled`)."""


def quiet_virtual_size(widget: Widget, size: Size) -> None:
    """Set a scrolling widget's ``virtual_size`` without the layout pass the reactive asks for
    (its own size is fixed by CSS), and repaint its vertical scrollbar only where the thumb
    changes: text that fits shows none, whatever its length (``Widget._scroll_update``
    repaints the bar every time)."""
    if size == widget.virtual_size:
        return
    widget.set_reactive(Widget.virtual_size, size)
    if widget.show_vertical_scrollbar and widget.styles.scrollbar_size_vertical:
        window = widget.scrollable_content_region.height
        bar = widget.vertical_scrollbar
        bar.window_size = window
        bar.window_virtual_size = max(size.height, window)
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
