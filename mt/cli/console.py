"""The consoles `mt` prints to: results on stdout, messages and errors on stderr."""

from __future__ import annotations

import sys

from rich.console import Console

#: Results wrap to the terminal's width only on a terminal; pipes and files get whole lines.
out = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, highlight=False)


def fail(message: str) -> None:
    """Print a one-line error to stderr (without markup interpretation)."""
    err.print(f"[bold red]mt: error:[/] {escape(message)}", soft_wrap=True)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` with the noun in the number it takes: "1 segment", "2 segments"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
