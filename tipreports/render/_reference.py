"""
A house reference document, reduced to what styles a note.

A reference .docx is somebody's Word file. Beside its styles it can hold
comments, document properties (status, company, manager, the path of the
author's template), custom properties, document variables, a glossary, macros,
embedded objects, and headers of its own: a first-page header saying
TLP:CLEAR would show on page 1 of a TLP:AMBER note. None of that may reach a
note, so the writer never fills the user's package. It starts from the
bundled ``reference.docx`` and takes from the user's file only the parts that
style a note, each through a whitelist:

- styles, numbering, theme and font table, without revision marks and their
  authors, rsids, picture bullets, embedded fonts, XML comments or processing
  instructions, and without relationships (a part's links to images, fonts or
  files stay behind);
- from settings, only what lays text out (tab stops, hyphenation,
  compatibility, the theme colour mapping): never document variables, the
  attached template, mail merge, rsids or even-page headers;
- from the last section, page orientation, margins, columns and grid: never
  its header and footer references or a different first page (``w:titlePg``).

So the writer's one header and one footer show on every page. The file is
bounded like a zip bomb, from its directory, before anything is unpacked,
and only a regular file is read (a FIFO or device never blocks or floods).
"""

from __future__ import annotations

import copy
import functools
import io
import os
import posixpath
import stat
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, cast

from attrs import frozen
from lxml import etree  # untyped: pyproject lets mypy treat lxml as Any

from .._io import RefusedFile, read_regular_file
from ..errors import StyleWarning, TemplateError
from ._docx_xml import NS, qn

__all__ = ["ADDED_ROLES", "MAX_BYTES", "MAX_ENTRIES", "MAX_RATIO", "MAX_UNPACKED", "REFERENCE_DOCX", "STYLE_NAMES", "Reference",
           "read_reference"]

#: The reference document shipped in the package: the skeleton of every note.
REFERENCE_DOCX: Final = Path(__file__).resolve().parent.parent / "reference.docx"

#: Largest reference file read.
MAX_BYTES: Final = 20 * 1024 * 1024
#: Most bytes all parts of a reference may unpack to, as its zip directory declares them.
MAX_UNPACKED: Final = 64 * 1024 * 1024
#: Most a part larger than :data:`_RATIO_FLOOR` may unpack to, as a multiple of its packed size.
MAX_RATIO: Final = 100
#: Most parts (zip entries) a reference may hold.
MAX_ENTRIES: Final = 5_000
# Small parts may compress as well as they like: the total bounds them. (XML compresses about 10:1.)
_RATIO_FLOOR = 1024 * 1024

#: Style roles → (type, name as stored in styles.xml): Word's own lower-case names
#: for its built-in styles, so Word treats them as its Heading 1, Caption...
STYLE_NAMES: Mapping[str, tuple[str, str]] = {
    "title": ("paragraph", "Title"),
    "subtitle": ("paragraph", "Subtitle"),
    "heading1": ("paragraph", "heading 1"),
    "heading2": ("paragraph", "heading 2"),
    "heading3": ("paragraph", "heading 3"),
    "lead": ("paragraph", "Lead"),
    "small": ("paragraph", "Small"),
    "badge": ("paragraph", "Tier Badge"),
    "bullet": ("paragraph", "List Bullet"),
    "number": ("paragraph", "List Number"),
    "source": ("paragraph", "Source"),
    "caption": ("paragraph", "caption"),
    "figure": ("paragraph", "Figure"),
    "table_text": ("paragraph", "Table Text"),
    "table_heading": ("paragraph", "Table Heading"),
    "fact_label": ("character", "Key Fact Label"),
    "fact_value": ("paragraph", "Key Fact"),
    "callout_title": ("paragraph", "Callout Title"),
    "header": ("paragraph", "header"),
    "footer": ("paragraph", "footer"),
    "hyperlink": ("character", "Hyperlink"),
    "code": ("character", "Code"),
    "marking": ("character", "TLP Marking"),
    "translation": ("character", "Translation"),
    "data_table": ("table", "Data Table"),
    "callout_box": ("paragraph", "Callout Box"),
}

