"""Website and agency boilerplate in English copy: "Follow our latest news via Google News",
"Subscribe to our newsletter", "All rights reserved".

The patterns need a first-person call to the reader or a publisher's formula, so that a story
*about* following or subscribing does not match.
"""

from __future__ import annotations

import re

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


def find_boilerplate(text: str) -> re.Match[str] | None:
    """The first boilerplate formula in ``text``, if any."""
    return _BOILERPLATE.search(text)
