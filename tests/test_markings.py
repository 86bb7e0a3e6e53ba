"""TLP markings: what an audience gets, source numbering and citations, and the banner in every format."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import attrs
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tagged_pdf import read_aloud, tagged_strings

from tipreports.api import build
from tipreports.load import load
from tipreports.model import Briefing, Marking, for_audience
from tipreports.model.briefing import MARKED, cites, iter_cited, iter_items, iter_text


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
    assert "| convictions\u00a0\\[2\\] |" in text


def test_numbering_follows_the_audience(briefing: Briefing) -> None:
    """For TLP:AMBER source B is back as number 2, and C moves to 3."""
    text = _md(briefing, "TLP:AMBER")
    assert "2. *Source B*." in text
    assert "- Cites the restricted source.\u00a0\\[2\\]" in text
    assert "| convictions\u00a0\\[3\\] |" in text


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

# -- which lists carry markings: found from the model's types, checked against its declarations ------------


def _model_classes() -> list[type]:
    """Every attrs class a briefing is made of, found by walking field types from Briefing."""
    import typing

    found: list[type] = []
    todo: list[type] = [Briefing]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.append(cls)
        attrs.resolve_types(cls)
        for attribute in attrs.fields(cls):
            stack = [attribute.type]
            while stack:
                type_ = stack.pop()
                if isinstance(type_, type) and attrs.has(type_):
                    todo.append(type_)
                stack.extend(typing.get_args(type_))
    return found


def _list_item(attribute: Any) -> type | None:
    """The item class of a ``tuple[X, ...]`` field, or None."""
    import typing

    args = typing.get_args(attribute.type)
    if typing.get_origin(attribute.type) is tuple and len(args) == 2 and args[1] is Ellipsis and isinstance(args[0], type):
        return args[0]
    return None


def _carries_marking(cls: type | None) -> bool:
    return cls is not None and attrs.has(cls) and "marking" in attrs.fields_dict(cls)


def _marked_lists() -> list[tuple[tuple[str, ...], type]]:
    """The path of every list whose items carry their own marking, found from the types alone (not the declarations)."""
    out: list[tuple[tuple[str, ...], type]] = []

    def walk(cls: type, path: tuple[str, ...]) -> None:
        attrs.resolve_types(cls)
        for attribute in attrs.fields(cls):
            if attribute.name == "translation":
                continue
            item = _list_item(attribute)
            if _carries_marking(item):
                assert item is not None
                out.append(((*path, attribute.name), item))
                continue
            import typing

            for inner in (attribute.type, *typing.get_args(attribute.type)):
                if isinstance(inner, type) and attrs.has(inner) and inner is not cls:
                    walk(inner, (*path, attribute.name))

    walk(Briefing, ())
    return out


def test_every_list_of_items_with_a_marking_is_declared_and_nothing_else() -> None:
    """A list whose items carry a marking is declared with marked(); no other field is; no marked item sits outside a list."""
    for cls in _model_classes():
        for attribute in attrs.fields(cls):
            item = _list_item(attribute)
            name = f"{cls.__name__}.{attribute.name}"
            assert (MARKED in attribute.metadata) == _carries_marking(item), name
            single = attribute.type if isinstance(attribute.type, type) else None
            assert not (_carries_marking(single) and cls is not Briefing), f"{name}: a marked item outside a declared list"


def test_every_field_that_holds_a_source_id_is_declared() -> None:
    """Fields named source or *_source hold source ids, and are declared as citing (the filter drops withheld ones)."""
    for cls in _model_classes():
        for attribute in attrs.fields(cls):
            is_reference = attribute.name == "source" or attribute.name.endswith("_source")
            assert cites(attribute) == is_reference, f"{cls.__name__}.{attribute.name}"


#: One item of each class that may carry a marking, every text a canary. A new item class needs a row here.
def _item(cls: type, tag: str, marking: str | None) -> dict[str, Any]:
    templates: dict[str, dict[str, Any]] = {
        "Finding": {"text": f"CANARY-{tag}-text", "theme": f"CANARY-{tag}-theme"},
        "Recommendation": {"text": f"CANARY-{tag}-text", "theme": f"CANARY-{tag}-theme"},
        # every text a statistic may hold: its figures as text, the period, the larger figure's label, the caveat
        "Statistic": {"metric": f"CANARY-{tag}-metric", "period": f"CANARY-{tag}-period", "value": f"CANARY-{tag}-value",
                      "of": f"CANARY-{tag}-of", "of_label": f"CANARY-{tag}-oflabel", "caveat": f"CANARY-{tag}-caveat"},
        "Source": {"id": f"s-{tag}", "title": f"CANARY-{tag}-title", "publisher": f"CANARY-{tag}-publisher",
                   "url": f"https://example.org/CANARY-{tag}-url"},
    }  # fmt: skip
    return {**templates[cls.__name__], **({"marking": marking} if marking else {})}


def _with_every_list(marking: str | None, count: int = 1) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Every list", "date": "2025-10-15", "prepared_by": "Org", "marking": "TLP:CLEAR",
        "event": {"name": "Event"}, "panel": {"title": "Panel"},
        "assessment": {"country": "Thailand", "report_year": 2025, "tier": "Tier 2"},
    }  # fmt: skip
    for path, cls in _marked_lists():
        node = data
        for name in path[:-1]:
            node = node.setdefault(name, {})
        node[path[-1]] = [_item(cls, "-".join(path).replace("_", "") + f"{i}", marking) for i in range(count)]
    return data


def test_every_text_of_a_restricted_item_in_every_list_is_withheld() -> None:
    """
    One TLP:RED item in every list the model's types hold: the walker reaches each, and for TLP:CLEAR none of their text remains.

    The lists are found from the types, not from the declarations, so a new list that is not declared fails here.
    """
    briefing = load(_with_every_list("TLP:RED"))
    canaries = {text for _path, text in iter_text(briefing) if text.startswith("CANARY-") or "CANARY-" in text}
    lists = _marked_lists()
    assert len(list(iter_items(briefing))) == len(lists)
    assert len(canaries) >= len(lists)
    visible, withheld = for_audience(briefing, Marking.CLEAR)
    assert [text for _path, text in iter_text(visible) if "CANARY-" in text] == []
    assert withheld.total == len(lists)
    assert list(iter_items(visible)) == []


_MARKINGS = st.sampled_from([None, *Marking])


@st.composite
def _marked(draw: st.DrawFn) -> dict[str, Any]:
    """A briefing with 0–3 items in every list the model's types hold, each with a drawn marking and citation."""
    data = _with_every_list(None, 0)
    data["marking"] = draw(st.sampled_from([Marking.CLEAR, Marking.GREEN])).label
    sources = [{"id": f"s{i}", "title": f"Source {i}", "marking": draw(_MARKINGS)} for i in range(draw(st.integers(0, 4)))]
    ids = [None] + [s["id"] for s in sources]
    for path, cls in _marked_lists():
        node = data
        for name in path[:-1]:
            node = node[name]
        if cls.__name__ == "Source":
            node[path[-1]] = sources
            continue
        items = []
        for i in range(draw(st.integers(0, 3))):
            item = {**_item(cls, "-".join(path).replace("_", "") + f"{i}", None), "marking": draw(_MARKINGS), "source": draw(st.sampled_from(ids))}
            items.append({k: v for k, v in item.items() if v is not None})
        node[path[-1]] = items
    return data


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
        if field in ("text", "title", "metric", "theme", "publisher", "period", "value", "of", "of_label", "caveat")
    }
    assert hidden.isdisjoint(text for _path, text in iter_text(visible))
