"""The untranslated check: empty target, copy of the source, source script left in the target."""

from __future__ import annotations

import pytest

from mt.document import Document
from mt.scoring.qa import run_checks


def found(mt: str, source: str | None) -> list[tuple[str, str, str]]:
    doc = Document.from_texts([mt], None if source is None else [source])
    report = run_checks(doc, checks=["untranslated"], field="mt")
    return [(f.issue.severity.value, f.issue.message, f.text or "") for f in report]


def test_empty_target_fires() -> None:
    assert [r[:2] for r in found("  ", "نص عربي")] == [("error", "the target is empty")]
    assert found("", "") == []


def test_copy_of_the_source_fires() -> None:
    source = "وتخشى وكالات الإغاثة أن يؤدي انهيار النظام المصرفي إلى شلل عملها."
    [(severity, message, text)] = found(source, source)
    assert severity == "error" and "copy of the source" in message and text == source


def test_target_still_in_arabic_script_fires() -> None:
    [(severity, message, _)] = found(
        "وتخشى وكالات الإغاثة انهيار النظام the banks", "وتخشى وكالات الإغاثة انهيار النظام المصرفي"
    )
    assert severity == "error" and "Arabic script" in message


def test_arabic_words_left_in_an_english_target_warn() -> None:
    assert found(
        "Aid agencies fear the collapse of النظام المصرفي now.",
        "وتخشى وكالات الإغاثة انهيار النظام المصرفي",
    ) == [("warning", "Arabic text left untranslated: 'النظام المصرفي'", "النظام المصرفي")]


@pytest.mark.parametrize(
    ("mt", "source"),
    [
        (
            "Aid agencies fear a collapse of the banking system.",
            "وتخشى وكالات الإغاثة انهيار النظام المصرفي.",
        ),
        ("UNICEF", "UNICEF"),
        ("Talks in Doha", None),
        ("2021", "2021"),
    ],
)
def test_translations_are_quiet(mt: str, source: str | None) -> None:
    assert found(mt, source) == []
