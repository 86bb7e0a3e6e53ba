"""The DOCX writer: structure, furniture, metadata and determinism of the Word file."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

import tipreports as tr
from tipreports.compose import compose
from tipreports.document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Document,
    Figure,
    Heading,
    KeyFact,
    KeyFacts,
    Metadata,
    NumberedList,
    PageBreak,
    Paragraph,
    Run,
    Runs,
    SourceList,
    Table,
    TierChart,
    plain_text,
)
from tipreports.errors import FieldError
from tipreports.model import Marking, TierHistory, Withheld
from tipreports.model.briefing import iter_items
from tipreports.render.docx import write_docx
from tipreports.theme import DEFAULT_THEME, Theme

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def runs(text: str, **style: Any) -> Runs:
    return (Run(text=text, **style),)


CHART = TierChart(
    history=TierHistory.from_pairs({2021: "Tier 2 Watch List", 2022: "Tier 2", 2023: "Tier 2", 2024: "Tier 2"}),
    highlight=2024,
    country="Thailand",
)

BLOCKS: tuple[Block, ...] = (
    KeyFacts(items=(
        KeyFact(label="To", value=runs("Programme staff")),
        KeyFact(label="Purpose", value=runs("For information")),
    )),
    Callout(kind="key", title="Key messages", blocks=(
        BulletList(items=(runs("Thailand remained on Tier 2 for the fourth consecutive year."),)),
    )),
    Heading(level=1, runs=runs("Background")),
    Paragraph(style="lead", runs=runs("A lead paragraph.")),
    Paragraph(runs=(
        Run(text="Body with "), Run(text="bold", bold=True), Run(text=", "), Run(text="italic", italic=True),
        Run(text=", "), Run(text="code()", code=True), Run(text=" and "),
        Run(text="a link", link="https://www.state.gov/trafficking-in-persons-report/"), Run(text=" and "),
        Run(text="mail", link="mailto:info@example.org"), Run(text=". AT&T <x> & 'quotes' stay literal."),
    )),
    Heading(level=2, runs=runs("Panel")),
    Paragraph(style="small", runs=runs("Small print.")),
    Paragraph(style="badge", runs=runs("Tier 2 — remained")),
    Heading(level=3, runs=runs("Recommendations")),
    NumberedList(items=(runs("First recommendation."), runs("Second recommendation."))),
    Paragraph(runs=runs("Between the lists.")),
    NumberedList(items=(runs("Restarted item."),), start=3),
    Table(
        header=(runs("Metric"), runs("Data year"), runs("Value")),
        rows=((runs("Convictions (labour)"), runs("2024"), runs("123")),
              (runs("Victims identified"), runs("2024"), runs("456"))),
        caption="Statistics in the 2025 report",
    ),
    Columns(columns=(
        (Heading(level=3, runs=runs("The panel")), BulletList(items=(runs("Left column finding."),))),
        (Heading(level=3, runs=runs("The report")), BulletList(items=(runs("Right column finding."),))),
    )),
    Figure(name="chart:tier-history", alt="Chart of Thailand's tier placements 2021–2024.",
           caption="Tier placement 2021–2024", chart=CHART),
    PageBreak(),
    SourceList(items=(runs("U.S. Department of State. 2025 Trafficking in Persons Report."),)),
)


def make_document(blocks: tuple[Block, ...] = BLOCKS, *, marking: Marking = Marking.CLEAR,
                  language: str = "en") -> Document:
    return Document(
        product="briefing-note",
        title="Thailand: TIPNET 2025 panel and the 2025 TIP Report",
        subtitle="What the panel heard, what the report found",
        marking=marking,
        metadata=Metadata(
            title="Thailand: TIPNET 2025 panel and the 2025 TIP Report",
            subject="Briefing note",
            author="Freedom Collaborative",
            keywords=("human trafficking", "Thailand"),
            date=dt.date(2025, 10, 15),
            language=language,
        ),
        blocks=blocks,
        withheld=Withheld(audience=marking, marking=marking),
        organisation="Freedom Collaborative",
        date_text="15 October 2025",
    )


def parts(data: bytes | str) -> dict[str, bytes]:
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(data: bytes | str, name: str) -> Any:
    return etree.fromstring(parts(data)[name])


def paragraph_texts(root: Any) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


@pytest.fixture(scope="module")
def rendered() -> bytes:
    data = write_docx(make_document(), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    return data


@pytest.fixture(scope="module")
def example_docx() -> bytes:
    data = write_docx(compose(tr.load("examples/thailand_2025.yaml")), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    return data


def block_texts(blocks: tuple[Block, ...]) -> list[str]:
    """Every piece of text a block holds, as it should appear in one paragraph."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(runs=r) | Paragraph(runs=r):
                out.append(plain_text(r))
            case BulletList(items=items) | NumberedList(items=items) | SourceList(items=items):
                out.extend(plain_text(i) for i in items)
            case Table(header=header, rows=rows, caption=caption):
                out.extend(plain_text(c) for c in header)
                out.extend(plain_text(c) for row in rows for c in row)
                out.extend([caption] if caption else [])
            case KeyFacts(items=items):
                out.extend(f.label for f in items)
                out.extend(plain_text(f.value) for f in items)
            case Callout(blocks=inner, title=title):
                out.extend([title] if title else [])
                out.extend(block_texts(inner))
            case Columns(columns=columns):
                for column in columns:
                    out.extend(block_texts(column))
            case Figure(caption=caption):
                out.extend([caption] if caption else [])
            case PageBreak():
                pass
    return out


