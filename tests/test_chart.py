"""The tier-history figure: ReportLab drawing, Pillow PNG and inline SVG from one layout."""

from __future__ import annotations

import csv
import io
import itertools
import math
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

import tipreports as tr
from tipreports.document import ChartLabels, TierChart
from tipreports.model.tier import Designation, Tier, TierHistory, TierMove, TierPlacement
from tipreports.render._chart import (
    Dot,
    Layout,
    Line,
    Polygon,
    Rect,
    Text,
    _layout,
    _measure_pillow,
    _measure_reportlab,
    chart_png,
    chart_svg,
    draw_chart,
)
from tipreports.render._colour import contrast
from tipreports.render._fonts import register_fonts
from tipreports.theme import Theme
from tipreports.wording import Phrasebook, phrasebook

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "thailand_2025.yaml"
CM = 72 / 2.54
SVG = "{http://www.w3.org/2000/svg}"
THEME = Theme()


def labels(say: Phrasebook, history: TierHistory | None = None) -> ChartLabels:
    """The chart's words from a phrasebook, as compose gives them (the story's moves when given a history)."""
    return ChartLabels(
        tiers=tuple((tier, say.tier_short(tier)) for tier in Tier),
        years=tuple((year, say.year(year)) for year in range(2001, 2031)),
        waiver=say.chart_waiver(),
        designations=tuple((d, say.designation(d)) for d in Designation),
        moves=tuple((m.year, say.chart_move(m)) for m in history.story_moves()) if history is not None else (),
    )


ENGLISH = labels(phrasebook("en"))
THAI = labels(phrasebook("th"))


def thailand_history() -> TierHistory:
    with (DATA / "thailand_tier_history.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return TierHistory(placements=tuple(TierPlacement(year=int(r["report_year"]), tier=r["tier"]) for r in rows))


def thailand(language: str = "en") -> TierChart:
    """Thailand 2001–2025 with its words, the story's moves among them, as compose makes the chart."""
    history = thailand_history()
    return TierChart(history=history, highlight=2025, country="Thailand", labels=labels(phrasebook(language), history))


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
        if isinstance(m, Text)
    ]
    narrow = [
        m.text
        for m in _layout(thailand(), 8.5 * CM, 4 * CM, THEME, _measure_pillow).marks
        if isinstance(m, Text)
    ]
    assert [str(y) for y in range(2001, 2026, 2)] == [t for t in wide if t.isdigit()]
    assert [t for t in narrow if t.isdigit()] == ["2001", "2005", "2010", "2015", "2020", "2025"]


def test_highlighted_year_is_bold() -> None:
    """Only the highlighted year's label is bold."""
    marks = _layout(thailand(), 16 * CM, 6 * CM, THEME, _measure_pillow).marks
    assert [m.text for m in marks if isinstance(m, Text) and m.bold] == ["2025"]


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
    designed = {m.fill for m in layout.marks if isinstance(m, Rect | Dot)}
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
    texts = {m.text for m in _layout(chart, 400, 150, THEME, _measure_pillow).marks if isinstance(m, Text)}
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
    dots = [m for m in marks if isinstance(m, Dot)]
    # 3 dots + the ring round 2020's + the legend's ring and dot
    assert len(dots) == 6
    assert "waiver of the downgrade to Tier 3" in {m.text for m in marks if isinstance(m, Text)}


def test_a_designation_gets_a_mark_above_its_year_and_a_legend_entry() -> None:
    """State-sponsored trafficking is a triangle above the year's dot, named in the legend; the SVG and PDF carry it."""
    chart = malaysia_2020()
    marks = _layout(chart, 16 * CM, 6 * CM, THEME, _measure_pillow).marks
    triangles = [m for m in marks if isinstance(m, Polygon)]
    assert len(triangles) == 2  # above 2020, and in the legend
    assert "state-sponsored trafficking" in pdf_text(chart, 16 * CM, 6 * CM)
    svg = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="a chart"))
    assert len(svg.findall(f"{SVG}polygon")) == 2


