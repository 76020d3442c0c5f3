"""Numbers: every number of the source must appear in the target, and no new ones.

Numbers are compared by value. Arabic-Indic (``٠-٩``) and Extended Arabic-Indic (``۰-۹``) digits
count as digits; the Arabic decimal separator ``٫`` and thousands separator ``٬`` are understood,
so are ``1,200`` = ``1200``, ``3.5`` and ``١٧٢.٠٠٠`` (which reads as 172.000 or 172,000, either
may match). A range ``10-15`` is two numbers. A magnitude word after a number adds the scaled
value as an alternative: ``٥ آلاف`` matches ``5,000`` and ``5 thousand``, ``$9 billion`` matches
``٩ مليارات``.

Simple number words (English one to ninety-nine, dozen, hundred, ordinals to twelfth; Arabic one
to ten, their teens and tens, ordinals, decades) never have to appear themselves, but a number
written as a word on one side matches the same number written in digits on the other:
``٣ أشهر`` is fine as "three months", "September 11" is fine for الحادي عشر من سبتمبر.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from mt.document import Issue, Segment, Severity
from mt.scoring.qa.base import Check, QAContext, dominant_script, register

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_INDIC_DIGIT = re.compile(r"[٠-٩۰-۹]+")
# A run of digits and separators, not glued to a Latin letter or digit before it (G7, A320,
# COVID-19); an Arabic proclitic (و2001) is fine.
_NUMBER = re.compile(r"(?<![A-Za-z\d_])(?<![A-Za-z]-)\d+(?:[.,٫٬]\d+)*")
_AFTER = re.compile(r"\s*([^\W\d_]+)")

_SCALE_WORDS = {
    "thousand": 3, "thousands": 3, "k": 3,
    "million": 6, "millions": 6, "mn": 6, "m": 6, "mln": 6,
    "billion": 9, "billions": 9, "bn": 9, "b": 9,
    "trillion": 12, "trillions": 12, "tn": 12,
    "ألف": 3, "الف": 3, "آلاف": 3, "الاف": 3, "ألفا": 3, "ألفاً": 3,
    "مليون": 6, "ملايين": 6, "مليونا": 6, "مليوناً": 6,
    "مليار": 9, "مليارات": 9, "مليارا": 9, "ملياراً": 9, "بليون": 9,
    "تريليون": 12, "تريليونات": 12,
}  # fmt: skip

_EN_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
]  # fmt: skip

_AR_UNITS = {
    "واحد": 1, "واحدة": 1, "احد": 1, "حادي": 1, "احدى": 1, "اثنان": 2, "اثنين": 2,
    "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "ثلاث": 3, "ثلاثة": 3, "اربع": 4,
    "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8,
    "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "اول": 1, "اولى": 1, "ثاني": 2, "ثانية": 2, "ثالث": 3, "ثالثة": 3, "رابع": 4,
    "رابعة": 4, "خامس": 5, "خامسة": 5, "سادس": 6, "سادسة": 6, "سابع": 7, "سابعة": 7,
    "ثامن": 8, "ثامنة": 8, "تاسع": 9, "تاسعة": 9,
}  # fmt: skip
_AR_TEN = {"عشر", "عشرة"}
_AR_WORDS = {
    "عشر": 10, "عشرة": 10, "عاشر": 10, "عاشرة": 10, "مئة": 100, "مائة": 100,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_AR_DECADES = {
    "عشرينيات": 20, "ثلاثينيات": 30, "اربعينيات": 40, "خمسينيات": 50, "ستينيات": 60,
    "سبعينيات": 70, "ثمانينيات": 80, "تسعينيات": 90,
}  # fmt: skip
_AR_PROCLITICS = ("وبال", "وال", "بال", "لل", "ال", "و", "ب", "ل")
_AR_NORMAL = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ـ": None})
_AR_HARAKAT = re.compile(r"[\u064b-\u065f\u0670]")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


@dataclass(frozen=True)
class Number:
    """A number found in a text: its span, how it is written, the values it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[Decimal]
    word: bool = False


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def _readings(token: str) -> list[frozenset[Decimal]]:
    """The values a digit token (ASCII digits, separators kept) may stand for; several numbers
    where the separators make no sense as one."""
    parts = re.split(r"[.,٫٬]", token)
    seps = re.findall(r"[.,٫٬]", token)
    values: set[Decimal | None] = set()
    if not seps:
        values.add(_dec(token))
    elif len(seps) == 1:
        sep, (head, tail) = seps[0], parts
        decimal, grouped = _dec(f"{head}.{tail}"), _dec(head + tail)
        if sep == "٫":
            values.add(decimal)
        elif sep == "٬":
            values.add(grouped)
        elif sep == ",":
            values.add(grouped if len(tail) == 3 else decimal)
        else:  # "." is a decimal point, or a thousands separator in some Arabic copy
            values.add(decimal)
            if len(tail) == 3:
                values.add(grouped)
    else:
        *groups, last = parts
        group_seps, last_sep = set(seps[:-1]), seps[-1]
        grouping_ok = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
        if grouping_ok and len(group_seps) == 1 and last_sep not in group_seps:
            values.add(_dec("".join(groups) + "." + last))  # 1,234.5
        elif grouping_ok and set(seps) == group_seps and len(last) == 3:
            values.add(_dec("".join(parts)))  # 1,234,567
        else:
            return [frozenset(v for v in [_dec(p)] if v is not None) for p in parts]
    return [frozenset(v for v in values if v is not None)]


