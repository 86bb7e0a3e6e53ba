"""The strict loader: what it reads, what it refuses, and how it says so."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import time
import unicodedata
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipreports.errors import FieldError, InputError, Problem
from tipreports.load import MAX_BYTES, MAX_DEPTH, dump, load, loads
from tipreports.model import (
    Briefing,
    Comparison,
    Count,
    Country,
    Event,
    Finding,
    Form,
    Marking,
    Organisation,
    Panel,
    Person,
    Purpose,
    Qualifier,
    Recommendation,
    Source,
    Statistic,
    Tier,
    TierHistory,
    TierPlacement,
    TIPAssessment,
)
from tipreports.wording import phrasebook

EXAMPLE = Path(__file__).parent.parent / "examples" / "thailand_2025.yaml"

#: Three required fields, on lines 1–3; each test adds its lines from line 4.
BASE = "title: T\ndate: 2025-10-15\nprepared_by: FC\n"
#: The fourth, the document's marking, goes after the test's lines (unless they give one), so that line numbers stay.
MARKING = "\nmarking: TLP:CLEAR\n"


def _with_marking(text: str) -> str:
    return text if re.search(r"^marking:", text, re.MULTILINE) else text + MARKING


def problems(text: str, *, format: Any = "yaml", base: bool = True) -> list[Problem]:
    """All problems of ``text`` (after BASE, before the marking), as the user sees them."""
    with pytest.raises(InputError) as info:
        loads(_with_marking(BASE + text) if base else text, format=format, name="brief.yaml")
    return list(info.value.problems)


def only(text: str, **kwargs: Any) -> Problem:
    """The single problem of ``text``."""
    found = problems(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def brief(text: str) -> Briefing:
    return loads(_with_marking(BASE + text), format="yaml")


# -- the bundled example --------------------------------------------------------------------------


def test_example_loads() -> None:
    """The bundled Thailand 2025 example loads with everything in place."""
    b = load(EXAMPLE)
    assert b.title == "Thailand: TIPNET 2025 panel and the 2025 TIP Report"
    assert b.date == dt.date(2025, 10, 15)
    assert b.marking is Marking.CLEAR
    assert b.purpose is Purpose.INFORMATION
    assert b.prepared_by == Organisation(name="Freedom Collaborative")
    a = b.assessment
    assert a is not None
    assert a.country == Country(iso3="THA")
    assert a.tier is Tier.TIER_2
    assert len(a.tier_history) == 25
    assert (len(a.progress), len(a.concerns)) == (4, 4)
    assert phrasebook("en").tier_sentence(a) == "Thailand remained on Tier 2 for the fourth consecutive year."
    assert b.event is not None and str(b.event.participants) == "more than 170"
    assert [s.id for s in b.sources] == ["fc-tipnet2025", "tip2025", "tier-history"]


def test_example_loads_from_str_path_and_as_json(tmp_path: Path) -> None:
    """A str path, a .yml copy and the same data as JSON all give the same briefing."""
    b = load(str(EXAMPLE))
    (tmp_path / "b.yml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.json").write_text(dump(b, format="json"), encoding="utf-8")
    assert load(tmp_path / "b.yml") == b
    assert load(tmp_path / "b.json") == b


# -- files ------------------------------------------------------------------------------------------


def test_unknown_suffix_lists_accepted(tmp_path: Path) -> None:
    """A file with another suffix is refused, naming the suffixes that are read."""
    path = tmp_path / "brief.txt"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    (p,) = info.value.problems
    assert "cannot read a file with '.txt'; expected one of .yaml, .yml, .json" in p.message
    assert p.source == "brief.txt"


def test_file_size_bounded_before_reading(tmp_path: Path) -> None:
    """A file over 5 MB is refused at once, from its size."""
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        load(path)
    assert time.perf_counter() - start < 0.5
    assert str(info.value) == f"the file is too large: {MAX_BYTES + 1:,} bytes; at most {MAX_BYTES:,} allowed (big.yaml)"


def test_invalid_utf8_names_offset_and_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are refused with their offset and line."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.encode() + b"subtitle: caf\xe9\n")
    with pytest.raises(InputError) as info:
        load(path)
    (p,) = info.value.problems
    assert p.message == f"not valid UTF-8: byte 0xE9 at offset {len(BASE) + 13}; save the file as UTF-8"
    assert (p.line, p.source) == (4, "latin1.yaml")


def test_bom_is_stripped(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark at the start is ignored."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (BASE + MARKING).encode())
    assert load(path).title == "T"


def test_source_is_the_file_name_only(tmp_path: Path) -> None:
    """Problems name the file, not the folders it is in."""
    path = tmp_path / "deep" / "brief.yaml"
    path.parent.mkdir()
    path.write_text(BASE + "subtitle: 5\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    assert [p.source for p in info.value.problems] == ["brief.yaml"]


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    """A file that is not there raises FileNotFoundError, not an input error."""
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nothing.yaml")


# -- nesting depth ---------------------------------------------------------------------------------


def test_yaml_depth_bounded() -> None:
    """YAML nested deeper than the limit is refused at the level that goes too deep."""
    text = "marking: TLP:CLEAR\na:\n" + "".join(" " * i + "b:\n" for i in range(1, MAX_DEPTH + 5))
    p = only(text, base=False)
    assert p.path == "a" + ".b" * (MAX_DEPTH - 1)
    assert (p.message, p.line) == (f"nested more than {MAX_DEPTH} levels deep", MAX_DEPTH + 2)


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_deep_nesting_of_many_megabytes_refused_fast(format: str) -> None:
    """Four megabytes of '[' are refused in well under a second."""
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        loads("[" * 4_000_000, format=format)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 0.5
    assert "nesting depth" in str(info.value) or "levels deep" in str(info.value)


def test_json_depth_bounded() -> None:
    """JSON nested deeper than the limit is refused with the path and line."""
    p = only('{"marking": "TLP:CLEAR", "a":\n' + "[" * 40 + "]" * 40 + "}", format="json", base=False)
    assert p.path == "a" + "[0]" * (MAX_DEPTH - 1)
    assert (p.message, p.line) == (f"nested more than {MAX_DEPTH} levels deep", 2)


# -- YAML scalars ----------------------------------------------------------------------------------


def test_yaml_1_1_lookalikes_stay_text() -> None:
    """NO, yes, on, 0123, +47…, 1_000 and dates stay text where YAML 1.1 would convert them."""
    b = brief("subtitle: NO\nto: 0123\ncontact: +4722000000\nkey_messages: [yes, on, 1_000, 2025-10-15, 0x1F, 1e3]\n")
    assert (b.subtitle, b.to, b.contact) == ("NO", "0123", "+4722000000")
    assert [f.text for f in b.key_messages] == ["yes", "on", "1_000", "2025-10-15", "0x1F", "1e3"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "expected text, got true/false; put it in quotes"),
        ("12", "expected text, got a number; put it in quotes"),
        ("-12.5", "expected text, got a decimal number; put it in quotes"),
        ("[a]", "expected text, got a list"),
        ("{a: b}", "expected text, got a mapping"),
    ],
)
def test_plain_scalars_that_are_not_text(value: str, message: str) -> None:
    """Only true/false, null, whole and decimal numbers are read as something other than text."""
    p = only(f"subtitle: {value}\n")
    assert (p.path, p.message, p.line) == ("subtitle", message, 4)


@pytest.mark.parametrize("value", ["", "~", "null"])
def test_null_is_none_never_the_text_none(value: str) -> None:
    """An empty value, ~ and null are None: an optional field stays unset, a required one is refused."""
    assert brief(f"subtitle: {value}\n").subtitle is None
    p = only(f"title: {value}\ndate: 2025-10-15\nprepared_by: FC\n", base=False)
    assert (p.path, p.message, p.line) == ("title", "expected text, got nothing (null)", 1)


def test_quoted_scalars_are_always_text() -> None:
    """A quoted number is text: fine for a text field, refused for a number field."""
    assert brief("subtitle: '123'\nto: \"true\"\n").subtitle == "123"
    p = only("assessment: {country: Thailand, report_year: '2025', tier: Tier 2}\n")
    assert (p.path, p.message, p.line) == (
        "assessment.report_year",
        "expected a whole number, got text; remove the quotes",
        4,
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!!str 5", "!!str"),
        ("!foo x", "!foo"),
        ("!!binary aGk=", "!!binary"),
    ],
)
def test_explicit_tags_refused(value: str, shown: str) -> None:
    """Any explicit tag is refused: nothing in the file can pick a type or run code."""
    p = only(f"subtitle: {value}\n")
    assert (p.path, p.line) == ("subtitle", 4)
    assert p.message == f"tags such as {shown!r} are not allowed; write a plain value (quote text)"


def test_anchors_and_aliases_refused() -> None:
    """Anchors and aliases are refused, each with its own path and line."""
    found = problems("subtitle: &name x\nto: *name\n")
    assert [(p.path, p.message, p.line) for p in found] == [
        ("subtitle", "anchors ('&name') are not allowed; write the value out", 4),
        ("to", "aliases ('*name') are not allowed; write the value out", 5),
    ]


def test_alias_bomb_refused_fast() -> None:
    """A billion-laughs document is refused without expanding anything."""
    lines = ["marking: TLP:CLEAR", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    start = time.perf_counter()
    found = problems("\n".join(lines) + "\n", base=False)
    assert time.perf_counter() - start < 0.5
    assert found[0] == Problem(path="a0", message="anchors ('&a0') are not allowed; write the value out", line=2, source="brief.yaml")


def test_duplicate_keys_refused() -> None:
    """A key given twice is refused at its second line, naming the first."""
    p = only("title: again\n")
    assert (p.path, p.message, p.line) == ("title", "duplicate key 'title' (first on line 1)", 4)


def test_nested_duplicate_keys_refused() -> None:
    """Duplicate keys inside a list item carry the item's path."""
    p = only("key_messages:\n  - text: a\n    text: b\n")
    assert (p.path, p.message, p.line) == ("key_messages[0].text", "duplicate key 'text' (first on line 5)", 6)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2025", "keys must be text, got a number; put the key in quotes"),
        ("true", "keys must be text, got true/false; put the key in quotes"),
    ],
)
def test_non_text_keys_refused(key: str, message: str) -> None:
    """A key that is not text is refused rather than silently converted."""
    p = only(f"{key}: x\n")
    assert (p.path, p.message, p.line) == (key, message, 4)


