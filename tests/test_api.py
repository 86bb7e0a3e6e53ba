"""The public contract: tr.load, tr.render, tr.build, tr.save; the suffix picks the writer, an existing file needs overwrite."""

from __future__ import annotations

import io
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
    """save writes exactly what render gives for the suffix's format and its default product (Markdown: its chart beside it)."""
    expected = tr.build(example, product, format, stem=Path(name).stem).data
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


# -- streams, mappings, reprs, types --------------------------------------------------------------------


def test_save_to_binary_streams(example: tr.Briefing, tmp_path: Path) -> None:
    """save writes PDF and DOCX to a binary stream (BytesIO, a file opened 'wb'), the same bytes as render, and returns None."""
    buffer = io.BytesIO()
    assert tr.save(example, buffer, format="pdf") is None
    assert buffer.getvalue() == tr.render(example, format="pdf")
    with open(tmp_path / "note.docx", "wb") as handle:
        tr.save(example, handle, format="docx")
        assert not handle.closed
    assert (tmp_path / "note.docx").read_bytes() == tr.render(example, format="docx")
    import pypdf

    text = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert "Thailand" in text


def test_save_text_formats_to_text_and_binary_streams(example: tr.Briefing) -> None:
    """HTML and Markdown go to a text stream as text and to a binary stream as UTF-8; binary formats refuse a text stream."""
    text, raw = io.StringIO(), io.BytesIO()
    tr.save(example, text, format="html")
    tr.save(example, raw, format="html")
    assert text.getvalue() == raw.getvalue().decode("utf-8") == tr.render(example, format="html")
    assert text.getvalue().startswith("<!DOCTYPE html>")
    md = io.StringIO()
    tr.save(example, md, format="md")
    assert md.getvalue().startswith("---\ntitle: ") and "](data:image/png;base64," in md.getvalue()
    with pytest.raises(tr.OutputError, match="pdf is binary and this stream takes text"):
        tr.save(example, io.StringIO(), format="pdf")
    with pytest.raises(tr.TipReportsError, match="saving to a stream needs format="):
        tr.save(example, io.BytesIO())  # type: ignore[call-overload]


def test_save_to_stdout_buffer(tmp_path: Path) -> None:
    """`tr.save(brief, sys.stdout.buffer, format="pdf")` in a script writes the PDF to standard output."""
    script = "import sys, tipreports as tr; tr.save(tr.load(sys.argv[1]), sys.stdout.buffer, format='pdf')"
    done = subprocess.run([sys.executable, "-c", script, str(ROOT / "examples" / "thailand_2025.yaml")], capture_output=True, check=True)
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")


def test_save_and_render_load_a_mapping_first(example_path: Path, tmp_path: Path) -> None:
    """A plain mapping is loaded strictly, as tr.load would; its errors are InputErrors; a path is a TypeError with a hint."""
    import yaml

    data = yaml.safe_load(example_path.read_text(encoding="utf-8"))
    target = tr.save(data, tmp_path / "page.pdf")
    assert target.read_bytes() == tr.render(tr.load(example_path), format="pdf")
    assert tr.render(data, format="md") == tr.render(tr.load(example_path), format="md")
    with pytest.raises(tr.InputError, match="unknown key 'titel'; did you mean 'title'"):
        tr.save({**data, "titel": "x"}, tmp_path / "bad.pdf")
    with pytest.raises(TypeError, match=r"save takes a Briefing or a mapping of its fields, got str \(to read a file, tr.load\(path\) it first\)"):
        tr.save(str(example_path), tmp_path / "x.pdf")  # type: ignore[call-overload]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.pdf"]


def test_rendered_repr_is_one_short_line(example: tr.Briefing) -> None:
    """repr() of a render result is one line with product, format, size, pages, banner and withheld count; never the data."""
    docx = tr.build(example, format="docx")
    pdf = tr.build(example, format="pdf")
    assert re.fullmatch(r"<Rendered briefing-note as docx: [\d,]+ bytes, TLP:CLEAR, 0 withheld>", repr(docx))
    assert re.fullmatch(r"<Rendered one-pager as pdf: [\d,]+ bytes, 1 page\(s\), TLP:CLEAR, 0 withheld>", repr(pdf))
    md = tr.build(example, format="md", stem="note")
    assert re.fullmatch(r"<Rendered briefing-note as md: [\d,]+ characters, 1 file\(s\) beside, TLP:CLEAR, 0 withheld>", repr(md))
    assert all(len(repr(r)) < 100 and "\n" not in repr(r) for r in (docx, pdf, md))


def test_fragment_only_for_text_formats(example: tr.Briefing) -> None:
    """fragment=True gives the HTML card and the Markdown dialect; DOCX and PDF refuse it."""
    assert tr.render(example, format="html", fragment=True).startswith('<div class="tipreports ')
    assert tr.render(example, format="md", fragment=True).startswith("**TLP:CLEAR**\n\n# Thailand")
    for fmt in ("docx", "pdf"):
        with pytest.raises(tr.TipReportsError, match=f"fragment=True applies to 'html', 'md' output, not '{fmt}'"):
            tr.render(example, format=fmt, fragment=True)  # type: ignore[call-overload]


TYPED = """
from typing import assert_type
import tipreports as tr

brief = tr.load("b.yaml")
assert_type(tr.render(brief, format="pdf"), bytes)
assert_type(tr.render(brief, "briefing-note", "docx"), bytes)
assert_type(tr.render(brief, format="html"), str)
assert_type(tr.render(brief, "one-pager", "md", fragment=True), str)
assert_type(tr.render({"title": "x"}, format="md"), str)
fmt: str = "pdf"
assert_type(tr.render(brief, format=fmt), bytes | str)
assert_type(tr.save(brief, "x.pdf"), Path)
"""


@pytest.mark.slow
def test_render_is_typed_by_format(tmp_path: Path) -> None:
    """mypy sees bytes for docx/pdf, str for html/md, bytes | str for a format known only at run time."""
    source = tmp_path / "typed.py"
    source.write_text("from pathlib import Path\n" + TYPED, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(source)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
