"""The HTML writer: a self-contained, escaped fragment; a snapshot of the example."""

from __future__ import annotations

import datetime as dt
import os
import re
from html import escape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tipreports as tr
from tipreports.document import (
    BulletList,
    Callout,
    Columns,
    Document,
    Figure,
    Heading,
    KeyFact,
    KeyFacts,
    Metadata,
    NumberedList,
    PageBreak,
    Paragraph,
    Run,
    SourceList,
    Table,
    TierChart,
)
from tipreports.errors import FieldError
from tipreports.render.html import write_html
from tipreports.theme import DEFAULT_THEME

GOLDEN = Path(__file__).parent / "golden" / "example.html"
HOSTILE = '<script>alert("x")</script> AT&T "quoted" \'single\' </div>'


def _html(document: Document) -> str:
    data = write_html(document, DEFAULT_THEME).data
    assert isinstance(data, str)
    return data


def _document(*blocks: object, title: str = "Title", marking: tr.Marking = tr.Marking.CLEAR) -> Document:
    return Document(
        product="briefing-note",
        title=title,
        subtitle=None,
        marking=marking,
        metadata=Metadata(title=title, subject="s", author="a", keywords=(), date=dt.date(2025, 1, 1), language="en"),
        blocks=tuple(blocks),  # type: ignore[arg-type]
        withheld=tr.Withheld(audience=marking, marking=marking),
        organisation="Org",
        date_text="1 January 2025",
    )


def _every_block(text: str) -> tuple[object, ...]:
    runs = (Run(text=text),)
    history = tr.TierHistory.from_pairs({2024: "Tier 2", 2025: "Tier 2"})
    return (
        Heading(level=1, runs=runs),
        Paragraph(runs=runs),
        Paragraph(runs=runs, style="lead"),
        BulletList(items=(runs,)),
        NumberedList(items=(runs,), start=3),
        Table(header=(runs,), rows=((runs,),), caption=text),
        KeyFacts(items=(KeyFact(label=text, value=runs),)),
        Callout(kind="note", blocks=(Paragraph(runs=runs),), title=text),
        Columns(columns=((Paragraph(runs=runs),), (BulletList(items=(runs,)),))),
        Figure(name="chart:tier-history", alt=text, caption=text, chart=TierChart(history=history, highlight=2025, country=text)),
        SourceList(items=(runs,)),
        PageBreak(),
    )