def test_merge_keys_refused() -> None:
    """The YAML merge key '<<' is refused."""
    p = only("event:\n  <<: {name: x}\n")
    assert (p.path, p.message, p.line) == ("event.<<", "merge keys ('<<') are not allowed; write the keys out", 5)


def test_collection_as_key_refused() -> None:
    """A list used as a key is refused."""
    p = only("? [a, b]\n: x\n")
    assert (p.message, p.line) == ("a key must be text, not a list or mapping", 4)


def test_more_than_one_document_refused() -> None:
    """A second YAML document is refused instead of being ignored."""
    p = only("---\ntitle: x\n---\ntitle: y\n", base=False)
    assert (p.message, p.line) == ("more than one YAML document ('---'); put everything in one", 3)


def test_yaml_syntax_error_has_line() -> None:
    """A YAML syntax error says what the parser found and where."""
    p = only("marking: TLP:CLEAR\nkey_messages: [a, b\n")
    assert p.message.startswith("invalid YAML: did not find expected ',' or ']'")
    assert p.line == 6


def test_empty_input_refused() -> None:
    """An empty file is refused with a hint of what it should hold."""
    p = only("# only a comment\n", base=False)
    assert p.message == "the input is empty; expected a mapping such as 'title: ...'"


def test_top_level_must_be_a_mapping() -> None:
    """A list at the top level is refused."""
    p = only("- a\n- b\n", base=False)
    assert (p.message, p.line) == ("expected a mapping of keys to values at the top level, got a list", 1)


