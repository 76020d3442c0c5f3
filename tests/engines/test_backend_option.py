"""``--backend`` through ``mt translate``: the JSON report's signature names the backend that
ran, and the backend changes which engine translates, not the text of the tiny model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("ctranslate2")

ARTICLE = "وصل الشتاء إلى الجبال.\n\nسيطرت طالبان على كابل.\n"


def _translate(model: Path, source: Path, *extra: str) -> dict[str, Any]:
    from mt.cli.main import app

    result = CliRunner().invoke(app, ["translate", str(source), "--model", str(model),
                                      "--device", "cpu", "--json", *extra])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    report["stderr"] = result.stderr
    return report


def test_the_json_report_names_the_backend_that_ran(tiny_model: Path, tmp_path: Path) -> None:
    source = tmp_path / "story.ar"
    source.write_text(ARTICLE, encoding="utf-8")
    auto = _translate(tiny_model, source)
    plain = _translate(tiny_model, source, "--backend", "transformers")
    forced = _translate(tiny_model, source, "--backend", "ctranslate2", "--dtype", "fp32")
    assert auto["signature"]["engine"].startswith("ctranslate2-") and ":int8+" in \
        auto["signature"]["engine"]
    assert forced["signature"]["engine"].startswith("ctranslate2-") and ":float32+" in \
        forced["signature"]["engine"]
    assert plain["signature"]["engine"].startswith("transformers-")
    assert "backend: ctranslate2 4" in auto["stderr"] and "(int8)" in auto["stderr"]
    assert "backend: transformers (--backend transformers)" in plain["stderr"]
    texts = [[r["translation"] for r in rep["results"]] for rep in (auto, plain, forced)]
    assert texts[0] == texts[1] == texts[2]
    assert texts[1] == ["Winter reached the mountains.", "The Taliban took control of Kabul."]


def test_an_unknown_backend_is_a_clear_error(tiny_model: Path, tmp_path: Path) -> None:
    from mt.cli.main import app

    source = tmp_path / "story.ar"
    source.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["translate", str(source), "--model", str(tiny_model),
                                      "--device", "cpu", "--backend", "fast"])
    assert result.exit_code == 2, result.output
    assert "--backend" in result.output and "'fast' is not one of" in result.output
