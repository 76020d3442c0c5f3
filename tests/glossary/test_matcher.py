"""The Aho-Corasick matcher: boundaries in both scripts, longest match, normalisation, spans."""

from __future__ import annotations

import importlib.util
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mt.glossary.entry import GlossaryEntry
from mt.glossary.files import load_glossary
from mt.glossary.matcher import FormKind, Hit, Matcher, is_word_char
from tests.conftest import GLOSSARIES, ROOT


def entry(target: str, *variants: str, sources: tuple[str, ...] = (), **kw) -> GlossaryEntry:
    ident = kw.pop("id", target.lower().replace(" ", "-"))
    return GlossaryEntry(id=ident, target=target, variants=variants, sources=sources, **kw)


def spans(hits: list[Hit]) -> list[tuple[str, str]]:
    return [(h.entry_id, h.text) for h in hits]


@pytest.fixture(scope="module")
def shipped():
    return load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")


# --- longest match --------------------------------------------------------------------------------


def test_a_longer_name_is_not_a_hit_of_a_shorter_entry() -> None:
    m = Matcher([entry("Ahmed Massoud"), entry("Ahmed Shah Massoud")])
    hits = m.find("He met Ahmed Shah Massoud, not Ahmed Massoud.")
    assert spans(hits) == [
        ("ahmed-shah-massoud", "Ahmed Shah Massoud"),
        ("ahmed-massoud", "Ahmed Massoud"),
    ]


def test_ahmed_shah_massoud_is_no_hit_of_ahmed_massoud_alone() -> None:
    m = Matcher([entry("Ahmed Massoud")])
    assert m.find("Ahmed Shah Massoud") == []


def test_the_longest_term_wins_at_the_same_start() -> None:
    m = Matcher([entry("Panjshir"), entry("Panjshir Valley")])
    assert spans(m.find("in the Panjshir Valley today")) == [("panjshir-valley", "Panjshir Valley")]
    assert spans(m.find("in Panjshir today")) == [("panjshir", "Panjshir")]


def test_a_shorter_term_inside_a_longer_hit_is_not_reported() -> None:
    m = Matcher([entry("Massoud"), entry("Ahmad Shah Massoud")])
    assert spans(m.find("Ahmad Shah Massoud and Massoud")) == [
        ("ahmad-shah-massoud", "Ahmad Shah Massoud"),
        ("massoud", "Massoud"),
    ]


def test_leftmost_wins_over_longer_overlapping_hit() -> None:
    m = Matcher([entry("Kabul Airport"), entry("Airport Road Bridge")])
    hits = m.find("the Kabul Airport Road Bridge")
    assert spans(hits) == [("kabul-airport", "Kabul Airport")]


def test_overlapping_returns_every_valid_hit_in_text_order() -> None:
    m = Matcher([entry("Panjshir"), entry("Panjshir Valley"), entry("Valley")])
    hits = m.find("Panjshir Valley", overlapping=True)
    assert [(h.entry_id, h.start, h.end) for h in hits] == [
        ("panjshir-valley", 0, 15),
        ("panjshir", 0, 8),
        ("valley", 9, 15),
    ]


# --- word boundaries, Latin script ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Banshir", ["Banshir"]),
        ("in Banshir.", ["Banshir"]),
        ("Banshir's fighters", ["Banshir"]),
        ("Banshir\u2019s fighters", ["Banshir"]),
        ("(Banshir)", ["Banshir"]),
        ('"Banshir"', ["Banshir"]),
        ("Banshir-based", ["Banshir"]),
        ("Banshiri fighters", []),
        ("ABanshir", []),
        ("Banshir2", []),
        ("Banshir_x", []),
        ("Banshiré", []),
        ("Banshir\u0308", []),  # a combining mark NFC cannot compose belongs to the word
    ],
)
def test_latin_word_boundaries(text: str, found: list[str]) -> None:
    m = Matcher([entry("Panjshir", "Banshir")])
    assert [h.text for h in m.find(text)] == found


def test_multiword_term_respects_boundaries_at_both_ends() -> None:
    m = Matcher([entry("World Food Programme", "World Food Program")])
    assert [h.kind for h in m.find("the World Food Programme said")] == [FormKind.TARGET]
    hits = m.find("the World Food Program said")
    assert [(h.kind, h.text) for h in hits] == [(FormKind.VARIANT, "World Food Program")]


def test_whole_word_off_matches_inside_words() -> None:
    m = Matcher([entry("Panjshir", "Banshir", whole_word=False)])
    assert [h.text for h in m.find("Banshiri")] == ["Banshir"]


def test_terms_with_punctuation_at_the_edges() -> None:
    m = Matcher([entry("U.S.", "U.S")])
    assert [(h.kind, h.text) for h in m.find("the U.S. said")] == [(FormKind.TARGET, "U.S.")]


def test_is_word_char() -> None:
    assert is_word_char("a") and is_word_char("ب") and is_word_char("٣") and is_word_char("_")
    assert not is_word_char("'") and not is_word_char("-") and not is_word_char(" ")
    assert is_word_char("\u0301")


