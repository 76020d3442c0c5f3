"""Source-side expectations: which target terms a translation must contain."""

from __future__ import annotations

import pytest

from mt.document import Document, Segment
from mt.formats.registry import read_document
from mt.glossary.entry import Glossary
from mt.glossary.expectations import (
    Expectation,
    document_expectations,
    expectations,
    required_terms,
    segment_expectations,
)
from mt.glossary.files import load_glossary
from tests.conftest import CORPORA, GLOSSARIES


@pytest.fixture(scope="module")
def gloss() -> Glossary:
    return load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")


def by_id(found: list[Expectation]) -> dict[str, Expectation]:
    return {e.entry_id: e for e in found}


def test_met_expectations(gloss: Glossary) -> None:
    source, mt = "هجوم على ولاية بنجشير", "an attack on Panjshir province"
    found = by_id(expectations(source, mt, gloss))
    assert set(found) == {"province", "panjshir"}
    assert found["panjshir"].status == "ok" and found["panjshir"].met
    assert found["panjshir"].expected == 1 and found["panjshir"].found == 1
    assert found["panjshir"].target == "Panjshir"
    at = mt.index("Panjshir")
    assert found["panjshir"].target_spans == ((at, at + 8),)
    at = source.index("بنجشير")
    assert found["panjshir"].source_spans == ((at, at + 6),)
    assert found["province"].status == "ok"


def test_a_variant_instead_of_the_term(gloss: Glossary) -> None:
    found = by_id(expectations("ولاية بنجشير", "the state of Banshir", gloss))
    assert found["panjshir"].status == "variant"
    assert found["panjshir"].variants == ("Banshir",)
    assert found["panjshir"].variant_spans == ((13, 20),)
    assert found["province"].status == "variant"
    assert found["province"].variants == ("state",)


def test_missing_and_partial(gloss: Glossary) -> None:
    found = by_id(expectations("كابل وبنجشير", "Kabul and the valley", gloss))
    assert found["kabul"].status == "ok"
    assert found["panjshir"].status == "missing"
    twice = by_id(expectations("بنجشير ثم بنجشير", "Panjshir, then the valley", gloss))
    assert twice["panjshir"].expected == 2 and twice["panjshir"].found == 1
    assert twice["panjshir"].status == "partial"


def test_clitics_and_spelling_variants_on_the_source_side(gloss: Glossary) -> None:
    source = "وبالبنجشير والولاية وأفغانستان ومسعـود"
    found = by_id(expectations(source, "", gloss))
    assert set(found) == {"panjshir", "province", "afghanistan", "massoud"}
    assert all(e.status == "missing" for e in found.values())


def test_the_longest_source_term_wins(gloss: Glossary) -> None:
    found = by_id(expectations("قال أحمد شاه مسعود", "said Ahmad Shah Massoud", gloss))
    assert set(found) == {"ahmad-shah-massoud"}
    assert found["ahmad-shah-massoud"].status == "ok"


def test_a_preferred_term_counts_inside_a_longer_term(gloss: Glossary) -> None:
    # Massoud inside "Ahmad Massoud" still says Massoud.
    found = by_id(expectations("مسعود", "Ahmad Massoud", gloss))
    assert found["massoud"].status == "ok"


def test_a_shielded_variant_is_not_reported(gloss: Glossary) -> None:
    found = by_id(
        expectations("ولاية بنجشير", "Islamic State fighters in the state of Panjshir", gloss)
    )
    assert found["province"].variants == ("state",)
    assert found["province"].variant_spans == ((30, 35),)


def test_no_source_terms_no_expectations(gloss: Glossary) -> None:
    assert expectations("لا شيء هنا", "nothing here", gloss) == []
    assert required_terms("لا شيء", gloss) == []


def test_required_terms_in_text_order(gloss: Glossary) -> None:
    terms = required_terms("طالبان في بنجشير وطالبان", gloss)
    assert [(e.id, n) for e, n in terms] == [("taliban", 2), ("panjshir", 1)]


def test_segment_and_document_expectations(gloss: Glossary) -> None:
    assert segment_expectations(Segment(id="1", mt="Banshir"), gloss) == []
    doc = Document.from_texts(["the Banshir valley", "Kabul", "x"], ["بنجشير", "كابل", "لا"])
    result = document_expectations(doc, gloss)
    assert set(result) == {"1", "2"}
    assert result["1"][0].status == "variant"
    assert result["2"][0].status == "ok"


def test_on_a_shipped_story(gloss: Glossary) -> None:
    doc = read_document(
        CORPORA / "panjshir-offensive.mt.en", source=CORPORA / "panjshir-offensive.ar"
    )
    result = document_expectations(doc, gloss)
    statuses = {(sid, e.entry_id): e.status for sid, found in result.items() for e in found}
    assert statuses[("1", "panjshir")] == "variant"  # Banshir
    assert statuses[("2", "province")] == "ok"  # Panjshir province
    assert statuses[("3", "parwan")] == "variant"  # Barwan
    assert statuses[("3", "province")] == "variant"  # the state of ...
    assert statuses[("4", "ahmad-massoud")] == "ok"
