"""The titled, scrolling text panes of the review screen (TextPane): wrapping, scrolling,
dim hints and muted text, the compact form at 80 columns."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from mt.tui.app import ReviewApp
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.text_pane import Section, TextPane
from tests.tui.conftest import settle, sync

CSS = """
TextPane { height: 6; width: 30; overflow-y: scroll; scrollbar-size-vertical: 1; }
TextPane > .text-pane--title { color: #ffc473; text-style: bold; }
TextPane > .text-pane--hint { color: $text-muted; }
TextPane > .text-pane--muted { color: $text-muted; }
"""


class PaneApp(App[None]):
    CSS = CSS

    def compose(self) -> ComposeResult:
        yield TextPane(id="pane")


def colour_of(strip_text: str, strips: list) -> set[str]:
    """The colours of the segments whose text contains ``strip_text``."""
    return {str(s.style.color.name) for strip in strips for s in strip
            if strip_text in s.text and s.style and s.style.color}


@sync
async def test_a_long_section_scrolls_and_a_short_one_after_it_starts_at_the_top() -> None:
    app = PaneApp()
    async with app.run_test(size=(40, 10)) as pilot:
        pane = app.query_one(TextPane)
        words = " ".join(f"word{n}" for n in range(60))
        pane.show([Section("body", "Title", Text(words))])
        await pilot.pause()
        lines = pane.text("body").split("\n")
        assert len(lines) > 6 and all(len(ln) <= 29 for ln in lines), "wrapped to the pane"
        assert " ".join(lines) == words, "no word lost at a wrap"
        assert pane.virtual_size.height == len(lines) + 2  # a blank line and the title
        assert pane.vertical_scrollbar.window_virtual_size > pane.vertical_scrollbar.window_size
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert pane.scroll_offset.y > 0
        pane.show([Section("body", "Title", Text("short"))])
        await pilot.pause()
        assert pane.scroll_offset.y == 0, "the scroll range follows the new text"
        assert "short" in pane.render_line(2).text


@sync
async def test_hints_are_dim_and_muted_text_is_muted() -> None:
    app = PaneApp()
    async with app.run_test(size=(40, 10)) as pilot:
        pane = app.query_one(TextPane)
        pane.show([Section("ref", "Reference", Text("quiet words"), hint="a hint",
                           muted=True)])
        await pilot.pause()
        strips = [pane.render_line(y) for y in range(4)]
        text = colour_of("Reference", strips)
        hint = colour_of("hint", strips)
        body = colour_of("quiet", strips)
        plain = {str(app.query_one(TextPane).rich_style.color.name)}
        assert text == {"#ffc473"}
        assert hint and body and hint == body, "both $text-muted"
        assert body != plain, "muted text is not drawn in the normal text colour"
        assert hint != {"#ffffff"}, "$text-muted blended, not full white"


@sync
async def test_compact_leaves_out_hints_and_blank_lines() -> None:
    app = PaneApp()
    async with app.run_test(size=(40, 10)) as pilot:
        pane = app.query_one(TextPane)
        pane.show([Section("a", "First", Text("one"), hint="hint"),
                   Section("b", "Second", Text("two"))])
        await pilot.pause()
        assert [pane.render_line(y).text.rstrip() for y in range(5)] == [
            "", "First".ljust(29 - len("hint")) + "hint", "one", "", "Second"]
        pane.set_compact(True)
        await pilot.pause()
        assert [pane.render_line(y).text.rstrip() for y in range(4)] == [
            "First", "one", "Second", "two"]


@sync
async def test_segment_ids_in_the_list_are_muted(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seglist = story_app.screen.query_one(SegmentList)
        row = [s for s in seglist.render_line(1) if s.text.strip()]  # not the cursor's row
        seg_id, text = row[0], row[-1]
        assert seg_id.text.strip() == seglist._rows[1][0]
        assert seg_id.style and text.style and seg_id.style.color and text.style.color
        dimmer = sum(seg_id.style.color.get_truecolor()) < sum(text.style.color.get_truecolor())
        assert dimmer, "the id is drawn dimmer than the text ($text-muted)"
