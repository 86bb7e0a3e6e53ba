"""
Tagged PDF (PDF/UA-1): both products, in English, Thai and bilingual, pass the machine checks; what pdf.js hands a screen reader.

The checks live in ``tests/tagged_pdf.py`` (pikepdf). Matterhorn Protocol 1.1
failure conditions checked by machine, on every product x language:

* 01-001..01-005: every text-showing and painting operator sits in an MCID
  sequence or an ``/Artifact``; no MCID sequence inside another or inside an
  artifact; no artifact inside tagged content;
* 01-006, 02-001: only standard structure types (no role map needed);
* 06-001..06-003: an XMP packet, well-formed, with ``pdfuaid:part`` 1 and
  ``dc:title`` (equal to the Info title; ``dc:language`` equal to ``/Lang``);
* 07-001: ``/ViewerPreferences /DisplayDocTitle true``;
* 09-004..09-008: L > LI > Lbl | LBody; Table > TR > TH | TD (and Caption);
  grouping elements hold no content of their own;
* 11-001: ``/Lang`` on the catalog, well-formed;
* 13-004: every Figure has ``/Alt`` (and, beyond Matterhorn, a ``/BBox``);
* 14-002, 14-003: the first heading is H1, no heading level is skipped;
* 15-003: every TH has ``/Scope``;
* 28-002, 28-008..28-011: every annotation has ``/StructParent``, is reached
  from a Link element through an OBJR, has ``/Contents``; pages have ``/Tabs /S``;
* 31-001..31-003, 31-027: every font embedded (FontFile2), with a ToUnicode
  CMap; no standard 14 font (Helvetica) referenced anywhere;
* and beyond them: ``/MarkInfo /Marked true`` (``/Suspects`` false), PDF 1.7,
  one Document at the root, every MCID of the content in the tree and mapped
  back to its element by the ParentTree, every MCID the tree names present
  on its page, the marked-content tag equal to its element's role,
  ``/StructParents`` on every page.

Not checked by machine (a person, or a full validator, must judge them):
whether the reading order, headings, alt text and language are *right*
(09-001..09-003, 13-008, 11-002..11-006: the tests below pin the reading
order and texts of our own documents, not the general rule), whether an
artifact is really an artifact, colour and contrast (04-001), glyph-level font
rules (31-006..31-010: widths, .notdef, CIDSet), whether each ToUnicode entry
names the right character (31-027 in spirit), and the full syntax checks of
veraPDF, the reference validator: it is not obtainable from the package
registries this project uses (no Debian, PyPI or npm package), so it does not
run here or in CI (README, "Accessibility").

pdf.js (``tests/tools``, Firefox's PDF reader) tests run when node and the
pinned pdfjs-dist are installed (``make pdfjs``), and say why they skip otherwise.
Failure messages print the structure tree as a screen reader meets it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pikepdf
import pypdf
import pytest
from lxml import etree
from tagged_pdf import (
    elements,
    outline,
    pdfjs,
    pdfjs_available,
    problems,
    read_aloud,
    spoken,
    texts_by_mcid,
    xmp,
    xmp_values,
)

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
    SourceList,
    Table,
    TierChart,
    plain_text,
)
from tipreports.model import Marking, TierHistory, Withheld
from tipreports.render.pdf import write_pdf
from tipreports.render.pdf._build import FIGURE_GROWTH, ONE_PAGER_FIGURE
from tipreports.theme import DEFAULT_THEME

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "examples" / "thailand_2025.yaml"
THAI = ROOT / "examples" / "thailand_2025_th.yaml"
PRODUCTS = ("one-pager", "briefing-note")
LANGUAGES = ("en", "th", "bilingual")
_THAI = re.compile("[\u0e00-\u0e7f]")
# A tone mark before sara am: HarfBuzz draws the circle of sara am before the tone mark, so the
# glyphs (and pypdf's or pdf.js's text) come in another order than the text (ActualText has it right).
_REORDERED = re.compile("[\u0e48-\u0e4b]\u0e33")


def briefing(language: str) -> tr.Briefing:
    if language == "en":
        return tr.load(ENGLISH)
    thai = tr.load(THAI)
    return thai if language == "bilingual" else attrs.evolve(thai, translation=None)


@pytest.fixture(scope="module", params=[(p, lang) for p in PRODUCTS for lang in LANGUAGES], ids=lambda pl: f"{pl[0]}-{pl[1]}")
def rendered(request: pytest.FixtureRequest) -> tuple[Document, bytes]:
    """(the composed document, its PDF) for a product in a language."""
    product, language = request.param
    if language != "en":
        pytest.importorskip("pythainlp")
        pytest.importorskip("uharfbuzz")
    brief = briefing(language)
    document = compose(brief, product)
    data = tr.render(brief, product=product, format="pdf")
    assert isinstance(data, bytes)
    return document, data


def explain(data: bytes, found: list[str] | None = None) -> str:
    """A failure message: what was found, then the tree as a screen reader meets it."""
    return "\n".join(found or []) + "\n\nThe structure tree, as read:\n" + outline(data)


def squash(text: str) -> str:
    return "".join(text.split())


def walk(blocks: tuple[Block, ...]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if isinstance(block, Callout):
            out += walk(block.blocks)
        elif isinstance(block, Columns):
            for column in block.columns:
                out += walk(column)
    return out


def said(data: bytes) -> list[tuple[str, str]]:
    """(role, what is read) for every element read as one piece of text (a paragraph with its spans), in order."""
    return [(e.role, text) for _depth, e, text in read_aloud(data) if text or e.mcids]


# --------------------------------------------------------------------------- every product, every language


def test_passes_the_machine_checks(rendered: tuple[Document, bytes]) -> None:
    """No Matterhorn failure condition that a machine can check (see the module docstring)."""
    _document, data = rendered
    found = problems(data)
    assert found == [], explain(data, found)


def test_reading_starts_with_the_marking_then_the_header(rendered: tuple[Document, bytes]) -> None:
    """The TLP marking is read first, once; then the organisation with the date, the title (the only H1), the subtitle."""
    document, data = rendered
    read = said(data)
    kicker = f"{document.organisation} · {document.date_text}"
    expected = [("P", document.marking.label), ("P", kicker), ("H1", document.title)]
    if document.subtitle:
        expected.append(("P", document.subtitle))
    assert [(role, squash(text)) for role, text in read[: len(expected)]] == [(r, squash(t)) for r, t in expected], explain(data)
    assert [text for _role, text in read].count(document.marking.label) == 1, explain(data)
    assert [role for role, _text in read].count("H1") == 1, explain(data)
    marking = next(e for e in elements(data) if e.role == "P")
    english = document.metadata.language == "en"
    assert marking.attrs.get("Lang") == (None if english else "en")  # TLP labels are English everywhere


def test_repeated_marking_and_page_numbers_are_artifacts(rendered: tuple[Document, bytes]) -> None:
    """The marking in every header and footer and "Page X of Y" are on the page but not in the tree."""
    document, data = rendered
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    for page in pages:
        assert page.extract_text().count(document.marking.label) >= 2
    spoken_text = " ".join(text for _role, text in said(data))
    assert spoken_text.count(document.marking.label) == 1
    number = "หน้า" if document.metadata.language == "th" else "Page"
    assert f"{number} 1 " not in spoken_text, explain(data)


def test_headings_follow_the_document(rendered: tuple[Document, bytes]) -> None:
    """The title is H1; the document's top headings are H2 and their subheadings H3, in order."""
    document, data = rendered
    headings = [b for b in walk(document.blocks) if isinstance(b, Heading)]
    top = min(h.level for h in headings)
    expected = [("H1", squash(document.title))] + [(f"H{h.level - top + 2}", squash(plain_text(h.runs))) for h in headings]
    read = [(role, squash(text)) for role, text in said(data) if re.fullmatch(r"H\d", role)]
    assert read == expected, explain(data)


