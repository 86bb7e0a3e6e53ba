"""
Hostile input files and mappings: every limit is a clear InputError naming the field, reached quickly.

Timings are not asserted (machines differ); the inputs are the size that made
the loader slow before the limits were enforced while reading.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tipreports.errors import InputError
from tipreports.load import MAX_PROBLEMS, MAX_VALUES, load, loads

TEN_MB = 10 * 1024 * 1024


def _base() -> dict[str, Any]:
    return {"title": "T", "date": "2025-10-15", "prepared_by": "Org", "marking": "TLP:CLEAR"}


def _problems(call: Any) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        call()
    return [(p.path, p.message) for p in caught.value.problems]


def test_ten_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A 10 MB file fails on its size, naming the limit."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: " + b"x" * TEN_MB)
    assert _problems(lambda: load(path)) == [("", f"the file is too large: {TEN_MB + 7:,} bytes; at most 5,242,880 allowed")]


def test_ten_megabyte_text_is_refused() -> None:
    """loads() of 10 MB of text fails on its size."""
    assert _problems(lambda: loads("title: " + "x" * TEN_MB, format="yaml")) == [
        ("", "the input is too large; at most 5,242,880 bytes allowed")
    ]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", 200), ("subtitle", 300), ("to", 300)],
)
def test_ten_megabyte_string_in_a_mapping_names_the_field(field: str, limit: int) -> None:
    """A 10 MB string is refused by length, naming the field, without echoing it."""
    problems = _problems(lambda: load({**_base(), field: "x" * TEN_MB}))
    assert problems == [(field, f"too long: {TEN_MB:,} characters; at most {limit:,} allowed")]


def test_long_finding_in_a_file() -> None:
    """A 4 MB finding in JSON is refused with its path and line."""
    text = json.dumps({**_base(), "key_messages": ["ok", "y" * 4_000_000]})
    with pytest.raises(InputError) as caught:
        loads(text, format="json", name="b.json")
    (problem,) = caught.value.problems
    assert (problem.path, problem.message, problem.line) == (
        "key_messages[1]",
        "too long: 4,000,000 characters; at most 2,000 allowed",
        1,
    )


def test_million_item_list_in_a_mapping() -> None:
    """A list of a million items is refused from its length, before any item is looked at."""
    assert _problems(lambda: load({**_base(), "sources": [{"id": "x", "title": "t"}] * 1_000_000})) == [
        ("sources", "too many items: more than 1,000; at most 200 allowed")
    ]


def test_million_item_list_in_yaml_stops_reading_early() -> None:
    """YAML with a million list items stops at the reader's limit, naming the list and line."""
    text = "title: x\ndate: 2025-10-15\nprepared_by: x\nkey_messages:\n" + "- a\n" * 1_000_000
    with pytest.raises(InputError) as caught:
        loads(text, format="yaml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.message, problem.line) == (
        "key_messages",
        "too many items: more than 1,000; at most 200 allowed",
        1005,
    )


def test_million_item_list_in_json() -> None:
    """JSON with nearly a million items fails the same way."""
    text = json.dumps({**_base(), "key_messages": ["a"] * 900_000})
    assert _problems(lambda: loads(text, format="json")) == [
        ("key_messages", "too many items: more than 1,000; at most 200 allowed")
    ]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_hundreds_of_thousands_of_keys(fmt: str) -> None:
    """A mapping with 300,000 unknown keys is refused at the key limit, not listed key by key."""
    keys = {f"k{i}": "v" for i in range(300_000)}
    text = json.dumps(keys) if fmt == "json" else "\n".join(f"{k}: v" for k in keys)
    assert [m for _p, m in _problems(lambda: loads(text, format=fmt))] == ["too many keys: more than 1,000"]  # type: ignore[arg-type]  # fmt is 'yaml' or 'json'


def test_many_values_in_small_lists() -> None:
    """Many small lists add up: more than MAX_VALUES values is refused."""
    text = json.dumps({**_base(), "x": [[0] * 999 for _ in range(60)]})
    assert _problems(lambda: loads(text, format="json")) == [("", f"more than {MAX_VALUES:,} values; a briefing needs far fewer")]


def test_problems_are_capped() -> None:
    """An input with thousands of problems lists MAX_PROBLEMS of them."""
    data = {**_base(), **{f"unknown{i}": 1 for i in range(900)}}
    assert len(_problems(lambda: load(data))) == MAX_PROBLEMS


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("title: " + "[" * 100_000 + "]" * 100_000, "yaml", ("", "invalid YAML: exceeded maximum nesting depth (while increasing flow level)")),
        ('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", "json", ("title" + "[0]" * 31, "nested more than 32 levels deep")),
        ('{"n": ' + "9" * 1_000_000 + "}", "json", ("", "invalid JSON: a number with too many digits")),
    ],
)
def test_deep_and_huge_structures_in_files(text: str, fmt: Any, expected: tuple[str, str]) -> None:
    """Deep nesting and huge numbers are refused with a clear error, never a RecursionError."""
    assert _problems(lambda: loads(text, format=fmt))[0] == expected


def test_deep_nesting_in_a_mapping_is_an_input_error() -> None:
    """A Python list nested 100,000 deep is an InputError, not a RecursionError."""
    deep: list[Any] = []
    current = deep
    for _ in range(100_000):
        inner: list[Any] = []
        current.append(inner)
        current = inner
    assert _problems(lambda: load({**_base(), "key_messages": deep})) == [
        ("key_messages" + "[0]" * 31, "nested more than 32 levels deep")
    ]


