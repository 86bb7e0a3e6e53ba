"""
The one-pager read at a glance, measured in the PDF: the tier badge's size and contrast, the bottom
line, citations bound to their word, the footer clear of the paper's edge, one page in every language.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import pytest
from pypdf import PdfReader

import tipreports as tr
from tipreports.model import Tier, TierHistory
from tipreports.render._chart import TIER_3_COLOUR, tier_colours
from tipreports.render._colour import contrast, legible
from tipreports.theme import Theme
from tipreports.wording import phrasebook

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "examples" / "thailand_2025.yaml"
THAI = ROOT / "examples" / "thailand_2025_th.yaml"
MM = 72 / 25.4


def briefing(language: str) -> tr.Briefing:
    if language == "en":
        return tr.load(ENGLISH)
    pytest.importorskip("pythainlp")
    pytest.importorskip("uharfbuzz")
    thai = tr.load(THAI)
    return thai if language == "bilingual" else attrs.evolve(thai, translation=None)


def one_pager(brief: tr.Briefing) -> tuple[bytes, tr.Output]:
    out = tr.build(brief, "one-pager", "pdf")
    assert isinstance(out.data, bytes)
    return out.data, out


def fragments(data: bytes) -> list[tuple[str, float, float]]:
    """(text, size on the page in points, baseline y) of every text show on the first page."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text.strip():
            # The size as drawn: the font size through the text matrix and the page's scaling.
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            found.append((text, size * scale, cm[1] * tm[4] + cm[3] * tm[5] + cm[5]))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def lines(data: bytes) -> list[str]:
    return [
        line for page in PdfReader(io.BytesIO(data)).pages for line in (page.extract_text() or "").split("\n")
    ]


