"""Target-side fixing: every forbidden variant in the MT becomes the preferred term.

Each fix is a proposed :class:`~mt.document.Edit` with ``origin=Origin.GLOSSARY`` and the entry
id, covering exactly the variant's characters: a possessive or punctuation after it stays as it
is ("Banshir's" → "Panjshir's"), and a variant inside a longer word is never touched.

Case: where the MT has a variant in ALL CAPS the replacement is upper-cased; where it capitalises
a variant the glossary writes in lower case ("State"), or a variant at the start of a sentence,
the replacement's first letter is capitalised ("Al-Qaida says" → "Al-Qaeda says", although the
preferred term is "al-Qaeda"); otherwise the preferred term is used as the glossary writes it.

Source condition: an entry's variants may be fixed only where the segment's source contains one
of the entry's source terms. ``require_source=None`` (the default) decides per entry (see
:func:`mt.glossary.entry.default_require_source`): generic lower-case terms such as
``province`` ← ``state`` (source ولاية) need the source term, proper names such as ``Panjshir``
don't. ``True``/``False`` force it for every entry that has source terms. A required source term
cannot be checked in a segment without a source, so such an entry is left alone there.
"""

from __future__ import annotations

import functools
import sys
from collections import Counter
from dataclasses import dataclass, field

from mt.document import Document, Edit, Origin, Segment
from mt.glossary.entry import Glossary, GlossaryEntry, default_require_source
from mt.glossary.matcher import FormKind, Hit
from mt.span_index import SpanIndex


@dataclass(frozen=True, slots=True)
class Fix:
    """One variant to replace in a text."""

    entry_id: str
    start: int
    end: int
    original: str
    replacement: str

    @property
    def reason(self) -> str:
        return _reason(self.original, self.replacement, self.entry_id)


@functools.lru_cache(maxsize=4096)
def _reason(original: str, replacement: str, entry_id: str) -> str:
    """A fix's reason, one string for every edit of the same variant (a million segments'
    edits would otherwise each hold a copy)."""
    return f"{original} → {replacement} (forbidden variant; glossary entry {entry_id})"


@dataclass
class FixReport:
    """What fixing a document did: edits proposed per entry, and variants left alone because the
    source lacked the entry's source term (or the segment had no source)."""

    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    edits: list[tuple[str, Edit]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def match_case(found: str, form: str, preferred: str, *, initial: bool = False) -> str:
    """``preferred`` in the case the MT used for ``found`` (a match of glossary ``form``);
    ``initial``: ``found`` starts a sentence."""
    cased = [c for c in found if c.lower() != c.upper()]
    form_cased = [c for c in form if c.lower() != c.upper()]
    if len(cased) > 1 and all(c.isupper() for c in cased):
        if not all(c.isupper() for c in form_cased):
            return preferred.upper()
        return preferred
    if cased and form_cased and cased[0].isupper() and (form_cased[0].islower() or initial):
        for i, c in enumerate(preferred):
            if c.lower() != c.upper():
                return preferred[:i] + c.upper() + preferred[i + 1 :]
    return preferred


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``text[start:]`` starts a sentence (after opening quotes or brackets)."""
    before = text[:start].rstrip(" \t\"'“‘«(\u00a0")
    return not before or before[-1] in ".!?\n…:"


def find_fixes(
    text: str,
    glossary: Glossary,
    source: str | None = None,
    *,
    require_source: bool | None = None,
    skipped: Counter[str] | None = None,
) -> list[Fix]:
    """The variant fixes for MT ``text`` (with its ``source``, where there is one), in text
    order.

    Where two entries list the same variant (``state`` → ``province`` where the source says
    ولاية, ``state`` → ``country`` where it says دولة), the first entry whose source condition
    holds fixes it."""
    matcher = glossary.matcher("target")
    hits = matcher.find(text)
    if not any(h.kind is FormKind.VARIANT for h in hits):
        return []
    present = _source_entries(glossary, source) if source is not None else None

    def allowed(entry: GlossaryEntry) -> bool:
        return not _needs_source(entry, require_source) or (
            present is not None and entry.id in present
        )

    everything: dict[tuple[int, int], list[Hit]] | None = None
    fixes = []
    for hit in hits:
        if hit.kind is not FormKind.VARIANT:
            continue
        if not allowed(hit.entry):
            if everything is None:
                everything = {}
                for h in matcher.find(text, overlapping=True):
                    everything.setdefault((h.start, h.end), []).append(h)
            other = next(
                (
                    h
                    for h in everything.get((hit.start, hit.end), [])
                    if h.kind is FormKind.VARIANT
                    and h.entry_id != hit.entry_id
                    and allowed(h.entry)
                ),
                None,
            )
            if other is None:
                if skipped is not None:
                    skipped[hit.entry_id] += 1
                continue
            hit = other
        entry = hit.entry
        initial = sentence_initial(text, hit.start)
        # Interned: a million edits that change "Banshir" into "Panjshir" hold each word once.
        replacement = sys.intern(match_case(hit.text, hit.form, entry.preferred, initial=initial))
        if replacement == hit.text:
            continue
        fixes.append(Fix(entry.id, hit.start, hit.end, hit.text, replacement))
    return fixes


def fix_segment(
    segment: Segment,
    glossary: Glossary,
    *,
    require_source: bool | None = None,
    skipped: Counter[str] | None = None,
) -> list[Edit]:
    """Propose a glossary edit on ``segment`` for every variant in its MT; return the new edits.

    A fix that overlaps an edit the segment already has is not proposed again (so fixing twice
    proposes nothing new)."""
    new = []
    index = SpanIndex(segment.edits_if_any())
    for fix in find_fixes(
        segment.mt, glossary, segment.source, require_source=require_source, skipped=skipped
    ):
        probe = Edit(fix.start, fix.end, fix.replacement)
        if any(e.overlaps(probe) or e.span == probe.span for e in index.near(probe)):
            continue
        edit = segment.propose(fix.start, fix.end, fix.replacement, origin=Origin.GLOSSARY,
                               entry_id=fix.entry_id, reason=fix.reason)
        edit.original = sys.intern(fix.original)
        new.append(edit)
        index.add(edit)
    return new


def fix_document(
    doc: Document, glossary: Glossary, *, require_source: bool | None = None
) -> FixReport:
    """Propose glossary edits on every segment of ``doc``; counts per entry id."""
    report = FixReport()
    for segment in doc:
        for edit in fix_segment(
            segment, glossary, require_source=require_source, skipped=report.skipped
        ):
            report.counts[edit.entry_id or ""] += 1
            report.edits.append((segment.id, edit))
    return report


def fix_text(
    text: str,
    glossary: Glossary,
    source: str | None = None,
    *,
    require_source: bool | None = None,
) -> str:
    """``text`` with every fix applied (a convenience for scripts and tests)."""
    out, cursor = [], 0
    for fix in find_fixes(text, glossary, source, require_source=require_source):
        out.append(text[cursor : fix.start])
        out.append(fix.replacement)
        cursor = fix.end
    out.append(text[cursor:])
    return "".join(out)


def _needs_source(entry: GlossaryEntry, require_source: bool | None) -> bool:
    if require_source is None or not entry.sources:
        return default_require_source(entry)
    return require_source


def _source_entries(glossary: Glossary, source: str) -> set[str]:
    hits: list[Hit] = glossary.matcher("source").find(source, overlapping=True)
    return {h.entry_id for h in hits}
