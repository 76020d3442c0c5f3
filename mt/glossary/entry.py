"""Glossary entries and the glossary that holds them.

An entry is one concept for one language pair: optional source terms (``بنجشير``), the preferred
target term (``Panjshir``), forbidden target variants (``Banshir``), flags, and a stable id.
A :class:`Glossary` also keeps what its file needs to be rewritten faithfully (format, columns,
comments, the original lines), so ``add``/``remove`` change only the lines concerned.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Builds the matcher of :meth:`Glossary.matcher`: ``(glossary, side, **options) -> Matcher``.
#: :mod:`mt.glossary.matcher` registers it when it loads (``mt.glossary`` imports that module),
#: so this module never imports the matcher.
_matcher_builder: Callable[..., Any] | None = None


def register_matcher_builder(builder: Callable[..., Any]) -> None:
    """Make ``builder`` the one :meth:`Glossary.matcher` calls (done by the matcher module)."""
    global _matcher_builder
    _matcher_builder = builder


@dataclass
class GlossaryEntry:
    """One glossary concept.

    ``require_source``: ``None`` lets the fixer decide (see :func:`default_require_source`).
    ``line`` is the 1-based line of the file the entry was read from, for messages.
    ``extra`` holds columns (or TBX fields) the model has no field for; they are written back.
    """

    id: str
    target: str
    sources: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    whole_word: bool = True
    do_not_translate: bool = False
    require_source: bool | None = None
    pos: str = ""
    note: str = ""
    domain: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        self.sources = tuple(self.sources)
        self.variants = tuple(self.variants)

    @property
    def preferred(self) -> str:
        """The target term the translation should use (the source term for do-not-translate)."""
        if self.target:
            return self.target
        return self.sources[0] if self.do_not_translate and self.sources else ""

    def same_content(self, other: GlossaryEntry) -> bool:
        """Equal in everything a file stores (``line`` is ignored)."""
        return self == other


def default_require_source(entry: GlossaryEntry) -> bool:
    """Whether fixing this entry's variants needs its source term in the segment's source.

    An explicit ``require_source`` wins (and needs source terms to mean anything). Otherwise:
    entries without source terms never require one; a generic preferred term, written all in
    lower case (``province``, ``governor``), does, because its variants (``state``) are ordinary
    words that are only wrong where the source says so; a name, with a capital anywhere
    (``Panjshir``, ``al-Qaeda``), or a term in a script without case, doesn't: ``Banshir`` is
    wrong everywhere.
    """
    if entry.require_source is not None:
        return entry.require_source and bool(entry.sources)
    if not entry.sources:
        return False
    cased = [c for c in entry.preferred if c.lower() != c.upper()]
    return bool(cased) and not any(c.isupper() for c in cased)


_SLUG_DROP = re.compile(r"[^\w]+")


def slugify(text: str) -> str:
    """A lower-case id from ``text``: letters and digits joined by ``-`` (non-ASCII kept)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _SLUG_DROP.sub("-", ascii_only.lower()).replace("_", "-").strip("-")
    return re.sub("-{2,}", "-", slug)


def assign_ids(entries: Iterable[GlossaryEntry], taken: Iterable[str] = ()) -> None:
    """Give every entry with an empty id a stable one: the slug of its preferred term, then
    ``-2``, ``-3``... in file order where two entries share a slug."""
    used = set(taken)
    used.update(e.id for e in entries if e.id)
    for entry in entries:
        if entry.id:
            continue
        base = slugify(entry.preferred) or slugify("|".join(entry.sources)) or "entry"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        entry.id = candidate
        used.add(candidate)


def derived_ids(entries: list[GlossaryEntry]) -> list[str]:
    """The ids :func:`assign_ids` would give these entries if none had one."""
    copies = [
        GlossaryEntry(
            id="", target=e.target, sources=e.sources, do_not_translate=e.do_not_translate
        )
        for e in entries
    ]
    assign_ids(copies)
    return [c.id for c in copies]


@dataclass
class Record:
    """One physical piece of a glossary file: a comment, a blank line, the header or an entry.

    ``raw`` is the exact text (with its line ending); ``entry_id``/``snapshot`` tie an entry
    record to the entry it was parsed into, so an unchanged entry is written back byte for byte;
    ``cells`` are its cells as read, so a changed entry keeps the cells that did not change.
    """

    kind: str  # "comment" | "blank" | "header" | "entry"
    raw: str
    line: int
    entry_id: str | None = None
    snapshot: GlossaryEntry | None = None
    cells: list[str] | None = None


@dataclass
class Glossary:
    """An ordered list of entries plus the file layout needed to rewrite it.

    ``fmt`` is ``"tsv"``, ``"csv"`` or ``"tbx"`` (``None`` for a glossary built in memory);
    ``columns`` is the header of a full-form TSV/CSV (``None`` for the headerless two-column
    form); ``records`` the original file, piece by piece.
    """

    entries: list[GlossaryEntry] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    path: str | None = None
    fmt: str | None = None
    columns: tuple[str, ...] | None = None
    records: list[Record] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    #: Matchers built over these entries, keyed by side and options; filled by the matcher module.
    matcher_cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def get(self, entry_id: str) -> GlossaryEntry:
        """The entry with ``entry_id``; ``KeyError`` if there is none."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def add(self, entry: GlossaryEntry) -> GlossaryEntry:
        """Append ``entry`` (giving it an id if it has none) and return it."""
        if entry.id and any(e.id == entry.id for e in self.entries):
            raise ValueError(f"the glossary already has an entry with id {entry.id!r}")
        assign_ids([entry], taken=[e.id for e in self.entries])
        self.entries.append(entry)
        self.invalidate()
        return entry

    def remove(self, entry_id: str) -> GlossaryEntry:
        """Remove and return the entry with ``entry_id``; ``KeyError`` if there is none."""
        entry = self.get(entry_id)
        self.entries.remove(entry)
        self.invalidate()
        return entry

    def invalidate(self) -> None:
        """Forget cached matchers; call after changing ``entries`` directly."""
        self.matcher_cache.clear()

    def matcher(self, side: str = "target", **options: Any) -> Any:
        """The :class:`~mt.glossary.matcher.Matcher` over this glossary's ``side`` (``"target"``
        or ``"source"``), built once (see :func:`mt.glossary.matcher.matcher_for`)."""
        if _matcher_builder is None:  # pragma: no cover - mt.glossary imports the matcher
            raise RuntimeError("import mt.glossary.matcher before asking for a matcher")
        return _matcher_builder(self, side, **options)