#: Roles added since 0.1: a house reference made from an older reference.docx lacks their
#: styles and gets the bundled ones, instead of an error.
ADDED_ROLES: Final = frozenset({"translation"})

_W = NS["w"]
_R = NS["r"]
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

# The skeleton's part for each style-bearing part, and the root element the user's part must have.
_STYLE_PARTS: Mapping[str, tuple[str, str]] = {
    "styles": ("word/styles.xml", f"{{{_W}}}styles"),
    "numbering": ("word/numbering.xml", f"{{{_W}}}numbering"),
    "fontTable": ("word/fontTable.xml", f"{{{_W}}}fonts"),
    "theme": ("word/theme/theme1.xml", f"{{{_A}}}theme"),
}
_REQUIRED = ("styles", "numbering")
_DOCTYPES = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))

# Settings that lay text out. Everything else in settings.xml stays behind: document
# variables, the attached template (a path on the author's disk), mail merge, rsids,
# protection, tracked changes, footnote separators, even-and-odd headers.
_SETTINGS_KEPT = frozenset({
    "zoom", "mirrorMargins", "gutterAtTop", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
    "characterSpacingControl", "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
    "noPunctuationKerning", "defaultTableStyle", "compat", "themeFontLang", "clrSchemeMapping",
    "decimalSymbol", "listSeparator",
})
# Page setup. Header and footer references, w:titlePg, printer settings (a link to a
# binary part naming the printer), page borders (which may link to pictures) and
# tracked section changes stay behind.
_SECTION_KEPT = frozenset({
    "pgSz", "pgMar", "lnNumType", "pgNumType", "cols", "vAlign", "textDirection", "bidi", "rtlGutter", "docGrid",
})
# Elements dropped wherever they are in an imported part: revision marks (they name
# their author and date), rsids (they tie the file to editing sessions), picture
# bullets and embedded fonts (they link to other parts, which are not imported), and
# hidden text (a 'TLP Marking' or header style set to hidden would hide the banner).
_DROPPED = frozenset({
    "rsid", "ins", "del", "moveFrom", "moveTo", "cellIns", "cellDel", "cellMerge",
    "numPicBullet", "lvlPicBulletId", "embedRegular", "embedBold", "embedItalic", "embedBoldItalic",
    "vanish", "specVanish", "webHidden",
})


@frozen(kw_only=True)
class Reference:
    """A reference document read once: the package to fill, style ids by role, and list definitions."""

    #: The bundled skeleton with the reference's style-bearing parts, as a zip.
    data: bytes
    styles: Mapping[str, str]
    number_abstract: str
    source_abstract: str
    #: Paragraph style id → its left indent and hanging indent (twips), through its basedOn chain.
    indents: Mapping[str, tuple[int, int]]
    #: The Callout Box style's borders, shading and indents, put on every paragraph of a callout.
    box_borders: bytes | None
    box_shading: bytes | None
    box_indent: tuple[int, int]
    #: The default paragraph style's id (Normal).
    default_style: str
    #: Names of the styles the reference lacked and took from the bundled reference (beside ADDED_ROLES').
    borrowed: tuple[str, ...] = ()


def _cannot(name: str, err: BaseException) -> TemplateError:
    return TemplateError(f"{name}: cannot read it as a Word reference document ({type(err).__name__})")


