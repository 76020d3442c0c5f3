"""Fixtures for the review UI: copies of the samples (a review writes beside its document)."""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from mt.pipeline.review import ReviewSession
from mt.tui.app import ReviewApp
from mt.tui.screens.review import ReviewScreen
from mt.tui.widgets.text_pane import TextPane
from tests.conftest import SEED, STORY, copy_story


@pytest.fixture
def work(tmp_path: Path) -> Path:
    copy_story(tmp_path)
    if SEED.is_file():
        shutil.copy(SEED, tmp_path / SEED.name)
    return tmp_path


def story_session(work: Path) -> ReviewSession:
    return ReviewSession.open(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar",
                              reference=work / f"{STORY}.ref.en",
                              glossary=work / "glossary.tsv")


def seed_session(work: Path) -> ReviewSession:
    return ReviewSession.open(work / SEED.name, glossary=work / "glossary.tsv")


@pytest.fixture
def story_app(work: Path) -> ReviewApp:
    return ReviewApp(story_session(work))


async def settle(pilot) -> None:
    """Wait until the background QA and document scores are in and the screen repainted (also
    under a dialog: the review screen's work goes on beneath it)."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = next((s for s in app.screen_stack if isinstance(s, ReviewScreen)), None)
        if screen is None:
            return
        if screen.qa_done and not screen.scores_pending and not screen.saving:
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("background work did not finish")


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (no pytest async plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def retranslated(pilot: Any, segment: int = 0) -> list[Any]:
    """Press ``t`` and wait until the re-translation of ``segment`` is in; its neural edits."""
    from mt.document import Origin

    screen, session = pilot.app.screen, pilot.app.session
    assert isinstance(screen, ReviewScreen)
    await pilot.press("t")
    for _ in range(600):
        await pilot.pause(0.05)
        neural = [e for e in session.segment(segment).edits if e.origin is Origin.NEURAL]
        if screen.retranslating is None and neural:
            return neural
    raise AssertionError("the re-translation did not come")


async def confidence_shown(pilot: Any) -> str:
    """The side panel's word confidence once the model has scored the segment."""
    for _ in range(300):
        await pilot.pause(0.05)
        shown = pane_text(pilot.app, "confidence")
        if "scoring" not in shown:
            return shown
    raise AssertionError("the word confidence did not come")


def _pane_with(app: ReviewApp, section: str) -> TextPane:
    for pane in app.screen.query(TextPane):
        if any(s.name == section for s in pane.sections):
            return pane
    raise AssertionError(f"no pane shows a {section!r} section")


def pane_text(app: ReviewApp, section: str) -> str:
    """The body of ``section`` ("source", "diff", "changes", "qa", "scores", ...) as the screen
    shows it: its wrapped lines, joined by newlines."""
    return _pane_with(app, section).text(section)


def pane_title(app: ReviewApp, section: str) -> str:
    return _pane_with(app, section).title(section)
