"""
The page sweep: marks kept beside ReportLab's operator list become marked content.

Before a page is written, :func:`sweep` turns the tag layer's marks into
``/Role <</MCID n>> BDC ... EMC``: marks left empty are dropped (but one per
empty table cell, which a reader would otherwise skip), MCIDs are
numbered in stream order, and every painting operator outside marked content
is wrapped as a layout ``/Artifact`` (rules, fills, table grids, anything
untagged). So "no content outside marked content" holds by construction; a
forgotten tag shows as text missing from the tree, never as an invalid file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ._structure import MCR

__all__ = ["CLOSE", "OPEN", "PROPS", "Mark", "sweep"]

#: Kinds of mark in a page's list: an MCID sequence opens, a non-structural BDC (artifact) opens, EMC.
OPEN, PROPS, CLOSE = 0, 1, 2

Mark = tuple[int, int, MCR | None, str]  # (position in canvas._code, kind, MCR, properties)

#: Elements kept with an empty marked-content sequence when nothing is drawn in them.
_KEPT_EMPTY: Final = frozenset({"TD", "TH"})

# Operators that put marks on the page (path painting, XObjects, shadings, inline images, text).
_PAINTS: Final = re.compile(r"(?:^|\s)(?:f\*?|F|S|s|B\*?|b\*?|Do|sh|EI|Tj|TJ|'|\")(?=\s|$)")


def sweep(code: list[str], marks: Sequence[Mark], page: int) -> list[MCR]:
    """
    Rewrite a page's operators ``code`` with its ``marks``; return the page's MCRs in MCID order.

    Marks never nest (an element's mark is closed before a child's or an
    artifact's opens), so each open/close pair is checked on its own, and
    only the operators outside every mark are scanned for painting.
    """
    paints = _Paints(code)
    pairs: list[tuple[Mark, Mark, bool]] = []
    opened: Mark | None = None
    for mark in marks:
        if mark[1] != CLOSE:
            if opened is not None:
                raise AssertionError(f"nested marks on page {page}")
            opened = mark
            continue
        if opened is None:
            raise AssertionError(f"EMC without BDC on page {page}")
        pairs.append((opened, mark, paints.any(opened[0], mark[0])))
        opened = None
    if opened is not None:
        raise AssertionError(f"unbalanced marked content on page {page}")
    # An empty table cell keeps one empty sequence: a reader (pdf.js) drops a cell with no content,
    # and the cells after it would then be read under the wrong column.
    painted = {id(o[2].elem) for o, _c, p in pairs if p and o[2] is not None}
    kept: list[Mark] = []
    for o, c, p in pairs:
        mcr = o[2]
        if p or (mcr is not None and mcr.elem.node.role in _KEPT_EMPTY and id(mcr.elem) not in painted):
            kept += (o, c)
            if mcr is not None:
                painted.add(id(mcr.elem))
    mcrs: list[MCR] = []
    out: list[str] = []
    previous = 0
    inside = False
    for pos, kind, mcr, props in kept:
        if inside:
            out.extend(code[previous:pos])
        else:
            _artifact_run(code, paints, previous, pos, out)
        previous = pos
        if kind == CLOSE:
            out.append("EMC")
            inside = False
            continue
        inside = True
        if kind == PROPS:
            out.append(props)
            continue
        assert mcr is not None
        mcr.mcid = len(mcrs)
        mcrs.append(mcr)
        extra = f" {props}" if props else ""
        out.append(f"/{mcr.elem.node.role} <</MCID {mcr.mcid}{extra}>> BDC")
    _artifact_run(code, paints, previous, len(code), out)
    code[:] = out
    return mcrs


class _Paints:
    """Whether each entry of a page's operator list paints, worked out only for the entries asked about."""

    def __init__(self, code: Sequence[str]) -> None:
        self.code = code
        self.known: list[bool | None] = [None] * len(code)

    def __getitem__(self, k: int) -> bool:
        known = self.known[k]
        if known is None:
            entry = self.code[k]
            # A text object paints when it shows text; anything else when it holds a painting operator.
            if entry.startswith("BT"):
                known = "Tj" in entry or "TJ" in entry or "'" in entry or '"' in entry
            else:
                known = _PAINTS.search(entry) is not None
            self.known[k] = known
        return known

    def any(self, start: int, end: int) -> bool:
        return any(self[k] for k in range(start, end))


def _artifact_run(code: Sequence[str], paints: _Paints, start: int, end: int, out: list[str]) -> None:
    """Operators outside every mark: the stretch from the first to the last painting one becomes an artifact.

    A q or cm before it (a flowable's own drawOn) stays outside, so q/Q and BDC/EMC nest where they can.
    """
    first = next((k for k in range(start, end) if paints[k]), None)
    if first is None:
        out.extend(code[start:end])
        return
    last = next(k for k in range(end - 1, first - 1, -1) if paints[k])
    out.extend(code[start:first])
    out.append("/Artifact <</Type /Layout>> BDC")
    out.extend(code[first : last + 1])
    out.append("EMC")
    out.extend(code[last + 1 : end])
