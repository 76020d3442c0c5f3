"""The CTranslate2 backend, and the one place that routes segments between the backends.

:class:`RoutedEngine` is a :class:`~mt.engines.transformers_engine.TransformersEngine` that
sends every sentence with no term to force through CTranslate2 (same beam, length limit,
length penalty and token batches; forbidden variants and the model's banned tokens through
``suppress_sequences``), and every sentence with terms to force through our constrained beam
search; results come back in input order. Scoring (teacher forcing) stays with transformers.
:func:`load_engine_for_backend` picks the backend for ``--backend auto|ctranslate2|transformers``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from mt.engines.base import Engine, EngineError, EngineSignature, Translation
from mt.engines.batching import Unit
from mt.engines.beam import Hypothesis
from mt.engines.transformers_engine import TransformersEngine

BACKENDS = ("auto", "ctranslate2", "transformers")


class RoutedEngine(TransformersEngine):
    """Unconstrained sentences through CTranslate2, constrained ones through our decoder.

    ``translator`` is a ``ctranslate2.Translator`` of the same model (see
    :func:`mt.engines.ct2_convert.converted_model`); ``compute_type`` is what it runs in.
    ``routed`` counts the sentences each backend translated so far.
    """

    def __init__(self, model: Any, tokenizer: Any, *, translator: Any, compute_type: str,
                 ct2_vocabulary: frozenset[str] | None = None, **options: Any) -> None:
        import ctranslate2

        super().__init__(model, tokenizer, **options)
        self.translator = translator
        self.compute_type = compute_type
        self._ct2_vocab = ct2_vocabulary
        self._ct2 = ctranslate2.__version__
        self.routed = {"ctranslate2": 0, "transformers": 0}
        self.backend_note = (f"ctranslate2 {self._ct2} ({compute_type}) for sentences without "
                             "glossary terms to force, transformers for the rest")

    @property
    def signature(self) -> EngineSignature:
        own = super().signature
        return replace(own, engine=f"ctranslate2-{self._ct2}:{self.compute_type}+{own.engine}")

    def _decode_units(self, units: list[Unit], which: list[int],
                      outputs: list[Translation | None]) -> None:
        forced = [i for i in which if units[i].constraints.required]
        free = [i for i in which if not units[i].constraints.required]
        if forced:
            super()._decode_units(units, forced, outputs)
        if free:
            self._ct2_units(units, free, outputs)
        self.routed["transformers"] += len(forced)
        self.routed["ctranslate2"] += len(free)

    def _ct2_units(self, units: list[Unit], which: list[int],
                   outputs: list[Translation | None]) -> None:
        tok = self.tokenizer
        groups: dict[tuple[tuple[int, ...], ...], list[int]] = {}
        plans = {}
        for i in which:
            plan, _, reasons = self._plan(units[i])
            plans[i] = (plan, reasons)
            banned: set[tuple[int, ...]] = {(b,) for b in self._banned_ids}
            banned |= {(b,) for b in plan.banned_single} | set(plan.banned_sequences)
            groups.setdefault(tuple(sorted(banned)), []).append(i)
        prefix = ([tok.convert_ids_to_tokens(self._forced_bos)]
                  if self._forced_bos is not None else None)
        for key, members in groups.items():
            spelled = [tok.convert_ids_to_tokens(list(seq)) for seq in key]
            known = self._ct2_vocab
            # A token the converted model dropped (Marian's <pad>) cannot be generated anyway.
            suppress = [s for s in spelled if known is None or all(t in known for t in s)]
            for batch in self._batches([len(units[i].ids or ()) for i in members]):
                chosen = [members[b] for b in batch]
                limits = [self._ct2_limit(plans[i][0].max_new_tokens) for i in chosen]
                source = [tok.convert_ids_to_tokens(units[i].ids or []) for i in chosen]
                results = self.translator.translate_batch(
                    source, target_prefix=[prefix] * len(chosen) if prefix else None,
                    beam_size=self.beam, length_penalty=self.length_penalty,
                    max_decoding_length=max(limits),
                    min_decoding_length=min(self.min_new_tokens, max(limits)),
                    suppress_sequences=suppress or None, return_scores=True, return_end_token=True,
                    max_batch_size=self.batch_tokens, batch_type="tokens",
                )
                for i, limit, res in zip(chosen, limits, results, strict=True):
                    outputs[i] = self._result(units[i], self._hypothesis(res, limit), [],
                                              plans[i][1])

    def _ct2_limit(self, max_new_tokens: int) -> int:
        """CTranslate2 counts decoding steps; ours ends with a forced EOS at the limit."""
        return max(max_new_tokens - 1, 1) if self._forced_eos else max_new_tokens

    def _hypothesis(self, result: Any, limit: int) -> Hypothesis:
        """Our hypothesis for CTranslate2's best; ``limit`` is this sentence's step limit (its
        batch may have run longer for a batch mate: such a tail is cut as ours would be)."""
        ids = list(self.tokenizer.convert_tokens_to_ids(result.hypotheses[0]))
        ended = bool(ids) and ids[-1] == self.eos_id
        text = ids[:-1] if ended else ids
        cut = not ended or len(text) > limit
        if cut:
            ids = text[:limit] + ([self.eos_id] if self._forced_eos else [])
        n = max(len(ids), 1)
        score = float(result.scores[0]) if result.scores else 0.0
        return Hypothesis(tuple(ids), score * n ** self.length_penalty, score, (), not cut)


def _local_folder(model: str, revision: str | None) -> Path:
    folder = Path(model).expanduser()
    if folder.is_dir():
        return folder
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model, revision=revision, local_files_only=True))
    except Exception as exc:
        raise EngineError(f"{model} is not in the local Hugging Face cache") from exc


def load_engine_for_backend(model: str, *, backend: str = "auto", revision: str | None = None,
                            device: str = "auto", dtype: str = "auto", **options: Any
                            ) -> Engine:
    """The engine for ``--backend``: ``transformers`` never touches ctranslate2;
    ``ctranslate2`` routes unconstrained sentences through it or fails with the reason;
    ``auto`` does so when ctranslate2 imports and the model converts, else falls back to
    transformers (the engine's ``backend_note`` says which ran and why)."""
    from mt.engines.loading import load_model

    wanted = (backend or "auto").strip().lower()
    if wanted not in BACKENDS:
        raise EngineError(f"unknown backend {backend!r}; use {', '.join(BACKENDS)}")
    mdl, tok, rev = load_model(model, revision, device, dtype)
    if wanted == "transformers":
        engine = TransformersEngine(mdl, tok, name=str(model), revision=rev, **options)
        engine.backend_note = "transformers (--backend transformers)"
        return engine
    try:
        device_used = str(next(mdl.parameters()).device)
        translator, ctype, vocab = _translator(str(model), revision, device_used, dtype)
    except (EngineError, ImportError) as exc:
        if wanted == "ctranslate2":
            raise EngineError(f"--backend ctranslate2: {exc}") from exc
        engine = TransformersEngine(mdl, tok, name=str(model), revision=rev, **options)
        engine.backend_note = f"transformers (ctranslate2 not used: {exc})"
        return engine
    return RoutedEngine(mdl, tok, translator=translator, compute_type=ctype,
                        ct2_vocabulary=vocab, name=str(model), revision=rev, **options)


def _translator(model: str, revision: str | None, device: str, dtype: str
                ) -> tuple[Any, str, frozenset[str] | None]:
    import torch

    from mt.engines.ct2_convert import compute_type, converted_model

    ctype = compute_type(dtype, device)
    path, _ = converted_model(_local_folder(model, revision), ctype)
    threads = torch.get_num_threads() if device == "cpu" else 1
    try:
        translator = open_translator(path, device, ctype, threads)
    except (RuntimeError, ValueError) as exc:
        raise EngineError(f"ctranslate2 cannot run {model} on {device} in {ctype} ({exc})"
                          ) from exc
    return translator, ctype, target_vocabulary(path)


def open_translator(path: Path, device: str, compute_type: str, threads: int) -> Any:
    """A ``ctranslate2.Translator`` of the converted model at ``path`` on ``device`` (``cpu``,
    ``cuda`` or ``cuda:N``). On a GPU it runs one step at once: CUDA libraries (cuBLAS) load at
    the first step, so a machine without the ones the wheel was built for fails here, not in
    the middle of a run."""
    import ctranslate2

    kind, _, index = device.partition(":")
    translator = ctranslate2.Translator(str(path), device=kind, device_index=int(index or 0),
                                        compute_type=compute_type, intra_threads=threads)
    if kind != "cpu":
        translator.translate_batch([["a"]], max_decoding_length=1)
    return translator


def target_vocabulary(path: Path) -> frozenset[str] | None:
    """The target tokens of a converted model (``None`` if its vocabulary file is unknown)."""
    import json

    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        if (path / name).is_file():
            return frozenset(json.loads((path / name).read_text(encoding="utf-8")))
    return None


__all__ = ["BACKENDS", "RoutedEngine", "load_engine_for_backend"]