def test_every_block_reaches_document_xml(rendered: bytes) -> None:
    """The text of every block type is in document.xml, each in one paragraph, escaped by lxml only."""
    texts = paragraph_texts(xml(rendered, "word/document.xml"))
    for expected in block_texts(BLOCKS):
        assert any(expected in t for t in texts), expected


def test_example_findings_reach_document_xml(example_docx: bytes) -> None:
    """Every finding and recommendation of the composed Thailand example is in document.xml."""
    brief = tr.load("examples/thailand_2025.yaml")
    body = " ".join(paragraph_texts(xml(example_docx, "word/document.xml")))
    statements = [(path, item) for path, item in iter_items(brief) if isinstance(item, (tr.Finding, tr.Recommendation))]
    assert len(statements) >= 15
    for path, item in statements:
        assert item.text in body, path


def test_python_docx_reads_the_styles(rendered: bytes) -> None:
    """python-docx opens the file and sees Word's built-in style names."""
    opened = docx.Document(io.BytesIO(rendered))
    names = [p.style.name for p in opened.paragraphs]
    assert names[:2] == ["Title", "Subtitle"]
    assert {"Heading 1", "Heading 2", "Heading 3", "List Number", "Caption", "Lead", "Small"} <= set(names)


@pytest.mark.parametrize("marking", list(Marking))
def test_header_and_footer_hold_marking_and_page_fields(marking: Marking) -> None:
    """Header and footer show the TLP label in its FIRST colour; the footer counts pages with fields."""
    data = write_docx(make_document(marking=marking), DEFAULT_THEME).data
    files = parts(data)
    headers = [n for n in files if re.fullmatch(r"word/header\d+\.xml", n)]
    footers = [n for n in files if re.fullmatch(r"word/footer\d+\.xml", n)]
    assert len(headers) == 1 and len(footers) == 1
    header, footer = etree.fromstring(files[headers[0]]), etree.fromstring(files[footers[0]])
    colour = marking.colour.lstrip("#").upper()
    for root in (header, footer):
        text = "".join(t.text for t in root.iter(f"{W}t"))
        assert marking.label in text
        assert colour in [c.get(f"{W}val") for c in root.iter(f"{W}color")]
    assert "Thailand: TIPNET 2025 panel and the 2025 TIP Report" in "".join(t.text for t in header.iter(f"{W}t"))
    instructions = [i.text.strip() for i in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    # The header/footer reference sits in the section, so it shows on every page.
    sect = xml(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert sect.find(f"{W}headerReference") is not None and sect.find(f"{W}footerReference") is not None


def test_marking_style_is_black_shading(rendered: bytes) -> None:
    """The TLP label's character style sets FIRST's black background."""
    styles = xml(rendered, "word/styles.xml")
    (style,) = [s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "TLP Marking"]
    assert style.find(f"{W}rPr/{W}shd").get(f"{W}fill") == "000000"


@pytest.mark.parametrize("marking", list(Marking))
def test_tlp_label_is_a_12_point_box_without_padding_spaces(marking: Marking) -> None:
    """Header and footer: the label alone in a run styled 12 pt (TLP 2.0), boxed by a black border; no run of spaces."""
    files = parts(write_docx(make_document(marking=marking), DEFAULT_THEME).data)
    styles = etree.fromstring(files["word/styles.xml"])
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    for name in ("word/header1.xml", "word/footer1.xml"):
        root = etree.fromstring(files[name])
        labels = [r for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}rStyle") is not None
                  and by_id[r.find(f"{W}rPr/{W}rStyle").get(f"{W}val")].find(f"{W}name").get(f"{W}val") == "TLP Marking"]
        assert len(labels) == 1, name
        (label,) = labels
        assert "".join(t.text for t in label.iter(f"{W}t")) == marking.label
        style = by_id[label.find(f"{W}rPr/{W}rStyle").get(f"{W}val")].find(f"{W}rPr")
        size = label.find(f"{W}rPr/{W}sz")
        assert int((size if size is not None else style.find(f"{W}sz")).get(f"{W}val")) >= 24  # half-points
        border = style.find(f"{W}bdr")
        assert (border.get(f"{W}val"), border.get(f"{W}color")) == ("single", "000000")
        for t in root.iter(f"{W}t"):
            assert (t.text or "").strip(" \u00a0\u2002\u2003\u2009") != "" or t.text == "\u2060", (name, t.text)
        # The zero-width word joiner after the box is LibreOffice's due; it is the only such character.
        assert [t.text for t in root.iter(f"{W}t") if t.text == "\u2060"] == ["\u2060"]


def test_table_header_repeats_and_rows_do_not_split(rendered: bytes) -> None:
    """The data table's first row is a repeated header and no row breaks across pages."""
    document = xml(rendered, "word/document.xml")
    tables = [t for t in document.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "DataTable"]
    assert len(tables) == 1
    rows = tables[0].findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)


