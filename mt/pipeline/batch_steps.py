"""The per-document steps of batch runs (`mt post-edit`, `mt qa`, `mt score` on a folder):
each reads one :class:`~mt.pipeline.batch.DocumentInputs`, runs the same pipeline function the
one-document command runs, writes its output (atomically) and returns a
:class:`~mt.pipeline.batch.DocumentResult` whose ``summary`` feeds the per-document table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mt.document import Document
from mt.formats import read_document, write_document
from mt.pipeline.batch import DocumentInputs, DocumentResult

if TYPE_CHECKING:
    from mt.engines.base import Engine
    from mt.glossary.entry import Glossary
    from mt.scoring.qa import QAReport
    from mt.scoring.report import DocumentScores


@dataclass(frozen=True)
class ReadOptions:
    """How every document of a batch is read."""

    fmt: str | None = None
    text_mode: str = "auto"

    def read(self, inputs: DocumentInputs) -> Document:
        return read_document(inputs.mt, source=inputs.source, reference=inputs.reference,
                             fmt=self.fmt, options={"mode": self.text_mode})


def qa_summary(report: QAReport) -> dict[str, Any]:
    """A QA report in one row: issue counts by severity, skipped checks."""
    return {"qa": {**report.by_severity(), "skipped": sorted(report.skipped)}}


def scores_summary(scores: DocumentScores) -> dict[str, Any]:
    """Before/after corpus scores, term accuracy and HTER in one row."""
    data: dict[str, Any] = {
        "scores": {k: {"before": scores.before[k].value, "after": scores.after[k].value}
                   for k in scores.before},
    }
    if scores.effort is not None:
        data["hter"] = scores.effort.hter.value
    if scores.terms_after is not None:
        data["term_accuracy"] = {"before": scores.terms_before.accuracy
                                 if scores.terms_before else None,
                                 "after": scores.terms_after.accuracy}
    return data


def post_edit_step(
    inputs: DocumentInputs,
    glossary: Glossary,
    *,
    read: ReadOptions,
    output: Path | None = None,
    to: str | None = None,
    accept: bool = True,
    require_source: bool | None = None,
    metrics: str = "bleu,chrf,ter",
) -> DocumentResult:
    """Post-edit one document (:func:`mt.pipeline.post_edit.run_post_edit`), write it to
    ``output``; exit 1 when QA errors remain."""
    from mt.pipeline.post_edit import run_post_edit

    doc = read.read(inputs)
    job = run_post_edit(doc, glossary, accept=accept, require_source=require_source,
                        metrics=metrics)
    written = []
    if output is not None:
        write_document(doc, output, fmt=to)
        written.append(output)
    summary = {
        "segments": len(doc),
        "changed": len(job.result.changes),
        "edits": sum(job.result.accepted.values()),
        "proposed": len(job.result.proposed),
        "not_applied_no_source": sum(job.result.needs_source.values()),
        **qa_summary(job.qa),
        **scores_summary(job.scores),
    }
    return DocumentResult(inputs, summary, exit=1 if job.qa.has_errors else 0, written=written,
                          data=job)


def qa_step(
    inputs: DocumentInputs,
    glossary: Glossary | None,
    *,
    read: ReadOptions,
    checks: str | None = None,
    exclude: tuple[str, ...] = (),
) -> DocumentResult:
    """QA one document (:func:`mt.pipeline.qa.run_qa`); exit 1 for an error-severity issue."""
    from mt.pipeline.qa import run_qa

    doc = read.read(inputs)
    report = run_qa(doc, glossary, checks, exclude=exclude, field="post_edit")
    return DocumentResult(inputs, {"segments": len(doc), **qa_summary(report)},
                          exit=1 if report.has_errors else 0, data=report)


def score_step(
    inputs: DocumentInputs,
    glossary: Glossary | None,
    *,
    read: ReadOptions,
    metrics: str = "bleu,chrf,ter",
) -> DocumentResult:
    """Score one document's MT against its reference (and term accuracy with a glossary and
    its source): :func:`mt.scoring.report.score_document`."""
    from mt.errors import UsageError
    from mt.scoring.report import score_document

    doc = read.read(inputs)
    if not doc.has_reference:
        raise UsageError("nothing to score against: no reference beside it (X.ref.en)",
                         path=inputs.mt)
    scores = score_document(doc, metrics, glossary if doc.has_source else None)
    summary: dict[str, Any] = {
        "segments": len(doc),
        "scores": {k: s.value for k, s in scores.before.items()},
        "signatures": {s.metric: s.signature for s in scores.before.values()},
    }
    if scores.terms_before is not None:
        summary["term_accuracy"] = scores.terms_before.accuracy
    return DocumentResult(inputs, summary, data=scores)


def read_source(path: Path, *, read: ReadOptions, source_lang: str | None = None) -> Document:
    """A source file as a document to translate: its text becomes the segments' source."""
    doc = read_document(path, fmt=read.fmt, options={"mode": read.text_mode})
    if not doc.has_source:
        for seg in doc.segments:
            seg.source, seg.mt = seg.mt, ""
        doc.source_lang, doc.target_lang = doc.source_lang or doc.target_lang, None
    if source_lang:
        doc.source_lang = source_lang
    return doc


def translate_step(
    inputs: DocumentInputs,
    engine: Engine,
    glossary: Glossary | None,
    *,
    read: ReadOptions,
    output: Path | None,
    resume: bool = False,
    source_lang: str | None = None,
) -> DocumentResult:
    """Translate one source file (:func:`mt.pipeline.translate_job.run_translate`), written to
    ``output``; exit 1 when a glossary term could not be placed or a forbidden variant remains.
    (``inputs.mt`` is the source file here.)"""
    from mt.pipeline.translate_job import run_translate

    doc = read_source(inputs.mt, read=read, source_lang=source_lang)
    doc.target_lang = doc.target_lang or getattr(engine, "target_lang", None)
    run = run_translate(doc, engine, glossary, output=output, resume=resume)
    result = run.result
    summary = {"segments": len(doc), "translated": result.done_now, "resumed": result.resumed,
               "forced_terms": result.forced, "unmet_terms": len(result.unmet),
               "forbidden_left": len(result.forbidden)}
    bad = bool(result.unmet or result.forbidden)
    return DocumentResult(inputs, summary, exit=1 if bad else 0,
                          written=[output] if output is not None else [], data=run)
