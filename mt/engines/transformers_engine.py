"""The transformers backend: any ``AutoModelForSeq2SeqLM`` translation model.

Marian/opus-mt (``Helsinki-NLP/opus-mt-ar-en`` is the default for Arabic→English), NLLB and
M2M100 (:mod:`mt.engines.languages`). Models are loaded by :mod:`mt.engines.loading`; inputs
are split, batched and joined back by :mod:`mt.engines.batching`; terms are tokenised by
:mod:`mt.engines.vocabulary`; the batches are decoded through :mod:`mt.engines.decoder` with
our beam search (:mod:`mt.engines.beam`), which forces the glossary's terms. torch and
transformers are imported when an engine is built, never when :mod:`mt` is.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Sequence
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
from mt.engines.batching import Unit, assemble, make_units, token_batches
from mt.engines.beam import MAX_CONSTRAINTS, DecodeSettings, SentencePlan, beam_search, beam_width
from mt.engines.confidence import merge_words
from mt.engines.constraint_state import constrained_limit
from mt.engines.constraints import check_output
from mt.engines.decoder import CachedDecoder
from mt.engines.languages import NLLB_CODES, guess_language_pair, setup_languages
from mt.engines.loading import DEFAULT_MODEL, load_model, pick_device, pick_dtype
from mt.engines.vocabulary import TermVocabulary
from mt.text.sentences import split_sentences

if TYPE_CHECKING:
    import torch

    from mt.glossary.entry import Glossary

DEFAULT_BATCH_TOKENS = 2048


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
        #: Linear layers quantised to int8 (``--dtype int8``: :func:`loading.quantize_int8`).
        self.int8 = any(type(m).__module__.startswith("torch.ao.nn.quantized")
                        for m in model.modules())

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
        self._forced_eos = getattr(gen, "forced_eos_token_id", None) is not None
        limits = [getattr(cfg, "max_position_embeddings", None), getattr(gen, "max_length", None)]
        self._cap = max(min(x for x in limits if x) - 1, 1) if any(limits) else 511
        langs = setup_languages(tokenizer, *guess_language_pair(name, source_lang, target_lang),
                                getattr(gen, "forced_bos_token_id", None))
        self.source_lang, self.target_lang = langs.source_lang, langs.target_lang
        self._forced_bos = langs.forced_bos_id
        params = inspect.signature(model.forward).parameters
        self._cache_arg = "cache" if "cache" in params else "past_key_values"
        self._cache_out = self._cache_arg
        self.vocabulary = TermVocabulary(
            tokenizer, vocab_size=int(cfg.vocab_size), device=self.device,
            source_prefix=langs.source_prefix, cap=self._cap,
            bad_sequences=[tuple(b) for b in bad if len(b) > 1],
        )
        self.vocabulary.special |= langs.language_ids
        self._special = self.vocabulary.special
        self._language_ids = langs.language_ids
        self._torch = torch
        self.backend_note = "transformers"

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
        mdl, tok, rev = load_model(model, revision, device, dtype)
        return cls(mdl, tok, name=str(model), revision=rev, **options)

    # ---------------------------------------------------------------- signature

    @property
    def signature(self) -> EngineSignature:
        return EngineSignature(
            engine=f"transformers-{self._transformers}",
            model=self.name,
            revision=self.revision,
            dtype="int8" if self.int8 else str(self.dtype).removeprefix("torch."),
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
        return self.vocabulary.source_ids(texts)

    def term_forms(self, term: str, case_sensitive: bool = True) -> list[tuple[int, ...]]:
        """The token sequences that spell ``term`` (see :meth:`TermVocabulary.term_forms`)."""
        return self.vocabulary.term_forms(term, case_sensitive)

    def continuation_mask(self) -> torch.Tensor:
        """Tokens that glue letters or digits onto the previous word."""
        return self.vocabulary.continuation_mask()

    def _plan(self, unit: Unit) -> tuple[SentencePlan, list[int], list[str]]:
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
        banned = self.vocabulary.banned_forms(sc.forbidden, sc.forbidden_nocase)
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
            plain = 2 * len(unit.ids) + 10
            limit = min(constrained_limit(len(unit.ids), extra, plain) if forms else plain,
                        self._cap)
        plan = SentencePlan(limit, forms[:MAX_CONSTRAINTS], single, sequences)
        return plan, tracked[:MAX_CONSTRAINTS], reasons

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
        return token_batches(lengths, self.batch_tokens)

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
        units, layout = make_units(sources, glossary, constraints,
                                   source_lang=self.source_lang, split=self.split)
        for unit, (ids, cut) in zip(units, self._source_ids([u.text for u in units]),
                                    strict=True):
            unit.ids, unit.truncated = ids, cut
        outputs: list[Translation | None] = [None] * len(units)
        self._decode_units(units, list(range(len(units))), outputs)
        return assemble(sources, units, layout, outputs)

    def _decode_units(self, units: list[Unit], which: list[int],
                      outputs: list[Translation | None]) -> None:
        """Translate ``units[i]`` for ``i`` in ``which`` into ``outputs[i]`` with our beam
        search (a subclass may route some units to another backend)."""
        torch = self._torch
        chosen = [units[i] for i in which]
        cont = self.continuation_mask() if any(u.constraints.required for u in chosen) else None
        all_plans = [self._plan(u) for u in chosen]
        # Constrained sentences apart: their beam may grow to their banks (see beam_width).
        groups = [[i for i, p in enumerate(all_plans) if p[0].constrained],
                  [i for i, p in enumerate(all_plans) if not p[0].constrained]]
        batches = [[group[j] for j in batch] for group in groups if group
                   for batch in self._batches([len(chosen[i].ids or ()) for i in group])]
        for batch in batches:
            plans = [all_plans[i] for i in batch]
            width = beam_width(self.beam, [p for p, _, _ in plans])
            settings = dataclasses.replace(self._settings(), beam=width)
            src, mask = self._pad([chosen[i].ids or [] for i in batch], self.pad_id)
            with torch.inference_mode():
                decoder = CachedDecoder(self.model, src, mask, width, self._cache_arg,
                                        self._cache_out)
                hyps = beam_search(decoder, [p for p, _, _ in plans], settings,
                                   device=self.device, continuation_mask=cont)
            for i, (_, tracked, reasons), hyp in zip(batch, plans, hyps, strict=True):
                outputs[which[i]] = self._result(chosen[i], hyp, tracked, reasons)

    def _result(self, unit: Unit, hyp: Any, tracked: list[int], reasons: list[str]
                ) -> Translation:
        ids = [t for t in hyp.tokens if t not in self._language_ids]
        text = self.tokenizer.decode(ids, skip_special_tokens=True)
        reasons = list(reasons)
        for pos, i in enumerate(tracked):
            if not (hyp.met and hyp.met[pos]):
                reasons[i] = UNMET_LENGTH
        reports, forbidden = check_output(text, unit.constraints, reasons)
        n = sum(1 for t in hyp.tokens if t not in self._special or t == self.eos_id)
        return Translation(unit.text, text, hyp.logprob / max(n, 1), n, 1, reports, forbidden,
                           unit.truncated)

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
            label = list(self.tokenizer(text_target=tgt)["input_ids"])
            tgt_ids.append(label[: self._cap] if len(label) > self._cap else label)
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


__all__ = [
    "DEFAULT_BATCH_TOKENS",
    "DEFAULT_MODEL",
    "NLLB_CODES",
    "ConstraintReport",
    "TransformersEngine",
    "pick_device",
    "pick_dtype",
]
