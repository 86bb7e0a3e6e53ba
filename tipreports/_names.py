"""
Output file names: safe, unique, and inside the output folder.

Shared by the batch renderer, the command line and the dataset readers, which
key their briefings by the names their files will get.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import OutputError
from .model import Briefing
from .wording import phrasebook

__all__ = ["MAX_SLUG", "inside", "output_name", "slug", "unique_name"]

#: Longest slug in a file name (the product and suffix come on top).
MAX_SLUG = 60

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_length: int = MAX_SLUG) -> str:
    """
    ``text`` as a safe file-name part: ASCII ``[a-z0-9-]``, at most ``max_length`` characters.

    ``"Côte d'Ivoire: 2015"`` → ``"cote-d-ivoire-2015"``; text with no Latin
    letters or digits gives ``"briefing"``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cut = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")
    return cut or "briefing"


def output_name(briefing: Briefing) -> str:
    """The base of the file names for ``briefing``: country and report year, else title and year."""
    if (assessment := briefing.assessment) is not None:
        # The English name without its article (philippines-2025), whatever the document's language.
        base = slug(phrasebook("en").country(assessment.country), MAX_SLUG - 5).removeprefix("the-")
        year = assessment.report_year
    else:
        base = slug(briefing.title, MAX_SLUG - 5)
        year = briefing.date.year
    return base if base.endswith(str(year)) else f"{base}-{year}"


def unique_name(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first not in ``used`` (which it joins)."""
    name, number = base, 1
    while name in used:
        number += 1
        name = f"{base}-{number}"
    used.add(name)
    return name


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing anything that would land outside ``folder``."""
    # Resolve the folder, never the file: a symbolic link in the file's place must not
    # redirect the write (write_atomic refuses to write through it).
    base = folder.resolve()
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise OutputError(f"refusing to write {name!r}: not a plain file name")
    return base / name
