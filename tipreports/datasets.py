"""
Tier placements from published datasets.

:func:`read_tier_placements` reads the Kelley–Heiss tier dataset (Judith G.
Kelley and Andrew Heiss, *Scorecard Diplomacy*, 2017; MIT licence): one row per
country and report year with the columns ``countryname, iso, year, ccode, tier``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from pathlib import Path

from .errors import FieldError, InputError, Problem
from .model import Country, Tier, TierHistory, TierPlacement

__all__ = ["KELLEY_HEISS_TIERS", "read_tier_placements"]

#: The dataset's tier codes. ``NA`` (not ranked, a special case, or not yet
#: assessed) gives no placement for that year.
KELLEY_HEISS_TIERS: Mapping[str, Tier] = {
    "1": Tier.TIER_1,
    "2": Tier.TIER_2,
    "3": Tier.TIER_2_WATCH_LIST,
    "4": Tier.TIER_3,
}
_NOT_RANKED = "NA"
_COLUMNS = ("countryname", "iso", "year", "ccode", "tier")


def read_tier_placements(path: str | os.PathLike[str]) -> dict[str, tuple[Country, TierHistory]]:
    """
    Every country's tier history in a Kelley–Heiss CSV file, keyed by its code.

    The code is the dataset's ``iso`` column: ISO 3166 alpha-3 for most
    countries, three capitals of the dataset's own for a few (Kosovo is
    ``KOS``). A country's name is the one on its latest row. Raises
    :class:`~tipreports.errors.InputError` naming the line and column of
    every malformed row.
    """
    source = Path(os.fspath(path))
    name = source.name
    problems: list[Problem] = []
    names: dict[str, tuple[int, str]] = {}
    placements: dict[str, list[TierPlacement]] = {}
    seen: dict[tuple[str, int], int] = {}

    def problem(line: int, column: str, message: str) -> None:
        problems.append(Problem(path=column, message=message, line=line, source=name))

    # utf-8-sig: spreadsheet programs often save CSV with a byte-order mark
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = source.read_bytes()[: err.start].count(b"\n") + 1
        raise InputError.single("", f"not valid UTF-8 (byte {err.start}); save the table as UTF-8 CSV", line=line, source=name) from None
    with io.StringIO(text, newline="") as fh:
        reader = csv.DictReader(fh, strict=True)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in _COLUMNS if c not in header]
        if missing:
            raise InputError.single(
                "",
                f"missing column(s) {', '.join(missing)}; expected a header with {', '.join(_COLUMNS)}",
                line=1,
                source=name,
            )
        try:
            for row in reader:
                line = reader.line_num
                if None in row or any(row[c] is None for c in _COLUMNS):
                    problem(line, "", f"expected {len(header)} columns, got a row of a different length")
                    continue
                code = row["iso"].strip()
                country_name = row["countryname"].strip()
                year_text = row["year"].strip()
                tier_text = row["tier"].strip()
                if not year_text.isascii() or not year_text.isdigit():
                    problem(line, "year", f"expected a year such as 2014, got {year_text[:20]!r}")
                    continue
                year = int(year_text)
                if (code, year) in seen:
                    problem(line, "year", f"{code[:10]} {year} appears twice (first on line {seen[code, year]})")
                    continue
                seen[code, year] = line
                try:
                    country = Country(name=country_name, iso3=code)
                except FieldError as err:
                    problem(line, "iso" if err.field == "iso3" else "countryname", err.message)
                    continue
                if code not in names or year >= names[code][0]:
                    names[code] = (year, country.name)
                placements.setdefault(code, [])
                if tier_text == _NOT_RANKED:
                    continue
                tier = KELLEY_HEISS_TIERS.get(tier_text)
                if tier is None:
                    problem(line, "tier", f"unknown tier code {tier_text[:20]!r}; expected 1, 2, 3 (Watch List), 4 or NA")
                    continue
                try:
                    placements[code].append(TierPlacement(year=year, tier=tier))
                except FieldError as err:
                    problem(line, "year" if err.field == "year" else "tier", err.message)
        except csv.Error as err:
            problem(reader.line_num, "", f"malformed CSV: {err}")
    if problems:
        raise InputError(problems)
    return {
        code: (Country(name=names[code][1], iso3=code), TierHistory(placements=tuple(found)))
        for code, found in sorted(placements.items())
    }
