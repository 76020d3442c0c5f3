"""After a hand fix of a name in `mt review`: a note offers it as a glossary entry (g, prefilled
with the source term) and for the other occurrences (p); the translator can ignore it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from mt.document import EditStatus
from mt.glossary.files import load_glossary
from mt.tui.app import ReviewApp
from mt.tui.screens.dialogs import ChoiceScreen
from mt.tui.screens.glossary_form import GlossaryFormScreen
from mt.tui.screens.review import ReviewScreen
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor
from tests.conftest import STORY
from tests.tui.conftest import settle, story_session, sync

pytestmark = pytest.mark.slow


@pytest.fixture
def app(work: Path) -> ReviewApp:
    """A review of the story three times over (Banshir in three segments) with the temp copy
    of the glossary less its Panjshir entry (else the glossary fixes Banshir itself)."""
    for suffix in (".ar", ".mt.en", ".ref.en"):
        story = work / f"{STORY}{suffix}"
        story.write_text(story.read_text(encoding="utf-8") * 3, encoding="utf-8")
    path = work / "glossary.tsv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(ln for ln in lines if not ln.startswith("بنجشير\t")),
                    encoding="utf-8")
    return ReviewApp(story_session(work))


async def hand_fix(pilot, old: str, new: str) -> int:
    """Type ``new`` over ``old`` in the first segment holding it; returns the segment."""
    await settle(pilot)
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    s = app.session
    first = next(i for i in range(len(s)) if old in s.segment(i).mt)
    screen.show_segment(first)
    await pilot.press("e")
    screen.query_one(PostEditor).text = s.segment(first).post_edit.replace(old, new)
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    return first


def notes(app: ReviewApp) -> list[str]:
    return [str(m.message) for m in app._notifications]


def proposes(app: ReviewApp, index: int, old: str, new: str) -> bool:
    return any(e.status is EditStatus.PROPOSED and (e.original, e.replacement) == (old, new)
               for e in app.session.segment(index).edits)


@sync
async def test_a_hand_fix_of_banshir_offers_a_glossary_entry_with_its_arabic(
    app: ReviewApp, work: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        first = await hand_fix(pilot, "Banshir", "Panjshir")
        s = app.session
        others = s.propagation_candidates(first, "Banshir", "Panjshir")
        assert others
        assert (f"g: add 'Panjshir' ← 'Banshir' to the glossary (source بنجشير); p: propose "
                f"'Banshir' → 'Panjshir' in {len(others)} other segments") in notes(app)
        # A note, not a dialog: the review goes on where it was.
        assert isinstance(app.screen, ReviewScreen) and isinstance(app.focused, SegmentList)
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GlossaryFormScreen)
        fields = [form.query_one(f"#term-{f}", Input).value
                  for f in ("target", "variants", "source")]
        assert fields == ["Panjshir", "Banshir", "بنجشير"]
        await pilot.press("enter")  # check
        await pilot.pause()
        await pilot.press("enter")  # save
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        added = next(e for e in load_glossary(work / "glossary.tsv").entries
                     if e.target == "Panjshir")
        assert (added.sources, added.variants) == (("بنجشير",), ("Banshir",))
        # The new entry proposes the fix at the other occurrences.
        assert all(proposes(app, i, "Banshir", "Panjshir") for i in others)
        assert "Banshir" in s.segment(others[0]).post_edit, "proposals, not applied"


@sync
async def test_p_after_a_reworded_name_proposes_the_name_at_its_other_occurrences(
    app: ReviewApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        # The hand edit is "the Banshir Valley" → "Panjshir province"; the name is what recurs.
        first = await hand_fix(pilot, "the Banshir Valley", "Panjshir province")
        s = app.session
        others = s.propagation_candidates(first, "Banshir", "Panjshir")
        assert any("g: add 'Panjshir' ← 'Banshir'" in n for n in notes(app))
        await pilot.press("p")
        assert isinstance(app.screen, ChoiceScreen) and app.screen.id == "propagate-dialog"
        await pilot.press("y")
        await settle(pilot)
        assert others and all(proposes(app, i, "Banshir", "Panjshir") for i in others)
