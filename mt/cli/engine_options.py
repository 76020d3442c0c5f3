"""The engine options as one typer option group, built from
:class:`mt.engines.options.EngineOptions`: :func:`with_engine_options` adds a flag per field
to a command and hands the command one ``engine_options`` object."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Annotated, Any, TypeVar, get_type_hints

import typer

from mt.cli.console import err, escape
from mt.engines.base import Engine
from mt.engines.options import EngineOptions

F = TypeVar("F", bound=Callable[..., Any])


class _ReportingOptions(EngineOptions):
    """The engine options of a command: loading says on stderr which backend runs what."""

    def load(self, model: str, **extra: Any) -> Engine:
        engine = super().load(model, **extra)
        if engine.backend_note:
            err.print(f"backend: {escape(engine.backend_note)}", soft_wrap=True,
                      highlight=False)
        return engine


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value is not None and value.lower() not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value.lower() if value is not None else value

    return check


def _parameters() -> list[inspect.Parameter]:
    hints = get_type_hints(EngineOptions)
    params = []
    for f in fields(EngineOptions):
        meta = dict(f.metadata)
        flag, help_text = meta.pop("flag"), meta.pop("help")
        if "choices" in meta:  # a bad value is a usage error (exit 2) naming the choices
            meta["callback"] = _one_of(tuple(meta.pop("choices")))
        option = typer.Option(flag, help=help_text, **meta)
        default = None if f.default is MISSING else f.default
        params.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY,
                                        default=default,
                                        annotation=Annotated[hints[f.name], option]))
    return params


def with_engine_options(command: F) -> F:
    """Give ``command`` (which takes ``engine_options: EngineOptions``) one CLI option per
    engine option; called directly, the options it is not given keep their defaults."""
    own = inspect.signature(command, eval_str=True)
    kept = [p for p in own.parameters.values() if p.name != "engine_options"]
    extra = _parameters()
    names = EngineOptions.names()

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {n: kwargs.pop(n) for n in names if n in kwargs}
        return command(*args, engine_options=_ReportingOptions(**values), **kwargs)

    wrapper.__signature__ = own.replace(  # type: ignore[attr-defined]
        parameters=[*kept, *extra]
    )
    wrapper.__annotations__ = {p.name: p.annotation for p in [*kept, *extra]}
    return wrapper  # type: ignore[return-value]


__all__ = ["with_engine_options"]
