"""The consoles `mt` prints to: results on stdout, messages and errors on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

#: Results and messages wrap to the terminal's width only on a terminal; pipes and files get
#: whole lines.
out = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())


def fail(message: str) -> None:
    """Print a one-line error to stderr (without markup interpretation)."""
    err.print(f"[bold red]mt: error:[/] {escape(message)}", soft_wrap=True)


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` with the noun in the number it takes: "1 segment", "2 segments"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


@contextmanager
def progress_bar(label: str, *, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr, fed by the core's ``progress(done, total)``
    callback; shown only when stderr is a terminal (and ``enabled``), else a no-op callback."""
    if not (enabled and err.is_terminal):
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
