"""Commands whose issues have not landed yet: they say so and exit 3, with no fake output."""

from __future__ import annotations

from collections.abc import Callable

import typer

from mt.cli.exitcodes import ExitCode

PENDING: dict[str, tuple[int, str]] = {
    "translate": (5, "Translate with a neural MT model, forcing the glossary's terms."),
    "review": (6, "Review a document in the terminal UI: accept, reject and edit changes."),
}
_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


def pending(command: str, issue: int) -> Callable[[typer.Context], None]:
    def stub(ctx: typer.Context) -> None:
        from mt.cli.console import fail

        fail(f"`mt {command}` is not implemented yet (issue #{issue}); nothing was done")
        raise typer.Exit(ExitCode.NOT_IMPLEMENTED)

    return stub


def register(app: typer.Typer) -> None:
    for command, (issue, summary) in PENDING.items():
        app.command(command, help=f"(not implemented yet) {summary}",
                    context_settings=_PASS_THROUGH)(pending(command, issue))
