"""
The structure tree of a tagged PDF: what the writer says each flowable is, and how the tree is written.

ReportLab writes no tags; this module and :mod:`._marked` add them.

* A :class:`Node` describes a structure element at build time (role, parent,
  alt text, ...). :func:`tag` marks a flowable with a node without changing
  what it draws: its ``drawOn`` then runs inside the element's marked content.
  :func:`list_item` and :func:`table_cell` build the nodes of lists and tables.
* Elements are made when first drawn (:meth:`Tree.make`), so the tree is in
  drawing order and the one-pager's measuring passes (wrap only) leave no trace;
  split pieces of a flowable share its node, so a paragraph broken over two
  pages stays one element.
* :func:`write_tree` writes the tree at save time: one indirect object per
  element, the ParentTree, the catalog's ``StructTreeRoot``, ``MarkInfo``,
  ``Lang``, ``DisplayDocTitle`` and an XMP packet with ``pdfuaid:part 1``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

__all__ = ["GROUPING_ROLES", "MCR", "OBJR", "Elem", "Node", "Tree", "list_item", "table_cell", "tag", "write_tree"]

#: Roles that only group other elements: they get no marked content of their own.
GROUPING_ROLES: Final = frozenset(
    [
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "TOC", "TOCI", "Index", "NonStruct", "L",
        "LI", "Table", "THead", "TBody", "TFoot", "TR",
    ]
)
_ROLE = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def pdf_name(name: str) -> str:
    """``name`` if it can be written as a PDF name as it is (roles, attribute values are ours, never data)."""
    if not _ROLE.fullmatch(name):
        raise ValueError(f"{name!r} is not a plain PDF name")
    return name


# --------------------------------------------------------------------------- build time


@dataclass(eq=False, slots=True)
class Node:
    """
    A structure element as the writer describes it; the element itself is made when first drawn.

    ``parent`` None means: under whatever element is being drawn at the time
    (the Document, or an enclosing tagged flowable such as a callout's Div).
    """

    role: str
    parent: Node | None = None
    alt: str | None = None
    actual_text: str | None = None
    lang: str | None = None
    #: TH only: Row, Column or Both.
    scope: str | None = None
    #: L only: the list attribute ListNumbering (Disc, Decimal).
    numbering: str | None = None
    #: LBody only: the element the paragraph's bullet (its first text object) belongs to.
    label: Node | None = None
    #: Table only: its TR nodes by row, made on demand.
    rows: dict[int, Node] | None = None


F = TypeVar("F")
_TAGGED_CLASSES: dict[type, type] = {}


class _TaggedMixin:
    """Mixed into a flowable's class by :func:`tag`: ``drawOn`` inside the node's element."""

    _tag_node: Node | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # ReportLab's name
        layer = getattr(canvas, "tags", None)
        node = self._tag_node
        if layer is None or node is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]  # the flowable class mixed with
            return
        token = layer.begin_flowable(self, node, x, y)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            layer.end_flowable(token)

    def split(self, available_width: float, available_height: float) -> list[Any]:
        pieces: list[Any] = super().split(available_width, available_height)  # type: ignore[misc]
        base = type(self).__mro__[2]
        for piece in pieces:
            # Pieces of the same kind continue this element (a paragraph split over two pages);
            # other pieces (a box that gives up its box) keep their own tags.
            if isinstance(piece, base) and getattr(piece, "_tag_node", None) is None:
                tag(piece, self._tag_node or Node("Div"))
                # A paragraph's link texts, by ReportLab's link number (see _text.para), go with its pieces.
                if hasattr(self, "_tag_link_texts"):
                    piece._tag_link_texts = self._tag_link_texts  # type: ignore[attr-defined]  # set on the flowable
        return pieces


def tag(flowable: F, node: Node | str, /) -> F:
    """``flowable``, drawn from now on as the structure element ``node`` (a role name makes a new node)."""
    cls = type(flowable)
    if not issubclass(cls, _TaggedMixin):
        sub = _TAGGED_CLASSES.get(cls)
        if sub is None:
            sub = _TAGGED_CLASSES[cls] = type(f"Tagged{cls.__name__}", (_TaggedMixin, cls), {})
        flowable.__class__ = sub
    flowable._tag_node = node if isinstance(node, Node) else Node(node)  # type: ignore[attr-defined]
    return flowable


def list_item(flowable: F, list_node: Node) -> F:
    """A bulleted or numbered paragraph as LI > (Lbl, LBody) under ``list_node`` (an L)."""
    li = Node("LI", parent=list_node)
    return tag(flowable, Node("LBody", parent=li, label=Node("Lbl", parent=li)))


def table_cell(flowable: F, table: Node, row: int, *, header: bool = False, scope: str = "Column") -> F:
    """A table cell's flowable as TH (with /Scope) or TD in row ``row`` of ``table``."""
    if table.rows is None:
        table.rows = {}
    tr = table.rows.get(row)
    if tr is None:
        tr = table.rows[row] = Node("TR", parent=table)
    return tag(flowable, Node("TH" if header else "TD", parent=tr, scope=scope if header else None))


# --------------------------------------------------------------------------- the elements as drawn


@dataclass(eq=False, slots=True)
class Elem:
    """A structure element: its node, parent and kids in reading order."""

    node: Node
    parent: Elem | None
    kids: list[Elem | MCR | OBJR] = field(default_factory=list)
    #: Figure: the union of its drawn boxes, in page space.
    bbox: list[float] | None = None
    #: Link: its text, for its annotations' /Contents.
    contents: str | None = None


@dataclass(eq=False, slots=True)
class MCR:
    """A marked-content sequence of ``elem`` on ``page``; its MCID is numbered when the page is written."""

    elem: Elem
    page: int
    mcid: int = -1


@dataclass(eq=False, slots=True)
class OBJR:
    """An annotation of ``elem`` (a Link) on ``page``."""

    elem: Elem
    page: int
    annotation: Any  # PDFObjectReference


class Tree:
    """The elements made so far, the MCIDs of each written page, and the ParentTree keys."""

    def __init__(self) -> None:
        self.document = Elem(Node("Document"), None)
        self.elements: list[Elem] = [self.document]
        self._made: dict[int, Elem] = {}
        # Keeps nodes alive while the tree is built, so an id() is never reused.
        self._nodes: list[Node] = []
        #: Per written page: its MCRs in MCID order, and its ParentTree key.
        self.page_mcrs: dict[int, list[MCR]] = {}
        self.page_keys: dict[int, int] = {}
        #: (ParentTree key, Link element) per annotation.
        self.annotation_keys: list[tuple[int, Elem]] = []
        self.next_key = 0

    def make(self, node: Node, under: Elem) -> Elem:
        """The element of ``node``, made now (as the last kid of its parent, else of ``under``) if new."""
        made = self._made.get(id(node))
        if made is not None:
            return made
        parent = self.make(node.parent, under) if node.parent is not None else under
        elem = Elem(node, parent)
        parent.kids.append(elem)
        self._made[id(node)] = elem
        self._nodes.append(node)
        self.elements.append(elem)
        return elem

    def new(self, node: Node, parent: Elem) -> Elem:
        """A new element of ``node`` under ``parent``, never shared (a Link made for one annotation)."""
        elem = Elem(node, parent)
        parent.kids.append(elem)
        self.elements.append(elem)
        return elem

    def key(self) -> int:
        key = self.next_key
        self.next_key += 1
        return key


# --------------------------------------------------------------------------- writing the tree


@dataclass(frozen=True, slots=True)
class Info:
    """What the catalog and the XMP packet say about the document."""

    title: str
    lang: str
    author: str | None = None
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    date: dt.date | None = None
    creator_tool: str | None = None
    producer: str | None = None


def write_tree(canvas: Any, tree: Tree, info: Info) -> None:
    """Write the structure tree, ParentTree, catalog entries and XMP into the canvas's document (before save)."""
    doc = canvas._doc
    for elem in tree.elements:
        elem.kids = [k for k in elem.kids if not (isinstance(k, MCR) and k.mcid < 0)]
    # One indirect object per element, written as bytes when ReportLab formats it (object numbers are
    # known then): ReportLab's general PDFDictionary formatting costs several times as much per element.
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    names: dict[int, str] = {0: root_ref.name}
    reference = doc.Reference
    for e in tree.elements:
        names[id(e)] = reference(_ElemObject(e, names)).name
    root["K"] = PDFArray([PDFObjectReference(names[id(tree.document)])])
    root["ParentTree"] = doc.Reference(_RawObject(functools.partial(_parent_tree_bytes, tree, names)))
    root["ParentTreeNextKey"] = tree.next_key
    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(info.lang)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    catalog.Metadata = _xmp(info)
    doc._pdfVersion = max(doc._pdfVersion, (1, 7))


class _RawObject(PDFObject):  # type: ignore[misc]  # reportlab is untyped
    """An indirect object whose bytes are made when ReportLab formats it (object numbers are known then)."""

    def __init__(self, make: Callable[[Any], bytes]) -> None:
        self.make = make

    def format(self, document: Any) -> bytes:
        return self.make(document)


class _ElemObject(PDFObject):  # type: ignore[misc]  # reportlab is untyped
    """A structure element as an indirect object, written when ReportLab formats it."""

    __slots__ = ("elem", "names")

    def __init__(self, elem: Elem, names: dict[int, str]) -> None:
        self.elem = elem
        self.names = names

    def format(self, document: Any) -> bytes:
        return _elem_bytes(self.elem, self.names, document)


def _ref(document: Any, name: str) -> bytes:
    return b"%d 0 R" % document.idToObjectNumberAndVersion[name][0]


def _string(document: Any, text: str) -> bytes:
    return bytes(PDFString(text).format(document))


def _elem_bytes(elem: Elem, names: dict[int, str], document: Any) -> bytes:
    node = elem.node
    parent = names[0] if elem.parent is None else names[id(elem.parent)]
    out = [b"<< /Type /StructElem /S /", node.role.encode(), b" /P ", _ref(document, parent)]
    first_page = next((k.page for k in elem.kids if not isinstance(k, Elem)), None)
    if first_page is not None:
        out += [b" /Pg ", _ref(document, f"Page{first_page}")]
    if elem.kids:
        kids: list[bytes] = []
        for k in elem.kids:
            if isinstance(k, Elem):
                kids.append(_ref(document, names[id(k)]))
            elif isinstance(k, MCR):
                if k.page == first_page:
                    kids.append(b"%d" % k.mcid)
                else:
                    kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (_ref(document, f"Page{k.page}"), k.mcid))
            else:
                page, annotation = _ref(document, f"Page{k.page}"), _ref(document, k.annotation.name)
                kids.append(b"<< /Type /OBJR /Pg %s /Obj %s >>" % (page, annotation))
        out += [b" /K [", b" ".join(kids), b"]"]
    for key, value in ((b"Alt", node.alt), (b"ActualText", node.actual_text), (b"Lang", node.lang)):
        if value is not None:
            out += [b" /", key, b" ", _string(document, value)]
    if node.scope is not None:
        out.append(b" /A << /O /Table /Scope /%s >>" % pdf_name(node.scope).encode())
    if node.numbering is not None:
        out.append(b" /A << /O /List /ListNumbering /%s >>" % pdf_name(node.numbering).encode())
    if node.role == "Figure" and elem.bbox is not None:
        box = b" ".join(b"%.3f" % v for v in elem.bbox)
        out.append(b" /A << /O /Layout /BBox [%s] /Placement /Block >>" % box)
    out.append(b" >>")
    return b"".join(out)


