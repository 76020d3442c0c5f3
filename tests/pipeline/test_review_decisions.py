"""Issue 10's review bugs without a UI: confirming is idempotent, edited segments are not
"untouched", an emptied paragraph is left out of an article's output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mt.pipeline.review import ReviewSession, SegmentStatus
from tests.conftest import GLOSSARIES, SEED, needs_seed


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    if SEED.is_file():
        shutil.copy(SEED, tmp_path / SEED.name)
    shutil.copy(GLOSSARIES / "afghanistan-news.ar-en.tsv", tmp_path / "glossary.tsv")
    return tmp_path / SEED.name


def open_seed(path: Path) -> ReviewSession:
    return ReviewSession.open(path, glossary=path.parent / "glossary.tsv")


def footer(s: ReviewSession) -> int:
    return next(i for i in range(len(s)) if "Google news" in s.segment(i).mt)


@needs_seed
def test_confirm_twice_stays_confirmed(seed: Path) -> None:
    s = open_seed(seed)
    i = next(i for i in range(len(s)) if not s.pending(i) and not s.reviewed(i))
    assert s.confirm(i) is True
    assert s.confirm(i) is False
    assert s.reviewed(i)
    assert s.undo_label == f"confirm segment {s.segment(i).id}", "the second c journals nothing"
    assert s.unconfirm(i) is True and not s.reviewed(i)
    s.close(discard=True)


@needs_seed
def test_an_edited_unconfirmed_segment_is_edited_not_untouched(seed: Path) -> None:
    s = open_seed(seed)
    i = next(i for i in range(len(s)) if not s.pending(i) and not s.reviewed(i))
    assert s.status(i) is SegmentStatus.UNTOUCHED
    s.set_post_edit(i, s.segment(i).post_edit + " Edited.")
    s.unconfirm(i)
    assert s.status(i) is SegmentStatus.EDITED
    assert s.progress().edited == 1
    s.close(discard=True)


@needs_seed
def test_an_emptied_paragraph_is_left_out_of_the_article(seed: Path) -> None:
    s = open_seed(seed)
    i = footer(s)
    s.set_post_edit(i, "")
    assert s.status(i) in (SegmentStatus.DELETED, SegmentStatus.QA_ERRORS)
    assert s.review_state(i) is SegmentStatus.DELETED
    result = s.save()
    assert result.output is not None
    text = result.output.read_text(encoding="utf-8")
    assert "Google news" not in text
    original = seed.read_text(encoding="utf-8")
    kept = original[: original.index("Follow our latest")].rstrip("\n")
    assert text.rstrip("\n") == kept.rstrip("\n") or "Panjshir Valley." in text[-200:]
    assert not text.rstrip("\n").endswith("\n"), "no blank paragraph left at the end"
    s.close()
    again = open_seed(seed)
    assert again.review_state(i) is SegmentStatus.DELETED, "kept as deleted in the session"
    again.close(discard=True)


@needs_seed
def test_a_deleted_middle_paragraph_takes_one_separator_with_it(seed: Path) -> None:
    s = open_seed(seed)
    s.set_post_edit(1, "")
    out = s.save().output
    assert out is not None
    text = out.read_text(encoding="utf-8")
    assert "\n\n\n" not in text
    assert text.count("\n\n") == seed.read_text(encoding="utf-8").count("\n\n") - 1
    assert s.segment(1).mt not in text
    s.close()


@needs_seed
def test_a_deleted_paragraph_survives_a_crash(seed: Path) -> None:
    s = open_seed(seed)
    i = footer(s)
    s.set_post_edit(i, "")
    s._journal.close()  # the process dies: nothing saved
    again = open_seed(seed)
    assert again.recovery is not None
    again.recover()
    assert again.review_state(i) is SegmentStatus.DELETED
    out = again.save().output
    assert out is not None and "Google news" not in out.read_text(encoding="utf-8")
    again.close()
