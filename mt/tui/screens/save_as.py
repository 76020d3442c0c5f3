"""Save elsewhere: the journal or a save failed where the review writes (a read-only folder, a
full disk), so the post-edit and the session go to a file the translator names; the dialog
checks the name (through a ``check`` the screen gives it) and stays open until one is fine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from mt.tui.screens.dialogs import SaveAsScreen

#: Says what is wrong with saving to a path, or ``None`` when it can be saved there.
PathCheck = Callable[[Path], str | None]


class SaveElsewhereScreen(SaveAsScreen):
    """Ask where to save instead; dismisses with a path ``check`` accepted (the format follows
    from its name), or ``None`` on Escape."""

    DEFAULT_CSS = """
    SaveElsewhereScreen { align: center middle; background: $background 60%; }
    """

    def __init__(self, problem: str, suggestion: Path, check: PathCheck) -> None:
        super().__init__(problem, suggestion, None)
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(Text("Save elsewhere"), classes="dialog-title")
            yield Static(
                Text(
                    f"{self.reason}.\nYour work is safe in memory. Save the "
                    "post-edit to another file (its name says the format); the "
                    "session file and the journal go beside it."
                ),
                classes="dialog-body",
            )
            yield Input(str(self.output), placeholder="path", id="save-as-path")
            yield Static(id="save-as-problem", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Save [Enter]"), id="save-as-ok", compact=True, variant="primary")
                yield Button(Text("Cancel [Esc]"), id="save-as-cancel", compact=True)

    def _done(self) -> None:
        text = self.query_one("#save-as-path", Input).value.strip()
        problem = "give a path" if not text else self.check(Path(text).expanduser())
        if problem is not None:
            self.query_one("#save-as-problem", Static).update(Text(problem))
            return
        self.dismiss((Path(text).expanduser(), None))
