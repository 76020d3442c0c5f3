"""`mt review --model` with the tiny NLLB-200 and M2M100 models: the command builds the engine
with the language options, and in the UI (driven by Pilot) `t` re-translates a segment with
the glossary's term forced, `a` accepts it and ctrl+s saves it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mt.document import EditStatus
from mt.tui.app import ReviewApp
from tests.conftest import GLOSSARIES
from tests.engines.tiny_multilingual import LANG_TOKENS, tiny_multilingual_dir
from tests.tui.conftest import confidence_shown, retranslated, settle

SOURCES = ["هاجمت طالبان ولاية بنجشير.", "وصل وفد طالبان إلى الدوحة."]
MT = ["Taliban attacked the state.", "A Taliban delegation arrived in Doha."]
#: What the tiny models learnt for SOURCES[0], with the glossary's "Panjshir" forced.
FORCED = "The Taliban attacked Panjshir province."


async def _retranslate_accept_save(app: ReviewApp, seen: dict[str, Any]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen["engine"] = app.session.engine
        neural = await retranslated(pilot)
        assert len(neural) == 1 and neural[0].status is EditStatus.PROPOSED
        seen["proposal"] = neural[0].replacement
        await pilot.press("a")
        assert neural[0].status is EditStatus.ACCEPTED
        seen["confidence"] = await confidence_shown(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["nllb", "m2m100"])
def test_review_retranslates_with_the_term_forced(
    kind: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import torch

    from mt.cli.main import app

    torch.set_num_threads(1)
    model = tiny_multilingual_dir(tmp_path_factory, kind)
    (tmp_path / "news.mt.en").write_text("\n".join(MT) + "\n", encoding="utf-8")
    (tmp_path / "news.ar").write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    seen: dict[str, Any] = {}
    monkeypatch.setattr(ReviewApp, "run",
                        lambda self: asyncio.run(_retranslate_accept_save(self, seen)))
    monkeypatch.setattr("mt.cli.review_cmd.require_terminal", lambda command: None)
    result = CliRunner().invoke(app, [
        "review", str(tmp_path / "news.mt.en"), "-s", str(tmp_path / "news.ar"),
        "-g", str(GLOSSARIES / "afghanistan-news.ar-en.tsv"), "--model", str(model),
        "--source-lang", "ar", "--target-lang", "en", "--device", "cpu",
    ])
    assert result.exit_code == 0, result.output
    assert (seen["engine"].source_lang, seen["engine"].target_lang) == (
        ("arb_Arab", "eng_Latn") if kind == "nllb" else ("ar", "en"))
    assert seen["proposal"] == FORCED
    assert not any(code in seen["confidence"] for code in LANG_TOKENS[kind])
    assert "Panjshir" in seen["confidence"], seen  # forced: the model doubts it
    saved = (tmp_path / "news.pe.en").read_text(encoding="utf-8").splitlines()
    assert saved == [FORCED, MT[1]]
