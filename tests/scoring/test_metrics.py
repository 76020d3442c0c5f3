"""Our metrics equal the ``sacrebleu`` command's output, score and signature, on the corpora."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from mt.errors import AlignmentError, InputError, UsageError
from mt.scoring import (
    BLEU,
    TER,
    ChrF,
    ChrFPlusPlus,
    Score,
    corpus_scores,
    get_metric,
    get_metrics,
    sentence_scores,
)
from mt.scoring.parallel import StatsJob, chunk_bounds, metric_stats, sum_rows, ter_stats

from .conftest import STORIES, read_story, run_sacrebleu, write_lines

METRIC_KEYS = ("bleu", "chrf", "chrf++", "ter")


def cli_json(ref: Path, hyp: Path, *args: str) -> list[dict]:
    """sacrebleu's JSON output for one system, as a list of metric results."""
    out = json.loads(run_sacrebleu(ref, "-i", hyp, "-f", "json", *args))
    return out if isinstance(out, list) else [out]


@pytest.fixture(scope="module", params=[*STORIES, "all"])
def story_files(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                corpus: dict[str, list[str]]) -> tuple[list[str], list[str], Path, Path]:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "all":
        hyps, refs = corpus["mt"], corpus["ref"]
    else:
        doc = read_story(request.param)
        hyps, refs = [s.mt for s in doc], [s.reference or "" for s in doc]
    return hyps, refs, write_lines(folder / "hyp", hyps), write_lines(folder / "ref", refs)


def test_corpus_scores_equal_the_sacrebleu_command(story_files) -> None:
    hyps, refs, hyp_file, ref_file = story_files
    ours = corpus_scores(hyps, refs, METRIC_KEYS)
    expected = cli_json(ref_file, hyp_file, "-m", "bleu", "chrf", "ter")
    expected += cli_json(ref_file, hyp_file, "-m", "chrf", "--chrf-word-order", "2")
    by_name = {e["name"]: e for e in expected}
    assert [s.metric for s in ours.values()] == ["BLEU", "chrF2", "chrF2++", "TER"]
    for score in ours.values():
        cli = by_name[score.metric]
        assert score.rounded == cli["score"]
        assert score.signature == cli["signature"]
    assert ours["bleu"].formatted.endswith(by_name["BLEU"]["verbose_score"])


def test_formatted_lines_equal_the_sacrebleu_text_output(corpus_files) -> None:
    text = run_sacrebleu(corpus_files["ref"], "-i", corpus_files["pe"], "-f", "text",
                         "-m", "bleu", "chrf", "ter")
    cli_lines = [line.strip() for line in text.splitlines() if line.strip()]
    hyps = corpus_files["pe"].read_text().splitlines()
    refs = corpus_files["ref"].read_text().splitlines()
    ours = corpus_scores(hyps, refs, "bleu,chrf,ter")
    assert [s.formatted for s in ours.values()] == cli_lines


def test_precision_follows_width(corpus_files, corpus) -> None:
    text = run_sacrebleu(corpus_files["ref"], "-i", corpus_files["mt"], "-f", "text", "-w", "4",
                         "-m", "ter")
    score = TER(width=4).corpus(corpus["mt"], corpus["ref"])
    assert score.formatted == text.strip()
    assert score.text == text.strip().rsplit(" ", 1)[1]


@pytest.mark.parametrize("key", METRIC_KEYS)
def test_sentence_scores_equal_sacrebleu_sentence_level(key: str, corpus_files, corpus) -> None:
    metric = get_metric(key)
    text = run_sacrebleu(corpus_files["ref"], "-i", corpus_files["mt"], "-sl", "-f", "text",
                         *metric.sacrebleu_args())
    ours = metric.sentences(corpus["mt"], corpus["ref"])
    assert [s.formatted for s in ours] == text.splitlines()
    one = metric.sentence(corpus["mt"][3], corpus["ref"][3])
    assert one == ours[3]


def test_signatures() -> None:
    assert BLEU().signature() == (
        "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" + _version())
    assert BLEU().signature(sentence=True).startswith("nrefs:1|case:mixed|eff:yes|tok:13a")
    assert BLEU().signature(short=True).startswith("#:1|c:mixed|e:no|tok:13a|s:exp|v:")
    assert ChrF().signature() == (
        "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" + _version())
    assert ChrFPlusPlus().signature().startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2|")
    assert TER().signature() == (
        "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:" + _version())
    assert TER(case_sensitive=True).signature().startswith("nrefs:1|case:mixed|")


def _version() -> str:
    import sacrebleu

    return sacrebleu.__version__


def test_score_fields_and_json() -> None:
    hyps = ["The Taliban took the Panjshir valley.", "Aid reached Kabul."]
    refs = ["The Taliban seized the Panjshir Valley.", "Aid arrived in Kabul."]
    scores = corpus_scores(hyps, refs, "bleu,chrf,chrf++,ter")
    bleu = scores["bleu"]
    assert isinstance(bleu, Score) and bleu.metric == "BLEU"
    assert set(bleu.extra) >= {"precisions", "bp", "ratio", "hyp_len", "ref_len"}
    assert len(bleu.extra["precisions"]) == 4
    assert bleu.extra["hyp_len"] == 11 and bleu.extra["ref_len"] == 12
    assert scores["chrf++"].metric == "chrF2++" and scores["chrf++"].extra["word_order"] == 2
    assert scores["ter"].extra["num_edits"] > 0
    data = json.loads(json.dumps({k: s.to_dict() for k, s in scores.items()}))
    assert data["ter"]["signature"] == scores["ter"].signature
    assert data["bleu"]["score"] == round(bleu.value, 1)


