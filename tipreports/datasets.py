"""
Tier placements from published datasets, and one-pagers made from them.

:func:`read_tier_placements` reads the Kelley–Heiss tier dataset (Judith G.
Kelley and Andrew Heiss, *Scorecard Diplomacy*, 2017; MIT licence): one row per
country and report year with the columns ``countryname, iso, year, ccode, tier``.
:func:`briefings_from_placements` turns such a table into one briefing per
country, with nothing in it that the table does not say. A country's name is
the TIP Report's running-text name from the bundled table (the dataset's
``countryname`` is a registry form: "Korea, Democratic People's Republic of");
the dataset's name is kept only for a code the table lacks. The dataset's
``NA`` is "no placement in this dataset", not "not ranked": a history read
from it never claims a first placement.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from attrs import frozen

from ._io import read_regular_file
from ._names import MAX_SLUG, slug
from .errors import FieldError, InputError, Problem, TipReportsError
from .load import MAX_PROBLEMS
from .model import Briefing, Country, Marking, Source, Tier, TierHistory, TierPlacement, TIPAssessment
from .wording import country_names, phrasebook

__all__ = [
    "KELLEY_HEISS",
    "KELLEY_HEISS_TIERS",
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "Skipped",
    "briefings_from_placements",
    "last_year",
    "read_tier_placements",
]

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
#: Largest tier table read: the dataset for 2001–2015 is 84 KB.
MAX_TABLE_BYTES = 2 * 1024 * 1024
#: Most rows read from a tier table: about 200 countries a year.
MAX_TABLE_ROWS = 20_000


def read_tier_placements(path: str | os.PathLike[str]) -> dict[str, tuple[Country, TierHistory]]:
    """
    Every country's tier history in a Kelley–Heiss CSV file, keyed by its code.

    The code is the dataset's ``iso`` column: ISO 3166 alpha-3 for most
    countries, three capitals of the dataset's own for a few (Kosovo is
    ``KOS``). A country's name is the one on its latest row. Raises
    :class:`~tipreports.errors.InputError` naming the line and column of
    every malformed row. Only a regular file of at most
    :data:`MAX_TABLE_BYTES` and :data:`MAX_TABLE_ROWS` rows is read, one
    line at a time.
    """
    source = Path(os.fspath(path))
    name = source.name[:100]
    data = read_regular_file(source, MAX_TABLE_BYTES)
    problems: list[Problem] = []
    names: dict[str, tuple[int, str]] = {}
    placements: dict[str, list[TierPlacement]] = {}
    seen: dict[tuple[str, int], int] = {}

    def problem(line: int, column: str, message: str) -> None:
        problems.append(Problem(path=column, message=message, line=line, source=name))

    reader = csv.DictReader(_lines(data, name), strict=True)
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
        for rows, row in enumerate(reader, start=1):
            line = reader.line_num
            if rows > MAX_TABLE_ROWS:
                raise InputError.single(
                    "", f"more than {MAX_TABLE_ROWS:,} rows; a tier table has one row per country and report year", line=line, source=name
                )
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
                names[code] = (year, country.name or country_name)
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
            if len(problems) >= MAX_PROBLEMS:
                break
    except csv.Error as err:
        problem(reader.line_num, "", f"malformed CSV: {err}")
    if problems:
        raise InputError(problems)
    return {code: (_country(code, names[code][1]), TierHistory(placements=tuple(found))) for code, found in sorted(placements.items())}


def _country(code: str, dataset_name: str) -> Country:
    # The table's name is the report's; the dataset's stands in only for a code the table lacks.
    return Country(iso3=code) if country_names(code) is not None else Country(name=dataset_name, iso3=code)


def _lines(data: bytes, name: str) -> Iterator[str]:
    """The table's lines as text, decoded one at a time, so that a bad byte is named by its line."""
    # utf-8-sig: spreadsheet programs often save CSV with a byte-order mark
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True), start=1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise InputError.single(
                "", f"not valid UTF-8 (byte 0x{raw[err.start]:02X} at column {err.start + 1}); save the table as UTF-8 CSV", line=number, source=name
            ) from None


# -- one-pagers from a tier-placement table -----------------------------------------------------

#: The citation of the Kelley–Heiss dataset.
KELLEY_HEISS = Source(
    id="kelley-heiss",
    title="Scorecard Diplomacy: tier placements in the U.S. Trafficking in Persons Report (dataset, MIT licence)",
    publisher="Judith G. Kelley and Andrew Heiss, 2017",
)


@frozen(kw_only=True)
class Skipped:
    """An input left out on purpose (e.g. a country not ranked in the chosen year), and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def last_year(table: Mapping[str, tuple[Country, TierHistory]]) -> int:
    """The last report year with any placement in ``table``."""
    years = [placement.year for _country, history in table.values() for placement in history.placements]
    if not years:
        raise TipReportsError("the tier table has no placements")
    return max(years)


def briefings_from_placements(
    table: Mapping[str, tuple[Country, TierHistory]],
    *,
    year: int | None = None,
    countries: Iterable[str] | None = None,
    date: dt.date | None = None,
    prepared_by: str = "tipreports",
    source: Source = KELLEY_HEISS,
) -> tuple[dict[str, Briefing], tuple[Skipped, ...]]:
    """
    One briefing per country ranked in ``year`` (default: the table's last year).

    ``table`` maps ISO3 codes to ``(Country, TierHistory)`` as
    :func:`read_tier_placements` returns it. Each briefing holds only the tier
    history up to ``year`` (so the tier sentence and the chart), cited to
    ``source``; no findings are invented. Countries without a placement in
    ``year``, and codes not in the table, come back as :class:`Skipped`. Keys
    of the result are file-name bases (``thailand-2015``).
    """
    year = last_year(table) if year is None else year
    say = phrasebook("en")
    wanted = list(table) if countries is None else [code.strip().upper() for code in countries if code.strip()]
    date = date or dt.date.today()
    briefings: dict[str, Briefing] = {}
    skipped: list[Skipped] = []
    for code in wanted:
        entry = table.get(code)
        if entry is None:
            skipped.append(Skipped(name=code, reason="not in the table"))
            continue
        country, history = entry
        placed = history.get(year)
        if placed is None:
            skipped.append(Skipped(name=code, reason=f"{say.country_start(country)} has no placement in {year}"))
            continue
        upto = TierHistory(placements=tuple(placement for placement in history.placements if placement.year <= year))
        assessment = TIPAssessment(country=country, report_year=year, tier=placed.tier, tier_history=upto, source=source.id,
                                   tier_history_source=source.id)
        briefing = Briefing(
            title=say.dataset_title(country, year),
            subtitle=say.dataset_subtitle(upto.placements[0].year, year),
            date=date,
            prepared_by=prepared_by,
            marking=Marking.CLEAR,
            assessment=assessment,
            sources=(source,),
        )
        briefings[f"{slug(say.country(country), MAX_SLUG - 5).removeprefix('the-')}-{year}"] = briefing
    return briefings, tuple(skipped)
