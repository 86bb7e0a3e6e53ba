"""
What is kept for the process gives what a fresh computation gives, and never another input's result.

The writers keep, per process: painted chart PNGs, Thai shapes, PDF font
subsets (made and compressed), deflated DOCX parts, and one watchdog thread for
templates. Each is checked against its uncached computation, and inputs that
differ are checked to get results that differ.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import attrs
import docx
import pytest

import tipreports as tr
from tipreports.document import ChartLabels, TierChart
from tipreports.model.tier import Tier, TierHistory
from tipreports.render._chart import chart_png
from tipreports.render._docx_xml import normalise_zip, package_parts, write_zip
from tipreports.render._fonts import FONT_BOLD, FONT_REGULAR, register_fonts
from tipreports.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thailand_2025.yaml"
THAI_EXAMPLE = ROOT / "examples" / "thailand_2025_th.yaml"


def _zipfile_reference(entries: dict[str, bytes]) -> bytes:
    """The normalised zip as Python's zipfile writes it (the writer's former code)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 0
            info.external_attr = 0
            if name.endswith((".png", ".jpeg", ".jpg")):
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, entries[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def _parts(data: bytes | str) -> dict[str, bytes]:
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


# --------------------------------------------------------------------------- DOCX zip


def test_the_zip_is_byte_for_byte_what_zipfile_writes() -> None:
    """For the example notes (English and Thai), the zip writer's bytes are zipfile's, first time and from the cache."""
    for path in (EXAMPLE, THAI_EXAMPLE):
        entries = _parts(tr.render(tr.load(path), product="briefing-note", format="docx"))
        assert write_zip(entries) == _zipfile_reference(entries)
        assert write_zip(entries) == _zipfile_reference(entries)  # the shared parts now come from the cache


def test_the_zip_keeps_parts_apart() -> None:
    """Parts with the same name and different bytes, or the same bytes under other names, come back as written."""
    first = {"[Content_Types].xml": b"<Types/>", "word/a.xml": b"<a>" * 500, "word/media/i.png": b"\x89PNG"}
    second = {**first, "word/a.xml": b"<b>" * 500, "word/b.xml": b"<a>" * 500, "word/médias/ü.xml": b"<c/>"}
    for entries in (first, second, first):
        data = write_zip(entries)
        assert _parts(data) == entries
        assert data == _zipfile_reference(entries)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            assert z.getinfo("word/media/i.png").compress_type == zipfile.ZIP_STORED


def test_package_parts_are_what_python_docx_saves() -> None:
    """The parts taken straight from python-docx are the parts its own save writes."""
    word = docx.Document()
    word.add_paragraph("Tier 2 — 2025")
    saved = io.BytesIO()
    word.save(saved)
    assert package_parts(word) == _parts(saved.getvalue())
    assert normalise_zip(package_parts(word)) == normalise_zip(saved.getvalue())


# --------------------------------------------------------------------------- chart PNG


def _chart(**changes: object) -> TierChart:
    chart = TierChart(history=TierHistory.from_pairs({2023: "Tier 2", 2024: "Tier 2 Watch List", 2025: "Tier 2"}),
                      highlight=2025, labels=ChartLabels())  # fmt: skip
    return attrs.evolve(chart, **changes)


def test_a_cached_chart_is_the_chart_painted_afresh() -> None:
    """The PNG from the cache is the bytes of a fresh painting."""
    chart = _chart()
    cached = chart_png(chart, width_px=800, height_px=300, theme=Theme())
    assert chart_png(chart, width_px=800, height_px=300, theme=Theme()) is cached
    assert chart_png.__wrapped__(chart, width_px=800, height_px=300, theme=Theme()) == cached


def test_charts_that_differ_are_painted_apart() -> None:
    """Another history, highlight, label, theme colour or size never gets a cached chart of another."""
    base = dict(width_px=800, height_px=300, theme=Theme())
    variants = {
        "base": chart_png(_chart(), **base),
        "history": chart_png(_chart(history=TierHistory.from_pairs({2023: "Tier 3", 2024: "Tier 2 Watch List", 2025: "Tier 2"})), **base),
        "highlight": chart_png(_chart(highlight=2024), **base),
        "labels": chart_png(_chart(labels=ChartLabels(tiers=tuple((t, t.code + "!") for t in Tier))), **base),
        "theme": chart_png(_chart(), width_px=800, height_px=300, theme=Theme(accent="#8B0000")),
        "size": chart_png(_chart(), width_px=801, height_px=300, theme=Theme()),
    }
    assert len(set(variants.values())) == len(variants)
    for name, data in variants.items():
        assert data == chart_png(_chart(), **base) if name == "base" else data != variants["base"]


def test_a_chart_painted_after_others_is_the_chart_painted_first() -> None:
    """The words a chart takes from the charts painted before it give the pixels it would paint alone."""
    from tipreports.render import _chart as chart_module

    base = {"width_px": 1339, "height_px": 455, "theme": Theme(), "dpi": 200}
    others = [_chart(highlight=2024), _chart(history=TierHistory.from_pairs({2023: "Tier 3", 2024: "Tier 3", 2025: "Tier 2"}))]
    for other in others:
        chart_png.__wrapped__(other, **base)
    after_others = chart_png.__wrapped__(_chart(), **base)
    chart_module._text_mask.cache_clear()
    assert chart_png.__wrapped__(_chart(), **base) == after_others


def test_cached_words_are_the_pixels_pillow_draws() -> None:
    """Text pasted from the cache equals ImageDraw.text at the same place, whole and fractional pixels alike."""
    from PIL import Image, ImageDraw

    from tipreports.render import _chart as chart_module

    font = chart_module._pil_font(False, 22.2)
    for x, y in ((10.0, 30.0), (10.37, 30.81), (123.5, 40.25), (0.4, 25.9)):
        for text in ("2025", "Tier 2 Watch List", "Ÿ jq"):
            ours, pillows = Image.new("RGB", (260, 60), "#FFFFFF"), Image.new("RGB", (260, 60), "#FFFFFF")
            chart_module._draw_text(ImageDraw.Draw(ours), x, y, text, "#1F4E79", font)
            ImageDraw.Draw(pillows).text((x, y), text, fill="#1F4E79", font=font, anchor="ls")
            assert ours.tobytes() == pillows.tobytes(), (text, x, y)


# --------------------------------------------------------------------------- PDF font subsets


def test_a_cached_font_subset_is_what_reportlab_makes() -> None:
    """A subset from the cache is ReportLab's own subset of the same characters; other characters, other bytes."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace

    register_fonts()
    face = pdfmetrics.getFont(FONT_REGULAR).face
    latin = [0, *map(ord, "Tier 2 Watch List")]
    other = [0, *map(ord, "Côte d’Ivoire")]
    for codes in (latin, other, latin):
        assert face.makeSubset(codes) == TTFontFace.makeSubset(face, codes)
    assert face.makeSubset(latin) != face.makeSubset(other)
    assert face.makeSubset(latin) != pdfmetrics.getFont(FONT_BOLD).face.makeSubset(latin)


_FRESH = """
import hashlib, sys, attrs, tipreports as tr
brief = tr.load(sys.argv[1])
print(hashlib.sha256(tr.render(attrs.evolve(brief, subtitle=sys.argv[2]), product="one-pager", format="pdf")).hexdigest())
"""


@pytest.mark.parametrize("path", [EXAMPLE, THAI_EXAMPLE], ids=["english", "thai"])
def test_a_pdf_after_others_is_the_pdf_of_a_fresh_process(path: Path) -> None:
    """After other one-pagers filled the caches (subsets, shapes, layouts), a one-pager's bytes are a fresh process's."""
    if path == THAI_EXAMPLE:
        pytest.importorskip("pythainlp")
    brief = tr.load(path)
    for subtitle in ("Côte d’Ivoire, São Tomé", brief.subtitle, "Tier 2 — 2025"):
        tr.render(attrs.evolve(brief, subtitle=subtitle), product="one-pager", format="pdf")
    subtitle = "Curaçao and Türkiye"
    here = hashlib.sha256(tr.render(attrs.evolve(brief, subtitle=subtitle), product="one-pager", format="pdf")).hexdigest()
    fresh = subprocess.run([sys.executable, "-c", _FRESH, str(path), subtitle], capture_output=True, text=True, check=True)
    assert fresh.stdout.strip() == here


# --------------------------------------------------------------------------- Thai shapes


def test_a_cached_thai_shape_is_a_fresh_shape() -> None:
    """The cached ShapedStr has the glyphs and advances of a fresh shaping; another size or font is shaped apart."""
    pytest.importorskip("uharfbuzz")
    from tipreports.render._fonts import THAI_BOLD, THAI_REGULAR, register_thai_fonts
    from tipreports.render.pdf._thai import _shape

    register_thai_fonts()

    def glyphs(shaped: object) -> list[tuple[float, ...]]:
        return [tuple(g) for g in shaped.__shapeData__]  # type: ignore[attr-defined]

    text = "การค้ามนุษย์ที่นี่"
    cached = _shape(text, THAI_REGULAR, 9.0)
    assert _shape(text, THAI_REGULAR, 9.0) is cached
    assert glyphs(cached) == glyphs(_shape.__wrapped__(text, THAI_REGULAR, 9.0))
    assert str(cached) == str(_shape.__wrapped__(text, THAI_REGULAR, 9.0))
    assert glyphs(_shape(text, THAI_BOLD, 9.0)) != glyphs(cached)
    assert _shape("ที่นี่", THAI_REGULAR, 9.0) is not cached


# --------------------------------------------------------------------------- templates


def test_renders_share_one_deadline_thread(example: tr.Briefing) -> None:
    """Twenty renders leave at most one thread behind (the watchdog), not one timer thread each."""
    before = threading.active_count()
    for i in range(20):
        tr.render(attrs.evolve(example, subtitle=f"run {i}"), product="briefing-note", format="md")
    assert threading.active_count() - before <= 1
    assert [t.name for t in threading.enumerate()].count("tipreports-template-deadline") == 1


# --------------------------------------------------------------------------- compiled templates

_NOTE_TEXT = """
import sys
import tipreports as tr
print(tr.render(tr.load(sys.argv[1]), product="briefing-note", format="md"))
"""


def _note_in_fresh_process(tmp: Path) -> str:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.run([sys.executable, "-c", _NOTE_TEXT, str(EXAMPLE)], capture_output=True, text=True, check=True, env=env).stdout


def test_compiled_templates_kept_for_the_next_process_give_the_same_note(tmp_path: Path) -> None:
    """The bundled templates' code, compiled by one process and loaded by the next, writes the note a compiling process writes."""
    compiling = _note_in_fresh_process(tmp_path)
    kept = sorted(path.name for path in tmp_path.glob("_jinja2-cache-*/tipreports-*.cache"))
    assert kept, "the compiled templates were not kept"
    assert _note_in_fresh_process(tmp_path) == compiling
    assert compiling.strip() == tr.render(tr.load(EXAMPLE), product="briefing-note", format="md").strip()


def test_a_cache_folder_that_is_not_a_safe_folder_only_means_compiling(tmp_path: Path) -> None:
    """A file where Jinja2's per-user cache folder would be: the note is written all the same, and nothing is kept."""
    squatted = tmp_path / f"_jinja2-cache-{os.getuid()}"
    squatted.write_bytes(b"not a folder")
    note = _note_in_fresh_process(tmp_path)
    assert note.strip() == tr.render(tr.load(EXAMPLE), product="briefing-note", format="md").strip()
    assert squatted.read_bytes() == b"not a folder"
    assert [path.name for path in tmp_path.iterdir()] == [squatted.name]
