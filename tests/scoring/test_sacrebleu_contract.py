"""The private sacrebleu pieces mt.scoring relies on, checked against the installed release.

mt.scoring.base and mt.scoring.parallel compute sacrebleu's per-segment statistics themselves
(in worker processes) and turn summed statistics back into scores, through methods sacrebleu
does not document. pyproject.toml pins the releases this was checked with; when one of these
tests fails, a sacrebleu release changed what we use: adapt mt.scoring before widening the pin.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version
from typing import Any

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

SACREBLEU = version("sacrebleu")
HYPS = ["The province of Panjshir lies north of Kabul.", "Fighting went on for 20 days."]
REFS = ["Panjshir province lies north of Kabul.", "The fighting went on for twenty days."]

#: Private method → its parameters (after ``self``), as mt.scoring calls them.
PRIVATE_METHODS = {
    "_extract_corpus_statistics": ["hypotheses", "references"],
    "_aggregate_and_compute": ["stats"],
    "_compute_score_from_stats": ["stats"],
}
METRICS: dict[str, dict[str, Any]] = {
    "BLEU": {},
    "CHRF": {"word_order": 2},
    "TER": {},
}
CLASSES = {"BLEU": BLEU, "CHRF": CHRF, "TER": TER}


def _broken(what: str) -> str:
    return (
        f"sacrebleu {SACREBLEU}: {what}. mt.scoring.base / mt.scoring.parallel rely on this "
        "private sacrebleu API; adapt them to this release before widening the sacrebleu pin "
        "in pyproject.toml."
    )


@pytest.mark.parametrize("name", list(METRICS))
@pytest.mark.parametrize("method", list(PRIVATE_METHODS))
def test_private_methods_exist_with_the_expected_parameters(name: str, method: str) -> None:
    cls = CLASSES[name]
    func = getattr(cls, method, None)
    assert callable(func), _broken(f"{name}.{method} is gone")
    params = list(inspect.signature(func).parameters)[1:]
    assert params == PRIVATE_METHODS[method], _broken(
        f"{name}.{method} now takes ({', '.join(params)}), "
        f"not ({', '.join(PRIVATE_METHODS[method])})"
    )


@pytest.mark.parametrize("name", list(METRICS))
def test_summed_statistics_give_the_corpus_score(name: str) -> None:
    metric = CLASSES[name](**METRICS[name])
    stats = metric._extract_corpus_statistics(HYPS, [REFS])
    assert len(stats) == len(HYPS), _broken(
        f"{name}._extract_corpus_statistics no longer gives one statistics list per segment"
    )
    rows = [list(s) for s in stats]
    ours = CLASSES[name](**METRICS[name])._aggregate_and_compute(rows).score
    theirs = CLASSES[name](**METRICS[name]).corpus_score(HYPS, [REFS]).score
    assert ours == theirs, _broken(
        f"{name}._aggregate_and_compute of the segments' statistics ({ours}) is not "
        f"corpus_score ({theirs})"
    )


@pytest.mark.parametrize("name", list(METRICS))
def test_one_segments_statistics_give_its_sentence_score(name: str) -> None:
    options = {**METRICS[name], **({"effective_order": True} if name == "BLEU" else {})}
    metric = CLASSES[name](**options)
    stats = metric._extract_corpus_statistics(HYPS, [REFS])
    for hyp, ref, row in zip(HYPS, REFS, stats, strict=True):
        ours = metric._compute_score_from_stats(list(row)).score
        theirs = CLASSES[name](**options).sentence_score(hyp, [ref]).score
        assert ours == theirs, _broken(
            f"{name}._compute_score_from_stats of one segment ({ours}) is not "
            f"sentence_score ({theirs})"
        )


@pytest.mark.parametrize("name", list(METRICS))
def test_the_signature_reads_num_refs(name: str) -> None:
    metric = CLASSES[name](**METRICS[name])
    metric.num_refs = 1
    signature = metric.get_signature().format(False)
    assert "nrefs:1" in signature, _broken(
        f"{name}'s signature ({signature}) no longer comes from the num_refs attribute"
    )


def _counting(cls: type) -> tuple[type, list[int]]:
    calls: list[int] = []

    def extract(self: Any, hypotheses: Any, references: Any) -> Any:
        calls.append(len(hypotheses))
        return cls._extract_corpus_statistics(self, hypotheses, references)  # type: ignore[attr-defined]

    return type(f"Counting{cls.__name__}", (cls,), {"_extract_corpus_statistics": extract}), calls


def test_corpus_score_goes_through_the_overridable_statistics_method() -> None:
    cls, calls = _counting(TER)
    cls().corpus_score(HYPS, [REFS])
    assert calls == [len(HYPS)], _broken(
        "TER.corpus_score no longer computes statistics through self._extract_corpus_statistics "
        "(mt.scoring.parallel overrides it to compute them across processes)"
    )


def test_paired_test_goes_through_the_overridable_statistics_method() -> None:
    cls, calls = _counting(BLEU)
    systems = [("baseline", HYPS), ("other", list(reversed(HYPS)))]
    PairedTest(systems, {"bleu": cls()}, references=[REFS], test_type="ar", n_samples=10)()
    assert calls, _broken(
        "PairedTest no longer computes statistics through metric._extract_corpus_statistics "
        "(mt.scoring.significance hands it metrics whose statistics come from worker processes)"
    )
