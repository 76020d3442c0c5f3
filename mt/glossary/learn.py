"""Learning glossary entries from translators' finished work: the name substitutions between an
MT text and its post-edit (``Banshir`` → ``Panjshir``), merged over segments and documents,
each with the source term that co-occurs best with it.

A substitution is read off the word diff (:mod:`mt.text.diff`): a run of name-like words
(capitalised, not a function word, never written in lower case in that document) in the MT
that a change touches, paired with such a run in the post-edit when the two are spelled alike
once transliteration freedom is undone (:func:`~mt.glossary.suggest.transliteration_key`). A
name that only moved, a reordering (``Front of National Resistance`` → ``National Resistance
Front``), an inflection (``Afghan`` → ``Afghanistan``) or a rewording is not one.

The source term is the one :func:`~mt.glossary.names_align.source_term` aligns with the
preferred form (or, where that fails, the replaced one) in the segments where the substitution
was made, the term most of them give winning; with a model (``aligner``), its cross-attention
on the replaced MT words is evidence too.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from mt.glossary.entry import Glossary, GlossaryEntry, assign_ids
from mt.glossary.names_align import Aligner, Attend, attention_of, known_words, source_term
from mt.glossary.suggest import Suggestion, coverage, transliteration_key
from mt.glossary.tsv_write import render_table
from mt.text.diff import changed_chunks, word_diff

#: How alike (0-100, on transliteration keys) an MT name and its post-edit must be.
MIN_SIMILARITY = 70.0
#: The longest name considered, in words.
MAX_WORDS = 5
#: How many changes apart a name and its new spelling may be (a name moved in a rewording).
_NEAR = 3
#: A word of the target text (hyphenated ones whole), as the word diff cuts them.
_WORD = re.compile(r"\w+(?:-\w+)*")
_PARTICLE = re.compile(r"^(?:al|el|ul|ad|an|ar|as|at|az|ash)-(?=[A-Z])")
#: Capitalised at a sentence start, never names.
_FUNCTION_WORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "if", "for", "nor", "so", "yet", "of", "in",
        "on", "at", "to", "by", "from", "with", "as", "into", "onto", "upon", "about",
        "after", "before", "since", "until", "while", "during", "this", "that", "these",
        "those", "it", "its", "he", "she", "they", "we", "you", "i", "his", "her",
        "their", "our", "your", "my", "there", "here", "then", "than", "when", "where",
        "which", "who", "whom", "whose", "what", "why", "how", "not", "no", "all", "any",
        "both", "each", "every", "some", "such", "most", "more", "many", "few", "other",
        "former", "meanwhile", "however", "also",
    ]
)  # fmt: skip

#: Titles and generic words of place names, left out of a name at either end when both
#: spellings share them.
_GENERIC = frozenset(
    [
        "afghan", "president", "former", "prime", "minister", "foreign", "vice", "deputy",
        "general", "commander", "chief", "spokesman", "leader", "governor", "mullah",
        "sheikh", "mr", "mrs", "ms", "dr", "king", "prince", "international", "airport",
        "province", "valley", "district", "city", "river", "mountains", "mountain",
        "university",
    ]
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One segment of finished work: its MT, the translator's version and the source (if any).
    ``document`` and ``segment`` name it in examples."""

    document: str
    segment: str
    mt: str
    post_edit: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """Where a substitution was made: document, segment id and the MT around it."""

    document: str
    segment: str
    variant: str
    context: str


@dataclass
class Proposal:
    """A proposed entry: the translators' spelling, the MT spellings they replaced (with how
    often), the aligned source term (``None`` where no source was given or none fits) and the
    share of the entry's segments with a source that align it (``source_score``)."""

    preferred: str
    counts: dict[str, int] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    source: str | None = None
    source_score: float = 0.0
    covered: str | None = None  # the ids of entries that already cover part of it ("partly")

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(sorted(self.counts, key=lambda v: (-self.counts[v], v)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_entry(self) -> GlossaryEntry:
        seen = ", ".join(f"{v}×{self.counts[v]}" for v in self.variants)
        if self.covered:
            seen += f" (the glossary's {self.covered} knows part of it: add the variants there)"
        return GlossaryEntry(
            id="",
            target=self.preferred,
            sources=(self.source,) if self.source else (),
            variants=self.variants,
            case_sensitive=True,
            note=f"learned from post-edits: {seen}",
        )


@dataclass
class LearnResult:
    """The proposals (most evidence first), what the glossary already covers (``(variant,
    preferred, entry ids)``), and how many segments were read and changed."""

    proposals: list[Proposal]
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    segments: int = 0
    changed: int = 0


_Run = tuple[int, int, str]  # start, end, text


def _is_name_word(word: str, lower: set[str]) -> bool:
    bare = _PARTICLE.sub("", word)
    return bare[:1].isupper() and word.lower() not in _FUNCTION_WORDS and word.lower() not in lower


def name_runs(text: str, lower: set[str]) -> list[_Run]:
    """Runs of name-like words in ``text`` joined by single spaces (``Ahmad Shah Massoud``);
    ``lower`` holds the words seen in lower case (never names)."""
    runs: list[_Run] = []
    for match in _WORD.finditer(text):
        if not _is_name_word(match.group(), lower):
            continue
        if runs and text[runs[-1][1] : match.start()] == " ":
            start = runs[-1][0]
            runs[-1] = (start, match.end(), text[start : match.end()])
        else:
            runs.append((match.start(), match.end(), match.group()))
    return runs


def _sub_runs(runs: list[_Run], spans: list[tuple[int, int]]) -> list[tuple[int, _Run]]:
    """Every stretch of up to :data:`MAX_WORDS` whole words inside ``runs`` that a changed
    span touches, with the index of the first span it touches (``spans`` in text order)."""
    ends = [b for _, b in spans]
    found = []
    for start, _, text in runs:
        words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text)]
        for i in range(len(words)):
            for j in range(i, min(len(words), i + MAX_WORDS)):
                s, e = words[i][0], words[j][1]
                k = bisect.bisect_left(ends, s)
                while k < len(spans) and spans[k][0] <= e:
                    if _touches(s, e, *spans[k]):
                        found.append((k, (s, e, text[s - start : e - start])))
                        break
                    k += 1
    return found


