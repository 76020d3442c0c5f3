"""The review UI driven with Pilot: moving, deciding, editing, undo, save, recovery, glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from mt.document import EditStatus, Origin
from mt.glossary.files import load_glossary
from mt.pipeline.review import Journal
from mt.tui.app import ReviewApp
from mt.tui.screens.dialogs import ChoiceScreen
from mt.tui.screens.glossary_form import GlossaryFormScreen
from mt.tui.screens.help import HelpScreen
from mt.tui.screens.review import ReviewScreen
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor
from tests.conftest import needs_seed
from tests.tui.conftest import STORY, pane_text, seed_session, settle, story_session, sync

pytestmark = pytest.mark.slow


def review(app: ReviewApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def notices(app: ReviewApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@sync
async def test_navigate_segments_issues_and_filter(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = review(story_app)
        session = story_app.session
        assert screen.current == 0
        await pilot.press("down", "j")
        assert screen.current == 2
        await pilot.press("k")
        assert screen.current == 1
        await pilot.press("right_square_bracket")
        assert screen.current == 2 and session.pending(2), "next segment with open proposals"
        order = session.edit_order(2)
        assert order[screen.change_pos] in session.pending(2)
        await pilot.press("right_square_bracket")
        assert screen.current == 2 and screen.change_pos == 1, "next proposal in the segment"
        await pilot.press("left", "l")
        assert screen.change_pos == 1
        await pilot.press("f")
        shown = story_app.screen.query_one(SegmentList).indices
        assert shown == [i for i in range(len(session)) if session.needs_attention(i)]
        assert len(shown) < len(session)
        await pilot.press("f")
        assert len(story_app.screen.query_one(SegmentList).indices) == len(session)


@sync
async def test_search_narrows_the_list(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"Banjshir", "enter")
        table = story_app.screen.query_one(SegmentList)
        assert len(table.indices) == 1
        assert "Banjshir" in story_app.session.segment(table.indices[0]).mt
        assert review(story_app).current == table.indices[0]
        await pilot.press("slash", "escape")
        assert len(table.indices) == len(story_app.session)


@sync
async def test_accept_reject_undo_redo(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = story_app.session
        seg = session.segment(0)
        await pilot.press("a")
        assert "Panjshir Valley" in seg.post_edit
        assert session.reviewed(0)
        table = story_app.screen.query_one(SegmentList)
        assert table.row_text(0).startswith("1 ✓")
        await pilot.press("u")
        assert seg.post_edit == seg.mt
        await pilot.press("ctrl+r")
        assert "Panjshir Valley" in seg.post_edit
        await pilot.press("j", "j")
        seg2 = session.segment(2)
        k = session.pending(2)[0]
        await pilot.press("r")
        assert seg2.edits[k].status is EditStatus.REJECTED
        await pilot.press("A")
        assert not session.pending(2) and session.reviewed(2)
        await settle(pilot)
        assert "1 of 14" not in story_app.screen.query_one("#doc-header").render().plain
        assert any(r["op"] == "accept-all" for r in Journal.read(session.paths.journal)
                   if r["t"] == "op")


@sync
async def test_edit_the_post_edit_inline(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = story_app.session
        await pilot.press("j", "e")
        editor = story_app.screen.query_one(PostEditor)
        assert editor.has_focus
        editor.move_cursor(editor.document.end)
        await pilot.press(*" Now.")
        await pilot.press("enter")
        assert not editor.has_focus
        seg = session.segment(1)
        assert seg.post_edit == seg.mt + " Now."
        human = [e for e in seg.edits if e.origin is Origin.HUMAN]
        assert len(human) == 1 and human[0].replacement.endswith("Now.")
        ops = [r for r in Journal.read(session.paths.journal) if r["t"] == "op"]
        assert len(ops) == 5, "every keystroke is journaled"
        await pilot.press("u")
        assert seg.post_edit == seg.mt, "one undo takes back the whole edit run"
        assert editor.text == seg.mt


@sync
async def test_save_writes_the_output(story_app: ReviewApp, work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "ctrl+s")
        await settle(pilot)
        out = work / f"{STORY}.pe.en"
        assert "attack on the Panjshir Valley" in out.read_text(encoding="utf-8")
        assert (work / f"{STORY}.mt.en.mt.json").exists()
        assert not story_app.session.dirty
        assert not story_app.session.paths.journal.exists()
        assert "saved" in story_app.screen.query_one("#doc-header").render().plain


@sync
async def test_the_header_breaks_between_facts_never_inside_one(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = story_app.screen.query_one("#doc-header").render().plain.splitlines()
        assert len(lines) == 2, "too wide for one line at 80 columns"
        assert all(len(line) <= 80 for line in lines)
        facts = [fact.strip() for line in lines for fact in line.split(" │ ")]
        assert "? 11 open" in facts and "✓ 0/14 · 0/283 w" in facts
        assert any(f.startswith("chrF ") and "HTER " in f for f in facts), facts


@sync
async def test_quit_asks_when_unsaved_and_can_save_first(story_app: ReviewApp,
                                                         work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "q")
        await pilot.pause()
        assert isinstance(story_app.screen, ChoiceScreen)
        await pilot.press("escape")
        assert isinstance(story_app.screen, ReviewScreen), "cancel keeps reviewing"
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await story_app.workers.wait_for_complete()
        await pilot.pause()
    assert story_app.return_code == 0
    assert "Panjshir Valley" in (work / f"{STORY}.pe.en").read_text(encoding="utf-8")


@sync
async def test_quit_without_saving_drops_the_journal(story_app: ReviewApp, work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert not (work / f"{STORY}.pe.en").exists()
    assert not story_app.session.paths.journal.exists()


@sync
async def test_quit_keeping_the_work_offers_it_next_time(story_app: ReviewApp,
                                                         work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "q")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
    assert not (work / f"{STORY}.pe.en").exists(), "keeping is not saving"
    assert story_app.session.paths.journal.exists()
    again = ReviewApp(story_session(work))
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ChoiceScreen), "the kept work is offered"
        await pilot.press("y")
        await pilot.pause()
        assert again.session.segment(0).post_edit.count("Panjshir") == 1
        again.session.close(discard=True)


@sync
async def test_recover_after_a_crash(work: Path) -> None:
    first = ReviewApp(story_session(work))
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "j", "e")
        editor = first.screen.query_one(PostEditor)
        editor.move_cursor(editor.document.end)
        await pilot.press(*" Lost?", "enter")
        assert first.session.paths.journal.exists()
        first.session._journal.close()  # the process dies here: nothing saved, nothing closed

    second = ReviewApp(story_session(work))
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dialog = second.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.id == "recover-dialog"
        assert "2 segments" in dialog.question
        await pilot.press("y")
        await settle(pilot)
        session = second.session
        assert "Panjshir Valley" in session.segment(0).post_edit
        assert session.segment(1).post_edit.endswith(" Lost?")
        assert session.dirty
        assert "● unsaved" in second.screen.query_one("#doc-header").render().plain


@sync
async def test_add_a_glossary_term_from_a_selection(story_app: ReviewApp, work: Path) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = story_app.session
        target = next(i for i in range(len(session))
                      if "interim president" in session.segment(i).mt)
        review(story_app).show_segment(target)
        await pilot.press("e")
        editor = story_app.screen.query_one(PostEditor)
        start = editor.text.index("interim president")
        editor.selection = editor.selection.__class__(
            editor.document.get_location_from_index(start),
            editor.document.get_location_from_index(start + len("interim president")))
        await pilot.press("escape", "g")
        await pilot.pause()
        form = story_app.screen
        assert isinstance(form, GlossaryFormScreen)
        assert form.query_one("#term-target", Input).value == "interim president"
        form.query_one("#term-target", Input).value = "caretaker president"
        form.query_one("#term-variants", Input).value = "interim president"
        form.query_one("#term-target", Input).focus()
        await pilot.press("enter", "enter")  # check, then save
        await settle(pilot)
        entry = load_glossary(work / "glossary.tsv").get("caretaker-president")
        assert entry.variants == ("interim president",)
        edits = [e for e in session.segment(target).edits if e.entry_id == entry.id]
        assert [e.status for e in edits] == [EditStatus.PROPOSED]
        assert any("caretaker president" in n for n in notices(story_app))


@sync
async def test_retranslate_without_a_model_and_help(story_app: ReviewApp) -> None:
    async with story_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert any("--model" in n for n in notices(story_app))
        await pilot.press("question_mark")
        assert isinstance(story_app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(story_app.screen, ReviewScreen)


@needs_seed
@sync
async def test_the_seed_article_end_to_end(work: Path) -> None:
    """The issue's done-when: Banshir→Panjshir accepted with its reason shown, state→province
    by hand, saved, found in the output file."""
    from tests.conftest import SEED

    app = ReviewApp(seed_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        screen = review(app)
        first = next(i for i in range(len(session)) if "Banshir" in session.segment(i).mt)
        screen.show_segment(first)
        await pilot.pause()
        changes = pane_text(screen.app, "changes")
        assert "Banshir → Panjshir" in changes and "glossary panjshir" in changes
        while session.pending(screen.current):
            await pilot.press("a")
        assert "Banshir" not in session.segment(first).post_edit
        state = next(i for i in range(len(session))
                     if "the state of Panjshir" in session.segment(i).mt)
        screen.show_segment(state)
        await pilot.press("e")
        editor = app.screen.query_one(PostEditor)
        at = editor.text.index("the state of Panjshir")
        editor.move_cursor(editor.document.get_location_from_index(at))
        await pilot.press(*["delete"] * len("the state of "))
        await pilot.press("ctrl+right", *" province", "enter")
        assert "Panjshir province" in session.segment(state).post_edit
        await pilot.press("ctrl+s")
        await settle(pilot)
    out = work / SEED.name.replace(".mt.", ".pe.")
    text = out.read_text(encoding="utf-8")
    assert "Panjshir province" in text
    assert text.count("Banshir") == SEED.read_text(encoding="utf-8").count("Banshir") - 1


@sync
async def test_document_text_is_never_read_as_markup(tmp_path: Path) -> None:
    doc = tmp_path / "odd.mt.en"
    doc.write_text("He said [sic] it was [/b] over.\nThe Banshir [bold]Valley[/bold].\n",
                   encoding="utf-8")
    from mt.pipeline.review import ReviewSession
    from tests.conftest import GLOSSARIES

    app = ReviewApp(ReviewSession.open(doc, glossary=GLOSSARIES / "afghanistan-news.ar-en.tsv"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "a")
        screen = review(app)
        assert "[bold]Valley[/bold]" in pane_text(screen.app, "diff")
        table = screen.query_one(SegmentList)
        assert "[/b]" in table.row_text(0)
