"""Document-wide decisions of a review session, each ONE undoable, journaled operation:
accepting or rejecting every open proposal of one glossary entry (:meth:`BulkOperations.
accept_entry`, :meth:`~BulkOperations.reject_entry`), find and replace across the post-edits with
a preview (:meth:`~BulkOperations.replace_preview`, :meth:`~BulkOperations.replace_all`) and
propagating a hand fix to the word's other occurrences as proposals
(:meth:`~BulkOperations.propagate`).

They go through the same operation machinery as a single decision, so one undo restores every
segment they touched and the journal holds the new state of each (crash recovery replays it).
They leave the segments' "confirmed" marks as they were: the translator has not looked at each
segment."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from mt.document import Edit, EditStatus, Origin, Segment
from mt.errors import EditError
from mt.pipeline.review.hand_edits import HUMAN_REASON, edits_for_text
from mt.pipeline.review.session_ops import SessionOperations, _accept_superseding
from mt.pipeline.review.state import ReviewError

#: The start of the reason of a proposal made by :meth:`BulkOperations.propagate`.
PROPAGATED = "propagated from segment"


@dataclass(frozen=True)
class EntryProposals:
    """The open proposals of one glossary entry: ``where`` maps a segment index to the
    indices of its proposals (in ``segment.edits``)."""

    entry_id: str
    label: str
    where: dict[int, list[int]]

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.where.values())

    @property
    def segments(self) -> int:
        return len(self.where)


@dataclass(frozen=True)
class Replacement:
    """What find and replace changes in one segment: the post-edit before and after."""

    index: int
    before: str
    after: str
    count: int


def find_pattern(find: str, *, case: bool = False, whole_word: bool = False) -> re.Pattern[str]:
    """The regular expression find and replace looks for (``find`` is literal text)."""
    if not find:
        raise ReviewError("give the text to find")
    body = re.escape(find)
    if whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if case else re.IGNORECASE)


class BulkOperations(SessionOperations):
    """The document-wide methods of a review session."""

    # -- one glossary entry everywhere -----------------------------------------------------

    def entry_proposals(self, entry_id: str) -> EntryProposals:
        """Every open proposal of glossary entry ``entry_id`` in the document."""
        where: dict[int, list[int]] = {}
        originals: Counter[str] = Counter()
        target = ""
        for i, seg in enumerate(self.document.segments):
            found = [k for k, e in enumerate(seg.edits)
                     if e.entry_id == entry_id and e.status is EditStatus.PROPOSED]
            if found:
                where[i] = sorted(found, key=lambda k: (seg.edits[k].start, k))
                for k in found:
                    originals[seg.edits[k].original or seg.mt[seg.edits[k].start:
                                                              seg.edits[k].end]] += 1
                    target = target or seg.edits[k].replacement
        names = [o for o, _ in originals.most_common(3)]
        label = "/".join(names) + (f"/… → {target}" if len(originals) > 3 else f" → {target}")
        return EntryProposals(entry_id, label if names else entry_id, where)

    def accept_entry(self, entry_id: str) -> tuple[int, list[str]]:
        """Accept every open proposal of ``entry_id`` across the document as one operation;
        a proposal that overlaps an accepted edit stays open. Returns (accepted, conflicts)."""
        found = self._entry_or_fail(entry_id)
        done = [0]
        conflicts: list[str] = []

        def change_for(ks: list[int]) -> Callable[[Segment], None]:
            def change(s: Segment) -> None:
                for k in ks:
                    e = s.edits[k]
                    if e.status is not EditStatus.PROPOSED:
                        continue
                    try:
                        _accept_superseding(s, e)
                        done[0] += 1
                    except EditError as exc:
                        conflicts.append(f"segment {s.id}: {exc}")
            return change

        self._apply_many("accept-entry", f"accept all {found.label}",
                         {i: change_for(ks) for i, ks in found.where.items()})
        return done[0], conflicts

    def reject_entry(self, entry_id: str) -> int:
        """Reject every open proposal of ``entry_id`` across the document as one operation;
        returns how many."""
        found = self._entry_or_fail(entry_id)

        def change_for(ks: list[int]) -> Callable[[Segment], None]:
            def change(s: Segment) -> None:
                for k in ks:
                    s.edits[k].status = EditStatus.REJECTED
            return change

        self._apply_many("reject-entry", f"reject all {found.label}",
                         {i: change_for(ks) for i, ks in found.where.items()})
        return found.count

    def _entry_or_fail(self, entry_id: str) -> EntryProposals:
        found = self.entry_proposals(entry_id)
        if not found.where:
            raise ReviewError(f"no open proposals of glossary entry {entry_id}")
        return found

    # -- find and replace ------------------------------------------------------------------

    def replace_preview(self, find: str, repl: str, *, case: bool = False,
                        whole_word: bool = False) -> list[Replacement]:
        """What replacing ``find`` by ``repl`` in every post-edit would change (nothing is
        changed): one :class:`Replacement` per segment, in document order."""
        pattern = find_pattern(find, case=case, whole_word=whole_word)
        out: list[Replacement] = []
        for i, seg in enumerate(self.document.segments):
            text = seg.post_edit
            new, n = pattern.subn(lambda _m: repl, text)
            if n and new != text:
                out.append(Replacement(i, text, new, n))
        return out

    def replace_all(self, find: str, repl: str, *, case: bool = False,
                    whole_word: bool = False) -> list[Replacement]:
        """Replace ``find`` by ``repl`` in every post-edit, as hand edits (origin human, the
        reason names the replacement), in one undoable operation; returns what changed."""
        changes = self.replace_preview(find, repl, case=case, whole_word=whole_word)
        if not changes:
            raise ReviewError(f"{find!r} is not in any post-edit")
        reason = f"replace {find!r} → {repl!r}"

        def change_for(text: str) -> Callable[[Segment], None]:
            def change(s: Segment) -> None:
                old = {_key(e) for e in s.edits}
                s.edits = [replace(e, reason=reason) if e.origin is Origin.HUMAN
                           and e.status is EditStatus.ACCEPTED and e.reason == HUMAN_REASON
                           and _key(e) not in old else e for e in edits_for_text(s, text)]
            return change

        self._apply_many("replace", f"{reason} in {len(changes)} segments",
                         {c.index: change_for(c.after) for c in changes})
        return changes

    # -- propagation -----------------------------------------------------------------------

    def propagation_candidates(self, index: int, old: str, new: str) -> list[int]:
        """The other segments whose MT holds ``old`` as a whole word where no edit covers it
        yet: where :meth:`propagate` would propose ``new``."""
        pattern = find_pattern(old, case=True, whole_word=True)
        return [i for i, seg in enumerate(self.document.segments)
                if i != index and _free_spans(seg, pattern, new)]

    def propagate(self, index: int, old: str, new: str) -> int:
        """After a hand fix of ``old`` → ``new`` in segment ``index``, propose the same fix at
        each other occurrence of ``old`` (a whole word of the MT, where no edit covers it), the
        reason saying "propagated from segment N"; one undoable operation. Returns how many."""
        if not old.strip() or old == new:
            raise ReviewError("nothing to propagate")
        pattern = find_pattern(old, case=True, whole_word=True)
        reason = f"{PROPAGATED} {self.segment(index).id}: {old!r} → {new!r}"
        count = [0]

        def change(s: Segment) -> None:
            for start, end in _free_spans(s, pattern, new):
                s.edits.append(Edit(start, end, new, origin=Origin.HUMAN,
                                    status=EditStatus.PROPOSED, original=old, reason=reason))
                count[0] += 1

        targets = self.propagation_candidates(index, old, new)
        if not targets:
            raise ReviewError(f"{old!r} occurs in no other segment")
        self._apply_many("propagate", f"propagate {old!r} → {new!r}",
                         dict.fromkeys(targets, change))
        return count[0]


def _key(edit: Edit) -> tuple[int, int, str, EditStatus]:
    return (edit.start, edit.end, edit.replacement, edit.status)


def _free_spans(seg: Segment, pattern: re.Pattern[str], new: str) -> list[tuple[int, int]]:
    """Spans of ``pattern`` in the segment's MT that no edit (open or accepted) overlaps and
    that do not already propose ``new``."""
    out: list[tuple[int, int]] = []
    live = [e for e in seg.edits if e.status is not EditStatus.REJECTED]
    taken = {(e.start, e.end, e.replacement) for e in seg.edits}
    for m in pattern.finditer(seg.mt):
        probe = Edit(m.start(), m.end(), new)
        if (m.start(), m.end(), new) in taken or any(probe.overlaps(e) for e in live):
            continue
        out.append((m.start(), m.end()))
    return out
