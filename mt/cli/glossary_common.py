"""What the `mt glossary` commands share: their options, JSON output, and showing lint findings
(and a refusal over lint errors) on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from mt.cli import glossary_views as views
from mt.cli.console import err, escape
from mt.document import Severity
from mt.engines.options import EngineOptions
from mt.errors import UsageError
from mt.glossary.editing import LintRefused, lint_errors, refuse_lint_errors
from mt.glossary.files import FORMATS
from mt.glossary.lint import LintFinding
from mt.glossary.names_align import Aligner

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Write even though lint finds errors.")]
FilesArg = Annotated[
    list[Path], typer.Argument(help="Documents (any format mt reads).", dir_okay=False)
]


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def check_format(fmt: str | None, option: str) -> str | None:
    """``fmt`` if it is a glossary format (or ``None``); a usage error naming ``option`` else."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"{option} {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def show_findings(findings: list[LintFinding]) -> None:
    """Print the errors and warnings among ``findings`` (info is for `mt glossary lint`)."""
    for finding in findings:
        if finding.severity is not Severity.INFO:
            err.print(views.finding_line(finding), soft_wrap=True)


def refuse_on_errors(
    findings: list[LintFinding],
    force: bool,
    path: Path,
    what: str,
    *,
    refusal: str = "{what}: it would give the glossary {errors} (above); nothing written; "
    "--force writes it anyway",
    forced: str = "written anyway (--force): {errors}",
    show_warnings: bool = False,
) -> None:
    """Refuse (a usage error) if ``findings`` hold lint errors, unless ``force``; the findings
    are shown when refused or forced (always with ``show_warnings``). ``refusal`` and ``forced``
    are the messages, with ``{what}`` and ``{errors}`` (the count, "2 lint errors")."""
    try:
        bad = refuse_lint_errors(findings, force, path, what)
    except LintRefused as refused:
        show_findings(refused.findings)
        errors = views.plural(len(lint_errors(refused.findings)), "lint error")
        raise UsageError(refusal.format(what=what, errors=errors), path=path) from None
    if bad or show_warnings:
        show_findings(findings)
    if bad:
        errors = views.plural(len(bad), "lint error")
        err.print(f"[yellow]{forced.format(what=what, errors=errors)}[/]")


ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="A translation model (local folder, or a hub id in the local cache): its "
        "cross-attention helps align names with their source terms. Never downloads.",
    ),
]
DeviceOpt = Annotated[str, typer.Option("--device", help="auto, cpu, cuda or cuda:N (--model).")]


def model_aligner(model: str | None, device: str) -> Aligner | None:
    """The word attention of (source, target) pairs from ``model`` (loaded as `mt translate`
    loads one, transformers only), or ``None`` without a model."""
    if model is None:
        return None
    from mt.engines.attention import word_attention
    from mt.engines.transformers_engine import TransformersEngine

    with err.status(f"loading {escape(model)}…"):
        engine = EngineOptions(device=device, backend="transformers").load(model)
    assert isinstance(engine, TransformersEngine)
    return lambda pairs: word_attention(engine, pairs)