def test_only_data_tables_and_every_one_has_a_header_row(rendered: bytes, example_docx: bytes) -> None:
    """Key facts, callouts and columns are no layout tables: every table is data, its first row a header row."""
    assert len(list(xml(rendered, "word/document.xml").iter(f"{W}tbl"))) == 1  # the Table block
    for data in (rendered, example_docx):
        for table in xml(data, "word/document.xml").iter(f"{W}tbl"):
            assert table.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "DataTable"
            assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_no_empty_paragraphs(rendered: bytes, example_docx: bytes) -> None:
    """
    No empty paragraph keeps things apart: every paragraph holds text, a picture, a page or section break.

    A section break needs a paragraph of its own only where columns follow a table, as here.
    """
    for data in (rendered, example_docx):
        body = xml(data, "word/document.xml").find(f"{W}body")
        empty = [
            etree.tostring(p)[:200]
            for p in body.iter(f"{W}p")
            if not "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
            and p.find(f".//{W}drawing") is None
            and p.find(f".//{W}br[@{W}type='page']") is None
            and p.find(f"{W}pPr/{W}sectPr") is None
        ]
        assert empty == []


def test_key_facts_are_labelled_paragraphs(rendered: bytes) -> None:
    """Each key fact is one paragraph: the label in its character style, a tab, the value."""
    document = xml(rendered, "word/document.xml")
    facts = [p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "KeyFactValue"]  # fmt: skip
    assert [paragraph_texts(etree.ElementTree(p).getroot())[0] for p in facts] == ["ToProgramme staff", "PurposeFor information"]
    for p in facts:
        first = p.find(f"{W}r")
        assert first.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "KeyFactLabel"
        assert p.findall(f"{W}r")[1].find(f"{W}tab") is not None


def test_callouts_are_boxed_paragraphs_with_one_left_edge(rendered: bytes) -> None:
    """A callout's paragraphs carry the Callout Box borders and shading, and all start at the box's left edge."""
    document = xml(rendered, "word/document.xml")
    boxed = [p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}shd") is not None]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in boxed]
    assert texts == ["Key messages", "Thailand remained on Tier 2 for the fourth consecutive year."]
    edges = set()
    for p in boxed:
        ind = p.find(f"{W}pPr/{W}ind")
        edges.add(int(ind.get(f"{W}left")) - int(ind.get(f"{W}hanging") or 0))
        assert p.find(f"{W}pPr/{W}pBdr/{W}left").get(f"{W}sz") == "24"
    assert edges == {227}
    # The list item keeps its bullet: still a List Bullet paragraph.
    assert boxed[1].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ListBullet"


