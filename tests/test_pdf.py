"""The PDF writer: one-page policy, text, fonts, metadata, escaping, determinism, page numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

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
)
from tipreports.errors import FitError, GlyphError
from tipreports.load import load
from tipreports.model import Marking, Recommendation, TierHistory, Withheld
from tipreports.render._fonts import register_fonts
from tipreports.render.pdf import write_pdf
from tipreports.theme import Theme
from tipreports.wording import phrasebook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thailand_2025.yaml"
THEME = Theme()


# --------------------------------------------------------------------------- the example

RECOMMENDATIONS = (
    "Vigorously investigate and prosecute trafficking crimes, including complicit officials.",
    "Screen vulnerable populations, including foreign workers, for trafficking indicators.",
    "Allow foreign victims to move freely in and out of shelters.",
)


def example_document(*, concerns: int = 1, recommendations: int = 0) -> Document:
    """
    The Thailand 2025 one-pager, composed from the bundled example.

    ``concerns`` repeats the TIP Report's concerns to make the page longer;
    ``recommendations`` adds that many prioritized recommendations.
    """
    briefing = load(EXAMPLE)
    a = briefing.assessment
    assert a is not None
    a = attrs.evolve(
        a,
        concerns=a.concerns * concerns,
        recommendations=tuple(Recommendation(text=t) for t in RECOMMENDATIONS[:recommendations]),
    )
    return compose(attrs.evolve(briefing, assessment=a), "one-pager")


def runs(text: str) -> tuple[Run, ...]:
    return (Run(text=" ".join(text.split())),)


def make_document(
    blocks: list[Block] | tuple[Block, ...],
    *,
    one_page: bool = True,
    title: str = "Thailand: TIPNET 2025 panel and the 2025 TIP Report",
    subtitle: str | None = "What the panel heard, what the report found",
    marking: Marking = Marking.CLEAR,
) -> Document:
    return Document(
        product="one-pager" if one_page else "briefing-note",
        title=title,
        subtitle=subtitle,
        marking=marking,
        metadata=Metadata(
            title=title,
            subject="Thailand in the 2025 TIP Report and at TIPNET 2025",
            author="Freedom Collaborative",
            keywords=("human trafficking", "Thailand", "TIP Report 2025"),
            date=dt.date(2025, 10, 15),
            language="en-GB",
        ),
        blocks=tuple(blocks),
        withheld=Withheld(audience=marking, marking=marking),
        organisation="Freedom Collaborative",
        date_text="15 October 2025",
        one_page=one_page,
        page_numbers=phrasebook("en").page_numbers,
    )


def text_of(data: bytes | str) -> str:
    assert isinstance(data, bytes)
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def nospace(text: str) -> str:
    return "".join(text.split())


def pages(data: bytes | str) -> int:
    assert isinstance(data, bytes)
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def example() -> Document:
    return example_document(recommendations=3)


@pytest.fixture(scope="module")
def example_pdf(example: Document) -> bytes:
    data = write_pdf(example, THEME).data
    assert isinstance(data, bytes)
    return data


# --------------------------------------------------------------------------- the one-pager


def test_bundled_example_is_one_page_as_is() -> None:
    """The bundled Thailand example, its bottom line included, fits one page at 90% or more of full size."""
    out = write_pdf(example_document(), THEME)
    assert (out.pages, pages(out.data)) == (1, 1)
    assert out.fit is not None
    assert out.fit.scale >= 0.9 and out.fit.body_size >= 8.1


def test_example_with_recommendations_is_one_page(example: Document, example_pdf: bytes) -> None:
    """With prioritized recommendations added, the example still makes exactly one page."""
    out = write_pdf(example, THEME)
    assert (out.pages, pages(example_pdf)) == (1, 1)


def test_example_text_is_all_there(example: Document, example_pdf: bytes) -> None:
    """Title, the tier badge, every finding and recommendation reach the page; a one-page document has no page number."""
    text = squash(text_of(example_pdf))
    assert "Page 1 of 1" not in text
    wanted = [
        example.title,
        "TIER 2",
        "Remained, 4th consecutive year",
        "TLP:CLEAR",
        *RECOMMENDATIONS,
    ]
    for block in _walk(example.blocks):
        if isinstance(block, BulletList | NumberedList):
            wanted += [squash("".join(r.text for r in item)) for item in block.items]
    for item in wanted:
        assert item in text


def _walk(blocks: tuple[Block, ...]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        out.append(b)
        if isinstance(b, Callout):
            out += _walk(b.blocks)
        elif isinstance(b, Columns):
            for column in b.columns:
                out += _walk(column)
    return out


def test_marking_in_header_and_footer(example_pdf: bytes) -> None:
    """The TLP label appears twice on the page: header and footer."""
    assert text_of(example_pdf).count("TLP:CLEAR") == 2


def test_fonts_embedded(example_pdf: bytes) -> None:
    """Noto Sans is embedded as a TrueType font file (subset)."""
    reader = PdfReader(io.BytesIO(example_pdf))
    embedded = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            embedded.add(str(font["/BaseFont"]))
    assert any("NotoSans" in name for name in embedded), embedded


def test_metadata(example: Document, example_pdf: bytes) -> None:
    """Title, author, subject, keywords, creator, dates and /Lang come from the document's metadata."""
    reader = PdfReader(io.BytesIO(example_pdf))
    info = reader.metadata
    assert info is not None
    meta = example.metadata
    expected = (meta.title, meta.author, meta.subject, ", ".join(meta.keywords), "tipreports", "D:20251015000000+00'00'")
    assert (info.title, info.author, info.subject, info["/Keywords"], info.creator, info["/CreationDate"]) == expected
    assert reader.trailer["/Root"]["/Lang"] == meta.language


