"""bench/score_bench.py runs, checks equality and ends with the speedup line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent.parent / "bench" / "score_bench.py"


def test_bench_runs_on_a_small_corpus() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--segments", "60", "--workers", "2"],
                            capture_output=True, text=True, check=True, timeout=300)
    lines = result.stdout.strip().splitlines()
    assert "results equal: yes" in lines
    assert re.fullmatch(r"speedup_vs_sacrebleu=\d+\.\d+", lines[-1])
