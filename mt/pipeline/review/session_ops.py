"""The translator's decisions on a review session, each one undoable operation: accepting and
rejecting proposals, hand edits, the "reviewed" mark, glossary fixes; undo and redo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mt.document import Edit, EditStatus, Origin, Segment
from mt.errors import EditError
from mt.glossary.entry import Glossary
from mt.pipeline.review.hand_edits import edits_for_text
from mt.pipeline.review.session_queries import SessionQueries
from mt.pipeline.review.state import ReviewError, is_reviewed, set_reviewed


class SessionOperations(SessionQueries):
    """The mutating methods of a review session; each journals before it returns."""

    def accept(self, index: int, edit: int) -> None:
        """Accept edit number ``edit`` of segment ``index``; :class:`EditError` if it overlaps
        an accepted edit. Open proposals it overlaps (a glossary fix inside an accepted
        re-translation) are rejected: they can no longer apply."""
        seg = self.segment(index)
        target = self._edit(seg, edit)

        def change(s: Segment) -> None:
            _accept_superseding(s, s.edits[edit])

        self._apply("accept", f"accept {_short(target)}", [index], change)

    def reject(self, index: int, edit: int) -> None:
        """Reject edit number ``edit`` of segment ``index`` (undoing it if it was accepted)."""
        target = self._edit(self.segment(index), edit)

        def change(s: Segment) -> None:
            s.reject(s.edits[edit])

        self._apply("reject", f"reject {_short(target)}", [index], change)

    def accept_all(self, index: int) -> tuple[int, list[str]]:
        """Accept every open proposal of the segment in text order (re-translations last);
        proposals that overlap an edit accepted before them are rejected, those that overlap an
        earlier accepted edit stay open. Returns (accepted, conflict messages)."""
        done: list[int] = [0]
        conflicts: list[str] = []
        order = self.pending(index)
        if not order:
            raise ReviewError("no open proposals in this segment")

        # Precise fixes first; a re-translation of the whole segment only where none conflicts.
        order.sort(key=lambda k: self.segment(index).edits[k].origin is Origin.NEURAL)

        def change(s: Segment) -> None:
            for k in order:
                e = s.edits[k]
                if e.status is not EditStatus.PROPOSED:
                    continue  # superseded by an edit accepted just before
                try:
                    _accept_superseding(s, e)
                    done[0] += 1
                except EditError as exc:
                    conflicts.append(str(exc))

        self._apply("accept-all", f"accept all in segment {self.segment(index).id}", [index],
                    change)
        return done[0], conflicts

    def reject_all(self, index: int) -> int:
        """Reject every open proposal of the segment; returns how many."""
        order = self.pending(index)
        if not order:
            raise ReviewError("no open proposals in this segment")

        def change(s: Segment) -> None:
            for k in order:
                s.reject(s.edits[k])

        self._apply("reject-all", f"reject all in segment {self.segment(index).id}", [index],
                    change)
        return len(order)

    def set_post_edit(self, index: int, text: str, *, group: str | None = None) -> bool:
        """Make ``text`` the segment's post-edit (a hand edit); returns whether anything changed.

        Consecutive calls with the same ``group`` (the keystrokes of one editing run) are one
        undo step; each call is journaled."""
        seg = self.segment(index)
        if text == seg.post_edit:
            return False
        base = seg
        top = self._undo[-1] if self._undo else None
        if (group is not None and top is not None and top.group == group and not self._redo
                and index in top.before):
            # Within one editing run, start from the state before the run, so the edits
            # depend on the text typed, not on the order of the keystrokes.
            base = Segment(seg.id, seg.mt, seg.source, seg.reference,
                           [replace(e) for e in top.before[index].edits])
        new = edits_for_text(base, text)

        def change(s: Segment) -> None:
            s.edits = new

        self._apply("edit", f"edit segment {seg.id}", [index], change, group=group,
                    review=True)
        return True

    def confirm(self, index: int) -> bool:
        """Confirm the segment as reviewed (idempotent: a confirmed one stays so, and nothing
        is journaled); returns whether it changed. Refuses while proposals are open."""
        was = is_reviewed(self.segment(index))
        self.mark_reviewed(index, True)
        return not was

    def unconfirm(self, index: int) -> bool:
        """Take the confirmation back; returns whether it changed."""
        was = is_reviewed(self.segment(index))
        self.mark_reviewed(index, False)
        return was

    def mark_reviewed(self, index: int, value: bool | None = None) -> bool:
        """Mark (or with ``value=False`` unmark; ``None`` toggles) the segment as reviewed;
        refuses while it has open proposals. Returns the new mark."""
        seg = self.segment(index)
        new = (not is_reviewed(seg)) if value is None else value
        if new and self.pending(index):
            n = len(self.pending(index))
            raise ReviewError(f"{n} proposal{'s' if n > 1 else ''} still open in segment "
                              f"{seg.id}: accept or reject first")
        if new == is_reviewed(seg):
            return new

        def change(s: Segment) -> None:
            set_reviewed(s, new)

        self._apply("review", ("confirm" if new else "unconfirm") + f" segment {seg.id}",
                    [index], change, review=False)
        return new

    def apply_glossary(self, glossary: Glossary, entry_id: str | None = None) -> list[int]:
        """Use ``glossary`` from now on and propose its fixes (only ``entry_id``'s, if given)
        wherever they are new; one undoable operation. Returns the segments that got
        proposals."""
        from mt.glossary.fixer import fix_segment

        self.glossary = glossary
        only = Glossary([glossary.get(entry_id)]) if entry_id is not None else glossary
        probe = [i for i, s in enumerate(self.document) if _would_fix(s, only)]
        if not probe:
            return []
        touched: list[int] = []

        def change_for(i: int) -> Callable[[Segment], None]:
            def change(s: Segment) -> None:
                if fix_segment(s, only):
                    touched.append(i)
                    set_reviewed(s, False)
            return change

        self._apply_many("glossary", f"glossary entry {entry_id or ''}".strip(),
                         {i: change_for(i) for i in probe})
        return touched

    def undo(self) -> list[int]:
        """Undo the last operation; returns the indices of the segments it touched."""
        if not self._undo:
            raise ReviewError("nothing to undo")
        op = self._undo.pop()
        self._restore(op, op.before, "undo")
        self._redo.append(op)
        return sorted(op.before)

    def redo(self) -> list[int]:
        """Redo the last undone operation; returns the indices of the segments it touched."""
        if not self._redo:
            raise ReviewError("nothing to redo")
        op = self._redo.pop()
        self._restore(op, op.after, "redo")
        self._undo.append(op)
        return sorted(op.after)


def _accept_superseding(segment: Segment, edit: Edit) -> None:
    segment.accept(edit)
    for other in segment.edits:
        if other is not edit and other.status is EditStatus.PROPOSED and other.overlaps(edit):
            other.status = EditStatus.REJECTED


def _would_fix(segment: Segment, glossary: Glossary) -> bool:
    from mt.glossary.fixer import find_fixes

    return bool(find_fixes(segment.mt, glossary, segment.source))


def _short(edit: Edit) -> str:
    before = edit.original if edit.original is not None else ""
    return f"{before!r} → {edit.replacement!r}"