def test_outline_has_section_headings(example_pdf: bytes) -> None:
    """The bookmarks list the section headings."""
    reader = PdfReader(io.BytesIO(example_pdf))
    titles = [item.title for item in _flatten(reader.outline)]
    assert "The panel's perspective" in titles
    assert "The 2025 TIP Report's assessment" in titles


def _flatten(outline: Any) -> list[Any]:
    out: list[Any] = []
    for item in outline:
        out += _flatten(item) if isinstance(item, list) else [item]
    return out


def test_byte_identical(example: Document, example_pdf: bytes) -> None:
    """Two renders of the same document are byte-identical."""
    assert example_pdf == write_pdf(example, THEME).data


def test_letter_page_size(example: Document) -> None:
    """The theme's Letter page size gives a Letter page."""
    data = write_pdf(example, attrs.evolve(THEME, page_size="Letter")).data
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox  # type: ignore[arg-type]
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_overlong_is_shrunk() -> None:
    """A briefing a little too long for the page is shrunk, and stays on one page."""
    out = write_pdf(example_document(concerns=2, recommendations=3), THEME)
    assert out.fit is not None
    assert out.fit.policy == "shrunk"
    assert 0.85 <= out.fit.scale < 1.0
    assert out.fit.body_size >= 7.5
    assert pages(out.data) == 1


def test_much_longer_raises_fit_error_naming_the_section() -> None:
    """A briefing far too long is refused, naming the longest section; never a second page."""
    with pytest.raises(FitError) as caught:
        write_pdf(example_document(concerns=13), THEME)
    message = str(caught.value)
    assert "longest sections: \"The 2025 TIP Report's assessment\" 1" in message
    assert "'Concerns'" in message
    assert re.search(r"needs \d\.\d\d pages at the smallest allowed size", message), message


# --------------------------------------------------------------------------- hostile text


HOSTILE = [
    "AT&T",
    "x<y",
    "Victim <name withheld> testified",
    '<img src="/etc/passwd"/>',
    '<a href="javascript:alert(1)">x</a>',
    "&amp; &#65; &nbsp; <b>not bold</b> <font size=40>big</font>",
]


