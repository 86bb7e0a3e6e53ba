"""
The bundled table of country names as the TIP Report writes them in running text.

``countries.csv`` (beside this module; its provenance is in ``COUNTRIES.md``)
has one row per country or territory of the Kelley–Heiss tier dataset, plus
the United States: the name without its article, the article (``the``, or
``The`` where the report capitalises it mid-sentence: "The Gambia"), the
possessive, the report's abbreviation, a Thai short name where known, whether
it is a territory rather than a state, how far the name was confirmed and from
what. The file is read once, on first use.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from importlib.resources import files

from attrs import frozen

__all__ = ["CountryNames", "country_names", "known_codes"]


@frozen(kw_only=True)
class CountryNames:
    """One row of the table: how the report (and, where known, Thai) names a country."""

    iso3: str
    #: Without its article: ``Philippines``.
    name: str
    #: ``the``, ``The`` or empty.
    article: str
    #: ``the Philippines'``.
    possessive: str
    #: The report's short form for later mentions (``DPRK``), or empty.
    abbrev: str
    #: The Thai short name without ``ประเทศ`` (``ฟิลิปปินส์``), or empty.
    name_th: str
    #: A territory, not a state (Hong Kong, Taiwan): Thai prose does not call it ``ประเทศ``.
    territory: bool
    #: ``yes`` (seen in the report), ``secondary`` (a U.S. Government restatement) or ``no``.
    confirmed: str
    source: str


@functools.cache
def _table() -> Mapping[str, CountryNames]:
    text = files("tipreports.wording").joinpath("countries.csv").read_text(encoding="utf-8")
    rows: dict[str, CountryNames] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        rows[row["iso3"]] = CountryNames(
            iso3=row["iso3"],
            name=row["name"],
            article=row["article"],
            possessive=row["possessive"],
            abbrev=row["abbrev"],
            name_th=row["name_th"],
            territory=row["territory"] == "yes",
            confirmed=row["confirmed"],
            source=row["source"],
        )
    return rows


def country_names(iso3: str) -> CountryNames | None:
    """The table's row for ``iso3`` (``PHL``), or None for a code it does not hold."""
    return _table().get(iso3)


def known_codes() -> frozenset[str]:
    """Every code the table holds."""
    return frozenset(_table())
