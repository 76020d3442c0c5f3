"""The review screen's keys for moving, deciding, editing and filtering: :class:`ReviewActions`.

Each action calls the :class:`~mt.pipeline.review.ReviewSession` and repaints through
:class:`~mt.tui.screens.review_view.ReviewView`; nothing here waits for background work.
"""

from __future__ import annotations

from textual import on
from textual.widgets import Input, TextArea

import mt.tui.render as render
from mt.document import EditStatus
from mt.tui.screens.help import HelpScreen
from mt.tui.screens.review_view import ReviewView
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor


class ReviewActions(ReviewView):
    """The keys of the review screen that only touch the session on the UI thread."""

    # -- actions: moving ------------------------------------------------------------------

    # -- choosing in the list --------------------------------------------------------------

    def _chosen(self, index: int) -> None:
        """The list's cursor landed on segment ``index`` (``SegmentList.on_chosen``)."""
        if index != self.current:
            self.show_segment(index)

    @on(SegmentList.Activated)
    def _activated(self, message: SegmentList.Activated) -> None:
        if message.index != self.current:
            self.show_segment(message.index)
        self.action_edit()

    def action_move(self, step: int) -> None:
        table = self.query_one(SegmentList)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_change(self, step: int) -> None:
        order = self.session.edit_order(self.current)
        if not order:
            self.say("no changes in this segment", timeout=2)
            return
        pos = self.change_pos if self.change_pos is not None else -1
        self.change_pos = max(0, min(pos + step, len(order) - 1))
        self._repaint_changes()

    def action_issue(self, step: int) -> None:
        """Go to the next open proposal in this segment, else the next segment needing
        attention (wrapping around)."""
        s = self.session
        order = s.edit_order(self.current)
        pending = {order.index(k) for k in s.pending(self.current)}
        pos = self.change_pos if self.change_pos is not None else (-1 if step > 0
                                                                   else len(order))
        ahead = sorted((p for p in pending if (p - pos) * step > 0), key=lambda p: p * step)
        if ahead:
            self.change_pos = ahead[0]
            self._repaint_changes()
            return
        target = s.next_attention(self.current, step)
        if target is None:
            self.say("nothing left that needs attention", timeout=3)
            return
        if not self.query_one(SegmentList).select(target):
            self.query_text = ""
            self.query_one("#search", Input).display = False
            self._fill_list()
        order = s.edit_order(target)
        open_ = s.pending(target)
        pos_ = None
        if open_:
            pos_ = order.index(open_[0] if step > 0 else open_[-1])
        self.show_segment(target, pos_)

    # -- actions: deciding ----------------------------------------------------------------

    def action_accept(self) -> None:
        k = self._selected_edit_index()
        if k is None:
            self.say("no change to accept here", timeout=2)
            return
        edit = self.session.segment(self.current).edits[k]
        if edit.status is EditStatus.ACCEPTED:
            self._advance_to_open()
            return
        if self._run(self.session.accept, self.current, k) is None and \
                edit.status is not EditStatus.ACCEPTED:
            return
        self._advance_to_open()
        self._changed([self.current])

    def action_reject(self) -> None:
        k = self._selected_edit_index()
        if k is None:
            self.say("no change to reject here", timeout=2)
            return
        edit = self.session.segment(self.current).edits[k]
        if edit.status is EditStatus.REJECTED:
            self._advance_to_open()
            return
        self._run(self.session.reject, self.current, k)
        self._advance_to_open()
        self._changed([self.current])

    def _advance_to_open(self) -> None:
        order = self.session.edit_order(self.current)
        pending = [order.index(k) for k in self.session.pending(self.current)]
        if not pending:
            return
        pos = self.change_pos if self.change_pos is not None else -1
        after = [p for p in pending if p > pos]
        self.change_pos = after[0] if after else pending[0]

    def action_accept_all(self) -> None:
        result = self._run(self.session.accept_all, self.current)
        if result is None:
            return
        done, conflicts = result
        msg = f"accepted {done} change{'s' if done != 1 else ''}"
        if conflicts:
            msg += f"; {len(conflicts)} left open (they overlap an accepted change)"
        self.say(msg, timeout=3)
        self._changed([self.current])

    def action_reject_all(self) -> None:
        n = self._run(self.session.reject_all, self.current)
        if n is None:
            return
        self.say(f"rejected {n} change{'s' if n != 1 else ''}", timeout=3)
        self._changed([self.current])

    def action_confirm(self) -> None:
        """Confirm (never unconfirm) and go to the next segment not confirmed yet."""
        changed = self._run(self.session.confirm, self.current)
        if changed is None:
            return
        if changed:
            self._changed([self.current])
        target = self.session.next_unconfirmed(self.current)
        if target is None:
            self.say("every segment is confirmed", timeout=3)
            return
        self.show_segment(target)

    def action_unconfirm(self) -> None:
        changed = self._run(self.session.unconfirm, self.current)
        if changed:
            self._changed([self.current])
            self.say(f"segment {self.session.segment(self.current).id} is no longer confirmed",
                     timeout=3)

    def action_undo(self) -> None:
        label = self.session.undo_label
        touched = self._run(self.session.undo)
        if touched is None:
            return
        self.say(f"undone: {label}", timeout=3)
        self._after_history(touched)

    def action_redo(self) -> None:
        label = self.session.redo_label
        touched = self._run(self.session.redo)
        if touched is None:
            return
        self.say(f"redone: {label}", timeout=3)
        self._after_history(touched)

    def _after_history(self, touched: list[int]) -> None:
        self._refresh_rows(touched)
        if self.current in touched:
            self.show_segment(self.current, self.change_pos)
        else:
            self.show_segment(touched[0])
        self._refresh_header()
        self._schedule_scores()

    # -- editing --------------------------------------------------------------------------

    def action_edit(self) -> None:
        self._edit_run += 1
        self.set_focus(self.query_one(PostEditor))  # at once: the next key is typed

    @on(PostEditor.Done)
    def _done_editing(self) -> None:
        self.set_focus(self.query_one(SegmentList))

    @on(TextArea.Changed, "#editor")
    def _typed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        self.session.note_activity(self.current)
        seg = self.session.segment(self.current)
        if text == seg.post_edit:
            return
        changed = self._run(self.session.set_post_edit, self.current, text,
                            group=f"edit-{self.current}-{self._edit_run}")
        if changed:
            self._changed([self.current], repaint=False)
            self.change_pos = None
            self._repaint()  # the editor keeps its text and cursor: it already holds the text

    # -- other actions --------------------------------------------------------------------

    # -- filtering, searching, display ----------------------------------------------------

    def action_filter(self) -> None:
        self.attention_only = not self.attention_only
        self._fill_list()
        shown = self.query_one(SegmentList).indices
        if shown and self.current not in shown:
            self.show_segment(shown[0])
        self.say("showing segments that need attention" if self.attention_only
                    else "showing all segments", timeout=2)

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        self.set_focus(box)

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        if not self.query_text:
            event.input.display = False
        self._fill_list()
        table = self.query_one(SegmentList)
        if table.indices:
            if self.current not in table.indices:
                self.show_segment(table.indices[0])
            self.say(f"{len(table.indices)} segment{'s' if len(table.indices) != 1 else ''}"
                        f" match {self.query_text!r}" if self.query_text else "search cleared",
                        timeout=3)
        else:
            self.say(f"no segment matches {self.query_text!r}", severity="warning",
                        timeout=3)
        self.set_focus(table)

    def key_escape(self) -> None:
        box = self.query_one("#search", Input)
        if box.display:
            box.value = ""
            box.display = False
            if self.query_text:
                self.query_text = ""
                self._fill_list()
            self.set_focus(self.query_one(SegmentList))

    def action_bidi(self) -> None:
        if not render.bidi_available():
            self.say("Visual order needs the python-bidi package; the source is shown in "
                        "logical order, right-aligned.", severity="warning", timeout=5)
            return
        self.visual_bidi = not self.visual_bidi
        self.say("source in visual order" if self.visual_bidi else
                 "source in logical order (as stored; for terminals that do bidi)", timeout=3)
        self._repaint()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())
