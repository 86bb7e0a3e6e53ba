"""The tier-history figure: ReportLab drawing, Pillow PNG and inline SVG from one layout."""

from __future__ import annotations

import csv
import io
import itertools
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from tipreports.document import ChartLabels, TierChart
from tipreports.model.tier import Designation, Tier, TierHistory, TierPlacement
from tipreports.render._chart import (
    _Dot,
    _layout,
    _measure_pillow,
    _measure_reportlab,
    _Polygon,
    _Rect,
    _Text,
    chart_png,
    chart_svg,
    draw_chart,
)
from tipreports.render._fonts import register_fonts
from tipreports.theme import Theme
from tipreports.wording import Phrasebook, phrasebook

DATA = Path(__file__).parent / "data"
CM = 72 / 2.54
SVG = "{http://www.w3.org/2000/svg}"
THEME = Theme()


def labels(say: Phrasebook) -> ChartLabels:
    """The chart's words from a phrasebook, as compose gives them."""
    return ChartLabels(
        tiers=tuple((tier, say.tier_short(tier)) for tier in Tier),
        years=tuple((year, say.year(year)) for year in range(2001, 2031)),
        waiver=say.chart_waiver(),
        designations=tuple((d, say.designation(d)) for d in Designation),
    )


ENGLISH = labels(phrasebook("en"))
THAI = labels(phrasebook("th"))


def thailand() -> TierChart:
    with (DATA / "thailand_tier_history.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    history = TierHistory(
        placements=tuple(TierPlacement(year=int(r["report_year"]), tier=r["tier"]) for r in rows)
    )
    return TierChart(history=history, highlight=2025, country="Thailand", labels=ENGLISH)


def with_gaps() -> TierChart:
    history = TierHistory.from_pairs(
        {2003: "Tier 3", 2004: "Tier 2 Watch List", 2008: "Tier 2", 2010: "Special Case", 2011: "Tier 2"}
    )
    return TierChart(history=history, highlight=2011, labels=ENGLISH)


def one_year() -> TierChart:
    return TierChart(history=TierHistory.from_pairs({2025: "Tier 2"}), highlight=2025, labels=ENGLISH)


def chart_pdf(chart: TierChart, width: float, height: float, theme: Theme = THEME) -> bytes:
    """The chart painted on a page of its own size."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)
    draw_chart(canvas, chart, width=width, height=height, theme=theme)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def pdf_text(chart: TierChart, width: float, height: float) -> str:
    return PdfReader(io.BytesIO(chart_pdf(chart, width, height))).pages[0].extract_text()


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


@pytest.mark.parametrize(("width", "height"), [(16 * CM, 6 * CM), (8.5 * CM, 4 * CM)])
def test_thailand_drawing_in_pdf_carries_axis_labels(width: float, height: float) -> None:
    """The vector chart in a PDF has the tier labels, the first and last years and the highlighted year."""
    text = pdf_text(thailand(), width, height)
    for label in ("Tier 1", "Tier 2", "Watch List", "Tier 3", "2001", "2025"):
        assert label in text
    assert "Special Case" not in text


def test_thailand_drawing_uses_the_bundled_font() -> None:
    """The PDF embeds Noto Sans (regular and bold for the highlighted year), not a standard font."""
    data = chart_pdf(thailand(), 16 * CM, 6 * CM)
    resources: Any = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]
    fonts = resources["/Font"]
    base = sorted(str(f.get_object()["/BaseFont"]).split("+")[-1] for f in fonts.values())
    assert {"NotoSans-Bold", "NotoSans-Regular"} <= set(base)  # a Canvas also declares its initial Helvetica


def test_year_labels_thin_out_when_narrow() -> None:
    """Wide: every other year is labelled; narrow: every fifth, and the first, last and highlighted years always."""
    wide = [
        m.text
        for m in _layout(thailand(), 16 * CM, 6 * CM, THEME, _measure_pillow).marks
        if isinstance(m, _Text)
    ]
    narrow = [
        m.text
        for m in _layout(thailand(), 8.5 * CM, 4 * CM, THEME, _measure_pillow).marks
        if isinstance(m, _Text)
    ]
    assert [str(y) for y in range(2001, 2026, 2)] == [t for t in wide if t.isdigit()]
    assert [t for t in narrow if t.isdigit()] == ["2001", "2005", "2010", "2015", "2020", "2025"]


def test_highlighted_year_is_bold() -> None:
    """Only the highlighted year's label is bold."""
    marks = _layout(thailand(), 16 * CM, 6 * CM, THEME, _measure_pillow).marks
    assert [m.text for m in marks if isinstance(m, _Text) and m.bold] == ["2025"]


def test_layouts_agree_across_font_measurers() -> None:
    """ReportLab and Pillow measure the bundled font alike, so PDF and PNG share their geometry."""
    register_fonts()
    assert _layout(thailand(), 300, 120, THEME, _measure_reportlab) == _layout(
        thailand(), 300, 120, THEME, _measure_pillow
    )


