"""QA on the shipped corpora: the references are clean, the planted MT errors are found."""

from __future__ import annotations

import pytest

from mt.document import Document
from mt.formats import read_document
from mt.glossary.entry import Glossary
from mt.glossary.files import load_glossary
from mt.scoring.qa import run_checks
from tests.conftest import CORPORA, GLOSSARIES, story_names

STORIES = story_names()

# (segment, check, span text) of every error the README plants that QA can see. Literal phrasing
# ("a wide attack", "in this file") is beyond QA checks.
PLANTED = {
    "panjshir-offensive": {
        ("1", "terminology-variant", "Banshir"),
        ("3", "terminology-variant", "state"),
        ("3", "terminology-variant", "Barwan"),
        ("5", "terminology-variant", "Masoud"),
        ("5", "terminology-variant", "Banjshir"),
        ("6", "terminology-variant", "Taleban"),
        ("6", "terminology-variant", "Zabiullah Mujahid"),
        ("6", "terminology-variant", "state"),
        ("9", "terminology-variant", "Amrallah Saleh"),
        ("11", "numbers", "٣٥"),
        ("12", "terminology-variant", "Ahmed Shah Masood"),
    },
    "doha-talks": {
        ("2", "terminology-variant", "Taleban"),
        ("5", "terminology-variant", "Thabihullah Mujahid"),
        ("5", "numbers", "٩"),
        ("6", "terminology-variant", "Sergey Lavrov"),
        ("7", "terminology-variant", "Banshir"),
        ("8", "terminology-variant", "al-Qaida"),
        ("9", "terminology-variant", "Hamed Karzai"),
        ("14", "numbers", "٣"),
    },
    "kabul-aid": {
        ("2", "terminology-variant", "World Food Program"),
        ("3", "terminology-variant", "Kaboul"),
        ("3", "numbers", "٣٠"),
        ("5", "terminology-variant", "Mazar Sharif"),
        ("5", "terminology-variant", "state"),
        ("7", "terminology-variant", "wali"),
        ("8", "terminology-variant", "state"),
        ("8", "terminology-variant", "Banshir"),
        ("11", "untranslated", None),
    },
    "resistance-interview": {
        ("1", "terminology-variant", "Front of National Resistance"),
        ("3", "terminology-variant", "Panjsher"),
        ("5", "terminology-variant", "Ahmed Masoud"),
        ("6", "terminology-variant", "Ahmad Masoud"),
        ("6", "terminology-variant", "Ahmed Shah Massoud"),
        ("7", "terminology-variant", "Amarullah Saleh"),
        ("10", "terminology-variant", "Al Qaeda"),
        ("11", "terminology-variant", "Northern Coalition"),
    },
}
# The changed numbers also leave a new number in the target.
NEW_NUMBERS = {
    "panjshir-offensive": {"11": "25"},
    "doha-talks": {"5": "7"},
    "kabul-aid": {"3": "13"},
}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")


def story(name: str) -> Document:
    return read_document(
        CORPORA / f"{name}.mt.en",
        source=CORPORA / f"{name}.ar",
        reference=CORPORA / f"{name}.ref.en",
    )


def test_every_story_has_planted_errors_listed() -> None:
    assert set(PLANTED) == set(STORIES)


@pytest.mark.parametrize("name", STORIES)
def test_references_are_clean(name: str, glossary: Glossary) -> None:
    report = run_checks(story(name), glossary, field="reference")
    assert report.skipped == {"low-confidence": "needs a translation model (--model)"}
    assert [f.to_dict() for f in report.at_least("warning")] == []


@pytest.mark.parametrize("name", STORIES)
def test_planted_errors_are_found_and_nothing_else(name: str, glossary: Glossary) -> None:
    report = run_checks(story(name), glossary, field="mt")
    errors = {
        (f.segment_id, f.issue.check, None if f.issue.check == "untranslated" else f.text)
        for f in report.errors
    }
    assert errors == PLANTED[name]
    warnings = {(f.segment_id, f.text) for f in report.findings if f.issue.severity == "warning"}
    assert warnings == set(NEW_NUMBERS.get(name, {}).items())


@pytest.mark.parametrize("name", STORIES)
def test_fixing_the_variants_leaves_only_what_a_glossary_cannot_fix(
    name: str, glossary: Glossary
) -> None:
    doc = story(name)
    before = run_checks(doc, glossary, ["terminology-variant"], field="mt")
    for finding in before:
        segment = doc.segment(finding.segment_id)
        entry = next(e for e in glossary if finding.text in e.variants)
        segment.accept(segment.propose(finding.issue.start, finding.issue.end, entry.target))
    after = run_checks(doc, glossary, attach=True)
    assert {f.issue.check for f in after.errors} <= {"numbers", "untranslated"}
    assert sum(len(s.issues) for s in doc) == len(after)
