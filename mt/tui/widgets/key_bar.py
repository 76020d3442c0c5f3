"""The key bar at the bottom: the keys that work where the focus is.

A single line of text rather than Textual's Footer, which builds a widget per key and costs more
to start than the whole review screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

#: Key hints per mode: (key, what).
MODES: dict[str, tuple[tuple[str, str], ...]] = {
    "review": (  # most used first: a narrow terminal shows the start
        ("a", "accept"), ("r", "reject"), ("e", "edit"), ("]", "next issue"),
        ("←→", "change"), ("u", "undo"), ("^s", "save"), ("q", "quit"), ("?", "help"),
        ("↑↓", "segment"), ("A", "all"), ("c", "confirm"), ("g", "add term"),
        ("f", "attention"), ("/", "search"),
    ),
    "edit": (
        ("Enter/Esc", "done"), ("F7", "select all (Backspace: delete paragraph)"),
        ("^z", "undo typing"), ("^y", "redo typing"), ("shift+←→", "select"), ("^s", "save"),
    ),
    "search": (("Enter", "search"), ("Esc", "clear")),
}


def key_hints(pairs: Sequence[tuple[str, str]]) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    for key, what in pairs:
        out.append(f" {key}", style="bold")
        out.append(f" {what} ")
    return out


class KeyBar(Static):
    """Shows :data:`MODES` ``[mode]``; the screen sets :attr:`mode`."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(key_hints(MODES["review"]), id=id)
        self._mode = "review"

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode != self._mode:
            self._mode = mode
            self.update(key_hints(MODES[mode]))
