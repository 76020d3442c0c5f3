"""The current segment: source, the MT with its changes, the list of changes, the post-edit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static, TextArea

from mt.tui.widgets.quiet_update import Settled, SettledStatic, quiet_update


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
        size = Size(0, self.wrapped_document.height)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        self.refresh()


class SourceText(Settled, Static):
    """The source paragraph. In visual order (right-to-left text for terminals that do no bidi)
    the logical text is wrapped to the pane's width first and each line is then reordered, so
    the paragraph reads from its top line down, each line right to left."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.logical = Text()
        self.reorder = False

    def show(self, text: Text, *, visual: bool) -> None:
        self.logical, self.reorder = text, visual
        quiet_update(self, text)

    def _visual(self, width: int) -> Text:
        from mt.tui.render import visual_order

        lines = self.logical.wrap(self.app.console, max(width, 1))
        return Text("\n".join(visual_order(line.plain.strip()) for line in lines))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Measured at the width the layout offers, not the current one: one pass settles it.
        if not self.reorder:
            return super().get_content_height(container, viewport, width)
        return len(self._visual(width).split())

    def render(self) -> RenderResult:
        if not self.reorder:
            return self.logical
        return self._visual(self.content_size.width)


class SegmentView(Vertical):
    """The middle pane. Call :meth:`show` with a :class:`SegmentDisplay`; the editor's text is
    only replaced when it differs, so the cursor stays put while the translator types.

    Two columns that app.tcss sets side by side (120 columns and wider) or stacks:
    ``#src-col`` (source, reference) and ``#tgt-col`` (the post-edit box, then the MT with its
    changes). Side by side the post-edit faces the source; stacked it is docked below the
    scrolling MT, so editing never scrolls it out of view."""

    can_focus = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield SettledStatic(id="seg-title")
        with Horizontal(id="seg-cols"):
            with VerticalScroll(id="src-col", can_focus=False):
                yield SettledStatic("Source", id="source-label", classes="section")
                yield SourceText(id="source")
                yield SettledStatic("Reference", id="reference-label", classes="section")
                yield SettledStatic(id="reference")
            with Vertical(id="tgt-col"):
                with Vertical(id="pe-box"):
                    with Horizontal(classes="label-row"):
                        yield SettledStatic("Post-edit", classes="section")
                        yield SettledStatic(Text("e edit  Enter/Esc done"), classes="hint")
                    yield PostEditor(id="editor")
                with VerticalScroll(id="mt-scroll", can_focus=False):
                    with Horizontal(classes="label-row"):
                        yield SettledStatic("MT → post-edit", classes="section")
                        yield SettledStatic(Text("[-deleted-] {+inserted+} [?open proposal?]"),
                                     classes="hint")
                    yield SettledStatic(id="diff")
                    with Horizontal(classes="label-row"):
                        yield SettledStatic(id="changes-title", classes="section")
                        yield SettledStatic(
                            Text("←/→ select  a accept  r reject  ^a everywhere"),
                            classes="hint")
                    yield SettledStatic(id="changes")

    def _set(self, selector: str, content: Text) -> None:
        """Update a Static only when its content changes, laid out again only when its height
        does."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            quiet_update(self.query_one(selector, Static), content)

    def show(self, display: SegmentDisplay) -> None:
        self._set("#seg-title", display.title)
        has_source = display.source is not None
        self.query_one("#source-label", Static).display = has_source
        source = self.query_one("#source", SourceText)
        source.display = has_source
        if display.source is not None:
            self._set("#source-label", Text(display.source_label))
            source.set_class(display.source_rtl, "rtl")
            if (source.logical, source.reorder) != (display.source, display.source_visual):
                source.show(display.source, visual=display.source_visual)
        self._set("#diff", display.diff)
        self._set("#changes-title", display.changes_title)
        self._set("#changes", display.changes)
        has_ref = display.reference is not None
        self.query_one("#reference-label", Static).display = has_ref
        ref = self.query_one("#reference", Static)
        ref.display = has_ref
        if display.reference is not None:
            self._set("#reference", Text(display.reference))
        self.query_one("#src-col").display = has_source or has_ref
        self.query_one("#seg-cols").set_class(not (has_source or has_ref), "-target-only")
        editor = self.query_one(PostEditor)
        if editor.text != display.post_edit:
            editor.load_text(display.post_edit)

    def update_changes(self, diff: Text, title: Text, changes: Text) -> None:
        """Repaint only the diff and the change list (moving the change cursor)."""
        self._set("#diff", diff)
        self._set("#changes-title", title)
        self._set("#changes", changes)
