"""Boilerplate: a website's or agency's furniture that came along with the story ("Follow our
latest news via Google News", "Subscribe to our newsletter", "All rights reserved").

Copy taken from a news site often ends with such a line; it is not part of the story, and a
translator should drop it rather than post-edit it. The patterns need a first-person call to the
reader or a publisher's formula, so that a story *about* following or subscribing stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.scoring.qa.base import Check, QAContext, register

_PATTERNS = [
    # "Follow our latest local and sports news", "Follow us on Telegram"
    r"\bfollow\s+(?:us\s+(?:on|at|via)\b|our\s+(?:latest|news|coverage|page|channel|account))",
    r"\bvia\s+google\s+news\b",
    r"\b(?:subscribe|sign\s+up)\s+(?:to|for)\s+our\b",
    r"\bdownload\s+our\s+(?:\w+\s+)?app\b",
    r"\bclick\s+here\b",
    r"\ball\s+rights\s+reserved\b",
    r"©|\bcopyright\s+\d{4}\b",
    r"^\s*(?:read\s+(?:also|more)|see\s+also|related)\s*:",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


@register
class Boilerplate(Check):
    """A segment that reads like website or agency furniture rather than the story."""

    id = "boilerplate"
    severity = Severity.WARNING
    description = "a line of website or agency boilerplate (follow us, subscribe, copyright)"

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        text = context.target(segment)
        match = _BOILERPLATE.search(text)
        if match is not None:
            yield self.issue(
                context,
                f"{match.group().strip()!r} reads like website boilerplate, not the story",
                match.span(),
            )
