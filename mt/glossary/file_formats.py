"""Glossary files by format: telling the format, parsing, rendering, loading and saving.

The format follows the extension: ``.tsv``/``.tab``/``.txt`` (TSV), ``.csv`` (CSV), ``.tbx``
(TBX). Nothing is written unless the whole new file could be built; writes are atomic.
"""

from __future__ import annotations

from pathlib import Path

from mt.errors import FormatError
from mt.fileio import atomic_write, read_bytes
from mt.glossary.columns import languages_from_name
from mt.glossary.entry import Glossary
from mt.glossary.io_tbx import parse_tbx, render_tbx
from mt.glossary.io_tsv import parse_table, render_table

EXTENSIONS = {".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".csv": "csv", ".tbx": "tbx"}
FORMATS = ("tsv", "csv", "tbx")


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The glossary format of ``path``: ``fmt`` if given, else from the extension."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise FormatError(f"unknown glossary format {fmt!r} (use {', '.join(FORMATS)})")
        return fmt
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise FormatError(
            "cannot tell the glossary format from the file name; use .tsv, .csv or .tbx",
            path=path,
        )
    return found


def parse_glossary(
    data: bytes,
    path: str | Path,
    fmt: str | None = None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Glossary:
    """A glossary from the bytes of the file ``path``.

    ``source_lang``/``target_lang`` say which TBX languages are which (else the file name's
    ``.ar-en`` or the root's ``xml:lang`` decides); for TSV/CSV they replace what the file name
    or a language header says."""
    kind = format_of(path, fmt)
    if kind == "tbx":
        return parse_tbx(data, str(path), source_lang, target_lang)
    glossary = parse_table(data, str(path), kind)
    glossary.source_lang = source_lang or glossary.source_lang
    glossary.target_lang = target_lang or glossary.target_lang
    return glossary


def render_glossary(glossary: Glossary, fmt: str, path: str | Path | None = None) -> bytes:
    """The bytes of ``glossary`` in format ``fmt``."""
    if fmt == "tbx":
        return render_tbx(glossary)
    return render_table(glossary, format_of("", fmt), str(path) if path else None)


def load_glossary(
    path: str | Path,
    fmt: str | None = None,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Glossary:
    """Read the glossary file ``path``; errors name the file and line."""
    return parse_glossary(
        read_bytes(path), path, fmt, source_lang=source_lang, target_lang=target_lang
    )


def save_glossary(glossary: Glossary, path: str | Path, fmt: str | None = None) -> None:
    """Write ``glossary`` to ``path`` atomically, in the format its extension names.

    A glossary saved to the format it was read from keeps its comments, order and untouched
    lines byte for byte."""
    kind = format_of(path, fmt)
    atomic_write(path, render_glossary(glossary, kind, path))


def read_glossary(
    path: str | Path, fmt: str | None = None, langs: tuple[str | None, ...] = ()
) -> Glossary:
    """Read a glossary file; a TBX file learns its languages from its own name, else from
    ``langs`` (``(source, target)``, e.g. those of the glossary it is imported into)."""
    kind = format_of(path, fmt)
    data = read_bytes(path)
    if kind == "tbx":
        src, tgt = languages_from_name(path)
        if src is None and len(langs) == 2:
            src, tgt = langs
        return parse_tbx(data, str(path), source_lang=src, target_lang=tgt)
    return parse_glossary(data, path, kind)
