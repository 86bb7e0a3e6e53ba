"""A house reference .docx styles the note and brings nothing else: no banner of its own, no metadata, no bomb."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import shutil
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import tipreports as tr
from tipreports.document import Document, Heading, Metadata, PageBreak, Paragraph, Run
from tipreports.model import Marking, Withheld
from tipreports.render._reference import MAX_ENTRIES, MAX_RATIO, MAX_UNPACKED
from tipreports.render.docx import REFERENCE_DOCX, write_docx
from tipreports.theme import DEFAULT_THEME, Theme

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
CANARY = b"CANARY"


def bundled_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(REFERENCE_DOCX) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_zip(path: Path, parts: Mapping[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def add_rels(parts: dict[str, bytes], rels_name: str, rels: list[tuple[str, str, str]]) -> None:
    """Append (id, type, target) relationships to ``rels_name``; a target starting 'file:' is external."""
    root = etree.fromstring(parts[rels_name]) if rels_name in parts else etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
    for rel_id, kind, target in rels:
        rel = etree.SubElement(root, f"{{{PKG}}}Relationship", Id=rel_id, Type=kind if kind.startswith("http") else REL + kind,
                               Target=target)
        if target.startswith("file:"):
            rel.set("TargetMode", "External")
    parts[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_types(parts: dict[str, bytes], overrides: Mapping[str, str], defaults: Mapping[str, str] = {}) -> None:
    ct = "http://schemas.openxmlformats.org/package/2006/content-types"
    root = etree.fromstring(parts["[Content_Types].xml"])
    for extension, content_type in defaults.items():
        root.insert(0, etree.Element(f"{{{ct}}}Default", Extension=extension, ContentType=content_type))
    for part, content_type in overrides.items():
        etree.SubElement(root, f"{{{ct}}}Override", PartName=f"/{part}", ContentType=content_type)
    parts["[Content_Types].xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def furniture(kind: str, text: str) -> bytes:
    return HEADER + (f'<w:{kind} xmlns:w="{W}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>').encode()


OFFICE = "application/vnd.openxmlformats-officedocument"


def hostile_parts() -> dict[str, bytes]:
    """
    The bundled reference with what a house template picks up over the years, each holding a canary.

    A different first-page and even-page header saying TLP:CLEAR; comments, a glossary,
    people, footnotes, custom XML, macros, an embedded object, a thumbnail; core, app and
    custom properties; document variables, an attached template on the author's disk,
    mail merge and rsids in settings; revision marks, XML comments and processing
    instructions in the styles; a picture bullet and an embedded font.
    """
    parts = bundled_parts()
    document = (
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        "<w:p><w:r><w:t>CANARY-BODY: the house template's sample text</w:t></w:r></w:p>"
        '<w:sectPr w:rsidR="00CA0001">'
        '<w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH2"/>'
        '<w:headerReference w:type="even" r:id="rIdH3"/>'
        '<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="first" r:id="rIdF2"/>'
        '<w:footerReference w:type="even" r:id="rIdF3"/>'
        '<w:footnotePr><w:numFmt w:val="lowerRoman"/></w:footnotePr>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1247" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>'
        '<w:pgBorders><w:top w:val="single" w:sz="4" w:space="24" w:color="auto" r:id="rIdF1"/></w:pgBorders>'
        '<w:cols w:space="709"/><w:titlePg/>'
        '<w:printerSettings r:id="rIdPrinter"/>'
        '<w:sectPrChange w:id="1" w:author="CANARY-SECTION-AUTHOR" w:date="2020-01-01T00:00:00Z"><w:sectPr/></w:sectPrChange>'
        "</w:sectPr></w:body></w:document>"
    )
    parts["word/document.xml"] = HEADER + document.encode()
    for n, (where, text) in enumerate([("default", "TLP:CLEAR CANARY-HEADER-DEFAULT"),
                                       ("first", "TLP:CLEAR CANARY-HEADER-FIRST"),
                                       ("even", "TLP:CLEAR CANARY-HEADER-EVEN")], start=1):
        parts[f"word/header{n}.xml"] = furniture("hdr", text)
        parts[f"word/footer{n}.xml"] = furniture("ftr", text.replace("HEADER", "FOOTER") + f" {where}")
    parts["word/comments.xml"] = HEADER + (
        f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="CANARY-COMMENT-AUTHOR" w:initials="CC">'
        "<w:p><w:r><w:t>CANARY-COMMENT: do not send this to the ministry</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    parts["word/glossary/document.xml"] = HEADER + (
        f'<w:glossaryDocument xmlns:w="{W}"><w:docParts><w:docPart><w:docPartPr><w:name w:val="CANARY-GLOSSARY"/>'
        "</w:docPartPr><w:docPartBody><w:p><w:r><w:t>CANARY-GLOSSARY-TEXT</w:t></w:r></w:p></w:docPartBody>"
        "</w:docPart></w:docParts></w:glossaryDocument>"
    ).encode()
    parts["word/people.xml"] = HEADER + (
        b'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        b'<w15:person w15:author="CANARY-PERSON"><w15:presenceInfo w15:providerId="AD" w15:userId="CANARY-USERID"/>'
        b"</w15:person></w15:people>"
    )
    parts["word/footnotes.xml"] = HEADER + (
        f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r><w:t>CANARY-FOOTNOTE</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()
    parts["word/webSettings.xml"] = HEADER + (
        f'<w:webSettings xmlns:w="{W}"><w:encoding w:val="CANARY-WEB"/></w:webSettings>'
    ).encode()
    parts["customXml/item1.xml"] = b"<case><informant>CANARY-CUSTOMXML informant in Mae Sot</informant></case>"
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0CANARY-MACRO Sub AutoOpen()"
    parts["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0CANARY-OLE"
    parts["word/media/bullet.png"] = b"\x89PNG\r\n\x1a\nCANARY-BULLET-IMAGE"
    parts["word/fonts/font1.odttf"] = b"\x00\x01\x00\x00CANARY-EMBEDDED-FONT"
    parts["word/printerSettings/printerSettings1.bin"] = b"CANARY-PRINTER \\\\ministry-print-01"
    parts["docProps/thumbnail.jpeg"] = b"\xff\xd8\xff\xe0CANARY-THUMBNAIL"
    add_rels(parts, "word/_rels/document.xml.rels", [
        ("rIdH1", "header", "header1.xml"), ("rIdH2", "header", "header2.xml"), ("rIdH3", "header", "header3.xml"),
        ("rIdF1", "footer", "footer1.xml"), ("rIdF2", "footer", "footer2.xml"), ("rIdF3", "footer", "footer3.xml"),
        ("rIdC", "comments", "comments.xml"), ("rIdG", "glossaryDocument", "glossary/document.xml"),
        ("rIdP", "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
        ("rIdN", "footnotes", "footnotes.xml"), ("rIdWeb", "webSettings", "webSettings.xml"),
        ("rIdX", "customXml", "../customXml/item1.xml"),
        ("rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin"),
        ("rIdOle", "oleObject", "embeddings/oleObject1.bin"),
        ("rIdPrinter", "printerSettings", "printerSettings/printerSettings1.bin"),
    ])
    add_rels(parts, "_rels/.rels", [
        ("rIdCustom", "custom-properties", "docProps/custom.xml"),
        ("rIdThumb", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
         "docProps/thumbnail.jpeg"),
    ])
    parts["docProps/core.xml"] = HEADER + (
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b"<dc:title>CANARY-TITLE</dc:title><dc:subject>CANARY-SUBJECT</dc:subject><dc:creator>CANARY-CREATOR</dc:creator>"
        b"<cp:keywords>CANARY-KEYWORDS</cp:keywords><dc:description>CANARY-CORE-COMMENTS</dc:description>"
        b"<cp:lastModifiedBy>CANARY-LAST-MODIFIED-BY</cp:lastModifiedBy><cp:revision>57</cp:revision>"
        b"<cp:category>CANARY-CATEGORY</cp:category><cp:contentStatus>CANARY-STATUS</cp:contentStatus>"
        b"<dc:identifier>CANARY-IDENTIFIER</dc:identifier><cp:version>CANARY-VERSION</cp:version>"
        b"<dc:language>CANARY-LANGUAGE</dc:language>"
        b'<dcterms:created xsi:type="dcterms:W3CDTF">2011-03-04T05:06:07Z</dcterms:created>'
        b"</cp:coreProperties>"
    )
    parts["docProps/app.xml"] = HEADER + (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Template>C:\\Users\\CANARY-USER\\AppData\\Roaming\\Microsoft\\Templates\\House.dotm</Template>"
        b"<Company>CANARY-COMPANY</Company><Manager>CANARY-MANAGER</Manager>"
        b"<HyperlinkBase>file:///CANARY-SHARE/</HyperlinkBase><Application>Microsoft Office Word</Application>"
        b"</Properties>"
    )
    parts["docProps/custom.xml"] = HEADER + (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="CaseOfficer">'
        b"<vt:lpwstr>CANARY-CUSTOM-PROPERTY</vt:lpwstr></property></Properties>"
    )
    parts["word/settings.xml"] = HEADER + (
        f'<w:settings xmlns:w="{W}" xmlns:r="{R}">'
        '<w:zoom w:percent="100"/><w:removePersonalInformation/>'
        '<w:attachedTemplate r:id="rIdTemplate"/><w:linkStyles/>'
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="textFile"/>'
        '<w:query w:val="SELECT * FROM CANARY-MAILMERGE-INFORMANTS"/></w:mailMerge>'
        '<w:defaultTabStop w:val="709"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:footnotePr><w:footnote w:id="-1"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:docVars><w:docVar w:name="CaseFile" w:val="CANARY-DOCVAR informant in Mae Sot"/></w:docVars>'
        '<w:rsids><w:rsidRoot w:val="00CA0001"/><w:rsid w:val="00CA0002"/></w:rsids>'
        '<w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    ).encode()
    add_rels(parts, "word/_rels/settings.xml.rels", [
        ("rIdTemplate", "attachedTemplate", "file:///C:/Users/CANARY-USER/Templates/House.dotm"),
    ])
    # Styles: an XML comment, a processing instruction and a revision mark naming its author.
    styles = parts["word/styles.xml"].decode()
    styles = styles.replace("<w:docDefaults>", "<!-- CANARY-XML-COMMENT --><?canary CANARY-PI?><w:docDefaults>", 1)
    styles, count = re.subn(
        r'(<w:style w:type="paragraph" w:styleId="Title">.*?<w:rPr>)',
        r'\1<w:rPrChange w:id="7" w:author="CANARY-STYLE-AUTHOR" w:date="2020-01-01T00:00:00Z"><w:rPr/></w:rPrChange>',
        styles, count=1, flags=re.S,
    )
    assert count == 1
    parts["word/styles.xml"] = styles.encode()
    # Numbering: a picture bullet, linked to an image part.
    numbering = parts["word/numbering.xml"].decode()
    numbering = re.sub(
        r"(<w:numbering[^>]*>)",
        r'\1<w:numPicBullet w:numPicBulletId="0"><w:drawing><w:inline><w:docPr w:id="1" w:name="CANARY-BULLET" '
        r'r:embed="rIdBullet"/></w:inline></w:drawing></w:numPicBullet>',
        numbering, count=1,
    ).replace("<w:numbering ", f'<w:numbering xmlns:r="{R}" ', 1)
    parts["word/numbering.xml"] = numbering.encode()
    add_rels(parts, "word/_rels/numbering.xml.rels", [("rIdBullet", "image", "media/bullet.png")])
    # Font table: an embedded font.
    fonts = parts["word/fontTable.xml"].decode().replace(
        '<w:font w:name="Noto Sans">',
        f'<w:font w:name="Noto Sans"><w:embedRegular xmlns:r="{R}" r:id="rIdFont" w:fontKey="{{00000000-0000-0000-0000-000000000000}}"/>',
        1,
    )
    parts["word/fontTable.xml"] = fonts.encode()
    add_rels(parts, "word/_rels/fontTable.xml.rels", [("rIdFont", "font", "fonts/font1.odttf")])
    theme = parts["word/theme/theme1.xml"].decode()
    parts["word/theme/theme1.xml"] = theme.replace("<a:themeElements>", "<!-- CANARY-THEME --><a:themeElements>", 1).encode()
    add_types(parts, {
        **{f"word/header{n}.xml": f"{OFFICE}.wordprocessingml.header+xml" for n in (1, 2, 3)},
        **{f"word/footer{n}.xml": f"{OFFICE}.wordprocessingml.footer+xml" for n in (1, 2, 3)},
        "word/comments.xml": f"{OFFICE}.wordprocessingml.comments+xml",
        "word/glossary/document.xml": f"{OFFICE}.wordprocessingml.document.glossary+xml",
        "word/people.xml": f"{OFFICE}.wordprocessingml.people+xml",
        "word/footnotes.xml": f"{OFFICE}.wordprocessingml.footnotes+xml",
        "word/webSettings.xml": f"{OFFICE}.wordprocessingml.webSettings+xml",
        "docProps/custom.xml": f"{OFFICE}.custom-properties+xml",
        "word/vbaProject.bin": "application/vnd.ms-office.vbaProject",
        "word/embeddings/oleObject1.bin": f"{OFFICE}.oleObject",
        "word/printerSettings/printerSettings1.bin": f"{OFFICE}.wordprocessingml.printerSettings",
    }, {"odttf": f"{OFFICE}.obfuscatedFont", "jpeg": "image/jpeg"})
    return parts


def amber_note(pages: int = 1) -> Document:
    """A TLP:AMBER note of ``pages`` pages (hand-built, so the page count does not depend on layout)."""
    blocks: list[Any] = [Heading(level=1, runs=(Run(text="Background"),))]
    for page in range(1, pages + 1):
        if page > 1:
            blocks.append(PageBreak())
        blocks.append(Paragraph(runs=(Run(text=f"Body text of page {page}."),)))
    return Document(
        product="briefing-note",
        title="Thailand: restricted panel notes",
        subtitle=None,
        marking=Marking.AMBER,
        metadata=Metadata(title="Thailand: restricted panel notes", subject="Briefing note", author="Freedom Collaborative",
                          keywords=("human trafficking", "Thailand"), date=dt.date(2025, 10, 15), language="en"),
        blocks=tuple(blocks),
        withheld=Withheld(audience=Marking.AMBER, marking=Marking.AMBER),
        organisation="Freedom Collaborative",
        date_text="15 October 2025",
    )


def zip_parts(data: bytes | str) -> dict[str, bytes]:
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zip(tmp_path_factory.mktemp("reference") / "house.docx", hostile_parts())


@pytest.fixture(scope="module")
def rendered(hostile: Path) -> dict[str, bytes]:
    return zip_parts(write_docx(amber_note(), Theme(reference_docx=hostile)).data)


def test_the_hostile_reference_is_a_word_file_word_would_open(hostile: Path) -> None:
    """The test's reference is a real package: every part it adds is related and typed, so a leak would be real."""
    import docx

    opened = docx.Document(str(hostile))
    assert opened.core_properties.category == "CANARY-CATEGORY"
    assert opened.sections[0].different_first_page_header_footer
    assert "CANARY-HEADER-FIRST" in opened.sections[0].first_page_header.paragraphs[0].text
    assert opened.settings.odd_and_even_pages_header_footer