def _touches(s: int, e: int, a: int, b: int) -> bool:
    return s < b and a < e if a < b else s < a < e


def _starts(run: _Run) -> list[int]:
    return [run[0] + m.start() for m in _WORD.finditer(run[2])]


@functools.lru_cache(maxsize=1 << 16)
def _key(form: str) -> str:
    return transliteration_key(form).replace(" ", "")


@functools.lru_cache(maxsize=1 << 16)
def similarity(variant: str, preferred: str) -> float:
    """How alike two spellings of a name are (0-100), 0 for an inflection, a reordering or
    a change of case only."""
    if variant.lower() == preferred.lower():
        return 0.0
    if sorted(variant.lower().split()) == sorted(preferred.lower().split()):
        return 0.0
    short, long_ = sorted((variant.lower(), preferred.lower()), key=len)
    if long_.startswith(short) and " " not in long_:
        return 0.0
    return float(fuzz.ratio(_key(variant), _key(preferred)))


def substitutions(mt: str, post_edit: str, lower: set[str]) -> list[tuple[_Run, _Run]]:
    """The name substitutions from ``mt`` to ``post_edit``: ``(mt run, post-edit run)``."""
    chunks = changed_chunks(word_diff(mt, post_edit))
    if not chunks:
        return []
    removed = _sub_runs(name_runs(mt, lower), [(c.old_start, c.old_end) for c in chunks])
    added = _sub_runs(name_runs(post_edit, lower), [(c.new_start, c.new_end) for c in chunks])
    kept_texts = {r[2] for _, r in removed} & {a[2] for _, a in added}  # moved, not changed
    near: dict[int, list[_Run]] = {}
    for k, a in added:
        if a[2] not in kept_texts:
            near.setdefault(k, []).append(a)
    scored = []
    for k, r in removed:
        if r[2] in kept_texts:
            continue
        for a in (a for d in range(-_NEAR, _NEAR + 1) for a in near.get(k + d, ())):
            score = similarity(r[2], a[2])
            if score >= MIN_SIMILARITY:
                scored.append((-score, -(r[1] - r[0] + a[1] - a[0]), r, a))
    scored.sort()
    pairs: list[tuple[_Run, _Run]] = []
    used_mt: set[int] = set()
    used_pe: set[int] = set()
    for _, _, r, a in scored:
        # Runs cut at word boundaries overlap exactly where they share a word's start.
        r_starts, a_starts = _starts(r), _starts(a)
        if used_mt.intersection(r_starts) or used_pe.intersection(a_starts):
            continue
        used_mt.update(r_starts)
        used_pe.update(a_starts)
        pairs.append((r, a))
    return sorted(_trim(mt, r, post_edit, a) for r, a in pairs)


def _trim(mt: str, r: _Run, post_edit: str, a: _Run) -> tuple[_Run, _Run]:
    """The pair without the titles and generic words both runs start or end with
    (``Afghan President Hamed Karzai`` → ``Hamed Karzai``, ``Kaboul International Airport`` →
    ``Kaboul``); shared names stay (``Ahmed Shah Masood``, not ``Ahmed``: that is someone else)."""
    rw = [(r[0] + m.start(), r[0] + m.end()) for m in _WORD.finditer(r[2])]
    aw = [(a[0] + m.start(), a[0] + m.end()) for m in _WORD.finditer(a[2])]

    def generic(i: int, j: int) -> bool:
        word = mt[rw[i][0] : rw[i][1]]
        return word == post_edit[aw[j][0] : aw[j][1]] and word.lower() in _GENERIC

    while len(rw) > 1 and len(aw) > 1 and generic(0, 0):
        rw, aw = rw[1:], aw[1:]
    while len(rw) > 1 and len(aw) > 1 and generic(-1, -1):
        rw, aw = rw[:-1], aw[:-1]
    rs, re_, as_, ae = rw[0][0], rw[-1][1], aw[0][0], aw[-1][1]
    return (rs, re_, mt[rs:re_]), (as_, ae, post_edit[as_:ae])


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left, right = text[max(0, start - width) : start], text[end : end + width]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


