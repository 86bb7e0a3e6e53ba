"""The Markdown dialect: what a template writes, read into blocks; data escaped so it stays text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tipreports as tr
from tipreports.compose import markdown_escape, parse_markdown
from tipreports.document import (
    BulletList,
    Callout,
    Columns,
    Figure,
    Heading,
    KeyFact,
    KeyFacts,
    NumberedList,
    PageBreak,
    Paragraph,
    Run,
    SourceList,
    Table,
    TierChart,
    plain_text,
)

HISTORY = tr.TierHistory.from_pairs({2024: "Tier 2", 2025: "Tier 2"})
CHART = TierChart(history=HISTORY, highlight=2025, country="Thailand")
CHARTS = {"tier-history": (CHART, "Chart of Thailand's tier placement.")}


def _text(markdown: str) -> str:
    (paragraph,) = parse_markdown(markdown)
    assert isinstance(paragraph, Paragraph)
    return plain_text(paragraph.runs)


# -- headings and paragraphs ---------------------------------------------------------------------


def test_headings_keep_their_level_up_to_three() -> None:
    """Levels 1 to 3 are kept; deeper headings become level 3."""
    blocks = parse_markdown("# One\n\n## Two\n\n### Three\n\n#### Four\n")
    assert [
        (block.level, plain_text(block.runs)) for block in blocks if isinstance(block, Heading)
    ] == [(1, "One"), (2, "Two"), (3, "Three"), (3, "Four")]


def test_inline_styles_become_runs() -> None:
    """Emphasis, strong emphasis, code and links become styled runs, merged where the style is the same."""
    (paragraph,) = parse_markdown("plain *italic* **bold *both*** `code` [link](https://example.org)\n")
    assert paragraph == Paragraph(
        runs=(
            Run(text="plain "),
            Run(text="italic", italic=True),
            Run(text=" "),
            Run(text="bold ", bold=True),
            Run(text="both", bold=True, italic=True),
            Run(text=" "),
            Run(text="code", code=True),
            Run(text=" "),
            Run(text="link", link="https://example.org"),
        )
    )


def test_soft_breaks_are_spaces_and_hard_breaks_stay() -> None:
    """A line break in the template's text is a space; a backslash at the end of a line is a line break."""
    assert _text("one\ntwo\\\nthree\n") == "one two\nthree"


def test_whitespace_is_trimmed_at_the_edges_only() -> None:
    """Spaces at the start and end of a paragraph go; spacing inside stays the template's."""
    (paragraph,) = parse_markdown("![](https://example.org/empty.png)  two  spaces ![](https://example.org/empty.png)\n")
    assert paragraph == Paragraph(runs=(Run(text="two  spaces"),))


def test_code_and_quotes_keep_their_words() -> None:
    """Code blocks and block quotes are not part of the dialect, but their text is kept as paragraphs."""
    blocks = parse_markdown("```\nfenced\n```\n\n    indented\n\n> quoted\n")
    assert [plain_text(block.runs) for block in blocks if isinstance(block, Paragraph)] == ["fenced", "indented", "quoted"]


def test_thematic_break_is_a_page_break() -> None:
    """``---`` and ``::: pagebreak`` start a new page."""
    assert (
        Paragraph(runs=(Run(text="one"),)),
        PageBreak(),
        Paragraph(runs=(Run(text="two"),)),
        PageBreak(),
        Paragraph(runs=(Run(text="three"),)),
    ) == parse_markdown("one\n\n---\n\ntwo\n\n::: pagebreak\n:::\n\nthree\n")


# -- lists and tables -----------------------------------------------------------------------------


def test_bullet_and_numbered_lists() -> None:
    """Bullets become a bullet list; a numbered list keeps its first number."""
    bullets, numbers = parse_markdown("- one\n- two\n\n3. three\n4. four\n")
    assert bullets == BulletList(items=((Run(text="one"),), (Run(text="two"),)))
    assert numbers == NumberedList(items=((Run(text="three"),), (Run(text="four"),)), start=3)


def test_a_list_item_is_one_line() -> None:
    """Everything inside an item (a second paragraph, a hard break) stays in that item."""
    (bullets,) = parse_markdown("- first\n\n  second paragraph\n- other\\\n  *beneath*\n")
    assert isinstance(bullets, BulletList)
    assert [
        (Run(text="first"), Run(text=" "), Run(text="second paragraph")),
        (Run(text="other\n"), Run(text="beneath", italic=True)),
    ] == list(bullets.items)


def test_a_nested_list_joins_its_item() -> None:
    """A list inside an item joins that item's line; the items after it stay in the outer list."""
    blocks = parse_markdown("- outer\n  - inner one\n  - inner two\n- next\n")
    assert (
        BulletList(
            items=(
                (Run(text="outer"), Run(text=" "), Run(text="inner one"), Run(text=" "), Run(text="inner two")),
                (Run(text="next"),),
            )
        ),
    ) == blocks