def test_no_part_of_the_reference_but_its_styles_reaches_the_note(rendered: dict[str, bytes]) -> None:
    """No canary of the reference's comments, properties, headers, variables, macros or revision marks is in any part."""
    leaks = {name: re.findall(rb"CANARY[\w-]*", blob) for name, blob in rendered.items() if CANARY in blob.upper()}
    assert leaks == {}
    assert b"TLP:CLEAR" not in b"".join(rendered.values())


def test_the_note_has_the_parts_of_a_note_styled_by_the_bundled_reference(rendered: dict[str, bytes]) -> None:
    """Same part list as with the bundled reference: no comments, glossary, custom XML, macros, custom properties."""
    default = zip_parts(write_docx(amber_note(), DEFAULT_THEME).data)
    assert sorted(default) == sorted(rendered)
    assert all(not name.endswith(".rels") or b"External" not in blob for name, blob in rendered.items())


def test_properties_come_from_the_briefing_only(rendered: dict[str, bytes]) -> None:
    """core.xml holds exactly the briefing's properties, app.xml names only tipreports; no custom.xml."""
    core = etree.fromstring(rendered["docProps/core.xml"])
    values = {etree.QName(element).localname: element.text for element in core}
    assert values == {
        "title": "Thailand: restricted panel notes",
        "subject": "Briefing note",
        "creator": "Freedom Collaborative",
        "keywords": "human trafficking, Thailand",
        "lastModifiedBy": "Freedom Collaborative",
        "revision": "1",
        "created": "2025-10-15T00:00:00Z",
        "modified": "2025-10-15T00:00:00Z",
        "language": "en",
    }
    app = etree.fromstring(rendered["docProps/app.xml"])
    assert {etree.QName(element).localname: element.text for element in app} == {"Application": "tipreports",
                                                                                     "DocSecurity": "0"}
    assert "docProps/custom.xml" not in rendered


