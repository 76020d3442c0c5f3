"""Shared fixtures: paths to the shipped samples."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GLOSSARIES = ROOT / "glossaries"
#: The motivating article (real MT output, not ours to ship): beside the checkout, or at $MT_SEED.
SEED = Path(os.environ.get("MT_SEED") or ROOT.parent / "shared/seeds/panjshir-news.mt.en.txt")
needs_seed = pytest.mark.skipif(
    not SEED.is_file(), reason=f"the seed article is not at {SEED} (set MT_SEED to its path)"
)


#: The shipped story the review and lock tests work on, in a temporary copy.
STORY = "panjshir-offensive"


def copy_story(folder: Path) -> Path:
    """``folder`` holding a copy of :data:`STORY` (source, MT, reference) and the shipped
    glossary as ``glossary.tsv``: reviews write their sessions beside the document."""
    for suffix in (".ar", ".mt.en", ".ref.en"):
        shutil.copy(CORPORA / f"{STORY}{suffix}", folder / f"{STORY}{suffix}")
    shutil.copy(GLOSSARIES / "afghanistan-news.ar-en.tsv", folder / "glossary.tsv")
    return folder


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A temporary folder with a copy of the sample story and the glossary."""
    return copy_story(tmp_path)


def story_names() -> list[str]:
    """Stories shipped in corpora/ as <name>.ar, <name>.mt.en and <name>.ref.en."""
    return sorted(p.name[: -len(".mt.en")] for p in CORPORA.glob("*.mt.en"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    return CORPORA


@pytest.fixture(scope="session", autouse=True)
def mt_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Converted models (the CTranslate2 backend) go to a session folder, not ~/.cache."""
    folder = tmp_path_factory.mktemp("mt-cache")
    old = os.environ.get("MT_CACHE_DIR")
    os.environ["MT_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("MT_CACHE_DIR", None)
    else:
        os.environ["MT_CACHE_DIR"] = old


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``gpu`` skip, saying why, where torch sees no CUDA device."""
    if item.get_closest_marker("gpu") is None:
        return
    import torch

    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA device (torch.cuda.is_available() is False)")


@pytest.hookimpl(trylast=True)  # after syrupy has seen every collected test
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the seed, deselect its snapshot tests instead of skipping them: syrupy counts a
    skipped test's single-file snapshot (SVG) as unused and fails the run, but leaves the
    snapshots of deselected tests alone."""
    if SEED.is_file():
        return
    dropped = [i for i in items if "snap_compare" in getattr(i, "fixturenames", ())
               and needs_seed.mark in i.iter_markers()]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items if i not in dropped]
