"""Language codes of multilingual models: NLLB-200 (FLORES) and M2M100 codes, the opus-mt
model-name convention, and how a tokenizer is set up for a language pair."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mt.engines.base import EngineError

#: ISO 639-1 → NLLB-200 (FLORES) codes for the languages a newsroom meets most.
NLLB_CODES = {
    "ar": "arb_Arab", "en": "eng_Latn", "fr": "fra_Latn", "de": "deu_Latn", "es": "spa_Latn",
    "ru": "rus_Cyrl", "fa": "pes_Arab", "ps": "pbt_Arab", "ur": "urd_Arab", "tr": "tur_Latn",
    "zh": "zho_Hans", "it": "ita_Latn", "pt": "por_Latn", "he": "heb_Hebr", "uk": "ukr_Cyrl",
    "hi": "hin_Deva", "ku": "ckb_Arab", "uz": "uzn_Latn", "tg": "tgk_Cyrl", "nl": "nld_Latn",
}  # fmt: skip
_OPUS_NAME = re.compile(r"opus-mt-([a-z]{2,3})-([a-z]{2,3})(?:$|[^a-z])", re.IGNORECASE)


def guess_language_pair(
    name: str, source_lang: str | None, target_lang: str | None
) -> tuple[str | None, str | None]:
    """The languages given, else those an ``opus-mt-xx-yy`` model name says."""
    guess = _OPUS_NAME.search(name)
    return (
        source_lang or (guess.group(1).lower() if guess else None),
        target_lang or (guess.group(2).lower() if guess else None),
    )


@dataclass(frozen=True)
class LanguageSetup:
    """What a model's tokenizer needs for a language pair: the pair as the model spells it,
    the token forced first in the translation and the prefix of every source."""

    source_lang: str | None
    target_lang: str | None
    forced_bos_id: int | None
    source_prefix: str = ""


def setup_languages(
    tokenizer: Any, source_lang: str | None, target_lang: str | None, forced_bos_id: int | None
) -> LanguageSetup:
    """Set the tokenizer's languages (NLLB, M2M100) or find the target-language token of a
    multilingual Marian model; ``forced_bos_id`` is the generation config's, kept otherwise."""
    tok = tokenizer
    kind = type(tok).__name__.lower()
    if "nllb" in kind:
        src = NLLB_CODES.get(source_lang or "", source_lang)
        tgt = NLLB_CODES.get(target_lang or "", target_lang)
        if not (src and tgt):
            raise EngineError("an NLLB model needs --source-lang and --target-lang "
                              "(ISO codes such as ar, en, or NLLB codes such as arb_Arab)")
        tok.src_lang, tok.tgt_lang = src, tgt
        return LanguageSetup(src, tgt, tok.convert_tokens_to_ids(tgt))
    if "m2m" in kind:
        if not (source_lang and target_lang):
            raise EngineError("an M2M100 model needs --source-lang and --target-lang "
                              "(ISO codes such as ar, en)")
        tok.src_lang, tok.tgt_lang = source_lang, target_lang
        return LanguageSetup(source_lang, target_lang, tok.get_lang_id(target_lang))
    codes = getattr(tok, "supported_language_codes", None) or []
    prefix = ""
    if codes and target_lang:
        code = f">>{target_lang}<<"
        if code not in codes:
            raise EngineError(f"this multilingual model has no target language "
                              f"{target_lang!r} (it has {', '.join(codes[:12])}...)")
        prefix = code + " "
    return LanguageSetup(source_lang, target_lang, forced_bos_id, prefix)


__all__ = ["NLLB_CODES", "LanguageSetup", "guess_language_pair", "setup_languages"]