def read_reference(path: str) -> Reference:
    """
    The reference document at ``path``, reduced to what styles a note; read once per version of the file.

    Raises :class:`~tipreports.errors.TemplateError` naming the file (never its
    folder) for anything but a regular file, a file or unpacked size over the
    limits, a part that unpacks to more than :data:`MAX_RATIO` times its packed
    size, or a damaged package. A style the reference lacks is taken from the
    bundled reference, with a :class:`~tipreports.errors.StyleWarning` naming it
    on every read (the reading itself is cached; the warning is not).
    """
    name = Path(path).name
    try:
        # stat, not open: opening a FIFO for reading waits for a writer.
        info = os.stat(path)
    except OSError as err:
        raise _cannot(name, err) from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError(f"{name}: not a regular file (a folder, FIFO or device); expected a Word .docx file")
    if info.st_size > MAX_BYTES:
        raise TemplateError(f"{name}: the reference document is larger than {MAX_BYTES:,} bytes")
    # A user may restyle the file between renders: the cache key changes with it.
    reference = _read(path, info.st_mtime_ns, info.st_size, info.st_ino)
    if reference.borrowed:
        # Outside the cache, so that every render that uses the file says so.
        warnings.warn(StyleWarning(
            f"{name}: the reference document lacks the style(s) {', '.join(map(repr, reference.borrowed))}; "
            "the bundled reference's are used"
        ), stacklevel=2)
    return reference


@functools.lru_cache(maxsize=8)
def _read(path: str, _mtime: int, _size: int, _inode: int) -> Reference:
    name = Path(path).name
    data = _read_bytes(path, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_directory(z, name)
            parts = _style_parts(z, name)
    except TemplateError:
        raise
    except (OSError, EOFError, KeyError, ValueError, RuntimeError, NotImplementedError, zlib.error,
            zipfile.BadZipFile, etree.XMLSyntaxError) as err:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method.
        raise _cannot(name, err) from None
    styles, numbering = parts["word/styles.xml"], parts["word/numbering.xml"]
    ids, by_name, borrowed = _style_ids(styles, numbering)
    abstract = {
        num.get(qn("w:numId")): ref.get(qn("w:val"))
        for num in numbering.iter(qn("w:num"))
        if (ref := num.find(qn("w:abstractNumId"))) is not None
    }

    def list_of(role: str) -> str:
        kind, style = STYLE_NAMES[role]
        num_id = by_name[(kind, style.lower())].find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None or num_id.get(qn("w:val")) not in abstract:
            raise TemplateError(f"{name}: style {style!r} has no numbering")
        return cast(str, abstract[num_id.get(qn("w:val"))])

    by_id = {style.get(qn("w:styleId")): style for style in styles.iter(qn("w:style"))}
    box = by_id[ids["callout_box"]].find(qn("w:pPr"))
    box_parts = {tag: box.find(qn(tag)) if box is not None else None for tag in ("w:pBdr", "w:shd")}
    left, _hanging, right = _indent(by_id, ids["callout_box"])
    return Reference(
        data=_package(parts),
        styles=ids,
        number_abstract=list_of("number"),
        source_abstract=list_of("source"),
        indents={sid: _indent(by_id, sid)[:2] for sid in by_id},
        box_borders=etree.tostring(box_parts["w:pBdr"]) if box_parts["w:pBdr"] is not None else None,
        box_shading=etree.tostring(box_parts["w:shd"]) if box_parts["w:shd"] is not None else None,
        box_indent=(left, right),
        default_style=next(
            (sid for sid, style in by_id.items() if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) == "1"),
            "Normal",
        ),
        borrowed=tuple(borrowed),
    )


def _indent(by_id: Mapping[str, Any], style_id: str) -> tuple[int, int, int]:
    """A paragraph style's (left, hanging, right) indents in twips, inherited through basedOn."""
    found: dict[str, int] = {}
    seen: set[str] = set()
    style = by_id.get(style_id)
    while style is not None and style_id not in seen:
        seen.add(style_id)
        ind = style.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None:
            for name in ("left", "hanging", "right"):
                value = ind.get(qn(f"w:{name}"))
                if name not in found and value is not None and value.lstrip("-").isdigit():
                    found[name] = int(value)
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else ""
        style = by_id.get(style_id)
    return found.get("left", 0), found.get("hanging", 0), found.get("right", 0)