# --- word boundaries and clitics, Arabic script ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في بنجشير", "بنجشير"),  # separate preposition
        ("وادي بنجشير", "بنجشير"),
        ("وبنجشير", "بنجشير"),  # and-
        ("البنجشير", "بنجشير"),  # the-
        ("ببنجشير", "بنجشير"),  # in-
        ("لبنجشير", "بنجشير"),  # for-
        ("وبالبنجشير", "بنجشير"),  # and-in-the-
        ("فبنجشير", "بنجشير"),
        ("وَبِبنجشير", "بنجشير"),  # harakat on the clitics
        ("ولبنجشير", "بنجشير"),
        ("بنجـشير", "بنجـشير"),  # tatweel: the hit covers it
        ("بَنْجشِير", "بَنْجشِير"),  # harakat
        ("«بنجشير»", "بنجشير"),
        ("بنجشير،", "بنجشير"),  # Arabic comma
    ],
)
def test_arabic_terms_match_as_words_and_after_proclitics(text: str, expected: str) -> None:
    m = Matcher([entry("Panjshir", sources=("بنجشير",))], side="source")
    hits = m.find(text)
    assert [h.text for h in hits] == [expected]
    assert hits[0].kind is FormKind.SOURCE
    assert text[hits[0].start : hits[0].end] == expected


@pytest.mark.parametrize(
    "text",
    [
        "بنجشيري",  # nisba adjective: another word
        "بنجشيرية",
        "مبنجشير",  # م is no proclitic
        "الوبنجشير",  # ال cannot come before و
        "كالمبنجشير",
    ],
)
def test_arabic_suffixes_and_other_prefixes_do_not_match(text: str) -> None:
    m = Matcher([entry("Panjshir", sources=("بنجشير",))], side="source")
    assert m.find(text) == []


def test_article_and_conjunction_before_wilaya() -> None:
    m = Matcher([entry("province", sources=("ولاية",))], side="source")
    assert [h.text for h in m.find("والولاية")] == ["ولاية"]
    assert [h.text for h in m.find("في الولاية")] == ["ولاية"]
    assert [h.text for h in m.find("للولاية")] == ["ولاية"]
    assert m.find("ولايته") == []  # his province: enclitic pronouns are not matched
    assert m.find("الولايات المتحدة") == []  # the United States


def test_wali_is_not_found_inside_another_word() -> None:
    m = Matcher([entry("governor", sources=("والي",))], side="source")
    assert m.find("على التوالي") == []
    assert [h.text for h in m.find("قال الوالي")] == ["والي"]


def test_article_alef_dropped_after_lam() -> None:
    m = Matcher([entry("Tajiks", sources=("الطاجيك",))], side="source")
    assert [h.text for h in m.find("قدمت للطاجيك")] == ["لطاجيك"]
    assert [h.text for h in m.find("وللطاجيك")] == ["لطاجيك"]
    assert [h.text for h in m.find("والطاجيك")] == ["الطاجيك"]
    assert m.find("لطاجيك") == []  # without the preposition that is not the word
    assert m.find("بلطاجيك") == []


def test_strict_boundaries_without_proclitics() -> None:
    m = Matcher([entry("Panjshir", sources=("بنجشير",))], side="source", proclitics=False)
    assert m.find("وبنجشير") == []
    assert [h.text for h in m.find("في بنجشير")] == ["بنجشير"]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("أفغانستان", "افغانستان"),
        ("افغانستان", "أفغانستان"),
        ("أحمد شاه مسعود", "احمد شاه مسعود"),
        ("مصطفى", "مصطفي"),
        ("ولاية", "ولايه"),
        ("كابل", "کابل"),
        ("برنامج الأغذية العالمي", "برنامج  الاغذية\u00a0العالمي"),
    ],
)
def test_arabic_spelling_variants_match(term: str, text: str) -> None:
    m = Matcher([entry("x", sources=(term,))], side="source")
    hits = m.find(text)
    assert len(hits) == 1
    assert (hits[0].start, hits[0].end) == (0, len(text))


def test_shipped_glossary_on_arabic_source(shipped) -> None:
    m = shipped.matcher("source")
    text = "وقال مصدر إن مقاتلي طالبان تقدموا من ولاية بروان وفي وادي بنجشير وكابل"
    assert [h.entry_id for h in m.find(text)] == [
        "taliban",
        "province",
        "parwan",
        "panjshir",
        "kabul",
    ]


# --- case -----------------------------------------------------------------------------------------


def test_case_insensitive_by_default() -> None:
    m = Matcher([entry("province", "state")])
    assert [h.text for h in m.find("State of X, STATE of Y, state of Z")] == [
        "State",
        "STATE",
        "state",
    ]


def test_case_sensitive_entry() -> None:
    m = Matcher([entry("Panjshir", "Banshir", case_sensitive=True)])
    assert [h.text for h in m.find("Banshir banshir BanShir")] == ["Banshir"]


def test_case_sensitive_capitalised_form_also_matches_all_caps() -> None:
    m = Matcher([entry("Panjshir", "Banshir", case_sensitive=True)])
    hits = m.find("BANSHIR VALLEY and PANJSHIR")
    assert [(h.kind, h.text) for h in hits] == [
        (FormKind.VARIANT, "BANSHIR"),
        (FormKind.TARGET, "PANJSHIR"),
    ]


