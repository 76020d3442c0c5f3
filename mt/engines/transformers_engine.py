"""The transformers backend: any ``AutoModelForSeq2SeqLM`` translation model.

Marian/opus-mt (``Helsinki-NLP/opus-mt-ar-en`` is the default for Arabic→English), NLLB and
M2M100 (their language codes are set on the tokenizer and forced as the first target token).
A model comes from a local folder or a Hugging Face hub id; the cache is tried first, the
network only when it is allowed, and code from a model repository is never run
(``trust_remote_code=False``). safetensors weights are preferred.

Inputs are split into sentences, sorted by length and batched by token count; the batches are
decoded with our beam search (:mod:`mt.engines.beam`), which forces the glossary's terms, and
the sentences are joined back with the spacing they had. torch and transformers are imported
when an engine is built, never when :mod:`mt` is.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mt.engines.base import (
    UNMET_LENGTH,
    UNMET_VOCABULARY,
    ConstraintReport,
    Engine,
    EngineError,
    EngineSignature,
    ScoredTranslation,
    SentenceConstraints,
    TokenScore,
    Translation,
    glossary_hash,
)
from mt.engines.beam import MAX_CONSTRAINTS, DecodeSettings, SentencePlan, beam_search
from mt.engines.confidence import merge_words
from mt.engines.constraints import check_output, constraints_for
from mt.text.sentences import Sentence, join_sentences, split_sentences

if TYPE_CHECKING:
    import torch

    from mt.glossary.entry import Glossary

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
DEFAULT_BATCH_TOKENS = 2048

#: ISO 639-1 → NLLB-200 (FLORES) codes for the languages a newsroom meets most.
NLLB_CODES = {
    "ar": "arb_Arab", "en": "eng_Latn", "fr": "fra_Latn", "de": "deu_Latn", "es": "spa_Latn",
    "ru": "rus_Cyrl", "fa": "pes_Arab", "ps": "pbt_Arab", "ur": "urd_Arab", "tr": "tur_Latn",
    "zh": "zho_Hans", "it": "ita_Latn", "pt": "por_Latn", "he": "heb_Hebr", "uk": "ukr_Cyrl",
    "hi": "hin_Deva", "ku": "ckb_Arab", "uz": "uzn_Latn", "tg": "tgk_Cyrl", "nl": "nld_Latn",
}  # fmt: skip
_OPUS_NAME = re.compile(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})(?:$|[^a-z])", re.IGNORECASE)
_WORD_MARKS = ("▁", "Ġ")


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
    """``auto``: float32 on CPU, bfloat16 on a GPU that has it, else float16."""
    import torch

    names = {"fp32": torch.float32, "float32": torch.float32, "fp16": torch.float16,
             "float16": torch.float16, "bf16": torch.bfloat16, "bfloat16": torch.bfloat16}
    wanted = (dtype or "auto").lower()
    if wanted == "auto":
        if device.startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float32
    if wanted not in names:
        raise EngineError(f"unknown dtype {dtype!r}; use auto, fp32, fp16 or bf16")
    return names[wanted]


def _weights_hash(folder: Path) -> str | None:
    """sha256 of a local model's weight files (the best revision a folder has)."""
    files = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
    if not files:
        return None
    digest = hashlib.sha256()
    for f in files:
        with f.open("rb") as handle:
            for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(chunk)
    return "sha256:" + digest.hexdigest()[:16]


@dataclass
class _Unit:
    """One sentence (or unsplit text) to translate."""

    index: int  # input it belongs to
    text: str
    constraints: SentenceConstraints
    ids: list[int] | None = None
    truncated: bool = False