# -- JSON ------------------------------------------------------------------------------------------


def test_json_lines_recorded() -> None:
    """JSON problems carry the line of the value, however deep."""
    text = '{\n  "title": "T",\n  "date": "2025-10-15",\n  "prepared_by": "FC", "marking": "TLP:CLEAR",\n  "key_messages": [\n    "ok",\n    {"text": "x", "marking": "TLP:BLUE"}\n  ]\n}\n'
    p = only(text, format="json", base=False)
    assert (p.path, p.line) == ("key_messages[1].marking", 7)
    assert p.message.startswith("unknown marking 'TLP:BLUE'; expected one of 'TLP:CLEAR', 'TLP:GREEN'")


def test_json_duplicate_keys_refused() -> None:
    """A key given twice in a JSON object is refused at its second line."""
    p = only('{"title": "T", "marking": "TLP:CLEAR",\n "date": "2025-10-15",\n "prepared_by": "FC",\n "title": "U"}', format="json", base=False)
    assert (p.path, p.message, p.line) == ("title", "duplicate key 'title' (first on line 1)", 4)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_refused(constant: str) -> None:
    """NaN and Infinity, which Python's json accepts, are refused."""
    text = '{"title": "T", "date": "2025-10-15", "prepared_by": "FC",\n "subtitle": ' + constant + "}"
    p = only(text, format="json", base=False)
    assert (p.path, p.message, p.line) == ("subtitle", "NaN and Infinity are not allowed; write a number", 2)


def test_json_number_out_of_range_refused() -> None:
    """A number too large for a float is refused rather than read as infinity."""
    p = only('{"title": "T", "date": "2025-10-15", "prepared_by": "FC", "subtitle": 1e400}', format="json", base=False)
    assert (p.path, p.message) == ("subtitle", "number out of range")


