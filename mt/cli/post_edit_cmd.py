"""`mt post-edit`: fix a document's terminology with a glossary, show each change, check and
score the result."""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from mt.cli import diffview
from mt.cli.batch_view import batch_inputs, before_after, qa_cells, run_batch, value
from mt.cli.console import err, escape, out, plural, progress_bar
from mt.cli.executor_options import (
    ExecutorOpt,
    GpusOpt,
    RayAddressOpt,
    ResumeOpt,
    VerboseOpt,
    WorkersOpt,
    executor_of,
)
from mt.cli.exitcodes import ExitCode
from mt.cli.guards import (
    ForceOpt,
    QuietOpt,
    check_output_folder,
    check_outputs,
    checked_glossary,
)
from mt.cli.options import (
    FormatOpt,
    GlossaryOpt,
    RefOpt,
    SourceOpt,
    TextModeOpt,
    load,
    require_glossary,
)
from mt.cli.report_views import (
    echo_json,
    qa_summary,
    qa_table,
    scores_table,
    skipped_lines,
    terms_line,
)
from mt.document import Severity
from mt.errors import UsageError
from mt.fileio import atomic_write
from mt.formats import write_document
from mt.formats.registry import candidate_formats
from mt.json_stream import iter_json
from mt.pipeline.batch import (
    DocumentInputs,
    DocumentResult,
    is_batch,
    output_name,
    pending,
)
from mt.pipeline.batch_steps import ReadOptions, post_edit_step
from mt.pipeline.executors import Executor
from mt.pipeline.post_edit import PostEditJob, run_post_edit

#: Output formats that keep proposed (not yet accepted) edits.
KEEPS_PROPOSALS = ("session",)


def post_edit(
    mt_files: Annotated[
        list[Path],
        typer.Argument(help="The MT file (any supported format); or several, or a folder: "
                            "each X.mt.en is paired with X.ar and X.ref.en beside it."),
    ],
    glossary: GlossaryOpt = None,
    source: SourceOpt = None,
    ref: RefOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o",
                     help="Write the post-edited document here (same format as the input "
                          "unless --to or the file name says otherwise); with several "
                          "documents, a folder (created if missing) that gets X.pe.en for "
                          "each X.mt.en."),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", "-t", help="Output format (default: as the input).")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", dir_okay=False,
                     help="Write a JSON report: every edit with its entry and span, QA issues, "
                          "scores with their signatures."),
    ] = None,
    propose: Annotated[
        bool,
        typer.Option("--propose", help="Leave the fixes proposed, for review in `mt review` "
                                       "(needs a session output, .mt.json)."),
    ] = False,
    require_source: Annotated[
        bool | None,
        typer.Option("--require-source/--no-require-source",
                     help="Fix a variant only where the source holds the entry's source term "
                          "(default: per entry; names everywhere, common words only with "
                          "their source term)."),
    ] = None,
    metrics: Annotated[
        str, typer.Option("--metrics", help="Metrics against the reference.")
    ] = "bleu,chrf,ter",
    force: ForceOpt = False,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    full: Annotated[
        bool, typer.Option("--full", help="Show whole segments, not just the changed words.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON report on stdout.")
    ] = False,
    quiet: QuietOpt = False,
    executor: ExecutorOpt = "local",
    workers: WorkersOpt = 1,
    ray_address: RayAddressOpt = None,
    gpus_per_worker: GpusOpt = 0,
    verbose: VerboseOpt = False,
    resume: ResumeOpt = False,
) -> None:
    """Post-edit MT output with a glossary; show each change, QA issues and scores.

    Fixes every forbidden variant, shows each change as a word diff with the glossary entry
    behind it, then the QA issues left and the scores before and after. Exit status 1 when QA
    errors remain in the post-edit.

    With a folder or several files, each document is post-edited in turn and a summary row
    per document is printed; the exit status is the worst document's (2 if one could not be
    read; the others are still done)."""
    gloss_path = require_glossary(glossary)
    if is_batch(mt_files):
        run_on = executor_of(executor, workers, ray_address, gpus_per_worker, verbose)
        _batch(mt_files, gloss_path, source=source, ref=ref, output=output, to=to,
               report=report, propose=propose, require_source=require_source, metrics=metrics,
               force=force, read=ReadOptions(fmt, text_mode), as_json=as_json, quiet=quiet,
               executor=run_on, resume=resume)
        return
    mt_file = mt_files[0]
    check_outputs({"--output": output, "--report": report}, [mt_file, source, ref, gloss_path])
    if output is not None and propose:
        out_fmt = to or (candidate_formats(output) or [None])[0]
        if out_fmt not in KEEPS_PROPOSALS:
            raise UsageError(
                f"--propose keeps the fixes as proposals, which {output} ({out_fmt or 'unknown'}"
                " format) cannot hold; write a session file (.mt.json) or drop --propose"
            )
    gloss = checked_glossary(gloss_path, force=force)
    doc = load(mt_file, source, ref, fmt, text_mode)
    with progress_bar("post-edit", enabled=not quiet and not as_json) as progress:
        job = run_post_edit(doc, gloss, accept=not propose, require_source=require_source,
                            metrics=metrics, progress=progress)
    written = write_document(doc, output, fmt=to) if output is not None else None
    if report is not None:  # (written as it is encoded: never whole in memory)
        pieces = iter_json(job.to_json(glossary_path=str(gloss_path)))
        atomic_write(report, chain(pieces, ["\n"]))
    if as_json:
        echo_json(job.to_json(glossary_path=str(gloss_path)))
    else:
        _show(job, full=full, quiet=quiet)
        if output is not None:
            err.print(f"wrote {plural(len(doc), 'segment')} to {escape(str(output))} ({written})")
        else:
            err.print("[dim]no output written (use -o FILE to save the post-edit)[/]")
        if report is not None:
            err.print(f"wrote the report to {escape(str(report))}")
    if job.qa.has_errors:
        raise typer.Exit(ExitCode.QUALITY)