def test_case_sensitive_lower_case_form_matches_only_as_written() -> None:
    m = Matcher([entry("governor", "wali", case_sensitive=True)])
    assert [h.text for h in m.find("the wali met Wali and WALI")] == ["wali"]


def test_case_sensitive_forms_of_one_entry_sharing_a_key() -> None:
    m = Matcher([entry("al-Qaeda", "al Qaeda", "Al Qaeda", case_sensitive=True)])
    assert [h.form for h in m.find("Al Qaeda and al Qaeda")] == ["Al Qaeda", "al Qaeda"]


# --- priorities, hits, many texts -----------------------------------------------------------------


def test_preferred_form_beats_another_entrys_variant_on_the_same_span() -> None:
    m = Matcher([entry("province", "state"), entry("State")])
    (hit,) = m.find("State")
    assert (hit.entry_id, hit.kind) == ("state", FormKind.TARGET)


def test_glossary_order_decides_between_two_variants() -> None:
    m = Matcher([entry("province", "state", id="a"), entry("country", "state", id="b")])
    assert [h.entry_id for h in m.find("state")] == ["a"]
    assert [h.entry_id for h in m.find("state", overlapping=True)] == ["a", "b"]


def test_hit_fields_are_in_original_coordinates() -> None:
    e = entry("Ahmad Shah Massoud", "Ahmed Shah Massoud")
    m = Matcher([e])
    text = "The late \u201cAhmed\u00a0 Shah Massoud\u201d."
    (hit,) = m.find(text)
    assert hit.entry_id == "ahmad-shah-massoud"
    assert hit.kind is FormKind.VARIANT
    assert hit.form == "Ahmed Shah Massoud"
    assert hit.entry is e
    assert text[hit.start : hit.end] == hit.text == "Ahmed\u00a0 Shah Massoud"


def test_no_entries_no_hits() -> None:
    assert Matcher([]).find("anything") == []
    assert Matcher([entry("x")], side="source").find("x") == []
    assert Matcher([entry("x")]).find("") == []


def test_unknown_side_is_refused() -> None:
    with pytest.raises(ValueError, match="side"):
        Matcher([], side="middle")


def test_variants_can_be_left_out() -> None:
    m = Matcher([entry("Panjshir", "Banshir")], variants=False)
    assert m.find("Banshir") == []
    assert [h.kind for h in m.find("Panjshir")] == [FormKind.TARGET]


def test_find_many_never_matches_across_texts() -> None:
    m = Matcher([entry("Panjshir Valley"), entry("Valley")])
    assert [spans(h) for h in m.find_many(["the Panjshir", "Valley fell"])] == [
        [],
        [("valley", "Valley")],
    ]


def test_find_many_equals_find_on_mixed_texts() -> None:
    m = Matcher(
        [
            entry("Panjshir", "Banshir", sources=("بنجشير",)),
            entry("Panjshir Valley"),
            entry("province", "state"),
        ]
    )
    texts = [
        "the Banshir Valley",
        "",
        "two  spaces  Banshir",
        "line\nbreak Banshir\r\nstate",
        "Banshir\u2019s state",
        "tab\tBanshir",
        "Panjshir Valley",
        "بنجشير Banshir",
        "\x0bstate",
    ]
    many = m.find_many(texts)
    assert many == [m.find(t) for t in texts]
    assert many == list(m.find_many(iter(texts)))
    for text, hits in zip(texts, many, strict=True):
        assert all(text[h.start : h.end] == h.text for h in hits)
    assert [h.text for h in many[2]] == ["Banshir"]
    assert [h.text for h in many[3]] == ["Banshir", "state"]


WORDS = ["Banshir", "Panjshir", "Valley", "Ahmed", "Shah", "Massoud", "the", "state", "of"]
TERMS = ["Banshir", "Panjshir", "Panjshir Valley", "Ahmed Shah Massoud", "Shah", "state of"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "-", "", "'s ", ". "])),
        max_size=12,
    )
)
def test_agrees_with_a_regex_alternation_longest_first(pieces) -> None:
    """On ASCII text, leftmost-longest whole-word matching is what a regex alternation of the
    terms, longest first, between word boundaries, finds (the benchmark relies on this)."""
    text = "".join(w + sep for w, sep in pieces)
    m = Matcher([entry(t, id=t) for t in TERMS])
    alternation = "|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    expected = [(mo.start(), mo.end()) for mo in pattern.finditer(text)]
    assert [(h.start, h.end) for h in m.find(text)] == expected


def test_the_benchmark_runs_and_agrees_with_the_regex(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "bench" / "glossary_bench.py"
    spec = importlib.util.spec_from_file_location("glossary_bench", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--entries", "300", "--segments", "600", "--regex-seconds", "0.3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert "equal in every segment: True" in "\n".join(lines)
    assert re.fullmatch(r"segments_per_s=\d+ ratio_vs_regex=[\d.]+ peak_rss_mb=\d+", lines[-1])