def test_json_syntax_error_has_line() -> None:
    """A JSON syntax error names the line."""
    p = only('{"title": "T",\n "date": "2025-10-15"\n "prepared_by": "FC"}', format="json", base=False)
    assert (p.message, p.line) == ("invalid JSON: expected ',' or '}'", 3)


def test_json_numbers_are_not_text() -> None:
    """JSON's numbers are numbers: never turned into text for a text field."""
    p = only('{"title": 5, "date": "2025-10-15", "prepared_by": "FC"}', format="json", base=False)
    assert (p.path, p.message, p.line) == ("title", "expected text, got a number; put it in quotes", 1)


# -- structuring -----------------------------------------------------------------------------------


def test_int_field_refuses_bool_and_decimal() -> None:
    """A whole-number field takes neither true/false nor a decimal number."""
    found = problems(
        "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n"
        "  statistics:\n    - {metric: convictions, data_year: true, value: 12.0}\n"
    )
    assert [(p.path, p.message, p.line) for p in found] == [
        ("assessment.statistics[0].data_year", "expected a whole number, got true/false", 9),
        ("assessment.statistics[0].value", "expected a number, or a figure as text such as 'at least 3,000', got a decimal number", 9),
    ]


def test_bool_field_refuses_yes() -> None:
    """A true/false field takes only true or false, not yes or 1."""
    found = problems("panel:\n  title: P\n  chatham_house: yes\n")
    assert [(p.path, p.message, p.line) for p in found] == [
        ("panel.chatham_house", "expected true or false, got text; write true or false", 6)
    ]


def test_string_is_never_split_into_a_list() -> None:
    """A string where a list belongs is refused, not split into characters."""
    p = only("key_messages: hello\n")
    assert (p.path, p.message, p.line) == ("key_messages", "expected a list, got text", 4)


def test_unknown_key_suggests_the_closest() -> None:
    """An unknown key is refused with the closest allowed key and the full list."""
    p = only("panel:\n  title: P\n  dat: 2025-01-01\n")
    assert p.path == "panel.dat"
    assert p.message.startswith("unknown key 'dat'; did you mean 'date'? (allowed keys: title, date, co_presenters,")
    assert p.line == 6


def test_unknown_key_without_a_close_match() -> None:
    """An unknown key unlike any allowed one lists the allowed keys only."""
    p = only("zzz: 1\n")
    assert p.message.startswith("unknown key 'zzz' (allowed keys: title, subtitle, date,")


def test_required_field_missing() -> None:
    """A missing required field is named with the line of the mapping it belongs in."""
    p = only("event:\n  location: Bangkok\n")
    assert (p.path, p.message, p.line) == ("event.name", "required field missing", 5)


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        (
            "assessment: {country: Thailand, report_year: 2025, tier: Tier 4}\n",
            "assessment.tier",
            "unknown tier 'Tier 4'; expected one of 'Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3', 'Special Case'",
        ),
        (
            "marking: TLP:BLUE\n",
            "marking",
            "unknown marking 'TLP:BLUE'; expected one of 'TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'",
        ),
        ("purpose: maybe\n", "purpose", "unknown purpose; expected 'information' or 'decision'"),
        (
            "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n"
            "  statistics: [{metric: victims, form: online, data_year: 2024, value: 1}]\n",
            "assessment.statistics[0].form",
            "unknown form; expected one of 'sex', 'labour', 'forced criminality', 'unspecified'",
        ),
    ],
)
def test_closed_sets_list_their_values(text: str, path: str, expected: str) -> None:
    """Tiers, markings, purposes and forms list the values they accept."""
    p = only(text)
    assert (p.path, p.message) == (path, expected)


def test_tier_given_as_a_number_is_refused_with_the_tiers() -> None:
    """'tier: 3' (a number) is refused, naming the tier names."""
    p = only("assessment: {country: Thailand, report_year: 2025, tier: 3}\n")
    assert p.message.startswith("expected a tier name, got a number; expected one of 'Tier 1'")


def test_findings_are_text_or_mappings() -> None:
    """A finding is a string or a mapping with 'text'; anything else is refused at its index."""
    b = brief("key_messages:\n  - plain\n  - {text: mapped, theme: t}\n")
    assert b.key_messages == (Finding(text="plain"), Finding(text="mapped", theme="t"))
    p = only("key_messages:\n  - plain\n  - 5\n")
    assert (p.path, p.message, p.line) == ("key_messages[1]", "expected a mapping or text, got a number", 6)


