"""`mt glossary list|lint|stats|suggest`: the commands that read a glossary and report on it
(and on documents); the work is the core's (lint, stats, suggest, document pairing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from mt.cli import glossary_views as views
from mt.cli.console import err, escape, out, progress_bar
from mt.cli.exitcodes import ExitCode
from mt.cli.glossary_common import (
    DeviceOpt,
    FilesArg,
    JsonOpt,
    ModelOpt,
    model_aligner,
    print_json,
)
from mt.cli.options import GLOSSARY_ENV as ENV
from mt.cli.options import GlossaryOpt, TextModeOpt, require_glossary
from mt.document import Document
from mt.errors import AlignmentError, UsageError
from mt.formats.pairing import read_documents
from mt.formats.registry import read_document
from mt.glossary.entry import slugify
from mt.glossary.files import read_glossary
from mt.glossary.lint import has_errors, lint
from mt.glossary.names_suggest import suggest_names
from mt.glossary.normalize import term_key
from mt.glossary.stats import glossary_stats
from mt.glossary.suggest import coverage, suggestions_tsv


def list_entries(
    text: Annotated[
        str | None,
        typer.Argument(help="Show only entries whose id, terms or note contain this text."),
    ] = None,
    glossary: GlossaryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """`mt glossary list`."""
    path = require_glossary(glossary)
    gloss = read_glossary(path)
    entries = gloss.entries
    if text:
        needle = term_key(text)
        entries = [
            e
            for e in entries
            if needle in term_key(" ".join([e.id, e.target, *e.sources, *e.variants, e.note]))
        ]
    if as_json:
        print_json(
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


def lint_command(
    glossary: GlossaryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """`mt glossary lint`."""
    path = require_glossary(glossary)
    gloss = read_glossary(path)
    findings = lint(gloss)
    if as_json:
        print_json(
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
    path = require_glossary(glossary)
    gloss = read_glossary(path)
    with progress_bar("glossary stats", enabled=not as_json) as progress:
        docs = _read_all(files, text_mode, progress, gloss.source_lang, pair)
        result = glossary_stats(gloss, docs)
    with_source = sum(1 for d in docs if d.has_source)
    if as_json:
        print_json(views.stats_json(gloss, result, str(path), with_source))
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
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            dir_okay=False,
            help="The source text of the document (of every document, with --parallel). "
            "Without it, X.mt.en is read with X.ar beside it where there is one.",
        ),
    ] = None,
    parallel: Annotated[
        bool,
        typer.Option(
            "--parallel",
            help="The documents are outputs of one source (e.g. two systems), aligned "
            "segment by segment: a name two of them spell differently in a segment is a group.",
        ),
    ] = False,
    model: ModelOpt = None,
    device: DeviceOpt = "auto",
    as_json: JsonOpt = False,
    text_mode: TextModeOpt = "auto",
) -> None:
    """`mt glossary suggest`."""
    if tsv and as_json:
        raise UsageError("--tsv and --json exclude each other")
    if source is not None and len(files) > 1 and not parallel:
        raise UsageError("--source names the source of one document (or of --parallel ones)")
    gloss = read_glossary(glossary) if glossary is not None else None
    aligner = model_aligner(model, device)
    with progress_bar("glossary suggest", enabled=not as_json and not tsv) as progress:
        if source is not None:
            docs = [read_document(f, source=source, options={"mode": text_mode}) for f in files]
        else:
            docs = _read_all(files, text_mode, progress, pair=True)
        if parallel:
            check_parallel(files, docs)
        groups = (suggest_names(parallel=[docs], aligner=aligner) if parallel
                  else suggest_names(docs, aligner=aligner))
        found = [s for s in groups if s.total >= min_count]
    known = coverage(gloss, found)
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
        print_json(
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


def _read_all(
    files: list[Path],
    text_mode: str,
    progress: Callable[[int, int], None],
    source_lang: str | None = None,
    pair: bool = False,
) -> list[Document]:
    """Read ``files`` one by one, the progress bar counting them (the last step is the work
    on all of them)."""
    docs = []
    for i, path in enumerate(files):
        progress(i, len(files) + 1)
        docs.extend(read_documents([path], text_mode, source_lang, pair))
    progress(len(files), len(files) + 1)
    return docs


def check_parallel(files: list[Path], docs: list[Document]) -> None:
    """Parallel outputs need two documents or more with the same number of segments."""
    if len(docs) < 2:
        raise UsageError("--parallel needs two documents or more (outputs of one source)")
    for path, doc in zip(files[1:], docs[1:], strict=True):
        if len(doc) != len(docs[0]):
            raise AlignmentError(
                f"{path}: {len(doc)} segments, but {files[0]} has {len(docs[0])}: "
                "--parallel outputs must align segment by segment"
            )
