"""Aligning source names with their renderings: what `glossary suggest` and `learn` build on."""

from __future__ import annotations

from mt.formats.pairing import read_documents
from mt.glossary.files import read_glossary
from mt.glossary.names_align import align_names, source_term
from mt.glossary.normalize import strip_clitics
from tests.conftest import CORPORA, GLOSSARIES, story_names

SHIPPED = GLOSSARIES / "afghanistan-news.ar-en.tsv"


def corpus_pairs() -> list[tuple[str, str]]:
    files = [CORPORA / f"{name}.mt.en" for name in story_names()]
    docs = read_documents(files, "auto", pair_sources=True)
    return [(s.source or "", s.mt) for d in docs for s in d]


def test_clitics_and_article_come_off_but_not_letters_of_names() -> None:
    assert strip_clitics("والقاعده") == "قاعده"
    assert strip_clitics("للقاعده") == "قاعده"
    assert strip_clitics("الله") == "الله"
    # Every article form the matcher accepts comes off: "and with the", "and like the".
    assert strip_clitics("فبالقاعده") == "قاعده"
    assert strip_clitics("فكالقاعده") == "قاعده"
    # بنجشير begins with ب: taken off only where the rest is a word seen on its own.
    assert strip_clitics("بنجشير") == "بنجشير"
    assert strip_clitics("وبنجشير", known={"بنجشير"}) == "بنجشير"


def test_every_spelling_of_panjshir_links_to_its_arabic() -> None:
    alignment = align_names(corpus_pairs())
    forms = alignment.renderings["بنجشير"]
    assert set(forms) == {"Panjshir", "Banshir", "Banjshir", "Panjsher"}
    assert set(alignment.renderings["ذبيح الله"]) == {"Zabihullah", "Zabiullah", "Thabihullah"}
    assert alignment.source_of("Banshir") == "بنجشير"
    assert alignment.source_of("Ahmed Masoud") == "أحمد مسعود"
    assert alignment.source_of("Kaboul") == "كابل"
    assert alignment.source_of("Nowhere") is None


def test_a_name_aligns_within_one_segment_pair_with_clitics_and_harakat() -> None:
    source = "وقال المتحدثُ إنّ قواتِ طالبان دخلت وادي بنجشيرَ وكابل"
    assert source_term(source, "Banshir") == "بنجشير"
    assert source_term(source, "Kaboul") == "كابل"
    assert source_term(source, "Taleban fighters") == "طالبان"
    assert source_term(source, "Moscow") is None


def test_a_source_term_is_written_as_the_shipped_glossary_writes_it_article_kept() -> None:
    glossary = {e.target: e.sources for e in read_glossary(SHIPPED).entries}
    source = "وبالدوحة التقى الوفد ممثلين للطاجيك، والقاعدة في مزار الشريف"
    assert (source_term(source, "Doha"),) == glossary["Doha"] == ("الدوحة",)
    # A run of words never spans a comma: "الطاجيك، والقاعدة" is two terms.
    assert (source_term(source, "Tajiks"),) == glossary["Tajiks"] == ("الطاجيك",)
    assert source_term(source, "al-Qaeda") == "القاعدة"
    assert source_term(source, "Mazar Sharif") in glossary["Mazar-i-Sharif"]
    # Grouping still goes by the bare key: with or without the article, one term.
    alignment = align_names([(source, "In Doha"), ("وصل إلى دوحة", "reached Dawha")])
    assert set(alignment.renderings["دوحه"]) == {"Doha", "Dawha"}
    assert alignment.source_of("Dawha") == "الدوحة"
