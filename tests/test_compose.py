"""Compose: a briefing through a product's template into a Document (the dialect itself: test_markdown.py)."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import tipreports as tr
from tipreports.compose import compose
from tipreports.document import (
    BulletList,
    Callout,
    Columns,
    Figure,
    Heading,
    KeyFacts,
    NumberedList,
    Paragraph,
    SourceList,
    Table,
    plain_text,
)
from tipreports.model import Tier
from tipreports.model.briefing import iter_items
from tipreports.wording import phrasebook


def _texts(blocks) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(runs=runs) | Paragraph(runs=runs):
                out.append(plain_text(runs))
            case BulletList(items=items) | NumberedList(items=items) | SourceList(items=items):
                out.extend(plain_text(item) for item in items)
            case Callout(blocks=inner):
                out.extend(_texts(inner))
            case Columns(columns=columns):
                for column in columns:
                    out.extend(_texts(column))
            case KeyFacts(items=facts):
                out.extend(f"{fact.label}: {plain_text(fact.value)}" for fact in facts)
            case Table(header=header, rows=rows):
                out.extend(plain_text(cell) for cell in header)
                out.extend(plain_text(cell) for row in rows for cell in row)
            case Figure(caption=caption):
                out.append(caption or "")
    return out


def test_briefing_note_has_the_sections_in_order(example: tr.Briefing) -> None:
    """The briefing note carries the sections DESIGN.md lists, in that order."""
    doc = compose(example, "briefing-note")
    headings = [plain_text(block.runs) for block in doc.blocks if isinstance(block, Heading) and block.level == 1]
    assert headings == [
        "Key messages",
        "Background",
        "The panel's perspective",
        "The 2025 TIP Report: Thailand",
        "Considerations",
        "Sources",
    ]
    assert isinstance(doc.blocks[0], KeyFacts)
    assert [fact.label for fact in doc.blocks[0].items] == ["To", "From", "Date", "Purpose", "Subject"]


def test_briefing_note_holds_every_finding_and_the_tier_sentence(example: tr.Briefing) -> None:
    """Every finding and recommendation of the example and the computed tier sentence reach the document."""
    text = "\n".join(_texts(compose(example, "briefing-note").blocks))
    assert "Thailand remained on Tier 2 for the fourth consecutive year." in text
    statements = [(path, item) for path, item in iter_items(example) if isinstance(item, (tr.Finding, tr.Recommendation))]
    assert len(statements) >= 15
    for path, item in statements:
        assert item.text in text, path


def test_one_pager_has_badge_lead_columns_figure_sources(example: tr.Briefing) -> None:
    """The one-pager is a tier badge with the key messages beside it, two columns, the figure under its heading, the sources."""
    doc = compose(example, "one-pager")
    kinds = [type(block).__name__ for block in doc.blocks]
    assert kinds[:4] == ["Callout", "Columns", "Heading", "Figure"]
    heading = doc.blocks[2]
    assert isinstance(heading, Heading) and plain_text(heading.runs) == "Tier placement, 2001–2025\u00a0[3]"
    assert kinds[-1] == "SourceList"
    tier = doc.blocks[0]
    assert isinstance(tier, Callout) and tier.kind == "tier" and tier.tier is Tier.TIER_2
    large, movement = tier.blocks[:2]
    assert isinstance(large, Paragraph) and large.style == "badge"
    assert plain_text(large.runs) == "TIER 2"
    assert isinstance(movement, Paragraph) and movement.style == "badge"
    assert plain_text(movement.runs) == "\u25a0 Remained, 4th consecutive year"
    aside, messages = tier.blocks[2:4]
    # The panel identified under the badge: its title and who presented it where.
    assert isinstance(aside, Callout) and aside.kind == "aside"
    said = [plain_text(b.runs) for b in aside.blocks if isinstance(b, Paragraph)]
    assert said == [
        "The panel",
        "\u201cThailand: Strengths and Challenges in Preventing and Suppressing Human Trafficking and Forced Labour or Services\u201d",
        "Co-presented by Freedom Collaborative at TIPNET 2025 (more than 170 participants from more than 50 agencies).",
    ]
    assert all(b.style == "small" for b in aside.blocks if isinstance(b, Paragraph))
    assert isinstance(messages, BulletList) and len(messages.items) == len(example.key_messages)
    columns = doc.blocks[1]
    assert isinstance(columns, Columns) and len(columns.columns) == 2
    assert doc.one_page


def test_one_pager_bottom_line_is_the_considerations(example: tr.Briefing) -> None:
    """The considerations close the one-pager as "What this means"; without them the section stays out."""
    with_them = attrs.evolve(example, considerations=("Weigh the panel against the report.",))
    doc = compose(with_them, "one-pager")
    headings = [plain_text(b.runs) for b in doc.blocks if isinstance(b, Heading)]
    assert headings[-1] == "What this means"
    assert "What this means" not in [plain_text(b.runs) for b in compose(attrs.evolve(example, considerations=()), "one-pager").blocks if isinstance(b, Heading)]


def test_figure_alt_text_is_generated_from_the_data(example: tr.Briefing) -> None:
    """The chart's alt text lists every run of years on one tier."""
    doc = compose(example, "one-pager")
    figure = next(block for block in doc.blocks if isinstance(block, Figure))
    assert figure.name == "chart:tier-history"
    assert figure.alt.startswith("Chart of Thailand's tier placement in each TIP Report from 2001 to 2025: ")
    assert "Tier 2 Watch List in 2010–2013; Tier 3 in 2014–2015" in figure.alt
    assert figure.alt.endswith("2025 is highlighted (Tier 2).")