def test_figure_has_the_docx_alt_text_and_a_box(rendered: tuple[Document, bytes]) -> None:
    """The chart is a Figure whose /Alt is the DOCX picture's description, with a /BBox on the page; its caption follows, or its heading leads."""
    document, data = rendered
    figure = next(b for b in walk(document.blocks) if isinstance(b, Figure))
    found = [e for e in elements(data) if e.role == "Figure"]
    assert [e.attrs["Alt"] for e in found] == [figure.alt], explain(data)
    box = [float(v) for v in found[0].attrs["BBox"].split()]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = [float(v) for v in pdf.pages[0].mediabox]
    assert page[0] <= box[0] < box[2] <= page[2] and page[1] <= box[1] < box[3] <= page[3]
    read = said(data)
    index = next(i for i, (role, _t) in enumerate(read) if role == "Figure")
    if figure.caption:
        assert (read[index + 1][0], squash(read[index + 1][1])) == ("Caption", squash(figure.caption)), explain(data)
    else:
        # The one-pager names its chart in a heading above it.
        blocks = list(walk(document.blocks))
        heading = blocks[blocks.index(figure) - 1]
        assert isinstance(heading, Heading), explain(data)
        assert (read[index - 1][0], squash(read[index - 1][1])) == ("H2", squash(plain_text(heading.runs))), explain(data)


