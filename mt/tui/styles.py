"""The rich styles both front ends share: severity colours and marks, and the look of a diff.

Only rich-level strings live here (no Textual), so the CLI imports this module without loading
Textual: ``mt/tui/__init__.py`` imports the app lazily. The order of severities is not a style:
it is :attr:`mt.document.Severity.rank`.

Every difference is shown with markers as well as colour, so it reads on a monochrome terminal,
in a log file and for colour-blind readers::

    [-Banshir-]{+Panjshir+}     MT text deleted, text inserted
    [?Banshir→Panjshir?]        proposed, not decided yet
"""

from __future__ import annotations

from mt.document import Severity

SEVERITY_STYLE: dict[Severity, str] = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "dim",
}
"""Colour of each severity; keyed by the StrEnum, so ``SEVERITY_STYLE["error"]`` works too."""

SEVERITY_MARK: dict[Severity, str] = {
    Severity.ERROR: "✗",
    Severity.WARNING: "!",
    Severity.INFO: "i",
}
"""The one-character mark of each severity in front of an issue."""

DELETE_STYLE = "red strike"
INSERT_STYLE = "bold green"
PROPOSED_STYLE = "yellow"
SELECTED_STYLE = "reverse"

DELETE_MARKS = ("[-", "-]")
INSERT_MARKS = ("{+", "+}")
PROPOSED_MARKS = ("[?", "?]")
PROPOSED_ARROW = "→"


def mark_deleted(text: str) -> str:
    """``text`` between the deletion markers: ``[-text-]``."""
    return DELETE_MARKS[0] + text + DELETE_MARKS[1]


def mark_inserted(text: str) -> str:
    """``text`` between the insertion markers: ``{+text+}``."""
    return INSERT_MARKS[0] + text + INSERT_MARKS[1]


def mark_proposed(old: str, new: str) -> str:
    """An open proposal: ``[?old→new?]``."""
    return PROPOSED_MARKS[0] + old + PROPOSED_ARROW + new + PROPOSED_MARKS[1]