def _read_bytes(path: str, name: str) -> bytes:
    # The one reader of input files (regular files only, never read past the limit), in a template's words.
    try:
        return read_regular_file(path, MAX_BYTES)
    except RefusedFile as err:
        if err.too_large:
            raise TemplateError(f"{name}: the reference document is larger than {MAX_BYTES:,} bytes") from None
        raise TemplateError(f"{name}: not a regular file (a folder, FIFO or device); expected a Word .docx file") from None
    except OSError as err:
        raise _cannot(name, err) from None


def _check_directory(z: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb from the sizes its directory declares, before anything is unpacked."""
    entries = z.infolist()
    if len(entries) > MAX_ENTRIES:
        raise TemplateError(f"{name}: the reference document holds {len(entries):,} parts; at most {MAX_ENTRIES:,} allowed")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED:
        raise TemplateError(
            f"{name}: the reference document unpacks to {total:,} bytes; at most {MAX_UNPACKED:,} allowed"
        )
    for entry in entries:
        if entry.file_size > _RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            raise TemplateError(
                f"{name}: part {entry.filename[:80]!r} unpacks to {ratio:,} times its packed size; "
                f"at most {MAX_RATIO} allowed"
            )
    # zipfile stops reading an entry at the size the directory declares (and then checks its CRC),
    # so the sizes checked here bound what is unpacked below.


def _parse(z: zipfile.ZipFile, part: str, name: str) -> Any:
    # No DTD, no entities, no network, no huge trees: a part is data, never instructions to the parser.
    # Comments and processing instructions go: they can hold anything and style nothing.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    blob = z.read(part)
    # Looked for before parsing too: libxml2 expands entities in attribute values even when told not to
    # (up to its amplification limit), and its error would not say why.
    if any(doctype in blob for doctype in _DOCTYPES):
        raise TemplateError(f"{name}: part {part[:80]!r} declares a DTD, which a Word file never does")
    root = etree.fromstring(blob, parser)
    if root.getroottree().docinfo.doctype:
        raise TemplateError(f"{name}: part {part[:80]!r} declares a DTD, which a Word file never does")
    return root


def _targets(z: zipfile.ZipFile, source: str, name: str) -> dict[str, str]:
    """Relationship type (its last segment: 'styles', 'officeDocument') → part name, from ``source``'s relationships."""
    folder, base = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels not in z.NameToInfo:
        return {}
    found: dict[str, str] = {}
    for rel in _parse(z, rels, name).iter(f"{{{_RELS}}}Relationship"):
        kind, target = rel.get("Type", ""), rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not kind.startswith(_REL_TYPE) or not target:
            continue
        part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.setdefault(kind[len(_REL_TYPE):], part)
    return found


def _style_parts(z: zipfile.ZipFile, name: str) -> dict[str, Any]:
    """The skeleton's part name → the element tree to write there, taken from the reference where it has one."""
    main = _targets(z, "", name).get("officeDocument")
    if main is None or main not in z.NameToInfo:
        raise TemplateError(f"{name}: not a Word document (no main document part)")
    related = _targets(z, main, name)
    parts: dict[str, Any] = {}
    for kind, (skeleton_part, root_tag) in _STYLE_PARTS.items():
        part = related.get(kind)
        if part is None or part not in z.NameToInfo:
            if kind in _REQUIRED:
                raise TemplateError(f"{name}: the reference document has no {kind} part")
            parts[skeleton_part] = _skeleton_tree(skeleton_part)
            continue
        root = _parse(z, part, name)
        if root.tag != root_tag:
            raise TemplateError(f"{name}: part {part[:80]!r} is not a Word {kind} part")
        if kind == "theme" and _links(root):
            # A theme's picture fills point at images that are not imported: use the bundled theme.
            root = _skeleton_tree(skeleton_part)
        parts[skeleton_part] = _clean(root)
    settings_part = related.get("settings")
    settings = _parse(z, settings_part, name) if settings_part in z.NameToInfo else None
    parts["word/settings.xml"] = _settings(settings if settings is not None else _skeleton_tree("word/settings.xml"))
    document = _parse(z, main, name)
    parts["word/document.xml"] = _document(document.find(f"{qn('w:body')}/{qn('w:sectPr')}"))
    return parts


def _links(root: Any) -> bool:
    return any(key.startswith(f"{{{_R}}}") for element in root.iter() for key in element.attrib)


def _clean(root: Any) -> Any:
    """``root`` without revision marks, rsids, picture bullets, embedded fonts, hidden text and relationship ids."""
    doomed = [
        element for element in root.iter()
        if isinstance(element.tag, str) and element.tag.startswith(f"{{{_W}}}")
        and ((local := element.tag[len(_W) + 2:]) in _DROPPED or local.endswith("Change"))
    ]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in root.iter():
        for key in [k for k in element.attrib if k.startswith(f"{{{_R}}}") or k.startswith(f"{{{_W}}}rsid")]:
            del element.attrib[key]
    return root


def _settings(source: Any) -> Any:
    settings = etree.Element(qn("w:settings"), nsmap={"w": _W})
    for child in source:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{_W}}}") and child.tag[len(_W) + 2:] in _SETTINGS_KEPT:
            kept = copy.deepcopy(child)
            kept.tail = None
            settings.append(_clean(kept))
    return settings