def test_organisations_are_text_or_mappings() -> None:
    """An organisation is a name or a mapping with 'name'."""
    b = brief("event:\n  name: E\n  convenor: DSI\n  supporters: [European Union, {name: UNODC, short_name: UN}]\n")
    assert b.event is not None
    assert b.event.convenor == Organisation(name="DSI")
    assert b.event.supporters[1] == Organisation(name="UNODC", short_name="UN")


def test_tier_history_is_a_list_of_placements() -> None:
    """tier_history is a list; a duplicate year is named by its index in that list and its year."""
    p = only("assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n  tier_history: {year: 2025}\n")
    assert (p.path, p.message, p.line) == ("assessment.tier_history", "expected a list, got a mapping", 8)
    p = only(
        "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n  tier_history:\n"
        "    - {year: 2024, tier: Tier 2}\n    - {year: 2024, tier: Tier 2}\n"
    )
    assert (p.path, p.message, p.line) == ("assessment.tier_history[1] (2024)", "duplicate year 2024 (first at [0])", 10)


def test_validator_path_is_absolute_with_line() -> None:
    """A validator's complaint deep in the file carries the full path and its line."""
    p = only(
        "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 2\n  progress:\n"
        "    - a\n    - b\n    - text: c\n      marking: TLP:PURPLE\n"
    )
    assert (p.path, p.line) == ("assessment.progress[2].marking", 12)


def test_control_character_named_with_position() -> None:
    """A control character is named with its code point, field and position."""
    p = only('event:\n  name: "TIP\\x00NET"\n')
    assert (p.path, p.line) == ("event.name", 5)
    assert p.message == "control character U+0000 at position 3; remove it (this field is a single line)"


def test_unknown_source_id_has_path_and_line() -> None:
    """A finding citing an unknown source is refused with the list of known ids."""
    p = only("key_messages:\n  - {text: x, source: nope}\nsources:\n  - {id: tip2025, title: TIP}\n")
    assert (p.path, p.message, p.line) == ("key_messages[0].source", "unknown source id 'nope'; expected one of 'tip2025'", 5)


def test_tier_contradicting_history_refused() -> None:
    """The assessment's tier must agree with the history's placement for the report year."""
    p = only(
        "assessment:\n  country: Thailand\n  report_year: 2025\n  tier: Tier 3\n  tier_history:\n    - {year: 2025, tier: Tier 2}\n"
    )
    assert (p.path, p.message, p.line) == (
        "assessment.tier",
        "Tier 3 contradicts tier_history, which places 2025 on Tier 2",
        7,
    )


def test_all_problems_collected_in_one_error() -> None:
    """Every problem of a file is reported at once, in file order, each with path, line and file."""
    text = dedent(
        """\
        titel: T
        date: 2025-10-15
        prepared_by: FC
        marking: TLP:BLUE
        event:
          name: "bad\\x07name"
          participants: 12.5
          collaborators: [UNODC, {nam: x}]
        assessment:
          country: Thailand
          report_year: "2025"
          tier: Tier 4
        """
    )
    with pytest.raises(InputError) as info:
        loads(text, format="yaml", name="brief.yaml")
    got = [(p.path, p.line) for p in info.value.problems]
    # The document's marking is unknown, so nothing typed is quoted back: not the key, not the tier;
    # and as the misspelt key's "did you mean" is not shown, the field it was meant to be is still named.
    assert got == [
        ("title", 1),
        ("", 1),
        ("marking", 4),
        ("event.name", 6),
        ("event.participants", 7),
        ("event.collaborators[1].name", 8),
        ("event.collaborators[1]", 8),
        ("assessment.report_year", 11),
        ("assessment.tier", 12),
    ]
    assert {p.source for p in info.value.problems} == {"brief.yaml"}
    assert str(info.value).splitlines()[0] == "title: required field missing (brief.yaml, line 1)"
    assert "titel" not in str(info.value) and "Tier 4" not in str(info.value)
    assert "unknown marking 'TLP:BLUE'" in str(info.value)


def test_misspelt_key_in_a_clear_briefing_is_one_problem() -> None:
    """Where the input may be quoted, a misspelt key is one problem: the field it was meant to be is not also 'missing'."""
    text = dedent(
        """\
        titel: T
        date: 2025-10-15
        prepared_by: FC
        marking: TLP:CLEAR
        event:
          name: E
          collaborators: [UNODC, {nam: x}]
        assessment:
          country: Thailand
          report_year: 2025
          tier: Teir 2
        """
    )
    with pytest.raises(InputError) as info:
        loads(text, format="yaml", name="brief.yaml")
    got = [(p.path, p.line) for p in info.value.problems]
    assert got == [("titel", 1), ("event.collaborators[1].nam", 7), ("assessment.tier", 11)]
    assert str(info.value).splitlines()[0].startswith("titel: unknown key 'titel'; did you mean 'title'? (allowed keys: title, ")
    assert "unknown tier 'Teir 2'; did you mean 'Tier 2'?" in str(info.value)


