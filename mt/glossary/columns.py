"""The columns of a TSV/CSV glossary: header names and their aliases, yes/no words, the full
form's columns, the byte-order mark, and the language pair a file name such as ``news.ar-en.tsv``
gives."""

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
FULL_COLUMNS = ("source", "target", "variants", "case", "note")
_LANG_PAIR = re.compile(r"\.([a-z]{2,3})[-_]([a-z]{2,3})$", re.IGNORECASE)


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