def _scaled(values: frozenset[Decimal], text: str, end: int) -> frozenset[Decimal]:
    """``values`` plus their multiples when a magnitude word follows at ``end``."""
    after = _AFTER.match(text, end)
    if after is None:
        return values
    exponent = _SCALE_WORDS.get(after.group(1).lower())
    if exponent is None:
        return values
    scale = Decimal(10) ** exponent
    return values | {(v * scale).normalize() for v in values}


def digit_numbers(text: str) -> list[Number]:
    """The numbers written in digits in ``text``, in order."""
    ascii_text = text.translate(_DIGITS)
    found = []
    for match in _NUMBER.finditer(ascii_text):
        readings = _readings(match.group())
        if len(readings) == 1:
            values = _scaled(readings[0], ascii_text, match.end())
            found.append(Number(match.start(), match.end(), match.group(), values))
            continue
        pos = match.start()
        for part, values in zip(re.split(r"[.,٫٬]", match.group()), readings, strict=True):
            found.append(Number(pos, pos + len(part), part, values))
            pos += len(part) + 1
    return [Number(n.start, n.end, text[n.start : n.end], n.values) for n in found if n.values]


def _english_word(word: str) -> set[Decimal]:
    """The values of an English number word (none if it is not one)."""
    low = word.lower()
    if low in _EN_UNITS:
        return {Decimal(_EN_UNITS.index(low))}
    if low in _EN_TENS:
        return {Decimal(20 + 10 * _EN_TENS.index(low))}
    if low in _EN_ORDINALS:
        return {Decimal(1 + _EN_ORDINALS.index(low))}
    if low.endswith("ies") and low[:-3] + "y" in _EN_TENS:  # the nineties
        tens = 20 + 10 * _EN_TENS.index(low[:-3] + "y")
        return {Decimal(tens), Decimal(1900 + tens)}
    if "-" in low:
        tens_word, _, unit = low.partition("-")
        if tens_word in _EN_TENS and unit in _EN_UNITS[1:10]:
            return {Decimal(20 + 10 * _EN_TENS.index(tens_word) + _EN_UNITS.index(unit))}
    value = {"dozen": 12, "hundred": 100}.get(low)
    return {Decimal(value)} if value is not None else set()


