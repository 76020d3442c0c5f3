"""Term accuracy: the WMT21 terminology task's exact-match accuracy, with a glossary.

For every segment with a source, the glossary's source terms found in the source (longest match
first, see :mod:`mt.glossary.expectations`) each expect one occurrence of the entry's preferred
target term. An expected occurrence is correct when the hypothesis holds the term as whole tokens
(word boundaries; case as the glossary matcher decides: ``case_sensitive`` entries match exactly
or in ALL CAPS, the others in any case). Each
hypothesis occurrence serves one expectation only: two expected occurrences and one in the
hypothesis score 1/2, and "Ahmad Massoud" cannot serve both "Ahmad Massoud" and "Massoud"
(longer terms are served first). Accuracy = correct / expected, overall and per entry.

Also counted: segments where a forbidden variant is left. A variant counts where the fixer
would replace it: anywhere for proper names, only where the source has the entry's source term
for generic terms (``state`` for ``province``): the rule of :mod:`mt.glossary.analysis`, whose
per-segment analysis this module reads.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from mt.document import Document
from mt.errors import AlignmentError, InputError, UsageError
from mt.glossary.analysis import analyse_segment_terms
from mt.glossary.entry import Glossary
from mt.json_stream import Lazy, materialize
from mt.scoring.packed import PackedRows

Span = tuple[int, int]


@dataclass(frozen=True)
class TermResult:
    """One entry in one segment: how often the source expects its target term, how many of
    those the hypothesis has, and the hypothesis spans credited."""

    entry_id: str
    target: str
    expected: int
    correct: int
    spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "target": self.target, "expected": self.expected,
                "correct": self.correct, "spans": [list(s) for s in self.spans]}


@dataclass(frozen=True)
class VariantLeft:
    """A forbidden variant still in the hypothesis."""

    entry_id: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "text": self.text, "start": self.start,
                "end": self.end}


@dataclass
class SegmentTerms:
    """Term accuracy of one segment."""

    id: str
    terms: list[TermResult] = field(default_factory=list)
    variants: list[VariantLeft] = field(default_factory=list)
    has_source: bool = True

    @property
    def expected(self) -> int:
        return sum(t.expected for t in self.terms)

    @property
    def correct(self) -> int:
        return sum(t.correct for t in self.terms)

    @property
    def accuracy(self) -> float | None:
        """correct / expected; ``None`` where nothing is expected."""
        return self.correct / self.expected if self.expected else None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "expected": self.expected, "correct": self.correct,
                "accuracy": self.accuracy, "terms": [t.to_dict() for t in self.terms],
                "variants": [v.to_dict() for v in self.variants]}


@dataclass
class EntryAccuracy:
    """Term accuracy of one glossary entry over all segments."""

    entry_id: str
    target: str
    expected: int = 0
    correct: int = 0
    variants_left: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.expected if self.expected else None

    def to_dict(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "target": self.target, "expected": self.expected,
                "correct": self.correct, "accuracy": self.accuracy,
                "variants_left": self.variants_left}


class SegmentTermsStore(PackedRows[SegmentTerms]):
    """Per-segment term results packed into one array of ints (about a hundred bytes a
    segment, not objects); a :class:`SegmentTerms` is made when read. Entry ids, targets and
    variant texts are stored once each. Totals are kept as segments are added."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._ints = array("i")
        self._starts = array("q")
        self._has_source = bytearray()
        self._names: dict[tuple[str, str], int] = {}
        self._values: list[tuple[str, str]] = []
        self.expected = self.correct = self.with_variant = 0

    def _name(self, entry_id: str, text: str) -> int:
        key = (entry_id, text)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = len(self._values)
            self._values.append(key)
        return found

    def add(self, seg: SegmentTerms) -> None:
        """Append one segment's results."""
        self._ids.append(seg.id)
        self._starts.append(len(self._ints))
        self._has_source.append(seg.has_source)
        ints = [len(seg.terms), len(seg.variants)]
        for t in seg.terms:
            ints += (self._name(t.entry_id, t.target), t.expected, t.correct, len(t.spans))
            ints += (x for span in t.spans for x in span)
            self.expected += t.expected
            self.correct += t.correct
        for v in seg.variants:
            ints += (self._name(v.entry_id, v.text), v.start, v.end)
        self.with_variant += bool(seg.variants)
        self._ints.extend(ints)

    def __len__(self) -> int:
        return len(self._ids)

    def _row(self, i: int) -> SegmentTerms:
        ints, at = self._ints, self._starts[i] + 2
        seg = SegmentTerms(self._ids[i], has_source=bool(self._has_source[i]))
        for _ in range(ints[at - 2]):
            name, expected, correct, n = ints[at : at + 4]
            spans = tuple(zip(ints[at + 4 : at + 4 + 2 * n : 2], ints[at + 5 : at + 4 + 2 * n : 2],
                              strict=True))
            seg.terms.append(TermResult(*self._values[name], expected, correct, spans))
            at += 4 + 2 * n
        for _ in range(ints[self._starts[i] + 1]):
            name, start, end = ints[at : at + 3]
            seg.variants.append(VariantLeft(*self._values[name], start, end))
            at += 3
        return seg


