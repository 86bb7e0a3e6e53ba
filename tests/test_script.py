"""Scripts in text: Thai detection, script runs and line-break points, with no typesetting library loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tipreports.render._script import break_points, grapheme_end, has_thai, is_thai, script_runs


def test_thai_is_the_thai_block() -> None:
    """Thai means U+0E00–U+0E7F: letters, vowels, tone marks and Thai digits; nothing else."""
    assert is_thai("ก") and is_thai("\u0e48") and is_thai("๒")
    assert not is_thai("a") and not is_thai("2") and not is_thai("\u0300")
    assert has_thai("Tier 2 (กลุ่มที่ 2)")
    assert not has_thai("Tier 2 Watch List — Côte d’Ivoire")


def test_marks_and_digits_pick_their_fonts() -> None:
    """Script runs: Thai code points (marks included) go to the Thai font, digits and Latin to Noto Sans."""
    assert list(script_runs("ปี 2568 ที่ (CSO)")) == [
        (True, "ปี"), (False, " 2568 "), (True, "ที่"), (False, " (CSO)"),
    ]  # fmt: skip
    assert list(script_runs("")) == []


def test_marks_stay_with_their_base() -> None:
    """A cluster ends after the marks above and below its base, never between them."""
    text = "ที่นี่"
    assert grapheme_end(text, 1) == 3
    assert grapheme_end("e\u0301x", 1) == 2


def test_latin_breaks_only_at_spaces() -> None:
    """Between Latin characters only a space is a break point: a word or URL is never cut."""
    pytest.importorskip("pythainlp")
    text = "see https://example.org/a-b (CSO), then"
    points = break_points(text)
    assert all(text[p - 1].isspace() or text[p].isspace() for p in points)


def test_thai_breaks_at_words_but_not_before_closing_punctuation() -> None:
    """Thai breaks between words; never after an opening bracket or before a closing one."""
    pytest.importorskip("pythainlp")
    text = "การค้ามนุษย์(ประเทศไทย)"
    points = break_points(text)
    assert points, "no break point between Thai words"
    assert text.index("(") + 1 not in points
    assert text.index(")") not in points


def test_script_module_loads_no_typesetting_library() -> None:
    """The script helpers every writer uses import neither ReportLab nor python-docx (a fresh process)."""
    code = (
        "import sys, importlib\n"
        "importlib.import_module('tipreports.render._script')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docx', 'pythainlp')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
