"""`mt glossary ...`: the glossary maintainer's commands.

Every command works on one glossary file, given with ``--glossary``/``-g`` or the environment
variable ``MT_GLOSSARY``. Files are only ever replaced atomically, after the new content has been
read back and found to hold exactly the entries meant; on any error nothing is written.
"""

from __future__ import annotations

import json
import re
from glob import escape as glob_escape
from pathlib import Path
from typing import Annotated, Any

import typer

from mt.cli import glossary_edit as edit
from mt.cli import glossary_views as views
from mt.cli.console import err, escape, out
from mt.cli.exitcodes import EPILOG, ExitCode
from mt.cli.options import GLOSSARY_ENV as ENV
from mt.cli.options import GlossaryOpt, TextModeOpt, load, require_glossary
from mt.document import Document, Severity
from mt.errors import UsageError
from mt.formats.langcodes import language_of_path
from mt.glossary.entry import Glossary, GlossaryEntry, slugify
from mt.glossary.files import FORMATS, format_of
from mt.glossary.io_tsv import languages_from_name
from mt.glossary.lint import Finding, has_errors, lint
from mt.glossary.stats import glossary_stats
from mt.glossary.suggest import Suggestion, suggest, suggestions_tsv

glossary_app = typer.Typer(
    help="Maintain glossaries: list, add, rm, lint, import, export, stats, suggest. "
    f"Each command works on the glossary given with --glossary/-g (or ${ENV}).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Write even though lint finds errors.")]


def _glossary_path(path: Path | None) -> Path:
    return require_glossary(path)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _check_format(fmt: str | None, option: str) -> str | None:
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"{option} {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


HELP = {
    "list": (
        "List the entries of a glossary, optionally only those containing TEXT.",
        "A table of id, source terms, target, variants, flags and note; --json for machines. "
        "Lint problems never stop it.",
    ),
    "add": (
        "Add an entry to a glossary file, in place; print its id.",
        "The file keeps its format, order, comments and every other line. An entry that would "
        "make lint fail (duplicate, conflict, cycle, a variant that is another entry's target) "
        "is refused unless --force; a taken id is always refused.",
    ),
    "rm": (
        "Remove entries (by id or exact target term) from a glossary file, in place.",
        "Every other line stays byte for byte. An unknown id changes nothing and exits 2.",
    ),
    "lint": (
        "Find duplicates, conflicts, cycles, shadowing variants and damaged terms.",
        "Prints one line per finding (file:line: severity: message [check]). Exit status 1 when "
        "there are errors; warnings and info alone exit 0.",
    ),
    "import": (
        "Import a vendor CSV/TSV or a TBX glossary into the glossary file.",
        "Writes the format the glossary's name says (.tsv, .csv or .tbx). An existing glossary "
        "is only changed with --merge (add what it lacks, skip duplicates) or --force (replace "
        "it).",
    ),
    "export": (
        "Export a glossary as TSV, CSV or TBX.",
        "TSV and CSV in our full form (source, target, variants, case, note), TBX as TBX-Basic "
        "(v3). Importing the export gives back the same entries.",
    ),
    "stats": (
        "Count hits per entry over documents; list the entries that never fire.",
        "Target hits and variant hits are counted in the MT, source hits in the source: a file "
        "X.mt.en is read with its source X.ar (the glossary's source language) when that file "
        "lies beside it.",
    ),
    "suggest": (
        "Mine names spelled inconsistently in documents (Masoud/Massoud, Banshir/Panjshir).",
        "Groups are ranked by frequency and shown with example contexts; --tsv prints them as a "
        "glossary for `mt glossary import`. The first spelling of a group is the most frequent "
        "one, not necessarily the right one: check it against house style before importing.",
    ),
}


def _command(name: str):
    summary, details = HELP[name]
    return glossary_app.command(
        name, help=f"{summary}\n\n{details}", short_help=summary, epilog=EPILOG
    )


# --- list --------------------------------------------------------------------------------------


