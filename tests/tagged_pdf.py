"""
Machine checks of a tagged PDF (PDF/UA-1) with pikepdf, and the structure tree as a screen reader meets it.

Used by ``test_pdf_accessibility.py`` (which lists the Matterhorn Protocol
failure conditions these checks cover) and the canary tests. Also runs on files:

    python tests/tagged_pdf.py FILE.pdf...
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pypdf

STANDARD = frozenset(
    [
        "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
        "NonStruct", "Private", "H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl", "LBody",
        "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference",
        "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure",
        "Formula", "Form",
    ]
)
TEXT_OPS = frozenset(["Tj", "TJ", "'", '"'])
PAINT_OPS = frozenset(["f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "EI", "BI"])
STANDARD_14 = re.compile(rb"/(Helvetica|Times|Courier|Symbol|ZapfDingbats)\b")
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
TOOLS = Path(__file__).resolve().parent / "tools"


@dataclass
class Elem:
    """A structure element as read back: role, kids, its MCIDs as (page index, MCID), annotations, attributes."""

    role: str
    obj: Any
    kids: list[Elem] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)
    objrs: list[Any] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    #: Kids and MCIDs in the order they are read.
    content: list[Elem | tuple[int, int]] = field(default_factory=list)


def _name(obj: Any) -> str:
    return str(obj)[1:] if isinstance(obj, pikepdf.Name) else str(obj)


def _kids(k: Any) -> list[Any]:
    return list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []


def read_tree(pdf: pikepdf.Pdf) -> Elem | None:
    """The structure tree under a root element named StructTreeRoot, or None when the file is untagged."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return None
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    role_map = root.get("/RoleMap", {})

    def page_of(d: Any, inherited: int | None) -> int | None:
        pg = d.get("/Pg") if isinstance(d, pikepdf.Dictionary) else None
        return pages.get(pg.objgen) if pg is not None else inherited

    def walk(d: Any, page: int | None) -> Elem:
        role = _name(d.get("/S", "/?"))
        if role not in STANDARD:
            role = _name(role_map.get("/" + role, "/" + role))
        e = Elem(role, d)
        for key in ("/Alt", "/ActualText", "/Lang", "/T", "/E"):
            if key in d:
                e.attrs[key[1:]] = str(d[key])
        a = d.get("/A")
        for attr in _kids(a):
            for key in ("/Scope", "/O", "/ListNumbering"):
                if key in attr:
                    e.attrs[key[1:]] = str(attr[key])
            if "/BBox" in attr:
                e.attrs["BBox"] = " ".join(f"{float(v):g}" for v in attr.BBox)
        page = page_of(d, page)
        for kid in _kids(d.get("/K")):
            if isinstance(kid, int):
                assert page is not None, f"{role}: MCID without /Pg"
                e.mcids.append((page, int(kid)))
                e.content.append(e.mcids[-1])
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    kid_page = page_of(kid, page)
                    assert kid_page is not None, f"{role}: MCR without /Pg"
                    e.mcids.append((kid_page, int(kid.MCID)))
                    e.content.append(e.mcids[-1])
                elif kind == "/OBJR":
                    e.objrs.append(kid.Obj)
                else:
                    e.kids.append(walk(kid, page))
                    e.content.append(e.kids[-1])
        return e

    top = Elem("StructTreeRoot", root)
    for kid in _kids(root.get("/K")):
        top.kids.append(walk(kid, None))
    return top


def iter_elems(e: Elem) -> Iterator[Elem]:
    yield e
    for k in e.kids:
        yield from iter_elems(k)


@dataclass
class PageContent:
    """What a page's content stream holds: its MCIDs (with their tags) and the problems met walking it."""

    mcids: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: The /ActualText of each marked-content sequence that has one (MCID or not), decoded.
    actual_texts: list[str] = field(default_factory=list)


