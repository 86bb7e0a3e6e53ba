"""How the briefing note sits on the page: Thai upright and spaced like Latin, translations as a quiet line, keeps, the chart."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from lxml import etree

import tipreports as tr
from tipreports.document import Block, BulletList, Document, Metadata, Paragraph, Run
from tipreports.render._docx_fonts import thai_line_ratio
from tipreports.render._docx_xml import NS
from tipreports.render.docx import write_docx
from tipreports.theme import DEFAULT_THEME

ROOT = Path(__file__).resolve().parent.parent
W = f"{{{NS['w']}}}"
WP = f"{{{NS['wp']}}}"
_THAI = re.compile("[\u0e00-\u0e7f]")
_OFF = ("0", "false", "off")


def _parts(data: bytes | str) -> dict[str, bytes]:
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _styles(parts: dict[str, bytes]) -> dict[str, Any]:
    """Style id → w:style, and style name → w:style."""
    root = etree.fromstring(parts["word/styles.xml"])
    by: dict[str, Any] = {}
    for style in root.iter(f"{W}style"):
        by[style.get(f"{W}styleId")] = style
        by["name:" + style.find(f"{W}name").get(f"{W}val")] = style
    return by


def _on(rpr: Any, tag: str) -> bool | None:
    element = rpr.find(f"{W}{tag}") if rpr is not None else None
    return None if element is None else element.get(f"{W}val", "1").lower() not in _OFF


@pytest.fixture(scope="module")
def english() -> tr.Briefing:
    return tr.load(ROOT / "examples" / "thailand_2025.yaml")


@pytest.fixture(scope="module")
def bilingual() -> tr.Briefing:
    pytest.importorskip("pythainlp")
    return tr.load(ROOT / "examples" / "thailand_2025_th.yaml")


@pytest.fixture(scope="module")
def english_parts(english: tr.Briefing) -> dict[str, bytes]:
    return _parts(tr.render(english, format="docx"))


@pytest.fixture(scope="module")
def bilingual_parts(bilingual: tr.Briefing) -> dict[str, bytes]:
    return _parts(tr.render(bilingual, format="docx"))


@pytest.fixture(scope="module")
def thai_parts(bilingual: tr.Briefing) -> dict[str, bytes]:
    return _parts(tr.render(attrs.evolve(bilingual, translation=None), format="docx"))


# --------------------------------------------------------------------------- Thai


@pytest.mark.parametrize("which", ["thai_parts", "bilingual_parts"])
def test_no_thai_run_is_italic(which: str, request: pytest.FixtureRequest) -> None:
    """Thai has no italic: every run holding Thai turns w:i and w:iCs off, even in emphasis or the italic Caption style."""
    parts = request.getfixturevalue(which)
    seen = 0
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        for run in etree.fromstring(parts[name]).iter(f"{W}r"):
            if not _THAI.search(_text(run)):
                continue
            seen += 1
            rpr = run.find(f"{W}rPr")
            assert (_on(rpr, "i"), _on(rpr, "iCs")) == (False, False), _text(run)
    assert seen > 40


def test_the_thai_caption_and_titles_were_italic_before(thai_parts: dict[str, bytes]) -> None:
    """The rule matters: the figure caption's style is italic, and a Thai run sits in it."""
    styles = _styles(thai_parts)
    document = etree.fromstring(thai_parts["word/document.xml"])
    captions = [p for p in document.iter(f"{W}p")
                if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"]
    assert captions and _THAI.search(_text(captions[0]))
    assert _on(styles["Caption"].find(f"{W}rPr"), "i") is True


@pytest.mark.parametrize("which", ["thai_parts", "bilingual_parts"])
def test_thai_paragraphs_are_spaced_like_latin_ones(which: str, request: pytest.FixtureRequest) -> None:
    """A paragraph holding Thai has its style's line rule times Noto Sans / Noto Sans Thai line heights; others keep the style's."""
    parts = request.getfixturevalue(which)
    assert round(thai_line_ratio(), 3) == round(1362 / 1511, 3)
    document = etree.fromstring(parts["word/document.xml"])
    body = [p for p in document.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is None and _text(p)]
    thai = [p for p in body if _THAI.search(_text(p))]
    assert thai
    for paragraph in thai:
        spacing = paragraph.find(f"{W}pPr/{W}spacing")
        assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == (str(round(264 * 1362 / 1511)), "auto")
    for paragraph in body:
        if not _THAI.search(_text(paragraph)):
            assert paragraph.find(f"{W}pPr/{W}spacing") is None


def test_english_note_keeps_the_styles_line_spacing(english_parts: dict[str, bytes]) -> None:
    """No paragraph of the English note gets a Thai line rule."""
    document = etree.fromstring(english_parts["word/document.xml"])
    lines = {s.get(f"{W}line") for s in document.iter(f"{W}spacing")}
    assert lines <= {"160"}  # the spacer paragraphs between tables only


# --------------------------------------------------------------------------- bilingual


def test_the_english_line_is_quiet_upright_and_kept_with_its_thai(bilingual: tr.Briefing, bilingual_parts: dict[str, bytes]) -> None:
    """Under each Thai item: a line break, then the English in the Translation style (smaller, muted), not italic, one page."""
    assert bilingual.translation is not None
    styles = _styles(bilingual_parts)
    translation = styles["name:Translation"]
    body = etree.fromstring(bilingual_parts["word/styles.xml"]).find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    rpr = translation.find(f"{W}rPr")
    assert int(rpr.find(f"{W}sz").get(f"{W}val")) < int(body.get(f"{W}val"))
    assert rpr.find(f"{W}color").get(f"{W}val") == DEFAULT_THEME.muted.lstrip("#").upper()
    assert _on(rpr, "i") is not True
    document = etree.fromstring(bilingual_parts["word/document.xml"])
    texts = [*bilingual.translation.key_messages, *bilingual.translation.considerations]
    assert bilingual.translation.panel is not None and bilingual.translation.assessment is not None
    texts += [*bilingual.translation.panel.strengths, *bilingual.translation.assessment.concerns]
    for item in texts:
        paragraph = next(p for p in document.iter(f"{W}p") if item.text in _text(p))
        run = next(r for r in paragraph.iter(f"{W}r") if _text(r) == item.text)
        rpr = run.find(f"{W}rPr")
        assert rpr.find(f"{W}rStyle").get(f"{W}val") == translation.get(f"{W}styleId")
        assert _on(rpr, "i") is None
        assert paragraph.find(f"{W}pPr/{W}keepLines") is not None
        assert [e.tag for e in paragraph.iter(f"{W}br", f"{W}t")][-2] == f"{W}br"


def test_english_note_has_no_translation_line(english_parts: dict[str, bytes]) -> None:
    """The Translation style is for a second language only: the English note's emphasis stays italic."""
    translation = _styles(english_parts)["name:Translation"].get(f"{W}styleId")
    document = english_parts["word/document.xml"].decode()
    assert f'w:val="{translation}"' not in document
    assert "<w:i/>" in document


def _hand_made(*blocks: Block) -> Any:
    """document.xml of a note made of ``blocks`` by hand."""
    document = Document(
        product="briefing-note", title="T", subtitle=None, marking=tr.Marking.CLEAR,
        metadata=Metadata(title="T", subject="S", author="A", keywords=(), date=dt.date(2025, 1, 1), language="en"),
        blocks=blocks, withheld=tr.Withheld(audience=tr.Marking.CLEAR, marking=tr.Marking.CLEAR),
        organisation="O", date_text="1 January 2025",
    )
    return etree.fromstring(_parts(write_docx(document, DEFAULT_THEME).data)["word/document.xml"])


def test_an_emphasised_last_line_in_the_same_script_stays_italic() -> None:
    """'Line\\n*emphasis*' in one language is emphasis, not a translation."""
    body = _hand_made(Paragraph(runs=(Run(text="Line one\n"), Run(text="emphasised line", italic=True))))
    paragraph = next(p for p in body.iter(f"{W}p") if "Line one" in _text(p))
    run = next(r for r in paragraph.iter(f"{W}r") if _text(r) == "emphasised line")
    assert run.find(f"{W}rPr/{W}i") is not None and run.find(f"{W}rPr/{W}rStyle") is None


# --------------------------------------------------------------------------- keeps


def _list_paragraphs(document: Any, style: str) -> list[Any]:
    return [p for p in document.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == style]


def test_short_lists_keep_together_and_no_item_splits(english: tr.Briefing, english_parts: dict[str, bytes]) -> None:
    """Every item keeps its lines; the items of a list of up to eight short items keep with the next, but the last."""
    document = etree.fromstring(english_parts["word/document.xml"])
    assert english.panel is not None
    strengths = [p for p in _list_paragraphs(document, "ListBullet")
                 if any(s.text in _text(p) for s in english.panel.strengths)]
    assert len(strengths) == len(english.panel.strengths) == 3
    assert [p.find(f"{W}pPr/{W}keepNext") is not None for p in strengths] == [True, True, False]
    assert all(p.find(f"{W}pPr/{W}keepLines") is not None for p in _list_paragraphs(document, "ListBullet"))
    # The seven one-line notes on the tier history stay on one page together.
    assert english.assessment is not None
    notes = [p for p in _list_paragraphs(document, "ListBullet") if _text(p).startswith(("2002: single", "2014: automatic"))]
    assert [p.find(f"{W}pPr/{W}keepNext") is not None for p in notes] == [True, False]


def test_long_lists_may_break_between_items() -> None:
    """Nine items, or three long ones, may break between items (a kept chain that long would end a page early)."""
    items = tuple((Run(text=f"Line item {i}."),) for i in range(9))
    long_items = tuple((Run(text="Line " + "word " * 60),) for _ in range(3))
    for block_items in (items, long_items):
        body = _hand_made(BulletList(items=block_items))
        bullets = _list_paragraphs(body, "ListBullet")
        assert len(bullets) == len(block_items)
        assert not any(p.find(f"{W}pPr/{W}keepNext") is not None for p in bullets)
        assert all(p.find(f"{W}pPr/{W}keepLines") is not None for p in bullets)


# --------------------------------------------------------------------------- the chart


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_chart_fits_the_text_width_with_no_wrap_distance(english: tr.Briefing, page_size: str) -> None:
    """The chart is as wide as the text at most, and sits at no distance from the margins (LibreOffice's default is 0.32 cm)."""
    parts = _parts(tr.render(english, format="docx", theme=tr.Theme(page_size=page_size)))
    document = etree.fromstring(parts["word/document.xml"])
    sect = document.find(f"{W}body/{W}sectPr")
    width = int(sect.find(f"{W}pgSz").get(f"{W}w"))
    margins = sect.find(f"{W}pgMar")
    text_width_emu = (width - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))) * 635
    (inline,) = document.iter(f"{WP}inline")
    assert 0.9 * text_width_emu < int(inline.find(f"{WP}extent").get("cx")) <= text_width_emu
    assert [inline.get(side) for side in ("distT", "distB", "distL", "distR")] == ["0", "0", "0", "0"]


