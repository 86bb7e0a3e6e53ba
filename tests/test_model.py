"""The domain model's invariants: frozen, keyword-only, converted at the boundary, validated with named fields."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

from tipreports.errors import FieldError, InputError
from tipreports.model import (
    Briefing,
    Comparison,
    Count,
    Event,
    Finding,
    Form,
    Marking,
    Organisation,
    Panel,
    Person,
    Purpose,
    Qualifier,
    Source,
    Statistic,
    Tier,
    TierHistory,
    TierPlacement,
    TIPAssessment,
)

PACKAGE = Path(__file__).parent.parent / "tipreports"


def field_error(excinfo: pytest.ExceptionInfo[FieldError]) -> tuple[str, str]:
    return excinfo.value.field, excinfo.value.message


def minimal(**changes: object) -> Briefing:
    fields: dict[str, object] = {"title": "T", "date": "2025-10-15", "prepared_by": "FC", "marking": "TLP:CLEAR"}
    fields.update(changes)
    return Briefing(**fields)  # type: ignore[arg-type]


# -- shape -----------------------------------------------------------------------------------------


def test_objects_are_frozen() -> None:
    """Model objects cannot be changed after construction; attrs.evolve makes a new one."""
    finding = Finding(text="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.text = "y"  # type: ignore[misc]
    assert attrs.evolve(finding, text="y") == Finding(text="y")


def test_fields_are_keyword_only() -> None:
    """Positional arguments are refused, so a reordering of fields cannot silently swap values."""
    with pytest.raises(TypeError):
        TierPlacement(2014, Tier.TIER_3)  # type: ignore[misc]


@pytest.mark.parametrize(
    "cls", [Briefing, Event, Panel, TIPAssessment, TierPlacement, TierHistory, Finding, Organisation, Count]
)
def test_every_class_is_frozen_and_keyword_only(cls: type) -> None:
    """Each model class is declared frozen with keyword-only fields."""
    assert all(a.kw_only for a in attrs.fields(cls))
    assert cls.__setattr__ is not object.__setattr__


# -- converters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tier"),
    [("Tier 2 Watch List", Tier.TIER_2_WATCH_LIST), ("2WL", Tier.TIER_2_WATCH_LIST), ("tier 3", Tier.TIER_3),
     ("Tier II", Tier.TIER_2), ("SC", Tier.SPECIAL_CASE), ("1", Tier.TIER_1)],
)
def test_tier_names_and_codes_are_converted(text: str, tier: Tier) -> None:
    """Printed names and common codes become Tier members."""
    assert TierPlacement(year=2014, tier=text).tier is tier


@pytest.mark.parametrize(
    ("text", "marking"),
    [("TLP:AMBER+STRICT", Marking.AMBER_STRICT), ("amber+strict", Marking.AMBER_STRICT),
     ("TLP:WHITE", Marking.CLEAR), ("red", Marking.RED)],
)
def test_marking_labels_are_converted(text: str, marking: Marking) -> None:
    """TLP labels in any case, and the old TLP:WHITE, become Marking members."""
    assert Finding(text="x", marking=text).marking is marking


def test_markings_are_ordered() -> None:
    """TLP markings order from least to most restrictive."""
    assert sorted(Marking, reverse=True)[0] is Marking.RED
    assert Marking.CLEAR < Marking.GREEN < Marking.AMBER < Marking.AMBER_STRICT < Marking.RED


@pytest.mark.parametrize(
    ("text", "count"),
    [("more than 170", Count(value=170, qualifier=Qualifier.MORE_THAN)), ("170+", Count(value=170, qualifier=Qualifier.MORE_THAN)),
     ("about 1,200", Count(value=1200, qualifier=Qualifier.ABOUT)), ("52", Count(value=52))],
)
def test_counts_are_parsed_and_printed(text: str, count: Count) -> None:
    """Approximate counts are read as people write them and printed back in one form."""
    assert Event(name="E", participants=text).participants == count
    assert Count.parse(str(count)) == count


def test_plain_values_become_model_objects() -> None:
    """Strings become organisations and findings, lists become tuples, ISO strings become dates."""
    panel = Panel(title="P", co_presenters=["FC"], strengths=["a"], date="2025-10-15")
    assert panel.co_presenters == (Organisation(name="FC"),)
    assert panel.strengths == (Finding(text="a"),)
    assert panel.date == dt.date(2025, 10, 15)
    assert Statistic(metric="m", form="labor trafficking", data_year=2024, value=1).form is Form.LABOUR
    assert minimal(purpose="for decision").purpose is Purpose.DECISION


def test_text_is_stripped_and_nfc_normalised() -> None:
    """Surrounding whitespace goes and decomposed accents are composed."""
    assert Finding(text="  Cafe\u0301 \n").text == "Café"


# -- validators ------------------------------------------------------------------------------------


def test_validators_name_the_field() -> None:
    """A validator's error names the field it is about."""
    with pytest.raises(FieldError) as info:
        Finding(text="   ")
    assert field_error(info) == ("text", "must not be empty")
    with pytest.raises(FieldError) as info:
        TIPAssessment(country="Thailand", report_year=2000, tier="Tier 2")
    assert field_error(info) == ("report_year", "2000 is too small; expected at least 2001")


