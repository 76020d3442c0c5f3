"""Constrained decoding on a realistic workload: the shipped glossary over the shipped stories.

The tiny Marian model the test suite trains (tests/engines/tiny_marian.py) translates the
Arabic of corpora/*.ar, each story ``--repeat`` times, read as ``mt translate`` reads it
(:func:`mt.pipeline.batch_steps.read_source`) and translated as it does
(:func:`mt.pipeline.translate.translate_document`: chunks of segments, each split into
sentences), beam 4, on the CPU with torch's default threads (as ``mt translate`` runs), with
and without glossaries/afghanistan-news.ar-en.tsv: terms triggered by the source, multi-token
names, forbidden variants in every sentence. Two engines:

- ``transformers``: our beam search for every sentence (``--backend transformers``);
- ``routed``: what ``mt translate`` runs by default (``--backend auto``): CTranslate2 int8 for
  sentences with no term to force, our constrained beam search for the rest.

Each run is timed in CPU time of the whole process (torch's and CTranslate2's threads
included), the faster of two; the machine is shared, so wall time is printed but not used.

    PYTHONPATH=. python bench/translate_realistic.py [--repeat 2] [--beam 4]

Last line: ``realistic_overhead=X routed_overhead=Y`` (CPU time with the glossary over CPU time
without it on the same sentences: X for the transformers backend, Y for the default path).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mt.engines.loading  # noqa: E402,F401  (before torch, as in `mt translate`)

GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"


def stories(folder: Path, repeat: int) -> Path:
    """One Arabic file holding every shipped story ``repeat`` times."""
    text = "\n\n".join(p.read_text(encoding="utf-8").strip()
                       for p in sorted((ROOT / "corpora").glob("*.ar")))
    path = folder / "stories.ar"
    path.write_text("\n\n".join([text] * repeat) + "\n", encoding="utf-8")
    return path


def timed(call: Any) -> tuple[float, float, Any]:
    """(CPU seconds, wall seconds, result) of the faster of two calls."""
    best: tuple[float, float, Any] | None = None
    for _ in range(2):
        cpu, wall = time.process_time(), time.perf_counter()
        result = call()
        got = (time.process_time() - cpu, time.perf_counter() - wall, result)
        best = got if best is None or got[0] < best[0] else best
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--beam", type=int, default=4)
    args = parser.parse_args()

    warnings.filterwarnings("ignore")
    import os

    import torch
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()

    from mt.engines.batching import make_units
    from mt.engines.ct2_engine import load_engine_for_backend
    from mt.glossary.files import load_glossary
    from mt.pipeline.batch_steps import ReadOptions, read_source
    from mt.pipeline.translate import translate_document
    from tests.engines.tiny_marian import build_tiny_marian

    tmp = tempfile.TemporaryDirectory()
    folder = Path(tmp.name)
    os.environ["MT_CACHE_DIR"] = str(folder / "cache")  # the CTranslate2 conversion
    model = build_tiny_marian(folder / "model")
    glossary = load_glossary(GLOSSARY)
    source = stories(folder, args.repeat)
    texts = [s.source or "" for s in read_source(source, read=ReadOptions(None, "auto"),
                                                 source_lang="ar").segments]
    units, _ = make_units(texts, glossary, None, source_lang="ar", split=True)
    forced = sum(bool(u.constraints.required) for u in units)
    print(f"{len(texts)} segments, {len(units)} sentences, {forced} with terms to force, "
          f"{sum(len(u.constraints.required) for u in units)} terms; every sentence bans "
          f"{len(units[0].constraints.forbidden) + len(units[0].constraints.forbidden_nocase)}"
          f" variants or more; torch threads {torch.get_num_threads()}, OMP_WAIT_POLICY "
          f"{os.environ.get('OMP_WAIT_POLICY', '(unset)')}")

    def run(engine: Any, gloss: Any) -> Any:
        doc = read_source(source, read=ReadOptions(None, "auto"), source_lang="ar")
        return translate_document(doc, engine, gloss), doc

    ratios = []
    for backend in ("transformers", "auto"):
        engine = load_engine_for_backend(str(model), backend=backend, device="cpu",
                                         beam=args.beam)
        run(engine, glossary)  # warm up
        plain_cpu, plain_wall, (_, plain_doc) = timed(lambda e=engine: run(e, None))
        cpu, wall, (result, doc) = timed(lambda e=engine: run(e, glossary))
        reports = [c for r in result.segments if r.translation
                   for c in r.translation.constraints]
        placed, missing = sum(c.met for c in reports), sum(not c.met for c in reports)
        name = "transformers" if backend == "transformers" else "routed"
        print(f"{name}: {engine.backend_note}")
        print(f"  without glossary {plain_cpu:6.2f} s CPU ({plain_wall:6.2f} s wall)")
        print(f"  with glossary    {cpu:6.2f} s CPU ({wall:6.2f} s wall); {placed} terms "
              f"placed, {missing} missing")
        words = [sum(len((s.mt or '').split()) for s in d.segments) for d in (plain_doc, doc)]
        print(f"  output words: {words[0]} without, {words[1]} with the glossary")
        ratios.append(cpu / plain_cpu)
    tmp.cleanup()
    print(f"realistic_overhead={ratios[0]:.2f} routed_overhead={ratios[1]:.2f}")


if __name__ == "__main__":
    main()
