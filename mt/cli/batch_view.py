"""Batch runs on the command line: run the core's per-document step over every document (with a
progress bar: documents and segments per second), then print one summary row per document and
the batch's totals (or the JSON), and exit with the worst document's status."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from mt.cli.console import err, escape, out, plural
from mt.errors import UsageError
from mt.fileio import atomic_write
from mt.pipeline.batch import (
    DocumentInputs,
    DocumentResult,
    Progress,
    batch_dict,
    batch_summary,
    list_inputs,
    pair,
    worst_exit,
)
from mt.pipeline.executors import Executor


def batch_inputs(paths: list[Path], *, source: Path | None, ref: Path | None,
                 source_lang: str | None = None) -> list[DocumentInputs]:
    """Every document of ``paths`` paired by name; ``--source``/``--ref`` name one file and
    make no sense for several documents."""
    if source is not None or ref is not None:
        raise UsageError("with a folder or several documents, sources and references are "
                         "paired by name (X.mt.en with X.ar and X.ref.en); drop --source/--ref")
    return [pair(p, source_lang) for p in list_inputs(paths)]


def run_batch(
    command: str,
    documents: list[DocumentInputs],
    step: Callable[[DocumentInputs], DocumentResult],
    columns: Sequence[tuple[str, Callable[[DocumentResult], str | Text]]],
    *,
    as_json: bool,
    quiet: bool,
    extra: dict[str, Any] | None = None,
    report: Path | None = None,
    executor: Executor | None = None,
) -> None:
    """Run ``step`` over ``documents``, show the per-document table (``columns``: header and
    cell of a result) or the JSON (also written to ``report``), and exit with the worst
    document's status."""
    run_on = executor or Executor()
    start = time.perf_counter()
    first: list[float] = []
    with rate_bar(command, enabled=not quiet and not as_json) as bar:

        def progress(done: int, total: int, segments: int) -> None:
            if done and not first:
                first.append(time.perf_counter() - start)
            bar(done, total, segments)

        results = run_on.run(documents, step, progress=progress)
    seconds = time.perf_counter() - start
    status = worst_exit(results)
    data = json.dumps(batch_dict(results, seconds, first[0] if first else None,
                                 command=command, executor=run_on.to_dict(), **(extra or {})),
                      ensure_ascii=False, indent=2)
    if report is not None:
        atomic_write(report, data + "\n")
    if as_json:
        typer.echo(data)
    else:
        for result in results:
            if result.failed:
                err.print(f"[bold red]mt: error:[/] {escape(result.error or '')} "
                          "(document skipped)", soft_wrap=True)
        # A pipe or file gets whole rows; a terminal, its width.
        out.print(summary_table(results, columns), width=None if out.is_terminal else 250)
        skipped = skipped_checks_line(results)
        if skipped is not None:
            out.print(Text(skipped, "dim"))
        err.print(totals_line(results, seconds))
    if status:
        raise typer.Exit(status)


def totals_line(results: list[DocumentResult], seconds: float) -> str:
    """The batch in one line: documents done and skipped, segments, time and rates, files
    written (the JSON's ``summary``, in words)."""
    summary = batch_summary(results, seconds)
    line = f"{plural(summary['done'], 'document')} done"
    if summary["failures"]:
        line += f", {len(summary['failures'])} skipped (could not be read)"
    line += f"; {plural(summary['segments'], 'segment')} in {seconds:.1f} s"
    if summary["documents_per_second"] is not None:
        line += (f" ({summary['documents_per_second']:.1f} documents/s, "
                 f"{summary['segments_per_second']:.0f} segments/s)")
    written = [p for r in results if not r.failed for p in r.written]
    if written:
        line += f"; wrote {plural(len(written), 'file')} to {escape(str(written[0].parent))}"
    return line


@contextmanager
def rate_bar(label: str, *, enabled: bool = True) -> Iterator[Progress]:
    """A transient progress bar on stderr fed by the executors' ``progress(documents, total,
    segments)``: documents done of all, and documents and segments per second. Shown only
    when stderr is a terminal (and ``enabled``)."""
    if not (enabled and err.is_terminal):
        yield lambda done, total, segments: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    rates = TextColumn("{task.fields[rates]}")
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), rates,
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=None, rates="")
        start = time.perf_counter()

        def update(done: int, total: int, segments: int) -> None:
            elapsed = max(time.perf_counter() - start, 1e-9)
            rate = f"{done / elapsed:.1f} docs/s, {segments / elapsed:.0f} segs/s" if done else ""
            bar.update(task, completed=done, total=total, rates=rate)

        yield update


def summary_table(results: list[DocumentResult],
                  columns: Sequence[tuple[str, Callable[[DocumentResult], str | Text]]]
                  ) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("document", no_wrap=True)
    for header, _ in columns:
        table.add_column(header, justify="right", no_wrap=True)
    for result in results:
        if result.failed:
            table.add_row(Text(f"{result.inputs.name} (not read)", "red"),
                          *("-" for _ in columns))
            continue
        name = Text(result.inputs.name, "red" if result.exit else "")
        table.add_row(name, *(cell(result) for _, cell in columns))
    return table


def skipped_checks_line(results: list[DocumentResult]) -> str | None:
    """The QA checks skipped, with how many documents skipped each."""
    counts: dict[str, int] = {}
    for result in results:
        for check in result.summary.get("qa", {}).get("skipped", []):
            counts[check] = counts.get(check, 0) + 1
    if not counts:
        return None
    return "QA checks skipped: " + ", ".join(
        f"{check} ({plural(n, 'document')})" for check, n in counts.items())


def qa_cells() -> list[tuple[str, Callable[[DocumentResult], str | Text]]]:
    """QA errors and warnings, and the checks skipped."""
    return [
        ("QA err", lambda r: str(r.summary["qa"]["error"])),
        ("warn", lambda r: str(r.summary["qa"]["warning"])),
    ]


def before_after(key: str) -> Callable[[DocumentResult], str]:
    def cell(r: DocumentResult) -> str:
        score = r.summary.get("scores", {}).get(key)
        return "-" if score is None else f"{score['before']:.1f}→{score['after']:.1f}"

    return cell


def value(path: str, fmt: str = "{:.1f}") -> Callable[[DocumentResult], str]:
    def cell(r: DocumentResult) -> str:
        data: Any = r.summary
        for key in path.split("."):
            data = data.get(key) if isinstance(data, dict) else None
        return "-" if data is None else fmt.format(data)

    return cell
