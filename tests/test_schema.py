"""The input schema: generated from the model, shipped up to date, and in agreement with the loader."""

from __future__ import annotations

import importlib.resources
import json
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import tipreports as tr
from tipreports.load._yaml import YamlReader
from tipreports.schema import briefing_schema, field_reference, fields, schema_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = briefing_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def plain(text: str) -> Any:
    """YAML as the loader reads it before structuring: plain dicts, lists, text and numbers."""
    return YamlReader(text, [], {}).read()


def test_schema_is_draft_2020_12() -> None:
    """The schema names its dialect and is itself valid."""
    schema = briefing_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_shipped_schema_files_are_up_to_date() -> None:
    """schema/briefing.schema.json and the package's copy equal what the model generates (regenerate: make schema)."""
    expected = schema_text()
    assert (ROOT / "schema" / "briefing.schema.json").read_text(encoding="utf-8") == expected
    packaged = importlib.resources.files("tipreports").joinpath("schema/briefing.schema.json")
    assert packaged.read_text(encoding="utf-8") == expected


def test_examples_point_editors_at_the_schema() -> None:
    """Every example starts with the yaml-language-server line naming the shipped schema by a relative path."""
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/briefing.schema.json", path.name
        assert (path.parent / "../schema/briefing.schema.json").resolve().is_file()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_schema_accepts_every_example(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    """Each bundled example, as loaded plain data, is valid against the schema."""
    errors = [e.message for e in validator.iter_errors(plain(path.read_text(encoding="utf-8")))]
    assert errors == []


def test_schema_describes_fields_from_the_model() -> None:
    """Descriptions come from the attrs fields' metadata; required fields are those without a default."""
    schema = briefing_schema()
    assert schema["properties"]["title"]["description"] == "The title on the first page and in the file's properties."
    assert schema["required"][:3] == ["title", "date", "prepared_by"] and "subtitle" not in schema["required"]
    assert schema["$defs"]["TIPAssessment"]["required"][:2] == ["country", "report_year"]
    assert "bilingual" in schema["properties"] and "translation" not in schema["properties"]
    assert schema["additionalProperties"] is False
    assert all(info.description for info in fields()), [f"{i.owner}.{i.name}" for i in fields() if not i.description]


def test_schema_offers_tiers_markings_forms_and_purposes() -> None:
    """Editors are offered the printed names (and tier codes) as enums."""
    schema = briefing_schema()
    tier = schema["$defs"]["TIPAssessment"]["properties"]["tier"]
    assert tier["anyOf"][0]["enum"] == [
        "Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case", "1", "2", "2WL", "3", "SC",
    ]  # fmt: skip
    assert schema["properties"]["marking"]["anyOf"][0]["enum"] == [
        "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED",
    ]  # fmt: skip
    assert schema["properties"]["purpose"]["anyOf"][0]["enum"] == ["information", "decision"]
    assert schema["properties"]["language"]["enum"] == ["en", "th"]
    form = schema["$defs"]["Statistic"]["properties"]["form"]
    assert form["anyOf"][0]["enum"] == ["sex", "labour", "forced criminality", "unspecified"]


#: The required fields, and the marking (which a briefing should always state).
BASE = "title: T\ndate: 2025-10-15\nprepared_by: Org\nmarking: TLP:CLEAR\n"
ASSESSMENT = "assessment:\n  country: Thailand\n  report_year: 2025\n"

#: (name, YAML, whether the loader accepts it): the schema must say the same.
CASES = [
    ("minimal", BASE, True),
    ("organisation mapping", BASE.replace("prepared_by: Org", "prepared_by: {name: Org, short_name: O, url: 'https://o.org'}"), True),
    ("tier code", BASE + ASSESSMENT + "  tier: 2WL\n", True),
    ("tier any case", BASE + ASSESSMENT + "  tier: tier 2 watch-list\n", True),
    ("tier history", BASE + ASSESSMENT + "  tier: Tier 2\n  tier_history: [{year: 2024, tier: T2WL}, {year: 2025, tier: Tier 2}]\n", True),
    ("marking spellings", BASE.replace("TLP:CLEAR", "amber+strict") + "key_messages: [{text: a, marking: TLP:AMBER+STRICT}, {text: b, marking: 'TLP:RED'}]\n", True),
    ("old marking name", BASE.replace("TLP:CLEAR", "TLP:WHITE"), True),
    ("count text", BASE + "event: {name: E, participants: more than 170, agencies: '50+'}\n", True),
    ("per-language text", BASE.replace("title: T", "title: {en: T, th: ท}") + "language: th\n", True),
    ("form synonym", BASE + ASSESSMENT + "  tier: Tier 2\n  statistics: [{metric: convictions, form: labor, data_year: 2024, value: 12}]\n", True),
    ("purpose phrase", BASE + "purpose: For decision\n", True),
    ("strings and mappings", BASE + "key_messages: [one, {text: two, theme: t}]\n", True),
    ("null optional", BASE + "subtitle: null\nevent: ~\n", True),
    ("misspelt key", BASE.replace("title:", "titel:"), False),
    ("missing required", BASE.replace("title: T\n", ""), False),
    ("bad tier", BASE + ASSESSMENT + "  tier: Tier 4\n", False),
    ("bad marking", BASE.replace("TLP:CLEAR", "TLP:PURPLE"), False),
    ("quoted year", BASE + "assessment:\n  country: Thailand\n  report_year: '2025'\n  tier: Tier 2\n", False),
    ("year out of range", BASE + ASSESSMENT.replace("2025", "1999") + "  tier: Tier 2\n", False),
    ("text for a list", BASE + "key_messages: just one\n", False),
    ("participants in words", BASE + "event: {name: E, participants: ministers of 45 member states}\n", True),
    ("negative participants", BASE + "event: {name: E, participants: -5}\n", False),
    ("date in another form", BASE.replace("2025-10-15", "15/10/2025"), False),
    ("source id with a space", BASE + "sources: [{id: tip 2025, title: R}]\n", False),
    ("http link", BASE + "sources: [{id: r, title: R, url: 'http://example.org'}]\n", False),
    ("unknown nested key", BASE + "key_messages: [{text: a, sauce: r}]\n", False),
    ("unsupported language", BASE + "language: fr\n", False),
    ("unknown purpose", BASE + "purpose: urgent\n", False),
    ("negative count", BASE + "event: {name: E, participants: -5}\n", False),
    ("number for text", BASE.replace("title: T", "title: 2025"), False),
    ("too long a title", BASE.replace("title: T", f"title: {'x' * 201}"), False),
]


@pytest.mark.parametrize(("name", "text", "accepted"), CASES, ids=[c[0] for c in CASES])
def test_loader_and_schema_agree(validator: jsonschema.Draft202012Validator, name: str, text: str, accepted: bool) -> None:
    """The loader and the schema accept and reject the same inputs."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tr.InputWarning)
        try:
            tr.loads(text, format="yaml")
            loaded = True
        except tr.InputError:
            loaded = False
    valid = validator.is_valid(plain(text))
    assert (loaded, valid) == (accepted, accepted)


def test_schema_rejects_unknown_key_bad_tier_bad_marking(validator: jsonschema.Draft202012Validator) -> None:
    """The three mistakes an editor must flag as they are typed, each with the field it is in."""
    unknown = plain(BASE + "sumary: x\n")
    assert [e.message for e in validator.iter_errors(unknown)] == ["Additional properties are not allowed ('sumary' was unexpected)"]
    tier = jsonschema.exceptions.best_match(validator.iter_errors(plain(BASE + ASSESSMENT + "  tier: Tier 4\n")))
    assert tier is not None and list(tier.absolute_path) == ["assessment", "tier"]
    marking = plain(BASE + "key_messages: [{text: a, marking: TLP:PURPLE}]\n")
    found = jsonschema.exceptions.best_match(validator.iter_errors(marking))
    assert found is not None and list(found.absolute_path) == ["key_messages", 0, "marking"]


def test_json_example_validates_too(validator: jsonschema.Draft202012Validator) -> None:
    """A briefing written as JSON (what dump writes) is valid against the schema."""
    brief = tr.load(ROOT / "examples" / "thailand_2025.yaml")
    assert validator.is_valid(json.loads(tr.dump(brief, format="json")))


def test_field_reference_lists_every_field() -> None:
    """The generated reference has a section per part and a row per field, with defaults and allowed values."""
    page = field_reference(plain((ROOT / "examples" / "thailand_2025.yaml").read_text(encoding="utf-8")))
    for info in fields():
        assert f"| `{info.name}` |" in page
    assert "## Briefing {#briefing}" in page and "## TierPlacement {#tierplacement}" in page
    assert "| `purpose` | purpose | default `\"information\"` | `information`, `decision` |" in page
    assert "report_year: 2025" in page  # an example from the bundled example
