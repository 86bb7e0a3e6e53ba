"""TLP markings: what an audience gets, source numbering and citations, and the banner in every format."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tagged_pdf import read_aloud, tagged_strings

from tipreports.api import build
from tipreports.load import load
from tipreports.model import Briefing, Marking, for_audience
from tipreports.model.briefing import iter_cited, iter_items, iter_text


def _data() -> dict[str, Any]:
    return {
        "title": "Markings",
        "date": "2025-10-15",
        "prepared_by": "Analyst Org",
        "marking": "TLP:CLEAR",
        "key_messages": [{"text": "Cites the restricted source.", "source": "b"}, {"text": "Cites c.", "source": "c"}],
        "panel": {
            "title": "Panel",
            "strengths": [{"text": "Green strength.", "marking": "TLP:GREEN", "source": "a"}],
            "recommendations": [{"text": "Public panel rec.", "source": "b"}],
        },
        "assessment": {
            "country": "Thailand",
            "report_year": 2025,
            "tier": "Tier 2",
            "statistics": [{"metric": "convictions", "data_year": 2024, "value": 12, "source": "c"}],
            "source": "b",
        },
        "sources": [
            {"id": "a", "title": "Source A"},
            {"id": "b", "title": "Source B", "marking": "TLP:AMBER"},
            {"id": "c", "title": "Source C"},
        ],
    }


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return load(_data())


def _md(briefing: Briefing, audience: str) -> str:
    data = build(briefing, "briefing-note", "md", audience=audience).data
    assert isinstance(data, str)
    return data


def test_citations_of_withheld_sources_disappear_and_numbering_has_no_gaps(briefing: Briefing) -> None:
    """For TLP:GREEN source B is withheld: A and C are 1 and 2, and nothing cites B."""
    text = _md(briefing, "TLP:GREEN")
    assert "1. *Source A*." in text
    assert "2. *Source C*." in text
    assert "Source B" not in text
    assert "- Cites the restricted source.\n" in text  # no citation left behind
    assert "- Cites c.\u00a0\\[2\\]" in text
    assert "1. Public panel rec.\n" in text
    assert "| convictions \\[2\\] |" in text


def test_numbering_follows_the_audience(briefing: Briefing) -> None:
    """For TLP:AMBER source B is back as number 2, and C moves to 3."""
    text = _md(briefing, "TLP:AMBER")
    assert "2. *Source B*." in text
    assert "- Cites the restricted source.\u00a0\\[2\\]" in text
    assert "| convictions \\[3\\] |" in text


@pytest.mark.parametrize("audience", ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED"])
def test_every_citation_points_at_a_listed_source(briefing: Briefing, audience: str) -> None:
    """Citation numbers run within the listed sources, and every listed number is 1..n in order."""
    text = _md(briefing, audience)
    listed = [int(n) for n in re.findall(r"^(\d+)\. .*Source [ABC]", text, flags=re.MULTILINE)]
    assert listed == list(range(1, len(listed) + 1))
    cited = {int(n) for n in re.findall(r"\\\[(\d+)\\\]", text)}
    assert cited <= set(listed)


def test_clear_audience_of_a_green_item_is_withheld(briefing: Briefing) -> None:
    """A GREEN strength is withheld from CLEAR; the section it leaves empty disappears."""
    text = _md(briefing, "TLP:CLEAR")
    assert "Green strength" not in text
    assert "## Strengths" not in text


@pytest.mark.parametrize(
    ("audience", "banner"),
    [("TLP:CLEAR", Marking.CLEAR), ("TLP:GREEN", Marking.GREEN), ("TLP:AMBER", Marking.AMBER), ("TLP:RED", Marking.AMBER)],
)
def test_banner_is_the_highest_marking_included_not_the_audience(briefing: Briefing, audience: str, banner: Marking) -> None:
    """For RED the banner is AMBER: nothing above AMBER is in the briefing."""
    assert for_audience(briefing, audience)[1].marking is banner
    assert build(briefing, "briefing-note", "md", audience=audience).marking is banner


@pytest.mark.parametrize("product", ["briefing-note", "one-pager"])
def test_docx_banner_in_header_and_footer(briefing: Briefing, product: str) -> None:
    """Every header and footer part carries the banner; the withheld level appears nowhere."""
    data = build(briefing, product, "docx", audience="TLP:GREEN").data
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    headers = [n for n in parts if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
    assert {n.split("/")[1].rstrip("0123456789.xml") for n in headers} == {"header", "footer"}
    for name in headers:
        assert "TLP:GREEN" in parts[name], name
    assert not any("TLP:AMBER" in text or "TLP:CLEAR" in text for text in parts.values())


@pytest.mark.parametrize("product", ["briefing-note", "one-pager"])
def test_pdf_banner_on_every_page_top_and_bottom(briefing: Briefing, product: str) -> None:
    """Each page shows the label at least twice (header and footer), and no other label."""
    data = build(briefing, product, "pdf", audience="TLP:GREEN").data
    assert isinstance(data, bytes)
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        text = page.extract_text()
        assert text.count("TLP:GREEN") >= 2
        assert "TLP:AMBER" not in text and "TLP:CLEAR" not in text


@pytest.mark.parametrize("product", ["briefing-note", "one-pager"])
def test_pdf_tree_reads_the_banner_once_first(briefing: Briefing, product: str) -> None:
    """A screen reader hears the included marking first, once; the repeats are artifacts; no other label anywhere."""
    data = build(briefing, product, "pdf", audience="TLP:GREEN").data
    assert isinstance(data, bytes)
    read = [text for _depth, _element, text in read_aloud(data) if text]
    assert read[0] == "TLP:GREEN"
    assert read.count("TLP:GREEN") == 1
    assert not any("TLP:AMBER" in text or "TLP:CLEAR" in text for text in tagged_strings(data))


def test_html_preview_banner_top_and_bottom(briefing: Briefing) -> None:
    """The HTML fragment (and notebook preview) opens and closes with the banner."""
    html = build(briefing, "briefing-note", "html", audience="TLP:AMBER+STRICT").data
    assert isinstance(html, str)
    banners = re.findall(r'<div class="tr-banner"[^>]*>([^<]*)</div>', html)
    assert banners == ["TLP:AMBER", "TLP:AMBER"]


def test_markdown_banner_first_and_last(briefing: Briefing) -> None:
    """The Markdown body (after the front matter) starts and ends with the bold label; so does the fragment."""
    text = _md(briefing, "TLP:GREEN")
    assert text.startswith("---\n")
    lines = text.split("\n---\n", 1)[1].strip().splitlines()
    assert lines[0] == lines[-1] == "**TLP:GREEN**"
    fragment = build(briefing, "briefing-note", "md", audience="TLP:GREEN", fragment=True).data
    assert isinstance(fragment, str)
    lines = fragment.strip().splitlines()
    assert lines[0] == lines[-1] == "**TLP:GREEN**"


def test_labels_are_fixed_english_strings() -> None:
    """Labels are FIRST's, in capitals, never translated; TLP:WHITE reads as CLEAR."""
    assert [m.label for m in Marking] == ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
    assert Marking.parse("tlp:white") is Marking.CLEAR
    assert Marking.parse("amber+strict") is Marking.AMBER_STRICT


