"""Translate a document with a neural engine, forcing the glossary's terms, resumably.

Two modes, one function (:func:`translate_document`):

* **fresh** (``existing_mt=False``): every segment's source is translated into its MT;
* **re-translate** (``existing_mt=True``): the segments whose MT breaks the glossary (a required
  term missing, a forbidden variant present; or whatever ``needs_retranslation`` says) are
  translated again, and the new translation is *proposed* as one edit with origin ``neural``
  over the whole MT, for a translator to accept or reject.

With a ``checkpoint`` path, each finished chunk of segments is appended to a JSONL file and
flushed to disk before the next chunk starts. After a crash, ``resume=True`` takes the
segments the checkpoint holds and translates only the rest; a checkpoint written for another
input, model or glossary is refused. A half-written last line (the crash came mid-write) is
dropped and written again.

:func:`~mt.pipeline.confidence.annotate_confidence` (re-exported here) scores the MT's
confidence; :func:`mt.pipeline.translate_job.run_translate` is the whole `mt translate` job.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn

from mt.document import Document, Edit, Issue, Origin, Segment, Severity
from mt.engines.base import ConstraintReport, Engine, EngineSignature, Translation
from mt.errors import InputError, MTError
from mt.fileio import JsonLinesLog, LogWriteError, read_json_lines
from mt.formats.records import CHECKPOINT_HEADER, CHECKPOINT_RECORD, record_problem
from mt.glossary.entry import Glossary
from mt.glossary.expectations import segment_expectations
from mt.pipeline.confidence import annotate_confidence as annotate_confidence

CHECKPOINT_KIND = "mt-translate-checkpoint"
CHECKPOINT_VERSION = 1
UNMET_CHECK = "term-not-forced"

ProgressCallback = Callable[[int, int], None]


class CheckpointError(MTError):
    """A checkpoint cannot be used: unreadable, or written for another input or model."""


def checkpoint_path(output: str | Path) -> Path:
    """Where the checkpoint of a run writing ``output`` lives: beside it."""
    out = Path(output)
    return out.with_name(out.name + ".checkpoint.jsonl")


class TranslateStatus(StrEnum):
    """What translating did to one segment (see :class:`SegmentResult`)."""

    TRANSLATED = "translated"
    RETRANSLATED = "retranslated"
    UNCHANGED = "unchanged"
    KEPT = "kept"
    EMPTY = "empty"
    NO_SOURCE = "no-source"


@dataclass
class SegmentResult:
    """What happened to one segment.

    ``status``: ``translated`` (fresh), ``retranslated`` (a neural edit proposed),
    ``unchanged`` (re-translated to the same text), ``kept`` (its MT respects the glossary),
    ``empty`` (nothing to translate) or ``no-source``. ``resumed`` says the work came from the
    checkpoint.
    """

    id: str
    status: TranslateStatus
    translation: Translation | None = None
    edit: Edit | None = None
    reason: str = ""
    resumed: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status, "resumed": self.resumed}
        if self.reason:
            out["reason"] = self.reason
        if self.translation is not None:
            t = self.translation
            out.update(
                translation=t.text,
                score=t.score,
                constraints=[c.to_dict() for c in t.constraints],
                forbidden_found=list(t.forbidden_found),
            )
        return out


@dataclass
class TranslateResult:
    """What translating a document did."""

    document: Document
    segments: list[SegmentResult] = field(default_factory=list)
    signature: EngineSignature | None = None
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for s in self.segments if s.status == status)

    @property
    def resumed(self) -> int:
        return sum(1 for s in self.segments if s.resumed)

    @property
    def done_now(self) -> int:
        """Segments the engine translated in this run (not taken from the checkpoint)."""
        return sum(1 for s in self.segments if s.translation is not None and not s.resumed)

    @property
    def unmet(self) -> list[tuple[str, ConstraintReport]]:
        return [
            (s.id, c) for s in self.segments if s.translation for c in s.translation.unmet
        ]

    @property
    def forbidden(self) -> list[tuple[str, str]]:
        return [
            (s.id, v) for s in self.segments if s.translation
            for v in s.translation.forbidden_found
        ]  # fmt: skip

    @property
    def forced(self) -> int:
        """Required terms the translations contain."""
        return sum(
            1 for s in self.segments if s.translation for c in s.translation.constraints if c.met
        )

    def to_dict(self) -> dict[str, Any]:
        statuses: dict[str, int] = {}
        for s in self.segments:
            statuses[s.status] = statuses.get(s.status, 0) + 1
        return {
            "signature": self.signature.to_dict() if self.signature else None,
            "segments": len(self.segments),
            "statuses": statuses,
            "resumed": self.resumed,
            "seconds": round(self.seconds, 3),
            "terms": {
                "met": self.forced,
                "unmet": [{"segment": sid, **c.to_dict()} for sid, c in self.unmet],
                "forbidden_found": [{"segment": sid, "variant": v} for sid, v in self.forbidden],
            },
            "results": [s.to_dict() for s in self.segments],
        }


def glossary_violations(segment: Segment, glossary: Glossary) -> str:
    """Why the segment's MT breaks the glossary, in words; ``""`` when it does not."""
    problems = []
    for exp in segment_expectations(segment, glossary):
        if exp.variants:
            problems.append(f"{', '.join(dict.fromkeys(exp.variants))} instead of {exp.target}")
        elif not exp.met:
            problems.append(f"{exp.target} missing")
    return "; ".join(problems)