def test_translation_is_not_an_input_key() -> None:
    """A translation is written as per-language text, so 'translation' is an unknown key naming 'bilingual'."""
    p = only("translation: {title: T}\n")
    assert p.path == "translation"
    assert p.message.startswith("unknown key 'translation' (allowed keys: ")
    assert p.message.endswith(", sources, bilingual)")


BILINGUAL = """\
title: {en: "Thailand: TIPNET 2025", th: "ประเทศไทย: TIPNET 2025"}
date: 2025-10-15
prepared_by: {name: Freedom Collaborative}
language: th
bilingual: true
key_messages:
  - {en: Kept on Tier 2., th: คงอยู่ในกลุ่มที่ 2}
  - text: {en: Only English}
marking: TLP:CLEAR
"""


def test_per_language_text_resolves_for_the_language() -> None:
    """With 'language: th', per-language text gives the Thai briefing; a missing Thai text is named with its line."""
    with pytest.raises(InputError) as info:
        loads(BILINGUAL, format="yaml", name="b.yaml")
    (p,) = info.value.problems
    assert (p.path, p.line) == ("key_messages[1].text", 8)
    assert p.message.startswith("no 'th' text; this field has 'en'. Add a 'th' translation (or allow falling back to English)")


def test_bilingual_briefing_carries_its_translation() -> None:
    """'bilingual: true' adds the other language as Briefing.translation; fallback=True allows English."""
    b = loads(BILINGUAL, format="yaml", name="b.yaml", fallback=True)
    assert (b.language, b.title) == ("th", "ประเทศไทย: TIPNET 2025")
    assert b.translation is not None
    assert (b.translation.language, b.translation.title) == ("en", "Thailand: TIPNET 2025")
    assert [m.text for m in b.key_messages] == ["คงอยู่ในกลุ่มที่ 2", "Only English"]
    assert [m.text for m in b.translation.key_messages] == ["Kept on Tier 2.", "Only English"]


def test_bilingual_briefing_round_trips() -> None:
    """dump writes a bilingual briefing back as per-language text, and loads back equal."""
    b = loads(BILINGUAL, format="yaml", fallback=True)
    text = dump(b)
    assert "bilingual: true" in text
    assert loads(text, format="yaml") == b


def test_bilingual_must_be_a_boolean() -> None:
    """'bilingual' takes true or false."""
    p = only("bilingual: 'yes'\n")
    assert (p.path, p.message) == ("bilingual", "expected true or false, got text")


def test_long_text_is_never_echoed() -> None:
    """A long value in the wrong place is not repeated in the message."""
    secret = "S" * 500
    found = problems(f"assessment: {{country: Thailand, report_year: '{secret}', tier: '{secret}'}}\n{secret}: x\n")
    assert all(secret[:60] not in str(p) for p in found)
    assert len(found) == 3


# -- mappings --------------------------------------------------------------------------------------


def test_mapping_input_is_structured_strictly() -> None:
    """A mapping is read the same strict way, with paths and no lines."""
    b = load({"title": "T", "date": "2025-10-15", "prepared_by": {"name": "FC"}, "marking": "TLP:CLEAR", "key_messages": ["a"]})
    assert b.key_messages == (Finding(text="a"),)
    with pytest.raises(InputError) as info:
        load({"title": "T", "date": dt.date(2025, 10, 15), "prepared_by": "FC", "marking": "TLP:CLEAR", "subtitle": None, "to": 5, "titel": 1})
    to, titel = info.value.problems
    assert (to.path, to.message, to.line, to.source) == ("to", "expected text, got a number; put it in quotes", None, None)
    assert (titel.path, titel.line, titel.source) == ("titel", None, None)
    assert titel.message.startswith("unknown key 'titel'; did you mean 'title'? (allowed keys: title, subtitle, date,")


def test_mapping_input_accepts_model_values() -> None:
    """A mapping may hold dates, enums, tuples and model objects, as Python code would."""
    b = load(
        {
            "title": "T",
            "date": dt.date(2025, 10, 15),
            "prepared_by": Organisation(name="FC"),
            "marking": Marking.AMBER,
            "key_messages": (Finding(text="a"), "b"),
        }
    )
    assert (b.marking, b.key_messages[1]) == (Marking.AMBER, Finding(text="b"))