def test_columns_are_a_section_of_newspaper_columns(rendered: bytes) -> None:
    """Columns are a continuous two-column section with a column break, read left column first."""
    document = xml(rendered, "word/document.xml")
    sections = list(document.iter(f"{W}sectPr"))
    assert [s.find(f"{W}cols").get(f"{W}num") for s in sections] == ["1", "2", None]
    assert all(s.find(f"{W}type").get(f"{W}val") == "continuous" for s in sections)
    assert all(s.find(f"{W}headerReference") is not None for s in sections)
    texts = paragraph_texts(document)
    assert texts.index("The panel") < texts.index("Left column finding.") < texts.index("The report")
    (column_break,) = [b for b in document.iter(f"{W}br") if b.get(f"{W}type") == "column"]
    assert "".join(t.text for t in column_break.getparent().getparent().iter(f"{W}t")) == "The report"


def test_source_links_say_the_title_not_the_address() -> None:
    """A source with a URL links its title; the raw address is not the link text."""
    url = "https://www.state.gov/reports/2025-trafficking-in-persons-report/"
    brief = tr.load("examples/thailand_2025.yaml")
    source = brief.sources[1]
    import attrs

    brief = attrs.evolve(brief, sources=(brief.sources[0], attrs.evolve(source, url=url), *brief.sources[2:]))
    data = tr.render(brief, product="briefing-note", format="docx")
    document = xml(data, "word/document.xml")
    (link,) = list(document.iter(f"{W}hyperlink"))
    assert "".join(t.text for t in link.iter(f"{W}t")) == source.title
    assert url not in "".join(paragraph_texts(document))


def test_numbered_lists_restart(rendered: bytes) -> None:
    """Two numbered lists get two w:num ids, each with its own startOverride."""
    document = xml(rendered, "word/document.xml")
    numbering = xml(rendered, "word/numbering.xml")
    ids = []
    for p in document.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "ListNumber":
            ids.append(p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val"))
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    starts = {}
    for num in numbering.iter(f"{W}num"):
        override = num.find(f"{W}lvlOverride/{W}startOverride")
        if override is not None:
            starts[num.get(f"{W}numId")] = override.get(f"{W}val")
    assert starts[ids[0]] == "1" and starts[ids[2]] == "3"


def test_figure_alt_text_and_caption(rendered: bytes) -> None:
    """The chart is an inline PNG at text width with the figure's alt in docPr/@descr."""
    document = xml(rendered, "word/document.xml")
    (doc_pr,) = list(document.iter(f"{WP}docPr"))
    assert doc_pr.get("descr") == "Chart of Thailand's tier placements 2021–2024."
    assert doc_pr.get("title") == "Tier placement 2021–2024"
    extent = next(document.iter(f"{WP}extent"))
    assert int(extent.get("cx")) == (11906 - 2 * 1134) * 635
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in parts(rendered))
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in document.iter(f"{W}p")]
    assert "Caption" in [s.get(f"{W}val") for s in styles if s is not None]


