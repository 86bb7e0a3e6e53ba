"""
TLP canaries: restricted fields hold unique strings that must not reach a lower audience anywhere.

Every product in every format, rendered for TLP:CLEAR, is searched for the
canaries in its text, every DOCX part, every PDF object (streams decoded),
the metadata, the outline, the tagged PDF's structure tree (what each element
is read as, alt text, ActualText, link /Contents) and XMP packet, the file
names the command line writes, the logs and the messages of errors raised
along the way. The positive control renders for TLP:RED and finds them, so the
searches can fail; a Thai canary does the same for the ActualText that carries
shaped Thai (UTF-16 in the content streams, where a plain search cannot see it).
"""

from __future__ import annotations

import copy
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from tagged_pdf import tagged_strings

from tipreports.api import build
from tipreports.cli import main
from tipreports.errors import FitError, GlyphError, InputError, TipReportsError
from tipreports.load import load
from tipreports.model import Briefing, EventKind, Marking, for_audience
from tipreports.model.briefing import iter_text

PREFIX = "CANARY-7f3a"
PRODUCTS = ("briefing-note", "one-pager")
FORMATS = ("docx", "pdf", "html", "md")


def canary(field: str) -> str:
    return f"{PREFIX}-{field}"


#: Canaries that a template renders (a finding's theme is carried but not shown by the bundled templates).
SHOWN = (
    "key-message",
    "consideration",
    "strength",
    "challenge",
    "panel-rec",
    "progress",
    "concern",
    "tip-rec",
    "metric",
    "source-title",
    "source-publisher",
)


def canary_data() -> dict[str, Any]:
    """A briefing at TLP:CLEAR whose restricted items each hold a canary, at every level above CLEAR."""
    return {
        "title": "Canary briefing",
        "date": "2025-10-15",
        "prepared_by": {"name": "Analyst Org"},
        "marking": "TLP:CLEAR",
        "key_messages": [
            "Public key message.",
            {"text": canary("key-message"), "marking": "TLP:AMBER", "source": "secret"},
        ],
        "considerations": [{"text": canary("consideration"), "marking": "TLP:RED"}, "Public consideration."],
        "panel": {
            "title": "Panel",
            "strengths": [
                "Public strength.",
                {"text": canary("strength"), "theme": canary("strength-theme"), "marking": "TLP:GREEN"},
            ],
            "challenges": [{"text": canary("challenge"), "marking": "TLP:AMBER+STRICT"}],
            "recommendations": [
                {"text": canary("panel-rec"), "marking": "TLP:AMBER"},
                {"text": "Public panel rec.", "source": "secret"},
            ],
        },
        "assessment": {
            "country": "Thailand",
            "report_year": 2025,
            "tier": "Tier 2",
            "tier_history": [{"year": 2024, "tier": "Tier 2"}, {"year": 2025, "tier": "Tier 2"}],
            "progress": ["Public progress.", {"text": canary("progress"), "marking": "TLP:RED", "source": "pub"}],
            "concerns": [{"text": canary("concern"), "marking": "TLP:AMBER"}],
            "recommendations": [{"text": canary("tip-rec"), "marking": "TLP:AMBER"}, "Public TIP rec."],
            "statistics": [
                {"metric": canary("metric"), "data_year": 2024, "value": 987654, "marking": "TLP:AMBER"},
                {"metric": "convictions", "data_year": 2024, "value": 12, "source": "pub2"},
            ],
        },
        "sources": [
            {"id": "pub", "title": "Public source one", "url": "https://example.org/pub"},
            {
                "id": "secret",
                "title": canary("source-title"),
                "publisher": canary("source-publisher"),
                "url": "https://example.org/" + canary("source-url"),
                "marking": "TLP:AMBER",
            },
            {"id": "pub2", "title": "Public source two"},
        ],
    }


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return load(canary_data())


# -- where to look ---------------------------------------------------------------------------------


