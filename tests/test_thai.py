"""Thai in the writers: fonts paired per script run, shaping, line breaks at word boundaries, DOCX complex-script runs."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import attrs
import pytest
from lxml import etree
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

import tipreports as tr
from tipreports.compose import compose
from tipreports.document import Document, Figure, Paragraph, Run
from tipreports.errors import ThaiSupportError
from tipreports.render import _script
from tipreports.render._docx_xml import NS
from tipreports.render._fonts import THAI_BOLD, THAI_REGULAR, register_fonts, register_thai_fonts
from tipreports.render.pdf import write_pdf
from tipreports.render.pdf._styles import Styles, styles_for
from tipreports.render.pdf._thai import ThaiParagraph, mixed_width
from tipreports.theme import DEFAULT_THEME

pytest.importorskip("pythainlp")
pytest.importorskip("uharfbuzz")
from pythainlp.tokenize import word_tokenize  # only once the extra is known to be there

ROOT = Path(__file__).resolve().parent.parent
THAI_EXAMPLE = ROOT / "examples" / "thailand_2025_th.yaml"
FONTS = ROOT / "tipreports" / "fonts"
W = f"{{{NS['w']}}}"
_THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture(scope="module")
def brief() -> tr.Briefing:
    return tr.load(THAI_EXAMPLE)


@pytest.fixture(scope="module")
def one_pager(brief: tr.Briefing) -> Document:
    return compose(brief, product="one-pager")


@pytest.fixture(scope="module")
def note(brief: tr.Briefing) -> Document:
    return compose(brief, product="briefing-note")


@pytest.fixture(scope="module")
def one_pager_pdf(one_pager: Document) -> bytes:
    return write_pdf(one_pager, DEFAULT_THEME).data


@pytest.fixture(scope="module")
def note_pdf(note: Document) -> bytes:
    return write_pdf(note, DEFAULT_THEME).data


@pytest.fixture(scope="module")
def note_docx(brief: tr.Briefing) -> bytes:
    data = tr.render(brief, product="briefing-note", format="docx")
    assert isinstance(data, bytes)
    return data


def skeleton(text: str) -> str:
    """Text without marks, private-use glyph code points or whitespace: what survives shaping and extraction."""
    return "".join(unshape(text).split())


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def thai_texts(document: Document) -> list[str]:
    """The text of every block holding Thai, one string per paragraph-like piece, hard lines apart."""
    out: list[str] = []

    def runs_text(runs: tuple[Run, ...]) -> None:
        for line in "".join(r.text for r in runs).split("\n"):
            if _THAI.search(line):
                # The badge's movement symbol is drawn as a shape, not set as text.
                out.append(line.lstrip("\u25a0\u25b2\u25bc "))

    def walk(blocks: tuple[object, ...]) -> None:
        for block in blocks:
            for name in ("runs",):
                if hasattr(block, name):
                    runs_text(getattr(block, name))
            for item in getattr(block, "items", ()):
                runs_text(item.value if hasattr(item, "value") else item)
            walk(getattr(block, "blocks", ()))
            for column in getattr(block, "columns", ()):
                walk(column)

    walk(document.blocks)
    return out


def chart_line(line: str, document: Document) -> bool:
    """Whether ``line`` holds only words the document's charts draw (their labels and years), not a paragraph's text."""
    # Word by word: the chart sets Thai and digits as separate runs, which extract as separate lines.
    texts = [t for b in document.blocks if isinstance(b, Figure) for t in b.chart.labels.texts()]
    words = sorted({skeleton(w) for t in texts for w in t.split()}, key=len, reverse=True)
    rest = skeleton(line)
    for word in words:
        rest = rest.replace(word, "")
    return not rest.strip("0123456789")


def boundaries(text: str) -> set[int]:
    """Offsets in skeleton(text) where a newmm word (or a space) starts or ends."""
    points = {0}
    at = 0
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        at += len(skeleton(token))
        points.add(at)
    return points


# --------------------------------------------------------------------------- PDF


def test_thai_one_pager_is_one_page(one_pager: Document) -> None:
    """The Thai example's one-pager fits one page under the same policy as the English one."""
    out = write_pdf(one_pager, DEFAULT_THEME)
    assert out.pages == 1
    assert len(PdfReader(io.BytesIO(out.data)).pages) == 1
    assert out.fit is not None


def test_thai_text_reaches_the_pdf(one_pager: Document, one_pager_pdf: bytes) -> None:
    """Title, date and every Thai paragraph are in the extracted text (compared without marks)."""
    text = skeleton("".join(pdf_text(one_pager_pdf)))
    assert skeleton(one_pager.title) in text
    assert skeleton(one_pager.date_text) in text
    for paragraph in thai_texts(one_pager):
        assert skeleton(paragraph) in text, paragraph


