"""The side panel: glossary hits, QA issues, low-confidence words and scores of one segment."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from mt.tui.widgets.text_pane import Section, TextPane


@dataclass(frozen=True)
class SideDisplay:
    glossary: Text
    qa: Text
    confidence: Text
    scores: Text


class SidePanel(TextPane):
    """Four titled sections, filled by :meth:`show_side`; the short scores (HTER, editing
    time) before the low-confidence words, so that they stay in view. Section names:
    ``glossary``, ``qa``, ``scores``, ``confidence``."""

    def show_side(self, display: SideDisplay) -> None:
        self.show((Section("glossary", "Glossary", display.glossary),
                   Section("qa", "QA", display.qa),
                   Section("scores", "Scores", display.scores),
                   Section("confidence", "Low confidence", display.confidence)))
