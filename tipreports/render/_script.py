"""
Scripts in text, without any typesetting library: which characters are Thai, and where a line may break.

Every writer asks :func:`has_thai` (the DOCX writer marks Thai runs as a
complex script, the PDF writer sets them with Noto Sans Thai), so this module
imports neither ReportLab nor python-docx. Thai has no spaces between words:
:func:`words` finds them with PyThaiNLP's ``newmm`` (the optional extra
``tipreports[thai]``, imported only when Thai is first met; the extra also
brings uharfbuzz, which the PDF writer shapes Thai with).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import ThaiSupportError

__all__ = [
    "break_points",
    "grapheme_end",
    "has_thai",
    "is_thai",
    "require_thai",
    "script_runs",
    "words",
]

#: How to install what Thai needs, for error messages.
_INSTALL = 'pip install "tipreports[thai]"'

_THAI = re.compile("[\u0e00-\u0e7f]")
#: No line ends after these (opening brackets and quotes) or starts with these (closing punctuation).
_NO_BREAK_AFTER = frozenset("([{\u2018\u201c\u00ab")
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")
_NO_BREAK_BEFORE = frozenset(")]}.,;:!?%\u2019\u201d\u00bb\u2026\u0e46\u0e2f")


def is_thai(ch: str) -> bool:
    """Whether ``ch`` is in the Thai block (drawn with Noto Sans Thai)."""
    return "\u0e00" <= ch <= "\u0e7f"


def has_thai(text: str) -> bool:
    """Whether ``text`` holds any Thai code point."""
    return _THAI.search(text) is not None


def script_runs(text: str) -> Iterator[tuple[bool, str]]:
    """``text`` as consecutive (is Thai, piece) runs."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or is_thai(text[i]) != is_thai(text[start]):
            yield is_thai(text[start]), text[start:i]
            start = i


class _Dictionary:
    """
    PyThaiNLP's word list in the one shape ``newmm`` asks of its dictionary: ``prefixes``, and truth.

    By default ``newmm`` builds a character trie of the 62,000 words, in
    Python, on first use: most of a second in every process. Here the words
    are a set and a sorted list (a tenth of that); the lengths of the words
    that start with two given characters are found by bisection the first time
    those two characters are met. :meth:`prefixes` gives the words the trie
    gives, in its order (shortest first), so the segmentation is the same.
    """

    def __init__(self, words: Iterable[str]) -> None:
        # Stripped, and the empty word left out, as pythainlp.util.Trie.add does.
        self._words = frozenset(w.strip() for w in words) - {""}
        self._sorted = sorted(self._words)
        self._lengths: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:  # newmm falls back to its own trie for an empty dictionary
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def _lengths_after(self, head: str) -> tuple[int, ...]:
        """The lengths (over 1) of the words starting with the two characters ``head``, shortest first."""
        lengths = self._lengths.get(head)
        if lengths is None:
            lo = bisect.bisect_left(self._sorted, head)
            hi = bisect.bisect_left(self._sorted, head + "\U0010ffff")
            lengths = self._lengths[head] = tuple(sorted({len(w) for w in self._sorted[lo:hi]}))
        return lengths

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Every word that ``text[start:]`` starts with, shortest first (``pythainlp.util.Trie.prefixes``)."""
        if start >= len(text):
            return []
        words = self._words
        found = [text[start]] if text[start] in words else []
        room = len(text) - start
        if room > 1:
            found.extend(text[start : start + n] for n in self._lengths_after(text[start : start + 2])
                         if n <= room and text[start : start + n] in words)  # fmt: skip
        return found


@functools.cache
def _tokenizer() -> Callable[[str], list[str]]:
    try:
        from pythainlp.corpus import thai_words
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        raise ThaiSupportError(
            f"setting Thai text in a PDF needs PyThaiNLP to find word boundaries; install it with: {_INSTALL}"
        ) from None
    dictionary: Any = _Dictionary(thai_words())  # duck-types the Trie newmm is annotated to take
    return functools.partial(word_tokenize, engine="newmm", custom_dict=dictionary, keep_whitespace=True)


def require_thai() -> None:
    """Raise :class:`~tipreports.errors.ThaiSupportError` unless PyThaiNLP and uharfbuzz can be imported."""
    _tokenizer()
    try:
        import uharfbuzz  # noqa: F401  # imported only to see that it is there
    except ImportError:
        raise ThaiSupportError(
            f"setting Thai text in a PDF needs uharfbuzz for shaping; install it with: {_INSTALL}"
        ) from None


@functools.lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """``text`` cut into PyThaiNLP ``newmm`` tokens (spaces kept as tokens); they join back to ``text``."""
    tokens = _tokenizer()(text)
    if "".join(tokens) != text:  # never seen; a line then breaks only at spaces
        return tuple(re.split(r"(\s+)", text))
    return tuple(t for t in tokens if t)


@functools.lru_cache(maxsize=4096)
def break_points(text: str) -> frozenset[int]:
    """
    Offsets in ``text`` where a line may end: word boundaries of Thai, and spaces (not no-break spaces).

    Between two non-Thai characters only a space is a boundary (an English
    word or a URL is never cut); no break after an opening bracket or before
    closing punctuation.
    """
    points: set[int] = set()
    at = 0
    for token in words(text)[:-1]:
        at += len(token)
        before, after = text[at - 1], text[at]
        spaced = before.isspace() or after.isspace()
        thai = (is_thai(before) or is_thai(after)) and before not in _NO_BREAK_AFTER and after not in _NO_BREAK_BEFORE
        # A no-break space binds both sides (a citation "[2]" to the word before it).
        bound = before in _NO_BREAK_SPACES or after in _NO_BREAK_SPACES
        if (spaced or thai) and not bound:
            points.add(at)
    return frozenset(points)


def grapheme_end(text: str, i: int) -> int:
    """The end of the character cluster that contains ``text[i - 1]``: marks stay with their base."""
    while i < len(text) and unicodedata.category(text[i]) in ("Mn", "Mc", "Me"):
        i += 1
    return i
