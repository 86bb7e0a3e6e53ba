"""The bundled fonts: one registration, and a glyph check that names the field and the characters."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tipreports.errors import GlyphError, InputError
from tipreports.render import _fonts
from tipreports.render._fonts import (
    FONT_BOLD,
    FONT_REGULAR,
    check_glyphs,
    font_path,
    glyph_problem,
    register_fonts,
    register_thai_fonts,
)
from tipreports.theme import Theme


def test_register_is_idempotent() -> None:
    """Registering twice gives the same font set and registers each file once."""
    first = register_fonts(Theme())
    second = register_fonts(Theme(accent="#000000"))
    assert first is second
    names = pdfmetrics.getRegisteredFontNames()
    assert [n for n in names if n.startswith("NotoSans")].count(FONT_REGULAR) == 1
    assert {first.regular, first.bold, first.italic, first.bold_italic} <= set(names)
    assert names.count(FONT_BOLD) == 1
    assert isinstance(pdfmetrics.getFont(FONT_REGULAR), TTFont)


def test_family_maps_bold_and_italic() -> None:
    """<b> and <i> in a paragraph pick the bundled bold and italic files."""
    from reportlab.lib.fonts import tt2ps

    fonts = register_fonts(Theme())
    assert tt2ps(fonts.family, 1, 0) == fonts.bold
    assert tt2ps(fonts.family, 0, 1) == fonts.italic
    assert tt2ps(fonts.family, 1, 1) == fonts.bold_italic


def test_font_files_ship_with_the_package() -> None:
    """The font files are found through the package, not a path outside it."""
    path = font_path(FONT_BOLD)
    assert path.is_file()
    assert path.parent.name == "fonts"
    assert (path.parent / "OFL.txt").is_file()


@pytest.mark.parametrize("text", ["Łódź", "Việt Nam", "São Tomé and Príncipe", "Côte d’Ivoire", "Ελλάδα", "Россия", "AT&T <x>"])
def test_latin_greek_cyrillic_are_covered(text: str) -> None:
    """Names from the TIP Report's country list are drawable."""
    check_glyphs([("assessment.country.name", text)])


def test_layout_whitespace_is_allowed() -> None:
    """Newlines and tabs in multi-line fields are laid out, not drawn."""
    check_glyphs([("summary", "line one\nline two\tend")])


def test_emoji_is_refused_with_path_and_name() -> None:
    """A character no style can draw raises GlyphError naming the field and the character."""
    with pytest.raises(GlyphError) as caught:
        check_glyphs([("key_messages[0].text", "good news \U0001f600")])
    err = caught.value
    assert isinstance(err, InputError)
    assert str(err) == "key_messages[0].text: the bundled font Noto Sans cannot draw U+1F600 GRINNING FACE"
    assert err.problems[0].path == "key_messages[0].text"


def test_every_field_is_listed_in_one_error() -> None:
    """Fields the fonts cannot draw are all named, in order, in one GlyphError; drawable fields are not."""
    fields = [("title", "fine"), ("key_messages[0].text", "\U0001f600"), ("summary", "ok"), ("sources[2].title", "\u2603\U0001f680")]
    with pytest.raises(GlyphError) as caught:
        check_glyphs(fields)
    assert [p.path for p in caught.value.problems] == ["key_messages[0].text", "sources[2].title"]


def test_thai_is_drawn_by_the_thai_font() -> None:
    """Thai is missing from Noto Sans alone, and covered once Noto Sans Thai's code points are added."""
    problem = glyph_problem("กลุ่มที่ 2", "assessment.tier")
    assert problem is not None
    assert "U+0E01 THAI CHARACTER KO KAI" in problem.message
    assert glyph_problem("กลุ่มที่ 2", "assessment.tier", also=register_thai_fonts()) is None


def test_error_never_echoes_the_text() -> None:
    """The error lists characters, never the field's text (which may be marked)."""
    with pytest.raises(GlyphError) as caught:
        check_glyphs([("panel.challenges[1].text", "Victim name withheld \U0001f600")])
    assert "Victim" not in str(caught.value)


def test_many_missing_characters_are_summarised() -> None:
    """Beyond eight distinct characters the message says how many more."""
    text = "".join(chr(0x1F600 + i) for i in range(12))
    problem = glyph_problem(text, "title")
    assert problem is not None
    assert problem.message.endswith("and 4 more")
    assert problem.message.count("U+1F6") == 8


def test_controls_and_noncharacters_are_not_drawable() -> None:
    """Controls the font's cmap happens to map (U+0000, U+000D) and U+FFFF are refused."""
    fonts = register_fonts(Theme())
    assert not {0x0, 0xD, 0xFFFF} & fonts.coverage
    problem = glyph_problem("a\x00b", "title")
    assert problem is not None
    assert "U+0000" in problem.message
    assert "control characters" in problem.message


def test_coverage_is_what_all_four_styles_share() -> None:
    """A character counts as covered only when regular, bold, italic and bold italic all have it."""
    fonts = register_fonts(Theme())
    for name in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic):
        assert fonts.coverage - {9, 10} <= set(pdfmetrics.getFont(name).face.charToGlyph)
    assert fonts.family == _fonts.FONT_FAMILY


def test_thai_fields_pass_and_an_emoji_beside_them_is_named() -> None:
    """With the thai extra, Thai and Latin fields pass the check; an emoji in a Thai field is still refused."""
    pytest.importorskip("pythainlp")
    pytest.importorskip("uharfbuzz")
    check_glyphs([("title", "รายงาน TIP 2568"), ("summary", "Thailand")])
    with pytest.raises(GlyphError) as caught:
        check_glyphs([("title", "รายงาน \U0001f600")])
    assert str(caught.value) == "title: the bundled font Noto Sans cannot draw U+1F600 GRINNING FACE"
