"""Terminology checks: expected glossary terms missing, forbidden variants present.

Both checks share one analysis per segment (:func:`analyse_terms`), read from the glossary's
per-segment term analysis (:func:`mt.glossary.analysis.analyse_segment_terms`): the source-side
expectations, the forbidden variants in the checked text (leftmost-longest, so "Islamic State"
shields its "State" from a ``state`` → ``province`` entry; reported where
:func:`mt.glossary.analysis.variant_counts` says they are wrong) and the preferred terms written
in another case, which the capitalisation check reports and which therefore do not count as
missing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from mt.document import Issue, Segment, Severity
from mt.glossary.analysis import analyse_segment_terms
from mt.glossary.entry import Glossary
from mt.glossary.expectations import Expectation, expectations
from mt.glossary.matcher import Hit, Matcher
from mt.glossary.normalize import normalize_term
from mt.scoring.qa.base import Check, QAContext, register


@dataclass(frozen=True)
class TermAnalysis:
    """What the glossary says about one segment's checked text."""

    expectations: tuple[Expectation, ...]
    variants: tuple[Hit, ...]
    miscased: tuple[Hit, ...]
    wrong_variants: tuple[Hit, ...] = ()

    @property
    def expected_ids(self) -> frozenset[str]:
        return frozenset(e.entry_id for e in self.expectations)


def case_blind_matcher(glossary: Glossary) -> Matcher:
    """A matcher of the glossary's preferred target terms that ignores case for every entry."""
    entries = [replace(e, case_sensitive=False) for e in glossary.entries]
    return Matcher(entries, side="target", variants=False)


def analyse_terms(segment: Segment, context: QAContext) -> TermAnalysis:
    """The term analysis of ``segment``'s checked text (computed once per QA run)."""
    glossary = context.glossary
    assert glossary is not None
    text = context.target(segment)
    key = ("terms", segment.id, text)

    def compute() -> TermAnalysis:
        expected = tuple(expectations(segment.source, text, glossary)) if segment.source else ()
        terms = analyse_segment_terms(text, segment.source, glossary)
        blind = context.cached(("case-blind", id(glossary)), lambda: case_blind_matcher(glossary))
        miscased = tuple(
            hit for hit in blind.find(text) if normalize_term(hit.text) != normalize_term(hit.form)
        )
        return TermAnalysis(expected, terms.variant_hits, miscased, terms.wrong_variants)

    result: TermAnalysis = context.segment_cached(key, compute)
    return result


@register
class TerminologyMissing(Check):
    """A glossary term whose source occurs in the source, with no target term in the text."""

    id = "terminology-missing"
    severity = Severity.ERROR
    description = "a glossary term in the source has no preferred translation in the target"
    needs_glossary = True
    needs_source = True

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        analysis = analyse_terms(segment, context)
        accounted = Counter(h.entry_id for h in analysis.variants)
        accounted.update(h.entry_id for h in analysis.miscased)
        source = segment.source or ""
        for exp in analysis.expectations:
            missing = exp.expected - exp.found - accounted[exp.entry_id]
            if missing <= 0:
                continue
            span = exp.source_spans[min(exp.expected - missing, len(exp.source_spans) - 1)]
            term = source[span[0] : span[1]]
            if exp.expected == 1:
                message = f"{term!r} should be translated as {exp.target!r}, which is missing"
            else:
                message = (
                    f"{term!r} occurs {exp.expected} times in the source but {exp.target!r} "
                    f"only {exp.expected - missing} times in the target"
                )
            yield self.issue(context, message, span, field="source")


@register
class TerminologyVariant(Check):
    """A forbidden variant of a glossary term in the target."""

    id = "terminology-variant"
    severity = Severity.ERROR
    description = "a forbidden variant of a glossary term is in the target"
    needs_glossary = True

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        analysis = analyse_terms(segment, context)
        # Only the variants that count: "state" is only wrong where the source says ولاية.
        for hit in analysis.wrong_variants:
            yield self.issue(
                context,
                f"{hit.text!r} is a forbidden variant of {hit.entry.preferred!r}",
                (hit.start, hit.end),
            )
