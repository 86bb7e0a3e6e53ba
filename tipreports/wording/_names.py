"""
A country's names in running text: from the input when it gives a name, else from the bundled table.

Also the one check the model cannot make (it imports no wording): a country
given by a code alone must be a code the table knows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from attrs import frozen

from ..errors import InputError, Problem
from ..model import Briefing, Country, Movement, Tier, TierHistory, TIPAssessment
from ._countries import country_names, known_codes

__all__ = [
    "MOVEMENT_SYMBOLS",
    "EnglishNames",
    "country_problems",
    "english_names",
    "movement_symbol",
    "require_known",
    "spans",
    "story",
    "thai_name",
]


#: The movement's symbol in every language: the badge says it in shape as well as in words and colour.
MOVEMENT_SYMBOLS = {Movement.UPGRADED: "\u25b2", Movement.DOWNGRADED: "\u25bc", Movement.REMAINED: "\u25a0"}


def movement_symbol(assessment: TIPAssessment) -> str:
    """``▲`` up, ``▼`` down, ``■`` kept; a movement with no direction (first ranked, not ranked) has none."""
    return MOVEMENT_SYMBOLS.get(assessment.history.movement(assessment.report_year), "")


def story(history: TierHistory) -> list[tuple[Movement, Tier, list[int]]]:
    """The history's story moves for the alt text, in order of year, the same move in several years said once."""
    told: dict[tuple[Movement, Tier], list[int]] = {}
    for move in sorted(history.story_moves(), key=lambda m: m.year):
        told.setdefault((move.movement, move.after), []).append(move.year)
    return [(movement, tier, years) for (movement, tier), years in told.items()]


@frozen(kw_only=True)
class EnglishNames:
    """A country's name without its article, the article (``the``, ``The`` or empty) and the possessive."""

    name: str
    article: str
    possessive: str


def _unknown(iso3: str) -> str:
    return (
        f"unknown country code {iso3!r}; the bundled table has the TIP Report's countries and territories "
        f"(ISO 3166 alpha-3, Kosovo 'KOS'): give the name as well, e.g. {{iso3: {iso3}, name: ...}}"
    )


def require_known(country: Country, path: str = "assessment.country.iso3") -> None:
    """Raise :class:`~tipreports.errors.InputError` when ``country`` has neither a name nor a code the table knows."""
    if country.name is None and country.iso3 is not None and country_names(country.iso3) is None:
        raise InputError.single(path, _unknown(country.iso3))


def country_problems(briefing: Briefing) -> Iterator[Problem]:
    """The problem of a briefing whose country is a code the table does not know, with no name given."""
    assessment = briefing.assessment
    if assessment is None:
        return
    country = assessment.country
    if country.name is None and country.iso3 is not None and country_names(country.iso3) is None:
        yield Problem(path="assessment.country.iso3", message=_unknown(country.iso3))


def english_names(country: Country) -> EnglishNames:
    """The English name, article and possessive: the input's name if given, else the table's."""
    if country.name is not None:
        article = country.article or ""
        base = f"{article} {country.name}" if article else country.name
        return EnglishNames(name=country.name, article=article, possessive=base + _apostrophe(country.name))
    require_known(country)
    assert country.iso3 is not None
    row = country_names(country.iso3)
    assert row is not None
    return EnglishNames(name=row.name, article=row.article, possessive=row.possessive)


def thai_name(country: Country) -> tuple[str, bool]:
    """
    The Thai name without ``ประเทศ``, and whether Thai prose may call it ``ประเทศ``.

    The input's name is taken as written (``ประเทศไทย`` loses its prefix
    here and gets it back in a sentence). Without a Thai name in the table the
    English name stands in.
    """
    if country.name is not None:
        return country.name.removeprefix("ประเทศ"), True
    require_known(country)
    assert country.iso3 is not None
    row = country_names(country.iso3)
    assert row is not None
    if row.name_th:
        return row.name_th, not row.territory
    return row.name, False


def _apostrophe(name: str) -> str:
    # The report writes "the Philippines'" and "Laos'": a name ending in s takes the apostrophe alone.
    return "'" if name.endswith("s") else "'s"


def spans(years: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive years as ``(first, last)`` spans: ``2016, 2017, 2019`` → ``(2016, 2017), (2019, 2019)``."""
    out: list[tuple[int, int]] = []
    for y in years:
        if out and out[-1][1] == y - 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def is_known(iso3: str) -> bool:
    """Whether the bundled table has ``iso3``."""
    return iso3 in known_codes()
