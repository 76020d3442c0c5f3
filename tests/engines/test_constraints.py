"""Glossary → constraints, text checks and word confidence, without a model."""

from __future__ import annotations

from typing import Any

from mt.document import Severity
from mt.engines.base import (
    UNMET_LENGTH,
    UNMET_TEXT,
    Constraint,
    ScoredTranslation,
    SentenceConstraints,
    TokenScore,
    Translation,
    glossary_hash,
)
from mt.engines.confidence import confidence_issues, merge_words
from mt.engines.constraints import check_output, constraints_for, count_term
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.matcher import searchable
from tests.conftest import ROOT


def test_required_terms_and_forbidden_variants_come_from_the_source(glossary: Any) -> None:
    sc = constraints_for("هاجمت طالبان ولاية بنجشير ثم غادرت بنجشير.", glossary)
    terms = [(c.term, c.entry_id, c.case_sensitive) for c in sc.required]
    assert terms.count(("Panjshir", "panjshir", True)) == 2
    assert ("Taliban", "taliban", True) in terms and ("province", "province", False) in terms
    assert {"Banshir", "Taleban"} <= set(sc.forbidden)
    assert "state" in sc.forbidden_nocase  # only because ولاية is in the source
    assert {"ISIS", "Daesh"} <= set(sc.forbidden)  # target-side-only entry: always
    assert "Masoud" in sc.forbidden  # a proper name's variant is wrong everywhere
    quiet = constraints_for("وصلت طائرة إلى المطار.", glossary)
    assert quiet.required == () and "state" not in quiet.forbidden_nocase
    assert "Banshir" in quiet.forbidden
    assert constraints_for("بنجشير", None).empty
    assert constraints_for("بنجشير", Glossary()).empty


def test_a_variant_that_is_also_a_required_term_is_not_forbidden() -> None:
    glossary = Glossary([
        GlossaryEntry("a", "Kabul", sources=("كابل",), variants=("Kaboul",)),
        GlossaryEntry("b", "Kaboul", sources=("كابول",), variants=("Kabul",)),
    ])  # fmt: skip
    sc = constraints_for("كابل", glossary)
    assert [c.term for c in sc.required] == ["Kabul"] and "Kabul" not in sc.forbidden


def test_text_check_counts_whole_words_and_keeps_reasons() -> None:
    sc = SentenceConstraints(
        (Constraint("Panjshir", "p"), Constraint("Panjshir", "p"),
         Constraint("province", "v", False)),
        forbidden=("Banshir",), forbidden_nocase=("state",),
    )  # fmt: skip
    reports, found = check_output("Panjshir Province, not Panjshiri; the State of Banshir.", sc,
                                  ["", UNMET_LENGTH, ""])
    assert [(r.term, r.met, r.reason) for r in reports] == [
        ("Panjshir", True, ""), ("Panjshir", False, UNMET_LENGTH), ("province", True, ""),
    ]
    assert found == ["Banshir", "state"]
    reports, _ = check_output("nothing", SentenceConstraints((Constraint("Kabul"),)))
    assert reports[0].reason == UNMET_TEXT
    assert count_term("al-Qaeda and al-Qaeda's", "al-Qaeda") == 2
    assert count_term("Kabulis", "Kabul") == 0


def test_text_check_reads_terms_as_the_glossary_matcher_does() -> None:
    # As QA and term accuracy: a case-sensitive name also in ALL CAPS, spacing normalised.
    assert count_term("KABUL FALLS", "Kabul") == 1 and count_term("kabul", "Kabul") == 0
    assert count_term("the Panjshir  Valley", "Panjshir Valley") == 1
    reports, found = check_output("BANSHIR AND KABUL", SentenceConstraints(
        (Constraint("Kabul", "k"),), forbidden=("Banshir",)))
    assert reports[0].met and found == ["Banshir"]


def test_checking_many_terms_against_one_text_finds_what_each_search_finds(glossary: Any
                                                                          ) -> None:
    # check_output skips the terms whose keys the text cannot hold: the counts stay the same.
    texts = [line for path in sorted((ROOT / "corpora").glob("*.en"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["KABUL FALLS", "the Panjshir\u00a0 Valley", "Ahmad Shah Massoud, not Massoudi",
              "وبالبنجشير للطاجيك", "Ｐａｎｊｓｈｉｒ"]
    terms = {(f, e.case_sensitive) for e in glossary for f in (e.preferred, *e.variants) if f}
    terms |= {(s, e.case_sensitive) for e in glossary for s in e.sources}
    found = 0
    for text in texts:
        scanned = searchable(text)
        for term, case in sorted(terms):
            expected = count_term(text, term, case)
            assert count_term(text, term, case, scanned) == expected, (text, term)
            found += expected
    assert found > 100


def test_translation_round_trips_through_a_dict() -> None:
    t = Translation("س", "Kabul.", -0.5, 3, 1)
    t.constraints = check_output("Kabul.", SentenceConstraints((Constraint("Kabul", "k"),)))[0]
    again = Translation.from_dict(t.to_dict())
    assert again == t and again.ok


def test_the_glossary_hash_follows_what_matters(glossary: Any) -> None:
    assert glossary_hash(None) == "none" == glossary_hash(Glossary())
    first = glossary_hash(glossary)
    assert first.startswith("sha256:") and glossary_hash(glossary) == first
    glossary.entries[0].variants += ("Panjsheer2",)
    try:
        assert glossary_hash(glossary) != first
    finally:
        glossary.entries[0].variants = glossary.entries[0].variants[:-1]


def _tokens(pieces: list[tuple[str, float]]) -> list[TokenScore]:
    return [TokenScore(p, lp, p == "</s>") for p, lp in pieces]


def decode(pieces: list[str]) -> str:
    return "".join(pieces).replace("▁", " ")


def test_tokens_merge_into_words_placed_in_the_text() -> None:
    text = "The Panjshir  valley."
    toks = _tokens([("▁The", -0.1), ("▁P", -3.0), ("an", -0.5), ("jshir", -0.2),
                    ("▁valley", -0.3), (".", -0.1), ("</s>", -0.05)])  # fmt: skip
    words = merge_words(toks, text, decode)
    assert [(w.text, w.start, w.end, w.tokens) for w in words] == [
        ("The", 0, 3, 1), ("Panjshir", 4, 12, 3), ("valley.", 14, 21, 2),
    ]
    assert abs(words[1].logprob + 3.7) < 1e-9
    scored = ScoredTranslation("س", text, toks, words)
    assert abs(scored.mean_logprob - (-4.25 / 7)) < 1e-9
    [issue] = confidence_issues(scored, threshold=-1.0, severity=Severity.WARNING)
    assert (issue.check, issue.severity, issue.field) == ("low-confidence", Severity.WARNING, "mt")
    assert text[issue.start : issue.end] == "Panjshir"  # type: ignore[misc]


def test_words_that_cannot_be_placed_have_no_span() -> None:
    toks = _tokens([("▁a", -1.0), ("▁b", -1.0), ("▁", -0.5), ("c", -0.5)])
    words = merge_words(toks, "a  x", decode)
    assert [(w.text, w.start) for w in words] == [("a", 0), ("b", None), ("c", None)]
