"""Name variants anchored on the source and on parallel outputs (`mt glossary suggest`)."""

from __future__ import annotations

import json
from pathlib import Path

from mt.formats.registry import read_document, write_document
from mt.glossary.files import load_glossary
from mt.glossary.names_suggest import suggest_names
from mt.glossary.suggest import Suggestion, suggest
from tests.conftest import CORPORA
from tests.test_cli_glossary import mt

SOURCE = [
    "وقال المتحدث ذبيح الله مجاهد إن الوفد وصل.",
    "وأضاف مجاهد أن ذبيح الله سيزور الدوحة.",
]
MT = [
    "The spokesman Zabiullah Mujahid said the delegation arrived.",
    "Mujahid added that Thabihullah would visit Doha.",
]


def story(folder: Path, name: str, paragraphs: list[str]) -> Path:
    path = folder / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def groups(found: list[Suggestion]) -> set[frozenset[str]]:
    return {frozenset(s.counts) for s in found}


def test_the_source_groups_spellings_that_occur_once_each(tmp_path: Path) -> None:
    mt_path = story(tmp_path, "talks.mt.en", MT)
    src = story(tmp_path, "talks.ar", SOURCE)
    without = read_document(mt_path)
    assert suggest([without]) == []  # by looks alone, two spellings seen once each: nothing
    found = suggest_names([read_document(mt_path, source=src)])
    assert groups(found) == {frozenset({"Zabiullah", "Thabihullah"})}
    assert found[0].source == "ذبيح الله"
    assert found[0].anchored


def test_parallel_outputs_group_what_two_systems_spell_differently(tmp_path: Path) -> None:
    a = story(tmp_path, "a.txt", ["The governor of Herat, Noor Islamjar, spoke.", "Pakistan."])
    b = story(tmp_path, "b.txt", ["The governor of Herat, Nur Eslamjar, spoke.", "Pakistan."])
    docs = [read_document(a), read_document(b)]
    assert suggest(docs) == []  # another first letter: not grouped by looks alone
    found = suggest_names(parallel=[docs])
    assert groups(found) == {
        frozenset({"Islamjar", "Eslamjar"}),
        frozenset({"Noor", "Nur"}),
        frozenset({"Noor Islamjar", "Nur Eslamjar"}),
    }
    assert all(s.source == "" for s in found)  # no source given


def test_parallel_outputs_never_group_derivations(tmp_path: Path) -> None:
    a = story(tmp_path, "a.txt", ["The Argentine envoy and a Filipino diplomat met Lavrov."])
    b = story(tmp_path, "b.txt", ["The Argentinian envoy and a Philippine diplomat met Lavrof."])
    found = suggest_names(parallel=[[read_document(a), read_document(b)]])
    assert groups(found) == {frozenset({"Lavrov", "Lavrof"})}


def test_cli_tsv_with_sources_beside_imports_with_source_terms(tmp_path: Path) -> None:
    result = mt("glossary", "suggest", *sorted(CORPORA.glob("*.mt.en")), "--tsv")
    assert result.code == 0, result.stderr
    mined = tmp_path / "mined.tsv"
    mined.write_text(result.stdout, encoding="utf-8")
    new = tmp_path / "new.ar-en.tsv"
    result = mt("glossary", "import", mined, "-g", new)
    assert result.code == 0, result.stderr
    entries = {e.target: e for e in load_glossary(new)}
    panjshir = entries["Panjshir"]
    assert panjshir.sources == ("بنجشير",)
    assert set(panjshir.variants) == {"Banshir", "Banjshir", "Panjsher"}
    assert entries["Kabul"].sources == ("كابل",) and entries["Kabul"].variants == ("Kaboul",)


def test_cli_source_option_and_parallel_outputs(tmp_path: Path) -> None:
    mt_path = story(tmp_path, "one.txt", MT)
    src = story(tmp_path, "source.txt", SOURCE)
    result = mt("glossary", "suggest", mt_path, "--source", src, "--min-count", "1", "--json")
    assert result.code == 0, result.stderr
    assert '"source": "ذبيح الله"' in result.stdout
    other = story(tmp_path, "two.txt", ["The spokesman Zabihullah Mujahid said so."] * 2)
    result = mt("glossary", "suggest", "--parallel", mt_path, other, "--source", src, "--tsv")
    assert result.code == 0, result.stderr
    assert "ذبيح الله\tZabihullah\t" in result.stdout


def test_cli_parallel_outputs_must_align(tmp_path: Path) -> None:
    a = story(tmp_path, "a.txt", ["One.", "Two."])
    b = story(tmp_path, "b.txt", ["One."])
    result = mt("glossary", "suggest", "--parallel", a, b)
    assert result.code == 2
    assert f"{b}: 1 segments, but {a} has 2" in result.stderr
    assert mt("glossary", "suggest", "--parallel", a).code == 2
    assert mt("glossary", "suggest", a, b, "--source", a).code == 2


def test_the_source_keeps_apart_names_that_look_alike(tmp_path: Path) -> None:
    # Hamed and Hamad share a key by looks alone; the source says حامد and حمد are two names.
    src = story(tmp_path, "x.ar", ["والتقى المبعوث حامد كرزاي.", "ووصل الشيخ تميم بن حمد."])
    mt_path = story(
        tmp_path, "x.mt.en", ["The envoy met Hamed Karzai.", "Then Sheikh Tamim bin Hamad arrived."]
    )
    assert frozenset({"Hamad", "Hamed"}) in groups(suggest([read_document(mt_path)]))
    found = suggest_names([read_document(mt_path, source=src)])
    assert all(not {"Hamad", "Hamed"} <= set(s.counts) for s in found)


def test_cli_reads_the_source_from_a_session_file(tmp_path: Path) -> None:
    doc = read_document(
        CORPORA / "panjshir-offensive.mt.en", source=CORPORA / "panjshir-offensive.ar"
    )
    session = tmp_path / "story.mt.json"
    write_document(doc, session)
    result = mt("glossary", "suggest", session, "--json", "--min-count", "1")
    assert result.code == 0, result.stderr
    found = {s["source"]: set(s["counts"]) for s in json.loads(result.stdout)["suggestions"]}
    assert found["بنجشير"] == {"Panjshir", "Banshir", "Banjshir"}
