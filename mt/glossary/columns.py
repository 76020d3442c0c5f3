"""The columns of a TSV/CSV glossary: header names and their aliases, the words of flag columns
(read and written), the full form's columns, the byte-order mark, and the language pair a file
name such as ``news.ar-en.tsv`` gives."""

from __future__ import annotations

import re
from pathlib import Path

BOM = b"\xef\xbb\xbf"

#: Header names (lower-cased, spaces and hyphens as ``_``) → entry field.
ALIASES = {
    "id": "id",
    "source": "source",
    "sources": "source",
    "source_term": "source",
    "target": "target",
    "target_term": "target",
    "preferred": "target",
    "variants": "variants",
    "variant": "variants",
    "forbidden": "variants",
    "deprecated": "variants",
    "case": "case",
    "case_sensitive": "case",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "pos": "pos",
    "part_of_speech": "pos",
    "domain": "domain",
    "dnt": "dnt",
    "do_not_translate": "dnt",
    "whole_word": "whole_word",
    "require_source": "require_source",
}
TRUE = frozenset(
    [
        "yes",
        "y",
        "true",
        "1",
        "x",
        "cs",
        "sensitive",
        "case-sensitive",
        "case_sensitive",
        "exact",
        "on",
    ]
)
FALSE = frozenset(
    ["no", "n", "false", "0", "ci", "insensitive", "case-insensitive", "case_insensitive", "off"]
)
#: The words written: ``case`` is ``sensitive``/``insensitive`` (as the shipped glossary and
#: glossaries/README.md spell it), the other flag columns ``yes``/``no``; all of TRUE/FALSE read.
CASE_WORDS = ("sensitive", "insensitive")
FLAG_WORDS = ("yes", "no")
FULL_COLUMNS = ("source", "target", "variants", "case", "note")
_LANG_PAIR = re.compile(r"\.([a-z]{2,3})[-_]([a-z]{2,3})$", re.IGNORECASE)


def flag_words(field_name: str | None) -> tuple[str, str]:
    """The words written for true and false in a column holding ``field_name``."""
    return CASE_WORDS if field_name == "case" else FLAG_WORDS


def flag_error(value: str, column: str) -> str:
    """The message for a flag cell that is none of the accepted values."""
    yes, no = flag_words(column_field(column))
    kind = "case" if yes == "sensitive" else "yes/no"
    also = f"{', '.join(sorted(TRUE - {yes}))} / {', '.join(sorted(FALSE - {no}))}"
    return (f"column {column!r}: {value!r} is not a {kind} value; use {yes} or {no} "
            f"(also read: {also})")


def canonical_column(name: str) -> str:
    """A header name as :data:`ALIASES` spells it: lower-cased, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def column_field(name: str) -> str | None:
    """The entry field a column named ``name`` holds, ``None`` for an extra column."""
    return ALIASES.get(canonical_column(name))


def languages_from_name(path: str | Path) -> tuple[str | None, str | None]:
    """``(source, target)`` from a name such as ``news.ar-en.tsv``, else ``(None, None)``."""
    match = _LANG_PAIR.search(Path(path).stem)
    return (match.group(1).lower(), match.group(2).lower()) if match else (None, None)
