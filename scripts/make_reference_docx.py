"""
Build tipreports/reference.docx: the styles every briefing note is written with.

Start from python-docx's default template (its theme part), drop what a
shipped document must not carry (thumbnail, customXml, stylesWithEffects,
webSettings, rsids, the template's core properties and Mac app.xml), and write
the styles, numbering, settings and font table below. Colours are the default
:class:`tipreports.theme.Theme`'s; the DOCX writer swaps them when a theme
differs.

Users restyle the note by editing the styles of this one Word file (keep the
style names). Run ``python scripts/make_reference_docx.py`` after changing
this script, then ``make golden`` and review the diff.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tipreports.render._docx_xml import normalise_zip  # noqa: E402  (after the sys.path line, to run from a checkout)
from tipreports.theme import DEFAULT_THEME  # noqa: E402

OUT = ROOT / "tipreports" / "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT = DEFAULT_THEME.font_family
BASE = round(DEFAULT_THEME.base_size * 2)  # half-points

COLOURS = {
    "ACCENT": DEFAULT_THEME.accent[1:].upper(),
    "INK": DEFAULT_THEME.ink[1:].upper(),
    "MUTED": DEFAULT_THEME.muted[1:].upper(),
    "RULE": DEFAULT_THEME.rule[1:].upper(),
    "TINT": DEFAULT_THEME.tint[1:].upper(),
}

HEADER = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

CONTENT_TYPES = """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>
</Relationships>"""

CORE = """<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>tipreports reference styles</dc:title>
<cp:revision>1</cp:revision>
</cp:coreProperties>"""

APP = """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>tipreports</Application>
<DocSecurity>0</DocSecurity>
</Properties>"""

SETTINGS = f"""<w:settings xmlns:w="{W}">
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="709"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat>
<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>
</w:compat>
<w:themeFontLang w:val="en-GB"/>
<w:decimalSymbol w:val="."/>
<w:listSeparator w:val=","/>
</w:settings>"""

# altName: what Word and LibreOffice use where Noto Sans is not installed.
FONT_TABLE = f"""<w:fonts xmlns:w="{W}">
<w:font w:name="{FONT}"><w:altName w:val="Arial"/><w:panose1 w:val="020B0502040504020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Noto Sans Mono"><w:altName w:val="Courier New"/><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="Noto Sans Thai"><w:altName w:val="Tahoma"/><w:charset w:val="DE"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
</w:fonts>"""

NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="0">
<w:multiLevelType w:val="singleLevel"/>
<w:name w:val="tipreports bullets"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="284" w:hanging="227"/></w:pPr>
<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/><w:color w:val="ACCENT"/></w:rPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:multiLevelType w:val="singleLevel"/>
<w:name w:val="tipreports numbers"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="340" w:hanging="340"/></w:pPr>
<w:rPr><w:b/><w:color w:val="ACCENT"/></w:rPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
<w:multiLevelType w:val="singleLevel"/>
<w:name w:val="tipreports sources"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="[%1]"/><w:lvlJc w:val="left"/>
<w:pPr><w:ind w:left="397" w:hanging="397"/></w:pPr>
<w:rPr><w:color w:val="MUTED"/></w:rPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"""


