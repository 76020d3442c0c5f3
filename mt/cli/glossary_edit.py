"""What `mt glossary add|rm|import|export` do to files: resolve entries, merge, and write a
glossary only after checking that the file will read back as the entries we meant."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from mt.document import Severity
from mt.errors import FormatError, InputError, UsageError
from mt.fileio import atomic_write, read_bytes
from mt.glossary.entry import Glossary, GlossaryEntry, assign_ids
from mt.glossary.files import format_of, parse_glossary, render_glossary
from mt.glossary.io_tbx import parse_tbx
from mt.glossary.io_tsv import ALIASES, languages_from_name
from mt.glossary.lint import Finding, lint
from mt.glossary.normalize import fold, normalize_term


def read_glossary(
    path: Path, fmt: str | None = None, langs: tuple[str | None, ...] = ()
) -> Glossary:
    """Read a glossary file; a TBX file learns its languages from its own name, else ``langs``."""
    kind = format_of(path, fmt)
    data = read_bytes(path)
    if kind == "tbx":
        src, tgt = languages_from_name(path)
        if src is None and len(langs) == 2:
            src, tgt = langs
        return parse_tbx(data, str(path), source_lang=src, target_lang=tgt)
    return parse_glossary(data, path, kind)


def stores_ids(glossary: Glossary, fmt: str) -> bool:
    """Whether writing ``glossary`` to its own file (format ``fmt``) keeps entry ids as given,
    rather than deriving them again from the target terms."""
    if fmt == "tbx":
        return True
    if glossary.fmt != fmt or glossary.columns is None:
        return True  # written fresh: an id column is added where ids are not the derived ones
    if glossary.meta.get("header") is False or glossary.meta.get("lang_header"):
        return False
    return any(ALIASES.get(_canonical(c)) == "id" for c in glossary.columns)


def _canonical(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def term_key(term: str) -> str:
    """A term as lint compares terms: normalised and case-folded."""
    return fold(normalize_term(term))


def resolve(glossary: Glossary, wanted: str, path: Path) -> GlossaryEntry:
    """The entry whose id is ``wanted``, else the one whose target term is exactly ``wanted``."""
    for entry in glossary.entries:
        if entry.id == wanted:
            return entry
    by_target = [e for e in glossary.entries if e.target == wanted]
    if len(by_target) == 1:
        return by_target[0]
    if by_target:
        ids = ", ".join(e.id for e in by_target)
        raise UsageError(
            f"{len(by_target)} entries have the target {wanted!r} ({ids}); remove one by its id",
            path=path,
        )
    close = difflib.get_close_matches(wanted, [e.id for e in glossary.entries], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else " (`mt glossary list` shows the ids)"
    raise UsageError(f"no entry with id or target {wanted!r}{hint}", path=path)


def check_new_id(glossary: Glossary, entry: GlossaryEntry, fmt: str, path: Path) -> None:
    """Refuse an id that is taken, or one this file cannot store."""
    if not entry.id:
        return
    if any(e.id == entry.id for e in glossary.entries):
        raise UsageError(
            f"the glossary already has an entry with id {entry.id!r}; "
            "choose another --id (--force does not override this)",
            path=path,
        )
    if not stores_ids(glossary, fmt):
        derived = GlossaryEntry(
            id="",
            target=entry.target,
            sources=entry.sources,
            do_not_translate=entry.do_not_translate,
        )
        assign_ids([derived], taken=[e.id for e in glossary.entries])
        if derived.id != entry.id:
            raise UsageError(
                f"this glossary has no id column, so ids come from the target term: the new "
                f"entry's id would be {derived.id!r}, not {entry.id!r}; drop --id",
                path=path,
            )


def build(glossary: Glossary, fmt: str, path: Path) -> tuple[bytes, Glossary]:
    """The bytes of ``glossary`` in ``fmt`` and the glossary they read back as; a
    :class:`FormatError` if an entry would not read back as it is (nothing is written)."""
    data = render_glossary(glossary, fmt, path)
    langs = (glossary.source_lang, glossary.target_lang)
    again = parse_tbx(data, str(path), *langs) if fmt == "tbx" else parse_glossary(data, path, fmt)
    if len(again.entries) != len(glossary.entries):
        raise FormatError(
            f"the {fmt} file would hold {len(again.entries)} entries instead of "
            f"{len(glossary.entries)}; nothing written",
            path=path,
        )
    for meant, got in zip(glossary.entries, again.entries, strict=True):
        a = dataclasses.replace(meant, id="")
        b = dataclasses.replace(got, id="")
        if a != b:
            fields = [
                f.name
                for f in dataclasses.fields(a)
                if f.compare and getattr(a, f.name) != getattr(b, f.name)
            ]
            detail = ", ".join(
                f"{n} {getattr(a, n)!r} would read back as {getattr(b, n)!r}" for n in fields
            )
            raise FormatError(
                f"entry {meant.id} cannot be written faithfully as {fmt}: "
                f"{detail}; nothing written",
                path=path,
            )
    return data, again


def write(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically; an OS error becomes one line naming the file."""
    try:
        atomic_write(path, data)
    except FileNotFoundError:
        raise InputError(f"cannot write: no folder {str(path.parent)!r}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", path=path) from None


