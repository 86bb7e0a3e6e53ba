"""Markdown for Pandoc and Quarto: YAML front matter, no second title, the chart as a PNG beside the file."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import attrs
import pytest
import yaml
from PIL import Image

import tipreports as tr

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (apt-get install pandoc)")
HOSTILE_TITLE = "AT&T *not em* <b>x</b> [a](javascript:x) `code` # \\ \"quoted\" 'single'"


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(head)
    assert isinstance(meta, dict)
    return meta, body


def test_front_matter_holds_title_subtitle_author_date_lang(example: tr.Briefing) -> None:
    """The text starts with YAML front matter; the body starts with the banner and holds no second title."""
    meta, body = _front_matter(tr.render(example, format="md"))
    assert meta == {
        "title": "Thailand: TIPNET 2025 panel and the 2025 TIP Report",
        "subtitle": "What the panel heard, what the report found",
        "author": "Freedom Collaborative",
        "date": example.date,
        "lang": "en",
    }
    assert body.lstrip().startswith("**TLP:CLEAR**\n\n")
    assert body.rstrip().endswith("**TLP:CLEAR**")
    assert "# Thailand: TIPNET" not in body


def test_thai_front_matter_says_th() -> None:
    """A Thai briefing's front matter has lang: th."""
    brief = tr.load(Path(__file__).resolve().parent.parent / "examples" / "thailand_2025_th.yaml")
    meta, _ = _front_matter(tr.render(brief, format="md"))
    assert meta["lang"] == "th"


def test_save_writes_the_chart_beside_and_references_it(example: tr.Briefing, tmp_path: Path) -> None:
    """save('x.md') writes x-tier-history.png beside it, referenced by its bare name, the same PNG render() embeds."""
    target = tr.save(example, tmp_path / "x.md")
    text = target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-tier-history.png", "x.md"]
    (image,) = re.findall(r"!\[[^\n]*\]\(([^)]*)\)", text)
    assert image == "x-tier-history.png"
    png = (tmp_path / image).read_bytes()
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.format == "PNG" and picture.size == (1600, 544)
    embedded = tr.render(example, format="md")
    (uri,) = re.findall(r"\]\((data:image/png;base64,[^)]*)\)", embedded)
    assert base64.b64decode(uri.removeprefix("data:image/png;base64,")) == png
    assert embedded.replace(uri, image) == text


def test_existing_chart_or_text_is_not_overwritten(example: tr.Briefing, tmp_path: Path) -> None:
    """Either file existing stops the save (nothing written) unless overwrite=True, which replaces both."""
    chart = tmp_path / "x-tier-history.png"
    chart.write_bytes(b"old chart")
    with pytest.raises(tr.OutputError, match=r"x-tier-history\.png' already exists"):
        tr.save(example, tmp_path / "x.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-tier-history.png"] and chart.read_bytes() == b"old chart"
    chart.unlink()
    (tmp_path / "x.md").write_text("old text", encoding="utf-8")
    with pytest.raises(tr.OutputError, match=r"x\.md' already exists"):
        tr.save(example, tmp_path / "x.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]
    chart.write_bytes(b"old chart")
    tr.save(example, tmp_path / "x.md", overwrite=True)
    assert chart.read_bytes().startswith(b"\x89PNG") and (tmp_path / "x.md").read_text(encoding="utf-8").startswith("---\n")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_a_briefing_without_history_writes_no_chart(tmp_path: Path) -> None:
    """No figure, no file beside the text."""
    brief = tr.load({"title": "Plain", "date": "2025-03-01", "prepared_by": "Org", "marking": "TLP:CLEAR", "key_messages": ["A message."]})
    tr.save(brief, tmp_path / "plain.md")
    assert [p.name for p in tmp_path.iterdir()] == ["plain.md"]


@needs_pandoc
def test_pandoc_reads_the_metadata_as_written(example: tr.Briefing, tmp_path: Path) -> None:
    """Pandoc reads title, subtitle, author, date and lang from the front matter; a hostile title stays literal text."""
    brief = attrs.evolve(example, title=HOSTILE_TITLE)
    target = tr.save(brief, tmp_path / "note.md")
    assert PANDOC is not None
    native = subprocess.run([PANDOC, str(target), "-f", "markdown", "-t", "json"], capture_output=True, text=True, check=True)
    meta = json.loads(native.stdout)["meta"]
    assert set(meta) == {"title", "subtitle", "author", "date", "lang"}
    # -smart: Pandoc's typographic quotes would curl the title's straight quotes (as they do in any text).
    html = subprocess.run(
        [PANDOC, str(target), "-f", "markdown-smart", "-s", "-t", "html"], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    from html import unescape

    assert unescape(title.group(1)) == HOSTILE_TITLE
    assert 'lang="en"' in html and '<img src="note-tier-history.png"' in html
    assert "<b>x</b>" not in html and "javascript:" not in html.replace("[a](javascript:x)", "")
    assert html.count('class="title"') == 1 and re.sub(r"\s+", " ", unescape(html)).count(HOSTILE_TITLE) == 2  # <title> and the title block: no second title
    docx = tmp_path / "note.docx"
    subprocess.run([PANDOC, target.name, "-o", docx.name], check=True, cwd=tmp_path)
    with zipfile.ZipFile(docx) as z:
        media = [name for name in z.namelist() if name.startswith("word/media/")]
    assert len(media) == 1  # the chart beside the Markdown file, found and embedded
