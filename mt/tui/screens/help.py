"""The help screen: every key, and how to read the markers."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("↓ j  /  ↑ k", "next / previous segment"),
    ("] / [", "next / previous open proposal, then segment that needs attention (QA)"),
    ("→ l  /  ← h", "next / previous change in this segment"),
    ("a / r", "accept / reject the change under the cursor (▶)"),
    ("A / R", "accept / reject all open proposals in this segment"),
    ("ctrl+a", "accept / reject this proposal's glossary entry everywhere (one undo step)"),
    ("ctrl+f", "find and replace in every post-edit, with a preview (one undo step)"),
    ("p", "propose this segment's hand fix wherever the MT has the same words"),
    ("c or ctrl+enter", "confirm the segment and go to the next one not confirmed (ctrl+enter "
     "where the terminal tells it from Enter)"),
    ("U", "take the confirmation back"),
    ("e or Enter", "edit the post-edit; Enter or Esc when done; empty it (F7 selects all, "
     "then Backspace) to delete the paragraph (left out of an article's output)"),
    ("u / ctrl+r", "undo / redo (in the editor: ctrl+z / ctrl+y undo typing)"),
    ("t", "re-translate this segment with the model (--model), glossary terms forced"),
    ("g", "add the selected text (or the change under the cursor) to the glossary"),
    ("f", "show only segments that need attention / all segments"),
    ("/", "search segments (id, source, MT, post-edit); Esc clears"),
    ("b", "right-to-left source in visual order (the default) / logical order (for "
     "terminals that reorder it themselves)"),
    ("PgDn / PgUp, Home / End", "a page of segments / the first or last segment"),
    ("L", "write the edit log (every decision, with its time, the segment's editing time "
     "and HTER) to FILE.edit-log.jsonl"),
    ("ctrl+s", "save the session and the post-edited document"),
    ("q or ctrl+q", "quit (unsaved work: save, keep for later, or discard)"),
    ("? or F1", "this help"),
]

MARKERS: list[tuple[str, str, str]] = [
    ("[-old-]", "red strike", "text of the MT deleted in the post-edit"),
    ("{+new+}", "bold green", "text inserted in the post-edit"),
    ("[?old→new?]", "yellow", "an open proposal, not in the post-edit until accepted"),
    ("?", "bold yellow", "segment has open proposals / change is open"),
    ("✓", "green", "segment reviewed / change accepted / term present"),
    ("✗", "bold red", "segment has QA errors / change rejected / term missing or misspelt"),
    ("✎", "green", "change made by hand / segment edited, not confirmed (cyan)"),
    ("⌫", "magenta", "segment deleted (emptied)"),
    ("·", "dim", "segment untouched"),
]


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for key, what in KEYS:
        table.add_row(key, what)
    table.add_row("", "")
    for marker, style, what in MARKERS:
        table.add_row(Text(marker, style=style), what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("mt review — keys", classes="dialog-title")
            yield Static(help_table())
            yield Static(
                "Every decision is written to a journal beside the document as it happens; "
                "after a crash, mt review offers to recover it. The header counts the "
                "segments and words confirmed; Scores (side panel) show the segment's HTER "
                "and its active editing time (pauses over 30 s not counted). Esc closes "
                "this help.",
                classes="dialog-body",
            )

    def action_close(self) -> None:
        self.dismiss(None)
