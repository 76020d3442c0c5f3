"""Aligning names with a model's cross-attention (`mt glossary suggest/learn --model`), on a
tiny Marian model whose attention aligns words (tests/engines/tiny_marian.py
:func:`aligning_marian_dir`; the suite's tiny model learns its sentences by heart and its
attention points elsewhere)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.document import Document, Segment
from mt.glossary.names_align import align_names
from mt.glossary.names_suggest import suggest_names
from tests.engines.tiny_marian import aligning_marian_dir
from tests.test_cli_post_edit import invoke

pytestmark = pytest.mark.slow

#: Learnt sentences (tiny_marian.ALIGNING_PAIRS) with the word each name renders.
LEARNT = [
    ("تقع بنجشير شمال كابل.", "Banshir lies north of Kabul.", {"Banshir": "بنجشير",
                                                               "Kabul": "كابل"}),
    ("سيطرت طالبان على كابل.", "The Taliban took control of Kabul.", {"Kabul": "كابل"}),
    ("فر آلاف المدنيين من بنجشير.", "Thousands of civilians fled Banshir.",
     {"Banshir": "بنجشير"}),
]
#: "Kadul" spells كابل too badly for the spelling alone (below names_align.MIN_SCORE).
SOURCE = ["سيطرت طالبان على كابل.", "تقع بنجشير شمال كابل."]
MT = ["The Taliban took control of Kabul.", "Banshir lies north of Kadul."]


@pytest.fixture(scope="module")
def aligning_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return aligning_marian_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def aligner(aligning_model: Path) -> Any:
    from mt.engines.attention import word_attention
    from mt.engines.transformers_engine import TransformersEngine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = TransformersEngine.load(aligning_model, device="cpu")
    return lambda pairs: word_attention(engine, pairs)


def test_a_target_name_attends_to_the_arabic_word_it_renders(aligner: Any) -> None:
    maps = aligner([(s, t) for s, t, _ in LEARNT])
    for (source, target, names), words in zip(LEARNT, maps, strict=True):
        for name, arabic in names.items():
            start = target.index(name)
            found = words.source_for(start, start + len(name))
            assert found is not None
            (s, e), share = found
            assert source[s:e].rstrip(".") == arabic, (target, name)
            assert share > 0.2


def test_the_attention_links_a_spelling_too_far_for_the_source_alone(aligner: Any) -> None:
    pairs = list(zip(SOURCE, MT, strict=True))
    assert align_names(pairs).source_of("Kadul") is None
    assert align_names(pairs, aligner(pairs)).source_of("Kadul") == "كابل"
    # Where the spelling is clear, it still decides.
    assert align_names(pairs, aligner(pairs)).source_of("Banshir") == "بنجشير"


def document() -> Document:
    return Document([Segment(str(i), source=s, mt=t)
                     for i, (s, t) in enumerate(zip(SOURCE, MT, strict=True), 1)])


def test_suggest_with_a_model_groups_the_far_spelling_with_its_source_term(
    aligner: Any,
) -> None:
    plain = {frozenset(s.counts): s for s in suggest_names([document()])}
    assert frozenset({"Kabul", "Kadul"}) not in plain
    found = {frozenset(s.counts): s for s in suggest_names([document()], aligner=aligner)}
    group = found[frozenset({"Kabul", "Kadul"})]
    assert (group.preferred, group.source, group.anchored) == ("Kabul", "كابل", True)


def test_cli_suggest_and_learn_take_a_model(tmp_path: Path, aligning_model: Path) -> None:
    (tmp_path / "story.mt.en").write_text("\n\n".join(MT) + "\n", encoding="utf-8")
    (tmp_path / "story.ar").write_text("\n\n".join(SOURCE) + "\n", encoding="utf-8")
    args = ("glossary", "suggest", tmp_path / "story.mt.en", "--min-count", "1", "--json")
    plain = json.loads(invoke(*args).stdout)
    assert [s for s in plain["suggestions"] if "Kadul" in s["counts"]] == []
    result = invoke(*args, "--model", aligning_model, "--device", "cpu")
    assert result.exit_code == 0, result.output
    found = [s for s in json.loads(result.stdout)["suggestions"] if "Kadul" in s["counts"]]
    assert [(s["preferred"], s["source"]) for s in found] == [("Kabul", "كابل")]
    # learn reads the model's attention at the replaced MT words.
    (tmp_path / "story.pe.en").write_text("\n\n".join(MT).replace("Kadul", "Kabool") + "\n",
                                          encoding="utf-8")
    result = invoke("glossary", "learn", tmp_path, "--json", "--model", aligning_model,
                    "--device", "cpu")
    assert result.exit_code == 0, result.output
    proposals = json.loads(result.stdout)["proposals"]
    assert [(p["preferred"], p["variants"], p["source"]) for p in proposals] == [
        ("Kabool", ["Kadul"], "كابل")
    ]


def test_a_hub_model_not_in_the_cache_is_refused_without_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    (tmp_path / "story.mt.en").write_text(MT[0] + "\n", encoding="utf-8")
    (tmp_path / "story.pe.en").write_text(MT[0] + "\n", encoding="utf-8")
    for command in ("suggest", "learn"):
        result = invoke("glossary", command, tmp_path / "story.mt.en", "--model",
                        "mt-tests/not-in-any-cache", "--device", "cpu")
        assert result.exit_code == 2, result.output
        assert "not in the local Hugging Face cache" in result.output
