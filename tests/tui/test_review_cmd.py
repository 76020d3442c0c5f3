"""The `review` command function (registered as `mt review` by the CLI) and the bidi toggle."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from mt.cli.review_cmd import review
from mt.errors import UsageError
from mt.tui.app import ReviewApp
from mt.tui.screens.review import ReviewScreen
from tests.tui.conftest import STORY, pane_text, pane_title, settle, story_session, sync


def test_review_opens_the_session_and_runs_the_app(work: Path, monkeypatch) -> None:
    seen = {}

    def fake_run(app: ReviewApp) -> None:
        seen["session"] = app.session

    monkeypatch.setattr(ReviewApp, "run", fake_run)
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal", lambda command: None)
    review(work / f"{STORY}.mt.en", source=work / f"{STORY}.ar", ref=None,
           glossary=work / "glossary.tsv", model=None, output=work / "out.en", fmt=None,
           text_mode="auto", fresh=False)
    session = seen["session"]
    assert session.paths.output == work / "out.en"
    assert session.glossary is not None and session.document.has_source


def test_review_refuses_to_write_over_an_input(work: Path) -> None:
    with pytest.raises(UsageError, match="also an input"):
        review(work / f"{STORY}.mt.en", source=None, ref=None, glossary=None, model=None,
               output=work / f"{STORY}.mt.en", fmt=None, text_mode="auto", fresh=False)


@pytest.mark.slow
@sync
async def test_bidi_visual_by_default_and_the_toggle_gives_logical(work: Path, monkeypatch
                                                                  ) -> None:
    fake = types.ModuleType("bidi")
    fake.get_display = lambda text: text[::-1]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bidi", fake)
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        source = app.session.segment(0).source
        lines = pane_text(screen.app, "source").split("\n")
        assert " ".join(ln.strip()[::-1] for ln in lines) == source, "each line reordered"
        assert "visual order" in pane_title(screen.app, "source")
        await pilot.press("b")
        shown = pane_text(screen.app, "source").split("\n")
        assert " ".join(ln.strip() for ln in shown) == source, "wrapped, in logical order"
        assert "logical order" in pane_title(screen.app, "source")


@pytest.mark.slow
@sync
async def test_bidi_toggle_without_python_bidi_says_so(work: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "bidi", None)
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        assert any("python-bidi" in str(n.message) for n in app._notifications)