def test_hyperlinks_are_external_relationships(rendered: bytes) -> None:
    """Links become w:hyperlink elements pointing at external relationships."""
    rels = xml(rendered, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    document = xml(rendered, "word/document.xml")
    linked = {h.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
              for h in document.iter(f"{W}hyperlink")}
    assert {targets[i] for i in linked} == {
        "https://www.state.gov/trafficking-in-persons-report/", "mailto:info@example.org"}


def test_language_defaults_to_british_english(rendered: bytes) -> None:
    """Metadata language 'en' is written as en-GB in the style defaults and settings."""
    styles = xml(rendered, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-GB"
    settings = xml(rendered, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}val") == "en-GB"


def test_thai_sets_complex_script_language_and_font() -> None:
    """Thai documents declare w:lang/@w:bidi and the complex-script font."""
    data = write_docx(make_document(language="th"), DEFAULT_THEME).data
    rpr = xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr.find(f"{W}lang").get(f"{W}bidi") == "th-TH"
    assert rpr.find(f"{W}rFonts").get(f"{W}cs") == "Noto Sans Thai"


@pytest.mark.parametrize(
    ("tag", "val", "thai"),
    [("en", "en-GB", False), ("en-GB", "en-GB", False), ("en-US", "en-US", False), ("en-AU", "en-AU", False),
     ("fr", "fr", False), ("th", "en-GB", True), ("th-TH", "en-GB", True)],
)  # fmt: skip
def test_a_hand_made_documents_language_tag_is_declared(tag: str, val: str, thai: bool) -> None:
    """'en' is British English; other tags are declared as given, Thai ones with Thai as the complex script."""
    data = write_docx(make_document(language=tag), DEFAULT_THEME).data
    lang = xml(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}bidi") == "th-TH") == (val, thai)


def test_core_properties_come_from_metadata_only(rendered: bytes) -> None:
    """Core properties are exactly the metadata's; nothing of python-docx's defaults."""
    props = docx.Document(io.BytesIO(rendered)).core_properties
    midnight = dt.datetime(2025, 10, 15, 0, 0, tzinfo=dt.UTC)
    actual = {
        "title": props.title, "subject": props.subject, "author": props.author, "keywords": props.keywords,
        "created": props.created, "modified": props.modified, "last_modified_by": props.last_modified_by,
        "revision": props.revision, "comments": props.comments, "category": props.category,
        "last_printed": props.last_printed, "language": props.language,
    }
    expected = {
        "title": "Thailand: TIPNET 2025 panel and the 2025 TIP Report", "subject": "Briefing note",
        "author": "Freedom Collaborative", "keywords": "human trafficking, Thailand",
        "created": midnight, "modified": midnight, "last_modified_by": "Freedom Collaborative",
        "revision": 1, "comments": "", "category": "", "last_printed": None, "language": "en",
    }
    assert expected == actual


def test_no_template_leftovers(rendered: bytes) -> None:
    """No python-docx name, template dates, thumbnail, custom XML, rsids or template path in any part."""
    files = parts(rendered)
    for name, blob in files.items():
        lowered = blob.lower()
        for needle in (b"python-docx", b"generated by", b"2013-", b"rsid", b"attachedtemplate", b"normal.dot",
                       b"macintosh", b"w14:docid"):
            assert needle not in lowered, (name, needle)
    assert not [n for n in files if "thumbnail" in n or n.startswith("customXml") or "stylesWithEffects" in n
                or n.endswith(("comments.xml", "custom.xml", "webSettings.xml"))]
    app = etree.fromstring(files["docProps/app.xml"])
    assert [child.tag.split("}")[1] for child in app] == ["Application", "DocSecurity"]


def test_two_renders_are_byte_identical() -> None:
    """The same document gives the same bytes, with fixed zip timestamps and order."""
    first = write_docx(make_document(), DEFAULT_THEME).data
    second = write_docx(make_document(), DEFAULT_THEME).data
    assert first == second
    assert isinstance(first, bytes)
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])


def test_output_has_no_page_count(rendered: bytes) -> None:
    """Word paginates on opening: the writer reports no page count."""
    assert write_docx(make_document(), DEFAULT_THEME).pages is None


def test_theme_colours_replace_the_reference_colours() -> None:
    """A theme's accent replaces the default accent in styles and list numbers."""
    data = write_docx(make_document(), Theme(accent="#7A1F3D")).data
    files = parts(data)
    assert b"7A1F3D" in files["word/styles.xml"] and b"7A1F3D" in files["word/numbering.xml"]
    assert DEFAULT_THEME.accent[1:].upper().encode() not in files["word/styles.xml"]