def test_one_header_and_one_footer_show_on_every_page(rendered: dict[str, bytes]) -> None:
    """No different first page, no even-page headers: the writer's banner header and footer are the only ones."""
    document = etree.fromstring(rendered["word/document.xml"])
    (sect,) = document.iter(f"{{{W}}}sectPr")
    references = [(etree.QName(e).localname, e.get(f"{{{W}}}type")) for e in sect
                  if etree.QName(e).localname in ("headerReference", "footerReference")]
    assert references == [("headerReference", "default"), ("footerReference", "default")]
    assert sect.find(f"{{{W}}}titlePg") is None
    settings = etree.fromstring(rendered["word/settings.xml"])
    kept = [etree.QName(e).localname for e in settings]
    # The two font settings are the writer's own (it embeds Noto Sans), not the reference's.
    assert kept == ["zoom", "embedTrueTypeFonts", "saveSubsetFonts", "defaultTabStop", "characterSpacingControl", "compat", "themeFontLang", "decimalSymbol",
                    "listSeparator"]
    for name in ("word/header1.xml", "word/footer1.xml"):
        text = "".join(etree.fromstring(rendered[name]).itertext())
        assert "TLP:AMBER" in text


def test_the_reference_still_styles_the_note(tmp_path: Path) -> None:
    """Styles, list texts, fonts, settings and page setup of the reference reach the note (so the filter is no blanket)."""
    parts = bundled_parts()
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:val="1F4E79"', b'w:val="7A1F3D"')
    parts["word/fontTable.xml"] = parts["word/fontTable.xml"].replace(b'w:name="Noto Sans Mono"', b'w:name="House Mono"')
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(b'w:val="709"', b'w:val="567"')
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b'<w:pgSz w:w="11906" w:h="16838"/>', b'<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
    ).replace(b'w:left="1134"', b'w:left="2268"')
    house = write_zip(tmp_path / "house.docx", parts)
    out = zip_parts(write_docx(amber_note(), Theme(reference_docx=house)).data)
    assert b'w:val="7A1F3D"' in out["word/styles.xml"]
    assert b'w:name="House Mono"' in out["word/fontTable.xml"]
    assert b'<w:defaultTabStop w:val="567"/>' in out["word/settings.xml"]
    sect = etree.fromstring(out["word/document.xml"]).find(f"{{{W}}}body/{{{W}}}sectPr")
    size, margins = sect.find(f"{{{W}}}pgSz"), sect.find(f"{{{W}}}pgMar")
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h"), size.get(f"{{{W}}}orient")) == ("16838", "11906", "landscape")
    assert margins.get(f"{{{W}}}left") == "2268"
    # The header's right tab stop sits at the right margin of the landscape page.
    tab = etree.fromstring(out["word/header1.xml"]).find(f".//{{{W}}}tab")
    assert tab.get(f"{{{W}}}pos") == str(16838 - 2268 - 1134)


