"""Locks on shared files, with real processes: parallel glossary edits lose nothing, a second
review of one document is refused while the first is open, a dead holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mt.cli.review_cmd import review
from mt.errors import MTError
from mt.glossary.files import read_glossary
from mt.tui.app import ReviewApp
from tests.conftest import ROOT, STORY

ADD_LOOP = """
import sys, time
from pathlib import Path
from typer.testing import CliRunner
from mt.cli.main import app
gloss, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.001)
runner = CliRunner()
for k in range(n):
    r = runner.invoke(app, ["glossary", "add", "-g", gloss, "-t", f"Term{tag}x{k}",
                            "-s", f"src{tag}x{k}"])
    assert r.exit_code == 0, r.output
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _wait_for(path: Path, proc: subprocess.Popen[bytes]) -> None:
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "died")
        time.sleep(0.01)


def test_parallel_glossary_add_loops_lose_no_entry(tmp_path: Path) -> None:
    gloss = tmp_path / "g.tsv"
    gloss.write_text("source\ttarget\nبنجشير\tPanjshir\n", encoding="utf-8")
    go = tmp_path / "go"
    n = 20
    procs = [subprocess.Popen([sys.executable, "-c", ADD_LOOP, str(gloss), tag, str(n),
                               str(go)], env=_env(), stderr=subprocess.PIPE)
             for tag in ("a", "b")]
    time.sleep(0.5)  # both imported and waiting
    go.touch()
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read().decode() if p.stderr else ""
    targets = {e.target for e in read_glossary(gloss).entries}
    expected = {f"Term{t}x{k}" for t in "ab" for k in range(n)} | {"Panjshir"}
    assert targets == expected


def test_glossary_add_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    from mt.glossary.entry import GlossaryEntry
    from mt.glossary.files import add_entry

    shared = tmp_path / "shared.tsv"
    shared.write_text("source\ttarget\nبنجشير\tPanjshir\n", encoding="utf-8")
    link = tmp_path / "link.tsv"
    link.symlink_to(shared)
    add_entry(link, GlossaryEntry(id="", target="Kabul", sources=("كابل",)))
    assert link.is_symlink()
    assert "Kabul" in {e.target for e in read_glossary(shared).entries}


# -- review sessions ----------------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from mt.cli.review_cmd import review
import mt.cli.review_cmd
from mt.tui.app import ReviewApp
mt.cli.review_cmd.require_terminal = lambda command: None  # the holder runs without a terminal
doc, ready, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
def run(app):
    s = app.session
    i = next(i for i in range(len(s)) if s.pending(i))
    s.accept(i, s.pending(i)[0])
    ready.touch()
    while not stop.exists():
        time.sleep(0.01)
    s.save()
ReviewApp.run = run
review(doc, source=None, ref=None, glossary=Path(sys.argv[4]), model=None, output=None,
       fmt=None, text_mode="auto", fresh=False)
"""



def _holder(work: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    ready, stop = work / "ready", work / "stop"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(work / f"{STORY}.mt.en"),
                             str(ready), str(stop), str(work / "glossary.tsv")],
                            env=_env(), stderr=subprocess.PIPE)
    _wait_for(ready, proc)
    return proc, ready, stop


def _second_review(work: Path, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    opened: list[object] = []
    monkeypatch.setattr(ReviewApp, "run", lambda app: opened.append(app.session))
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal", lambda command: None)
    review(work / f"{STORY}.mt.en", source=None, ref=None, glossary=None, model=None,
           output=None, fmt=None, text_mode="auto", fresh=False)
    return opened


def test_a_second_review_of_a_document_is_refused_and_cannot_touch_the_first(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proc, _, stop = _holder(work)
    journal = work / f"{STORY}.mt.en.mt-journal.jsonl"
    before = journal.read_bytes()
    try:
        with pytest.raises(MTError) as caught:
            _second_review(work, monkeypatch)
        message = str(caught.value)
        assert f"pid {proc.pid}" in message and "since" in message
        assert caught.value.exit_code == 2
        assert journal.read_bytes() == before, "the refused session left the journal alone"
    finally:
        stop.touch()
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert (work / f"{STORY}.pe.en").exists()
    assert _second_review(work, monkeypatch), "once the first is closed, a review opens"


def test_the_lock_of_a_killed_review_is_taken_over(work: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    proc, _, _ = _holder(work)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    opened = _second_review(work, monkeypatch)
    assert opened, "the dead holder's lock does not block"
    assert opened[0].recovery is not None, "and its journaled decision is offered"  # type: ignore[attr-defined]
