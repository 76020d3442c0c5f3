"""Per-segment results packed into arrays: a read-only sequence whose items are made when read,
for results kept for every segment of a document (a million objects would not fit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class PackedRows(Sequence[T]):
    """A sequence of per-segment results stored compactly by a subclass, which says how many
    there are (``__len__``) and makes the one at a position (:meth:`_row`). Compares equal to any
    sequence of the same items."""

    def _row(self, i: int) -> T:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        return self._row(range(len(self))[index])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} segments>"
