"""The briefing note carries its fonts: subsets of Noto Sans (and Noto Sans Thai) embedded as Word embeds them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from fontTools.ttLib import TTFont
from lxml import etree

import tipreports as tr
from tipreports.render._docx_fonts import (
    PREBUILT_CODEPOINTS,
    PREBUILT_FILES,
    make_prebuilt,
    prebuilt_subset,
    subset_font,
    thai_line_ratio,
)
from tipreports.render._docx_xml import NS
from tipreports.render._fonts import FONT_BOLD, FONT_REGULAR, font_path

ROOT = Path(__file__).resolve().parent.parent
W = f"{{{NS['w']}}}"
R = f"{{{NS['r']}}}"
_THAI = re.compile("[\u0e00-\u0e7f]")
_STYLE_NAMES = {"embedRegular": "Regular", "embedBold": "Bold", "embedItalic": "Italic", "embedBoldItalic": "Bold Italic"}


def _parts(data: bytes | str) -> dict[str, bytes]:
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def english() -> dict[str, bytes]:
    return _parts(tr.render(tr.load(ROOT / "examples" / "thailand_2025.yaml"), product="briefing-note", format="docx"))


@pytest.fixture(scope="module")
def bilingual() -> dict[str, bytes]:
    pytest.importorskip("pythainlp")
    return _parts(tr.render(tr.load(ROOT / "examples" / "thailand_2025_th.yaml"), product="briefing-note", format="docx"))


def _drawn_text(parts: dict[str, bytes]) -> str:
    """The text of body, header and footer, as Word draws it (key-fact labels are in capitals)."""
    names = [n for n in parts if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
    text = "".join(t.text or "" for n in names for t in etree.fromstring(parts[n]).iter(f"{W}t"))
    return text + text.upper()


def _embedded(parts: dict[str, bytes], family: str) -> dict[str, TTFont]:
    """The faces embedded for ``family``: fontTable entry → de-obfuscated font, read by fontTools."""
    return {tag: TTFont(io.BytesIO(data)) for tag, data in _embedded_data(parts, family).items()}


def _embedded_data(parts: dict[str, bytes], family: str) -> dict[str, bytes]:
    """The faces embedded for ``family``: fontTable entry → de-obfuscated font file."""
    table = etree.fromstring(parts["word/fontTable.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/fontTable.xml.rels"])}
    entry = next(f for f in table.iter(f"{W}font") if f.get(f"{W}name") == family)
    faces = {}
    for embed in entry:
        tag = embed.tag.removeprefix(W)
        if not tag.startswith("embed"):
            continue
        assert embed.get(f"{W}subsetted") is None  # LibreOffice would not use a font flagged so, when editing
        key = bytes.fromhex(embed.get(f"{W}fontKey").strip("{}").replace("-", ""))[::-1]
        data = parts["word/" + rels[embed.get(f"{R}id")]]
        faces[tag] = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32])) + data[32:]
    return faces


def test_english_note_embeds_the_noto_sans_faces_it_uses(english: dict[str, bytes]) -> None:
    """Regular, bold (headings) and italic (captions, titles of sources), each named Noto Sans and its style."""
    faces = _embedded(english, "Noto Sans")
    assert sorted(faces) == ["embedBold", "embedItalic", "embedRegular"]
    for tag, font in faces.items():
        assert (font["name"].getDebugName(1), font["name"].getDebugName(2)) == ("Noto Sans", _STYLE_NAMES[tag])
    assert b'<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>' in english["[Content_Types].xml"]


def test_subsets_cover_every_character_the_note_draws(english: dict[str, bytes]) -> None:
    """Each embedded face maps every character of body, header and footer (and the list bullet), and printable ASCII."""
    needed = {ch for ch in _drawn_text(english) if ch not in "\n\t"} | {"\u2022"} | {chr(c) for c in range(0x20, 0x7F)}
    for tag, font in _embedded(english, "Noto Sans").items():
        missing = needed - {chr(cp) for cp in font.getBestCmap()}
        assert not missing, (tag, sorted(missing))


def test_english_note_stays_under_400_kb(english: dict[str, bytes]) -> None:
    """Fonts, chart and all: the English note is under 400 kB (the full family alone is 2 MB)."""
    data = tr.render(tr.load(ROOT / "examples" / "thailand_2025.yaml"), product="briefing-note", format="docx")
    assert len(data) < 400_000
    fonts = [n for n in english if n.startswith("word/fonts/")]
    # Three prebuilt faces of about 85 kB each (about 47 kB each once zipped).
    assert 0 < sum(len(english[n]) for n in fonts) < 300_000


def test_bilingual_note_embeds_noto_sans_thai_covering_its_thai(bilingual: dict[str, bytes]) -> None:
    """A Thai note embeds Noto Sans Thai (regular, bold) beside Noto Sans; the subsets draw all of its Thai."""
    thai = {ch for ch in _drawn_text(bilingual) if _THAI.match(ch)}
    faces = _embedded(bilingual, "Noto Sans Thai")
    assert sorted(faces) == ["embedBold", "embedRegular"]
    for font in faces.values():
        assert thai <= {chr(cp) for cp in font.getBestCmap()}
        assert "GSUB" in font and "GPOS" in font  # Thai marks are placed by the layout tables
    assert "embedRegular" in _embedded(bilingual, "Noto Sans")


def test_settings_keep_the_fonts_embedded_on_the_next_save(english: dict[str, bytes]) -> None:
    """w:embedTrueTypeFonts and w:saveSubsetFonts, in the schema's order (after w:zoom, before w:defaultTabStop)."""
    names = [el.tag.removeprefix(W) for el in etree.fromstring(english["word/settings.xml"])]
    assert names.index("zoom") < names.index("embedTrueTypeFonts") < names.index("saveSubsetFonts") < names.index("defaultTabStop")


