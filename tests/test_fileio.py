"""Atomic writes: the old file or the new one, never a mix, and errors that name the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mt.errors import InputError
from mt.fileio import atomic_write


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
