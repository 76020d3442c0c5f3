"""The engine options, declared once: :class:`EngineOptions`, a frozen dataclass whose fields
carry their command-line flag and help text (``field.metadata``), so every front end that
builds an engine (``mt translate``, ``mt qa``, ``mt review``) offers the same options."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mt.engines.base import Engine


def _option(default: Any, flag: str, help: str, **extra: Any) -> Any:
    return field(default=default, metadata={"flag": flag, "help": help, **extra})


@dataclass(frozen=True)
class EngineOptions:
    """How to build a neural engine, besides the model; ``load`` builds one."""

    revision: str | None = _option(None, "--revision", "Hub revision (branch, tag or commit).")
    device: str = _option("auto", "--device", "auto, cpu, cuda or cuda:N.")
    dtype: str = _option("auto", "--dtype", "auto (fp32 on CPU, bf16/fp16 on GPU), fp32, fp16, "
                         "bf16 or int8 (CPU: linear layers quantised, about 1.6x faster, "
                         "text may differ).")
    beam: int = _option(4, "--beam", "Beam size.", min=1)
    batch_tokens: int = _option(2048, "--batch-tokens",
                                "Source tokens per batch, padding included.", min=1)
    source_lang: str | None = _option(None, "--source-lang", "Source language (NLLB/M2M100 "
                                      "need it; default: from the file name or the model).")
    target_lang: str | None = _option(None, "--target-lang",
                                      "Target language (NLLB/M2M100 need it).")
    backend: str = _option("auto", "--backend", "auto (CTranslate2 for sentences without "
                           "glossary terms to force when it can run the model, else "
                           "transformers), ctranslate2 or transformers.",
                           choices=("auto", "ctranslate2", "transformers"))

    @classmethod
    def names(cls) -> list[str]:
        """The option names, in declaration order."""
        return [f.name for f in fields(cls)]

    def to_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`mt.engines.load_engine`."""
        return asdict(self)

    def load(self, model: str, **extra: Any) -> Engine:
        """The engine for ``model`` (a hub id or a local folder) with these options; ``extra``
        (``glossary``, or a ``source_lang`` found in the document) fills the options that are
        unset. Imports torch and transformers now (and ctranslate2 unless the backend is
        ``transformers``)."""
        from mt.engines.ct2_engine import load_engine_for_backend

        kwargs = self.to_kwargs()
        for name, value in extra.items():
            if kwargs.get(name) is None:
                kwargs[name] = value
        return load_engine_for_backend(model, **kwargs)


__all__ = ["EngineOptions"]