def test_thai_fonts_are_embedded_beside_noto_sans(one_pager_pdf: bytes) -> None:
    """Thai is set in Noto Sans Thai (regular and bold), everything else in Noto Sans."""
    names = set()
    for page in PdfReader(io.BytesIO(one_pager_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert {"NotoSansThai-Regular", "NotoSansThai-Bold", "NotoSans-Regular", "NotoSans-Bold"} <= names


@pytest.mark.parametrize("which", ["one_pager", "note"])
def test_no_line_ends_inside_a_word(which: str, request: pytest.FixtureRequest) -> None:
    """Every line of Thai extracted from the PDF starts and ends at a newmm word boundary of its paragraph."""
    document: Document = request.getfixturevalue(which)
    data: bytes = request.getfixturevalue(f"{which}_pdf")
    paragraphs = [(skeleton(t), boundaries(t)) for t in thai_texts(document)]
    lines = [
        line
        for page in pdf_text(data)
        for line in page.split("\n")
        if _THAI.search(line) and not chart_line(line, document)
    ]
    checked = 0
    for line in lines:
        body = skeleton(re.sub(r"^\s*(?:•|\d+\.)\s*", "", line))
        homes = [(text, points) for text, points in paragraphs if body in text]
        if not homes:
            continue  # a header, a footer or a label, not a paragraph's line
        ok = any(
            m.start() in points and m.start() + len(body) in points
            for text, points in homes
            for m in re.finditer(re.escape(body), text)
        )
        assert ok, f"line breaks inside a word: {line!r}"
        checked += 1
    # Most lines are matched back to their paragraph (the check is not vacuous).
    assert checked >= 0.8 * len(lines) > 10


def test_laid_out_lines_end_at_word_boundaries() -> None:
    """The line breaks the writer records at layout time fall on newmm boundaries, and lines fit the width."""
    text = (
        "ความสัมพันธ์ระหว่างหน่วยงานภาครัฐกับองค์กรภาคประชาสังคม (CSO) ซึ่งเป็นหนึ่งในอุปสรรคสำคัญ "
        "ในการจัดการคดีค้ามนุษย์ที่ซับซ้อน โดยเฉพาะคดีที่เกี่ยวข้องกับการบังคับให้กระทำความผิดทางอาญา พ.ศ. 2568"
    )
    register_thai_fonts()
    styles = _styles_for_test()
    para = ThaiParagraph((Run(text=text),), styles.body, latin=_latin(), link_colour="#000000", code_colour="#eeeeee")
    for width in (120.0, 180.0, 260.0):
        para.wrap(width, 1e9)
        lines = para.lines
        assert len(lines) > 1
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        starts = {0}
        at = 0
        for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
            at += len(token)
            starts.add(at)
        position = 0
        for line in lines:
            position = text.index(line, position)
            assert position in starts and position + len(line) in starts, (width, line)
            position += len(line)
            assert mixed_width(line, styles.body.fontSize, _latin()) <= width + 1e-6


def test_same_bytes_in_a_fresh_process(one_pager_pdf: bytes) -> None:
    """Shaped glyphs get the same private-use code points whatever was rendered before: same bytes."""
    code = (
        "import hashlib, sys, tipreports as tr;"
        f"b = tr.load({str(THAI_EXAMPLE)!r});"
        "sys.stdout.write(hashlib.sha256(tr.render(b, product='one-pager', format='pdf')).hexdigest())"
    )
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert fresh == hashlib.sha256(one_pager_pdf).hexdigest()


def test_bilingual_note_sets_english_beneath_thai(brief: tr.Briefing, note_pdf: bytes) -> None:
    """In the bilingual note the English translation is the line after the Thai it translates."""
    assert brief.translation is not None
    english = brief.translation.key_messages[0].text
    lines = [line for page in pdf_text(note_pdf) for line in page.split("\n")]
    first = next(i for i, line in enumerate(lines) if line.startswith(english[:40]))
    assert _THAI.search(lines[first - 1])
    assert skeleton(brief.key_messages[0].text).endswith(skeleton(lines[first - 1]).removesuffix("[2]")[-20:])


def test_page_numbers_in_thai(note_pdf: bytes) -> None:
    """The paged note's footer says 'หน้า X จาก Y' (compared without marks); the TLP label stays English."""
    pages = pdf_text(note_pdf)
    for number, text in enumerate(pages, start=1):
        assert skeleton(f"หน้า {number} จาก {len(pages)}") in skeleton(text)
        assert "TLP:CLEAR" in text


def test_without_pythainlp_a_clear_error(monkeypatch: pytest.MonkeyPatch, one_pager: Document) -> None:
    """Rendering Thai without the extra raises an ImportError (and TipReportsError) saying what to install."""
    for name in ("pythainlp", "pythainlp.tokenize"):
        monkeypatch.setitem(sys.modules, name, None)
    _script._tokenizer.cache_clear()
    _script.words.cache_clear()
    _script.break_points.cache_clear()
    try:
        with pytest.raises(ThaiSupportError) as caught:
            write_pdf(one_pager, DEFAULT_THEME)
        assert isinstance(caught.value, ImportError)
        assert isinstance(caught.value, tr.TipReportsError)
        assert 'pip install "tipreports[thai]"' in str(caught.value)
    finally:
        _script._tokenizer.cache_clear()


def test_english_documents_never_load_pythainlp() -> None:
    """An English one-pager does not import PyThaiNLP (Thai machinery costs English documents nothing)."""
    code = (
        "import sys, tipreports as tr;"
        f"b = tr.load({str(ROOT / 'examples' / 'thailand_2025.yaml')!r});"
        "tr.render(b, product='one-pager', format='pdf');"
        "sys.stdout.write(str('pythainlp' in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False"


# --------------------------------------------------------------------------- DOCX


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_every_thai_run_is_marked_as_thai(note_docx: bytes) -> None:
    """Each run holding Thai, in body, header and footer, has w:rFonts/@w:cs and w:lang/@w:bidi th-TH."""
    parts = _parts(note_docx)
    seen = 0
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        root = etree.fromstring(parts[name])
        for run in root.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if not _THAI.search(text):
                continue
            seen += 1
            rpr = run.find(f"{W}rPr")
            assert rpr is not None, text
            assert rpr.find(f"{W}rFonts").get(f"{W}cs") == "Noto Sans Thai", text
            assert rpr.find(f"{W}lang").get(f"{W}bidi") == "th-TH", text
            if rpr.find(f"{W}b") is not None:
                assert rpr.find(f"{W}bCs") is not None, text
    assert seen > 30


def test_document_defaults_keep_english_for_latin_and_thai_for_complex_script(note_docx: bytes) -> None:
    """docDefaults: w:lang val en-GB (Latin text), bidi th-TH (Thai), complex-script font Noto Sans Thai."""
    styles = etree.fromstring(_parts(note_docx)["word/styles.xml"])
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = rpr.find(f"{W}lang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}bidi")) == ("en-GB", "th-TH")
    assert rpr.find(f"{W}rFonts").get(f"{W}cs") == "Noto Sans Thai"


def test_thai_fonts_are_embedded_and_deobfuscate(note_docx: bytes) -> None:
    """fontTable.xml embeds Noto Sans Thai regular and bold; undone, the obfuscation gives subsets drawing every Thai character."""
    from fontTools.ttLib import TTFont

    parts = _parts(note_docx)
    table = etree.fromstring(parts["word/fontTable.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/fontTable.xml.rels"])}
    font = next(f for f in table.iter(f"{W}font") if f.get(f"{W}name") == "Noto Sans Thai")
    thai = {
        ch for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml")
        for t in etree.fromstring(parts[name]).iter(f"{W}t") for ch in t.text or "" if _THAI.match(ch)
    }
    assert len(thai) > 40
    expected = {"embedRegular": "Regular", "embedBold": "Bold"}
    for tag, style in expected.items():
        embed = font.find(f"{W}{tag}")
        key = bytes.fromhex(embed.get(f"{W}fontKey").strip("{}").replace("-", ""))[::-1]
        data = parts["word/" + rels[embed.get(f"{{{NS['r']}}}id")]]
        plain = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32])) + data[32:]
        subset = TTFont(io.BytesIO(plain))
        assert (subset["name"].getDebugName(1), subset["name"].getDebugName(2)) == ("Noto Sans Thai", style)
        assert thai <= {chr(cp) for cp in subset.getBestCmap()}
        assert len(plain) < (FONTS / f"NotoSansThai-{style}.ttf").stat().st_size
    assert b'Extension="odttf"' in parts["[Content_Types].xml"]


