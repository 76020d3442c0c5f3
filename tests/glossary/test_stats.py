"""Hit statistics per glossary entry over documents."""

from __future__ import annotations

import re

import pytest

from mt.document import Document
from mt.formats.registry import read_document
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.files import load_glossary
from mt.glossary.stats import EntryStats, glossary_stats
from tests.conftest import CORPORA, GLOSSARIES, SEED, needs_seed, story_names


@pytest.fixture(scope="module")
def gloss() -> Glossary:
    return load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv")


def test_counts_per_entry() -> None:
    g = Glossary(
        entries=[
            GlossaryEntry(
                id="panjshir", target="Panjshir", variants=("Banshir",), sources=("بنجشير",)
            ),
            GlossaryEntry(id="massoud", target="Massoud", variants=("Masoud",)),
            GlossaryEntry(
                id="ahmad", target="Ahmad Shah Massoud", variants=("Ahmed Shah Massoud",)
            ),
            GlossaryEntry(id="kabul", target="Kabul", sources=("كابل",)),
        ]
    )
    one = Document.from_texts(
        ["Banshir and Panjshir", "Ahmed Shah Massoud, then Masoud", "nothing"],
        ["بنجشير", "", "لا شيء"],
    )
    two = Document.from_texts(["Panjshir"])
    stats = glossary_stats(g, [one, two])
    assert (stats.documents, stats.segments) == (2, 4)
    assert stats.entries["panjshir"] == EntryStats(
        "panjshir", preferred=2, variants=1, source=1, segments=2
    )
    # The longest match counts: Massoud inside Ahmed Shah Massoud is not a hit of its own.
    assert stats.entries["massoud"] == EntryStats("massoud", variants=1, segments=1)
    assert stats.entries["ahmad"] == EntryStats("ahmad", variants=1, segments=1)
    assert stats.entries["panjshir"].total == 4
    assert stats.fired == ["panjshir", "massoud", "ahmad"]
    assert stats.never == ["kabul"]
    assert [s.entry_id for s in stats.ranked()] == ["panjshir", "massoud", "ahmad", "kabul"]


def test_no_documents() -> None:
    g = Glossary(entries=[GlossaryEntry(id="k", target="Kabul")])
    stats = glossary_stats(g, [])
    assert (stats.documents, stats.segments, stats.fired, stats.never) == (0, 0, [], ["k"])


@needs_seed
def test_shipped_corpora(gloss: Glossary) -> None:
    docs = [
        read_document(CORPORA / f"{name}.mt.en", source=CORPORA / f"{name}.ar")
        for name in story_names()
    ]
    stats = glossary_stats(gloss, [*docs, read_document(SEED)])
    assert stats.documents == len(docs) + 1
    assert stats.segments == sum(len(d) for d in docs) + len(read_document(SEED))
    texts = [s.mt for d in docs for s in d] + [SEED.read_text(encoding="utf-8")]
    variants = "|".join(gloss.get("panjshir").variants)
    expected = sum(len(re.findall(rf"\b(?:{variants})\b", t)) for t in texts)
    assert expected == 7
    assert stats.entries["panjshir"].variants == expected
    assert stats.entries["taliban"].variants == 2  # Taleban, twice
    sources = [s.source or "" for d in docs for s in d]
    assert stats.entries["province"].source == sum(
        len(re.findall(r"(?<!\w)[وفبلك]?(?:ال)?ولاية(?!\w)", t)) for t in sources
    )
    assert set(stats.fired) | set(stats.never) == {e.id for e in gloss}
    assert not set(stats.fired) & set(stats.never)