def test_wrong_types_are_refused_not_coerced() -> None:
    """A number in a text field and a bool in a number field are refused."""
    with pytest.raises(FieldError) as info:
        Organisation(name=5)  # type: ignore[arg-type]
    assert field_error(info) == ("name", "expected text, got a number")
    with pytest.raises(FieldError) as info:
        TierPlacement(year=True, tier="Tier 1")
    assert field_error(info) == ("year", "expected a whole number, got true/false")


def test_text_not_in_nfc_is_named() -> None:
    """Where no converter normalises (a source id), text not in NFC is refused by name."""
    with pytest.raises(FieldError) as info:
        Source(id="e\u0301", title="t")
    assert field_error(info) == ("id", "text is not in Unicode NFC form")


def test_control_characters_named_with_position() -> None:
    """A control character is named by code point and position; a label refuses even a newline."""
    with pytest.raises(FieldError) as info:
        Event(name="TIP\x00NET")
    assert field_error(info) == ("name", "control character U+0000 at position 3; remove it (this field is a single line)")
    with pytest.raises(FieldError) as info:
        Organisation(name="a\nb")
    assert field_error(info) == ("name", "control character U+000A at position 1; remove it (this field is a single line)")
    assert Finding(text="line one\nline two").text == "line one\nline two"
    with pytest.raises(FieldError) as info:
        Finding(text="bell\x07")
    assert field_error(info) == ("text", "control character U+0007 at position 4; remove it")


def test_text_length_limit() -> None:
    """An item's text holds at most 2,000 characters."""
    assert len(Finding(text="x" * 2_000).text) == 2_000
    with pytest.raises(FieldError) as info:
        Finding(text="x" * 2_001)
    assert field_error(info) == ("text", "too long: 2,001 characters; at most 2,000 allowed")


def test_list_length_limit() -> None:
    """A list holds at most 200 items."""
    assert len(Panel(title="P", strengths=["s"] * 200).strengths) == 200
    with pytest.raises(FieldError) as info:
        Panel(title="P", strengths=["s"] * 201)
    assert field_error(info) == ("strengths", "too many items: 201; at most 200 allowed")


def test_list_items_are_checked() -> None:
    """A wrong item in a list is named by its index."""
    with pytest.raises(FieldError) as info:
        Panel(title="P", strengths=["a", 5])
    assert field_error(info) == ("strengths[1]", "expected a finding (text or a mapping with 'text'), got a number")


def test_watch_list_before_2004_refused() -> None:
    """The Watch List did not exist before the 2004 report."""
    with pytest.raises(FieldError) as info:
        TierPlacement(year=2003, tier="Tier 2 Watch List")
    assert field_error(info) == ("tier", "the Watch List was first used in 2004, not in 2003")


def test_waiver_only_on_the_watch_list() -> None:
    """A waiver only applies to a Watch List placement."""
    with pytest.raises(FieldError) as info:
        TierPlacement(year=2014, tier="Tier 3", waiver=True)
    assert field_error(info) == ("waiver", "a waiver only applies to a Tier 2 Watch List placement")


def test_chatham_house_panels_name_no_people() -> None:
    """Under the Chatham House Rule a panel lists organisations, not speakers."""
    with pytest.raises(FieldError) as info:
        Panel(title="P", chatham_house=True, speakers=[Person(name="A")])
    assert info.value.field == "speakers"


def test_links_must_be_https_or_mailto() -> None:
    """Links are https or mailto only: no javascript: or file: links reach a document."""
    with pytest.raises(FieldError) as info:
        Source(id="s", title="t", url="javascript:alert(1)")
    assert field_error(info) == ("url", "links must start with 'https://' or 'mailto:' and contain no spaces")


# -- cross-field checks ----------------------------------------------------------------------------


