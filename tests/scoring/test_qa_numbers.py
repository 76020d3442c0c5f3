"""The numbers check: digits of every script, separators, ranges, decimals, magnitude words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mt.document import Document
from mt.scoring.qa import run_checks
from mt.scoring.qa.numbers import digit_numbers, word_numbers


def found(mt: str, source: str) -> list[tuple[str, str, str | None]]:
    report = run_checks(Document.from_texts([mt], [source]), checks=["numbers"], field="mt")
    return [(f.issue.severity.value, f.issue.field, f.text) for f in report]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("٣٥", {"35"}),
        ("۱۲۰", {"120"}),
        ("٢٢٫٨", {"22.8"}),
        ("١٬٢٠٠", {"1200"}),
        ("1,200", {"1200"}),
        ("1200", {"1200"}),
        ("3.5", {"3.5"}),
        ("١٧٢.٠٠٠", {"172", "172000"}),
        ("1,234.5", {"1234.5"}),
        ("2,500,000", {"2500000"}),
    ],
)
def test_digit_values(text: str, values: set[str]) -> None:
    [number] = digit_numbers(text)
    assert number.values == {Decimal(v) for v in values}


def test_ranges_proclitics_and_glued_names() -> None:
    assert [n.text for n in digit_numbers("بين عامي 1996 و2001، ١٠-١٥ قتيلاً")] == [
        "1996", "2001", "١٠", "١٥",
    ]  # fmt: skip
    assert [n.text for n in digit_numbers("G7 and COVID-19 in 10-15 days")] == ["10", "15"]


def test_magnitude_and_number_words() -> None:
    [five] = digit_numbers("٥ آلاف أسرة")
    assert Decimal(5000) in five.values
    assert {v for n in word_numbers("more than three months") for v in n.values} == {Decimal(3)}
    assert {v for n in word_numbers("الحادي عشر من سبتمبر") for v in n.values} == {Decimal(11)}
    assert Decimal(1990) in word_numbers("في تسعينيات القرن")[0].values


def test_changed_number_fires() -> None:
    assert found("about 25 military sites", "نحو ٣٥ موقعاً عسكرياً") == [
        ("error", "source", "٣٥"),
        ("warning", "mt", "25"),
    ]


def test_dropped_number_fires() -> None:
    assert found("more than months later", "أكثر من ٣ أشهر") == [("error", "source", "٣")]


def test_decimal_change_fires() -> None:
    assert found("22.5 million Afghans", "٢٢٫٨ مليون أفغاني") == [
        ("error", "source", "٢٢٫٨"),
        ("warning", "mt", "22.5"),
    ]


def test_arabic_digits_left_in_the_target_fire() -> None:
    assert found("about ٣٥ sites", "نحو ٣٥ موقعاً") == [("warning", "mt", "٣٥")]


@pytest.mark.parametrize(
    ("mt", "source"),
    [
        ("about 35 sites", "نحو ٣٥ موقعاً"),
        ("5,000 families", "٥ آلاف أسرة"),
        ("five thousand families", "٥ آلاف أسرة"),
        ("about $9 billion", "بنحو ٩ مليارات دولار"),
        ("22.8 million Afghans", "٢٢٫٨ مليون أفغاني"),
        ("1,200 fighters", "١٬٢٠٠ مقاتل"),
        ("1200 fighters", "1,200 مقاتل"),
        ("between 1996 and 2001", "بين عامي 1996 و2001"),
        ("10-15 killed", "١٠-١٥ قتيلاً"),
        ("more than three months", "أكثر من ٣ أشهر"),
        ("September 11, 2001", "الحادي عشر من سبتمبر/أيلول 2001"),
        ("in the 1990s", "في تسعينيات القرن الماضي"),
        ("No numbers here.", "لا أرقام هنا."),
    ],
)
def test_same_numbers_are_quiet(mt: str, source: str) -> None:
    assert found(mt, source) == []
