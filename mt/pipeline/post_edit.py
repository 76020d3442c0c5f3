"""Post-edit a document with a glossary: propose fixes, accept them, and say what changed.

The CLI (`mt post-edit`) and the review UI both call :func:`post_edit_document`; the result
holds everything they show (per-segment diffs with the entry behind each change, counts per
entry, the variants left alone) and a JSON form for pipelines.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from mt import __version__
from mt.document import Document, Edit, EditStatus, Segment
from mt.glossary.entry import Glossary
from mt.glossary.fixer import fix_segment
from mt.json_stream import Lazy, materialize
from mt.text.diff import Chunk, changed_chunks, segment_diff

if TYPE_CHECKING:
    from mt.scoring.qa import QAReport
    from mt.scoring.report import DocumentScores


@dataclass
class SegmentChange:
    """One segment whose post-edit differs from its MT."""

    segment: Segment
    chunks: list[Chunk]

    @property
    def changes(self) -> list[Chunk]:
        return changed_chunks(self.chunks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.segment.id,
            "mt": self.segment.mt,
            "post_edit": self.segment.post_edit,
            "changes": [
                {
                    "before": c.before,
                    "after": c.after,
                    "mt_span": [c.old_start, c.old_end],
                    "post_edit_span": [c.new_start, c.new_end],
                    "entries": [e.entry_id for e in c.edits if e.entry_id],
                    "origins": sorted({str(e.origin) for e in c.edits}),
                }
                for c in self.changes
            ],
        }


class ProposedEdits(Sequence[tuple[str, Edit]]):
    """The edits one post-edit proposed, as ``(segment id, edit)`` pairs in document order;
    kept as the edits and their segments' positions (a million fixes, no tuple each)."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._edits: list[Edit] = []
        self._positions = array("q")

    def append(self, position: int, edit: Edit) -> None:
        self._positions.append(position)
        self._edits.append(edit)

    def __len__(self) -> int:
        return len(self._edits)

    @overload
    def __getitem__(self, index: int) -> tuple[str, Edit]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, Edit]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, Edit] | list[tuple[str, Edit]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._document[self._positions[index]].id, self._edits[index]

    def __iter__(self) -> Iterator[tuple[str, Edit]]:
        doc = self._document
        for position, edit in zip(self._positions, self._edits, strict=True):
            yield doc[position].id, edit

    def per_segment(self) -> Iterator[tuple[Segment, list[Edit]]]:
        """Each segment with edits, with its edits, in document order."""
        doc, edits, positions = self._document, self._edits, self._positions
        start = 0
        for i in range(1, len(edits) + 1):
            if i == len(edits) or positions[i] != positions[start]:
                yield doc[positions[start]], edits[start:i]
                start = i


@dataclass
class PostEditResult:
    """What post-editing a document did. ``skipped``: fixes left alone because the segment's
    source lacks the entry's source term; ``needs_source``: fixes not applied because the
    entry needs the source and the segment has none (counts per entry id)."""

    document: Document
    proposed: ProposedEdits = field(init=False)
    accepted: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    needs_source: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.proposed = ProposedEdits(self.document)

    @property
    def changes(self) -> list[SegmentChange]:
        """The changed segments, in document order, with their diffs."""
        return list(self.iter_changes())

    def iter_changes(self) -> Iterator[SegmentChange]:
        """:attr:`changes` one at a time, each diff made when it is reached (none kept)."""
        for segment in self.document:
            if segment.changed:
                yield SegmentChange(segment, segment_diff(segment))

    @property
    def per_entry(self) -> Counter[str]:
        """Proposed edits per glossary entry id."""
        return Counter(e.entry_id or "" for _, e in self.proposed)

    def edits_dict(self) -> list[dict[str, Any]]:
        return list(self.iter_edits_dict())

    def iter_edits_dict(self) -> Iterator[dict[str, Any]]:
        return (
            {
                "segment": seg_id,
                "entry": e.entry_id,
                "start": e.start,
                "end": e.end,
                "original": e.original,
                "replacement": e.replacement,
                "status": str(e.status),
                "reason": e.reason,
            }
            for seg_id, e in self.proposed
        )


def post_edit_document(
    doc: Document,
    glossary: Glossary,
    *,
    accept: bool = True,
    require_source: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PostEditResult:
    """Propose the glossary's fixes on every segment of ``doc``; accept them unless told not to.

    ``require_source``: ``None`` follows each entry (an entry with source terms fixes only where
    the source holds one when its variant is a common word); ``True``/``False`` force it.
    An edit that overlaps one already accepted stays proposed and is listed in ``conflicts``.
    ``progress(done, total)`` is called as segments are done.
    """
    result = PostEditResult(doc)
    for done, segment in enumerate(doc):
        if progress is not None and done % 100 == 0:
            progress(done, len(doc))
        skipped = result.skipped if segment.source is not None else result.needs_source
        for edit in fix_segment(segment, glossary, require_source=require_source,
                                skipped=skipped):
            result.proposed.append(done, edit)
    if accept:
        for segment, proposed in result.proposed.per_segment():
            edits = [e for e in proposed if e.status is EditStatus.PROPOSED]
            result.conflicts.extend(str(exc) for exc in segment.accept_many(edits))
            for edit in edits:
                if edit.status is EditStatus.ACCEPTED:
                    result.accepted[edit.entry_id or ""] += 1
    return result


@dataclass
class PostEditJob:
    """The whole ``mt post-edit`` job: the fixes, the QA of the post-edit and the scores."""

    result: PostEditResult
    qa: QAReport
    scores: DocumentScores

    @property
    def document(self) -> Document:
        return self.result.document

    def to_dict(self, *, glossary_path: str | None = None) -> dict[str, Any]:
        """The JSON report: every edit with its entry and span, QA issues and metric signatures."""
        report: dict[str, Any] = materialize(self.to_json(glossary_path=glossary_path))
        return report

    def to_json(self, *, glossary_path: str | None = None) -> dict[str, Any]:
        """:meth:`to_dict` with the per-edit, per-segment and per-issue lists left :class:`Lazy`
        (encoded as they are made by :func:`mt.json_stream.iter_json`)."""
        doc = self.document
        return {
            "mt_version": __version__,
            "document": {
                "path": doc.meta.get("path"),
                "format": doc.meta.get("format"),
                "segments": len(doc),
                "source_lang": doc.source_lang,
                "target_lang": doc.target_lang,
            },
            "glossary": glossary_path,
            "edits": Lazy(self.result.iter_edits_dict()),
            "edits_per_entry": dict(self.result.per_entry.most_common()),
            "accepted_per_entry": dict(self.result.accepted.most_common()),
            "skipped_needs_source": dict(self.result.skipped.most_common()),
            "not_applied_no_source": dict(self.result.needs_source.most_common()),
            "conflicts": list(self.result.conflicts),
            "changed_segments": Lazy(c.to_dict() for c in self.result.iter_changes()),
            "qa": self.qa.to_json(),
            "scores": self.scores.to_json(),
        }


def run_post_edit(
    doc: Document,
    glossary: Glossary,
    *,
    accept: bool = True,
    require_source: bool | None = None,
    metrics: str = "bleu,chrf,ter",
    sentence: bool = False,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PostEditJob:
    """Post-edit ``doc``, run every QA check on the post-edit (attaching the issues to the
    segments) and score MT and post-edit (against the reference where there is one).
    ``progress(done, total)``: the segments fixed, then QA and the scores as one step each."""
    from mt.scoring.qa import run_checks
    from mt.scoring.report import score_document, start_reference_stats

    total = len(doc) + 2

    def step(done: int) -> None:
        if progress is not None:
            progress(done, total)

    result = post_edit_document(doc, glossary, accept=accept, require_source=require_source,
                                progress=lambda done, _: step(done))
    step(len(doc))
    # The scores against the reference are under way while QA runs (each post-edit made once).
    post_edits = [s.post_edit for s in doc]
    ref_stats = start_reference_stats(doc, metrics, workers=workers, totals=not sentence,
                                      post_edits=post_edits)
    qa = run_checks(doc, glossary, field="post_edit", attach=True)
    step(len(doc) + 1)
    scores = score_document(
        doc,
        metrics,
        glossary if doc.has_source else None,
        sentence=sentence,
        workers=workers,
        ref_stats=ref_stats,
        post_edits=post_edits,
    )
    step(total)
    return PostEditJob(result, qa, scores)
