"""Glossary entries, ids and the in-memory glossary."""

from __future__ import annotations

import pytest

from mt.glossary.entry import (
    Glossary,
    GlossaryEntry,
    assign_ids,
    default_require_source,
    derived_ids,
    slugify,
)
from mt.glossary.matcher import Matcher


def test_entry_defaults_and_tuples() -> None:
    e = GlossaryEntry(id="p", target="Panjshir", variants=["Banshir"], sources=["بنجشير"])
    assert e.variants == ("Banshir",) and e.sources == ("بنجشير",)
    assert (e.case_sensitive, e.whole_word, e.do_not_translate, e.require_source) == (
        False,
        True,
        False,
        None,
    )
    assert e.preferred == "Panjshir"


def test_line_is_not_part_of_equality() -> None:
    a = GlossaryEntry(id="p", target="Panjshir", line=3)
    b = GlossaryEntry(id="p", target="Panjshir", line=9)
    assert a == b and a.same_content(b)
    assert a != GlossaryEntry(id="p", target="Panjshir", extra={"x": "1"})


def test_do_not_translate_preferred_term_is_the_source() -> None:
    e = GlossaryEntry(id="n", target="", sources=("NATO",), do_not_translate=True)
    assert e.preferred == "NATO"
    assert GlossaryEntry(id="n", target="", sources=("NATO",)).preferred == ""


@pytest.mark.parametrize(
    ("target", "sources", "flag", "expected"),
    [
        ("Panjshir", ("بنجشير",), None, False),  # a name is wrong everywhere
        ("al-Qaeda", ("تنظيم القاعدة",), None, False),  # a name with a lower-case article
        ("province", ("ولاية",), None, True),  # a generic word needs its source term
        ("governor", ("والي",), None, True),
        ("province", (), None, False),  # no source term to check
        ("9/11", ("11 سبتمبر",), None, False),
        ("كابل", ("Kabul",), None, False),  # a script without case: no way to tell
        ("Panjshir", ("بنجشير",), True, True),
        ("province", ("ولاية",), False, False),
        ("province", (), True, False),
    ],
)
def test_default_require_source(target, sources, flag, expected) -> None:
    e = GlossaryEntry(id="x", target=target, sources=sources, require_source=flag)
    assert default_require_source(e) is expected


def test_slugify() -> None:
    assert slugify("Ahmad Shah Massoud") == "ahmad-shah-massoud"
    assert slugify("Mazar-i-Sharif") == "mazar-i-sharif"
    assert slugify("al-Qaeda") == "al-qaeda"
    assert slugify("Café  Kabul!") == "cafe-kabul"
    assert slugify("snake_case") == "snake-case"
    assert slugify("كابل") == "كابل"
    assert slugify("!!!") == ""


def test_assign_ids_is_stable_and_unique() -> None:
    entries = [
        GlossaryEntry(id="", target="Massoud"),
        GlossaryEntry(id="massoud-2", target="X"),
        GlossaryEntry(id="", target="Massoud"),
        GlossaryEntry(id="", target="Massoud"),
        GlossaryEntry(id="", target="", sources=("ناتو",)),
        GlossaryEntry(id="", target="!!"),
    ]
    assign_ids(entries)
    assert [e.id for e in entries] == [
        "massoud",
        "massoud-2",
        "massoud-3",
        "massoud-4",
        "ناتو",
        "entry",
    ]
    assert derived_ids([GlossaryEntry(id="zz", target="Kabul")]) == ["kabul"]


def test_glossary_add_get_remove() -> None:
    g = Glossary()
    first = g.add(GlossaryEntry(id="", target="Kabul", variants=("Kaboul",)))
    assert first.id == "kabul" and len(g) == 1 and list(g) == [first]
    second = g.add(GlossaryEntry(id="", target="Kabul"))
    assert second.id == "kabul-2"
    with pytest.raises(ValueError, match="already has an entry with id 'kabul'"):
        g.add(GlossaryEntry(id="kabul", target="x"))
    assert g.get("kabul-2") is second
    assert g.remove("kabul") is first
    with pytest.raises(KeyError):
        g.get("kabul")
    with pytest.raises(KeyError):
        g.remove("kabul")


def test_matchers_are_cached_and_invalidated() -> None:
    g = Glossary(entries=[GlossaryEntry(id="k", target="Kabul", variants=("Kaboul",))])
    m = g.matcher("target")
    assert isinstance(m, Matcher) and g.matcher("target") is m
    assert g.matcher("source") is not m
    assert g.matcher("target", proclitics=False) is not m
    g.add(GlossaryEntry(id="", target="Doha", variants=("Dawha",)))
    fresh = g.matcher("target")
    assert fresh is not m
    assert [h.entry_id for h in fresh.find("Dawha")] == ["doha"]
    g.remove("doha")
    assert g.matcher("target").find("Dawha") == []
