"""`mt.glossary.learn`: name substitutions read off translators' post-edits, merged, with the
source term that goes with them, and what a glossary already covers left out."""

from __future__ import annotations

from pathlib import Path

from mt.glossary.files import read_glossary
from mt.glossary.learn import SegmentPair, learn, proposals_tsv, substitutions
from tests.conftest import GLOSSARIES


def subs(mt: str, pe: str) -> list[tuple[str, str]]:
    return [(r[2], a[2]) for r, a in substitutions(mt, pe, set())]


def pairs(*rows: tuple[str, str, str | None]) -> list[SegmentPair]:
    return [SegmentPair("doc", str(i), mt, pe, src) for i, (mt, pe, src) in enumerate(rows, 1)]


def test_a_name_respelled_inside_a_reworded_phrase_is_a_substitution() -> None:
    assert subs("In the state of Banshir, aid stopped.", "In Panjshir province, aid stopped.") == [
        ("Banshir", "Panjshir")
    ]


def test_a_multiword_name_stays_whole_and_a_shared_title_is_left_out() -> None:
    assert subs("when Ahmed Shah Masood led", "when Ahmad Shah Massoud led") == [
        ("Ahmed Shah Masood", "Ahmad Shah Massoud")
    ]
    assert subs(
        "former Afghan President Hamed Karzai said", "Afghan President Hamid Karzai said"
    ) == [("Hamed Karzai", "Hamid Karzai")]


def test_rewordings_reorderings_moves_and_inflections_are_not_substitutions() -> None:
    assert subs("The Foreign Ministry said", "The foreign ministry said") == []
    assert subs("the Front of National Resistance", "the National Resistance Front") == []
    assert subs("On Tuesday Kabul said", "Kabul said on Tuesday") == []
    assert subs("the Afghan people", "the people of Afghanistan") == []
    assert subs("the United Nations said", "the UN said") == []


def test_evidence_is_merged_counted_and_aligned_with_the_source_term() -> None:
    doc = pairs(
        ("Fighting in Banshir.", "Fighting in Panjshir.", "قتال في بنجشير."),
        ("The Banshir Valley is quiet.", "The Panjshir Valley is quiet.", "وادي بنجشير هادئ."),
        ("Aid reached Banjshir.", "Aid reached Panjshir.", "وصلت المساعدات إلى وبنجشير."),
        ("Aid reached Kabul.", "Aid reached Kabul.", "وصلت المساعدات إلى كابل."),
    )
    (found,) = learn([doc]).proposals
    assert found.preferred == "Panjshir"
    assert found.counts == {"Banshir": 2, "Banjshir": 1}
    assert found.variants == ("Banshir", "Banjshir")
    assert found.source == "بنجشير"
    assert [(e.segment, e.variant) for e in found.examples] == [
        ("1", "Banshir"),
        ("2", "Banshir"),
        ("3", "Banjshir"),
    ]
    assert "[Banshir]" in found.examples[0].context


def test_without_a_source_there_is_no_source_term() -> None:
    (found,) = learn([pairs(("Taleban fighters", "Taliban fighters", None))]).proposals
    assert (found.preferred, found.source) == ("Taliban", None)


def test_a_glossary_s_variants_are_skipped_and_reported() -> None:
    glossary = read_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    doc = pairs(
        ("Fighting in Banshir.", "Fighting in Panjshir.", None),
        ("Talks with Abdul Rahmann.", "Talks with Abdul Rahman.", None),
    )
    result = learn([doc], glossary)
    assert [p.preferred for p in result.proposals] == ["Abdul Rahman"]
    assert result.skipped == [("Banshir", "Panjshir", "panjshir")]


def test_the_tsv_holds_source_target_and_the_replaced_spellings_as_variants(
    tmp_path: Path,
) -> None:
    doc = pairs(("Fighting in Banshir.", "Fighting in Panjshir.", "قتال في بنجشير."))
    text = proposals_tsv(learn([doc]).proposals)
    path = tmp_path / "learned.ar-en.tsv"
    path.write_text(text, encoding="utf-8")
    (entry,) = read_glossary(path).entries
    assert (entry.sources, entry.target, entry.variants) == (("بنجشير",), "Panjshir", ("Banshir",))
    assert entry.case_sensitive


def test_a_new_spelling_of_a_known_name_is_kept_and_points_at_the_entry() -> None:
    glossary = read_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    doc = pairs(("Fighting in Banshiir.", "Fighting in Panjshir.", None))
    (found,) = learn([doc], glossary).proposals
    assert (found.preferred, found.variants, found.covered) == (
        "Panjshir",
        ("Banshiir",),
        "panjshir",
    )
    assert "panjshir knows part of it" in found.to_entry().note
