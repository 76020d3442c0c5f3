"""What `mt` prints through a pipe: whole lines on stdout and stderr, whatever the width."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPORA, GLOSSARIES, ROOT


def test_messages_on_stderr_are_whole_lines_in_a_pipe(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    for name in ("doha-talks", "kabul-aid"):
        for ext in (".mt.en", ".ar", ".ref.en"):
            shutil.copy(CORPORA / f"{name}{ext}", stories)
    env = {**os.environ, "COLUMNS": "40", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mt", "post-edit", str(stories), "-g",
         str(GLOSSARIES / "afghanistan-news.ar-en.tsv"), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    # The batch summary is longer than 40 columns; through a pipe it stays one line.
    summary = [line for line in result.stderr.splitlines() if "documents done" in line]
    assert len(summary) == 1 and summary[0].endswith(f"to {tmp_path / 'out'}"), result.stderr
