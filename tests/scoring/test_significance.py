"""Several systems against one reference: our table and paired tests equal sacrebleu's command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mt.errors import AlignmentError, UsageError
from mt.scoring import compare_systems

from .conftest import run_sacrebleu, write_lines

WIDTH = 4


@pytest.fixture(scope="module")
def systems(corpus: dict[str, list[str]]) -> dict[str, list[str]]:
    """MT (baseline), the full post-edit, and one post-edited in three segments only (a small
    difference, so that not every bootstrap p-value is tiny)."""
    changed = [i for i, (m, p) in enumerate(zip(corpus["mt"], corpus["pe"], strict=True))
               if m != p]
    few = list(corpus["mt"])
    for i in changed[:3]:
        few[i] = corpus["pe"][i]
    return {"mt": corpus["mt"], "pe": corpus["pe"], "few": few}


@pytest.fixture(scope="module")
def system_files(systems, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("systems")
    return {name: write_lines(folder / name, lines) for name, lines in systems.items()}


def parse_table(text: str) -> tuple[list[list[str]], dict[str, str]]:
    """Rows of sacrebleu's text table (cells of a row's lines joined by a space) and the
    metric signatures listed under it."""
    rows: list[list[str]] = []
    lines = [line for line in text.splitlines() if line.startswith("│")]
    for line in lines[1:]:  # the first is the header
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if cells[0]:
            rows.append(cells[1:])
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells[1:], strict=True)]
    signatures = {}
    for line in text.split("Metric signatures", 1)[1].splitlines():
        if line.startswith(" - "):
            name, sig = line[3:].split(None, 1)
            signatures[name] = sig.strip()
    return rows, signatures


def cli_table(files: dict[str, Path], ref: Path, *args: str, seed: str | None = None
              ) -> tuple[list[list[str]], dict[str, str]]:
    text = run_sacrebleu(ref, "-i", files["mt"], files["pe"], files["few"], "-m", "bleu", "chrf",
                         "ter", "-f", "text", "-w", str(WIDTH), *args, seed=seed)
    return parse_table(text)


def our_rows(table) -> list[list[str]]:
    return [[cell.formatted for cell in table.row(s)] for s in table.systems]


@pytest.mark.slow
def test_table_of_scores_equals_the_sacrebleu_command(systems, system_files, corpus_files,
                                                      corpus) -> None:
    table = compare_systems(systems, corpus["ref"], "bleu,chrf,ter", width=WIDTH)
    rows, signatures = cli_table(system_files, corpus_files["ref"])
    assert our_rows(table) == rows
    assert table.signatures == signatures
    assert table.metrics == ["BLEU", "chrF2", "TER"] and table.baseline == "mt"
    assert table.cell("pe", "BLEU").p_value is None


@pytest.mark.slow
def test_paired_bootstrap_equals_the_sacrebleu_command(systems, system_files, corpus_files,
                                                       corpus) -> None:
    table = compare_systems(systems, corpus["ref"], "bleu,chrf,ter", test="bs", width=WIDTH)
    rows, signatures = cli_table(system_files, corpus_files["ref"], "--paired-bs")
    assert our_rows(table) == rows
    assert table.signatures == signatures
    assert "bs:1000|seed:12345" in table.signatures["BLEU"]
    base, pe = table.cell("mt", "chrF2"), table.cell("pe", "chrF2")
    assert base.p_value is None and base.mean is not None and base.ci is not None
    assert pe.p_value is not None and 0 < pe.p_value <= 1
    assert pe.low is not None and pe.high is not None and pe.low < pe.score < pe.high
    assert table.n_samples == 1000 and table.seed == "12345"
    assert any(not c.significant for c in table.row("few"))  # a small change: not significant


@pytest.mark.slow
def test_approximate_randomisation_equals_the_sacrebleu_command(
    systems, system_files, corpus_files, corpus
) -> None:
    table = compare_systems(systems, corpus["ref"], "bleu,chrf,ter", test="ar", width=WIDTH,
                            ci_samples=0)
    rows, signatures = cli_table(system_files, corpus_files["ref"], "--paired-ar")
    assert our_rows(table) == rows
    assert table.signatures == signatures
    assert all(c.significant for c in table.row("pe"))
    # Confidence intervals by bootstrap (the default) leave scores and p-values as they are.
    with_ci = compare_systems(systems, corpus["ref"], "bleu,chrf,ter", test="ar", width=WIDTH)
    for system in table.systems:
        for plain, ci in zip(table.row(system), with_ci.row(system), strict=True):
            assert (plain.score, plain.p_value) == (ci.score, ci.p_value)
            assert ci.mean is not None and ci.ci is not None


def test_seed_is_sacrebleus_seed(systems, system_files, corpus_files, corpus) -> None:
    before = os.environ.get("SACREBLEU_SEED")
    table = compare_systems(systems, corpus["ref"], "bleu", test="bs", width=WIDTH, seed=7)
    assert os.environ.get("SACREBLEU_SEED") == before
    text = run_sacrebleu(corpus_files["ref"], "-i", system_files["mt"], system_files["pe"],
                         system_files["few"], "-m", "bleu", "-f", "text", "-w", str(WIDTH),
                         "--paired-bs", seed="7")
    rows, signatures = parse_table(text)
    assert our_rows(table) == rows
    assert signatures["BLEU"] == table.signatures["BLEU"] and "seed:7" in signatures["BLEU"]


def test_to_dict(systems, corpus) -> None:
    import json

    table = compare_systems(systems, corpus["ref"], "chrf", test="bs", n_samples=200)
    data = json.loads(json.dumps(table.to_dict()))
    assert data["baseline"] == "mt" and data["test"] == "bs" and data["n_samples"] == 200
    assert [s["system"] for s in data["systems"]] == ["mt", "pe", "few"]
    cell = data["systems"][1]["scores"]["chrF2"]
    assert set(cell) >= {"score", "p_value", "mean", "ci", "ci_low", "ci_high", "significant"}


def test_bad_input(corpus) -> None:
    refs = corpus["ref"]
    with pytest.raises(AlignmentError, match="short"):
        compare_systems({"mt": corpus["mt"], "short": corpus["mt"][:-1]}, refs)
    with pytest.raises(UsageError, match="baseline and at least one other"):
        compare_systems({"mt": corpus["mt"]}, refs, test="bs")
    with pytest.raises(UsageError, match="unknown significance test"):
        compare_systems({"a": corpus["mt"], "b": corpus["pe"]}, refs, test="t-test")
    with pytest.raises(UsageError, match="same name"):
        compare_systems([("a", corpus["mt"]), ("a", corpus["pe"])], refs)
    with pytest.raises(UsageError, match="no system"):
        compare_systems({}, refs)
