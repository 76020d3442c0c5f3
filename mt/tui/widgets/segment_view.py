"""The current segment: source, the MT with its changes, the list of changes, the post-edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Static, TextArea

from mt.tui.widgets.quiet_update import SettledStatic, quiet_update, quiet_virtual_size
from mt.tui.widgets.text_pane import Section, TextPane

DIFF_HINT = "[-deleted-] {+inserted+} [?open proposal?]"
CHANGES_HINT = "←/→ select  a accept  r reject  ^a everywhere"


@dataclass(frozen=True)
class SegmentDisplay:
    """Everything the segment view shows, prepared by the screen."""

    title: Text
    source: Text | None
    source_label: str
    source_rtl: bool
    source_visual: bool
    diff: Text
    changes_title: Text
    changes: Text
    reference: str | None
    post_edit: str


class PostEditor(TextArea):
    """The editable post-edit. Enter or Escape ends editing (posts :class:`Done`); every change
    of the text arrives at the screen as ``TextArea.Changed``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Done editing", show=True, priority=True),
        Binding("escape", "done", "Done editing", show=False, priority=True),
    ]

    class Done(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, soft_wrap=True, tab_behavior="focus",
                         show_line_numbers=False, compact=True)

    def action_done(self) -> None:
        self.post_message(self.Done())

    def _refresh_size(self) -> None:
        # Soft-wrapped at a fixed height (app.tcss): a new virtual size (new text) moves the
        # scrollbar, it needs no layout pass of the screen (TextArea's own way asks for one).
        quiet_virtual_size(self, Size(0, self.wrapped_document.height))
        self.refresh()


class SegmentView(Vertical):
    """The middle pane. Call :meth:`show` with a :class:`SegmentDisplay`; the editor's text is
    only replaced when it differs, so the cursor stays put while the translator types.

    Two columns that app.tcss sets side by side (120 columns and wider) or stacks:
    ``#src-col`` (a :class:`TextPane` of the source and the reference) and ``#tgt-col`` (the
    post-edit box, then ``#mt-scroll``, a TextPane of the MT with its changes). Side by side
    the post-edit faces the source; stacked it is docked below the scrolling MT, so editing
    never scrolls it out of view."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title: Text | None = None

    def compose(self) -> ComposeResult:
        yield SettledStatic(id="seg-title")
        with Horizontal(id="seg-cols"):
            yield TextPane(id="src-col")
            with Vertical(id="tgt-col"):
                with Vertical(id="pe-box"):
                    with Horizontal(classes="label-row"):
                        yield SettledStatic("Post-edit", classes="section")
                        yield SettledStatic(Text("e edit  Enter/Esc done"), classes="hint")
                    yield PostEditor(id="editor")
                yield TextPane(id="mt-scroll")

    def show(self, display: SegmentDisplay) -> None:
        title = self.query_one("#seg-title", Static)
        if self._title != display.title:
            self._title = display.title
            quiet_update(title, display.title)
        sources: list[Section] = []
        if display.source is not None:
            sources.append(Section("source", display.source_label, display.source,
                                   right=display.source_rtl, visual=display.source_visual))
        if display.reference is not None:
            sources.append(Section("reference", "Reference", Text(display.reference),
                                   muted=True))
        src = self.query_one("#src-col", TextPane)
        src.display = bool(sources)
        src.show(sources)
        self.query_one("#seg-cols").set_class(not sources, "-target-only")
        self.update_changes(display.diff, display.changes_title, display.changes)
        editor = self.query_one(PostEditor)
        if editor.text != display.post_edit:
            editor.load_text(display.post_edit)

    def update_changes(self, diff: Text, title: Text, changes: Text) -> None:
        """Repaint only the diff and the change list (moving the change cursor)."""
        self.query_one("#mt-scroll", TextPane).show((
            Section("diff", "MT → post-edit", diff, DIFF_HINT),
            Section("changes", title, changes, CHANGES_HINT)))
