"""Sentence splitting of paragraphs (mt.text.sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mt.text.sentences import Sentence, join_sentences, sentences, split_sentences

NEXT = "Then he left."


def assert_covers(text: str, spans: list[Sentence]) -> None:
    """Spans in order, non-overlapping, stripped, covering every non-whitespace char."""
    pos = 0
    for span in spans:
        assert pos <= span.start < span.end <= len(text)
        assert span.text == text[span.start : span.end] == span.text.strip()
        assert text[pos : span.start].strip() == "", "non-whitespace left between spans"
        pos = span.end
    assert text[pos:].strip() == "", "non-whitespace left after the last span"


# --- English ---------------------------------------------------------------------------

ONE_SENTENCE_EN = [
    "Dr. Ahmad Massoud met U.S. envoy Zalmay Khalilzad on Monday.",
    "Mr. Smith met Gen. Miller and Lt. Gen. Jones at St. Mary's church.",
    "The office at No. 5 Karte Se opened at 9 a.m. and closed at 5 p.m. on Monday.",
    "The U.N. envoy praised the U.S.-backed government in Kabul.",
    "J. R. Smith met Ahmad S. Massoud in the valley.",
    "The rate rose 3.5 percent to 172,000.",
    "Version 2.0 of the plan costs $1.5 billion.",
    '"We will resist," he said.',
    "“We will resist,” he said.",
    "«We will resist», he said.",
    # sentencex splits after these; we undo it
    "He met Ms. Smith and Amb. Jones at Ft. Bragg.",
    "The approx. figure vs. last year is higher.",
]


@pytest.mark.parametrize("first", ONE_SENTENCE_EN)
def test_english_sentence_is_kept_whole_and_the_next_one_split_off(first: str) -> None:
    assert sentences(f"{first} {NEXT}") == [first, NEXT]


def test_a_sentence_ending_in_an_abbreviation_splits_before_a_new_sentence() -> None:
    # sentencex's behaviour, which we keep: "U.S." then a capitalised common sentence
    # opener ends the sentence, while "U.S. President" / "U.K. Prime Minister" do not.
    assert sentences("He flew to the U.S. The talks began Monday.") == [
        "He flew to the U.S.",
        "The talks began Monday.",
    ]
    assert sentences("In the U.K. Prime Minister Johnson spoke. The U.S. President left.") == [
        "In the U.K. Prime Minister Johnson spoke.",
        "The U.S. President left.",
    ]


@pytest.mark.parametrize(("opening", "closing"), [('"', '"'), ("“", "”"), ("«", "»"), ("'", "'")])
def test_closing_quote_stays_with_its_sentence(opening: str, closing: str) -> None:
    quoted = f"He said {opening}the Taliban will not enter Panjshir.{closing}"
    assert sentences(f"{quoted} {NEXT}") == [quoted, NEXT]


def test_a_full_stop_inside_a_quotation_that_goes_on_does_not_split() -> None:
    text = 'He said "the Taliban is weak. Reports say so" in Moscow. Then he left.'
    assert sentences(text) == ['He said "the Taliban is weak. Reports say so" in Moscow.', NEXT]


def test_ellipsis_interrobang_and_missing_final_stop() -> None:
    assert sentences("Wait... what happened?! Nobody knows") == [
        "Wait... what happened?!",
        "Nobody knows",
    ]


def test_headline_without_full_stop_is_one_sentence() -> None:
    assert sentences("Taliban enter Panjshir valley") == ["Taliban enter Panjshir valley"]


def test_a_full_stop_before_a_lowercase_word_does_not_split() -> None:
    assert sentences("He arrived. then he spoke to reporters. He left.") == [
        "He arrived. then he spoke to reporters.",
        "He left.",
    ]


# --- Arabic ----------------------------------------------------------------------------


def test_arabic_terminators_split_and_commas_do_not() -> None:
    text = "قال المتحدث، إن القوات؛ دخلت المدينة. هل انتهت الحرب؟ لا! ثم غادر"
    assert sentences(text, "ar") == [
        "قال المتحدث، إن القوات؛ دخلت المدينة.",
        "هل انتهت الحرب؟",
        "لا!",
        "ثم غادر",
    ]


def test_arabic_full_stop_u06d4_ends_a_sentence() -> None:
    assert sentences("جملة أولى۔ جملة ثانية", "ar") == ["جملة أولى۔", "جملة ثانية"]


@pytest.mark.parametrize("number", ["٣٫٥", "١٧٢٬٠٠٠", "٣.٥", "١٧٢.٠٠٠", "3.5", "172,000"])
def test_arabic_numbers_do_not_split(number: str) -> None:
    first = f"ارتفع العدد إلى {number} شخص."
    assert sentences(f"{first} ثم غادر.", "ar") == [first, "ثم غادر."]


@pytest.mark.parametrize(
    "first",
    [
        "التقى د. أحمد مسعود بالمبعوث.",  # "Dr." in Arabic
        "قال أ.د. محمد علي إن الوضع صعب.",  # "Prof. Dr."
        "التقى أحمد س. مسعود بالمبعوث.",  # an initial
        "انظر ص. 5 من التقرير.",  # "p. 5"
    ],
)
def test_arabic_single_letter_abbreviations_do_not_split(first: str) -> None:
    assert sentences(f"{first} ثم غادر.", "ar") == [first, "ثم غادر."]


# --- languages, newlines, edge cases ---------------------------------------------------


def test_language_codes_are_normalised() -> None:
    # Only sentencex's English rules end a sentence at "U.S." before "The".
    text = "He flew to the U.S. The talks began Monday."
    assert len(split_sentences(text, "en")) == 2
    assert len(split_sentences(text, "ar")) == 1
    for code in ("ara", "AR", "ar-EG", "ar_SA"):
        assert split_sentences(text, code) == split_sentences(text, "ar")
    for code in ("eng", "en-US", "EN_gb"):
        assert split_sentences(text, code) == split_sentences(text, "en")


def test_unknown_language_falls_back() -> None:
    assert sentences(f"Dr. Smith arrived. {NEXT}", "xx") == ["Dr. Smith arrived.", NEXT]


def test_newlines_single_does_not_split_blank_line_does() -> None:
    text = "Kabul airport\nreopened on Monday. The Taliban\n\nsaid so\n \nagain"
    assert sentences(text) == [
        "Kabul airport\nreopened on Monday.",
        "The Taliban",
        "said so",
        "again",
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n "])
def test_empty_or_whitespace_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_spans_point_into_the_paragraph() -> None:
    text = "  Dr. Smith arrived.\n\n  هل انتهت الحرب؟  "
    spans = split_sentences(text)
    assert [(s.start, s.end) for s in spans] == [(2, 20), (24, 39)]
    assert [text[s.start : s.end] for s in spans] == ["Dr. Smith arrived.", "هل انتهت الحرب؟"]


# --- join_sentences --------------------------------------------------------------------


def test_join_replaces_sentences_and_keeps_layout() -> None:
    paragraph = "  قال المتحدث.\n  هل انتهت الحرب؟   نعم  "
    spans = split_sentences(paragraph, "ar")
    assert len(spans) == 3
    joined = join_sentences(paragraph, spans, ["The spokesman said.", "Is the war over?", "Yes"])
    assert joined == "  The spokesman said.\n  Is the war over?   Yes  "


def test_join_rejects_a_wrong_number_of_texts() -> None:
    spans = split_sentences(f"One. {NEXT}")
    with pytest.raises(ValueError, match="2 sentences but 1"):
        join_sentences(f"One. {NEXT}", spans, ["Only one."])


def test_join_rejects_spans_out_of_order() -> None:
    text = f"One. {NEXT}"
    spans = split_sentences(text)
    with pytest.raises(ValueError, match="out of order"):
        join_sentences(text, spans[::-1], ["a", "b"])


# --- properties ------------------------------------------------------------------------

TOKENS = st.sampled_from(
    [
        "Dr.", "U.S.", "a.m.", "Mr.", "No.", "St.", "3.5", "٣٫٥", "١٧٢٬٠٠٠", "٣.٥", "J.",
        ".", "..", "...", "?", "!", "?!", "؟", "،", "؛", "۔", ",", ";", ":", "-",
        '"', "'", "“", "”", "«", "»", "(", ")", "[", "]",
        " ", " ", " ", "  ", "\n", "\n\n", "\n \n", "\t", "\r\n", "\u00a0", "\u200f",
    ]
)  # fmt: skip
WORDS = st.text(alphabet="abcXYZéقالمتحدثهلأد", min_size=1, max_size=7)
PARAGRAPHS = st.lists(st.one_of(TOKENS, WORDS), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=PARAGRAPHS, lang=st.sampled_from(["en", "ar", "ara", "en-US", "xx"]))
def test_spans_cover_the_paragraph(text: str, lang: str) -> None:
    spans = split_sentences(text, lang)
    assert_covers(text, spans)
    assert (spans == []) == (text.strip() == "")
    assert join_sentences(text, spans, [s.text for s in spans]) == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80))
def test_spans_cover_arbitrary_text(text: str) -> None:
    spans = split_sentences(text)
    assert_covers(text, spans)
    assert join_sentences(text, spans, [s.text for s in spans]) == text


# --- sample corpora --------------------------------------------------------------------


def _corpus_paragraphs(corpora: Path) -> list[tuple[str, str, str]]:
    files = sorted([*corpora.glob("*.ar"), *corpora.glob("*.mt.en"), *corpora.glob("*.ref.en")])
    out = []
    for path in files:
        lang = "ar" if path.suffix == ".ar" else "en"
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        out += [(path.name, lang, p) for p in text.split("\n\n") if p.strip()]
    return out


def test_corpus_paragraphs_split_into_sentences(corpora: Path) -> None:
    paragraphs = _corpus_paragraphs(corpora)
    if not paragraphs:
        pytest.skip(f"no *.ar / *.mt.en / *.ref.en sample stories in {corpora} yet")
    for name, lang, paragraph in paragraphs:
        spans = split_sentences(paragraph, lang)
        assert spans, f"{name}: no sentence in {paragraph!r}"
        assert_covers(paragraph, spans)
        assert join_sentences(paragraph, spans, [s.text for s in spans]) == paragraph