def test_table_has_a_header_and_rows() -> None:
    """A pipe table becomes a table: the header row and the body rows, empty cells kept."""
    (table,) = parse_markdown("| Measure | Value |\n|---|---|\n| convictions | *1,234* |\n| victims | |\n")
    assert table == Table(
        header=((Run(text="Measure"),), (Run(text="Value"),)),
        rows=(((Run(text="convictions"),), (Run(text="1,234", italic=True),)), ((Run(text="victims"),), ())),
    )


# -- containers ------------------------------------------------------------------------------------


def test_keyfacts_are_bold_labels_and_values() -> None:
    """In ``::: keyfacts``, ``- **Label:** value`` is a fact; the colon may sit inside or outside the bold."""
    (facts,) = parse_markdown("::: keyfacts\n- **To:** the Minister\n- **From**: *the team*\n- **Date:**\n:::\n")
    assert facts == KeyFacts(
        items=(
            KeyFact(label="To", value=(Run(text="the Minister"),)),
            KeyFact(label="From", value=(Run(text="the team", italic=True),)),
            KeyFact(label="Date", value=()),
        )
    )


def test_keyfacts_leave_out_what_is_not_a_fact() -> None:
    """Items without a bold label, and paragraphs, are not facts."""
    assert (KeyFacts(items=(KeyFact(label="To", value=(Run(text="x"),)),)),) == parse_markdown(
        "::: keyfacts\nA paragraph.\n\n- plain item\n- **To:** x\n:::\n"
    )


@pytest.mark.parametrize("kind", ["key", "note", "tier"])
def test_callouts_box_their_blocks(kind: str) -> None:
    """``::: key``, ``::: note`` and ``::: tier`` box their blocks; words after the name are the title."""
    (callout,) = parse_markdown(f"::: {kind} Read this\n- one\n:::\n")
    assert callout == Callout(kind=kind, title="Read this", blocks=(BulletList(items=((Run(text="one"),),)),))  # type: ignore[arg-type]  # kind is a CalloutKind


def test_paragraph_styles_from_containers() -> None:
    """``lead``, ``small`` and ``badge`` style the paragraphs inside them, also inside a callout."""
    blocks = parse_markdown(":::: tier\n::: badge\nTier 2\n:::\nThe sentence.\n::::\n\n::: lead\nKey.\n:::\n\n::: small\nFine print.\n:::\n")
    assert (
        Callout(kind="tier", blocks=(Paragraph(runs=(Run(text="Tier 2"),), style="badge"), Paragraph(runs=(Run(text="The sentence."),)))),
        Paragraph(runs=(Run(text="Key."),), style="lead"),
        Paragraph(runs=(Run(text="Fine print."),), style="small"),
    ) == blocks


def test_columns_hold_one_block_tuple_per_column() -> None:
    """``::::: columns`` with ``:::: column`` inside gives side-by-side columns (the outer fence is longer)."""
    (columns,) = parse_markdown("::::: columns\n:::: column\n## Left\n::::\n:::: column\nRight\n::::\n:::::\n")
    assert columns == Columns(columns=((Heading(level=2, runs=(Run(text="Left"),)),), (Paragraph(runs=(Run(text="Right"),)),)))


def test_content_between_columns_is_a_column_of_its_own() -> None:
    """Text between columns is not lost: it becomes a column where it stands."""
    (columns,) = parse_markdown("::::: columns\n:::: column\nA\n::::\nstray\n\n:::: column\nB\n::::\n:::::\n")
    assert isinstance(columns, Columns)
    assert [[plain_text(block.runs) for block in column] for column in columns.columns] == [["A"], ["stray"], ["B"]]  # type: ignore[union-attr]  # paragraphs


def test_a_column_outside_columns_is_its_blocks() -> None:
    """A lone ``::: column`` leaves its blocks in place."""
    assert (Paragraph(runs=(Run(text="alone"),)),) == parse_markdown("::: column\nalone\n:::\n")


def test_sources_collect_list_items_and_paragraphs() -> None:
    """``::: sources`` becomes one source list, in order; an empty one disappears."""
    blocks = parse_markdown("::: sources\n1. First [web](https://example.org)\n2. Second\n\nThird\n:::\n\n::: sources\n:::\n")
    assert (
        SourceList(items=((Run(text="First "), Run(text="web", link="https://example.org")), (Run(text="Second"),), (Run(text="Third"),))),
    ) == blocks


# -- figures -------------------------------------------------------------------------------------------


def test_figure_by_name() -> None:
    """An image of ``chart:name`` alone in a paragraph is that registered figure, with the template's caption."""
    (figure,) = parse_markdown("![Tier placement, *2024*–2025 `[1]`](chart:tier-history)\n", CHARTS)
    assert figure == Figure(name="chart:tier-history", alt="Chart of Thailand's tier placement.", caption="Tier placement, 2024–2025 [1]", chart=CHART)