def test_english_docx_embeds_no_thai_font() -> None:
    """Only documents holding Thai carry the Thai fonts."""
    english = tr.render(tr.load(ROOT / "examples" / "thailand_2025.yaml"), product="briefing-note", format="docx")
    assert isinstance(english, bytes)
    table = etree.fromstring(_parts(english)["word/fontTable.xml"])
    thai = next(f for f in table.iter(f"{W}font") if f.get(f"{W}name") == "Noto Sans Thai")
    assert [child.tag for child in thai if "embed" in child.tag] == []


def test_bilingual_docx_breaks_the_line_before_the_english(brief: tr.Briefing, note_docx: bytes) -> None:
    """The first key message: Thai run, a w:br, then the English translation in italics."""
    assert brief.translation is not None
    root = etree.fromstring(_parts(note_docx)["word/document.xml"])
    english = brief.translation.key_messages[0].text
    paragraph = next(p for p in root.iter(f"{W}p") if english in "".join(t.text or "" for t in p.iter(f"{W}t")))
    sequence = [el.tag.removeprefix(W) for el in paragraph.iter(f"{W}t", f"{W}br")]
    texts = [t.text or "" for t in paragraph.iter(f"{W}t")]
    assert sequence.index("br") == len([t for t in texts if _THAI.search(t)])
    assert texts[-1] == english


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_draws_thai_with_the_embedded_font(note_docx: bytes, tmp_path: Path) -> None:
    """LibreOffice opens the Thai note, sets Thai in the embedded Noto Sans Thai, 2 to 4 pages, text intact."""
    source = tmp_path / "thai.docx"
    source.write_bytes(note_docx)
    profile = tmp_path / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    reader = PdfReader(str(tmp_path / "thai.pdf"))
    assert 2 <= len(reader.pages) <= 4
    fonts = {
        str(f.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert {"NotoSansThai-Regular", "NotoSansThai-Bold"} <= fonts
    text = skeleton("".join(page.extract_text() for page in reader.pages))
    assert skeleton("รายงานสถานการณ์การค้ามนุษย์") in text


# --------------------------------------------------------------------------- HTML and Markdown


def test_html_and_markdown_break_the_line(brief: tr.Briefing) -> None:
    """The English beneath the Thai: <br> in HTML, a backslash-newline in Markdown."""
    html = tr.render(brief, product="briefing-note", format="html")
    markdown = tr.render(brief, product="briefing-note", format="md")
    assert isinstance(html, str) and isinstance(markdown, str)
    assert "[2]<br><em>The 2025 Trafficking" in html
    assert "\\[2\\]\\\n*The 2025 Trafficking" in markdown


# --------------------------------------------------------------------------- helpers


def _latin() -> tuple[str, str, str, str]:
    f = register_fonts()
    return f.regular, f.bold, f.italic, f.bold_italic


def _styles_for_test() -> Styles:
    return styles_for(DEFAULT_THEME, register_fonts(), 9.0)


_GLYPH_NAME = re.compile(r"uni((?:[0-9A-F]{4})+)")


@functools.cache
def _private_use() -> dict[str, str]:
    """Private-use code points given to shaped Thai glyphs → the characters they draw."""
    register_thai_fonts()
    out: dict[str, str] = {}
    for name in (THAI_REGULAR, THAI_BOLD):
        font = pdfmetrics.getFont(name)
        hb = font.hbFont(10)
        for cp, gid in font.face.charToGlyph.items():
            if not 0xE000 <= cp <= 0xF8FF:
                continue
            glyph = hb.glyph_to_string(gid)
            found = _GLYPH_NAME.match(glyph)
            if found:
                hexes = found.group(1)
                out[chr(cp)] = "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
            elif glyph.startswith("nikhahit_"):
                out[chr(cp)] = "\u0e4d"  # nikhahit with a tone mark: the tone mark is not recovered
    return out


def unshape(text: str) -> str:
    """
    Text extracted from a PDF with shaped Thai, made comparable to the source.

    Private-use code points become the characters their glyphs draw; the result
    is NFKD with combining marks removed (shaping reorders and merges marks), so
    compare it with ``unshape(source)``.
    """
    table = _private_use()
    mapped = "".join(table.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", mapped) if not unicodedata.combining(ch)
                   and unicodedata.category(ch) != "Mn")  # fmt: skip


def test_thai_paragraph_from_a_document_built_by_hand(one_pager: Document) -> None:
    """A Document built by hand with Thai, bold Thai and a hard line break reaches the PDF too."""
    runs = (Run(text="สวัสดี "), Run(text="ครับ\n", bold=True), Run(text="Hello", italic=True))
    doc = attrs.evolve(one_pager, blocks=(Paragraph(runs=runs),), title="ทดสอบ")
    lines = pdf_text(write_pdf(doc, DEFAULT_THEME).data)[0].split("\n")
    index = next(i for i, line in enumerate(lines) if skeleton("สวัสดีครับ") in skeleton(line))
    assert lines[index + 1].strip() == "Hello"
