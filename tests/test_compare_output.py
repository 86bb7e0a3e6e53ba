"""What changed, as readers get it: the note's section, the one-pager's line, the comparison page, the command line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pypdf
import pytest

import tipreports as tr
from tipreports.cli import main
from tipreports.datasets import briefings_from_placements, read_tier_placements

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CANARY = "CANARY-9b2e"


@pytest.fixture(scope="module")
def pair() -> tuple[tr.Briefing, tr.Briefing]:
    return tr.load(EXAMPLES / "thailand_2024.yaml"), tr.load(EXAMPLES / "thailand_2025.yaml")


@pytest.fixture(scope="module")
def thai_pair() -> tuple[tr.Briefing, tr.Briefing]:
    return tr.load(EXAMPLES / "thailand_2024_th.yaml"), tr.load(EXAMPLES / "thailand_2025_th.yaml")


def docx_text(data: bytes) -> str:
    """The body's text, one paragraph a line."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)


def docx_everything(data: bytes) -> str:
    """Every part of the DOCX package, as text: body, headers, footers, properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist() if name.endswith((".xml", ".rels")))


def pdf_pages(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdf_everything(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(pdf_pages(data)) + str(reader.metadata)


def md(briefing: tr.Briefing, product: str, previous: Any, **kwargs: Any) -> str:
    text = tr.render(briefing, product, "md", previous=previous, **kwargs)
    assert isinstance(text, str)
    return " ".join(text.replace("\\", "").split())


# -- the note, the one-pager, the comparison: English ---------------------------------------------------


def test_saved_note_has_a_section_since_the_previous_report(tmp_path: Path, pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """tr.save(current, 'note.docx', previous=previous) adds 'Since the 2024 report' with the items in both years' words."""
    previous, current = pair
    path = tr.save(current, tmp_path / "note.docx", previous=previous)
    text = docx_text(path.read_bytes())
    since = text[text.index("Since the 2024 report"):text.index("Considerations")]
    # Both editions cited in ascending order, the 2025 report [2] before the 2024 press report [4].
    assert "The tier is unchanged: Tier 2 in the 2024 report and in the 2025 report.\u00a0[2]\u00a0[4]" in since
    # About the two briefings (each a selection of its report), numbers under ten in words.
    assert (
        "One of the 2024 briefing's five progress items is raised again, reworded; four are not in the 2025 briefing; "
        "the 2025 briefing has three new progress items."
    ) in since
    assert "None of the 2024 briefing's two concerns is raised again; the 2025 briefing has four new concerns." in since
    assert "Inconsistent screening practices.\u00a0[2]" in since
    assert "In 2024: Increasing the number of trafficking investigations and prosecutions." in since
    assert "Raised again" in since and "New in the 2025 briefing" in since and "Not in the 2025 briefing" in since
    assert "no longer mentioned" not in since.lower() and "New in 2025" not in since
    assert "online scam operations in neighbouring countries" in since
    assert "Not compared: the 2025 briefing lists no prioritized recommendations." in since
    # The earlier edition's sources join the list, numbered after the note's own.
    sources = text[text.rindex("Sources"):]
    assert "The Nation (Thailand)" in sources and "press-quoted" in sources


