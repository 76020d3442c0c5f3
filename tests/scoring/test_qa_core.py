"""The QA registry, run_checks and the report."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from mt.document import Document, Issue, Segment, Severity
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.scoring.qa import (
    Check,
    QAContext,
    check_catalog,
    check_class,
    register,
    registered_checks,
    resolve_checks,
    run_checks,
)
from mt.scoring.qa.base import _REGISTRY

EXPECTED_IDS = {
    "terminology-missing": "error",
    "terminology-variant": "error",
    "numbers": "error",
    "untranslated": "error",
    "inconsistency": "warning",
    "punctuation": "warning",
    "spacing": "info",
    "repeated-word": "warning",
    "length-ratio": "warning",
    "capitalisation": "warning",
    "boilerplate": "warning",
    "low-confidence": "info",
}


def glossary() -> Glossary:
    return Glossary(
        [GlossaryEntry("panjshir", "Panjshir", ("بنجشير",), ("Banshir",), case_sensitive=True)]
    )


def test_every_check_is_registered_with_its_severity() -> None:
    catalog = {c["id"]: c["severity"] for c in check_catalog()}
    assert catalog == EXPECTED_IDS
    for cls in registered_checks():
        assert cls.description and check_class(cls.id) is cls


def test_unknown_check_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="numbers"):
        resolve_checks(["no-such-check"])
    with pytest.raises(KeyError, match="no-such-check"):
        resolve_checks(exclude=["no-such-check"])


def test_checks_by_comma_separated_ids_and_exclusion() -> None:
    assert [c.id for c in resolve_checks("numbers, spacing")] == ["numbers", "spacing"]
    assert [c.id for c in resolve_checks("numbers,spacing", exclude=["spacing"])] == ["numbers"]
    everything = {c.id for c in resolve_checks(exclude=["length-ratio"])}
    assert everything == set(EXPECTED_IDS) - {"length-ratio"}


def test_checks_needing_a_glossary_or_source_are_skipped_with_a_reason() -> None:
    report = run_checks(Document.from_texts(["Hello there."]))
    assert report.skipped["terminology-variant"] == "no glossary"
    assert report.skipped["numbers"] == "no source"
    assert "spacing" in report.checks and "numbers" not in report.checks
    assert report.by_check()["spacing"] == 0


def test_report_is_ordered_and_serialisable() -> None:
    doc = Document.from_texts(
        ["The the Banshir valley", "About 25 sites."],
        ["وادي بنجشير", "نحو ٣٥ موقعاً."],
    )
    report = run_checks(doc, glossary(), field="mt")
    assert [f.segment_id for f in report] == sorted(f.segment_id for f in report)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["field"] == "mt"
    assert data["summary"]["by_severity"]["error"] == len(report.errors) == 2
    assert data["summary"]["by_check"]["numbers"] == 2
    issues = {(i["segment"], i["check"], i["text"]) for i in data["issues"]}
    assert ("1", "terminology-variant", "Banshir") in issues
    assert ("1", "repeated-word", "the") in issues
    assert ("2", "numbers", "٣٥") in issues  # points into the source
    assert ("2", "numbers", "25") in issues
    assert report.has_errors
    assert len(report.at_least("warning")) == 4


def test_checked_field_selects_the_text_and_spans_point_into_it() -> None:
    doc = Document.from_texts(["In Banshir today."], ["في بنجشير اليوم."], ["In Panjshir today."])
    seg = doc[0]
    assert run_checks(doc, glossary(), field="reference").findings == []
    assert run_checks(doc, glossary(), ["terminology-variant"], field="mt").has_errors
    seg.accept(seg.propose(3, 10, "Panjshir"))
    report = run_checks(doc, glossary())  # post_edit by default
    assert report.field == "post_edit" and not report.has_errors
    seg.mt = "Banshir  and Banshir."
    seg.edits.clear()
    seg.accept(seg.propose(0, 7, "Panjshir"))
    report = run_checks(doc, glossary(), ["terminology-variant", "spacing"])
    spans = {(f.issue.check, f.issue.field, f.issue.start, f.text) for f in report}
    assert spans == {
        ("terminology-variant", "post_edit", 14, "Banshir"),
        ("spacing", "post_edit", 8, "  "),
    }


def test_attach_fills_segment_issues_and_replaces_earlier_ones() -> None:
    doc = Document.from_texts(["the the end.", "fine."])
    doc[0].issues.append(Issue("repeated-word", Severity.WARNING, "stale"))
    doc[1].issues.append(Issue("human-note", Severity.INFO, "kept"))
    run_checks(doc, checks=["repeated-word"], attach=True)
    assert [i.message for i in doc[0].issues] == ["repeated word 'the'"]
    assert [i.check for i in doc[1].issues] == ["human-note"]


def test_a_new_check_is_one_class() -> None:
    @register
    class Shouting(Check):
        id = "test-shouting"
        severity = Severity.INFO
        description = "all capitals"

        def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
            text = context.target(segment)
            if text.isupper():
                yield self.issue(context, "all capitals", (0, len(text)))

    try:
        doc = Document.from_texts(["LOUD NEWS", "quiet news"])
        report = run_checks(doc)
        assert [(f.segment_id, f.issue.check) for f in report] == [("1", "test-shouting")]
        assert run_checks(doc, checks=[Shouting()]).checks == ["test-shouting"]
        with pytest.raises(ValueError, match="two checks"):
            register(type("Other", (Check,), {"id": "test-shouting"}))
    finally:
        _REGISTRY.pop("test-shouting", None)


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="field"):
        run_checks(Document.from_texts(["x"]), field="target")
