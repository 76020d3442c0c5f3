"""`mt qa` and `mt post-edit` on many segments: wall time and peak memory (issue 14, item 7).

    python bench/scale_bench.py [--sizes 100000,1000000] [--keep DIR]

For each size N, writes an N-segment document (source, MT and reference, in the corpora's article
layout) by cycling through the shipped stories in corpora/, then runs ``python -m mt qa`` and
``python -m mt post-edit`` (with the sample glossary, an output file and a JSON report) on it in
child processes, their output going to a file as in a pipeline. Each child's peak resident memory
comes from ``wait4``'s resource usage. The last line compares the largest size with the smallest:
``qa_1m_over_100k=X post_edit_1m_over_100k=Y cpu_qa=.. cpu_post_edit=.. peak_rss_mb=Z`` (wall
time ratios, CPU time ratios, and the highest peak of any run; the names keep the issue's sizes
whatever ``--sizes`` says). On a shared machine the CPU ratios are the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"


def _paragraphs(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def corpus_segments() -> list[tuple[str, str, str]]:
    """(source, MT, reference) of every shipped story's segments, in order."""
    rows: list[tuple[str, str, str]] = []
    for mt_file in sorted(CORPORA.glob("*.mt.en")):
        story = mt_file.name.removesuffix(".mt.en")
        sides = [_paragraphs(CORPORA / f"{story}{ext}") for ext in (".ar", ".mt.en", ".ref.en")]
        rows.extend(zip(*sides, strict=True))
    return rows


def write_document(folder: Path, size: int) -> tuple[Path, Path, Path]:
    """``size`` segments cycled from the corpora as doc.ar, doc.mt.en and doc.ref.en."""
    rows = corpus_segments()
    paths = tuple(folder / f"doc{ext}" for ext in (".ar", ".mt.en", ".ref.en"))
    for side, path in enumerate(paths):
        with path.open("w", encoding="utf-8") as fh:
            for i in range(size):
                fh.write(("\n\n" if i else "") + rows[i % len(rows)][side].strip())
            fh.write("\n")
    return paths[0], paths[1], paths[2]


def run_child(cmd: list[str], log: Path) -> tuple[float, float, int, float]:
    """Run ``cmd`` with its output into ``log``: (wall seconds, peak RSS in MB, exit status,
    CPU seconds of the child and the processes it waited for)."""
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT,
                                env={**os.environ, "COLUMNS": "120"})
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, code, usage.ru_utime + usage.ru_stime


def bench_size(folder: Path, size: int) -> dict[str, tuple[float, float, int, float]]:
    src, mt_file, ref = write_document(folder, size)
    common = ["--source", str(src), "--ref", str(ref)]
    commands = {
        "qa": [sys.executable, "-m", "mt", "qa", str(mt_file), *common, "-g", str(GLOSSARY)],
        "post_edit": [sys.executable, "-m", "mt", "post-edit", str(mt_file), *common, "-g",
                      str(GLOSSARY), "-o", str(folder / "doc.pe.en"),
                      "--report", str(folder / "report.json")],
    }
    results = {}
    for name, cmd in commands.items():
        wall, peak, code, cpu = run_child(cmd, folder / f"{name}.log")
        results[name] = (wall, peak, code, cpu)
        print(f"{name} segments={size} wall={wall:.1f}s cpu={cpu:.1f}s peak_rss={peak:.0f}MB "
              f"exit={code}", flush=True)
        if code not in (0, 1):
            print((folder / f"{name}.log").read_text(encoding="utf-8")[-2000:])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="Comma-separated segment counts; the ratios compare the last "
                             "with the first.")
    parser.add_argument("--keep", type=Path, help="Keep the documents and logs in this folder.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        for size in sizes:
            folder = (args.keep or Path(tmp)) / str(size)
            folder.mkdir(parents=True, exist_ok=True)
            runs[size] = bench_size(folder, size)
    small, large = runs[sizes[0]], runs[sizes[-1]]
    peak = max(result[1] for results in runs.values() for result in results.values())
    print(f"qa_1m_over_100k={large['qa'][0] / small['qa'][0]:.2f} "
          f"post_edit_1m_over_100k={large['post_edit'][0] / small['post_edit'][0]:.2f} "
          f"cpu_qa={large['qa'][3] / small['qa'][3]:.2f} "
          f"cpu_post_edit={large['post_edit'][3] / small['post_edit'][3]:.2f} "
          f"peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main()
