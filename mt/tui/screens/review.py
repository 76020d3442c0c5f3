"""The review screen: segment list, current segment, side panel, header and footer.

:class:`ReviewScreen` adds to the painting of :class:`~mt.tui.screens.review_view.ReviewView`
and the keys of :class:`~mt.tui.screens.review_actions.ReviewActions` and
:class:`~mt.tui.screens.review_bulk.BulkActions` (read-only and failed writes:
:class:`~mt.tui.screens.review_safety.ReviewSafety`) the key bindings, the
dialogs (recovery, quitting) and the background work. Saving, whole-document QA, scores, word
confidence, re-translation and glossary writes are the jobs of
:mod:`mt.tui.screens.review_work`: thread workers on copies of the data that post typed
messages back, handled here and in the view in ``on_...`` methods; the session itself is only
touched on the UI thread.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, cast

from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.widgets.text_area import Document

import mt.tui.screens.review_work as work
from mt.errors import FormatError
from mt.text.diff import word_diff
from mt.tui.screens.dialogs import ChoiceScreen, SaveAsScreen
from mt.tui.screens.glossary_form import GlossaryFormScreen, TermForm
from mt.tui.screens.review_safety import ReviewSafety
from mt.tui.screens.review_view import NARROW
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor
from mt.tui.widgets.side_panel import SidePanel

__all__ = ["NARROW", "ReviewScreen"]


class ReviewScreen(ReviewSafety):
    """Reviewing one session: keys, dialogs and background work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Next seg", show=False),
        Binding("k", "move(-1)", "Prev seg", show=False),
        Binding("right_square_bracket", "issue(1)", "Next issue", key_display="]"),
        Binding("left_square_bracket", "issue(-1)", "Prev issue", key_display="[",
                show=False),
        Binding("l", "change(1)", "Next change", show=False),
        Binding("h", "change(-1)", "Prev change", show=False),
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("A", "accept_all", "All", key_display="A"),
        Binding("R", "reject_all", "Reject all", key_display="R", show=False),
        Binding("ctrl+a", "entry_everywhere", "Entry everywhere", show=False),
        Binding("ctrl+f", "replace", "Replace", show=False),
        Binding("p", "propagate", "Propagate", show=False),
        # ctrl+enter arrives as such where the terminal speaks the kitty keyboard protocol
        # (kitty, WezTerm, foot, Ghostty); some send a line feed (ctrl+j); tmux sends Enter.
        Binding("c,ctrl+enter,ctrl+j", "confirm", "Confirm", key_display="c"),
        Binding("U", "unconfirm", "Unconfirm", key_display="U", show=False),
        Binding("e", "edit", "Edit"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("t", "retranslate", "Re-translate", show=False),
        Binding("g", "add_term", "Add term"),
        Binding("f", "filter", "Attention"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("b", "bidi", "Bidi", show=False),
        Binding("L", "export_log", "Edit log", show=False, key_display="L"),
        Binding("ctrl+s", "save", "Save"),
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
    ]

    def on_mount(self) -> None:
        self.guard_read_only()
        self.query_one("#search", Input).display = False
        self._fill_list()
        self.show_segment(self.session.position)
        self.set_focus(self.query_one(SegmentList))
        self._refresh_header()
        self.fit_layout()
        if self.session.recovery is not None:
            self.app.push_screen(
                ChoiceScreen(
                    "Recover unsaved work?",
                    f"The last review of {self.session.paths.document} ended with unsaved "
                    f"work:\n{self.session.recovery.describe()}.\n\nRecover those changes, or "
                    "discard them and start from the last save?",
                    [("recover", "Recover", "y"), ("discard", "Discard", "n")],
                    id="recover-dialog",
                ),
                self._recovery_decided,
            )
        else:
            # After the first paint: the first screen must not wait for whole-document work.
            self.call_after_refresh(self.set_timer, 0.2, self._start_background)
        self.call_after_refresh(self._first_painted)
        for note in self.session.notes:
            self.say(note, timeout=6)

    def _first_painted(self) -> None:
        self.first_paint_at = time.perf_counter()
        if not self.painted:
            self.painted = True
            self.query_one(SidePanel).show_side(self._side(self.session.term_hits(self.current)))

    def _recovery_decided(self, answer: str | None) -> None:
        if answer not in ("recover", "discard"):
            self.session.close()  # undecided: the journal stays for next time
            self.app.exit()
            return
        if answer == "recover":
            records = self.session.recovery.records if self.session.recovery else ()
            n = self._run(self.session.recover)  # a failed write: said, the journal stays
            if n is not None:
                where = self.session.journal_position(records)
                if where is not None:
                    self.current = where
                self.say(f"recovered unsaved changes in {n} segment{'s' if n != 1 else ''}; "
                         "save to keep them", timeout=6)
        else:
            self.session.discard_recovery()
            self.say("discarded the unsaved changes of the last review")
        self._fill_list()
        self.show_segment(self.current)
        self._refresh_header()
        self._start_background()

    def _start_background(self) -> None:
        work.start_work(self, work.check_qa(self.session.snapshot(), self.session.glossary), "qa")
        self._schedule_scores(0.01)

    # -- re-translating, adding a term -----------------------------------------------------

    def action_retranslate(self) -> None:
        s = self.session
        if s.engine is None:
            self.say("No model given: start mt review with --model MODEL to re-translate "
                     "segments.", severity="warning", timeout=5)
            return
        if not s.segment(self.current).source:
            self.say("This segment has no source text to translate (give --source).",
                     severity="warning", timeout=5)
            return
        if self.retranslating is not None:
            self.say("a re-translation is already running", timeout=3)
            return
        self.retranslating = self.current
        self._refresh_header()
        self.say(f"re-translating segment {s.segment(self.current).id} with the glossary's "
                 "terms forced…", timeout=3)
        work.start_work(self, work.retranslate(s, self.current), "retranslate")

    def on_retranslated(self, message: work.Retranslated) -> None:
        index = message.index
        self.retranslating = None
        self._refresh_header()
        if message.translation is None:
            self.say(f"re-translation failed: {message.error}", severity="error", timeout=8)
            return
        k = self._run(self.session.propose_translation, index, message.translation)
        seg = self.session.segment(index)
        if k is None:
            self.say(f"the model's translation of segment {seg.id} is the current post-edit",
                     timeout=4)
            return
        self.say(f"segment {seg.id}: the model proposes a new translation (a accept, "
                 "r reject)", timeout=5)
        self._refresh_rows([index])
        if index == self.current:
            self.show_segment(index, self.session.edit_order(index).index(k))
        self._refresh_header()
        self._schedule_scores()

    def action_add_term(self) -> None:
        if self.session.paths.glossary is None:
            self.say("No glossary file: start mt review with --glossary FILE to add terms.",
                        severity="warning", timeout=5)
            return
        target, variants, source = self._term_prefill()
        self.app.push_screen(
            GlossaryFormScreen(self.session.paths.glossary, self.session.document, target,
                               variants, source),
            self._term_entered,
        )

    def _term_prefill(self) -> tuple[str, str, str]:
        """Selected post-edit text (with the MT text it replaced as a variant), else the change
        under the cursor, else the name the hand edits respelled (with its source term)."""
        seg = self.session.segment(self.current)
        editor = self.query_one(PostEditor)
        selected = editor.selected_text.strip()
        if selected:
            start, end = editor.selection.start, editor.selection.end
            document = cast(Document, editor.document)  # TextArea's is a Document
            lo = document.get_index_from_location(min(start, end))
            hi = document.get_index_from_location(max(start, end))
            before = [c.before.strip() for c in word_diff(seg.mt, seg.post_edit)
                      if c.changed and c.new_start < hi and lo < c.new_end and c.before.strip()]
            return selected, " | ".join(b for b in before if b != selected), ""
        k = self._selected_edit_index()
        if k is not None:
            e = seg.edits[k]
            return e.replacement, e.original or "", ""
        offer = self._name_offer()
        if offer is not None:
            return offer.target, offer.variant, offer.source or ""
        return "", "", ""

    def _term_entered(self, form: TermForm | None) -> None:
        if form is None:
            return
        work.start_work(self, work.save_term(self.session.paths.glossary, form.entry()),
                        "glossary")

    def on_term_saved(self, message: work.TermSaved) -> None:
        added = message.added
        touched = self._run(self.session.apply_glossary, message.glossary, added.id)
        touched = touched or []
        path = self.session.paths.glossary
        self.say(f"added {added.target!r} to {path.name if path else 'the glossary'} "
                    f"(entry {added.id}); {len(touched)} segment"
                    f"{'s' if len(touched) != 1 else ''} got proposals", timeout=6)
        self._changed(touched or [self.current])
        if self.current in touched:
            self.show_segment(self.current)

    def action_export_log(self) -> None:
        from mt.errors import MTError
        from mt.pipeline.review.edit_log import write_edit_log

        doc = self.session.paths.document
        out = doc.with_name(doc.name + ".edit-log.jsonl")
        try:
            n = write_edit_log(doc, out)
        except MTError as exc:
            self.say(f"edit log NOT written: {exc}", severity="error", timeout=8)
            return
        self.say(f"wrote {n} decision{'s' if n != 1 else ''} to {out.name}", timeout=5)

    # -- saving ---------------------------------------------------------------------------

    def action_save(self, then_quit: bool = False) -> None:
        if self.saving:
            return
        if self.session.recovery is not None:
            self.say("decide about the unsaved work of the last review first", severity="warning")
            return
        self.saving = True
        self._refresh_header()
        work.start_work(self, work.save_snapshot(self.session.snapshot(), self.session.paths,
                                                 then_quit, self.output_format), "save")

    def on_saved(self, message: work.Saved) -> None:
        result = message.result
        self.saving = False
        self.saved_once = True
        self.session.mark_saved(result)
        where = result.output.name if result.output is not None else result.session.name
        self.say(f"saved {where}" + (f" and {result.session.name}" if result.output
                                        else ""), timeout=4)
        self._refresh_header()
        if message.then_quit:
            self.session.close()
            self.app.exit()

    def on_save_failed(self, message: work.SaveFailed) -> None:
        self.saving = False
        self._refresh_header()
        output = self.session.paths.output
        if isinstance(message.error, FormatError) and output is not None:
            # The format of the output cannot hold the post-edit: offer another path or format.
            self.app.push_screen(SaveAsScreen(str(message.error), output, self.output_format),
                                 lambda answer: self._save_as(answer, message.then_quit))
            return
        self.save_failed(message)

    def _save_as(self, answer: tuple[Path, str | None] | None, then_quit: bool) -> None:
        if answer is None:
            self.say("NOT saved. Your changes are still in the journal.", severity="warning",
                     timeout=6)
            return
        path, fmt = answer
        self.session.paths = replace(self.session.paths, output=path)
        self.output_format = fmt
        self.action_save(then_quit=then_quit)

    # -- background work ------------------------------------------------------------------

    def on_work_failed(self, message: work.WorkFailed) -> None:
        self.say(message.text, severity="error", timeout=message.timeout)

    def on_qa_checked(self, message: work.QaChecked) -> None:
        changed = self.session.apply_qa(message.issues, message.texts)
        self.qa_done = True
        self._refresh_rows(changed)
        if self.attention_only:
            self._fill_list()
        self._repaint()
        self._refresh_header()

    def on_scores_computed(self, message: work.ScoresComputed) -> None:
        self.doc_scores = message.scores
        self.scores_pending = False
        self._refresh_header()

    # -- quitting -------------------------------------------------------------------------

    def request_quit(self) -> None:
        self.session.note_activity(self.current)  # the quit key ends the editing time
        if self.saving:
            self.say("saving… quit again when it is done", timeout=3)
            return
        if not self.session.dirty:
            self.session.close()
            self.app.exit()
            return
        self.app.push_screen(
            ChoiceScreen(
                "Unsaved changes",
                "You have changes that are not saved to the output yet. Save them and quit, "
                "keep them in the journal to recover when you next open this document, or "
                "discard them.",
                [("save", "Save", "s"), ("keep", "Keep", "k"),
                 ("discard", "Discard", "d"), ("cancel", "Cancel", "escape")],
                id="quit-dialog",
            ),
            self._quit_decided,
        )

    def _quit_decided(self, answer: str | None) -> None:
        if answer == "save":
            self.action_save(then_quit=True)
        elif answer in ("keep", "discard"):
            self.session.close(discard=answer == "discard")
            self.app.exit()
