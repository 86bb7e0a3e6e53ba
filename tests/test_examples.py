"""The bundled examples say what their sources say: Thailand against its seed, Cambodia 2025 and Malaysia 2020 from DOMAIN facts."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import attrs
import pytest

import tipreports as tr
from tipreports.document import Figure

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def markdown(brief: tr.Briefing, product: str) -> str:
    text = tr.render(brief, product, "md")
    assert isinstance(text, str)
    return " ".join(text.replace("\\", "").split())


# -- Thailand, against the seed ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thailand() -> tr.Briefing:
    return tr.load(EXAMPLES / "thailand_2025.yaml")


def test_the_package_copy_is_the_example() -> None:
    """`tipreports example` renders the same file as examples/thailand_2025.yaml."""
    assert (ROOT / "tipreports" / "examples" / "thailand_2025.yaml").read_bytes() == (EXAMPLES / "thailand_2025.yaml").read_bytes()


def test_the_panel_featured_the_agencies_it_did_not_co_present_with_them(thailand: tr.Briefing) -> None:
    """Freedom Collaborative co-presented; the three agencies' representatives took part."""
    assert thailand.panel is not None
    assert [o.name for o in thailand.panel.co_presenters] == ["Freedom Collaborative"]
    assert [o.name for o in thailand.panel.representatives_from] == [
        "Office of the Attorney General", "Immigration Bureau", "Provincial Social Development and Human Security Office",
    ]  # fmt: skip
    assert (
        "was co-presented by Freedom Collaborative and featured representatives from the Office of the Attorney General, "
        "the Immigration Bureau and the Provincial Social Development and Human Security Office."
    ) in markdown(thailand, "briefing-note")


def test_the_referral_network_is_the_thai_governments(thailand: tr.Briefing) -> None:
    """The seed credits the referral network to the Thai Government, in the strengths and the key message."""
    assert thailand.panel is not None
    assert thailand.panel.strengths[0].text.startswith("The Thai Government's extensive referral network")
    assert "the Thai Government's extensive referral network" in thailand.key_messages[1].text


def test_key_message_three_is_what_freedom_collaborative_highlighted_with_its_source(thailand: tr.Briefing) -> None:
    """The third key message says what Freedom Collaborative highlighted, and cites its note."""
    third = thailand.key_messages[2]
    assert third.text.startswith("Drawing on local and grassroots organisations, Freedom Collaborative highlighted")
    assert third.source == "fc-tipnet2025"


def test_new_tools_such_as(thailand: tr.Briefing) -> None:
    """The report's progress is 'new tools such as' a pamphlet and the identification system, as the seed says."""
    assert thailand.assessment is not None
    assert any(f.text.startswith("New tools such as a consular guidance pamphlet") for f in thailand.assessment.progress)
    assert "new tools such as a consular guidance pamphlet" in thailand.key_messages[0].text


def test_no_consideration_makes_an_inference_neither_source_makes(thailand: tr.Briefing) -> None:
    """The consideration that placed the report's concerns where government and CSOs work together is gone."""
    assert len(thailand.considerations) == 2
    assert not any("work together" in c.text for c in thailand.considerations)


def test_what_tipnet_brings_together_and_the_report_a_week_later(thailand: tr.Briefing) -> None:
    """The event says whom TIPNET brings together; the assessment that the report came a week after it."""
    assert thailand.event is not None and thailand.assessment is not None
    assert "brings together representatives from the Office of the Attorney General, the Royal Thai Police" in (thailand.event.description or "")
    assert (thailand.assessment.summary or "").startswith("Released a week after TIPNET 2025")
    assert "The conference was convened by the Bureau of Human Trafficking Crime" in markdown(thailand, "briefing-note")


def test_thailand_note_states_the_tvpa_sentence_the_waiver_on_the_chart_and_the_notes(thailand: tr.Briefing) -> None:
    """The note has the Tier 2 minimum-standards sentence, the 2013 waiver in the alt text, and the history's notes."""
    text = markdown(thailand, "briefing-note")
    assert "The Government of Thailand does not fully meet the minimum standards for the elimination of trafficking but is making significant efforts to do so." in text
    assert "2012: waiver likely (not confirmed)" in text
    figure = next(b for b in tr.compose(thailand).blocks if isinstance(b, Figure))
    assert "Waiver of the otherwise required downgrade to Tier 3 in 2013." in figure.alt