def docx_strings(data: bytes) -> list[str]:
    """Every part of the DOCX package, decoded, with its name; and the zip comment."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        out.append(z.comment.decode("utf-8", "replace"))
        for info in z.infolist():
            out.append(info.filename)
            out.append(z.read(info).decode("utf-8", "replace"))
    # Text split across runs would hide a canary from a plain search: add the paragraphs' text.
    import docx

    document = docx.Document(io.BytesIO(data))
    out.extend(p.text for p in document.paragraphs)
    for table in document.tables:
        out.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        out.extend(p.text for p in section.header.paragraphs)
        out.extend(p.text for p in section.footer.paragraphs)
    return out


def _pdf_object_strings(obj: Any, out: list[str], seen: set[int]) -> None:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, pypdf.generic.IndirectObject):
        _pdf_object_strings(obj.get_object(), out, seen)
        return
    if isinstance(obj, pypdf.generic.StreamObject):
        try:
            out.append(obj.get_data().decode("latin-1"))
        except Exception:  # an undecodable stream is searched raw below
            out.append(obj._data.decode("latin-1"))
    if isinstance(obj, dict):
        for key, value in obj.items():
            out.append(str(key))
            _pdf_object_strings(value, out, seen)
    elif isinstance(obj, list):
        for value in obj:
            _pdf_object_strings(value, out, seen)
    elif isinstance(obj, (pypdf.generic.TextStringObject, pypdf.generic.ByteStringObject, str, bytes)):
        out.append(obj.decode("latin-1") if isinstance(obj, bytes) else str(obj))


def pdf_strings(data: bytes) -> list[str]:
    """The raw file, every object (streams decoded), the extracted text, metadata, outline and XMP."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    out = [data.decode("latin-1")]
    out.extend(page.extract_text() for page in reader.pages)
    out.append(repr(dict(reader.metadata or {})))
    out.append(repr(reader.outline))
    seen: set[int] = set()
    for generation, numbers in reader.xref.items():
        for number in numbers:
            _pdf_object_strings(reader.get_object(pypdf.generic.IndirectObject(number, generation, reader)), out, seen)
    for number in reader.xref_objStm:
        _pdf_object_strings(reader.get_object(number), out, seen)
    _pdf_object_strings(reader.trailer, out, seen)
    out.extend(tagged_strings(data))
    return out


def output_strings(fmt: str, data: bytes | str) -> list[str]:
    if fmt == "docx":
        assert isinstance(data, bytes)
        return docx_strings(data)
    if fmt == "pdf":
        assert isinstance(data, bytes)
        return pdf_strings(data)
    assert isinstance(data, str)
    return [data]


def canaries_in(strings: list[str]) -> set[str]:
    """The canaries found, matched also with whitespace removed (PDF text extraction breaks lines)."""
    found: set[str] = set()
    for s in strings:
        for text in (s, re.sub(r"\s+", "", s)):
            found.update(re.findall(re.escape(PREFIX) + r"-[a-z-]+[a-z]", text))
    return found


# -- the tests --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("product", PRODUCTS)
def test_no_canary_reaches_a_lower_audience(briefing: Briefing, product: str, fmt: str) -> None:
    """Rendered for TLP:CLEAR, no restricted text is anywhere in the output."""
    rendered = build(briefing, product, fmt, audience=Marking.CLEAR)
    assert canaries_in(output_strings(fmt, rendered.data)) == set()
    assert PREFIX not in rendered.report
    assert rendered.marking is Marking.CLEAR


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("product", PRODUCTS)
def test_positive_control_canaries_reach_an_audience_that_may_see_them(briefing: Briefing, product: str, fmt: str) -> None:
    """Rendered for TLP:RED, every shown canary is found by the same search."""
    rendered = build(briefing, product, fmt, audience=Marking.RED)
    found = canaries_in(output_strings(fmt, rendered.data))
    expected = {canary(name) for name in SHOWN}
    if product == "one-pager":
        # The one-pager shows key messages, both perspectives, recommendations and sources, not every section.
        assert found and found <= expected | {canary("source-url"), canary("strength-theme")}
    else:
        assert expected <= found
    assert rendered.marking is Marking.RED


