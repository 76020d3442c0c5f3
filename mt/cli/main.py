"""The `mt` application: commands, the version flag, and errors turned into exit statuses."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from mt import __version__
from mt.cli.convert_cmd import convert
from mt.cli.exitcodes import EPILOG, ExitCode
from mt.cli.glossary_cmd import glossary_app
from mt.cli.inspect_cmd import inspect
from mt.cli.post_edit_cmd import post_edit
from mt.cli.qa_cmd import qa
from mt.cli.review_cmd import review
from mt.cli.score_cmd import score
from mt.cli.translate_cmd import translate
from mt.errors import MTError

app = typer.Typer(
    name="mt",
    help="Post-edit and review machine translation of news: glossary fixes, neural "
    "re-translation with forced terms, scores and QA.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mt {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True,
                     help="Show the version and exit."),
    ] = False,
) -> None:
    """Post-edit and review machine translation of news."""


app.command("post-edit", epilog=EPILOG)(post_edit)
app.command("score", epilog=EPILOG)(score)
app.command("review", epilog=EPILOG)(review)
app.command("translate", epilog=EPILOG)(translate)
app.command("qa", epilog=EPILOG)(qa)
app.command("inspect", epilog=EPILOG)(inspect)
app.command("convert", epilog=EPILOG)(convert)
app.add_typer(glossary_app, name="glossary")


def run() -> None:
    """Console-script entry point: one line per error, an exit status pipelines can rely on."""
    from mt.cli.console import fail

    try:
        app()
    except MTError as exc:
        fail(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line unless asked for the traceback
        if os.environ.get("MT_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set MT_DEBUG=1 for the traceback)")
        sys.exit(ExitCode.INTERNAL)