class _Decoder:
    """Encoder run once; decoder fed one token per row with its key/value cache."""

    def __init__(self, model: Any, input_ids: torch.Tensor, mask: torch.Tensor, beam: int,
                 cache_arg: str, cache_out: str) -> None:
        import torch

        self.model, self.beam = model, beam
        self.cache_arg, self.cache_out = cache_arg, cache_out
        encoder = model.get_encoder()
        hidden = encoder(input_ids=input_ids, attention_mask=mask, return_dict=True)
        self.hidden = hidden.last_hidden_state.repeat_interleave(beam, dim=0)
        self.mask = mask.repeat_interleave(beam, dim=0)
        self.cache: Any = None
        self._arange = torch.arange(beam, device=input_ids.device)

    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        from transformers.modeling_outputs import BaseModelOutput

        out = self.model(
            encoder_outputs=BaseModelOutput(last_hidden_state=self.hidden),
            attention_mask=self.mask,
            decoder_input_ids=tokens[:, None],
            use_cache=True,
            return_dict=True,
            **{self.cache_arg: self.cache},
        )
        self.cache = getattr(out, self.cache_out)
        return out.logits[:, -1, :]

    def reorder(self, rows: torch.Tensor, keep: torch.Tensor | None) -> None:
        cache = self.cache
        self_attn = getattr(cache, "self_attention_cache", None)
        cross = getattr(cache, "cross_attention_cache", None)
        if keep is not None:
            sent_rows = (keep[:, None] * self.beam + self._arange).view(-1)
            self.hidden = self.hidden.index_select(0, sent_rows)
            self.mask = self.mask.index_select(0, sent_rows)
            if cross is not None:
                cross.batch_select_indices(sent_rows)
        if self_attn is not None:
            # The cross-attention cache is the same for every beam of a sentence: not reordered.
            self_attn.reorder_cache(rows)
        elif isinstance(cache, tuple):  # legacy cache: per layer (self k, self v, cross k, cross v)
            sent_rows = (None if keep is None
                         else (keep[:, None] * self.beam + self._arange).view(-1))
            self.cache = tuple(
                tuple(t.index_select(0, rows) for t in layer[:2])
                + tuple(t if sent_rows is None else t.index_select(0, sent_rows)
                        for t in layer[2:])
                for layer in cache
            )
        else:
            cache.reorder_cache(rows)