def walk_content(page: pikepdf.Page, index: int) -> PageContent:
    """Track BDC/BMC/EMC nesting: every text or painting operator must sit in an MCID sequence or an artifact."""
    out = PageContent()
    stack: list[tuple[str, int | None]] = []  # (tag, MCID)
    where = f"page {index + 1}"
    for ins in pikepdf.parse_content_stream(page):
        op = str(ins.operator)
        if op in ("BDC", "BMC"):
            tag = _name(ins.operands[0])
            props = ins.operands[1] if op == "BDC" else None
            mcid = None
            if isinstance(props, pikepdf.Dictionary):
                if "/MCID" in props:
                    mcid = int(props.MCID)
                if "/ActualText" in props:
                    out.actual_texts.append(str(props.ActualText))
            if mcid is not None:
                if any(m is not None for _t, m in stack):
                    out.problems.append(f"{where}: MCID {mcid} nested in another MCID sequence (01-001)")
                if any(t == "Artifact" for t, _m in stack):
                    out.problems.append(f"{where}: MCID {mcid} inside an artifact (01-004)")
                if mcid in out.mcids:
                    out.problems.append(f"{where}: MCID {mcid} used twice")
                out.mcids[mcid] = tag
            if tag == "Artifact" and any(m is not None for _t, m in stack):
                out.problems.append(f"{where}: artifact inside tagged content (01-003)")
            stack.append((tag, mcid))
        elif op == "EMC":
            if not stack:
                out.problems.append(f"{where}: EMC without BDC/BMC")
            else:
                stack.pop()
        elif (op in TEXT_OPS or op in PAINT_OPS) and not any(t == "Artifact" or m is not None for t, m in stack):
            kind = "text-showing" if op in TEXT_OPS else "painting"
            out.problems.append(f"{where}: {kind} operator {op} outside marked content (01-005)")
    if stack:
        out.problems.append(f"{where}: {len(stack)} marked-content sequence(s) left open")
    return out


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, Any]:
    out: dict[int, Any] = {}

    def walk(node: Any) -> None:
        if "/Nums" in node:
            nums = list(node.Nums)
            for i in range(0, len(nums), 2):
                out[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(pdf.Root.StructTreeRoot.ParentTree)
    return out


def problems(data: bytes) -> list[str]:
    """Everything found wrong with a tagged PDF (an empty list when it passes)."""
    found: list[str] = []
    if not data.startswith(b"%PDF-1.7"):
        found.append(f"header is {data[:8]!r}, not %PDF-1.7")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            found.append("catalog: /MarkInfo /Marked is not true")
        elif bool(mark.get("/Suspects", False)):
            found.append("catalog: /MarkInfo /Suspects is true")
        lang = str(root.get("/Lang", ""))
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang):
            found.append(f"catalog: /Lang missing or malformed ({lang!r}) (11-001)")
        preferences = root.get("/ViewerPreferences")
        if preferences is None or not bool(preferences.get("/DisplayDocTitle", False)):
            found.append("catalog: /ViewerPreferences /DisplayDocTitle is not true (07-001)")
        found += _check_xmp(pdf)
        tree = read_tree(pdf)
        if tree is None:
            return [*found, "no /StructTreeRoot: the PDF is not tagged"]
        elems = list(iter_elems(tree))[1:]
        if [k.role for k in tree.kids] != ["Document"]:
            found.append(f"the tree's root holds {[k.role for k in tree.kids]}, not one Document")
        found += _check_roles(tree)
        ptree = parent_tree(pdf)
        tree_mcids: dict[tuple[int, int], Elem] = {}
        for e in elems:
            for key in e.mcids:
                if key in tree_mcids:
                    found.append(f"page {key[0] + 1}: MCID {key[1]} claimed by two elements")
                tree_mcids[key] = e
        for i, page in enumerate(pdf.pages):
            content = walk_content(page, i)
            found += content.problems
            key = page.obj.get("/StructParents")
            if content.mcids and key is None:
                found.append(f"page {i + 1}: has MCIDs but no /StructParents")
            if page.obj.get("/Tabs") != "/S":
                found.append(f"page {i + 1}: /Tabs is not /S (28-011)")
            for m, tag in sorted(content.mcids.items()):
                e = tree_mcids.get((i, m))
                if e is None:
                    found.append(f"page {i + 1}: MCID {m} is not in the structure tree")
                    continue
                if tag != e.role:
                    found.append(f"page {i + 1}: MCID {m} is marked /{tag} but belongs to a {e.role}")
                entry = ptree.get(int(key)) if key is not None else None
                if entry is None or m >= len(entry) or entry[m].objgen != e.obj.objgen:
                    found.append(f"page {i + 1}: the ParentTree does not map MCID {m} to its {e.role}")
            for (p, m), e in tree_mcids.items():
                if p == i and m not in content.mcids:
                    found.append(f"page {i + 1}: {e.role} points at MCID {m}, which the page does not have")
            for annotation in page.obj.get("/Annots", []):
                found += _check_annotation(annotation, i, ptree, elems)
        found += _check_fonts(pdf)
    if STANDARD_14.search(data):
        found.append("a standard 14 font is referenced (not embedded) (31-001)")
    return found


