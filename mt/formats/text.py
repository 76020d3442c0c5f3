"""Aligned plain text: one segment per line, or one per paragraph in *article* mode.

Source, MT and reference live in parallel files (``news.ar``, ``news.mt.en``, ``news.ref.en``).
Article mode treats blank-line-separated paragraphs as segments, for copy such as a wire story;
``auto`` picks it when blank lines separate the text into paragraphs (see
:func:`looks_like_article`). The layout (line
endings, the exact whitespace between paragraphs, a missing final newline, a UTF-8 byte-order
mark) is kept so that the output looks like the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

from mt.document import Document, Segment
from mt.errors import FormatError, UsageError
from mt.fileio import BOM, decode_text, read_bytes
from mt.formats.base import FormatHandler
from mt.formats.langcodes import language_of_path

BOM_BYTES = BOM.encode("utf-8")
Mode = Literal["auto", "lines", "article"]
MODES: tuple[str, ...] = ("auto", "lines", "article")

_EOL = re.compile(r"\r\n|\r|\n")
# A paragraph break: a line end, then one or more lines holding only spaces or tabs.
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+")
_LEADING_BLANK = re.compile(r"\A(?:[ \t]*(?:\r\n|\r|\n))+")
_TRAILING_BLANK = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*\Z")


def looks_like_article(text: str) -> bool:
    """Whether ``text`` reads as paragraphs separated by blank lines.

    At least a quarter of the gaps between lines with content must be blank lines, so that a
    one-segment-per-line file with a few empty segments stays line-aligned while articles,
    hard-wrapped ones included, are seen as such.
    """
    body = text.strip()
    breaks = len(_PARAGRAPH_BREAK.findall(body))
    if breaks == 0:
        return False
    content_lines = sum(1 for line in _EOL.split(body) if line.strip())
    return breaks * 4 >= content_lines - 1


class PlainTextHandler(FormatHandler):
    """One file of an aligned set; ``mode`` is ``auto``, ``lines`` or ``article``."""

    name: ClassVar[str] = "text"
    extensions: ClassVar[tuple[str, ...]] = (".txt",)
    description: ClassVar[str] = "aligned plain text: a segment per line, or per paragraph"
    fields: ClassVar[frozenset[str]] = frozenset({"mt"})
    multiline: ClassVar[bool] = False

    def __init__(self, mode: str = "auto") -> None:
        if mode not in MODES:
            raise UsageError(f"unknown text mode {mode!r}; choose one of: {', '.join(MODES)}")
        self.mode: str = mode

    def parse(self, data: bytes, path: str) -> Document:
        texts, layout = self.parse_texts(data, path)
        doc = Document.from_texts(texts, target_lang=language_of_path(path))
        if data.startswith(BOM_BYTES):
            layout["bom"] = True
        doc.meta[self.name] = layout
        return doc

    def parse_texts(self, data: bytes, path: str) -> tuple[list[str], dict[str, Any]]:
        """The segments' texts and the layout of ``data`` (what :meth:`parse` builds the
        document from; a parallel source or reference needs no more)."""
        return self.split_text(decode_text(data, path))

    def read_texts(self, path: str | Path) -> tuple[list[str], dict[str, Any]]:
        """:meth:`parse_texts` of the file at ``path``, its bytes dropped once decoded."""
        return self.split_text(decode_text(read_bytes(path), path))

    def split_text(self, text: str) -> tuple[list[str], dict[str, Any]]:
        """The segments' texts and the layout of decoded ``text``."""
        mode = self.mode
        if mode == "auto":
            mode = "article" if looks_like_article(text) else "lines"
        return split_article(text) if mode == "article" else split_lines(text)

    def serialize(self, doc: Document) -> bytes:
        return b"".join(self.iter_serialized(doc))

    def iter_serialized(self, doc: Document) -> Iterator[bytes]:
        layout: dict[str, Any] = doc.meta.get(self.name) or {"mode": "lines", "eol": "\n"}
        join = join_article if layout.get("mode") == "article" else join_lines
        if layout.get("bom"):
            yield BOM_BYTES
        yield from encoded_in_pieces(join(doc.segments, layout))