def fresh_copy(glossary: Glossary, langs: tuple[str | None, str | None] = (None, None)) -> Glossary:
    """The entries of ``glossary`` in a new glossary with no file layout (written afresh)."""
    entries = [dataclasses.replace(e, extra=dict(e.extra), line=None) for e in glossary.entries]
    return Glossary(
        entries=entries,
        source_lang=glossary.source_lang or langs[0],
        target_lang=glossary.target_lang or langs[1],
    )


def findings_about(findings: list[Finding], ids: set[str]) -> list[Finding]:
    return [f for f in findings if ids.intersection(f.entry_ids)]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


@dataclass
class Merge:
    """The outcome of merging imported entries into a glossary."""

    added: list[GlossaryEntry] = field(default_factory=list)
    skipped: list[tuple[GlossaryEntry, GlossaryEntry]] = field(default_factory=list)


def covering(entries: list[GlossaryEntry], entry: GlossaryEntry) -> GlossaryEntry | None:
    """An entry of ``entries`` that already holds ``entry``'s concept: the same preferred term,
    and every source term of ``entry`` (a target-side-only entry is held by any such entry)."""
    sources = {term_key(s) for s in entry.sources}
    preferred = term_key(entry.preferred)
    for other in entries:
        if term_key(other.preferred) == preferred and sources <= {
            term_key(s) for s in other.sources
        }:
            return other
    return None


def holds_all(big: GlossaryEntry, small: GlossaryEntry) -> bool:
    """Whether ``big`` has every variant of ``small`` (so skipping ``small`` loses nothing)."""
    return {term_key(v) for v in small.variants} <= {term_key(v) for v in big.variants}


def merge(glossary: Glossary, imported: Glossary, fmt: str) -> Merge:
    """Append the entries of ``imported`` that ``glossary`` does not hold yet (see
    :func:`covering`); fresh ids where the imported ones are taken."""
    result = Merge()
    keep_ids = stores_ids(glossary, fmt)
    for entry in imported.entries:
        existing = covering(glossary.entries, entry)
        if existing is not None:
            result.skipped.append((entry, existing))
            continue
        new = dataclasses.replace(entry, extra=dict(entry.extra), line=None)
        if not keep_ids or any(e.id == new.id for e in glossary.entries):
            new.id = ""
        glossary.add(new)
        result.added.append(new)
    return result


def lint_new(again: Glossary, ids: set[str]) -> list[Finding]:
    """Lint findings of the glossary as written that concern the entries ``ids``."""
    return findings_about(lint(again), ids)