def test_docx_and_pdf_alt_text_agree() -> None:
    """The PDF's Figure says what the DOCX picture's description says."""
    brief = briefing("en")
    docx = tr.render(brief, product="briefing-note", format="docx")
    assert isinstance(docx, bytes)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
    descriptions = [d.get("descr") for d in root.iterfind(".//wp:docPr", ns)]
    pdf = tr.render(brief, product="briefing-note", format="pdf")
    assert isinstance(pdf, bytes)
    assert [e.attrs["Alt"] for e in elements(pdf) if e.role == "Figure"] == descriptions


def test_lists_are_lists(rendered: tuple[Document, bytes]) -> None:
    """Every list is an L of LI, each a label (bullet or number) and a body, numbered lists /Decimal."""
    document, data = rendered
    lists = [b for b in walk(document.blocks) if isinstance(b, BulletList | NumberedList | SourceList)]
    found = [e for e in elements(data) if e.role == "L"]
    assert [len(e.kids) for e in found] == [len(b.items) for b in lists], explain(data)
    assert [e.attrs.get("ListNumbering") for e in found] == ["/Disc" if isinstance(b, BulletList) else "/Decimal" for b in lists]
    texts = texts_by_mcid(data)
    for block, element in zip(lists, found, strict=True):
        for i, (item, li) in enumerate(zip(block.items, element.kids, strict=True)):
            label, body = li.kids
            assert (label.role, body.role) == ("Lbl", "LBody")
            assert spoken(label, texts) == ("•" if isinstance(block, BulletList) else f"{i + 1}.")
            assert squash(spoken(body, texts)) == squash(plain_text(item).split("\n")[0]) or "\n" in plain_text(item)


def test_badge_and_key_facts_are_content(rendered: tuple[Document, bytes]) -> None:
    """The tier badge is read (a P in the callout's Div); the note's key facts are a table of row headers."""
    document, data = rendered
    read = [(role, squash(text)) for role, text in said(data)]
    badge = next(b for b in walk(document.blocks) if isinstance(b, Paragraph) and b.style == "badge")
    assert ("P", squash(plain_text(badge.runs))) in read
    assert any(e.role == "Div" and any(k.role == "P" for k in e.kids) for e in elements(data))
    facts = [b for b in document.blocks if isinstance(b, KeyFacts)]
    if facts:
        labels = [(role, text) for role, text in read if role == "TH"][: len(facts[0].items)]
        assert labels == [("TH", squash(f.label)) for f in facts[0].items], explain(data)
        table = next(e for e in elements(data) if e.role == "Table")
        assert {k.attrs.get("Scope") for tr_ in table.kids for k in tr_.kids if k.role == "TH"} == {"/Row"}


def test_xmp_and_catalog_say_title_language_and_pdfua(rendered: tuple[Document, bytes]) -> None:
    """dc:title, dc:language, dc:creator and pdfuaid:part 1 in the XMP; /Lang, MarkInfo, DisplayDocTitle; PDF 1.7."""
    document, data = rendered
    meta = document.metadata
    with pikepdf.open(io.BytesIO(data)) as pdf:
        packet = xmp(pdf)
        assert xmp_values(packet, "dc:title") == [meta.title]
        assert xmp_values(packet, "dc:language") == [meta.language]
        assert xmp_values(packet, "dc:creator") == [meta.author]
        assert xmp_values(packet, "pdfuaid:part") == ["1"]
        assert str(pdf.Root.Lang) == meta.language
        assert bool(pdf.Root.MarkInfo.Marked) and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert pdf.pdf_version == "1.7"
        fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    assert b"Helvetica" not in data
    assert all("NotoSans" in name for name in fonts), fonts