HISTORY = TierHistory.from_pairs([(2023, "Tier 2"), (2024, "Tier 2"), (2025, "Tier 2 Watch List")])


def _every_block(text: str) -> list[Block]:
    r = runs(text)
    return [
        Heading(level=1, runs=r),
        Paragraph(runs=r),
        Paragraph(runs=r, style="lead"),
        Paragraph(runs=r, style="small"),
        BulletList(items=(r,)),
        NumberedList(items=(r,)),
        Table(header=(r, runs("h")), rows=((r, runs("c")),), caption=text),
        KeyFacts(items=(KeyFact(label=text, value=r),)),
        Callout(kind="key", title=text, blocks=(Paragraph(runs=r),)),
        Columns(columns=((Paragraph(runs=r),), (BulletList(items=(r,)),))),
        SourceList(items=(r,)),
        Figure(name="chart:tier-history", alt="a chart", caption=text, chart=TierChart(history=HISTORY, highlight=2025)),
    ]


@pytest.mark.parametrize("one_page", [True, False], ids=["one-pager", "paged"])
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_literal(hostile: str, one_page: bool) -> None:
    """Markup in data reaches the page as literal text: no link, no image, no file read."""
    blocks = _every_block(hostile)
    doc = make_document(blocks, one_page=one_page, title=hostile, subtitle=hostile)
    data = write_pdf(doc, attrs.evolve(THEME, organisation=hostile)).data
    assert isinstance(data, bytes)
    text = squash(text_of(data))
    assert text.count(squash(hostile)) >= len(blocks)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert "/Annots" not in page
        xobjects = page["/Resources"].get("/XObject", {})
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert b"/Link" not in data


def test_hostile_image_reads_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """An <img> in data opens no file."""
    opened: list[str] = []
    import builtins

    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    doc = make_document([Paragraph(runs=runs('<img src="/etc/passwd"/> and <img src="x.png"/>'))], one_page=False)
    write_pdf(doc, THEME)  # warm-up: fonts registered
    monkeypatch.setattr(builtins, "open", spy)
    write_pdf(doc, THEME)
    assert not [f for f in opened if "passwd" in f or f.endswith("x.png")]


@pytest.mark.parametrize("prefix", ["", "รายงาน "], ids=["latin", "thai"])
def test_links_only_from_runs(prefix: str) -> None:
    """A Run's https: link becomes a link, in Latin and in Thai paragraphs; only a Run's link does."""
    if prefix:
        pytest.importorskip("pythainlp")
        pytest.importorskip("uharfbuzz")
    doc = make_document(
        [
            Paragraph(runs=(Run(text=prefix + "the report", link="https://www.state.gov/reports/2025-trafficking-in-persons-report/"),)),
            Paragraph(runs=(Run(text=prefix + "not a link"),)),
        ],
        one_page=False,
    )
    data = write_pdf(doc, THEME).data
    reader = PdfReader(io.BytesIO(data))  # type: ignore[arg-type]
    # A Thai paragraph links a linked run once per line.
    uris = {a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])}
    assert uris == {"https://www.state.gov/reports/2025-trafficking-in-persons-report/"}
    assert "not a link" in text_of(data)


# --------------------------------------------------------------------------- glyphs


def test_uncovered_character_raises_glyph_error() -> None:
    """An emoji is refused before layout, naming the field path and the character."""
    doc = make_document([Paragraph(runs=runs("ok")), BulletList(items=(runs("fine"), runs("smile \U0001f600")))])
    with pytest.raises(GlyphError) as caught:
        write_pdf(doc, THEME)
    message = str(caught.value)
    assert "blocks[1].items[1]" in message
    assert "U+1F600 GRINNING FACE" in message


def test_thai_is_drawn_but_an_emoji_beside_it_is_refused() -> None:
    """Thai is set with Noto Sans Thai; a character no bundled font has is still refused, naming the field."""
    doc = make_document([Paragraph(runs=runs("ok"))], title="รายงานสถานการณ์การค้ามนุษย์ \U0001f600")
    with pytest.raises(GlyphError) as caught:
        write_pdf(doc, THEME)
    assert str(caught.value).startswith("title: ")
    assert "U+1F600 GRINNING FACE" in str(caught.value)
    assert "THAI" not in str(caught.value)


