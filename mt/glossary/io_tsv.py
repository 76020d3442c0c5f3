"""Glossaries as TSV or CSV, read and rewritten without disturbing what the user wrote: the
columns live in :mod:`~mt.glossary.columns`, reading in :mod:`~mt.glossary.tsv_read`, writing in
:mod:`~mt.glossary.tsv_write`; this module gathers their public names.

Two layouts:

- **full form**: a header row naming at least ``target`` and usually
  ``source  target  variants  case  note``. ``source`` and ``variants`` hold several terms
  separated by ``|``; an empty ``source`` is a target-side-only entry. Known optional columns:
  ``id``, ``pos``, ``domain``, ``dnt`` (do not translate), ``whole_word``, ``require_source``.
  Any other column is kept in ``entry.extra`` and written back.
- **two-column vendor form** (the glossary CSVs of the big MT vendors): ``source, target`` rows,
  either without a header, with a ``source,target`` header or with a language-code header such as
  ``ar,en``.

Lines whose first non-blank character is ``#`` are comments; they and blank lines are kept.
A leading UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one) is accepted, not read as part
of the first column name, and written back; one inside the file (files joined together) is an
error. TSV has no quoting (a cell cannot hold a tab; a ``"`` is an ordinary character); CSV
follows RFC 4180 (a quoted cell may hold commas, line breaks and ``""`` for a quote). Errors
name the file and line: a wrong column count, an unclosed quote, a quote inside an unquoted
cell or after a closing quote, an unknown flag value, mixed line endings, a stray BOM.
"""

from mt.glossary.columns import (
    ALIASES,
    BOM,
    FALSE,
    FULL_COLUMNS,
    TRUE,
    canonical_column,
    column_field,
    languages_from_name,
)
from mt.glossary.tsv_read import parse_table
from mt.glossary.tsv_write import render_table

__all__ = [
    "ALIASES",
    "BOM",
    "FALSE",
    "FULL_COLUMNS",
    "TRUE",
    "canonical_column",
    "column_field",
    "languages_from_name",
    "parse_table",
    "render_table",
]
