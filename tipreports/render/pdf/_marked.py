"""
Marked content: the tag layer that follows a canvas's drawing and builds the structure tree.

:class:`TagLayer` follows the drawing. A tagged flowable's ``drawOn`` (see
:func:`._structure.tag`) opens its element; only the innermost element has an
open mark, so entering a child or an artifact closes the parent's mark and
reopens it after (MCID sequences never nest, as ISO 32000 asks). Marks are
kept beside ReportLab's operator list, never written into it while drawing;
before each page is written they become marked content (:mod:`._sweep`).

Links in a ReportLab ``Paragraph``: the text object calls the ``_linkRecord``
hook (defined, and never set, by open-source ReportLab) at a link's start and
end; the layer then marks the link text as a ``Link`` element inside the text
object and ties the ``/Link`` annotation to it (OBJR, ``/StructParent``,
``/Contents``). A paragraph that draws its own links uses :meth:`TagLayer.link`.

The private names of ReportLab used: ``canvas._code``, ``canvas._codeStack``,
``canvas._doc``, ``canvas._pageNumber``, ``canvas._currentMatrix``,
``textobject._code`` and the ``_linkRecord`` hook.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObjectReference, PDFString

from ._structure import GROUPING_ROLES, MCR, OBJR, Elem, Node, Tree, pdf_name
from ._sweep import CLOSE, OPEN, PROPS, Mark, sweep

__all__ = ["LinkSentinel", "TagLayer"]

_STRUCT_PARENTS: Final = "StructParents"


class LinkSentinel(str):
    """Left in a text object's operators by the ``_linkRecord`` hook (an empty string if never resolved)."""

    __slots__ = ("event", "key")
    event: str
    key: Any

    @staticmethod
    def make(event: str, key: Any) -> LinkSentinel:
        s = LinkSentinel("")
        s.event, s.key = event, key
        return s


def _utf16(text: str) -> str:
    """A PDF hex string in UTF-16BE with BOM, for content streams."""
    return "<" + (codecs.BOM_UTF16_BE + text.encode("utf-16-be")).hex().upper() + ">"


