"""Atomic writes and JSON-lines logs under faults: leftovers of a killed write, symlinks, the
folder's fsync."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mt.errors import InputError
from mt.fileio import JsonLinesLog, atomic_write, read_json_lines


def test_stale_temporary_files_of_a_killed_write_are_cleaned_up(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    stale = tmp_path / ".out.txt.k3j_9abc.tmp"
    fresh = tmp_path / ".out.txt.zzzzzzzz.tmp"  # another process writing right now
    other = tmp_path / ".notes.txt.k3j_9abc.tmp"  # another file's
    foreign = tmp_path / ".out.txt.mine.tmp"  # not a name we make
    for p in (stale, fresh, other, foreign):
        p.write_text("x")
    old = time.time() - 3600
    for p in (stale, other, foreign):
        os.utime(p, (old, old))
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert not stale.exists()
    assert fresh.exists() and other.exists() and foreign.exists()


def test_atomic_write_fsyncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.path.isdir(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    atomic_write(tmp_path / "out.txt", "data")
    assert synced == [False, True], "the file, then the folder after the rename"


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("dangling", [False, True])
def test_a_log_behind_a_symlink_is_refused(tmp_path: Path, dangling: bool) -> None:
    outside = tmp_path / "outside.jsonl"
    if not dangling:
        outside.write_text('{"kind": "test"}\n')
    path = tmp_path / "log.jsonl"
    path.symlink_to(outside)
    log = JsonLinesLog(path, {"kind": "test"})
    with pytest.raises(InputError, match="symbolic link"):
        log.write([{"n": 1}])
    with pytest.raises(InputError, match="symbolic link"):
        read_json_lines(path)
    assert outside.exists() is not dangling


def test_line_separators_inside_records_do_not_split_them(tmp_path: Path) -> None:
    log = JsonLinesLog(tmp_path / "log.jsonl", {"kind": "test"})
    text = "a\u2028b\u2029c\u0085d\re\x0bf\x0cg\x1ch"
    log.write([{"text": text}])
    log.close()
    lines = read_json_lines(tmp_path / "log.jsonl")
    assert [line.value for line in lines] == [{"kind": "test"}, {"text": text}]