@_command("list")
def list_entries(
    text: Annotated[
        str | None,
        typer.Argument(help="Show only entries whose id, terms or note contain this text."),
    ] = None,
    glossary: GlossaryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """`mt glossary list`."""
    path = _glossary_path(glossary)
    gloss = edit.read_glossary(path)
    entries = gloss.entries
    if text:
        needle = edit.term_key(text)
        entries = [
            e
            for e in entries
            if needle in edit.term_key(" ".join([e.id, e.target, *e.sources, *e.variants, e.note]))
        ]
    if as_json:
        _print_json(
            {
                "path": str(path),
                "format": gloss.fmt,
                "source_lang": gloss.source_lang,
                "target_lang": gloss.target_lang,
                "count": len(entries),
                "entries": [views.entry_json(e) for e in entries],
            }
        )
        return
    headline = views.describe(gloss, str(path))
    if text:
        headline += f" · {len(entries)} matching [italic]{escape(text)}[/]"
    out.print(headline)
    if not entries:
        err.print(f"no entry matches {escape(repr(text))}" if text else "the glossary is empty")
        return
    out.print(views.entries_table(entries, gloss.source_lang, gloss.target_lang))
    legend = views.flags_legend(entries)
    if legend:
        out.print(legend)


# --- add / rm ----------------------------------------------------------------------------------


@_command("add")
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
    path = _glossary_path(glossary)
    if not target.strip():
        raise UsageError("--target must not be empty")
    fmt = format_of(path)
    gloss = edit.read_glossary(path)
    entry = GlossaryEntry(
        id=entry_id or "",
        target=target,
        sources=tuple(source or ()),
        variants=tuple(variant or ()),
        case_sensitive=case_sensitive,
        note=note,
    )
    edit.check_new_id(gloss, entry, fmt, path)
    gloss.add(entry)
    data, again = edit.build(gloss, fmt, path)
    added = again.entries[-1]  # build() checked that the entries read back in order
    findings = edit.lint_new(again, {added.id})
    _refuse_on_errors(findings, force, path, "not added")
    edit.write(path, data)
    if not edit.errors(findings):  # else already shown
        _show(findings)
    err.print(f"added [bold]{escape(added.id)}[/] to {escape(str(path))} (line {added.line})")
    typer.echo(added.id)


def _show(findings: list[Finding]) -> None:
    """Print the errors and warnings among ``findings`` (info is for `mt glossary lint`)."""
    for finding in findings:
        if finding.severity is not Severity.INFO:
            err.print(views.finding_line(finding), soft_wrap=True)


def _refuse_on_errors(findings: list[Finding], force: bool, path: Path, what: str) -> None:
    bad = edit.errors(findings)
    if not bad:
        return
    _show(findings)
    if force:
        err.print(f"[yellow]written anyway (--force): {views.plural(len(bad), 'lint error')}[/]")
        return
    raise UsageError(
        f"{what}: it would give the glossary {views.plural(len(bad), 'lint error')}"
        " (above); nothing written; --force writes it anyway",
        path=path,
    )


@_command("rm")
def remove(
    entries: Annotated[
        list[str],
        typer.Argument(help="Ids of the entries to remove (or their exact target terms)."),
    ],
    glossary: GlossaryOpt = None,
) -> None:
    """`mt glossary rm`."""
    path = _glossary_path(glossary)
    fmt = format_of(path)
    gloss = edit.read_glossary(path)
    doomed = []
    for wanted in entries:
        entry = edit.resolve(gloss, wanted, path)
        if entry not in doomed:
            doomed.append(entry)
    for entry in doomed:
        gloss.entries.remove(entry)
    gloss.invalidate()
    data, _ = edit.build(gloss, fmt, path)
    edit.write(path, data)
    for entry in doomed:
        err.print(
            f"removed [bold]{escape(entry.id)}[/] ({escape(entry.target)}, "
            f"line {entry.line}) from {escape(str(path))}"
        )


# --- lint --------------------------------------------------------------------------------------


@_command("lint")
def lint_command(
    glossary: GlossaryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """`mt glossary lint`."""
    path = _glossary_path(glossary)
    gloss = edit.read_glossary(path)
    findings = lint(gloss)
    if as_json:
        _print_json(
            {
                "path": str(path),
                "entries": len(gloss),
                **views.lint_counts(findings),
                "findings": [views.finding_json(f) for f in findings],
            }
        )
    else:
        for finding in findings:
            out.print(views.finding_line(finding), soft_wrap=True)
        out.print(f"{escape(str(path))}: {views.lint_summary(len(gloss), findings)}")
    if has_errors(findings):
        raise typer.Exit(ExitCode.QUALITY)


# --- import / export ---------------------------------------------------------------------------


@_command("import")
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
    path = _glossary_path(glossary)
    _check_format(from_fmt, "--from")
    if path.exists() and path.resolve() == in_file.resolve():
        raise UsageError(f"{in_file} is the glossary itself; import another file")
    fmt = format_of(path)
    langs = languages_from_name(path)
    exists = path.exists()
    if exists and not (merge or force):
        raise UsageError(
            "the glossary exists: --merge adds the new entries to it, --force replaces it",
            path=path,
        )
    current = edit.read_glossary(path) if exists and merge else None
    if current is not None:
        langs = (current.source_lang or langs[0], current.target_lang or langs[1])
    imported = edit.read_glossary(in_file, from_fmt, langs)
    where = f"{escape(str(in_file))} ({imported.fmt})"
    if current is None:
        fresh = edit.fresh_copy(imported, langs)
        data, again = edit.build(fresh, fmt, path)
        edit.write(path, data)
        verb = "replaced" if exists else "wrote"
        err.print(
            f"{verb} {escape(str(path))} ({fmt}): "
            f"{views.plural(len(again), 'entry', 'entries')} from {where}"
        )
        _lint_note(again, path)
        return
    before = len(current.entries)
    result = edit.merge(current, imported, fmt)
    same = [existing.id for entry, existing in result.skipped if edit.holds_all(existing, entry)]
    if same:
        err.print(
            f"skipped {views.plural(len(same), 'duplicate')} already in the glossary: "
            f"{escape(', '.join(same))}",
            soft_wrap=True,
        )
    for entry, existing in result.skipped:
        if not edit.holds_all(existing, entry):
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
    data, again = edit.build(current, fmt, path)
    new_ids = {e.id for e in again.entries[before:]}
    findings = edit.lint_new(again, new_ids)
    _refuse_on_errors(findings, force, path, "not merged")
    edit.write(path, data)
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


@_command("export")
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
    path = _glossary_path(glossary)
    _check_format(to, "--to")
    if output.resolve() == path.resolve():
        raise UsageError(f"{output} is the glossary itself; choose another output file")
    fmt = format_of(output, to)
    gloss = edit.read_glossary(path)
    data, _ = edit.build(edit.fresh_copy(gloss, languages_from_name(output)), fmt, output)
    edit.write(output, data)
    err.print(
        f"wrote {views.plural(len(gloss), 'entry', 'entries')} to {escape(str(output))} ({fmt})"
    )


# --- stats / suggest ---------------------------------------------------------------------------

_MT_NAME = re.compile(r"^(?P<stem>.+)\.mt\.(?P<lang>[A-Za-z]{2,3})$")


def _source_beside(path: Path, source_lang: str | None) -> Path | None:
    """The source text of ``<name>.mt.<lang>``: ``<name>.<source_lang>`` beside it, or, where the
    source language is unknown, the one ``<name>.<code>`` there in another language."""
    match = _MT_NAME.match(path.name)
    if not match:
        return None
    if source_lang:
        sibling = path.with_name(f"{match['stem']}.{source_lang}")
        return sibling if sibling.is_file() else None
    found = [
        p
        for p in path.parent.glob(f"{glob_escape(match['stem'])}.*")
        if p.is_file()
        and language_of_path(p) not in (None, match["lang"].lower())
        and p.name.count(".") == path.name.count(".") - 1
    ]
    return found[0] if len(found) == 1 else None


def _documents(
    files: list[Path], text_mode: str, source_lang: str | None = None, pair_sources: bool = False
) -> list[Document]:
    """Read ``files``; with ``pair_sources``, a text file ``<name>.mt.en`` is read together with
    its source ``<name>.ar`` (see :func:`_source_beside`)."""
    docs = []
    for path in files:
        doc = load(path, None, None, None, text_mode)
        if pair_sources and not doc.has_source and doc.meta.get("format") == "text":
            sibling = _source_beside(path, source_lang)
            if sibling is not None:
                doc = load(path, sibling, None, None, text_mode)
        docs.append(doc)
    return docs


FilesArg = Annotated[
    list[Path], typer.Argument(help="Documents (any format mt reads).", dir_okay=False)
]


@_command("stats")
def stats(
    files: FilesArg,
    glossary: GlossaryOpt = None,
    as_json: JsonOpt = False,
    pair: Annotated[
        bool,
        typer.Option(
            "--pair-sources/--no-pair-sources",
            help="Read X.mt.en together with its source X.ar (the glossary's source language) "
            "when that file lies beside it.",
        ),
    ] = True,
    text_mode: TextModeOpt = "auto",
) -> None:
    """`mt glossary stats`."""
    path = _glossary_path(glossary)
    gloss = edit.read_glossary(path)
    docs = _documents(files, text_mode, gloss.source_lang, pair)
    result = glossary_stats(gloss, docs)
    with_source = sum(1 for d in docs if d.has_source)
    if as_json:
        _print_json(views.stats_json(gloss, result, str(path), with_source))
        return
    out.print(
        " · ".join(
            [
                f"[bold]{escape(str(path))}[/]",
                views.plural(result.documents, "document"),
                views.plural(result.segments, "segment"),
                f"{len(result.fired)} of {views.plural(len(gloss), 'entry', 'entries')} fire",
            ]
        )
    )
    if not with_source:
        out.print(
            "[dim]no source text: source hits are not counted (give X.mt.en with X."
            f"{gloss.source_lang or 'ar'} beside it, or a file that holds the source)[/]"
        )
    elif with_source < len(docs):
        out.print(
            f"[dim]{views.plural(len(docs) - with_source, 'document')} without source "
            "text: their source hits are not counted[/]"
        )
    if result.fired:
        out.print(views.stats_table(gloss, result, with_source > 0))
    if not len(gloss):
        out.print("[yellow]the glossary is empty[/]")
        return
    never = [gloss.get(i) for i in result.never]
    if never:
        names = ", ".join(
            escape(e.preferred)
            + ("" if slugify(e.preferred) == e.id else f" [dim]({escape(e.id)})[/]")
            for e in never
        )
        out.print(f"[yellow]never fire ({len(never)}):[/] {names}")
    else:
        out.print("[green]every entry fires at least once[/]")


def _coverage(gloss: Glossary | None, suggestions: list[Suggestion]) -> list[str | None]:
    """For each suggestion, the entries that already unify its spellings (each spelling, with
    the glossary's variants replaced by their targets, reads the same), ``"partly: ..."`` where
    entries know some spellings only, ``None`` where the glossary knows none."""
    if gloss is None:
        return [None] * len(suggestions)
    matcher = gloss.matcher("target")
    found: list[str | None] = []
    for suggestion in suggestions:
        forms = list(suggestion.counts)
        fixed, ids = [], set()
        for form, hits in zip(forms, matcher.find_many(forms), strict=True):
            text, last = [], 0
            for hit in hits:
                ids.add(hit.entry_id)
                text += [
                    form[last : hit.start],
                    hit.entry.preferred if hit.kind == "variant" else hit.text,
                ]
                last = hit.end
            fixed.append(edit.term_key("".join([*text, form[last:]])))
        if not ids:
            found.append(None)
        elif len(set(fixed)) == 1:
            found.append(", ".join(sorted(ids)))
        else:
            found.append("partly: " + ", ".join(sorted(ids)))
    return found


@_command("suggest")
def suggest_command(
    files: FilesArg,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            "-g",
            envvar=ENV,
            show_envvar=True,
            dir_okay=False,
            help="Mark the groups this glossary already covers (and leave them out of --tsv).",
        ),
    ] = None,
    min_count: Annotated[
        int,
        typer.Option(
            "--min-count", min=1, help="Only groups seen at least this often (all spellings)."
        ),
    ] = 2,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show at most this many groups (0: all).")
    ] = 20,
    min_similarity: Annotated[
        float,
        typer.Option(
            "--min-similarity",
            min=0,
            max=100,
            help="How alike two spellings must be (0-100, after transliteration folding).",
        ),
    ] = 85.0,
    tsv: Annotated[
        bool,
        typer.Option(
            "--tsv", help="Print the groups as a TSV glossary, ready for `mt glossary import`."
        ),
    ] = False,
    as_json: JsonOpt = False,
    text_mode: TextModeOpt = "auto",
) -> None:
    """`mt glossary suggest`."""
    if tsv and as_json:
        raise UsageError("--tsv and --json exclude each other")
    gloss = edit.read_glossary(glossary) if glossary is not None else None
    docs = _documents(files, text_mode)
    found = [s for s in suggest(docs, min_similarity=min_similarity) if s.total >= min_count]
    known = _coverage(gloss, found)
    if tsv:
        pairs = [
            (s, k) for s, k in zip(found, known, strict=True) if k is None or k.startswith("partly")
        ]
        covered = len(found) - len(pairs)
        pairs = pairs[:limit] if limit else pairs
        typer.echo(suggestions_tsv([s for s, _ in pairs]), nl=False)
        if covered:
            err.print(
                f"[dim]left out {views.plural(covered, 'group')} the glossary already covers[/]"
            )
        return
    shown = found[:limit] if limit else found
    if as_json:
        _print_json(
            {
                "documents": [str(f) for f in files],
                "count": len(found),
                "suggestions": [
                    views.suggestion_json(s, k) for s, k in zip(shown, known, strict=False)
                ],
            }
        )
        return
    segments = sum(len(d) for d in docs)
    out.print(
        f"{views.plural(len(found), 'group')} of inconsistent spellings in "
        f"{views.plural(len(docs), 'document')} ({views.plural(segments, 'segment')})"
    )
    if not shown:
        return
    out.print(views.suggestions_table(shown, known[: len(shown)], gloss is not None))
    if len(shown) < len(found):
        out.print(f"[dim]… {len(found) - len(shown)} more (--limit 0 shows all)[/]")
    out.print(
        "[dim]the first spelling of each group is the most frequent one, not necessarily "
        "the right one; `--tsv` prints the groups for `mt glossary import`[/]"
    )
