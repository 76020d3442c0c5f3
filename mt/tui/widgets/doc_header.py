"""The top bar: document, output, progress, document scores and whether work is unsaved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class DocHeader(Static):
    """One or two lines of document-level facts; the screen sets :attr:`summary`."""

    can_focus = False

    def show(self, text: Text) -> None:
        self.update(text)
