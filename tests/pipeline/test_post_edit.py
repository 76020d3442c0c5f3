"""Post-editing documents with the shipped glossary: what changes, and that nothing else does."""

from __future__ import annotations

import re

import pytest

from mt.document import Document, EditStatus
from mt.formats import read_document
from mt.glossary.files import load_glossary
from mt.pipeline.post_edit import post_edit_document
from tests.conftest import CORPORA, GLOSSARIES, SEED, needs_seed, story_names

GLOSSARY = GLOSSARIES / "afghanistan-news.ar-en.tsv"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(GLOSSARY)


def _outside_edits_unchanged(doc: Document) -> None:
    """Every character of each MT outside an accepted edit survives, in order, in the post-edit."""
    for seg in doc:
        cursor, rebuilt = 0, []
        for edit in sorted(seg.accepted_edits, key=lambda e: e.start):
            rebuilt.append(seg.mt[cursor : edit.start])
            rebuilt.append(edit.replacement)
            cursor = edit.end
        rebuilt.append(seg.mt[cursor:])
        assert "".join(rebuilt) == seg.post_edit
        for edit in seg.accepted_edits:
            assert edit.entry_id, "every change comes from a glossary entry"


@needs_seed
def test_seed_article_loses_every_banshir_and_name_variant(glossary) -> None:
    doc = read_document(SEED)
    before = "\n\n".join(s.mt for s in doc)
    result = post_edit_document(doc, glossary)
    after = "\n\n".join(s.post_edit for s in doc)
    assert before.count("Banshir") == 2
    assert "Banshir" not in after
    assert not re.search(r"\bMasoud\b", after)
    assert after.count("Panjshir") == before.count("Panjshir") + 2
    assert result.accepted["panjshir"] == 2
    assert not result.conflicts
    _outside_edits_unchanged(doc)


@pytest.mark.parametrize("story", story_names())
def test_corpora_fixes_are_glossary_edits_only(glossary, story: str) -> None:
    doc = read_document(CORPORA / f"{story}.mt.en", source=CORPORA / f"{story}.ar",
                        reference=CORPORA / f"{story}.ref.en")
    result = post_edit_document(doc, glossary)
    assert all("Banshir" not in s.post_edit for s in doc)
    assert sum(result.accepted.values()) == len(result.proposed)
    _outside_edits_unchanged(doc)
    for change in result.changes:
        assert change.changes, f"segment {change.segment.id} changed but shows no diff"


@needs_seed
def test_propose_only_keeps_the_mt(glossary) -> None:
    doc = read_document(SEED)
    result = post_edit_document(doc, glossary, accept=False)
    assert result.proposed
    assert all(e.status is EditStatus.PROPOSED for _, e in result.proposed)
    assert all(s.post_edit == s.mt for s in doc)
    assert not result.changes


@needs_seed
def test_post_editing_twice_changes_nothing_more(glossary) -> None:
    doc = read_document(SEED)
    post_edit_document(doc, glossary)
    first = [s.post_edit for s in doc]
    again = post_edit_document(doc, glossary)
    assert not again.proposed
    assert [s.post_edit for s in doc] == first


def test_without_a_source_fixes_that_need_it_are_counted_apart(glossary) -> None:
    mt = CORPORA / "panjshir-offensive.mt.en"
    alone = post_edit_document(read_document(mt), glossary)
    assert alone.needs_source["province"] == 3 and not alone.skipped
    paired = post_edit_document(read_document(mt, source=CORPORA / "panjshir-offensive.ar"),
                                glossary)
    assert not paired.needs_source