def test_a_style_cannot_hide_the_banner(tmp_path: Path) -> None:
    """Hidden text set on the 'TLP Marking', header and footer styles (or the defaults) does not reach the note."""
    parts = bundled_parts()
    styles = parts["word/styles.xml"]
    for style_id in (b"Marking", b"Header", b"Footer"):
        styles, count = re.subn(rb'(w:styleId="' + style_id + rb'">.*?<w:rPr>)', rb"\1<w:vanish/><w:webHidden/>", styles,
                                count=1, flags=re.S)
        assert count == 1, style_id
    parts["word/styles.xml"] = styles.replace(b"<w:rPrDefault><w:rPr>", b"<w:rPrDefault><w:rPr><w:specVanish/>", 1)
    assert parts["word/styles.xml"].count(b"<w:vanish/>") == 3
    house = write_zip(tmp_path / "house.docx", parts)
    out = zip_parts(write_docx(amber_note(), Theme(reference_docx=house)).data)
    assert re.findall(rb"<w:(vanish|specVanish|webHidden)\b", out["word/styles.xml"]) == []


def test_a_word_template_dotx_styles_the_note(tmp_path: Path) -> None:
    """A .dotx (a template's main part) works as a reference: only its styles are read."""
    parts = bundled_parts()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
    )
    house = write_zip(tmp_path / "house.dotx", parts)
    out = zip_parts(write_docx(amber_note(), Theme(reference_docx=house)).data)
    assert b"wordprocessingml.document.main+xml" in out["[Content_Types].xml"]