def _parent_tree_bytes(tree: Tree, names: dict[int, str], document: Any) -> bytes:
    """The ParentTree: page key → the element of each MCID; annotation key → its Link element."""
    entries: list[tuple[int, bytes]] = [
        (key, b"[" + b" ".join(_ref(document, names[id(m.elem)]) for m in tree.page_mcrs[page]) + b"]")
        for page, key in tree.page_keys.items()
    ]
    entries += [(key, _ref(document, names[id(link)])) for key, link in tree.annotation_keys]
    nums = b" ".join(b"%d %s" % (key, value) for key, value in sorted(entries))
    return b"<< /Nums [" + nums + b"] >>"


def _xmp(info: Info) -> PDFStream:
    """The XMP packet PDF/UA asks for (dc:title, dc:language, pdfuaid:part 1), uncompressed as XML should be."""
    e = escape
    lines = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about=""',
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>',
        f"<dc:language><rdf:Bag><rdf:li>{e(info.lang)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if info.author:
        lines.append(f"<dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        lines.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>')
    if info.keywords:
        lines.append(f"<pdf:Keywords>{e(', '.join(info.keywords))}</pdf:Keywords>")
    if info.producer:
        lines.append(f"<pdf:Producer>{e(info.producer)}</pdf:Producer>")
    if info.creator_tool:
        lines.append(f"<xmp:CreatorTool>{e(info.creator_tool)}</xmp:CreatorTool>")
    if info.date:
        stamp = f"{info.date.isoformat()}T00:00:00+00:00"  # as the Info dictionary's D:...000000+00'00'
        lines.append(f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>")
    lines += ["<pdfuaid:part>1</pdfuaid:part>", "</rdf:Description>", "</rdf:RDF>", "</x:xmpmeta>",
              '<?xpacket end="w"?>']  # fmt: skip
    return PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                     "\n".join(lines).encode("utf-8"), filters=[])  # fmt: skip

