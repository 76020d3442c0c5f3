"""The `mt translate` job as the front ends run it: translate a document (resumably), score
its MT's confidence, accept the proposed neural edits, write the output and remove the
checkpoint once the output is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mt.document import Document, EditStatus
from mt.engines.base import Engine
from mt.glossary.entry import Glossary
from mt.pipeline.confidence import annotate_confidence
from mt.pipeline.translate import (
    ProgressCallback,
    TranslateResult,
    checkpoint_path,
    translate_document,
)


@dataclass
class TranslateRun:
    """What :func:`run_translate` did: the translation result, the edits it accepted and the
    format it wrote (``None`` without an output)."""

    result: TranslateResult
    accepted: int = 0
    written: str | None = None


def run_translate(
    doc: Document,
    engine: Engine,
    glossary: Glossary | None = None,
    *,
    output: Path | None = None,
    existing_mt: bool = False,
    resume: bool = False,
    accept: bool = False,
    confidence: bool = False,
    progress: ProgressCallback | None = None,
) -> TranslateRun:
    """Translate ``doc`` (checkpointed beside ``output``); with ``confidence`` score its MT;
    with ``accept`` accept the proposed neural edits; write ``output`` and drop the checkpoint."""
    from mt.formats import write_document

    ckpt = checkpoint_path(output) if output is not None else None
    result = translate_document(doc, engine, glossary, existing_mt=existing_mt, checkpoint=ckpt,
                                resume=resume, progress=progress)
    if confidence:
        annotate_confidence(doc, engine)
    run = TranslateRun(result)
    if accept:
        for seg_result in result.segments:
            if seg_result.edit is not None and seg_result.edit.status is EditStatus.PROPOSED:
                doc.segment(seg_result.id).accept(seg_result.edit)
                run.accepted += 1
    if output is not None:
        run.written = write_document(doc, output, fmt=None)
        if ckpt is not None and ckpt.exists():
            ckpt.unlink()
    return run


__all__ = ["TranslateRun", "run_translate"]
