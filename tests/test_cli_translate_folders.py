"""`mt translate` of a folder of sources into an output folder (tiny Marian model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli_translate import ARTICLE, GLOSSARY, run, tiny_model

__all__ = ["tiny_model"]


@pytest.mark.slow
def test_translate_a_folder_writes_one_translation_per_source(tiny_model: Path,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.ar").write_text(ARTICLE, encoding="utf-8")
    (folder / "other.ar").write_text("عاد اللاجئون إلى كابل.\n", encoding="utf-8")
    (folder / "story.mt.en").write_text("an old MT, not a source\n", encoding="utf-8")
    (folder / "README.md").write_text("not a source\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(folder, "--model", tiny_model, "--glossary", GLOSSARY, "-o", out, "--json",
                 "--device", "cpu", "--beam", "2", "--target-lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["document"] for d in data["documents"]] == ["other.ar", "story.ar"]
    assert [d["segments"] for d in data["documents"]] == [1, 3]
    assert sorted(p.name for p in out.iterdir()) == ["other.mt.en", "story.mt.en"]
    assert (out / "other.mt.en").read_text(encoding="utf-8") == \
        "The refugees returned to Kabul.\n"
