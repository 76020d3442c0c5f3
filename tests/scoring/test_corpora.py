"""On the shipped corpora, post-editing with the glossary improves term accuracy and chrF against
the references overall, and makes no segment worse."""

from __future__ import annotations

import json

import pytest

from mt.glossary.entry import Glossary
from mt.scoring import ChrF, document_term_accuracy, score_document

from .conftest import STORIES, post_edit, read_story


@pytest.mark.parametrize("story", STORIES)
def test_post_editing_raises_term_accuracy_and_chrf_and_lowers_no_segment(
    story: str, glossary: Glossary
) -> None:
    doc = post_edit(read_story(story), glossary)
    assert any(seg.changed for seg in doc)
    before = document_term_accuracy(doc, glossary)
    after = document_term_accuracy(doc, glossary, post_edit=True)
    assert before.accuracy is not None and after.accuracy is not None
    assert after.accuracy > before.accuracy
    assert after.segments_with_variant < before.segments_with_variant
    for seg_before, seg_after in zip(before.segments, after.segments, strict=True):
        assert seg_after.correct >= seg_before.correct, seg_before.id
        assert seg_after.expected == seg_before.expected
        assert len(seg_after.variants) <= len(seg_before.variants), seg_before.id

    chrf = ChrF()
    mts, pes = [s.mt for s in doc], [s.post_edit for s in doc]
    refs = [s.reference or "" for s in doc]
    assert chrf.corpus(pes, refs).value > chrf.corpus(mts, refs).value
    for seg, b, a in zip(doc, chrf.sentences(mts, refs), chrf.sentences(pes, refs), strict=True):
        assert a.value >= b.value, seg.id
        if seg.changed:
            assert a.value > b.value, seg.id


def test_every_expected_term_is_right_after_post_editing(glossary: Glossary) -> None:
    for story in STORIES:
        doc = post_edit(read_story(story), glossary)
        after = document_term_accuracy(doc, glossary, post_edit=True)
        assert after.accuracy == 1.0, story
        assert after.segments_with_variant == 0, story


def test_score_document_before_and_after(glossary: Glossary) -> None:
    doc = post_edit(read_story("panjshir-offensive"), glossary)
    report = score_document(doc, "bleu,chrf,chrf++,ter", glossary, sentence=True)
    assert report.segments == len(doc) and report.changed == sum(s.changed for s in doc)
    assert report.metrics == ["bleu", "chrf", "chrf++", "ter"]
    assert report.delta("bleu") > 0 and report.delta("chrf") > 0 and report.delta("ter") < 0
    assert report.before["chrf"].value == ChrF().corpus(
        [s.mt for s in doc], [s.reference or "" for s in doc]).value
    assert report.terms_before is not None and report.terms_after is not None
    assert report.terms_after.accuracy == 1.0
    assert report.effort is not None and report.effort.changed_segments == report.changed
    assert [s.id for s in report.per_segment] == [s.id for s in doc]
    for seg in report.per_segment:
        assert seg.after["chrf"] >= seg.before["chrf"]
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert set(data["metrics"]) == {"bleu", "chrf", "chrf++", "ter"}
    assert data["metrics"]["ter"]["before"]["signature"].startswith("nrefs:1|case:lc|tok:tercom")
    assert set(data["signatures"]) == {"BLEU", "chrF2", "chrF2++", "TER"}
    assert data["terms"]["after"]["accuracy"] == 1.0
    assert data["effort"]["changed_segments"] == report.changed
    assert "per_segment" not in report.to_dict(segments=False)
