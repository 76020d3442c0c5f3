"""The one per-segment term analysis: certainty, statuses, spans, the shared variant rule."""

from __future__ import annotations

import json

import pytest

from mt.document import Segment
from mt.engines.constraints import constraints_for
from mt.glossary.analysis import (
    Certainty,
    EntryTerms,
    TermStatus,
    always_wrong_variants,
    analyse_segment_terms,
    source_terms,
    variant_counts,
)
from mt.glossary.entry import Glossary
from mt.glossary.files import load_glossary
from mt.pipeline.review.findings import segment_term_hits
from mt.scoring.terms import segment_terms
from tests.conftest import GLOSSARIES


@pytest.fixture(scope="module")
def gloss() -> Glossary:
    return load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")


def by_id(text: str, source: str | None, gloss: Glossary) -> dict[str, EntryTerms]:
    return {e.entry_id: e for e in analyse_segment_terms(text, source, gloss).entries}


def test_statuses_are_str_enums_with_the_old_values() -> None:
    assert [s.value for s in TermStatus] == ["ok", "variant", "missing", "partial"]
    assert TermStatus.OK == "ok" and json.dumps({"s": TermStatus.PARTIAL}) == '{"s": "partial"}'
    assert [c.value for c in Certainty] == ["expected", "unexpected", "no-source"]


def test_the_three_certainties(gloss: Glossary) -> None:
    text = "the state of Banshir"
    expected = analyse_segment_terms(text, "ولاية بنجشير", gloss)
    assert {e.entry_id: e.certainty for e in expected.entries} == {
        "province": Certainty.EXPECTED, "panjshir": Certainty.EXPECTED}
    assert [h.text for h in expected.wrong_variants] == ["state", "Banshir"]
    lacking = analyse_segment_terms(text, "هجوم", gloss)
    assert {e.certainty for e in lacking.entries} == {Certainty.UNEXPECTED}
    # "state" is only wrong where the source says ولاية; "Banshir" is wrong anywhere.
    assert [h.text for h in lacking.wrong_variants] == ["Banshir"]
    none = analyse_segment_terms(text, None, gloss)
    assert {e.certainty for e in none.entries} == {Certainty.NO_SOURCE}
    assert [h.text for h in none.wrong_variants] == ["Banshir"]
    province = next(e for e in none.entries if e.entry_id == "province")
    assert province.variants_doubtful and not province.variants_count
    assert province.status is TermStatus.VARIANT
    assert analyse_segment_terms(text, "", gloss) == none  # an empty source is no source


def test_spans_and_statuses_of_expected_entries(gloss: Glossary) -> None:
    terms = by_id("Panjshir, then the valley", "بنجشير ثم بنجشير", gloss)
    panjshir = terms["panjshir"]
    assert panjshir.expected == 2 and panjshir.found == 1
    assert panjshir.preferred_spans == ((0, 8),)
    assert panjshir.status is TermStatus.PARTIAL
    assert by_id("nothing", "بنجشير", gloss)["panjshir"].status is TermStatus.MISSING
    variant = by_id("Banshir", "بنجشير", gloss)["panjshir"]
    assert variant.status is TermStatus.VARIANT
    assert [(h.start, h.end) for h in variant.variant_hits] == [(0, 7)]


def test_computed_once_per_text_and_source_until_the_glossary_changes(gloss: Glossary) -> None:
    first = analyse_segment_terms("Banshir", "بنجشير", gloss)
    assert analyse_segment_terms("Banshir", "بنجشير", gloss) is first
    assert analyse_segment_terms("Banshir", None, gloss) is not first
    assert source_terms("بنجشير", gloss) is source_terms("بنجشير", gloss)
    gloss.invalidate()
    again = analyse_segment_terms("Banshir", "بنجشير", gloss)
    assert again is not first and again == first


def test_variant_rule_is_shared_by_qa_accuracy_review_and_constraints(gloss: Glossary) -> None:
    text, source = "the state of Banshir", "هجوم"
    counted = {h.text for h in analyse_segment_terms(text, source, gloss).wrong_variants}
    assert {v.text for v in segment_terms(text, source, gloss).variants} == counted
    hits = segment_term_hits(Segment(id="1", source=source, mt=text), gloss, text)
    assert {v for h in hits for v in h.variants} == counted
    forbidden = constraints_for(source, gloss)
    assert "Banshir" in forbidden.forbidden + forbidden.forbidden_nocase
    assert "state" not in forbidden.forbidden + forbidden.forbidden_nocase
    always = always_wrong_variants(gloss)
    province = next(e for e in gloss if e.id == "province")
    assert not variant_counts(province, Certainty.UNEXPECTED)
    assert not set(province.variants) & set(always[0] + always[1])


def test_expectations_term_hits_and_translate_results_carry_enum_statuses(gloss: Glossary) -> None:
    from mt.glossary.expectations import expectations
    from mt.pipeline.translate import SegmentResult, TranslateStatus

    assert all(isinstance(e.status, TermStatus) for e in expectations("بنجشير", "Banshir", gloss))
    hits = segment_term_hits(Segment(id="1", source="بنجشير", mt="x"), gloss, "Banshir")
    assert [h.status for h in hits] == [TermStatus.VARIANT]
    result = SegmentResult("1", TranslateStatus.NO_SOURCE)
    assert json.dumps(result.to_dict()) == '{"id": "1", "status": "no-source", "resumed": false}'
