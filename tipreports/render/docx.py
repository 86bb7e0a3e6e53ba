"""
The DOCX writer: a :class:`~tipreports.document.Document` as a Word file.

Styles come from ``tipreports/reference.docx`` (made by
``scripts/make_reference_docx.py``): users restyle every note by editing that
one file. :mod:`._reference` reduces a reference to what styles a note (its
styles, numbering, theme, font table, layout settings and page setup, set
into the bundled skeleton); the writer opens that package with python-docx
and builds the blocks as WordprocessingML with lxml, naming styles by the ids
resolved once per reference (python-docx's own style lookup scans every style
on every paragraph). What python-docx has no API for is written as XML:
repeated header rows, page-number fields, alt text, language, list restarts.

Only data is a table (with a header row): key facts are labelled paragraphs,
a callout is paragraphs in the Callout Box look, columns are a section of
newspaper columns, so a screen reader and Word's accessibility checker meet
text where there is text, and no empty paragraph keeps blocks apart.

The package is then rewritten with fixed timestamps and entry order, so the
same document always gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
from collections.abc import Mapping
from typing import Any, assert_never

import docx
from attrs import frozen
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree  # untyped: pyproject lets mypy treat lxml as Any

from .._deadline import check_deadline, product_name
from ..document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Document,
    Figure,
    Heading,
    KeyFacts,
    NumberedList,
    PageBreak,
    Paragraph,
    Runs,
    SourceList,
    Table,
    allowed_link,
    page_number_parts,
    plain_text,
)
from ..errors import FieldError
from ..theme import DEFAULT_THEME, Theme
from ._base import Output
from ._chart import chart_png
from ._docx_fonts import THAI_FAMILY, embed_note_fonts, thai_line_ratio
from ._docx_xml import PPR_ORDER, check_text, normalise_zip, package_parts, ppr_child, qn, sub
from ._images import load_logo
from ._reference import REFERENCE_DOCX, Reference, read_reference
from ._script import has_thai


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= 60 else name[:59].rstrip() + "…"

__all__ = ["REFERENCE_DOCX", "write_docx"]


@frozen(kw_only=True)
class _Language:
    """How one document language is declared: ``w:lang`` values and the complex-script font."""

    val: str
    bidi: str | None = None
    cs_font: str | None = None


#: The complex-script font and language of every run holding Thai (the font is embedded: see ._docx_fonts).
_THAI_FONT = THAI_FAMILY
_THAI_LANG = "th-TH"

# Metadata.language → WordprocessingML language. Thai is a complex script for
# Word: its runs use w:rFonts/@w:cs and w:lang/@w:bidi, while Latin text (the
# TLP label stays English) keeps w:val.
_ENGLISH = _Language(val="en-GB")
_THAI = _Language(val="en-GB", bidi=_THAI_LANG, cs_font=_THAI_FONT)

_PAGE_SIZES: Mapping[str, tuple[int, int]] = {"A4": (11906, 16838), "Letter": (12240, 15840)}  # twips
_COLUMN_GAP = 454  # twips between newspaper columns: 0.8 cm
_EMU_PER_TWIP = 635
_CHART_DPI = 200  # print quality for a 17 cm figure, at 60% of the pixels (and time) of 254 dpi
_CHART_ASPECT = 0.34  # height / width of the tier-history figure
_LOGO_HEIGHT_EMU = 8 * 36_000  # 8 mm
_KEY_FACT_LABEL_WIDTH = 1474  # twips: 2.6 cm, room for 'PURPOSE' in small capitals


def _insert_ppr(ppr: Any, element: Any) -> None:
    """Put ``element`` into paragraph properties ``ppr`` in schema order, replacing one of its kind."""
    old = ppr.find(element.tag)
    if old is not None:
        ppr.replace(old, element)
        return
    rank = PPR_ORDER[etree.QName(element).localname]
    index = next((i for i, child in enumerate(ppr) if PPR_ORDER.get(etree.QName(child).localname, 99) > rank), len(ppr))
    ppr.insert(index, element)


def _continuous(section: Any) -> None:
    """Make a section start where the one before it ends (w:type continuous), in schema order."""
    kind = section.find(qn("w:type"))
    if kind is None:
        kind = etree.Element(qn("w:type"))
        after = [c for c in section if c.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:footnotePr"), qn("w:endnotePr"))]
        if after:
            after[-1].addnext(kind)
        else:
            section.insert(0, kind)
    kind.set(qn("w:val"), "continuous")


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _language(tag: str) -> _Language:
    """Compose writes ``en`` or ``th``; another tag (a Document made by hand) is declared as given, a Thai one as Thai."""
    if tag.lower() in ("en", "en-gb"):  # the house's English is British
        return _ENGLISH
    if tag.split("-")[0].lower() == "th":
        return _THAI
    return _Language(val=tag)


def write_docx(document: Document, theme: Theme, *, reference: str | os.PathLike[str] | None = None) -> Output:
    """
    Render ``document`` as DOCX bytes, styled by ``reference`` (default: ``theme.reference_docx``,
    else the bundled reference.docx).

    Same document, theme and reference → byte-identical output. Raises
    :class:`~tipreports.errors.FieldError` naming the block when text holds a
    character XML cannot carry, and :class:`~tipreports.errors.TemplateError`
    naming the reference when it cannot serve (see :mod:`._reference`: only
    its styles are used, and its size is bounded).
    """
    chosen = reference if reference is not None else theme.reference_docx
    ref = read_reference(os.fspath(chosen if chosen is not None else REFERENCE_DOCX))
    # The skeleton filled with the reference's styles: nothing else of the reference's package is in it.
    word = docx.Document(io.BytesIO(ref.data))
    writer = _Writer(word, ref, theme, document)
    writer.write()
    # Noto Sans and Noto Sans Thai travel with the file: few computers have them.
    return Output(data=normalise_zip(package_parts(word), edit=embed_note_fonts))


def _style_lines(styles: Any) -> dict[str | None, int | None]:
    """Each paragraph style's line rule in 240ths of a line (through basedOn; None: not 'auto'); key None: the default style."""
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    own: dict[str, tuple[Any, str | None]] = {}
    default_style = None
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        based = style.find(qn("w:basedOn"))
        own[style.get(qn("w:styleId"))] = (style.find(f"{qn('w:pPr')}/{qn('w:spacing')}"),
                                           based.get(qn("w:val")) if based is not None else None)
        if style.get(qn("w:default")) in ("1", "true", "on"):
            default_style = style.get(qn("w:styleId"))

    def line(style_id: str | None, depth: int = 0) -> int | None:
        spacing, based = own.get(style_id, (None, None)) if style_id is not None else (None, None)
        if spacing is not None and spacing.get(qn("w:line")) is not None:
            if spacing.get(qn("w:lineRule"), "auto") != "auto":
                return None
            return int(spacing.get(qn("w:line")))
        if based is not None and depth < 20:
            return line(based, depth + 1)
        if default is not None and default.get(qn("w:line")) is not None and default.get(qn("w:lineRule"), "auto") == "auto":
            return int(default.get(qn("w:line")))
        return 240

    table: dict[str | None, int | None] = {style_id: line(style_id) for style_id in own}
    table[None] = line(default_style)
    return table


