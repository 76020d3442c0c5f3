"""`mt translate -o`: an output it cannot write is refused before the model loads, and a
checkpoint whose first write failed neither stays behind nor blocks the next run."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from mt.errors import InputError
from mt.pipeline.translate import CHECKPOINT_KIND, _Checkpoint, checkpoint_path
from mt.pipeline.translate_job import check_output, interrupted_checkpoint
from tests.test_cli import mt

HEADER = {"kind": CHECKPOINT_KIND, "version": 1, "input": "sha256:x", "segments": 1,
          "existing_mt": False, "signature": {"engine": "x", "model": "m"}}


def test_missing_folder_is_refused_before_the_model_loads(tmp_path: Path) -> None:
    source = tmp_path / "a.ar"
    source.write_text("كابل\n", encoding="utf-8")
    out = tmp_path / "missing" / "out.en"
    result = mt("translate", source, "--model", tmp_path / "no-such-model", "-o", out)
    assert result.returncode == 2, result.stderr
    assert f"the folder {out.parent} does not exist; nothing written" in result.stderr
    assert "model" not in result.stderr.lower()


def test_unwritable_outputs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no such folder"):
        check_output(tmp_path / "missing" / "out.en")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_output(tmp_path / "file" / "out.en")
    with pytest.raises(InputError, match="is a folder"):
        check_output(tmp_path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("mt.pipeline.translate_job._probe_write", full)
    with pytest.raises(InputError, match=r"cannot write in this folder: No space left"):
        check_output(tmp_path / "out.en")
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]


def test_a_failed_first_checkpoint_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ckpt = checkpoint_path(tmp_path / "out.en")

    def full(handle: object, records: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("mt.fileio.append_json_lines", full)
        with pytest.raises(InputError, match="cannot write the checkpoint: No space left"):
            _Checkpoint(ckpt, HEADER).start(resume=False)
    assert not ckpt.exists()
    assert interrupted_checkpoint(tmp_path / "out.en") is None
    store = _Checkpoint(ckpt, HEADER)
    assert store.start(resume=True) == {}
    store.close()


def test_an_empty_checkpoint_is_no_interrupted_run(tmp_path: Path) -> None:
    ckpt = checkpoint_path(tmp_path / "out.en")
    ckpt.write_bytes(b"")
    assert interrupted_checkpoint(tmp_path / "out.en") is None
    assert not ckpt.exists()
    ckpt.write_bytes(b'{"kind": "mt-trans')  # the header write cut short
    assert interrupted_checkpoint(tmp_path / "out.en") is None
    store = _Checkpoint(ckpt, HEADER)
    store.create()
    store.close()
    assert interrupted_checkpoint(tmp_path / "out.en") == ckpt
