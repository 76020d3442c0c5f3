"""The top bar: document, output, progress, document scores and whether work is unsaved."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

SEPARATOR = Text(" │ ", style="dim")


def lay_out(items: Sequence[Text], width: int) -> Text:
    """``items`` joined by :data:`SEPARATOR`, broken onto a new line between two items (never
    inside one) where the next would pass ``width``."""
    out = Text()
    used = 0
    for item in items:
        if used and used + SEPARATOR.cell_len + item.cell_len > width:
            out.append("\n")
            used = 0
        elif used:
            out.append_text(SEPARATOR)
            used += SEPARATOR.cell_len
        out.append_text(item)
        used += item.cell_len
    return out


class DocHeader(Static):
    """One or two lines of document-level facts; the screen passes them to :meth:`show`."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[Text] = []

    def show(self, items: Sequence[Text]) -> None:
        self._items = list(items)
        self.update(lay_out(self._items, self.size.width or self.app.size.width))

    def on_resize(self, event: Resize) -> None:
        self.update(lay_out(self._items, event.size.width))