def test_png_has_the_requested_size_and_stable_bytes() -> None:
    """The PNG has the requested size and print resolution, no time or text chunks, and the same bytes twice."""
    first = chart_png(thailand(), width_px=1600, height_px=600, theme=THEME)
    second = chart_png(thailand(), width_px=1600, height_px=600, theme=THEME)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.size == (1600, 600)
    assert tuple(round(v) for v in image.info["dpi"]) == (254, 254)
    assert not {b"tIME", b"tEXt", b"zTXt", b"iTXt", b"eXIf"} & set(png_chunks(first))


def test_png_keeps_the_designed_colours() -> None:
    """The page is pure white and every band and dot colour of the layout appears exactly in the PNG."""
    layout = _layout(thailand(), 800 * 72 / 254, 300 * 72 / 254, THEME, _measure_pillow)
    designed = {m.fill for m in layout.marks if isinstance(m, _Rect | _Dot)}
    data = chart_png(thailand(), width_px=800, height_px=300, theme=THEME)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    colours: list[tuple[int, Any]] = image.getcolors(maxcolors=1 << 16) or []
    found = {"#{:02X}{:02X}{:02X}".format(*rgb) for _count, rgb in colours}
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert designed <= found
    assert "#962D2D" in designed


def test_svg_is_wellformed_accessible_and_inert() -> None:
    """The SVG parses, is an image titled by the alt text (escaped), and has no scripts or external references."""
    alt = 'Thailand <2001–2025> & "tiers"'
    svg = chart_svg(thailand(), width=640, height=240, theme=THEME, alt=alt)
    root = ET.fromstring(svg)
    assert f"{SVG}svg" == root.tag
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and alt == title.text
    assert "&lt;2001–2025&gt; &amp;" in svg
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "use", "a", "style"}
    assert "href" not in svg and "url(" not in svg and "<script" not in svg.lower()
    assert {"Tier 1", "Tier 2", "Watch List", "Tier 3", "2025"} <= {el.text for el in root.iter(f"{SVG}text")}


def test_a_chart_without_a_phrasebook_draws_codes_not_words() -> None:
    """A hand-made chart with no labels draws tier codes and numbers: no words come from outside the wording layer."""
    chart = TierChart(history=TierHistory.from_pairs({2024: "Tier 3"}))
    texts = {m.text for m in _layout(chart, 400, 150, THEME, _measure_pillow).marks if isinstance(m, _Text)}
    assert {"1", "2", "2WL", "3"} <= texts
    assert not any(t.startswith("Tier") for t in texts)


def test_gaps_and_special_case_render_everywhere() -> None:
    """A history with gaps and a Special Case year gets the Special Case row and renders in all three backends."""
    chart = with_gaps()
    assert "Special Case" in pdf_text(chart, 16 * CM, 6 * CM)
    assert Image.open(io.BytesIO(chart_png(chart, width_px=800, height_px=300, theme=THEME))).size == (
        800,
        300,
    )
    root = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="a chart"))
    assert "Special Case" in {el.text for el in root.iter(f"{SVG}text")}


def test_line_breaks_at_gaps_and_special_case_years() -> None:
    """Only consecutive ranked years are joined: 2003–2004 here, not 2004–2008 nor 2010–2011."""
    chart = with_gaps()
    svg = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="a chart"))
    dots = svg.findall(f"{SVG}circle")
    lines = [el for el in svg.findall(f"{SVG}polyline") if el.get("stroke-width") != "0.5"]
    assert len(dots) == 5
    assert len(lines) == 1
    assert len(lines[0].get("points", "").split()) == 2


def test_special_case_is_hollow() -> None:
    """The Special Case marker is white inside, outlined."""
    svg = ET.fromstring(chart_svg(with_gaps(), width=640, height=240, theme=THEME, alt="a chart"))
    fills = [el.get("fill") for el in svg.findall(f"{SVG}circle")]
    assert fills.count("#FFFFFF") == 1


def test_one_year_history_renders() -> None:
    """A single placement still gets the full 2001–2025 axis, one dot and no line."""
    chart = one_year()
    text = pdf_text(chart, 8.5 * CM, 4 * CM)
    assert "2001" in text and "2025" in text
    assert Image.open(io.BytesIO(chart_png(chart, width_px=400, height_px=150, theme=THEME))).size == (
        400,
        150,
    )
    svg = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="a chart"))
    assert len(svg.findall(f"{SVG}circle")) == 1


def test_empty_history_renders_axes() -> None:
    """No placements: the axes and tier labels only."""
    chart = TierChart(history=TierHistory(), labels=ENGLISH)
    assert "Tier 3" in pdf_text(chart, 8.5 * CM, 4 * CM)
    assert chart_png(chart, width_px=200, height_px=80, theme=THEME).startswith(b"\x89PNG")


def test_theme_accent_colours_tiers_1_and_2() -> None:
    """Tiers 1 and 2 follow the theme's accent; the Tier 3 red does not."""

    def fills(theme: Theme) -> set[str | None]:
        svg = chart_svg(thailand(), width=640, height=240, theme=theme, alt="a chart")
        return {el.get("fill") for el in ET.fromstring(svg).findall(f"{SVG}circle")}

    green, default = fills(Theme(accent="#2E7D32")), fills(THEME)
    assert green != default
    assert "#962D2D" in green and "#962D2D" in default


