"""Small modal dialogs: a question with a few answers (quit with unsaved work, recover)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


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
