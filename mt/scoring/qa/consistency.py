"""Inconsistency across a document: one source translated in different ways, one translation
given to different sources. Texts are compared by their words (case, punctuation, spacing and
Arabic diacritics ignored)."""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Iterator

from mt.document import Issue, Segment, Severity
from mt.glossary.normalize import normalize
from mt.scoring.qa.base import Check, QAContext, register

_WORDS = re.compile(r"\w+")


def comparable(text: str) -> str:
    """The words of ``text``, normalised and lower-cased, joined by single spaces."""
    return " ".join(_WORDS.findall(normalize(text, fold_case=True).text))


def _key(text: str, keys: dict[bytes, int]) -> int:
    """A small number for ``text``, the same for equal texts: a 128-bit digest is kept per
    distinct text, not the text (a million segments' words would be held twice over)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return keys.setdefault(digest, len(keys))


def _groups(keys: array, values: array) -> dict[int, list[int]]:
    """Positions (into ``keys``) per key, in order, for the keys whose positions hold more than
    one distinct value."""
    first: dict[int, int] = {}
    mixed: set[int] = set()
    for k, v in zip(keys, values, strict=True):
        if first.setdefault(k, v) != v:
            mixed.add(k)
    groups: dict[int, list[int]] = {}
    for i, k in enumerate(keys):
        if k in mixed:
            groups.setdefault(k, []).append(i)
    return groups


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
        rows: list[Segment] = []
        src_keys, tgt_keys = array("q"), array("q")
        known: dict[bytes, int] = {}
        for segment in context.document:
            if segment.source is None:
                continue
            src, tgt = comparable(segment.source), comparable(context.target(segment))
            if len(src.split()) >= self.min_words and len(tgt.split()) >= self.min_words:
                rows.append(segment)
                src_keys.append(_key(src, known))
                tgt_keys.append(_key(tgt, known))
        del known
        found: dict[str, list[Issue]] = {}
        for members in _groups(src_keys, tgt_keys).values():
            counts = Counter(tgt_keys[i] for i in members)
            usual = max(counts, key=lambda t: (counts[t], -_first(members, tgt_keys, t)))
            models = [rows[i] for i in members if tgt_keys[i] == usual]
            for i in members:
                if tgt_keys[i] != usual:
                    segment = rows[i]
                    found.setdefault(segment.id, []).append(
                        self.issue(
                            context,
                            f"the same source is translated differently in {_ids(models)}",
                            (0, len(context.target(segment))),
                        )
                    )
        for members in _groups(tgt_keys, src_keys).values():
            first = rows[members[0]]
            for i in members[1:]:
                if src_keys[i] != src_keys[members[0]]:
                    segment = rows[i]
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


def _first(members: list[int], values: array, value: int) -> int:
    return next(k for k, i in enumerate(members) if values[i] == value)
