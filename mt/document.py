"""The document model: segments, the edits proposed for them, and the issues found in them.

An :class:`Edit` replaces a character span of a segment's MT text. It records where it came from
(:class:`Origin`: a glossary entry, the neural engine, a human) and whether it is proposed, accepted
or rejected, so every change in a post-edit can say why it was made. Applying a segment's accepted
edits to its MT text gives the post-edit, deterministically.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise
from typing import Any

from mt.errors import EditError
from mt.span_index import SpanIndex


class EditStatus(StrEnum):
    """Where a translator's decision about an edit stands."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Origin(StrEnum):
    """What produced an edit."""

    GLOSSARY = "glossary"
    NEURAL = "neural"
    HUMAN = "human"


class Severity(StrEnum):
    """How much a QA issue matters; errors make `mt qa` and `mt post-edit` exit 1."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error: the one order of severities."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(slots=True)
class Edit:
    """Replace ``mt[start:end]`` with ``replacement``.

    ``original`` is the text the edit expects to replace; when set, applying the edit to a text
    that no longer holds it fails instead of corrupting the post-edit. ``entry_id`` names the
    glossary entry behind a glossary edit, ``reason`` says in words why the edit is proposed.
    """

    start: int
    end: int
    replacement: str
    origin: Origin = Origin.HUMAN
    status: EditStatus = EditStatus.PROPOSED
    original: str | None = None
    entry_id: str | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        self.origin = Origin(self.origin)
        self.status = EditStatus(self.status)
        if self.start < 0 or self.end < self.start:
            raise EditError(f"invalid edit span {self.start}..{self.end}")
        if self.origin is Origin.GLOSSARY and not self.entry_id:
            raise EditError("a glossary edit must name its glossary entry")

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def overlaps(self, other: Edit) -> bool:
        """Whether the two edits compete for the same text.

        Spans that share characters overlap; so do two insertions at the same offset and an
        insertion strictly inside a replaced span. Edits that merely touch do not.
        """
        if self.start == self.end and other.start == other.end:
            return self.start == other.start
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end

    def describe(self) -> str:
        """A short label of the edit's origin, for reports and diffs."""
        if self.origin is Origin.GLOSSARY:
            return f"glossary:{self.entry_id}"
        return self.origin.value


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply ``edits`` (all of them, whatever their status) to ``text``.

    The result does not depend on the order of ``edits``. Overlapping edits, spans past the end
    of ``text`` and edits whose ``original`` no longer matches raise :class:`EditError`.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for edit in ordered:
        if edit.end > len(text):
            raise EditError(
                f"edit {edit.start}..{edit.end} ({edit.describe()}) is past the end of a "
                f"{len(text)}-character text"
            )
        if edit.original is not None and text[edit.start : edit.end] != edit.original:
            raise EditError(
                f"edit {edit.start}..{edit.end} ({edit.describe()}) expects {edit.original!r} "
                f"but the text there is {text[edit.start : edit.end]!r}"
            )
    for before, after in pairwise(ordered):
        if before.overlaps(after):
            raise EditError(
                f"edits {before.start}..{before.end} ({before.describe()}) and "
                f"{after.start}..{after.end} ({after.describe()}) overlap"
            )
    parts: list[str] = []
    cursor = 0
    for edit in ordered:
        parts.append(text[cursor : edit.start])
        parts.append(edit.replacement)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


@dataclass(slots=True)
class Issue:
    """A QA finding in one segment, pointing at a span of ``field`` where it can."""

    check: str
    severity: Severity
    message: str
    field: str = "mt"
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        self.severity = Severity(self.severity)