def _input_hash(doc: Document, existing_mt: bool) -> str:
    payload = [[s.id, s.source, s.mt if existing_mt else None] for s in doc.segments]
    data = json.dumps([existing_mt, payload], ensure_ascii=False).encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()[:24]


class _Checkpoint(JsonLinesLog):
    """An append-only JSONL file: a header line, then one line per finished segment."""

    @staticmethod
    def read(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]], int]:
        """Header, records by segment id, and the length of the file's intact part."""
        try:
            lines = read_json_lines(path)
        except OSError as exc:
            raise CheckpointError(exc.strerror or str(exc), path=path) from None
        good = 0
        header: dict[str, Any] | None = None
        records: dict[str, dict[str, Any]] = {}
        for line in lines:
            if not line.complete:
                break  # a write cut short: dropped
            obj = line.value
            if line.garbled:
                if line is lines[-1]:
                    break  # the last line is garbled: the crash came mid-write
                raise CheckpointError("garbled line; delete the checkpoint to start over",
                                      path=path, line=line.number)
            if header is None:
                if not isinstance(obj, dict) or obj.get("kind") != CHECKPOINT_KIND:
                    raise CheckpointError("not a checkpoint of `mt translate`", path=path,
                                          line=line.number)
                found = record_problem(obj, CHECKPOINT_HEADER)
                if found:
                    raise CheckpointError(f"not a checkpoint of `mt translate` ({found}); "
                                          "delete it to start over", path=path, line=line.number)
                header = obj
            else:
                found = record_problem(obj, CHECKPOINT_RECORD)
                if found:
                    raise CheckpointError(f"not a segment record ({found}); delete the "
                                          "checkpoint to start over", path=path, line=line.number)
                records[str(obj["id"])] = obj
            good = line.end
        if header is None:
            raise CheckpointError("empty checkpoint; delete it to start over", path=path)
        return header, records, good

    def start(self, resume: bool) -> dict[str, dict[str, Any]]:
        """Open for appending; the records already there when resuming. A file without one
        whole line (its first write failed) holds nothing and is started afresh."""
        records: dict[str, dict[str, Any]] = {}
        try:
            if resume and holds_a_line(self.path):
                header, records, good = self.read(self.path)
                self._check(header)
                self.reopen(keep=good)
            else:
                self.create()
        except (OSError, LogWriteError) as exc:
            self._failed(exc)
        return records

    def append(self, records: list[dict[str, Any]]) -> None:
        if records:
            try:
                self.write(records)
            except (OSError, LogWriteError) as exc:
                self._failed(exc)

    def _failed(self, exc: OSError | LogWriteError) -> NoReturn:
        """Report a failed write; a checkpoint left without a whole line is removed."""
        with contextlib.suppress(OSError):
            self.close()
            if not holds_a_line(self.path):
                self.path.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) else exc.message
        reason = (reason or "").removeprefix("cannot write: ")
        raise InputError(f"cannot write the checkpoint: {reason or exc}",
                         path=self.path) from None

    def _check(self, header: dict[str, Any]) -> None:
        if header.get("version") != CHECKPOINT_VERSION:
            raise CheckpointError(f"checkpoint version {header.get('version')} is not "
                                  f"{CHECKPOINT_VERSION}; delete it to start over", path=self.path)
        if header.get("input") != self.header["input"]:
            raise CheckpointError("the checkpoint belongs to another input (the document or "
                                  "the mode changed); delete it or run without --resume",
                                  path=self.path)
        mine = EngineSignature(**self.header["signature"])
        fields = mine.differences(header.get("signature") or {})
        if fields:
            raise CheckpointError(f"the checkpoint was written with another {', '.join(fields)}; "
                                  "delete it or run without --resume", path=self.path)



def holds_a_line(path: Path) -> bool:
    """Whether the file at ``path`` exists and holds at least one whole line."""
    try:
        with path.open("rb") as handle:
            return handle.readline().endswith(b"\n")
    except FileNotFoundError:
        return False


