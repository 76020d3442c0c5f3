"""When the review's folder fails (the journal or a save cannot be written: read-only, full),
the UI stays usable and offers to save the post-edit and the session elsewhere, never over an
input; the review then goes on there, journal included."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

import mt.fileio
from mt.document import EditStatus
from mt.formats import read_document
from mt.pipeline.review import Journal
from mt.tui.app import ReviewApp
from mt.tui.screens.review import ReviewScreen
from mt.tui.screens.save_as import SaveElsewhereScreen
from tests.conftest import STORY
from tests.tui.conftest import settle, story_session, sync


def simulate_read_only(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *, journal: bool = True
) -> None:
    """Make ``folder`` refuse new files (and, with ``journal``, appends to the journal) as a
    read-only folder does for a user who is not root."""
    real_mkstemp, real_append = tempfile.mkstemp, mt.fileio.append_json_lines

    def mkstemp(*args: Any, dir: Any = None, **kw: Any) -> Any:
        if dir is not None and Path(dir).resolve() == folder.resolve():
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kw)

    def append(handle: Any, records: Any) -> None:
        if Path(handle.name).parent.resolve() == folder.resolve():
            raise OSError(errno.EROFS, "Read-only file system")
        real_append(handle, records)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    if journal:
        monkeypatch.setattr(mt.fileio, "append_json_lines", append)


def make_read_only(how: str, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    if how == "chmod":
        folder.chmod(0o555)
    else:
        simulate_read_only(monkeypatch, folder)


async def answer(pilot: Any, dialog: SaveElsewhereScreen, path: Path) -> str:
    """Type ``path`` into the dialog and press Enter; what the dialog says is wrong, if open."""
    dialog.query_one("#save-as-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()
    if pilot.app.screen is not dialog:
        return ""
    return str(dialog.query_one("#save-as-problem", Static).render())


@pytest.mark.parametrize(
    "how",
    [
        "simulated",
        pytest.param(
            "chmod",
            marks=pytest.mark.skipif(
                os.geteuid() == 0, reason="root writes into read-only folders"
            ),
        ),
    ],
)
@sync
async def test_a_journal_that_cannot_be_written_offers_saving_elsewhere(
    work: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    there = tmp_path_factory.mktemp("elsewhere")
    app = ReviewApp(story_session(work))
    s = app.session
    try:
        async with app.run_test(size=(140, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            make_read_only(how, monkeypatch, work)
            i = next(n for n in range(len(s)) if s.pending(n))
            screen.show_segment(i)
            await pilot.press("a")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, SaveElsewhereScreen), "saving elsewhere is offered"
            assert any("NOT journaled" in str(n.message) for n in app._notifications)
            assert s.segment(i).edits[0].status is EditStatus.ACCEPTED, "kept in memory"
            assert "input" in await answer(pilot, dialog, work / f"{STORY}.ref.en")
            assert "cannot write" in await answer(pilot, dialog, work / "other.pe.en")
            assert "no format" in await answer(pilot, dialog, there / "story.docx")
            assert app.screen is dialog, "each refusal keeps the dialog open"
            await answer(pilot, dialog, there / f"{STORY}.pe.en")
            await settle(pilot)
            assert app.screen is screen
            fixed = s.segment(i).post_edit
            assert fixed in (there / f"{STORY}.pe.en").read_text(encoding="utf-8")
            saved = read_document(there / f"{STORY}.mt.en.mt.json", fmt="session")
            assert saved.segments[i].post_edit == fixed
            assert not s.dirty
            await pilot.press("u")  # the review goes on, journaled beside the new session
            await pilot.pause()
            journal = there / f"{STORY}.mt.en.mt-journal.jsonl"
            assert [r["op"] for r in Journal.read(journal) if r["t"] == "op"] == ["undo"]
            assert s.unjournaled == 1, "the lost write is still counted (mt review exits 2)"
            app.exit()
    finally:
        work.chmod(0o755)


@sync
async def test_a_failed_save_offers_saving_elsewhere_and_cancelling_keeps_working(
    work: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    there = tmp_path_factory.mktemp("elsewhere")
    app = ReviewApp(story_session(work))
    s = app.session
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        i = next(n for n in range(len(s)) if s.pending(n))
        screen.show_segment(i)  # type: ignore[attr-defined]
        await pilot.press("a")
        simulate_read_only(monkeypatch, work, journal=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveElsewhereScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert any(
            "NOT saved" in str(n.message) and "still in the journal" in str(n.message)
            for n in app._notifications
        )
        await pilot.press("j")  # still usable
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SaveElsewhereScreen), "ctrl+s offers it again"
        await answer(pilot, dialog, there / f"{STORY}.pe.en")
        await settle(pilot)
        assert (there / f"{STORY}.pe.en").exists() and not s.dirty
        app.exit()
