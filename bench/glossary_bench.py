"""Glossary matching benchmark: our Aho-Corasick matcher against one compiled regex alternation.

Builds a synthetic glossary of 50,000 entries (preferred term plus one or two variants each,
one to three words) and a corpus of 200,000 news-like segments in which about half the segments
hold a glossary term, then times, on one core (this process is single-threaded):

- ours: ``Matcher.find_many`` over documents of 500 segments (normalisation check, automaton,
  word boundaries, longest match, case check, hits mapped back to each segment); the
  one-segment-per-call ``Matcher.find`` is timed and printed too;
- regex: one ``re.compile`` of all the same terms as an alternation, longest first, between
  word boundaries, case-insensitive the cheapest way (lower-cased terms against lower-cased
  text, which is about three times faster than ``re.IGNORECASE``), ``finditer`` over the
  segments. It is far slower, so it runs on the first segments for at most ``--regex-seconds``
  and its segments/s comes from that subset; on that subset both must find the same number of
  hits (the run fails otherwise).

Rates are segments per CPU second of this process (``time.process_time``), so that other work
on a shared machine does not count against either side; wall-clock rates are printed too.
``peak_rss_mb`` is the peak resident memory of the process up to the end of our matching phase
(glossary, corpus, automaton and hits; the regex phase, measured after it, is reported apart).

Usage: ``python bench/glossary_bench.py [--quick] [--entries N] [--segments N]
[--regex-seconds S]``. The last line reads ``segments_per_s=N ratio_vs_regex=R peak_rss_mb=M``.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mt.glossary.entry import GlossaryEntry
from mt.glossary.matcher import Matcher

ONSETS = (*"bdfghjklmnpqrstvz", "sh", "kh", "gh", "zh", "ch", "th", "dh")
VOWELS = ("a", "e", "i", "o", "u", "aa", "ee", "ou", "ai")
CODAS = ("", "", "", "n", "r", "l", "m", "sh", "d", "z", "b")
FILLER = tuple(
    re.findall(
        r"\w+",
        """the a of in on at to for with from by and or but that this which who said says officials
        government forces fighters province city capital region valley talks aid food winter
        spokesman minister president leader resistance army police attack offensive control
        people families children reported according sources local international agency reports
        week month year monday tuesday wednesday thursday friday morning night during after
        before since while against between about more than most some many several dozens of
        hundreds thousands killed wounded arrived left met called warned announced denied""",
    )
)


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_word(rng: random.Random) -> str:
    syllables = rng.choice((2, 2, 3, 3, 4))
    word = "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
    )
    return word.capitalize()


def misspell(rng: random.Random, term: str) -> str:
    swaps = (("a", "e"), ("e", "a"), ("ou", "u"), ("u", "ou"), ("i", "ee"), ("sh", "s"),
             ("p", "b"), ("k", "q"), ("s", "ss"), ("z", "dh"))  # fmt: skip
    for _ in range(10):
        old, new = rng.choice(swaps)
        positions = [m.start() for m in re.finditer(re.escape(old), term)]
        if positions:
            at = rng.choice(positions)
            candidate = term[:at] + new + term[at + len(old) :]
            if candidate.lower() != term.lower():
                return candidate
    return term + "i"


def make_glossary(rng: random.Random, size: int) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    seen: set[str] = set()
    while len(entries) < size:
        target = " ".join(make_word(rng) for _ in range(rng.choice((1, 1, 2, 2, 3))))
        if target.lower() in seen:
            continue
        variants = []
        for _ in range(rng.choice((1, 2))):
            variant = misspell(rng, target)
            if variant.lower() not in seen and variant.lower() != target.lower():
                variants.append(variant)
                seen.add(variant.lower())
        seen.add(target.lower())
        entries.append(
            GlossaryEntry(id=f"e{len(entries)}", target=target, variants=tuple(variants))
        )
    return entries


def make_corpus(rng: random.Random, entries: list[GlossaryEntry], size: int) -> list[str]:
    forms = [e.target for e in entries] + [v for e in entries for v in e.variants]
    segments = []
    for _ in range(size):
        words = rng.choices(FILLER, k=rng.randint(12, 28))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            words.insert(rng.randrange(len(words) + 1), rng.choice(forms))
        words[0] = words[0].capitalize()
        segments.append(" ".join(words) + ".")
    return segments


def regex_alternation(entries: list[GlossaryEntry]) -> re.Pattern[str]:
    """One alternation of every form, longest first, between word boundaries; it is meant for
    lower-cased text (see the module docstring)."""
    terms = {t.lower() for e in entries for t in (e.target, *e.variants)}
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


class Clock:
    """CPU and wall-clock time of a block."""

    def __enter__(self) -> Clock:
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.cpu = time.process_time() - self.cpu
        self.wall = time.perf_counter() - self.wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (a few seconds)")
    parser.add_argument("--entries", type=int, default=None, help="glossary size (50,000)")
    parser.add_argument("--segments", type=int, default=None, help="corpus size (200,000)")
    parser.add_argument("--regex-seconds", type=float, default=None, help="regex budget (20)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--batch", type=int, default=500, help="segments per find_many call")
    args = parser.parse_args(argv)
    quick = (5_000, 20_000, 2.0)
    full = (50_000, 200_000, 20.0)
    defaults = quick if args.quick else full
    n_entries = args.entries or defaults[0]
    n_segments = args.segments or defaults[1]
    regex_seconds = args.regex_seconds if args.regex_seconds is not None else defaults[2]

    rng = random.Random(args.seed)
    entries = make_glossary(rng, n_entries)
    corpus = make_corpus(rng, entries, n_segments)
    forms = sum(1 + len(e.variants) for e in entries)
    print(f"glossary: {len(entries):,} entries, {forms:,} forms; corpus: {len(corpus):,} segments")

    before = rss_mb()
    with Clock() as build:
        matcher = Matcher(entries, side="target")
    automaton_mb = rss_mb() - before
    stats = matcher._automaton.get_stats() if matcher._automaton is not None else {}
    own_mb = stats.get("total_size", 0) / 2**20
    print(
        f"ours: automaton of {matcher.size:,} keys built in {build.cpu:.2f} s; memory "
        f"{automaton_mb:.0f} MB (resident growth while building; pyahocorasick counts "
        f"{own_mb:.0f} MB for its nodes)"
    )

    hits = 0
    with Clock() as ours:
        for at in range(0, len(corpus), args.batch):
            hits += sum(map(len, matcher.find_many(corpus[at : at + args.batch])))
    ours_rate = len(corpus) / ours.cpu
    print(
        f"ours: {hits:,} hits in {ours.cpu:.2f} CPU s = {ours_rate:,.0f} segments/s "
        f"(wall {len(corpus) / ours.wall:,.0f}/s; find_many, documents of {args.batch})"
    )
    with Clock() as single:
        single_hits = sum(len(matcher.find(segment)) for segment in corpus)
    print(
        f"ours: {single_hits:,} hits in {single.cpu:.2f} CPU s = "
        f"{len(corpus) / single.cpu:,.0f} segments/s (find, one segment per call)"
    )
    peak = rss_mb()
    if single_hits != hits:
        print("FAIL: find and find_many disagree")
        return 1

    with Clock() as compiling:
        pattern = regex_alternation(entries)
    print(f"regex: compiled in {compiling.cpu:.2f} s")
    regex_counts: list[int] = []
    deadline = time.process_time() + regex_seconds
    with Clock() as regex:
        for segment in corpus:
            regex_counts.append(sum(1 for _ in pattern.finditer(segment.lower())))
            if time.process_time() > deadline:
                break
    done, regex_hits = len(regex_counts), sum(regex_counts)
    regex_rate = done / regex.cpu
    subset = "" if done == len(corpus) else f" (on the first {done:,} segments)"
    print(
        f"regex: {regex_hits:,} hits in {regex.cpu:.2f} CPU s = {regex_rate:,.1f} segments/s"
        f"{subset}; peak memory now {rss_mb():.0f} MB"
    )
    ours_counts = [len(h) for h in matcher.find_many(corpus[:done])]
    print(
        f"check: on those {done:,} segments ours finds {sum(ours_counts):,} hits, the regex "
        f"{regex_hits:,}; equal in every segment: {ours_counts == regex_counts}"
    )
    if ours_counts != regex_counts:
        print("FAIL: the two matchers disagree")
        return 1

    ratio = ours_rate / regex_rate
    print(f"ratio: ours is {ratio:,.0f}x the regex alternation")
    print(f"segments_per_s={ours_rate:.0f} ratio_vs_regex={ratio:.1f} peak_rss_mb={peak:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
