"""Fixtures for the engine tests: the tiny Marian model, trained once per session."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GLOSSARIES
from tests.engines.tiny_marian import tiny_marian_dir

GLOSSARY = GLOSSARIES / "afghanistan-news.ar-en.tsv"


@pytest.fixture(scope="session", autouse=True)
def one_torch_thread() -> Any:
    """The tiny model is too small to gain from threads; on a shared CPU they only cost."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder of a 2-layer Marian model (d_model 64) learnt on our Arabic–English pairs."""
    return tiny_marian_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def engine(tiny_model: Path) -> Any:
    """The tiny model as an engine on CPU, beam 4, no glossary."""
    from mt.engines.transformers_engine import TransformersEngine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TransformersEngine.load(tiny_model, device="cpu")


@pytest.fixture(scope="session")
def glossary() -> Any:
    from mt.glossary.files import load_glossary

    return load_glossary(GLOSSARY)
