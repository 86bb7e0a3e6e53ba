"""
TIP Report tiers, placements and a country's tier history: facts only.

Movement, streaks, designations and the automatic-downgrade warnings are
computed here and tested here; how they are said, in any language, is
:mod:`tipreports.wording`'s.
"""

from __future__ import annotations

import enum
import itertools
from typing import Any

from attrs import field, frozen

from .._text import WORD_SHAPE, quoted
from ..errors import FieldError
from . import _checks as c
from ._about import about
from ._suggest import suggest

__all__ = [
    "Designation",
    "HistoryWarning",
    "Movement",
    "Streak",
    "Tier",
    "TierHistory",
    "TierMove",
    "TierPlacement",
    "TierRun",
    "WarningKind",
    "tier_value",
    "to_designations",
    "to_tier",
]

#: The first TIP Report.
FIRST_REPORT_YEAR = 2001
#: The first report with a Watch List.
FIRST_WATCH_LIST_YEAR = 2004
#: The first report counted by the automatic-downgrade rule (TVPRA 2008).
AUTOMATIC_DOWNGRADE_FROM = 2009
LAST_PLAUSIBLE_YEAR = 2100


class Tier(enum.Enum):
    """A TIP Report placement. ``str(tier)`` is the name as input spells it; readers get the phrasebook's."""

    TIER_1 = "Tier 1"
    TIER_2 = "Tier 2"
    TIER_2_WATCH_LIST = "Tier 2 Watch List"
    TIER_3 = "Tier 3"
    SPECIAL_CASE = "Special Case"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int | None:
        """1 (best) to 4 (worst); None for Special Case, which is not ranked."""
        return _RANK.get(self)

    @property
    def code(self) -> str:
        """Short code: ``1``, ``2``, ``2WL``, ``3``, ``SC``."""
        return _CODE[self]

    @classmethod
    def parse(cls, value: str | Tier) -> Tier:
        """
        Parse a printed name or a common code.

        Accepts ``Tier 2 Watch List``, ``Tier 2WL``, ``2WL``, ``T2WL``, ``tier 3``,
        ``3``, ``Special Case``, ``SC``. Raises ``ValueError`` naming the tiers,
        with the closest one when a name looks misspelt.
        """
        if isinstance(value, Tier):
            return value
        if not isinstance(value, str):
            raise ValueError(f"expected a tier name, got {c.kind(value)}; expected one of {_ACCEPTED}")
        key = " ".join(value.replace("_", " ").replace("-", " ").split()).upper()
        tier = _ALIASES.get(key)
        if tier is None:
            # Quoted only when shaped like a tier ('Tier 4'): a value that failed to parse may be content.
            hint = suggest(key, {alias: placed.value for alias, placed in _ALIASES.items()})
            raise ValueError(f"unknown tier{quoted(value, WORD_SHAPE)}; {hint}expected one of {_ACCEPTED}")
        return tier


_RANK = {Tier.TIER_1: 1, Tier.TIER_2: 2, Tier.TIER_2_WATCH_LIST: 3, Tier.TIER_3: 4}
_CODE = {
    Tier.TIER_1: "1",
    Tier.TIER_2: "2",
    Tier.TIER_2_WATCH_LIST: "2WL",
    Tier.TIER_3: "3",
    Tier.SPECIAL_CASE: "SC",
}
_ACCEPTED = ", ".join(repr(t.value) for t in Tier)


def _aliases() -> dict[str, Tier]:
    table: dict[str, Tier] = {}
    for tier in Tier:
        table[tier.value.upper()] = tier
        code = _CODE[tier]
        table[code] = tier
        if tier is not Tier.SPECIAL_CASE:
            table["T" + code] = tier
            table["TIER " + code] = tier
            table["TIER" + code] = tier
    for key in ("TIER 2 WL", "T2 WL", "2 WL", "TIER 2 WATCHLIST", "TIER TWO WATCH LIST", "WATCH LIST"):
        table[key] = Tier.TIER_2_WATCH_LIST
    for key in ("TIER ONE", "TIER I"):
        table[key] = Tier.TIER_1
    for key in ("TIER TWO", "TIER II"):
        table[key] = Tier.TIER_2
    for key in ("TIER THREE", "TIER III"):
        table[key] = Tier.TIER_3
    table["SPECIAL"] = Tier.SPECIAL_CASE
    return table