def test_no_legend_without_waivers_or_designations() -> None:
    """Thailand's chart as the CSV gives it (no waiver recorded) has no legend."""
    texts = {m.text for m in _layout(thailand(), 16 * CM, 6 * CM, THEME, _measure_pillow).marks if isinstance(m, Text)}
    assert "waiver of the downgrade to Tier 3" not in texts


def test_thai_chart_labels_are_thai_and_years_buddhist_era() -> None:
    """A Thai chart draws the phrasebook's Thai tier names and Buddhist Era years, in every backend."""
    chart = thailand("th")
    texts = {m.text for m in _layout(chart, 16 * CM, 6 * CM, THEME, _measure_pillow).marks if isinstance(m, Text)}
    assert {"กลุ่ม 1", "กลุ่ม 2", "บัญชีจับตามอง", "กลุ่ม 3", "2544", "2568"} <= texts
    assert "2025" not in texts and "Tier 1" not in texts
    svg = ET.fromstring(chart_svg(chart, width=640, height=240, theme=THEME, alt="แผนภูมิ"))
    assert "กลุ่ม 2" in {el.text for el in svg.iter(f"{SVG}text")}
    assert chart_png(chart, width_px=800, height_px=300, theme=THEME).startswith(b"\x89PNG")


def test_thai_chart_labels_need_no_shaping() -> None:
    """The chart draws Thai unshaped: no label of the Thai phrasebook stacks a tone mark on an upper vowel."""
    upper_vowels = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d")
    tone_marks = set("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")
    say = phrasebook("th")
    ranked = [t for t in Tier if t.rank is not None]
    moves = [say.chart_move(TierMove(year=2020, before=a, after=b)) for a in ranked for b in ranked if a is not b]
    for text in [*THAI.texts(), *moves]:
        for a, b in itertools.pairwise(text):
            assert not (a in upper_vowels and b in tone_marks), text


def test_thai_chart_in_pdf_embeds_noto_sans_thai() -> None:
    """Thai labels are set in Noto Sans Thai, Latin digits in Noto Sans."""
    chart = TierChart(history=thailand().history, highlight=2025, labels=THAI)
    resources: Any = PdfReader(io.BytesIO(chart_pdf(chart, 16 * CM, 6 * CM))).pages[0]["/Resources"]
    base = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in resources["/Font"].values()}
    assert {"NotoSansThai-Regular", "NotoSans-Regular"} <= base


# --------------------------------------------------------------------------- the story's labels

#: The chart's sizes in the products, in points: the one-pager, the note as a PDF, the DOCX picture, the HTML preview.
SIZES = {"one-pager": (480.0, 81.0), "note-pdf": (470.0, 90.0), "docx": (482.0, 164.0), "html": (480.0, 142.5)}
STORY_EN = {"Down to Tier 3", "Up to Watch List", "Up to Tier 2"}
Box = tuple[float, float, float, float]


def story_texts(chart: TierChart, layout: Layout) -> list[Text]:
    words = {text for _year, text in chart.labels.moves}
    return [m for m in layout.marks if isinstance(m, Text) and m.text in words]


def text_box(mark: Text) -> Box:
    """The ink of a label: from its start to its measured width, cap height above the baseline, descenders below."""
    width = _measure_pillow(mark.text, mark.bold, mark.size)
    left = mark.x - {"start": 0.0, "middle": width / 2, "end": width}[mark.anchor]
    return (left, mark.y - 0.75 * mark.size, left + width, mark.y + 0.25 * mark.size)


def touches_dot(box: Box, dot: Dot) -> bool:
    nearest_x = min(max(dot.x, box[0]), box[2])
    nearest_y = min(max(dot.y, box[1]), box[3])
    return math.hypot(dot.x - nearest_x, dot.y - nearest_y) < dot.radius + dot.stroke_width / 2


def touches_line(box: Box, line: Line) -> bool:
    """Whether the line passes through the box, sampled every 1/400 of each segment."""
    for (ax, ay), (bx, by) in itertools.pairwise(line.points):
        for i in range(401):
            x, y = ax + (bx - ax) * i / 400, ay + (by - ay) * i / 400
            if box[0] < x < box[2] and box[1] < y < box[3]:
                return True
    return False


