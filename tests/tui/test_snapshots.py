"""Snapshots of the main screens at 120×40 and 80×24 (SVG under __snapshots__; regenerate with
``pytest tests/tui --snapshot-update`` and read the SVG before committing it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.tui.app import ReviewApp
from mt.tui.screens.review import ReviewScreen
from tests.conftest import needs_seed
from tests.tui.conftest import seed_session, settle, story_session

pytestmark = pytest.mark.slow

SIZES = [(120, 40), (80, 24)]


def quiet(session) -> ReviewApp:
    """An app whose opening notes (toasts that time out) are dropped and whose editing-time
    clock stands still (the time shown is 0:00 however slow the machine), for stable
    snapshots."""
    session.notes.clear()
    session.now = lambda: 0.0
    return ReviewApp(session)


def ready(*keys: str, segment_with: str | None = None):
    """A run_before: wait for the background work, go to a segment, press keys, wait again,
    and drop the toasts (they time out, so they would make snapshots flaky)."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot)
        if segment_with is not None:
            session = app.session
            target = next(i for i in range(len(session)) if segment_with in
                          session.segment(i).mt)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            screen.show_segment(target)
        await pilot.press(*keys)
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_screen(snap_compare, work: Path, size: tuple[int, int]) -> None:
    assert snap_compare(quiet(story_session(work)), terminal_size=size,
                        run_before=ready())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_segment_with_decisions(snap_compare, work: Path, size: tuple[int, int]) -> None:
    """Segment 3: one proposal accepted, one rejected, one open, cursor on the open one."""
    assert snap_compare(quiet(story_session(work)), terminal_size=size,
                        run_before=ready("a", "r", segment_with="the state of Barwan"))


@needs_seed
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_seed_article_without_source(snap_compare, work: Path, size: tuple[int, int]) -> None:
    assert snap_compare(quiet(seed_session(work)), terminal_size=size,
                        run_before=ready(segment_with="retreated to the Banshir Valley"))


def test_help_screen(snap_compare, work: Path) -> None:
    assert snap_compare(quiet(story_session(work)), terminal_size=(120, 40),
                        run_before=ready("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_glossary_form(snap_compare, work: Path, size: tuple[int, int]) -> None:
    assert snap_compare(quiet(story_session(work)), terminal_size=size,
                        run_before=ready("g", segment_with="Taleban"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_glossary_form_checked(snap_compare, work: Path, size: tuple[int, int]) -> None:
    """The add-term dialog after Enter: the warnings and what saving would change."""
    assert snap_compare(quiet(story_session(work)), terminal_size=size,
                        run_before=ready("g", *"combatants", "tab", *"fighters", "enter",
                                         segment_with="The narrow valley"))


def test_quit_dialog(snap_compare, work: Path) -> None:
    assert snap_compare(quiet(story_session(work)), terminal_size=(80, 24),
                        run_before=ready("a", "q"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_replace_dialog(snap_compare, work: Path, size: tuple[int, int]) -> None:
    assert snap_compare(quiet(story_session(work)), terminal_size=size,
                        run_before=ready("ctrl+f", *"resistance", "tab", *"Resistance"))


def test_entry_everywhere_dialog(snap_compare, work: Path) -> None:
    assert snap_compare(quiet(story_session(work)), terminal_size=(80, 24),
                        run_before=ready("ctrl+a", segment_with="Banshir"))