_ALIASES = _aliases()


def to_tier(value: Any) -> Any:
    """Converter: a tier name or code becomes a :class:`Tier`; anything else is left to the validator."""
    if isinstance(value, str):
        try:
            return Tier.parse(value)
        except ValueError:
            return value
    return value


def tier_value(_instance: Any, attribute: Any, value: Any) -> None:
    """Validator: a :class:`Tier`, or the parse error naming the accepted tiers."""
    if not isinstance(value, Tier):
        try:
            Tier.parse(value)
        except ValueError as err:
            raise FieldError(attribute.name, str(err), quiet=f"unknown tier; expected one of {_ACCEPTED}") from None


class Designation(enum.Enum):
    """A list the report keeps apart from the tiers, on which a government may be named in a report year."""

    #: Governments with a documented "policy or pattern" of trafficking (state-sponsored trafficking).
    STATE_SPONSORED_TRAFFICKING = "state-sponsored-trafficking"
    #: The Child Soldiers Prevention Act list.
    CHILD_SOLDIERS_PREVENTION_ACT = "child-soldiers-prevention-act"

    def __str__(self) -> str:
        return self.value

    @property
    def first_year(self) -> int:
        """The first report that carried the list: before it, no government could be on it."""
        return _LIST_SINCE[self]

    @classmethod
    def parse(cls, value: str | Designation) -> Designation:
        """``state-sponsored-trafficking`` (also with spaces or underscores), ``child-soldiers-prevention-act`` or ``CSPA``."""
        if isinstance(value, Designation):
            return value
        if not isinstance(value, str):
            raise ValueError(f"expected a designation, got {c.kind(value)}; expected one of {_DESIGNATIONS}")
        key = "-".join(value.replace("_", " ").replace("-", " ").lower().split())
        found = _DESIGNATION_ALIASES.get(key)
        if found is None:
            # Quoted only when shaped like a short word ('CSPA'): a value that failed to parse may be content.
            raise ValueError(f"unknown designation{quoted(value, WORD_SHAPE)}; expected one of {_DESIGNATIONS}")
        return found


#: The 2020 report is the first with the state-sponsored list, as far as the sources checked show;
#: the 2010 report carried the first Child Soldiers Prevention Act list.
_LIST_SINCE = {Designation.STATE_SPONSORED_TRAFFICKING: 2020, Designation.CHILD_SOLDIERS_PREVENTION_ACT: 2010}
_DESIGNATIONS = ", ".join(repr(d.value) for d in Designation)
_DESIGNATION_ALIASES = {
    **{d.value: d for d in Designation},
    "cspa": Designation.CHILD_SOLDIERS_PREVENTION_ACT,
    "state-sponsored": Designation.STATE_SPONSORED_TRAFFICKING,
}


def to_designations(value: Any) -> Any:
    """Converter: a list of designation names becomes a tuple of :class:`Designation` (unknown names are left to the validator)."""
    value = c.to_tuple(value)
    if not isinstance(value, tuple):
        return value
    out: list[Any] = []
    for item in value:
        try:
            out.append(Designation.parse(item))
        except ValueError:
            out.append(item)
    return tuple(out)


