"""One per-segment term analysis: what the glossary says about a (target text, source) pair.

QA terminology (:mod:`mt.scoring.qa.terminology`), term accuracy (:mod:`mt.scoring.terms`), the
review panel's term hits (:mod:`mt.pipeline.review.findings`) and the engine's constraints
(:mod:`mt.engines.constraints`) all read :func:`analyse_segment_terms` (or, before there is a
translation, :func:`source_terms` / :func:`always_wrong_variants`).

The one rule they share: **a forbidden variant counts only where the source expects its entry**,
except for entries whose variants are wrong whatever the source says (proper names, target-only
entries; :func:`mt.glossary.entry.default_require_source` is false for them). So each entry seen
gets a :class:`Certainty`: the source expects it (``expected``), the source is there but lacks it
(``unexpected``), or no source was given (``no-source``); :func:`variant_counts` is the rule.

How the four used it before, and what they still do differently (on purpose):

- QA and term accuracy: a variant counts where :func:`variant_counts` says so; with no source
  (or an empty one) a variant of a source-dependent entry does not count.
- The review panel shows the same variants, plus, where no source is given, the variants of
  source-dependent entries as a doubt (``TermHit.certain`` false: "check"), never where the
  source is there and lacks the term. The same rule, with the third certainty made visible.
- The constraints forbid the variants of the expected entries and of every entry that needs no
  source: the same rule read from the glossary side, before any translation exists.
- Where they disagreed: the engine's check of its output counted terms with a regex (no ALL-CAPS
  form of a case-sensitive name, no normalised spacing). It now uses the matcher, as the others
  do; it still sees only the sentence's constraint forms, so a longer glossary term around a
  variant (``Islamic State`` around ``State``) does not shield it there.

Scans: source terms leftmost-longest on the source side (the longest term wins). Preferred terms
of expected entries count generously (every overlapping hit: "Panjshir" inside "Panjshir
Valley"); variants, and the preferred terms of entries the source does not expect, count
leftmost-longest (``State`` inside ``Islamic State`` is no ``state`` → ``province`` variant).
An empty source counts as no source.

Results are cached per glossary (in its matcher cache, so :meth:`Glossary.invalidate` drops
them) and keyed on (text, source); they are immutable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from mt.glossary.entry import Glossary, GlossaryEntry, default_require_source
from mt.glossary.matcher import FormKind, Hit

Span = tuple[int, int]
_CACHE_SIZE = 4096
_T = TypeVar("_T")


class TermStatus(StrEnum):
    """How one entry stands in a text: its preferred term there as often as the source asks
    (``ok``), a forbidden variant instead (``variant``), none (``missing``) or too few
    (``partial``)."""

    OK = "ok"
    VARIANT = "variant"
    MISSING = "missing"
    PARTIAL = "partial"


class Certainty(StrEnum):
    """What the source says about an entry: it expects it, it lacks it, or no source given."""

    EXPECTED = "expected"
    UNEXPECTED = "unexpected"
    NO_SOURCE = "no-source"


def variant_counts(entry: GlossaryEntry, certainty: Certainty) -> bool:
    """Whether a forbidden variant of ``entry`` is wrong given what the source says."""
    return certainty is Certainty.EXPECTED or not default_require_source(entry)


@dataclass(frozen=True)
class SourceTerm:
    """An entry the source expects: its source-term spans in the source, in text order."""

    entry: GlossaryEntry
    spans: tuple[Span, ...]

    @property
    def count(self) -> int:
        return len(self.spans)


@dataclass(frozen=True)
class EntryTerms:
    """One entry in one text: what the source expects of it and what the text has."""

    entry: GlossaryEntry
    certainty: Certainty
    source_spans: tuple[Span, ...] = ()
    preferred_spans: tuple[Span, ...] = ()
    variant_hits: tuple[Hit, ...] = ()

    @property
    def entry_id(self) -> str:
        return self.entry.id

    @property
    def expected(self) -> int:
        """How often the source asks for the preferred term (0 unless it expects the entry)."""
        return len(self.source_spans)

    @property
    def found(self) -> int:
        return len(self.preferred_spans)

    @property
    def variants_count(self) -> bool:
        """Whether this entry's variants in the text are wrong (:func:`variant_counts`)."""
        return variant_counts(self.entry, self.certainty)

    @property
    def variants_doubtful(self) -> bool:
        """Whether its variants may be wrong: a source-dependent entry with no source given."""
        return self.certainty is Certainty.NO_SOURCE and not self.variants_count

    @property
    def status(self) -> TermStatus:
        """For an expected entry, :class:`TermStatus` against the source; for the others,
        ``variant`` where the text has a variant that counts or may count, else ``ok``."""
        if self.certainty is Certainty.EXPECTED:
            if self.found >= self.expected:
                return TermStatus.OK
            if self.variant_hits:
                return TermStatus.VARIANT
            return TermStatus.MISSING if self.found == 0 else TermStatus.PARTIAL
        if self.variant_hits and (self.variants_count or self.variants_doubtful):
            return TermStatus.VARIANT
        return TermStatus.OK


