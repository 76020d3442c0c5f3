"""From a glossary to the terms one sentence's translation must and must not contain.

For every entry whose source term occurs in the sentence (longest match, as
:func:`mt.glossary.analysis.source_terms` finds them) the translation must contain the
preferred term as many times as the source term occurs, and none of the entry's forbidden
variants. Entries whose variants are wrong whatever the source says (proper names such as
``Panjshir`` ← ``Banshir``, and target-side-only entries such as ``Islamic State`` ← ``ISIS``;
:func:`mt.glossary.analysis.always_wrong_variants`) forbid their variants in every sentence:
the rule of :mod:`mt.glossary.analysis`, read before any translation exists.

The checks here work on text, with the glossary's matcher (the word boundaries, case rule and
normalisation of QA and term accuracy); the decoder works on tokens (:mod:`mt.engines.beam`).
A tokenisation the decoder did not foresee can still spell a variant, so every output is
checked again as text, and what the text says is what is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from mt.engines.base import (
    UNMET_TEXT,
    Constraint,
    ConstraintReport,
    SentenceConstraints,
)
from mt.glossary.analysis import always_wrong_variants, source_terms
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.matcher import Matcher, searchable


def constraints_for(source: str, glossary: Glossary | None) -> SentenceConstraints:
    """The constraints ``glossary`` puts on the translation of ``source``."""
    if glossary is None or not len(glossary):
        return SentenceConstraints()
    required: list[Constraint] = []
    always, always_nocase = always_wrong_variants(glossary)
    forbidden: dict[str, None] = dict.fromkeys(always)
    forbidden_nocase: dict[str, None] = dict.fromkeys(always_nocase)
    for found in source_terms(source, glossary):
        entry, count = found.entry, found.count
        term = entry.preferred
        if not term:
            continue
        required += [Constraint(term, entry.id, entry.case_sensitive)] * count
        for variant in entry.variants:
            (forbidden if entry.case_sensitive else forbidden_nocase)[variant] = None
    terms = {c.term for c in required}
    return SentenceConstraints(
        tuple(required),
        tuple(v for v in forbidden if v not in terms),
        tuple(v for v in forbidden_nocase if v not in terms),
    )


@lru_cache(maxsize=4096)
def _term_matcher(term: str, case_sensitive: bool) -> Matcher:
    return Matcher([GlossaryEntry("term", term, case_sensitive=case_sensitive)], variants=False)


def count_term(text: str, term: str, case_sensitive: bool = True,
               scanned: str | None = None) -> int:
    """How often ``term`` occurs in ``text`` as whole words, as the glossary matcher finds it
    (normalised; a case-sensitive term with a capital also in ALL CAPS). ``scanned``:
    :func:`~mt.glossary.matcher.searchable` of ``text``, to check many terms against one text
    (a term none of whose keys it holds is not looked for)."""
    if not term:
        return 0
    matcher = _term_matcher(term, case_sensitive)
    if scanned is not None and not any(key in scanned for key in matcher.keys):
        return 0
    return len(matcher.find(text))


def check_output(
    text: str,
    constraints: SentenceConstraints,
    reasons: Sequence[str] | None = None,
) -> tuple[list[ConstraintReport], list[str]]:
    """Reports for each required term and the forbidden variants found in ``text``.

    ``reasons`` (one per required term, ``""`` where the decoder met it) say why the decoder
    could not place a term; a term the text holds counts as met whatever the decoder thought.
    """
    scanned = searchable(text)
    available: dict[tuple[str, bool], int] = {}
    reports: list[ConstraintReport] = []
    for i, c in enumerate(constraints.required):
        key = (c.term, c.case_sensitive)
        if key not in available:
            available[key] = count_term(text, c.term, c.case_sensitive, scanned)
        if available[key] > 0:
            available[key] -= 1
            reports.append(ConstraintReport(c.term, c.entry_id, True))
        else:
            reason = (reasons[i] if reasons is not None else "") or UNMET_TEXT
            reports.append(ConstraintReport(c.term, c.entry_id, False, reason))
    found = [v for v in constraints.forbidden if count_term(text, v, True, scanned)]
    found += [v for v in constraints.forbidden_nocase if count_term(text, v, False, scanned)]
    return reports, found
