"""`mt translate`: translate a source file with a neural model, forcing the glossary's terms."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from mt.cli.batch_view import run_batch, value
from mt.cli.console import err, escape, plural
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
from mt.cli.guards import ForceOpt, QuietOpt, check_output_folder, check_outputs, checked_glossary
from mt.cli.options import FormatOpt, TextModeOpt
from mt.document import Document
from mt.engines.options import EngineOptions
from mt.errors import UsageError
from mt.formats import read_document
from mt.formats.registry import handler_class
from mt.pipeline.batch import DocumentInputs, DocumentResult, is_batch, is_source_file, list_inputs
from mt.pipeline.batch_steps import ReadOptions, read_source, translate_step
from mt.pipeline.executors import Executor

HELP = (
    "Translate SOURCE_FILE with a neural MT model, forcing the glossary's terms.\n\n"
    "The model is a Hugging Face hub id (Marian/opus-mt such as Helsinki-NLP/opus-mt-ar-en, NLLB, "
    "M2M100; the local cache is used first, and code from the hub is never run) or a local "
    "folder. Each segment is split into sentences, translated, and joined back. With "
    "--glossary, the preferred term of every glossary entry whose source term occurs in a "
    "sentence is forced into its translation and the entry's forbidden variants are blocked; "
    "terms that cannot be placed are reported and make the exit status 1.\n\n"
    "With -o, finished segments are also saved to OUT.checkpoint.jsonl as the run goes; after a "
    "crash, run the same command with --resume to translate only what is left. The checkpoint "
    "is removed once OUT is written.\n\n"
    "With --mt EXISTING_MT (aligned with SOURCE_FILE), only the segments whose MT breaks the "
    "glossary are re-translated; each re-translation is proposed as a neural edit (write a "
    "session file, .mt.json, to review them, or pass --accept)."
)


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class SegmentsPerSecond(ProgressColumn):
        def render(self, task: Any) -> Text:
            elapsed = task.elapsed or 0.0
            rate = task.completed / elapsed if elapsed > 0 and task.completed else 0.0
            return Text(f"{rate:.2f} seg/s", style="progress.data.speed")

    return SegmentsPerSecond()


@with_engine_options
def translate(
    source_files: Annotated[
        list[Path], typer.Argument(help="Source text to translate (any supported format); or "
                                   "several, or a folder of X.ar files (with -o a folder).")
    ],
    model: Annotated[
        str, typer.Option("--model", "-m", help="Hub id (e.g. Helsinki-NLP/opus-mt-ar-en) "
                          "or local model folder.")
    ],
    glossary: Annotated[
        Path | None, typer.Option("--glossary", "-g", help="Glossary whose terms are forced.",
                                  dir_okay=False)
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the translated document here "
                                  "(format from its name); default: stdout. With several "
                                  "sources, a folder that gets X.mt.en for each X.ar.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report on stdout.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run from its checkpoint.")
    ] = False,
    mt_file: Annotated[
        Path | None, typer.Option("--mt", help="Existing MT of SOURCE_FILE: re-translate only "
                                  "the segments that break the glossary.", dir_okay=False)
    ] = None,
    accept: Annotated[
        bool, typer.Option("--accept", help="With --mt: accept the neural edits.")
    ] = False,
    confidence: Annotated[
        bool, typer.Option("--confidence", help="Flag the words of the MT the model doubts.")
    ] = False,
    force: ForceOpt = False,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    quiet: QuietOpt = False,
    executor: ExecutorOpt = "local",
    workers: WorkersOpt = 1,
    ray_address: RayAddressOpt = None,
    gpus_per_worker: GpusOpt = 0,
    verbose: VerboseOpt = False,
    *,
    engine_options: EngineOptions,
) -> None:
    """Translate SOURCE_FILE with a neural MT model, forcing the glossary's terms."""
    from mt.pipeline.translate_job import check_output, interrupted_checkpoint

    if is_batch(source_files):
        if mt_file is not None or accept or confidence:
            raise UsageError("--mt, --accept and --confidence work on one document; give one "
                             "source file")
        run_on = executor_of(executor, workers, ray_address, gpus_per_worker, verbose)
        _batch(source_files, model, glossary, output, resume, force,
               ReadOptions(fmt, text_mode), as_json, quiet, engine_options, run_on)
        return
    source_file = source_files[0]

    check_outputs({"--output": output}, [source_file, mt_file, glossary])
    if resume and output is None:
        raise UsageError("--resume needs -o OUT: the checkpoint lives beside the output")
    if accept and mt_file is None:
        raise UsageError("--accept only makes sense with --mt")
    if mt_file is not None and glossary is None:
        raise UsageError("--mt needs --glossary: it says which segments to re-translate")

    doc = _read(source_file, mt_file, fmt, text_mode, engine_options.source_lang)
    gloss = checked_glossary(glossary, force=force) if glossary is not None else None
    if output is not None:
        check_output(output)
    ckpt = interrupted_checkpoint(output) if output is not None else None
    if ckpt is not None and not resume:
        raise UsageError(f"{ckpt} holds an interrupted run; pass --resume to continue it, or "
                         "delete it to start over")

    _quiet_transformers()
    with err.status(f"loading {escape(model)}…"):
        engine = engine_options.load(model, glossary=gloss, source_lang=doc.source_lang)
    doc.target_lang = doc.target_lang or getattr(engine, "target_lang", None)

    started = time.perf_counter()
    run = _run(doc, engine, gloss, output, mt_file is not None, resume, accept, confidence,
               quiet or as_json)
    result = run.result
    if output is None and not as_json:
        name = str(doc.meta.get("format") or "text")
        typer.echo(handler_class(name)().serialize(doc).decode("utf-8"), nl=False)

    _summary(result, output, time.perf_counter() - started, mt_file is not None, run.accepted,
             quiet)
    if as_json:
        report = result.to_dict()
        report["output"] = str(output) if output is not None else None
        report["format"] = run.written
        if confidence:
            report["confidence"] = {s.id: s.meta.get("confidence") for s in doc.segments}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    if result.unmet or result.forbidden:
        raise typer.Exit(ExitCode.QUALITY)


