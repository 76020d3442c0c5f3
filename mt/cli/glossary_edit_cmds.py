"""`mt glossary add|rm|import|export`: the commands that write glossary files. The rules
(id policy, verify-then-write, merge, lint refusal) are :mod:`mt.glossary.editing`'s; these
commands parse options and report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mt.cli import glossary_views as views
from mt.cli.console import err, escape
from mt.cli.glossary_common import ForceOpt, check_format, refuse_on_errors, show_findings
from mt.cli.options import GlossaryOpt, require_glossary
from mt.errors import UsageError
from mt.glossary import editing
from mt.glossary.columns import languages_from_name
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.files import format_of, read_glossary
from mt.glossary.lint import lint


def add(
    target: Annotated[
        str, typer.Option("--target", "-t", help="The preferred target term (Panjshir).")
    ],
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="A source term (بنجشير); repeat for several."),
    ] = None,
    variant: Annotated[
        list[str] | None,
        typer.Option(
            "--variant", "-v", help="A forbidden target spelling (Banshir); repeat for several."
        ),
    ] = None,
    case_sensitive: Annotated[
        bool,
        typer.Option(
            "--case-sensitive/--case-insensitive",
            help="Whether variants match only with their exact case.",
        ),
    ] = False,
    note: Annotated[str, typer.Option("--note", "-n", help="A note for translators.")] = "",
    entry_id: Annotated[
        str | None, typer.Option("--id", help="The entry's id (default: from the target term).")
    ] = None,
    glossary: GlossaryOpt = None,
    force: ForceOpt = False,
) -> None:
    """`mt glossary add`."""
    path = require_glossary(glossary)
    if not target.strip():
        raise UsageError("--target must not be empty")
    fmt = format_of(path)
    entry = GlossaryEntry(
        id=entry_id or "",
        target=target,
        sources=tuple(source or ()),
        variants=tuple(variant or ()),
        case_sensitive=case_sensitive,
        note=note,
    )
    with editing.locked(path):
        addition = editing.plan_add(read_glossary(path, fmt), entry, fmt, path)
        added, findings = addition.entry, addition.findings
        refuse_on_errors(findings, force, path, "not added")
        editing.write_file(path, addition.data)
    if not editing.lint_errors(findings):  # else already shown
        show_findings(findings)
    err.print(f"added [bold]{escape(added.id)}[/] to {escape(str(path))} (line {added.line})")
    typer.echo(added.id)


def remove(
    entries: Annotated[
        list[str],
        typer.Argument(help="Ids of the entries to remove (or their exact target terms)."),
    ],
    glossary: GlossaryOpt = None,
) -> None:
    """`mt glossary rm`."""
    path = require_glossary(glossary)
    for entry in editing.remove_from_file(path, entries):
        err.print(
            f"removed [bold]{escape(entry.id)}[/] ({escape(entry.target)}, "
            f"line {entry.line}) from {escape(str(path))}"
        )


def import_command(
    in_file: Annotated[
        Path,
        typer.Argument(
            help="The glossary to import: a vendor CSV/TSV "
            "(source,target) or our full form, or TBX.",
            dir_okay=False,
        ),
    ],
    glossary: GlossaryOpt = None,
    from_fmt: Annotated[
        str | None,
        typer.Option("--from", help="Format of IN_FILE: tsv, csv or tbx (default: from its name)."),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge", help="Add the entries the glossary lacks; skip (and list) duplicates."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing glossary; with --merge, merge despite lint errors."
        ),
    ] = False,
) -> None:
    """`mt glossary import`."""
    path = require_glossary(glossary)
    check_format(from_fmt, "--from")
    if path.exists() and path.resolve() == in_file.resolve():
        raise UsageError(f"{in_file} is the glossary itself; import another file")
    with editing.locked(path):
        _import(path, in_file, from_fmt, merge, force)


def _import(path: Path, in_file: Path, from_fmt: str | None, merge: bool, force: bool) -> None:
    """`mt glossary import`'s read-modify-write, under the glossary's lock."""
    fmt = format_of(path)
    langs = languages_from_name(path)
    exists = path.exists()
    if exists and not (merge or force):
        raise UsageError(
            "the glossary exists: --merge adds the new entries to it, --force replaces it",
            path=path,
        )
    current = read_glossary(path) if exists and merge else None
    if current is not None:
        langs = (current.source_lang or langs[0], current.target_lang or langs[1])
    imported = read_glossary(in_file, from_fmt, langs)
    where = f"{escape(str(in_file))} ({imported.fmt})"
    if current is None:
        fresh = editing.fresh_copy(imported, langs)
        data, again = editing.render_verified(fresh, fmt, path)
        editing.write_file(path, data)
        verb = "replaced" if exists else "wrote"
        err.print(
            f"{verb} {escape(str(path))} ({fmt}): "
            f"{views.plural(len(again), 'entry', 'entries')} from {where}"
        )
        _lint_note(again, path)
        return
    before = len(current.entries)
    result = editing.merge(current, imported, fmt)
    same = [existing.id for entry, existing in result.skipped if editing.holds_all(existing, entry)]
    if same:
        err.print(
            f"skipped {views.plural(len(same), 'duplicate')} already in the glossary: "
            f"{escape(', '.join(same))}",
            soft_wrap=True,
        )
    for entry, existing in result.skipped:
        if not editing.holds_all(existing, entry):
            err.print(
                f"[yellow]skipped[/] {escape(str(in_file))}:{entry.line}: "
                f"{escape(entry.preferred)} is already entry [bold]{escape(existing.id)}[/] "
                f"(line {existing.line}) with other variants or details; merge them by "
                "hand if needed",
                soft_wrap=True,
            )
    if not result.added:
        err.print(
            f"nothing to add to {escape(str(path))}: every entry of {where} is already "
            "there; file unchanged"
        )
        return
    data, again = editing.render_verified(current, fmt, path)
    new_ids = {e.id for e in again.entries[before:]}
    findings = editing.lint_new(again, new_ids)
    refuse_on_errors(findings, force, path, "not merged")
    editing.write_file(path, data)
    err.print(
        f"added {views.plural(len(new_ids), 'entry', 'entries')} to {escape(str(path))} "
        f"from {where}"
        + (f"; skipped {views.plural(len(result.skipped), 'duplicate')}" if result.skipped else "")
    )


def _lint_note(gloss: Glossary, path: Path) -> None:
    counts = views.lint_counts(lint(gloss))
    if counts["errors"] or counts["warnings"]:
        err.print(
            f"[yellow]lint: {views.plural(counts['errors'], 'error')}, "
            f"{views.plural(counts['warnings'], 'warning')}[/]; see "
            f"`mt glossary lint -g {escape(str(path))}`"
        )


def export(
    output: Annotated[Path, typer.Argument(help="Where to write the glossary.", dir_okay=False)],
    glossary: GlossaryOpt = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Output format: tsv, csv or tbx (default: from the output name)."
        ),
    ] = None,
) -> None:
    """`mt glossary export`."""
    path = require_glossary(glossary)
    check_format(to, "--to")
    if output.resolve() == path.resolve():
        raise UsageError(f"{output} is the glossary itself; choose another output file")
    fmt = format_of(output, to)
    gloss = read_glossary(path)
    fresh = editing.fresh_copy(gloss, languages_from_name(output))
    data, _ = editing.render_verified(fresh, fmt, output)
    editing.write_file(output, data)
    err.print(
        f"wrote {views.plural(len(gloss), 'entry', 'entries')} to {escape(str(output))} ({fmt})"
    )