def _drawable_text() -> st.SearchStrategy[str]:
    coverage = register_fonts(THEME).coverage
    alphabet = st.characters(
        codec="utf-8",
        categories=("L", "M", "N", "P", "S", "Zs", "Cf"),
        # A soft hyphen is a line-break opportunity, invisible unless a line breaks there.
        exclude_characters="\u00ad",
    ).filter(lambda ch: ord(ch) in coverage)
    return st.text(alphabet, min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_drawable_text())
def test_any_drawable_text_reaches_the_pdf(text: str) -> None:
    """Any text the bundled font can draw reaches the PDF verbatim, in every block type (one per page)."""
    blocks = _every_block(text)
    paged: list[Block] = []
    for block in blocks:
        paged += [block, PageBreak()]
    doc = make_document(paged[:-1], one_page=False, title="t", subtitle=None)
    reader = PdfReader(io.BytesIO(write_pdf(doc, THEME).data))  # type: ignore[arg-type]
    assert len(reader.pages) == len(blocks)
    for block, page in zip(blocks, reader.pages, strict=True):
        extracted = page.extract_text()
        # Whitespace-normalised: a line break may fall anywhere, even inside a long word.
        assert nospace(text) in nospace(extracted), (type(block).__name__, text, extracted)


# --------------------------------------------------------------------------- multi-page


def test_multi_page_numbers_every_page() -> None:
    """A briefing note over several pages says 'Page X of Y' on every page, with the marking."""
    many = [Paragraph(runs=runs("A sentence of the background section, repeated to fill pages. " * 8)) for _ in range(40)]
    blocks: list[Block] = [Heading(level=1, runs=runs("Background")), *many, PageBreak(), Heading(level=1, runs=runs("Sources"))]
    doc = make_document(blocks, one_page=False, marking=Marking.AMBER)
    out = write_pdf(doc, THEME)
    reader = PdfReader(io.BytesIO(out.data))  # type: ignore[arg-type]
    n = len(reader.pages)
    assert n >= 3
    assert n == out.pages
    assert out.fit is None
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {i} of {n}" in text
        assert text.count("TLP:AMBER") == 2


def test_multi_page_bookmarks_point_at_their_pages() -> None:
    """Each heading's bookmark opens the page the heading is on."""
    filler = [Paragraph(runs=runs("Filler text for the page. " * 30)) for _ in range(12)]
    blocks: list[Block] = [Heading(level=1, runs=runs("First")), *filler, Heading(level=1, runs=runs("Second")), *filler]
    data = write_pdf(make_document(blocks, one_page=False), THEME).data
    reader = PdfReader(io.BytesIO(data))  # type: ignore[arg-type]
    where = {item.title: reader.get_destination_page_number(item) for item in _flatten(reader.outline)}
    second = next(i for i, p in enumerate(reader.pages) if "Second" in (p.extract_text() or "").split("\n")[2:])
    assert where["First"] == 0
    assert second == where["Second"]


def test_example_as_multi_page_note(example: Document) -> None:
    """The same blocks render as a paged note too."""
    out = write_pdf(attrs.evolve(example, one_page=False), THEME)
    assert out.pages is not None and out.pages >= 1
    assert "Remained, 4th consecutive year" in squash(text_of(out.data))


