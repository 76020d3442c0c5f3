"""The add-term dialog (`g`): case and "only where the source has the term", the checks of
`mt glossary add` shown in the dialog, a preview of what saving changes; and `L`, the edit
log written from the UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Static

from mt.errors import UsageError
from mt.glossary import editing
from mt.glossary.entry import GlossaryEntry
from mt.glossary.files import load_glossary
from mt.tui.app import ReviewApp
from mt.tui.screens.glossary_form import GlossaryFormScreen
from mt.tui.screens.review import ReviewScreen
from tests.tui.conftest import settle, sync

pytestmark = pytest.mark.slow


async def open_form(pilot, target: str, variants: str = "", source: str = ""
                    ) -> GlossaryFormScreen:
    await settle(pilot)
    await pilot.press("g")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, GlossaryFormScreen)
    form.query_one("#term-target", Input).value = target
    form.query_one("#term-variants", Input).value = variants
    form.query_one("#term-source", Input).value = source
    form.query_one("#term-target", Input).focus()
    await pilot.pause()
    return form


def shown(form: GlossaryFormScreen, widget: str) -> str:
    return str(form.query_one(widget, Static).render())


def segments_with(app: ReviewApp, pattern: str) -> list[int]:
    session = app.session
    return [i for i in range(len(session)) if re.search(pattern, session.segment(i).mt)]


@sync
async def test_case_sensitive_entry_from_the_dialog(story_app: ReviewApp, work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "Valley", "valley")
        form.query_one("#term-case", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(story_app.screen, GlossaryFormScreen)  # checked, not saved yet
        lower = segments_with(story_app, r"\bvalley\b")
        assert f"{len(lower)} segments of this document get a new proposal" in shown(
            form, "#term-check")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(story_app.screen, ReviewScreen)
        entry = load_glossary(work / "glossary.tsv").get("valley")
        assert entry.case_sensitive
        session = story_app.session
        got = [i for i in range(len(session))
               if any(e.entry_id == "valley" for e in session.segment(i).edits)]
        assert got == lower  # "Banshir Valley" is left alone


@sync
async def test_preview_counts_the_segments_saving_changes(story_app: ReviewApp,
                                                          work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "combatants", "fighters")
        await pilot.press("enter")
        await pilot.pause()
        expected = segments_with(story_app, r"\bfighters\b")
        report = shown(form, "#term-check")
        assert f"{len(expected)} segments of this document get a new proposal" in report
        first = story_app.session.segment(expected[0]).id
        assert f"{first}: 'fighters' → 'combatants'" in report
        before = (work / "glossary.tsv").read_bytes()
        await pilot.press("escape")
        await settle(pilot)
        assert (work / "glossary.tsv").read_bytes() == before  # the check wrote nothing


@sync
async def test_duplicate_target_refused_in_the_dialog(story_app: ReviewApp, work: Path) -> None:
    before = (work / "glossary.tsv").read_bytes()
    async with story_app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "Taliban", "Talibans")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert story_app.screen is form  # refused: the dialog stays open
        error = shown(form, "#term-error")
        assert "already has the target 'Taliban'" in error
        assert "Save" not in str(form.query_one("#term-add").render())
    assert (work / "glossary.tsv").read_bytes() == before


@sync
async def test_source_box_shows_the_default_and_a_file_that_cannot_hold_it(
        story_app: ReviewApp, work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "district", "directorate", "مديرية")
        box = form.query_one("#term-require", Checkbox)
        assert box.value  # a lower-case term with a source term: only where the source has it
        assert form.fields().require_source is None  # the default: nothing to store
        box.value = False
        await pilot.pause()
        assert form.fields().require_source is False
        await pilot.press("enter")
        await pilot.pause()
        assert story_app.screen is form
        assert "cannot hold its require_source" in shown(form, "#term-error")


def test_id_policy_messages_name_no_cli_option(work: Path) -> None:
    path = work / "glossary.tsv"
    with pytest.raises(UsageError) as taken:
        editing.check_add(path, GlossaryEntry(id="panjshir", target="Panjshir Valley"))
    with pytest.raises(UsageError) as derived:
        editing.check_add(path, GlossaryEntry(id="pv", target="Panjshir Valley"))
    for exc in (taken.value, derived.value):
        assert "--id" not in exc.message
    assert "give it another id" in taken.value.message
    assert "leave the id out" in derived.value.message


@sync
async def test_L_writes_the_edit_log(story_app: ReviewApp, work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "L")
        await pilot.pause()
    out = work / "panjshir-offensive.mt.en.edit-log.jsonl"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and '"decision": "accepted"' in lines[0]
