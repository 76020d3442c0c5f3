"""The length-ratio check: outliers against the document's own typical ratio."""

from __future__ import annotations

from mt.document import Document
from mt.scoring.qa import run_checks

SOURCES = [f"مصدر عربي رقم {i} فيه بعض الكلمات عن المحادثات والمساعدات" for i in range(10)]
TARGETS = [f"English target number {i} with some words about talks and aid" for i in range(10)]


def found(targets: list[str], sources: list[str] = SOURCES) -> list[tuple[str, str]]:
    report = run_checks(Document.from_texts(targets, sources), checks=["length-ratio"], field="mt")
    assert all(f.issue.severity.value == "warning" for f in report)
    return [(f.segment_id, f.issue.message) for f in report]


def test_truncated_target_fires() -> None:
    targets = [*TARGETS[:4], "Short.", *TARGETS[5:]]
    [(segment_id, message)] = found(targets)
    assert segment_id == "5" and "typical" in message


def test_bloated_target_fires() -> None:
    targets = [*TARGETS[:9], TARGETS[9] + " and then a great deal more " * 4]
    assert [r[0] for r in found(targets)] == ["10"]


def test_even_ratios_are_quiet() -> None:
    assert found(TARGETS) == []


def test_too_few_segments_are_quiet() -> None:
    assert found(["Short.", *TARGETS[1:5]], SOURCES[:5]) == []
