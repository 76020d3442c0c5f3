"""`mt qa`: check a translation for terminology, numbers, untranslated text, punctuation and
consistency problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from mt.cli.batch_view import batch_inputs, qa_cells, run_batch, value
from mt.cli.console import escape, out, progress_bar
from mt.cli.engine_options import with_engine_options
from mt.cli.executor_options import (
    ExecutorOpt,
    GpusOpt,
    RayAddressOpt,
    VerboseOpt,
    WorkersOpt,
    executor_of,
)
from mt.cli.exitcodes import ExitCode
from mt.cli.guards import ForceOpt, QuietOpt, checked_glossary
from mt.cli.options import FormatOpt, GlossaryOpt, RefOpt, SourceOpt, TextModeOpt, load
from mt.cli.report_views import echo_json, qa_summary, qa_table, skipped_lines
from mt.document import Severity
from mt.engines.options import EngineOptions
from mt.errors import UsageError
from mt.pipeline.batch import DocumentInputs, DocumentResult, is_batch
from mt.pipeline.batch_steps import ReadOptions, qa_step
from mt.pipeline.qa import run_qa
from mt.scoring.qa import check_catalog, resolve_checks


@with_engine_options
def qa(
    mt_files: Annotated[
        list[Path] | None,
        typer.Argument(help="The translation to check (any supported format); or several, or "
                            "a folder: each X.mt.en is paired with X.ar and X.ref.en beside it.",
                       show_default=False),
    ] = None,
    mt_opt: Annotated[
        Path | None,
        typer.Option("--mt", dir_okay=False, help="The translation, as an option (same as FILE)."),
    ] = None,
    source: SourceOpt = None,
    ref: RefOpt = None,
    glossary: GlossaryOpt = None,
    checks: Annotated[
        str | None, typer.Option("--checks", help="Only these checks (comma-separated ids).")
    ] = None,
    exclude: Annotated[
        str | None, typer.Option("--exclude", help="Skip these checks (comma-separated ids).")
    ] = None,
    min_severity: Annotated[
        Severity, typer.Option("--min-severity", help="Show issues of this severity or worse.")
    ] = Severity.INFO,
    list_checks: Annotated[
        bool, typer.Option("--list-checks", help="List the checks and exit.")
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="A translation model (hub id or folder): also report "
                                           "the MT words it has low confidence in."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option("--confidence-threshold", max=0.0,
                     help="Log-probability (at most 0) under which a word is low-confidence."),
    ] = None,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    quiet: QuietOpt = False,
    executor: ExecutorOpt = "local",
    workers: WorkersOpt = 1,
    ray_address: RayAddressOpt = None,
    gpus_per_worker: GpusOpt = 0,
    verbose: VerboseOpt = False,
    *,
    engine_options: EngineOptions,
) -> None:
    """Run the QA checks over a translation; exit 1 when an error-severity issue exists.

    Spans point into the checked text, or into the source for what the translation lacks."""
    if list_checks:
        _list_checks(as_json)
        return
    if mt_files and mt_opt is not None:
        raise UsageError("give the translation once: as FILE or with --mt")
    paths = list(mt_files or ([mt_opt] if mt_opt is not None else []))
    if not paths:
        raise UsageError("no translation given: mt qa FILE (or --mt FILE)")
    skip = [c.strip() for c in (exclude or "").split(",") if c.strip()]
    try:
        resolve_checks(checks, skip)
    except KeyError as exc:
        raise UsageError(str(exc.args[0]) if exc.args else str(exc)) from None
    if is_batch(paths):
        if model is not None:
            raise UsageError("--model checks one document at a time; give one file")
        run_on = executor_of(executor, workers, ray_address, gpus_per_worker, verbose)
        docs = batch_inputs(paths, source=source, ref=ref)
        gloss = checked_glossary(glossary, force=force) if glossary is not None else None
        read = ReadOptions(fmt, text_mode)

        def step(d: DocumentInputs) -> DocumentResult:
            return qa_step(d, gloss, read=read, checks=checks, exclude=tuple(skip))

        cells = [("segs", value("segments", "{}")), *qa_cells(),
                 ("info", value("qa.info", "{}"))]
        run_batch("qa", docs, step, cells, as_json=as_json, quiet=quiet, executor=run_on)
        return
    path = paths[0]
    gloss = checked_glossary(glossary, force=force) if glossary is not None else None
    doc = load(path, source, ref, fmt, text_mode)
    if model is not None and not doc.has_source:
        raise UsageError("--model needs the source: give --source")
    # As in translate, the source language (when not given) is the document's.
    engine = (engine_options.load(model, source_lang=doc.source_lang)
              if model is not None else None)
    with progress_bar("qa", enabled=not quiet and not as_json) as progress:
        progress(0, 1)
        report = run_qa(doc, gloss, checks, exclude=skip, field="post_edit", engine=engine,
                        threshold=threshold)
    if as_json:
        echo_json(report.to_json())
    else:
        if report.at_least(min_severity) and not quiet:
            out.print(qa_table(report, min_severity=min_severity))
        out.print(qa_summary(report))
        for line in skipped_lines(report):
            out.print(line)
    if report.has_errors:
        raise typer.Exit(ExitCode.QUALITY)


def _list_checks(as_json: bool) -> None:
    catalog = check_catalog()
    if as_json:
        typer.echo(json.dumps(catalog, ensure_ascii=False, indent=2))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("check", "severity", "needs", "what it finds"):
        table.add_column(column)
    for item in catalog:
        table.add_row(item["id"], item["severity"], ", ".join(item["needs"]) or "-",
                      escape(item["description"]))
    out.print(table)