def test_letter_page_size() -> None:
    """Theme page_size Letter sets the section's page size and the chart's width."""
    data = write_docx(make_document(), Theme(page_size="Letter")).data
    size = xml(data, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("12240", "15840")


def test_theme_organisation_shows_in_footer() -> None:
    """Theme.organisation overrides the document's organisation in the footer."""
    data = write_docx(make_document(), Theme(organisation="Chab Dai")).data
    footer = next(b for n, b in parts(data).items() if n.startswith("word/footer"))
    assert b"Chab Dai" in footer


@pytest.mark.parametrize(
    ("blocks", "field"),
    [
        ((Paragraph(runs=runs("bad \x0b char")),), "blocks[0].runs[0].text"),
        ((BulletList(items=(runs("ok"), runs("nul \x00"))),), "blocks[0].items[1][0].text"),
        ((Callout(kind="note", blocks=(Heading(level=2, runs=runs("\x1f")),)),), "blocks[0].blocks[0].runs[0].text"),
    ],
)
def test_xml_illegal_characters_name_the_field(blocks: tuple[Block, ...], field: str) -> None:
    """A character XML cannot hold is refused with the path of the field it came from."""
    with pytest.raises(FieldError) as caught:
        write_docx(make_document(blocks), DEFAULT_THEME)
    assert caught.value.field == field
    assert "U+" in str(caught.value)


def test_links_other_than_https_or_mailto_are_refused() -> None:
    """A javascript: link never becomes a relationship: a Run holding one cannot be made."""
    with pytest.raises(FieldError, match="only https:// and mailto: links"):
        Paragraph(runs=(Run(text="x", link="javascript:alert(1)"),))


def test_heading_levels_outside_one_to_three_are_refused() -> None:
    """Heading level 4 is a compose bug, reported with its field."""
    with pytest.raises(FieldError) as caught:
        write_docx(make_document((Heading(level=4, runs=runs("x")),)), DEFAULT_THEME)
    assert caught.value.field == "blocks[0].level"


def test_render_api_writes_docx(example_docx: bytes) -> None:
    """tr.render(..., format='docx') gives this writer's bytes."""
    data = tr.render(tr.load("examples/thailand_2025.yaml"), product="briefing-note", format="docx")
    assert data == example_docx


def test_theme_logo_is_in_the_header_re_encoded(tmp_path: Path) -> None:
    """A theme's logo sits in the header as a re-encoded PNG, described by the organisation's name."""
    from PIL import Image

    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (300, 100), "#1F4E79").save(logo, format="JPEG", comment=b"secret camera owner")
    brief = tr.load(Path(__file__).parent.parent / "examples" / "thailand_2025.yaml")
    data = tr.render(brief, "briefing-note", "docx", theme=tr.Theme(logo=logo, organisation="Freedom Collaborative"))
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        header = zf.read("word/header1.xml").decode()
        rels = zf.read("word/_rels/header1.xml.rels").decode()
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        pictures = [zf.read(n) for n in media]
    assert 'descr="Freedom Collaborative"' in header
    assert "relationships/image" in rels
    assert any(p.startswith(b"\x89PNG") and b"secret camera owner" not in p for p in pictures)


def test_theme_reference_docx_styles_the_note(tmp_path: Path) -> None:
    """A restyled copy of reference.docx, named in the theme, styles the note; a broken one is a clear error."""
    import shutil

    from tipreports.render.docx import REFERENCE_DOCX

    brief = tr.load(Path(__file__).parent.parent / "examples" / "thailand_2025.yaml")
    house = tmp_path / "house.docx"
    shutil.copy(REFERENCE_DOCX, house)
    with zipfile.ZipFile(house) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'w:val="1F4E79"', b'w:val="7A1F3D"')
    with zipfile.ZipFile(house, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    styled = tr.render(brief, "briefing-note", "docx", theme=tr.Theme(reference_docx=house))
    assert isinstance(styled, bytes)
    with zipfile.ZipFile(io.BytesIO(styled)) as zf:
        styles = zf.read("word/styles.xml")
    assert b"7A1F3D" in styles and b'w:val="1F4E79"' not in styles
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(tr.TemplateError, match=r"^broken\.docx: cannot read it as a Word reference document"):
        tr.render(brief, "briefing-note", "docx", theme=tr.Theme(reference_docx=broken))


def test_docx_writer_never_loads_reportlab() -> None:
    """Importing the DOCX writer, and writing a Thai note with its chart, loads no ReportLab (a fresh process)."""
    thai = Path(__file__).resolve().parent.parent / "examples" / "thailand_2025_th.yaml"
    code = (
        "import sys, importlib\n"
        "importlib.import_module('tipreports.render.docx')\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
        "import tipreports as tr\n"
        f"tr.render(tr.load({str(thai)!r}), product='briefing-note', format='docx')\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "[]"]

