"""Loading a transformers seq2seq model and its tokenizer: from a local folder or the hub
(cache first, the network only when allowed and after one short probe that the hub answers,
never remote code, never pickle weights from a folder), the device and dtype to run it on, and
the revision recorded in an engine's signature."""

from __future__ import annotations

import hashlib
import http.client
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mt.engines.base import EngineError

if TYPE_CHECKING:
    import torch

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
#: Seconds the hub (or the proxy to it) gets to accept a connection before we call it unreachable.
HUB_PROBE_TIMEOUT = 3.0
#: Weight files torch loads by unpickling, which can run code: refused in a model folder.
PICKLE_WEIGHTS = ("*.bin", "*.pt", "*.pth", "*.ckpt", "*.pkl")


def prefer_passive_threads() -> None:
    """Let OpenMP threads (torch's, MKL's, CTranslate2's) sleep between parallel regions
    unless ``OMP_WAIT_POLICY`` says otherwise. Spinning threads on a machine busy with other
    processes made every small operation wait a scheduler tick: with the tiny test model on a
    loaded 2-core machine, the shipped stories with the glossary took 11-12 times the CPU time
    (bench/translate_realistic.py). OpenMP reads the variable when it is loaded, so this runs
    when :mod:`mt.engines` is imported, before torch; it does nothing where torch came first."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


prefer_passive_threads()


def _looks_like_path(name: str) -> bool:
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        return True
    return os.sep != "/" and os.sep in name


def _offline() -> bool:
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on"):
            return True
    return False


def _how_to_get(name: str) -> str:
    return (
        f"on a connected machine run `hf download {name}` (older hubs: `huggingface-cli "
        f"download {name}`) and copy the Hugging Face cache here, or pass --model with a local "
        "folder holding the model"
    )


def hub_endpoint() -> str:
    """The hub's address: ``$HF_ENDPOINT``, else huggingface_hub's."""
    if os.environ.get("HF_ENDPOINT"):
        return os.environ["HF_ENDPOINT"].rstrip("/")
    from huggingface_hub import constants

    return str(constants.ENDPOINT).rstrip("/")


def hub_unreachable(endpoint: str, timeout: float = HUB_PROBE_TIMEOUT) -> str | None:
    """Why ``endpoint`` cannot be reached, from one HEAD request (through the environment's
    proxy, if any) of at most ``timeout`` seconds and no retries; ``None`` when it answers with
    any HTTP status."""
    request = urllib.request.Request(endpoint + "/", method="HEAD",
                                     headers={"User-Agent": "mt (hub probe)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None  # it answered
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            return f"no answer within {timeout:g} s"
        text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
        return text


def pick_device(device: str = "auto") -> str:
    """``auto`` → ``cuda`` when a GPU is usable, else ``cpu``; refuse a GPU that is not there."""
    import torch

    wanted = (device or "auto").strip().lower()
    if wanted == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if wanted.startswith("cuda"):
        if not torch.cuda.is_available():
            raise EngineError(f"--device {device}: CUDA is not available on this machine "
                              "(use --device cpu)")
        return wanted
    if wanted == "cpu":
        return "cpu"
    raise EngineError(f"unknown device {device!r}; use auto, cpu, cuda or cuda:N")


def pick_dtype(dtype: str, device: str) -> torch.dtype:
    """``auto``: float32 on CPU, bfloat16 on a GPU that has it, else float16. ``int8`` (CPU
    only) loads float32 weights, which :func:`load_model` then quantises."""
    import torch

    names = {"fp32": torch.float32, "float32": torch.float32, "fp16": torch.float16,
             "float16": torch.float16, "bf16": torch.bfloat16, "bfloat16": torch.bfloat16}
    wanted = (dtype or "auto").lower()
    if wanted == "int8":
        if device.startswith("cuda"):
            raise EngineError("--dtype int8 runs on the CPU only (use bf16 or fp16 on a GPU)")
        return torch.float32
    if wanted == "auto":
        if device.startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float32
    if wanted not in names:
        raise EngineError(f"unknown dtype {dtype!r}; use auto, fp32, fp16, bf16 or int8")
    return names[wanted]


def quantize_int8(model: Any) -> Any:
    """``model`` with its linear layers (the output projection included) quantised to int8
    for the CPU (``torch.ao.quantization.quantize_dynamic``: int8 weights, activations
    quantised per batch); embeddings and layer norms stay float32."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def weights_hash(folder: Path) -> str | None:
    """sha256 of a local model's weight files (the best revision a folder has)."""
    files = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
    if not files:
        return None
    digest = hashlib.sha256()
    for f in files:
        with f.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return "sha256:" + digest.hexdigest()[:16]


