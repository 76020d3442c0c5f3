"""`mt convert`: rewrite a document in another format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mt.cli.console import err, escape
from mt.cli.options import FormatOpt, RefOpt, SourceOpt, TextModeOpt, load
from mt.errors import UsageError
from mt.formats import handler_class, output_format, write_document
from mt.formats.sides import SIDES, default_side, side_document


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
    side: Annotated[
        str | None,
        typer.Option(
            "--side",
            help="For one-sided outputs (plain text): the text to write, one of "
                 f"{', '.join(SIDES)} (default: from the output's language code, e.g. "
                 "back.ar of an ar → en document is the source; .ref.en the reference).",
        ),
    ] = None,
) -> None:
    """Convert a document between formats (text, TSV, JSONL, TMX, XLIFF 1.2/2.x, session)."""
    if side is not None and side not in SIDES:
        raise UsageError(f"unknown --side {side!r}; choose one of: {', '.join(SIDES)}")
    inputs = [p for p in (mt_file, source, ref) if p is not None]
    if any(output.resolve() == p.resolve() for p in inputs):
        raise UsageError(f"{output} is also an input; choose another output file")
    doc = load(mt_file, source, ref, fmt, text_mode)
    name = output_format(doc, output, to)
    one_sided = "source" not in handler_class(name).fields
    if one_sided:
        side = side or default_side(doc, output)
        doc = side_document(doc, side)
    elif side is not None:
        raise UsageError(f"--side is for one-sided outputs (plain text); {name} holds every "
                         "side of a segment")
    written = write_document(doc, output, fmt=name)
    what = f"{written}, {side}" if one_sided else written
    unit = "segment" if len(doc) == 1 else "segments"
    err.print(f"wrote {len(doc)} {unit} to {escape(str(output))} ({what})")
