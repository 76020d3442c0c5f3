"""The project's own session file: a whole document with its edits, their status and QA issues.

JSON with a versioned schema, one segment per line so that errors and diffs point at lines::

    {"format": "mt-session", "version": 1, "source_lang": "ar", "target_lang": "en", "meta": {},
     "segments": [
    {"id": "1", "source": "...", "mt": "...", "edits": [...], "issues": [...], "meta": {}},
    ...
    ]}
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from mt.document import Document, Edit, Issue, Segment
from mt.errors import FormatError, MTError
from mt.fileio import decode_text
from mt.formats.base import FormatHandler, check_unique_id
from mt.formats.records import (
    SESSION_HEAD,
    SESSION_SEGMENT,
    JsonProblem,
    check_surrogates,
    load_json,
    problem,
)

FORMAT_TAG = "mt-session"
VERSION = 1
#: Document metadata that describes where a document was read from, not the document itself.
_LOCATION_KEYS = ("format", "path")


class SessionHandler(FormatHandler):
    """Full-fidelity JSON: everything a review session needs to resume."""

    name: ClassVar[str] = "session"
    extensions: ClassVar[tuple[str, ...]] = (".mt.json", ".json")
    description: ClassVar[str] = "mt session (JSON): segments with edits, status and QA issues"
    fields: ClassVar[frozenset[str]] = frozenset(
        {"id", "source", "mt", "reference", "edits", "issues", "meta"}
    )

    def sniff(self, data: bytes) -> bool:
        return FORMAT_TAG.encode() in data[:200]

    def parse(self, data: bytes, path: str) -> Document:
        text = decode_text(data, path)
        try:
            obj = load_json(text, surrogates=False)
        except JsonProblem as exc:
            raise FormatError(str(exc), path=path, line=exc.line or 1) from None
        if not isinstance(obj, dict) or obj.get("format") != FORMAT_TAG:
            raise FormatError(f"not an mt session file (no \"format\": \"{FORMAT_TAG}\")",
                              path=path, line=1)
        version = obj.get("version")
        if not isinstance(version, int) or version < 1:
            raise FormatError("missing or invalid session version", path=path, line=1)
        if version > VERSION:
            raise FormatError(
                f"session version {version} was written by a newer mt (this one reads up to "
                f"{VERSION}); upgrade mt",
                path=path,
                line=1,
            )
        segments = obj.get("segments")
        if not isinstance(segments, list):
            raise FormatError("'segments' must be a list", path=path, line=1)
        _check_head(obj, path)
        meta = dict(obj.get("meta") or {})
        doc = Document(
            source_lang=obj.get("source_lang"), target_lang=obj.get("target_lang"), meta=meta
        )
        one_per_line = text.count("\n") == len(segments) + 2
        first_line: dict[str, int] = {}
        for i, raw in enumerate(segments):
            line = i + 2 if one_per_line else None
            try:
                found = problem(raw, SESSION_SEGMENT)
                if found:
                    raise TypeError(found)
                check_surrogates(raw)
                seg = _segment_from_json(raw)
            except (KeyError, TypeError, ValueError, OverflowError, MTError) as exc:
                raise FormatError(f"segment {i + 1}: {_describe(exc)}", path=path,
                                  line=line) from None
            check_unique_id(first_line, seg.id, path, line if line is not None else i + 1)
            doc.segments.append(seg)
        return doc

    def serialize(self, doc: Document) -> bytes:
        meta = {k: v for k, v in doc.meta.items() if k not in _LOCATION_KEYS}
        for key in _LOCATION_KEYS:
            if key in doc.meta and doc.meta.get("format") != "session":
                meta[f"origin_{key}"] = doc.meta[key]
        head = {
            "format": FORMAT_TAG,
            "version": VERSION,
            "source_lang": doc.source_lang,
            "target_lang": doc.target_lang,
            "meta": meta,
        }
        try:
            lines = [json.dumps(_segment_to_json(s), ensure_ascii=False) for s in doc.segments]
            opening = json.dumps(head, ensure_ascii=False)[:-1]
        except TypeError as exc:
            raise FormatError(f"cannot store metadata in a session file: {exc}") from None
        body = ",\n".join(lines)
        return f'{opening}, "segments": [\n{body}\n]}}\n'.encode()


def _check_head(obj: dict[str, Any], path: str) -> None:
    """Refuse a session head of the wrong shape: languages, and meta where each format's own
    entry (the layout it keeps) is an object."""
    from mt.formats.registry import format_names

    head = {k: v for k, v in obj.items() if k != "segments"}
    try:
        found = problem(head, SESSION_HEAD)
        meta = head.get("meta") or {}
        if found is None:
            found = next((f"'meta.{name}' must be an object" for name in format_names()
                          if meta.get(name) is not None and not isinstance(meta[name], dict)),
                         None)
        if found is not None:
            raise JsonProblem(found)
        check_surrogates(head)
    except JsonProblem as exc:
        raise FormatError(str(exc), path=path, line=1) from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing key {exc.args[0]!r}"
    return str(exc)


def edit_to_json(edit: Edit) -> dict[str, Any]:
    """An edit as the session file (and the review journal) stores it."""
    return {
        "start": edit.start,
        "end": edit.end,
        "replacement": edit.replacement,
        "origin": edit.origin.value,
        "status": edit.status.value,
        "original": edit.original,
        "entry_id": edit.entry_id,
        "reason": edit.reason,
    }


def edit_from_json(raw: dict[str, Any]) -> Edit:
    """The edit :func:`edit_to_json` wrote."""
    return Edit(
        int(raw["start"]),
        int(raw["end"]),
        str(raw["replacement"]),
        origin=raw.get("origin", "human"),
        status=raw.get("status", "proposed"),
        original=raw.get("original"),
        entry_id=raw.get("entry_id"),
        reason=raw.get("reason", ""),
    )


def _segment_to_json(seg: Segment) -> dict[str, Any]:
    return {
        "id": seg.id,
        "source": seg.source,
        "mt": seg.mt,
        "reference": seg.reference,
        "edits": [edit_to_json(e) for e in seg.edits],
        "issues": [
            {
                "check": i.check,
                "severity": i.severity.value,
                "message": i.message,
                "field": i.field,
                "start": i.start,
                "end": i.end,
            }
            for i in seg.issues
        ],
        "meta": seg.meta,
    }


def _segment_from_json(raw: Any) -> Segment:
    if not isinstance(raw, dict):
        raise TypeError("expected an object")
    mt = raw["mt"]
    for key in ("source", "reference"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise TypeError(f"{key!r} must be a string or null")
    if not isinstance(mt, str):
        raise TypeError("'mt' must be a string")
    seg = Segment(
        id=str(raw["id"]),
        mt=mt,
        source=raw.get("source"),
        reference=raw.get("reference"),
        meta=dict(raw.get("meta") or {}),
    )
    seg.edits.extend(edit_from_json(e) for e in raw.get("edits") or [])
    for i in raw.get("issues") or []:
        seg.issues.append(
            Issue(
                check=str(i["check"]),
                severity=i["severity"],
                message=str(i["message"]),
                field=i.get("field", "mt"),
                start=i.get("start"),
                end=i.get("end"),
            )
        )
    seg.post_edit  # noqa: B018 - validates that the accepted edits apply cleanly
    return seg
