"""Neural translation benchmark: our engine against a naive transformers pipeline loop and
CTranslate2.

Builds a randomly initialised Marian model of opus-mt size (6 encoder and 6 decoder layers,
d_model 512, 8 heads, FFN 2048, a 60,000-token vocabulary; its sentencepiece models are trained
on synthetic text, the rest of the vocabulary is filler) and, on the same sentences, with the
same beam and a fixed output length (``min_new_tokens = max_new_tokens``, so a random model
cannot stop early and every system generates the same number of tokens), times:

- ``pipeline``: ``transformers.pipeline("translation")`` called once per sentence, in input
  order (how a naive script uses it). transformers 5 removed that pipeline; there the loop does
  what its ``__call__`` did (tokenize one sentence, ``model.generate``, decode), which the
  first line of output says;
- ``ours``: :class:`mt.engines.transformers_engine.TransformersEngine`, unconstrained: sentences
  sorted by length and batched by token count, our beam search with the key/value cache;
- ``constrained``: the same with two required terms per sentence (words of the target side,
  one to three tokens each), decoded by dynamic beam allocation;
- ``ct2_int8`` and ``ct2_float32``: ``ctranslate2.Translator.translate_batch`` on the same
  model, converted in the run (:func:`mt.engines.ct2_convert.converted_model`; on a GPU they
  run as int8_float16 and float16), on pre-tokenised sentences, batched by CTranslate2 by token
  count;
- ``default``: what ``mt translate`` runs for text without glossary terms (``--backend auto``:
  :class:`mt.engines.ct2_engine.RoutedEngine`, CTranslate2 in the default compute type),
  tokenisation and detokenisation included.

Where CTranslate2 cannot run on the GPU (a wheel built for another CUDA), the run says so, times
our engine alone, and prints ``n/a`` for the ratios against it.

Target tokens/s are generated tokens (end-of-sentence included) per second of wall time; every
system takes the same number of decoding steps per sentence.

Usage: ``python bench/translate_bench.py [--sentences 500] [--device auto|cpu|cuda]
[--beam 4] [--new-tokens 32] [--batch-tokens 4096] [--dtype auto]``.
The last line reads ``speedup_vs_pipeline=S constrained_overhead=C vs_ct2_int8=R
constrained_vs_ct2_int8=Q`` (S: our unconstrained transformers tokens/s over the pipeline's;
C: constrained time over unconstrained time; R: the default path's tokens/s over CTranslate2
int8's; Q: our constrained decoding's tokens/s over CTranslate2 int8's, unconstrained).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mt.engines.loading  # noqa: F401  (before torch, as in `mt translate`)

ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "kh")
VOWELS = ("a", "e", "i", "o", "u", "aa", "ai", "ou")
VOCAB_SIZE = 60_000


def make_words(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        words.add("".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)))
    return sorted(words)


def make_sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(low, high))]
    return " ".join(chosen).capitalize() + "."


def train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False, unk_id=0,
        bos_id=-1, eos_id=-1, pad_id=-1, num_threads=2, minloglevel=2,
    )  # fmt: skip
    return model.getvalue()


def build_tokenizer(folder: Path, rng: random.Random) -> tuple[Any, list[str]]:
    """A MarianTokenizer with two small sentencepiece models and a 60k vocab.json."""
    import sentencepiece as spm
    from transformers import MarianTokenizer

    src_words, tgt_words = make_words(rng, 6000), make_words(rng, 6000)
    src = [make_sentence(rng, src_words, 8, 30) for _ in range(6000)]
    tgt = [make_sentence(rng, tgt_words, 8, 30) for _ in range(6000)]
    (folder / "source.spm").write_bytes(train_spm(src, 8000))
    (folder / "target.spm").write_bytes(train_spm(tgt, 8000))
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        proc = spm.SentencePieceProcessor(model_file=str(folder / name))
        for i in range(proc.get_piece_size()):
            vocab.setdefault(proc.id_to_piece(i), len(vocab))
    filler = 0
    while len(vocab) < VOCAB_SIZE - 1:
        vocab.setdefault(f"▁filler{filler}", len(vocab))
        filler += 1
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "MarianTokenizer", "model_max_length": 512}),
        encoding="utf-8",
    )
    return MarianTokenizer.from_pretrained(str(folder)), tgt_words


def build_model(pad_id: int, seed: int) -> Any:
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    torch.manual_seed(seed)
    config = MarianConfig(
        vocab_size=VOCAB_SIZE, d_model=512, encoder_layers=6, decoder_layers=6,
        encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
        decoder_ffn_dim=2048, max_position_embeddings=512, pad_token_id=pad_id,
        eos_token_id=0, decoder_start_token_id=pad_id, forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True,
    )  # fmt: skip
    model = MarianMTModel(config).eval()
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]], decoder_start_token_id=pad_id, eos_token_id=0,
        forced_eos_token_id=0, pad_token_id=pad_id, max_length=512, num_beams=4,
    )  # fmt: skip
    return model


def naive_pipeline(model: Any, tokenizer: Any, device: str) -> tuple[Any, str]:
    """``transformers.pipeline("translation")``, or its per-call steps where it is gone."""
    import torch
    import transformers

    try:
        pipe = transformers.pipeline("translation", model=model, tokenizer=tokenizer,
                                     device=torch.device(device))
        return pipe, 'transformers.pipeline("translation")'
    except KeyError:  # transformers >= 5: the translation pipeline was removed
        pass

    def translate(texts: str | list[str], **generate: Any) -> list[dict[str, str]]:
        batch = [texts] if isinstance(texts, str) else texts
        out = []
        for text in batch:  # the pipeline, too, ran one text per forward by default
            inputs = tokenizer([text], return_tensors="pt", truncation=True).to(device)
            with torch.inference_mode():
                ids = model.generate(**inputs, **generate)
            out.append({"translation_text": tokenizer.decode(ids[0], skip_special_tokens=True)})
        return out

    return translate, "tokenize + model.generate + decode per sentence (transformers " \
        f"{transformers.__version__} has no translation pipeline)"


def ct2_systems(folder: Path, tokenizer: Any, model: Any, device: str, args: Any) -> Any:
    """The CTranslate2 translators (int8, float32, and the default path's) and the routed engine
    ``mt translate`` runs for text without terms, converted from ``folder`` in this run."""
    import ctranslate2
    import torch

    from mt.engines.ct2_convert import compute_type, converted_model
    from mt.engines.ct2_engine import RoutedEngine, open_translator, target_vocabulary

    on_cpu = device == "cpu"
    started = time.perf_counter()
    paths = {q: converted_model(folder, q, root=folder / "ct2-cache")[0]
             for q in ("int8", "float32")}
    print(f"converted for CTranslate2 {ctranslate2.__version__} (int8, float32) in "
          f"{time.perf_counter() - started:.1f} s")
    threads = torch.get_num_threads() if on_cpu else 1

    def translator(path: Path, ctype: str) -> Any:
        return open_translator(path, device, ctype, threads)

    types = {"int8": "int8" if on_cpu else "int8_float16",
             "float32": "float32" if on_cpu else "float16"}
    raw = {q: translator(paths[q], types[q]) for q in paths}
    default_type = compute_type(args.dtype, device)
    default_path = paths.get(default_type) or converted_model(
        folder, default_type, root=folder / "ct2-cache")[0]
    # Our engine ends a sentence with a forced EOS at its limit, CTranslate2 stops after its
    # last step: one more token of limit gives the routed engine new_tokens decoding steps too.
    routed = RoutedEngine(model, tokenizer, translator=translator(default_path, default_type),
                          compute_type=default_type, ct2_vocabulary=target_vocabulary(paths[
                              "int8"]), name="random-opus-size", beam=args.beam,
                          batch_tokens=args.batch_tokens, max_new_tokens=args.new_tokens + 1,
                          min_new_tokens=args.new_tokens + 1)
    vocab = target_vocabulary(paths["int8"]) or frozenset()
    suppress = [["<pad>"]] if "<pad>" in vocab else None  # what our engine bans, too
    return raw, types, routed, suppress


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--dtype", default="auto", help="auto: fp32 on CPU, bf16/fp16 on GPU")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--batch-tokens", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    warnings.filterwarnings("ignore")
    import torch
    import transformers
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()

    from mt.engines.base import Constraint, SentenceConstraints
    from mt.engines.transformers_engine import TransformersEngine, pick_device, pick_dtype

    rng = random.Random(args.seed)
    device = pick_device(args.device)
    dtype = pick_dtype(args.dtype, device)
    started = time.perf_counter()
    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    tokenizer, tgt_words = build_tokenizer(folder, rng)
    model = build_model(tokenizer.pad_token_id, args.seed)
    model.save_pretrained(str(folder), safe_serialization=True)
    tokenizer.save_pretrained(str(folder))
    model = model.to(device=device, dtype=dtype)
    src_words = make_words(random.Random(args.seed + 1), 4000)
    sentences = [make_sentence(rng, src_words, 4, 16) for _ in range(args.sentences)]
    terms = [(rng.choice(tgt_words), rng.choice(tgt_words)) for _ in sentences]
    n_tokens = args.new_tokens * len(sentences)
    where = (f"cpu, torch threads {torch.get_num_threads()}" if device == "cpu"
             else f"{device} ({torch.cuda.get_device_name(torch.device(device))})")
    print(f"model: Marian 6+6 layers, d_model 512, vocab {VOCAB_SIZE}; "
          f"{sum(p.numel() for p in model.parameters()) / 1e6:.1f}M parameters; "
          f"{where}, {str(dtype).removeprefix('torch.')}; "
          f"transformers {transformers.__version__}, torch {torch.__version__}")
    src_ids = tokenizer(sentences)["input_ids"]
    src_lens = [len(ids) for ids in src_ids]
    print(f"{len(sentences)} sentences, {sum(src_lens) / len(src_lens):.1f} source tokens on "
          f"average ({min(src_lens)}-{max(src_lens)}); beam {args.beam}; "
          f"{args.new_tokens} target tokens each; setup {time.perf_counter() - started:.1f} s")

    fixed = {"num_beams": args.beam, "min_new_tokens": args.new_tokens,
             "max_new_tokens": args.new_tokens}
    pipe, baseline = naive_pipeline(model, tokenizer, device)
    print(f"baseline: {baseline}")
    engine = TransformersEngine(model, tokenizer, name="random-opus-size", beam=args.beam,
                                batch_tokens=args.batch_tokens, max_new_tokens=args.new_tokens,
                                min_new_tokens=args.new_tokens)
    constraints = [
        SentenceConstraints((Constraint(a), Constraint(b))) for a, b in terms
    ]
    try:
        raw, types, routed, suppress = ct2_systems(folder, tokenizer, model, device, args)
        print(f"CTranslate2 compute types: {types['int8']}, {types['float32']}; default path: "
              f"{routed.backend_note}")
    except RuntimeError as exc:  # e.g. a CUDA build of CTranslate2 without its cuBLAS here
        if device == "cpu":
            raise
        print(f"CTranslate2 does not run on {device} here, not measured: {exc}")
        raw, routed, suppress = {}, engine, None  # `mt translate` falls back to our decoder
    src_tokens = [tokenizer.convert_ids_to_tokens(ids) for ids in src_ids]
    ct2_fixed = {"beam_size": args.beam, "min_decoding_length": args.new_tokens,
                 "max_decoding_length": args.new_tokens, "max_batch_size": args.batch_tokens,
                 "batch_type": "tokens", "suppress_sequences": suppress}

    def sync() -> None:
        if device.startswith("cuda"):
            torch.cuda.synchronize()

    # Warm up every path (allocator, kernels, tokenizer caches).
    pipe(sentences[:2], **fixed)
    engine.translate(sentences[:4])
    engine.translate(sentences[:4], constraints=constraints[:4])
    for translator in raw.values():
        translator.translate_batch(src_tokens[:4], **ct2_fixed)
    routed.translate(sentences[:4])
    sync()

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with torch.inference_mode():
        for s in sentences:
            pipe(s, **fixed)
    sync()
    timings["pipeline"] = time.perf_counter() - t0

    # Our engine batches by token count, so the full run meets shapes the warm-up did not: time
    # each of the other runs twice and keep the faster (the naive loop saw every shape in its
    # own run). The rounds go through every system in turn, so that a slower or busier spell
    # of this machine falls on all of them rather than on whichever ran then.
    kept: dict[str, Any] = {}
    runs: list[tuple[str, Any]] = [
        ("ours", lambda: engine.translate(sentences)),
        ("constrained", lambda: engine.translate(sentences, constraints=constraints)),
        *[(f"ct2_{q}", lambda q=q: raw[q].translate_batch(src_tokens, **ct2_fixed))
          for q in raw],
        ("default", lambda: routed.translate(sentences)),
    ]
    for _ in range(2):
        for name, call in runs:
            t0 = time.perf_counter()
            kept[name] = call()
            sync()
            timings[name] = min(timings.get(name, float("inf")), time.perf_counter() - t0)

    met = sum(c.met for t in kept["constrained"] for c in t.constraints)
    total = sum(len(t.constraints) for t in kept["constrained"])
    assert all(t.tokens == args.new_tokens for t in kept["ours"]), "output length is not fixed"
    assert all(t.tokens == args.new_tokens for t in kept["constrained"]), "constrained length"
    for q in raw:
        assert all(len(r.hypotheses[0]) == args.new_tokens for r in kept[f"ct2_{q}"]), q
    if raw:  # new_tokens steps, then the EOS our engine appends to a sentence cut at its limit
        assert all(t.tokens == args.new_tokens + 1 for t in kept["default"]), "default length"
        assert routed.routed["transformers"] == 0
    for name, seconds in timings.items():
        print(f"{name:12s} {seconds:8.2f} s  {n_tokens / seconds:9.1f} target tokens/s")
    print(f"constraints met: {met}/{total}")
    speedup = timings["pipeline"] / timings["ours"]
    overhead = timings["constrained"] / timings["ours"]
    int8 = timings.get("ct2_int8")
    vs_int8 = f"{int8 / timings['default']:.2f}" if int8 else "n/a"
    constrained_vs = f"{int8 / timings['constrained']:.2f}" if int8 else "n/a"
    tmp.cleanup()
    print(f"speedup_vs_pipeline={speedup:.2f} constrained_overhead={overhead:.2f} "
          f"vs_ct2_int8={vs_int8} constrained_vs_ct2_int8={constrained_vs}")


if __name__ == "__main__":
    main()
