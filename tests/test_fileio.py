"""Atomic writes: the old file or the new one, never a mix, and errors that name the path; the
append-only JSON-lines log and its reader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mt.errors import InputError
from mt.fileio import JsonLinesLog, atomic_write, read_json_lines


def test_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    atomic_write(target, "بنجشير\n")
    assert target.read_text(encoding="utf-8") == "بنجشير\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_missing_folder_is_an_input_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.txt"
    with pytest.raises(InputError, match="cannot write") as info:
        atomic_write(target, "x")
    assert str(info.value).startswith(str(target))


def test_a_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "inside").write_text("keep")
    with pytest.raises(InputError, match="is a folder"):
        atomic_write(tmp_path, "x")
    assert (tmp_path / "inside").read_text() == "keep"


def test_failure_midway_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(InputError, match="No space left"):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_log_starts_with_its_header_and_appends_records(tmp_path: Path) -> None:
    log = JsonLinesLog(tmp_path / "log.jsonl", {"kind": "test"})
    log.write([{"n": 1}])
    log.write([{"n": 2}, {"n": 3}])
    log.close()
    log.write([{"n": 4}])  # reopening appends, without a second header
    log.close()
    values = [line.value for line in read_json_lines(tmp_path / "log.jsonl")]
    assert values == [{"kind": "test"}, {"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}]


def test_the_reader_marks_a_torn_last_line_and_reopen_cuts_it(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    log = JsonLinesLog(path, {"kind": "test"})
    log.create()
    log.write([{"n": 1}])
    log.close()
    with path.open("ab") as handle:
        handle.write(b'{"n": 2')  # a crash mid-write
    lines = read_json_lines(path)
    assert [(line.garbled, line.complete) for line in lines] == [
        (False, True), (False, True), (True, False)]
    log.reopen(keep=lines[1].end)
    log.write([{"n": 3}])
    log.close()
    assert [line.value for line in read_json_lines(path)] == [{"kind": "test"}, {"n": 1},
                                                               {"n": 3}]


def test_create_replaces_an_old_log_and_remove_deletes_it(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"old": true}\n')
    log = JsonLinesLog(path, {"kind": "test"})
    log.create()
    log.close()
    assert [line.value for line in read_json_lines(path)] == [{"kind": "test"}]
    log.remove()
    assert not path.exists()
