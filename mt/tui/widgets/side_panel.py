"""The side panel: glossary hits, QA issues, low-confidence words and scores of one segment."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


@dataclass(frozen=True)
class SideDisplay:
    glossary: Text
    qa: Text
    confidence: Text
    scores: Text


class SidePanel(VerticalScroll):
    """Four titled sections, filled by :meth:`show`."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Static("Glossary", classes="section")
        yield Static(id="side-glossary")
        yield Static("QA", classes="section")
        yield Static(id="side-qa")
        yield Static("Low confidence", classes="section")
        yield Static(id="side-confidence")
        yield Static("Scores", classes="section")
        yield Static(id="side-scores")

    def show(self, display: SideDisplay) -> None:
        for selector, content in (("#side-glossary", display.glossary), ("#side-qa", display.qa),
                                  ("#side-confidence", display.confidence),
                                  ("#side-scores", display.scores)):
            if self._shown.get(selector) != content:  # an update costs a layout pass
                self._shown[selector] = content
                self.query_one(selector, Static).update(content)