def collisions(chart: TierChart, layout: Layout) -> list[str]:
    """Every way a story label overlaps a dot, a mark, a line (not the grid's hairlines), a word, or leaves the plot."""
    axis = max(
        (m for m in layout.marks if isinstance(m, Line) and m.decoration and len({y for _x, y in m.points}) == 1),
        key=lambda m: m.points[0][1],
    )
    (plot_left, axis_y), _end = axis.points
    grid = [m for m in layout.marks if isinstance(m, Line) and m.decoration and len({y for _x, y in m.points}) == 1]
    labels = story_texts(chart, layout)
    found: list[str] = []
    for label in labels:
        box = text_box(label)
        if box[0] < plot_left - 0.01 or box[2] > layout.width + 0.01 or box[1] < 0 or box[3] > axis_y:
            found.append(f"{label.text!r} leaves the plot: {box}")
        for mark in layout.marks:
            if mark is label:
                continue
            match mark:
                case Dot() if touches_dot(box, mark):
                    found.append(f"{label.text!r} on a dot at {mark.x:.1f},{mark.y:.1f}")
                case Line() if mark not in grid and touches_line(box, mark):
                    found.append(f"{label.text!r} on a line {mark.points}")
                case Text() if (other := text_box(mark)) and box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                    found.append(f"{label.text!r} on the word {mark.text!r}")
                case Polygon() if any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in mark.points):
                    found.append(f"{label.text!r} on a designation mark")
                case _:
                    pass
    return found


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("language", ["en", "th"])
def test_story_labels_clear_of_everything_at_every_product_size(size: tuple[float, float], language: str) -> None:
    """At each product's size Thailand's chart labels three or four moves, none on a dot, a line, a word or outside the plot."""
    chart = thailand(language)
    layout = _layout(chart, *size, THEME, _measure_pillow)
    assert len(story_texts(chart, layout)) >= 3
    assert collisions(chart, layout) == []


def test_thailand_tells_its_story_on_the_chart() -> None:
    """The DOCX-sized chart labels the rise to today's Tier 2 in 2022, the fall to Tier 3 in 2014, the rise off it in 2016 and the rise to Tier 2 in 2018."""
    chart = thailand()
    layout = _layout(chart, *SIZES["docx"], THEME, _measure_pillow)
    texts = [m.text for m in story_texts(chart, layout)]
    assert texts == ["Up to Tier 2", "Down to Tier 3", "Up to Watch List", "Up to Tier 2"]


def test_a_story_label_sits_by_its_years_dot() -> None:
    """Each label reaches to within one year of its move's dot, across or beside it."""
    chart = thailand()
    layout = _layout(chart, *SIZES["one-pager"], THEME, _measure_pillow)
    dots = [m for m in layout.marks if isinstance(m, Dot)]  # 2001 to 2025, the highlighted year last
    pitch = dots[1].x - dots[0].x
    for mark in story_texts(chart, layout):
        left, _top, right, _bottom = text_box(mark)
        years = [year for year, text in chart.labels.moves if text == mark.text]
        assert any(left - pitch <= dots[0].x + (year - 2001) * pitch <= right + pitch for year in years), mark


def test_story_labels_in_the_pdf_the_svg_and_the_png() -> None:
    """The labels are text in the vector PDF and the SVG, and the PNG draws the same layout."""
    chart = thailand()
    text = pdf_text(chart, *SIZES["note-pdf"])
    assert all(label in text for label in STORY_EN), text
    svg = ET.fromstring(chart_svg(chart, width=640, height=190, theme=THEME, alt="a chart"))
    svg_texts = [el.text for el in svg.iter(f"{SVG}text")]
    assert set(svg_texts) >= STORY_EN
    assert svg_texts.count("Up to Tier 2") == 2
    png = chart_png(chart, width_px=1339, height_px=455, theme=THEME, dpi=200)
    colours = {"#{:02X}{:02X}{:02X}".format(*rgb) for _n, rgb in Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 16) or []}
    label_fills = {m.fill for m in story_texts(chart, _layout(chart, 1339 * 72 / 200, 455 * 72 / 200, THEME, _measure_pillow))}
    assert label_fills <= colours


