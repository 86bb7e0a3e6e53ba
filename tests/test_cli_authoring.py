"""The command line for writing briefings: `new`, `schema`, and warnings that do not fail a run."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import jsonschema

from tipreports.cli import main
from tipreports.load._yaml import YamlReader
from tipreports.schema import schema_text


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_new_then_validate(tmp_path: Path) -> None:
    """`new` writes a commented starter that `validate` accepts (exit 0 both)."""
    target = tmp_path / "brief.yaml"
    code, out, err = run("new", target)
    assert (code, err) == (0, "")
    assert out.startswith("wrote ") and "tipreports validate" in out
    code, out, err = run("validate", target)
    assert (code, err) == (0, "")
    assert out.strip() == f"{target}: ok (Replace with the briefing's title)"
    text = target.read_text(encoding="utf-8")
    assert text.count("\n#") > 40  # commented throughout
    assert f"date: {dt.date.today().isoformat()}" in text
    assert "\n# assessment:" in text  # no country asked for: the assessment is there to uncomment


def test_new_with_country_and_year(tmp_path: Path) -> None:
    """--country and --year write an assessment of that country in that year, which validates."""
    target = tmp_path / "thailand.yaml"
    assert run("new", target, "--country", "tha", "--year", "2025")[0] == 0
    text = target.read_text(encoding="utf-8")
    assert "\nassessment:\n  country:\n    name: THA" in text and "    iso3: THA\n" in text
    assert "# REPLACE with the country's name" in text
    assert "  report_year: 2025 " in text
    code, _out, err = run("validate", target)
    assert (code, err) == (0, "")


def test_new_starter_satisfies_the_schema_it_names(tmp_path: Path) -> None:
    """The starter's first line points at the installed schema by a relative path, and the starter is valid against it."""
    target = tmp_path / "brief.yaml"
    run("new", target, "--country", "KHM", "--year", "2024")
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_path = (target.parent / first.split("=", 1)[1]).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert jsonschema.Draft202012Validator(schema).is_valid(YamlReader(text, [], {}).read())


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    """An existing file is kept: exit 1 and one error line; --overwrite replaces it."""
    target = tmp_path / "brief.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, out, err = run("new", target)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and "already exists" in err and len(err.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run("new", target, "--overwrite")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_new_refuses_a_bad_country_or_year(tmp_path: Path) -> None:
    """A country code that is not three letters, or a report that is not out yet, is an error naming the option."""
    code, _out, err = run("new", tmp_path / "a.yaml", "--country", "Thailand")
    assert code == 1 and err.startswith("error: --country: expected a three-letter ISO 3166 code")
    code, _out, err = run("new", tmp_path / "b.yaml", "--country", "THA", "--year", str(dt.date.today().year + 5))
    assert code == 1 and err.startswith("error: --year: the ")
    assert not list(tmp_path.iterdir())


def test_schema_prints_the_shipped_schema() -> None:
    """`schema` prints the JSON Schema, exactly the generated text."""
    code, out, err = run("schema")
    assert (code, err) == (0, "")
    assert out == schema_text()
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_warnings_go_to_stderr_and_exit_zero(tmp_path: Path) -> None:
    """A TLP:WHITE marking: `validate` and `build` print 'warning: ...' with field and line, and exit 0."""
    brief = tmp_path / "old.yaml"
    brief.write_text("title: T\ndate: 2025-10-15\nprepared_by: FC\nmarking: TLP:WHITE\n", encoding="utf-8")
    code, out, err = run("validate", brief)
    assert code == 0
    assert out.strip() == f"{brief}: ok (T)"
    assert err == (
        "warning: marking: 'TLP:WHITE' is the TLP 1.0 name of 'TLP:CLEAR'; read as TLP:CLEAR "
        "(write TLP:CLEAR to silence this warning) (old.yaml, line 4)\n"
    )
    code, _out, err = run("build", brief, "--out", tmp_path / "out", "--format", "md")
    assert code == 0 and err.startswith("warning: marking: 'TLP:WHITE'")
