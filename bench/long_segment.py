"""Post-edit one very long line: time and peak memory (issue 14, item 6).

    python bench/long_segment.py [--kb 1024] [--repetitive]

Writes a line of about ``--kb`` KB of news-like English with glossary errors spread through it
(or one word repeated, with ``--repetitive``), runs ``mt post-edit`` on it in a child process and
prints the wall and CPU time, the child's peak resident memory, the exit status and, on the last
line, the CPU time over that of a 1 KB line run the same way (start-up is most of that).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"
WORDS = ("the", "fighters", "in", "Banshir", "valley", "said", "Ahmed", "Masoud", "on",
         "Monday", "that", "172,000", "people", "had", "left", "the", "state", "of", "Panjshir")


def make_line(size: int, repetitive: bool, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        word = "the" if repetitive else rng.choice(WORDS)
        parts.append(word)
        length += len(word) + 1
    return " ".join(parts)


def post_edit(folder: Path, line: str) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """``mt post-edit`` of a file holding ``line``, in a child: (wall s, CPU s, the run)."""
    mt_file = folder / "long.mt.en"
    mt_file.write_text(line + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "mt", "post-edit", str(mt_file), "-g", str(GLOSSARY),
           "-o", str(folder / "long.pe.en"), "--report", str(folder / "r.json")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=1024)
    parser.add_argument("--repetitive", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _, base_cpu, _ = post_edit(Path(tmp), make_line(1024, args.repetitive))  # baseline
        wall, cpu, proc = post_edit(Path(tmp), make_line(args.kb * 1024, args.repetitive))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        notes = [line for line in proc.stdout.splitlines() + proc.stderr.splitlines()
                 if "approximat" in line]
        for line in notes[:3]:
            print(line.strip()[:200])
        if proc.returncode not in (0, 1):
            print(proc.stderr[-2000:])
        print(f"line={args.kb} KB repetitive={args.repetitive} exit={proc.returncode} "
              f"wall={wall:.1f}s cpu={cpu:.1f}s peak_rss={peak_mb:.0f}MB "
              f"cpu_over_1kb_line={cpu / base_cpu:.2f}")


if __name__ == "__main__":
    main()