def _batch(paths: list[Path], gloss_path: Path, *, source: Path | None, ref: Path | None,
           output: Path | None, to: str | None, report: Path | None, propose: bool,
           require_source: bool | None, metrics: str, force: bool, read: ReadOptions,
           as_json: bool, quiet: bool, executor: Executor, resume: bool) -> None:
    """``mt post-edit`` over several documents (see :mod:`mt.pipeline.batch`)."""
    docs = batch_inputs(paths, source=source, ref=ref)
    # Session files (--to session) keep the session extension: X.mt.json for review.
    name = (lambda d: f"{d.name}.mt.json") if to == "session" else output_name
    targets = {d: output / name(d) for d in docs} if output is not None else {}
    inputs = [p for d in docs for p in d.paths()] + [gloss_path]
    if report is not None:
        check_outputs({"--report": report}, list(inputs))
    for target in targets.values() if propose else []:
        if (to or (candidate_formats(target) or [None])[0]) not in KEEPS_PROPOSALS:
            raise UsageError(f"--propose keeps the fixes as proposals, which {target.name} "
                             "cannot hold; add --to session, or drop --propose")
    gloss = checked_glossary(gloss_path, force=force)  # (refused: no output folder made)
    if output is not None:
        check_output_folder(output, {f"-o ({d.name})": t for d, t in targets.items()}, inputs)
    if resume:
        docs, done = pending(docs, targets)
        if done:
            err.print(f"{plural(len(done), 'document')} skipped: output present (--resume)")

    def step(d: DocumentInputs) -> DocumentResult:
        return post_edit_step(d, gloss, read=read, output=targets.get(d), to=to,
                              accept=not propose, require_source=require_source,
                              metrics=metrics)

    cells = [("segs", value("segments", "{}")),
             ("edits", value("edits", "{}")), *qa_cells(), ("BLEU", before_after("bleu")),
             ("TER", before_after("ter")), ("HTER%", value("hter"))]
    extra = {"glossary": str(gloss_path)}
    run_batch("post-edit", docs, step, cells, as_json=as_json, quiet=quiet, extra=extra,
              report=report, executor=executor)


def _show(job: PostEditJob, *, full: bool, quiet: bool = False) -> None:
    result, doc = job.result, job.document
    changed = sum(segment.changed for segment in doc)
    for change in () if quiet else result.iter_changes():  # (each diff dropped once shown)
        seg = change.segment
        out.print(Text(f"segment {seg.id}", style="bold"), end="")
        out.print(Text(f"  {plural(len(change.changes), 'change')}", style="dim"))
        if full:
            out.print(diffview.full_text(change.chunks))
            why = ", ".join(dict.fromkeys(diffview.reasons(c) for c in change.changes))
            out.print(Text(f"  ← {why}", style="cyan"))
        else:
            for line in diffview.hunks(change.chunks):
                out.print(Text("  ").append_text(line))
    if result.proposed and not changed:
        fixes = plural(len(result.proposed), "fix", "fixes")
        out.print(f"{fixes} proposed, none accepted (--propose)")
    out.print()
    headline = (
        f"[bold]{changed}[/] of {plural(len(doc), 'segment')} changed, "
        f"[bold]{plural(sum(result.accepted.values()), 'glossary edit')}[/] accepted"
    )
    out.print(headline)
    if result.per_entry:
        table = Table(title="edits per glossary entry", title_justify="left", box=None,
                      pad_edge=False)
        table.add_column("entry", style="cyan")
        table.add_column("edits", justify="right")
        table.add_column("accepted", justify="right")
        for entry, count in result.per_entry.most_common():
            table.add_row(escape(entry), str(count), str(result.accepted[entry]))
        out.print(table)
    if result.skipped:
        names = ", ".join(f"{k} ×{v}" for k, v in result.skipped.most_common())
        out.print(f"[yellow]left alone[/] (the source lacks the entry's term): {escape(names)}")
    if result.needs_source:
        names = ", ".join(f"{k} ×{v}" for k, v in result.needs_source.most_common())
        out.print(f"[yellow]not applied[/] (these entries need the source, and there is none; "
                  f"give --source): {escape(names)}")
    for conflict in result.conflicts:
        out.print(f"[yellow]not accepted:[/] {escape(conflict)}")
    out.print(qa_summary(job.qa, "the post-edit"))
    for line in skipped_lines(job.qa):
        out.print(line)
    if job.qa.at_least(Severity.WARNING) and not quiet:
        out.print(qa_table(job.qa, min_severity=Severity.WARNING, full_list="--report"))
    scores = job.scores
    if scores.has_reference:
        out.print(scores_table(scores))
    terms = terms_line(scores)
    if terms is not None:
        out.print(terms)
    if scores.effort is not None:
        effort = scores.effort
        out.print(
            f"edit effort: HTER {effort.hter.text}% (word edits per 100 post-edit words), "
            f"{plural(effort.char_edits, 'character edit')} in "
            f"{plural(effort.changed_segments, 'segment')}"
        )
        if effort.note is not None:
            out.print(f"  note: {effort.note}")
