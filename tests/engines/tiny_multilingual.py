"""Tiny NLLB-200 and M2M100 models, trained in seconds on the tiny Marian's pairs.

Both are ``M2M100ForConditionalGeneration`` with a shrunk ``M2M100Config`` and one shared
sentencepiece vocabulary (BPE, trained on both sides of :data:`tiny_marian.PAIRS` and the
glossary's spellings), laid out as the released models lay theirs out:

- NLLB: ``NllbTokenizer`` (``<s> <pad> </s> <unk>`` then the pieces), the 202 FLORES codes
  (``arb_Arab``, ``eng_Latn``, ...) as special tokens;
- M2M100: ``M2M100Tokenizer`` (``vocab.json`` + the sentencepiece model), its 100 codes as
  ``__ar__``, ``__en__``, ... special tokens after the vocabulary, then 8 made-up words.

Each learns Arabic→English *and* English→Arabic, so the target-language token forced first
decides the output language. The English side carries the tiny Marian's MT errors
("Banshir", "Ahmed Masoud"), so the glossary has terms to force. Weights are safetensors.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.engines.tiny_marian import PAIRS, TARGET_TERMS, _train_spm, fit, train_and_save

#: (source code, target code) of each kind, as its tokenizer spells them.
CODES = {"nllb": ("arb_Arab", "eng_Latn"), "m2m100": ("ar", "en")}
#: The language tokens, as they appear in a decoded string if not skipped.
LANG_TOKENS = {"nllb": ("arb_Arab", "eng_Latn"), "m2m100": ("__ar__", "__en__")}
_SPECIALS = {"bos_token": "<s>", "pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>"}


def _vocabulary_text() -> list[str]:
    return [a for a, _ in PAIRS] + [e for _, e in PAIRS] + TARGET_TERMS * 3


def tokenizer(folder: Path, kind: str) -> Any:
    """Write the tokenizer files of ``kind`` into ``folder`` and load them as transformers
    would load the released model's."""
    from transformers import AutoTokenizer

    # sentencepiece's own <unk> <s> </s> at 0-2, as fairseq's models have them.
    model = _train_spm(_vocabulary_text(), 300, model_type="bpe", unk_id=0, bos_id=1, eos_id=2)
    (folder / "sentencepiece.bpe.model").write_bytes(model)
    src, tgt = CODES[kind]
    config: dict[str, Any] = {"src_lang": src, "tgt_lang": tgt, "model_max_length": 128,
                              **_SPECIALS}
    if kind == "nllb":
        from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

        config |= {"tokenizer_class": "NllbTokenizer",
                   "additional_special_tokens": list(FAIRSEQ_LANGUAGE_CODES)}
    else:
        import sentencepiece as spm
        from transformers.models.m2m_100.tokenization_m2m_100 import FAIRSEQ_LANGUAGE_CODES

        proc = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.bpe.model"))
        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        for i in range(3, proc.get_piece_size()):
            vocab.setdefault(proc.id_to_piece(i), len(vocab))
        (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False),
                                           encoding="utf-8")
        config |= {"tokenizer_class": "M2M100Tokenizer", "language_codes": "m2m100",
                   "num_madeup_words": 8, "additional_special_tokens":
                   [f"__{c}__" for c in FAIRSEQ_LANGUAGE_CODES["m2m100"]]}
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return AutoTokenizer.from_pretrained(str(folder), local_files_only=True)


def _vocab_size(tokenizer: Any, kind: str) -> int:
    if kind == "m2m100":  # the language tokens and made-up words follow vocab.json
        return len(tokenizer.encoder) + len(tokenizer.lang_token_to_id) + 8
    return len(tokenizer)


def _examples(tokenizer: Any, kind: str) -> tuple[list[list[int]], list[list[int]]]:
    """Source and label ids of every pair in both directions."""
    ar, en = CODES[kind]
    sources: list[list[int]] = []
    labels: list[list[int]] = []
    for src, tgt, pairs in ((ar, en, PAIRS), (en, ar, [(e, a) for a, e in PAIRS])):
        tokenizer.src_lang, tokenizer.tgt_lang = src, tgt
        enc = tokenizer([a for a, _ in pairs], text_target=[b for _, b in pairs])
        sources += enc["input_ids"]
        labels += enc["labels"]
    tokenizer.src_lang, tokenizer.tgt_lang = ar, en
    return sources, labels


def build_tiny_multilingual(folder: Path, kind: str, *, steps: int = 100, seed: int = 0
                            ) -> Path:
    """Train the tiny ``kind`` (``nllb`` or ``m2m100``) model into ``folder``."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    tok = tokenizer(folder, kind)
    return train_and_save(folder, tok, lambda: _train(tok, kind, steps, seed), started)


def _pad(rows: list[list[int]], value: int) -> Any:
    import torch

    width = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (width - len(r)) for r in rows], dtype=torch.long)


def _train(tokenizer: Any, kind: str, steps: int, seed: int) -> Any:
    import torch
    from transformers import GenerationConfig, M2M100Config, M2M100ForConditionalGeneration

    torch.manual_seed(seed)
    pad, eos = tokenizer.pad_token_id, tokenizer.eos_token_id
    config = M2M100Config(
        vocab_size=_vocab_size(tokenizer, kind), d_model=64, encoder_layers=2, decoder_layers=2,
        encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=128,
        decoder_ffn_dim=128, max_position_embeddings=128, dropout=0.0, attention_dropout=0.0,
        activation_dropout=0.0, encoder_layerdrop=0.0, decoder_layerdrop=0.0,
        activation_function="relu", scale_embedding=True, pad_token_id=pad,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=eos, decoder_start_token_id=eos,
    )  # fmt: skip
    model = M2M100ForConditionalGeneration(config)
    sources, labels = _examples(tokenizer, kind)
    input_ids = _pad(sources, pad)
    label_ids = _pad(labels, -100)
    fit(model, steps, input_ids=input_ids, attention_mask=(input_ids != pad).long(),
        labels=label_ids)
    # As the released models ship it: no forced BOS (it is the target language, per call).
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id, decoder_start_token_id=eos, eos_token_id=eos,
        pad_token_id=pad, max_length=200,
    )
    return model


def tiny_multilingual_dir(factory: Any, kind: str) -> Path:
    """The tiny ``kind`` model under the session's pytest temp folder, trained on first use
    (``factory`` is pytest's ``tmp_path_factory``)."""
    folder = Path(factory.getbasetemp()) / f"tiny-{kind}"
    if not (folder / "model.safetensors").is_file():
        build_tiny_multilingual(folder, kind)
    return folder
