"""Checks every batch command makes before it does work: the glossary lints without errors,
every output can be written (and is no input), and the review UI has a terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from mt.errors import UsageError
from mt.glossary.entry import Glossary
from mt.glossary.files import load_glossary
from mt.glossary.lint import lint

ForceOpt = Annotated[
    bool, typer.Option("--force", help="Run even though the glossary has lint errors.")
]

QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print the summary only, not every change or issue.")
]


def checked_glossary(path: Path, *, force: bool = False) -> Glossary:
    """Load the glossary at ``path`` and lint it: errors refuse the run (exit 2, nothing
    written) unless ``force``; errors and warnings are shown once on stderr."""
    from mt.cli.glossary_common import refuse_on_errors

    glossary = load_glossary(path)
    refuse_on_errors(
        lint(glossary), force, path, "glossary not used",
        refusal="the glossary has {errors} (above); nothing written; fix them "
        "(mt glossary lint) or pass --force to run anyway",
        forced="running anyway (--force) with {errors} in the glossary",
        show_warnings=True,
    )
    return glossary


def check_outputs(outputs: dict[str, Path | None], inputs: list[Path | None]) -> None:
    """Refuse, before anything is written, an output that is an input, two outputs that are
    one file, or an output whose folder is missing or not writable; ``outputs`` maps each
    option to its path."""
    given = {opt: p for opt, p in outputs.items() if p is not None}
    ins = [p.resolve() for p in inputs if p is not None]
    seen: dict[Path, str] = {}
    for opt, path in given.items():
        resolved = path.resolve()
        if resolved in ins:
            raise UsageError(f"{path} is also an input; choose another file ({opt})")
        if resolved in seen:
            raise UsageError(f"{seen[resolved]} and {opt} name the same file: {path}")
        seen[resolved] = opt
        if resolved.is_dir():
            raise UsageError(f"{path} is a folder; {opt} needs a file name")
        folder = resolved.parent
        if not folder.is_dir():
            raise UsageError(f"{opt} {path}: the folder {folder} does not exist; nothing written")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise UsageError(f"{opt} {path}: the folder {folder} is not writable; "
                             "nothing written")


def check_output_folder(folder: Path, outputs: dict[str, Path], inputs: list[Path]) -> None:
    """Check a batch's outputs before any work: ``folder`` (``-o``) is a folder or can be made
    one (it is then created), every output lies inside it, none is an input and no two are one
    file (:func:`check_outputs`); on a refusal a folder made here is removed again."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder} is a file; with a folder or several documents, -o names "
                         "a folder (created if missing)")
    root = folder.resolve()
    for opt, path in outputs.items():
        if not path.resolve().is_relative_to(root):
            raise UsageError(f"{opt} {path} lies outside the output folder {folder}")
    made = not folder.exists()
    if made:
        parent = root.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
            raise UsageError(f"-o {folder}: cannot create it in {parent}; nothing written")
        folder.mkdir()
    try:
        check_outputs(dict(outputs), list(inputs))
    except UsageError:
        if made:
            folder.rmdir()
        raise


def require_terminal(command: str) -> None:
    """A usage error unless stdin and stdout are terminals (a full-screen UI needs both)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(f"{command} is an interactive terminal UI: run it in a terminal, "
                         "with neither input nor output redirected")
