"""sacrebleu's TER edit count, computed faster with the same result.

:func:`ter_edits` follows ``sacrebleu.metrics.lib_ter.translation_edit_rate`` step for step (the
same greedy shift search, candidate order, tie-breaking and candidate limit) and returns the same
``(edits, reference length)``; three things make it cheaper:

- The edit distance of a shift *candidate* is only compared, never traced, so where the beam
  cannot change it (the optimal alignment provably stays inside sacrebleu's band) it is the plain
  word Levenshtein distance from rapidfuzz (C) instead of the beam search in Python.
- Where the edit distance already equals the bag-of-words lower bound (words only one side has),
  no shift can lower it, so the search is skipped: most of a post-edit against its MT.
- The traced beam search (:func:`beam_edit_distance`) works on plain integers, and matching word
  runs are found from each word's positions instead of every pair of positions.

It uses sacrebleu's private limits and helpers (``lib_ter``); tests/scoring/test_tercom.py checks
the result against sacrebleu's on random and real text, so a release that changes them fails it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics import lib_ter

#: sacrebleu's beam half-width: cells this far from the length-scaled diagonal are searched.
BEAM_WIDTH: int = lib_ter._BEAM_WIDTH


def ter_edits(words_hyp: list[str], words_ref: list[str]) -> tuple[int, int]:
    """TER's ``(edits, reference length)`` for tokenised ``words_hyp`` against ``words_ref``:
    what ``sacrebleu.metrics.lib_ter.translation_edit_rate`` returns."""
    n_ref = len(words_ref)
    if n_ref == 0:
        return len(words_hyp), 0
    distance = Levenshtein.distance(words_hyp, words_ref)
    length_gap = abs(len(words_hyp) - n_ref)
    if _beam_is_exact(distance, length_gap) and distance == _bag_bound(words_hyp, words_ref):
        return distance, n_ref

    def cost(words: list[str]) -> tuple[int, bool]:
        """A lower bound on the beam's edit distance of ``words``, and whether it is exact."""
        found = Levenshtein.distance(words, words_ref)
        return found, _beam_is_exact(found, length_gap)

    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words_ref):
        positions.setdefault(word, []).append(index)
    shifts, words, checked = 0, words_hyp, 0
    while True:
        delta, shifted, checked, distance = _shift(words, words_ref, positions, cost, checked)
        if checked >= lib_ter._MAX_SHIFT_CANDIDATES or delta <= 0:
            break
        shifts += 1
        words = shifted
    # ``words`` is what the last search started from: ``distance`` is its edit distance.
    return shifts + distance, n_ref


def _beam_is_exact(distance: int, length_gap: int) -> bool:
    """Whether sacrebleu's beam (cells within :data:`BEAM_WIDTH` of the length-scaled diagonal)
    holds every alignment of cost ``distance``: a cell ``(i, j)`` on one lies within
    ``distance + length_gap`` of ``i * ratio``, so the beam's cost is then the exact distance."""
    return distance + length_gap < BEAM_WIDTH


def _bag_bound(words_hyp: list[str], words_ref: list[str]) -> int:
    """A lower bound on the edits of any reordering: each edit removes at most one word that
    only the hypothesis has and one that only the reference has; shifts remove none."""
    hyp, ref = Counter(words_hyp), Counter(words_ref)
    return max(sum((hyp - ref).values()), sum((ref - hyp).values()))


def _shift(
    words_h: list[str],
    words_r: list[str],
    positions: dict[str, list[int]],
    cost: Any,
    checked: int,
) -> tuple[int, list[str], int, int]:
    """``lib_ter._shift``: the shift that lowers the edit distance most, as ``(gain, shifted
    words, candidates checked so far, edit distance of words_h)``."""
    pre_score, inv_trace = beam_edit_distance(words_h, words_r)
    align, ref_err, hyp_err = lib_ter.trace_to_alignment(lib_ter._flip_trace(inv_trace))
    best: tuple[Any, ...] | None = None
    for start_h, start_r, length in _shifted_pairs(words_h, words_r, positions):
        if not any(hyp_err[start_h : start_h + length]):
            continue
        if not any(ref_err[start_r : start_r + length]):
            continue
        if start_h <= align[start_r] < start_h + length:
            continue
        prev_idx = -1
        for offset in range(-1, length):
            if start_r + offset == -1:
                idx = 0
            elif start_r + offset in align:
                idx = align[start_r + offset] + 1
            else:
                break
            if idx == prev_idx:
                continue
            prev_idx = idx
            shifted = lib_ter._perform_shift(words_h, start_h, length, idx)
            checked += 1
            bound, exact = cost(shifted)
            rank = (pre_score - bound, length, -start_h, -idx)
            # Skipped unless it can win: a gain of at most 0 never gets a shift made (the
            # search stops), and one no better than the best so far is not chosen.
            if rank[0] <= 0 or (best is not None and rank <= best[:4]):
                continue
            if not exact:
                rank = (pre_score - beam_edit_distance(shifted, words_r)[0], *rank[1:])
            if best is None or rank > best[:4]:
                best = (*rank, shifted)
        if checked >= lib_ter._MAX_SHIFT_CANDIDATES:
            break
    if best is None:
        return 0, words_h, checked, pre_score
    return best[0], best[4], checked, pre_score


