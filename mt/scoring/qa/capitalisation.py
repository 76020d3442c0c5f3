"""Capitalisation of glossary names: a glossary term written in the wrong case ("panjshir")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.glossary.matcher import Hit
from mt.scoring.qa.base import Check, QAContext, register
from mt.scoring.qa.terminology import analyse_terms

_OPENERS = "\"'“‘«‹([{—–-"
_SENTENCE_END = ".!?:;؟…"
_WORD = re.compile(r"[^\W\d_]{4,}")


def at_sentence_start(text: str, start: int) -> bool:
    """Whether ``text[start:]`` starts a sentence (after opening quotes and brackets)."""
    before = text[:start].rstrip().rstrip(_OPENERS).rstrip()
    return not before or before[-1] in _SENTENCE_END


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _title_case(text: str) -> bool:
    words = _WORD.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _capitalised(form: str) -> str:
    return form[:1].upper() + form[1:]


def _allowed(hit: Hit, text: str) -> bool:
    """A case difference that English allows: sentence start, an all-caps or title-case text."""
    if hit.text == _capitalised(hit.form) and at_sentence_start(text, hit.start):
        return True
    if hit.text.isupper() and _shouting(text):
        return True
    return hit.text == hit.form.title() and _title_case(text)


@register
class Capitalisation(Check):
    """A glossary name in the target written in another case than the glossary's."""

    id = "capitalisation"
    severity = Severity.WARNING
    description = "a glossary name is written in the wrong case"
    needs_glossary = True

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        analysis = analyse_terms(segment, context)
        if not analysis.miscased:
            return
        text = context.target(segment)
        expected = analysis.expected_ids
        for hit in analysis.miscased:
            entry = hit.entry
            preferred = entry.preferred
            name = any(c.isupper() for c in preferred)
            if not name and not (entry.case_sensitive and hit.text[1:] != hit.form[1:]):
                continue  # a generic lower-case term may be capitalised (titles, headlines)
            if entry.sources and segment.source is not None and entry.id not in expected:
                continue  # "china" without الصين in the source may be crockery
            if _allowed(hit, text):
                continue
            yield self.issue(
                context, f"{hit.text!r} should be written {hit.form!r}", (hit.start, hit.end)
            )
