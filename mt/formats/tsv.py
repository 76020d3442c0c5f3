"""Tab-separated values: a row per segment with source, MT and optional reference columns.

A header row is optional. With one, columns are found by name (``id``, ``source``, ``mt`` or
``target``, ``reference`` or ``ref``) and other columns are kept and written back; without one, a
row holds ``mt``, ``source mt`` or ``source mt reference``. Tabs, line breaks and backslashes
inside a field are written as ``\\t``, ``\\n``, ``\\r`` and ``\\\\``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from mt.document import Document, Segment
from mt.errors import FormatError
from mt.fileio import BOM, decode_text
from mt.formats.base import FormatHandler, check_unique_id

ALIASES: dict[str, str] = {
    "id": "id",
    "source": "source",
    "src": "source",
    "mt": "mt",
    "target": "mt",
    "translation": "mt",
    "hyp": "mt",
    "reference": "reference",
    "ref": "reference",
}
POSITIONAL: dict[int, tuple[str, ...]] = {
    1: ("mt",),
    2: ("source", "mt"),
    3: ("source", "mt", "reference"),
}
_EOL = re.compile(r"\r\n|\r|\n")
_ESCAPE = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPE = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
_ESCAPED = re.compile(r"\\[\\tnr]")
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def escape(value: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPE[m.group(0)], value)


def unescape(value: str) -> str:
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(0)], value) if "\\" in value else value


def _header_roles(cells: list[str]) -> list[str] | None:
    """The role of each header cell, or ``None`` when the row is not a header."""
    if any(not c.strip() or " " in c.strip() for c in cells):
        return None
    roles = [ALIASES.get(c.strip().lower(), "") for c in cells]
    if "mt" not in roles:
        return None
    known = [r for r in roles if r]
    if len(known) != len(set(known)):
        return None
    return roles


class TsvHandler(FormatHandler):
    """Segments as rows of a TSV file."""

    name: ClassVar[str] = "tsv"
    extensions: ClassVar[tuple[str, ...]] = (".tsv",)
    description: ClassVar[str] = "TSV: source, mt and reference columns, header optional"
    fields: ClassVar[frozenset[str]] = frozenset({"id", "source", "mt", "reference", "meta"})

    def parse(self, data: bytes, path: str) -> Document:
        text = decode_text(data, path)
        lines = _EOL.split(text)
        eol_match = _EOL.search(text)
        layout: dict[str, Any] = {
            "eol": eol_match.group(0) if eol_match else "\n",
            "final_eol": lines[-1] == "",
        }
        if data.startswith(BOM.encode("utf-8")):
            layout["bom"] = True
        if lines[-1] == "":
            lines.pop()
        doc = Document()
        doc.meta[self.name] = layout
        if not lines:
            return doc
        first = lines[0].split("\t")
        roles = _header_roles(first)
        start = 0
        if roles is not None:
            header = first
            start = 1
        elif len(first) in POSITIONAL:
            roles = list(POSITIONAL[len(first)])
            header = None
        else:
            raise FormatError(
                f"{len(first)} columns and no header row; add a header naming the columns "
                "(id, source, mt, reference)",
                path=path,
                line=1,
            )
        layout["header"] = header
        layout["roles"] = roles
        width = len(roles)
        first_line: dict[str, int] = {}
        for number, line in enumerate(lines[start:], start=start + 1):
            cells = line.split("\t")
            if len(cells) != width:
                raise FormatError(
                    f"expected {width} tab-separated columns, found {len(cells)}",
                    path=path,
                    line=number,
                )
            values = [unescape(c) for c in cells]
            seg = Segment(id=str(len(doc.segments) + 1), mt="")
            extra: dict[str, str] = {}
            for i, (role, value) in enumerate(zip(roles, values, strict=True)):
                if role == "id":
                    seg.id = value
                elif role:
                    setattr(seg, role, value)
                else:
                    extra[header[i] if header else str(i)] = value
            if extra:
                seg.meta["columns"] = extra
            check_unique_id(first_line, seg.id, path, number)
            doc.segments.append(seg)
        return doc

    def serialize(self, doc: Document) -> bytes:
        layout: dict[str, Any] = doc.meta.get(self.name) or {}
        roles: list[str] | None = layout.get("roles")
        header: list[str] | None = layout.get("header")
        if roles is None:
            roles, header = _default_columns(doc)
        else:
            roles, header = _add_missing_columns(
                doc, list(roles), list(header) if header is not None else None
            )
        names = header or roles
        rows: list[str] = []
        if header is not None:
            rows.append("\t".join(header))
        for seg in doc.segments:
            extra = seg.meta.get("columns", {})
            cells = []
            for i, role in enumerate(roles):
                if role == "id":
                    value = seg.id
                elif role == "mt":
                    value = seg.post_edit
                elif role:
                    value = getattr(seg, role) or ""
                else:
                    value = extra.get(names[i], "")
                cells.append(escape(value))
            rows.append("\t".join(cells))
        eol = layout.get("eol", "\n")
        out = eol.join(rows)
        if rows and layout.get("final_eol", True):
            out += eol
        return (BOM if layout.get("bom") else "").encode("utf-8") + out.encode("utf-8")


def _default_columns(doc: Document) -> tuple[list[str], list[str]]:
    """Columns for a document that did not come from TSV: a header and only what it holds."""
    roles: list[str] = []
    if any(seg.id != str(i + 1) for i, seg in enumerate(doc.segments)):
        roles.append("id")
    if doc.has_source:
        roles.append("source")
    roles.append("mt")
    if doc.has_reference:
        roles.append("reference")
    extra: list[str] = []
    for seg in doc.segments:
        for key in seg.meta.get("columns", {}):
            if key not in extra:
                extra.append(key)
    return roles + [""] * len(extra), roles + extra


def _add_missing_columns(
    doc: Document, roles: list[str], header: list[str] | None
) -> tuple[list[str], list[str] | None]:
    """Extend a parsed file's columns with source or reference text attached since."""
    added = False
    for role, present in (("source", doc.has_source), ("reference", doc.has_reference)):
        if present and role not in roles:
            roles.append(role)
            if header is not None:
                header.append(role)
            added = True
    if added and header is None and tuple(roles) not in POSITIONAL.values():
        header = list(roles)
    return roles, header
