"""Inconsistency across a document: one source translated in different ways, one translation
given to different sources. Texts are compared by their words (case, punctuation, spacing and
Arabic diacritics ignored)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.glossary.normalize import normalize
from mt.scoring.qa.base import Check, QAContext, register

_WORDS = re.compile(r"\w+")


def comparable(text: str) -> str:
    """The words of ``text``, normalised and lower-cased, joined by single spaces."""
    return " ".join(_WORDS.findall(normalize(text, fold_case=True).text))


def _groups(pairs: list[tuple[Segment, str, str]]) -> dict[str, list[tuple[Segment, str]]]:
    groups: dict[str, list[tuple[Segment, str]]] = {}
    for segment, key, value in pairs:
        groups.setdefault(key, []).append((segment, value))
    return {k: v for k, v in groups.items() if len({value for _, value in v}) > 1}


def _ids(segments: list[Segment]) -> str:
    """``segment 3`` or ``segments 3, 5`` (at most five named)."""
    names = ", ".join(s.id for s in segments[:5])
    more = f" and {len(segments) - 5} more" if len(segments) > 5 else ""
    return ("segment " if len(segments) == 1 else "segments ") + names + more


@register
class Inconsistency(Check):
    """The same source translated differently, or the same translation for different sources."""

    id = "inconsistency"
    severity = Severity.WARNING
    description = "a source translated differently elsewhere, or one translation for two sources"
    needs_source = True
    min_words = 1
    """Texts with fewer words than this (after normalising) are not compared."""

    def run_document(self, context: QAContext) -> Iterator[tuple[str, Issue]]:
        pairs = []
        for segment in context.document:
            if segment.source is None:
                continue
            target = context.target(segment)
            src, tgt = comparable(segment.source), comparable(target)
            if len(src.split()) >= self.min_words and len(tgt.split()) >= self.min_words:
                pairs.append((segment, src, tgt, target))
        found: dict[str, list[Issue]] = {}
        by_source = _groups([(seg, src, tgt) for seg, src, tgt, _ in pairs])
        for members in by_source.values():
            counts = Counter(tgt for _, tgt in members)
            usual = max(counts, key=lambda t: (counts[t], -_first(members, t)))
            models = [seg for seg, tgt in members if tgt == usual]
            for segment, tgt in members:
                if tgt != usual:
                    found.setdefault(segment.id, []).append(
                        self.issue(
                            context,
                            f"the same source is translated differently in {_ids(models)}",
                            (0, len(context.target(segment))),
                        )
                    )
        by_target = _groups([(seg, tgt, src) for seg, src, tgt, _ in pairs])
        for members in by_target.values():
            first = members[0][0]
            for segment, src in members[1:]:
                if src != members[0][1]:
                    found.setdefault(segment.id, []).append(
                        self.issue(
                            context,
                            f"the same translation as segment {first.id}, whose source differs",
                            (0, len(context.target(segment))),
                        )
                    )
        for segment in context.document:
            for issue in found.get(segment.id, ()):
                yield segment.id, issue


def _first(members: list[tuple[Segment, str]], value: str) -> int:
    return next(i for i, (_, v) in enumerate(members) if v == value)
