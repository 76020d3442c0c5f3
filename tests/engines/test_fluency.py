"""Constrained output stays fluent: forcing a glossary term must not derail the sentence."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mt.engines.base import UNMET_VOCABULARY
from tests.conftest import ROOT

EXAMPLE = "يقود أحمد مسعود جبهة المقاومة الوطنية."


def story_sentences(limit: int) -> list[str]:
    """The first sentences of the shipped stories' Arabic, each story in turn."""
    from mt.text.sentences import split_sentences

    per_story = []
    for path in sorted(Path(ROOT, "corpora").glob("*.ar")):
        lines = path.read_text(encoding="utf-8").splitlines()
        per_story.append([s.text for line in lines for s in split_sentences(line, "ar")
                          if s.text.strip()])
    out: list[str] = []
    for row in zip(*per_story, strict=False):
        out += row
    return out[:limit]


def looping(text: str) -> list[tuple[str, ...]]:
    """Word 3-grams that occur more than twice."""
    words = text.split()
    grams = Counter(tuple(words[i : i + 3]) for i in range(len(words) - 2))
    return [g for g, n in grams.items() if n > 2]


SOURCES = [EXAMPLE, *story_sentences(6)]


@pytest.mark.slow
@pytest.mark.parametrize("source", SOURCES)
def test_forced_terms_are_met_without_a_loop(engine: Any, glossary: Any, source: str) -> None:
    forced = engine.translate([source], glossary=glossary)[0]
    assert forced.constraints, "the sentence should trigger glossary terms"
    assert not looping(forced.text), forced.text
    assert [c.term for c in forced.unmet if c.reason != UNMET_VOCABULARY] == [], forced.text


#: Still too long: the tiny model's plain output of this unseen sentence has 5 words, and the
#: best of the forced ones (cut at plain_bound) 10.
TOO_LONG = ("الأمم المتحدة",)


@pytest.mark.slow
@pytest.mark.parametrize("source", [
    pytest.param(s, marks=pytest.mark.xfail(strict=True, reason="model prefers it"))
    if s.startswith(TOO_LONG) else s for s in SOURCES])
def test_forced_terms_keep_the_length_near_the_plain_output(engine: Any, glossary: Any,
                                                            source: str) -> None:
    plain = engine.translate([source])[0]
    forced = engine.translate([source], glossary=glossary)[0]
    term_words = sum(len(c.term.split()) for c in forced.constraints)
    assert len(forced.text.split()) <= 1.5 * len(plain.text.split()) + term_words, forced.text


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="the model starts the name its own way ('Ahmed Ma "
                   "National Resistance Front. Ahmad Massoud 20001.'): no ban covers 'Ahmed'")
def test_the_example_keeps_both_terms_and_ends_naturally(engine: Any, glossary: Any) -> None:
    forced = engine.translate([EXAMPLE], glossary=glossary)[0]
    assert forced.ok, forced.text
    assert "Ahmad Massoud" in forced.text and "National Resistance Front" in forced.text
    assert forced.text.count("Ahm") == 1, forced.text
