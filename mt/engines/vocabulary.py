"""A model's vocabulary as the constrained search needs it: source and target token ids, the
token sequences that spell a glossary term or a forbidden variant, and the tokens that glue
letters onto the previous word."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

_WORD_MARKS = ("▁", "Ġ")
_BANNED_CACHE_SIZE = 256


class TermVocabulary:
    """Term tokenisation over one tokenizer, cached per term.

    ``source_prefix`` goes before every source (a multilingual Marian model's ``>>xx<<``);
    sources longer than ``cap + 1`` tokens are cut, keeping their last (end) token.
    """

    def __init__(self, tokenizer: Any, *, vocab_size: int, device: Any, source_prefix: str = "",
                 cap: int = 511, bad_sequences: Sequence[tuple[int, ...]] = ()) -> None:
        self.tokenizer = tokenizer
        self.vocab_size = vocab_size
        self.device = device
        self.source_prefix = source_prefix
        self.cap = cap
        self.bad_sequences = list(bad_sequences)
        self.special: set[int] = set(getattr(tokenizer, "all_special_ids", []) or [])
        self.unk: int | None = getattr(tokenizer, "unk_token_id", None)
        self._forms: dict[tuple[str, bool], list[tuple[int, ...]]] = {}
        self._banned: dict[tuple[tuple[str, ...], tuple[str, ...]],
                           frozenset[tuple[int, ...]]] = {}
        self._continuation: torch.Tensor | None = None

    def source_ids(self, texts: list[str]) -> list[tuple[list[int], bool]]:
        """Token ids of each source and whether it was cut to the model's limit."""
        if not texts:
            return []
        limit = self.cap + 1
        enc = self.tokenizer([self.source_prefix + t for t in texts], add_special_tokens=True)
        out = []
        for ids in enc["input_ids"]:
            ids = list(ids)
            if len(ids) > limit:
                out.append((ids[: limit - 1] + ids[-1:], True))
            else:
                out.append((ids, False))
        return out

    def target_ids(self, text: str) -> list[int]:
        return list(self.tokenizer(text_target=text, add_special_tokens=False)["input_ids"])

    def term_forms(self, term: str, case_sensitive: bool = True) -> list[tuple[int, ...]]:
        """The token sequences that spell ``term`` in a translation: at the start of a sentence
        and after a space (they differ for byte-level BPE and tokenizers without sentencepiece's
        dummy prefix), and capitalised too when case does not matter. Sequences holding the
        unknown token are left out; an empty list means the model cannot spell the term."""
        key = (term, case_sensitive)
        found = self._forms.get(key)
        if found is not None:
            return found
        spellings = [term]
        if not case_sensitive and term[:1].islower():
            spellings.append(term[:1].upper() + term[1:])
        forms: dict[tuple[int, ...], None] = {}
        lead = self.target_ids("a")
        for spelling in spellings:
            forms[tuple(self.target_ids(spelling))] = None
            inner = self.target_ids("a " + spelling)
            if inner[: len(lead)] == lead:
                forms[tuple(inner[len(lead) :])] = None
        found = [f for f in forms if f and (self.unk is None or self.unk not in f)]
        self._forms[key] = found
        return found

    def banned_forms(
        self, forbidden: tuple[str, ...], nocase: tuple[str, ...]
    ) -> frozenset[tuple[int, ...]]:
        """Token sequences of forbidden variants (and the model's bad words), cached."""
        key = (forbidden, nocase)
        found = self._banned.get(key)
        if found is not None:
            return found
        banned: set[tuple[int, ...]] = set(self.bad_sequences)
        for variant, insensitive in [(v, False) for v in forbidden] + [(v, True) for v in nocase]:
            spellings = {variant}
            if insensitive:
                spellings |= {variant.lower(), variant[:1].upper() + variant[1:]}
            for spelling in spellings:
                banned.update(self.term_forms(spelling, True))
        if len(self._banned) > _BANNED_CACHE_SIZE:
            self._banned.clear()
        found = self._banned[key] = frozenset(banned)
        return found

    def continuation_mask(self) -> torch.Tensor:
        """Tokens that glue letters or digits onto the previous word (no ``▁``/``Ġ`` mark)."""
        if self._continuation is None:
            import torch

            vocab = self.vocab_size
            n = min(vocab, len(self.tokenizer))
            pieces = self.tokenizer.convert_ids_to_tokens(list(range(n)))
            flags = [
                bool(p) and not p.startswith(_WORD_MARKS) and p[0].isalnum()
                and i not in self.special
                for i, p in enumerate(pieces)
            ]  # fmt: skip
            flags += [False] * (vocab - n)
            self._continuation = torch.tensor(flags, dtype=torch.bool, device=self.device)
        return self._continuation


__all__ = ["TermVocabulary"]
