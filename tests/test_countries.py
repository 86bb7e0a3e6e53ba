"""The bundled country-name table: every country of the tier dataset, named as the report names it."""

from __future__ import annotations

import csv
import re
from importlib.resources import files
from pathlib import Path

import pytest

from tipreports.wording import country_names

DATASET = Path(__file__).parent / "data" / "tier_placements_2001_2015.csv"
ASEAN_AND_TIMOR_LESTE = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")
#: Pieces of registry (ISO/UN) forms that running text never uses.
REGISTRY = ("Province of China", "(Dutch part)", "Islamic Republic", "Bolivarian", "Plurinational", "United Republic of",
            "Darussalam", "former Yugoslav", "Russian Federation", "Syrian Arab Republic", "Viet Nam", "Lao People's")  # fmt: skip


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    text = files("tipreports.wording").joinpath("countries.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_country_of_the_dataset_and_the_united_states(rows: list[dict[str, str]]) -> None:
    """All 193 codes of the Kelley–Heiss dataset have a row, plus the United States (ranked since 2010)."""
    with DATASET.open(encoding="utf-8", newline="") as fh:
        codes = {row["iso"] for row in csv.DictReader(fh)}
    table = {row["iso3"] for row in rows}
    assert len(codes) == 193
    assert codes | {"USA"} == table
    assert len(rows) == len(table) == 194


def test_names_are_running_text_not_registry_forms(rows: list[dict[str, str]]) -> None:
    """No inverted names ('Korea, Democratic People's Republic of'), no registry long forms, no article inside the name."""
    for row in rows:
        name = row["name"]
        assert "," not in name, name
        assert not re.search(r"( of| the)$", name), name
        assert not any(piece in name for piece in REGISTRY), name
        assert not name.lower().startswith("the "), name


def test_articles_and_possessives_follow_one_rule(rows: list[dict[str, str]]) -> None:
    """The article is '', 'the' or 'The'; the possessive is article + name + 's, or ' alone after an s."""
    for row in rows:
        article, name = row["article"], row["name"]
        assert article in ("", "the", "The"), row["iso3"]
        base = f"{article} {name}" if article else name
        assert row["possessive"] == base + ("'" if name.endswith("s") else "'s"), row["iso3"]


def test_every_row_says_where_its_name_came_from(rows: list[dict[str, str]]) -> None:
    """Each row is 'yes', 'secondary' or 'no' and names its source; an unchecked one says so."""
    for row in rows:
        assert row["confirmed"] in ("yes", "secondary", "no"), row["iso3"]
        assert row["source"].strip(), row["iso3"]
        if row["confirmed"] == "no":
            assert "not checked" in row["source"], row["iso3"]
    assert sum(row["confirmed"] == "yes" for row in rows) >= 36


def test_thai_names_for_asean_and_timor_leste(rows: list[dict[str, str]]) -> None:
    """Every ASEAN member and Timor-Leste has a Thai name, in Thai script, without 'ประเทศ' (the phrasebook adds it)."""
    by_code = {row["iso3"]: row for row in rows}
    for code in ASEAN_AND_TIMOR_LESTE:
        thai = by_code[code]["name_th"]
        assert re.search("[\u0e00-\u0e7f]", thai), code
        assert not thai.startswith("ประเทศ"), code


def test_lookup_by_code() -> None:
    """The table is read once and looked up by code; an unknown code gives None."""
    row = country_names("PHL")
    assert row is not None and (row.name, row.article, row.possessive) == ("Philippines", "the", "the Philippines'")
    assert country_names("XYZ") is None
    assert country_names("HKG").territory  # type: ignore[union-attr]
    assert not country_names("THA").territory  # type: ignore[union-attr]
