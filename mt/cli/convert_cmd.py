"""`mt convert`: rewrite a document in another format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mt.cli.console import err, escape
from mt.cli.options import FormatOpt, RefOpt, SourceOpt, TextModeOpt, load
from mt.errors import UsageError
from mt.formats import write_document


def convert(
    mt_file: Annotated[Path, typer.Argument(help="The document to read.", dir_okay=False)],
    output: Annotated[Path, typer.Argument(help="Where to write it.", dir_okay=False)],
    source: SourceOpt = None,
    ref: RefOpt = None,
    fmt: FormatOpt = None,
    text_mode: TextModeOpt = "auto",
    to: Annotated[
        str | None,
        typer.Option("--to", "-t", help="Output format (default: from the output file name)."),
    ] = None,
) -> None:
    """Convert a document between formats (text, TSV, JSONL, TMX, XLIFF 1.2/2.x, session)."""
    inputs = [p for p in (mt_file, source, ref) if p is not None]
    if any(output.resolve() == p.resolve() for p in inputs):
        raise UsageError(f"{output} is also an input; choose another output file")
    doc = load(mt_file, source, ref, fmt, text_mode)
    written = write_document(doc, output, fmt=to)
    err.print(f"wrote {len(doc)} segments to {escape(str(output))} ({written})")
