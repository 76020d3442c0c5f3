"""Punctuation: unpaired brackets and quotes, end punctuation unlike the source's, Arabic
punctuation (، ؛ ؟) left in a target in another script.

Brackets ``() [] {}`` and quotes ``“ ” « » "`` are paired per class; a class left unpaired in
the source too (a quotation running on into the next paragraph) is not reported. Single quotes
are not paired: ``’`` is also the apostrophe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from mt.document import Issue, Segment, Severity
from mt.scoring.qa.base import Check, QAContext, dominant_script, register

_OPEN = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_CLASS = {"(": "()", ")": "()", "[": "[]", "]": "[]", "{": "{}", "}": "{}"}
_QUOTES = '“”«»"'
_TRAILING = "\"'”’»)]}›"
_MARKS = {".": ".", "。": ".", "۔": ".", "…": ".", "?": "?", "؟": "?", "!": "!", ":": ":",
          ";": ";", "؛": ";"}  # fmt: skip
_ENUMERATION = re.compile(r"(?:^|\s)\w{1,3}$|[:;]$")  # "a)" "iv)" and ":)"
_ARABIC_PUNCTUATION = re.compile(r"[،؛؟]")


class Unpaired(NamedTuple):
    """A bracket or quote without its partner: its offset, the character, its class."""

    pos: int
    char: str
    kind: str


def _kind(char: str) -> str:
    return "quotes" if char in _QUOTES else _CLASS[char]


def unpaired(text: str) -> list[Unpaired]:
    """The brackets and double quotes of ``text`` that have no partner, in text order."""
    stack: list[tuple[int, str]] = []
    lonely: list[Unpaired] = []

    def close(opener: str, pos: int, char: str) -> None:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][1] == opener:
                lonely.extend(Unpaired(p, c, _kind(c)) for p, c in stack[depth + 1 :])
                del stack[depth:]
                return
        if char != ")" or not _ENUMERATION.search(text, 0, pos):
            lonely.append(Unpaired(pos, char, _kind(char)))

    for pos, char in enumerate(text):
        if char == '"':
            if any(c == '"' for _, c in stack):
                close('"', pos, char)
            else:
                stack.append((pos, char))
        elif char in _OPEN:
            stack.append((pos, char))
        elif char in _CLOSE:
            close(_CLOSE[char], pos, char)
    lonely.extend(Unpaired(p, c, _kind(c)) for p, c in stack)
    return sorted(lonely)


def end_mark(text: str) -> tuple[str, int]:
    """The class of the final punctuation of ``text`` (``.``, ``?``, ``!``, ``:``, ``;`` or ``""``)
    and its offset (the end of the text where there is none); closing quotes and brackets are
    skipped."""
    stripped = text.rstrip()
    i = len(stripped)
    while i > 0 and stripped[i - 1] in _TRAILING:
        i -= 1
    if i and stripped[i - 1] in _MARKS:
        return _MARKS[stripped[i - 1]], i - 1
    if stripped and stripped[-1] in _MARKS:  # `arms".`
        return _MARKS[stripped[-1]], len(stripped) - 1
    return "", len(stripped)


_NAMES = {"": "no final punctuation", ".": "a full stop", "?": "a question mark",
          "!": "an exclamation mark", ":": "a colon", ";": "a semicolon"}  # fmt: skip


@register
class Punctuation(Check):
    """Unpaired brackets and quotes; final punctuation unlike the source's."""

    id = "punctuation"
    severity = Severity.WARNING
    description = "unpaired brackets or quotes, or end punctuation unlike the source's"

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        target = context.target(segment)
        if not target.strip():
            return
        source = segment.source
        excused = {u.kind for u in unpaired(source)} if source else set()
        for item in unpaired(target):
            if item.kind not in excused:
                yield self.issue(context, f"unpaired {item.char!r}", (item.pos, item.pos + 1))
        script = dominant_script(target)[0]
        if source and source.strip():
            want, _ = end_mark(source)
            got, pos = end_mark(target)
            if want != got:
                yield self.issue(
                    context,
                    f"the target ends with {_NAMES[got]}, the source with {_NAMES[want]}",
                    (pos, pos + 1) if got else (pos, pos),
                )
        if script and script != "ARABIC":
            for match in _ARABIC_PUNCTUATION.finditer(target):
                yield self.issue(
                    context, f"Arabic punctuation {match.group()!r} in the target", match.span()
                )
