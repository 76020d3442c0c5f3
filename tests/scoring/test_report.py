"""score_document on documents with and without references, sources and segments."""

from __future__ import annotations

import pytest

from mt.document import Document
from mt.errors import AlignmentError, InputError, UsageError
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.scoring import score_document


def glossary() -> Glossary:
    return Glossary([GlossaryEntry("panjshir", "Panjshir", sources=("بنجشير",),
                                   variants=("Banshir",), case_sensitive=True)])


def test_without_reference_only_effort() -> None:
    doc = Document.from_texts(["Fighting in Banshir."])
    doc[0].accept(doc[0].propose(12, 19, "Panjshir"))
    report = score_document(doc)
    assert not report.has_reference and report.before == {} and report.after == {}
    assert report.effort is not None and report.effort.changed_segments == 1
    assert report.terms_before is None
    assert report.to_dict()["metrics"] == {}


def test_with_reference_and_glossary() -> None:
    doc = Document.from_texts(["Fighting in Banshir."], source=["قتال في بنجشير"],
                              reference=["Fighting in Panjshir."])
    doc[0].accept(doc[0].propose(12, 19, "Panjshir"))
    report = score_document(doc, "chrf,ter", glossary())
    assert report.after["ter"].value == 0 and report.after["chrf"].value == pytest.approx(100)
    assert report.terms_before is not None and report.terms_before.accuracy == 0
    assert report.terms_after is not None and report.terms_after.accuracy == 1


def test_glossary_without_source_is_a_usage_error() -> None:
    doc = Document.from_texts(["Fighting in Banshir."], reference=["Fighting in Panjshir."])
    with pytest.raises(UsageError, match="needs the source"):
        score_document(doc, glossary=glossary())


def test_reference_missing_for_some_segments() -> None:
    doc = Document.from_texts(["one", "two"], reference=["one", "two"])
    doc[1].reference = None
    doc.meta["path"] = "x.tsv"
    with pytest.raises(AlignmentError, match="segment 2 has no reference") as info:
        score_document(doc)
    assert info.value.path == "x.tsv"


def test_empty_document() -> None:
    with pytest.raises(InputError, match="no segments"):
        score_document(Document())


def test_unknown_metric() -> None:
    with pytest.raises(UsageError, match="unknown metric"):
        score_document(Document.from_texts(["a"], reference=["a"]), "bleu,rouge")
