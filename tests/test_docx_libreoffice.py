"""The briefing note in a real client: LibreOffice opens it, paginates it and keeps every finding."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.compose import compose
from tipreports.model.briefing import iter_items
from tipreports.render.docx import write_docx
from tipreports.theme import DEFAULT_THEME, Theme

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FONTS = Path(tr.__file__).resolve().parent / "fonts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def _fontconfig(tmp: Path) -> Path:
    """A fontconfig file adding the bundled Noto Sans to the system fonts, as a user who installed it has."""
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONTS}</dir>\n  <cachedir>{tmp / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def to_pdf(data: bytes, tmp: Path, *, noto: bool) -> Path:
    """Convert with a private LibreOffice profile, so parallel runs do not share one."""
    source = tmp / "note.docx"
    source.write_bytes(data)
    env = dict(os.environ)
    if noto:
        env["FONTCONFIG_FILE"] = str(_fontconfig(tmp))
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp), str(source)],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
    )
    pdf = tmp / "note.pdf"
    assert pdf.exists(), "LibreOffice did not convert the DOCX"
    return pdf


def squash(text: str) -> str:
    # Line breaks fall anywhere in the PDF text: compare without whitespace.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("noto", [True, False], ids=["noto-sans", "fallback-font"])
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_example_converts_to_two_to_four_pages_with_every_finding(tmp_path: Path, noto: bool, page_size: str) -> None:
    """The Thailand note opens in LibreOffice, runs 2–4 pages and keeps findings, recommendations, tier sentence."""
    from pypdf import PdfReader

    brief = tr.load("examples/thailand_2025.yaml")
    data = write_docx(compose(brief), Theme(page_size=page_size) if page_size != "A4" else DEFAULT_THEME).data
    assert isinstance(data, bytes)
    reader = PdfReader(to_pdf(data, tmp_path, noto=noto))
    assert 2 <= len(reader.pages) <= 4
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert brief.assessment is not None
    expected = [item.text for _path, item in iter_items(brief) if isinstance(item, (tr.Finding, tr.Recommendation))]
    expected.append(tr.phrasebook("en").tier_sentence(brief.assessment))
    for sentence in expected:
        assert squash(sentence) in text, sentence
    first_page = squash(reader.pages[0].extract_text())
    last_page = squash(reader.pages[-1].extract_text())
    assert "TLP:CLEAR" in first_page and "TLP:CLEAR" in last_page
    assert squash(f"Page {len(reader.pages)} of {len(reader.pages)}") in last_page


_MM = 72 / 25.4
_MARGIN = 1134 / 20  # the reference's side and bottom margins, in points (20 mm)


def _examples() -> dict[str, tr.Briefing]:
    import attrs

    bilingual = tr.load("examples/thailand_2025_th.yaml")
    return {"en": tr.load("examples/thailand_2025.yaml"), "th": attrs.evolve(bilingual, translation=None), "th-en": bilingual}


def _lowest_body_text(page: object, height: float) -> float:
    """The lowest baseline of the page's body text (not header or footer), in points from the bottom edge."""
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and _MARGIN < y < height - 25 * _MM:
            ys.append(y)

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return min(ys)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("example", ["en", "th", "th-en"])
def test_the_note_in_libreoffice_without_noto_installed(tmp_path: Path, example: str, page_size: str) -> None:
    """
    With no Noto font installed, LibreOffice sets the note in the embedded Noto Sans (and Noto Sans Thai), on 2–4
    pages; page 1 is not cut short by a heading kept with what follows (its text reaches within 35 mm of the bottom
    margin); the chart stays within the margins.
    """
    from pypdf import PdfReader

    brief = _examples()[example]
    data = write_docx(compose(brief), Theme(page_size=page_size))
    assert isinstance(data.data, bytes)
    reader = PdfReader(to_pdf(data.data, tmp_path, noto=False))
    assert 2 <= len(reader.pages) <= 4
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    # Only faces the file embeds (no substitute such as DejaVu Sans), and the ones the text needs.
    assert fonts <= {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSansThai-Regular", "NotoSansThai-Bold"}
    assert {"NotoSans-Regular", "NotoSans-Bold"} <= fonts
    assert ({"NotoSansThai-Regular", "NotoSansThai-Bold"} <= fonts) == (example != "en")
    assert ("NotoSans-Italic" in fonts) == (example == "en")  # Thai runs are upright; the English note has italics
    first = reader.pages[0]
    assert _lowest_body_text(first, float(first.mediabox.height)) < _MARGIN + 35 * _MM
    placed: list[list[float]] = []
    for page in reader.pages:
        page.extract_text(visitor_operand_before=lambda op, _args, cm, _tm: placed.append(cm) if op == b"Do" else None)
    (chart,) = placed
    width = float(reader.pages[0].mediabox.width)
    assert chart[4] >= _MARGIN - 0.5 and chart[4] + chart[0] <= width - _MARGIN + 0.5