def _document(section: Any) -> Any:
    """The skeleton's document with an empty body and the reference's page setup."""
    document = _skeleton_tree("word/document.xml")
    body = document.find(qn("w:body"))
    for child in list(body):
        body.remove(child)
    sect = etree.SubElement(body, qn("w:sectPr"))
    for child in section if section is not None else ():
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{_W}}}") and child.tag[len(_W) + 2:] in _SECTION_KEPT:
            if child.tag == qn("w:pgMar") and not all(_is_int(v) for v in child.attrib.values()):
                continue  # margins as measures ('2cm'): Word writes twips; the text width is computed from them
            kept = copy.deepcopy(child)
            kept.tail = None
            sect.append(_clean(kept))
    return document


def _is_int(value: str) -> bool:
    return value.removeprefix("-").isdigit()


def _style_ids(styles: Any, numbering: Any) -> tuple[dict[str, str], dict[tuple[str, str], Any], list[str]]:
    """Style ids by role, styles by (type, lower-case name), and the names of styles taken from the bundled reference."""
    by_name = _by_name(styles)
    ids: dict[str, str] = {}
    borrowed: list[str] = []
    for role, (kind, style_name) in STYLE_NAMES.items():
        style = by_name.get((kind, style_name.lower()))
        if style is None:
            # A house file made from another template, or before a style was added: ours fills the gap.
            taken = [] if role in ADDED_ROLES else borrowed
            style = _bundled_style(styles, numbering, by_name, kind, style_name, taken)
        ids[role] = style.get(qn("w:styleId"))
    return ids, by_name, borrowed


def _by_name(styles: Any) -> dict[tuple[str, str], Any]:
    by_name: dict[tuple[str, str], Any] = {}
    for style in styles.iter(qn("w:style")):
        style_name = style.find(qn("w:name"))
        if style_name is not None and style_name.get(qn("w:val")) is not None:
            by_name[(style.get(qn("w:type")), style_name.get(qn("w:val")).lower())] = style
    return by_name


