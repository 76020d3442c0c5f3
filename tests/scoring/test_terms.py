"""Term accuracy (WMT21 exact match) and forbidden variants left, on hand-built cases."""

from __future__ import annotations

import json

import pytest

from mt.document import Document
from mt.errors import AlignmentError, InputError, UsageError
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.scoring import document_term_accuracy, segment_terms, term_accuracy

PANJSHIR = "بنجشير"
AHMAD_MASSOUD = "أحمد مسعود"
MASSOUD = "مسعود"
WILAYA = "ولاية"


@pytest.fixture
def glossary() -> Glossary:
    return Glossary([
        GlossaryEntry("panjshir", "Panjshir", sources=(PANJSHIR,),
                      variants=("Banshir", "Panjsher"), case_sensitive=True),
        GlossaryEntry("ahmad-massoud", "Ahmad Massoud", sources=(AHMAD_MASSOUD,),
                      variants=("Ahmed Masoud",), case_sensitive=True),
        GlossaryEntry("massoud", "Massoud", sources=(MASSOUD,), variants=("Masoud",),
                      case_sensitive=True),
        GlossaryEntry("province", "province", sources=(WILAYA,), variants=("state",)),
        GlossaryEntry("kabul", "Kabul", sources=("كابل",), variants=("Kaboul",),
                      case_sensitive=True),
    ])


def one(hyp: str, source: str | None, glossary: Glossary):
    return segment_terms(hyp, source, glossary)


def test_a_present_term_counts_once(glossary) -> None:
    seg = one("Fighting in Panjshir, and more fighting in Panjshir.", f"قتال في {PANJSHIR}",
              glossary)
    assert (seg.correct, seg.expected) == (1, 1)
    assert seg.terms[0].entry_id == "panjshir" and len(seg.terms[0].spans) == 1
    assert seg.accuracy == 1.0 and not seg.variants


def test_two_expected_occurrences_and_one_match_score_half(glossary) -> None:
    seg = one("Panjshir fighters left the valley.", f"مقاتلو {PANJSHIR} غادروا وادي {PANJSHIR}",
              glossary)
    assert (seg.correct, seg.expected) == (1, 2)
    assert seg.accuracy == 0.5


def test_a_missing_term_and_a_forbidden_variant(glossary) -> None:
    seg = one("Fighting in Banshir.", f"قتال في {PANJSHIR}", glossary)
    assert (seg.correct, seg.expected) == (0, 1)
    assert [(v.entry_id, v.text) for v in seg.variants] == [("panjshir", "Banshir")]
    span = seg.variants[0]
    assert "Fighting in Banshir."[span.start : span.end] == "Banshir"


def test_arabic_proclitics_on_the_source_side(glossary) -> None:
    seg = one("In Kabul and Panjshir.", f"في كابل و{PANJSHIR}", glossary)
    assert (seg.correct, seg.expected) == (2, 2)


def test_case_follows_the_entry(glossary) -> None:
    # Case-sensitive proper name: another case is no match, except ALL CAPS (headlines), which
    # the glossary matcher accepts for case-sensitive names.
    assert one("fighting in panjshir", f"قتال في {PANJSHIR}", glossary).correct == 0
    assert one("fighting in PanjShir", f"قتال في {PANJSHIR}", glossary).correct == 0
    assert one("FIGHTING IN PANJSHIR", f"قتال في {PANJSHIR}", glossary).correct == 1
    # Case-insensitive generic term: any case matches.
    assert one("Province of Balkh", f"{WILAYA} بلخ", glossary).correct == 1
    assert one("the PROVINCE of Balkh", f"{WILAYA} بلخ", glossary).correct == 1


def test_whole_tokens_only(glossary) -> None:
    assert one("the Panjshiri fighters", f"مقاتلو {PANJSHIR}", glossary).correct == 0
    assert one("the Panjshir-based fighters", f"مقاتلو {PANJSHIR}", glossary).correct == 1
    assert one("Panjshir's fighters", f"مقاتلو {PANJSHIR}", glossary).correct == 1