def xmp(pdf: pikepdf.Pdf) -> ET.Element:
    return ET.fromstring(pdf.Root.Metadata.read_bytes())


def xmp_values(root: ET.Element, tag: str) -> list[str]:
    """The texts of ``tag`` (``dc:title``...) in an XMP packet, as given or through its rdf:li."""
    ns = {"dc": DC, "pdfuaid": PDFUAID, "pdf": "{http://ns.adobe.com/pdf/1.3/}", "xmp": "{http://ns.adobe.com/xap/1.0/}"}
    prefix, local = tag.split(":")
    out: list[str] = []
    for element in root.iter(f"{ns[prefix]}{local}"):
        items = [li.text or "" for li in element.iter(f"{RDF}li")]
        out += items if items else [element.text or ""]
    return out


def _check_xmp(pdf: pikepdf.Pdf) -> list[str]:
    if pdf.Root.get("/Metadata") is None:
        return ["no XMP metadata stream (06-001)"]
    try:
        root = xmp(pdf)
    except ET.ParseError as exc:
        return [f"XMP is not well-formed XML: {exc}"]
    out = []
    if xmp_values(root, "pdfuaid:part") != ["1"]:
        out.append(f"XMP: pdfuaid:part is {xmp_values(root, 'pdfuaid:part')!r}, not ['1'] (06-002)")
    titles = xmp_values(root, "dc:title")
    if not titles or not titles[0]:
        out.append("XMP: no dc:title (06-003)")
    elif pdf.docinfo.get("/Title") is not None and titles[0] != str(pdf.docinfo.Title):
        out.append("XMP: dc:title differs from the Info dictionary's /Title")
    if xmp_values(root, "dc:language") != [str(pdf.Root.get("/Lang", ""))]:
        out.append("XMP: dc:language differs from the catalog's /Lang")
    return out