@dataclass(frozen=True)
class SegmentTermAnalysis:
    """Every entry relevant to one (text, source): the expected ones in source order, then the
    others seen in the text, in text order; and every variant hit (leftmost-longest)."""

    entries: tuple[EntryTerms, ...]
    variant_hits: tuple[Hit, ...]
    has_source: bool

    @property
    def expected(self) -> tuple[EntryTerms, ...]:
        return tuple(e for e in self.entries if e.certainty is Certainty.EXPECTED)

    @property
    def others(self) -> tuple[EntryTerms, ...]:
        return tuple(e for e in self.entries if e.certainty is not Certainty.EXPECTED)

    @property
    def expected_ids(self) -> frozenset[str]:
        return frozenset(e.entry_id for e in self.expected)

    @property
    def wrong_variants(self) -> tuple[Hit, ...]:
        """The variant hits that count (:func:`variant_counts`), in text order."""
        ids = self.expected_ids
        return tuple(
            h for h in self.variant_hits
            if variant_counts(h.entry, Certainty.EXPECTED if h.entry_id in ids else
                              Certainty.UNEXPECTED)
        )  # fmt: skip


def _cached(glossary: Glossary, name: str, key: Any, compute: Callable[[], _T]) -> _T:
    """``compute()`` cached in ``glossary``'s matcher cache under ``name``, bounded in size."""
    store: dict[Any, Any] = glossary.matcher_cache.setdefault(("term-analysis", name), {})
    found = store.get(key)
    if found is None:
        if len(store) >= _CACHE_SIZE:
            store.clear()
        found = store[key] = compute()
    result: _T = found
    return result


def source_terms(source: str | None, glossary: Glossary) -> tuple[SourceTerm, ...]:
    """The entries whose source terms occur in ``source`` (longest match), in text order."""
    if not source:
        return ()

    def compute() -> tuple[SourceTerm, ...]:
        spans: dict[str, list[Span]] = {}
        entries: dict[str, GlossaryEntry] = {}
        for hit in glossary.matcher("source").find(source):
            spans.setdefault(hit.entry_id, []).append((hit.start, hit.end))
            entries[hit.entry_id] = hit.entry
        return tuple(SourceTerm(entries[i], tuple(s)) for i, s in spans.items())

    return _cached(glossary, "source", source, compute)


def analyse_segment_terms(
    text: str | None, source: str | None, glossary: Glossary
) -> SegmentTermAnalysis:
    """The term analysis of ``text`` given its ``source`` (``None`` or ``""``: no source)."""
    return _cached(glossary, "segment", (text or "", source or None),
                   lambda: _analyse(text or "", source or None, glossary))


def _analyse(text: str, source: str | None, glossary: Glossary) -> SegmentTermAnalysis:
    expected = source_terms(source, glossary)
    matcher = glossary.matcher("target")
    plain = matcher.find(text) if text else []
    overlapping = matcher.find(text, overlapping=True) if text and expected else []
    variants = tuple(h for h in plain if h.kind is FormKind.VARIANT)
    result: list[EntryTerms] = []
    for term in expected:
        entry_id = term.entry.id
        result.append(EntryTerms(
            term.entry, Certainty.EXPECTED, term.spans,
            tuple((h.start, h.end) for h in overlapping
                  if h.entry_id == entry_id and h.kind is FormKind.TARGET),
            tuple(h for h in variants if h.entry_id == entry_id),
        ))  # fmt: skip
    seen = {t.entry.id for t in expected}
    others: dict[str, list[Hit]] = {}
    for hit in plain:
        if hit.entry_id not in seen:
            others.setdefault(hit.entry_id, []).append(hit)
    certainty = Certainty.UNEXPECTED if source else Certainty.NO_SOURCE
    for hits in others.values():
        result.append(EntryTerms(
            hits[0].entry, certainty, (),
            tuple((h.start, h.end) for h in hits if h.kind is FormKind.TARGET),
            tuple(h for h in hits if h.kind is FormKind.VARIANT),
        ))  # fmt: skip
    return SegmentTermAnalysis(tuple(result), variants, source is not None)


def always_wrong_variants(glossary: Glossary) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The variants wrong in every sentence (entries that need no source), as (case-sensitive,
    case-insensitive) forms in glossary order, without repeats."""

    def compute() -> tuple[tuple[str, ...], tuple[str, ...]]:
        sensitive: dict[str, None] = {}
        insensitive: dict[str, None] = {}
        for entry in glossary.entries:
            if entry.variants and variant_counts(entry, Certainty.UNEXPECTED):
                for variant in entry.variants:
                    (sensitive if entry.case_sensitive else insensitive)[variant] = None
        return tuple(sensitive), tuple(insensitive)

    # Keyed on the entry count too, so that appending entries without invalidating is seen.
    return _cached(glossary, "always-wrong", len(glossary.entries), compute)
