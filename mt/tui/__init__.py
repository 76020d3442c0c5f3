"""The translator's terminal UI (`mt review`), on Textual.

The app renders a :class:`mt.pipeline.review.ReviewSession` and calls its methods; it never
touches files or the document directly. Stylesheets are the ``.tcss`` files beside the modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mt.tui.app import ReviewApp

__all__ = ["ReviewApp"]


def __getattr__(name: str) -> object:
    if name == "ReviewApp":
        from mt.tui.app import ReviewApp

        return ReviewApp
    raise AttributeError(name)
