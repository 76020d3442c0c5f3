"""The review screen's state, layout and painting: :class:`ReviewView`.

It holds where the translator is (segment, change cursor, filters), composes the widgets and
repaints them from the :class:`~mt.pipeline.review.ReviewSession` with the texts of
:mod:`mt.tui.render` and :mod:`mt.tui.panel_text`. The keys are in
:class:`~mt.tui.screens.review_actions.ReviewActions`, the background work and dialogs in
:class:`~mt.tui.screens.review.ReviewScreen`.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

import mt.tui.panel_text as panel_text
import mt.tui.render as render
import mt.tui.screens.review_work as work
from mt.errors import MTError
from mt.pipeline.review import ReviewSession, TermHit, effort_seconds, segment_words
from mt.pipeline.review.state import mt_changed
from mt.scoring.live import LiveDocumentScores
from mt.tui.widgets.doc_header import DocHeader
from mt.tui.widgets.key_bar import KeyBar
from mt.tui.widgets.segment_list import SegmentList
from mt.tui.widgets.segment_view import PostEditor, SegmentDisplay, SegmentView
from mt.tui.widgets.side_panel import SideDisplay, SidePanel
from mt.tui.widgets.text_pane import TextPane

NARROW = 100  # columns below which the layout tightens
WIDE = 120  # columns from which source and post-edit stand side by side


class ReviewView(Screen[None]):
    """The review screen without its keys: state, widgets and repainting."""

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.current = 0
        self.change_pos: int | None = None
        self.attention_only = False
        self.query_text = ""
        self.visual_bidi = render.bidi_available()  # RTL source in visual order by default
        self.output_format: str | None = None  # chosen in the save-as dialog
        self.doc_scores: LiveDocumentScores | None = None
        self.qa_done = False
        self.saving = False
        self.saved_once = False
        self.retranslating: int | None = None
        self._confidence_timer: Timer | None = None
        self.painted = False  # segment scores wait for the first paint (sacrebleu loads then)
        self.first_paint_at: float | None = None  # read by bench/review_bench.py
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
                yield SegmentList(id="segments", on_chosen=self._chosen)
                yield SidePanel(id="side")
            yield SegmentView(id="segment")
        yield KeyBar(id="keys")

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget
        mode = "edit" if isinstance(widget, PostEditor) else (
            "search" if isinstance(widget, Input) else "review")
        self.query_one(KeyBar).mode = mode

    def on_key(self) -> None:
        """Any key is the translator at work on the current segment (editing time)."""
        self.session.note_activity(self.current)

    def on_resize(self) -> None:
        self.fit_layout()
        self._refresh_header()  # compact below NARROW columns

    def fit_layout(self) -> None:
        """Set the width classes app.tcss lays the screen out by (``-wide``, ``-narrow``)."""
        width = self.app.size.width
        self.set_class(width >= WIDE, "-wide")
        self.set_class(width < NARROW, "-narrow")
        for pane in self.query(TextPane):
            pane.set_compact(width < NARROW)

    def say(self, message: str, *, severity: Any = "information", timeout: float = 4) -> None:
        """A toast; never markup, since messages quote document text ("[-old-]", names)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)

    # -- the list -------------------------------------------------------------------------

    def _chosen(self, index: int) -> None:
        """The list's cursor landed on segment ``index`` (the keys' class shows it)."""

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
        self.query_one(SegmentList).show_rows(rows, self.current)
        self.query_one("#list-title", Static).update(panel_text.list_title(
            len(rows), attention_only=self.attention_only, query=self.query_text))

    def _refresh_rows(self, indices: list[int]) -> None:
        table = self.query_one(SegmentList)
        for i in indices:
            s = self.session
            table.update_row(i, render.status_marks(s.review_state(i), s.qa_level(i)),
                             s.segment(i).post_edit)

    # -- showing a segment ----------------------------------------------------------------

    def show_segment(self, index: int, change_pos: int | None = None) -> None:
        """Make segment ``index`` current; the change cursor goes to ``change_pos`` or the first
        open proposal."""
        if not len(self.session):
            return
        self.current = max(0, min(index, len(self.session) - 1))
        self.session.position = self.current
        self.session.note_activity(self.current)  # the time so far goes to the segment left
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
        title = panel_text.segment_title(i, len(s), seg.id, s.review_state(i), s.qa_level(i))
        if mt_changed(seg):
            title.append("  MT changed since the saved review", style="bold yellow")
        source = None
        rtl = False
        if seg.source is not None:
            rtl = render.is_rtl(seg.source)
            spans = [sp for h in hits for sp in h.source_spans]
            source = render.source_text(seg.source, spans)
        label = panel_text.source_label(s.document.source_lang, rtl=rtl, visual=self.visual_bidi)
        diff, changes_title, changes = self._changes_parts()
        self.query_one(SegmentView).show(SegmentDisplay(
            title=title,
            source=source,
            source_label=label,
            source_rtl=rtl,
            source_visual=self.visual_bidi and rtl,
            diff=diff,
            changes_title=changes_title,
            changes=changes,
            reference=seg.reference,
            post_edit=seg.post_edit,
        ))
        self.query_one(SidePanel).show_side(self._side(hits))

    def _changes_parts(self) -> tuple[Text, Text, Text]:
        s = self.session
        seg = s.segment(self.current)
        order = s.edit_order(self.current)
        k = self._selected_edit_index()
        selected = seg.edits[k] if k is not None else None
        return (render.diff_text(seg, selected), panel_text.changes_title(seg),
                render.changes_text(seg, order, self.change_pos))

    def _repaint_changes(self) -> None:
        self.query_one(SegmentView).update_changes(*self._changes_parts())

    def _side(self, hits: list[TermHit]) -> SideDisplay:
        s = self.session
        glossary = (render.term_lines(hits) if s.glossary is not None
                    else Text("no glossary (--glossary)", style="dim"))
        qa = render.issue_lines(s.segment(self.current).issues, checked=self.qa_done)
        seg = s.segment(self.current)
        scores = s.segment_scores(self.current) if self.painted else None
        return SideDisplay(glossary, qa, self._confidence_text(),
                           panel_text.segment_scores_text(scores, effort_seconds(seg),
                                                          segment_words(seg)))

    def _refresh_header(self) -> None:
        s = self.session
        self.query_one(DocHeader).show(panel_text.header_items(
            s.paths, s.progress(), qa_done=self.qa_done, doc_scores=self.doc_scores,
            retranslating=self.retranslating is not None, saving=self.saving, dirty=s.dirty,
            saved_once=self.saved_once, compact=self.app.size.width < NARROW))

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
        work.start_work(self, work.compute_scores(self.session, self.session.score_inputs()),
                        "scores")

    # -- running session calls -----------------------------------------------------------

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MTError as exc:
            self.say(exc.message, severity="warning", timeout=5)
            return None


    # -- word confidence -------------------------------------------------------------------

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
        return panel_text.low_confidence_text(low, seg.post_edit)

    def _schedule_confidence(self) -> None:
        if self._confidence_timer is not None:
            self._confidence_timer.stop()
        self._confidence_timer = self.set_timer(0.3, self._start_confidence)

    def _start_confidence(self) -> None:
        work.start_work(self, work.score_words(self.session, self.current), "confidence")

    def on_words_scored(self, message: work.WordsScored) -> None:
        index = message.index
        if index == self.current and self.session.low_confidence(index) is not None:
            self.query_one(SidePanel).show_side(self._side(self.session.term_hits(index)))
