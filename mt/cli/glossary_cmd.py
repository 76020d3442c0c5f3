"""`mt glossary ...`: the glossary maintainer's commands."""

from __future__ import annotations

import typer

from mt.cli.stubs import pending

glossary_app = typer.Typer(
    help="Maintain glossaries: list, add, rm, lint, import, export, stats, suggest.",
    no_args_is_help=True,
)

for _name, _summary in {
    "list": "List the entries of a glossary.",
    "add": "Add an entry to a glossary file, in place.",
    "rm": "Remove an entry from a glossary file, in place.",
    "lint": "Find duplicates, conflicts, cycles and damaged terms.",
    "import": "Import a vendor CSV/TSV or TBX glossary.",
    "export": "Export a glossary as TSV, CSV or TBX.",
    "stats": "Count hits per entry over documents.",
    "suggest": "Mine inconsistently spelled names from documents.",
}.items():
    glossary_app.command(_name, help=f"(not implemented yet) {_summary}",
                         context_settings={"allow_extra_args": True,
                                           "ignore_unknown_options": True})(
        pending(f"glossary {_name}", 3)
    )