def test_unknown_source_id_refused() -> None:
    """A finding citing a source that is not listed is refused with its path and the known ids."""
    with pytest.raises(InputError) as info:
        minimal(key_messages=[Finding(text="x", source="nope")], sources=[Source(id="tip2025", title="TIP")])
    (p,) = info.value.problems
    assert (p.path, p.message) == ("key_messages[0].source", "unknown source id 'nope'; expected one of 'tip2025'")


def test_duplicate_source_ids_refused() -> None:
    """Two sources with one id are refused at the second."""
    with pytest.raises(InputError) as info:
        minimal(sources=[Source(id="a", title="A"), Source(id="a", title="B")])
    (p,) = info.value.problems
    assert (p.path, p.message) == ("sources[1].id", "duplicate source id 'a' (first at [0])")


def test_tier_must_match_history() -> None:
    """The assessment's tier must be the history's placement for the report year."""
    history = TierHistory.from_pairs({2024: "Tier 2", 2025: "Tier 2"})
    with pytest.raises(FieldError) as info:
        TIPAssessment(country="Thailand", report_year=2025, tier="Tier 3", tier_history=history)
    assert field_error(info) == ("tier", "Tier 3 contradicts tier_history, which places 2025 on Tier 2")


def test_history_must_reach_the_report_year() -> None:
    """A history without the report year's placement says what to add."""
    with pytest.raises(FieldError) as info:
        TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2", tier_history=TierHistory.from_pairs({2024: "Tier 2"}))
    assert field_error(info) == ("tier_history", "has no placement for the report year 2025; add {year: 2025, tier: Tier 2}")


def test_data_year_after_report_year_refused() -> None:
    """A statistic's data year cannot be after the report year."""
    with pytest.raises(FieldError) as info:
        TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2",
                      statistics=[Statistic(metric="convictions", data_year=2026, value=1)])
    assert field_error(info) == ("statistics[0].data_year", "2026 is after the report year 2025")


def test_comparison_must_be_earlier() -> None:
    """A comparison is with an earlier data year."""
    with pytest.raises(FieldError) as info:
        Statistic(metric="m", data_year=2024, value=1, comparison=Comparison(data_year=2024, value=2))
    assert field_error(info) == ("comparison.data_year", "2024 must be before the data year 2024")


def test_release_date_in_report_year() -> None:
    """The release date falls in the report year."""
    with pytest.raises(FieldError) as info:
        TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2", release_date="2024-06-24")
    assert field_error(info) == ("release_date", "2024-06-24 is not in the report year 2025")


def test_report_year_after_briefing_date_refused() -> None:
    """A briefing cannot discuss a report from after the year following its own date."""
    with pytest.raises(InputError) as info:
        minimal(date="2020-01-01", assessment=TIPAssessment(country="Thailand", report_year=2025, tier="Tier 2"))
    (p,) = info.value.problems
    assert (p.path, p.message) == ("assessment.report_year", "2025 is after the briefing's date (2020-01-01)")


# -- import boundaries -----------------------------------------------------------------------------

_RENDERERS = ("docx", "reportlab", "jinja2")


def _imported_after(code: str) -> list[str]:
    probe = code + textwrap.dedent(
        f"""
        import sys
        print(sorted({{m.split(".")[0] for m in sys.modules}} & set({_RENDERERS!r})))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return eval(out.stdout)  # type: ignore[no-any-return]  # a list literal we printed ourselves


def test_model_imports_no_renderer() -> None:
    """The model's own modules import nothing of docx, reportlab or jinja2."""
    # the package's __init__ loads the renderers on purpose; put an empty package in its place
    setup = textwrap.dedent(
        f"""
        import sys, types
        package = types.ModuleType("tipreports")
        package.__path__ = [{str(PACKAGE)!r}]
        sys.modules["tipreports"] = package
        import tipreports.model
        """
    )
    assert _imported_after(setup) == []


def test_model_modules_import_no_renderer_by_source() -> None:
    """No module under tipreports/model/ names docx, reportlab or jinja2 in an import statement."""
    import ast

    for path in sorted(PACKAGE.joinpath("model").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] in ("docx", "reportlab", "jinja2")], path.name


def test_an_invalid_source_id_is_not_echoed() -> None:
    """A malformed source id (which may be marked) is named by its field only."""
    from tipreports.errors import FieldError

    with pytest.raises(FieldError) as caught:
        Finding(text="x", source="informant Somchai Jaidee")
    assert "Somchai" not in str(caught.value)
    assert str(caught.value).startswith("source: invalid source id; use letters")