# -- dump ------------------------------------------------------------------------------------------


def test_dump_writes_printed_names() -> None:
    """dump writes ISO dates, printed tiers, TLP labels and counts as people write them."""
    text = dump(load(EXAMPLE))
    for line in ("date: 2025-10-15\n", "marking: TLP:CLEAR\n", "  tier: Tier 2\n", "  participants: more than 170\n",
                 "  - year: 2013\n    tier: Tier 2 Watch List\n    waiver: true\n", "prepared_by: Freedom Collaborative\n"):
        assert line in text
    assert "null" not in text and "language" not in text


def test_dump_to_path_is_atomic_and_follows_the_suffix(tmp_path: Path) -> None:
    """dump(path, overwrite=True) writes the file (JSON for .json), replacing an old one and leaving no temporary file."""
    b = load(EXAMPLE)
    target = tmp_path / "b.json"
    target.write_text("old", encoding="utf-8")
    text = dump(b, target, overwrite=True)
    assert target.read_text(encoding="utf-8") == text
    assert json.loads(text)["assessment"]["tier"] == "Tier 2"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]
    assert load(target) == b


def test_dump_refuses_to_replace_a_file_without_overwrite(tmp_path: Path) -> None:
    """dump(b, path) keeps an existing file, as tr.save does, unless overwrite=True."""
    from tipreports.errors import OutputError

    target = tmp_path / "b.yaml"
    target.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists; pass overwrite=True"):
        dump(load(EXAMPLE), target)
    assert target.read_text(encoding="utf-8") == "my notes\n"


# -- round trip --------------------------------------------------------------------------------------

#: Strings YAML 1.1, JSON or Markdown readers are known to trip on.
TRICKY = [
    "NO", "yes", "on", "off", "0123", "+4722000000", "1_000", "2025-10-15", "#", "# not a comment", ": ",
    "a: b", "- item", "-", "'quoted'", '"double"', "null", "~", "true", "False", "1.5", "-1", "0x1F", "1e3",
    ".inf", "NaN", "{a}", "[b]", "&anchor", "*alias", "!tag", "%TAG", "@", "`", "|", ">", "...", "---", "<<",
    "Łódź", "Việt Nam", "กลุ่มที่ 2", "AT&T x<y", "\u2028", "日本", "emoji 🧭", "\ufeffbom",
]
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")


@functools.cache  # building strategies costs more than drawing from them
def _texts(max_size: int, *, multiline: bool) -> st.SearchStrategy[str]:
    chars = st.one_of(_CHARS, st.sampled_from("\n\t")) if multiline else _CHARS
    pieces = st.one_of(st.sampled_from(TRICKY), st.text(chars, min_size=1, max_size=12))
    return (
        st.lists(pieces, min_size=1, max_size=3)
        .map(lambda parts: unicodedata.normalize("NFC", " ".join(parts)).strip())
        .filter(lambda s: bool(s) and len(s) <= max_size)
    )


def labels(max_size: int = 80) -> st.SearchStrategy[str]:
    return _texts(max_size, multiline=False)


def paragraphs() -> st.SearchStrategy[str]:
    return _texts(300, multiline=True)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,10}", fullmatch=True) | st.sampled_from(["NO", "0123", "1.5", "true"])
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
MARKINGS = st.sampled_from(list(Marking))
URLS = st.sampled_from(["https://example.org/a?b=c#d", "mailto:someone@example.org", "https://x.test/:-#"])
ORGANISATIONS = st.builds(
    Organisation, name=labels(), short_name=optional(labels(40)), url=optional(URLS)
)
COUNTS = st.builds(Count, value=st.integers(0, 10**12), qualifier=st.sampled_from(list(Qualifier)))


@st.composite
def histories(draw: st.DrawFn, report_year: int) -> TierHistory:
    years = draw(st.lists(st.integers(2001, report_year), unique=True, max_size=6))
    placements = []
    for year in years:
        tiers = [t for t in Tier if t is not Tier.TIER_2_WATCH_LIST or year >= 2004]
        tier = draw(st.sampled_from(tiers))
        waiver = tier is Tier.TIER_2_WATCH_LIST and draw(st.booleans())
        placements.append(TierPlacement(year=year, tier=tier, waiver=waiver, note=draw(optional(labels()))))
    return TierHistory(placements=tuple(placements))


