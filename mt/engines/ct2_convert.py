"""Converting a local Hugging Face model folder into a CTranslate2 model, once, into a cache.

The cache lives under ``$MT_CACHE_DIR`` (default ``$XDG_CACHE_HOME/mt`` or ``~/.cache/mt``),
in ``ct2/<key>``, where the key hashes the safetensors weights, the config and tokenizer files,
the ctranslate2 version, the quantisation and our conversion recipe: changed weights give a new
conversion, an unchanged model is never converted twice. A conversion is written to a temporary
folder and renamed into place, so an interrupted one leaves no half model behind.

Only safetensors weights are converted (pickle weights can run code when loaded) and no remote
code is ever trusted. ctranslate2's Marian recipe assumes the decoder starts from a zero
embedding (true of the Marian-trained opus-mt models); where a model's start-token embedding is
not zero we keep it and start from it, as transformers does, so both give the same output.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mt.engines.base import EngineError

#: Bump when the conversion recipe below changes what a converted model holds.
RECIPE = "mt-ct2-1"
#: Files besides the weights that change the converted model.
_KEY_FILES = ("config.json", "vocab.json", "tokenizer.json", "tokenizer_config.json",
              "special_tokens_map.json", "source.spm", "target.spm", "sentencepiece.bpe.model",
              "spm.model")
#: CTranslate2 compute types by our --dtype names.
_COMPUTE = {"fp32": "float32", "float32": "float32", "fp16": "float16", "float16": "float16",
            "bf16": "bfloat16", "bfloat16": "bfloat16", "int8": "int8"}


def compute_type(dtype: str, device: str) -> str:
    """The CTranslate2 compute type for ``--dtype`` on ``device`` (``cpu``/``cuda``): ``auto``
    is int8 on CPU, bfloat16 on a GPU that has it, else float16."""
    wanted = (dtype or "auto").lower()
    if wanted == "auto":
        if not device.startswith("cuda"):
            return "int8"
        import ctranslate2

        index = int(device.split(":")[1]) if ":" in device else 0
        supported = ctranslate2.get_supported_compute_types("cuda", index)
        return "bfloat16" if "bfloat16" in supported else "float16"
    if wanted not in _COMPUTE:
        raise EngineError(f"unknown dtype {dtype!r}; use auto, fp32, fp16 or bf16")
    return _COMPUTE[wanted]


def cache_root() -> Path:
    """Where converted models live (``$MT_CACHE_DIR``, else the user cache folder)."""
    if os.environ.get("MT_CACHE_DIR"):
        return Path(os.environ["MT_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "mt"


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def safetensors_files(folder: Path) -> list[Path]:
    """The folder's safetensors weights; an error when it has none (pickle is refused)."""
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        raise EngineError(f"{folder}: no safetensors weights; the CTranslate2 backend converts "
                          "safetensors only (pickle weights can run code when loaded)")
    return files


def conversion_key(folder: Path, quantization: str) -> str:
    """A hash of everything that determines the converted model."""
    import ctranslate2

    parts: dict[str, Any] = {"recipe": RECIPE, "ctranslate2": ctranslate2.__version__,
                             "quantization": quantization}
    for f in safetensors_files(folder):
        parts[f.name] = _file_digest(f)
    for name in _KEY_FILES:
        if (folder / name).is_file():
            parts[name] = _file_digest(folder / name)
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


def converted_model(folder: Path, quantization: str, root: Path | None = None
                    ) -> tuple[Path, bool]:
    """(the CTranslate2 model folder for ``folder`` at ``quantization``, whether it was
    converted now): the cached conversion when there is one, else a new one."""
    folder = Path(folder)
    key = conversion_key(folder, quantization)
    root = (root or cache_root()) / "ct2"
    target = root / f"{folder.name}-{quantization}-{key}"
    if (target / "model.bin").is_file():
        return target, False
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=root))
    try:
        out = tmp / "model"
        _SafeConverter(str(folder)).convert(str(out), quantization=quantization)
        (out / "mt-conversion.json").write_text(
            json.dumps({"source": str(folder.resolve()), "key": key,
                        "quantization": quantization, "recipe": RECIPE}), encoding="utf-8")
        try:
            os.replace(out, target)
        except OSError:
            if not (target / "model.bin").is_file():  # not a concurrent conversion: real error
                raise
    except EngineError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EngineError(f"cannot convert {folder} for CTranslate2 ({first[:160]})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target, True


def _loader(config: Any, model: Any) -> Any:
    """ctranslate2's loader for the model's config (the faithful Marian one where needed)."""
    from ctranslate2.converters import transformers as ct2t

    name = type(config).__name__
    loader = ct2t._MODEL_LOADERS.get(name)
    if loader is None:
        raise EngineError(f"CTranslate2 cannot convert a {name} model")
    if name == "MarianConfig":
        start = int(model.config.decoder_start_token_id)
        if bool(model.get_input_embeddings().weight[start].abs().sum() != 0):
            return _start_token_marian_loader()
    return loader


def _start_token_marian_loader() -> Any:
    """Marian converted with its start-token embedding kept (ctranslate2 assumes zeros)."""
    from ctranslate2.converters.transformers import BartLoader, MarianMTLoader

    class StartTokenMarianLoader(MarianMTLoader):
        def get_model_spec(self, model: Any) -> Any:
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return BartLoader.get_model_spec(self, model)  # keeps the <pad> row

        def set_config(self, config: Any, model: Any, tokenizer: Any) -> None:
            super().set_config(config, model, tokenizer)
            config.decoder_start_token = tokenizer.convert_ids_to_tokens(
                model.config.decoder_start_token_id)

        def set_decoder(self, spec: Any, decoder: Any) -> None:
            BartLoader.set_decoder(self, spec, decoder)  # no start_from_zero_embedding

        def get_vocabulary(self, model: Any, tokenizer: Any) -> Any:
            return BartLoader.get_vocabulary(self, model, tokenizer)

    return StartTokenMarianLoader()


def _make_converter_class() -> Any:
    from ctranslate2.converters import TransformersConverter

    class SafeConverter(TransformersConverter):
        """Local files only, safetensors only, no remote code."""

        def _load(self) -> Any:
            import torch
            import transformers

            path = self._model_name_or_path
            safe: dict[str, Any] = {"local_files_only": True, "trust_remote_code": False}
            with torch.no_grad():
                config = transformers.AutoConfig.from_pretrained(path, **safe)
                model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                    path, config=config, use_safetensors=True, dtype=torch.float32, **safe)
                tokenizer = transformers.AutoTokenizer.from_pretrained(path, **safe)
                return _loader(config, model)(model, tokenizer)

    return SafeConverter


class _SafeConverter:
    def __init__(self, path: str) -> None:
        self._inner = _make_converter_class()(path)

    def convert(self, out: str, quantization: str) -> str:
        return str(self._inner.convert(out, quantization=quantization))


__all__ = ["cache_root", "compute_type", "conversion_key", "converted_model",
           "safetensors_files"]
