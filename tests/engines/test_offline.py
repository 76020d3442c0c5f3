"""Loading a model without a network: a hub id not in the cache fails at once with what to do
(HF_HUB_OFFLINE: no connection at all; an unreachable hub: one short probe, no retries), while a
local folder or a model in the Hugging Face cache keeps working; pickle weights are refused."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.engines.tiny_marian import tiny_marian_dir
from tests.test_cli_post_edit import invoke

HUB_ID = "Helsinki-NLP/opus-mt-ar-en"
#: Hubs that cannot be reached: a closed local port, a name that never resolves (.invalid).
UNREACHABLE = ["http://127.0.0.1:9", "http://hub.invalid"]
#: A non-routable address (some sandboxes answer it with their own HTTP server).
NON_ROUTABLE = "http://10.255.255.1:81"


def mt_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment with an empty Hugging Face cache of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(HF_HOME=str(tmp_path / "hf-home"), PYTHONPATH=str(ROOT), COLUMNS="200", **extra)
    return env


def translate(tmp_path: Path, model: str | Path, env: dict[str, str]) -> Any:
    src = tmp_path / "story.ar"
    src.write_text("سيطرت طالبان على كابل.\n", encoding="utf-8")
    out = tmp_path / "story.en"
    result = subprocess.run(
        [sys.executable, "-m", "mt", "translate", str(src), "--model", str(model), "-o", str(out),
         "--device", "cpu"],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )
    return result, out


@pytest.mark.parametrize("endpoint", UNREACHABLE)
def test_an_unreachable_hub_fails_fast_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    src = tmp_path / "story.ar"
    src.write_text("سيطرت طالبان على كابل.\n", encoding="utf-8")
    out = tmp_path / "story.en"
    # A hub id no cache holds, so that the hub is the only place left to look.
    model = "mt-tests/not-in-any-cache"
    result = invoke("translate", src, "--model", model, "-o", out, "--device", "cpu")
    assert result.exit_code == 2, result.output
    assert "cannot be reached" in result.output and endpoint in result.output
    assert f"hf download {model}" in result.output
    assert not out.exists()


def test_a_non_routable_hub_is_one_clear_error(tmp_path: Path) -> None:
    result, out = translate(tmp_path, HUB_ID, mt_env(tmp_path, HF_ENDPOINT=NON_ROUTABLE))
    assert result.returncode == 2, result.stderr
    assert f"hf download {HUB_ID}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not out.exists()


def test_hf_hub_offline_touches_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    from mt.engines.base import EngineError
    from mt.engines.loading import load_model

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a connection was attempted although HF_HUB_OFFLINE=1")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(EngineError, match="HF_HUB_OFFLINE"):
        load_model("mt-tests/not-in-any-cache", None, "cpu", "auto")


def test_a_pickle_checkpoint_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "pickled"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04\x95 not to be unpickled")
    result, out = translate(tmp_path, folder, mt_env(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "pickle weights refused; use safetensors" in result.stderr
    assert "pytorch_model.bin" in result.stderr and not out.exists()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_marian_dir(tmp_path_factory)


@pytest.mark.slow
def test_a_real_pickle_model_folder_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    folder = tmp_path / "pickled"
    shutil.copytree(tiny_model, folder)
    weights = folder / "model.safetensors"
    torch.save(load_file(weights), folder / "pytorch_model.bin")
    weights.unlink()
    result, _ = translate(tmp_path, folder, mt_env(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "pickle weights refused; use safetensors" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("offline", [{"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": UNREACHABLE[1]}])
def test_a_cached_model_and_a_local_folder_work_offline(tiny_model: Path, tmp_path: Path,
                                                       offline: dict[str, str]) -> None:
    env = mt_env(tmp_path, **offline)
    snapshot = Path(env["HF_HOME"]) / "hub/models--mt-tests--tiny/snapshots" / ("0" * 40)
    shutil.copytree(tiny_model, snapshot)
    (snapshot.parent.parent / "refs").mkdir()
    (snapshot.parent.parent / "refs/main").write_text("0" * 40, encoding="utf-8")
    for model in ("mt-tests/tiny", tiny_model):
        result, out = translate(tmp_path, model, env)
        assert result.returncode == 0, result.stderr
        assert "Kabul" in out.read_text(encoding="utf-8")
        out.unlink()
