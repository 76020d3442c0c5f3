"""Word-level diffs between an MT text and its post-edit, with the edit behind each change.

Both the CLI and the review UI render these: a diff is a list of :class:`Chunk` objects whose
``before`` and ``after`` texts concatenate back to the two inputs exactly, so nothing a renderer
shows can drift from the real texts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mt.document import Edit, EditStatus, Segment

#: Words (hyphenated ones whole), whitespace runs and single marks (so "Banshir's" is three).
_TOKEN = re.compile(r"\w+(?:-\w+)*|\s+|[^\w\s]", re.UNICODE)


class ChunkKind(StrEnum):
    """How a chunk of the diff changed."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of the diff: ``before`` (a span of the old text) became ``after``.

    ``old_start``/``old_end`` index the old text, ``new_start``/``new_end`` the new one.
    ``edits`` are the edits of the segment that produced the change (empty for equal chunks and
    for changes made without an edit, such as a hand-written post-edit).
    """

    kind: ChunkKind
    before: str
    after: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    edits: tuple[Edit, ...] = ()

    @property
    def changed(self) -> bool:
        return self.kind is not ChunkKind.EQUAL


def tokenize(text: str) -> list[str]:
    """``text`` split into words, whitespace runs and single marks; they join back to ``text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str, edits: Iterable[Edit] = ()) -> list[Chunk]:
    """The word-level diff from ``old`` to ``new``; changes are linked to the ``edits`` (spans in
    ``old``) that overlap or touch them."""
    a, b = tokenize(old), tokenize(new)
    a_pos, b_pos = _offsets(a), _offsets(b)
    spans = list(edits)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        os_, oe = a_pos[i1], a_pos[i2]
        ns, ne = b_pos[j1], b_pos[j2]
        kind = ChunkKind(tag)
        linked: tuple[Edit, ...] = ()
        if kind is not ChunkKind.EQUAL:
            linked = tuple(e for e in spans if _touches(e, os_, oe))
        chunks.append(Chunk(kind, old[os_:oe], new[ns:ne], os_, oe, ns, ne, linked))
    return _merge_whitespace(chunks)


def segment_diff(segment: Segment) -> list[Chunk]:
    """The diff from ``segment``'s MT to its post-edit, linked to its accepted edits."""
    accepted = [e for e in segment.edits if e.status is EditStatus.ACCEPTED]
    return word_diff(segment.mt, segment.post_edit, accepted)


def changed_chunks(chunks: Sequence[Chunk]) -> list[Chunk]:
    """Only the chunks that changed."""
    return [c for c in chunks if c.changed]


def _offsets(tokens: list[str]) -> list[int]:
    out = [0]
    for token in tokens:
        out.append(out[-1] + len(token))
    return out


def _touches(edit: Edit, start: int, end: int) -> bool:
    if start == end:  # a pure insertion at ``start``
        return edit.start <= start <= edit.end
    if edit.start == edit.end:  # an edit that inserts at one point
        return start <= edit.start <= end
    return edit.start < end and start < edit.end


def _merge_whitespace(chunks: list[Chunk]) -> list[Chunk]:
    """Fold an equal whitespace-only chunk lying between two changes into one change, so that
    "Ahmed Masoud" → "Ahmad Massoud" reads as one replacement rather than two."""
    out: list[Chunk] = []
    i = 0
    while i < len(chunks):
        chunk = chunks[i]
        if (
            out
            and out[-1].changed
            and chunk.kind is ChunkKind.EQUAL
            and not chunk.before.strip()
            and i + 1 < len(chunks)
            and chunks[i + 1].changed
        ):
            prev, nxt = out.pop(), chunks[i + 1]
            edits = prev.edits + tuple(e for e in nxt.edits if all(e is not p for p in prev.edits))
            out.append(
                Chunk(
                    ChunkKind.REPLACE,
                    prev.before + chunk.before + nxt.before,
                    prev.after + chunk.after + nxt.after,
                    prev.old_start,
                    nxt.old_end,
                    prev.new_start,
                    nxt.new_end,
                    edits,
                )
            )
            i += 2
            continue
        out.append(chunk)
        i += 1
    return out
