"""The form that adds a glossary entry: preferred term, forbidden variants, source term."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


@dataclass(frozen=True)
class TermForm:
    """What the form returns: the fields as typed (variants and sources split on ``|``)."""

    target: str
    variants: tuple[str, ...]
    sources: tuple[str, ...]
    note: str


def split_terms(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in text.split("|") if t.strip()))


class GlossaryFormScreen(ModalScreen[TermForm | None]):
    """Dismisses with a :class:`TermForm`, or ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, glossary_name: str, target: str = "", variants: str = "",
                 source: str = "") -> None:
        super().__init__()
        self.glossary_name = glossary_name
        self.initial = (target, variants, source)

    def compose(self) -> ComposeResult:
        target, variants, source = self.initial
        with Vertical(classes="dialog form"):
            yield Static(Text(f"Add a term to {self.glossary_name}"), classes="dialog-title")
            yield Label("Preferred term (what the translation must say)")
            yield Input(target, id="term-target", compact=True)
            yield Label("Forbidden variants, separated by |  (replaced by the term)")
            yield Input(variants, id="term-variants", compact=True)
            yield Label("Source term(s), separated by |  (optional)")
            yield Input(source, id="term-source", compact=True)
            yield Label("Note (optional)")
            yield Input("", id="term-note", compact=True)
            yield Static("", id="term-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Add [Enter]"), id="term-add", variant="primary", compact=True)
                yield Button(Text("Cancel [Esc]"), id="term-cancel", compact=True)

    def on_mount(self) -> None:
        first_empty = next((i for i in self.query(Input) if not i.value), None)
        (first_empty or self.query_one("#term-target", Input)).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "term-add":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        target = self.query_one("#term-target", Input).value.strip()
        if not target:
            self.query_one("#term-error", Static).update(Text("The preferred term is empty."))
            self.query_one("#term-target", Input).focus()
            return
        variants = split_terms(self.query_one("#term-variants", Input).value)
        if target in variants:
            self.query_one("#term-error", Static).update(
                Text("The preferred term cannot be one of its own variants."))
            return
        self.dismiss(TermForm(
            target=target,
            variants=variants,
            sources=split_terms(self.query_one("#term-source", Input).value),
            note=self.query_one("#term-note", Input).value.strip(),
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)