def test_identical_text_scores_perfectly() -> None:
    scores = corpus_scores(["a b c d e f"], ["a b c d e f"], METRIC_KEYS)
    assert scores["bleu"].value == pytest.approx(100)
    assert scores["chrf"].value == pytest.approx(100)
    assert scores["ter"].value == 0


def test_trailing_whitespace_is_ignored_as_the_command_does() -> None:
    plain = corpus_scores(["the cat sat on the mat"], ["the cat is on the mat"])
    spaced = corpus_scores(["the cat sat on the mat  \t"], ["the cat is on the mat "])
    assert {k: s.value for k, s in plain.items()} == {k: s.value for k, s in spaced.items()}


def test_metric_names() -> None:
    assert [m.key for m in get_metrics("bleu, CHRF,chrf++,ter,bleu")] == list(METRIC_KEYS)
    assert isinstance(get_metric("chrF++"), ChrFPlusPlus)
    with pytest.raises(UsageError, match="unknown metric 'meteor'"):
        get_metric("meteor")
    with pytest.raises(UsageError):
        get_metrics("")


def test_different_segment_counts_are_an_alignment_error() -> None:
    with pytest.raises(AlignmentError, match="3 hypothesis segments but 2 reference segments"):
        corpus_scores(["a", "b", "c"], ["a", "b"])
    with pytest.raises(AlignmentError):
        sentence_scores(["a"], ["a", "b"], "chrf")
    with pytest.raises(AlignmentError):
        TER().corpus(["a", "b"], ["a"])


def test_empty_input_is_a_clear_error() -> None:
    for metric in get_metrics(METRIC_KEYS):
        with pytest.raises(InputError, match="nothing to score"):
            metric.corpus([], [])
    with pytest.raises(InputError, match="hypothesis segment 2 is missing"):
        corpus_scores(["a", None], ["a", "b"])  # type: ignore[list-item]


def test_importing_scoring_does_not_import_sacrebleu() -> None:
    code = ("import sys, mt.scoring, mt.scoring.metrics, mt.scoring.significance;"
            "print(sorted(m for m in sys.modules if m.startswith(('sacrebleu', 'numpy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# Parallel statistics


def test_chunk_bounds_cover_everything_in_order() -> None:
    for n in (1, 2, 7, 100):
        for chunks in (1, 3, 8, 200):
            bounds = chunk_bounds(n, chunks)
            assert bounds[0][0] == 0 and bounds[-1][1] == n
            assert all(a[1] == b[0] for a, b in pairwise(bounds))
            sizes = [b - a for a, b in bounds]
            assert max(sizes) - min(sizes) <= 1 and min(sizes) >= 1


@pytest.mark.slow
def test_parallel_ter_equals_single_process_exactly(corpus) -> None:
    hyps, refs = corpus["mt"] * 3, corpus["ref"] * 3
    single = ter_stats(hyps, refs, parallel=False)
    multi = ter_stats(hyps, refs, workers=3, parallel=True)
    assert multi == single
    metric = TER()
    assert metric.from_stats(multi) == metric.from_stats(single)
    from sacrebleu.metrics import TER as SacreTER

    assert metric.from_stats(multi).value == SacreTER().corpus_score(hyps, [refs]).score


def test_parallel_statistics_of_every_metric_in_one_pool(corpus) -> None:
    metrics = get_metrics(METRIC_KEYS)
    jobs = [m.job(corpus["pe"], corpus["ref"]) for m in metrics]
    jobs.append(StatsJob("TER", {}, corpus["mt"], corpus["pe"]))
    assert metric_stats(jobs, workers=2, parallel=True) == metric_stats(jobs, parallel=False)


@pytest.mark.slow
def test_large_input_takes_the_parallel_path_with_the_same_result(corpus) -> None:
    hyps, refs = corpus["mt"] * 4, corpus["ref"] * 4  # above the parallel threshold for TER
    assert TER(workers=2).corpus(hyps, refs) == TER(workers=1).corpus(hyps, refs)


def test_parallel_statistics_hold_a_bounded_share_of_the_texts_at_once() -> None:
    """The workers get the texts in bounded chunks, a few at a time: a million segments'
    scores must not hold their texts again, pickled, while QA runs beside them. Measured
    (20,000 segment pairs, 2.3 MB of text): a traced peak of 5.5 MB when every chunk was
    queued at once (the cheap job's one chunk holding every segment), 0.75 MB with chunks of
    at most ``MAX_CHUNK_SEGMENTS`` and a few in flight."""
    import tracemalloc

    hyps = [f"the valley of Panjshir was quiet on day {i} of the talks" for i in range(20_000)]
    refs = [f"the Panjshir valley stayed quiet on day {i} of the talks" for i in range(20_000)]
    text_bytes = sum(len(h) + len(r) for h, r in zip(hyps, refs, strict=True))
    # A cheap metric beside a costly one (BLEU beside TER) got one chunk of every segment.
    jobs = [StatsJob("BLEU", {}, hyps, refs, cost=0.1, total=True),
            StatsJob("BLEU", {}, refs, hyps, cost=100.0, total=True)]
    tracemalloc.start()
    try:
        multi = metric_stats(jobs, workers=2, parallel=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    single = metric_stats(jobs, parallel=False)
    assert [sum_rows(m) for m in multi] == [sum_rows(s) for s in single]
    assert peak < text_bytes / 3, (peak, text_bytes)
