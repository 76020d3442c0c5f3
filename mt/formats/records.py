"""JSON records read from disk: decoded with clear errors and checked against a small schema.

The session file, the review journal and the translate checkpoint all hold JSON that a user, a
crash or a fuzzer may have mangled. :func:`load_json` turns every way ``json.loads`` can fail
(bad syntax, an integer of over 4,300 digits, nesting too deep) and every lone surrogate into
one message; :func:`problem` checks a decoded value against a schema written as plain data:

- a type or a tuple of types (``str``, ``(str, int)``, ``None`` for null; ``int`` never
  accepts ``True``/``False``, ``float`` also accepts integers);
- a :class:`Obj` with required and optional keys (other keys are allowed; an optional key may
  be null unless the object is not ``nullable``);
- a :class:`ListOf` a schema;
- a :class:`Number` between two bounds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Schema = Any  # a type, a tuple of types, an Obj or a ListOf


@dataclass(frozen=True)
class Obj:
    """A JSON object with ``required`` keys and ``optional`` ones (null allowed for those
    where ``nullable``)."""

    required: Mapping[str, Schema] = field(default_factory=dict)
    optional: Mapping[str, Schema] = field(default_factory=dict)
    nullable: bool = True
    #: Whether keys other than those named are allowed.
    open: bool = True


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose items all follow ``item``."""

    item: Schema


@dataclass(frozen=True)
class Number:
    """A finite JSON number from ``low`` to ``high``."""

    low: float
    high: float


class JsonProblem(ValueError):
    """Why a piece of JSON text cannot be used, in a few words (and the line, where known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def load_json(text: str | bytes, *, surrogates: bool = True) -> Any:
    """``json.loads(text)``, or :class:`JsonProblem` saying why not; with ``surrogates``, a
    string holding a lone surrogate is refused too."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise JsonProblem("JSON nested too deeply") from None
    except ValueError as exc:  # an integer too long to convert, bytes not UTF-8
        raise JsonProblem(f"invalid JSON: {exc}") from None
    if surrogates:
        check_surrogates(value)
    return value


def check_surrogates(value: Any) -> None:
    """Raise :class:`JsonProblem` if a string of ``value`` holds a lone surrogate."""
    bad = lone_surrogate(value)
    if bad is not None:
        raise JsonProblem(f"a string holds a lone surrogate (U+{bad:04X}), not a character")


def lone_surrogate(value: Any) -> int | None:
    """The code point of the first lone surrogate in any string of ``value``, else ``None``."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            for char in item:
                if "\ud800" <= char <= "\udfff":
                    return ord(char)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def problem(value: Any, schema: Schema, where: str = "") -> str | None:
    """What is wrong with ``value`` against ``schema`` (naming the key), or ``None``."""
    if isinstance(schema, Obj):
        if not isinstance(value, dict):
            return f"{where!r} must be an object" if where else "the record must be an object"
        for key, sub in schema.required.items():
            if key not in value:
                return f"missing key {_join(where, key)!r}"
            found = problem(value[key], sub, _join(where, key))
            if found:
                return found
        if not schema.open:
            extra = next((k for k in value if k not in schema.required
                          and k not in schema.optional), None)
            if extra is not None:
                return f"unknown key {_join(where, str(extra))!r}"
        for key, sub in schema.optional.items():
            if key in value and (value[key] is not None or not schema.nullable):
                found = problem(value[key], sub, _join(where, key))
                if found:
                    return found
        return None
    if isinstance(schema, ListOf):
        if not isinstance(value, list):
            return f"{where!r} must be a list"
        for i, item in enumerate(value):
            found = problem(item, schema.item, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(schema, Number):
        if _is(value, float) and schema.low <= value <= schema.high:
            return None
        return f"{where!r} must be a number from {schema.low:g} to {schema.high:g}"
    types = schema if isinstance(schema, tuple) else (schema,)
    if any(_is(value, t) for t in types):
        return None
    names = " or ".join("null" if t is None else _NAMES.get(t, t.__name__) for t in types)
    return f"{where!r} must be {names}"


_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
          dict: "an object", list: "a list"}


def _is(value: Any, kind: Any) -> bool:
    if kind is None:
        return value is None
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value))
    return isinstance(value, kind)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


# The schemas of what `mt` writes.

EDIT = Obj(
    required={"start": int, "end": int, "replacement": str},
    optional={"origin": str, "status": str, "original": str, "entry_id": str, "reason": str},
)
ISSUE = Obj(
    required={"check": str, "severity": str, "message": str},
    optional={"field": str, "start": int, "end": int},
)
SESSION_HEAD = Obj(optional={"source_lang": str, "target_lang": str, "meta": dict})
SESSION_SEGMENT = Obj(
    required={"id": (str, int), "mt": str},
    optional={"source": str, "reference": str, "edits": ListOf(EDIT), "issues": ListOf(ISSUE),
              "meta": dict},
)
JOURNAL_SEGMENT = Obj(
    required={"id": (str, int), "mt": str},
    optional={"edits": ListOf(EDIT), "reviewed": bool},
    nullable=False,
)
#: Seconds since 1970, up to the year 5138: what ``time.localtime`` takes everywhere.
TIMESTAMP = Number(0, 1e11)
JOURNAL_RECORD = Obj(
    required={"t": str},
    optional={"seq": int, "time": TIMESTAMP, "op": str, "label": str,
              "segments": ListOf(JOURNAL_SEGMENT)},
    nullable=False,
)
CONSTRAINT = Obj(required={"term": str, "entry_id": (str, None), "met": bool},
                 optional={"reason": str}, open=False)
TRANSLATION = Obj(
    required={"source": str, "text": str},
    optional={"score": float, "tokens": int, "sentences": int,
              "constraints": ListOf(CONSTRAINT), "forbidden_found": ListOf(str),
              "truncated": bool},
    nullable=False,
)
CHECKPOINT_HEADER = Obj(
    required={"kind": str},
    optional={"version": int, "input": str, "segments": int, "existing_mt": bool,
              "signature": dict},
)
CHECKPOINT_RECORD = Obj(required={"id": (str, int), "translation": TRANSLATION})


def record_problem(record: Any, schema: Schema) -> str | None:
    """What makes ``record`` unusable against ``schema`` or for holding a lone surrogate."""
    found = problem(record, schema)
    if found is None:
        bad = lone_surrogate(record)
        if bad is not None:
            return f"a string holds a lone surrogate (U+{bad:04X})"
    return found


def journal_record_problem(record: Any) -> str | None:
    """What makes ``record`` (one line of a review journal) unusable, or ``None``."""
    return record_problem(record, JOURNAL_RECORD)
