"""The public contract: tr.load, tr.render, tr.build, tr.save; the suffix picks the writer, an existing file needs overwrite."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import tipreports as tr
from tipreports.render import writer_for

ROOT = Path(__file__).resolve().parent.parent


# -- render and build ---------------------------------------------------------------------------------


def test_render_returns_bytes_or_text(example: tr.Briefing) -> None:
    """render gives bytes for DOCX and PDF, text for HTML and Markdown."""
    assert isinstance(tr.render(example, format="docx"), bytes)
    assert isinstance(tr.render(example, format="pdf"), bytes)
    assert isinstance(tr.render(example, format="html"), str)
    assert isinstance(tr.render(example, format="md"), str)


@pytest.mark.parametrize(
    ("product", "format", "expected"),
    [
        (None, None, ("briefing-note", "docx")),
        ("one-pager", None, ("one-pager", "pdf")),
        ("briefing-note", None, ("briefing-note", "docx")),
        (None, "pdf", ("one-pager", "pdf")),
        (None, "html", ("briefing-note", "html")),
        (None, "md", ("briefing-note", "md")),
        ("one-pager", "md", ("one-pager", "md")),
    ],
)
def test_product_and_format_default_from_each_other(
    example: tr.Briefing, product: str | None, format: str | None, expected: tuple[str, str]
) -> None:
    """Without a format the product's default applies; without a product the format's (PDF → one-pager)."""
    rendered = tr.build(example, product, format)
    assert (rendered.product, rendered.format) == expected


def test_an_unknown_format_lists_the_supported_ones(example: tr.Briefing) -> None:
    """An unknown format is an error that names every format there is."""
    with pytest.raises(tr.TipReportsError) as caught:
        tr.render(example, format="xls")
    assert str(caught.value) == "unknown format 'xls'; supported: 'docx', 'pdf', 'html', 'md'"


def test_formats_is_the_table_of_writers() -> None:
    """tr.FORMATS lists the formats in order, each with its suffixes and default product."""
    assert list(tr.FORMATS) == ["docx", "pdf", "html", "md"]
    assert tr.FORMATS["html"].suffixes == (".html", ".htm")
    assert tr.FORMATS["pdf"].product == "one-pager"


def test_every_product_and_writer_agree() -> None:
    """Each product's default format has a writer, and each writer's default product exists."""
    assert {spec.default_format for spec in tr.PRODUCTS.values()} <= set(tr.FORMATS)
    assert {writer.product for writer in tr.FORMATS.values()} <= set(tr.PRODUCTS)
    suffixes = [suffix for writer in tr.FORMATS.values() for suffix in writer.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for writer in tr.FORMATS.values():
        assert all(writer_for(Path("note" + suffix.upper())) is writer for suffix in writer.suffixes)


# -- save ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "product", "format"),
    [
        ("note.docx", "briefing-note", "docx"),
        ("page.pdf", "one-pager", "pdf"),
        ("PAGE.PDF", "one-pager", "pdf"),
        ("note.html", "briefing-note", "html"),
        ("note.htm", "briefing-note", "html"),
        ("note.md", "briefing-note", "md"),
    ],
)
def test_the_suffix_picks_the_writer_and_the_product(
    example: tr.Briefing, tmp_path: Path, name: str, product: str, format: str
) -> None:
    """save writes exactly what render gives for the suffix's format and its default product."""
    expected = tr.render(example, product, format)
    assert tr.save(example, tmp_path / name) == tmp_path / name
    written = (tmp_path / name).read_bytes()
    assert written == (expected.encode("utf-8") if isinstance(expected, str) else expected)


def test_save_takes_another_product(example: tr.Briefing, tmp_path: Path) -> None:
    """product= overrides the suffix's default: a briefing note as PDF."""
    target = tr.save(example, tmp_path / "note.pdf", product="briefing-note")
    assert target.read_bytes() == tr.render(example, "briefing-note", "pdf")


def test_an_unknown_suffix_lists_the_supported_ones(example: tr.Briefing, tmp_path: Path) -> None:
    """A suffix no writer knows is an error naming every suffix; nothing is written."""
    with pytest.raises(tr.TipReportsError) as caught:
        tr.save(example, tmp_path / "note.txt")
    assert str(caught.value) == "cannot tell the format of 'note.txt' from its suffix; supported: .docx, .htm, .html, .md, .pdf"
    assert list(tmp_path.iterdir()) == []


def test_saving_twice_needs_overwrite(example: tr.Briefing, tmp_path: Path) -> None:
    """save returns the path; a second save to it is an error unless overwrite=True, and leaves the file alone."""
    target = tmp_path / "note.md"
    assert tr.save(example, target) == target
    first = target.read_bytes()
    changed = attrs.evolve(example, title="Another title")
    with pytest.raises(tr.OutputError, match="already exists"):
        tr.save(changed, target)
    assert target.read_bytes() == first
    tr.save(changed, target, overwrite=True)
    assert b"Another title" in target.read_bytes()


def test_an_existing_file_is_refused_before_rendering(tmp_path: Path) -> None:
    """Without overwrite, an existing file is the error even when the briefing could not be rendered."""
    restricted = tr.load({"title": "T", "date": "2025-01-01", "prepared_by": "Org", "marking": "TLP:AMBER"})
    target = tmp_path / "note.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(tr.OutputError, match="already exists"):
        tr.save(restricted, target, audience="TLP:CLEAR")
    with pytest.raises(tr.InputError, match="below the document's marking"):
        tr.save(restricted, target, audience="TLP:CLEAR", overwrite=True)
    assert target.read_text(encoding="utf-8") == "mine"


# -- the README ------------------------------------------------------------------------------------------


def _readme_python() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In Python", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


@pytest.mark.slow
def test_the_readme_example_runs(tmp_path: Path) -> None:
    """The README's Python example runs as printed and writes the files it names."""
    code = _readme_python()
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "thailand_2025.yaml", tmp_path / "examples")
    (tmp_path / "out").mkdir()  # the reader has out/ from `make demo`, as the section before says
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert printed[0] == re.search(r"print\(say\.tier_sentence\(brief\.assessment\)\)\s+# (.*)", code).group(1)  # type: ignore[union-attr]
    assert printed[1].startswith("rendered for TLP:CLEAR: nothing withheld; banner TLP:CLEAR; one page ")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["thailand-clear.pdf", "thailand.docx", "thailand.pdf"]
