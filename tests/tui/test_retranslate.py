"""Re-translating a segment and word confidence, with the tiny Marian model of the engine tests."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from mt.document import EditStatus, Origin
from mt.pipeline.review import ReviewError, ReviewSession
from mt.tui.app import ReviewApp
from tests.conftest import GLOSSARIES
from tests.engines.tiny_marian import tiny_marian_dir
from tests.tui.conftest import confidence_shown, pane_text, retranslated, settle, sync

SOURCES = ["هاجمت طالبان ولاية بنجشير.", "وصل وفد طالبان إلى الدوحة."]
MT = ["Taliban attack the Banshir state.", "A Taliban delegation arrived in Doha."]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import torch

    from mt.engines.transformers_engine import TransformersEngine

    torch.set_num_threads(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TransformersEngine.load(tiny_marian_dir(tmp_path_factory), device="cpu")


@pytest.fixture
def session(tmp_path: Path, engine: Any) -> ReviewSession:
    (tmp_path / "news.mt.en").write_text("\n".join(MT) + "\n", encoding="utf-8")
    (tmp_path / "news.ar").write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    return ReviewSession.open(tmp_path / "news.mt.en", source=tmp_path / "news.ar",
                              glossary=GLOSSARIES / "afghanistan-news.ar-en.tsv", engine=engine)


@pytest.mark.slow
def test_retranslate_proposes_a_neural_edit_with_the_terms_forced(session) -> None:
    k = session.retranslate(0)
    assert k is not None
    edit = session.segment(0).edits[k]
    assert edit.origin is Origin.NEURAL and edit.status is EditStatus.PROPOSED
    assert (edit.start, edit.end) == (0, len(MT[0]))
    assert "Panjshir" in edit.replacement and "Banshir" not in edit.replacement
    assert "glossary" in edit.reason
    session.accept(0, k)
    assert session.segment(0).post_edit == edit.replacement
    session.undo()
    assert session.segment(0).post_edit == MT[0]


@pytest.mark.slow
def test_retranslate_needs_a_source(tmp_path: Path, engine: Any) -> None:
    (tmp_path / "news.mt.en").write_text("One line.\n", encoding="utf-8")
    s = ReviewSession.open(tmp_path / "news.mt.en", engine=engine)
    with pytest.raises(ReviewError, match="source"):
        s.retranslate(0)


@pytest.mark.slow
def test_word_confidence_scores_the_post_edit(session) -> None:
    assert session.low_confidence(0) is None, "not scored yet"
    words = session.score_words(0)
    assert [w.text for w in words][:2] == ["Taliban", "attack"]
    low = session.low_confidence(0)
    assert low is not None and all(w.prob < 0.1 for w in low)


@pytest.mark.slow
def test_the_confidence_panel_shows_a_word_the_tokenizer_cannot_spell(session) -> None:
    """The tiny model has no piece for "C": the word decodes as "hinese" (issue 10, bug 5);
    the panel shows it as it stands in the post-edit."""
    from mt.tui.panel_text import low_confidence_text

    text = "The Taliban met Chinese officials in Kabul."
    session.set_post_edit(1, text)
    words = session.score_words(1)
    assert "hinese" in [w.text for w in words], "the tokenizer still loses the C"
    shown = low_confidence_text(words, text).plain
    assert "Chinese p" in shown and " hinese" not in shown


@pytest.mark.slow
@sync
async def test_retranslate_key_runs_in_a_worker_and_shows_the_proposal(session) -> None:
    app = ReviewApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        neural = await retranslated(pilot)
        assert len(neural) == 1
        assert "model" in pane_text(app, "changes")
        assert "no model" not in await confidence_shown(pilot)
        await pilot.press("a")
        assert "Panjshir" in session.segment(0).post_edit


@pytest.mark.slow
def test_accepting_the_retranslation_retires_the_glossary_fixes_inside_it(session) -> None:
    k = session.retranslate(0)
    assert session.pending(0) and len(session.pending(0)) > 1
    session.accept(0, k)
    assert not session.pending(0) and session.reviewed(0)
    glossary = [e for e in session.segment(0).edits if e.origin is Origin.GLOSSARY]
    assert glossary and all(e.status is EditStatus.REJECTED for e in glossary)


@pytest.mark.slow
def test_accept_all_prefers_the_glossary_fixes_to_a_retranslation(session) -> None:
    session.retranslate(0)
    done, _ = session.accept_all(0)
    seg = session.segment(0)
    assert done == 2 and "Panjshir province" in seg.post_edit
    assert [e.status for e in seg.edits if e.origin is Origin.NEURAL] == [EditStatus.REJECTED]