@pytest.mark.parametrize("fmt", FORMATS)
def test_intermediate_audience_gets_exactly_its_levels(briefing: Briefing, fmt: str) -> None:
    """TLP:AMBER sees CLEAR, GREEN and AMBER items; AMBER+STRICT and RED stay out; the banner is AMBER."""
    rendered = build(briefing, "briefing-note", fmt, audience="TLP:AMBER")
    found = canaries_in(output_strings(fmt, rendered.data))
    assert {canary("strength"), canary("key-message"), canary("concern"), canary("source-title")} <= found
    assert found.isdisjoint({canary("challenge"), canary("consideration"), canary("progress")})
    assert rendered.marking is Marking.AMBER


#: A Thai canary: Thai reaches the PDF as shaped glyphs, with its text only in /ActualText.
THAI_CANARY = "นกขมิ้นลับเฉพาะ"


@pytest.mark.parametrize("product", PRODUCTS)
def test_thai_canary_stays_out_of_actual_text_and_the_tree(product: str) -> None:
    """A withheld Thai item is in no /ActualText, Span, tree text or XMP for TLP:CLEAR; for TLP:RED it is."""
    pytest.importorskip("pythainlp")
    pytest.importorskip("uharfbuzz")
    data = canary_data()
    data["assessment"]["concerns"] = [{"text": THAI_CANARY, "marking": "TLP:AMBER"}, "Public concern."]
    data["panel"]["strengths"] = [{"text": THAI_CANARY, "marking": "TLP:RED"}, "Public strength."]
    briefing = load(data)
    clear = build(briefing, product, "pdf", audience=Marking.CLEAR).data
    red = build(briefing, product, "pdf", audience=Marking.RED).data
    assert isinstance(clear, bytes) and isinstance(red, bytes)
    assert not any(THAI_CANARY in text for text in pdf_strings(clear))
    assert any(THAI_CANARY in text for text in tagged_strings(red))


def test_render_report_counts_per_section_never_text(briefing: Briefing) -> None:
    """The report says how many items each section lost, and nothing else about them."""
    rendered = build(briefing, "briefing-note", "md", audience="TLP:CLEAR")
    assert dict(rendered.withheld.counts) == {
        "sources": 1,
        "key messages": 1,
        "considerations": 1,
        "panel strengths": 1,
        "panel challenges": 1,
        "panel recommendations": 1,
        "progress": 1,
        "concerns": 1,
        "TIP recommendations": 1,
        "statistics": 1,
    }
    assert rendered.report == (
        "rendered for TLP:CLEAR: withheld 10 item(s) (1 from sources, 1 from key messages, 1 from considerations, "
        "1 from panel strengths, 1 from panel challenges, 1 from panel recommendations, 1 from progress, "
        "1 from concerns, 1 from TIP recommendations, 1 from statistics); banner TLP:CLEAR"
    )