def _lower_words(pairs: Sequence[SegmentPair]) -> set[str]:
    lower: set[str] = set()
    for pair in pairs:
        for text in (pair.mt, pair.post_edit):
            lower.update(w for w in _WORD.findall(text) if w[:1].islower())
    return lower


def learn(
    documents: Iterable[Sequence[SegmentPair]],
    glossary: Glossary | None = None,
    *,
    max_examples: int = 3,
    aligner: Aligner | None = None,
) -> LearnResult:
    """Proposals from the name substitutions in ``documents`` (each a sequence of segment
    pairs), most evidence first; those ``glossary`` already covers are left out (see
    :attr:`LearnResult.skipped`); ``aligner``: a model's word attention of (source, MT) pairs."""
    by_preferred: dict[str, Proposal] = {}
    known: set[str] = set()
    aligned: dict[str, list[_Change]] = {}  # preferred → the changes made
    segments = changed = 0
    for doc in documents:
        lower = _lower_words(doc)
        for pair in doc:
            segments += 1
            changed += pair.mt != pair.post_edit
            if pair.source is not None:
                known.update(known_words([pair.source]))
            for (s, e, variant), (_, _, preferred) in substitutions(pair.mt, pair.post_edit, lower):
                proposal = by_preferred.setdefault(preferred, Proposal(preferred))
                proposal.counts[variant] = proposal.counts.get(variant, 0) + 1
                if len(proposal.examples) < max_examples:
                    context = _context(pair.mt, s, e)
                    proposal.examples.append(Example(pair.document, pair.segment, variant, context))
                if pair.source is not None:
                    change = (pair.source, variant, pair.mt, (s, e))
                    aligned.setdefault(preferred, []).append(change)
    attends = _attention(aligned, aligner)
    proposals = list(by_preferred.values())
    for proposal in proposals:
        found = aligned.get(proposal.preferred, [])
        proposal.source, proposal.source_score = _source(proposal.preferred, found, known,
                                                         attends)
    result = LearnResult([], segments=segments, changed=changed)
    result.proposals = _drop_covered(proposals, glossary, result.skipped)
    result.proposals.sort(key=lambda p: (-p.total, p.preferred))
    return result


_Change = tuple[str, str, str, tuple[int, int]]  # source, replaced spelling, MT, its span


def _attention(
    aligned: dict[str, list[_Change]], aligner: Aligner | None
) -> dict[tuple[str, int, int], Attend]:
    """The model's attention at each replaced spelling, by (MT, span), in one call."""
    if aligner is None:
        return {}
    pairs = list(dict.fromkeys((c[0], c[2]) for changes in aligned.values() for c in changes))
    words = dict(zip(pairs, aligner(pairs), strict=True))
    return {
        (mt, *span): attention_of(mt, words[source, mt], span)
        for changes in aligned.values() for source, _, mt, span in changes
    }  # fmt: skip


def _source(
    preferred: str,
    changes: list[_Change],
    known: set[str],
    attends: dict[tuple[str, int, int], Attend] | None = None,
) -> tuple[str | None, float]:
    """The source term most of ``changes`` align with ``preferred`` (or the replaced
    spelling), with the share of them that do."""
    votes: Counter[str] = Counter()
    for source, variant, mt, span in changes:
        attend = (attends or {}).get((mt, *span))
        term = (source_term(source, preferred, known, attend)
                or source_term(source, variant, known, attend))
        if term is not None:
            votes[term] += 1
    if not votes:
        return None, 0.0
    term, n = votes.most_common(1)[0]
    return term, round(n / len(changes), 3)


def _drop_covered(
    proposals: list[Proposal], glossary: Glossary | None, skipped: list[tuple[str, str, str]]
) -> list[Proposal]:
    """The proposals with the variants ``glossary`` already turns into their preferred form
    taken out (recorded in ``skipped``); a proposal with none left is dropped."""
    if glossary is None:
        return proposals
    kept = []
    for proposal in proposals:
        checks = [
            Suggestion(proposal.preferred, (v,), {proposal.preferred: 1, v: 1})
            for v in proposal.variants
        ]
        partly = set()
        for variant, known in zip(proposal.variants, coverage(glossary, checks), strict=True):
            if known is None:
                continue
            if known.startswith("partly"):
                partly.add(known.removeprefix("partly: "))
                continue
            skipped.append((variant, proposal.preferred, known))
            for example in [x for x in proposal.examples if x.variant == variant]:
                proposal.examples.remove(example)
            del proposal.counts[variant]
        if proposal.counts:
            proposal.covered = ", ".join(sorted(partly)) or None
            kept.append(proposal)
    return kept


def proposals_tsv(proposals: Iterable[Proposal]) -> str:
    """The proposals as a full-form TSV glossary (ids assigned), for ``mt glossary import``."""
    entries = [p.to_entry() for p in proposals]
    assign_ids(entries)
    return render_table(Glossary(entries=entries), "tsv").decode("utf-8")
