"""Translating documents: fresh, re-translating where the MT breaks the glossary, resuming."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from mt.document import Document, EditStatus, Origin, Severity
from mt.engines.base import Engine, EngineSignature, ScoredTranslation, Translation
from mt.pipeline.translate import (
    CheckpointError,
    annotate_confidence,
    checkpoint_path,
    glossary_violations,
    translate_document,
)
from tests.engines.tiny_marian import PAIRS

SOURCES = [a for a, _ in PAIRS]


class Counting(Engine):
    """Delegates to a real engine and counts the texts it is asked to translate."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.glossary = inner.glossary
        self.calls: list[str] = []

    def translate(self, sources: Sequence[str], **options: Any) -> list[Translation]:
        self.calls += list(sources)
        return self.inner.translate(sources, **options)

    def score(self, sources: Sequence[str], translations: Sequence[str]) -> list[ScoredTranslation]:
        return self.inner.score(sources, translations)

    @property
    def signature(self) -> EngineSignature:
        return self.inner.signature


class Crash(Exception):
    pass


def fresh_doc(sources: list[str]) -> Document:
    return Document.from_texts([""] * len(sources), sources, source_lang="ar", target_lang="en")


@pytest.mark.slow
def test_a_document_is_translated_with_the_glossary(engine: Engine, glossary: Any) -> None:
    doc = fresh_doc([SOURCES[0], "فر آلاف المدنيين من بنجشير.", "   "])
    result = translate_document(doc, engine, glossary)
    assert doc[0].mt == PAIRS[0][1]
    assert "Panjshir" in doc[1].mt and "Banshir" not in doc[1].mt
    assert doc[2].mt == "   "
    assert [s.status for s in result.segments] == ["translated", "translated", "empty"]
    assert result.forced >= 3 and result.unmet == [] and result.forbidden == []
    report = result.to_dict()
    assert report["statuses"] == {"translated": 2, "empty": 1}
    assert report["signature"]["glossary"].startswith("sha256:")
    json.dumps(report)


@pytest.mark.slow
def test_only_segments_that_break_the_glossary_are_retranslated(
    engine: Engine, glossary: Any
) -> None:
    src_bad, mt_bad = "فر آلاف المدنيين من بنجشير.", "Thousands of civilians fled Banshir."
    src_ok, mt_ok = "سيطرت طالبان على كابل.", "The Taliban took control of Kabul."
    doc = Document.from_texts([mt_bad, mt_ok], [src_bad, src_ok])
    counting = Counting(engine)
    result = translate_document(doc, counting, glossary, existing_mt=True)
    assert counting.calls == [src_bad]
    bad, ok = result.segments
    assert (bad.status, ok.status) == ("retranslated", "kept")
    assert "Banshir instead of Panjshir" in bad.reason
    edit = bad.edit
    assert edit is not None and edit.origin is Origin.NEURAL
    assert (edit.start, edit.end, edit.original) == (0, len(mt_bad), mt_bad)
    assert edit.status is EditStatus.PROPOSED and "Panjshir" in edit.replacement
    assert doc[0].mt == mt_bad and doc[0].edits == [edit]
    doc[0].accept(edit)
    assert glossary_violations(doc[0], glossary) != ""  # the MT itself is unchanged
    assert "Panjshir" in doc[0].post_edit
    assert doc[1].edits == []


@pytest.mark.slow
def test_resume_after_a_crash_redoes_nothing_and_loses_nothing(
    engine: Engine, glossary: Any, tmp_path: Path
) -> None:
    sources = SOURCES[:10]
    expected = fresh_doc(sources)
    translate_document(expected, engine, glossary, chunk_size=3)

    ckpt = checkpoint_path(tmp_path / "out.en")
    doc = fresh_doc(sources)

    def crash_after_two_chunks(done: int, total: int) -> None:
        if done >= 6:
            raise Crash

    with pytest.raises(Crash):
        translate_document(doc, engine, glossary, checkpoint=ckpt, chunk_size=3,
                           progress=crash_after_two_chunks)
    lines = ckpt.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 6  # header and the segments of two chunks
    with ckpt.open("ab") as handle:  # the crash also cut a line short
        handle.write(b'{"id": "7", "translation": {"sou')

    resumed = fresh_doc(sources)
    counting = Counting(engine)
    seen: list[tuple[int, int]] = []
    result = translate_document(resumed, counting, glossary, checkpoint=ckpt, resume=True,
                                chunk_size=3, progress=lambda d, t: seen.append((d, t)))
    assert counting.calls == sources[6:]  # nothing redone
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert [s.mt for s in resumed] == [s.mt for s in expected]  # nothing lost
    assert result.resumed == 6 and result.done_now == 4
    records = [json.loads(line) for line in ckpt.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records[1:]] == [str(i) for i in range(1, 11)]


@pytest.mark.slow
def test_a_checkpoint_of_another_input_or_model_is_refused(
    engine: Engine, glossary: Any, tmp_path: Path
) -> None:
    ckpt = tmp_path / "x.checkpoint.jsonl"
    translate_document(fresh_doc(SOURCES[:2]), engine, glossary, checkpoint=ckpt)
    with pytest.raises(CheckpointError, match="another input"):
        translate_document(fresh_doc(SOURCES[1:3]), engine, glossary, checkpoint=ckpt,
                           resume=True)
    with pytest.raises(CheckpointError, match="another glossary"):
        translate_document(fresh_doc(SOURCES[:2]), engine, None, checkpoint=ckpt, resume=True)
    ckpt.write_text("not json\n{}\n", encoding="utf-8")
    with pytest.raises(CheckpointError, match="garbled"):
        translate_document(fresh_doc(SOURCES[:2]), engine, glossary, checkpoint=ckpt,
                           resume=True)
    # Without resume a checkpoint is started afresh.
    result = translate_document(fresh_doc(SOURCES[:2]), engine, glossary, checkpoint=ckpt)
    assert result.done_now == 2


@pytest.mark.slow
def test_confidence_marks_the_words_the_model_doubts(engine: Engine) -> None:
    source, good = PAIRS[3]
    doc = Document.from_texts([good, "Kabul province the attacked Banshir Taliban."],
                              [source, source])
    means = annotate_confidence(doc, engine)
    assert means["1"] > means["2"] and doc[0].meta["confidence"] == means["1"]
    assert not [i for i in doc[0].issues if i.check == "low-confidence"]
    doubts = [i for i in doc[1].issues if i.check == "low-confidence"]
    assert doubts and all(i.severity is Severity.INFO and i.field == "mt" for i in doubts)
    for issue in doubts:
        assert issue.start is not None and issue.end is not None
        assert doc[1].mt[issue.start : issue.end].isalpha()
    annotate_confidence(doc, engine)  # again: replaced, not doubled
    assert len([i for i in doc[1].issues if i.check == "low-confidence"]) == len(doubts)
