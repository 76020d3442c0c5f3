"""JSON Lines: one JSON object per segment.

Keys ``id``, ``source``, ``mt`` (or ``target``), ``reference`` (or ``ref``); any other key is kept
in the segment's metadata and written back.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from mt.document import Document, Segment
from mt.errors import FormatError
from mt.fileio import decode_text
from mt.formats.base import FormatHandler, check_unique_id
from mt.formats.records import JsonProblem, load_json

_KEYS = {"id": "id", "source": "source", "mt": "mt", "target": "mt", "reference": "reference",
         "ref": "reference"}
_EOL = re.compile(r"\r\n|\r|\n")


class JsonlHandler(FormatHandler):
    """Segments as JSON objects, one per line."""

    name: ClassVar[str] = "jsonl"
    extensions: ClassVar[tuple[str, ...]] = (".jsonl",)
    description: ClassVar[str] = "JSON Lines: an object per segment (id, source, mt, reference)"
    fields: ClassVar[frozenset[str]] = frozenset({"id", "source", "mt", "reference", "meta"})

    def parse(self, data: bytes, path: str) -> Document:
        text = decode_text(data, path)
        doc = Document()
        first_line: dict[str, int] = {}
        for number, line in enumerate(_EOL.split(text), start=1):
            if not line.strip():
                continue
            try:
                obj = load_json(line)
            except JsonProblem as exc:
                raise FormatError(str(exc), path=path, line=number) from None
            if not isinstance(obj, dict):
                raise FormatError("expected a JSON object per line", path=path, line=number)
            seg = _segment(obj, len(doc.segments) + 1, path, number)
            check_unique_id(first_line, seg.id, path, number)
            doc.segments.append(seg)
        return doc

    def serialize(self, doc: Document) -> bytes:
        lines = []
        for seg in doc.segments:
            obj: dict[str, Any] = {"id": seg.id}
            if seg.source is not None:
                obj["source"] = seg.source
            obj["mt"] = seg.post_edit
            if seg.reference is not None:
                obj["reference"] = seg.reference
            obj.update(seg.meta.get("fields", {}))
            lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
        return "".join(lines).encode("utf-8")


def _segment(obj: dict[str, Any], position: int, path: str, line: int) -> Segment:
    seg = Segment(id=str(position), mt="")
    seen: set[str] = set()
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        role = _KEYS.get(key)
        if role is None:
            extra[key] = value
            continue
        if role in seen:
            raise FormatError(f"both {key!r} and another key give the {role}", path=path, line=line)
        seen.add(role)
        if role == "id":
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise FormatError("'id' must be a string or an integer", path=path, line=line)
            seg.id = str(value)
            continue
        if value is None and role != "mt":
            continue
        if not isinstance(value, str):
            raise FormatError(f"{key!r} must be a string", path=path, line=line)
        setattr(seg, role, value)
    if "mt" not in seen:
        raise FormatError("no 'mt' (or 'target') key", path=path, line=line)
    if extra:
        seg.meta["fields"] = extra
    return seg