def _translation_start(runs: Runs) -> int | None:
    """
    The index of the run where a paragraph's second-language line starts, or None.

    Compose sets a bilingual item as its text, a line break, then the
    translation in emphasis: a last line wholly in emphasis, in the other
    script (English under Thai, Thai under English), is that translation.
    """
    breaks = [i for i, run in enumerate(runs) if "\n" in run.text]
    # The break ends its run (runs of one style are merged, so it often ends the text's run).
    if not breaks or runs[breaks[-1]].text.rsplit("\n", 1)[1].strip():
        return None
    start = breaks[-1] + 1
    line = [run for run in runs[start:] if run.text.strip()]
    if not line or not all(run.italic for run in line):
        return None
    before = "".join(run.text for run in runs[:start])
    return start if has_thai(before) != has_thai("".join(run.text for run in line)) else None


#: A list of at most this many items and about this many lines (eight one-line notes) is kept on one page: a heading
#: kept with its first item then brings the whole list, and a longer chain would end a page early.
_SHORT_LIST = 8
_SHORT_LIST_LINES = 8
#: Characters a line of body text holds, about (10.5 pt Noto Sans on a 17 cm measure).
_LINE_CHARACTERS = 95


def _keep_next(index: int, items: tuple[Runs, ...]) -> bool:
    """Whether item ``index`` keeps with the next: all but the last of a short list (every item keeps its lines)."""
    lines = sum(-(-len(plain_text(item)) // _LINE_CHARACTERS) for item in items)
    return len(items) <= _SHORT_LIST and lines <= _SHORT_LIST_LINES and index < len(items) - 1


def _inline(inline: Any) -> Any:
    """
    An inline picture with no distance from the text around it.

    python-docx leaves the distances out; Word then reads 0, LibreOffice its
    default of 0.32 cm, which pushed a full-width chart that far past the right margin.
    """
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    return inline


class _Writer:
    """One render: the python-docx document being filled and what it needs at hand."""

    def __init__(self, word: Any, ref: Reference, theme: Theme, document: Document) -> None:
        self.word = word
        self.part = word.part
        self.styles = ref.styles
        self.ref = ref
        self.theme = theme
        self.document = document
        self.numbering = self.part.numbering_part.element
        self.next_num = 1 + max((int(n.get(qn("w:numId"))) for n in self.numbering.iter(qn("w:num"))), default=0)
        self.body = word.element.body
        self.sect = self.body.find(qn("w:sectPr"))  # the body holds only the reference's page setup
        self.text_width = self._page_setup()
        #: Sections ended inside the body (columns), and whether columns are being written.
        self.sections = 0
        self.in_columns = False
        #: The latest heading written, for the render's time limit.
        self.section = "the beginning"

    # -- document-wide settings ------------------------------------------------------------

    def _page_setup(self) -> int:
        width, height = _PAGE_SIZES[self.theme.page_size]
        size = self.sect.find(qn("w:pgSz"))
        if size is None:
            size = etree.Element(qn("w:pgSz"))
            self.sect.insert(0, size)
        if size.get(qn("w:orient")) == "landscape":
            width, height = height, width
        size.set(qn("w:w"), str(width))
        size.set(qn("w:h"), str(height))
        margins = self.sect.find(qn("w:pgMar"))
        left = int(margins.get(qn("w:left"), "1134")) if margins is not None else 1134
        right = int(margins.get(qn("w:right"), "1134")) if margins is not None else 1134
        return width - left - right

    def _language(self) -> None:
        lang = _language(check_text(self.document.metadata.language, "metadata.language"))
        styles = self.part.styles.element
        rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is None:
            return
        element = rpr.find(qn("w:lang"))
        if element is None:
            element = sub(rpr, "w:lang")
        element.set(qn("w:val"), lang.val)
        element.set(qn("w:eastAsia"), lang.val)
        if lang.bidi is not None:
            element.set(qn("w:bidi"), lang.bidi)
        if lang.cs_font is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                fonts.set(qn("w:cs"), lang.cs_font)
        settings = self.part._settings_part.element
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), lang.val)
            if lang.bidi is not None:
                theme_lang.set(qn("w:bidi"), lang.bidi)

    def _recolour(self) -> None:
        """The reference is drawn in the default theme's colours; swap them for this theme's."""
        swaps = {
            _hex(getattr(DEFAULT_THEME, name)): _hex(getattr(self.theme, name))
            for name in ("accent", "ink", "muted", "rule", "tint")
            if _hex(getattr(DEFAULT_THEME, name)) != _hex(getattr(self.theme, name))
        }
        if not swaps:
            return
        colour_tag, val = qn("w:color"), qn("w:val")
        attributes = (qn("w:fill"), qn("w:color"))  # shading and borders
        for root in (self.part.styles.element, self.numbering):
            for element in root.iter():
                for attribute in (val, *attributes) if element.tag == colour_tag else attributes:
                    value = element.get(attribute)
                    if value is not None and value.upper() in swaps:
                        element.set(attribute, swaps[value.upper()])

    def _core_properties(self) -> None:
        meta = self.document.metadata
        props = self.word.core_properties
        stamp = dt.datetime.combine(meta.date, dt.time(0, 0))  # python-docx writes it as UTC ('Z')
        props.title = check_text(meta.title, "metadata.title")
        props.subject = check_text(meta.subject, "metadata.subject")
        props.author = check_text(meta.author, "metadata.author")
        props.last_modified_by = meta.author
        props.keywords = check_text(", ".join(meta.keywords), "metadata.keywords")
        props.created = stamp
        props.modified = stamp
        props.revision = 1
        props.language = meta.language

    # -- the page furniture --------------------------------------------------------------------

    def _marking(self, paragraph: Any) -> None:
        marking = self.document.marking
        run = sub(paragraph, "w:r")
        rpr = sub(run, "w:rPr")
        sub(rpr, "w:rStyle", {"w:val": self.styles["marking"]})
        sub(rpr, "w:color", {"w:val": _hex(marking.colour)})
        # The box (shading and border) comes from the style: the text is the label alone.
        sub(run, "w:t", None, marking.label)
        # LibreOffice (7.4 at least) draws a bordered run that ends a line one border width too far
        # left, over its last letter, unless a character follows: a word joiner has no width.
        sub(sub(paragraph, "w:r"), "w:t", None, "\u2060")

    def _field(self, paragraph: Any, instruction: str, shown: str) -> None:
        sub(sub(paragraph, "w:r"), "w:fldChar", {"w:fldCharType": "begin"})
        sub(sub(paragraph, "w:r"), "w:instrText", {"xml:space": "preserve"}, f" {instruction} ")
        sub(sub(paragraph, "w:r"), "w:fldChar", {"w:fldCharType": "separate"})
        sub(sub(paragraph, "w:r"), "w:t", None, shown)
        sub(sub(paragraph, "w:r"), "w:fldChar", {"w:fldCharType": "end"})

    def _furniture_paragraph(self, root: Any, role: str, *, centre: bool = False) -> Any:
        for child in list(root):
            root.remove(child)
        paragraph = sub(root, "w:p")
        ppr = sub(paragraph, "w:pPr")
        sub(ppr, "w:pStyle", {"w:val": self.styles[role]})
        tabs = sub(ppr, "w:tabs")
        if centre:
            sub(tabs, "w:tab", {"w:val": "center", "w:pos": str(self.text_width // 2)})
        sub(tabs, "w:tab", {"w:val": "right", "w:pos": str(self.text_width)})
        return paragraph

    def _header_footer(self) -> None:
        section = self.word.sections[0]
        organisation = self.theme.organisation or self.document.organisation
        header = self._furniture_paragraph(section.header._element, "header")
        if self.theme.logo is not None:
            self._logo(section.header.part, header, organisation)
        self.text_run(header, check_text(self.document.title, "title"))
        sub(sub(header, "w:r"), "w:tab")
        self._marking(header)

        # Organisation and date | page X of Y | the marking: tab stops, not spaces, set them apart.
        footer = self._furniture_paragraph(section.footer._element, "footer", centre=True)
        left = f"{organisation} \u00b7 {self.document.date_text}"
        self.text_run(footer, check_text(left, "organisation"), preserve=True)
        sub(sub(footer, "w:r"), "w:tab")
        # The words come from the document (its phrasebook); the numbers are Word's fields.
        for part in page_number_parts(self.document.page_numbers):
            if part == "{page}":
                self._field(footer, "PAGE", "1")
            elif part == "{pages}":
                self._field(footer, "NUMPAGES", "1")
            else:
                self.text_run(footer, check_text(part, "page_numbers"), preserve=True)
        sub(sub(footer, "w:r"), "w:tab")
        self._marking(footer)

    def _share_header_footer(self) -> None:
        """Every section names the same header and footer (Word would inherit them; say it anyway)."""
        sections = list(self.body.iter(qn("w:sectPr")))
        kinds = (qn("w:headerReference"), qn("w:footerReference"))
        references = [child for child in sections[0] if child.tag in kinds]
        for section in sections[1:]:
            for old in [child for child in section if child.tag in kinds]:
                section.remove(old)
            for index, reference in enumerate(references):
                section.insert(index, copy.deepcopy(reference))

    def _logo(self, part: Any, paragraph: Any, organisation: str) -> None:
        """The theme's logo at the start of the header: checked and re-encoded by load_logo, 8 mm high."""
        logo = load_logo(self.theme.logo) if self.theme.logo is not None else None
        if logo is None:
            return
        cy = _LOGO_HEIGHT_EMU
        cx = round(cy * logo.width_px / logo.height_px)
        inline = _inline(part.new_pic_inline(io.BytesIO(logo.png), cx, cy))
        doc_pr = inline.find(qn("wp:docPr"))
        # Ids of drawings must not repeat across the document's parts; the body counts up from 1.
        doc_pr.set("id", "9001")
        doc_pr.set("descr", check_text(organisation, "organisation"))
        sub(sub(paragraph, "w:r"), "w:drawing").append(inline)
        sub(sub(paragraph, "w:r"), "w:t", {"xml:space": "preserve"}, "\u2002")

    # -- text ------------------------------------------------------------------------------------

    def paragraph(self, parent: Any, role: str | None, runs: Runs = (), *, field: str, num_id: str | None = None,
                  keep_next: bool = False, keep_lines: bool = False) -> Any:
        paragraph = sub(parent, "w:p")
        if role is not None or num_id is not None or keep_next or keep_lines:
            ppr = sub(paragraph, "w:pPr")
            if role is not None:
                sub(ppr, "w:pStyle", {"w:val": self.styles[role]})
            if keep_next:
                sub(ppr, "w:keepNext")
            if keep_lines:
                sub(ppr, "w:keepLines")
            if num_id is not None:
                numpr = sub(ppr, "w:numPr")
                sub(numpr, "w:ilvl", {"w:val": "0"})
                sub(numpr, "w:numId", {"w:val": num_id})
        self.runs(paragraph, runs, field)
        return paragraph

    def runs(self, paragraph: Any, runs: Runs, field: str) -> None:
        translation = _translation_start(runs)
        if translation is not None:
            ppr_child(paragraph, "w:keepLines")  # a text and its translation stay on one page
        for i, run in enumerate(runs):
            where = f"{field}[{i}]"
            text = check_text(run.text, f"{where}.text")
            parent = paragraph
            if run.link is not None:
                url = check_text(run.link, f"{where}.link")
                if not allowed_link(url):
                    raise FieldError(f"{where}.link", "only https: and mailto: links can be written")
                r_id = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
                parent = sub(paragraph, "w:hyperlink", {"r:id": r_id})
            element = sub(parent, "w:r")
            thai = has_thai(text)
            # The translation's line is quieter (the Translation style) and upright, not a second paragraph in italics.
            quiet = translation is not None and i >= translation
            italic = run.italic and not quiet
            if run.bold or italic or run.code or run.link is not None or thai or quiet:
                rpr = sub(element, "w:rPr")
                if run.link is not None:
                    sub(rpr, "w:rStyle", {"w:val": self.styles["hyperlink"]})
                elif run.code:
                    sub(rpr, "w:rStyle", {"w:val": self.styles["code"]})
                elif quiet:
                    sub(rpr, "w:rStyle", {"w:val": self.styles["translation"]})
                if thai:
                    self._thai(rpr, bold=run.bold)
                else:
                    if run.bold:
                        sub(rpr, "w:b")
                    if italic:
                        sub(rpr, "w:i")
            self._text(element, text)

    def _thai(self, rpr: Any, *, bold: bool = False) -> None:
        """
        Mark a run holding Thai: complex-script font, bold, upright, and language.

        Word sets Thai (a complex script) with w:cs, w:bCs, w:iCs and
        w:lang/@w:bidi, never with the Latin w:ascii, w:b, w:i, w:lang/@w:val.
        Written on the run itself, not only in the document defaults, so that
        the run keeps its font when pasted into another document, and a
        reference document's styles cannot give it a Latin one. Thai has no
        italic: Word and LibreOffice would slant the letters, so a Thai run is
        set upright even in an italic style (a caption) or in emphasis.
        """
        sub(rpr, "w:rFonts", {"w:cs": _THAI_FONT})
        if bold:
            sub(rpr, "w:b")
            sub(rpr, "w:bCs")
        sub(rpr, "w:i", {"w:val": "0"})
        sub(rpr, "w:iCs", {"w:val": "0"})
        sub(rpr, "w:lang", {"w:bidi": _THAI_LANG})

    def text_run(self, paragraph: Any, text: str, *, preserve: bool = False) -> Any:
        """A run of plain ``text`` (a title, a label) at the end of ``paragraph``; Thai marked as Thai."""
        run = sub(paragraph, "w:r")
        if has_thai(text):
            self._thai(sub(run, "w:rPr"))
        return sub(run, "w:t", {"xml:space": "preserve"} if preserve else None, text)

    @staticmethod
    def _text(run: Any, text: str) -> None:
        if "\t" not in text and "\n" not in text:
            sub(run, "w:t", {"xml:space": "preserve"} if text[:1].isspace() or text[-1:].isspace() else None, text)
            return
        for j, line in enumerate(text.split("\n")):
            if j:
                sub(run, "w:br")
            for k, piece in enumerate(line.split("\t")):
                if k:
                    sub(run, "w:tab")
                if piece:
                    sub(run, "w:t", {"xml:space": "preserve"}, piece)

    # -- lists -----------------------------------------------------------------------------------

    def new_list(self, abstract: str, start: int) -> str:
        """A fresh w:num: each list restarts at ``start`` instead of continuing the previous one."""
        num_id = str(self.next_num)
        self.next_num += 1
        num = sub(self.numbering, "w:num", {"w:numId": num_id})
        sub(num, "w:abstractNumId", {"w:val": abstract})
        override = sub(num, "w:lvlOverride", {"w:ilvl": "0"})
        sub(override, "w:startOverride", {"w:val": str(start)})
        return num_id

    # -- tables ----------------------------------------------------------------------------------

    def table(self, parent: Any, role: str, widths: list[int], *, look_header: bool = False) -> Any:
        table = sub(parent, "w:tbl")
        tblpr = sub(table, "w:tblPr")
        sub(tblpr, "w:tblStyle", {"w:val": self.styles[role]})
        sub(tblpr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
        sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
        sub(tblpr, "w:tblLook", {"w:val": "0020" if look_header else "0000", "w:firstRow": "1" if look_header else "0",
                                 "w:lastRow": "0", "w:firstColumn": "0", "w:lastColumn": "0",
                                 "w:noHBand": "1", "w:noVBand": "1"})
        grid = sub(table, "w:tblGrid")
        for width in widths:
            sub(grid, "w:gridCol", {"w:w": str(width)})
        return table

    @staticmethod
    def row(table: Any, *, header: bool = False) -> Any:
        row = sub(table, "w:tr")
        trpr = sub(row, "w:trPr")
        sub(trpr, "w:cantSplit")
        if header:
            sub(trpr, "w:tblHeader")
        return row

    @staticmethod
    def cell(row: Any, width: int) -> Any:
        cell = sub(row, "w:tc")
        sub(sub(cell, "w:tcPr"), "w:tcW", {"w:w": str(width), "w:type": "dxa"})
        return cell

    @staticmethod
    def close_cell(cell: Any) -> None:
        # A cell must end with a paragraph (Word refuses a cell that ends with a table).
        last = cell[-1]
        if last.tag != qn("w:p"):
            sub(cell, "w:p")

    def _table_widths(self, table: Table, width: int) -> list[int]:
        columns = max(len(table.header), max((len(r) for r in table.rows), default=0), 1)
        weights = [4.0] * columns
        for row in (table.header, *table.rows):
            for i, cell in enumerate(row):
                weights[i] = max(weights[i], min(float(sum(len(r.text) for r in cell)), 40.0))
        total = sum(weights)
        widths = [int(width * w / total) for w in weights]
        widths[-1] += width - sum(widths)
        return widths

    # -- blocks ----------------------------------------------------------------------------------

    def blocks(self, parent: Any, blocks: tuple[Block, ...], width: int, field: str) -> None:
        for i, block in enumerate(blocks):
            before = len(parent)
            if isinstance(block, Heading):
                self.section = plain_text(block.runs)
            check_deadline(f"the {product_name(self.document.product)}'s section {_short(self.section)!r}")
            self.block(parent, block, width, f"{field}[{i}]")
            if 0 < before < len(parent) and parent[before - 1].tag == qn("w:tbl"):
                self._after_table(parent, parent[before])

    def block(self, parent: Any, block: Block, width: int, field: str) -> None:
        match block:
            case Heading(level=level, runs=runs):
                if level not in (1, 2, 3):
                    raise FieldError(f"{field}.level", f"expected 1, 2 or 3, got {level!r}")
                self.paragraph(parent, f"heading{level}", runs, field=f"{field}.runs")
            case Paragraph(runs=runs, style=style):
                role = None if style == "body" else style
                self.paragraph(parent, role, runs, field=f"{field}.runs")
            case BulletList(items=items):
                for i, item in enumerate(items):
                    self.paragraph(parent, "bullet", item, field=f"{field}.items[{i}]",
                                   keep_next=_keep_next(i, items), keep_lines=True)
            case NumberedList(items=items, start=start):
                num_id = self.new_list(self.ref.number_abstract, start)
                for i, item in enumerate(items):
                    self.paragraph(parent, "number", item, field=f"{field}.items[{i}]", num_id=num_id,
                                   keep_next=_keep_next(i, items), keep_lines=True)
            case Table(header=header, rows=rows, caption=caption):
                if caption is not None:
                    self.paragraph(parent, "caption", (), field=f"{field}.caption", keep_next=True)
                    self.text_run(parent[-1], check_text(caption, f"{field}.caption"))
                widths = self._table_widths(block, width)
                table = self.table(parent, "data_table", widths, look_header=True)
                if header:
                    row = self.row(table, header=True)
                    for j, cell_runs in enumerate(header):
                        cell = self.cell(row, widths[j])
                        self.paragraph(cell, "table_heading", cell_runs, field=f"{field}.header[{j}]")
                for i, cells in enumerate(rows):
                    row = self.row(table)
                    for j, w in enumerate(widths):
                        cell = self.cell(row, w)
                        cell_runs = cells[j] if j < len(cells) else ()
                        self.paragraph(cell, "table_text", cell_runs, field=f"{field}.rows[{i}][{j}]")
            case KeyFacts(items=items):
                # Paragraphs, not a layout table: "Date", a tab, the value (the Key Fact style sets the tab).
                for i, fact in enumerate(items):
                    paragraph = self.paragraph(parent, "fact_value", field=f"{field}.items[{i}].value")
                    label = self.text_run(paragraph, check_text(fact.label, f"{field}.items[{i}].label"))
                    rpr = label.getparent().find(qn("w:rPr"))
                    if rpr is None:
                        rpr = etree.Element(qn("w:rPr"))
                        label.getparent().insert(0, rpr)
                    rpr.insert(0, etree.Element(qn("w:rStyle"), {qn("w:val"): self.styles["fact_label"]}))
                    sub(sub(paragraph, "w:r"), "w:tab")
                    self.runs(paragraph, fact.value, f"{field}.items[{i}].value")
            case Callout(blocks=inner, title=title):
                # Paragraphs in the Callout Box look, not a layout table.
                first = len(parent)
                if title is not None:
                    heading = self.paragraph(parent, "callout_title", field=f"{field}.title")
                    self.text_run(heading, check_text(title, f"{field}.title"))
                left, right = self.ref.box_indent
                self.blocks(parent, inner, width - left - right, f"{field}.blocks")
                boxed = [element for element in parent[first:] if element.tag == qn("w:p")]
                for i, paragraph in enumerate(boxed):
                    self._box(paragraph, keep_next=i < len(boxed) - 1)
            case Columns():
                self._columns(parent, block, width, field)
            case Figure(alt=alt, caption=caption, chart=chart):
                self._figure(parent, block, width, field)
                del alt, chart
                if caption is not None:
                    paragraph = self.paragraph(parent, "caption", field=f"{field}.caption")
                    self.text_run(paragraph, check_text(caption, f"{field}.caption"))
            case SourceList(items=items):
                num_id = self.new_list(self.ref.source_abstract, 1)
                for i, item in enumerate(items):
                    self.paragraph(parent, "source", item, field=f"{field}.items[{i}]", num_id=num_id,
                                   keep_next=_keep_next(i, items), keep_lines=True)
            case PageBreak():
                sub(sub(sub(parent, "w:p"), "w:r"), "w:br", {"w:type": "page"})
            case _:
                assert_never(block)

    def _box(self, paragraph: Any, *, keep_next: bool) -> None:
        """
        Give ``paragraph`` the Callout Box look: its borders, shading and indents.

        Every paragraph of a callout starts at the box's left indent, a list item's
        bullet too (its text on its hanging indent): Word and LibreOffice draw
        consecutive paragraphs with the same borders and the same left edge as one box.
        A box stays on one page where it can (keep lines, keep with next but the last).
        """
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            paragraph.insert(0, ppr)
        if keep_next:
            _insert_ppr(ppr, etree.Element(qn("w:keepNext")))
        _insert_ppr(ppr, etree.Element(qn("w:keepLines")))
        style = ppr.find(qn("w:pStyle"))
        style_id = style.get(qn("w:val")) if style is not None else self.ref.default_style
        _left, hanging = self.ref.indents.get(style_id, (0, 0))
        left, right = self.ref.box_indent
        ind = {"w:left": str(left + hanging), "w:right": str(right)}
        if hanging:
            ind["w:hanging"] = str(hanging)
        for blob in (self.ref.box_borders, self.ref.box_shading):
            if blob is not None:
                _insert_ppr(ppr, etree.fromstring(blob))
        _insert_ppr(ppr, etree.Element(qn("w:ind"), {qn(k): v for k, v in ind.items()}))

    def _columns(self, parent: Any, block: Columns, width: int, field: str) -> None:
        """
        Side-by-side columns as a section of newspaper columns, not a layout table: read one after the other.

        A continuous section break ends the text before them, a column break
        starts each column after the first, and their last paragraph carries
        the section's columns. Columns anywhere but the body (or inside
        columns) are set one after the other.
        """
        columns = block.columns
        if parent is not self.body or self.in_columns or len(columns) < 2:
            for j, column in enumerate(columns):
                self.blocks(parent, column, width, f"{field}.columns[{j}]")
            return
        count = len(columns)
        column_width = (width - _COLUMN_GAP * (count - 1)) // count
        self._section_break(parent, 1)
        self.in_columns = True
        for j, column in enumerate(columns):
            start = len(parent)
            self.blocks(parent, column, column_width, f"{field}.columns[{j}]")
            if len(parent) == start:
                sub(parent, "w:p")  # an empty column still takes its place
            if j:
                first = parent[start]
                if first.tag != qn("w:p"):
                    first = etree.Element(qn("w:p"))
                    parent[start].addprevious(first)
                run = etree.Element(qn("w:r"))
                sub(run, "w:br", {"w:type": "column"})
                ppr = first.find(qn("w:pPr"))
                if ppr is None:
                    ppr = etree.Element(qn("w:pPr"))
                    first.insert(0, ppr)
                ppr.addnext(run)
                # The section's top already has the space after the text above: line up with the first column.
                _insert_ppr(ppr, etree.Element(qn("w:spacing"), {qn("w:before"): "0"}))
        self.in_columns = False
        self._section_break(parent, count)

    def _section_break(self, parent: Any, columns: int) -> None:
        """End a continuous section of ``columns`` columns with the last paragraph of ``parent``."""
        last = parent[-1] if len(parent) else None
        if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            last = sub(parent, "w:p")
        ppr = last.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            last.insert(0, ppr)
        section = copy.deepcopy(self.sect)
        for reference in section.findall(qn("w:headerReference")) + section.findall(qn("w:footerReference")):
            section.remove(reference)
        _continuous(section)
        cols = section.find(qn("w:cols"))
        if cols is None:
            cols = sub(section, "w:cols")
        cols.set(qn("w:num"), str(columns))
        cols.set(qn("w:space"), str(_COLUMN_GAP))
        _insert_ppr(ppr, section)
        self.sections += 1

    def _after_table(self, parent: Any, first: Any) -> None:
        """
        Keep what follows a table off it: a body paragraph gets space above it.

        Word merges two adjacent tables into one: only then does an empty
        paragraph go between them (no template puts two tables together).
        """
        if first.tag == qn("w:tbl"):
            paragraph = etree.Element(qn("w:p"))
            spacing = sub(sub(paragraph, "w:pPr"), "w:spacing", {"w:before": "0", "w:after": "0", "w:line": "160"})
            spacing.set(qn("w:lineRule"), "exact")
            first.addprevious(paragraph)
            return
        ppr = first.find(qn("w:pPr"))
        if ppr is None or ppr.find(qn("w:pStyle")) is None:
            if ppr is None:
                ppr = etree.Element(qn("w:pPr"))
                first.insert(0, ppr)
            _insert_ppr(ppr, etree.Element(qn("w:spacing"), {qn("w:before"): "160"}))

    def _figure(self, parent: Any, figure: Figure, width: int, field: str) -> None:
        alt = check_text(figure.alt, f"{field}.alt")
        title = check_text(figure.caption or figure.name, f"{field}.caption")
        width_px = round(width / 1440 * _CHART_DPI)
        height_px = round(width_px * _CHART_ASPECT)
        png = chart_png(figure.chart, width_px=width_px, height_px=height_px, theme=self.theme, dpi=_CHART_DPI)
        cx = width * _EMU_PER_TWIP
        cy = round(cx * height_px / width_px)
        inline = _inline(self.part.new_pic_inline(io.BytesIO(png), cx, cy))
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("descr", alt)
        doc_pr.set("title", title)
        paragraph = self.paragraph(parent, "figure", field=field)
        sub(sub(paragraph, "w:r"), "w:drawing").append(inline)

    # -- the whole document ----------------------------------------------------------------------

    def write(self) -> None:
        self._language()
        self._recolour()
        self._core_properties()
        body = self.body
        body.remove(self.sect)
        self.paragraph(body, "title", field="title")
        self.text_run(body[-1], check_text(self.document.title, "title"))
        if self.document.subtitle:
            paragraph = self.paragraph(body, "subtitle", field="subtitle")
            self.text_run(paragraph, check_text(self.document.subtitle, "subtitle"))
        self.blocks(body, self.document.blocks, self.text_width, "blocks")
        if self.sections:
            _continuous(self.sect)  # the text after columns goes on on the same page
        body.append(self.sect)
        self._header_footer()
        if self.sections:
            self._share_header_footer()
        for root in (body, self.word.sections[0].header._element, self.word.sections[0].footer._element):
            self._thai_line_spacing(root)

    def _thai_line_spacing(self, root: Any) -> None:
        """
        Space the lines of paragraphs holding Thai like Latin ones.

        Their line rule (a multiple of the font's own line height) becomes the
        style's times :func:`~._docx_fonts.thai_line_ratio`, so a Thai line is
        as tall as a Latin line of the same style. Exact and at-least rules are left alone.
        """
        lines = _style_lines(self.part.styles.element)
        for paragraph in root.iter(qn("w:p")):
            if not any(has_thai(t.text or "") for t in paragraph.iter(qn("w:t"))):
                continue
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            line = lines.get(style.get(qn("w:val")) if style is not None else None)
            existing = paragraph.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
            if existing is not None and existing.get(qn("w:lineRule"), "auto") != "auto":
                continue
            own = existing.get(qn("w:line")) if existing is not None else None
            base = int(own) if own is not None and own.isdigit() else line
            if base is None:
                continue
            spacing = ppr_child(paragraph, "w:spacing")
            spacing.set(qn("w:line"), str(round(base * thai_line_ratio())))
            spacing.set(qn("w:lineRule"), "auto")
