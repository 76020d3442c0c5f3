"""The rules every glossary add, remove, import and export goes through, from the CLI or the TUI.

- **id policy** (:func:`check_new_id`): a taken id is refused; in a file without an id column the
  ids come from the target terms, so another id is refused.
- **verify, then write** (:func:`render_verified`, :func:`write_file`): the new file is rendered
  and read back, and only written (atomically) if it holds exactly the entries meant.
- **lint**: an addition that would give the glossary lint errors is refused unless forced
  (:func:`refuse_lint_errors` raises :class:`LintRefused`, which carries the findings).
- **one entry per target** (:func:`duplicate_target`): an addition whose target another entry
  has is refused like a lint error (glossaries/README.md).
- **merge** (:func:`merge`): imported entries the glossary already holds are skipped.
- **one writer at a time**: every read-modify-write of a file runs under its
  :func:`~mt.locks.glossary_lock`, across processes (``with editing.locked(path):``).

:func:`add_to_file` and :func:`remove_from_file` do a whole edit of one file; the CLI runs the
same steps one by one to report between them.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from mt.document import Severity
from mt.errors import FormatError, InputError, UsageError
from mt.fileio import atomic_write
from mt.glossary.columns import column_field
from mt.glossary.entry import Glossary, GlossaryEntry, assign_ids
from mt.glossary.file_formats import format_of, parse_glossary, read_glossary, render_glossary
from mt.glossary.io_tbx import parse_tbx
from mt.glossary.lint import LintFinding, lint
from mt.glossary.normalize import term_key
from mt.locks import glossary_lock as locked


class LintRefused(UsageError):
    """An edit refused because it would give the glossary lint errors; ``findings`` are the
    findings about the entries concerned (errors and the rest)."""

    def __init__(self, message: str, findings: list[LintFinding], path: str | Path) -> None:
        super().__init__(message, path=path)
        self.findings = findings


def stores_ids(glossary: Glossary, fmt: str) -> bool:
    """Whether writing ``glossary`` to its own file (format ``fmt``) keeps entry ids as given,
    rather than deriving them again from the target terms."""
    if fmt == "tbx":
        return True
    if glossary.fmt != fmt or glossary.columns is None:
        return True  # written fresh: an id column is added where ids are not the derived ones
    if glossary.meta.get("header") is False or glossary.meta.get("lang_header"):
        return False
    return any(column_field(c) == "id" for c in glossary.columns)


def check_new_id(glossary: Glossary, entry: GlossaryEntry, fmt: str, path: str | Path) -> None:
    """Refuse an id that is taken, or one this file cannot store."""
    if not entry.id:
        return
    if any(e.id == entry.id for e in glossary.entries):
        raise UsageError(
            f"the glossary already has an entry with id {entry.id!r}; "
            "give it another id (forcing does not override this)",
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
                f"entry's id would be {derived.id!r}, not {entry.id!r}; leave the id out",
                path=path,
            )


def resolve(glossary: Glossary, wanted: str, path: str | Path) -> GlossaryEntry:
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


def render_verified(glossary: Glossary, fmt: str, path: str | Path) -> tuple[bytes, Glossary]:
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


def write_file(path: str | Path, data: bytes) -> None:
    """Replace ``path`` atomically; an OS error becomes one line naming the file."""
    try:
        atomic_write(path, data)
    except FileNotFoundError:
        folder = str(Path(path).parent)
        raise InputError(f"cannot write: no folder {folder!r}", path=path) from None
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


def findings_about(findings: list[LintFinding], ids: set[str]) -> list[LintFinding]:
    """The findings that concern any of the entries ``ids``."""
    return [f for f in findings if ids.intersection(f.entry_ids)]


def lint_errors(findings: list[LintFinding]) -> list[LintFinding]:
    """The errors among ``findings``."""
    return [f for f in findings if f.severity is Severity.ERROR]


def lint_new(again: Glossary, ids: set[str]) -> list[LintFinding]:
    """Lint findings of the glossary as written that concern the entries ``ids``."""
    return findings_about(lint(again), ids)


def refuse_lint_errors(
    findings: list[LintFinding], force: bool, path: str | Path, what: str
) -> list[LintFinding]:
    """The errors among ``findings``; unless ``force``, :class:`LintRefused` if there are any
    (``what`` says what was not done: "not added")."""
    bad = lint_errors(findings)
    if bad and not force:
        n = len(bad)
        raise LintRefused(
            f"{what}: it would give the glossary {n} lint error{'s' if n != 1 else ''} "
            f"({'; '.join(f.message for f in bad)}); nothing written",
            findings,
            path,
        )
    return bad


@dataclass
class Addition:
    """An entry added to a glossary, not written yet: the file's new bytes, the glossary they
    read back as, the entry as it reads back (with its id and line), the lint findings about it."""

    data: bytes
    glossary: Glossary
    entry: GlossaryEntry
    findings: list[LintFinding]


def plan_add(glossary: Glossary, entry: GlossaryEntry, fmt: str, path: str | Path) -> Addition:
    """Add ``entry`` to ``glossary`` (read from ``path``, format ``fmt``) under the id policy and
    verify the new file; nothing is written."""
    if not entry.target.strip():
        raise UsageError("the target term must not be empty", path=path)
    check_new_id(glossary, entry, fmt, path)
    try:
        glossary.add(entry)
    except ValueError as exc:
        raise UsageError(str(exc), path=path) from None
    data, again = render_verified(glossary, fmt, path)
    added = again.entries[-1]  # render_verified checked that the entries read back in order
    findings = lint_new(again, {added.id})
    return Addition(data, again, added, findings + duplicate_target(again, added, findings))


def duplicate_target(
    glossary: Glossary, added: GlossaryEntry, findings: list[LintFinding]
) -> list[LintFinding]:
    """An error where another entry already has ``added``'s target (glossaries/README.md: one
    entry per target; its source terms and variants go in that entry), unless lint already
    calls the two a duplicate."""
    if any(f.check == "duplicate" for f in findings):
        return []
    key = term_key(added.target)
    same = [e for e in glossary.entries if e is not added and term_key(e.target) == key]
    if not same:
        return []
    other = same[0]
    return [LintFinding(
        "duplicate-target",
        Severity.ERROR,
        f"entry {other.id} already has the target {other.target!r}: add the source terms "
        f"({'|'.join(other.sources + added.sources)}) or variants to that entry instead",
        (added.id, other.id),
        line=added.line,
        path=str(path) if (path := glossary.path) else None,
    )]


def check_add(
    path: Path, entry: GlossaryEntry, fmt: str | None = None, *, force: bool = False
) -> Addition:
    """Plan adding ``entry`` to the glossary file ``path`` by every rule above and refuse it
    (:class:`~mt.errors.UsageError`, :class:`LintRefused`, :class:`~mt.errors.FormatError`)
    as :func:`add_to_file` would; nothing is written (``entry`` gets its id, as there)."""
    kind = format_of(path, fmt)
    addition = plan_add(read_glossary(path, kind), entry, kind, path)
    refuse_lint_errors(addition.findings, force, path, "not added")
    return addition


def add_to_file(
    path: Path, entry: GlossaryEntry, fmt: str | None = None, *, force: bool = False
) -> Addition:
    """Add ``entry`` to the glossary file ``path`` in place, by every rule above."""
    with locked(path):
        addition = check_add(path, entry, fmt, force=force)
        write_file(path, addition.data)
    return addition


def remove_from_file(
    path: Path, wanted: list[str], fmt: str | None = None, *, by_target: bool = True
) -> list[GlossaryEntry]:
    """Remove the entries ``wanted`` (ids, or with ``by_target`` exact target terms) from the
    glossary file ``path`` in place; return them. Unknown ones change nothing."""
    kind = format_of(path, fmt)
    with locked(path):
        glossary = read_glossary(path, kind)
        doomed: list[GlossaryEntry] = []
        for name in wanted:
            if by_target:
                entry = resolve(glossary, name, path)
            else:
                try:
                    entry = glossary.get(name)
                except KeyError:
                    raise UsageError(f"no entry with id {name!r}", path=path) from None
            if entry not in doomed:
                doomed.append(entry)
        for entry in doomed:
            glossary.entries.remove(entry)
        glossary.invalidate()
        data, _ = render_verified(glossary, kind, path)
        write_file(path, data)
    return doomed


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