def test_a_theme_with_picture_fills_is_replaced_by_the_bundled_theme(tmp_path: Path) -> None:
    """A theme linking to images (not imported) gives way to the bundled theme instead of dangling links."""
    parts = bundled_parts()
    parts["word/theme/theme1.xml"] = parts["word/theme/theme1.xml"].replace(
        b"<a:bgFillStyleLst>",
        f'<a:bgFillStyleLst><a:blipFill xmlns:r="{R}"><a:blip r:embed="rIdPicture"/></a:blipFill>'.encode(),
        1,
    )
    assert b"rIdPicture" in parts["word/theme/theme1.xml"]
    house = write_zip(tmp_path / "house.docx", parts)
    out = zip_parts(write_docx(amber_note(), Theme(reference_docx=house)).data)
    assert out["word/theme/theme1.xml"] == bundled_parts()["word/theme/theme1.xml"]


# -- the file itself: special files, sizes, zip bombs, XML tricks -------------------------------------


def render_with(path: Path) -> None:
    write_docx(amber_note(), Theme(reference_docx=path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO named as the reference is refused at once (opening it for reading would wait for a writer)."""
    fifo = tmp_path / "house.docx"
    os.mkfifo(fifo)
    with pytest.raises(tr.TemplateError, match=r"^house\.docx: not a regular file"):
        render_with(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this platform")
def test_a_device_is_refused_without_reading_it() -> None:
    """/dev/zero (endless) is refused before a byte is read."""
    with pytest.raises(tr.TemplateError, match=r"^zero: not a regular file"):
        render_with(Path("/dev/zero"))


def test_a_folder_is_refused(tmp_path: Path) -> None:
    """A folder named as the reference is a clear error."""
    folder = tmp_path / "house.docx"
    folder.mkdir()
    with pytest.raises(tr.TemplateError, match=r"^house\.docx: not a regular file"):
        render_with(folder)


def test_a_part_that_unpacks_to_400_mb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    """A 0.4 MB reference holding a 400 MB part is refused by the sizes its directory declares."""
    parts = bundled_parts()
    house = write_zip(tmp_path / "house.docx", parts)
    with zipfile.ZipFile(house, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z, \
            z.open("word/media/image1.bin", "w", force_zip64=True) as entry:
        block = bytes(1 << 20)
        for _ in range(400):
            entry.write(block)
    assert house.stat().st_size < 1_000_000
    with pytest.raises(tr.TemplateError, match=rf"^house\.docx: the reference document unpacks to 419,\d{{3}},\d{{3}} bytes; at most {MAX_UNPACKED:,} allowed$"):
        render_with(house)


def test_a_part_that_unpacks_to_far_more_than_its_size_is_refused(tmp_path: Path) -> None:
    """A 2 MB part of zeros (about 1000:1) is refused by the per-part ratio, though the total is small."""
    parts = {**bundled_parts(), "word/media/zeros.bin": bytes(2 << 20)}
    house = write_zip(tmp_path / "house.docx", parts)
    with pytest.raises(tr.TemplateError, match=rf"^house\.docx: part 'word/media/zeros\.bin' unpacks to [\d,]+ times its packed size; at most {MAX_RATIO} allowed$"):
        render_with(house)


def test_many_parts_each_compressing_modestly_are_refused_by_the_total(tmp_path: Path) -> None:
    """Parts under the ratio limit that together unpack beyond the total limit are refused."""
    rng = random.Random(14)
    block = b"".join(bytes(98_000) + rng.randbytes(2_000) for _ in range(10))  # ~1 MB, about 40:1
    assert len(zlib.compress(block, 6)) * MAX_RATIO > len(block)
    count = MAX_UNPACKED // len(block) + 2
    parts = {**bundled_parts(), **{f"word/media/part{n}.bin": block for n in range(count)}}
    house = write_zip(tmp_path / "house.docx", parts)
    with pytest.raises(tr.TemplateError, match=rf"^house\.docx: the reference document unpacks to [\d,]+ bytes; at most {MAX_UNPACKED:,} allowed$"):
        render_with(house)


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    """A zip directory with more entries than any Word file has is refused."""
    parts = {**bundled_parts(), **{f"customXml/item{n}.xml": b"<a/>" for n in range(MAX_ENTRIES)}}
    house = write_zip(tmp_path / "house.docx", parts, compression=zipfile.ZIP_STORED)
    with pytest.raises(tr.TemplateError, match=rf"^house\.docx: the reference document holds [\d,]+ parts; at most {MAX_ENTRIES:,} allowed$"):
        render_with(house)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A reference over 20 MB is refused before it is read."""
    house = tmp_path / "house.docx"
    with house.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(tr.TemplateError, match=r"^house\.docx: the reference document is larger than 20,971,520 bytes$"):
        render_with(house)


def test_entity_expansion_in_a_part_is_refused(tmp_path: Path) -> None:
    """A styles part with a DTD (billion laughs) is refused, its entities never expanded."""
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:styles [<!ENTITY a "CANARYCANARYCANARYCANARY">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
        + f']>\n<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="x"><w:name w:val="&i;"/></w:style></w:styles>'.encode()
    )
    house = write_zip(tmp_path / "house.docx", {**bundled_parts(), "word/styles.xml": laughs})
    with pytest.raises(tr.TemplateError, match=r"^house\.docx: part 'word/styles\.xml' declares a DTD"):
        render_with(house)


def test_a_reference_without_list_definitions_is_a_clear_error(tmp_path: Path) -> None:
    """A reference without a numbering part names what it lacks."""
    parts = bundled_parts()
    del parts["word/numbering.xml"]
    house = write_zip(tmp_path / "house.docx", parts)
    with pytest.raises(tr.TemplateError, match=r"^house\.docx: the reference document has no numbering part$"):
        render_with(house)


# -- what a reader sees: LibreOffice ----------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_page_shows_only_the_notes_marking_in_libreoffice(hostile: Path, tmp_path: Path) -> None:
    """With a reference whose first-page and even-page headers say TLP:CLEAR, pages 1–4 show TLP:AMBER only."""
    from pypdf import PdfReader
    from test_docx_libreoffice import to_pdf

    data = write_docx(amber_note(pages=4), Theme(reference_docx=hostile)).data
    assert isinstance(data, bytes)
    reader = PdfReader(to_pdf(data, tmp_path, noto=True))
    assert len(reader.pages) == 4
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count("TLP:AMBER") == 2, (number, text)  # header and footer
        assert "CLEAR" not in text and "CANARY" not in text, (number, text)
        assert f"Body text of page {number}." in text