@st.composite
def briefings(draw: st.DrawFn) -> Briefing:
    ids = draw(st.lists(IDS, unique=True, max_size=3))
    cite = st.none() | st.sampled_from(ids) if ids else st.none()
    sources = tuple(
        Source(id=i, title=draw(labels(200)), publisher=draw(optional(labels())), url=draw(optional(URLS)),
               date=draw(optional(DATES)), marking=draw(optional(MARKINGS)))
        for i in ids
    )

    def statements(cls: type[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
        return st.lists(
            st.builds(cls, text=paragraphs(), theme=optional(labels(80)), source=cite, marking=optional(MARKINGS)),
            max_size=3,
        ).map(tuple)

    date = draw(DATES)
    assessment = None
    if draw(st.booleans()):
        report_year = draw(st.integers(2001, min(2100, date.year + 1)))
        history = draw(st.one_of(st.just(TierHistory()), histories(report_year)))
        placed = history.get(report_year)
        if history and placed is None:
            history = TierHistory(placements=(*history.placements, TierPlacement(year=report_year, tier=Tier.TIER_2)))
            placed = history.get(report_year)
        tier = placed.tier if placed is not None else draw(st.sampled_from(list(Tier)))
        statistics = []
        for _ in range(draw(st.integers(0, 2))):
            data_year = draw(st.integers(1991, report_year))
            comparison = draw(optional(st.builds(Comparison, data_year=st.integers(1990, data_year - 1),
                                                 value=st.integers(0, 10**12))))
            statistics.append(Statistic(metric=draw(labels(120)), form=draw(st.sampled_from(list(Form))),
                                        data_year=data_year, value=draw(st.integers(0, 10**12)),
                                        comparison=comparison, source=draw(cite), marking=draw(optional(MARKINGS))))
        assessment = TIPAssessment(
            country=draw(st.builds(Country, name=labels(120), iso3=optional(st.from_regex(r"[A-Z]{3}", fullmatch=True)))),
            report_year=report_year,
            release_date=draw(optional(st.dates(dt.date(report_year, 1, 1), dt.date(report_year, 12, 31)))),
            tier=tier,
            tier_history=history,
            summary=draw(optional(paragraphs())),
            progress=draw(statements(Finding)),
            concerns=draw(statements(Finding)),
            recommendations=draw(statements(Recommendation)),
            statistics=tuple(statistics),
            source=draw(cite),
        )
    event = draw(optional(st.builds(
        Event, name=labels(), edition=optional(labels(80)), date=optional(DATES), location=optional(labels()),
        convenor=optional(ORGANISATIONS), collaborators=st.lists(ORGANISATIONS, max_size=2).map(tuple),
        supporters=st.lists(ORGANISATIONS, max_size=2).map(tuple), participants=optional(COUNTS),
        agencies=optional(COUNTS), description=optional(paragraphs()), focus=optional(paragraphs()), source=cite,
    )))
    chatham = draw(st.booleans())
    panel = draw(optional(st.builds(
        Panel, title=labels(200), date=optional(DATES), co_presenters=st.lists(ORGANISATIONS, max_size=2).map(tuple),
        speakers=st.just(()) if chatham else st.lists(st.builds(Person, name=labels(), role=optional(labels()),
                                                                  organisation=optional(labels())), max_size=2).map(tuple),
        chatham_house=st.just(chatham), summary=optional(paragraphs()), strengths=statements(Finding),
        challenges=statements(Finding), recommendations=statements(Recommendation), source=cite,
    )))
    return Briefing(
        title=draw(labels(200)), subtitle=draw(optional(labels())), date=date, prepared_by=draw(ORGANISATIONS),
        to=draw(optional(labels())), contact=draw(optional(labels())), purpose=draw(st.sampled_from(list(Purpose))),
        marking=draw(MARKINGS), key_messages=draw(statements(Finding)), considerations=draw(statements(Finding)),
        event=event, panel=panel, assessment=assessment, sources=sources,
    )


@pytest.mark.parametrize("format", ["yaml", "json"])
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(b=briefings())
def test_dump_then_load_gives_the_same_briefing(format: Any, b: Briefing) -> None:
    """load(dump(b)) == b for any valid briefing, tricky strings included."""
    assert loads(dump(b, format=format), format=format) == b


def test_the_document_marking_is_required() -> None:
    """A briefing without a marking is refused, saying what to write: unmarked is not public."""
    with pytest.raises(InputError) as info:
        loads(BASE, format="yaml", name="b.yaml")
    (p,) = info.value.problems
    assert (p.path, p.message) == ("marking", "required; write the document's TLP marking, e.g. marking: TLP:CLEAR")
    with pytest.raises(FieldError, match=r"^marking: required; write the document's TLP marking, e\.g\. marking: TLP:CLEAR$"):
        Briefing(title="T", date="2025-10-15", prepared_by="FC")
