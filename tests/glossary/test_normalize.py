"""Unicode normalisation for matching, and the map back to the original offsets."""

from __future__ import annotations

import unicodedata

import pytest

from mt.glossary.normalize import fold, normalize, normalize_term


def test_plain_ascii_is_left_alone_with_an_identity_map() -> None:
    norm = normalize("Fighting in the Banshir Valley.")
    assert norm.text == "Fighting in the Banshir Valley."
    assert norm.starts is None
    assert norm.span(15, 22) == (15, 22)


def test_nfd_input_is_composed_and_mapped_back() -> None:
    text = unicodedata.normalize("NFD", "Café Kabul")
    assert len(text) == 11
    norm = normalize(text)
    assert norm.text == "Café Kabul"
    start = norm.text.index("Kabul")
    assert text[slice(*norm.span(start, start + 5))] == "Kabul"
    # The composed é covers both original characters.
    assert norm.span(3, 4) == (3, 5)


@pytest.mark.parametrize("quote", ["\u2019", "\u2018", "\u02bc", "\u2032", "\uff07", "\u201b"])
def test_curly_and_modifier_apostrophes_become_straight(quote: str) -> None:
    assert normalize(f"Qur{quote}an").text == "Qur'an"


def test_curly_double_quotes_and_non_breaking_hyphen() -> None:
    assert normalize("\u201cMazar\u2011i\u2011Sharif\u201d").text == '"Mazar-i-Sharif"'


def test_whitespace_runs_collapse_and_map_back() -> None:
    text = "Panjshir \u00a0\t Valley"
    norm = normalize(text)
    assert norm.text == "Panjshir Valley"
    assert norm.span(0, len(norm.text)) == (0, len(text))


def test_format_characters_are_dropped() -> None:
    text = "Ban\u00adshir\u200b is\u200e here"
    norm = normalize(text)
    assert norm.text == "Banshir is here"
    assert text[slice(*norm.span(0, 7))] == "Ban\u00adshir"


def test_arabic_tatweel_and_harakat_are_dropped_and_covered_by_the_span() -> None:
    text = "بَنْجـشِيرُ"
    norm = normalize(text)
    assert norm.text == "بنجشير"
    # The last letter's damma belongs to it: the hit covers the whole written word.
    assert norm.span(0, 6) == (0, len(text))


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أفغانستان", "افغانستان"),  # alef with hamza above
        ("إسلام", "اسلام"),  # alef with hamza below
        ("آمر", "امر"),  # alef with madda
        ("ٱلله", "الله"),  # alef wasla
        ("مصطفى", "مصطفي"),  # alef maksura
        ("ولاية", "ولايه"),  # teh marbuta
        ("کابل", "كابل"),  # Persian keheh
        ("ذبیح", "ذبيح"),  # Persian yeh
    ],
)
def test_arabic_letter_variants_are_unified(variant: str, plain: str) -> None:
    assert normalize(variant).text == normalize(plain).text


def test_arabic_normalisation_can_be_switched_off() -> None:
    assert normalize("أحمد", arabic=False).text == "أحمد"
    assert normalize("بـنجشير", arabic=False).text == "بـنجشير"


def test_fold_keeps_the_length() -> None:
    text = "İstanbul STRASSE Straße ΣΟΦΙΑ"
    assert len(fold(text)) == len(text)
    assert fold("BANSHIR Valley") == "banshir valley"


def test_fold_case_option() -> None:
    assert normalize("BANSHIR", fold_case=True).text == "banshir"
    assert normalize("Ban\u00adSHIR", fold_case=True).text == "banshir"


def test_normalize_term_strips_and_normalises() -> None:
    assert normalize_term("  Ahmad\u00a0Shah  Massoud\u2019s ") == "Ahmad Shah Massoud's"
    assert normalize_term("") == ""


def test_ascii_control_characters_take_the_slow_path() -> None:
    # A vertical tab is whitespace: it must become a space as any other whitespace does.
    assert normalize("Panjshir\x0bValley").text == "Panjshir Valley"
