"""The review screen: segment list, current segment, side panel, header and footer.

It turns keys and widget messages into calls on the :class:`~mt.pipeline.review.ReviewSession`
and repaints from it. Saving, whole-document QA, document scores and glossary writes run in
thread workers on copies of the data; the session itself is only touched on the UI thread.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea
from textual.worker import get_current_worker

from mt.document import EditStatus, Severity
from mt.errors import MTError
from mt.glossary.entry import GlossaryEntry
from mt.pipeline.review import (
    DocumentScores,
    ReviewSession,
    SaveResult,
    Snapshot,
    run_document_qa,
    save_glossary_entry,
    write_snapshot,
)
from mt.text.diff import word_diff
from mt.tui import render
from mt.tui.screens.dialogs import ChoiceScreen
from mt.tui.screens.glossary_form import GlossaryFormScreen, TermForm
from mt.tui.screens.help import HelpScreen
from mt.tui.widgets.doc_header import DocHeader
from mt.tui.widgets.key_bar import KeyBar
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor, SegmentDisplay, SegmentView
from mt.tui.widgets.side_panel import SideDisplay, SidePanel

NARROW = 100  # columns below which the layout tightens


class ReviewScreen(Screen[None]):
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
        Binding("c", "confirm", "Confirm"),
        Binding("e", "edit", "Edit"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("t", "retranslate", "Re-translate", show=False),
        Binding("g", "add_term", "Add term"),
        Binding("f", "filter", "Attention"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("b", "bidi", "Bidi", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("q", "app.quit", "Quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.current = 0
        self.change_pos: int | None = None
        self.attention_only = False
        self.query_text = ""
        self.visual_bidi = False
        self.doc_scores: DocumentScores | None = None
        self.qa_done = False
        self.saving = False
        self.saved_once = False
        self.retranslating: int | None = None
        self._confidence_timer: Timer | None = None
        self.painted = False  # segment scores wait for the first paint (sacrebleu loads then)
        self.first_paint_at: float | None = None
        self.scores_pending = False
        self._edit_run = 0
        self._scores_timer: Timer | None = None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield DocHeader(id="doc-header")
        with Horizontal(id="main"):
            with Vertical(id="list-pane"):
                yield Static(id="list-title")
                yield Input(placeholder="search: id or words, Enter", id="search")
                yield SegmentList(id="segments")
            yield SegmentView(id="segment")
            yield SidePanel(id="side")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self._fill_list()
        self.show_segment(0)
        self.set_focus(self.query_one(SegmentList))
        self._refresh_header()
        self.set_class(self.app.size.width < NARROW, "-narrow")
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
            self.query_one(SidePanel).show(self._side(self.session.term_hits(self.current)))

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget
        mode = "edit" if isinstance(widget, PostEditor) else (
            "search" if isinstance(widget, Input) else "review")
        self.query_one(KeyBar).mode = mode

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")

    def _recovery_decided(self, answer: str | None) -> None:
        if answer not in ("recover", "discard"):
            self.session.close()  # undecided: the journal stays for next time
            self.app.exit()
            return
        if answer == "recover":
            n = self.session.recover()
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
        self._qa_worker(self.session.snapshot(), self.session.glossary)
        self._schedule_scores(0.01)

    def say(self, message: str, *, severity: Any = "information", timeout: float = 4) -> None:
        """A toast; never markup, since messages quote document text ("[-old-]", names)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)

    # -- the list -------------------------------------------------------------------------

    def _view_indices(self) -> list[int]:
        s = self.session
        indices: list[int] = list(range(len(s)))
        if self.attention_only:
            indices = [i for i in indices if s.needs_attention(i)]
        if self.query_text:
            indices = s.search(self.query_text, indices)
        return indices

    def _fill_list(self) -> None:
        s = self.session
        rows = []
        for i in self._view_indices():
            seg = s.segment(i)
            rows.append((i, seg.id, render.status_marks(s.review_state(i), s.qa_level(i)),
                         seg.post_edit))
        table = self.query_one(SegmentList)
        table.show_rows(rows, self.current)
        title = Text.assemble(("Segments ", "bold"), (f"{len(rows)}", ""))
        if self.attention_only:
            title.append(" need attention", style="yellow")
        if self.query_text:
            title.append(f" matching {self.query_text!r}", style="cyan")
        self.query_one("#list-title", Static).update(title)

    def _refresh_rows(self, indices: list[int]) -> None:
        table = self.query_one(SegmentList)
        for i in indices:
            s = self.session
            table.update_row(i, render.status_marks(s.review_state(i), s.qa_level(i)),
                             s.segment(i).post_edit)

    @on(SegmentList.Chosen)
    def _chosen(self, message: SegmentList.Chosen) -> None:
        if message.index != self.current:
            self.show_segment(message.index)

    @on(SegmentList.Activated)
    def _activated(self, message: SegmentList.Activated) -> None:
        if message.index != self.current:
            self.show_segment(message.index)
        self.action_edit()

    # -- showing a segment ----------------------------------------------------------------

    def show_segment(self, index: int, change_pos: int | None = None) -> None:
        """Make segment ``index`` current; the change cursor goes to ``change_pos`` or the first
        open proposal."""
        if not len(self.session):
            return
        self.current = max(0, min(index, len(self.session) - 1))
        order = self.session.edit_order(self.current)
        if change_pos is None:
            pending = self.session.pending(self.current)
            change_pos = order.index(pending[0]) if pending else (0 if order else None)
        self.change_pos = change_pos
        self._edit_run += 1
        self._repaint()
        self.query_one(SegmentList).select(self.current)

    def _selected_edit_index(self) -> int | None:
        order = self.session.edit_order(self.current)
        if self.change_pos is None or not order:
            return None
        self.change_pos = max(0, min(self.change_pos, len(order) - 1))
        return order[self.change_pos]

    def _repaint(self) -> None:
        s = self.session
        i = self.current
        seg = s.segment(i)
        hits = s.term_hits(i)
        title = Text.assemble(
            (f"Segment {i + 1} of {len(s)}", "bold"),
            (f"  id {seg.id}  ", "dim"),
            render.status_words(s.review_state(i), s.qa_level(i)),
        )
        source = None
        rtl = False
        if seg.source is not None:
            rtl = render.is_rtl(seg.source)
            spans = [sp for h in hits for sp in h.source_spans]
            source = render.source_text(seg.source, spans, visual=self.visual_bidi and rtl)
        lang = s.document.source_lang
        label = "Source" + (f" ({lang})" if lang else "")
        if rtl:
            label += " ← RTL, " + ("visual order" if self.visual_bidi else "logical order")
        diff, changes_title, changes = self._changes_parts()
        self.query_one(SegmentView).show(SegmentDisplay(
            title=title,
            source=source,
            source_label=label,
            source_rtl=rtl,
            diff=diff,
            changes_title=changes_title,
            changes=changes,
            reference=seg.reference,
            post_edit=seg.post_edit,
        ))
        self.query_one(SidePanel).show(self._side(hits))

    def _changes_parts(self) -> tuple[Text, Text, Text]:
        s = self.session
        seg = s.segment(self.current)
        order = s.edit_order(self.current)
        k = self._selected_edit_index()
        selected = seg.edits[k] if k is not None else None
        counts = {st: sum(1 for e in seg.edits if e.status is st) for st in EditStatus}
        words = [f"{counts[st]} {word}" for st, word in (
            (EditStatus.PROPOSED, "open"), (EditStatus.ACCEPTED, "accepted"),
            (EditStatus.REJECTED, "rejected")) if counts[st]]
        title = Text.assemble(("Changes", "bold"), ("  " + " · ".join(words), ""))
        return (render.diff_text(seg, selected), title,
                render.changes_text(seg, order, self.change_pos))

    def _repaint_changes(self) -> None:
        self.query_one(SegmentView).update_changes(*self._changes_parts())

    def _side(self, hits: list[Any]) -> SideDisplay:
        s = self.session
        seg = s.segment(self.current)
        glossary = (render.term_lines(hits) if s.glossary is not None
                    else Text("no glossary (--glossary)", style="dim"))
        qa = Text()
        if not seg.issues:
            qa.append("no issues" if self.qa_done else "checking…", style="dim")
        marks = {Severity.ERROR: ("✗ ", "bold red"), Severity.WARNING: ("! ", "yellow"),
                 Severity.INFO: ("i ", "dim")}
        rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        issues = sorted(seg.issues, key=lambda x: rank[x.severity])
        for n, issue in enumerate(issues):
            mark, style = marks[issue.severity]
            qa.append(mark, style=style)
            qa.append(f"{issue.check}: ", style=style)
            qa.append(issue.message)
            if n < len(issues) - 1:
                qa.append("\n")
        confidence = self._confidence_text()
        scores = Text()
        if not self.painted:
            scores.append("…", style="dim")
            return SideDisplay(glossary, qa, confidence, scores)
        sc = s.segment_scores(self.current)
        if sc.chrf_mt is None:
            scores.append("chrF  no reference (--ref)\n", style="dim")
        else:
            scores.append("chrF  ")
            scores.append(f"MT {render.score_value(sc.chrf_mt)} → "
                          f"post-edit {render.score_value(sc.chrf_pe)}\n", style="bold")
        scores.append("HTER  ")
        scores.append(f"{render.score_value(sc.hter)}", style="bold")
        scores.append(" (edits per 100 words vs MT)", style="dim")
        return SideDisplay(glossary, qa, confidence, scores)

    def _refresh_header(self) -> None:
        s = self.session
        p = s.progress()
        paths = s.paths
        name = Text(f" {paths.document.name}", style="bold")
        if paths.output is not None:
            name.append(" → ", style="dim")
            name.append(paths.output.name)
        items = [
            name,
            Text(f"✓ {p.reviewed}/{p.total} reviewed", style="bold"),
            Text(f"? {p.proposals} open", style="yellow" if p.proposals else "dim"),
        ]
        if self.qa_done:
            items.append(Text(f"✗ {p.with_errors} QA err",
                              style="red" if p.with_errors else "dim"))
        else:
            items.append(Text("QA…", style="dim"))
        d = self.doc_scores
        if d is None:
            items.append(Text("scores…", style="dim"))
        else:
            scores = Text()
            if d.chrf_mt is not None:
                scores.append(f"chrF {render.score_value(d.chrf_mt)}→"
                              f"{render.score_value(d.chrf_pe)} ")
            scores.append(f"HTER {render.score_value(d.hter)}")
            items.append(scores)
        if self.retranslating is not None:
            items.append(Text("re-translating…", style="bold cyan"))
        if self.saving:
            items.append(Text("saving…", style="bold cyan"))
        elif s.dirty:
            items.append(Text("● unsaved", style="bold yellow"))
        elif self.saved_once:
            items.append(Text("saved", style="green"))
        else:
            items.append(Text("no changes", style="dim"))
        self.query_one(DocHeader).show(items)

    # -- after a change -------------------------------------------------------------------

    def _changed(self, indices: list[int], *, repaint: bool = True) -> None:
        self._refresh_rows(indices)
        if repaint:
            self._repaint()
        self._refresh_header()
        self._schedule_scores()

    def _schedule_scores(self, delay: float = 0.4) -> None:
        self.scores_pending = True
        if self._scores_timer is not None:
            self._scores_timer.stop()
        self._scores_timer = self.set_timer(delay, self._start_scores)

    def _start_scores(self) -> None:
        self._scores_worker(self.session.score_inputs())

    # -- actions: moving ------------------------------------------------------------------

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

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MTError as exc:
            self.say(exc.message, severity="warning", timeout=5)
            return None

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
        mark = self._run(self.session.mark_reviewed, self.current)
        if mark is None:
            return
        self._changed([self.current])
        if mark and self.current + 1 < len(self.session):
            self.action_move(1)

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
        self._retranslate_worker(self.current)

    @work(thread=True, exclusive=True, group="retranslate")
    def _retranslate_worker(self, index: int) -> None:
        try:
            translation = self.session.translate_segment(index)
        except Exception as exc:  # a model error must not take the translator's work down
            self.app.call_from_thread(self._retranslated, index, None, str(exc))
            return
        self.app.call_from_thread(self._retranslated, index, translation, "")

    def _retranslated(self, index: int, translation: Any, error: str) -> None:
        self.retranslating = None
        self._refresh_header()
        if translation is None:
            self.say(f"re-translation failed: {error}", severity="error", timeout=8)
            return
        k = self._run(self.session.propose_translation, index, translation)
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

    def _confidence_text(self) -> Text:
        s = self.session
        seg = s.segment(self.current)
        if s.engine is None:
            return Text("no model given (--model)", style="dim")
        if not seg.source:
            return Text("needs the source text (--source)", style="dim")
        low = s.low_confidence(self.current)
        if low is None:
            self._schedule_confidence()
            return Text("scoring…", style="dim")
        if not low:
            return Text("none (every word p ≥ 0.10)", style="dim")
        out = Text()
        for n, word in enumerate(low):
            out.append(word.text, style="bold yellow")
            out.append(f" p {word.prob:.2f}", style="yellow")
            if n < len(low) - 1:
                out.append(" · ")
        return out

    def _schedule_confidence(self) -> None:
        if self._confidence_timer is not None:
            self._confidence_timer.stop()
        self._confidence_timer = self.set_timer(0.3, self._start_confidence)

    def _start_confidence(self) -> None:
        self._confidence_worker(self.current)

    @work(thread=True, exclusive=True, group="confidence")
    def _confidence_worker(self, index: int) -> None:
        try:
            self.session.score_words(index)
        except Exception as exc:  # confidence is a help, not a reason to stop
            self.app.call_from_thread(self.say, f"word confidence failed: {exc}",
                                      severity="error")
            return
        self.app.call_from_thread(self._confidence_ready, index)

    def _confidence_ready(self, index: int) -> None:
        if index == self.current and self.session.low_confidence(index) is not None:
            self.query_one(SidePanel).show(self._side(self.session.term_hits(index)))

    def action_add_term(self) -> None:
        if self.session.paths.glossary is None:
            self.say("No glossary file: start mt review with --glossary FILE to add terms.",
                        severity="warning", timeout=5)
            return
        target, variants = self._term_prefill()
        self.app.push_screen(
            GlossaryFormScreen(self.session.paths.glossary.name, target, variants),
            self._term_entered,
        )

    def _term_prefill(self) -> tuple[str, str]:
        """Selected post-edit text (with the MT text it replaced as a variant), else the change
        under the cursor."""
        seg = self.session.segment(self.current)
        editor = self.query_one(PostEditor)
        selected = editor.selected_text.strip()
        if selected:
            start, end = editor.selection.start, editor.selection.end
            lo = editor.document.get_index_from_location(min(start, end))
            hi = editor.document.get_index_from_location(max(start, end))
            before = [c.before.strip() for c in word_diff(seg.mt, seg.post_edit)
                      if c.changed and c.new_start < hi and lo < c.new_end and c.before.strip()]
            return selected, " | ".join(b for b in before if b != selected)
        k = self._selected_edit_index()
        if k is not None:
            e = seg.edits[k]
            return e.replacement, e.original or ""
        return "", ""

    def _term_entered(self, form: TermForm | None) -> None:
        if form is None:
            return
        entry = GlossaryEntry(id="", target=form.target, variants=form.variants,
                              sources=form.sources, note=form.note)
        self._term_worker(self.session.paths.glossary, entry)

    @work(thread=True, exclusive=True, group="glossary")
    def _term_worker(self, path: Path | None, entry: GlossaryEntry) -> None:
        try:
            glossary, added = save_glossary_entry(path, entry)
        except MTError as exc:
            self.app.call_from_thread(self.say, f"glossary not changed: {exc}",
                                      severity="error", timeout=8)
            return
        self.app.call_from_thread(self._term_saved, glossary, added)

    def _term_saved(self, glossary: Any, added: GlossaryEntry) -> None:
        touched = self._run(self.session.apply_glossary, glossary, added.id)
        touched = touched or []
        self.say(f"added {added.target!r} to {self.session.paths.glossary.name} "
                    f"(entry {added.id}); {len(touched)} segment"
                    f"{'s' if len(touched) != 1 else ''} got proposals", timeout=6)
        self._changed(touched or [self.current])
        if self.current in touched:
            self.show_segment(self.current)

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
        self._repaint()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    # -- saving ---------------------------------------------------------------------------

    def action_save(self, then_quit: bool = False) -> None:
        if self.saving:
            return
        if self.session.recovery is not None:
            self.say("decide about the unsaved work of the last review first", severity="warning")
            return
        self.saving = True
        self._refresh_header()
        self._save_worker(self.session.snapshot(), then_quit)

    @work(thread=True, exclusive=True, group="save")
    def _save_worker(self, snapshot: Snapshot, then_quit: bool) -> None:
        try:
            result = write_snapshot(snapshot, self.session.paths)
        except (MTError, OSError) as exc:
            self.app.call_from_thread(self._save_failed, exc)
            return
        self.app.call_from_thread(self._saved, result, then_quit)

    def _saved(self, result: SaveResult, then_quit: bool) -> None:
        self.saving = False
        self.saved_once = True
        self.session.mark_saved(result)
        where = result.output.name if result.output is not None else result.session.name
        self.say(f"saved {where}" + (f" and {result.session.name}" if result.output
                                        else ""), timeout=4)
        self._refresh_header()
        if then_quit:
            self.session.close()
            self.app.exit()

    def _save_failed(self, exc: Exception) -> None:
        self.saving = False
        self._refresh_header()
        self.say(f"NOT saved: {exc}. Your changes are still in the journal.",
                    severity="error", timeout=10)

    # -- background work ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="qa")
    def _qa_worker(self, snapshot: Snapshot, glossary: Any) -> None:
        doc = snapshot.document
        try:
            issues = run_document_qa(doc, glossary)
        except Exception as exc:  # a bug in a check must not take the translator's work down
            self.app.call_from_thread(self.say, f"QA failed: {exc}", severity="error")
            return
        texts = {seg.id: seg.post_edit for seg in doc}
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._qa_finished, issues, texts)

    def _qa_finished(self, issues: dict[str, Any], texts: dict[str, str]) -> None:
        changed = self.session.apply_qa(issues, texts)
        self.qa_done = True
        self._refresh_rows(changed)
        if self.attention_only:
            self._fill_list()
        self._repaint()
        self._refresh_header()

    @work(thread=True, exclusive=True, group="scores")
    def _scores_worker(self, texts: list[tuple[str, str, str | None]]) -> None:
        worker = get_current_worker()
        try:
            scores = self.session.scores.document(texts, lambda: worker.is_cancelled)
        except Exception as exc:  # scores are a help, not a reason to stop
            self.app.call_from_thread(self.say, f"scores failed: {exc}", severity="error")
            return
        if scores is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._scores_finished, scores)

    def _scores_finished(self, scores: DocumentScores) -> None:
        self.doc_scores = scores
        self.scores_pending = False
        self._refresh_header()

    # -- quitting -------------------------------------------------------------------------

    def request_quit(self) -> None:
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