def designations_value(_instance: Any, attribute: Any, value: Any) -> None:
    """Validator: a tuple of distinct :class:`Designation`."""
    if not isinstance(value, tuple):
        raise FieldError(attribute.name, f"expected a list of designations, got {c.kind(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, Designation):
            try:
                Designation.parse(item)
            except ValueError as err:
                raise FieldError(f"{attribute.name}[{index}]", str(err), quiet=f"unknown designation; expected one of {_DESIGNATIONS}") from None
    c.unique(value, attribute.name, lambda d: d.value, "designation")


class Movement(enum.Enum):
    """How a placement compares with the previous edition's, as far as the input tells."""

    UPGRADED = "upgraded"
    DOWNGRADED = "downgraded"
    REMAINED = "remained"
    #: The first placement ever: the input says so (``first: true``), or it is the first report (2001).
    FIRST_RANKED = "first ranked"
    #: Ranked after a Special Case year.
    RETURNED = "returned"
    #: A Special Case this edition: assessed, not ranked.
    NOT_RANKED = "not ranked"
    #: The input has no placement for the previous edition: the movement is unknown.
    PREVIOUS_MISSING = "previous missing"

    def __str__(self) -> str:
        return self.value


@frozen(kw_only=True)
class TierPlacement:
    """
    Where one edition (report year) of the TIP Report placed a country.

    ``designations`` are the year's listings apart from the tiers; an empty
    list says the country was on none that year. ``first`` says this is the
    country's first placement ever (the input knows it; a history that starts
    late does not imply it).
    """

    year: int = field(validator=c.integer(FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR), metadata=about("The report year (edition) of this placement."))
    tier: Tier = field(converter=to_tier, validator=tier_value, metadata=about("The tier that edition gave: 'Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3' or 'Special Case'."))
    waiver: bool = field(default=False, validator=c.boolean, metadata=about("true when a Watch List country was kept off Tier 3 by a waiver that year."))
    designations: tuple[Designation, ...] = field(default=(), converter=to_designations, validator=designations_value, metadata=about("That year's listings apart from the tiers: 'state-sponsored-trafficking', 'child-soldiers-prevention-act'."))
    first: bool = field(default=False, validator=c.boolean, metadata=about("true when this is the country's first placement ever (a history that starts late does not imply it)."))
    note: str | None = field(default=None, converter=c.nfc_optional, validator=c.optional_label(), metadata=about("A short note on the placement."))

    def __attrs_post_init__(self) -> None:
        if self.tier is Tier.TIER_2_WATCH_LIST and self.year < FIRST_WATCH_LIST_YEAR:
            raise FieldError("tier", f"the Watch List was first used in {FIRST_WATCH_LIST_YEAR}, not in {self.year}")
        if self.waiver and self.tier is not Tier.TIER_2_WATCH_LIST:
            raise FieldError("waiver", "a waiver only applies to a Tier 2 Watch List placement")
        for index, designation in enumerate(self.designations):
            if self.year < designation.first_year:
                raise FieldError(
                    f"designations[{index}]",
                    f"the report has carried the {designation} list since {designation.first_year}, not in {self.year}",
                )


def _sorted_placements(value: Any) -> Any:
    value = c.to_tuple(value)
    if isinstance(value, tuple) and all(isinstance(p, TierPlacement) for p in value):
        return tuple(sorted(value, key=lambda p: p.year))
    return value


def _check_placements(_instance: Any, attribute: Any, value: Any) -> None:
    c.items_of(TierPlacement, "a tier placement")(_instance, attribute, value)
    c.unique(value, attribute.name, lambda p: p.year, "year")
    for index, placement in enumerate(value):
        if placement.first and index > 0:
            raise FieldError(
                f"{attribute.name}[{index}].first",
                f"{placement.year} cannot be the first placement: the history places the country in {value[0].year}",
            )


@frozen(kw_only=True)
class Streak:
    """Consecutive editions on one tier (or on a list): ``years``, and whether that is only what the input shows."""

    years: int
    #: True when the run reaches back to where the input stops: the real streak may be longer.
    at_least: bool


@frozen(kw_only=True)
class TierRun:
    """Consecutive report years on one tier, for the chart's alt text."""

    tier: Tier
    first: int
    last: int


@frozen(kw_only=True)
class TierMove:
    """
    A change of tier from one edition to the next: ``before`` in ``year - 1``, ``after`` in ``year``.

    Both tiers are ranked (never Special Case) and the two editions are
    consecutive, so the move is one the input shows, not one inferred across a gap.
    """

    year: int
    before: Tier
    after: Tier

    @property
    def movement(self) -> Movement:
        """:attr:`Movement.UPGRADED` or :attr:`Movement.DOWNGRADED`."""
        assert self.before.rank is not None and self.after.rank is not None
        return Movement.UPGRADED if self.after.rank < self.before.rank else Movement.DOWNGRADED

    @property
    def steps(self) -> int:
        """How many tiers the move crosses (Tier 2 to Tier 3 is 2: the Watch List lies between)."""
        assert self.before.rank is not None and self.after.rank is not None
        return abs(self.after.rank - self.before.rank)


@frozen(kw_only=True)
class TierPeriod:
    """
    A stretch of report years: on one tier, or (``tier`` None) not given by the input; what its placements record.

    ``waivers``: the years placed under a waiver; ``listed``: each designation
    list the country was on in the stretch, with its years.
    """

    first: int
    last: int
    tier: Tier | None
    waivers: tuple[int, ...] = ()
    listed: tuple[tuple[Designation, tuple[int, ...]], ...] = ()

    @property
    def reports(self) -> int:
        """How many editions placed the country in the stretch (none for one the input does not give)."""
        return 0 if self.tier is None else self.last - self.first + 1


class WarningKind(enum.Enum):
    """What a history warning is about."""

    #: A third or later consecutive Watch List year (counted from the 2009 report) with no waiver recorded.
    NO_WAIVER = "no-waiver"
    #: More than two waivers in one Watch List streak.
    WAIVER_LIMIT = "waiver-limit"

    def __str__(self) -> str:
        return self.value


@frozen(kw_only=True)
class HistoryWarning:
    """Where a history contradicts the automatic-downgrade rule: the year, what, and the Watch List streak."""

    year: int
    kind: WarningKind
    streak: int


@frozen(kw_only=True)
class TierHistory:
    """
    A country's placements, one per report year, sorted by year.

    Gaps are allowed (years without a placement in the sources) and are never
    filled: a missing year is unknown, a streak that reaches the first year
    given is a lower bound, and only ``first: true`` (or the 2001 report) makes
    a placement the first.
    """

    placements: tuple[TierPlacement, ...] = field(
        default=(), converter=_sorted_placements, validator=_check_placements
    )

    @classmethod
    def from_pairs(cls, pairs: Any) -> TierHistory:
        """Build from ``(year, tier)`` pairs or a ``{year: tier}`` mapping."""
        items = pairs.items() if hasattr(pairs, "items") else pairs
        return cls(placements=tuple(TierPlacement(year=y, tier=t) for y, t in items))

    def __len__(self) -> int:
        return len(self.placements)

    def __bool__(self) -> bool:
        return bool(self.placements)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(p.year for p in self.placements)

    @property
    def latest(self) -> TierPlacement | None:
        return self.placements[-1] if self.placements else None

    def get(self, year: int) -> TierPlacement | None:
        """The placement of ``year``, or None."""
        for p in self.placements:
            if p.year == year:
                return p
        return None

    def _require(self, year: int | None) -> TierPlacement:
        if year is None:
            if not self.placements:
                raise ValueError("the tier history is empty")
            return self.placements[-1]
        p = self.get(year)
        if p is None:
            raise ValueError(f"the tier history has no placement for {year}")
        return p

    def previous(self, year: int | None = None) -> TierPlacement | None:
        """The placement of the edition before ``year`` (None if that edition is missing)."""
        current = self._require(year)
        return self.get(current.year - 1)

    def earlier(self, year: int | None = None) -> TierPlacement | None:
        """The latest placement before ``year`` in the input, however far back (None if there is none)."""
        current = self._require(year)
        before = [p for p in self.placements if p.year < current.year]
        return before[-1] if before else None

    def is_first(self, year: int | None = None) -> bool:
        """Whether the input says ``year`` is the country's first placement (``first: true``, or the first report)."""
        current = self._require(year)
        return current.first or current.year == FIRST_REPORT_YEAR

    def movement(self, year: int | None = None) -> Movement:
        """Movement of ``year`` (default: the latest) from the previous edition, as far as the input tells."""
        current = self._require(year)
        before = self.get(current.year - 1)
        if current.tier is Tier.SPECIAL_CASE:
            return Movement.NOT_RANKED
        if self.is_first(current.year):
            return Movement.FIRST_RANKED
        if before is None:
            return Movement.PREVIOUS_MISSING
        if before.tier is Tier.SPECIAL_CASE:
            return Movement.RETURNED
        assert current.tier.rank is not None and before.tier.rank is not None
        if current.tier.rank < before.tier.rank:
            return Movement.UPGRADED
        if current.tier.rank > before.tier.rank:
            return Movement.DOWNGRADED
        return Movement.REMAINED

    def _run_start(self, current: TierPlacement, same: Any) -> tuple[int, TierPlacement]:
        count, start = 1, current
        while (p := self.get(start.year - 1)) is not None and same(p):
            count += 1
            start = p
        return count, start

    def _open_before(self, start: TierPlacement) -> bool:
        """Whether the edition before ``start`` is unknown: missing from the input, and not impossible."""
        if self.is_first(start.year) or self.get(start.year - 1) is not None:
            return False
        # The Watch List began in 2004: a Watch List run starting then cannot reach further back.
        return not (start.tier is Tier.TIER_2_WATCH_LIST and start.year == FIRST_WATCH_LIST_YEAR)

    def streak(self, year: int | None = None) -> Streak:
        """Editions in a row, ending with ``year``, on that year's tier; ``at_least`` when the run reaches where the input stops."""
        current = self._require(year)
        count, start = self._run_start(current, lambda p: p.tier is current.tier)
        return Streak(years=count, at_least=self._open_before(start))

    def consecutive_years(self, year: int | None = None) -> int:
        """How many editions in a row, ending with ``year``, the input places on that year's tier."""
        return self.streak(year).years

    def watch_list_streak(self, year: int | None = None) -> Streak:
        """Consecutive Watch List years ending with ``year`` (0 years if ``year`` is not on the Watch List)."""
        current = self._require(year)
        if current.tier is not Tier.TIER_2_WATCH_LIST:
            return Streak(years=0, at_least=False)
        return self.streak(current.year)

    def consecutive_watch_list_years(self, year: int | None = None) -> int:
        """Consecutive Watch List years ending with ``year`` (0 if ``year`` is not on the Watch List)."""
        return self.watch_list_streak(year).years

    def missing_years(self) -> tuple[int, ...]:
        """Report years between the first and the last placement that the input does not give."""
        if not self.placements:
            return ()
        given = set(self.years)
        return tuple(y for y in range(self.placements[0].year, self.placements[-1].year + 1) if y not in given)

    def runs(self) -> tuple[TierRun, ...]:
        """The placements as runs of consecutive years on one tier (a missing year ends a run)."""
        runs: list[TierRun] = []
        for p in self.placements:
            if runs and runs[-1].tier is p.tier and runs[-1].last == p.year - 1:
                runs[-1] = TierRun(tier=p.tier, first=runs[-1].first, last=p.year)
            else:
                runs.append(TierRun(tier=p.tier, first=p.year, last=p.year))
        return tuple(runs)

    def moves(self) -> tuple[TierMove, ...]:
        """
        Every change of tier between consecutive editions, oldest first.

        A year whose previous edition is missing from the input, or where either
        edition is a Special Case, is no move: what happened in between is unknown,
        or the country was not ranked.
        """
        found: list[TierMove] = []
        for before, after in itertools.pairwise(self.placements):
            if after.year != before.year + 1 or before.tier.rank is None or after.tier.rank is None:
                continue
            if before.tier is not after.tier:
                found.append(TierMove(year=after.year, before=before.tier, after=after.tier))
        return tuple(found)

    def story_moves(self, limit: int = 4) -> tuple[TierMove, ...]:
        """
        The moves that tell the history's story, most important first: at most ``limit``
        (four: a chart labels the first three, and the fourth where it has room).

        Only :meth:`moves` qualify (year-on-year changes between ranked
        editions: nothing across a gap, from or to a Special Case, or before the
        first placement given). The move onto the latest tier comes first, always:
        it explains the tier the reader is told about (it is the one that starts
        the run of the latest placement's tier; when the input does not show that
        run's start, a gap or a Special Case before it, no move is kept this way).
        The others are ranked by

        1. crossing the Tier 3 line (onto or off Tier 3: the moves with consequences for assistance);
        2. then any other move (onto or off the Watch List, across the Tier 1 line);
        3. within each, the bigger jump first (Tier 2 to Tier 3 before Watch List to Tier 3);
        4. then a fall onto Tier 3 before a rise off it (the fall is the news the rise answers);
        5. then the more recent.

        Picked in that order, a move in the year after or before one already
        picked is skipped: the two would be one blip (down one year, back up the
        next), told by the first picked of them, and their labels would crowd
        one spot. A flat history has no story moves. Sort by ``year`` to tell
        them in order.
        """
        moves = self.moves()
        ranked = sorted(
            moves,
            key=lambda m: (Tier.TIER_3 not in (m.before, m.after), -m.steps, m.after is not Tier.TIER_3, -m.year),
        )
        latest = self.latest
        if moves and latest is not None:
            _count, start = self._run_start(latest, lambda p: p.tier is latest.tier)
            if moves[-1].year == start.year:
                # The run of today's tier starts with the last move: it goes first.
                ranked = [moves[-1], *(m for m in ranked if m is not moves[-1])]
        chosen: list[TierMove] = []
        for move in ranked:
            if len(chosen) >= limit:
                break
            if all(abs(move.year - other.year) > 1 for other in chosen):
                chosen.append(move)
        return tuple(chosen)

    def periods(self) -> tuple[TierPeriod, ...]:
        """The history by period, latest first: each run on one tier, and each stretch between runs the input does not give."""
        periods: list[TierPeriod] = []
        runs = self.runs()
        for i, run in enumerate(runs):
            if i and run.first > runs[i - 1].last + 1:
                periods.append(TierPeriod(first=runs[i - 1].last + 1, last=run.first - 1, tier=None))
            inside = [p for p in self.placements if run.first <= p.year <= run.last]
            listed = ((d, tuple(p.year for p in inside if d in p.designations)) for d in Designation)
            periods.append(TierPeriod(first=run.first, last=run.last, tier=run.tier,
                                      waivers=tuple(p.year for p in inside if p.waiver),
                                      listed=tuple((d, years) for d, years in listed if years)))  # fmt: skip
        return tuple(reversed(periods))

    def tiers(self) -> tuple[Tier, ...]:
        """The tiers a reader meets beside this history: the four ranked ones, and Special Case when it holds one."""
        ranked = (Tier.TIER_1, Tier.TIER_2, Tier.TIER_2_WATCH_LIST, Tier.TIER_3)
        special = any(p.tier is Tier.SPECIAL_CASE for p in self.placements)
        return (*ranked, Tier.SPECIAL_CASE) if special else ranked

    def waiver_years(self) -> tuple[int, ...]:
        """The years placed on the Watch List under a waiver."""
        return tuple(p.year for p in self.placements if p.waiver)

    def designation_years(self, designation: Designation) -> tuple[int, ...]:
        """The years the country was on ``designation``'s list."""
        return tuple(p.year for p in self.placements if designation in p.designations)

    def first_listed(self, designation: Designation, year: int | None = None) -> bool:
        """
        Whether ``year`` is the first time on ``designation``'s list, as the input shows it.

        True only when the country is listed in ``year`` and every report since
        the list began is in the input without that listing.
        """
        current = self._require(year)
        if designation not in current.designations:
            return False
        for y in range(designation.first_year, current.year):
            p = self.get(y)
            if p is None or designation in p.designations:
                return False
        return True

    @property
    def warnings(self) -> tuple[HistoryWarning, ...]:
        """
        Where the history contradicts the automatic-downgrade rule.

        Since the 2009 report a country two years on the Watch List goes to
        Tier 3 unless waived, and waivers are limited to two years. This is
        described, not enforced: the sources may simply not record a waiver.
        """
        found: list[HistoryWarning] = []
        streak = 0
        waivers = 0
        last_year: int | None = None
        for p in self.placements:
            contiguous = last_year is not None and p.year == last_year + 1
            last_year = p.year
            if p.tier is not Tier.TIER_2_WATCH_LIST or p.year < AUTOMATIC_DOWNGRADE_FROM:
                streak = 0
                waivers = 0
                continue
            streak = streak + 1 if contiguous else 1
            if streak >= 3:
                if p.waiver:
                    waivers += 1
                    if waivers > 2:
                        found.append(HistoryWarning(year=p.year, kind=WarningKind.WAIVER_LIMIT, streak=streak))
                else:
                    found.append(HistoryWarning(year=p.year, kind=WarningKind.NO_WAIVER, streak=streak))
        return tuple(found)
