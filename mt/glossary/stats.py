"""Hit statistics: which glossary entries fire over a set of documents, and which never do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mt.document import Document
from mt.glossary.entry import Glossary
from mt.glossary.matcher import FormKind


@dataclass
class EntryStats:
    """Hits of one entry: preferred and variant forms in the MT, source terms in the source."""

    entry_id: str
    preferred: int = 0
    variants: int = 0
    source: int = 0
    segments: int = 0

    @property
    def total(self) -> int:
        return self.preferred + self.variants + self.source


@dataclass
class GlossaryStats:
    """Per-entry hit counts over ``documents`` documents and ``segments`` segments."""

    entries: dict[str, EntryStats] = field(default_factory=dict)
    documents: int = 0
    segments: int = 0

    @property
    def fired(self) -> list[str]:
        return [i for i, s in self.entries.items() if s.total]

    @property
    def never(self) -> list[str]:
        return [i for i, s in self.entries.items() if not s.total]

    def ranked(self) -> list[EntryStats]:
        """Entries by total hits, most first (glossary order among equals)."""
        return sorted(self.entries.values(), key=lambda s: -s.total)


def glossary_stats(glossary: Glossary, documents: Iterable[Document]) -> GlossaryStats:
    """Count every entry's hits in the MT (and source, where present) of ``documents``.

    Hits are what the fixer sees: non-overlapping, longest first, so ``Ahmad Shah Massoud``
    counts for its own entry and not also for ``Massoud``."""
    stats = GlossaryStats({e.id: EntryStats(e.id) for e in glossary.entries})
    target = glossary.matcher("target")
    source = glossary.matcher("source")
    for doc in documents:
        stats.documents += 1
        segments = list(doc)
        stats.segments += len(segments)
        mt_hits = target.find_many([s.mt for s in segments])
        with_source = [s for s in segments if s.source]
        source_hits = dict(
            zip(
                (id(s) for s in with_source),
                source.find_many([s.source or "" for s in with_source]),
                strict=True,
            )
        )
        for segment, hits in zip(segments, mt_hits, strict=True):
            touched: set[str] = set()
            for hit in hits:
                entry = stats.entries[hit.entry_id]
                if hit.kind is FormKind.VARIANT:
                    entry.variants += 1
                else:
                    entry.preferred += 1
                touched.add(hit.entry_id)
            for hit in source_hits.get(id(segment), ()):
                stats.entries[hit.entry_id].source += 1
                touched.add(hit.entry_id)
            for entry_id in touched:
                stats.entries[entry_id].segments += 1
    return stats
