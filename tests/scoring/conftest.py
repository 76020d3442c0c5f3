"""Fixtures for the scoring tests: the shipped stories, the glossary, and the sacrebleu command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from mt.document import Document
from mt.formats import read_document
from mt.glossary.entry import Glossary
from mt.glossary.files import load_glossary
from mt.glossary.fixer import fix_document

ROOT = Path(__file__).resolve().parent.parent.parent
CORPORA = ROOT / "corpora"
GLOSSARY = ROOT / "glossaries" / "afghanistan-news.ar-en.tsv"
STORIES = sorted(p.name.removesuffix(".mt.en") for p in CORPORA.glob("*.mt.en"))


def read_story(story: str) -> Document:
    """A story with source and reference attached (article layout: one paragraph a segment)."""
    return read_document(
        CORPORA / f"{story}.mt.en",
        source=CORPORA / f"{story}.ar",
        reference=CORPORA / f"{story}.ref.en",
    )


def post_edit(doc: Document, glossary: Glossary) -> Document:
    """Propose the glossary's fixes on ``doc`` and accept them all (in place)."""
    fix_document(doc, glossary)
    for segment in doc:
        for edit in segment.edits:
            segment.accept(edit)
    return doc


def write_lines(path: Path, segments: Sequence[str]) -> Path:
    """One segment per line, as the sacrebleu command reads files."""
    assert all("\n" not in s for s in segments)
    path.write_text("".join(s + "\n" for s in segments), encoding="utf-8")
    return path


def run_sacrebleu(*args: str | Path, seed: str | None = None) -> str:
    """Run the ``sacrebleu`` command of this environment; its standard output."""
    env = {k: v for k, v in os.environ.items() if k not in ("SACREBLEU_SEED", "SACREBLEU_FORMAT")}
    env["NO_COLOR"] = "1"
    if seed is not None:
        env["SACREBLEU_SEED"] = seed
    result = subprocess.run(
        [sys.executable, "-m", "sacrebleu", *map(str, args), "--quiet", "--no-color"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="session")
def corpus() -> dict[str, list[str]]:
    """All stories together, MT, post-edit and reference: one segment list each."""
    gloss = load_glossary(GLOSSARY)
    out: dict[str, list[str]] = {"mt": [], "pe": [], "ref": [], "src": []}
    for story in STORIES:
        doc = post_edit(read_story(story), gloss)
        for seg in doc:
            out["mt"].append(seg.mt)
            out["pe"].append(seg.post_edit)
            out["ref"].append(seg.reference or "")
            out["src"].append(seg.source or "")
    return out


@pytest.fixture(scope="session")
def corpus_files(tmp_path_factory: pytest.TempPathFactory, corpus: dict[str, list[str]]
                 ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    return {name: write_lines(folder / name, lines) for name, lines in corpus.items()}


Sacrebleu = Callable[..., str]
