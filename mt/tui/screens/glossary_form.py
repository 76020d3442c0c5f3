"""The form that adds a glossary entry: preferred term, forbidden variants, source term, case
and "only where the source has the term". Enter first checks the entry by the rules of
`mt glossary add` (:func:`mt.glossary.editing.check_add`) and shows what it would change in the
document (:func:`~mt.pipeline.review.term_preview.preview_entry`); Enter again saves it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from mt.document import Document
from mt.errors import MTError
from mt.glossary.editing import check_add
from mt.glossary.entry import GlossaryEntry, default_require_source
from mt.pipeline.review.term_preview import preview_entry


@dataclass(frozen=True)
class TermForm:
    """What the form returns: the fields as typed (variants and sources split on ``|``);
    ``require_source`` is ``None`` where the box shows the default for these terms."""

    target: str
    variants: tuple[str, ...]
    sources: tuple[str, ...]
    note: str
    case_sensitive: bool = False
    require_source: bool | None = None

    def entry(self) -> GlossaryEntry:
        """The glossary entry (no id yet) these fields describe."""
        return GlossaryEntry(id="", target=self.target, variants=self.variants,
                             sources=self.sources, note=self.note,
                             case_sensitive=self.case_sensitive,
                             require_source=self.require_source)


def split_terms(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in text.split("|") if t.strip()))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class GlossaryFormScreen(ModalScreen[TermForm | None]):
    """Dismisses with a checked :class:`TermForm`, or ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, glossary: Path, document: Document, target: str = "",
                 variants: str = "", source: str = "") -> None:
        super().__init__()
        self.glossary = glossary
        self.document = document
        self.initial = (target, variants, source)
        self.checked: TermForm | None = None  # the fields last checked and found addable
        self.source_box_set = False  # whether the translator set "only where the source..."

    def compose(self) -> ComposeResult:
        target, variants, source = self.initial
        with Vertical(classes="dialog form"):
            yield Static(Text(f"Add a term to {self.glossary.name}"), classes="dialog-title")
            for label, field_id, value, hint in (
                ("Preferred term", "term-target", target, "what the translation must say"),
                ("Variants", "term-variants", variants,
                 "forbidden spellings, replaced by the term; separated by |"),
                ("Source terms", "term-source", source, "optional; separated by |"),
                ("Note", "term-note", "", "optional, for the translator"),
            ):
                with Horizontal(classes="term-row"):
                    yield Label(label, classes="term-label")
                    yield Input(value, placeholder=hint, id=field_id, compact=True)
            with Horizontal(classes="term-options"):
                yield Checkbox("Case sensitive", id="term-case", compact=True)
                yield Checkbox("Only where the source has the term", id="term-require",
                               compact=True)
            with VerticalScroll(id="term-report"):
                yield Static("", id="term-check")
                yield Static("", id="term-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Check [Enter]"), id="term-add", variant="primary",
                             compact=True)
                yield Button(Text("Cancel [Esc]"), id="term-cancel", compact=True)

    def on_mount(self) -> None:
        self._sync_source_box()
        first_empty = next((i for i in self.query(Input) if not i.value), None)
        (first_empty or self.query_one("#term-target", Input)).focus()

    # -- the fields -----------------------------------------------------------------------

    def fields(self) -> TermForm:
        """The form as typed now."""
        target = self.query_one("#term-target", Input).value.strip()
        sources = split_terms(self.query_one("#term-source", Input).value)
        require = self.query_one("#term-require", Checkbox).value
        default = default_require_source(GlossaryEntry(id="", target=target, sources=sources))
        return TermForm(
            target=target,
            variants=split_terms(self.query_one("#term-variants", Input).value),
            sources=sources,
            note=self.query_one("#term-note", Input).value.strip(),
            case_sensitive=self.query_one("#term-case", Checkbox).value,
            require_source=None if require == default else require,
        )

    def _sync_source_box(self) -> None:
        """Until the translator sets it, the box shows what the fixer does by default."""
        if self.source_box_set:
            return
        box = self.query_one("#term-require", Checkbox)
        target = self.query_one("#term-target", Input).value.strip()
        sources = split_terms(self.query_one("#term-source", Input).value)
        with box.prevent(Checkbox.Changed):
            box.value = default_require_source(GlossaryEntry(id="", target=target,
                                                             sources=sources))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._sync_source_box()
        self._unchecked()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.checkbox.id == "term-require":
            self.source_box_set = True
        self._unchecked()

    def _unchecked(self) -> None:
        if self.checked is None:
            return
        self.checked = None
        self.query_one("#term-add", Button).label = Text("Check [Enter]")
        self.query_one("#term-check", Static).update("")

    # -- check, then save -----------------------------------------------------------------

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
        form = self.fields()
        if self.checked is not None and form == self.checked:
            self.dismiss(form)
            return
        self.check(form)

    def check(self, form: TermForm) -> None:
        """Check ``form`` as `mt glossary add` would; show the refusal, or the warnings and
        what saving would change."""
        error = self.query_one("#term-error", Static)
        report = self.query_one("#term-check", Static)
        error.update("")
        error.set_class(False, "shown")
        report.update("")
        try:
            addition = check_add(self.glossary, form.entry())
        except MTError as exc:
            error.update(Text(exc.message[:1].upper() + exc.message[1:]))
            error.set_class(True, "shown")
            self.query_one("#term-target", Input).focus()
            return
        preview = preview_entry(self.document, addition.entry)
        lines = [f"⚠ {f.message}" for f in addition.findings]
        lines.append(f"Saving adds entry {addition.entry.id}: "
                     f"{plural(preview.segments, 'segment')} of this document get a new "
                     "proposal" + (":" if preview.examples else "."))
        lines += [f"  {x.segment_id}: {x.before!r} → {x.after!r}" for x in preview.examples]
        lines.append("Enter again to save.")
        report.update(Text("\n".join(lines)))
        self.checked = form
        self.query_one("#term-add", Button).label = Text("Save [Enter]")

    def action_cancel(self) -> None:
        self.dismiss(None)
