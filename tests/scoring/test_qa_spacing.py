"""The spacing (info) and repeated-word (warning) checks."""

from __future__ import annotations

import pytest

from mt.document import Document
from mt.scoring.qa import run_checks


def found(mt: str, lang: str | None = None) -> list[tuple[str, str, str, str]]:
    doc = Document.from_texts([mt], target_lang=lang)
    report = run_checks(doc, checks=["spacing", "repeated-word"], field="mt")
    return [(f.issue.check, f.issue.severity.value, f.issue.message, f.text or "") for f in report]


def test_double_space_fires() -> None:
    assert found("The talks  ended.") == [("spacing", "info", "doubled space", "  ")]


def test_space_before_punctuation_and_after_bracket_fire() -> None:
    assert found("Kabul , Herat ; and ( Mazar) .") == [
        ("spacing", "info", "space before ','", " "),
        ("spacing", "info", "space before ';'", " "),
        ("spacing", "info", "space after '('", " "),
        ("spacing", "info", "space before '.'", " "),
    ]


def test_whitespace_around_the_text_fires() -> None:
    assert [r[2] for r in found(" Talks ended. ")] == [
        "whitespace at the start", "whitespace at the end",
    ]  # fmt: skip


def test_repeated_word_fires() -> None:
    assert found("The the talks ended in in Doha.") == [
        ("repeated-word", "warning", "repeated word 'The'", "the"),
        ("repeated-word", "warning", "repeated word 'in'", "in"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended. He had had enough; that that was so is clear.",
        "About .5 percent, then... nothing.",
        "Talks in Doha",
        "10 10 is not a word repeat.",
    ],
)
def test_clean_text_is_quiet(text: str) -> None:
    assert found(text) == []


def test_french_spacing_before_high_punctuation_is_allowed() -> None:
    assert found("Pourquoi ? Parce que : voilà !", "fr") == []
    assert found("Why ? Because", "en") == [("spacing", "info", "space before '?'", " ")]