def test_one_pager_badge_says_how_much_was_raised_again(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The one-pager gets one line under its tier badge, and stays one page."""
    previous, current = pair
    rendered = tr.build(current, "one-pager", "pdf", previous=previous)
    [page] = pdf_pages(rendered.data)  # type: ignore[arg-type]
    assert "Since 2024: tier unchanged; 0 of the 2024 briefing's 2 concerns raised again" in page
    assert "The Nation" not in page  # the one-pager quotes no 2024 item, so cites no 2024 source


def test_comparison_is_one_page_with_the_items_in_their_words(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The comparison PDF is one page: the tier, the counts, then each list's items as written."""
    previous, current = pair
    rendered = tr.build(current, "comparison", "pdf", previous=previous)
    assert rendered.pages == 1
    [page] = pdf_pages(rendered.data)  # type: ignore[arg-type]
    for expected in (
        "Thailand: the 2024 and 2025 TIP Reports compared",
        "Tier 2 in 2024 and 2025: unchanged",
        "Expanded investigations, prosecutions and convictions.",
        "In 2024: Increasing the number of trafficking investigations and prosecutions.",
        "13 victim identification centres established.",
        "Not in the 2025 briefing",
        "New in the 2025 briefing",
        "Press report quoting the 2024 Trafficking in Persons Report",
    ):
        assert expected in page, expected
    # Only cited sources: the panel's is not on the comparison page.
    assert "Freedom Collaborative at TIPNET 2025" not in page


def test_comparison_tier_line_cites_in_ascending_order(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The tier sentence cites the 2025 report [1] before the 2024 press report [3], as a reader scans the list."""
    previous, current = pair
    text = md(current, "comparison", previous)
    assert "The tier is unchanged: Tier 2 in the 2024 report and in the 2025 report. [1] [3]" in text
    assert "One of the 2024 briefing's five progress items is raised again, reworded;" in text


def test_comparison_docx_has_the_same_content(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The comparison renders to DOCX too, with the same items and the title in the document properties."""
    previous, current = pair
    data = tr.render(current, "comparison", "docx", previous=previous)
    assert isinstance(data, bytes)
    text = docx_text(data)
    assert "Uneven service quality.\u00a0[1]" in text and "In 2024: Increasing the number of trafficking investigations" in text
    assert "Thailand: the 2024 and 2025 TIP Reports compared" in docx_everything(data)


def test_the_comparison_needs_the_previous_edition(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """Asking for the comparison without previous= names the argument."""
    with pytest.raises(tr.InputError, match=r"previous: the 'comparison' product compares two editions"):
        tr.render(pair[1], "comparison", "md")


# -- Thai --------------------------------------------------------------------------------------------


def test_thai_comparison_is_one_page_in_thai(thai_pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The Thai pair gives a one-page Thai comparison: Thai headings, Buddhist-Era years, the Thai items of both years."""
    previous, current = thai_pair
    assert tr.build(current, "comparison", "pdf", previous=previous).pages == 1
    data = tr.render(current, "comparison", "docx", previous=previous)
    assert isinstance(data, bytes)
    text = docx_text(data)
    for expected in (
        "กลุ่มที่ 2 ทั้งปี 2567 และปี 2568: ไม่เปลี่ยนแปลง",
        "กล่าวถึงอีกครั้ง",
        "แนวปฏิบัติในการคัดกรองที่ไม่สม่ำเสมอ",
        "ปี 2567: การเพิ่มจำนวนการสืบสวน",
        "ใหม่ในเอกสารปี 2568",
        "ไม่มีในเอกสารปี 2568",
    ):
        assert expected in text, expected
    assert "ประเทศไทย: เปรียบเทียบรายงานสถานการณ์การค้ามนุษย์ ปี 2567 และปี 2568" in docx_everything(data)


def test_thai_note_and_one_pager_say_what_changed_in_thai(thai_pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The Thai note's section and the Thai one-pager's line are in Thai."""
    previous, current = thai_pair
    note = md(current, "briefing-note", previous)
    assert "ความเปลี่ยนแปลงนับจากรายงานปี 2567" in note
    assert "ข้อกังวลในเอกสารปี 2567 0 จาก 2 ข้อได้รับการกล่าวถึงอีกครั้ง; ไม่มีในเอกสารปี 2568 2 ข้อ; เอกสารปี 2568 มีข้อกังวลใหม่ 4 ข้อ" in note
    one_pager = md(current, "one-pager", previous)
    assert "นับจากปี 2567: ระดับไม่เปลี่ยนแปลง; ข้อกังวลในเอกสารปี 2567 0 จาก 2 ข้อได้รับการกล่าวถึงอีกครั้ง" in one_pager


# -- the dataset: a country that moved tier, in both languages ----------------------------------------------


@pytest.fixture(scope="module")
def table() -> Any:
    return read_tier_placements(ROOT / "tests/data/tier_placements_2001_2015.csv")


def _year(table: Any, year: int, code: str) -> tr.Briefing:
    briefings, _ = briefings_from_placements(table, year=year, countries=[code], date=tr.load(EXAMPLES / "thailand_2025.yaml").date)
    [briefing] = briefings.values()
    return briefing


def test_dataset_downgrade_in_english_and_thai(table: Any) -> None:
    """Thailand 2013 → 2014 (Kelley–Heiss): the downgrade, said in English and in Thai, on one page."""
    previous, current = _year(table, 2013, "THA"), _year(table, 2014, "THA")
    english = md(current, "comparison", previous)
    assert "Downgraded from Tier 2 Watch List in the 2013 report to Tier 3 in the 2014 report." in english
    assert "Not compared: the 2014 briefing lists no concerns." in english
    thai_current, thai_previous = (attrs.evolve(b, language="th") for b in (current, previous))
    thai = md(thai_current, "comparison", thai_previous)
    assert "ถูกปรับลดระดับจากกลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามองในรายงานปี 2556 เป็นกลุ่มที่ 3ในรายงานปี 2557" in thai
    assert tr.build(current, "comparison", "pdf", previous=previous).pages == 1


def test_dataset_gap_of_five_years_names_the_years_between(table: Any) -> None:
    """Malaysia 2010 → 2015: the same tier at both ends, and what came in between."""
    text = md(_year(table, 2015, "MYS"), "comparison", _year(table, 2010, "MYS"))
    assert (
        "The tier is unchanged: Tier 2 Watch List in the 2010 report and in the 2015 report, five years later. "
        "In between: Tier 2 Watch List in 2011, Tier 2 Watch List in 2012, Tier 2 Watch List in 2013, Tier 3 in 2014."
    ) in text


# -- markings: nothing withheld from either year reaches any output ----------------------------------------


def _with_canaries(previous: tr.Briefing, current: tr.Briefing) -> tuple[tr.Briefing, tr.Briefing]:
    """Both years with AMBER items (and a 2024 AMBER source) whose text is a canary."""
    def add(briefing: tr.Briefing, year: int) -> tr.Briefing:
        a = briefing.assessment
        assert a is not None
        secret = {"marking": "TLP:AMBER"}
        source = tr.Source(id=f"secret{year}", title=f"{CANARY} source {year}", marking="TLP:AMBER")
        return attrs.evolve(
            briefing,
            sources=(*briefing.sources, source),
            assessment=attrs.evolve(
                a,
                progress=(*a.progress, tr.Finding(text=f"{CANARY} progress {year}", source=source.id, **secret)),
                concerns=(*a.concerns, tr.Finding(text=f"{CANARY} concern {year}", **secret),
                          # the scam concern raised again, but marked: 2024's must not become 'no longer mentioned'
                          tr.Finding(text="Insufficient efforts to identify victims of forced criminality in online scam operations.", **secret)),
                recommendations=(*a.recommendations, tr.Recommendation(text=f"{CANARY} recommendation {year}", **secret)),
                statistics=(*a.statistics, tr.Statistic(metric=f"{CANARY} metric", data_year=year - 1, value=424242, **secret)),
            ),
        )  # fmt: skip

    return add(previous, 2024), add(current, 2025)


@pytest.mark.parametrize("product", ["briefing-note", "one-pager", "comparison"])
@pytest.mark.parametrize("format", ["md", "html", "docx", "pdf"])
def test_withheld_items_of_either_year_reach_no_output(pair: tuple[tr.Briefing, tr.Briefing], product: str, format: str) -> None:
    """For TLP:CLEAR, no AMBER item or source of 2024 or 2025 appears in any product or format, nor in the report."""
    previous, current = _with_canaries(*pair)
    rendered = tr.build(current, product, format, previous=previous, audience="TLP:CLEAR")
    data = rendered.data
    if format == "docx":
        assert isinstance(data, bytes)
        everything = docx_everything(data)
    elif format == "pdf":
        assert isinstance(data, bytes)
        everything = pdf_everything(data)
    else:
        assert isinstance(data, str)
        everything = data
    assert CANARY not in everything and "424242" not in everything
    assert CANARY not in rendered.report and rendered.marking is tr.Marking.CLEAR
    assert "TLP:AMBER" not in everything


def test_withheld_items_are_not_counted_as_new_or_no_longer_mentioned(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """With items withheld from a list, its shown items are neither 'new' nor 'no longer mentioned', and no 'n of N' is given."""
    previous, current = _with_canaries(*pair)
    text = md(current, "comparison", previous, audience="TLP:CLEAR")
    assert "No concern of the 2024 briefing is raised again." in text
    concerns = text.split("## Concerns")[1].split("##")[0]
    assert "Not in the 2025 briefing" not in concerns and "New in the 2025 briefing" not in concerns
    assert "Others in the 2024 briefing" in text and "Others in the 2025 briefing" in text
    one_pager = md(current, "one-pager", previous, audience="TLP:CLEAR")
    assert "0 concerns of the 2024 briefing raised again" in one_pager and "of 2 concerns" not in one_pager
    report = tr.build(current, "comparison", "md", previous=previous, audience="TLP:CLEAR").report
    assert "2024 concerns" in report and CANARY not in report


def test_for_an_amber_audience_the_items_are_there_and_the_banner_says_so(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The same briefings for TLP:AMBER: the canaries are shown (so the tests above could see them) under an AMBER banner."""
    previous, current = _with_canaries(*pair)
    rendered = tr.build(current, "comparison", "md", previous=previous, audience="TLP:AMBER")
    assert isinstance(rendered.data, str)
    assert f"{CANARY} concern 2024" in rendered.data and f"{CANARY} source 2024" in rendered.data
    assert rendered.marking is tr.Marking.AMBER


# -- the command line ---------------------------------------------------------------------------------


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_compare_writes_the_comparison_pdf_and_docx(tmp_path: Path) -> None:
    """`tipreports compare OLD NEW --out DIR` writes the one-page comparison as PDF and DOCX."""
    code, out, err = run("compare", EXAMPLES / "thailand_2024.yaml", EXAMPLES / "thailand_2025.yaml", "--out", tmp_path)
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thailand-2024-2025-comparison.docx", "thailand-2024-2025-comparison.pdf"]
    assert "(comparison, pdf): rendered for TLP:CLEAR: nothing withheld; banner TLP:CLEAR; one page" in out
    [page] = pdf_pages((tmp_path / "thailand-2024-2025-comparison.pdf").read_bytes())
    assert "Thailand: the 2024 and 2025 TIP Reports compared" in page


def test_cli_compare_in_thai_names_files_in_english(tmp_path: Path) -> None:
    """A Thai pair is written under the country's English name, like every output file."""
    code, _out, err = run("compare", EXAMPLES / "thailand_2024_th.yaml", EXAMPLES / "thailand_2025_th.yaml", "--out", tmp_path, "--format", "md")
    assert (code, err) == (0, "")
    written = tmp_path / "thailand-2024-2025-comparison.md"
    assert written.is_file()
    assert "ความเปลี่ยนแปลง" in written.read_text(encoding="utf-8") or "กล่าวถึงอีกครั้ง" in written.read_text(encoding="utf-8")


def test_cli_compare_refuses_the_wrong_order_in_one_line(tmp_path: Path) -> None:
    """NEW before OLD: exit 1, one error line naming the field, nothing written."""
    code, _out, err = run("compare", EXAMPLES / "thailand_2025.yaml", EXAMPLES / "thailand_2024.yaml", "--out", tmp_path / "out")
    assert code == 1
    assert err.splitlines() == [
        "error: previous.assessment.report_year: the previous assessment (2025) is later than the current one (2024); pass the earlier edition first"
    ]
    assert not (tmp_path / "out").exists()


def test_cli_build_with_previous_adds_the_section(tmp_path: Path) -> None:
    """`tipreports build NEW --previous OLD` writes the note with 'Since the 2024 report' and the one-pager with its line."""
    code, _out, err = run("build", EXAMPLES / "thailand_2025.yaml", "--previous", EXAMPLES / "thailand_2024.yaml", "--out", tmp_path)
    assert code == 0 and "error:" not in err  # the tier history's warnings may be printed
    assert "Since the 2024 report" in docx_text((tmp_path / "thailand-2025-briefing-note.docx").read_bytes())
    [page] = pdf_pages((tmp_path / "thailand-2025-one-pager.pdf").read_bytes())
    assert "Since 2024: tier unchanged" in page


def test_cli_build_with_previous_takes_one_file(tmp_path: Path) -> None:
    """--previous belongs to one briefing: two files with it are refused."""
    example = EXAMPLES / "thailand_2025.yaml"
    code, _out, err = run("build", example, example, "--previous", EXAMPLES / "thailand_2024.yaml", "--out", tmp_path)
    assert code == 1 and "give one FILE" in err


# -- designations and figures as given, in both languages ------------------------------------------------


@pytest.fixture(scope="module")
def cambodia() -> tuple[tr.Briefing, tr.Briefing]:
    current = tr.load(EXAMPLES / "cambodia_2025.yaml")
    a = current.assessment
    assert a is not None
    history = tr.TierHistory(placements=tuple(p for p in a.tier_history.placements if p.year <= 2024))
    previous = attrs.evolve(current, assessment=attrs.evolve(a, report_year=2024, release_date=None, designations=(), tier_history=history))
    return previous, current


def test_a_new_listing_is_said_in_english_and_thai(cambodia: tuple[tr.Briefing, tr.Briefing]) -> None:
    """Cambodia's first state-sponsored listing (2025) is in the comparison, in English and in Thai."""
    previous, current = cambodia
    english = md(current, "comparison", previous)
    assert "The tier is unchanged: Tier 3 in the 2024 report and in the 2025 report." in english
    assert "Listed among governments with a documented “policy or pattern” of human trafficking (state-sponsored trafficking) in the 2025 report, not in the 2024 report." in english
    thai = md(attrs.evolve(current, language="th"), "comparison", attrs.evolve(previous, language="th"))
    assert "รายงานปี 2568 ระบุชื่อไว้ในรายชื่อรัฐบาลที่มี “นโยบายหรือรูปแบบ” การค้ามนุษย์" in thai
    assert "ซึ่งรายงานปี 2567 ไม่ได้ระบุ" in thai


def test_figures_are_printed_as_given_and_qualified_ones_not_subtracted(pair: tuple[tr.Briefing, tr.Briefing]) -> None:
    """The statistics table shows each year's figure with when it counts, the change only between plain numbers."""
    previous, current = pair

    def with_stats(b: tr.Briefing, *stats: tr.Statistic) -> tr.Briefing:
        assert b.assessment is not None
        return attrs.evolve(b, assessment=attrs.evolve(b.assessment, statistics=stats))

    before = with_stats(previous, tr.Statistic(metric="convictions", form="labour", data_year=2023, value=120),
                        tr.Statistic(metric="victims identified", data_year=2023, value="at least 3,000"))  # fmt: skip
    after = with_stats(current, tr.Statistic(metric="convictions", form="labour", data_year=2024, value=123),
                       tr.Statistic(metric="victims identified", period="April 2024 – March 2025", not_reported=True))  # fmt: skip
    english = md(after, "comparison", before)
    assert "| convictions | labour | 120 (2023) | 123 (2024) | +3 |" in english
    assert "| victims identified | unspecified | at least 3,000 (2023) | did not report (April 2024 – March 2025) | — |" in english
    thai = md(attrs.evolve(after, language="th"), "comparison", attrs.evolve(before, language="th"))
    assert "120 (2566)" in thai and "123 (2567)" in thai and "+3" in thai
