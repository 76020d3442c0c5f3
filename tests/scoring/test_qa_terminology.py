"""Terminology checks (missing term, forbidden variant) and capitalisation of glossary names."""

from __future__ import annotations

from mt.document import Document
from mt.glossary.entry import Glossary, GlossaryEntry
from mt.scoring.qa import run_checks

GLOSSARY = Glossary(
    [
        GlossaryEntry("panjshir", "Panjshir", ("بنجشير",), ("Banshir", "Panjsher"),
                      case_sensitive=True),
        GlossaryEntry("province", "province", ("ولاية",), ("state",)),
        GlossaryEntry("al-qaeda", "al-Qaeda", ("تنظيم القاعدة",), ("al-Qaida",),
                      case_sensitive=True),
        GlossaryEntry("islamic-state", "Islamic State", (), ("ISIS",), case_sensitive=True),
        GlossaryEntry("china", "China", ("الصين",), case_sensitive=True),
    ]
)  # fmt: skip

TERMS = ["terminology-missing", "terminology-variant", "capitalisation"]


def found(mt: str, source: str | None) -> list[tuple[str, str, str | None]]:
    doc = Document.from_texts([mt], None if source is None else [source])
    report = run_checks(doc, GLOSSARY, TERMS, field="mt")
    return [(f.issue.check, f.issue.severity.value, f.text) for f in report]


def test_forbidden_variant_fires() -> None:
    assert found("Fighting in the Banshir Valley", "قتال في وادي بنجشير") == [
        ("terminology-variant", "error", "Banshir")
    ]


def test_generic_variant_fires_only_where_the_source_has_the_term() -> None:
    assert found("the state of Panjshir", "ولاية بنجشير") == [
        ("terminology-variant", "error", "state")
    ]
    assert found("the state of the economy", "حالة الاقتصاد") == []
    assert found("the state of the economy", None) == []
    assert found("Banshir fell.", None) == [("terminology-variant", "error", "Banshir")]


def test_target_only_entry_shields_its_words() -> None:
    assert found(
        "the Islamic State group in the state of Panjshir", "تنظيم الدولة الإسلامية في ولاية بنجشير"
    ) == [("terminology-variant", "error", "state")]
    assert found("ISIS claimed it.", None) == [("terminology-variant", "error", "ISIS")]


def test_missing_term_fires_and_points_into_the_source() -> None:
    doc = Document.from_texts(["Fighting in the valley."], ["قتال في وادي بنجشير."])
    report = run_checks(doc, GLOSSARY, TERMS, field="mt")
    [finding] = report.findings
    assert finding.issue.check == "terminology-missing"
    assert finding.issue.field == "source" and finding.text == "بنجشير"
    assert "Panjshir" in finding.issue.message


def test_missing_counts_occurrences() -> None:
    result = found("from the province of Parwan and from Baghlan", "من ولاية بروان ومن ولاية بغلان")
    assert result == [("terminology-missing", "error", "ولاية")]


def test_clean_translation_is_quiet() -> None:
    assert found("The Panjshir Valley, in Panjshir province.", "وادي بنجشير في ولاية بنجشير.") == []
    assert found("Al-Qaeda denied it.", "ونفى تنظيم القاعدة ذلك.") == []


def test_capitalisation_fires_on_a_miscased_name() -> None:
    assert found("Fighting in the panjshir valley", "قتال في وادي بنجشير") == [
        ("capitalisation", "warning", "panjshir")
    ]
    assert found("members of Al-Qaeda", "عناصر تنظيم القاعدة") == [
        ("capitalisation", "warning", "Al-Qaeda")
    ]


def test_capitalisation_allows_sentence_starts_caps_and_unrelated_words() -> None:
    assert found("He said: «Al-Qaeda is back.»", "قال: «تنظيم القاعدة عاد»") == []
    assert found("FIGHTING IN THE PANJSHIR VALLEY", "قتال في وادي بنجشير") == []
    assert found("They bought fine china plates.", "اشتروا أطباقاً خزفية.") == []
    assert found("The State Department spoke.", "تحدثت وزارة الخارجية.") == []
