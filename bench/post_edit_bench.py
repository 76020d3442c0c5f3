"""Benchmark: `mt post-edit` with a reference against the same run without one, on a long
document (the shipped stories, with their sources and references, repeated).

    python bench/post_edit_bench.py [--segments 5000] [--workers N] [--repeat 1]

Each run is what the command does after reading its input: the glossary fixes, QA of the
post-edit and the scores (with the reference: BLEU, chrF and TER before and after; always: the
edit effort). The last line is ``ref_over_noref=X`` (seconds with --ref / seconds without).
Both are wall-clock times: on a machine busy with other work, the run with a reference (which
needs a second core for its scores) suffers more; use ``--repeat``.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mt.document import Document, Segment
from mt.formats import read_document
from mt.glossary.files import load_glossary
from mt.pipeline.post_edit import run_post_edit

ROOT = Path(__file__).resolve().parent.parent
STORIES = ("doha-talks", "kabul-aid", "panjshir-offensive", "resistance-interview")


def long_document(n: int) -> Document:
    """``n`` segments: the stories' paragraphs (MT, source, reference) over and over."""
    pool: list[Segment] = []
    for story in STORIES:
        base = ROOT / "corpora" / story
        doc = read_document(Path(f"{base}.mt.en"), source=Path(f"{base}.ar"),
                            reference=Path(f"{base}.ref.en"))
        pool.extend(doc.segments)
    segments = [Segment(str(i + 1), s.mt, s.source, s.reference)
                for i, s in enumerate(pool[i % len(pool)] for i in range(n))]
    return Document(segments, source_lang="ar", target_lang="en")


def timed(doc: Document, workers: int | None, repeat: int) -> float:
    glossary = load_glossary(ROOT / "glossaries" / "afghanistan-news.ar-en.tsv")
    best = float("inf")
    for _ in range(repeat):
        work = copy.deepcopy(doc)
        start = time.perf_counter()
        run_post_edit(work, glossary, workers=workers)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes for the scores (default: every core)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best counts")
    args = parser.parse_args()
    with_ref = long_document(args.segments)
    without = copy.deepcopy(with_ref)
    for seg in without.segments:
        seg.reference = None
    noref = timed(without, args.workers, args.repeat)
    ref = timed(with_ref, args.workers, args.repeat)
    print(f"segments={args.segments} without_ref_s={noref:.2f} with_ref_s={ref:.2f}")
    print(f"ref_over_noref={ref / noref:.2f}")


if __name__ == "__main__":
    main()
