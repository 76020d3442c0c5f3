"""Small modal dialogs: a question with a few answers (quit with unsaved work, recover), and
save-as when the output's format cannot hold the post-edit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class ChoiceScreen(ModalScreen[str]):
    """Ask ``question``; dismisses with the id of the chosen answer (``cancel`` on Escape).

    ``answers`` are ``(id, label, key)``: the key picks the answer too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('cancel')", "Cancel", show=False),
    ]

    def __init__(self, title: str, question: str, answers: Sequence[tuple[str, str, str]],
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.question = question
        self.answers = list(answers)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.question), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for n, (answer, label, key) in enumerate(self.answers):
                    shown = {"escape": "Esc"}.get(key, key)
                    yield Button(Text(f"{label} [{shown}]"), id=f"answer-{answer}", compact=True,
                                 variant="primary" if n == 0 else "default")

    def on_mount(self) -> None:
        for answer, _label, key in self.answers:
            self._bindings.bind(key, f"choose('{answer}')", show=False)
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "answer-cancel").removeprefix("answer-"))

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer)


class SaveAsScreen(ModalScreen[tuple[Path, str | None] | None]):
    """The output cannot be written as it is: ask for another path and format (dismisses with
    them, or ``None`` on Escape). The format may stay empty: the file name then decides."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    def __init__(self, reason: str, output: Path, fmt: str | None) -> None:
        super().__init__(id="save-as-dialog")
        self.reason = reason
        self.output = output
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        from mt.formats import format_names

        suggestion = self.output.with_name(self.output.name + ".jsonl")
        with Vertical(classes="dialog"):
            yield Static(Text("Save as"), classes="dialog-title")
            yield Static(Text(f"{self.output.name} cannot hold the post-edit: {self.reason}.\n"
                              "Save the output to another file (the session is saved)."),
                         classes="dialog-body")
            yield Input(str(suggestion), placeholder="path", id="save-as-path")
            yield Input(self.fmt or "", id="save-as-format",
                        placeholder="format (empty: from the name): " + ", ".join(format_names()))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Save [Enter]"), id="save-as-ok", compact=True,
                             variant="primary")
                yield Button(Text("Cancel [Esc]"), id="save-as-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save-as-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-as-ok":
            self._done()
        else:
            self.dismiss(None)

    def _done(self) -> None:
        path = self.query_one("#save-as-path", Input).value.strip()
        fmt = self.query_one("#save-as-format", Input).value.strip() or None
        if not path:
            self.notify("give a path", severity="warning", markup=False)
            return
        self.dismiss((Path(path).expanduser(), fmt))

    def action_cancel(self) -> None:
        self.dismiss(None)
