"""Writing TSV/CSV glossaries: a glossary read from a file of the same format keeps its
comments, order, header and untouched lines byte for byte; otherwise the full form is written
afresh. An entry the file's columns cannot hold is an error, never silently dropped."""

from __future__ import annotations

import csv
import io

from mt.errors import FormatError
from mt.glossary.columns import BOM, FULL_COLUMNS, column_field, flag_words
from mt.glossary.entry import Glossary, GlossaryEntry, derived_ids


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


def _cells(
    entry: GlossaryEntry, glossary: Glossary, columns: tuple[str, ...], where: str | None
) -> list[str]:
    fields = [column_field(c) for c in columns]
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
    """The file's own word for ``value`` in ``column``, else the one :func:`flag_words` gives;
    the default value is left blank unless the file spells it out."""
    word = glossary.meta.get(f"{'true' if value else 'false'}:{column}")
    if word is not None:
        return word
    if value == default:
        return ""
    yes, no = flag_words(column_field(column))
    return yes if value else no


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
