"""Benchmark: corpus BLEU + chrF + TER on synthetic segments, ours (statistics computed across
processes, which is what makes TER fast) vs sacrebleu's own single-process run of the same metrics.

    python bench/score_bench.py [--segments 20000] [--workers N] [--seed 1]

Segments are generated deterministically: references of about 25 words (news-like word lengths
and punctuation), hypotheses made from them with substitutions, deletions, insertions and moved
phrases, so TER's shift search has work to do. Both runs must give identical scores; the last
line is ``speedup_vs_sacrebleu=R`` (sacrebleu seconds / our seconds).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mt.scoring.metrics import corpus_scores

SYLLABLES = (
    "al", "ba", "ka", "ri", "ma", "ne", "sho", "ta", "vi", "lo", "da", "fa", "gu", "he", "in", "jo",
    "ku", "le", "mi", "no", "pa", "qu", "ro", "su", "tu", "va", "we", "xi", "ya", "zu", "ar", "en",
    "ir", "on", "un", "st", "th", "ch",
)  # fmt: skip
PUNCT = (",", ",", ",", ";", ":")


def make_vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 4)))))
    vocab = sorted(words)
    rng.shuffle(vocab)
    return vocab


def zipf_word(rng: random.Random, vocab: list[str]) -> str:
    # A rough Zipf law: frequent function-like words, a long tail of content words.
    rank = int(len(vocab) ** rng.random()) - 1
    return vocab[min(rank, len(vocab) - 1)]


def make_reference(rng: random.Random, vocab: list[str]) -> list[str]:
    length = max(4, min(80, round(rng.gauss(25, 8))))
    words = [zipf_word(rng, vocab) for _ in range(length)]
    words[0] = words[0].capitalize()
    for i in range(2, length - 1):
        if rng.random() < 0.06:
            words[i] += rng.choice(PUNCT)
        elif rng.random() < 0.05:
            words[i] = words[i].capitalize()
        elif rng.random() < 0.03:
            words[i] = str(rng.randint(2, 5000))
    words[-1] += "."
    return words


def make_hypothesis(rng: random.Random, ref: list[str], vocab: list[str]) -> list[str]:
    quality = rng.random()  # some segments are near-perfect, some poor
    rate = 0.02 + 0.35 * quality
    hyp: list[str] = []
    for word in ref:
        r = rng.random()
        if r < rate * 0.55:
            hyp.append(zipf_word(rng, vocab))  # substitution
        elif r < rate * 0.75:
            continue  # deletion
        elif r < rate:
            hyp.extend((word, zipf_word(rng, vocab)))  # insertion
        else:
            hyp.append(word)
    if len(hyp) > 8 and rng.random() < 0.4:  # a moved phrase: TER's shifts
        a = rng.randrange(len(hyp) - 4)
        n = rng.randint(2, 4)
        phrase, rest = hyp[a : a + n], hyp[:a] + hyp[a + n :]
        b = rng.randrange(len(rest) + 1)
        hyp = rest[:b] + phrase + rest[b:]
    return hyp or [zipf_word(rng, vocab)]


def make_corpus(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    refs, hyps = [], []
    for _ in range(n):
        ref = make_reference(rng, vocab)
        refs.append(" ".join(ref))
        hyps.append(" ".join(make_hypothesis(rng, ref, vocab)))
    return hyps, refs


def run_sacrebleu(hyps: list[str], refs: list[str]) -> list[tuple[str, float]]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    out = []
    for metric in (BLEU(tokenize="13a"), CHRF(), TER()):
        score = metric.corpus_score(hyps, [refs])
        sig = metric.get_signature().format()
        out.append((score.format(1, signature=sig), score.score))
    return out


def run_ours(hyps: list[str], refs: list[str], workers: int | None) -> list[tuple[str, float]]:
    scores = corpus_scores(hyps, refs, "bleu,chrf,ter", workers=workers)
    return [(s.formatted, s.value) for s in scores.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: every core)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    hyps, refs = make_corpus(args.segments, args.seed)
    words = sum(len(r.split()) for r in refs) / len(refs)
    print(f"segments={len(refs)} mean_ref_words={words:.1f} "
          f"generated_in={time.perf_counter() - t0:.2f}s cores={os.cpu_count()}")
    import sacrebleu  # loaded before timing either side

    t0 = time.perf_counter()
    theirs = run_sacrebleu(hyps, refs)
    t_theirs = time.perf_counter() - t0
    print(f"sacrebleu single process: {t_theirs:.2f}s (sacrebleu {sacrebleu.__version__})")

    t0 = time.perf_counter()
    ours = run_ours(hyps, refs, args.workers)
    t_ours = time.perf_counter() - t0
    print(f"mt.scoring, in parallel: {t_ours:.2f}s")

    for (our_line, our_value), (their_line, their_value) in zip(ours, theirs, strict=True):
        assert our_value == their_value, (our_line, their_line)
        assert our_line == their_line, (our_line, their_line)
        print(f"  {our_line}")
    print("results equal: yes")
    print(f"speedup_vs_sacrebleu={t_theirs / t_ours:.2f}")


if __name__ == "__main__":
    main()