class Segment:
    """One unit of translation: a sentence, a line or a paragraph.

    ``source`` and ``reference`` are ``None`` where the input has none, and may be empty
    strings where it has an empty one. ``meta`` holds what a format needs to write the segment
    back (XLIFF state, TMX properties, extra TSV columns) and anything a user attaches.
    ``edits``, ``issues`` and ``meta`` are made on first use: a million segments with none
    would otherwise hold three million empty containers (176 MB).
    """

    __slots__ = ("_edits", "_issues", "_meta", "id", "mt", "reference", "source")

    def __init__(self, id: str, mt: str, source: str | None = None,
                 reference: str | None = None, edits: list[Edit] | None = None,
                 issues: list[Issue] | None = None, meta: dict[str, Any] | None = None) -> None:
        self.id = id
        self.mt = mt
        self.source = source
        self.reference = reference
        self._edits = edits
        self._issues = issues
        self._meta = meta

    @property
    def edits(self) -> list[Edit]:
        if self._edits is None:
            self._edits = []
        return self._edits

    @edits.setter
    def edits(self, value: list[Edit]) -> None:
        self._edits = value

    @property
    def issues(self) -> list[Issue]:
        if self._issues is None:
            self._issues = []
        return self._issues

    @issues.setter
    def issues(self, value: list[Issue]) -> None:
        self._issues = value

    @property
    def meta(self) -> dict[str, Any]:
        if self._meta is None:
            self._meta = {}
        return self._meta

    @meta.setter
    def meta(self, value: dict[str, Any]) -> None:
        self._meta = value

    def edits_if_any(self) -> Sequence[Edit]:
        """The edits, without making a list where there are none."""
        return self._edits or ()

    def issues_if_any(self) -> Sequence[Issue]:
        """The issues, without making a list where there are none."""
        return self._issues or ()

    def _fields(self) -> tuple[Any, ...]:
        return (self.id, self.mt, self.source, self.reference, list(self.edits_if_any()),
                list(self.issues_if_any()), self._meta or {})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Segment):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        names = ("id", "mt", "source", "reference", "edits", "issues", "meta")
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=True))
        return f"Segment({shown})"

    @property
    def accepted_edits(self) -> list[Edit]:
        return [e for e in self.edits_if_any() if e.status is EditStatus.ACCEPTED]

    @property
    def post_edit(self) -> str:
        """The MT text with every accepted edit applied."""
        accepted = self.accepted_edits
        return apply_edits(self.mt, accepted) if accepted else self.mt

    @property
    def changed(self) -> bool:
        return self.post_edit != self.mt

    def propose(
        self,
        start: int,
        end: int,
        replacement: str,
        *,
        origin: Origin = Origin.HUMAN,
        entry_id: str | None = None,
        reason: str = "",
    ) -> Edit:
        """Add a proposed edit of this segment's MT text and return it."""
        if end > len(self.mt):
            raise EditError(
                f"segment {self.id}: edit {start}..{end} is past the end of the MT text"
            )
        edit = Edit(
            start,
            end,
            replacement,
            origin=origin,
            original=self.mt[start:end],
            entry_id=entry_id,
            reason=reason,
        )
        self.edits.append(edit)
        return edit

    def accept(self, edit: Edit) -> None:
        """Accept ``edit``; refuse if it overlaps an edit already accepted."""
        for other in self.accepted_edits:
            if other is not edit and other.overlaps(edit):
                raise self._overlap(edit, other)
        edit.status = EditStatus.ACCEPTED

    def accept_many(self, edits: Iterable[Edit]) -> list[EditError]:
        """:meth:`accept` each of ``edits`` in turn, in about ``n log n`` time for many edits;
        the errors of those refused (they stay as they were)."""
        index = SpanIndex(self.accepted_edits)
        order = {id(e): i for i, e in enumerate(self.edits)}  # name the first, as accept does
        refused = []
        for edit in edits:
            clashes = [o for o in index.near(edit) if o is not edit and o.overlaps(edit)]
            if clashes:
                other = min(clashes, key=lambda o: order.get(id(o), len(order)))
                refused.append(self._overlap(edit, other))
                continue
            edit.status = EditStatus.ACCEPTED
            index.add(edit)
        return refused

    def _overlap(self, edit: Edit, other: Edit) -> EditError:
        return EditError(
            f"segment {self.id}: edit {edit.start}..{edit.end} ({edit.describe()}) "
            f"overlaps accepted edit {other.start}..{other.end} ({other.describe()})"
        )

    def reject(self, edit: Edit) -> None:
        edit.status = EditStatus.REJECTED


@dataclass
class Document:
    """An ordered list of segments with a language pair and free metadata.

    ``meta`` keeps what the file it came from needs to be written back faithfully, such as the
    layout of a plain-text article or the attributes of an XLIFF file element.
    """

    segments: list[Segment] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.segments)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __getitem__(self, index: int) -> Segment:
        return self.segments[index]

    def segment(self, segment_id: str) -> Segment:
        """The segment with ``segment_id``; ``KeyError`` if there is none."""
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        raise KeyError(segment_id)

    def copy(self) -> Document:
        """A copy that shares nothing mutable with this document (segments, their edits,
        issues and metadata are copied), e.g. to write from another thread."""
        return Document(
            [
                Segment(s.id, s.mt, s.source, s.reference,
                        [replace(e) for e in s.edits_if_any()] or None,
                        [replace(i) for i in s.issues_if_any()] or None,
                        copy.deepcopy(s._meta) if s._meta else None)
                for s in self.segments
            ],
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            meta=copy.deepcopy(self.meta),
        )

    @property
    def has_source(self) -> bool:
        return any(s.source is not None for s in self.segments)

    @property
    def has_reference(self) -> bool:
        return any(s.reference is not None for s in self.segments)

    @classmethod
    def from_texts(
        cls,
        mt: Iterable[str],
        source: Iterable[str] | None = None,
        reference: Iterable[str] | None = None,
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> Document:
        """Build a document from parallel lists; segments are numbered from 1."""
        mts = list(mt)
        srcs = list(source) if source is not None else None
        refs = list(reference) if reference is not None else None
        for name, seq in (("source", srcs), ("reference", refs)):
            if seq is not None and len(seq) != len(mts):
                raise ValueError(f"{len(mts)} MT segments but {len(seq)} {name} segments")
        segments = [
            Segment(
                id=str(i + 1),
                mt=text,
                source=srcs[i] if srcs is not None else None,
                reference=refs[i] if refs is not None else None,
            )
            for i, text in enumerate(mts)
        ]
        return cls(segments, source_lang=source_lang, target_lang=target_lang)
