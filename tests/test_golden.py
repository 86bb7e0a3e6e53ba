"""
Golden files: the XML parts of the Thailand example's briefing note, as reviewed.

The parts are compared pretty-printed, so a change shows as a readable diff.
Regenerate with ``make golden`` (``TIPREPORTS_REGENERATE_GOLDEN=1``) and
review the diff before committing it.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import tipreports as tr
from tipreports.compose import compose
from tipreports.render.docx import write_docx
from tipreports.theme import DEFAULT_THEME

GOLDEN = Path(__file__).resolve().parent / "golden" / "briefing_note"
REGENERATE = os.environ.get("TIPREPORTS_REGENERATE_GOLDEN") == "1"
PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "word/_rels/document.xml.rels",
    "word/_rels/fontTable.xml.rels",
    "word/document.xml",
    "word/fontTable.xml",
    "word/footer1.xml",
    "word/header1.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/styles.xml",
)


def golden_name(part: str) -> str:
    """``word/_rels/document.xml.rels`` → ``word__rels_document.xml.rels.xml``: one flat folder."""
    name = part.replace("/", "_").replace("[", "").replace("]", "")
    return name if name.endswith(".xml") else name + ".xml"


def canonical(blob: bytes) -> str:
    """Pretty-printed XML: whitespace between elements dropped, one element per line."""
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(blob, parser)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.fixture(scope="module")
def example_parts() -> dict[str, bytes]:
    data = write_docx(compose(tr.load("examples/thailand_2025.yaml")), DEFAULT_THEME).data
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_part_list_is_as_reviewed(example_parts: dict[str, bytes]) -> None:
    """The package holds the reviewed XML parts plus the chart image and the three embedded faces, nothing else."""
    xml_parts = sorted(n for n in example_parts if not n.startswith(("word/media/", "word/fonts/")))
    assert sorted((*PARTS, "word/theme/theme1.xml")) == xml_parts
    assert [n for n in example_parts if n.startswith("word/media/")] == ["word/media/image1.png"]
    assert sorted(n for n in example_parts if n.startswith("word/fonts/")) == [f"word/fonts/font{i}.odttf" for i in (1, 2, 3)]


@pytest.mark.parametrize("part", PARTS)
def test_part_matches_golden(example_parts: dict[str, bytes], part: str) -> None:
    """Each XML part of the example's DOCX equals its reviewed golden file."""
    path = GOLDEN / golden_name(part)
    actual = canonical(example_parts[part])
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing; run `make golden` and review the new file"
    expected = path.read_text(encoding="utf-8")
    assert expected == actual