def test_bytes_do_not_depend_on_global_config(example: Document, example_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Invariance, dates and language come from the call, not rl_config or SOURCE_DATE_EPOCH."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 0)
    monkeypatch.setattr(rl_config, "documentLang", "fr-FR")
    monkeypatch.setattr(rl_config, "hyphenationLang", "en_US")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert write_pdf(example, THEME).data == example_pdf


def test_boxes_and_columns_taller_than_a_page_flow_on() -> None:
    """In a paged note, a callout or columns too tall for any page give up their box and continue."""
    items = tuple(runs(f"Finding number {i}, long enough to take a line of its own on the page.") for i in range(90))
    blocks: list[Block] = [
        Callout(kind="key", title="Key messages", blocks=(BulletList(items=items),)),
        Columns(columns=((BulletList(items=items),), (Paragraph(runs=runs("Right column.")),))),
    ]
    out = write_pdf(make_document(blocks, one_page=False), THEME)
    text = squash(text_of(out.data))
    assert out.pages is not None and out.pages >= 4
    assert text.count("Finding number 89,") == 2
    assert "Right column." in text


def test_glyph_error_names_the_input_field_not_a_block() -> None:
    """A character the fonts cannot draw is reported at the field the user wrote, and only if it is rendered."""

    import tipreports as tr

    brief = tr.load(Path(__file__).parent.parent / "examples" / "thailand_2025.yaml")
    a = brief.assessment
    assert a is not None
    drawn = attrs.evolve(brief, assessment=attrs.evolve(a, progress=(*a.progress[:1], tr.Finding(text="Smile \U0001f600"))))
    with pytest.raises(tr.GlyphError) as caught:
        tr.render(drawn, "one-pager", "pdf")
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("assessment.progress[1].text", "the bundled font Noto Sans cannot draw U+1F600 GRINNING FACE")
    ]
    withheld = attrs.evolve(
        brief, assessment=attrs.evolve(a, progress=(tr.Finding(text="Smile \U0001f600", marking="TLP:RED"),))
    )
    assert tr.build(withheld, "one-pager", "pdf", audience="TLP:CLEAR").pages == 1


_HASHES = """\
import hashlib, sys
sys.path[:0] = {path!r}
import tipreports as tr
for name in ("thailand_2025.yaml", "thailand_2025_th.yaml"):
    brief = tr.load({examples!r} + "/" + name)
    for product in ("one-pager", "briefing-note"):
        print(name, product, hashlib.sha256(tr.render(brief, product, "pdf")).hexdigest())
"""

#: ReportLab settings (as rl_config names them) that changed tipreports' PDFs before they were pinned.
_HOSTILE_SETTINGS = {
    "useA85": "0", "pdfComments": "1", "paraFontSizeHeightOffset": "0", "canvas_basefontname": "Courier",
    "ttfAsciiReadable": "0", "pdfMultiLine": "1", "wrapA85": "1", "std14Embed": "1", "invariant": "0",
    "pageCompression": "0", "showBoundary": "1", "hyphenationLang": "en_GB", "documentLang": "fr-FR",
    "defaultPageSize": "letter", "overlapAttachedSpace": "0", "platypus_link_underline": "1",
}  # fmt: skip


def _pdf_hashes(cwd: Path, env: dict[str, str]) -> str:
    import os
    import subprocess
    import sys

    code = _HASHES.format(path=[p for p in sys.path if p], examples=str(Path(__file__).parent.parent / "examples"))
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RL_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_reportlab_settings_from_the_environment_or_the_working_folder_do_not_change_the_pdf(tmp_path: Path) -> None:
    """RL_* variables and a reportlab_settings.py that ReportLab imports from the working folder leave the bytes alone."""
    plain = tmp_path / "plain"
    hostile = tmp_path / "hostile"
    plain.mkdir()
    hostile.mkdir()
    # `python -c` puts the working folder on sys.path, so ReportLab imports this file as its settings.
    (hostile / "reportlab_settings.py").write_text(
        "".join(f"{name} = {value if value.isdigit() else repr(value)}\n" for name, value in _HOSTILE_SETTINGS.items()),
        encoding="utf-8",
    )
    expected = _pdf_hashes(plain, {})
    assert expected.count("\n") == 4
    assert _pdf_hashes(plain, {f"RL_{name}": value for name, value in _HOSTILE_SETTINGS.items()}) == expected
    assert _pdf_hashes(hostile, {}) == expected
