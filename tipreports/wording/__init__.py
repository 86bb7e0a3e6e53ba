"""
The wording layer: every word a reader sees, one phrasebook per language.

The model holds facts (movement, streaks, waivers, designations, counts);
a :class:`Phrasebook` says them: tier names, badges, tier and waiver
sentences, the TVPA minimum-standards sentence, designations, statistics,
dates, labels, event and panel sentences, the chart's labels and alt text,
page furniture. This package imports the model, never the reverse; templates
only place what it says (``{{ say.tier_sentence(assessment) }}``).

>>> from tipreports.wording import phrasebook
>>> say = phrasebook("en")
>>> say.tier_sentence(brief.assessment)            # doctest: +SKIP
'Thailand remained on Tier 2 for the fourth consecutive year.'

A language is one module implementing :class:`Phrasebook` and one row in
:data:`PHRASEBOOKS` (its code also listed in ``tipreports.model.briefing.LANGUAGES``),
plus a font that draws its script.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..errors import Problem
from ..model import Briefing
from ._countries import CountryNames, country_names
from ._names import country_problems
from ._protocol import LABELS, Label, Phrasebook
from .en import English
from .th import Thai

__all__ = ["LABELS", "PHRASEBOOKS", "CountryNames", "Label", "Phrasebook", "country_names", "phrasebook", "problems"]

#: The phrasebooks by language code.
PHRASEBOOKS: Mapping[str, Phrasebook] = {"en": English(), "th": Thai()}


def phrasebook(language: str) -> Phrasebook:
    """The phrasebook of ``language`` (``en``, ``th``); ValueError naming the languages for any other."""
    found = PHRASEBOOKS.get(language)
    if found is None:
        raise ValueError(f"no phrasebook for {language[:20]!r}; expected one of " + ", ".join(repr(k) for k in PHRASEBOOKS))
    return found


def problems(briefing: Briefing) -> Iterator[Problem]:
    """What the wording cannot say about ``briefing``: a country given by a code the bundled table does not know."""
    yield from country_problems(briefing)
