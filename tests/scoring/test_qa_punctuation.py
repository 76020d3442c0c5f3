"""The punctuation check: pairs, end punctuation, Arabic punctuation in an English target."""

from __future__ import annotations

import pytest

from mt.document import Document
from mt.scoring.qa import run_checks
from mt.scoring.qa.punctuation import end_mark, unpaired


def found(mt: str, source: str | None) -> list[tuple[str, str]]:
    doc = Document.from_texts([mt], None if source is None else [source])
    report = run_checks(doc, checks=["punctuation"], field="mt")
    assert all(f.issue.severity.value == "warning" for f in report)
    return [(f.issue.message, f.text or "") for f in report]


def test_unpaired_finds_the_lonely_ones() -> None:
    assert [(u.pos, u.char) for u in unpaired('He said “no (really) and "yes')] == [
        (8, "“"), (25, '"'),
    ]  # fmt: skip
    assert unpaired('«quoted» (a) [b] {c} "d" “e”') == []
    assert [u.char for u in unpaired("a) first b) second :)")] == []
    assert [u.char for u in unpaired("text) more")] == [")"]


@pytest.mark.parametrize(
    ("text", "mark"),
    [("Done.", "."), ('He said "no."', "."), ('He said "no".', "."), ("Why?", "?"),
     ("لماذا؟", "?"), ("«عنوان»", ""), ("Headline", ""), ("Wait...", ".")],
)  # fmt: skip
def test_end_mark(text: str, mark: str) -> None:
    assert end_mark(text)[0] == mark


def test_unpaired_quote_and_bracket_fire() -> None:
    assert found('He said: "We will not surrender.', "قال: «لن نستسلم».") == [
        ("unpaired '\"'", '"')
    ]
    assert found("UNICEF (the children's fund estimates.", "يونيسف (صندوق الطفولة) يقدر.") == [
        ("unpaired '('", "(")
    ]


def test_quote_left_open_in_the_source_too_is_quiet() -> None:
    assert found("“We will fight on,", "«سنواصل القتال،") == []


def test_end_punctuation_mismatch_fires() -> None:
    assert found("How do you describe the situation.", "كيف تصفون الوضع؟") == [
        ("the target ends with a full stop, the source with a question mark", ".")
    ]
    assert found("Taliban launch offensive.", "طالبان تشن هجوماً") == [
        ("the target ends with a full stop, the source with no final punctuation", ".")
    ]
    assert found("The talks ended", "انتهت المحادثات.") == [
        ("the target ends with no final punctuation, the source with a full stop", "")
    ]


def test_arabic_punctuation_in_an_english_target_fires() -> None:
    assert found("Kabul، Mazar and Herat.", "كابل، مزار وهرات.") == [
        ("Arabic punctuation '،' in the target", "،")
    ]


@pytest.mark.parametrize(
    ("mt", "source"),
    [
        ('He said: "We will not surrender."', "قال: «لن نستسلم»."),
        ("He said: “We will not surrender”.", "قال: «لن نستسلم»."),
        ("What is your response?", "فما ردكم؟"),
        ('National Resistance Front spokesman: "No talks"', "الناطق باسم الجبهة: «لا مفاوضات»"),
        ("UNICEF (the children's fund) estimates.", "يونيسف (صندوق الطفولة) يقدر."),
        ("Fine text.", None),
    ],
)
def test_clean_punctuation_is_quiet(mt: str, source: str | None) -> None:
    assert found(mt, source) == []
