"""The `mt translate` job as the front ends run it: translate a document (resumably), score
its MT's confidence, accept the proposed neural edits, write the output and remove the
checkpoint once the output is written."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mt.document import Document, EditStatus
from mt.engines.base import Engine
from mt.errors import InputError
from mt.glossary.entry import Glossary
from mt.pipeline.confidence import annotate_confidence
from mt.pipeline.translate import (
    ProgressCallback,
    TranslateResult,
    checkpoint_path,
    holds_a_line,
    translate_document,
)

#: Bytes written (and fsynced) to prove the output folder can take a file.
_PROBE_BYTES = 64 * 1024


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


def check_output(output: Path) -> None:
    """Refuse an ``output`` this run could not write, before any model loads: a missing
    folder, a file where the folder should be, a folder that takes no file (read-only, full)."""
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        raise InputError("is a folder, expected a file to write", path=output)
    if not folder.exists():
        raise InputError("no such folder", path=folder)
    if not folder.is_dir():
        raise InputError("is a file, not a folder", path=folder)
    try:
        _probe_write(folder)
    except OSError as exc:
        raise InputError(f"cannot write in this folder: {exc.strerror or exc}",
                         path=folder) from None


def _probe_write(folder: Path) -> None:
    handle, name = tempfile.mkstemp(dir=folder, prefix=".mt-probe.", suffix=".tmp")
    try:
        os.write(handle, b"\0" * _PROBE_BYTES)
        os.fsync(handle)
    finally:
        os.close(handle)
        os.unlink(name)


def interrupted_checkpoint(output: Path) -> Path | None:
    """The checkpoint of an interrupted run writing ``output``, if there is one. A checkpoint
    without one whole line (its first write failed) holds nothing: it is removed."""
    ckpt = checkpoint_path(output)
    if not ckpt.exists():
        return None
    if not holds_a_line(ckpt):
        ckpt.unlink(missing_ok=True)
        return None
    return ckpt


__all__ = ["TranslateRun", "check_output", "interrupted_checkpoint", "run_translate"]
