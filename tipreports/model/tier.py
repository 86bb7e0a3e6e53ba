"""TIP Report tiers, placements and a country's tier history."""

from __future__ import annotations

import enum
from typing import Any

from attrs import field, frozen

from ..errors import FieldError
from . import _checks as c
from ._about import about
from ._suggest import suggest

__all__ = [
    "Movement",
    "Tier",
    "TierHistory",
    "TierPlacement",
    "ordinal",
    "tier_value",
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
    """A TIP Report placement. ``str(tier)`` is the printed name."""

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

    def label(self, language: str = "en") -> str:
        """The printed name in ``language``: ``Tier 2``, or ``กลุ่มที่ 2`` in Thai (the U.S. Embassy's wording)."""
        return _THAI[self] if language == "th" else self.value

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
            shown = value if len(value) <= 40 else value[:40] + "…"
            hint = suggest(key, {alias: placed.value for alias, placed in _ALIASES.items()})
            raise ValueError(f"unknown tier {shown!r}; {hint}expected one of {_ACCEPTED}")
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
_THAI = {
    Tier.TIER_1: "กลุ่มที่ 1",
    Tier.TIER_2: "กลุ่มที่ 2",
    Tier.TIER_2_WATCH_LIST: "กลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง",
    Tier.TIER_3: "กลุ่มที่ 3",
    Tier.SPECIAL_CASE: "กรณีพิเศษ",
}


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
            raise FieldError(attribute.name, str(err)) from None


class Movement(enum.Enum):
    """How a placement compares with the previous edition's."""

    UPGRADED = "upgraded"
    DOWNGRADED = "downgraded"
    REMAINED = "remained"
    FIRST_RANKED = "first ranked"
    RETURNED = "returned"  # ranked again after one or more editions without a placement
    NOT_RANKED = "not ranked"  # Special Case this edition, or after one

    def __str__(self) -> str:
        return self.value


_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]


def ordinal(n: int, *, words: bool = True) -> str:
    """``4`` → ``"fourth"`` (or ``"4th"`` with ``words=False``, and above twenty)."""
    if words and 0 < n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@frozen(kw_only=True)
class TierPlacement:
    """Where one edition (report year) of the TIP Report placed a country."""

    year: int = field(validator=c.integer(FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR), metadata=about("The report year (edition) of this placement."))
    tier: Tier = field(converter=to_tier, validator=tier_value, metadata=about("The tier that edition gave: 'Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3' or 'Special Case'."))
    waiver: bool = field(default=False, validator=c.boolean, metadata=about("true when a Watch List country was kept off Tier 3 by a waiver that year."))
    note: str | None = field(default=None, converter=c.nfc_optional, validator=c.optional_label(), metadata=about("A short note on the placement."))

    def __attrs_post_init__(self) -> None:
        if self.tier is Tier.TIER_2_WATCH_LIST and self.year < FIRST_WATCH_LIST_YEAR:
            raise FieldError("tier", f"the Watch List was first used in {FIRST_WATCH_LIST_YEAR}, not in {self.year}")
        if self.waiver and self.tier is not Tier.TIER_2_WATCH_LIST:
            raise FieldError("waiver", "a waiver only applies to a Tier 2 Watch List placement")


def _sorted_placements(value: Any) -> Any:
    value = c.to_tuple(value)
    if isinstance(value, tuple) and all(isinstance(p, TierPlacement) for p in value):
        return tuple(sorted(value, key=lambda p: p.year))
    return value


def _check_placements(_instance: Any, attribute: Any, value: Any) -> None:
    c.items_of(TierPlacement, "a tier placement")(_instance, attribute, value)
    c.unique(value, attribute.name, lambda p: p.year, "year")