def test_cli_build_leaks_nothing_into_files_names_output_or_logs(
    briefing: Briefing, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """`tipreports build --audience TLP:CLEAR`: file names, file contents, stdout, stderr and logs are clean."""
    source = tmp_path / "canary.json"
    source.write_text(json.dumps(canary_data()), encoding="utf-8")
    out = tmp_path / "out"
    caplog.set_level(logging.DEBUG)
    status = main(["build", str(source), "--out", str(out), "--format", "docx,pdf,html,md", "--audience", "TLP:CLEAR"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "thailand-2025-briefing-note-tier-history.png",
        "thailand-2025-briefing-note.docx",
        "thailand-2025-briefing-note.html",
        "thailand-2025-briefing-note.md",
        "thailand-2025-one-pager.pdf",
    ]
    assert "withheld 10 item(s)" in captured.out
    for path in out.iterdir():
        fmt = path.suffix[1:]
        if fmt == "png":  # the Markdown file's chart: pixels, and no text chunks to carry a canary
            assert PREFIX.encode() not in path.read_bytes()
            continue
        data: bytes | str = path.read_bytes() if fmt in ("docx", "pdf") else path.read_text(encoding="utf-8")
        assert canaries_in(output_strings(fmt, data)) == set(), path.name
    assert PREFIX not in captured.out + captured.err
    assert PREFIX not in caplog.text
    assert all(PREFIX not in record.getMessage() for record in caplog.records)


def test_cli_positive_control_prints_and_writes_canaries_for_red(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same command for TLP:RED writes the canaries: the checks above can fail."""
    source = tmp_path / "canary.json"
    source.write_text(json.dumps(canary_data()), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--format", "md", "--audience", "TLP:RED"]) == 0
    text = (out / "thailand-2025-briefing-note.md").read_text(encoding="utf-8")
    assert canary("concern") in text
    assert "nothing withheld; banner TLP:RED" in capsys.readouterr().out


def _crowded(extra_items: int) -> dict[str, Any]:
    data = canary_data()
    filler = "A public statement long enough to take two lines of a narrow column on the one-pager, and then some more."
    data["assessment"]["progress"] = [filler] * extra_items + data["assessment"]["progress"]
    data["panel"]["strengths"] = [filler] * extra_items + data["panel"]["strengths"]
    return data


def test_fit_error_for_a_lower_audience_names_no_restricted_text() -> None:
    """A one-pager too long for TLP:CLEAR fails with a FitError that holds no canary."""
    briefing = load(_crowded(60))
    with pytest.raises(FitError) as caught:
        build(briefing, "one-pager", "pdf", audience="TLP:CLEAR")
    assert PREFIX not in str(caught.value)


def test_glyph_error_for_a_restricted_field_never_echoes_it() -> None:
    """Rendered for an audience that sees it, a restricted text the font cannot draw is named, not quoted."""
    data = canary_data()
    data["assessment"]["concerns"][0]["text"] = canary("concern") + " \u1200\u1201"
    briefing = load(data)
    with pytest.raises(GlyphError) as caught:
        build(briefing, "briefing-note", "pdf", audience="TLP:RED")
    assert PREFIX not in str(caught.value)
    # For a lower audience the field is withheld before any check: no error at all.
    rendered = build(briefing, "briefing-note", "pdf", audience="TLP:CLEAR")
    assert canaries_in(pdf_strings(rendered.data)) == set()  # type: ignore[arg-type]  # PDF bytes


def test_audience_below_the_document_marking_error_holds_no_text() -> None:
    """Asking for a lower audience than the document's own marking is refused without quoting content."""
    data = canary_data()
    data["marking"] = "TLP:GREEN"
    data["title"] = canary("title-green")
    briefing = load(data)
    with pytest.raises(InputError) as caught:
        build(briefing, "briefing-note", "md", audience="TLP:CLEAR")
    assert str(caught.value) == (
        "audience: TLP:CLEAR is below the document's marking TLP:GREEN; unmarked content carries TLP:GREEN. "
        "Lower the document's 'marking' and mark the restricted items instead"
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["assessment"]["concerns"][0].update(text=canary("concern") + "\x00"), "assessment.concerns[0].text"),
        (lambda d: d["assessment"]["concerns"][0].update(text=canary("concern") * 200), "assessment.concerns[0].text"),
        (lambda d: d["assessment"]["concerns"][0].update(theme=canary("theme") * 10), "assessment.concerns[0].theme"),
        (lambda d: d["sources"][1].update(url="ftp://" + canary("url")), "sources[1].url"),
        # A figure may be text ("at least 3,000"); too long a text is refused without being echoed.
        (lambda d: d["assessment"]["statistics"][0].update(value=canary("value") * 20), "assessment.statistics[0].value"),
    ],
)
def test_load_errors_in_restricted_items_name_the_field_not_the_text(change: Any, path: str) -> None:
    """
    An invalid restricted item is reported by field path; its text is never echoed.

    Closed-set fields (marking, tier, language) quote an unknown value only when it
    is a short token shaped like a label, and only where the item is TLP:CLEAR.
    """
    data = copy.deepcopy(canary_data())
    change(data)
    with pytest.raises(InputError) as caught:
        load(data)
    assert [p.path for p in caught.value.problems] == [path]
    assert PREFIX not in str(caught.value)


def test_unknown_source_id_of_a_restricted_item_is_not_echoed() -> None:
    """A restricted item citing a missing source is named by path, not by the id it gives."""
    data = canary_data()
    data["assessment"]["concerns"][0]["source"] = canary("id")
    with pytest.raises(InputError) as caught:
        load(data)
    assert PREFIX not in str(caught.value)


def test_errors_raised_while_rendering_for_clear_hold_no_canary(briefing: Briefing) -> None:
    """Every error reachable from build() for TLP:CLEAR with bad options is free of restricted text."""
    calls: list[Callable[[], object]] = [
        lambda: build(briefing, "no-such-product", "docx", audience="TLP:CLEAR"),
        lambda: build(briefing, "briefing-note", "odt", audience="TLP:CLEAR"),
        lambda: build(briefing, "briefing-note", "md", audience="TLP:PURPLE"),
    ]
    for call in calls:
        with pytest.raises((TipReportsError, ValueError)) as caught:
            call()
        assert PREFIX not in str(caught.value)


def test_for_audience_drops_withheld_items_entirely(briefing: Briefing) -> None:
    """The filtered briefing holds no canary anywhere, even in fields no template shows."""
    visible, withheld = for_audience(briefing, Marking.CLEAR)
    assert [path for path, text in iter_text(visible) if PREFIX in text] == []
    assert [path for path, text in iter_text(briefing) if PREFIX in text]  # the search can fail
    assert withheld.total == 10
    assert withheld.marking is Marking.CLEAR


# -- metadata hygiene --------------------------------------------------------------------------------


def _machine_words() -> list[str]:
    import getpass
    import socket
    import tempfile

    words = [getpass.getuser(), socket.gethostname(), str(Path.home()), tempfile.gettempdir(), str(Path.cwd())]
    return [w for w in words if w and w not in ("/", "")]


@pytest.mark.parametrize("product", PRODUCTS)
def test_docx_metadata_is_only_what_the_briefing_says(briefing: Briefing, product: str) -> None:
    """Core and app properties come from the briefing; no library defaults, user, host or path anywhere."""
    from lxml import etree

    data = build(briefing, product, "docx", audience="TLP:CLEAR").data
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = {el.tag.split("}")[1]: el.text for el in etree.fromstring(z.read("docProps/core.xml"))}
        app = {el.tag.split("}")[1]: el.text for el in etree.fromstring(z.read("docProps/app.xml"))}
        parts = {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))}
        times = {info.date_time for info in z.infolist()}
    kind = "Briefing note" if product == "briefing-note" else "One-pager"
    assert core == {
        "title": "Canary briefing",
        "revision": "1",
        "subject": f"{kind}: 2025 TIP Report: Thailand",
        "creator": "Analyst Org",
        "lastModifiedBy": "Analyst Org",
        "keywords": "human trafficking, 2025 TIP Report, Thailand, Tier 2",
        "created": "2025-10-15T00:00:00Z",
        "modified": "2025-10-15T00:00:00Z",
        "language": "en",
    }
    assert app == {"Application": "tipreports", "DocSecurity": "0"}
    assert times == {(1980, 1, 1, 0, 0, 0)}
    text = "\n".join(parts.values())
    for word in ("python-docx", "generated by", "ReportLab", "2013-12-23", *_machine_words()):
        assert not re.search(r"(?<![\w/])" + re.escape(word) + r"(?![\w])", text), word