def split_lines(text: str) -> tuple[list[str], dict[str, Any]]:
    """Segments and layout of a one-segment-per-line text."""
    if text == "":
        return [], {"mode": "lines", "eol": "\n", "final_eol": True}
    pieces = _EOL.split(text)
    eols = _EOL.findall(text)
    final_eol = pieces[-1] == ""
    if final_eol:
        pieces.pop()
    layout: dict[str, Any] = {
        "mode": "lines",
        "eol": eols[0] if eols else "\n",
        "final_eol": final_eol,
    }
    if len(set(eols)) > 1:
        layout["eols"] = eols
    return pieces, layout


def join_lines(segments: list[Segment], layout: dict[str, Any]) -> Iterator[str]:
    """The post-edits of ``segments`` one per line, with the line ends of ``layout``."""
    eol = layout.get("eol", "\n")
    eols: list[str] = layout.get("eols") or []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        text = seg.post_edit
        if _EOL.search(text):
            raise FormatError(
                f"segment {seg.id} contains a line break, which one-segment-per-line text "
                "cannot hold; write TSV, JSONL or XLIFF instead"
            )
        yield text
        if i < last or layout.get("final_eol", True):
            yield eols[i] if i < len(eols) else eol


def split_article(text: str) -> tuple[list[str], dict[str, Any]]:
    """Paragraphs and layout of a text whose paragraphs are separated by blank lines."""
    lead_match = _LEADING_BLANK.match(text)
    lead = lead_match.group(0) if lead_match else ""
    tail_match = _TRAILING_BLANK.search(text, len(lead))
    tail = tail_match.group(0) if tail_match else ""
    # The body is text[start:end], split in place (a copy of a large text is not made).
    start, end = len(lead), len(text) - len(tail)
    eol_match = _EOL.search(text)
    layout: dict[str, Any] = {
        "mode": "article",
        "eol": eol_match.group(0) if eol_match else "\n",
        "lead": lead,
        "tail": tail,
    }
    if start >= end:
        layout["separators"] = []
        return [], layout
    # (one string per kind of break, not one per paragraph: a million are mostly "\n\n")
    kinds: dict[str, str] = {}
    separators: list[str] = []
    pieces: list[str] = []
    at = start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        pieces.append(text[at : match.start()])
        separators.append(kinds.setdefault(match.group(0), match.group(0)))
        at = match.end()
    pieces.append(text[at:end])
    layout["separators"] = separators
    return pieces, layout


def join_article(segments: list[Segment], layout: dict[str, Any]) -> Iterator[str]:
    """The post-edits of ``segments`` as paragraphs, with the breaks, lead and tail of
    ``layout``."""
    eol = layout.get("eol", "\n")
    separators: list[str] = layout.get("separators") or []
    yield layout.get("lead", "")
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        text = seg.post_edit
        if _PARAGRAPH_BREAK.search(text) or text != text.strip("\r\n") or text == "":
            raise FormatError(
                f"segment {seg.id} is empty or holds a blank line, which a paragraph of an "
                "article cannot hold; write TSV, JSONL or XLIFF instead"
            )
        yield text
        if i < last:
            yield separators[i] if i < len(separators) else eol + eol
    yield layout.get("tail", eol) if segments else ""


def encoded_in_pieces(texts: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """``texts`` as UTF-8, joined into pieces of about ``size`` characters (encoding and
    writing each segment's text on its own measured a third slower or more; joining them all
    would hold the whole file)."""
    batch: list[str] = []
    held = 0
    for text in texts:
        batch.append(text)
        held += len(text)
        if held >= size:
            yield "".join(batch).encode("utf-8")
            batch.clear()
            held = 0
    if batch:
        yield "".join(batch).encode("utf-8")
