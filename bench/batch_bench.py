"""Post-edit ~200 documents built from corpora/ with the local executor and with Ray (2
workers); documents per second and the ratio. Last line: ``ray_speedup=R``.

    PYTHONPATH=. python bench/batch_bench.py [--documents 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from mt.glossary.file_formats import load_glossary
from mt.pipeline.batch import DocumentInputs, DocumentResult, list_inputs, output_name, pair
from mt.pipeline.batch_steps import ReadOptions, post_edit_step
from mt.pipeline.executors import Executor

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"


def build(folder: Path, count: int) -> list[DocumentInputs]:
    stories = sorted(p.name[: -len(".mt.en")] for p in (ROOT / "corpora").glob("*.mt.en"))
    folder.mkdir()
    for i in range(count):
        story = stories[i % len(stories)]
        for ext in ("ar", "mt.en", "ref.en"):
            shutil.copy(ROOT / "corpora" / f"{story}.{ext}", folder / f"{story}-{i:04d}.{ext}")
    return [pair(p) for p in list_inputs([folder])]


def timed(executor: Executor, docs: list[DocumentInputs], out: Path) -> float:
    gloss = load_glossary(GLOSSARY)
    out.mkdir()

    def step(d: DocumentInputs) -> DocumentResult:
        return post_edit_step(d, gloss, read=ReadOptions(), output=out / output_name(d))

    start = time.perf_counter()
    results = executor.run(docs, step)
    seconds = time.perf_counter() - start
    assert not any(r.failed for r in results)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = build(Path(tmp) / "in", args.documents)
        local = timed(Executor(), docs, Path(tmp) / "local")
        # Ray's start-up (a local Ray, the actors) is inside the timing, as a user sees it.
        ray = timed(Executor("ray", args.workers), docs, Path(tmp) / "ray")
        same = all((Path(tmp) / "local" / p.name).read_bytes() == p.read_bytes()
                   for p in (Path(tmp) / "ray").iterdir())
    n = len(docs)
    print(f"documents={n} local: {local:.1f} s ({n / local:.1f} docs/s)")
    print(f"ray workers={args.workers}: {ray:.1f} s ({n / ray:.1f} docs/s), "
          f"outputs identical: {same}")
    print(f"ray_speedup={local / ray:.2f}")


if __name__ == "__main__":
    main()
