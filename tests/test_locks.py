"""Locks on shared files, with real processes: parallel glossary edits lose nothing, a second
review of one document opens read-only while the first is open (and changes nothing of it), a
dead holder's lock is taken over."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mt.cli.review_cmd import review
from mt.document import EditStatus
from mt.formats import read_document
from mt.glossary.files import read_glossary
from mt.locks import FlockFile, Timeout
from mt.pipeline.review import ReviewError, ReviewSession
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
    assert lock_files(tmp_path) == []


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


LOCK_LOOP = """
import os, sys, time
from pathlib import Path
from mt.locks import glossary_lock
target, log, n, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.001)
out = os.open(log, os.O_WRONLY | os.O_APPEND)
for _ in range(n):
    with glossary_lock(target):
        os.write(out, f"in {os.getpid()}\\n".encode())
        time.sleep(0.002)
        os.write(out, f"out {os.getpid()}\\n".encode())
"""


def test_locks_stay_exclusive_while_each_holder_removes_the_lock_file(tmp_path: Path) -> None:
    target, log, go = tmp_path / "g.tsv", tmp_path / "log", tmp_path / "go"
    target.touch()
    log.touch()
    n = 60
    procs = [subprocess.Popen([sys.executable, "-c", LOCK_LOOP, str(target), str(log), str(n),
                               str(go)], env=_env(), stderr=subprocess.PIPE)
             for _ in range(3)]
    time.sleep(0.5)  # all imported and waiting
    go.touch()
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read().decode() if p.stderr else ""
    lines = log.read_text().splitlines()
    assert len(lines) == 2 * 3 * n
    for enter, leave in zip(lines[::2], lines[1::2], strict=True):
        assert enter.startswith("in ") and leave == "out " + enter[3:], \
            "two processes held the lock at once"
    assert not (tmp_path / ".g.tsv.lock").exists(), "the last holder removed the lock file"


def test_a_lock_won_on_a_file_its_holder_removed_is_tried_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / ".g.tsv.lock"
    first, second, third = FlockFile(path), FlockFile(path), FlockFile(path)
    first.acquire(timeout=0)
    real_open = os.open

    def open_then_race(*args: Any, **kwargs: Any) -> int:
        fd = real_open(*args, **kwargs)
        if first.is_locked:  # second has the file open: first removes it on release and
            first.release()  # third locks a new one at the path before second locks
            third.acquire(timeout=0)
        return fd

    monkeypatch.setattr(os, "open", open_then_race)
    with pytest.raises(Timeout):
        second.acquire(timeout=0)  # the removed file's lock is no lock: third holds it
    monkeypatch.undo()
    third.release()
    second.acquire(timeout=0)
    assert path.exists()
    second.release()
    assert not path.exists()


def lock_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".lock", ".owner")))


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



def hold_review(work: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """A real `mt review` of the story in another process, holding the document after one
    accepted proposal (journaled) until ``stop`` exists; then it saves and exits."""
    ready, stop = work / "ready", work / "stop"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(work / f"{STORY}.mt.en"),
                             str(ready), str(stop), str(work / "glossary.tsv")],
                            env=_env(), stderr=subprocess.PIPE)
    _wait_for(ready, proc)
    return proc, ready, stop


def files(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes (the holder's lock and journal included)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def second_review(work: Path, monkeypatch: pytest.MonkeyPatch, *, read_only: bool = False,
                  then: Callable[[ReviewSession], None] | None = None) -> list[ReviewSession]:
    """Run `mt review` of the story here, the UI replaced by ``then``; the sessions opened."""
    opened: list[ReviewSession] = []

    def run(app: ReviewApp) -> None:
        opened.append(app.session)
        if then is not None:
            then(app.session)

    monkeypatch.setattr(ReviewApp, "run", run)
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal", lambda command: None)
    review(work / f"{STORY}.mt.en", source=None, ref=None, glossary=work / "glossary.tsv",
           model=None, output=None, fmt=None, text_mode="auto", fresh=False,
           read_only=read_only)
    return opened


def try_to_change(session: ReviewSession) -> None:
    """What a translator might do in a read-only view: each is refused, saying why."""
    i = next(n for n in range(len(session)) if session.pending(n))
    done = next(n for n in range(len(session)) if not session.pending(n))
    attempts: list[Callable[[], object]] = [
        lambda: session.accept(i, session.pending(i)[0]),
        lambda: session.set_post_edit(0, "typed", group="g"),
        lambda: session.confirm(done),
        session.save,
    ]
    for attempt in attempts:
        with pytest.raises(ReviewError, match=r"^read-only: "):
            attempt()
    session.close()


def test_a_second_review_of_a_held_document_opens_read_only_and_cannot_touch_the_first(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proc, ready, stop = hold_review(work)
    ready.unlink()
    before = files(work)
    try:
        (session,) = second_review(work, monkeypatch, then=try_to_change)
        assert session.read_only is not None
        assert re.fullmatch(rf"being reviewed by pid {proc.pid} on host {socket.gethostname()} "
                            r"since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", session.read_only)
        assert session.recovery is None, "the holder's journal is not offered for recovery"
        assert files(work) == before, "the read-only session wrote, moved or removed nothing"
    finally:
        stop.touch()
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode() if proc.stderr else ""
    saved = read_document(work / f"{STORY}.mt.en.mt.json", fmt="session")
    assert any(e.status is EditStatus.ACCEPTED for seg in saved for e in seg.edits), \
        "the holder's decision is saved"
    (again,) = second_review(work, monkeypatch)
    assert again.read_only is None, "once the first is closed, a review opens for editing"
    assert lock_files(work) == [], "each review removed its lock when it closed"


def test_read_only_takes_no_lock_and_writes_nothing(work: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = files(work)
    holder: list[subprocess.Popen[bytes]] = []

    def meanwhile(session: ReviewSession) -> None:
        assert session.read_only == "opened with --read-only"
        holder.append(hold_review(work)[0])  # the lock is free: a real review takes it
        try_to_change(session)

    second_review(work, monkeypatch, read_only=True, then=meanwhile)
    (work / "stop").touch()
    assert holder[0].wait(timeout=120) == 0
    assert (work / f"{STORY}.pe.en").exists(), "the other review saved"
    assert before.items() <= files(work).items(), "nothing of what was there changed"


def test_the_lock_of_a_killed_review_is_taken_over(work: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    proc, _, _ = hold_review(work)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    stale = work / f".{STORY}.mt.en.mt-journal.jsonl.lock"
    assert stale.exists(), "a killed review could not remove its lock file"
    opened = second_review(work, monkeypatch)
    assert opened and opened[0].read_only is None, "the dead holder's lock does not block"
    assert opened[0].recovery is not None, "and its journaled decision is offered"
    assert lock_files(work) == [], "the review that took it over removed it"
