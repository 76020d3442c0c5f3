"""The contract every file-format handler follows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from mt.document import Document
from mt.errors import FormatError


class FormatHandler(ABC):
    """Parse one file format into a :class:`Document` and serialize a document back.

    ``parse`` takes the raw bytes and the file's name (for error messages) and raises
    :class:`mt.errors.InputError` subclasses naming that file and line. ``serialize`` writes the
    post-edit of each segment where the format holds one target text, and keeps what ``parse``
    stored in ``meta`` so that parse → serialize gives back an equivalent file. What a handler
    keeps about the file as a whole (layout, header, file attributes) goes in
    ``doc.meta[handler.name]``, so that formats never read each other's layout.
    """

    #: The name used with ``--format``.
    name: ClassVar[str]
    #: File-name endings this handler claims, lower case, with the dot (".tsv").
    extensions: ClassVar[tuple[str, ...]]
    #: One line for ``mt --help`` and error messages.
    description: ClassVar[str]
    #: The segment fields a file of this format holds: any of "id", "source", "mt",
    #: "reference", "edits", "issues", "meta". The round-trip contract checks these.
    fields: ClassVar[frozenset[str]]
    #: Whether segment text may contain line breaks.
    multiline: ClassVar[bool] = True

    def sniff(self, data: bytes) -> bool:
        """Whether ``data`` looks like this format (settles a shared extension)."""
        return True

    @abstractmethod
    def parse(self, data: bytes, path: str) -> Document:
        """Read a document from ``data``, the content of the file ``path``."""

    @abstractmethod
    def serialize(self, doc: Document) -> bytes:
        """The bytes of ``doc`` in this format."""

    def iter_serialized(self, doc: Document) -> Iterator[bytes]:
        """:meth:`serialize` in pieces, for a writer that need not hold the whole file (a
        handler that can make its output piece by piece overrides this)."""
        yield self.serialize(doc)


def check_unique_id(first_line: dict[str, int], seg_id: str, path: str, line: int) -> None:
    """Refuse a segment id already used (``first_line`` maps ids seen so far to their line)."""
    seen = first_line.setdefault(seg_id, line)
    if seen != line:
        raise FormatError(f"duplicate segment id {seg_id!r} (first used on line {seen})",
                          path=path, line=line)