def test_self_referencing_mapping_is_refused() -> None:
    """A list that contains itself stops at the depth limit."""
    loop: list[Any] = []
    loop.append(loop)
    assert _problems(lambda: load({**_base(), "key_messages": loop}))[0][1] == "nested more than 32 levels deep"


def test_yaml_alias_bomb_is_refused() -> None:
    """Billion laughs: anchors and aliases are refused, nothing is expanded."""
    bomb = "marking: TLP:CLEAR\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    problems = _problems(lambda: loads(bomb, format="yaml"))
    assert problems[0] == ("a", "anchors ('&a') are not allowed; write the value out")
    assert ("b[0]", "aliases ('*a') are not allowed; write the value out") in problems


def test_python_tags_are_refused() -> None:
    """YAML tags that would construct Python objects are refused, not run."""
    assert _problems(lambda: loads("marking: TLP:CLEAR\ntitle: !!python/object/apply:os.system ['echo hi']\n", format="yaml"))[0] == (
        "title",
        "tags such as '!!python/object/apply:os.system' are not allowed; write a plain value (quote text)",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\x00b", "control character U+0000 at position 1; remove it (this field is a single line)"),
        ("a\x0bb", "control character U+000B at position 1; remove it (this field is a single line)"),
        ("a\ud800b", "invalid character U+D800 at position 1"),
        ("a\ufffeb", "invalid character U+FFFE at position 1"),
        ("a\nb", "control character U+000A at position 1; remove it (this field is a single line)"),
    ],
)
def test_characters_no_writer_can_carry_name_the_field(value: str, expected: str) -> None:
    """XML-illegal characters are refused by the loader, naming the field and position, not the text."""
    assert _problems(lambda: load({**_base(), "title": value})) == [("title", expected)]


def test_public_functions_survive_their_modules_being_imported() -> None:
    """tr.load stays the function after tipreports.load (the module) is imported, e.g. by the CLI."""
    import subprocess
    import sys

    code = (
        "import tipreports as tr, tipreports.load, tipreports.render.markdown\n"
        "assert callable(tr.load), tr.load\n"
        "assert callable(tr.render), tr.render\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# -- what passes the input limits can be rendered ------------------------------------------------------

_STATEMENT_LISTS = (
    ("key_messages",), ("considerations",), ("panel", "strengths"), ("panel", "challenges"), ("panel", "recommendations"),
    ("assessment", "progress"), ("assessment", "concerns"), ("assessment", "recommendations"),
)  # fmt: skip
#: Text that Markdown escaping doubles, where it can: the worst case for the size of a template's output.
_PUNCTUATED = ("Punctuated text: a *b* _c_ [d](e) !f! #g# (h) {i}; j-k; l.m, n? o. " * 40)[:2000].strip()


def _filled(total: int) -> dict[str, Any]:
    """A briefing whose statement lists hold ``total`` characters of 2,000-character items, spread over every list."""
    data: dict[str, Any] = {
        **_base(), "marking": "TLP:CLEAR", "panel": {"title": "Panel"},
        "assessment": {"country": "Thailand", "report_year": 2025, "tier": "Tier 2"},
    }  # fmt: skip
    for index in range(total // len(_PUNCTUATED)):
        *parents, name = _STATEMENT_LISTS[index % len(_STATEMENT_LISTS)]
        node = data
        for parent in parents:
            node = node[parent]
        node.setdefault(name, []).append(_PUNCTUATED)
    return data


def test_more_text_than_a_briefing_may_hold_is_refused_naming_where_it_is() -> None:
    """
    Every list full (200 items of 2,000 characters, 3.2 MB in all) is within every per-field limit, but no
    product could render it: it is refused while loading, naming the list that holds the most.
    """
    data = _filled(8 * 200 * 2000)
    data["key_messages"] = data["key_messages"][:10]
    text = json.dumps(data, indent=1)
    assert len(text.encode()) < 5 * 1024 * 1024
    with pytest.raises(InputError) as caught:
        loads(text, format="json", name="b.json")
    (problem,) = caught.value.problems
    assert problem.path == "considerations"
    assert problem.message == (
        "too much text: the briefing holds 2,820,019 characters in all, at most 250,000 allowed; "
        "this list holds 400,000 of them. Shorten the briefing, or leave detail to its sources"
    )
    assert problem.line == text.splitlines().index(' "considerations": [') + 1


def test_the_largest_valid_briefing_renders_as_every_product_in_every_format() -> None:
    """
    A briefing at the text limit, in the text Markdown escaping doubles, renders everywhere; only the
    one-pager's PDF refuses, with a FitError naming what is too long (never a template's size limit).
    """
    from tipreports import FitError, build
    from tipreports.model.briefing import MAX_TOTAL_TEXT

    briefing = load(_filled(MAX_TOTAL_TEXT - 2000))
    for product in ("briefing-note", "one-pager"):
        for fmt in ("md", "html", "docx", "pdf"):
            if (product, fmt) == ("one-pager", "pdf"):
                with pytest.raises(FitError, match=r"^the one-pager needs"):
                    build(briefing, product, fmt)
                continue
            assert build(briefing, product, fmt).data
