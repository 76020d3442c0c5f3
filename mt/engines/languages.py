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
    the token forced first in the translation, the prefix of every source and the model's
    language tokens (never text, even where the tokenizer does not mark them special)."""

    source_lang: str | None
    target_lang: str | None
    forced_bos_id: int | None
    source_prefix: str = ""
    language_ids: frozenset[int] = frozenset()


def setup_languages(
    tokenizer: Any, source_lang: str | None, target_lang: str | None, forced_bos_id: int | None
) -> LanguageSetup:
    """Set the tokenizer's languages (NLLB, M2M100) or find the target-language token of a
    multilingual Marian model; ``forced_bos_id`` is the generation config's, kept otherwise.
    A language the model has no token for is refused."""
    tok = tokenizer
    kind = type(tok).__name__.lower()
    if "nllb" in kind or "m2m" in kind:
        nllb = "nllb" in kind
        name, example = ("NLLB", "ar, en, or NLLB codes such as arb_Arab") if nllb else (
            "M2M100", "ar, en")
        missing = [f for f, v in (("--source-lang", source_lang), ("--target-lang", target_lang))
                   if not v]
        if missing:
            raise EngineError(f"an {name} model needs {' and '.join(missing)} "
                              f"(ISO codes such as {example})")
        known = _language_ids(tok, nllb)
        src = _model_code(known, str(source_lang), "--source-lang", name)
        tgt = _model_code(known, str(target_lang), "--target-lang", name)
        tok.src_lang, tok.tgt_lang = src, tgt
        return LanguageSetup(src, tgt, known[tgt], language_ids=frozenset(known.values()))
    codes = getattr(tok, "supported_language_codes", None) or []
    prefix = ""
    if codes and target_lang:
        code = f">>{target_lang}<<"
        if code not in codes:
            raise EngineError(f"this multilingual model has no target language "
                              f"{target_lang!r} (it has {', '.join(codes[:12])}...)")
        prefix = code + " "
    return LanguageSetup(source_lang, target_lang, forced_bos_id, prefix)


def _language_ids(tok: Any, nllb: bool) -> dict[str, int]:
    """The model's language codes (``arb_Arab``; M2M100: ``ar``) and their token ids."""
    if not nllb:
        return dict(getattr(tok, "lang_code_to_id", {}))
    return {t: i for t, i in tok.get_vocab().items() if _NLLB_CODE.fullmatch(t)}


def _model_code(known: dict[str, int], lang: str, flag: str, name: str) -> str:
    """``lang`` (an ISO code, or the model's own) as this NLLB or M2M100 model spells it."""
    wanted = lang.strip()
    if name == "NLLB":
        code = NLLB_CODES.get(wanted.lower(), wanted)
    else:  # M2M100 takes ISO codes; accept NLLB's spelling or its token's (__ar__) too
        code = _ISO_OF_NLLB.get(wanted, wanted.strip("_").lower())
    if code not in known:
        some = ", ".join(sorted(known)[:8])
        raise EngineError(f"{flag} {lang}: this {name} model has no language {lang!r} "
                          f"(it has {some}, ...)")
    return code


_NLLB_CODE = re.compile(r"[a-z]{3}_[A-Z][a-z]{3}")
_ISO_OF_NLLB = {v: k for k, v in NLLB_CODES.items()}


__all__ = ["NLLB_CODES", "LanguageSetup", "guess_language_pair", "setup_languages"]
