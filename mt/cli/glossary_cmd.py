"""`mt glossary ...`: the glossary maintainer's commands, registered on one typer app.

Every command works on one glossary file, given with ``--glossary``/``-g`` or the environment
variable ``MT_GLOSSARY``. Files are only ever replaced atomically, after the new content has been
read back and found to hold exactly the entries meant; on any error nothing is written. The
commands live in :mod:`mt.cli.glossary_edit_cmds` (add, rm, import, export) and
:mod:`mt.cli.glossary_report_cmds` (list, lint, stats, suggest).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from mt.cli import glossary_edit_cmds as edit_cmds
from mt.cli import glossary_learn_cmd as learn_cmd
from mt.cli import glossary_report_cmds as report_cmds
from mt.cli.exitcodes import EPILOG
from mt.cli.options import GLOSSARY_ENV as ENV

glossary_app = typer.Typer(
    help="Maintain glossaries: list, add, rm, lint, import, export, stats, suggest, learn. "
    f"Each command works on the glossary given with --glossary/-g (or ${ENV}).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

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
        "With the source (X.ar beside X.mt.en, --source, or a session file) the spellings of "
        "one source name form a group even where each occurs once, and the source term goes "
        "into --tsv; with --parallel, two systems' outputs of one source are compared segment "
        "by segment. Groups are ranked by that evidence, then by frequency, and shown with "
        "example contexts; --tsv prints them as a "
        "glossary for `mt glossary import`. The first spelling of a group is the most frequent "
        "one, not necessarily the right one: check it against house style before importing.",
    ),
    "learn": learn_cmd.HELP,
}


COMMANDS: dict[str, Callable[..., Any]] = {
    "list": report_cmds.list_entries,
    "add": edit_cmds.add,
    "rm": edit_cmds.remove,
    "lint": report_cmds.lint_command,
    "import": edit_cmds.import_command,
    "export": edit_cmds.export,
    "stats": report_cmds.stats,
    "suggest": report_cmds.suggest_command,
    "learn": learn_cmd.learn_command,
}

for _name, _function in COMMANDS.items():
    _summary, _details = HELP[_name]
    glossary_app.command(
        _name, help=f"{_summary}\n\n{_details}", short_help=_summary, epilog=EPILOG
    )(_function)
