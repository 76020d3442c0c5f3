"""What the review screen does when it may not or cannot write: :class:`ReviewSafety`.

- A read-only session (another review holds the document, or ``--read-only``) shows a banner
  in the header; every key that would change the review says "read-only" instead.
- A journal write or a save that fails (a read-only folder, a full disk) offers to save the
  post-edit and the session elsewhere (:class:`~mt.tui.screens.save_as.SaveElsewhereScreen`);
  the review goes on there, journal included.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.binding import BindingsMap

import mt.tui.screens.review_work as work
from mt.errors import MTError
from mt.pipeline.review.journal import JournalError
from mt.pipeline.review.paths import check_elsewhere, default_output, elsewhere
from mt.tui.screens.review_bulk import BulkActions
from mt.tui.screens.save_as import SaveElsewhereScreen
from mt.tui.widgets.doc_header import DocHeader
from mt.tui.widgets.segment_view import PostEditor

#: The actions that change the review (or write it): refused in a read-only session.
EDITING_ACTIONS = frozenset(
    {
        "accept",
        "reject",
        "accept_all",
        "reject_all",
        "entry_everywhere",
        "replace",
        "propagate",
        "confirm",
        "unconfirm",
        "edit",
        "undo",
        "redo",
        "retranslate",
        "add_term",
        "save",
    }
)


class ReviewSafety(BulkActions):
    """Read-only sessions and failed writes."""

    #: Whether save-elsewhere was offered since the last failure it could have fixed.
    offered_elsewhere = False

    # -- read-only ------------------------------------------------------------------------

    def guard_read_only(self) -> None:
        """In a read-only session, send every editing key to :meth:`action_read_only` and
        lock the post-edit box; call once mounted."""
        if self.session.read_only is None:
            return
        self._bindings = BindingsMap.from_keys(
            {
                key: [
                    replace(b, action="read_only")
                    if b.action.partition("(")[0] in EDITING_ACTIONS
                    else b
                    for b in bindings
                ]
                for key, bindings in self._bindings.key_to_bindings.items()
            }
        )
        editor = self.query_one(PostEditor)
        editor.read_only = True
        editor.can_focus = False
        self.say(
            f"read-only: {self.session.read_only}. You can look, not change.",
            severity="warning",
            timeout=8,
        )

    def action_read_only(self) -> None:
        self.say(
            f"read-only: {self.session.read_only}; nothing can be changed or saved here",
            severity="warning",
            timeout=4,
        )

    def action_edit(self) -> None:
        if self.session.read_only is not None:
            self.action_read_only()
            return
        super().action_edit()

    def _refresh_header(self) -> None:
        super()._refresh_header()
        if self.session.read_only is not None:
            header = self.query_one(DocHeader)
            banner = Text(f" read-only: {self.session.read_only} ", style="bold reverse yellow")
            header.show([banner, *header._items])

    # -- failed writes --------------------------------------------------------------------

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        def guarded(*a: Any, **kw: Any) -> Any:
            try:
                return fn(*a, **kw)
            except JournalError as exc:  # the change is made, in memory only
                self._journal_failed(exc)
                return None

        return super()._run(guarded, *args, **kwargs)

    def _journal_failed(self, error: JournalError) -> None:
        self.say(error.message, severity="error", timeout=8)
        self._fill_list()
        self.show_segment(self.current, self.change_pos)
        self._refresh_header()
        self._schedule_scores()
        if not self.offered_elsewhere and not self.saving:
            self.offer_elsewhere(
                f"The journal {self.session.paths.journal} cannot be "
                "written, so a crash would lose your changes"
            )

    def offer_elsewhere(self, problem: str, then_quit: bool = False) -> None:
        """Ask where to save instead (:class:`SaveElsewhereScreen`), then save there."""
        self.offered_elsewhere = True
        paths = self.session.paths
        name = (paths.output or default_output(paths.document)).name
        suggestion = Path.home() / name

        def check(path: Path) -> str | None:
            try:
                check_elsewhere(
                    elsewhere(self.session.paths, path), self.session.paths, self.session.inputs
                )
            except MTError as exc:
                return str(exc)
            return None

        self.app.push_screen(
            SaveElsewhereScreen(problem, suggestion, check),
            lambda answer: self._save_elsewhere(answer, then_quit),
        )

    def _save_elsewhere(self, answer: tuple[Path, str | None] | None, then_quit: bool) -> None:
        if answer is None:
            self.say(
                f"NOT saved: {self._where_work_is()}. ctrl+s tries again.",
                severity="warning",
                timeout=8,
            )
            return
        try:
            self.session.move_to(elsewhere(self.session.paths, answer[0]))
        except MTError as exc:
            self.say(f"NOT saved: {exc.message}", severity="error", timeout=8)
            return
        self.offered_elsewhere = False
        self.output_format = None
        self.action_save(then_quit=then_quit)

    def action_save(self, then_quit: bool = False) -> None:
        """Saving is the review screen's (:class:`~mt.tui.screens.review.ReviewScreen`)."""
        raise NotImplementedError

    def _where_work_is(self) -> str:
        if self.session.unjournaled:
            return "your changes are in memory only (the journal could not be written)"
        return "your changes are still in the journal"

    def save_failed(self, message: work.SaveFailed) -> None:
        """A save failed for another reason than the output's format: offer elsewhere."""
        self.say(
            f"NOT saved: {message.error}; {self._where_work_is()}.", severity="error", timeout=10
        )
        self.offer_elsewhere(f"Saving failed: {message.error}", message.then_quit)
