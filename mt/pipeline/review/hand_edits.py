"""Hand edits: a new post-edit text typed by the translator expressed as edits of the MT
(:func:`edits_for_text`), merging with, adopting or rejecting the edits already there."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mt.document import Edit, EditStatus, Origin, Segment, apply_edits
from mt.errors import EditError
from mt.text.diff import ChunkKind, word_diff

HUMAN_REASON = "edited by hand"


def _in_region(region: tuple[int, int, Edit], start: int, end: int) -> bool:
    """Whether the change ``[start, end)`` of the post-edit touches an edit's output region.

    Changes that overlap a region always do; hand edits also absorb changes that merely touch
    them, so typing on at the end of a word typed by hand extends that edit."""
    ps, pe, edit = region
    if edit.origin is Origin.HUMAN:
        return ps <= end and start <= pe
    if start == end:
        return ps < start < pe
    if ps == pe:
        return start < ps < end
    return ps < end and start < pe


def edits_for_text(segment: Segment, text: str) -> list[Edit]:
    """A new edit list for ``segment`` whose post-edit is ``text``.

    The difference between the current post-edit and ``text`` is found word by word; each change
    becomes an accepted hand edit of the MT. A change inside the output of an accepted edit merges
    with it: an earlier hand edit is replaced, a glossary or neural one is marked rejected (and
    named in the hand edit's reason). A change that reproduces a proposed edit exactly accepts
    that edit instead. Proposals that overlap a hand edit are rejected. If the result could not
    be expressed that way, one hand edit replaces the whole MT."""
    mt = segment.mt
    edits = [replace(e) for e in segment.edits]
    accepted = sorted((e for e in edits if e.status is EditStatus.ACCEPTED),
                      key=lambda e: (e.start, e.end))
    old = apply_edits(mt, accepted)
    if text == old:
        return edits
    try:
        accepted, old = _adopt_proposals(mt, edits, accepted, old, text)
        result = _rebase(mt, old, text, edits, accepted)
        if apply_edits(mt, [e for e in result if e.status is EditStatus.ACCEPTED]) == text:
            return result
    except EditError:
        pass
    return _whole_segment(mt, text, edits)


def _diff_cost(old: str, new: str) -> tuple[int, list[Any]]:
    changes = [c for c in word_diff(old, new) if c.kind is not ChunkKind.EQUAL]
    return sum(len(c.before) + len(c.after) for c in changes), changes


def _adopt_proposals(mt: str, edits: list[Edit], accepted: list[Edit], old: str, text: str
                     ) -> tuple[list[Edit], str]:
    """Accept the open proposals that ``text`` carries out: those whose replacement stands in
    ``text`` with its surroundings unchanged (no change touches it) and that bring the
    post-edit closer to ``text``. A proposal whose word was moved or rewritten around is left
    to the hand edit."""
    cost, _ = _diff_cost(old, text)
    for e in sorted((e for e in edits if e.status is EditStatus.PROPOSED),
                    key=lambda e: (e.start, e.end)):
        if any(e.overlaps(a) for a in accepted):
            continue
        trial = sorted([*accepted, e], key=lambda x: (x.start, x.end))
        candidate = apply_edits(mt, trial)
        start = e.start + sum(len(a.replacement) - (a.end - a.start)
                              for a in accepted if a.end <= e.start)
        end = start + len(e.replacement)
        new_cost, changes = _diff_cost(candidate, text)
        touched = any(c.old_start <= end and start <= c.old_end for c in changes)
        if new_cost < cost and not touched:
            e.status = EditStatus.ACCEPTED
            accepted, old, cost = trial, candidate, new_cost
    return accepted, old


def _rebase(mt: str, old: str, text: str, edits: list[Edit], accepted: list[Edit]) -> list[Edit]:
    regions: list[tuple[int, int, Edit]] = []
    shift = 0
    for e in accepted:
        ps = e.start + shift
        regions.append((ps, ps + len(e.replacement), e))
        shift += len(e.replacement) - (e.end - e.start)

    def to_mt(p: int) -> int:
        # p never lies strictly inside a region: changes were widened to whole regions.
        out = p
        for _ps, pe, e in regions:
            if pe > p:
                break
            out = e.end + (p - pe)
        return out

    changes = [c for c in word_diff(old, text) if c.kind is not ChunkKind.EQUAL]
    # Group the changes with the regions they touch; groups whose spans meet are merged.
    groups: list[dict[str, Any]] = []
    for c in changes:
        start, end = c.old_start, c.old_end
        absorbed: list[Edit] = []
        grown = True
        while grown:
            grown = False
            for region in regions:
                if any(region[2] is a for a in absorbed):
                    continue
                if _in_region(region, start, end):
                    absorbed.append(region[2])
                    start, end = min(start, region[0]), max(end, region[1])
                    grown = True
        last = groups[-1] if groups else None
        if last is not None and (last["end"] > start or any(
                a is b for a in absorbed for b in last["absorbed"])):
            last["end"] = max(last["end"], end)
            last["changes"].append(c)
            last["absorbed"].extend(
                a for a in absorbed if not any(a is b for b in last["absorbed"]))
        else:
            groups.append({"start": start, "end": end, "changes": [c], "absorbed": absorbed})
    result = edits
    new_edits: list[Edit] = []
    for g in groups:
        start, end = g["start"], g["end"]
        parts, cursor = [], start
        for c in g["changes"]:
            parts.append(old[cursor : c.old_start])
            parts.append(c.after)
            cursor = c.old_end
        parts.append(old[cursor:end])
        replacement = "".join(parts)
        m_start, m_end = to_mt(start), to_mt(end)
        if m_start > m_end:
            raise EditError("hand edit maps to an inverted span")
        over = [a for a in g["absorbed"] if a.origin is not Origin.HUMAN]
        for a in g["absorbed"]:
            if a.origin is Origin.HUMAN:
                result = [e for e in result if e is not a]
            else:
                a.status = EditStatus.REJECTED
        if replacement == mt[m_start:m_end]:
            continue
        reuse = next(
            (e for e in result
             if e.status is not EditStatus.ACCEPTED and e.span == (m_start, m_end)
             and e.replacement == replacement),
            None,
        )
        if reuse is not None:
            reuse.status = EditStatus.ACCEPTED
            continue
        reason = HUMAN_REASON
        if over:
            reason += " (over " + ", ".join(a.describe() for a in over) + ")"
        new_edits.append(Edit(m_start, m_end, replacement, origin=Origin.HUMAN,
                              status=EditStatus.ACCEPTED, original=mt[m_start:m_end],
                              reason=reason))
    for e in result:
        if e.status is EditStatus.PROPOSED and any(e.overlaps(n) for n in new_edits):
            e.status = EditStatus.REJECTED
    return result + new_edits


def _whole_segment(mt: str, text: str, edits: list[Edit]) -> list[Edit]:
    result = [e for e in edits if not (e.origin is Origin.HUMAN
                                       and e.status is EditStatus.ACCEPTED)]
    for e in result:
        if e.status is not EditStatus.REJECTED:
            e.status = EditStatus.REJECTED
    if text != mt:
        result.append(Edit(0, len(mt), text, origin=Origin.HUMAN, status=EditStatus.ACCEPTED,
                           original=mt, reason=HUMAN_REASON + " (whole segment)"))
    return result
