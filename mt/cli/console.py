"""The consoles `mt` prints to: results on stdout, messages and errors on stderr."""

from __future__ import annotations

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(message: str) -> None:
    """Print a one-line error to stderr (without markup interpretation)."""
    err.print(f"[bold red]mt: error:[/] {escape(message)}", soft_wrap=True)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)
