"""
A starter briefing: the YAML ``tipreports new`` writes, with a comment on every field.

The text is what a person would write first, not a dump of the model: the
required fields filled with placeholders that read as placeholders, the
optional ones commented out with an example, and a line at the top that points
editors at the input schema. It always loads; :func:`starter` checks that.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
from pathlib import Path

from .load import loads
from .model.tier import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR

__all__ = ["SCHEMA_RESOURCE", "schema_reference", "starter"]

#: The input schema inside the package.
SCHEMA_RESOURCE = "schema/briefing.schema.json"

_HEAD = """\
# yaml-language-server: $schema={schema}
#
# A briefing for tipreports. Fill in what you know and delete what you do not
# need; lines starting with '#' are comments. Then:
#   tipreports validate {name}             every problem, with its line
#   tipreports build {name} --out out      a briefing note (DOCX) and a one-pager (PDF)
# Every field, with what it takes: `tipreports schema`, or the field reference
# in the documentation. Text may be given per language: {{en: "...", th: "..."}}.

title: Replace with the briefing's title        # on the first page and in the file's properties
# subtitle: What the panel heard, what the report found
date: {date}                               # the briefing's date, as YYYY-MM-DD
prepared_by: Replace with your organisation    # or {{name: ..., short_name: ..., url: https://...}}
# to: Programme and policy staff               # the note's 'To' line
# contact: name@example.org
purpose: information                           # why it is sent: information or decision
marking: TLP:CLEAR                             # the document's TLP 2.0 marking: TLP:CLEAR, TLP:GREEN,
                                               # TLP:AMBER, TLP:AMBER+STRICT or TLP:RED; items without
                                               # their own marking carry it
# language: en                                 # en (English) or th (Thai)

# The points a reader must take away, most important first: each is text, or
# {{text, theme, source, marking}} when it cites a source or is more restricted.
key_messages:
  - Replace with the first key message.
  # - text: A message only some readers may see.
  #   source: tip{year}                          # the id of a source listed under 'sources'
  #   marking: TLP:AMBER                       # left out when rendering for TLP:CLEAR or TLP:GREEN

# The conference or meeting where the panel took place.
# event:
#   name: TIPNET {year}
#   date: {year}-08-20
#   location: Bangkok
#   convenor: {{name: Department of Special Investigation, short_name: DSI}}
#   participants: more than 170                # a number, or 'more than 170', 'about 1,200', '170+'
#   source: event-note

# The panel and the perspective it offered.
# panel:
#   title: The panel's title
#   chatham_house: true                        # attribute remarks to organisations, never to people
#   co_presenters: [Your organisation]
#   strengths:
#     - What the panel saw as working well.
#   challenges:
#     - What the panel saw as the gaps.
#   recommendations:                           # most important first
#     - What the panel recommended.
"""

_ASSESSMENT = """
# What the {year} TIP Report says about the country.
assessment:
  country:
{name_line}
    iso3: {iso3}
  report_year: {year}                            # the edition of the TIP Report
  tier: Tier 2                                 # REPLACE with the tier the {year} report gives: Tier 1, Tier 2,
                                               # Tier 2 Watch List, Tier 3 or Special Case
  # tier_history:                              # earlier placements, for the figure and the movement sentence
  #   - {{year: {previous}, tier: Tier 2}}
  #   - {{year: {year}, tier: Tier 2}}
  # progress:
  #   - text: What the report recognises as progress.
  #     source: tip{year}
  # concerns:
  #   - What the report notes as a concern.
  # recommendations:                           # the report's prioritized recommendations, in its order
  #   - The report's first recommendation.
  # statistics:                                # aggregates only, never a figure that identifies a person
  #   - {{metric: convictions, form: labour, data_year: {previous}, value: 0, source: tip{year}}}
"""

_NO_ASSESSMENT = """
# What the year's TIP Report says about a country (`tipreports new FILE --country THA --year 2025`
# writes this part for you).
# assessment:
#   country: {{name: Thailand, iso3: THA}}
#   report_year: {year}
#   tier: Tier 2
"""

_TAIL = """
# Points for the reader to weigh or decide on.
# considerations:
#   - A point to weigh.

# The sources cited; items refer to them by id.
# sources:
#   - id: tip{year}
#     title: {year} Trafficking in Persons Report
#     publisher: U.S. Department of State
#     url: https://www.state.gov/reports/{year}-trafficking-in-persons-report/
"""


def _country_name(iso3: str) -> str | None:
    """The country's name for an ISO 3166 alpha-3 code, when tipreports knows it."""
    # No table of country names ships yet: the code stands in for the name, with a note to replace it.
    del iso3
    return None


def schema_reference(target: Path) -> str:
    """The installed input schema as a path relative to ``target``'s folder (absolute when there is none)."""
    schema = Path(str(importlib.resources.files("tipreports").joinpath(SCHEMA_RESOURCE)))
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()


def starter(
    target: Path,
    *,
    country: str | None = None,
    year: int | None = None,
    today: dt.date | None = None,
) -> str:
    """
    The starter briefing for ``target``, with an assessment of ``country`` (ISO alpha-3) in ``year``.

    Raises :class:`ValueError` for a country code or year that cannot be right,
    and :class:`~tipreports.errors.InputError` if the text would not load.
    """
    today = today or dt.date.today()
    year = year or today.year
    if not FIRST_REPORT_YEAR <= year <= LAST_PLAUSIBLE_YEAR:
        raise ValueError(f"--year: {year} is not a TIP Report year ({FIRST_REPORT_YEAR}–{LAST_PLAUSIBLE_YEAR})")
    if year > today.year + 1:
        raise ValueError(f"--year: the {year} report is not out yet (the briefing is dated {today.isoformat()})")
    text = _HEAD.format(schema=schema_reference(target), name=target.name, date=today.isoformat(), year=year)
    if country is None:
        text += _NO_ASSESSMENT.format(year=year)
    else:
        code = country.strip().upper()
        if not (len(code) == 3 and code.isascii() and code.isalpha()):
            raise ValueError(f"--country: expected a three-letter ISO 3166 code such as THA, got {country[:20]!r}")
        name = _country_name(code)
        name_line = f"    name: {name or code}"
        if name is None:
            name_line = name_line.ljust(47) + "# REPLACE with the country's name as the TIP Report writes it"
        text += _ASSESSMENT.format(year=year, previous=year - 1, iso3=code, name_line=name_line)
    text += _TAIL.format(year=year)
    loads(text, format="yaml", name=target.name)  # a starter that does not load would be a bug, not the user's problem
    return text
