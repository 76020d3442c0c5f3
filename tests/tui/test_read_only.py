"""The review UI read-only, while a real review in another process holds the document: a
banner says who holds it, every editing key says "read-only", looking around and the edit log
work, and nothing of the other review's files changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.tui.app import ReviewApp
from mt.tui.screens.review import ReviewScreen
from mt.tui.widgets.doc_header import DocHeader
from tests.conftest import STORY
from tests.test_locks import files, hold_review, second_review
from tests.tui.conftest import settle, sync

#: Every key of the review screen that would change the review or write it.
EDITING_KEYS = [
    "a",
    "r",
    "A",
    "R",
    "ctrl+a",
    "ctrl+f",
    "p",
    "c",
    "U",
    "e",
    "u",
    "ctrl+r",
    "t",
    "g",
    "ctrl+s",
    "enter",
]


@sync
async def test_read_only_keys_say_so_and_write_nothing(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proc, ready, stop = hold_review(work)
    ready.unlink()
    try:
        (session,) = second_review(work, monkeypatch)
        monkeypatch.undo()  # the real ReviewApp.run from here on
        before = files(work)
        app = ReviewApp(session)
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            header = str(screen.query_one(DocHeader).render())
            assert f"read-only: being reviewed by pid {proc.pid} on host" in header
            shown = {i: session.segment(i).post_edit for i in range(len(session))}
            for key in EDITING_KEYS:
                app.clear_notifications()
                await pilot.press(key)
                await pilot.pause()
                said = [str(n.message) for n in app._notifications]
                assert app.screen is screen, f"{key} opened nothing"
                assert any(m.startswith("read-only: being reviewed") for m in said), key
            assert {i: session.segment(i).post_edit for i in range(len(session))} == shown
            await pilot.press("j", "j")
            assert screen.current == 2, "moving works"
            await pilot.press("L")
            await pilot.pause()
            assert (work / f"{STORY}.mt.en.edit-log.jsonl").exists(), "the edit log is written"
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0, "quit at once: nothing is unsaved"
        after = files(work)
        del after[f"{STORY}.mt.en.edit-log.jsonl"]
        assert after == before, "nothing of the holder's changed"
    finally:
        stop.touch()
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode() if proc.stderr else ""