@pytest.mark.parametrize("product", ["briefing-note", "one-pager"])
def test_pdf_metadata_is_only_what_the_briefing_says(briefing: Briefing, product: str) -> None:
    """Info dictionary from the briefing; /Producer names tipreports; no user, host or path in any object."""
    data = build(briefing, product, "pdf", audience="TLP:CLEAR").data
    assert isinstance(data, bytes)
    reader = pypdf.PdfReader(io.BytesIO(data))
    kind = "Briefing note" if product == "briefing-note" else "One-pager"
    assert {str(k): str(v) for k, v in (reader.metadata or {}).items()} == {
        "/Author": "Analyst Org",
        "/CreationDate": "D:20251015000000+00'00'",
        "/Creator": "tipreports",
        "/Keywords": "human trafficking, 2025 TIP Report, Thailand, Tier 2",
        "/ModDate": "D:20251015000000+00'00'",
        "/Producer": "ReportLab (tipreports)",
        "/Subject": f"{kind}: 2025 TIP Report: Thailand",
        "/Title": "Canary briefing",
        "/Trapped": "/False",
    }
    text = "\n".join(pdf_strings(data)[1:])  # the objects, not the raw (compressed) bytes
    for word in _machine_words():
        assert not re.search(r"(?<![\w/])" + re.escape(word) + r"(?![\w])", text), word