def test_thai_note_chart_alt_text_is_thai(thailand: tr.Briefing) -> None:
    """The Thai note's figure alt text, in the DOCX itself, is Thai with Buddhist Era years."""
    thai = tr.load(EXAMPLES / "thailand_2025_th.yaml")
    data = tr.render(thai, "briefing-note", "docx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    (alt,) = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    assert alt.startswith("แผนภูมิการจัดระดับของประเทศไทยในรายงานสถานการณ์การค้ามนุษย์แต่ละฉบับ ตั้งแต่ปี 2544 ถึง 2568")
    assert "Tier" not in alt and "2025" not in alt


def test_thai_previews_are_thai() -> None:
    """The Thai briefing's preview, its assessment's and its event's are in Thai, the chart's labels too."""
    thai = tr.load(EXAMPLES / "thailand_2025_th.yaml")
    assert thai.assessment is not None and thai.event is not None and thai.panel is not None
    whole = thai._repr_html_()
    assert "ตัวอย่างบันทึกสรุป" in whole and "Preview of" not in whole
    card = thai.assessment._repr_html_()
    assert "ความก้าวหน้า" in card and "กลุ่ม 2" in card and ">2568<" in card
    assert ">Progress<" not in card and "Tier 1" not in card
    assert "ผู้จัด" in thai.event._repr_html_()
    assert "จุดแข็ง" in thai.panel._repr_html_()


def test_thai_one_pager_chart_labels_are_thai() -> None:
    """The Thai one-pager's chart draws Thai tier names and Buddhist Era years, under a Thai heading."""
    thai = tr.load(EXAMPLES / "thailand_2025_th.yaml")
    blocks = tr.compose(thai, "one-pager").blocks
    index, figure = next((i, b) for i, b in enumerate(blocks) if isinstance(b, Figure))
    assert figure.chart.labels.tier(tr.Tier.TIER_2) == "กลุ่ม 2"
    assert figure.chart.labels.year(2025) == "2568"
    heading = blocks[index - 1]
    assert isinstance(heading, tr.document.Heading)
    assert tr.document.plain_text(heading.runs).startswith("การจัดระดับ พ.ศ. 2544–2568")


# -- Cambodia 2025 and Malaysia 2020 ------------------------------------------------------------------


@pytest.fixture(scope="module")
def cambodia() -> tr.Briefing:
    return tr.load(EXAMPLES / "cambodia_2025.yaml")


@pytest.fixture(scope="module")
def malaysia() -> tr.Briefing:
    return tr.load(EXAMPLES / "malaysia_2020.yaml")


def test_cambodia_one_pager_says_the_headline(cambodia: tr.Briefing) -> None:
    """Tier 3 a fourth year and the first state-sponsored listing, on the one-pager and in the note."""
    for product in ("one-pager", "briefing-note"):
        text = markdown(cambodia, product)
        assert "Cambodia remained on Tier 3 for the fourth consecutive year." in text
        assert "The 2025 report also listed the Government of Cambodia, for the first time, among governments with a documented “policy or pattern” of human trafficking (state-sponsored trafficking)." in text
    assert tr.build(cambodia, "one-pager", "pdf").pages == 1


def test_cambodia_in_thai(cambodia: tr.Briefing) -> None:
    """The same headline in a Thai document: Thai name, Buddhist Era, 'for the first time'."""
    thai = attrs.evolve(cambodia, language="th")
    text = markdown(thai, "one-pager")
    assert "ประเทศกัมพูชายังคงอยู่ในกลุ่มที่ 3 เป็นปีที่ 4 ติดต่อกัน" in text
    assert "รายงานประจำปี 2568 ยังได้ระบุรัฐบาลกัมพูชา เป็นครั้งแรก" in text


def test_cambodia_chart_marks_the_listing_and_the_2021_waiver(cambodia: tr.Briefing) -> None:
    """The chart marks 2025's listing and 2021's waiver; the alt text names both, and the missing 2016–2018."""
    figure = next(b for b in tr.compose(cambodia, "one-pager").blocks if isinstance(b, Figure))
    assert figure.chart.history.waiver_years() == (2021,)
    assert figure.chart.history.designation_years(tr.Designation.STATE_SPONSORED_TRAFFICKING) == (2025,)
    for words in ("No placement is given for 2016–2018.", "Waiver of the otherwise required downgrade to Tier 3 in 2021.",
                  "Listed for state-sponsored trafficking in 2025."):  # fmt: skip
        assert words in figure.alt


def test_malaysia_2020_waiver(malaysia: tr.Briefing) -> None:
    """The waiver is in the tier sentence (at least a third year: 2017 is not in the sources), the badge and the standard sentence."""
    text = markdown(malaysia, "briefing-note")
    assert "Malaysia remained on the Tier 2 Watch List for at least the third consecutive year, under a waiver of the otherwise required downgrade to Tier 3." in text
    assert "Tier 2 Watch List — remained, at least 3rd consecutive year, under a waiver" in text
    assert "devoted sufficient resources to a written plan" in text
    assert "No placement is given for 2016–2017." in text
