"""
Which item of one edition is the same item in another: ids first, then text similarity.

An item's ``id`` wins: two items with the same id are the same item, and two
items that both have ids, different ones, are different items whatever their
words. The other pairs are scored by text similarity and paired one to one,
best pairs first.

The similarity (0–100) is rapidfuzz's ``token_set_ratio`` on the words that
carry the item's point: lower-cased, US spellings made British (the report is
American, many briefings are not), function words and the words every item of
an assessment shares (trafficking, victims, government, efforts, increase…)
and the words that only say how well or in what manner (inconsistent, uneven,
effective, practices…) dropped: two items must share what they are about. Thai text is cut into words with PyThaiNLP first (the optional
``thai`` extra) and loses PyThaiNLP's Thai stop words.

:data:`THRESHOLD` was chosen by measuring (``benchmarks/match_threshold.py``):
on the 28 pairs of Thailand 2024 → 2025 (every pair within progress and within
concerns; one is the same item reworded) and 27 hand-made pairs in the
report's style (``tests/data/match_pairs.yaml``), every pair that is the same
item scored at least 72.0 and every other pair at most 57.8; 62 sits between
them. rapidfuzz's scorers on the plain text (``ratio``, ``WRatio``,
``token_set_ratio``) could not separate the two at any threshold.

Thai is measured on less: the Thai of the same 28 Thailand pairs (our own
translation) put the same item at 85 and every other pair at 60 or below.
The margin is thin; :func:`tipreports.compare` matches bilingual
briefings in English, and ids are the sure way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache

from attrs import frozen

from ..errors import ThaiSupportError

__all__ = ["THRESHOLD", "Pair", "match", "same_words", "similarity"]

#: Items scoring at least this (0–100) are the same item raised again.
THRESHOLD = 62.0

_WORD = re.compile(r"\w+")
_THAI = re.compile(r"[\u0e00-\u0e7f]")

_SPELLING = {
    "labor": "labour",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "neighboring": "neighbouring",
    "center": "centre",
    "centers": "centres",
    "program": "programme",
    "programs": "programmes",
    "counseling": "counselling",
    "prioritized": "prioritised",
}

_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "to", "for", "with", "without", "by", "from", "at", "as", "into", "onto", "during", "after", "before", "over", "under", "including", "such", "is", "are", "was", "were", "be", "been", "being", "it", "its", "they", "them", "their", "his", "her", "this", "that", "these", "those", "who", "whom", "whose", "which", "did", "do", "does", "done", "not", "no", "more", "most", "than", "so", "also", "while", "all", "any", "some", "other", "many", "made", "make", "number"]
)

#: Words nearly every item of an assessment has, or that qualify any item: they say nothing about which item it is.
_DOMAIN_WORDS = frozenset(
    [
        "trafficking", "trafficked", "human", "victim", "victims", "government", "governments", "authorities",
        "effort", "efforts", "increase", "increased", "increasing", "sufficient", "sufficiently", "anti",
        # The same in Thai, as PyThaiNLP cuts them: victim, trafficking, human, government, official(s),
        # effort, increase(d), more, number.
        "ผู้เสียหาย", "การค้า", "ค้า", "มนุษย์", "การค้ามนุษย์", "รัฐบาล", "เจ้าหน้าที่", "ความพยายาม", "พยายาม",
        "เพิ่ม", "เพิ่มขึ้น", "มากขึ้น", "จำนวน",
        # Words that say how well, how steadily or in what manner, not what: "inconsistent ... practices" alone made
        # 2025's "Inconsistent screening practices" the 2024 interviewing concern. Two items must share what they are
        # about. The Thai: practice(s), consistent, effective.
        "inconsistent", "inconsistently", "consistent", "consistently", "ineffective", "effective", "effectively",
        "uneven", "adequate", "adequately", "inadequate", "inadequately", "insufficient", "persistent", "continued",
        "continue", "continues", "improved", "expanded", "limited", "practice", "practices", "measures", "steps",
        "แนวปฏิบัติ", "สม่ำเสมอ", "มีประสิทธิภาพ", "ประสิทธิภาพ",
    ]
)  # fmt: skip


@cache
def _thai_stop_words() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())


def _thai_words(text: str) -> list[str]:
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        raise ThaiSupportError(
            'comparing Thai text needs PyThaiNLP: pip install "tipreports[thai]" '
            "(or give the items ids, or compare the English of bilingual briefings)"
        ) from None
    stop = _thai_stop_words()
    return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if _WORD.search(w) and w not in stop]


def _words(text: str) -> str:
    """The words of ``text`` that are compared, as one string."""
    # NFC, not NFKC: NFKC splits Thai SARA AM (ำ) in two, and the word cutter no longer knows the words.
    text = unicodedata.normalize("NFC", text).casefold()
    words: list[str] = []
    # Thai runs without spaces between words: PyThaiNLP's tokens; Latin words as they come.
    for token in _thai_words(text) if _THAI.search(text) else [text]:
        for word in [token] if _THAI.search(token) else _WORD.findall(token):
            word = _SPELLING.get(word, word)
            if word not in _FUNCTION_WORDS and word not in _DOMAIN_WORDS:
                words.append(word)
    return " ".join(words)


def similarity(a: str, b: str) -> float:
    """How alike two items' texts are, 0–100 (see the module's documentation)."""
    from rapidfuzz.fuzz import token_set_ratio

    return float(token_set_ratio(_words(a), _words(b)))


def same_words(a: str, b: str) -> bool:
    """The same text but for case, spacing and the final punctuation."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(".;:!? ")

    return norm(a) == norm(b)


@frozen(kw_only=True)
class Pair:
    """Item ``previous`` of the earlier list is item ``current`` of the later one."""

    previous: int
    current: int
    #: "id" when their ids are equal, "text" when their words are alike.
    by: str
    #: The text similarity (0–100); None for a pair matched by id.
    score: float | None


def match(
    previous: Sequence[tuple[str | None, str]],
    current: Sequence[tuple[str | None, str]],
    *,
    score: Callable[[str, str], float] = similarity,
    threshold: float = THRESHOLD,
) -> tuple[Pair, ...]:
    """
    Pair the items of two lists, each given as ``(id, text)``; one to one, best pairs first.

    Ids first; then every remaining pair that does not have two (different)
    ids, scored by ``score``, from the highest down, each item used once. Ties
    go to the earlier items, so the result does not depend on anything but
    the two lists.
    """
    pairs: list[Pair] = []
    used_previous: set[int] = set()
    used_current: set[int] = set()
    by_id = {item_id: j for j, (item_id, _text) in enumerate(current) if item_id is not None}
    for i, (item_id, _text) in enumerate(previous):
        if item_id is not None and item_id in by_id:
            pairs.append(Pair(previous=i, current=by_id[item_id], by="id", score=None))
            used_previous.add(i)
            used_current.add(by_id[item_id])
    scored: list[tuple[float, int, int]] = []
    for i, (id_a, text_a) in enumerate(previous):
        if i in used_previous:
            continue
        for j, (id_b, text_b) in enumerate(current):
            if j in used_current or (id_a is not None and id_b is not None):
                continue
            value = 100.0 if same_words(text_a, text_b) else score(text_a, text_b)
            if value >= threshold:
                scored.append((value, i, j))
    for value, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_previous and j not in used_current:
            pairs.append(Pair(previous=i, current=j, by="text", score=value))
            used_previous.add(i)
            used_current.add(j)
    return tuple(sorted(pairs, key=lambda p: p.current))
