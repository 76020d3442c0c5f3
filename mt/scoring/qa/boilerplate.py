"""Boilerplate: a website's or agency's furniture that came along with the story ("Follow our
latest news via Google News", "Subscribe to our newsletter", "All rights reserved").

Copy taken from a news site often ends with such a line; it is not part of the story, and a
translator should drop it rather than post-edit it (:mod:`mt.text.boilerplate` has the patterns).
"""

from __future__ import annotations

from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.scoring.qa.base import Check, QAContext, register
from mt.text.boilerplate import find_boilerplate


@register
class Boilerplate(Check):
    """A segment that reads like website or agency furniture rather than the story."""

    id = "boilerplate"
    severity = Severity.WARNING
    description = "a line of website or agency boilerplate (follow us, subscribe, copyright)"

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        text = context.target(segment)
        match = find_boilerplate(text)
        if match is not None:
            yield self.issue(
                context,
                f"{match.group().strip()!r} reads like website boilerplate, not the story",
                match.span(),
            )