def beam_edit_distance(words_h: list[str], words_r: list[str]) -> tuple[int, str]:
    """``lib_ter.BeamEditDistance(words_r)(words_h)``: the edit distance within sacrebleu's
    beam and its trace of operations (the same cells, costs and tie-breaking, no cache)."""
    n_h, n_r = len(words_h), len(words_r)
    inf = lib_ter._INT_INFINITY
    ratio = n_r / n_h if words_h else 1
    width = math.ceil(ratio / 2 + BEAM_WIDTH) if ratio / 2 > BEAM_WIDTH else BEAM_WIDTH
    prev = list(range(n_r + 1))
    op_rows = [["i"] * (n_r + 1)]
    for i in range(1, n_h + 1):
        diag = math.floor(i * ratio)
        lo = max(0, diag - width)
        hi = n_r + 1 if i == n_h else min(n_r + 1, diag + width)
        row, ops = [inf] * (n_r + 1), ["x"] * (n_r + 1)
        word = words_h[i - 1]
        if lo == 0:
            row[0], ops[0] = prev[0] + 1, "d"
            lo = 1
        for j in range(lo, hi):
            best, op = inf, "x"
            if word == words_r[j - 1]:
                if prev[j - 1] < best:
                    best, op = prev[j - 1], " "
            elif prev[j - 1] + 1 < best:
                best, op = prev[j - 1] + 1, "s"
            if prev[j] + 1 < best:
                best, op = prev[j] + 1, "d"
            if row[j - 1] + 1 < best:
                best, op = row[j - 1] + 1, "i"
            row[j], ops[j] = best, op
        prev = row
        op_rows.append(ops)
    trace: list[str] = []
    i, j = n_h, n_r
    while i > 0 or j > 0:
        op = op_rows[i][j]
        trace.append(op)
        if op in " s":
            i, j = i - 1, j - 1
        elif op == "i":
            j -= 1
        elif op == "d":
            i -= 1
        else:
            raise ValueError(f"unknown operation {op!r}")
    return prev[n_r], "".join(reversed(trace))


def _shifted_pairs(
    words_h: list[str], words_r: list[str], positions: dict[str, list[int]]
) -> Iterator[tuple[int, int, int]]:
    """``lib_ter._find_shifted_pairs`` in the same order: ``(h_start, r_start, length)`` of
    every matching run up to ``_MAX_SHIFT_SIZE`` words, ``_MAX_SHIFT_DIST`` apart at most."""
    n_h, n_r = len(words_h), len(words_r)
    max_size, max_dist = lib_ter._MAX_SHIFT_SIZE, lib_ter._MAX_SHIFT_DIST
    for start_h, word in enumerate(words_h):
        for start_r in positions.get(word, ()):
            if abs(start_r - start_h) > max_dist:
                continue
            length = 0
            while length < max_size and words_h[start_h + length] == words_r[start_r + length]:
                length += 1
                yield start_h, start_r, length
                if n_h == start_h + length or n_r == start_r + length:
                    break


def ter_statistics(metric: Any, hyps: list[str], refs: list[str]) -> list[list[float]]:
    """What ``metric._extract_corpus_statistics(hyps, [refs])`` gives for sacrebleu ``TER``
    object ``metric`` (its tokeniser and options): ``[edits, reference length]`` per segment."""
    metric.num_refs = 1
    prepare = metric._preprocess_segment
    stats: list[list[float]] = []
    for hyp, ref in zip(hyps, refs, strict=True):
        edits, ref_len = ter_edits(prepare(hyp).split(), prepare(ref).split())
        stats.append([edits, ref_len / 1])
    return stats
