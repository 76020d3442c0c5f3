"""Fuzz every reader for longer than CI does (issue 14): documents in each format, glossaries,
the review journal and the translate checkpoint.

    python bench/fuzz_readers.py [--cases 2000] [--seed 1] [--only NAME ...]

Prints, per reader, the cases tried, how many read, how many were refused as input errors
(exit 2) and how many crashed (what the CLI reports as exit 4), with each distinct crash once;
the last line is ``cases=N exit4=M``. Exits 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz_targets import READERS, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000, help="cases per reader")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", help="reader names (default: all)")
    args = parser.parse_args()
    readers = [r for r in READERS if not args.only or r.name in args.only]
    total = crashes = 0
    for reader in readers:
        rng = random.Random(f"{args.seed}:{reader.name}")
        counts: Counter[str] = Counter()
        kinds: dict[str, bytes] = {}
        started = time.perf_counter()
        for _ in range(args.cases):
            data = reader.generate(rng)
            result = outcome(reader, data)
            key = "exit4" if result.startswith("exit") else result
            counts[key] += 1
            if key == "exit4":
                kinds.setdefault(result, data)
        seconds = time.perf_counter() - started
        total += args.cases
        crashes += counts["exit4"]
        print(f"{reader.name:<15} cases={args.cases} ok={counts['ok']} "
              f"refused={counts['refused']} exit4={counts['exit4']} "
              f"kinds={len(kinds)} ({seconds:.1f} s)", flush=True)
        for kind, data in kinds.items():
            print(f"    {kind}\n      input: {data[:200]!r}")
    print(f"cases={total} exit4={crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
