"""The `mt` application: commands, the version flag, and errors turned into exit statuses."""

from __future__ import annotations

import inspect as inspect_module
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperOption

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


def reflow(doc: str | None) -> str | None:
    """A docstring as help text: the lines of each paragraph joined, so that the help wraps
    sentences to the terminal instead of keeping the source's line breaks; list items
    (lines starting with "-" or "*") keep their own lines."""
    if doc is None:
        return None
    paragraphs = []
    for block in inspect_module.cleandoc(doc).split("\n\n"):
        lines: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            if lines and not stripped.startswith(("-", "*", "•")):
                lines[-1] += " " + stripped
            else:
                lines.append(stripped)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


for _name, _command in (("post-edit", post_edit), ("score", score), ("review", review),
                        ("translate", translate), ("qa", qa), ("inspect", inspect),
                        ("convert", convert)):
    app.command(_name, epilog=EPILOG, help=reflow(_command.__doc__))(_command)
for _info in glossary_app.registered_commands:
    if _info.help is None and _info.callback is not None:
        _info.help = reflow(_info.callback.__doc__)
app.add_typer(glossary_app, name="glossary")


def _flag_type(self: TyperOption, ctx: Any) -> str | None:
    """No ``<bool>`` type shown for a flag: it takes no value."""
    return None if self.is_flag else _option_type(self, ctx)


_option_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]


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
