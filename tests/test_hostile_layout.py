"""Hostile documents for the writers: layout that would run for minutes, blocks too large for any page."""

from __future__ import annotations

import importlib

import attrs
import pytest

import tipreports as tr
from tipreports.compose import compose
from tipreports.document import Document, Heading, Paragraph, Run, Table
from tipreports.errors import RenderError

deadline = importlib.import_module("tipreports._deadline")
CANARY = "CANARY-3c1e informant in Mae Sot"


def _with(example: tr.Briefing, product: str, *blocks: object) -> Document:
    document = compose(example, product)
    return attrs.evolve(document, blocks=(*document.blocks, Heading(level=2, runs=(Run(text="Concerns"),)), *blocks))


def test_a_paragraph_too_long_to_lay_out_in_time_names_its_section(example: tr.Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 200,000-character paragraph (7 s of layout here, 35 s at 400,000: each page re-breaks the rest) stops at the time limit, naming its section."""
    monkeypatch.setattr(deadline, "MAX_RENDER_SECONDS", 2.0)
    document = _with(example, "briefing-note", Paragraph(runs=(Run(text="word " * 40_000),)))
    with pytest.raises(RenderError) as caught:
        tr.FORMATS["pdf"].write(document, tr.Theme())
    assert str(caught.value) == "the briefing note's section 'Concerns' took longer than 2 seconds to lay out; shorten it"


def test_the_one_pager_checks_the_time_limit_as_it_measures(example: tr.Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-page policy's passes check the limit before and after each block they measure."""
    monkeypatch.setattr(deadline, "MAX_RENDER_SECONDS", 0.0)
    with pytest.raises(RenderError) as caught:
        tr.FORMATS["pdf"].write(compose(example, "one-pager"), tr.Theme())
    assert str(caught.value).startswith("the one-pager's section ")
    assert str(caught.value).endswith(" took longer than 0 seconds to lay out; shorten it")


def test_the_docx_writer_stops_at_the_time_limit_too(example: tr.Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    """The DOCX writer checks the render's time limit between blocks."""
    monkeypatch.setattr(deadline, "MAX_RENDER_SECONDS", 0.0)
    document = _with(example, "briefing-note", Paragraph(runs=(Run(text="text"),)))
    with pytest.raises(RenderError) as caught:
        tr.FORMATS["docx"].write(document, tr.Theme())
    assert str(caught.value).startswith("the briefing note's section ")
    assert str(caught.value).endswith(" took longer than 0 seconds to lay out; shorten it")


def test_the_limit_covers_template_and_layout_together(example: tr.Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build` starts one clock for composing and writing: a render that is already late fails in the writer."""
    monkeypatch.setattr(deadline, "MAX_RENDER_SECONDS", 0.0)
    with pytest.raises(RenderError, match="took longer than 0 seconds to lay out"):
        tr.build(example, "one-pager", "pdf")


def test_a_block_too_large_for_any_page_is_named_without_its_text(example: tr.Briefing) -> None:
    """A table row taller than a page is a RenderError naming the section, never ReportLab's LayoutError quoting the cell."""
    cell = (Run(text=(CANARY + " ") * 800),)
    document = _with(example, "briefing-note", Table(header=(), rows=((cell,),)))
    with pytest.raises(RenderError) as caught:
        tr.FORMATS["pdf"].write(document, tr.Theme())
    message = str(caught.value)
    assert message == (
        "the briefing note's section 'Concerns' holds a block too large for a page "
        "(a table row or a box that cannot be split); shorten it"
    )
    assert "CANARY" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