_ALLOWED_KIDS = {
    "L": {"LI", "Caption", "L"},
    "LI": {"Lbl", "LBody"},
    "TR": {"TH", "TD"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
}


def _check_roles(tree: Elem) -> list[str]:
    out: list[str] = []
    headings: list[int] = []
    for e in iter_elems(tree):
        if e is tree:
            continue
        if e.role not in STANDARD:
            out.append(f"{e.role}: not a standard structure type and not role-mapped (02-001)")
        for k in e.kids:
            if e.role in _ALLOWED_KIDS and k.role not in _ALLOWED_KIDS[e.role]:
                out.append(f"{e.role} contains {k.role} (09-004..09-008)")
        if e.role in ("LI", "TR", "L", "Table") and e.mcids:
            out.append(f"{e.role} holds content of its own (09-00x)")
        if e.role == "Figure":
            if not (e.attrs.get("Alt") or e.attrs.get("ActualText")):
                out.append("Figure without /Alt (13-004)")
            if "BBox" not in e.attrs:
                out.append("Figure without a /BBox attribute")
        if e.role == "TH" and "Scope" not in e.attrs:
            out.append("TH without /Scope (15-003)")
        if e.role == "Table" and not any(c.role == "TH" for c in iter_elems(e)):
            out.append("Table without a TH")
        if e.role == "Span" and "ActualText" in e.attrs and not e.attrs["ActualText"]:
            out.append("Span with an empty /ActualText")
        if re.fullmatch(r"H[1-6]", e.role):
            headings.append(int(e.role[1]))
    if headings and headings[0] != 1:
        out.append(f"first heading is H{headings[0]}, not H1 (14-002)")
    for a, b in itertools.pairwise(headings):
        if b > a + 1:
            out.append(f"heading level skipped: H{a} then H{b} (14-003)")
    return out


def _check_annotation(annotation: Any, page: int, ptree: dict[int, Any], elems: list[Elem]) -> list[str]:
    kind = annotation.get("/Subtype")
    if kind in ("/Popup", "/PrinterMark") or kind is None:
        return []
    out = []
    if "/Contents" not in annotation or not str(annotation.Contents).strip():
        out.append(f"page {page + 1}: {kind} annotation without /Contents (28-009)")
    key = annotation.get("/StructParent")
    if key is None:
        return [*out, f"page {page + 1}: {kind} annotation without /StructParent (28-002)"]
    owner = ptree.get(int(key))
    elem = next((e for e in elems if owner is not None and e.obj.objgen == owner.objgen), None)
    if elem is None or not any(o.objgen == annotation.objgen for o in elem.objrs):
        out.append(f"page {page + 1}: {kind} annotation not reached from the tree through an OBJR (28-008)")
    elif kind == "/Link" and elem.role not in ("Link", "Reference"):
        out.append(f"page {page + 1}: Link annotation in a {elem.role}, not a Link element (28-010)")
    return out


def _check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    out = []
    checked: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            if font.objgen in checked:
                continue
            checked.add(font.objgen)
            name = str(font.get("/BaseFont", "?"))
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                out.append(f"font {name} is not embedded (31-001..31-003)")
            if "/ToUnicode" not in font:
                out.append(f"font {name} has no /ToUnicode (31-027)")
    return out


# --------------------------------------------------------------------------- reading it back


def texts_by_mcid(data: bytes) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, (page index, MCID) → text, as pypdf decodes it (ToUnicode)."""
    out: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        stack: list[int | None] = []

        def before(op: bytes, args: list[Any], _cm: Any, _tm: Any, stack: list[int | None] = stack) -> None:
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stack.append(int(props["/MCID"]) if isinstance(props, dict) and "/MCID" in props else None)
            elif op == b"BMC":
                stack.append(None)
            elif op == b"EMC" and stack:
                stack.pop()

        def text(t: str, *_rest: Any, stack: list[int | None] = stack, index: int = index) -> None:
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None and t:
                out[(index, mcid)] = out.get((index, mcid), "") + t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


INLINE = frozenset(["Span", "Link", "Quote", "Code", "Reference", "Note", "BibEntry"])


def spoken(e: Elem, texts: dict[tuple[int, int], str]) -> str:
    """What a screen reader says for ``e``: its Alt, else its ActualText, else its text and its inline kids', in order."""
    if "Alt" in e.attrs:
        return e.attrs["Alt"]
    if "ActualText" in e.attrs:
        return e.attrs["ActualText"]
    parts = [texts.get(item, "") if isinstance(item, tuple) else spoken(item, texts) for item in e.content]
    return " ".join("".join(parts).split())


def _one_line(e: Elem) -> bool:
    """Whether ``e`` is read as one piece of text (a paragraph with its spans and links), not a group."""
    return "Alt" in e.attrs or "ActualText" in e.attrs or bool(e.mcids) or (bool(e.kids) and all(k.role in INLINE for k in e.kids))


def read_aloud(data: bytes) -> list[tuple[int, Elem, str]]:
    """(depth, element, what is read) in reading order; an element read as one piece of text hides its kids."""
    texts = texts_by_mcid(data)
    out: list[tuple[int, Elem, str]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = read_tree(pdf)
        assert tree is not None, "untagged"

        def walk(e: Elem, depth: int) -> None:
            if _one_line(e):
                out.append((depth, e, spoken(e, texts)))
                return
            out.append((depth, e, ""))
            for k in e.kids:
                walk(k, depth + 1)

        for k in tree.kids:
            walk(k, 0)
    return out


def outline(data: bytes) -> str:
    """The structure tree as a screen reader user meets it: one element a line, with what is read for it."""
    try:
        read = read_aloud(data)
    except AssertionError:
        return "(untagged)"
    lines: list[str] = []
    for depth, e, text in read:
        extra = " ".join(f"{k}={v}" for k, v in e.attrs.items() if k in ("Lang", "Scope", "ListNumbering"))
        line = f"{'  ' * depth}{e.role}{' (' + extra + ')' if extra else ''}"
        links = sum(1 for k in iter_elems(e) if k.role == "Link")
        if links and _one_line(e):
            line += f" [{links} link(s)]"
        lines.append(f"{line}: {text!r}" if _one_line(e) else line)
    return "\n".join(lines)


def tagged_strings(data: bytes) -> list[str]:
    """
    Every text the tagged layer adds, decoded: what each element is read as, its /Alt, /ActualText,
    /Lang, /T and /E, the /ActualText in the content streams (UTF-16 hex there), annotations'
    /Contents, and the XMP packet (UTF-8) with its values.
    """
    out = [text for _depth, _e, text in read_aloud(data)]
    out += [v for e in elements(data) for k, v in e.attrs.items() if k in ("Alt", "ActualText", "Lang", "T", "E")]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for i, page in enumerate(pdf.pages):
            out += walk_content(page, i).actual_texts
            out += [str(a.get("/Contents", "")) for a in page.obj.get("/Annots", [])]
        if pdf.Root.get("/Metadata") is not None:
            out.append(pdf.Root.Metadata.read_bytes().decode("utf-8"))
            packet = xmp(pdf)
            out += [element.text or "" for element in packet.iter()]
    return out


def elements(data: bytes) -> list[Elem]:
    """Every structure element, in reading order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = read_tree(pdf)
        assert tree is not None, "untagged"
        return list(iter_elems(tree))[1:]


# --------------------------------------------------------------------------- pdf.js


def pdfjs_available() -> str | None:
    """Why pdf.js cannot run here, or None when it can (node on PATH, pdfjs-dist installed in tests/tools)."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not (TOOLS / "node_modules" / "pdfjs-dist" / "package.json").exists():
        return "pdfjs-dist is not installed in tests/tools (run `make pdfjs` or `npm ci --prefix tests/tools`)"
    return None


def pdfjs(path: Path) -> dict[str, Any]:
    """What pdf.js (Firefox's PDF reader) hands to assistive technology: per page, its structure tree and text."""
    run = subprocess.run(
        ["node", str(TOOLS / "pdf-structtree.mjs"), str(path)], capture_output=True, text=True, check=True, timeout=120
    )
    # pdf.js prints warnings on stdout (no canvas package: rendering is not needed here); the JSON is the last line.
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    status = 0
    for arg in sys.argv[1:]:
        blob = Path(arg).read_bytes()
        found = problems(blob)
        print(f"== {arg}: {len(found)} problem(s)")
        for problem in found:
            print("  " + problem)
        print(outline(blob))
        status |= bool(found)
    sys.exit(status)