@frozen(kw_only=True)
class TierHistory:
    """
    A country's placements, one per report year, sorted by year.

    Gaps are allowed (years without a placement in the sources). The derived
    facts (movement, consecutive years, the description sentence) are computed
    here so that templates only place them.
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

    def movement(self, year: int | None = None) -> Movement:
        """Movement of ``year`` (default: the latest) from the previous edition."""
        current = self._require(year)
        before = self.get(current.year - 1)
        if current.tier is Tier.SPECIAL_CASE:
            return Movement.NOT_RANKED
        if before is None:
            earlier = [p for p in self.placements if p.year < current.year]
            return Movement.RETURNED if earlier else Movement.FIRST_RANKED
        if before.tier is Tier.SPECIAL_CASE:
            return Movement.RETURNED
        assert current.tier.rank is not None and before.tier.rank is not None
        if current.tier.rank < before.tier.rank:
            return Movement.UPGRADED
        if current.tier.rank > before.tier.rank:
            return Movement.DOWNGRADED
        return Movement.REMAINED

    def consecutive_years(self, year: int | None = None) -> int:
        """How many editions in a row, ending with ``year``, placed the country on that year's tier."""
        current = self._require(year)
        count = 1
        y = current.year - 1
        while (p := self.get(y)) is not None and p.tier is current.tier:
            count += 1
            y -= 1
        return count

    def consecutive_watch_list_years(self, year: int | None = None) -> int:
        """Consecutive Watch List years ending with ``year`` (0 if ``year`` is not on the Watch List)."""
        current = self._require(year)
        if current.tier is not Tier.TIER_2_WATCH_LIST:
            return 0
        return self.consecutive_years(current.year)

    def describe(self, year: int | None = None, language: str = "en") -> str:
        """
        The movement as a predicate, ready to follow the country's name.

        ``"remained on Tier 2 for the fourth consecutive year"``,
        ``"was upgraded from Tier 2 Watch List to Tier 2"``; in Thai (``language="th"``)
        ``"ยังคงอยู่ในกลุ่มที่ 2 เป็นปีที่ 4 ติดต่อกัน"``.
        """
        if language == "th":
            return self._describe_th(year)
        current = self._require(year)
        move = self.movement(current.year)
        before = self.get(current.year - 1)
        tier = _on(current.tier)
        match move:
            case Movement.REMAINED:
                n = self.consecutive_years(current.year)
                return f"remained {tier} for the {ordinal(n)} consecutive year"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                assert before is not None
                sentence = f"was {move.value} from {before.tier} to {current.tier}"
                if move is Movement.DOWNGRADED and current.tier is Tier.TIER_3:
                    streak = self.consecutive_watch_list_years(before.year)
                    if streak >= 2 and current.year >= AUTOMATIC_DOWNGRADE_FROM + 2:
                        sentence += f" after {_count_words(streak)} consecutive years on the Watch List"
                return sentence
            case Movement.FIRST_RANKED:
                return f"was placed {tier}"
            case Movement.RETURNED:
                earlier = [p for p in self.placements if p.year < current.year]
                last = earlier[-1]
                if last.tier is Tier.SPECIAL_CASE:
                    return f"was placed {tier} after being a Special Case in {last.year}"
                return f"was placed {tier}; the previous placement on record is {last.tier} in {last.year}"
            case Movement.NOT_RANKED:
                n = self.consecutive_years(current.year)
                if n > 1:
                    return f"remained a Special Case for the {ordinal(n)} consecutive year"
                return "was assessed as a Special Case and not ranked"

    def _describe_th(self, year: int | None) -> str:
        current = self._require(year)
        move = self.movement(current.year)
        before = self.get(current.year - 1)
        tier = current.tier.label("th")
        match move:
            case Movement.REMAINED:
                return f"ยังคงอยู่ใน{tier} เป็นปีที่ {self.consecutive_years(current.year)} ติดต่อกัน"
            case Movement.UPGRADED:
                assert before is not None
                return f"ได้รับการปรับระดับขึ้นจาก{before.tier.label('th')} เป็น{tier}"
            case Movement.DOWNGRADED:
                assert before is not None
                sentence = f"ถูกปรับลดระดับจาก{before.tier.label('th')} เป็น{tier}"
                if current.tier is Tier.TIER_3:
                    streak = self.consecutive_watch_list_years(before.year)
                    if streak >= 2 and current.year >= AUTOMATIC_DOWNGRADE_FROM + 2:
                        sentence += f" หลังจากอยู่ในบัญชีรายชื่อประเทศที่ต้องจับตามองติดต่อกัน {streak} ปี"
                return sentence
            case Movement.FIRST_RANKED:
                return f"ได้รับการจัดอยู่ใน{tier}"
            case Movement.RETURNED:
                last = [p for p in self.placements if p.year < current.year][-1]
                if last.tier is Tier.SPECIAL_CASE:
                    return f"ได้รับการจัดอยู่ใน{tier} หลังจากเป็นกรณีพิเศษในปี {last.year + _BE}"
                return f"ได้รับการจัดอยู่ใน{tier} โดยการจัดระดับครั้งก่อนที่มีบันทึกคือ{last.tier.label('th')} ในปี {last.year + _BE}"
            case Movement.NOT_RANKED:
                n = self.consecutive_years(current.year)
                if n > 1:
                    return f"ยังคงเป็นกรณีพิเศษ เป็นปีที่ {n} ติดต่อกัน"
                return "ได้รับการประเมินเป็นกรณีพิเศษและไม่ได้จัดระดับ"

    def badge(self, year: int | None = None, language: str = "en") -> str:
        """Short movement label for a badge: ``"remained, 4th consecutive year"`` (``"คงระดับ ปีที่ 4 ติดต่อกัน"``)."""
        current = self._require(year)
        if language == "th":
            move = self.movement(current.year)
            before = self.get(current.year - 1)
            match move:
                case Movement.REMAINED:
                    return f"คงระดับ ปีที่ {self.consecutive_years(current.year)} ติดต่อกัน"
                case Movement.UPGRADED:
                    assert before is not None
                    return f"ปรับขึ้นจาก{before.tier.label('th')}"
                case Movement.DOWNGRADED:
                    assert before is not None
                    return f"ปรับลดจาก{before.tier.label('th')}"
                case Movement.FIRST_RANKED | Movement.RETURNED:
                    return "จัดระดับครั้งแรก" if move is Movement.FIRST_RANKED else "จัดระดับอีกครั้ง"
                case Movement.NOT_RANKED:
                    return "ไม่ได้จัดระดับ"
        move = self.movement(current.year)
        match move:
            case Movement.REMAINED:
                return f"remained, {ordinal(self.consecutive_years(current.year), words=False)} consecutive year"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                before = self.get(current.year - 1)
                assert before is not None
                return f"{move.value} from {before.tier}"
            case Movement.FIRST_RANKED:
                return "first ranked"
            case Movement.RETURNED:
                return "ranked again"
            case Movement.NOT_RANKED:
                return "not ranked"

    @property
    def warnings(self) -> tuple[str, ...]:
        """
        Readable notes where the history contradicts the automatic-downgrade rule.

        Since the 2009 report a country two years on the Watch List goes to
        Tier 3 unless waived, and waivers are limited to two years. This is
        described, not enforced: the sources may simply not record a waiver.
        """
        notes: list[str] = []
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
                        notes.append(
                            f"{p.year}: a waiver for a {ordinal(streak)} consecutive Watch List year; "
                            "waivers are limited to two years"
                        )
                else:
                    notes.append(
                        f"{p.year}: on the Tier 2 Watch List for the {ordinal(streak)} consecutive year "
                        "with no waiver recorded; the automatic-downgrade rule would place it on Tier 3"
                    )
        return tuple(notes)


def _on(tier: Tier) -> str:
    if tier is Tier.TIER_2_WATCH_LIST:
        return "on the Tier 2 Watch List"
    if tier is Tier.SPECIAL_CASE:
        return "as a Special Case"
    return f"on {tier}"


#: Buddhist Era offset for Thai years (the model cannot import tipreports.i18n, which imports it).
_BE = 543

_COUNT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _count_words(n: int) -> str:
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else str(n)
