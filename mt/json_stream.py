"""JSON reports written in pieces: a list given as :class:`Lazy` is encoded item by item as it is
iterated, so a report of a million segments never exists whole in memory. The text is exactly
``json.dumps(value, ensure_ascii=False, indent=2)`` of the same value with every list built."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

_INDENT = "  "


class Lazy:
    """A JSON list whose items come from ``items`` (iterated once, when encoded)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


#: A plain list longer than this is encoded item by item too (``json.dumps`` of a long list
#: holds all its small pieces at once before joining them).
_LONG = 256


def _has_lazy(value: Any) -> bool:
    """Whether ``value`` is encoded in pieces: a :class:`Lazy` list, a long list, or a
    container holding one."""
    if isinstance(value, Lazy):
        return True
    if isinstance(value, list | tuple):
        return len(value) > _LONG or any(_has_lazy(v) for v in value)
    if isinstance(value, dict):
        return any(_has_lazy(v) for v in value.values())
    return False


def _dumps(value: Any, level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=len(_INDENT))
    return text.replace("\n", "\n" + _INDENT * level) if level else text


def iter_json(value: Any, level: int = 0) -> Iterator[str]:
    """Pieces of the indented JSON text of ``value`` (dicts holding :class:`Lazy` lists)."""
    if not _has_lazy(value):
        yield _dumps(value, level)
        return
    pad = _INDENT * (level + 1)
    if isinstance(value, Lazy | list | tuple):
        opened = False
        for item in value.items if isinstance(value, Lazy) else value:
            yield (",\n" if opened else "[\n") + pad
            yield from iter_json(item, level + 1)
            opened = True
        yield f"\n{_INDENT * level}]" if opened else "[]"
        return
    for i, (key, item) in enumerate(value.items()):
        yield ("{\n" if i == 0 else ",\n") + pad + json.dumps(key, ensure_ascii=False) + ": "
        yield from iter_json(item, level + 1)
    yield f"\n{_INDENT * level}}}"


def materialize(value: Any) -> Any:
    """``value`` with every :class:`Lazy` list built (for callers that want plain data)."""
    if isinstance(value, Lazy):
        return [materialize(v) for v in value.items]
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    return value


__all__ = ["Lazy", "iter_json", "materialize"]
