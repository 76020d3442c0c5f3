"""Source-side expectations: what a translation must contain, given its source.

For each entry whose source term occurs in a segment's source, the translation must contain the
entry's preferred target term as many times as the source term occurs. An expectation records
how many times the MT has the preferred term and which forbidden variants it has instead. This
feeds QA, term accuracy and constrained decoding; the scans themselves are
:mod:`mt.glossary.analysis`.

Counting is deliberately generous for the preferred term: it counts wherever it occurs, even
inside a longer glossary term ("Panjshir" inside "Panjshir Valley"). A forbidden variant counts
only where the fixer would see it, so ``State`` inside the preferred term ``Islamic State`` is
no ``state`` → ``province`` variant. On the source side the longest term wins ("وادي بنجشير"
expects "Panjshir Valley", not also "Panjshir").
"""

from __future__ import annotations

from dataclasses import dataclass

from mt.document import Document, Segment
from mt.glossary.analysis import TermStatus, analyse_segment_terms, source_terms
from mt.glossary.entry import Glossary, GlossaryEntry


@dataclass(frozen=True)
class Expectation:
    """One entry's requirement on one segment's translation."""

    entry_id: str
    target: str
    expected: int
    found: int
    source_spans: tuple[tuple[int, int], ...]
    target_spans: tuple[tuple[int, int], ...] = ()
    variants: tuple[str, ...] = ()
    variant_spans: tuple[tuple[int, int], ...] = ()

    @property
    def met(self) -> bool:
        return self.found >= self.expected

    @property
    def status(self) -> TermStatus:
        """``ok``, ``variant`` (a forbidden form instead), ``missing`` or ``partial``."""
        if self.met:
            return TermStatus.OK
        if self.variants:
            return TermStatus.VARIANT
        return TermStatus.MISSING if self.found == 0 else TermStatus.PARTIAL


def required_terms(source: str, glossary: Glossary) -> list[tuple[GlossaryEntry, int]]:
    """The entries whose source terms occur in ``source``, with how often, in text order."""
    return [(term.entry, term.count) for term in source_terms(source, glossary)]


def expectations(source: str, mt: str | None, glossary: Glossary) -> list[Expectation]:
    """The expectations of ``source`` and whether ``mt`` meets them (read from
    :func:`mt.glossary.analysis.analyse_segment_terms`)."""
    if not source:
        return []
    return [
        Expectation(
            entry_id=terms.entry_id,
            target=terms.entry.preferred,
            expected=terms.expected,
            found=terms.found,
            source_spans=terms.source_spans,
            target_spans=terms.preferred_spans,
            variants=tuple(h.text for h in terms.variant_hits),
            variant_spans=tuple((h.start, h.end) for h in terms.variant_hits),
        )
        for terms in analyse_segment_terms(mt, source, glossary).expected
    ]


def segment_expectations(segment: Segment, glossary: Glossary) -> list[Expectation]:
    """The expectations of one segment (none where it has no source)."""
    if not segment.source:
        return []
    return expectations(segment.source, segment.mt, glossary)


def document_expectations(doc: Document, glossary: Glossary) -> dict[str, list[Expectation]]:
    """Segment id → expectations, for the segments that have any."""
    result = {}
    for segment in doc:
        found = segment_expectations(segment, glossary)
        if found:
            result[segment.id] = found
    return result