def test_alt_text_of_a_single_year() -> None:
    """A one-year history is described without a range."""
    assessment = tr.TIPAssessment(country="Ruritania", report_year=2010, tier="Tier 1")
    assert phrasebook("en").chart_alt(assessment) == (
        "Chart of Ruritania's tier placement in the 2010 TIP Report: Tier 1 in 2010. 2010 is highlighted (Tier 1)."
    )


def test_metadata_only_from_the_briefing(example: tr.Briefing) -> None:
    """Document metadata is the briefing's title, author, date and language."""
    meta = compose(example, "briefing-note").metadata
    assert meta.title == example.title
    assert meta.author == "Freedom Collaborative"
    assert meta.date == example.date
    assert meta.language == "en"
    assert "2025 TIP Report" in meta.keywords and "Thailand" in meta.keywords


HOSTILE = [
    "AT&T",
    "x<y",
    "Victim <name withheld> testified",
    '<img src="/etc/passwd"/>',
    "[click](javascript:alert(1))",
    "*not emphasis* and _neither_",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "`not code`",
    "::: tier",
    "| a | b |",
    "![x](chart:tier-history)",
    "back\\slash \\* star",
    "&amp; &#65; entity",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_data_never_becomes_markup(example: tr.Briefing, text: str) -> None:
    """Markdown-looking data reaches the document literally, as plain unstyled text."""
    panel = example.panel
    assert panel is not None
    brief = attrs.evolve(example, panel=attrs.evolve(panel, strengths=(tr.Finding(text=text),)))
    doc = compose(brief, "briefing-note")
    lists = [block for block in doc.blocks if isinstance(block, BulletList)]
    strengths = lists[0]
    assert len(strengths.items) == 1
    (runs,) = strengths.items
    assert plain_text(runs) == text
    assert all(not (run.bold or run.italic or run.code or run.link) for run in runs)


def test_unknown_product_is_refused(example: tr.Briefing) -> None:
    """An unknown product names the known ones."""
    with pytest.raises(tr.TemplateError, match="unknown product 'memo'; expected one of 'briefing-note', 'one-pager'"):
        compose(example, "memo")


def test_user_template_folder_overrides_bundled(example: tr.Briefing, tmp_path: Path) -> None:
    """A user's template folder is searched first; partials still resolve from the bundle."""
    (tmp_path / "one_pager.md.j2").write_text("# {{ briefing.title }}\n\n{% include 'partials/sources.md.j2' %}\n")
    doc = compose(example, "one-pager", template_dir=tmp_path)
    assert isinstance(doc.blocks[0], Heading)
    assert plain_text(doc.blocks[0].runs) == example.title
    assert isinstance(doc.blocks[1], SourceList)


def test_missing_field_names_template_line_and_field(example: tr.Briefing, tmp_path: Path) -> None:
    """A template that refers to a missing field fails with the template name, line and field."""
    (tmp_path / "one_pager.md.j2").write_text("# Title\n\n{{ briefing.assessment.no_such_field }}\n")
    with pytest.raises(tr.TemplateError) as err:
        compose(example, "one-pager", template_dir=tmp_path)
    assert str(err.value).startswith("one_pager.md.j2, line 3: ")
    assert "no_such_field" in str(err.value)


def test_template_cannot_reach_python_internals(example: tr.Briefing, tmp_path: Path) -> None:
    """The sandbox refuses dunder access and names the template and line."""
    (tmp_path / "one_pager.md.j2").write_text("ok\n{{ briefing.__class__.__mro__ }}\n")
    with pytest.raises(tr.TemplateError) as err:
        compose(example, "one-pager", template_dir=tmp_path)
    assert str(err.value).startswith("one_pager.md.j2, line 2: ")


def test_template_output_is_bounded(example: tr.Briefing, tmp_path: Path) -> None:
    """A template that writes without end stops with a clear error."""
    (tmp_path / "one_pager.md.j2").write_text("{% for i in range(90000) %}{% for j in range(90000) %}xxxxxxxxxx{% endfor %}{% endfor %}")
    with pytest.raises(tr.TemplateError, match="more than 2,000,000 characters"):
        compose(example, "one-pager", template_dir=tmp_path)


def test_statistics_table(example: tr.Briefing) -> None:
    """Statistics become a table with a header row and the comparison."""
    assessment = example.assessment
    assert assessment is not None
    stat = tr.Statistic(metric="convictions", form="labour", data_year=2024, value=1234, comparison=tr.Comparison(data_year=2023, value=99), source="tip2025")
    brief = attrs.evolve(example, assessment=attrs.evolve(assessment, statistics=(stat,)))
    doc = compose(brief, "briefing-note")
    (table,) = [block for block in doc.blocks if isinstance(block, Table)]
    assert [plain_text(cell) for cell in table.header] == ["Measure", "Form", "Data year", "Value", "Compared with"]
    assert [plain_text(cell) for cell in table.rows[0]] == ["convictions\u00a0[2]", "labour", "2024", "1,234", "99 (2023)"]


def test_every_citation_in_the_templates_is_bound_to_the_word_before_it() -> None:
    """A "[2]" follows its text by a no-break space in every bundled template, so it never starts a line alone."""
    root = Path(__file__).resolve().parent.parent / "templates"
    loose = [
        f"{path.name}:{n}"
        for path in sorted(root.rglob("*.j2"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"[^\u00a0]\{\{ cite(_id|_previous)?\(", line)
    ]
    assert loose == []