def _apply(
    segment: Segment, translation: Translation, existing_mt: bool, reason: str, resumed: bool
) -> SegmentResult:
    """Put a translation into the document; the segment's result."""
    if not existing_mt:
        segment.mt = translation.text
        for c in translation.unmet:
            segment.issues.append(Issue(
                check=UNMET_CHECK, severity=Severity.WARNING, field="mt",
                message=f"glossary term “{c.term}” is missing: {c.reason}",
            ))  # fmt: skip
        return SegmentResult(segment.id, TranslateStatus.TRANSLATED, translation, reason=reason,
                             resumed=resumed)
    if translation.text == segment.mt:
        return SegmentResult(segment.id, TranslateStatus.UNCHANGED, translation, reason=reason,
                             resumed=resumed)
    edit = segment.propose(
        0, len(segment.mt), translation.text, origin=Origin.NEURAL,
        reason=f"re-translated with glossary terms forced ({reason})" if reason
        else "re-translated with glossary terms forced",
    )  # fmt: skip
    return SegmentResult(segment.id, TranslateStatus.RETRANSLATED, translation, edit, reason,
                         resumed)


def translate_document(
    doc: Document,
    engine: Engine,
    glossary: Glossary | None = None,
    *,
    existing_mt: bool = False,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: ProgressCallback | None = None,
    chunk_size: int = 32,
    needs_retranslation: Callable[[Segment], str] | None = None,
) -> TranslateResult:
    """Translate ``doc`` with ``engine`` in place and say what was done.

    ``glossary`` (default: the engine's) gives the terms to force. ``existing_mt`` re-translates
    only the segments ``needs_retranslation`` names (default: :func:`glossary_violations`) and
    proposes the results as neural edits. ``progress(done, total)`` is called after every chunk
    of ``chunk_size`` segments, with the counts of this run (resumed segments not included).
    """
    started = time.perf_counter()
    glossary = glossary if glossary is not None else engine.glossary
    signature = engine.signature_for(glossary)
    result = TranslateResult(doc, signature=signature)
    if existing_mt and needs_retranslation is None:
        if glossary is None:
            raise MTError("re-translating an existing MT needs a glossary (or a rule) that "
                          "says which segments to re-translate")
        gloss = glossary

        def needs_retranslation(seg: Segment) -> str:
            return glossary_violations(seg, gloss)

    outcome: dict[str, SegmentResult] = {}
    todo: list[tuple[Segment, str]] = []
    for seg in doc.segments:
        if seg.source is None:
            outcome[seg.id] = SegmentResult(seg.id, TranslateStatus.NO_SOURCE)
        elif not seg.source.strip():
            if not existing_mt:
                seg.mt = seg.source
            outcome[seg.id] = SegmentResult(seg.id, TranslateStatus.EMPTY)
        elif existing_mt:
            assert needs_retranslation is not None
            why = needs_retranslation(seg)
            if why:
                todo.append((seg, why))
            else:
                outcome[seg.id] = SegmentResult(seg.id, TranslateStatus.KEPT)
        else:
            todo.append((seg, ""))

    store: _Checkpoint | None = None
    if checkpoint is not None:
        header = {
            "kind": CHECKPOINT_KIND,
            "version": CHECKPOINT_VERSION,
            "input": _input_hash(doc, existing_mt),
            "segments": len(doc),
            "existing_mt": existing_mt,
            "signature": signature.to_dict(),
        }
        store = _Checkpoint(Path(checkpoint), header)
    try:
        saved = store.start(resume) if store is not None else {}
        remaining = []
        for seg, why in todo:
            record = saved.get(seg.id)
            if record is not None:
                t = Translation.from_dict(record["translation"])
                outcome[seg.id] = _apply(seg, t, existing_mt, why, resumed=True)
            else:
                remaining.append((seg, why))
        total = len(remaining)
        if progress is not None:
            progress(0, total)
        done = 0
        for start in range(0, total, max(chunk_size, 1)):
            chunk = remaining[start : start + max(chunk_size, 1)]
            translations = engine.translate([s.source or "" for s, _ in chunk], glossary=glossary)
            records = []
            for (seg, why), t in zip(chunk, translations, strict=True):
                outcome[seg.id] = _apply(seg, t, existing_mt, why, resumed=False)
                records.append({"id": seg.id, "translation": t.to_dict()})
            if store is not None:
                store.append(records)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    finally:
        if store is not None:
            store.close()
    result.segments = [outcome[s.id] for s in doc.segments]
    result.seconds = time.perf_counter() - started
    return result