def test_same_document_same_bytes(rendered: tuple[Document, bytes]) -> None:
    """Tagging keeps the writer deterministic: the same document gives the same bytes."""
    document, data = rendered
    assert write_pdf(document, DEFAULT_THEME).data == data


# --------------------------------------------------------------------------- documents made by hand

HISTORY = TierHistory.from_pairs([(2023, "Tier 2"), (2024, "Tier 2"), (2025, "Tier 2 Watch List")])
URL = "https://www.state.gov/reports/2025-trafficking-in-persons-report/"


def make(blocks: list[Block], *, one_page: bool, language: str = "en", title: str = "Tagged by hand") -> Document:
    return Document(
        product="one-pager" if one_page else "briefing-note",
        title=title,
        subtitle=None,
        marking=Marking.AMBER,
        metadata=Metadata(title=title, subject="s", author="Analyst", keywords=(), date=dt.date(2025, 10, 15), language=language),
        blocks=tuple(blocks),
        withheld=Withheld(audience=Marking.AMBER, marking=Marking.AMBER),
        organisation="Org",
        date_text="15 October 2025",
        one_page=one_page,
    )


def runs(text: str, link: str | None = None) -> tuple[Run, ...]:
    return (Run(text=text, link=link),)


def every_block() -> list[Block]:
    r = runs("Text & <b>markup</b> that stays text")
    return [
        Heading(level=1, runs=runs("One")),
        Paragraph(runs=r),
        Heading(level=2, runs=runs("Two")),
        Heading(level=3, runs=runs("Three")),
        Paragraph(runs=r, style="small"),
        BulletList(items=(r, runs("second"))),
        NumberedList(items=(r,), start=4),
        # A row shorter than the header: its missing cell is an empty TD, not a Helvetica string.
        Table(header=(runs("Measure"), runs("Year"), runs("Value")), rows=((runs("Convictions"), runs("2024")),), caption="Statistics"),
        KeyFacts(items=(KeyFact(label="Date", value=runs("15 October 2025")),)),
        Callout(kind="note", title="A note", blocks=(Paragraph(runs=r),)),
        Columns(columns=((Paragraph(runs=r),), (BulletList(items=(r,)),))),
        Figure(name="chart:tier-history", alt="A chart of three years", caption="The chart", chart=TierChart(history=HISTORY, highlight=2025)),
        SourceList(items=(runs("A source. ") + runs(URL, link=URL),)),
    ]


