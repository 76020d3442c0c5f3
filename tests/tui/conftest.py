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