def load_model(
    model: str | Path, revision: str | None, device: str, dtype: str
) -> tuple[Any, Any, str | None]:
    """(model on its device, tokenizer, revision) for a local folder or a hub id."""
    name = str(model)
    folder = Path(name).expanduser()
    if not folder.is_dir() and _looks_like_path(name):
        raise EngineError(f"no model folder {name} (give a folder holding config.json and "
                          "the weights, or a Hugging Face model id)")
    if folder.is_dir() and not (folder / "config.json").is_file():
        raise EngineError(f"{name} holds no config.json: not a transformers model folder")
    if folder.is_dir() and not any(folder.glob("*.safetensors")):
        pickled = sorted(p.name for pattern in PICKLE_WEIGHTS for p in folder.glob(pattern))
        if pickled:
            raise EngineError(
                f"{name}: pickle weights refused; use safetensors ({', '.join(pickled)} can "
                "run code when loaded; convert it on a trusted machine with `model = "
                "AutoModelForSeq2SeqLM.from_pretrained(folder); model.save_pretrained(folder)`)"
            )
    dev = pick_device(device)
    torch_dtype = pick_dtype(dtype, dev)
    if folder.is_dir():
        has_safetensors = any(folder.glob("*.safetensors"))
        mdl, tok = _load(str(folder), name, revision, torch_dtype, local=True,
                         use_safetensors=True if has_safetensors else None)
        rev = revision or weights_hash(folder)
    else:
        mdl, tok = _load_from_hub(name, revision, torch_dtype)
        rev = getattr(mdl.config, "_commit_hash", None) or revision
    mdl = mdl.to(dev)
    if (dtype or "").lower() == "int8":
        mdl = quantize_int8(mdl)
    return mdl, tok, rev


def _load(source: str, name: str, revision: str | None, dtype: Any, *, local: bool,
          use_safetensors: bool | None = None) -> tuple[Any, Any]:
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    common: dict[str, Any] = {"revision": revision, "trust_remote_code": False,
                              "local_files_only": local}
    tokenizer = AutoTokenizer.from_pretrained(source, **common)
    try:
        model = AutoModelForSeq2SeqLM.from_pretrained(
            source, dtype=dtype, use_safetensors=use_safetensors, **common
        )
    except ValueError as exc:
        if "Unrecognized configuration class" in str(exc):
            raise EngineError(f"{name} is not a sequence-to-sequence translation model") from None
        raise
    return model, tokenizer


def _load_from_hub(name: str, revision: str | None, dtype: Any) -> tuple[Any, Any]:
    try:
        return _load(name, name, revision, dtype, local=True)
    except EngineError:
        raise
    except Exception as cached_exc:  # not (fully) in the cache
        if _offline():
            raise EngineError(
                f"model {name!r} is not in the local Hugging Face cache and the hub is offline "
                f"(HF_HUB_OFFLINE); {_how_to_get(name)}"
            ) from cached_exc
    endpoint = hub_endpoint()
    why = hub_unreachable(endpoint)
    if why is not None:  # fail now rather than after the hub client's retries (about a minute)
        raise EngineError(
            f"model {name!r} is not in the local Hugging Face cache and the hub at {endpoint} "
            f"cannot be reached ({why}); {_how_to_get(name)} (HF_HUB_OFFLINE=1 skips the hub)"
        )
    try:
        return _load(name, name, revision, dtype, local=False)
    except EngineError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EngineError(
            f"cannot load model {name!r} ({first[:160]}); {_how_to_get(name)}"
        ) from exc


__all__ = ["DEFAULT_MODEL", "load_model", "pick_device", "pick_dtype", "quantize_int8",
           "weights_hash"]
