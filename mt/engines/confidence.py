"""Word-level confidence from token log-probabilities, and the issues it raises.

Subword tokens are merged into words at sentencepiece's ``▁`` (and byte-level BPE's ``Ġ``)
word boundaries; a word's log-probability is the sum of its tokens' (the probability of the
whole word given what precedes it). Words are placed in the translation text by position
among its whitespace-separated words, falling back to a left-to-right search.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence

from mt.document import Issue, Severity
from mt.engines.base import ScoredTranslation, TokenScore, WordScore

#: Words less likely than this (p < 0.1) are flagged as low confidence.
DEFAULT_THRESHOLD = math.log(0.1)
CHECK_ID = "low-confidence"
_WORD_MARKS = ("▁", "Ġ")
_NONSPACE = re.compile(r"\S+")


def merge_words(
    tokens: Sequence[TokenScore],
    translation: str,
    decode: Callable[[list[str]], str],
) -> list[WordScore]:
    """Group ``tokens`` into words and place each in ``translation``.

    ``decode`` turns a word's token strings back into text (the tokenizer's
    ``convert_tokens_to_string``). Special tokens (end of sentence, language codes) are left out.
    """
    groups: list[tuple[list[str], float]] = []
    for tok in tokens:
        if tok.special:
            continue
        if not groups or tok.token.startswith(_WORD_MARKS):
            groups.append(([tok.token], tok.logprob))
        else:
            pieces, total = groups[-1]
            pieces.append(tok.token)
            groups[-1] = (pieces, total + tok.logprob)
    texts = [decode(pieces).strip() for pieces, _ in groups]
    # A lone "▁" piece followed by a word piece decodes to nothing: merge it forward.
    merged: list[tuple[str, float, int]] = []
    carry_lp, carry_n = 0.0, 0
    for (pieces, lp), text in zip(groups, texts, strict=True):
        if not text:
            carry_lp, carry_n = carry_lp + lp, carry_n + len(pieces)
            continue
        merged.append((text, lp + carry_lp, len(pieces) + carry_n))
        carry_lp, carry_n = 0.0, 0
    if carry_n and merged:
        text, lp, n = merged[-1]
        merged[-1] = (text, lp + carry_lp, n + carry_n)
    spans = [(m.start(), m.end()) for m in _NONSPACE.finditer(translation)]
    words: list[WordScore] = []
    if len(spans) == len(merged):
        for (text, lp, n), (start, end) in zip(merged, spans, strict=True):
            words.append(WordScore(text, start, end, lp, n))
        return words
    cursor = 0
    for text, lp, n in merged:
        at = translation.find(text, cursor)
        if at < 0:
            words.append(WordScore(text, None, None, lp, n))
            continue
        words.append(WordScore(text, at, at + len(text), lp, n))
        cursor = at + len(text)
    return words


def _trim_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``text[start:end]`` to exclude leading and trailing punctuation, if any is left."""
    s, e = start, end
    while s < e and unicodedata.category(text[s]).startswith("P"):
        s += 1
    while e > s and unicodedata.category(text[e - 1]).startswith("P"):
        e -= 1
    return (s, e) if s < e else (start, end)


def confidence_issues(
    scored: ScoredTranslation,
    threshold: float = DEFAULT_THRESHOLD,
    severity: Severity = Severity.INFO,
) -> list[Issue]:
    """A ``low-confidence`` issue for each word of the MT the model finds unlikely."""
    issues = []
    for word in scored.low_confidence(threshold):
        start, end = word.start, word.end
        if start is not None and end is not None:
            start, end = _trim_punctuation(scored.translation, start, end)
        issues.append(
            Issue(
                check=CHECK_ID,
                severity=severity,
                message=f"the model doubts “{word.text}” (p={word.prob:.3f})",
                field="mt",
                start=start,
                end=end,
            )
        )
    return issues