def _arabic_key(word: str) -> str:
    word = _AR_HARAKAT.sub("", word).translate(_AR_NORMAL)
    if word.endswith("ا") and word[:-1] in _AR_WORDS:  # accusative tanween: عشرينا
        word = word[:-1]
    return word


def _arabic_value(word: str) -> tuple[int, str] | None:
    """(value, kind) of an Arabic number word, proclitics stripped; kind is ``unit`` (1-9,
    cardinal or ordinal), ``word`` (10, tens, hundred) or ``decade``."""
    key = _arabic_key(word)
    candidates = [key] + [key[len(p) :] for p in _AR_PROCLITICS if key.startswith(p)]
    for cand in candidates:
        if cand in _AR_UNITS:
            return _AR_UNITS[cand], "unit"
        if cand in _AR_WORDS:
            return _AR_WORDS[cand], "word"
        if cand in _AR_DECADES:
            return _AR_DECADES[cand], "decade"
    return None


def word_numbers(text: str) -> list[Number]:
    """Numbers written as simple words in English or Arabic (see the module docstring)."""
    words = list(_WORDS.finditer(text))
    found: list[Number] = []
    skip = False
    for i, match in enumerate(words):
        if skip:
            skip = False
            continue
        word = match.group()
        end = match.end()
        values = _english_word(word)
        if not values:
            arabic = _arabic_value(word)
            if arabic is None:
                continue
            value, kind = arabic
            nxt = words[i + 1] if i + 1 < len(words) else None
            follow = _arabic_value(nxt.group()) if nxt is not None else None
            if kind == "unit" and nxt is not None and _arabic_key(nxt.group()) in _AR_TEN:
                value, end, skip = value + 10, nxt.end(), True  # الحادي عشر
            elif (
                kind == "unit"
                and nxt is not None
                and follow is not None
                and follow[1] == "word"
                and follow[0] in range(20, 100, 10)
            ):
                value, end, skip = value + follow[0], nxt.end(), True  # خمسة وعشرون
            values.add(Decimal(value))
            if kind == "decade":
                values.add(Decimal(1900 + value))
        scaled = _scaled(frozenset(values), text, end)
        found.append(Number(match.start(), end, text[match.start() : end], scaled, word=True))
    return found


def _matches(number: Number, others: list[Number]) -> bool:
    return any(number.values & other.values for other in others)


@register
class Numbers(Check):
    """Numbers dropped or changed in the translation, and Arabic-Indic digits left in it."""

    id = "numbers"
    severity = Severity.ERROR
    description = "a number of the source is missing from the target, or the target has a new one"
    needs_source = True

    def run(self, segment: Segment, context: QAContext) -> Iterator[Issue]:
        source = segment.source or ""
        target = context.target(segment)
        if not target.strip():
            return  # the untranslated check reports an empty target
        script, share, _ = dominant_script(target)
        if script == "ARABIC" and share >= 0.5 and dominant_script(source)[0] == "ARABIC":
            return  # left untranslated: reported there, numbers would all look fine
        src_digits, tgt_digits = digit_numbers(source), digit_numbers(target)
        if not src_digits and not tgt_digits:
            return
        src_all = src_digits + word_numbers(source)
        tgt_all = tgt_digits + word_numbers(target)
        for number in src_digits:
            if not _matches(number, tgt_all):
                yield self.issue(
                    context,
                    f"number {number.text!r} of the source is missing from the target",
                    (number.start, number.end),
                    field="source",
                )
        for number in tgt_digits:
            if not _matches(number, src_all):
                yield self.issue(
                    context,
                    f"number {number.text!r} is not in the source",
                    (number.start, number.end),
                    severity=Severity.WARNING,
                )
        if script != "ARABIC":
            for match in _INDIC_DIGIT.finditer(target):
                yield self.issue(
                    context,
                    f"Arabic-Indic digits {match.group()!r} left in the target",
                    match.span(),
                    severity=Severity.WARNING,
                )
