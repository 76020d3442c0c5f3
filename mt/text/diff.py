"""Word-level diffs between an MT text and its post-edit, with the edit behind each change.

Both the CLI and the review UI render these: a diff is a list of :class:`Chunk` objects whose
``before`` and ``after`` texts concatenate back to the two inputs exactly, so nothing a renderer
shows can drift from the real texts.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mt.document import Edit, EditStatus, Segment

#: Past this many tokens on either side, the diff takes the bounded path (see :func:`opcodes`).
EXACT_TOKENS = 2000
#: How deep the bounded path looks for anchors inside the stretches between anchors.
_ANCHOR_DEPTH = 6
#: Tokens a side in each ``difflib`` call where a long stretch has no anchor.
_WINDOW = 32

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
    a, b, ops = text_opcodes(old, new)
    a_pos, b_pos = _offsets(a), _offsets(b)
    spans = sorted(edits, key=lambda e: (e.start, e.end))
    ends = _running_max_end(spans)
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in ops:
        os_, oe = a_pos[i1], a_pos[i2]
        ns, ne = b_pos[j1], b_pos[j2]
        kind = ChunkKind(tag)
        linked: tuple[Edit, ...] = ()
        if kind is not ChunkKind.EQUAL and spans:
            # Edits that can touch [os_, oe]: start <= oe, and (running max) end >= os_.
            first = bisect.bisect_left(ends, os_)
            last = bisect.bisect_right(spans, oe, key=lambda e: e.start)
            linked = tuple(e for e in spans[first:last] if _touches(e, os_, oe))
        chunks.append(Chunk(kind, old[os_:oe], new[ns:ne], os_, oe, ns, ne, linked))
    return _merge_whitespace(chunks)


Opcode = tuple[str, int, int, int, int]


#: The last long texts diffed (a segment's diff is wanted by the changes shown, the report and
#: the edit effort): old, new → their tokens and opcodes.
_RECENT: dict[tuple[str, str], tuple[list[str], list[str], list[Opcode]]] = {}


def text_opcodes(old: str, new: str) -> tuple[list[str], list[str], list[Opcode]]:
    """The tokens of ``old`` and ``new`` and the :func:`opcodes` between them; for long texts
    (past :data:`EXACT_TOKENS` tokens) the last two such diffs are remembered, not redone."""
    found = _RECENT.get((old, new))
    if found is not None:
        return found
    a, b = tokenize(old), tokenize(new)
    result = a, b, opcodes(a, b)
    if max(len(a), len(b)) > EXACT_TOKENS:
        while len(_RECENT) >= 2:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[(old, new)] = result
    return result


def opcodes(a: Sequence[str], b: Sequence[str], *, exact: int = EXACT_TOKENS) -> list[Opcode]:
    """``difflib``-style opcodes turning ``a`` into ``b``.

    Up to ``exact`` tokens a side this is ``difflib.SequenceMatcher`` (no autojunk). Past that,
    whose cost can grow with the square of the length (or worse on repetitive text), it trims
    the common prefix and suffix, then anchors on tokens that occur once on each side (patience
    diff), and diffs each stretch between anchors the same way; a stretch still too long with
    no anchor becomes one replacement. The result is always a valid diff, in about linear time.
    """
    blocks: list[tuple[int, int, int]] = []
    _match(a, b, 0, len(a), 0, len(b), exact, _ANCHOR_DEPTH, blocks)
    return _to_opcodes(blocks, len(a), len(b))


def _match(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, exact: int,
    depth: int, out: list[tuple[int, int, int]],
) -> None:
    """Append the matching blocks ``(i, j, size)`` of ``a[alo:ahi]`` and ``b[blo:bhi]``."""
    start = alo
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    if alo > start:
        out.append((start, blo - (alo - start), alo - start))
    tail = 0
    while ahi - tail > alo and bhi - tail > blo and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    ahi, bhi = ahi - tail, bhi - tail
    if alo < ahi and blo < bhi:
        if ahi - alo <= exact and bhi - blo <= exact:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
        else:
            anchors = _anchors(a, b, alo, ahi, blo, bhi) if depth > 0 else []
            prev_a, prev_b = alo, blo
            for i, j in anchors:
                _match(a, b, prev_a, i, prev_b, j, exact, depth - 1, out)
                out.append((i, j, 1))
                prev_a, prev_b = i + 1, j + 1
            if anchors:
                _match(a, b, prev_a, ahi, prev_b, bhi, exact, depth - 1, out)
            else:
                _windowed(a, b, alo, ahi, blo, bhi, exact, out)
    if tail:
        out.append((ahi, bhi, tail))


def _windowed(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int, exact: int,
    out: list[tuple[int, int, int]],
) -> None:
    """Diff a stretch with no anchor left to right: skip the equal run, then ``difflib`` on the
    next ``_WINDOW`` tokens of each side, keeping the matches in the first half of the window."""
    window = max(2, min(exact, _WINDOW))
    while alo < ahi and blo < bhi:
        run = 0
        while alo + run < ahi and blo + run < bhi and a[alo + run] == b[blo + run]:
            run += 1
        if run:
            out.append((alo, blo, run))
            alo, blo = alo + run, blo + run
            continue
        if alo + 2 < ahi and blo + 2 < bhi and a[alo + 1 : alo + 3] == b[blo + 1 : blo + 3]:
            alo, blo = alo + 1, blo + 1  # one token replaced, and the texts go on alike
            continue
        wa, wb = min(ahi, alo + window), min(bhi, blo + window)
        last = wa == ahi and wb == bhi
        matcher = difflib.SequenceMatcher(None, a[alo:wa], b[blo:wb], autojunk=False)
        half_a, half_b = (wa - alo) // 2, (wb - blo) // 2
        kept = [(i, j, n) for i, j, n in matcher.get_matching_blocks()
                if n and (last or (i + n <= half_a and j + n <= half_b))]
        out.extend((alo + i, blo + j, n) for i, j, n in kept)
        if last:
            return
        if kept:
            i, j, n = kept[-1]
            alo, blo = alo + i + n, blo + j + n
        else:
            alo, blo = alo + max(1, half_a), blo + max(1, half_b)


def _anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Positions of tokens found exactly once in each range, the longest run in the same order
    on both sides (patience sorting)."""
    count_a: dict[str, int] = {}
    for i in range(alo, ahi):
        count_a[a[i]] = -1 if a[i] in count_a else i
    where_b: dict[str, int] = {}
    for j in range(blo, bhi):
        token = b[j]
        if count_a.get(token, -1) >= 0:
            where_b[token] = -1 if token in where_b else j
    pairs = [(count_a[t], j) for t, j in where_b.items() if j >= 0]
    pairs.sort()
    # Longest increasing subsequence of the b positions, in O(n log n).
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = j, k
        back.append(tail_at[pos - 1] if pos else -1)
    chain: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _to_opcodes(blocks: list[tuple[int, int, int]], la: int, lb: int) -> list[Opcode]:
    """Opcodes from matching blocks in order, as ``SequenceMatcher.get_opcodes`` builds them."""
    ops: list[Opcode] = []
    i = j = 0
    merged: list[tuple[int, int, int]] = []
    for bi, bj, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == bi and merged[-1][1] + merged[-1][2] == bj:
            last = merged.pop()
            merged.append((last[0], last[1], last[2] + n))
        else:
            merged.append((bi, bj, n))
    for bi, bj, n in [*merged, (la, lb, 0)]:
        tag = ""
        if i < bi and j < bj:
            tag = "replace"
        elif i < bi:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            ops.append((tag, i, bi, j, bj))
        i, j = bi + n, bj + n
        if n:
            ops.append(("equal", bi, i, bj, j))
    return ops


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


def _running_max_end(spans: list[Edit]) -> list[int]:
    """For each edit in start order, the largest end so far (non-decreasing, for bisecting)."""
    out: list[int] = []
    top = -1
    for edit in spans:
        top = max(top, edit.end)
        out.append(top)
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
