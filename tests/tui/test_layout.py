"""The review screen's layout at 120×40 and 80×24: source beside the post-edit when wide,
stacked when narrow, a segment list that can be read, the post-edit box in view while editing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from mt.tui.app import ReviewApp
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor
from mt.tui.widgets.text_pane import TextPane
from tests.conftest import needs_seed
from tests.tui.conftest import seed_session, settle, sync

pytestmark = pytest.mark.slow


def shared_rows(a: Region, b: Region) -> bool:
    return a.y < b.bottom and b.y < a.bottom


def list_text_width(app: ReviewApp) -> int:
    """How many characters of the current segment's text its list row shows."""
    seglist = app.screen.query_one(SegmentList)
    row = seglist.cursor - seglist.scroll_offset.y
    shown = seglist.render_line(row).text.rstrip()
    seg_id, marks, _ = seglist._rows[seglist.cursor]
    prefix = f"{seg_id.rjust(seglist._id_width)} {marks.plain} "
    assert shown.startswith(prefix)
    return len(shown) - len(prefix)


@sync
async def test_source_beside_the_post_edit_at_120(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        source = story_app.screen.query_one("#src-col", TextPane).section_region("source")
        editor = story_app.screen.query_one(PostEditor).region
        assert source.area and editor.area
        assert shared_rows(source, editor), (source, editor)
        assert not source.overlaps(editor)
        assert source.right <= editor.x


@sync
async def test_source_above_the_post_edit_at_80(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = story_app.screen
        view = screen.query_one("#segment")
        view.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        source = screen.query_one("#src-col", TextPane).section_region("source")
        diff = screen.query_one("#mt-scroll", TextPane).section_region("diff")
        assert source.area and diff.area
        assert source.bottom <= diff.y, "stacked: the MT below the source"
        assert not shared_rows(source, diff)


@sync
async def test_the_list_shows_enough_text(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert list_text_width(story_app) >= 40
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert list_text_width(story_app) >= 15


@needs_seed
@sync
async def test_the_post_edit_box_stays_in_view_while_editing_at_80(work: Path) -> None:
    """The seed's long paragraphs: typing in the box never pushes it below the pane."""
    app = ReviewApp(seed_session(work))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        pane = screen.query_one("#segment").region
        for _ in range(4):
            await pilot.press("j", "e")
            editor = screen.query_one(PostEditor)
            assert editor.has_focus
            editor.move_cursor(editor.document.end)
            await pilot.press(*" and more words typed here")
            await pilot.pause()
            region = editor.region
            assert region.area, "the editor is on screen"
            assert pane.contains_region(region), (pane, region)
            assert region.y <= editor.cursor_screen_offset.y < region.bottom
            await pilot.press("enter")