# --------------------------------------------------------------------------- wording placed by the template


def test_bilingual_headings_and_memo_labels_carry_both_languages(bilingual_parts: dict[str, bytes]) -> None:
    """Every section heading and every To/From/Date/Purpose/Subject label: 'Thai · English'."""
    document = etree.fromstring(bilingual_parts["word/document.xml"])
    headings = _list_paragraphs(document, "Heading1")
    # A memo label is a run in the Key Fact Label character style, before its value in the same paragraph.
    labels = [run for run in document.iter(f"{W}r")
              if run.find(f"{W}rPr/{W}rStyle") is not None and run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "KeyFactLabel"]
    assert len(headings) >= 5 and len(labels) == 5
    for element in (*headings, *labels):
        thai, _, english = _text(element).rstrip(": ").partition(" · ")
        assert _THAI.search(thai) and english and not _THAI.search(english), _text(element)


def test_the_panel_sentence_has_a_verb(english: tr.Briefing, bilingual: tr.Briefing) -> None:
    """The panel is introduced by a sentence with a verb, with or without co-presenters, in English and Thai."""
    assert english.panel is not None and bilingual.panel is not None
    cases = {
        "was co-presented by": english,
        "The panel was titled": attrs.evolve(english, panel=attrs.evolve(english.panel, co_presenters=(), representatives_from=())),
        "ร่วมนำเสนอโดย": attrs.evolve(bilingual, translation=None),
        "บันทึกนี้ครอบคลุมการอภิปรายหัวข้อ": attrs.evolve(
            bilingual, translation=None, panel=attrs.evolve(bilingual.panel, co_presenters=(), representatives_from=())),
    }
    for phrase, briefing in cases.items():
        text = _text(etree.fromstring(_parts(tr.render(briefing, format="docx"))["word/document.xml"]))
        assert phrase in text, phrase


