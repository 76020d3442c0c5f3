"""A UTF-8 byte-order mark on input is kept on output (the layout is kept byte for byte)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mt.formats import read_document, write_document

BOM = b"\xef\xbb\xbf"
SAMPLES = {
    "story.en": "Taliban fighters entered Banshir.\nThe province is calm.\n",
    "article.en": "Kabul talks resume\n\nThe talks resumed on Monday.\n",
    "rows.tsv": "id\tsource\tmt\n1\tكابل\tKabul\n",
}


@pytest.mark.parametrize("name", list(SAMPLES))
@pytest.mark.parametrize("bom", [True, False])
def test_the_bom_survives_a_round_trip(tmp_path: Path, name: str, bom: bool) -> None:
    data = (BOM if bom else b"") + SAMPLES[name].encode("utf-8")
    src = tmp_path / name
    src.write_bytes(data)
    doc = read_document(src)
    assert not doc.segments[0].mt.startswith("\ufeff")
    out = tmp_path / f"out{src.suffix}"
    write_document(doc, out)
    assert out.read_bytes() == data


def test_the_bom_survives_text_to_tmx_to_text(tmp_path: Path) -> None:
    data = BOM + SAMPLES["article.en"].encode("utf-8")
    (tmp_path / "a.en").write_bytes(data)
    write_document(read_document(tmp_path / "a.en"), tmp_path / "a.tmx")
    write_document(read_document(tmp_path / "a.tmx"), tmp_path / "b.en")
    assert (tmp_path / "b.en").read_bytes() == data