def test_thai_story_labels_are_drawn() -> None:
    """A Thai chart labels its moves in Thai, in the PDF (Thai runs in Noto Sans Thai) and the SVG."""
    chart = thailand("th")
    svg = ET.fromstring(chart_svg(chart, width=640, height=190, theme=THEME, alt="แผนภูมิ"))
    assert {"ลดระดับเป็นกลุ่ม 3", "ยกระดับเป็นกลุ่ม 2"} <= {el.text for el in svg.iter(f"{SVG}text")}
    assert "ลดระดับเป็นกลุ่ม" in pdf_text(chart, *SIZES["note-pdf"])


def test_story_labels_meet_wcag_aa_on_white_and_on_the_bands() -> None:
    """Every label's colour has at least 4.5:1 contrast on white and on the Watch List and Tier 3 bands; rises and falls differ."""
    chart = thailand()
    layout = _layout(chart, *SIZES["docx"], THEME, _measure_pillow)
    bands = {m.fill for m in layout.marks if isinstance(m, Rect) and m.width > 100}
    fills = {m.text: m.fill for m in story_texts(chart, layout)}
    for fill in fills.values():
        for ground in {"#FFFFFF", *bands}:
            assert contrast(fill, ground) >= 4.5, (fill, ground)
    assert fills["Down to Tier 3"] != fills["Up to Tier 2"]


def test_a_small_chart_drops_labels_rather_than_overlap() -> None:
    """Shrunk, the chart labels fewer moves (none when the type would be tiny) and never overlaps."""
    chart = thailand()
    counts = []
    for width, height in [(482, 164), (300, 60), (240, 50), (200, 45), (150, 40)]:
        layout = _layout(chart, width, height, THEME, _measure_pillow)
        assert collisions(chart, layout) == [], (width, height)
        counts.append(len(story_texts(chart, layout)))
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == 4 and counts[-1] == 0


def test_a_flat_history_draws_no_story_labels() -> None:
    """No move, no label: the chart draws what it drew before."""
    history = TierHistory.from_pairs({y: "Tier 2" for y in range(2015, 2026)})
    chart = TierChart(history=history, highlight=2025, labels=labels(phrasebook("en"), history))
    assert chart.labels.moves == ()
    texts = {m.text for m in _layout(chart, 480, 164, THEME, _measure_pillow).marks if isinstance(m, Text)}
    assert not texts & STORY_EN


def test_a_label_for_a_year_without_a_move_is_not_drawn() -> None:
    """A hand-made chart whose labels name a year the history shows no move in draws no such label."""
    history = TierHistory.from_pairs({2020: "Tier 2", 2021: "Tier 2", 2023: "Tier 3"})
    chart = TierChart(history=history, labels=attrs.evolve(ENGLISH, moves=((2021, "Up to Tier 2"), (2023, "Down to Tier 3"))))
    texts = {m.text for m in _layout(chart, 480, 164, THEME, _measure_pillow).marks if isinstance(m, Text)}
    assert not texts & STORY_EN


def test_at_most_four_labels() -> None:
    """Given more moves than four, the chart draws four at most."""
    history = TierHistory.from_pairs({y: ("Tier 2" if y % 2 else "Tier 2 Watch List") for y in range(2004, 2026)})
    moves = tuple((m.year, "Up" if m.after is Tier.TIER_2 else "Down") for m in history.moves())
    chart = TierChart(history=history, labels=attrs.evolve(ENGLISH, moves=moves))
    layout = _layout(chart, 900, 300, THEME, _measure_pillow)
    assert len([m for m in layout.marks if isinstance(m, Text) and m.text in ("Up", "Down")]) == 4


_TIERS = st.sampled_from(["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case"])