def para(sid: str, name: str, *, based: str | None = "Normal", nxt: str | None = None, ppr: str = "",
         rpr: str = "", builtin: bool = True, priority: int = 1) -> str:
    """A paragraph style; ``builtin`` styles use Word's own names so Word maps them to its built-ins."""
    custom = "" if builtin else ' w:customStyle="1"'
    parts = [f'<w:style w:type="paragraph"{custom} w:styleId="{sid}"><w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    parts.append(f'<w:uiPriority w:val="{priority}"/><w:qFormat/>')
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def char(sid: str, name: str, rpr: str, *, builtin: bool = False) -> str:
    custom = "" if builtin else ' w:customStyle="1"'
    return (f'<w:style w:type="character"{custom} w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="1"/><w:rPr>{rpr}</w:rPr></w:style>')


def table(sid: str, name: str, tblpr: str, *, extra: str = "", ppr: str = "", rpr: str = "") -> str:
    return (f'<w:style w:type="table" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
            + f"<w:tblPr>{tblpr}</w:tblPr>{extra}</w:style>")


def margins(top: int, left: int, bottom: int, right: int) -> str:
    return (f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tblCellMar>')


def border(side: str, size: int, colour: str) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{colour}"/>'


KEY_FACT_LABEL = 1474  # twips: 2.6 cm, room for 'PURPOSE' in small capitals
NO_BORDERS = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
KEEP = "<w:keepNext/><w:keepLines/>"

STYLES_BODY = "".join([
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="100" w:line="264" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:color w:val="INK"/></w:rPr></w:style>',
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
    '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
    '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    + margins(0, 108, 0, 108) + "</w:tblPr></w:style>",
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/>'
    "<w:semiHidden/><w:unhideWhenUsed/></w:style>",
    para("Title", "Title", nxt="Normal", priority=10,
         ppr='<w:keepNext/><w:spacing w:before="0" w:after="60" w:line="240" w:lineRule="auto"/>',
         rpr='<w:b/><w:bCs/><w:color w:val="ACCENT"/><w:kern w:val="28"/><w:sz w:val="40"/><w:szCs w:val="40"/>'),
    para("Subtitle", "Subtitle", nxt="Normal", priority=11,
         ppr='<w:keepNext/><w:spacing w:before="0" w:after="200"/>',
         rpr='<w:color w:val="MUTED"/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    para("Heading1", "heading 1", nxt="Normal", priority=9,
         ppr=KEEP + '<w:pBdr>' + border("bottom", 4, "RULE").replace("w:space=\"0\"", "w:space=\"2\"")
         + '</w:pBdr><w:spacing w:before="280" w:after="100"/><w:outlineLvl w:val="0"/>',
         rpr='<w:b/><w:bCs/><w:color w:val="ACCENT"/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
    para("Heading2", "heading 2", nxt="Normal", priority=9,
         ppr=KEEP + '<w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="1"/>',
         rpr='<w:b/><w:bCs/><w:color w:val="INK"/><w:sz w:val="22"/><w:szCs w:val="22"/>'),
    para("Heading3", "heading 3", nxt="Normal", priority=9,
         ppr=KEEP + '<w:spacing w:before="140" w:after="40"/><w:outlineLvl w:val="2"/>',
         rpr='<w:b/><w:bCs/><w:color w:val="MUTED"/>'),
    para("Lead", "Lead", builtin=False, priority=12,
         ppr='<w:spacing w:after="160"/>', rpr='<w:sz w:val="23"/><w:szCs w:val="23"/>'),
    para("Small", "Small", builtin=False, priority=13,
         ppr='<w:spacing w:after="60"/>', rpr='<w:color w:val="MUTED"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
    para("Badge", "Tier Badge", builtin=False, priority=14,
         ppr='<w:keepNext/><w:spacing w:after="60"/>',
         rpr='<w:b/><w:bCs/><w:color w:val="ACCENT"/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
    para("ListBullet", "List Bullet", priority=36,
         ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="284" w:hanging="227"/>'),
    para("ListNumber", "List Number", priority=36,
         ppr='<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/><w:ind w:left="340" w:hanging="340"/>'),
    para("SourceListItem", "Source", based="Small", builtin=False, priority=37,
         ppr='<w:numPr><w:numId w:val="3"/></w:numPr><w:spacing w:after="40"/><w:ind w:left="397" w:hanging="397"/>'),
    para("Caption", "caption", nxt="Normal", priority=35,
         ppr='<w:spacing w:before="80" w:after="200"/>',
         rpr='<w:i/><w:iCs/><w:color w:val="MUTED"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
    para("Figure", "Figure", builtin=False, priority=35,
         ppr='<w:keepNext/><w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/>'),
    para("TableText", "Table Text", builtin=False, priority=40,
         ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
         rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    para("TableHeading", "Table Heading", based="TableText", builtin=False, priority=40,
         ppr="<w:keepNext/>", rpr='<w:b/><w:bCs/><w:color w:val="ACCENT"/>'),
    # Key facts are paragraphs, not a layout table (screen readers and Word's accessibility checker
    # take a table for data): the label a character style, a tab to the value, wrapped lines under the
    # value; consecutive key facts share one rule above and one below.
    para("KeyFactValue", "Key Fact", builtin=False, priority=41,
         ppr='<w:pBdr>' + border("top", 4, "RULE").replace('w:space="0"', 'w:space="3"')
         + border("bottom", 4, "RULE").replace('w:space="0"', 'w:space="3"') + '</w:pBdr>'
         f'<w:tabs><w:tab w:val="left" w:pos="{KEY_FACT_LABEL}"/></w:tabs>'
         f'<w:spacing w:before="40" w:after="40"/><w:ind w:left="{KEY_FACT_LABEL}" w:hanging="{KEY_FACT_LABEL}"/>',
         rpr='<w:sz w:val="19"/><w:szCs w:val="19"/>'),
    char("KeyFactLabel", "Key Fact Label",
         '<w:b/><w:bCs/><w:caps/><w:color w:val="MUTED"/><w:spacing w:val="6"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
    # A callout is paragraphs with this look, not a table: the writer puts the border, shading and
    # indents of this style on every paragraph of a callout (whatever its own style); Word and
    # LibreOffice draw consecutive paragraphs with the same borders as one box.
    para("CalloutBox", "Callout Box", builtin=False, priority=42,
         ppr='<w:pBdr>' + border("top", 4, "TINT").replace('w:space="0"', 'w:space="6"')
         + border("left", 24, "ACCENT").replace('w:space="0"', 'w:space="8"')
         + border("bottom", 4, "TINT").replace('w:space="0"', 'w:space="3"')
         + border("right", 4, "TINT").replace('w:space="0"', 'w:space="8"') + '</w:pBdr>'
         '<w:shd w:val="clear" w:color="auto" w:fill="TINT"/><w:ind w:left="227" w:right="227"/>'),
    para("CalloutTitle", "Callout Title", builtin=False, priority=42,
         ppr='<w:keepNext/><w:spacing w:before="0" w:after="60"/>',
         rpr='<w:b/><w:bCs/><w:caps/><w:color w:val="ACCENT"/><w:spacing w:val="6"/><w:sz w:val="17"/><w:szCs w:val="17"/>'),
    para("Header", "header", priority=99,
         ppr='<w:pBdr>' + border("bottom", 4, "RULE").replace('w:space="0"', 'w:space="4"') + '</w:pBdr><w:spacing w:after="0"/>',
         rpr='<w:color w:val="MUTED"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
    para("Footer", "footer", priority=99,
         ppr='<w:pBdr>' + border("top", 4, "RULE").replace('w:space="0"', 'w:space="4"') + '</w:pBdr><w:spacing w:after="0"/>',
         rpr='<w:color w:val="MUTED"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
    char("Hyperlink", "Hyperlink", '<w:color w:val="ACCENT"/><w:u w:val="single"/>', builtin=True),
    char("Code", "Code", '<w:rFonts w:ascii="Noto Sans Mono" w:hAnsi="Noto Sans Mono" w:cs="Noto Sans Mono"/>'
         '<w:shd w:val="clear" w:color="auto" w:fill="TINT"/>'),
    # FIRST's TLP 2.0 look: the label's own colour (set per document) on black, at 12 pt (TLP 2.0
    # asks for 12 pt or more, for readers with low vision). A 3 pt black border around the black
    # shading pads the box evenly on every side; no spaces are needed inside it.
    char("Marking", "TLP Marking", '<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>'
         '<w:bdr w:val="single" w:sz="24" w:space="0" w:color="000000"/>'
         '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'),
    # The second language's line under each item of a bilingual note: quieter, and upright.
    char("Translation", "Translation", f'<w:color w:val="MUTED"/><w:sz w:val="{BASE - 3}"/><w:szCs w:val="{BASE - 3}"/>'),
    table("DataTable", "Data Table",
          "<w:tblBorders>" + border("top", 8, "ACCENT") + border("bottom", 8, "ACCENT") + border("insideH", 4, "RULE")
          + "</w:tblBorders>" + margins(50, 85, 50, 85),
          extra='<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/>'
                '<w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:tcBorders>' + border("bottom", 8, "ACCENT")
                + '</w:tcBorders></w:tcPr></w:tblStylePr>'),
])

STYLES = f"""<w:styles xmlns:w="{W}">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>
<w:sz w:val="{BASE}"/><w:szCs w:val="{BASE}"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
{STYLES_BODY}
</w:styles>"""

SAMPLES = [
    ("Title", "Title of the briefing note"),
    ("Subtitle", "Subtitle"),
    ("Heading1", "Heading 1"),
    ("Lead", "Lead paragraph: the key message."),
    ("Normal", "Body text. Edit the styles of this file (Home > Styles) to restyle every briefing note; keep the style names."),
    ("Heading2", "Heading 2"),
    ("ListBullet", "List Bullet"),
    ("ListNumber", "List Number"),
    ("Heading3", "Heading 3"),
    ("Badge", "Tier Badge"),
    ("CalloutBox", "Callout Box: the look of every paragraph in a callout"),
    ("Figure", "Figure (the paragraph holding a chart)"),
    ("Caption", "Caption"),
    ("Small", "Small"),
    ("SourceListItem", "Source"),
]


def document_xml() -> str:
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>' for sid, text in SAMPLES
    )
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1247" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>'
            '<w:cols w:space="709"/></w:sectPr>')
    return (f'<w:document xmlns:w="{W}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<w:body>{body}{sect}</w:body></w:document>")


def colour(xml: str) -> str:
    return re.sub(r"\b(ACCENT|INK|MUTED|RULE|TINT)\b", lambda m: COLOURS[m.group(1)], xml)


def theme_xml() -> bytes:
    """python-docx's default theme with Noto Sans as Word's 'Body' and 'Headings' fonts."""
    default = Path(docx.__file__).parent / "templates" / "default.docx"
    with zipfile.ZipFile(default) as z:
        theme = z.read("word/theme/theme1.xml").decode("utf-8")
    theme = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{FONT}"', theme)
    return theme.encode("utf-8")


def build() -> bytes:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": colour(STYLES),
        "word/numbering.xml": colour(NUMBERING),
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": FONT_TABLE,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, xml in parts.items():
            z.writestr(name, (HEADER + xml).encode("utf-8"))
        z.writestr("word/theme/theme1.xml", theme_xml())
    data = normalise_zip(buf.getvalue())
    docx.Document(io.BytesIO(data))  # python-docx must open it
    return data


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)}")
