"""Loading and saving glossary files, and editing them in place.

The format follows the extension: ``.tsv``/``.tab``/``.txt`` (TSV), ``.csv`` (CSV), ``.tbx``
(TBX); see :mod:`mt.glossary.file_formats`. Adding and removing go through
:mod:`mt.glossary.editing`, the same rules as ``mt glossary add|rm``: nothing is written unless
the whole new file could be built and reads back as the entries meant; writes are atomic.
"""

from __future__ import annotations

from pathlib import Path

from mt.glossary.editing import add_to_file, remove_from_file
from mt.glossary.entry import GlossaryEntry
from mt.glossary.file_formats import (
    EXTENSIONS,
    FORMATS,
    format_of,
    load_glossary,
    parse_glossary,
    read_glossary,
    render_glossary,
    save_glossary,
)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "add_entry",
    "format_of",
    "load_glossary",
    "parse_glossary",
    "read_glossary",
    "remove_entry",
    "render_glossary",
    "save_glossary",
]


def add_entry(
    path: str | Path, entry: GlossaryEntry, fmt: str | None = None, *, force: bool = False
) -> GlossaryEntry:
    """Append ``entry`` to the glossary file ``path`` in place; return it with its id.

    Refused (:class:`~mt.errors.UsageError`, file untouched) like ``mt glossary add``: an empty
    target, a taken id, an id the file cannot store, or (unless ``force``) an entry that would
    give the glossary lint errors; a :class:`~mt.errors.FormatError` if the file would not read
    back as the entries meant."""
    add_to_file(Path(path), entry, fmt, force=force)
    return entry


def remove_entry(path: str | Path, entry_id: str, fmt: str | None = None) -> GlossaryEntry:
    """Remove the entry ``entry_id`` from the glossary file ``path`` in place; return it.

    :class:`~mt.errors.UsageError` if the file has no such entry (the file is left untouched)."""
    return remove_from_file(Path(path), [entry_id], fmt, by_target=False)[0]