def _quiet_transformers() -> None:
    """No progress bars or advice from transformers between our own lines on stderr."""
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")


def _read(source_file: Path, mt_file: Path | None, fmt: str | None, text_mode: str,
          source_lang: str | None) -> Document:
    """The document to translate: sources (and the existing MT with --mt)."""
    if mt_file is None:
        return read_source(source_file, read=ReadOptions(fmt, text_mode), source_lang=source_lang)
    doc = read_document(mt_file, source=source_file, fmt=fmt, options={"mode": text_mode})
    if source_lang:
        doc.source_lang = source_lang
    return doc


def _batch(paths: list[Path], model: str, glossary: Path | None, output: Path | None,
           resume: bool, force: bool, read: ReadOptions, as_json: bool, quiet: bool,
           engine_options: EngineOptions, executor: Executor) -> None:
    """``mt translate`` of several source files into the folder ``output``."""
    from mt.pipeline.translate import checkpoint_path

    if output is None:
        raise UsageError("with a folder or several sources, give -o FOLDER for the translations")
    docs = [DocumentInputs(p) for p in list_inputs(paths, is_source_file)]
    gloss = checked_glossary(glossary, force=force) if glossary is not None else None
    _quiet_transformers()
    with err.status(f"loading {escape(model)}…"):
        engine = engine_options.load(model, glossary=gloss,
                                     source_lang=engine_options.source_lang)
    # The translations' names say their language: X.mt.en (X.mt.txt where it is unknown).
    lang = engine_options.target_lang or getattr(engine, "target_lang", None) or "txt"
    targets = {d: output / f"{d.mt.name.split('.')[0]}.mt.{lang}" for d in docs}
    inputs = [d.mt for d in docs] + ([glossary] if glossary is not None else [])
    check_output_folder(output, {f"-o ({d.name})": t for d, t in targets.items()}, inputs)
    for target in targets.values():
        if checkpoint_path(target).exists() and not resume:
            raise UsageError(f"{checkpoint_path(target)} holds an interrupted run; pass "
                             "--resume to continue it, or delete it to start over")

    # On Ray the step travels to each actor without the model, which each loads once.
    loaded = {"engine": engine} if executor.kind == "local" else {}

    def step(d: DocumentInputs) -> DocumentResult:
        if "engine" not in loaded:
            loaded["engine"] = engine_options.load(model, glossary=gloss,
                                                   source_lang=engine_options.source_lang)
        return translate_step(d, loaded["engine"], gloss, read=read, output=targets[d],
                              resume=resume, source_lang=engine_options.source_lang)

    cells = [("segs", value("segments", "{}")), ("translated", value("translated", "{}")),
             ("terms forced", value("forced_terms", "{}")),
             ("terms missing", value("unmet_terms", "{}")),
             ("variants left", value("forbidden_left", "{}"))]
    run_batch("translate", docs, step, cells, as_json=as_json, quiet=quiet,
              executor=executor)


def _run(doc: Document, engine: Any, gloss: Any, output: Path | None, existing: bool,
         resume: bool, accept: bool, confidence: bool, quiet: bool = False) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from mt.pipeline.translate_job import run_translate

    columns = (TextColumn("translating"), BarColumn(), MofNCompleteColumn(), _rate_column())
    with Progress(*columns, console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("translate", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run_translate(doc, engine, gloss, output=output, existing_mt=existing,
                             resume=resume, accept=accept, confidence=confidence,
                             progress=progress)


def _summary(result: Any, output: Path | None, seconds: float, existing: bool,
             accepted: int, quiet: bool = False) -> None:
    done = result.done_now
    rate = done / seconds if seconds > 0 else 0.0
    parts = [f"{done} segment{'s' if done != 1 else ''} translated in {seconds:.1f} s "
             f"({rate:.2f} seg/s)"]
    if result.resumed:
        parts.append(f"{result.resumed} taken from the checkpoint")
    if existing:
        parts.append(f"{result.count('kept')} kept, {result.count('retranslated')} neural "
                     f"edits proposed" + (f", {accepted} accepted" if accepted else ""))
    if result.forced:
        parts.append(f"{result.forced} glossary terms in place")
    if output is not None:
        parts.append(f"wrote {escape(str(output))}")
    if result.unmet or result.forbidden:
        parts.append(f"{plural(len(result.unmet), 'glossary term')} missing, "
                     f"{plural(len(result.forbidden), 'forbidden variant')} left")
    err.print("; ".join(parts), soft_wrap=True)
    for seg_id, report in [] if quiet else result.unmet:
        err.print(f"[yellow]segment {escape(seg_id)}:[/] glossary term "
                  f"“{escape(report.term)}” is missing ({escape(report.reason)})")
    for seg_id, variant in [] if quiet else result.forbidden:
        err.print(f"[yellow]segment {escape(seg_id)}:[/] forbidden variant "
                  f"“{escape(variant)}” remains")
    if existing and not accepted and result.count("retranslated") and output is not None \
            and not str(output).endswith((".mt.json", ".json")):
        err.print("[dim]the proposed edits are only kept in a session file (.mt.json); "
                  "--accept applies them[/]")


translate.__doc__ = HELP
