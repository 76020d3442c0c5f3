"""Glossaries as TSV or CSV, read and rewritten without disturbing what the user wrote.

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

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from mt.errors import FormatError
from mt.fileio import decode_text
from mt.formats.langcodes import ISO_639_1
from mt.glossary.entry import Glossary, GlossaryEntry, Record, assign_ids, derived_ids

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
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
_ENDING_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
_LANG_PAIR = re.compile(r"\.([a-z]{2,3})[-_]([a-z]{2,3})$", re.IGNORECASE)


def languages_from_name(path: str | Path) -> tuple[str | None, str | None]:
    """``(source, target)`` from a name such as ``news.ar-en.tsv``, else ``(None, None)``."""
    match = _LANG_PAIR.search(Path(path).stem)
    return (match.group(1).lower(), match.group(2).lower()) if match else (None, None)


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


def render_table(glossary: Glossary, fmt: str, path: str | None = None) -> bytes:
    """The bytes of ``glossary`` as TSV/CSV; a glossary read from a file of the same format keeps
    its comments, order, header and untouched lines byte for byte."""
    where = path or glossary.path
    if glossary.fmt == fmt and glossary.columns is not None and "header" in glossary.meta:
        text = _render_preserving(glossary, fmt, where)
        bom = glossary.meta.get("bom", False)
    else:
        text = _render_fresh(glossary, fmt, where)
        bom = False
    return (BOM if bom else b"") + text.encode("utf-8")


# --- reading -----------------------------------------------------------------------------------


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


def _canonical(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _header(cells: list[str], glossary: Glossary, path: str, lineno: int) -> list[str | None]:
    names = [_canonical(c) for c in cells]
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
    raise FormatError(
        f"column {column!r}: {value!r} is not a yes/no value (use yes or no)",
        path=path,
        line=lineno,
    )


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


# --- writing -----------------------------------------------------------------------------------


def _cells(
    entry: GlossaryEntry, glossary: Glossary, columns: tuple[str, ...], where: str | None
) -> list[str]:
    fields = [ALIASES.get(_canonical(c)) for c in columns]
    if glossary.meta.get("header") is False or glossary.meta.get("lang_header"):
        fields = ["source", "target"]
    lost = _unrepresentable(entry, fields)
    if lost:
        raise FormatError(
            f"entry {entry.id}: this glossary's columns ({', '.join(columns)}) cannot hold its "
            f"{', '.join(lost)}; use the full form (source, target, variants, case, note)",
            path=where,
        )
    cells = []
    for column, field_name in zip(columns, fields, strict=True):
        if field_name is None:
            cells.append(entry.extra.get(column, ""))
        elif field_name == "id":
            cells.append(entry.id)
        elif field_name == "source":
            cells.append("|".join(entry.sources))
        elif field_name == "target":
            cells.append(entry.target)
        elif field_name == "variants":
            cells.append("|".join(entry.variants))
        elif field_name == "case":
            cells.append(_flag_text(glossary, column, entry.case_sensitive, default=False))
        elif field_name == "dnt":
            cells.append(_flag_text(glossary, column, entry.do_not_translate, default=False))
        elif field_name == "whole_word":
            cells.append(_flag_text(glossary, column, entry.whole_word, default=True))
        elif field_name == "require_source":
            value = entry.require_source
            cells.append("" if value is None else _flag_text(glossary, column, value, None))
        else:
            cells.append(getattr(entry, field_name))
    return cells


def _flag_text(glossary: Glossary, column: str, value: bool, default: bool | None) -> str:
    """The file's own word for ``value`` in ``column``; the default value is left blank unless
    the file spells it out."""
    word = glossary.meta.get(f"{'true' if value else 'false'}:{column}")
    if word is not None:
        return word
    if value == default:
        return ""
    return "yes" if value else "no"


def _unrepresentable(entry: GlossaryEntry, fields: list[str | None]) -> list[str]:
    lost = []
    checks = {
        "variants": bool(entry.variants),
        "case": entry.case_sensitive,
        "note": bool(entry.note),
        "pos": bool(entry.pos),
        "domain": bool(entry.domain),
        "dnt": entry.do_not_translate,
        "whole_word": not entry.whole_word,
        "require_source": entry.require_source is not None,
    }
    for name, used in checks.items():
        if used and name not in fields:
            lost.append(name)
    if len(entry.sources) > 1 and "source" in fields and "variants" not in fields:
        lost.append("several source terms")
    return lost


def _row(cells: list[str], fmt: str, ending: str, where: str | None, entry_id: str) -> str:
    if fmt == "tsv":
        for cell in cells:
            if any(c in cell for c in "\t\r\n"):
                raise FormatError(
                    f"entry {entry_id}: a TSV cell cannot hold a tab or line break: {cell!r}",
                    path=where,
                )
        return "\t".join(cells) + ending
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue() + ending


def _render_preserving(glossary: Glossary, fmt: str, where: str | None) -> str:
    ending = glossary.meta.get("line_ending", "\n")
    columns = glossary.columns or FULL_COLUMNS
    live = {e.id: e for e in glossary.entries}
    written: set[str] = set()
    parts: list[str] = []
    last_entry = -1
    header_at = 0
    if glossary.meta.get("new_header"):
        # A file without a header row (empty, or comments only) gets one after its comments.
        while header_at < len(glossary.records) and glossary.records[header_at].kind != "entry":
            header_at += 1
    for position, record in enumerate(glossary.records):
        if position == header_at and glossary.meta.get("new_header"):
            _add_header(parts, columns, fmt, ending, where)
        if record.kind != "entry":
            parts.append(record.raw)
            continue
        entry = live.get(record.entry_id or "")
        if entry is None:
            continue
        written.add(entry.id)
        if record.snapshot is not None and entry.same_content(record.snapshot):
            parts.append(record.raw)
        else:
            cells = _cells(entry, glossary, columns, where)
            if record.snapshot is not None and record.cells is not None:
                # Cells whose value did not change keep what the user wrote ("insensitive").
                before = _cells(record.snapshot, glossary, columns, where)
                cells = [
                    old if new == was else new
                    for new, was, old in zip(cells, before, record.cells, strict=True)
                ]
            parts.append(_row(cells, fmt, ending, where, entry.id))
        last_entry = len(parts) - 1
    if glossary.meta.get("new_header") and header_at >= len(glossary.records):
        _add_header(parts, columns, fmt, ending, where)
        last_entry = len(parts) - 1
    new = [
        _row(_cells(e, glossary, columns, where), fmt, ending, where, e.id)
        for e in glossary.entries
        if e.id not in written
    ]
    if new:
        at = last_entry + 1 if last_entry >= 0 else len(parts)
        if at > 0 and not parts[at - 1].endswith(("\n", "\r")):
            parts[at - 1] += ending
        parts[at:at] = new
    return "".join(parts)


def _add_header(
    parts: list[str], columns: tuple[str, ...], fmt: str, ending: str, where: str | None
) -> None:
    if parts and not parts[-1].endswith(("\n", "\r")):
        parts[-1] += ending
    parts.append(_row(list(columns), fmt, ending, where, "header"))


def _render_fresh(glossary: Glossary, fmt: str, where: str | None) -> str:
    entries = glossary.entries
    columns = list(FULL_COLUMNS)
    if [e.id for e in entries] != derived_ids(entries):
        columns.insert(0, "id")
    optional = {
        "pos": any(e.pos for e in entries),
        "domain": any(e.domain for e in entries),
        "dnt": any(e.do_not_translate for e in entries),
        "whole_word": any(not e.whole_word for e in entries),
        "require_source": any(e.require_source is not None for e in entries),
    }
    columns += [name for name, used in optional.items() if used]
    for entry in entries:
        columns += [k for k in entry.extra if k not in columns]
    layout = Glossary(columns=tuple(columns), meta={"header": True})
    lines = [_row(columns, fmt, "\n", where, "header")]
    lines += [
        _row(_cells(e, layout, layout.columns or (), where), fmt, "\n", where, e.id)
        for e in entries
    ]
    return "".join(lines)
