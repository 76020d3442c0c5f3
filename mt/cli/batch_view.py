"""Batch runs on the command line: run the core's per-document step over every document (with a
progress bar), then print one summary row per document (or the JSON), and exit with the worst
document's status."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from mt.cli.console import err, escape, out, plural, progress_bar
from mt.errors import UsageError
from mt.fileio import atomic_write
from mt.pipeline.batch import (
    DocumentInputs,
    DocumentResult,
    batch_dict,
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
    with progress_bar(command, enabled=not quiet and not as_json) as progress:
        results = (executor or Executor()).run(documents, step, progress=progress)
    status = worst_exit(results)
    data = json.dumps(batch_dict(results, command=command, **(extra or {})),
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
        ok = [r for r in results if not r.failed]
        written = sum(len(r.written) for r in ok)
        line = f"{plural(len(ok), 'document')} done"
        if len(ok) != len(results):
            line += f", {len(results) - len(ok)} skipped (could not be read)"
        if written:
            folder = ok[0].written[0].parent if ok and ok[0].written else None
            line += f"; wrote {plural(written, 'file')}" + (
                f" to {escape(str(folder))}" if folder else "")
        err.print(line)
    if status:
        raise typer.Exit(status)


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