@pytest.mark.parametrize("one_page", [True, False], ids=["one-pager", "paged"])
def test_every_block_type_is_tagged(one_page: bool) -> None:
    """Each block type passes the checks in both layouts, and reads as its kind of element."""
    data = write_pdf(make(every_block(), one_page=one_page), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    found = problems(data)
    assert found == [], explain(data, found)
    roles = [e.role for e in elements(data)]
    for role in ("H1", "H2", "H3", "H4", "P", "Lbl", "LBody", "Caption", "TH", "TD", "Figure", "Link"):
        assert role in roles, (role, explain(data))
    # The empty cell keeps one empty marked-content sequence, so a reader keeps the cell in its column.
    cells = [e for e in elements(data) if e.role == "TD"]
    assert all(len(e.mcids) == 1 for e in cells), explain(data)
    assert [text for _depth, e, text in read_aloud(data) if e.role == "TD"].count("") == 1, explain(data)


@pytest.mark.parametrize("language", ["en", "th"])
def test_links_are_link_elements_with_their_annotations(language: str) -> None:
    """A link in a Latin or Thai paragraph, also over a line end, is a Link holding its text and annotation(s)."""
    if language == "th":
        pytest.importorskip("pythainlp")
        pytest.importorskip("uharfbuzz")
    words = "รายงานสถานการณ์การค้ามนุษย์ ประจำปี " if language == "th" else "the Trafficking in Persons Report "
    link_text = (words * 6).strip()
    blocks: list[Block] = [Paragraph(runs=(Run(text="Read "), Run(text=link_text, link=URL), Run(text=" in full.")))]
    data = write_pdf(make(blocks, one_page=False, language=language), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    found = problems(data)
    assert found == [], explain(data, found)
    links = [e for e in elements(data) if e.role == "Link"]
    assert links and all(e.objrs for e in links), explain(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        contents = [str(a.Contents) for a in pdf.pages[0].Annots]
    assert len(contents) >= 2  # the link runs over a line end: one annotation a line
    if language == "en":
        # One Link element, its text marked inside the paragraph's text object, one annotation per line.
        assert len(links) == 1 and len(links[0].objrs) == len(contents)
        assert set(contents) == {link_text}
    else:
        # A Thai paragraph draws each line itself: a Link per line, saying that line's part of the text.
        assert len(links) == len(contents)
        assert squash("".join(contents)) == squash(link_text)
        assert all(k.role == "Span" for e in links for k in e.kids)


def test_repeated_table_header_row_is_an_artifact() -> None:
    """A table over several pages repeats its header row on the page, but the tree has it once."""
    rows = tuple((runs(f"Row {i}"), runs(str(2000 + i))) for i in range(120))
    blocks: list[Block] = [Table(header=(runs("Name"), runs("Year")), rows=rows)]
    data = write_pdf(make(blocks, one_page=False), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 3
    found = problems(data)
    assert found == [], explain(data, found)
    read = said(data)
    assert [text for role, text in read if role == "TH"] == ["Name", "Year"]
    assert [text for role, text in read if role == "TD"][-2:] == ["Row 119", "2119"]
    table = next(e for e in elements(data) if e.role == "Table")
    assert len(table.kids) == 121


def test_shrunk_one_pager_is_tagged_and_its_figure_box_is_scaled() -> None:
    """A one-pager shrunk to fit keeps its marked content balanced; the Figure's box is where the chart is drawn."""
    brief = briefing("en")
    a = brief.assessment
    assert a is not None
    longer = attrs.evolve(brief, assessment=attrs.evolve(a, concerns=a.concerns * 2))
    out = tr.build(longer, "one-pager", "pdf")
    assert out.fit is not None and out.fit.policy == "shrunk"
    data = out.data
    assert isinstance(data, bytes)
    found = problems(data)
    assert found == [], explain(data, found)
    full_out = tr.build(brief, "one-pager", "pdf")
    full = full_out.data
    assert isinstance(full, bytes) and full_out.fit is not None

    def box(pdf: bytes) -> list[float]:
        return [float(v) for v in next(e for e in elements(pdf) if e.role == "Figure").attrs["BBox"].split()]

    # The shrunk page is the full-size layout at 1/scale drawn through canvas.scale: the chart is as wide
    # as the column either way; its height is at least its shortest, scaled, and grows into what room is left.
    (x0, y0, x1, y1), (fx0, fy0, fx1, fy1) = box(data), box(full)
    assert (x0, x1) == pytest.approx((fx0, fx1), abs=0.01)
    shortest = 9.0 * ONE_PAGER_FIGURE  # the one-pager's 9 pt body
    assert shortest * out.fit.scale - 0.01 <= y1 - y0 <= shortest * FIGURE_GROWTH * out.fit.scale
    assert fy1 - fy0 >= shortest * full_out.fit.scale - 0.01


# --------------------------------------------------------------------------- Thai: what each extractor gets


def thai_lines(document: Document) -> list[str]:
    """Every line of text holding Thai (a bilingual paragraph's English is its own line)."""
    out: list[str] = []
    for block in walk(document.blocks):
        texts: list[str] = []
        if isinstance(block, Paragraph) and block.style == "badge":
            # The badge's movement symbol (▲ ▼ ■) is drawn as a shape: the words say the movement.
            texts = [plain_text(block.runs).lstrip("\u25a0\u25b2\u25bc ")]
        elif isinstance(block, Heading | Paragraph):
            texts = [plain_text(block.runs)]
        elif isinstance(block, BulletList | NumberedList | SourceList):
            texts = [plain_text(item) for item in block.items]
        out += [line for text in texts for line in text.split("\n") if _THAI.search(line)]
    return out


def body_text(text: str, document: Document) -> str:
    """Extracted text without spaces and without the page furniture a paragraph split over two pages runs into."""
    out = squash(text)
    furniture = [document.marking.label, f"{document.organisation}·{document.date_text}"]
    for item in furniture:
        out = out.replace(squash(item), "")
    out = re.sub(r"(Page|หน้า)\d+(of|จาก)\d+", "", out)
    # The running header: the title (an artifact: its glyphs only, so sara am decomposed), maybe cut short.
    for title in {squash(document.title), squash(unicodedata.normalize("NFKC", document.title))}:
        out = re.sub("|".join([re.escape(title), *(re.escape(title[:k]) + "…" for k in range(len(title), 5, -1))]), "", out)
    return out


@pytest.fixture(scope="module", params=[("one-pager", "th"), ("briefing-note", "th"), ("briefing-note", "bilingual")], ids=lambda pl: f"{pl[0]}-{pl[1]}")
def thai(request: pytest.FixtureRequest) -> tuple[Document, bytes]:
    pytest.importorskip("pythainlp")
    pytest.importorskip("uharfbuzz")
    product, language = request.param
    brief = briefing(language)
    data = tr.render(brief, product=product, format="pdf")
    assert isinstance(data, bytes)
    return compose(brief, product), data


def test_thai_through_the_structure_tree_is_exact(thai: tuple[Document, bytes]) -> None:
    """A screen reader gets every Thai line exactly: each shaped run is a Span with its text as /ActualText."""
    document, data = thai
    read = {squash(text) for _role, text in said(data)}
    whole = squash(" ".join(read))
    for line in thai_lines(document):
        assert squash(line) in whole, (line, explain(data))
    spans = [e for e in elements(data) if e.role == "Span"]
    shaped = [e for e in spans if "ActualText" in e.attrs]
    assert shaped and all(_THAI.search(e.attrs["ActualText"]) for e in shaped)
    # The English beneath the Thai of a bilingual note is marked as English; nothing else is.
    english = [e for e in spans if "ActualText" not in e.attrs]
    assert all(e.attrs["Lang"] == "en" for e in english)
    assert bool(english) == (document.metadata.language == "th" and any("\n" in plain_text(b.runs) for b in walk(document.blocks) if isinstance(b, Paragraph)))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_thai_through_pdftotext_is_exact(thai: tuple[Document, bytes], tmp_path: Path) -> None:
    """poppler's pdftotext reads /ActualText: every Thai line comes out exactly (spaces aside)."""
    document, data = thai
    path = tmp_path / "thai.pdf"
    path.write_bytes(data)
    text = body_text(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout, document)
    for line in thai_lines(document):
        assert squash(line) in text, line
    assert "สิ่งที่" in text and "ประจำปี" in text


def test_thai_through_pypdf_is_equal_under_nfkc(thai: tuple[Document, bytes]) -> None:
    """
    pypdf ignores /ActualText and reads the glyphs through ToUnicode: every Thai line is NFKC-equal.

    Two exceptions it cannot get right: sara am comes out decomposed (ประจำปี as
    U+0E4D U+0E32: only NFKC-equal), and a tone mark before sara am comes out after
    its circle (สม่ำเสมอ): HarfBuzz draws them in that order.
    """
    document, data = thai
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    nfkc = unicodedata.normalize("NFKC", body_text(text, document))
    lines = [line for line in thai_lines(document) if not _REORDERED.search(line)]
    assert lines
    for line in lines:
        assert squash(unicodedata.normalize("NFKC", line)) in nfkc, line
    assert "\ue000" not in text and not re.search("[\ue000-\uf8ff]", text)  # no private-use code left
    assert "สิ่งที่" in text
    assert unicodedata.normalize("NFKC", "ประจำปี") in unicodedata.normalize("NFKC", text)


# --------------------------------------------------------------------------- pdf.js

needs_pdfjs = pytest.mark.skipif(pdfjs_available() is not None, reason=str(pdfjs_available()))


def pdfjs_outline(result: dict[str, Any]) -> str:
    lines: list[str] = []
    for number, page in enumerate(result["pages"], start=1):
        lines.append(f"page {number}")

        def walk_js(node: dict[str, Any], depth: int, page: dict[str, Any] = page) -> None:
            if "role" not in node:
                return
            text = " ".join("".join(page["marked"].get(c.get("id"), "") for c in node.get("children", []) if c.get("type") == "content").split())
            extra = {k: node[k] for k in ("alt", "lang") if k in node}
            lines.append(f"{'  ' * depth}{node['role']} {extra or ''} {text!r}".rstrip())
            for child in node.get("children", []):
                walk_js(child, depth + 1)

        walk_js(page["tree"], 0)
    return "\n".join(lines)


def pdfjs_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = [node] if "role" in node else []
    for child in node.get("children", []):
        out += pdfjs_nodes(child)
    return out


@needs_pdfjs
def test_pdfjs_hands_over_the_same_tree(rendered: tuple[Document, bytes], tmp_path: Path) -> None:
    """pdf.js (Firefox) sees the document as tagged: the marking first, the title as H1, the Figure's alt, the XMP."""
    document, data = rendered
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    result = pdfjs(path)
    message = pdfjs_outline(result)
    assert result["markInfo"]["Marked"] is True
    metadata = result["metadata"]["xmp"]
    assert (metadata["dc:title"], metadata["pdfuaid:part"]) == (document.metadata.title, "1")
    first = result["pages"][0]
    nodes = pdfjs_nodes(first["tree"])
    assert [n["role"] for n in nodes[:3]] == ["Root", "Document", "P"], message
    marking = nodes[2]["children"][0]["id"]
    assert first["marked"][marking] == document.marking.label, message
    assert [n["role"] for n in nodes].count("H1") == 1, message
    alts = [n.get("alt") for page in result["pages"] for n in pdfjs_nodes(page["tree"]) if n["role"] == "Figure"]
    figure = next(b for b in walk(document.blocks) if isinstance(b, Figure))
    assert alts == [figure.alt], message
    if document.one_page:
        # One page: pdf.js's tree has the same elements, in the same order, as the file's.
        assert [n["role"] for n in nodes[1:]] == [e.role for e in elements(data)], message


@needs_pdfjs
def test_pdfjs_reads_thai(thai: tuple[Document, bytes], tmp_path: Path) -> None:
    """pdf.js hands a Span's /ActualText to assistive technology (as its alt): exact Thai; its text layer is NFKC-equal."""
    document, data = thai
    path = tmp_path / "thai.pdf"
    path.write_bytes(data)
    result = pdfjs(path)
    alts = squash("".join(n.get("alt", "") for page in result["pages"] for n in pdfjs_nodes(page["tree"]) if n["role"] == "Span"))
    assert "สิ่งที่" in alts and "ประจำปี" in alts, pdfjs_outline(result)
    text = unicodedata.normalize("NFKC", body_text("".join(page["text"] for page in result["pages"]), document))
    for line in thai_lines(document):
        if not _REORDERED.search(line):
            assert squash(unicodedata.normalize("NFKC", line)) in text, line


def test_page_break_on_a_one_pager_leaves_nothing_behind() -> None:
    """A PageBreak on a one-pager draws nothing and leaves no empty element."""
    data = write_pdf(make([Paragraph(runs=runs("a")), PageBreak(), Paragraph(runs=runs("b"))], one_page=True), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    assert [text for role, text in said(data) if role == "P"][-2:] == ["a", "b"]


@needs_pdfjs
def test_empty_table_cells_keep_their_place_for_pdfjs(tmp_path: Path) -> None:
    """
    A table's empty cells are still cells for pdf.js: every row has as many as the header.

    pdf.js leaves out an element with no content; before empty cells kept an
    empty marked-content sequence, "not given in the sources" (Cambodia's
    2016–2018 row) was read under "Reports".
    """
    data = tr.render(tr.load(Path(__file__).resolve().parent.parent / "examples" / "cambodia_2025.yaml"), "one-pager", "pdf")
    assert isinstance(data, bytes)
    path = tmp_path / "cambodia.pdf"
    path.write_bytes(data)
    result = pdfjs(path)
    rows = [n for page in result["pages"] for n in pdfjs_nodes(page["tree"]) if n["role"] == "TR"]
    assert len(rows) > 10, pdfjs_outline(result)
    widths = {len([c for c in row["children"] if c.get("role") in ("TH", "TD")]) for row in rows}
    assert widths == {4}, pdfjs_outline(result)
    assert problems(data) == []
