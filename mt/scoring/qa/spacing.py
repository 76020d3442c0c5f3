"""Spacing and repeated words: doubled spaces, a space before punctuation or after an opening
bracket, whitespace around the text, and a word written twice ("the the")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.scoring.qa.base import Check, QAContext, register

_DOUBLE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
# A space before , . ; : ! ? ) ] — not before "...", ".5" or a French-style ;:!?
_BEFORE = re.compile(r"(?<=[\w)\]”’\"'])[ \u00a0]+(?=[,.;:!?)\]](?![.\d]))")
_BEFORE_LATIN = re.compile(r"(?<=[\w)\]”’\"'])[ \u00a0]+(?=[,.)\]](?![.\d]))")
_AFTER_OPEN = re.compile(r"(?<=[(\[])[ \u00a0]+")
_REPEATED = re.compile(r"\b([^\W\d_]+)\s+(\1)\b", re.IGNORECASE)
_LEGIT_REPEATS = frozenset({"had", "that", "bye", "ha", "no", "so", "very", "tut"})


@register
class Spacing(Check):
    """Doubled spaces, spaces before punctuation or after an opening bracket, and leading or
    trailing whitespace."""

    id = "spacing"
    severity = Severity.INFO
    description = "doubled spaces, a space before punctuation, or whitespace around the text"

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        text = context.target(segment)
        if not text.strip():
            return
        for match in _DOUBLE.finditer(text):
            yield self.issue(context, "doubled space", match.span())
        french = (context.target_lang or "").lower().startswith("fr")
        before = _BEFORE_LATIN if french else _BEFORE
        for match in before.finditer(text):
            mark = text[match.end()]
            yield self.issue(context, f"space before {mark!r}", match.span())
        for match in _AFTER_OPEN.finditer(text):
            yield self.issue(context, f"space after {text[match.start() - 1]!r}", match.span())
        stripped = text.strip()
        if stripped != text:
            lead = len(text) - len(text.lstrip())
            if lead:
                yield self.issue(context, "whitespace at the start", (0, lead))
            tail = len(text.rstrip())
            if tail < len(text):
                yield self.issue(context, "whitespace at the end", (tail, len(text)))


@register
class RepeatedWord(Check):
    """A word written twice in a row ("the the"), except a few legitimate repeats ("had had")."""

    id = "repeated-word"
    severity = Severity.WARNING
    description = "a word repeated twice in a row"

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        text = context.target(segment)
        for match in _REPEATED.finditer(text):
            word = match.group(1)
            if word.casefold() in _LEGIT_REPEATS:
                continue
            yield self.issue(context, f"repeated word {word!r}", match.span(2))
