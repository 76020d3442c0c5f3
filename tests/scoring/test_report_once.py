"""Scoring a post-edited document once: the post-edit's scores equal scoring it whole."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU as SacreBLEU

from mt.formats import read_document
from mt.glossary.files import load_glossary
from mt.pipeline.post_edit import post_edit_document
from mt.scoring.metrics import corpus_scores, sentence_scores
from mt.scoring.report import score_document
from tests.conftest import CORPORA, GLOSSARIES


@pytest.mark.parametrize("story", ["kabul-aid", "panjshir-offensive"])
def test_post_edit_scores_equal_scoring_the_post_edit_whole(story: str) -> None:
    base = CORPORA / story
    doc = read_document(base.with_suffix(".mt.en"), source=base.with_suffix(".ar"),
                        reference=base.with_suffix(".ref.en"))
    post_edit_document(doc, load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv"))
    pes, refs = [s.post_edit for s in doc], [s.reference or "" for s in doc]
    assert any(s.changed for s in doc) and not all(s.changed for s in doc)
    scores = score_document(doc, "bleu,chrf,ter", sentence=True, workers=1)
    whole = corpus_scores(pes, refs, "bleu,chrf,ter", workers=1)
    per = sentence_scores(pes, refs, "bleu,chrf,ter", workers=1)
    for key, score in whole.items():
        assert scores.after[key].value == score.value
        assert [s.after[key] for s in scores.per_segment] == [s.value for s in per[key]]
    mt_whole = corpus_scores([s.mt for s in doc], refs, "bleu,chrf,ter", workers=1)
    assert {k: s.value for k, s in scores.before.items()} == \
        {k: s.value for k, s in mt_whole.items()}
    # The segment scores come from the corpus statistics: still sacrebleu's sentence scores.
    mt_per = sentence_scores([s.mt for s in doc], refs, "bleu,chrf,ter", workers=1)
    for key, values in mt_per.items():
        assert [s.before[key] for s in scores.per_segment] == [v.value for v in values]
    bleu = SacreBLEU(effective_order=True)
    assert [s.after["bleu"] for s in scores.per_segment] == \
        [bleu.sentence_score(p, [r]).score for p, r in zip(pes, refs, strict=True)]


def test_post_edit_job_scores_equal_scoring_after_the_fact() -> None:
    """The MT's statistics computed while the fixes run give the same scores."""
    from mt.pipeline.post_edit import run_post_edit

    base = CORPORA / "doha-talks"
    doc = read_document(base.with_suffix(".mt.en"), source=base.with_suffix(".ar"),
                        reference=base.with_suffix(".ref.en"))
    glossary = load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")
    job = run_post_edit(doc, glossary, workers=1)
    again = score_document(doc, "bleu,chrf,ter", glossary, workers=1)
    assert job.scores.to_dict() == again.to_dict()
