"""`mt glossary learn`: propose glossary entries from the names translators corrected (the
work is :mod:`mt.glossary.learn`; this module reads the options and shows the result)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from mt.cli.console import err, escape, out, plural
from mt.cli.glossary_common import DeviceOpt, JsonOpt, ModelOpt, model_aligner, print_json
from mt.cli.glossary_views import context_text
from mt.cli.options import GlossaryOpt, TextModeOpt
from mt.errors import UsageError
from mt.glossary.files import read_glossary
from mt.glossary.learn import LearnResult, Proposal, learn, proposals_tsv
from mt.glossary.learn_inputs import collect

HELP = (
    "Propose entries from the names translators corrected (Banshir → Panjshir).",
    "Reads MT files with their post-edits (a folder laid out like corpora/: X.mt.en with "
    "X.pe.en, and X.ar for the source terms) or review sessions (X.mt.json, with their "
    "journals). Each proposal is the translators' spelling with the MT spellings it replaced, "
    "counts, examples and the source term seen with it; --tsv prints them for `mt glossary "
    "import`. What the glossary given with -g already covers is left out, and said so.",
)

PathsArg = Annotated[
    list[Path],
    typer.Argument(help="Folders and files of finished work (X.mt.en, X.mt.json, journals)."),
]


def learn_command(
    paths: PathsArg,
    glossary: GlossaryOpt = None,
    post_edits_from: Annotated[
        str,
        typer.Option(
            "--post-edits-from",
            help="pe: X.pe.en holds the post-edit; ref: take the reference X.ref.en "
            "as the post-edit.",
        ),
    ] = "pe",
    text_mode: TextModeOpt = "auto",
    tsv: Annotated[
        bool, typer.Option("--tsv", help="Print the proposals as a TSV glossary to import.")
    ] = False,
    as_json: JsonOpt = False,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Only proposals made this often or more.")
    ] = 1,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show at most this many proposals (0: all).")
    ] = 0,
    model: ModelOpt = None,
    device: DeviceOpt = "auto",
) -> None:
    """`mt glossary learn`."""
    if tsv and as_json:
        raise UsageError("--tsv and --json exclude each other")
    found = collect(paths, post_edits_from, text_mode)
    gloss = None if glossary is None else read_glossary(glossary)
    result = learn(found.documents, gloss, aligner=model_aligner(model, device))
    shown = [p for p in result.proposals if p.total >= min_count]
    shown = shown[:limit] if limit else shown
    for problem in found.problems:
        err.print(f"[yellow]{escape(problem)}[/]", soft_wrap=True)
    if tsv:
        typer.echo(proposals_tsv(shown), nl=False)
        _skipped_note(result)
        return
    if as_json:
        print_json(
            {
                "files": [str(f) for f in found.files],
                "problems": found.problems,
                "segments": result.segments,
                "changed": result.changed,
                "proposals": [_proposal_json(p) for p in shown],
                "skipped": [
                    {"variant": v, "preferred": p, "entries": ids} for v, p, ids in result.skipped
                ],
            }
        )
        return
    out.print(
        f"{plural(len(shown), 'proposal')} from {plural(len(found.documents), 'document')} "
        f"({plural(result.segments, 'segment')}, {result.changed} changed by translators)"
    )
    if shown:
        out.print(_table(shown, gloss is not None))
    _skipped_note(result)
    if shown:
        out.print(
            "[dim]check each against house style; `--tsv` prints them for `mt glossary import`[/]"
        )


def _skipped_note(result: LearnResult) -> None:
    if not result.skipped:
        return
    names = ", ".join(f"{v} → {p}" for v, p, _ in result.skipped)
    err.print(
        f"[dim]skipped {len(result.skipped)} already in the glossary: {escape(names)}[/]",
        soft_wrap=True,
    )


def _table(proposals: list[Proposal], with_glossary: bool) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("preferred ← variants (count)", no_wrap=True)
    table.add_column("source", no_wrap=True)
    if with_glossary:
        table.add_column("glossary", no_wrap=True)
    table.add_column("examples", ratio=1, no_wrap=True, overflow="ellipsis")
    for rank, proposal in enumerate(proposals, 1):
        forms = Text(proposal.preferred, style="bold green")
        for variant in proposal.variants:
            forms.append("\n← ")
            forms.append(variant, style="red")
            forms.append(f" ×{proposal.counts[variant]}", style="dim")
        examples = Text()
        for i, example in enumerate(proposal.examples):
            if i:
                examples.append("\n")
            examples.append(f"{example.document}:{example.segment} ", style="cyan")
            examples.append_text(context_text(example.context, example.variant))
        row: list[Any] = [str(rank), forms, proposal.source or "[dim]—[/]"]
        if with_glossary:
            row.append(
                f"[dim]partly: {escape(proposal.covered)}[/]"
                if proposal.covered
                else "[yellow]new[/]"
            )
        row.append(examples)
        table.add_row(*row)
    return table


def _proposal_json(proposal: Proposal) -> dict[str, Any]:
    return {
        "preferred": proposal.preferred,
        "variants": list(proposal.variants),
        "counts": dict(proposal.counts),
        "total": proposal.total,
        "source": proposal.source,
        "source_score": proposal.source_score,
        "in_glossary": proposal.covered,
        "examples": [
            {
                "document": e.document,
                "segment": e.segment,
                "variant": e.variant,
                "context": e.context,
            }
            for e in proposal.examples
        ],
    }