def test_figure_without_caption() -> None:
    """An empty caption is no caption; the alt text still comes from the data."""
    (figure,) = parse_markdown("![](chart:tier-history)\n", CHARTS)
    assert isinstance(figure, Figure) and figure.caption is None and figure.alt == "Chart of Thailand's tier placement."


def test_unknown_figure_names_the_registered_ones() -> None:
    """A figure name that is not registered is an error listing the names that are."""
    with pytest.raises(tr.TemplateError, match=r"^unknown figure 'chart:tier-map'; registered: 'chart:tier-history'$"):
        parse_markdown("![Map](chart:tier-map)\n", CHARTS)


@pytest.mark.parametrize(
    "markdown",
    [
        "Before ![the chart](chart:tier-history) after\n",  # inside text: not a figure
        "![the chart](https://example.org/chart.png)\n",  # not a registered name: no images from anywhere
        "![the chart](file:///etc/passwd)\n",
    ],
)
def test_other_images_keep_only_their_caption_as_text(markdown: str) -> None:
    """An image that is not a figure by name leaves its caption as plain text, and nothing is fetched."""
    (paragraph,) = parse_markdown(markdown, CHARTS)
    assert isinstance(paragraph, Paragraph)
    assert "the chart" in plain_text(paragraph.runs)
    assert all(run.link is None for run in paragraph.runs)


# -- links ------------------------------------------------------------------------------------------------


def test_links_only_https_and_mailto() -> None:
    """Template links become links only for https: and mailto:."""
    (paragraph,) = parse_markdown("[a](https://example.org) [b](javascript:alert(1)) [c](mailto:x@example.org) [d](file:///etc/passwd) [e](http://example.org)")
    assert isinstance(paragraph, Paragraph)
    links = {run.text: run.link for run in paragraph.runs if run.link}
    assert links == {"a": "https://example.org", "c": "mailto:x@example.org"}


def test_styles_inside_a_link_keep_the_link() -> None:
    """Bold text inside a link is bold and linked; the text after the link is not linked."""
    (paragraph,) = parse_markdown("[see **this**](https://example.org) now\n")
    assert paragraph == Paragraph(
        runs=(Run(text="see ", link="https://example.org"), Run(text="this", bold=True, link="https://example.org"), Run(text=" now"))
    )


# -- escaping ---------------------------------------------------------------------------------------------

HOSTILE = [
    "AT&T",
    "x<y",
    "Victim <name withheld> testified",
    '<img src="/etc/passwd"/>',
    "[click](javascript:alert(1))",
    "[click](https://example.org)",
    "*not emphasis* and _neither_",
    "# not a heading",
    "1. not a list",
    "0",
    "2025",
    "- not a bullet",
    "`not code`",
    "::: tier",
    "| a | b |",
    "![x](chart:tier-history)",
    "back\\slash \\* star",
    "&amp; &#65; entity",
    "line\nbreak",
    "trailing backslash\\",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_data_is_plain_text(text: str) -> None:
    """Escaped data that looks like Markdown reads back literally, as one unstyled paragraph."""
    (paragraph,) = parse_markdown(markdown_escape(text), CHARTS)
    assert paragraph == Paragraph(runs=(Run(text=" ".join(text.split())),))


def test_escaped_digits_cannot_start_a_numbered_list() -> None:
    """Data starting with digits, followed by the template's ". ", stays a paragraph."""
    (paragraph,) = parse_markdown(markdown_escape("0") + ". *Title*\n")
    assert paragraph == Paragraph(runs=(Run(text="0. "), Run(text="Title", italic=True)))


def test_no_break_spaces_in_data_are_kept() -> None:
    """A no-break space in data binds its words ("Tier\u00a02\u00a0Watch\u00a0List"); other white space folds."""
    (paragraph,) = parse_markdown(markdown_escape("Tier\u00a02\u00a0Watch\u00a0List \t and\n more"))
    assert plain_text(paragraph.runs) == "Tier\u00a02\u00a0Watch\u00a0List and more"


def test_numbers_from_the_template_are_not_escaped() -> None:
    """Numbers (``loop.index``) stay numbers, so templates can number their own lists."""
    assert markdown_escape(3) == "3"
    assert markdown_escape(None) == ""


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=80))
def test_escape_round_trips_any_text(text: str) -> None:
    """Any single-line text, escaped, parses back to itself (whitespace folded, no-break spaces kept inside)."""
    folded = re.sub(r"[^\S\u00a0\u202f]+", " ", text).strip()
    if not folded:
        return
    blocks = parse_markdown(markdown_escape(text))
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert plain_text(blocks[0].runs) == folded
