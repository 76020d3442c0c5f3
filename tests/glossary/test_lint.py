"""Glossary lint: duplicates, conflicts, shadowing variants, cycles, loops, damaged terms."""

from __future__ import annotations

from mt.document import Severity
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.glossary.files import load_glossary
from mt.glossary.lint import LintFinding, has_errors, is_clean, lint
from tests.conftest import GLOSSARIES


def e(ident: str, target: str, *variants: str, sources: tuple[str, ...] = (), line: int = 1, **kw):
    return GlossaryEntry(
        id=ident, target=target, variants=variants, sources=sources, line=line, **kw
    )


def checks(*entries: GlossaryEntry) -> dict[str, list[LintFinding]]:
    found: dict[str, list[LintFinding]] = {}
    for finding in lint(Glossary(entries=list(entries), path="g.tsv")):
        found.setdefault(finding.check, []).append(finding)
    return found


def test_the_shipped_glossary_lints_without_errors_or_warnings() -> None:
    findings = lint(load_glossary(GLOSSARIES / "afghanistan-news.ar-en.tsv"))
    assert not has_errors(findings)
    assert is_clean(findings)
    # Only the documented shield: Islamic State holds the province entry's variant "state".
    assert [(f.check, f.entry_ids) for f in findings] == [("shield", ("islamic-state", "province"))]


def test_a_clean_glossary_has_no_findings() -> None:
    assert lint(Glossary(entries=[e("p", "Panjshir", "Banshir", sources=("بنجشير",))])) == []


def test_duplicate() -> None:
    found = checks(
        e("a", "Panjshir", "Banshir", sources=("بنجشير",), line=2),
        e("b", "Panjshir", "Panjsher", sources=("بنجشير",), line=5),
    )
    (dup,) = found["duplicate"]
    assert dup.severity is Severity.ERROR
    assert dup.entry_ids == ("a", "b")
    assert dup.line == 2
    assert "line 2 and 5" in dup.message
    assert str(dup).startswith("g.tsv:2: error: ")


def test_duplicate_id() -> None:
    found = checks(
        e("a", "Kabul", "Kaboul", sources=("كابل",)), e("a", "Doha", sources=("الدوحة",))
    )
    assert [f.entry_ids for f in found["duplicate-id"]] == [("a", "a")]


def test_conflict_same_source_two_targets() -> None:
    found = checks(
        e("a", "province", "state", sources=("ولاية",)),
        e("b", "state", sources=("ولاية",)),
    )
    (conflict,) = found["conflict"]
    assert conflict.severity is Severity.ERROR
    assert "ولاية" in conflict.message


def test_conflict_across_domains_is_a_warning() -> None:
    found = checks(
        e("a", "province", sources=("ولاية",), domain="afghanistan"),
        e("b", "state", sources=("ولاية",), domain="us"),
    )
    assert [f.severity for f in found["conflict"]] == [Severity.WARNING]


def test_conflict_sees_normalised_source_terms() -> None:
    found = checks(
        e("a", "Afghanistan", sources=("أفغانستان",)), e("b", "Afghan", sources=("افغانستان",))
    )
    assert "conflict" in found


def test_variant_that_is_another_entrys_preferred_term() -> None:
    found = checks(e("a", "Panjshir", "Parwan"), e("b", "Parwan", "Barwan"))
    (f,) = found["variant-is-preferred"]
    assert f.severity is Severity.ERROR
    assert f.entry_ids == ("a", "b")


def test_variant_equal_to_its_own_preferred_term() -> None:
    found = checks(e("a", "Panjshir", "Banshir", "panjshir"))
    assert [f.entry_ids for f in found["variant-equals-preferred"]] == [("a",)]


def test_cycle() -> None:
    found = checks(e("a", "Massoud", "Masoud"), e("b", "Masoud", "Massoud"))
    (cycle,) = found["cycle"]
    assert cycle.severity is Severity.ERROR
    assert set(cycle.entry_ids) == {"a", "b"}
    assert "Massoud → Masoud → Massoud" in cycle.message or "Masoud → Massoud → Masoud" in (
        cycle.message
    )


