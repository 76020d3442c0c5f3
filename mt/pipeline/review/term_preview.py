"""What adding a glossary entry would change in the document under review, before it is saved:
the segments that would get a new proposal (the same rule as
:meth:`~mt.pipeline.review.session_ops.SessionOperations.apply_glossary`: a fix of the entry on the
MT text that does not overlap an edit the segment already has)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mt.document import Document, Segment
from mt.glossary.entry import Glossary, GlossaryEntry


@dataclass(frozen=True)
class TermExample:
    """One proposal the entry would make: in segment ``segment_id``, ``before`` → ``after``."""

    segment_id: str
    before: str
    after: str


@dataclass(frozen=True)
class TermPreview:
    """``segments``: how many segments would get a new proposal; ``examples``: the first few."""

    segments: int
    examples: list[TermExample] = field(default_factory=list)


def preview_entry(document: Document, entry: GlossaryEntry, examples: int = 2) -> TermPreview:
    """The proposals ``entry`` would add to ``document`` (nothing in ``document`` changes)."""
    from mt.glossary.fixer import find_fixes, fix_segment

    only = Glossary([entry])
    count = 0
    shown: list[TermExample] = []
    for segment in document:
        if not find_fixes(segment.mt, only, segment.source):
            continue
        trial = Segment(segment.id, segment.mt, segment.source, segment.reference,
                        [replace(e) for e in segment.edits])
        new = fix_segment(trial, only)
        if not new:
            continue
        count += 1
        if len(shown) < examples:
            edit = new[0]
            before = edit.original if edit.original is not None else segment.mt[edit.start:edit.end]
            shown.append(TermExample(segment.id, before, edit.replacement))
    return TermPreview(count, shown)