@pytest.mark.parametrize("size", [(0, 100), (100, -1), (float("nan"), 100)])
def test_bad_sizes_are_refused(size: tuple[float, float]) -> None:
    """A size that is not positive and finite raises ValueError naming it."""
    with pytest.raises(ValueError, match="chart size"):
        chart_pdf(thailand(), size[0], size[1])


def test_png_bad_size_is_refused() -> None:
    """A PNG of no pixels is refused."""
    with pytest.raises(ValueError, match="PNG size"):
        chart_png(thailand(), width_px=0, height_px=100, theme=THEME)


def test_png_bytes_do_not_depend_on_the_process() -> None:
    """Two interpreters with different hash seeds write the same PNG bytes."""
    script = (
        "import sys, tests.test_chart as t;"
        "sys.stdout.buffer.write(t.chart_png(t.thailand(), width_px=400, height_px=150, theme=t.THEME))"
    )
    root = Path(__file__).parent.parent
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert outputs[0] == chart_png(thailand(), width_px=400, height_px=150, theme=THEME)


def malaysia_2020() -> TierChart:
    """Malaysia 2018–2020 on the Watch List, 2020 under a waiver; a made-up 2020 designation to draw its mark."""
    history = TierHistory(
        placements=(
            TierPlacement(year=2018, tier="Tier 2 Watch List"),
            TierPlacement(year=2019, tier="Tier 2 Watch List"),
            TierPlacement(year=2020, tier="Tier 2 Watch List", waiver=True, designations=("state-sponsored-trafficking",)),
        )
    )
    return TierChart(history=history, highlight=2020, labels=ENGLISH)


def test_a_waiver_year_gets_a_ring_and_a_legend_entry() -> None:
    """The waiver year's dot sits in a ring; the legend names the ring in the phrasebook's words."""
    marks = _layout(malaysia_2020(), 16 * CM, 6 * CM, THEME, _measure_pillow).marks
    dots = [m for m in marks if isinstance(m, _Dot)]
    # 3 dots + the ring round 2020's + the legend's ring and dot
    assert len(dots) == 6
    assert "waiver of the downgrade to Tier 3" in {m.text for m in marks if isinstance(m, _Text)}


def test_a_designation_gets_a_mark_above_its_year_and_a_legend_entry() -> None:
    """State-sponsored trafficking is a triangle above the year's dot, named in the legend; the SVG and PDF carry it."""
    chart = malaysia_2020()
    marks = _layout(chart, 16 * CM, 6 * CM, THEME, _measure_pillow).marks
    triangles = [m for m in marks if isinstance(m, _Polygon)]
    assert len(triangles) == 2  # above 2020, and in the legend
    assert "state-sponsored trafficking" in pdf_text(chart, 16 * CM, 6 * CM)
    svg = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="a chart"))
    assert len(svg.findall(f"{SVG}polygon")) == 2


def test_no_legend_without_waivers_or_designations() -> None:
    """Thailand's chart as the CSV gives it (no waiver recorded) has no legend."""
    texts = {m.text for m in _layout(thailand(), 16 * CM, 6 * CM, THEME, _measure_pillow).marks if isinstance(m, _Text)}
    assert "waiver of the downgrade to Tier 3" not in texts


def test_thai_chart_labels_are_thai_and_years_buddhist_era() -> None:
    """A Thai chart draws the phrasebook's Thai tier names and Buddhist Era years, in every backend."""
    chart = TierChart(history=thailand().history, highlight=2025, labels=THAI)
    texts = {m.text for m in _layout(chart, 16 * CM, 6 * CM, THEME, _measure_pillow).marks if isinstance(m, _Text)}
    assert {"กลุ่ม 1", "กลุ่ม 2", "บัญชีจับตามอง", "กลุ่ม 3", "2544", "2568"} <= texts
    assert "2025" not in texts and "Tier 1" not in texts
    svg = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="แผนภูมิ"))
    assert "กลุ่ม 2" in {el.text for el in svg.iter(f"{SVG}text")}
    assert chart_png(chart, width_px=800, height_px=300, theme=THEME).startswith(b"\x89PNG")


def test_thai_chart_labels_need_no_shaping() -> None:
    """The chart draws Thai unshaped: no label of the Thai phrasebook stacks a tone mark on an upper vowel."""
    upper_vowels = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d")
    tone_marks = set("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")
    for text in THAI.texts():
        for a, b in itertools.pairwise(text):
            assert not (a in upper_vowels and b in tone_marks), text


def test_thai_chart_in_pdf_embeds_noto_sans_thai() -> None:
    """Thai labels are set in Noto Sans Thai, Latin digits in Noto Sans."""
    chart = TierChart(history=thailand().history, highlight=2025, labels=THAI)
    resources: Any = PdfReader(io.BytesIO(chart_pdf(chart, 16 * CM, 6 * CM))).pages[0]["/Resources"]
    base = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in resources["/Font"].values()}
    assert {"NotoSansThai-Regular", "NotoSans-Regular"} <= base
