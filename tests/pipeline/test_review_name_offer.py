"""The glossary entry `mt review` offers after a hand fix of a name (which substitution, which
source term), without a UI."""

from __future__ import annotations

from pathlib import Path

from mt.document import Edit, EditStatus, Origin, Segment
from mt.glossary.entry import Glossary
from mt.glossary.files import read_glossary
from mt.pipeline.review import ReviewSession
from mt.pipeline.review.hand_edits import edits_for_text
from mt.pipeline.review.name_offer import NameOffer, name_offer
from tests.conftest import GLOSSARIES, STORY, copy_story

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"


def without(target: str) -> Glossary:
    return Glossary([e for e in read_glossary(SHIPPED).entries if e.target != target])


def hand_edited(mt: str, text: str, source: str | None = None) -> Segment:
    seg = Segment("1", mt, source=source)
    seg.edits = edits_for_text(seg, text)
    return seg


def test_a_hand_fix_of_a_name_in_the_story_offers_it_with_its_arabic(tmp_path: Path) -> None:
    copy_story(tmp_path)
    session = ReviewSession.open(tmp_path / f"{STORY}.mt.en", source=tmp_path / f"{STORY}.ar")
    first = session.segment(0).post_edit
    session.set_post_edit(0, first.replace("Banshir", "Panjshir"))
    offer = name_offer(session.segment(0), without("Panjshir"))
    assert offer == NameOffer("Panjshir", "Banshir", "بنجشير")
    session.close(discard=True)


def test_what_the_glossary_already_knows_is_not_offered() -> None:
    seg = hand_edited("Fighting in Banshir.", "Fighting in Panjshir.", "قتال في بنجشير.")
    assert name_offer(seg, read_glossary(SHIPPED)) is None
    # A new spelling of a known entry is for that entry, not a new one.
    seg = hand_edited("Fighting in Banshiir.", "Fighting in Panjshir.", "قتال في بنجشير.")
    assert name_offer(seg, read_glossary(SHIPPED)) is None
    assert name_offer(seg, without("Panjshir")) == NameOffer("Panjshir", "Banshiir", "بنجشير")


def test_only_names_the_translator_respelled_are_offered() -> None:
    assert name_offer(hand_edited("The Foreign Ministry said", "The foreign ministry said")) is None
    assert name_offer(hand_edited("the Front of National Resistance",
                                  "the National Resistance Front")) is None
    assert name_offer(hand_edited("Aid reached Kabul.", "Aid arrived in Kabul.")) is None
    # A glossary change the translator accepted is not a hand fix, even with one beside it.
    seg = Segment("1", "Fighting in Banshir, said the the spokesman.")
    seg.edits = [Edit(12, 19, "Panjshir", origin=Origin.GLOSSARY, status=EditStatus.ACCEPTED,
                      original="Banshir", entry_id="panjshir")]
    seg.edits = edits_for_text(seg, "Fighting in Panjshir, said the spokesman.")
    assert any(e.origin is Origin.HUMAN for e in seg.accepted_edits)
    assert name_offer(seg) is None


def test_of_two_respelled_names_the_last_is_offered_without_source_where_none_is_given() -> None:
    seg = hand_edited("Hamed Karzai met Ashraf Ghany in Kaboul.",
                      "Hamid Karzai met Ashraf Ghani in Kabul.")
    assert name_offer(seg) == NameOffer("Kabul", "Kaboul", None)
