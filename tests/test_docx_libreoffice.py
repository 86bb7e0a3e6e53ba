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
