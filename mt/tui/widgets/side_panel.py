"""The side panel: glossary hits, QA issues, low-confidence words and scores of one segment."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from mt.tui.widgets.quiet_update import Settled, SettledStatic, quiet_update


@dataclass(frozen=True)
class SideDisplay:
    glossary: Text
    qa: Text
    confidence: Text
    scores: Text


class SidePanel(Settled, VerticalScroll):
    """Four titled sections, filled by :meth:`show`; the short scores (HTER, editing time)
    before the low-confidence words, so that they stay in view."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield SettledStatic("Glossary", classes="section")
        yield SettledStatic(id="side-glossary")
        yield SettledStatic("QA", classes="section")
        yield SettledStatic(id="side-qa")
        yield SettledStatic("Scores", classes="section")
        yield SettledStatic(id="side-scores")
        yield SettledStatic("Low confidence", classes="section")
        yield SettledStatic(id="side-confidence")

    def show(self, display: SideDisplay) -> None:
        for selector, content in (("#side-glossary", display.glossary), ("#side-qa", display.qa),
                                  ("#side-confidence", display.confidence),
                                  ("#side-scores", display.scores)):
            if self._shown.get(selector) != content:
                self._shown[selector] = content
                quiet_update(self.query_one(selector, Static), content)
