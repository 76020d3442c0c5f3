"""What a segment's post-edit shows: the glossary entries seen in it (:class:`TermHit`,
:func:`segment_term_hits`) and its QA issues (:func:`run_document_qa`, :func:`segment_checks`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mt.document import Document, Issue, Segment
from mt.glossary.analysis import TermStatus
from mt.glossary.entry import Glossary


@dataclass(frozen=True)
class TermHit:
    """A glossary entry seen in a segment.

    ``status`` (a :class:`~mt.glossary.analysis.TermStatus`): ``ok`` (the preferred term is
    there as often as the source asks), ``missing`` (the source has the term, the post-edit does
    not), ``partial`` (fewer times than the source), ``variant`` (a forbidden variant stands in
    the post-edit). ``source`` is the source term found (``None`` for target-side hits).
    ``certain`` is false for a variant of an entry that is only wrong where the source has its
    term, in a segment without a source (``state`` may or may not be a ``province``)."""

    entry_id: str
    source: str | None
    expected: str
    status: TermStatus
    variants: tuple[str, ...] = ()
    count: int = 0
    wanted: int = 0
    note: str = ""
    certain: bool = True
    source_spans: tuple[tuple[int, int], ...] = ()

    @property
    def present(self) -> bool:
        return self.status is TermStatus.OK


def segment_term_hits(segment: Segment, glossary: Glossary, text: str | None = None
                      ) -> list[TermHit]:
    """The glossary entries that concern ``segment``'s post-edit (or ``text``), read from
    :func:`mt.glossary.analysis.analyse_segment_terms`: the entries the source expects, then
    target-side hits of other entries (their variants only where they count or, with no source,
    may count)."""
    from mt.glossary.analysis import Certainty, analyse_segment_terms

    checked = segment.post_edit if text is None else text
    source = segment.source
    notes = {e.id: e.note for e in glossary}
    hits: list[TermHit] = []
    for terms in analyse_segment_terms(checked, source, glossary).entries:
        entry_id = terms.entry_id
        if terms.certainty is Certainty.EXPECTED:
            assert source  # only a source expects entries
            span = terms.source_spans[0]
            hits.append(TermHit(entry_id, source[span[0]:span[1]], terms.entry.preferred,
                                terms.status,
                                tuple(dict.fromkeys(h.text for h in terms.variant_hits)),
                                terms.found, terms.expected, notes.get(entry_id, ""),
                                source_spans=terms.source_spans))
            continue
        variants: tuple[str, ...] = ()
        if terms.variants_count or terms.variants_doubtful:
            variants = tuple(dict.fromkeys(h.text for h in terms.variant_hits))
        if not variants and not terms.found:
            continue
        hits.append(TermHit(entry_id, None, terms.entry.preferred,
                            TermStatus.VARIANT if variants else TermStatus.OK,
                            variants, terms.found, 0, notes.get(entry_id, ""),
                            certain=not (variants and terms.variants_doubtful)))
    return hits


# --------------------------------------------------------------------------------------------
# QA


def segment_checks() -> list[Any]:
    """The QA checks that look at one segment at a time (document-level ones need them all)."""
    from mt.scoring.qa import registered_checks
    from mt.scoring.qa.base import Check

    return [cls() for cls in registered_checks() if cls.run_document is Check.run_document]


def run_document_qa(doc: Document, glossary: Glossary | None) -> dict[str, list[Issue]]:
    """QA of every segment's post-edit: segment id → issues. Run it on a
    :meth:`ReviewSession.snapshot` in a worker, then :meth:`ReviewSession.apply_qa`."""
    from mt.scoring.qa import run_checks

    report = run_checks(doc, glossary, field="post_edit")
    out: dict[str, list[Issue]] = {s.id: [] for s in doc}
    for finding in report.findings:
        out.setdefault(finding.segment_id, []).append(finding.issue)
    return out


