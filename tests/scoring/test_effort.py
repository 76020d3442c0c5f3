"""Edit effort: HTER (TER with the post-edit as reference) and character edit distance."""

from __future__ import annotations

import json

import pytest
from sacrebleu.metrics import TER as SacreTER

from mt.document import Document
from mt.errors import AlignmentError, InputError
from mt.scoring import document_effort, edit_effort


def test_hter_is_ter_against_the_post_edit() -> None:
    mt = ["Fighting in Banshir continued on Monday.", "Aid reached Kabul.", "The wali spoke."]
    pe = ["Fighting in Panjshir continued on Monday.", "Aid reached Kabul.", "The governor spoke."]
    effort = edit_effort(mt, pe, ids=["a", "b", "c"])
    ter = SacreTER()
    assert effort.hter.value == ter.corpus_score(mt, [pe]).score
    assert effort.hter.metric == "TER" and "tok:tercom" in effort.hter.signature
    for seg, m, p in zip(effort.segments, mt, pe, strict=True):
        assert seg.hter == ter.sentence_score(m, [p]).score
    a, b, c = effort.segments
    assert (a.id, a.word_edits, a.pe_words, a.hter) == ("a", 1, 6, pytest.approx(100 / 6))
    assert (b.word_edits, b.char_edits, b.hter, b.changed) == (0, 0, 0, False)
    assert c.word_edits == 1 and c.char_edits > 0
    assert effort.hter.extra["num_edits"] == 2


def test_character_edit_distance() -> None:
    effort = edit_effort(["Banshir", "Kabul", "abc"], ["Panjshir", "Kabul", ""])
    assert [s.char_edits for s in effort.segments] == [2, 0, 3]  # B→P, +j; nothing; 3 deletions
    assert [s.pe_chars for s in effort.segments] == [8, 5, 0]
    assert effort.segments[0].char_rate == pytest.approx(25.0)
    assert effort.segments[2].char_rate == 100.0  # edits into an empty post-edit
    assert effort.char_edits == 5 and effort.pe_chars == 13
    assert effort.char_rate == pytest.approx(500 / 13)
    assert effort.changed_segments == 2


def test_unchanged_text_costs_nothing() -> None:
    effort = edit_effort(["one two", "three"], ["one two", "three"])
    assert effort.hter.value == 0 and effort.char_edits == 0 and effort.char_rate == 0


def test_document_effort_uses_accepted_edits_only() -> None:
    doc = Document.from_texts(["Fighting in Banshir.", "The wali spoke."])
    first, second = doc
    first.accept(first.propose(12, 19, "Panjshir"))
    second.propose(4, 8, "governor")  # proposed, not accepted
    effort = document_effort(doc)
    assert [s.id for s in effort.segments] == ["1", "2"]
    assert [s.char_edits for s in effort.segments] == [2, 0]
    data = json.loads(json.dumps(effort.to_dict()))
    assert data["changed_segments"] == 1 and data["char_edits"] == 2
    assert data["hter"] == effort.hter.value and len(data["per_segment"]) == 2
    assert "per_segment" not in effort.to_dict(segments=False)


def test_parallel_hter_equals_in_process(corpus) -> None:
    mt, pe = corpus["mt"] * 4, corpus["pe"] * 4
    assert edit_effort(mt, pe, workers=2) == edit_effort(mt, pe, workers=1)


def test_bad_input() -> None:
    with pytest.raises(AlignmentError):
        edit_effort(["a", "b"], ["a"])
    with pytest.raises(InputError, match="nothing to score"):
        edit_effort([], [])
    with pytest.raises(InputError, match="no segments"):
        document_effort(Document())


def test_a_segment_past_the_ter_length_is_approximated_and_says_so() -> None:
    from mt.scoring.effort import TER_MAX_WORDS

    words = [f"w{i}" for i in range(TER_MAX_WORDS + 1)]
    changed = list(words)
    changed[5], changed[500], changed[-1] = "Panjshir", "Massoud", "province"
    effort = edit_effort([" ".join(words), "Aid reached Kabul."],
                         [" ".join(changed), "Aid reached Kabul."])
    long, short = effort.segments
    assert (long.word_edits, long.pe_words, long.approximate) == (3, TER_MAX_WORDS + 1, True)
    assert long.hter == pytest.approx(300 / (TER_MAX_WORDS + 1))
    assert (short.word_edits, short.approximate) == (0, False)
    assert effort.hter.extra["num_edits"] == 3
    assert effort.note is not None and "1 segment" in effort.note and "approximat" in effort.note
    data = effort.to_dict()
    assert data["note"] == effort.note and data["per_segment"][0]["approximate"] is True


def test_short_segments_carry_no_note() -> None:
    effort = edit_effort(["Fighting in Banshir."], ["Fighting in Panjshir."])
    assert effort.note is None and "note" not in effort.to_dict()


def test_post_edit_of_a_long_line_prints_the_note(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mt.scoring.effort import TER_MAX_WORDS
    from tests.conftest import GLOSSARIES
    from tests.test_cli import mt

    line = " ".join(["fighters in Banshir said"] * (TER_MAX_WORDS // 3))
    path = tmp_path / "long.mt.en"
    path.write_text(line + "\n", encoding="utf-8")
    result = mt("post-edit", path, "-g", GLOSSARIES / "afghanistan-news.ar-en.tsv")
    assert result.returncode in (0, 1), result.stderr
    assert "approximat" in result.stdout


def test_unchanged_segments_get_ters_own_statistics_without_the_edit_search() -> None:
    """Unchanged segments skip TER's edit search; their statistics (and so the HTER and each
    segment's word count) must still be exactly sacrebleu's."""
    texts = ["Kabul, Sept. 7 (AFP) - The Taliban said...", "  spaced   out  ", "",
             "U.S. forces left; 3,000 stayed (officials)."]
    mt = [*texts, "Banshir is a state", "The end."]
    pe = [*texts, "Panjshir is a province", "The end."]
    effort = edit_effort(mt, pe)
    sacre = SacreTER()
    expected = sacre._extract_corpus_statistics(mt, [pe])
    assert [s.word_edits for s in effort.segments] == [int(e[0]) for e in expected]
    assert [s.pe_words for s in effort.segments] == [float(e[1]) for e in expected]
    assert effort.hter.value == pytest.approx(sacre.corpus_score(mt, [pe]).score)
