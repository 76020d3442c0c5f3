"""Mining glossary candidates: inconsistently spelled names, with precision first."""

from __future__ import annotations

import re

import pytest

from mt.document import Document, Origin, Segment
from mt.formats.registry import read_document
from mt.glossary.files import load_glossary
from mt.glossary.io_tsv import parse_table
from mt.glossary.suggest import (
    Suggestion,
    similar_words,
    suggest,
    suggest_from_edits,
    suggestions_glossary,
    suggestions_tsv,
    transliteration_key,
)
from tests.conftest import CORPORA, GLOSSARIES, SEED, needs_seed, story_names


def groups(suggestions: list[Suggestion]) -> set[frozenset[str]]:
    return {frozenset((s.preferred, *s.variants)) for s in suggestions}


@needs_seed
def test_seed_proposes_the_massoud_and_ahmad_groups() -> None:
    found = suggest([SEED.read_text(encoding="utf-8")])
    by_group = groups(found)
    assert frozenset({"Masoud", "Massoud"}) in by_group
    assert frozenset({"Ahmed", "Ahmad"}) in by_group
    assert frozenset({"Panjshir", "Banshir"}) in by_group
    assert frozenset({"Ahmed Masoud", "Ahmad Masoud"}) in by_group
    masoud = next(s for s in found if "Masoud" in (s.preferred, *s.variants))
    assert masoud.counts == {"Masoud": 3, "Massoud": 2}
    assert masoud.total == 5
    assert all("Masoud" in c or "Massoud" in c for cs in masoud.contexts.values() for c in cs)
    assert any("[Masoud]" in c for c in masoud.contexts["Masoud"])
    assert len(found) <= 6


def test_precision_on_the_shipped_corpora() -> None:
    docs = [read_document(CORPORA / f"{name}.mt.en") for name in story_names()]
    found = suggest(docs)
    assert 3 <= len(found) <= 10
    # Every spelling proposed is a word of the shipped glossary, which lists the corpora's real
    # inconsistencies: no junk groups of unrelated rare words.
    gloss = load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    words = {w for e in gloss for t in (e.target, *e.variants) for w in re.findall(r"[\w-]+", t)}
    for s in found:
        for form in (s.preferred, *s.variants):
            assert set(form.split()) <= words, form
    assert frozenset({"Taliban", "Taleban"}) in groups(found)
    assert frozenset({"Panjshir", "Banshir", "Banjshir", "Panjsher"}) in groups(found)


def test_references_are_consistent_so_nothing_is_proposed() -> None:
    refs = [(CORPORA / f"{name}.ref.en").read_text(encoding="utf-8") for name in story_names()]
    assert suggest(refs) == []


def test_ordinary_lookalike_names_are_not_grouped() -> None:
    text = (
        "Officials from Austria and Australia met delegates of Slovenia, Slovakia, Iran and "
        "Iraq on Tuesday and Thursday. He said Pakistan and the Pakistani army, Russia and "
        "the Russian envoy, Kabul and a Kabuli shopkeeper, Sunday and Monday agreed."
    )
    assert suggest([text]) == []


def test_sentence_initial_and_lower_case_words_are_not_names() -> None:
    text = "State media said. The state said. Stat reports. They say Masoud met Massoud."
    assert groups(suggest([text])) == {frozenset({"Masoud", "Massoud"})}
    # Seen only at the start of a sentence, a capitalised word may be any word: left out.
    assert suggest(["Masoud met him. He met Massoud."]) == []


def test_transliteration_key() -> None:
    assert transliteration_key("Massoud") == transliteration_key("Masoud") == "masud"
    assert transliteration_key("Masood") == "masud"
    assert transliteration_key("Mohammed") == transliteration_key("Muhammad")
    assert transliteration_key("Sergey") == transliteration_key("Sergei")
    assert transliteration_key("Kaboul") == transliteration_key("Kabul")


@pytest.mark.parametrize(
    ("a", "b", "grouped"),
    [
        ("Masoud", "Massoud", True),
        ("Ahmed", "Ahmad", True),
        ("Panjshir", "Banshir", True),
        ("Panjsher", "Panjshir", True),
        ("Zabiullah", "Zabihullah", True),
        ("Hekmatyar", "Hikmatyar", True),
        ("Austria", "Australia", False),
        ("Slovakia", "Slovenia", False),
        ("Russia", "Russian", False),
        ("Iran", "Iraq", False),
        ("Kabul", "Kandahar", False),
        ("Doha", "Dawha", False),  # too short to risk
    ],
)
def test_similar_words(a: str, b: str, grouped: bool) -> None:
    assert bool(similar_words(a, b)) is grouped


@needs_seed
def test_tsv_output_can_be_imported() -> None:
    found = suggest([SEED.read_text(encoding="utf-8")])
    text = suggestions_tsv(found)
    assert text.splitlines()[0] == "source\ttarget\tvariants\tcase\tnote"
    g = parse_table(text.encode(), "mined.tsv", "tsv")
    assert [(e.target, e.variants) for e in g] == [(s.preferred, s.variants) for s in found]
    assert all(e.note.startswith("suggested: ") for e in g)
    assert len({e.id for e in g}) == len(g)


def test_suggestions_glossary() -> None:
    g = suggestions_glossary([Suggestion("Massoud", ("Masoud",), {"Massoud": 3, "Masoud": 1})])
    (entry,) = g.entries
    assert (entry.id, entry.target, entry.variants) == ("massoud", "Massoud", ("Masoud",))
    assert entry.note == "suggested: Massoud×3, Masoud×1"


def test_suggest_from_accepted_edits() -> None:
    seg = Segment(id="1", mt="Masoud met Banshir elders and the state.")
    for start, end, new in ((0, 6, "Massoud"), (11, 18, "Panjshir"), (34, 39, "province")):
        edit = seg.propose(start, end, new, origin=Origin.HUMAN)
        seg.accept(edit)
    rejected = seg.propose(19, 25, "Eldrs")
    seg.reject(rejected)
    found = suggest_from_edits([Document([seg])])
    assert groups(found) == {frozenset({"Massoud", "Masoud"}), frozenset({"Panjshir", "Banshir"})}
    assert found[0].counts in ({"Masoud": 1}, {"Banshir": 1})
