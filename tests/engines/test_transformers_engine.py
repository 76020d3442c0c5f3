"""The transformers engine on the tiny Marian model: real loading, decoding and scoring."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.engines.base import (
    UNMET_LENGTH,
    UNMET_VOCABULARY,
    Constraint,
    EngineError,
    SentenceConstraints,
)
from mt.engines.confidence import CHECK_ID, confidence_issues
from mt.engines.constraints import constraints_for
from mt.engines.transformers_engine import TransformersEngine
from tests.engines.tiny_marian import PAIRS

LEARNED = dict(PAIRS)
NOVEL = [
    "سيطرت طالبان على بنجشير و كابل.",
    "مسعود في الدوحة",
    "قال المتحدث إن الثلوج هطلت على بروان وبنجشير.",
    "وصلت طائرة إلى الدوحة.",
]
BANSHIR = [a for a, e in PAIRS if "Banshir" in e]


def load(folder: Path, **options: Any) -> TransformersEngine:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TransformersEngine.load(folder, device="cpu", **options)


def generate(engine: TransformersEngine, sources: list[str], **kwargs: Any) -> list[str]:
    import torch

    tok, model = engine.tokenizer, engine.model
    with torch.inference_mode():
        out = model.generate(**tok(sources, return_tensors="pt", padding=True), **kwargs)
    return tok.batch_decode(out, skip_special_tokens=True)


@pytest.mark.slow
def test_the_tiny_model_loads_and_translates_what_it_learnt(engine: TransformersEngine) -> None:
    sources = list(LEARNED)[:12]
    results = engine.translate(sources)
    assert [r.text for r in results] == [LEARNED[s] for s in sources]
    assert all(r.score < 0 and r.tokens > 0 and r.sentences == 1 for r in results)
    assert all(r.ok and r.constraints == [] for r in results)


@pytest.mark.parametrize(
    ("beam", "length_penalty", "max_new"),
    [(4, 1.0, 30), (5, 0.6, 20), (3, 2.0, 20), (2, 1.0, 4), (1, 1.0, 12)],
)
@pytest.mark.slow
def test_plain_beam_search_returns_what_generate_returns(
    tiny_model: Path, beam: int, length_penalty: float, max_new: int
) -> None:
    engine = load(tiny_model, beam=beam, length_penalty=length_penalty, max_new_tokens=max_new)
    sources = list(LEARNED)[::4] + NOVEL
    ours = [t.text for t in engine.translate(sources)]
    options = {"num_beams": beam, "length_penalty": length_penalty, "max_new_tokens": max_new}
    one_by_one = [generate(engine, [s], **options)[0] for s in sources]
    assert ours == one_by_one
    assert ours == generate(engine, sources, **options)  # one padded batch


@pytest.mark.slow
def test_a_glossary_term_the_model_does_not_write_is_forced(
    engine: TransformersEngine, glossary: Any
) -> None:
    source = "فر آلاف المدنيين من بنجشير."
    assert engine.translate([source])[0].text == "Thousands of civilians fled Banshir."
    forced = engine.translate([source], glossary=glossary)[0]
    assert "Panjshir" in forced.text and "Banshir" not in forced.text
    assert [(c.term, c.entry_id, c.met) for c in forced.constraints] == [
        ("Panjshir", "panjshir", True)
    ]
    assert forced.ok


@pytest.mark.slow
def test_several_and_multiword_constraints_in_one_sentence(
    engine: TransformersEngine, glossary: Any
) -> None:
    sources = [
        "تقع بنجشير شمال كابل.",  # Panjshir and Kabul
        "قتل أحمد شاه مسعود عام ٢٠٠١.",  # a three-word term, several tokens
        "قال أحمد مسعود إن المقاومة مستمرة في بنجشير.",  # two forced terms, unseen sentence
    ]
    for result in engine.translate(sources, glossary=glossary):
        assert result.constraints and all(c.met for c in result.constraints), result
        for c in result.constraints:
            assert re.search(rf"(?<!\w){re.escape(c.term)}(?!\w)", result.text), result.text


@pytest.mark.slow
def test_forbidden_variants_never_appear(engine: TransformersEngine, glossary: Any) -> None:
    sources = [*BANSHIR, *[a for a, e in PAIRS if "Masoud" in e]]
    for result in engine.translate(sources, glossary=glossary):
        banned = constraints_for(result.source, glossary).forbidden
        assert {"Banshir", "Masoud", "Ahmed Masoud", "Ahmed Shah Masoud"} <= set(banned)
        found = [v for v in banned if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", result.text)]
        assert found == [] and result.forbidden_found == [], (result.source, result.text)


@pytest.mark.slow
def test_a_forbidden_variant_alone_is_masked(engine: TransformersEngine) -> None:
    source = BANSHIR[0]
    plain = engine.translate([source])[0].text
    assert "Banshir" in plain
    banned = engine.translate([source], constraints=[SentenceConstraints(forbidden=("Banshir",))])
    assert "Banshir" not in banned[0].text and banned[0].constraints == []


@pytest.mark.slow
def test_without_constraints_the_output_is_identical(
    engine: TransformersEngine, glossary: Any, tiny_model: Path
) -> None:
    # Sentences with no glossary term, alone and batched with constrained ones.
    free = ["عاد اللاجئون إلى الجبال.", "ارتفعت أسعار الخبز.", "يطالب السكان بالغذاء.",
            "غادر الدبلوماسيون المدينة."]  # fmt: skip
    plain = [t.text for t in engine.translate(free)]
    with_glossary = load(tiny_model, glossary=glossary)
    mixed = with_glossary.translate(free + BANSHIR[:3])
    assert [t.text for t in mixed[: len(free)]] == plain
    assert all(t.constraints == [] for t in mixed[: len(free)])
    assert all(any(c.term == "Panjshir" for c in t.constraints) for t in mixed[len(free) :])
    empty = [SentenceConstraints()] * len(free)
    assert [t.text for t in engine.translate(free, constraints=empty)] == plain


@pytest.mark.slow
def test_a_constraint_that_cannot_be_met_is_reported(tiny_model: Path) -> None:
    short = load(tiny_model, max_new_tokens=3)
    long_term = Constraint("Ahmad Shah Massoud and the National Resistance Front")
    result = short.translate(["تقع بنجشير شمال كابل."],
                             constraints=[SentenceConstraints((long_term,))])[0]
    assert [(c.met, c.reason) for c in result.constraints] == [(False, UNMET_LENGTH)]
    assert not result.ok

    engine = load(tiny_model)
    spelled = Constraint("Ωmega")  # Ω is not in the tiny target vocabulary
    result = engine.translate(["تقع بنجشير شمال كابل."],
                              constraints=[SentenceConstraints((spelled,))])[0]
    assert [(c.met, c.reason) for c in result.constraints] == [(False, UNMET_VOCABULARY)]
    assert result.text == "Banshir lies north of Kabul."  # decoded as if unconstrained


@pytest.mark.slow
def test_batches_by_token_count_come_back_in_input_order(tiny_model: Path) -> None:
    sources = [*list(LEARNED)[:10], *NOVEL]
    sources = sources[::2] + sources[1::2]  # lengths mixed up
    small_batches = load(tiny_model, batch_tokens=20)
    assert len(small_batches._batches([len(s) for s in sources])) > 3
    results = small_batches.translate(sources)
    singles = [small_batches.translate([s])[0].text for s in sources]
    assert [r.text for r in results] == singles
    assert [r.source for r in results] == sources


@pytest.mark.slow
def test_paragraphs_are_split_into_sentences_and_joined_with_their_spacing(
    engine: TransformersEngine,
) -> None:
    a, b = "سيطرت طالبان على كابل.", "عاد اللاجئون إلى كابل."
    result = engine.translate([f"{a}  {b}", "", "  ", a])
    assert result[0].text == f"{LEARNED[a]}  {LEARNED[b]}" and result[0].sentences == 2
    assert [r.text for r in result[1:3]] == ["", ""]
    assert result[3].text == LEARNED[a]


@pytest.mark.slow
def test_the_term_is_tokenised_as_the_model_writes_it(engine: TransformersEngine) -> None:
    forms = engine.term_forms("Panjshir")
    assert forms and all(engine.tokenizer.decode(list(f)) == "Panjshir" for f in forms)
    both_cases = engine.term_forms("province", case_sensitive=False)
    decoded = {engine.tokenizer.decode(list(f)) for f in both_cases}
    assert decoded == {"province", "Province"}
    assert engine.term_forms("Ωmega") == []


@pytest.mark.slow
def test_scores_prefer_the_learnt_translation_to_a_scrambled_one(
    engine: TransformersEngine,
) -> None:
    source = "أغلقت طالبان الطريق إلى بنجشير."
    good = LEARNED[source]
    words = good.rstrip(".").split()
    scrambled = " ".join(words[::-1]) + "."
    ok, bad = engine.score([source, source], [good, scrambled])
    assert ok.mean_logprob > bad.mean_logprob + 1.0
    assert [w.text for w in ok.words] == good.split()
    for w in ok.words + bad.words:
        assert w.start is not None and w.end is not None
    assert [good[w.start : w.end] for w in ok.words] == good.split()  # type: ignore[misc]
    assert sum(1 for t in ok.tokens if not t.special) >= len(ok.words)
    assert ok.low_confidence(-2.3) == [] and bad.low_confidence(-2.3)
    issues = confidence_issues(bad, threshold=-2.3)
    assert issues and {i.check for i in issues} == {CHECK_ID}
    for issue in issues:
        assert issue.field == "mt" and issue.start is not None and issue.end is not None
        assert scrambled[issue.start : issue.end].strip() == scrambled[issue.start : issue.end]


@pytest.mark.slow
def test_scoring_paragraphs_sentence_by_sentence(engine: TransformersEngine) -> None:
    a, b = "سيطرت طالبان على كابل.", "عاد اللاجئون إلى كابل."
    mt = f"{LEARNED[a]} {LEARNED[b]}"
    scored = engine.score([f"{a} {b}"], [mt])[0]
    assert [mt[w.start : w.end] for w in scored.words] == mt.split()  # type: ignore[misc]
    assert scored.mean_logprob > -0.5


@pytest.mark.slow
def test_the_signature_names_model_revision_settings_and_glossary(
    engine: TransformersEngine, glossary: Any
) -> None:
    sig = engine.signature
    assert sig.revision and sig.revision.startswith("sha256:")
    assert (sig.dtype, sig.device, sig.beam, sig.glossary) == ("float32", "cpu", 4, "none")
    text = str(sig)
    assert "beam:4" in text and "rev:sha256:" in text and "engine:transformers-" in text
    with_glossary = engine.signature_for(glossary)
    assert with_glossary.glossary.startswith("sha256:")
    assert with_glossary.differences(sig.to_dict()) == ["glossary"]


def test_a_model_that_is_neither_cached_nor_downloadable_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    with pytest.raises(EngineError) as caught:
        TransformersEngine.load("Helsinki-NLP/opus-mt-ar-en", device="cpu")
    message = str(caught.value)
    assert "\n" not in message and "offline" in message
    assert "download Helsinki-NLP/opus-mt-ar-en" in message and "--model" in message
    with pytest.raises(EngineError, match="no model folder"):
        TransformersEngine.load(str(tmp_path / "nowhere"), device="cpu")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EngineError, match=r"config\.json"):
        TransformersEngine.load(str(tmp_path / "empty"), device="cpu")


def test_asking_for_a_gpu_that_is_not_there_is_an_error() -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    from mt.engines.transformers_engine import pick_device

    with pytest.raises(EngineError, match="CUDA is not available"):
        pick_device("cuda")
    assert pick_device("auto") == "cpu"