class TransformersEngine(Engine):
    """A transformers seq2seq model with our (constrained) beam search.

    Build it with :meth:`load` from a hub id or a folder, or wrap a model and tokenizer you
    already have. ``max_new_tokens=None`` lets each sentence have ``2 × source tokens + 10``
    (plus its constraint tokens), within the model's limit.
    """

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        name: str = "model",
        revision: str | None = None,
        beam: int = 4,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        max_new_tokens: int | None = None,
        min_new_tokens: int = 0,
        length_penalty: float | None = None,
        glossary: Glossary | None = None,
        source_lang: str | None = None,
        target_lang: str | None = None,
        split: bool = True,
    ) -> None:
        import torch
        import transformers

        if beam < 1:
            raise EngineError("the beam size must be at least 1")
        if batch_tokens < 1:
            raise EngineError("--batch-tokens must be at least 1")
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.revision = revision
        self.beam = beam
        self.batch_tokens = batch_tokens
        self.max_new_tokens = max_new_tokens
        self.min_new_tokens = min_new_tokens
        self.glossary = glossary
        self.split = split
        self._transformers = transformers.__version__
        self.device = next(model.parameters()).device
        self.dtype = next(model.parameters()).dtype
        guess = _OPUS_NAME.search(name)
        self.source_lang = source_lang or (guess.group(1).lower() if guess else None)
        self.target_lang = target_lang or (guess.group(2).lower() if guess else None)

        gen = getattr(model, "generation_config", None)
        cfg = model.config
        eos = getattr(gen, "eos_token_id", None)
        eos = cfg.eos_token_id if eos is None else eos
        self.eos_id = int(eos[0] if isinstance(eos, (list, tuple)) else eos)
        start = getattr(gen, "decoder_start_token_id", None)
        start = cfg.decoder_start_token_id if start is None else start
        pad = getattr(gen, "pad_token_id", None)
        self.pad_id = int(cfg.pad_token_id if pad is None else pad)
        self.start_id = int(self.pad_id if start is None else start)
        self.length_penalty = float(
            length_penalty if length_penalty is not None
            else getattr(gen, "length_penalty", None) or 1.0
        )  # fmt: skip
        bad = [list(b) for b in (getattr(gen, "bad_words_ids", None) or [])]
        self._banned_ids = tuple(sorted({b[0] for b in bad if len(b) == 1}))
        self._bad_sequences = [tuple(b) for b in bad if len(b) > 1]
        self._forced_eos = getattr(gen, "forced_eos_token_id", None) is not None
        self._forced_bos = getattr(gen, "forced_bos_token_id", None)
        limits = [getattr(cfg, "max_position_embeddings", None), getattr(gen, "max_length", None)]
        self._cap = max(min(x for x in limits if x) - 1, 1) if any(limits) else 511
        self._source_prefix = ""
        self._setup_languages()
        params = inspect.signature(model.forward).parameters
        self._cache_arg = "cache" if "cache" in params else "past_key_values"
        self._cache_out = self._cache_arg
        self._forms: dict[tuple[str, bool], list[tuple[int, ...]]] = {}
        self._banned_cache: dict[tuple[tuple[str, ...], tuple[str, ...]],
                                 frozenset[tuple[int, ...]]] = {}
        self._continuation: torch.Tensor | None = None
        self._special = set(getattr(tokenizer, "all_special_ids", []) or [])
        self._unk = getattr(tokenizer, "unk_token_id", None)
        self._torch = torch

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(
        cls,
        model: str | Path = DEFAULT_MODEL,
        *,
        revision: str | None = None,
        device: str = "auto",
        dtype: str = "auto",
        **options: Any,
    ) -> TransformersEngine:
        """Load a model from a local folder or the hub (cache first) and wrap it."""
        name = str(model)
        folder = Path(name).expanduser()
        if not folder.is_dir() and _looks_like_path(name):
            raise EngineError(f"no model folder {name} (give a folder holding config.json and "
                              "the weights, or a Hugging Face model id)")
        if folder.is_dir() and not (folder / "config.json").is_file():
            raise EngineError(f"{name} holds no config.json: not a transformers model folder")
        dev = pick_device(device)
        torch_dtype = pick_dtype(dtype, dev)
        if folder.is_dir():
            has_safetensors = any(folder.glob("*.safetensors"))
            mdl, tok = _load(str(folder), name, revision, torch_dtype, local=True,
                             use_safetensors=True if has_safetensors else None)
            rev = revision or _weights_hash(folder)
        else:
            mdl, tok = _load_from_hub(name, revision, torch_dtype)
            rev = getattr(mdl.config, "_commit_hash", None) or revision
        mdl = mdl.to(dev)
        return cls(mdl, tok, name=name, revision=rev, **options)

    def _setup_languages(self) -> None:
        tok = self.tokenizer
        kind = type(tok).__name__.lower()
        if "nllb" in kind:
            src = NLLB_CODES.get(self.source_lang or "", self.source_lang)
            tgt = NLLB_CODES.get(self.target_lang or "", self.target_lang)
            if not (src and tgt):
                raise EngineError("an NLLB model needs --source-lang and --target-lang "
                                  "(ISO codes such as ar, en, or NLLB codes such as arb_Arab)")
            tok.src_lang, tok.tgt_lang = src, tgt
            self._forced_bos = tok.convert_tokens_to_ids(tgt)
            self.source_lang, self.target_lang = src, tgt
        elif "m2m" in kind:
            if not (self.source_lang and self.target_lang):
                raise EngineError("an M2M100 model needs --source-lang and --target-lang "
                                  "(ISO codes such as ar, en)")
            tok.src_lang, tok.tgt_lang = self.source_lang, self.target_lang
            self._forced_bos = tok.get_lang_id(self.target_lang)
        else:
            codes = getattr(tok, "supported_language_codes", None) or []
            if codes and self.target_lang:
                code = f">>{self.target_lang}<<"
                if code not in codes:
                    raise EngineError(f"this multilingual model has no target language "
                                      f"{self.target_lang!r} (it has {', '.join(codes[:12])}...)")
                self._source_prefix = code + " "

    # ---------------------------------------------------------------- signature

    @property
    def signature(self) -> EngineSignature:
        return EngineSignature(
            engine=f"transformers-{self._transformers}",
            model=self.name,
            revision=self.revision,
            dtype=str(self.dtype).removeprefix("torch."),
            device=str(self.device),
            beam=self.beam,
            length_penalty=self.length_penalty,
            max_new_tokens=self.max_new_tokens if self.max_new_tokens else "auto",
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            glossary=glossary_hash(self.glossary),
        )

    # ---------------------------------------------------------------- tokens

    def _source_ids(self, texts: list[str]) -> list[tuple[list[int], bool]]:
        if not texts:
            return []
        limit = self._cap + 1
        enc = self.tokenizer([self._source_prefix + t for t in texts], add_special_tokens=True)
        out = []
        for ids in enc["input_ids"]:
            ids = list(ids)
            if len(ids) > limit:
                out.append((ids[: limit - 1] + ids[-1:], True))
            else:
                out.append((ids, False))
        return out

    def _target_ids(self, text: str) -> list[int]:
        return list(self.tokenizer(text_target=text, add_special_tokens=False)["input_ids"])

    def term_forms(self, term: str, case_sensitive: bool = True) -> list[tuple[int, ...]]:
        """The token sequences that spell ``term`` in a translation: at the start of a sentence
        and after a space (they differ for byte-level BPE and tokenizers without sentencepiece's
        dummy prefix), and capitalised too when case does not matter. Sequences holding the
        unknown token are left out; an empty list means the model cannot spell the term."""
        key = (term, case_sensitive)
        found = self._forms.get(key)
        if found is not None:
            return found
        spellings = [term]
        if not case_sensitive and term[:1].islower():
            spellings.append(term[:1].upper() + term[1:])
        forms: dict[tuple[int, ...], None] = {}
        lead = self._target_ids("a")
        for spelling in spellings:
            forms[tuple(self._target_ids(spelling))] = None
            inner = self._target_ids("a " + spelling)
            if inner[: len(lead)] == lead:
                forms[tuple(inner[len(lead) :])] = None
        found = [f for f in forms if f and (self._unk is None or self._unk not in f)]
        self._forms[key] = found
        return found

    def continuation_mask(self) -> torch.Tensor:
        """Tokens that glue letters or digits onto the previous word (no ``▁``/``Ġ`` mark)."""
        if self._continuation is None:
            torch = self._torch
            vocab = int(self.model.config.vocab_size)
            n = min(vocab, len(self.tokenizer))
            pieces = self.tokenizer.convert_ids_to_tokens(list(range(n)))
            flags = [
                bool(p) and not p.startswith(_WORD_MARKS) and p[0].isalnum()
                and i not in self._special
                for i, p in enumerate(pieces)
            ]  # fmt: skip
            flags += [False] * (vocab - n)
            self._continuation = torch.tensor(flags, dtype=torch.bool, device=self.device)
        return self._continuation

    def _plan(self, unit: _Unit) -> tuple[SentencePlan, list[int], list[str]]:
        """The decoding plan of a unit; which constraints it tracks and why others are out."""
        sc = unit.constraints
        forms: list[list[tuple[int, ...]]] = []
        tracked: list[int] = []
        reasons: list[str] = []
        for i, c in enumerate(sc.required):
            f = self.term_forms(c.term, c.case_sensitive)
            reasons.append("" if f else UNMET_VOCABULARY)
            if f:
                forms.append(f)
                tracked.append(i)
        banned = self._banned_forms(sc.forbidden, sc.forbidden_nocase)
        clashes = {r[:n] for fs in forms for r in fs for n in range(1, len(r) + 1)} & banned
        if clashes:  # banning these would ban a required term too
            banned = banned - clashes
        single = frozenset(f[0] for f in banned if len(f) == 1)
        sequences = frozenset(f for f in banned if len(f) > 1)
        assert unit.ids is not None
        if self.max_new_tokens:
            limit = self.max_new_tokens
        else:
            extra = sum(min(len(f) for f in fs) for fs in forms)
            limit = min(2 * len(unit.ids) + 10 + extra, self._cap)
        plan = SentencePlan(limit, forms[:MAX_CONSTRAINTS], single, sequences)
        return plan, tracked[:MAX_CONSTRAINTS], reasons

    def _banned_forms(
        self, forbidden: tuple[str, ...], nocase: tuple[str, ...]
    ) -> frozenset[tuple[int, ...]]:
        """Token sequences of forbidden variants (and the model's bad words), cached."""
        key = (forbidden, nocase)
        found = self._banned_cache.get(key)
        if found is not None:
            return found
        banned: set[tuple[int, ...]] = set(self._bad_sequences)
        for variant, insensitive in [(v, False) for v in forbidden] + [(v, True) for v in nocase]:
            spellings = {variant}
            if insensitive:
                spellings |= {variant.lower(), variant[:1].upper() + variant[1:]}
            for spelling in spellings:
                banned.update(self.term_forms(spelling, True))
        if len(self._banned_cache) > 256:
            self._banned_cache.clear()
        found = self._banned_cache[key] = frozenset(banned)
        return found

    def _settings(self) -> DecodeSettings:
        return DecodeSettings(
            beam=self.beam,
            eos_id=self.eos_id,
            decoder_start_id=self.start_id,
            length_penalty=self.length_penalty,
            min_new_tokens=self.min_new_tokens,
            banned_ids=self._banned_ids,
            forced_bos_id=self._forced_bos,
            forced_eos=self._forced_eos,
        )

    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Unit indices, longest first, in batches whose padded size fits ``batch_tokens``."""
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            if current and (len(current) + 1) * lengths[current[0]] > self.batch_tokens:
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _pad(self, seqs: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
        torch = self._torch
        width = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), width), pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for r, s in enumerate(seqs):
            ids[r, : len(s)] = torch.tensor(s, dtype=torch.long)
            mask[r, : len(s)] = 1
        return ids.to(self.device), mask.to(self.device)

    # ---------------------------------------------------------------- translate

    def _units(
        self,
        sources: Sequence[str],
        glossary: Glossary | None,
        constraints: Sequence[SentenceConstraints | None] | None,
    ) -> tuple[list[_Unit], list[list[Sentence] | None]]:
        units: list[_Unit] = []
        layout: list[list[Sentence] | None] = []
        lang = self.source_lang or "en"
        for i, text in enumerate(sources):
            explicit = constraints[i] if constraints is not None else None
            if not text or text.isspace():
                layout.append([])
                continue
            if (explicit is not None and not explicit.empty) or not self.split:
                layout.append(None)
                sc = explicit or SentenceConstraints()
                if glossary is not None:
                    sc = constraints_for(text, glossary).merged(sc)
                units.append(_Unit(i, text.strip(), sc))
                continue
            sents = split_sentences(text, lang)
            layout.append(sents)
            for s in sents:
                units.append(_Unit(i, s.text, constraints_for(s.text, glossary)))
        return units, layout

    def translate(
        self,
        sources: Sequence[str],
        *,
        glossary: Glossary | None = None,
        constraints: Sequence[SentenceConstraints | None] | None = None,
    ) -> list[Translation]:
        if constraints is not None and len(constraints) != len(sources):
            raise ValueError(f"{len(sources)} sources but {len(constraints)} constraint sets")
        glossary = glossary if glossary is not None else self.glossary
        units, layout = self._units(sources, glossary, constraints)
        for unit, (ids, cut) in zip(units, self._source_ids([u.text for u in units]),
                                    strict=True):
            unit.ids, unit.truncated = ids, cut
        outputs: list[Translation | None] = [None] * len(units)
        settings = self._settings()
        torch = self._torch
        cont = self.continuation_mask() if any(u.constraints.required for u in units) else None
        for batch in self._batches([len(u.ids or ()) for u in units]):
            plans = [self._plan(units[i]) for i in batch]
            ids, mask = self._pad([units[i].ids or [] for i in batch], self.pad_id)
            with torch.inference_mode():
                decoder = _Decoder(self.model, ids, mask, self.beam, self._cache_arg,
                                   self._cache_out)
                hyps = beam_search(decoder, [p for p, _, _ in plans], settings,
                                   device=self.device, continuation_mask=cont)
            for i, (_, tracked, reasons), hyp in zip(batch, plans, hyps, strict=True):
                outputs[i] = self._result(units[i], hyp, tracked, reasons)
        return self._assemble(sources, units, layout, outputs)

    def _result(self, unit: _Unit, hyp: Any, tracked: list[int], reasons: list[str]
                ) -> Translation:
        text = self.tokenizer.decode(list(hyp.tokens), skip_special_tokens=True)
        reasons = list(reasons)
        for pos, i in enumerate(tracked):
            if not (hyp.met and hyp.met[pos]):
                reasons[i] = UNMET_LENGTH
        reports, forbidden = check_output(text, unit.constraints, reasons)
        n = sum(1 for t in hyp.tokens if t not in self._special or t == self.eos_id)
        return Translation(unit.text, text, hyp.logprob / max(n, 1), n, 1, reports, forbidden,
                           unit.truncated)

    def _assemble(
        self,
        sources: Sequence[str],
        units: list[_Unit],
        layout: list[list[Sentence] | None],
        outputs: list[Translation | None],
    ) -> list[Translation]:
        per_input: list[list[Translation]] = [[] for _ in sources]
        for unit, out in zip(units, outputs, strict=True):
            assert out is not None
            per_input[unit.index].append(out)
        results = []
        for text, sents, parts in zip(sources, layout, per_input, strict=True):
            if not parts:
                results.append(Translation(text, "" if not text or text.isspace() else text))
                continue
            if sents is None:
                joined = parts[0].text
            else:
                joined = join_sentences(text, sents, [p.text for p in parts])
            tokens = sum(p.tokens for p in parts)
            logprob = sum(p.score * p.tokens for p in parts)
            results.append(
                Translation(
                    source=text,
                    text=joined,
                    score=logprob / tokens if tokens else 0.0,
                    tokens=tokens,
                    sentences=len(parts),
                    constraints=[c for p in parts for c in p.constraints],
                    forbidden_found=list(dict.fromkeys(v for p in parts
                                                       for v in p.forbidden_found)),
                    truncated=any(p.truncated for p in parts),
                )
            )
        return results

    # ---------------------------------------------------------------- score

    def score(self, sources: Sequence[str], translations: Sequence[str]) -> list[ScoredTranslation]:
        if len(sources) != len(translations):
            raise ValueError(f"{len(sources)} sources but {len(translations)} translations")
        torch = self._torch
        pairs: list[tuple[int, str, str, int]] = []  # input, source, translation, offset
        src_lang, tgt_lang = self.source_lang or "en", self.target_lang or "en"
        for i, (src, tgt) in enumerate(zip(sources, translations, strict=True)):
            if not tgt or tgt.isspace():
                continue
            ss, ts = split_sentences(src or "", src_lang), split_sentences(tgt, tgt_lang)
            if self.split and len(ss) == len(ts) > 1:
                pairs += [(i, a.text, b.text, b.start) for a, b in zip(ss, ts, strict=True)]
            else:
                pairs.append((i, src or "", tgt, 0))
        src_ids = [ids for ids, _ in self._source_ids([p[1] for p in pairs])]
        tgt_ids = []
        for _, _, tgt, _ in pairs:
            ids = list(self.tokenizer(text_target=tgt)["input_ids"])
            tgt_ids.append(ids[: self._cap] if len(ids) > self._cap else ids)
        lengths = [max(len(a), len(b)) for a, b in zip(src_ids, tgt_ids, strict=True)]
        token_scores: list[list[TokenScore]] = [[] for _ in pairs]
        for batch in self._batches(lengths):
            ids, mask = self._pad([src_ids[i] for i in batch], self.pad_id)
            labels = [tgt_ids[i] for i in batch]
            dec_in, _ = self._pad([[self.start_id, *lab[:-1]] for lab in labels], self.pad_id)
            with torch.inference_mode():
                logits = self.model(input_ids=ids, attention_mask=mask, decoder_input_ids=dec_in,
                                    use_cache=False, return_dict=True).logits
                lp = torch.log_softmax(logits.to(torch.float32), dim=-1)
                gold, _ = self._pad(labels, 0)
                picked = lp.gather(-1, gold[..., None])[..., 0].tolist()
            for r, i in enumerate(batch):
                toks = self.tokenizer.convert_ids_to_tokens(labels[r])
                token_scores[i] = [
                    TokenScore(tok, picked[r][p], tid in self._special)
                    for p, (tok, tid) in enumerate(zip(toks, labels[r], strict=True))
                ]
        results = [ScoredTranslation(s, t) for s, t in zip(sources, translations, strict=True)]
        decode = self.tokenizer.convert_tokens_to_string
        for (i, _, tgt, offset), toks in zip(pairs, token_scores, strict=True):
            results[i].tokens += toks
            for w in merge_words(toks, tgt, decode):
                if w.start is not None and w.end is not None:
                    w = type(w)(w.text, w.start + offset, w.end + offset, w.logprob, w.tokens)
                results[i].words.append(w)
        return results


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
    try:
        return _load(name, name, revision, dtype, local=False)
    except EngineError:
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EngineError(
            f"cannot load model {name!r} ({first[:160]}); {_how_to_get(name)}"
        ) from exc


__all__ = [
    "DEFAULT_MODEL",
    "ConstraintReport",
    "TransformersEngine",
    "pick_device",
    "pick_dtype",
]
