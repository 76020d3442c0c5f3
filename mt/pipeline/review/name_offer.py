"""After a hand fix of a name in review, the glossary entry to offer: the name substitution the
translator's hand edits made (``Banshir`` → ``Panjshir``), as `mt glossary learn` reads them
(:func:`mt.glossary.learn.learn` on this one segment: the same substitutions, source term from
:mod:`mt.glossary.names_align`, and what the glossary covers left out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mt.document import Origin, Segment, apply_edits
from mt.glossary.entry import Glossary
from mt.glossary.learn import SegmentPair, learn


@dataclass(frozen=True, slots=True)
class NameOffer:
    """A proposed entry: the translator's spelling, the one it replaced, the source term
    aligned with it (``None`` where the segment has no source or none fits)."""

    target: str
    variant: str
    source: str | None


def name_offer(segment: Segment, glossary: Glossary | None = None) -> NameOffer | None:
    """The entry to offer for the hand edits of ``segment``: of the names they respell, the
    last in the text that ``glossary`` does not already know in any way (an entry that knows
    part of it is edited in the glossary, not added from here); ``None`` where there is none.
    Accepted glossary and model changes are not the translator's: they count as the text
    before."""
    accepted = segment.accepted_edits
    if not any(e.origin is Origin.HUMAN for e in accepted):
        return None
    before = apply_edits(segment.mt, [e for e in accepted if e.origin is not Origin.HUMAN])
    pair = SegmentPair("", segment.id, before, segment.post_edit, segment.source)
    found = [p for p in learn([[pair]], glossary).proposals if not p.covered]
    if not found:
        return None

    def where(variant: str) -> int:
        hits = list(re.finditer(rf"(?<!\w){re.escape(variant)}(?!\w)", before))
        return hits[-1].start() if hits else -1

    offers = [(where(v), NameOffer(p.preferred, v, p.source)) for p in found for v in p.variants]
    return max(offers, key=lambda o: o[0])[1]