LANGUAGES = ["en", "th", "bilingual"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_page_in_every_language_with_no_page_number(language: str) -> None:
    """Exactly one page; "Page 1 of 1" tells a reader nothing and is not printed."""
    data, out = one_pager(briefing(language))
    assert len(PdfReader(io.BytesIO(data)).pages) == 1 and out.pages == 1
    text = " ".join(lines(data))
    assert "Page 1 of 1" not in text and "1 จาก 1" not in text


@pytest.mark.parametrize("shrink", [False, True], ids=["example", "shrunk"])
def test_badge_sets_the_tier_at_18_pt_or_more(shrink: bool) -> None:
    """ "TIER 2" is set at 18 pt or more as printed, even on a page shrunk to fit."""
    brief = briefing("en")
    if shrink:
        a = brief.assessment
        assert a is not None
        brief = attrs.evolve(brief, assessment=attrs.evolve(a, concerns=a.concerns * 2))
    data, out = one_pager(brief)
    assert (out.fit is not None and (out.fit.policy == "shrunk") == shrink) or not shrink
    sizes = [size for text, size, _y in fragments(data) if "TIER 2" in text]
    assert sizes and min(sizes) >= 18, sizes


def test_thai_badge_sets_the_tier_large() -> None:
    """The Thai badge's tier number is set at 18 pt or more too."""
    data, _out = one_pager(briefing("th"))
    assert any("2" in text and size >= 18 for text, size, _y in fragments(data))


@pytest.mark.parametrize("accent", ["#1F4E79", "#2E7D32", "#8E24AA", "#F9A825", "#90CAF9"])
def test_badge_text_meets_wcag_aa_on_every_tier(accent: str) -> None:
    """White text on each tier's badge (and the designation badge) reaches 4.5:1, whatever the house accent."""
    theme = Theme(accent=accent)
    fills = [*tier_colours(theme).values(), TIER_3_COLOUR]
    for fill in fills:
        assert contrast(legible(fill, ("#FFFFFF",), theme.ink), "#FFFFFF") >= 4.5, fill


def test_movement_has_a_symbol_as_well_as_words() -> None:
    """The badge says the movement in a shape as well as in words: ■ kept, ▲ up, ▼ down."""
    brief = briefing("en")
    a = brief.assessment
    assert a is not None
    say = phrasebook("en")
    assert say.badge_movement(a) == "\u25a0 Remained, 4th consecutive year"

    def until(year: int) -> TierHistory:
        return TierHistory(placements=tuple(p for p in a.tier_history.placements if p.year <= year))

    up = attrs.evolve(a, report_year=2022, tier=Tier.TIER_2, release_date=None, tier_history=until(2022))
    assert say.badge_movement(up).startswith("\u25b2 Upgraded from")
    down = attrs.evolve(a, report_year=2014, tier=Tier.TIER_3, release_date=None, tier_history=until(2014))
    assert say.badge_movement(down).startswith("\u25bc Downgraded from")
    assert phrasebook("th").badge_movement(a).startswith("\u25a0 ")


@pytest.mark.parametrize("language", ["en", "th"])
def test_bottom_line_is_on_the_page(language: str) -> None:
    """The considerations close the page under "What this means"; without them the heading stays out."""
    brief = briefing(language)
    heading = phrasebook(language).label("what_this_means")
    data, _out = one_pager(brief)
    text = "".join("".join(lines(data)).split())
    assert "".join(heading.split()) in text
    assert brief.considerations
    assert all("".join(c.text.split())[:12] in text for c in brief.considerations)
    without, _out = one_pager(attrs.evolve(brief, considerations=()))
    assert "".join(heading.split()) not in "".join("".join(lines(without)).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_citation_stands_alone_on_a_line(language: str) -> None:
    """A "[2]" is bound to the word before it: no extracted line is only a citation."""
    data, _out = one_pager(briefing(language))
    alone = [line for line in lines(data) if re.fullmatch(r"\s*(\[\d+\]\s*)+", line)]
    assert alone == []


def test_footer_marking_is_10_mm_from_the_edge() -> None:
    """Nothing is drawn within 10 mm of the paper's lower edge (office printers do not print there)."""
    data, _out = one_pager(briefing("en"))
    lowest: list[float] = []

    def visit(operator: bytes, args: list[Any], cm: list[float], _tm: list[float]) -> None:
        if operator == b"re":
            x, y, _w, h = (float(v) for v in args)
            for yy in (y, y + h):
                lowest.append(cm[1] * x + cm[3] * yy + cm[5])

    page = PdfReader(io.BytesIO(data)).pages[0]
    page.extract_text(visitor_operand_before=visit)
    texts = [y for _t, _s, y in fragments(data)]
    assert lowest and texts
    assert min(lowest) >= 10 * MM, min(lowest) / MM
    assert min(texts) >= 10 * MM


def test_sub_heads_have_a_tone_by_colour_and_marker() -> None:
    """Strengths/Progress and Challenges/Concerns carry a tone; each tone's colour reaches 4.5:1 on white."""
    from tipreports.compose import compose
    from tipreports.document import Columns, Heading
    from tipreports.render._fonts import register_fonts
    from tipreports.render.pdf._styles import styles_for

    document = compose(briefing("en"), "one-pager")
    columns = next(b for b in document.blocks if isinstance(b, Columns))
    tones = {
        "".join(r.text for r in b.runs): b.tone for column in columns.columns for b in column if isinstance(b, Heading)
    }
    assert tones["Strengths"] == tones["Progress"] == "positive"
    assert tones["Challenges"] == tones["Concerns"] == "negative"
    theme = Theme()
    styles = styles_for(theme, register_fonts(theme), 9.0)
    colours = {tone: styles.tones[tone].textColor.hexval()[2:] for tone in ("positive", "negative")}
    assert colours["positive"] != colours["negative"]
    for colour in colours.values():
        assert contrast(f"#{colour.upper()}", "#FFFFFF") >= 4.5


# -- the page filled: full size, the panel identified, no empty band, tier data only -----------------------

CAMBODIA = ROOT / "examples" / "cambodia_2025.yaml"
MALAYSIA = ROOT / "examples" / "malaysia_2020.yaml"
PLACEMENTS = ROOT / "tests" / "data" / "tier_placements_2001_2015.csv"


def batch_briefing(country: str) -> tr.Briefing:
    """A batch one-pager's briefing: tier data only, from the Kelley–Heiss dataset."""
    from tipreports.datasets import briefings_from_placements, read_tier_placements

    found, _skipped = briefings_from_placements(read_tier_placements(PLACEMENTS), countries=[country], date=dt.date(2015, 7, 27))
    (brief,) = found.values()
    return brief


def squashed(data: bytes) -> str:
    """The page's text without white space; NFKC, as pypdf gets Thai only up to HarfBuzz's mark order."""
    return unicodedata.normalize("NFKC", "".join("".join(lines(data)).split()))


@pytest.mark.parametrize("language", ["en", "th"])
def test_bundled_one_pager_is_set_at_full_size(language: str) -> None:
    """The bundled example fits its page as it is, with the panel's title under the badge: no shrinking."""
    _data, out = one_pager(briefing(language))
    assert out.fit is not None and out.fit.policy == "as-is" and out.fit.scale == 1.0


@pytest.mark.parametrize("language", ["en", "th"])
def test_panel_is_identified_by_title_presenters_and_event(language: str) -> None:
    """The one-pager names the panel (its title), who presented it and at which event."""
    brief = briefing(language)
    assert brief.panel is not None and brief.event is not None
    text = squashed(one_pager(brief)[0])
    assert unicodedata.normalize("NFKC", "".join(brief.panel.title.split())) in text
    credit = phrasebook(language).panel_credit(brief.panel, brief.event)
    assert unicodedata.normalize("NFKC", "".join(credit.split())) in text
    if language == "en":
        assert credit == "Co-presented by Freedom Collaborative at TIPNET 2025 (more than 170 participants from more than 50 agencies)."


def _largest_blank_band(data: bytes, tmp_path: Path) -> float:
    """The tallest run of blank pixel rows between the header band and the footer, as a share of the page."""
    Image = pytest.importorskip("PIL.Image")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    width, height = image.size
    pixels = image.load()
    inked = [any(pixels[x, y] < 200 for x in range(int(width * 0.06), int(width * 0.94))) for y in range(height)]
    # The body starts under the tinted header band (the first white row past the top) and ends above the footer.
    start = next(y for y in range(10, height) if pixels[width // 2, y] > 250)
    end = height - int(height * 0.08)
    best = run = 0
    for ink in inked[start:end]:
        run = 0 if ink else run + 1
        best = max(best, run)
    return best / height


@pytest.mark.parametrize(
    "case", ["en", "th", "cambodia", "malaysia", "batch-THA", "batch-GBR", "batch-KHM"]
)
def test_no_empty_band_on_the_page(case: str, tmp_path: Path) -> None:
    """
    No band above the sources is left empty: the chart grows into free room, then the sections spread.

    In 0.1 and until this change a batch one-pager (tier data only) was more
    than half white under its chart (a blank band of 0.55 of the page).
    """
    if case.startswith("batch-"):
        brief = batch_briefing(case.removeprefix("batch-"))
    else:
        brief = {"cambodia": lambda: tr.load(CAMBODIA), "malaysia": lambda: tr.load(MALAYSIA)}.get(case, lambda: briefing(case))()
    data, _out = one_pager(brief)
    assert _largest_blank_band(data, tmp_path) < 0.10


def test_tier_data_only_page_has_placements_by_period_and_what_the_tiers_mean() -> None:
    """With no findings, the one-pager shows the placements by period (a missing stretch said), the tiers' meaning and the standard sentence."""
    cambodia = tr.load(CAMBODIA)
    text = "\n".join(lines(one_pager(cambodia)[0]))
    for row in ("2022–2025 Tier 3 4 state-sponsored trafficking: 2025", "2019–2021 Tier 2 Watch List 3 waiver in 2021",
                "2016–2018 — not given in the sources", "2001 Tier 2 1"):  # fmt: skip
        assert " ".join(row.split()) in " ".join(text.split()), row
    assert "Placements by period" in text and "What the tiers mean" in text
    assert "does not fully meet the minimum standards and is not making significant efforts" in " ".join(text.split())
    # A history with nothing to note has no Notes column.
    uk = "\n".join(lines(one_pager(batch_briefing("GBR"))[0]))
    assert "2001–2015 Tier 1 15" in " ".join(uk.split()) and "Notes" not in uk
    # A page with findings has no room for them and needs none.
    full = "\n".join(lines(one_pager(briefing("en"))[0]))
    assert "Placements by period" not in full and "What the tiers mean" not in full


def test_chart_grows_into_free_room_up_to_its_tallest() -> None:
    """The chart is 8 body sizes tall on a full page and grows (to at most 3.6 times that) where the page has room."""
    from tipreports.render.pdf._build import FIGURE_GROWTH, ONE_PAGER_FIGURE

    def figure_height(data: bytes) -> float:
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            boxes = [
                [float(v) for v in obj.A.BBox]
                for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure" and "/A" in obj
            ]
        (box,) = boxes
        return box[3] - box[1]

    shortest = 9.0 * ONE_PAGER_FIGURE
    full = figure_height(one_pager(briefing("en"))[0])
    batch = figure_height(one_pager(batch_briefing("THA"))[0])
    assert shortest - 0.01 <= full < shortest * 1.2
    assert full < batch <= shortest * FIGURE_GROWTH + 0.01


def test_table_columns_never_break_a_word() -> None:
    """A table gives every column its longest word: "2022–2025" is never broken, nor a tier's name bound by no-break spaces."""
    found = lines(one_pager(tr.load(CAMBODIA))[0])
    text = " ".join(found)
    assert text.count("2022–2025") == 1 and "2022–202 " not in text
    # Cambodia has four Watch List periods; each row says the tier's name on one line.
    rows = [line for line in found if line.startswith("Tier") and "Watch" in line]
    assert len(rows) == 4 and all(" ".join(line.split()) == "Tier 2 Watch List" for line in rows), rows


@pytest.mark.parametrize("case", ["en", "batch-THA"])
def test_title_lines_are_balanced(case: str) -> None:
    """A title of two lines breaks into lines of like length: never a last word alone ("…tier / placement")."""
    brief = batch_briefing("THA") if case.startswith("batch-") else briefing(case)
    data, _out = one_pager(brief)
    title = " ".join(brief.title.split())
    found = [line.strip() for line in lines(data)]
    # The title's lines are the extracted lines that, joined, make the title.
    start = next(i for i, line in enumerate(found) if line and title.startswith(line))
    parts: list[str] = []
    for line in found[start:]:
        parts.append(line)
        if " ".join(parts) == title:
            break
    assert " ".join(parts) == title and len(parts) == 2, parts
    short, long = sorted(len(p) for p in parts)
    assert len(parts[-1].split()) >= 2 and short >= long * 0.5, parts