def test_recommendations_and_considerations_get_a_section_only_when_given(english: tr.Briefing) -> None:
    """'Considerations' when the input has them; the panel's and the report's recommendations under their own heads; nothing invented."""
    assert english.panel is not None and english.assessment is not None

    def headings(briefing: tr.Briefing) -> list[str]:
        document = etree.fromstring(_parts(tr.render(briefing, format="docx"))["word/document.xml"])
        return [_text(p) for style in ("Heading1", "Heading2") for p in _list_paragraphs(document, style)]

    recommendation = tr.Recommendation(text="Extend cross-border collaboration.")
    given = attrs.evolve(english, panel=attrs.evolve(english.panel, recommendations=(recommendation,)),
                         assessment=attrs.evolve(english.assessment, recommendations=(recommendation,), recommendations_total=1))
    assert {"Considerations", "The panel's recommendations", "Prioritized recommendations"} <= set(headings(given))
    none = attrs.evolve(english, considerations=())
    assert not {"Considerations", "The panel's recommendations", "Prioritized recommendations"} & set(headings(none))


def test_a_reference_made_before_the_translation_style_gets_the_bundled_one(tmp_path: Path, bilingual: tr.Briefing) -> None:
    """A house reference without the Translation style (made from 0.1's reference.docx) still renders, with the bundled style."""
    with zipfile.ZipFile(ROOT / "tipreports" / "reference.docx") as z:
        entries = {n: z.read(n) for n in z.namelist()}
    styles = etree.fromstring(entries["word/styles.xml"])
    (translation,) = [s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == "Translation"]
    styles.remove(translation)
    entries["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    reference = tmp_path / "house-0.1.docx"
    with zipfile.ZipFile(reference, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    parts = _parts(tr.render(bilingual, format="docx", theme=tr.Theme(reference_docx=reference)))
    style = _styles(parts)["name:Translation"]
    assert f'w:val="{style.get(f"{W}styleId")}"'.encode() in parts["word/document.xml"]