def test_longer_cycle() -> None:
    found = checks(e("a", "B", "A"), e("b", "C", "B"), e("c", "A", "C"))
    assert len(found["cycle"]) == 1
    assert set(found["cycle"][0].entry_ids) == {"a", "b", "c"}


def test_variant_containing_its_preferred_term_loops() -> None:
    found = checks(e("a", "Massoud", "Massoud Massoud", "Commander Massoud"))
    assert [f.severity for f in found["loop"]] == [Severity.ERROR, Severity.ERROR]


def test_preferred_term_containing_its_variant_as_a_word_loops() -> None:
    found = checks(e("a", "Ahmad Shah Massoud", "Shah Massoud"))
    (f,) = found["loop"]
    assert f.severity is Severity.ERROR


def test_a_prefix_that_is_not_a_whole_word_is_fine() -> None:
    found = checks(e("w", "World Food Programme", "World Food Program", sources=("برنامج",)))
    assert found == {}


def test_shield_is_information() -> None:
    found = checks(e("p", "province", "state", sources=("ولاية",)), e("i", "Islamic State", "ISIS"))
    (f,) = found["shield"]
    assert f.severity is Severity.INFO
    assert not has_errors(
        lint(
            Glossary(
                entries=[
                    e("p", "province", "state", sources=("ولاية",)),
                    e("i", "Islamic State", "ISIS"),
                ]
            )
        )
    )


def test_ambiguous_variant() -> None:
    found = checks(e("a", "Panjshir", "Banshir"), e("b", "Banshiri", "banshir"))
    (f,) = found["ambiguous-variant"]
    assert f.severity is Severity.ERROR
    assert f.entry_ids == ("a", "b")


def test_ambiguous_variant_decided_by_the_source_is_a_warning() -> None:
    found = checks(
        e("p", "province", "state", sources=("ولاية",)),
        e("c", "country", "state", sources=("دولة",)),
    )
    assert [f.severity for f in found["ambiguous-variant"]] == [Severity.WARNING]


def test_case_sensitive_variants_that_differ_in_case_are_not_ambiguous() -> None:
    found = checks(
        e("g", "governor", "wali", sources=("والي",), case_sensitive=True),
        e("w", "Wali Massoud", "Wali", case_sensitive=True),
    )
    assert "ambiguous-variant" not in found


def test_duplicate_variant_in_one_entry() -> None:
    found = checks(e("a", "Panjshir", "Banshir", "banshir", "Panjsher"))
    assert [f.severity for f in found["duplicate-variant"]] == [Severity.WARNING]
    assert "duplicate-variant" not in checks(
        e("a", "al-Qaeda", "al Qaeda", "Al Qaeda", case_sensitive=True)
    )


def test_empty_terms() -> None:
    found = checks(
        e("a", ""),
        e("b", "Kabul", "Kaboul", "", sources=("كابل",)),
        e("c", "Doha", sources=("", "الدوحة")),
    )
    assert [f.entry_ids for f in found["empty"]] == [("a",), ("b",), ("c",)]
    assert all(f.severity is Severity.ERROR for f in found["empty"])


def test_whitespace_damaged_terms() -> None:
    found = checks(
        e("a", " Kabul", sources=("كابل",)),
        e("b", "Hindu  Kush", sources=("هندوكوش",)),
        e("c", "Doha", "Dawha\u00a0", sources=("الدوحة",)),
        e("d", "Balkh", sources=("بلخ\u200b",)),
        e("f", "Herat", sources=("هرات\t",)),
    )
    assert [f.entry_ids for f in found["whitespace"]] == [("a",), ("b",), ("c",), ("d",), ("f",)]


def test_inert_entry_is_a_warning() -> None:
    found = checks(e("a", "Kabul"))
    assert [f.severity for f in found["inert"]] == [Severity.WARNING]
    assert "inert" not in checks(e("n", "NATO", do_not_translate=True))


def test_findings_come_in_file_order() -> None:
    findings = lint(Glossary(entries=[e("a", "x", line=9), e("b", "", line=3)]))
    assert [f.line for f in findings] == sorted(f.line for f in findings)