def test_subsets_are_deterministic_and_keep_the_fonts_date() -> None:
    """Two subsets of the same characters are the same bytes; the head table keeps the font's own timestamps."""
    codepoints = frozenset(map(ord, "Thailand: Tier 2 — 2025"))
    first = subset_font.__wrapped__(FONT_REGULAR, codepoints, layout=False)
    second = subset_font.__wrapped__(FONT_REGULAR, codepoints, layout=False)
    assert first == second
    original = TTFont(str(font_path(FONT_REGULAR)))
    subset: Any = TTFont(io.BytesIO(first))
    assert (subset["head"].created, subset["head"].modified) == (original["head"].created, original["head"].modified)
    assert len(first) < 20_000


def test_a_reference_in_another_font_embeds_no_noto_sans(tmp_path: Path) -> None:
    """A house reference that sets text in another font gets no Noto Sans it would not show."""
    with zipfile.ZipFile(ROOT / "tipreports" / "reference.docx") as z:
        entries = {n: z.read(n) for n in z.namelist()}
    for name in ("word/styles.xml", "word/numbering.xml", "word/theme/theme1.xml"):
        entries[name] = entries[name].replace(b'"Noto Sans"', b'"Arial"')
    reference = tmp_path / "house.docx"
    with zipfile.ZipFile(reference, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    data = tr.render(tr.load(ROOT / "examples" / "thailand_2025.yaml"), format="docx",
                     theme=tr.Theme(reference_docx=reference))
    assert not [n for n in _parts(data) if n.startswith("word/fonts/")]


@pytest.mark.parametrize("name", sorted(PREBUILT_FILES))
def test_prebuilt_subsets_are_what_the_script_makes(name: str) -> None:
    """The shipped subsets are byte for byte what scripts/make_font_subsets.py makes from the bundled fonts now."""
    assert prebuilt_subset(name) == make_prebuilt(name), f"run python scripts/make_font_subsets.py ({PREBUILT_FILES[name]})"


def test_the_example_notes_embed_the_prebuilt_subsets(english: dict[str, bytes], bilingual: dict[str, bytes]) -> None:
    """The examples draw nothing beyond the prebuilt characters: their faces are the prebuilt subsets, whole."""
    for parts, family, names in ((english, "Noto Sans", {"embedRegular": FONT_REGULAR, "embedBold": FONT_BOLD}),
                                 (bilingual, "Noto Sans Thai", {"embedRegular": "NotoSansThai", "embedBold": "NotoSansThai-Bold"})):  # fmt: skip
        faces = _embedded_data(parts, family)
        for tag, name in names.items():
            assert faces[tag] == prebuilt_subset(name), (family, tag)


def test_a_note_beyond_the_prebuilt_subsets_gets_its_own(tmp_path: Path) -> None:
    """Greek in a title: the note's faces are subsets made for its characters, drawing the Greek, the same bytes every time."""
    brief = tr.load(ROOT / "examples" / "thailand_2025.yaml")
    greek = attrs.evolve(brief, subtitle=f"{brief.subtitle} (Ελλάδα)")
    first, second = (tr.render(greek, product="briefing-note", format="docx") for _ in range(2))
    assert first == second
    faces = _embedded(_parts(first), "Noto Sans")
    for font in faces.values():
        assert set("Ελλάδα ΕΛΛΆΔΑ") <= {chr(cp) for cp in font.getBestCmap()}
    assert not {ord(c) for c in "Ελλάδα"} <= PREBUILT_CODEPOINTS


def test_the_subset_cache_gives_fresh_results_and_keeps_glyph_sets_apart() -> None:
    """A cached subset is the bytes a fresh one would be; two glyph sets never get each other's subset."""
    latin = frozenset(map(ord, "Thailand: Tier 2 — 2025"))
    greek = latin | frozenset(map(ord, "Ελλάδα"))
    for codepoints in (latin, greek, latin):
        assert subset_font(FONT_REGULAR, codepoints, layout=False) == subset_font.__wrapped__(FONT_REGULAR, codepoints, layout=False)
    assert subset_font(FONT_REGULAR, latin, layout=False) != subset_font(FONT_REGULAR, greek, layout=False)
    assert subset_font(FONT_REGULAR, latin, layout=False) != subset_font(FONT_BOLD, latin, layout=False)


def test_thai_line_ratio_reads_the_fonts_metrics() -> None:
    """The OS/2 heights read without fontTools are the ones fontTools reads."""
    def height(name: str) -> int:
        os2: Any = TTFont(str(font_path(name)))["OS/2"]
        return int(os2.usWinAscent + os2.usWinDescent)

    assert thai_line_ratio() == height(FONT_REGULAR) / height("NotoSansThai")
