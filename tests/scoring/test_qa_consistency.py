"""The document-level inconsistency check."""

from __future__ import annotations

from mt.document import Document
from mt.scoring.qa import run_checks


def found(mt: list[str], source: list[str]) -> list[tuple[str, str]]:
    report = run_checks(Document.from_texts(mt, source), checks=["inconsistency"], field="mt")
    assert all(f.issue.severity.value == "warning" for f in report)
    return [(f.segment_id, f.issue.message) for f in report]


def test_same_source_translated_differently_fires_on_the_odd_one() -> None:
    result = found(
        [
            "Talks resume in Doha",
            "Other news.",
            "Talks resume in Doha",
            "Negotiations restart in Doha",
        ],
        [
            "استئناف المحادثات في الدوحة",
            "أخبار أخرى.",
            "استئناف المحادثات في الدوحة",
            "استئناف المحادثات في الدوحة",
        ],
    )
    assert result == [("4", "the same source is translated differently in segments 1, 3")]


def test_same_target_for_different_sources_fires() -> None:
    result = found(
        ["The talks ended.", "The talks ended."], ["انتهت المحادثات.", "انتهى الاجتماع."]
    )
    assert result == [("2", "the same translation as segment 1, whose source differs")]


def test_consistent_document_is_quiet() -> None:
    assert (
        found(
            ["Talks resume in Doha.", "Talks resume in Doha", "Other news."],
            ["استئناف المحادثات في الدوحة.", "استئنافُ المحادثات في الدوحة", "أخبار أخرى."],
        )
        == []
    )
