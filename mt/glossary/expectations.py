"""Source-side expectations: what a translation must contain, given its source.

For each entry whose source term occurs in a segment's source, the translation must contain the
entry's preferred target term as many times as the source term occurs. An expectation records
how many times the MT has the preferred term and which forbidden variants it has instead. This
feeds QA, term accuracy and constrained decoding.

Counting is deliberately generous for the preferred term: it counts wherever it occurs, even
inside a longer glossary term ("Panjshir" inside "Panjshir Valley"). A forbidden variant counts
only where the fixer would see it, so ``State`` inside the preferred term ``Islamic State`` is
no ``state`` → ``province`` variant. On the source side the longest term wins ("وادي بنجشير"
expects "Panjshir Valley", not also "Panjshir").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mt.document import Document, Segment
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.matcher import FormKind


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
    def status(self) -> str:
        """``ok``, ``variant`` (a forbidden form instead), ``missing`` or ``partial``."""
        if self.met:
            return "ok"
        if self.variants:
            return "variant"
        return "missing" if self.found == 0 else "partial"


def required_terms(source: str, glossary: Glossary) -> list[tuple[GlossaryEntry, int]]:
    """The entries whose source terms occur in ``source``, with how often, in text order."""
    counts: Counter[str] = Counter()
    order: dict[str, GlossaryEntry] = {}
    for hit in glossary.matcher("source").find(source):
        counts[hit.entry_id] += 1
        order.setdefault(hit.entry_id, hit.entry)
    return [(entry, counts[entry_id]) for entry_id, entry in order.items()]


def expectations(source: str, mt: str | None, glossary: Glossary) -> list[Expectation]:
    """The expectations of ``source`` and whether ``mt`` meets them."""
    source_hits = glossary.matcher("source").find(source)
    if not source_hits:
        return []
    by_entry: dict[str, list[tuple[int, int]]] = {}
    entries: dict[str, GlossaryEntry] = {}
    for hit in source_hits:
        by_entry.setdefault(hit.entry_id, []).append((hit.start, hit.end))
        entries[hit.entry_id] = hit.entry
    matcher = glossary.matcher("target")
    target_hits = matcher.find(mt, overlapping=True) if mt else []
    variant_hits = [h for h in matcher.find(mt) if h.kind is FormKind.VARIANT] if mt else []
    result = []
    for entry_id, spans in by_entry.items():
        found = [
            (h.start, h.end)
            for h in target_hits
            if h.entry_id == entry_id and h.kind is FormKind.TARGET
        ]
        wrong = [h for h in variant_hits if h.entry_id == entry_id]
        result.append(
            Expectation(
                entry_id=entry_id,
                target=entries[entry_id].preferred,
                expected=len(spans),
                found=len(found),
                source_spans=tuple(spans),
                target_spans=tuple(found),
                variants=tuple(h.text for h in wrong),
                variant_spans=tuple((h.start, h.end) for h in wrong),
            )
        )
    return result


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
