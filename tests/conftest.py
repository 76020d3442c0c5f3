"""Shared fixtures: paths to the shipped samples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GLOSSARIES = ROOT / "glossaries"
SEED = ROOT.parent / "shared" / "seeds" / "panjshir-news.mt.en.txt"


def story_names() -> list[str]:
    """Stories shipped in corpora/ as <name>.ar, <name>.mt.en and <name>.ref.en."""
    return sorted(p.name[: -len(".mt.en")] for p in CORPORA.glob("*.mt.en"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    return CORPORA
