"""What a segment's post-edit shows: the glossary entries seen in it (:class:`TermHit`,
:func:`segment_term_hits`) and its QA issues (:func:`run_document_qa`, :func:`segment_checks`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mt.document import Document, Issue, Segment
from mt.glossary.entry import Glossary, default_require_source


@dataclass(frozen=True)
class TermHit:
    """A glossary entry seen in a segment.

    ``status``: ``ok`` (the preferred term is there as often as the source asks), ``missing``
    (the source has the term, the post-edit does not), ``partial`` (fewer times than the source),
    ``variant`` (a forbidden variant stands in the post-edit). ``source`` is the source term found
    (``None`` for target-side hits). ``certain`` is false for a variant of an entry that is only
    wrong where the source has its term, in a segment without a source (``state`` may or may
    not be a ``province``)."""

    entry_id: str
    source: str | None
    expected: str
    status: str
    variants: tuple[str, ...] = ()
    count: int = 0
    wanted: int = 0
    note: str = ""
    certain: bool = True
    source_spans: tuple[tuple[int, int], ...] = ()

    @property
    def present(self) -> bool:
        return self.status == "ok"


def segment_term_hits(segment: Segment, glossary: Glossary, text: str | None = None
                      ) -> list[TermHit]:
    """The glossary entries that concern ``segment``'s post-edit (or ``text``): source-side
    expectations where the segment has a source, then target-side hits of other entries."""
    from mt.glossary.expectations import expectations
    from mt.glossary.matcher import FormKind

    checked = segment.post_edit if text is None else text
    hits: list[TermHit] = []
    seen: set[str] = set()
    notes = {e.id: e.note for e in glossary}
    if segment.source:
        for exp in expectations(segment.source, checked, glossary):
            span = exp.source_spans[0]
            hits.append(TermHit(exp.entry_id, segment.source[span[0]:span[1]], exp.target,
                                exp.status, tuple(dict.fromkeys(exp.variants)), exp.found,
                                exp.expected, notes.get(exp.entry_id, ""),
                                source_spans=exp.source_spans))
            seen.add(exp.entry_id)
    by_entry: dict[str, list[Any]] = {}
    for hit in glossary.matcher("target").find(checked):
        if hit.entry_id not in seen:
            by_entry.setdefault(hit.entry_id, []).append(hit)
    for entry_id, found in by_entry.items():
        entry = found[0].entry
        needs_source = default_require_source(entry)
        variants = tuple(dict.fromkeys(h.text for h in found if h.kind is FormKind.VARIANT))
        if variants and needs_source and segment.source:
            variants = ()  # the source lacks the term, so these are not variants here
        count = sum(1 for h in found if h.kind is FormKind.TARGET)
        if not variants and not count:
            continue
        hits.append(TermHit(entry_id, None, entry.preferred, "variant" if variants else "ok",
                            variants, count, 0, notes.get(entry_id, ""),
                            certain=not (variants and needs_source)))
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