def test_example_matches_snapshot(example: tr.Briefing) -> None:
    """The example's briefing note as an HTML card matches tests/golden/example.html (TIPREPORTS_REGENERATE_GOLDEN=1 rewrites it)."""
    actual = tr.render(example, "briefing-note", "html", fragment=True)
    assert isinstance(actual, str)
    if os.environ.get("TIPREPORTS_REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert expected == actual


def test_one_root_element_with_scoped_style(example: tr.Briefing) -> None:
    """The fragment is one <div class="tipreports"> whose style rules all start with .tipreports."""
    html = tr.render(example, "one-pager", "html", fragment=True)
    assert isinstance(html, str)
    assert html.startswith('<div class="tipreports ')
    assert html.rstrip().endswith("</div>")
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style is not None
    rules = re.sub(r"@media[^{]*\{", "", style.group(1))
    selectors = [s.strip() for s in re.findall(r"([^{}]+)\{", rules)]
    assert selectors
    for group in selectors:
        for selector in group.split(","):
            assert selector.strip().startswith(".tipreports"), selector


def test_no_script_and_no_external_resources(example: tr.Briefing) -> None:
    """No scripts, event handlers, external stylesheets, images or fonts; links are https/mailto only."""
    html = tr.render(example, "briefing-note", "html")
    assert isinstance(html, str)
    lowered = html.lower()
    for forbidden in ("<script", "javascript:", "<link", "@import", "url(", "<img", "<iframe", " src=", " onload", " onclick"):
        assert forbidden not in lowered
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https:", "mailto:"))


def test_banner_top_and_bottom_in_first_colours(example: tr.Briefing) -> None:
    """The TLP banner (label in FIRST's colour on black) opens and closes the fragment."""
    html = tr.render(example, "briefing-note", "html", fragment=True)
    assert isinstance(html, str)
    banner = f'<div class="tr-banner" style="color:{tr.Marking.CLEAR.colour}">TLP:CLEAR</div>'
    assert html.count(banner) == 2
    body = html.split("</style>", 1)[1]
    assert body.lstrip().startswith(banner)
    assert body.rstrip().removesuffix("</div>").rstrip().endswith(banner)
    assert ".tr-banner{display:block;margin:0;padding:0.2rem 1.25rem;background:#000000" in html


def test_chart_is_inline_svg_with_the_figure_alt(example: tr.Briefing) -> None:
    """The tier chart is inline SVG whose <title> is the figure's generated alt text."""
    document = tr.compose(example, "briefing-note")
    html = _html(document)
    figure = next(b for b in document.blocks if isinstance(b, Figure))
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert f"<title>{escape(figure.alt, quote=False)}</title>" in html


def test_hostile_text_is_escaped_everywhere() -> None:
    """Markup in data reaches the page as text in every block type, never as tags."""
    html = _html(_document(*_every_block(HOSTILE), title=HOSTILE))
    assert "<script" not in html.lower()
    assert "</div> AT" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; AT&amp;T &quot;quoted&quot; &#x27;single&#x27; &lt;/div&gt;" in html


def test_hostile_briefing_is_escaped() -> None:
    """A loaded briefing with markup in its fields renders it as text."""
    brief = tr.load(
        {
            "title": HOSTILE,
            "date": "2025-01-01",
            "prepared_by": {"name": "AT&T <b>"},
            "marking": "TLP:CLEAR",
            "key_messages": [HOSTILE],
            "sources": [{"id": "s", "title": HOSTILE, "url": "https://example.org/a?x=1&y=2"}],
        }
    )
    html = tr.render(brief, "briefing-note", "html")
    assert isinstance(html, str)
    assert "<script" not in html.lower()
    assert "AT&amp;T &lt;b&gt;" in html
    assert "<b>" not in html
    assert 'href="https://example.org/a?x=1&amp;y=2" rel="noopener noreferrer"' in html


def test_links_only_from_runs_with_safe_schemes() -> None:
    """A run's https link becomes an escaped <a rel="noopener noreferrer">; a Run with another scheme cannot be made."""
    html = _html(_document(Paragraph(runs=(Run(text="ok", link="https://example.org/?a=1&b=2"),))))
    assert '<a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">ok</a>' in html
    with pytest.raises(FieldError):
        Run(text="bad", link="javascript:alert(1)")


def test_withheld_items_do_not_appear() -> None:
    """Items marked above the audience are absent from the HTML; the banner shows what was included."""
    brief = tr.load(
        {
            "title": "T",
            "date": "2025-01-01",
            "prepared_by": "Org",
            "marking": "TLP:CLEAR",
            "key_messages": ["public message", {"text": "amber secret", "marking": "TLP:AMBER"}],
        }
    )
    clear = tr.render(brief, "briefing-note", "html", audience="TLP:CLEAR")
    amber = tr.render(brief, "briefing-note", "html", audience="TLP:AMBER")
    assert isinstance(clear, str) and isinstance(amber, str)
    assert "public message" in clear and "amber secret" not in clear
    assert "amber secret" in amber and ">TLP:AMBER</div>" in amber


def test_readable_in_light_and_dark_themes(example: tr.Briefing) -> None:
    """The card paints its own background and has a prefers-color-scheme: dark variant; the chart keeps a white panel."""
    html = tr.render(example, "briefing-note", "html")
    assert isinstance(html, str)
    assert "background:var(--tr-bg)" in html
    assert "@media (prefers-color-scheme: dark)" in html
    assert ".tipreports .tr-figure .tr-chart{background:#ffffff" in html


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_text_reaches_the_page_escaped(text: str) -> None:
    """Any text in any block type appears exactly as html.escape gives it."""
    html = _html(_document(*_every_block(text), title=text))
    body = html.split("</style>", 1)[1]
    assert escape(text) in body


def test_every_block_type_renders() -> None:
    """Every block type produces its element."""
    html = _html(_document(*_every_block("x")))
    for tag in ("<h2>", "<p>", 'class="tr-lead"', "<ul>", '<ol start="3">', "<table>", "<caption>", '<th scope="col">',
                '<dl class="tr-keyfacts">', 'class="tr-callout tr-callout-note"', 'class="tr-columns"', "<figure",
                "<figcaption>", 'class="tr-sources"', "<hr>"):  # fmt: skip
        assert tag in html, tag


@pytest.mark.parametrize("product", ["briefing-note", "one-pager"])
def test_both_products_render(example: tr.Briefing, product: str) -> None:
    """Both products render to HTML with the document's title."""
    html = tr.render(example, product, "html")
    assert isinstance(html, str)
    assert f'<h1 class="tr-title">{escape(example.title)}</h1>' in html


# -- the standalone page ------------------------------------------------------------------------------


def test_standalone_page_wraps_the_card(example: tr.Briefing) -> None:
    """By default the HTML is a whole page: doctype, <html lang>, <meta charset>, <title>, print rules, the card in <body>."""
    page = tr.render(example, "briefing-note", "html")
    card = tr.render(example, "briefing-note", "html", fragment=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>Thailand: TIPNET 2025 panel and the 2025 TIP Report</title>" in page
    assert page.endswith("<body>\n" + card + "</body>\n</html>\n")
    head = page.split("</head>", 1)[0]
    assert "@page{size:A4;margin:16mm 15mm}" in head and "@media print{" in head
    assert "print-color-adjust:exact" in head  # the TLP banner keeps its black band on paper
    assert "break-inside:avoid" in head
    for forbidden in ("<script", "<link", "@import", "url("):
        assert forbidden not in page.lower()


def test_standalone_page_parses_as_one_document(example: tr.Briefing) -> None:
    """The page parses with one html, head, title and body, and the title's text is the document's."""
    from html.parser import HTMLParser

    class Counter(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.title = ""
            self.in_title = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.in_title = tag == "title"

        def handle_endtag(self, tag: str) -> None:
            self.in_title = False

        def handle_data(self, data: str) -> None:
            if self.in_title:
                self.title += data

    counter = Counter()
    counter.feed(tr.render(example, "one-pager", "html", theme=tr.Theme(page_size="Letter")))
    head = counter.tags[: counter.tags.index("body")]
    assert [counter.tags.count(t) for t in ("html", "head", "body", "h1")] == [1, 1, 1, 1]
    assert head.count("title") == 1  # the chart's SVG has a <title> of its own, in the body
    assert counter.title.startswith("Thailand: TIPNET 2025 panel and the 2025 TIP Report")


def test_standalone_page_escapes_the_title_and_language() -> None:
    """A hostile title is text in <title> as in the card; the language is an attribute value."""
    document = _document(Paragraph(runs=(Run(text="x"),)), title=HOSTILE)
    page = write_html(document, tr.Theme(page_size="Letter")).data
    assert isinstance(page, str)
    assert f"<title>{escape(HOSTILE)}</title>" in page
    assert "<script>" not in page and "@page{size:letter;" in page
