"""Options shared by the commands that read a document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mt.document import Document
from mt.errors import UsageError
from mt.formats import read_document

SourceOpt = Annotated[
    Path | None,
    typer.Option("--source", "-s", help="Source-language text aligned with the MT file.",
                 dir_okay=False),
]
RefOpt = Annotated[
    Path | None,
    typer.Option("--ref", "-r", help="Reference translation aligned with the MT file.",
                 dir_okay=False),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f",
                 help="Input format: text, tsv, jsonl, tmx, xliff1, xliff2, session "
                      "(default: from the file name)."),
]
GLOSSARY_ENV = "MT_GLOSSARY"
GlossaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        "-g",
        envvar=GLOSSARY_ENV,
        show_envvar=True,
        dir_okay=False,
        help="The glossary file (.tsv, .csv or .tbx).",
    ),
]
TextModeOpt = Annotated[
    str,
    typer.Option("--text-mode",
                 help="Plain text: 'lines' (a segment per line), 'article' (per paragraph) "
                      "or 'auto'."),
]


def load(
    path: Path, source: Path | None, ref: Path | None, fmt: str | None, text_mode: str
) -> Document:
    """Read a document the way every command does."""
    return read_document(path, source=source, reference=ref, fmt=fmt,
                         options={"mode": text_mode})


def require_glossary(path: Path | None) -> Path:
    """The glossary path given with ``--glossary`` or ``$MT_GLOSSARY``; a usage error without."""
    if path is None:
        raise UsageError(
            f"no glossary given: pass --glossary FILE (or -g FILE), or set {GLOSSARY_ENV}"
        )
    return path
