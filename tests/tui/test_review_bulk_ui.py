"""Document-wide review keys driven with Pilot: one glossary entry everywhere (ctrl+a), find and
replace with a preview (ctrl+f), propagating a hand fix (p); each one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.document import EditStatus
from mt.pipeline.review import Journal
from mt.tui.app import ReviewApp
from mt.tui.screens.dialogs import ChoiceScreen
from mt.tui.screens.replace_dialog import ReplaceScreen
from mt.tui.screens.review import ReviewScreen
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor
from tests.tui.conftest import settle, story_session, sync

pytestmark = pytest.mark.slow


def review(app: ReviewApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def ops(app: ReviewApp) -> list[str]:
    return [str(r.get("label")) for r in Journal.read(app.session.paths.journal)
            if r.get("t") == "op"]


def with_banshir(app: ReviewApp) -> int:
    s = app.session
    return next(i for i in range(len(s)) if "Banshir" in s.segment(i).mt and s.pending(i))


@sync
async def test_ctrl_a_accepts_one_entry_everywhere_and_u_undoes_it(work: Path) -> None:
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        s = app.session
        review(app).show_segment(with_banshir(app))
        found = s.entry_proposals("panjshir")
        assert found.count >= 2
        await pilot.press("ctrl+a")
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen) and dialog.id == "entry-dialog"
        assert (f"Accept or reject all {found.count} proposals of {found.label} in "
                f"{found.segments} segments?") in dialog.question
        await pilot.press("y")
        await settle(pilot)
        assert s.entry_proposals("panjshir").count == 0
        assert not any("Banshir" in s.segment(i).post_edit for i in found.where)
        assert ops(app)[-1] == f"accept all {found.label}", "one journal record"
        await pilot.press("u")
        assert s.entry_proposals("panjshir").count == found.count, "one undo restores all"


@sync
async def test_ctrl_a_reject_all_and_escape_cancels(work: Path) -> None:
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        s = app.session
        review(app).show_segment(with_banshir(app))
        n = s.entry_proposals("panjshir").count
        await pilot.press("ctrl+a", "escape")
        assert s.entry_proposals("panjshir").count == n and not s.dirty
        await pilot.press("ctrl+a", "n")
        await settle(pilot)
        assert s.entry_proposals("panjshir").count == 0
        assert any("Banshir" in seg.post_edit for seg in s.document)


@sync
async def test_ctrl_f_previews_then_replaces_in_one_undo_step(work: Path) -> None:
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        s = app.session
        before = [seg.post_edit for seg in s.document]
        await pilot.press("ctrl+f")
        dialog = app.screen
        assert isinstance(dialog, ReplaceScreen)
        await pilot.press(*"resistance", "tab", *"Resistance")
        await pilot.pause()
        want = s.replace_preview("resistance", "Resistance")
        assert want and [r for _id, r in dialog.found] == want
        count = dialog.query_one("#replace-count").render()
        assert f"in {len(want)} segment" in str(count)
        assert [seg.post_edit for seg in s.document] == before, "the preview changes nothing"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        for r in want:
            assert s.segment(r.index).post_edit == r.after
        assert ops(app)[-1].startswith("replace 'resistance' → 'Resistance'")
        await pilot.press("u")
        assert [seg.post_edit for seg in s.document] == before


@sync
async def test_p_propagates_a_hand_fix_as_proposals(work: Path) -> None:
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        s = app.session
        screen = review(app)
        first = next(i for i in range(len(s)) if "resistance" in s.segment(i).mt)
        others = s.propagation_candidates(first, "resistance", "Resistance")
        assert others
        screen.show_segment(first)
        s.set_post_edit(first, s.segment(first).post_edit.replace("resistance", "Resistance"))
        screen.show_segment(first)
        await pilot.press("p")
        assert isinstance(app.screen, ChoiceScreen) and app.screen.id == "propagate-dialog"
        await pilot.press("y")
        await settle(pilot)
        seg = s.segment(others[0])
        prop = [e for e in seg.edits if e.status is EditStatus.PROPOSED
                and e.replacement == "Resistance"]
        assert prop and prop[0].reason.startswith(
            f"propagated from segment {s.segment(first).id}")
        assert "resistance" in seg.post_edit, "a proposal, not applied"


@sync
async def test_after_a_hand_fix_a_note_offers_propagation(work: Path) -> None:
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        s = app.session
        screen = review(app)
        first = next(i for i in range(len(s)) if "resistance" in s.segment(i).mt)
        n = len(s.propagation_candidates(first, "resistance", "Resistance"))
        screen.show_segment(first)
        await pilot.press("e")
        editor = screen.query_one(PostEditor)
        editor.text = s.segment(first).post_edit.replace("resistance", "Resistance")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert s.segment(first).post_edit == editor.text
        assert isinstance(app.focused, SegmentList), "editing ends as before"
        shown = [str(m.message) for m in app._notifications]
        assert (f"p: propose 'resistance' → 'Resistance' in {n} other segment"
                f"{'s' if n != 1 else ''}") in shown


@sync
async def test_ctrl_a_from_a_glossary_finding_where_the_proposal_was_rejected(work: Path
                                                                              ) -> None:
    app = ReviewApp(story_session(work))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        s = app.session
        here = with_banshir(app)
        k = next(k for k in s.pending(here) if s.segment(here).edits[k].entry_id == "panjshir")
        s.reject(here, k)
        left = s.entry_proposals("panjshir")
        assert left.count >= 1 and here not in left.where
        review(app).show_segment(here)
        await pilot.press("ctrl+a")
        assert isinstance(app.screen, ChoiceScreen)
        assert f"{left.count} proposal" in app.screen.question and left.label in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert s.entry_proposals("panjshir").count == 0