# -- property: for_audience over random markings ----------------------------------------------------

_MARKINGS = st.sampled_from([None, *Marking])


@st.composite
def _marked(draw: st.DrawFn) -> dict[str, Any]:
    sources = [{"id": f"s{i}", "title": f"Source {i}", "marking": draw(_MARKINGS)} for i in range(draw(st.integers(0, 4)))]
    ids = [None] + [s["id"] for s in sources]

    def items(prefix: str) -> list[dict[str, Any]]:
        return [
            {"text": f"{prefix} {i}", "marking": draw(_MARKINGS), "source": draw(st.sampled_from(ids))}
            for i in range(draw(st.integers(0, 3)))
        ]

    return {
        "title": "Property",
        "date": "2025-10-15",
        "prepared_by": "Org",
        "marking": draw(st.sampled_from([Marking.CLEAR, Marking.GREEN])).label,
        "key_messages": items("key"),
        "considerations": items("consideration"),
        "panel": {"title": "Panel", "strengths": items("strength"), "challenges": items("challenge"), "recommendations": items("rec")},
        "assessment": {
            "country": "Thailand",
            "report_year": 2025,
            "tier": "Tier 2",
            "progress": items("progress"),
            "concerns": items("concern"),
            "recommendations": items("tiprec"),
            "statistics": [
                {"metric": f"m{i}", "data_year": 2024, "value": i, "marking": draw(_MARKINGS), "source": draw(st.sampled_from(ids))}
                for i in range(draw(st.integers(0, 3)))
            ],
        },
        "sources": sources,
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_marked(), st.sampled_from(list(Marking)))
def test_for_audience_property(data: dict[str, Any], audience: Marking) -> None:
    """Kept items are within the audience; counts add up; the banner is the highest kept; citations resolve."""
    briefing = load(data)
    if audience < briefing.marking:
        return
    visible, withheld = for_audience(briefing, audience)

    def level(item: Any) -> Marking:
        return briefing.marking if item.marking is None else item.marking

    kept = [item for _path, item in iter_items(visible)]
    assert all(level(i) <= audience for i in kept)
    assert len(list(iter_items(briefing))) - len(kept) == withheld.total
    assert withheld.marking == max([briefing.marking, *(level(i) for i in kept)])
    visible_ids = {s.id for s in visible.sources}
    assert all(ref in visible_ids for _path, ref, _marking in iter_cited(visible))
    # Nothing above the audience keeps its text anywhere in the filtered briefing.
    hidden = {
        text
        for _path, item in iter_items(briefing)
        if level(item) > audience
        for field, text in iter_text(item)
        if field in ("text", "title", "metric")
    }
    assert hidden.isdisjoint(text for _path, text in iter_text(visible))
