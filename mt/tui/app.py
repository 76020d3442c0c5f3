"""`ReviewApp`: the Textual application of `mt review`.

>>> from mt.pipeline.review import ReviewSession
>>> ReviewApp(ReviewSession.open("news.mt.en", glossary="g.tsv")).run()  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from mt.pipeline.review import ReviewSession
from mt.tui.screens.review import ReviewScreen


class ReviewApp(App[None]):
    """Shows one :class:`ReviewSession`; quitting asks first when work is unsaved."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/dialogs.tcss"]
    TITLE = "mt review"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def get_default_screen(self) -> ReviewScreen:
        return ReviewScreen(self.session)

    async def action_quit(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            screen.request_quit()
        elif screen.id == "recover-dialog":
            # Undecided: keep the journal, it is offered again next time.
            self.session.close()
            self.exit()
        else:
            # A dialog is open: close it first, the review screen decides about quitting.
            screen.dismiss(None)
