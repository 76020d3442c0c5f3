"""Batch jobs on the local executor and on Ray (2 workers), on this machine's cores.

- post-edit: a folder of ``--documents`` documents (copies of the corpora/ stories, 23-27
  segments each) post-edited with the Afghanistan glossary, outputs written to a folder;
- translate: ``--translate-documents`` Arabic sources (the corpora/ stories) translated with
  the tiny Marian model the test suite trains (tests/engines/tiny_marian.py), beam 2, on CPU.

Each run is timed whole, as a user runs the command: Ray's start-up (a local Ray, the actors,
the model loaded once per actor) is inside the Ray timings, and also printed apart
(``ray_startup_s``: Ray up; ``first_result_s``: the actors up and a first batch back). The
local runs are one process, one document at a time. Outputs are compared byte for byte.

    PYTHONPATH=. python bench/batch_bench.py [--documents 1000] [--translate-documents 40]
        [--workers 2]

Last line: ``ray_speedup=R translate_ray_speedup=T`` (local seconds over Ray seconds, for
post-edit and for translate).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mt.engines.options import EngineOptions  # noqa: E402
from mt.glossary.file_formats import load_glossary  # noqa: E402
from mt.pipeline.batch import (  # noqa: E402
    DocumentInputs,
    DocumentResult,
    list_inputs,
    output_name,
    pair,
)
from mt.pipeline.batch_steps import ReadOptions, post_edit_step, translate_step  # noqa: E402
from mt.pipeline.executors import Executor  # noqa: E402
from mt.pipeline.ray_executor import run_on_ray  # noqa: E402

GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"
Step = Callable[[DocumentInputs], DocumentResult]


def build(folder: Path, count: int, exts: tuple[str, ...] = ("ar", "mt.en", "ref.en")) -> Path:
    stories = sorted(p.name[: -len(".mt.en")] for p in (ROOT / "corpora").glob("*.mt.en"))
    folder.mkdir()
    for i in range(count):
        story = stories[i % len(stories)]
        for ext in exts:
            shutil.copy(ROOT / "corpora" / f"{story}.{ext}", folder / f"{story}-{i:04d}.{ext}")
    return folder


def post_edit_steps(folder: Path, out: Path) -> tuple[list[DocumentInputs], Step]:
    docs = [pair(p) for p in list_inputs([folder])]
    gloss = load_glossary(GLOSSARY)
    out.mkdir()

    def step(d: DocumentInputs) -> DocumentResult:
        return post_edit_step(d, gloss, read=ReadOptions(), output=out / output_name(d))

    return docs, step


def translate_steps(folder: Path, out: Path, model: Path) -> tuple[list[DocumentInputs], Step]:
    docs = [DocumentInputs(p) for p in sorted(folder.iterdir())]
    gloss = load_glossary(GLOSSARY)
    options = EngineOptions(device="cpu", beam=2, backend="transformers", target_lang="en")
    loaded: dict[str, Any] = {}
    out.mkdir()

    def step(d: DocumentInputs) -> DocumentResult:
        if "engine" not in loaded:  # once per process: here, or in each Ray actor
            import torch

            torch.set_num_threads(1)  # one core per worker, as Ray gives each actor
            loaded["engine"] = options.load(str(model), glossary=gloss)
        return translate_step(
            d,
            loaded["engine"],
            gloss,
            read=ReadOptions(),
            output=out / f"{d.mt.name.split('.')[0]}.mt.en",
        )

    return docs, step


def compare(
    name: str, make: Callable[[Path], tuple[list[DocumentInputs], Step]], tmp: Path, workers: int
) -> float:
    """Time one job on both executors; print documents/s, Ray's start-up and the ratio."""
    docs, step = make(tmp / f"{name}-local")
    start = time.perf_counter()
    results = Executor().run(docs, step)
    local = time.perf_counter() - start
    segments = sum(r.summary["segments"] for r in results)
    docs, step = make(tmp / f"{name}-ray")
    timings: dict[str, float] = {}
    start = time.perf_counter()
    on_ray = run_on_ray(docs, step, workers=workers, timings=timings)
    ray = time.perf_counter() - start
    assert not any(r.failed for r in results + on_ray)
    same = all(
        (tmp / f"{name}-local" / p.name).read_bytes() == p.read_bytes()
        for p in (tmp / f"{name}-ray").iterdir()
    )
    n = len(docs)
    print(f"{name}: documents={n} segments={segments}")
    print(f"  local: {local:.1f} s ({n / local:.1f} docs/s, {segments / local:.0f} segs/s)")
    print(
        f"  ray workers={workers}: {ray:.1f} s ({n / ray:.1f} docs/s, "
        f"{segments / ray:.0f} segs/s), ray_startup_s={timings['ray_startup_s']:.1f} "
        f"first_result_s={timings['first_result_s']:.1f}, "
        f"after first result: {n / max(ray - timings['first_result_s'], 1e-9):.1f} docs/s; "
        f"outputs identical: {same}"
    )
    return local / ray


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--translate-documents", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from tests.engines.tiny_marian import build_tiny_marian

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = build(tmp / "in", args.documents)
        post_edit = compare(
            "post-edit", lambda out: post_edit_steps(folder, out), tmp, args.workers
        )
        sources = build(tmp / "sources", args.translate_documents, ("ar",))
        model = build_tiny_marian(tmp / "model")
        translate = compare(
            "translate", lambda out: translate_steps(sources, out, model), tmp, args.workers
        )
    print(f"ray_speedup={post_edit:.2f} translate_ray_speedup={translate:.2f}")


if __name__ == "__main__":
    main()