class TagLayer:
    """The structure being built on one canvas: open elements, marks per page, annotations to claim."""

    def __init__(self, canvas: Any, *, lang: str) -> None:
        self.canvas = canvas
        self.lang = lang
        self.tree = Tree()
        self._drawn: set[int] = set()
        self._keep: list[object] = []  # flowables drawn, kept alive so an id() in _drawn is never reused
        # (element, whether it has an open mark) from the Document down to what is being drawn.
        self._stack: list[tuple[Elem, bool]] = [(self.tree.document, False)]
        #: The label (Lbl) a list item's next text object (its bullet) goes to.
        self.pending_label: Node | None = None
        # Annotations made while a paragraph is drawn, before its text object is: (reference, URL, page).
        self._pending_links: list[tuple[Any, str | None, int]] = []
        self._flowable: object = None
        self._page_marks: dict[int, list[Mark]] = {}
        self._marks_page = 0
        self._marks_list: list[Mark] = []
        self._artifacts = 0
        self._spaces: dict[str, tuple[int, str] | None] = {}

    def space_code(self, font_name: str) -> tuple[int, str] | None:
        """A TrueType font's space as (subset, ``(...) Tj``) in this document, worked out once per font."""
        if font_name not in self._spaces:
            font = pdfmetrics.getFont(font_name)
            found = None
            if getattr(font, "_dynamicFont", False) and not getattr(font, "_multiByte", False):
                ((subset, code),) = font.splitString(" ", self.canvas._doc)
                found = (subset, f"({self.canvas._escape(code)}) Tj")
            self._spaces[font_name] = found
        return self._spaces[font_name]

    # ---- marks

    def _marks(self) -> list[Mark]:
        """This page's marks, kept per page: a canvas may hold pages back and draw on the next one."""
        canvas = self.canvas
        if canvas._codeStack:
            raise RuntimeError("tagging inside a form XObject is not supported")
        if canvas._pageNumber != self._marks_page:
            page = self._marks_page = canvas._pageNumber
            marks = self._page_marks.get(page)
            if marks is None:
                marks = self._page_marks[page] = []
            self._marks_list = marks
        return self._marks_list

    def _open(self, elem: Elem, props: str = "") -> None:
        mcr = MCR(elem, self.canvas._pageNumber)
        elem.kids.append(mcr)
        self._marks().append((len(self.canvas._code), OPEN, mcr, props))

    def _close(self) -> None:
        self._marks().append((len(self.canvas._code), CLOSE, None, ""))

    def _push(self, elem: Elem, props: str = "") -> None:
        if self._stack[-1][1]:
            self._close()
        content = elem.node.role not in GROUPING_ROLES
        if content:
            self._open(elem, props)
        self._stack.append((elem, content))

    def _pop(self) -> None:
        _elem, marked = self._stack.pop()
        if marked:
            self._close()
        parent, parent_marked = self._stack[-1]
        if parent_marked:
            self._open(parent)

    def make(self, node: Node) -> Elem:
        """The element of ``node``, made now if it is new (under the element being drawn, unless it has a parent)."""
        return self.tree.make(node, self._stack[-1][0])

    @contextmanager
    def element(self, node: Node, props: str = "") -> Iterator[Elem]:
        """Draw inside the element of ``node`` (made on first use); inside an artifact, nothing is tagged."""
        if self._artifacts:
            yield self._stack[-1][0]
            return
        elem = self.make(node)
        self._push(elem, props)
        try:
            yield elem
        finally:
            self._pop()

    def begin_flowable(self, flowable: object, node: Node, x: float, y: float) -> tuple[int, Any, Any]:
        """
        A tagged flowable's ``drawOn`` starts: inside its element, or an artifact when drawn again.

        A flowable drawn twice is a table's header row repeated on the next
        page: pagination, not content. Plain begin/end calls rather than a
        context manager: this runs for every flowable.
        """
        if self._artifacts:
            return (0, None, None)
        if id(flowable) in self._drawn:
            return (1, self.begin_artifact("Pagination"), None)
        self._drawn.add(id(flowable))
        self._keep.append(flowable)
        saved = (self.pending_label, self._flowable)
        if node.label is not None and getattr(flowable, "bulletText", None):
            # The bullet is drawn first: its label comes before the body in the LI.
            self.make(node.label)
            self.pending_label = node.label
        self._flowable = flowable
        elem = self.make(node)
        self._push(elem)
        if node.role == "Figure":
            self._grow_bbox(elem, x, y, float(getattr(flowable, "width", 0)), float(getattr(flowable, "height", 0)))
        return (2, saved, elem)

    def end_flowable(self, token: tuple[int, Any, Any]) -> None:
        kind, saved, elem = token
        if kind == 1:
            self.end_artifact(saved)
        elif kind == 2:
            self._flush_links(elem)
            self._pop()
            self.pending_label, self._flowable = saved

    def begin_artifact(self, kind: str = "Layout", subtype: str | None = None) -> Any:
        """Start drawing an artifact; pass what this returns to :meth:`end_artifact`."""
        if self._artifacts:
            self._artifacts += 1
            return None
        top, marked = self._stack[-1]
        if marked:
            self._close()
        props = f"/Type /{pdf_name(kind)}" + (f" /Subtype /{pdf_name(subtype)}" if subtype else "")
        self._marks().append((len(self.canvas._code), PROPS, None, f"/Artifact <<{props}>> BDC"))
        # Inside an artifact nothing is tagged: a stack entry without a mark.
        self._stack.append((top, False))
        self._artifacts += 1
        return (top, marked)

    def end_artifact(self, token: Any) -> None:
        self._artifacts -= 1
        if token is None:
            return
        top, marked = token
        self._stack.pop()
        self._close()
        if marked:
            self._open(top)

    @contextmanager
    def artifact(self, kind: str = "Layout", subtype: str | None = None) -> Iterator[None]:
        """Draw as an artifact (``/Artifact <</Type /Pagination|/Layout ...>> BDC``): never read aloud."""
        token = self.begin_artifact(kind, subtype)
        try:
            yield
        finally:
            self.end_artifact(token)

    @contextmanager
    def span(self, actual_text: str, lang: str | None = None) -> Iterator[None]:
        """
        A run whose glyphs do not map back to its text (shaped Thai): a Span with ``/ActualText``.

        The text goes both on the structure element (read by tree-based tools)
        and in the marked-content properties (read by text extractors).
        """
        node = Node("Span", actual_text=actual_text, lang=lang)
        props = f"/ActualText {_utf16(actual_text)}" + (f" /Lang {_utf16(lang)}" if lang else "")
        with self.element(node, props):
            yield

    @contextmanager
    def language(self, lang: str) -> Iterator[None]:
        """A run in another language than the document's: a Span with ``/Lang``."""
        with self.element(Node("Span", lang=lang), f"/Lang {_utf16(lang)}"):
            yield

    def _grow_bbox(self, elem: Elem, x: float, y: float, w: float, h: float) -> None:
        a, b, c, d, e, f = self.canvas._currentMatrix
        xs, ys = [], []
        for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
            xs.append(a * px + c * py + e)
            ys.append(b * px + d * py + f)
        box = [min(xs), min(ys), max(xs), max(ys)]
        if elem.bbox is not None:
            old = elem.bbox
            box = [min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3])]
        elem.bbox = box

    # ---- text objects and links

    def link_event(self, tx: Any, key: Any, event: str) -> None:
        """ReportLab's ``_linkRecord`` hook: 'start' comes after the link's first text, 'end' before the next."""
        tx._tag_links = True
        if event == "start":
            tx._code.insert(len(tx._code) - 1, LinkSentinel.make("start", key))
        else:
            tx._code.append(LinkSentinel.make("end", key))

    def draw_text(self, tx: Any) -> None:
        """``canvas.drawText`` of a bullet (its label) or of a text object with links (Link elements inside BT ... ET)."""
        if self.pending_label is not None:
            label, self.pending_label = self.pending_label, None
            if self._artifacts:
                self.draw_text(tx)
                return
            self._push(self.make(label))
            try:
                self.draw_text(tx)
            finally:
                self._pop()
            return
        elem, marked = self._stack[-1]
        if not marked or not getattr(tx, "_tag_links", False):
            self.canvas._code.append(tx.getCode())
            return
        tx.getCode()  # closes the text object (ET)
        # Marks may not cross BT/ET: close the element's mark outside and mark inside the text object.
        self._close()
        out = self.canvas._code
        links: dict[Any, Elem] = {}
        link_texts = _paragraph_link_texts(self._flowable)
        for part in tx._code:
            if isinstance(part, LinkSentinel):
                self._close()
                if part.event == "start":
                    link = links.get(part.key)
                    if link is None:
                        link = links[part.key] = self.tree.new(Node("Link"), elem)
                        number = part.key[0] if isinstance(part.key, tuple) and part.key else None
                        link.contents = link_texts.get(number)
                    self._open(link)
                else:
                    self._open(elem)
            elif part == "BT":
                out.append("BT")
                self._open(elem)
            elif part == "ET":
                self._close()
                out.append("ET")
            else:
                out.append(part)
        for key, link in links.items():
            self._claim_annotations(link, key)
        self._open(elem)

    def _claim_annotations(self, link: Elem, key: Any) -> None:
        url = key[1] if isinstance(key, tuple) and len(key) == 2 else None
        keep = []
        for ann, ann_url, page in self._pending_links:
            if url is not None and ann_url == url:
                self._attach(link, ann, page)
            else:
                keep.append((ann, ann_url, page))
        self._pending_links = keep

    def _flush_links(self, elem: Elem) -> None:
        """Annotations whose text could not be marked still get a Link element (OBJR only)."""
        for ann, _url, page in self._pending_links:
            self._attach(self.tree.new(Node("Link"), elem), ann, page)
        self._pending_links = []

    @contextmanager
    def link(self, contents: str) -> Iterator[None]:
        """Draw link text and make its annotation (``canvas.linkURL``) inside: one Link element."""
        with self.element(Node("Link")) as link:
            link.contents = contents
            yield

    def annotation_added(self, name: str) -> None:
        """``canvas._addAnnotation``: tie the annotation to a Link element and the ParentTree."""
        doc = self.canvas._doc
        internal = doc.annotationName(name)
        ref = PDFObjectReference(internal)
        elem = self._stack[-1][0]
        page = self.canvas._pageNumber
        if elem.node.role == "Link":
            self._attach(elem, ref, page)
        elif len(self._stack) > 1:
            self._pending_links.append((ref, _annotation_url(doc.idToObject[internal]), page))
        else:
            self._attach(self.tree.new(Node("Link"), self.tree.document), ref, page)

    def _attach(self, link: Elem, ref: Any, page: int) -> None:
        key = self.tree.key()
        link.kids.append(OBJR(link, page, ref))
        self.tree.annotation_keys.append((key, link))
        ann = self.canvas._doc.idToObject[ref.name]
        contents = link.contents or _annotation_url(ann) or "link"
        if isinstance(ann, PDFDictionary):
            ann["StructParent"] = key
            ann["Contents"] = PDFString(contents)
        else:  # a ReportLab Annotation object (linkRect)
            ann.permitted = (*type(ann).permitted, "StructParent")
            ann.otherkw["StructParent"] = key
            ann.Contents = contents

    # ---- pages

    def end_page(self) -> None:
        """Before a page is written: its marks become marked content and artifacts (see :func:`._sweep.sweep`)."""
        page = self.canvas._pageNumber
        marks = self._page_marks.pop(page, [])
        self._marks_page = 0
        self.tree.page_mcrs[page] = sweep(self.canvas._code, marks, page)
        self.tree.page_keys[page] = self.tree.key()

    @staticmethod
    def page_written(page_obj: Any, key: int) -> None:
        """After ReportLab made the page dictionary: /StructParents and /Tabs /S."""
        # PDFPage writes only the keys it lists.
        page_obj.__NoDefault__ = [*page_obj.__NoDefault__, _STRUCT_PARENTS, "Tabs"]
        page_obj.StructParents = key
        page_obj.Tabs = PDFName("S")


def _annotation_url(ann: Any) -> str | None:
    action = ann.dict.get("A") if isinstance(ann, PDFDictionary) else None
    uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
    return str(uri.s) if isinstance(uri, PDFString) else None


def _paragraph_link_texts(flowable: object) -> dict[Any, str]:
    """A paragraph's link text per link key ``(n, url)``: ReportLab numbers a paragraph's links in order."""
    texts: tuple[str, ...] = getattr(flowable, "_tag_link_texts", ())
    return {n: text for n, text in enumerate(texts)}