# -- errors never quote restricted text typed where it does not belong ----------------------------------

SECRET = canary("typed") + " informant in Mae Sot"


def _load_error(data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as caught:
        load(data)
    return caught.value


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["assessment"]["concerns"][0].update(marking=SECRET),
            "assessment.concerns[0].marking",
            "unknown marking; expected one of 'TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'",
        ),
        (
            lambda d: d.update(marking=SECRET),
            "marking",
            "unknown marking; expected one of 'TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'",
        ),
        (
            lambda d: d["assessment"].update(tier=SECRET),
            "assessment.tier",
            "unknown tier; expected one of 'Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3', 'Special Case'",
        ),
        (lambda d: d.update(language=SECRET), "language", "unsupported language; expected one of 'en', 'th'"),
        (
            lambda d: d["assessment"]["concerns"][0].update({SECRET: "x"}),
            "assessment.concerns[0]",
            "unknown key (not shown: what holds it is not marked TLP:CLEAR) (allowed keys: text, theme, source, marking)",
        ),
        (
            lambda d: d["panel"].update({SECRET: "x"}),
            "panel",
            "unknown key (allowed keys: title, date, co_presenters, representatives_from, speakers, chatham_house, summary, "
            "strengths, challenges, recommendations, source)",
        ),
        (
            lambda d: d["assessment"].update(designations=[SECRET]),
            "assessment.designations[0]",
            "unknown designation; expected one of 'state-sponsored-trafficking', 'child-soldiers-prevention-act'",
        ),
        (
            lambda d: d["assessment"]["tier_history"][0].update(designations=[SECRET]),
            "assessment.tier_history[0] (2024).designations[0]",
            "unknown designation; expected one of 'state-sponsored-trafficking', 'child-soldiers-prevention-act'",
        ),
        (
            lambda d: d.update(event={"name": "Event", "kind": SECRET}),
            "event.kind",
            "unknown kind of event; expected one of " + ", ".join(repr(kind.value) for kind in EventKind),
        ),
    ],
)
def test_restricted_text_typed_into_a_field_that_fails_to_parse_is_not_quoted(change: Any, path: str, message: str) -> None:
    """A marking, tier, language or key holding restricted text is named by its path: the text is never quoted back."""
    data = copy.deepcopy(canary_data())
    change(data)
    error = _load_error(data)
    assert [(p.path, p.message) for p in error.problems] == [(path, message)]
    assert PREFIX not in str(error) and "Mae Sot" not in str(error)