@given(
    placements=st.dictionaries(st.integers(2004, 2025), _TIERS, min_size=2, max_size=22),
    width=st.floats(150, 700),
    height=st.floats(45, 260),
    waiver=st.booleans(),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_story_labels_never_collide(placements: dict[int, str], width: float, height: float, waiver: bool) -> None:
    """Any history at any size: the labels drawn touch no dot, line, word or mark, keep apart, and stay in the plot."""
    history = TierHistory.from_pairs(placements)
    if waiver:  # a legend under the axis
        first_wl = next((p for p in history.placements if p.tier is Tier.TIER_2_WATCH_LIST), None)
        if first_wl is not None:
            history = TierHistory(placements=tuple(attrs.evolve(p, waiver=p is first_wl) for p in history.placements))
    chart = TierChart(history=history, highlight=max(placements), labels=labels(phrasebook("en"), history))
    layout = _layout(chart, width, height, THEME, _measure_pillow)
    assert collisions(chart, layout) == []
    # Apart from each other by an em on a line, and no leader within 0.4 em of the data line.
    assert label_gaps(chart, layout) == []
    drawn = story_texts(chart, layout)
    if drawn:
        assert leader_clearance(layout) >= 0.4 * drawn[0].size - 1e-6


def test_story_labels_are_inside_the_tagged_figure() -> None:
    """In the tagged one-pager the labels are the Figure's own content, and its Alt names the moves."""
    from tagged_pdf import elements, texts_by_mcid

    data = tr.render(tr.load(EXAMPLE), product="one-pager", format="pdf")
    assert isinstance(data, bytes)
    figure = next(e for e in elements(data) if e.role == "Figure")
    texts = texts_by_mcid(data)
    inside = " ".join(texts.get(m, "") for m in figure.mcids)
    outside = " ".join(t for key, t in texts.items() if key not in figure.mcids)
    assert "Down to Tier 3" in inside and "Up to Tier 2" in inside
    assert "Down to Tier 3" not in outside and "Up to Tier 2" not in outside
    assert "Main moves: down to Tier 3 in 2014;" in figure.attrs["Alt"]


# --------------------------------------------------------------------------- the review: the latest move, leaders, gaps, contrast

ROOT = Path(__file__).parent.parent


def qatar_2015() -> tr.Briefing:
    """Qatar's 2015 briefing from the Kelley–Heiss table: Watch List, down from Tier 2 in 2014."""
    from tipreports.datasets import briefings_from_placements, read_tier_placements

    briefings, _skipped = briefings_from_placements(read_tier_placements(DATA / "tier_placements_2001_2015.csv"), year=2015, countries=["QAT"])
    return briefings["qatar-2015"]


def drawn_layouts(briefing: tr.Briefing, product: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[TierChart, Layout]]:
    """The charts a product's PDF draws, with the layouts it draws them from (recorded as the PDF is made)."""
    from tipreports.render import _chart

    seen: list[tuple[TierChart, Layout]] = []
    original = _chart._layout

    def recording(chart: TierChart, width: float, height: float, theme: Theme, measure: Any) -> Layout:
        layout = original(chart, width, height, theme, measure)
        seen.append((chart, layout))
        return layout

    monkeypatch.setattr(_chart, "_layout", recording)
    _chart._canvas_layout.cache_clear()
    tr.render(briefing, product=product, format="pdf")
    _chart._canvas_layout.cache_clear()
    assert seen
    return seen[-1:]


def year_xs(layout: Layout) -> dict[int, float]:
    """Each year's x, read off the axis ticks (one per year from 2001)."""
    axis = max(m.points[0][1] for m in layout.marks if isinstance(m, Line) and m.decoration and len({y for _x, y in m.points}) == 1)
    ticks = sorted(
        m.points[0][0]
        for m in layout.marks
        if isinstance(m, Line) and m.decoration and len(m.points) == 2 and m.points[0][0] == m.points[1][0] and m.points[0][1] == axis
    )
    return {2001 + i: x for i, x in enumerate(ticks)}


def leaders(layout: Layout) -> list[Line]:
    """The thin lines from story labels to their dots: vertical, above the axis, not the highlighted year's guide (which reaches the axis)."""
    axis = max(year_xs(layout) and [m.points[0][1] for m in layout.marks if isinstance(m, Line) and m.decoration and len({y for _x, y in m.points}) == 1])
    return [
        m
        for m in layout.marks
        if isinstance(m, Line) and m.decoration and len(m.points) == 2 and m.points[0][0] == m.points[1][0] and max(m.points[0][1], m.points[1][1]) < axis - 0.01
    ]


def label_years(chart: TierChart, layout: Layout) -> list[tuple[Text, int]]:
    """Each story label with the year of its move: of the moves it could name, the one whose dot is nearest its box or leader."""
    xs = year_xs(layout)
    dots = [m for m in layout.marks if isinstance(m, Dot) and m.fill != "#FFFFFF" and m.y < max(m2.y for m2 in layout.marks if isinstance(m2, Text))]
    found = []
    for mark in story_texts(chart, layout):
        box = text_box(mark)
        # The label's own leader: one end at its box (a little above or below it).
        ends = [
            p
            for line in leaders(layout)
            if any(box[0] <= x <= box[2] and box[1] - mark.size <= y <= box[3] + mark.size for x, y in line.points)
            for p in line.points
        ]
        best: tuple[float, int] | None = None
        for year in (y for y, text in chart.labels.moves if text == mark.text):
            dot = next(d for d in dots if abs(d.x - xs[year]) < 0.01)
            reach = [(min(max(dot.x, box[0]), box[2]), min(max(dot.y, box[1]), box[3]))]
            reach += [p for p in ends if abs(p[0] - dot.x) < 0.01]
            distance = min(math.hypot(dot.x - x, dot.y - y) for x, y in reach)
            if best is None or distance < best[0]:
                best = (distance, year)
        assert best is not None
        found.append((mark, best[1]))
    return found


def distance_to_segment(point: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.hypot(point[0] - a[0] - t * dx, point[1] - a[1] - t * dy)


def leader_clearance(layout: Layout) -> float:
    """The least distance from any leader to the data line, sampled every 1/200 of each leader."""
    data = [m for m in layout.marks if isinstance(m, Line) and not m.decoration]
    least = math.inf
    for leader in leaders(layout):
        (ax, ay), (bx, by) = leader.points
        for i in range(201):
            point = (ax + (bx - ax) * i / 200, ay + (by - ay) * i / 200)
            for line in data:
                for a, b in itertools.pairwise(line.points):
                    least = min(least, distance_to_segment(point, a, b))
    return least


def label_gaps(chart: TierChart, layout: Layout) -> list[str]:
    """Pairs of story labels closer than an em side by side, or half an em above or below."""
    found = []
    for a, b in itertools.combinations(story_texts(chart, layout), 2):
        p, q = text_box(a), text_box(b)
        across = max(q[0] - p[2], p[0] - q[2])
        down = max(q[1] - p[3], p[1] - q[3])
        if across < a.size and down < a.size / 2:
            found.append(f"{a.text!r} and {b.text!r}: {across:.1f} pt apart across, {down:.1f} down")
    return found


PRODUCTS = {
    "thailand one-pager": (lambda: tr.load(EXAMPLE), "one-pager"),
    "thailand note": (lambda: tr.load(EXAMPLE), "briefing-note"),
    "cambodia one-pager": (lambda: tr.load(ROOT / "examples" / "cambodia_2025.yaml"), "one-pager"),
    "qatar 2015 one-pager": (qatar_2015, "one-pager"),
}


def test_qatar_labels_its_fall_to_the_watch_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qatar 2015's one-pager labels 2014, the move that explains the Watch List badge, beside 2003, 2005 and 2007."""
    [(chart, layout)] = drawn_layouts(qatar_2015(), "one-pager", monkeypatch)
    told = sorted((year, mark.text) for mark, year in label_years(chart, layout))
    assert told == [(2003, "Up to Tier 2"), (2005, "Down to Tier 3"), (2007, "Down to Tier 3"), (2014, "Down to Watch List")]


def test_thailand_one_pager_still_labels_2014_2018_and_2022(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thailand's one-pager keeps the fall to Tier 3 and both rises to Tier 2 (2022 explains today's tier)."""
    [(chart, layout)] = drawn_layouts(tr.load(EXAMPLE), "one-pager", monkeypatch)
    years = {year for _mark, year in label_years(chart, layout)}
    assert {2014, 2018, 2022} <= years


@pytest.mark.parametrize("name", PRODUCTS)
def test_a_story_label_is_centred_nearer_its_own_year_than_any_other(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the products, each label's horizontal centre is nearer its move's year than any neighbour's: it cannot be read as theirs."""
    make, product = PRODUCTS[name]
    [(chart, layout)] = drawn_layouts(make(), product, monkeypatch)
    xs = year_xs(layout)
    pairs = label_years(chart, layout)
    assert len(pairs) >= 3
    for mark, year in pairs:
        box = text_box(mark)
        centre = (box[0] + box[2]) / 2
        nearest = min(xs, key=lambda y: abs(xs[y] - centre))
        assert nearest == year, (mark.text, year, nearest)


@pytest.mark.parametrize("name", PRODUCTS)
def test_leaders_keep_off_the_data_line_and_labels_keep_apart(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No leader runs within 3 pt of the data line (or crosses it), and no two labels sit within an em of each other on a line."""
    make, product = PRODUCTS[name]
    [(chart, layout)] = drawn_layouts(make(), product, monkeypatch)
    assert leader_clearance(layout) >= 3.0
    assert label_gaps(chart, layout) == []
    assert collisions(chart, layout) == []


def test_cambodias_2002_label_sits_under_its_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cambodia's fall to Tier 3 in 2002 is labelled under the 2002 dot, without a leader, as the falls of 2005 and 2022 are."""
    [(chart, layout)] = drawn_layouts(tr.load(ROOT / "examples" / "cambodia_2025.yaml"), "one-pager", monkeypatch)
    xs = year_xs(layout)
    dots = {round(m.x, 2): m for m in layout.marks if isinstance(m, Dot) and m.fill != "#FFFFFF"}
    falls = {year: mark for mark, year in label_years(chart, layout) if mark.text == "Down to Tier 3"}
    assert sorted(falls) == [2002, 2005, 2022]
    for year, mark in falls.items():
        dot = dots[round(xs[year], 2)]
        assert 0 < text_box(mark)[1] - dot.y < 3 * mark.size, year
    assert leaders(layout) == []


def text_grounds(layout: Layout, mark: Text) -> set[str]:
    """White, and the fill of every band the text's box overlaps."""
    box = text_box(mark)
    bands = [m for m in layout.marks if isinstance(m, Rect) and m.width > layout.width / 2]
    return {"#FFFFFF"} | {b.fill for b in bands if box[0] < b.x + b.width and b.x < box[2] and box[1] < b.y + b.height and b.y < box[3]}


@pytest.mark.parametrize(
    "theme", [THEME, Theme(accent="#8FB3D9", muted="#9AA3AD")], ids=["default", "pale accent and muted"]
)
def test_every_word_of_the_chart_meets_wcag_aa(theme: Theme) -> None:
    """Every text mark, row labels included, has 4.5:1 on white and on any band under it; each row label also on its own row's band."""
    history = thailand_history()
    history = TierHistory(placements=tuple(attrs.evolve(p, waiver=p.year == 2013) for p in history.placements))
    chart = TierChart(history=history, highlight=2025, labels=labels(phrasebook("en"), history))
    layout = _layout(chart, *SIZES["docx"], theme, _measure_pillow)
    texts = [m for m in layout.marks if isinstance(m, Text)]
    assert {"Watch List", "Tier 3", "2001", "Down to Tier 3"} <= {m.text for m in texts}
    for mark in texts:
        for ground in text_grounds(layout, mark):
            assert contrast(mark.fill, ground) >= 4.5, (mark.text, mark.fill, ground)
    bands = sorted((m for m in layout.marks if isinstance(m, Rect) and m.width > layout.width / 2), key=lambda m: m.y)
    rows = {m.text: m for m in texts if m.anchor == "end"}
    for name, band in zip(("Watch List", "Tier 3"), bands, strict=True):
        assert contrast(rows[name].fill, band.fill) >= 4.5, (name, rows[name].fill, band.fill)
