"""The review screen's document-wide keys (:class:`BulkActions`): one glossary entry's proposals
accepted or rejected everywhere (ctrl+a), find and replace with a preview (ctrl+f), and
propagating a hand fix to the word's other occurrences as proposals (p). Each asks first, then
calls one :mod:`mt.pipeline.review.bulk` method: one undo step, journaled. A hand fix that
respells a name (:func:`~mt.pipeline.review.name_offer.name_offer`) is offered, in a note, as a
glossary entry (g) and for propagation (p)."""

from __future__ import annotations

from textual import on

from mt.document import Edit, EditStatus, Origin
from mt.glossary.analysis import TermStatus
from mt.pipeline.review.bulk import Replacement
from mt.pipeline.review.name_offer import NameOffer, name_offer
from mt.tui.screens.dialogs import ChoiceScreen
from mt.tui.screens.replace_dialog import ReplaceQuery, ReplaceScreen
from mt.tui.screens.review_actions import ReviewActions
from mt.tui.widgets.segment_view import PostEditor


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class BulkActions(ReviewActions):
    """Keys that change many segments at once, after a confirmation dialog."""

    _names_offered: frozenset[tuple[int, str, str]] = frozenset()  # noted once each

    # -- one glossary entry everywhere -----------------------------------------------------

    def _current_entry(self) -> str | None:
        """The glossary entry of the change under the cursor, else of the segment's first
        open glossary proposal, else of a variant the glossary panel finds here."""
        seg = self.session.segment(self.current)
        k = self._selected_edit_index()
        if k is not None and seg.edits[k].entry_id:
            return seg.edits[k].entry_id
        for k in self.session.pending(self.current):
            if seg.edits[k].entry_id:
                return seg.edits[k].entry_id
        # A finding of the glossary panel (a variant here, decided already) whose entry still
        # has open proposals elsewhere.
        for hit in self.session.term_hits(self.current):
            if hit.status is TermStatus.VARIANT and self.session.entry_proposals(
                    hit.entry_id).where:
                return hit.entry_id
        return None

    def action_entry_everywhere(self) -> None:
        entry = self._current_entry()
        if entry is None:
            self.say("no glossary proposal here: go to one (] or l) first", timeout=3)
            return
        found = self.session.entry_proposals(entry)
        if not found.where:
            self.say(f"no open proposals of {entry} left in the document", timeout=3)
            return
        what = (f"{_plural(found.count, 'proposal')} of {found.label} in "
                f"{_plural(found.segments, 'segment')}")
        self.app.push_screen(
            ChoiceScreen("Everywhere in the document",
                         f"Accept or reject all {what}?\n\nOne step: u undoes all of it.",
                         [("accept", "Accept all", "y"), ("reject", "Reject all", "n"),
                          ("cancel", "Cancel", "escape")], id="entry-dialog"),
            lambda answer: self._entry_decided(entry, answer))

    def _entry_decided(self, entry: str, answer: str | None) -> None:
        touched = sorted(self.session.entry_proposals(entry).where)
        if answer == "accept":
            result = self._run(self.session.accept_entry, entry)
            if result is None:
                return
            done, conflicts = result
            msg = f"accepted {_plural(done, 'proposal')} in {_plural(len(touched), 'segment')}"
            if conflicts:
                msg += f"; {len(conflicts)} left open (they overlap an accepted change)"
        elif answer == "reject":
            n = self._run(self.session.reject_entry, entry)
            if n is None:
                return
            msg = f"rejected {_plural(n, 'proposal')} in {_plural(len(touched), 'segment')}"
        else:
            return
        self.say(msg, timeout=4)
        self._after_bulk(touched)

    def _after_bulk(self, touched: list[int]) -> None:
        self._refresh_rows(touched)
        self.show_segment(self.current, None)
        self._refresh_header()
        self._schedule_scores()

    # -- find and replace ------------------------------------------------------------------

    def action_replace(self) -> None:
        s = self.session

        def preview(q: ReplaceQuery) -> list[tuple[str, Replacement]]:
            found = s.replace_preview(q.find, q.replace, case=q.case, whole_word=q.whole_word)
            return [(s.segment(r.index).id, r) for r in found]

        self.app.push_screen(ReplaceScreen(preview), self._replace_decided)

    def _replace_decided(self, query: ReplaceQuery | None) -> None:
        if query is None:
            return
        done = self._run(self.session.replace_all, query.find, query.replace, case=query.case,
                         whole_word=query.whole_word)
        if done is None:
            return
        n = sum(r.count for r in done)
        self.say(f"replaced {_plural(n, 'occurrence')} in {_plural(len(done), 'segment')}",
                 timeout=4)
        self._after_bulk([r.index for r in done])

    # -- propagation -----------------------------------------------------------------------

    def _name_offer(self) -> NameOffer | None:
        """The name the segment's hand edits respelled, as an entry to offer (g prefills it)."""
        return name_offer(self.session.segment(self.current), self.session.glossary)

    def _hand_fix(self) -> tuple[str, str] | None:
        """The hand change under the cursor (else the name the segment's hand edits respelled,
        else its last hand change) as (MT words, new words), when it replaces words."""
        seg = self.session.segment(self.current)
        k = self._selected_edit_index()
        offer = self._name_offer() if k is None else None
        if offer is not None:
            return offer.variant, offer.target
        hand = [e for e in seg.edits
                if e.origin is Origin.HUMAN and e.status is EditStatus.ACCEPTED]
        chosen: Edit | None = seg.edits[k] if k is not None and seg.edits[k] in hand else (
            max(hand, key=lambda e: e.start) if hand else None)
        if chosen is None:
            return None
        old, new = seg.mt[chosen.start:chosen.end].strip(), chosen.replacement.strip()
        return (old, new) if old and new and old != new else None

    @on(PostEditor.Done)
    def _offer_propagation(self) -> None:
        fix = self._hand_fix()
        if fix is None:
            return
        n = len(self.session.propagation_candidates(self.current, *fix))
        notes = []
        offer = self._name_offer() if self.session.paths.glossary is not None else None
        if offer is not None and (seen := (self.current, offer.variant, offer.target)) not in (
                self._names_offered):
            self._names_offered |= {seen}
            source = f" (source {offer.source})" if offer.source else ""
            notes.append(f"g: add {offer.target!r} ← {offer.variant!r} to the glossary{source}")
        if n:
            notes.append(f"p: propose {fix[0]!r} → {fix[1]!r} in {_plural(n, 'other segment')}")
        if notes:
            self.say("; ".join(notes), timeout=8 if len(notes) > 1 else 6)

    def action_propagate(self) -> None:
        fix = self._hand_fix()
        if fix is None:
            self.say("no hand change of words here to propagate", timeout=3)
            return
        targets = self.session.propagation_candidates(self.current, *fix)
        if not targets:
            self.say(f"{fix[0]!r} occurs in no other segment", timeout=3)
            return
        self.app.push_screen(
            ChoiceScreen("Propagate a fix",
                         f"Propose {fix[0]!r} → {fix[1]!r} in "
                         f"{_plural(len(targets), 'other segment')}? Each stays a proposal to "
                         "accept or reject.",
                         [("yes", "Propose", "y"), ("cancel", "Cancel", "escape")],
                         id="propagate-dialog"),
            lambda answer: self._propagate_decided(fix, targets, answer))

    def _propagate_decided(self, fix: tuple[str, str], targets: list[int],
                           answer: str | None) -> None:
        if answer != "yes":
            return
        n = self._run(self.session.propagate, self.current, *fix)
        if n is None:
            return
        self.say(f"proposed {_plural(n, 'change')} in {_plural(len(targets), 'segment')}",
                 timeout=4)
        self._after_bulk(targets)