@dataclass
class TermAccuracy:
    """Term accuracy of a set of segments: overall, per entry (glossary order) and per segment."""

    segments: SegmentTermsStore
    entries: dict[str, EntryAccuracy]

    @property
    def expected(self) -> int:
        return self.segments.expected

    @property
    def correct(self) -> int:
        return self.segments.correct

    @property
    def accuracy(self) -> float | None:
        """correct / expected over every segment (``None`` where no term is expected)."""
        return self.correct / self.expected if self.expected else None

    @property
    def segments_with_variant(self) -> int:
        return self.segments.with_variant

    @property
    def variant_share(self) -> float:
        """The share of segments with a forbidden variant left (0 to 1)."""
        return self.segments_with_variant / len(self.segments) if self.segments else 0.0

    def segment(self, segment_id: str) -> SegmentTerms:
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        raise KeyError(segment_id)

    def to_dict(self, *, segments: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = materialize(self.to_json(segments=segments))
        return data

    def to_json(self, *, segments: bool = True) -> dict[str, Any]:
        """:meth:`to_dict` with the per-segment list :class:`~mt.json_stream.Lazy`."""
        data: dict[str, Any] = {
            "expected": self.expected,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "segments": len(self.segments),
            "segments_with_variant": self.segments_with_variant,
            "variant_share": self.variant_share,
            "entries": {k: e.to_dict() for k, e in self.entries.items()},
        }
        if segments:
            data["per_segment"] = Lazy(s.to_dict() for s in self.segments)
        return data


def segment_terms(
    hyp: str, source: str | None, glossary: Glossary, *, segment_id: str = ""
) -> SegmentTerms:
    """Term accuracy of one hypothesis given its source (``None``: no expectations)."""
    result = SegmentTerms(segment_id, has_source=source is not None)
    analysis = analyse_segment_terms(hyp, source, glossary)
    found = analysis.expected
    used: list[Span] = []
    # Longer terms first, so that "Massoud" cannot take the span of "Ahmad Massoud".
    order = sorted(range(len(found)), key=lambda i: -len(found[i].entry.preferred))
    credited: dict[int, list[Span]] = {}
    for i in order:
        exp = found[i]
        spans: list[Span] = []
        for span in exp.preferred_spans:
            if len(spans) == exp.expected:
                break
            if not any(span[0] < u[1] and u[0] < span[1] for u in used):
                spans.append(span)
                used.append(span)
        credited[i] = spans
    result.terms = [
        TermResult(e.entry_id, e.entry.preferred, e.expected, len(credited[i]),
                   tuple(credited[i]))
        for i, e in enumerate(found)
    ]
    result.variants = [
        VariantLeft(hit.entry_id, hit.text, hit.start, hit.end)
        for hit in analysis.wrong_variants
    ]
    return result


def term_accuracy(
    hyps: Sequence[str],
    sources: Sequence[str | None],
    glossary: Glossary,
    *,
    ids: Sequence[str] | None = None,
) -> TermAccuracy:
    """Term accuracy of ``hyps`` given their ``sources`` (``None`` for a segment without one).

    ``ids`` name the segments (default: 1, 2, ...). Lists of different lengths raise
    :class:`~mt.errors.AlignmentError`; no segment, or no source at all, :class:`InputError` /
    :class:`UsageError`."""
    if len(hyps) != len(sources):
        raise AlignmentError(f"{len(hyps)} hypothesis segments but {len(sources)} source segments")
    if ids is not None and len(ids) != len(hyps):
        raise AlignmentError(f"{len(hyps)} hypothesis segments but {len(ids)} segment ids")
    if not hyps:
        raise InputError("nothing to score: no segments")
    if all(s is None for s in sources):
        raise UsageError("term accuracy needs the source text of the segments")
    names = list(ids) if ids is not None else [str(i + 1) for i in range(len(hyps))]
    entries: dict[str, EntryAccuracy] = {}
    store = SegmentTermsStore()
    for h, s, n in zip(hyps, sources, names, strict=True):
        seg = segment_terms(h, s, glossary, segment_id=n)
        store.add(seg)
        for term in seg.terms:
            acc = entries.setdefault(term.entry_id, EntryAccuracy(term.entry_id, ""))
            acc.expected += term.expected
            acc.correct += term.correct
        for variant in seg.variants:
            entries.setdefault(variant.entry_id, EntryAccuracy(variant.entry_id, ""))
            entries[variant.entry_id].variants_left += 1
    # In glossary order, each entry with its preferred term.
    ordered = {}
    for entry in glossary:
        if entry.id in entries:
            ordered[entry.id] = replace(entries[entry.id], target=entry.preferred)
    return TermAccuracy(store, ordered)


def document_term_accuracy(
    doc: Document, glossary: Glossary, *, post_edit: bool = False
) -> TermAccuracy:
    """Term accuracy of a document's MT (or, with ``post_edit``, its post-edit)."""
    hyps = [s.post_edit if post_edit else s.mt for s in doc]
    return term_accuracy(hyps, [s.source for s in doc], glossary, ids=[s.id for s in doc])
