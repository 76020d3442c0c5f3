"""The boilerplate check: website and agency furniture is flagged, news about it is not."""

from __future__ import annotations

import pytest

from mt.document import Document, Origin
from mt.formats import read_document
from mt.scoring.qa import run_checks
from tests.conftest import CORPORA, SEED, needs_seed, story_names


def found(*texts: str) -> list[tuple[str, str, str]]:
    doc = Document.from_texts(list(texts))
    report = run_checks(doc, checks=["boilerplate"], field="mt")
    return [(f.segment_id, f.issue.severity.value, f.text or "") for f in report]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Follow our latest local and sports news via Google news", "Follow our latest"),
        ("Follow us on Telegram and X for breaking news.", "Follow us on"),
        ("Subscribe to our newsletter for daily updates.", "Subscribe to our"),
        ("Download our news app for free.", "Download our news app"),
        ("Click here to watch the full interview.", "Click here"),
        ("© 2021 Afghan News Agency. All rights reserved.", "©"),
        ("All rights reserved to the publisher.", "All rights reserved"),
        ("Read also: Taliban enter Kabul", "Read also:"),
    ],
)
def test_boilerplate_fires(text: str, span: str) -> None:
    assert found(text) == [("1", "warning", span)]


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban said their fighters would follow the agreement signed in Doha.",
        "Supporters follow Massoud on Twitter, where he posted a message on Monday.",
        "Mujahid wrote on X that the talks would resume, and residents followed the news.",
        "The spokesman urged people to join us in the fight, Massoud's aide said.",
        "The agency said it had subscribed to the United Nations appeal.",
        "He read more than 20 statements on the state channel.",
    ],
)
def test_news_about_following_stays_quiet(text: str) -> None:
    assert found(text) == []


@needs_seed
def test_the_seed_articles_footer_is_found_and_nothing_else() -> None:
    doc = read_document(SEED)
    report = run_checks(doc, checks=["boilerplate"], field="mt")
    assert [f.segment_id for f in report] == [doc.segments[-1].id]
    assert doc.segments[-1].mt.startswith("Follow our latest")


@pytest.mark.parametrize("story", story_names())
def test_the_corpora_have_no_boilerplate(story: str) -> None:
    for suffix in ("mt.en", "ref.en"):
        doc = read_document(CORPORA / f"{story}.{suffix}")
        assert list(run_checks(doc, checks=["boilerplate"], field="mt")) == [], suffix


def test_dropping_the_boilerplate_in_the_post_edit_is_not_an_empty_target() -> None:
    doc = Document.from_texts(["Follow us on Telegram for more.", "The talks ended."])
    for seg in doc:
        seg.accept(seg.propose(0, len(seg.mt), "", origin=Origin.HUMAN))
    report = run_checks(doc, checks=["untranslated", "boilerplate"], field="post_edit")
    assert [(f.segment_id, f.issue.check) for f in report] == [("2", "untranslated")]
