"""Reading TSV/CSV glossaries (see :mod:`mt.glossary.io_tsv` for the two layouts): lines and
line endings, RFC 4180 CSV records, the header row, flags and entries, each error naming the
file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mt.errors import FormatError
from mt.fileio import decode_text
from mt.formats.langcodes import ISO_639_1
from mt.glossary.columns import (
    ALIASES,
    BOM,
    FALSE,
    FULL_COLUMNS,
    TRUE,
    canonical_column,
    flag_error,
    languages_from_name,
)
from mt.glossary.entry import Glossary, GlossaryEntry, Record, assign_ids

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
_ENDING_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


def parse_table(data: bytes, path: str, fmt: str) -> Glossary:
    """Read a TSV (``fmt="tsv"``) or CSV (``fmt="csv"``) glossary from ``data``."""
    text = decode_text(data, path)
    lines = _split_lines(text, path)
    ending = _line_ending(lines)
    source_lang, target_lang = languages_from_name(path)
    glossary = Glossary(source_lang=source_lang, target_lang=target_lang, path=path, fmt=fmt)
    glossary.meta.update(line_ending=ending, bom=data.startswith(BOM), header=False)
    fields: list[str | None] | None = None
    for lineno, raw, cells in _records(lines, path, fmt):
        if cells is None:
            kind = "blank" if not raw.strip() else "comment"
            glossary.records.append(Record(kind, raw, lineno))
            continue
        if fields is None:
            fields = _header(cells, glossary, path, lineno)
            if glossary.meta["header"]:
                glossary.records.append(Record("header", raw, lineno))
                continue
        if len(cells) != len(fields):
            names = ", ".join(glossary.columns or ())
            raise FormatError(
                f"expected {len(fields)} columns ({names}), found {len(cells)}",
                path=path,
                line=lineno,
            )
        entry = _entry(cells, fields, glossary, path, lineno)
        glossary.entries.append(entry)
        glossary.records.append(Record("entry", raw, lineno, cells=cells))
    if fields is None:
        glossary.columns = FULL_COLUMNS
        glossary.meta["header"] = True
        glossary.meta["new_header"] = True
    assign_ids(glossary.entries)
    entry_records = [r for r in glossary.records if r.kind == "entry"]
    for record, entry in zip(entry_records, glossary.entries, strict=True):
        record.entry_id = entry.id
        record.snapshot = _copy(entry)
    return glossary


def _split_lines(text: str, path: str) -> list[str]:
    lines = _LINE.findall(text)
    first: str | None = None
    for number, line in enumerate(lines, 1):
        ending = line[len(line.rstrip("\r\n")) :]
        if not ending:
            continue
        if first is None:
            first = ending
        elif ending != first:
            raise FormatError(
                f"mixed line endings: this line ends with {_ENDING_NAMES[ending]}, earlier lines "
                f"with {_ENDING_NAMES[first]}; convert the file to one kind",
                path=path,
                line=number,
            )
    return lines


def _line_ending(lines: list[str]) -> str:
    for line in lines:
        ending = line[len(line.rstrip("\r\n")) :]
        if ending:
            return ending
    return "\n"


def _records(lines: list[str], path: str, fmt: str) -> Iterator[tuple[int, str, list[str] | None]]:
    """Yield ``(line, raw, cells)``; ``cells`` is ``None`` for a comment or blank line."""
    i = 0
    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        content = raw.rstrip("\r\n")
        if "\ufeff" in content:
            raise FormatError(
                "a byte-order mark (U+FEFF) inside the file; was it made by joining files? "
                "Remove it",
                path=path,
                line=lineno,
            )
        if not content.strip() or content.lstrip().startswith("#"):
            yield lineno, raw, None
            i += 1
            continue
        if fmt == "tsv":
            yield lineno, raw, content.split("\t")
            i += 1
            continue
        cells, used = _csv_record(lines, i, path)
        yield lineno, "".join(lines[i : i + used]), cells
        i += used


def _csv_record(lines: list[str], first: int, path: str) -> tuple[list[str], int]:
    """The cells of the RFC 4180 record that starts on ``lines[first]``, and how many lines it
    takes (a quoted cell may hold line breaks)."""
    cells: list[str] = []
    index = first
    line = lines[index]
    pos = 0
    while True:
        if line.startswith('"', pos):  # a quoted cell, perhaps over several lines
            opened = index + 1
            parts: list[str] = []
            pos += 1
            while True:
                quote = line.find('"', pos)
                if quote < 0:
                    parts.append(line[pos:])
                    index += 1
                    if index >= len(lines):
                        raise FormatError(
                            "unclosed quote: the quoted CSV field opened here runs to the end "
                            "of the file",
                            path=path,
                            line=opened,
                        )
                    line, pos = lines[index], 0
                    continue
                parts.append(line[pos:quote])
                if line.startswith('"', quote + 1):  # "" stands for one quote
                    parts.append('"')
                    pos = quote + 2
                    continue
                pos = quote + 1
                break
            cells.append("".join(parts))
            rest = line[pos:].rstrip("\r\n")
            if rest and not rest.startswith(","):
                raise FormatError(
                    f"malformed CSV: {rest[:1]!r} after the closing quote of a field; "
                    'a quote inside a quoted field is written ""',
                    path=path,
                    line=index + 1,
                )
        else:
            end = line.find(",", pos)
            stop = len(line.rstrip("\r\n")) if end < 0 else end
            cell = line[pos:stop]
            if '"' in cell:
                raise FormatError(
                    f"malformed CSV: a quote inside the unquoted field {cell!r}; quote the "
                    'field and write the quote as ""',
                    path=path,
                    line=index + 1,
                )
            cells.append(cell)
            pos = stop
        if line.startswith(",", pos):
            pos += 1
            continue
        return cells, index - first + 1


def _header(cells: list[str], glossary: Glossary, path: str, lineno: int) -> list[str | None]:
    names = [canonical_column(c) for c in cells]
    known = [ALIASES.get(n) for n in names]
    if "target" in known:
        seen: dict[str, str] = {}
        for cell, field_name in zip(cells, known, strict=True):
            key = field_name or cell
            if key in seen:
                raise FormatError(
                    f"columns {seen[key]!r} and {cell!r} both hold {key}", path=path, line=lineno
                )
            seen[key] = cell
        glossary.columns = tuple(cells)
        glossary.meta["header"] = True
        return [k if k else None for k in known]
    if known == ["source", None] or (names and names[0] == "source" and len(names) == 2):
        raise FormatError("a header row must name a 'target' column", path=path, line=lineno)
    if len(cells) == 2 and all(n.split("_")[0] in ISO_639_1 and len(n) <= 8 for n in names):
        glossary.source_lang, glossary.target_lang = (c.strip() for c in cells)
        glossary.columns = ("source", "target")
        glossary.meta["header"] = True
        glossary.meta["lang_header"] = True
        return ["source", "target"]
    if len(cells) != 2:
        raise FormatError(
            f"expected 2 columns (source, target) in a glossary without a header row, found "
            f"{len(cells)}; add a header row naming the columns (source, target, variants, "
            "case, note)",
            path=path,
            line=lineno,
        )
    glossary.columns = ("source", "target")
    glossary.meta["header"] = False
    return ["source", "target"]


def _flag(value: str, column: str, glossary: Glossary, path: str, lineno: int) -> bool | None:
    token = value.strip().lower()
    if not token:
        return None
    if token in TRUE:
        glossary.meta.setdefault(f"true:{column}", value.strip())
        return True
    if token in FALSE:
        glossary.meta.setdefault(f"false:{column}", value.strip())
        return False
    raise FormatError(flag_error(value, column), path=path, line=lineno)


def _split_terms(value: str) -> tuple[str, ...]:
    return tuple(value.split("|")) if value.strip() else ()


def _entry(
    cells: list[str], fields: list[str | None], glossary: Glossary, path: str, lineno: int
) -> GlossaryEntry:
    entry = GlossaryEntry(id="", target="", line=lineno)
    columns = glossary.columns or ()
    for cell, field_name, column in zip(cells, fields, columns, strict=True):
        if field_name is None:
            entry.extra[column] = cell
        elif field_name == "id":
            entry.id = cell.strip()
        elif field_name == "source":
            entry.sources = _split_terms(cell)
        elif field_name == "target":
            entry.target = cell
        elif field_name == "variants":
            entry.variants = _split_terms(cell)
        elif field_name == "case":
            entry.case_sensitive = bool(_flag(cell, column, glossary, path, lineno))
        elif field_name == "dnt":
            entry.do_not_translate = bool(_flag(cell, column, glossary, path, lineno))
        elif field_name == "whole_word":
            entry.whole_word = _flag(cell, column, glossary, path, lineno) is not False
        elif field_name == "require_source":
            entry.require_source = _flag(cell, column, glossary, path, lineno)
        else:
            setattr(entry, field_name, cell)
    if "id" in fields and not entry.id:
        raise FormatError("empty id", path=path, line=lineno)
    return entry


def _copy(entry: GlossaryEntry) -> GlossaryEntry:
    return GlossaryEntry(**{**entry.__dict__, "extra": dict(entry.extra)})
