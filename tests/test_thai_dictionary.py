"""
Thai word boundaries from the set-and-bisection dictionary are PyThaiNLP's own.

The PDF writer gives ``newmm`` a dictionary of its own (``render/_script.py``):
PyThaiNLP's default, a character trie, takes most of a second to build in
every process. Here both cut the same texts: the Thai example, the Thai words
tipreports writes, Thai sentences, titles from Thai Wikipedia (shipped with
PyThaiNLP) and strings of random dictionary words.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

pythainlp = pytest.importorskip("pythainlp")
from pythainlp.corpus import thai_words  # noqa: E402  (after the importorskip)
from pythainlp.tokenize import word_tokenize  # noqa: E402
from pythainlp.util import Trie  # noqa: E402

from tipreports.render import _script  # noqa: E402
from tipreports.render._script import _Dictionary, words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_SENTENCES = (
    "การค้ามนุษย์เป็นอาชญากรรมร้ายแรงที่ละเมิดสิทธิมนุษยชน",
    "รัฐบาลไทยได้ดำเนินการเพื่อป้องกันและปราบปรามการค้ามนุษย์อย่างต่อเนื่อง",
    "ผู้เสียหายจากการค้ามนุษย์ได้รับความช่วยเหลือและการคุ้มครองตามกฎหมาย",
    "รายงานสถานการณ์การค้ามนุษย์ประจำปี 2568 จัดให้ประเทศไทยอยู่ในกลุ่มที่ 2",
    "แรงงานประมงบนเรือประมงนอกน่านน้ำยังคงเสี่ยงต่อการบังคับใช้แรงงาน",
    "เจ้าหน้าที่ตำรวจสอบสวนคดีค้ามนุษย์ได้มากขึ้นเมื่อเทียบกับปีที่แล้ว",
    "องค์กรภาคประชาสังคม (CSO) ร่วมกับหน่วยงานรัฐในการคัดแยกผู้เสียหาย",
    "ข้อเสนอแนะ: เพิ่มงบประมาณสำหรับศูนย์พักพิงและล่ามภาษาเมียนมา",
    "ประชุมวิชาการ TIPNET 2025 ณ กรุงเทพมหานคร วันที่ 12–13 มิถุนายน",
    "ที่นี่ไม่มีใครรู้ว่าเขาไปไหนมาไหนกับใคร",
)


def _thai_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if _script.has_thai(value) else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _thai_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _thai_strings(v)]
    return []


def _corpus() -> list[str]:
    texts = list(_SENTENCES)
    for example in sorted((ROOT / "examples").glob("*_th.yaml")):
        texts += _thai_strings(yaml.safe_load(example.read_text(encoding="utf-8")))
    for source in (ROOT / "tipreports" / "wording").glob("*.csv"):
        texts += [line for line in source.read_text(encoding="utf-8").splitlines() if _script.has_thai(line)]
    titles = Path(pythainlp.__file__).parent / "corpus" / "wikipedia_titles_th.txt"
    if titles.exists():
        lines = [t for t in titles.read_text(encoding="utf-8").splitlines() if not t.startswith("#")]
        texts += random.Random(15).sample(lines, 2000)
    vocabulary = sorted(thai_words())
    chooser = random.Random(2025)
    texts += ["".join(chooser.choice(vocabulary) for _ in range(25)) for _ in range(200)]
    return texts


@pytest.fixture(scope="module")
def trie() -> Trie:
    return Trie(thai_words())  # what newmm builds by default


def test_the_corpus_is_thai_and_sizeable() -> None:
    """The comparison below runs over more than two thousand texts, the example's among them."""
    corpus = _corpus()
    assert len(corpus) > 2000
    assert sum(1 for t in corpus if "ค้ามนุษย์" in t) > 5


def test_segmentation_is_the_tries(trie: Trie) -> None:
    """Every text of the corpus is cut into the same tokens with either dictionary."""
    ours = _Dictionary(thai_words())
    for text in _corpus():
        expected = word_tokenize(text, engine="newmm", custom_dict=trie, keep_whitespace=True)
        assert word_tokenize(text, engine="newmm", custom_dict=ours, keep_whitespace=True) == expected, text


def test_prefixes_are_the_tries(trie: Trie) -> None:
    """At every position of every text the dictionary offers the trie's words, in the trie's order."""
    ours = _Dictionary(thai_words())
    assert len(ours) == len(trie)
    for text in _corpus()[:400]:
        for start in range(len(text) + 1):
            assert ours.prefixes(text, start) == trie.prefixes(text, start), (text, start)


def test_words_uses_the_dictionary_and_joins_back() -> None:
    """``words`` cuts with the dictionary and its tokens join back to the text."""
    text = _SENTENCES[3]
    assert isinstance(_script._tokenizer().keywords["custom_dict"], _Dictionary)
    tokens = words.__wrapped__(text)
    assert "".join(tokens) == text
    assert {"รายงาน", "มนุษย์", "ประเทศ", " ", "2568"} <= set(tokens)
    assert words(text) == tokens  # cached: the same answer