def test_each_hypothesis_match_serves_one_expectation(glossary) -> None:
    source = f"قال {AHMAD_MASSOUD} إن {MASSOUD} باق"
    seg = one("Ahmad Massoud said he stays.", source, glossary)
    got = {t.entry_id: (t.correct, t.expected) for t in seg.terms}
    assert got == {"ahmad-massoud": (1, 1), "massoud": (0, 1)}
    seg = one("Ahmad Massoud said Massoud stays.", source, glossary)
    assert (seg.correct, seg.expected) == (2, 2)


def test_longest_source_term_wins(glossary) -> None:
    seg = one("Ahmad Massoud spoke.", f"تحدث {AHMAD_MASSOUD}", glossary)
    assert [(t.entry_id, t.expected) for t in seg.terms] == [("ahmad-massoud", 1)]


def test_generic_variant_counts_only_where_the_source_has_the_term(glossary) -> None:
    assert not one("the Islamic State", "تنظيم الدولة الإسلامية", glossary).variants
    seg = one("the state of Balkh", f"{WILAYA} بلخ", glossary)
    assert [v.text for v in seg.variants] == ["state"]
    assert (seg.correct, seg.expected) == (0, 1)


def test_segments_without_source(glossary) -> None:
    result = term_accuracy(["Fighting in Banshir.", "the state of Balkh", "Kabul"],
                           [None, None, "كابل"], glossary)
    first, second, third = result.segments
    assert not first.has_source and first.expected == 0 and len(first.variants) == 1
    assert not second.variants  # "state" is only wrong where the source says ولاية
    assert (third.correct, third.expected) == (1, 1)


def test_corpus_totals_per_entry_and_variant_share(glossary) -> None:
    hyps = [
        "Fighting in Panjshir.",  # 1/1
        "Banshir and Panjshir fighters.",  # 1/2, variant
        "The state of Balkh, near Kaboul.",  # province 0/1, kabul 0/1, two variants
        "Nothing to see here.",  # no term
    ]
    sources = [
        f"قتال في {PANJSHIR}",
        f"مقاتلو {PANJSHIR} و{PANJSHIR}",
        f"{WILAYA} بلخ قرب كابل",
        "لا شيء",
    ]
    result = term_accuracy(hyps, sources, glossary, ids=["a", "b", "c", "d"])
    assert (result.correct, result.expected) == (2, 5)
    assert result.accuracy == pytest.approx(0.4)
    assert result.segments_with_variant == 2
    assert result.variant_share == pytest.approx(0.5)
    assert list(result.entries) == ["panjshir", "province", "kabul"]  # glossary order
    panjshir = result.entries["panjshir"]
    assert (panjshir.correct, panjshir.expected, panjshir.variants_left) == (2, 3, 1)
    assert panjshir.accuracy == pytest.approx(2 / 3)
    assert result.entries["kabul"].variants_left == 1
    assert result.segment("d").accuracy is None
    data = json.loads(json.dumps(result.to_dict()))
    assert data["accuracy"] == pytest.approx(0.4)
    assert data["entries"]["province"]["accuracy"] == 0.0
    assert [s["id"] for s in data["per_segment"]] == ["a", "b", "c", "d"]


def test_no_expected_term_gives_no_accuracy(glossary) -> None:
    result = term_accuracy(["Nothing here."], ["لا شيء"], glossary)
    assert result.accuracy is None and result.expected == 0 and result.variant_share == 0


def test_document_term_accuracy_before_and_after(glossary) -> None:
    doc = Document.from_texts(["Fighting in Banshir."], source=[f"قتال في {PANJSHIR}"])
    seg = doc[0]
    seg.accept(seg.propose(12, 19, "Panjshir"))
    assert document_term_accuracy(doc, glossary).accuracy == 0.0
    after = document_term_accuracy(doc, glossary, post_edit=True)
    assert after.accuracy == 1.0 and after.segments_with_variant == 0


def test_bad_input(glossary) -> None:
    with pytest.raises(AlignmentError, match="2 hypothesis segments but 1 source segments"):
        term_accuracy(["a", "b"], ["a"], glossary)
    with pytest.raises(InputError, match="nothing to score"):
        term_accuracy([], [], glossary)
    with pytest.raises(UsageError, match="needs the source"):
        term_accuracy(["a"], [None], glossary)
    with pytest.raises(AlignmentError):
        term_accuracy(["a"], ["b"], glossary, ids=["1", "2"])
