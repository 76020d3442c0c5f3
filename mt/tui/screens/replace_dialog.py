"""The find-and-replace dialog of `mt review`: find, replace, match case, whole word, and a
live preview of the segments it would change (``[-old-]{+new+}``, as in the segment view)
before applying. The session computes the preview
(:meth:`~mt.pipeline.review.ReviewSession.replace_preview`); the dialog only shows it and
dismisses with the chosen :class:`ReplaceQuery`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from mt.errors import MTError
from mt.pipeline.review.bulk import Replacement
from mt.text.diff import ChunkKind, word_diff
from mt.tui.styles import DELETE_STYLE, INSERT_STYLE, mark_deleted, mark_inserted

#: Segments listed in the preview; the count says how many more there are.
SHOWN = 50
CONTEXT = 30


@dataclass(frozen=True)
class ReplaceQuery:
    find: str
    replace: str
    case: bool = False
    whole_word: bool = False


Preview = Callable[[ReplaceQuery], list[tuple[str, Replacement]]]


def change_text(before: str, after: str) -> Text:
    """The changes between two post-edits with the review's markers (``[-old-]{+new+}``),
    unchanged runs shortened to their ends."""
    out = Text()
    for c in word_diff(before, after):
        if c.kind is ChunkKind.EQUAL:
            run = c.before
            if len(run) > 2 * CONTEXT:
                run = run[:CONTEXT] + "…" + run[-CONTEXT:] if out else "…" + run[-CONTEXT:]
            out.append(run)
            continue
        if c.before:
            out.append(mark_deleted(c.before), style=DELETE_STYLE)
        if c.after:
            out.append(mark_inserted(c.after), style=INSERT_STYLE)
    return out


class ReplaceScreen(ModalScreen[ReplaceQuery | None]):
    """Find and replace across the post-edits; dismisses with the query, ``None`` on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    def __init__(self, preview: Preview, find: str = "") -> None:
        super().__init__(id="replace-dialog")
        self.preview = preview
        self.initial = find
        self.found: list[tuple[str, Replacement]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog replace"):
            yield Static(Text("Find and replace in the post-edits"), classes="dialog-title")
            with Horizontal(classes="replace-row"):
                yield Static("Find", classes="replace-label")
                yield Input(self.initial, placeholder="text to find", id="replace-find",
                            compact=True)
            with Horizontal(classes="replace-row"):
                yield Static("Replace with", classes="replace-label")
                yield Input(placeholder="(empty: delete it)", id="replace-with", compact=True)
            with Horizontal(classes="replace-options"):
                yield Checkbox("Match case", id="replace-case", compact=True)
                yield Checkbox("Whole word", id="replace-word", compact=True)
            yield Static(id="replace-count")
            with VerticalScroll(id="replace-preview"):
                yield Static(id="replace-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Replace all [Enter]"), id="replace-ok", compact=True,
                             variant="primary")
                yield Button(Text("Cancel [Esc]"), id="replace-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#replace-find", Input).focus()
        self._update()

    def query_now(self) -> ReplaceQuery:
        return ReplaceQuery(self.query_one("#replace-find", Input).value,
                            self.query_one("#replace-with", Input).value,
                            self.query_one("#replace-case", Checkbox).value,
                            self.query_one("#replace-word", Checkbox).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._update()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._update()

    def _update(self) -> None:
        query = self.query_now()
        count = self.query_one("#replace-count", Static)
        listing = self.query_one("#replace-list", Static)
        self.found = []
        if not query.find:
            count.update(Text("type the text to find", style="dim"))
            listing.update("")
            return
        try:
            self.found = self.preview(query)
        except MTError as exc:
            count.update(Text(exc.message, style="yellow"))
            listing.update("")
            return
        n = sum(r.count for _id, r in self.found)
        segs = len(self.found)
        count.update(Text(f"{n} replacement{'s' if n != 1 else ''} in {segs} "
                          f"segment{'s' if segs != 1 else ''}" if segs else "no post-edit "
                          "holds it", style="bold" if segs else "yellow"))
        body = Text()
        for seg_id, r in self.found[:SHOWN]:
            body.append(f"{seg_id}  ", style="bold cyan")
            body.append_text(change_text(r.before, r.after))
            body.append("\n")
        if segs > SHOWN:
            body.append(f"… and {segs - SHOWN} more segments", style="dim")
        listing.update(body)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "replace-ok":
            self._done()
        else:
            self.dismiss(None)

    def _done(self) -> None:
        if not self.found:
            self.notify("nothing to replace", severity="warning", markup=False)
            return
        self.dismiss(self.query_now())

    def action_cancel(self) -> None:
        self.dismiss(None)