def _bundled_style(
    styles: Any, numbering: Any, by_name: dict[tuple[str, str], Any], kind: str, style_name: str, borrowed: list[str],
) -> Any:
    """
    The bundled reference's style ``style_name``, added to ``styles`` under an id not already taken there.

    Its basedOn, next and link point at the house style of the same name (our
    Normal: the house default style); one the house file lacks is taken too
    (basedOn) or dropped (next, link, a missing default). Its list definition is
    copied into ``numbering`` under free ids.
    """
    bundled_styles = _skeleton_tree("word/styles.xml")
    bundled_by_id = {style.get(qn("w:styleId")): style for style in bundled_styles.iter(qn("w:style"))}
    bundled = next(
        style for style in bundled_by_id.values()
        if style.get(qn("w:type")) == kind and style.find(qn("w:name")).get(qn("w:val")) == style_name
    )
    taken = {style.get(qn("w:styleId")) for style in styles.iter(qn("w:style"))}
    style_id = bundled.get(qn("w:styleId"))
    while style_id in taken:
        style_id = "Tipreports" + style_id
    bundled.set(qn("w:styleId"), style_id)
    # Registered before its basedOn is followed, so that a loop in the chain ends here.
    by_name[(kind, style_name.lower())] = bundled
    styles.append(bundled)
    borrowed.append(style_name)
    for tag in ("w:basedOn", "w:next", "w:link"):
        pointer = bundled.find(qn(tag))
        target = bundled_by_id.get(pointer.get(qn("w:val"))) if pointer is not None else None
        if pointer is None:
            continue
        if target is None:
            bundled.remove(pointer)
            continue
        key = (target.get(qn("w:type")), target.find(qn("w:name")).get(qn("w:val")).lower())
        house = by_name.get(key)
        if house is None and target.get(qn("w:default")) == "1":
            # Our Normal is the house file's default style, whatever its name: never a second default.
            house = next((style for style in styles.iter(qn("w:style"))
                          if style.get(qn("w:type")) == key[0] and style.get(qn("w:default")) == "1"), None)
        elif house is None and tag == "w:basedOn":
            house = _bundled_style(styles, numbering, by_name, key[0], target.find(qn("w:name")).get(qn("w:val")), borrowed)
        if house is None:
            bundled.remove(pointer)
        else:
            pointer.set(qn("w:val"), house.get(qn("w:styleId")))
    num_id = bundled.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is not None:
        num_id.set(qn("w:val"), _bundled_list(numbering, num_id.get(qn("w:val"))))
    return bundled


def _bundled_list(numbering: Any, num_id: str) -> str:
    """The bundled numbering's ``num_id`` and its abstractNum, copied into ``numbering`` under free ids: the new numId."""
    bundled = _skeleton_tree("word/numbering.xml")
    num = next(n for n in bundled.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    ref = num.find(qn("w:abstractNumId"))
    abstract = next(a for a in bundled.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == ref.get(qn("w:val")))
    new_abstract = str(1 + max((_int(a.get(qn("w:abstractNumId"))) for a in numbering.iter(qn("w:abstractNum"))), default=-1))
    new_num = str(1 + max((_int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num"))), default=0))
    abstract.set(qn("w:abstractNumId"), new_abstract)
    # Another list with the same nsid would be taken for this one's continuation.
    for nsid in abstract.findall(qn("w:nsid")):
        abstract.remove(nsid)
    ref.set(qn("w:val"), new_abstract)
    num.set(qn("w:numId"), new_num)
    # The schema's order: every abstractNum before every num.
    nums = numbering.findall(qn("w:num"))
    abstracts = numbering.findall(qn("w:abstractNum"))
    if abstracts:
        abstracts[-1].addnext(abstract)
    elif nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    if nums:
        nums[-1].addnext(num)
    else:
        abstract.addnext(num)
    abstract.tail = num.tail = None
    return new_num


def _int(value: str | None) -> int:
    return int(value) if value is not None and value.isdigit() else -1


@functools.cache
def _skeleton() -> Mapping[str, bytes]:
    with zipfile.ZipFile(REFERENCE_DOCX) as z:
        return {entry: z.read(entry) for entry in z.namelist()}


def _skeleton_tree(part: str) -> Any:
    return etree.fromstring(_skeleton()[part])


def _package(trees: Mapping[str, Any]) -> bytes:
    """The skeleton's parts, with ``trees`` (part name → element) in place of its own."""
    skeleton = _skeleton()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for part, blob in skeleton.items():
            tree = trees.get(part)
            if tree is not None:
                # The skeleton's final line break is kept, so that its own parts keep their bytes.
                tail = b"\n" if blob.endswith(b"\n") else b""
                blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True) + tail
            z.writestr(part, blob)
    return out.getvalue()