@pytest.mark.parametrize(
    ("change", "kept", "hidden"),
    [
        # A typo shaped like a label is what makes the error useful, where the item may be shared.
        (lambda d: d["assessment"]["concerns"][0].update(marking="TLP:AMBR"), "'TLP:AMBR'", None),
        (lambda d: d["assessment"].update(tier="Tier 4"), "'Tier 4'", None),
        (lambda d: d["assessment"]["progress"].insert(0, {"text": "x", "informant_name": 1}), "'informant_name'", None),
        # In an item marked above TLP:CLEAR, not even a plain name or a label-shaped token is quoted.
        (lambda d: d["assessment"]["concerns"][0].update(informant_name=1), None, "informant_name"),
        (lambda d: d["assessment"]["statistics"][0].update(value=10**13), None, "10000000000000"),
        (lambda d: (d.update(marking="TLP:AMBER"), d["assessment"].update(tier="Tier 4")), None, "Tier 4"),
        # An item whose marking cannot be read counts as restricted.
        (lambda d: d["assessment"]["progress"].insert(0, {"text": "x", "marking": "SECRET", "informant_name": 1}), None, "informant_name"),
    ],
)
def test_short_tokens_are_quoted_only_where_the_item_is_clear(change: Any, kept: str | None, hidden: str | None) -> None:
    """Only a short token shaped like what was meant is quoted, and only from an item marked TLP:CLEAR."""
    data = copy.deepcopy(canary_data())
    change(data)
    text = str(_load_error(data))
    if kept is not None:
        assert kept in text
    if hidden is not None:
        assert hidden not in text


def test_keys_in_yaml_are_named_only_when_plain(tmp_path: Path) -> None:
    """A duplicated or nested key holding text is not quoted, in the message or the path; a plain key is."""
    text = (
        "title: T\ndate: 2025-10-15\nprepared_by: Org\nmarking: TLP:CLEAR\n"
        f"panel:\n  title: P\n  {SECRET}: 1\n  {SECRET}: 2\n  titel: 3\n  titel: 4\n"
        f"assessment: {{country: Thailand, report_year: 2025, tier: Tier 2, {SECRET}: !!python/object x}}\n"
    )
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert PREFIX not in message and "Mae Sot" not in message
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("panel.<key>", "duplicate key (first on line 7)"),
        ("panel.titel", "duplicate key 'titel' (first on line 9)"),
        ("assessment.<key>", "tags such as '!!python/object' are not allowed; write a plain value (quote text)"),
    ]


def test_the_audience_option_quotes_only_a_label_shaped_value(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`--audience TLP:PURPLE` is named; `--audience` given restricted text is not."""
    source = tmp_path / "canary.json"
    source.write_text(json.dumps(canary_data()), encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path), "--audience", "TLP:PURPLE"]) == 2
    assert "unknown marking 'TLP:PURPLE'" in capsys.readouterr().err
    assert main(["build", str(source), "--out", str(tmp_path), "--audience", SECRET]) == 2
    err = capsys.readouterr().err
    assert "unknown marking; expected one of" in err
    assert PREFIX not in err and "Mae Sot" not in err


def _banners(html: str) -> list[str]:
    return re.findall(r'<div class="tr-banner"[^>]*>([^<]*)</div>', html)


def test_part_previews_show_every_item_with_its_marking_under_a_banner(briefing: Briefing) -> None:
    """`brief.assessment` and `brief.panel` in a notebook: restricted items say their marking, and the card has a banner."""
    assert briefing.assessment is not None and briefing.panel is not None
    assessment = briefing.assessment._repr_html_()
    assert _banners(assessment) == ["TLP:RED", "TLP:RED"]
    for name, label in (("concern", "TLP:AMBER"), ("progress", "TLP:RED"), ("tip-rec", "TLP:AMBER"), ("metric", "TLP:AMBER")):
        assert re.search(re.escape(canary(name)) + r"[^<]*(<[^>]+>)*\s*\(" + re.escape(label) + r"\)", assessment), name
    assert "4 item(s) marked above TLP:CLEAR shown, each with its marking." in assessment
    panel = briefing.panel._repr_html_()
    assert _banners(panel) == ["TLP:AMBER+STRICT", "TLP:AMBER+STRICT"]
    assert re.search(re.escape(canary("challenge")) + r"[^<]*(<[^>]+>)*\s*\(TLP:AMBER\+STRICT\)", panel)
