"""A house reference that lacks some of our styles takes ours for those, and says which, instead of failing."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import tipreports as tr
from tipreports.cli import main
from tipreports.compose import compose
from tipreports.render.docx import REFERENCE_DOCX, write_docx
from tipreports.theme import Theme

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "thailand_2025.yaml"

# 17 of the note's styles, the three list styles among them (Source is based on Small).
REMOVED = (
    "Title", "Subtitle", "heading 1", "heading 2", "heading 3", "Lead", "Small", "Tier Badge", "List Bullet",
    "List Number", "Source", "caption", "Figure", "Table Text", "Table Heading", "Key Fact Label", "Key Fact",
)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def house_reference(path: Path) -> Path:
    """The bundled reference without the 17 styles, and without any list definition."""
    with zipfile.ZipFile(REFERENCE_DOCX) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    for style in list(styles.iter(w("style"))):
        if style.find(w("name")).get(w("val")) in REMOVED:
            styles.remove(style)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    numbering = etree.fromstring(parts["word/numbering.xml"])
    for child in list(numbering):
        numbering.remove(child)
    parts["word/numbering.xml"] = etree.tostring(numbering, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def render(house: Path) -> tuple[bytes, list[warnings.WarningMessage]]:
    brief = tr.load(EXAMPLE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = write_docx(compose(brief, "briefing-note"), Theme(reference_docx=house)).data
    return data, caught


def test_missing_styles_come_from_the_bundled_reference_with_a_warning_naming_them(tmp_path: Path) -> None:
    house = house_reference(tmp_path / "house.docx")
    data, caught = render(house)
    said = [str(found.message) for found in caught if issubclass(found.category, tr.StyleWarning)]
    assert len(said) == 1
    assert said[0].startswith("house.docx: the reference document lacks the style(s) ")
    assert all(repr(name) in said[0] for name in REMOVED)
    # Once per render, not once per cached read.
    assert len([f for f in render(house)[1] if issubclass(f.category, tr.StyleWarning)]) == 1

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles, numbering = (etree.fromstring(z.read(part)) for part in ("word/styles.xml", "word/numbering.xml"))
        document = etree.fromstring(z.read("word/document.xml"))
    by_id = {style.get(w("styleId")): style for style in styles.iter(w("style"))}
    names = {style.find(w("name")).get(w("val")) for style in by_id.values()}
    assert set(REMOVED) <= names
    # Every style a paragraph uses, and every basedOn, exists; every list style's numId resolves to a definition.
    used = {p.get(w("val")) for p in document.iter(w("pStyle"))}
    assert used <= set(by_id)
    for style in by_id.values():
        based = style.find(w("basedOn"))
        assert based is None or based.get(w("val")) in by_id
    nums = {num.get(w("numId")): num.find(w("abstractNumId")).get(w("val")) for num in numbering.iter(w("num"))}
    abstracts = {a.get(w("abstractNumId")) for a in numbering.iter(w("abstractNum"))}
    for style_id in ("ListBullet", "ListNumber", "SourceListItem"):
        num_id = by_id[style_id].find(f"{w('pPr')}/{w('numPr')}/{w('numId')}").get(w("val"))
        assert nums[num_id] in abstracts
    # The schema's order: every abstractNum before every num.
    tags = [child.tag for child in numbering]
    assert tags == sorted(tags, key=lambda tag: tag != w("abstractNum"))
    assert by_id["SourceListItem"].find(w("basedOn")).get(w("val")) == "Small"


def test_the_bundled_reference_says_nothing(tmp_path: Path) -> None:
    _data, caught = render(REFERENCE_DOCX)
    assert not [found for found in caught if issubclass(found.category, tr.TipReportsWarning)]


def test_the_note_opens_in_libreoffice_with_its_lists_numbered(tmp_path: Path) -> None:
    from tests.test_docx_libreoffice import SOFFICE, squash, to_pdf

    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from pypdf import PdfReader

    data, _caught = render(house_reference(tmp_path / "house.docx"))
    text = squash(" ".join(page.extract_text() for page in PdfReader(to_pdf(data, tmp_path, noto=True)).pages))
    # The example's numbered list is its sources, [1] to [3]; its bulleted lists keep their bullets.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = etree.fromstring(z.read("word/document.xml"))
    sources = [
        squash("".join(p.itertext())) for p in document.iter(w("p"))
        if p.find(f"{w('pPr')}/{w('pStyle')}[@{w('val')}='SourceListItem']") is not None
    ]
    assert len(sources) == 3
    for number, source in enumerate(sources, start=1):
        assert f"[{number}]{source[:15]}" in text
    assert text.count("•") >= 20


def test_build_prints_the_warning_and_exits_0(tmp_path: Path) -> None:
    house = house_reference(tmp_path / "house.docx")
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(EXAMPLE), "--out", str(tmp_path / "out"), "--format", "docx",
                 "--reference-doc", str(house), "--no-project"], stdout=out, stderr=err)
    assert code == 0
    lines = [line for line in err.getvalue().splitlines() if "reference document" in line]
    assert lines == [
        "warning: house.docx: the reference document lacks the style(s) "
        + ", ".join(map(repr, REMOVED)) + "; the bundled reference's are used"
    ]
    assert (tmp_path / "out").is_dir() and any((tmp_path / "out").glob("*.docx"))


def test_a_borrowed_style_is_based_on_the_house_default_whatever_its_name(tmp_path: Path) -> None:
    house = house_reference(tmp_path / "house.docx")
    with zipfile.ZipFile(house) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b'w:styleId="Normal"><w:name w:val="Normal"/>', b'w:styleId="HouseBody"><w:name w:val="Body"/>'
    ).replace(b'w:val="Normal"', b'w:val="HouseBody"')
    assert b'w:styleId="HouseBody"' in parts["word/styles.xml"]
    with zipfile.ZipFile(house, "w") as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    data, caught = render(house)
    assert "'Normal'" not in str(next(f.message for f in caught if issubclass(f.category, tr.StyleWarning)))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    paragraph = [s for s in styles.iter(w("style")) if s.get(w("type")) == "paragraph"]
    assert [s.get(w("styleId")) for s in paragraph if s.get(w("default")) == "1"] == ["HouseBody"]
    title = next(s for s in paragraph if s.find(w("name")).get(w("val")) == "Title")
    assert title.find(w("basedOn")).get(w("val")) == "HouseBody"
    assert title.find(w("next")).get(w("val")) == "HouseBody"
