"""Issue 10 item 9 in the review UI: segments and words confirmed in the header, the current
segment's active editing time and HTER in the side panel, both in the exported edit log."""

from __future__ import annotations

import json
from pathlib import Path

from mt.pipeline.review import effort_seconds
from mt.tui.app import ReviewApp
from mt.tui.screens.review import ReviewScreen
from tests.conftest import STORY
from tests.tui.conftest import pane_text, settle, story_session, sync


def header(app: ReviewApp) -> str:
    return app.screen.query_one("#doc-header").render().plain


def scores_panel(app: ReviewApp) -> str:
    return pane_text(app, "scores")


@sync
async def test_header_counts_confirmed_segments_and_words(work: Path) -> None:
    session = story_session(work)
    app = ReviewApp(session)
    words = [len((s.source or s.mt).split()) for s in session.document]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert f"✓ confirmed 0/14 segments · 0/{sum(words)} words" in header(app)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        free = next(i for i in range(len(session)) if not session.pending(i))
        screen.show_segment(free)
        await pilot.press("c")
        await pilot.pause()
        assert f"✓ confirmed 1/14 segments · {words[free]}/{sum(words)} words" in header(app)


@sync
async def test_time_on_a_segment_is_shown_kept_and_exported(work: Path) -> None:
    session = story_session(work)
    clock = [1000.0]
    session.now = lambda: clock[0]
    app = ReviewApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        i = next(i for i in range(1, len(session)) if session.pending(i))
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        screen.show_segment(i - 1)
        await pilot.press("down")  # on segment i from t=1000
        clock[0] += 40.0  # away for 40 s: not editing time
        await pilot.press("left")
        clock[0] += 7.0
        await pilot.press("a")  # 7 s of work, then the proposal accepted
        clock[0] += 5.0
        await pilot.press("down", "up")  # 5 more s on segment i, then back to it
        await pilot.pause()
        panel = scores_panel(app)
        assert "· time 0:12 ·" in panel, panel
        assert "HTER" in panel
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
    out = work / f"{STORY}.mt.en.edit-log.jsonl"
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = [r for r in records if r["segment"] == session.segment(i).id]
    assert mine and mine[0]["decision"] == "accepted"
    assert mine[0]["seconds"] == 12.0 and mine[0]["hter"] > 0


def _time_session(work: Path) -> tuple[ReviewApp, list[float], int]:
    session = story_session(work)
    clock = [1000.0]
    session.now = lambda: clock[0]
    return ReviewApp(session), clock, next(i for i in range(len(session)) if session.pending(i))


async def _six_seconds_then_accept(app: ReviewApp, pilot, clock: list[float], i: int
                                   ) -> ReviewScreen:
    """On segment ``i`` from t=1000; 6 s later its first proposal accepted (journaled)."""
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    screen.show_segment(i)
    clock[0] += 6.0
    await pilot.press("a")
    return screen


@sync
async def test_editing_time_after_the_last_save_reaches_the_session_at_quit(work: Path) -> None:
    app, clock, i = _time_session(work)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _six_seconds_then_accept(app, pilot, clock, i)
        await pilot.press("ctrl+s")
        await settle(pilot)
        clock[0] += 9.0
        await pilot.press("left")  # 9 s more on it, nothing to save
        clock[0] += 4.0
        await pilot.press("ctrl+q")  # and 4 s before quitting
        await pilot.pause()
        assert app.screen is screen, "no question about unsaved work: only time changed"
    assert not (work / f"{STORY}.mt.en.mt-journal.jsonl").exists()
    again = story_session(work)
    assert effort_seconds(again.segment(i)) == 19.0


@sync
async def test_editing_time_is_journaled_when_unsaved_work_is_kept(work: Path) -> None:
    app, clock, i = _time_session(work)
    async with app.run_test(size=(120, 40)) as pilot:
        await _six_seconds_then_accept(app, pilot, clock, i)
        clock[0] += 9.0
        await pilot.press("left")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("k")  # keep the unsaved work in the journal
        await pilot.pause()
    again = story_session(work)
    assert again.recovery is not None and again.recovery.operations == 1
    again.recover()
    assert effort_seconds(again.segment(i)) == 15.0
