"""
How a comparison of two editions is said, in English and Thai.

Stand-in for the comparison's part of the wording layer (``tipreports.wording``)
until that layer lands: the same shape (one phrasebook per language, methods
that take the facts and return sentences), so that the methods move into the
phrasebooks as they are. Templates call ``say_changes.…`` and never branch on
the language.
"""

from __future__ import annotations

from typing import Protocol

from . import i18n
from .model import Changes, ListChanges, Movement, Statistic, StatisticChange, TierChange, TierPlacement

__all__ = ["ChangesWording", "changes_wording"]


class ChangesWording(Protocol):
    """Every sentence and label of a comparison, in one language."""

    def since_heading(self, changes: Changes) -> str: ...
    def comparison_title(self, changes: Changes) -> str: ...
    def comparison_subtitle(self, changes: Changes) -> str: ...
    def tier_heading(self, changes: Changes) -> str: ...
    def chart_caption(self, changes: Changes) -> str: ...
    def tier_badge(self, changes: Changes) -> str: ...
    def tier_sentence(self, changes: Changes) -> str: ...
    def badge_line(self, changes: Changes) -> str: ...
    def list_heading(self, changes: ListChanges) -> str: ...
    def list_summary(self, lst: ListChanges, changes: Changes) -> str: ...
    def raised_again(self, changes: Changes) -> str: ...
    def new(self, changes: Changes) -> str: ...
    def no_longer_mentioned(self, changes: Changes) -> str: ...
    def other_items(self, year: int) -> str: ...
    def earlier_wording(self, changes: Changes) -> str: ...
    def statistics_heading(self) -> str: ...
    def statistics_columns(self, changes: Changes) -> tuple[str, str, str, str, str]: ...
    def form(self, statistic: Statistic) -> str: ...
    def figure(self, statistic: Statistic) -> str: ...
    def difference(self, pair: StatisticChange) -> str: ...
    def statistics_note(self, changes: Changes) -> str: ...
    def only_in(self, year: int) -> str: ...
    def sources_heading(self) -> str: ...


def _tier(placement: TierPlacement, language: str) -> str:
    return placement.tier.label(language)


# -- English ---------------------------------------------------------------------------------------

_NOUNS_EN = {"progress": ("progress item", "progress items"), "concerns": ("concern", "concerns"),
             "recommendations": ("prioritized recommendation", "prioritized recommendations")}  # fmt: skip
_HEADINGS_EN = {"progress": "Progress", "concerns": "Concerns", "recommendations": "Prioritized recommendations"}
_NUMBERS_EN = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _count_en(n: int) -> str:
    return _NUMBERS_EN[n] if 0 <= n < len(_NUMBERS_EN) else f"{n:,}"


def _noun_en(name: str, n: int) -> str:
    singular, plural = _NOUNS_EN[name]
    return singular if n == 1 else plural


class _English:
    language = "en"

    def since_heading(self, changes: Changes) -> str:
        return f"Since the {changes.previous_year} report"

    def comparison_title(self, changes: Changes) -> str:
        return f"{changes.country.name}: the {changes.previous_year} and {changes.current_year} TIP Reports compared"

    def comparison_subtitle(self, changes: Changes) -> str:
        return "What changed in the assessment: the tier, progress, concerns, recommendations and statistics"

    def tier_heading(self, changes: Changes) -> str:
        return "The tier"

    def chart_caption(self, changes: Changes) -> str:
        first = changes.current.history.placements[0].year
        return f"{changes.country.name}'s tier placement in the TIP Report, {first}–{changes.current_year}"

    def tier_badge(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = _tier(tier.previous, "en"), _tier(tier.current, "en")
        match tier.movement:
            case Movement.REMAINED:
                return f"{after} in {tier.previous.year} and {tier.current.year}: unchanged"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                return f"{tier.movement.value} from {before} ({tier.previous.year}) to {after} ({tier.current.year})"
            case _:
                return f"{before} in {tier.previous.year}, {after} in {tier.current.year}"

    def tier_sentence(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = _tier(tier.previous, "en"), _tier(tier.current, "en")
        gap = "" if tier.years_apart == 1 else f", {_count_en(tier.years_apart)} years later"
        match tier.movement:
            case Movement.REMAINED:
                sentence = f"The tier is unchanged: {after} in the {tier.previous.year} report and in the {tier.current.year} report{gap}."
            case Movement.UPGRADED:
                sentence = f"Upgraded from {before} in the {tier.previous.year} report to {after} in the {tier.current.year} report{gap}."
            case Movement.DOWNGRADED:
                sentence = f"Downgraded from {before} in the {tier.previous.year} report to {after} in the {tier.current.year} report{gap}."
            case _:
                sentence = f"Not ranked in both: {before} in the {tier.previous.year} report, {after} in the {tier.current.year} report{gap}."
        return sentence + self._between(tier)

    def _between(self, tier: TierChange) -> str:
        if tier.years_apart == 1:
            return ""
        if not tier.between:
            return " The placements in between are not given."
        same = tier.current.tier is tier.previous.tier and all(p.tier is tier.current.tier for p in tier.between)
        if same and tier.between_known:
            return " It was on the same tier every year in between."
        text = " In between: " + ", ".join(f"{_tier(p, 'en')} in {p.year}" for p in tier.between) + "."
        return text if tier.between_known else text + " Other years in between are not given."

    def badge_line(self, changes: Changes) -> str:
        tier = changes.tier
        match tier.movement:
            case Movement.REMAINED:
                head = "tier unchanged"
            case Movement.UPGRADED | Movement.DOWNGRADED:
                head = f"{tier.movement.value} from {_tier(tier.previous, 'en')}"
            case _:
                head = f"{_tier(tier.previous, 'en')} in {tier.previous.year}"
        parts = [f"Since {changes.previous_year}: {head}"]
        lst = next((x for x in (changes.concerns, changes.recommendations, changes.progress) if x.compared), None)
        if lst is not None:
            again = len(lst.continued)
            if lst.out_of is not None:
                parts.append(f"{again} of {lst.out_of} {_noun_en(lst.name, lst.out_of)} raised again")
            else:
                parts.append(f"{again} {_noun_en(lst.name, again)} raised again")
        return "; ".join(parts)

    def list_heading(self, changes: ListChanges) -> str:
        return _HEADINGS_EN[changes.name]

    def list_summary(self, lst: ListChanges, changes: Changes) -> str:
        if not lst.compared:
            missing = changes.current_year if lst.current_count == 0 else changes.previous_year
            return f"Not compared: the {missing} briefing lists no {_noun_en(lst.name, 2)}."
        again = len(lst.continued)
        reworded = len(lst.reworded)
        if lst.out_of is not None:
            sentence = f"{again} of the {lst.out_of} {_noun_en(lst.name, lst.out_of)} of the {changes.previous_year} report {'is' if again == 1 else 'are'} raised again"
        else:
            sentence = f"{again} {_noun_en(lst.name, again)} of the {changes.previous_year} report {'is' if again == 1 else 'are'} raised again"
        if reworded:
            sentence += f" ({'in other words' if reworded == again else f'{reworded} in other words'})"
        if lst.complete:
            new, gone = len(lst.new), len(lst.no_longer_mentioned)
            sentence += f"; {new} {'is' if new == 1 else 'are'} new; {gone} {'is' if gone == 1 else 'are'} no longer mentioned"
        return sentence[:1].upper() + sentence[1:] + "."

    def raised_again(self, changes: Changes) -> str:
        return "Raised again"

    def new(self, changes: Changes) -> str:
        return f"New in {changes.current_year}"

    def no_longer_mentioned(self, changes: Changes) -> str:
        return f"No longer mentioned in {changes.current_year}"

    def other_items(self, year: int) -> str:
        return f"Others in the {year} report"

    def earlier_wording(self, changes: Changes) -> str:
        return f"In {changes.previous_year}:"

    def statistics_heading(self) -> str:
        return "Statistics"

    def statistics_columns(self, changes: Changes) -> tuple[str, str, str, str, str]:
        return ("Measure", "Form", f"{changes.previous_year} report", f"{changes.current_year} report", "Change")

    def form(self, statistic: Statistic) -> str:
        return str(statistic.form)

    def figure(self, statistic: Statistic) -> str:
        return f"{statistic.value:,} ({statistic.data_year})"

    def difference(self, pair: StatisticChange) -> str:
        if pair.difference is None:
            return "—"
        return "0" if pair.difference == 0 else f"{pair.difference:+,}".replace("-", "−")

    def statistics_note(self, changes: Changes) -> str:
        return "Figures are compared only for the same measure and form; qualified figures are shown side by side, not subtracted."

    def only_in(self, year: int) -> str:
        return f"Only in the {year} report"

    def sources_heading(self) -> str:
        return "Sources"


# -- Thai ------------------------------------------------------------------------------------------

_NOUNS_TH = {"progress": ("ความก้าวหน้า", "รายการ"), "concerns": ("ข้อกังวล", "ข้อ"),
             "recommendations": ("ข้อเสนอแนะตามลำดับความสำคัญ", "ข้อ")}  # fmt: skip


def _be(year: int) -> int:
    return i18n.year(year, "th")


class _Thai:
    language = "th"

    def since_heading(self, changes: Changes) -> str:
        return f"ความเปลี่ยนแปลงนับจากรายงานปี {_be(changes.previous_year)}"

    def comparison_title(self, changes: Changes) -> str:
        return (
            f"{changes.country.name}: เปรียบเทียบรายงานสถานการณ์การค้ามนุษย์ "
            f"ปี {_be(changes.previous_year)} และปี {_be(changes.current_year)}"
        )

    def comparison_subtitle(self, changes: Changes) -> str:
        return "สิ่งที่เปลี่ยนแปลงในการประเมิน: ระดับ ความก้าวหน้า ข้อกังวล ข้อเสนอแนะ และสถิติ"

    def tier_heading(self, changes: Changes) -> str:
        return "การจัดระดับ"

    def chart_caption(self, changes: Changes) -> str:
        first = changes.current.history.placements[0].year
        return f"{changes.country.name}: การจัดระดับในรายงานสถานการณ์การค้ามนุษย์ พ.ศ. {_be(first)}–{_be(changes.current_year)}"

    def tier_badge(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = _tier(tier.previous, "th"), _tier(tier.current, "th")
        match tier.movement:
            case Movement.REMAINED:
                return f"{after} ทั้งปี {_be(tier.previous.year)} และปี {_be(tier.current.year)}: ไม่เปลี่ยนแปลง"
            case Movement.UPGRADED:
                return f"ปรับขึ้นจาก{before} (ปี {_be(tier.previous.year)}) เป็น{after} (ปี {_be(tier.current.year)})"
            case Movement.DOWNGRADED:
                return f"ปรับลดจาก{before} (ปี {_be(tier.previous.year)}) เป็น{after} (ปี {_be(tier.current.year)})"
            case _:
                return f"{before}ในปี {_be(tier.previous.year)} และ{after}ในปี {_be(tier.current.year)}"

    def tier_sentence(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = _tier(tier.previous, "th"), _tier(tier.current, "th")
        y1, y2 = _be(tier.previous.year), _be(tier.current.year)
        gap = "" if tier.years_apart == 1 else f" ห่างกัน {tier.years_apart} ปี"
        match tier.movement:
            case Movement.REMAINED:
                sentence = f"ระดับไม่เปลี่ยนแปลง: อยู่ใน{after}ทั้งในรายงานปี {y1} และรายงานปี {y2}{gap}"
            case Movement.UPGRADED:
                sentence = f"ได้รับการปรับระดับขึ้นจาก{before}ในรายงานปี {y1} เป็น{after}ในรายงานปี {y2}{gap}"
            case Movement.DOWNGRADED:
                sentence = f"ถูกปรับลดระดับจาก{before}ในรายงานปี {y1} เป็น{after}ในรายงานปี {y2}{gap}"
            case _:
                sentence = f"ไม่ได้จัดระดับในทั้งสองปี: {before}ในรายงานปี {y1} และ{after}ในรายงานปี {y2}{gap}"
        return sentence + self._between(tier)

    def _between(self, tier: TierChange) -> str:
        if tier.years_apart == 1:
            return ""
        if not tier.between:
            return " ไม่มีข้อมูลการจัดระดับในปีระหว่างนั้น"
        same = all(p.tier is tier.current.tier for p in tier.between) and tier.current.tier is tier.previous.tier
        if same and tier.between_known:
            return " และอยู่ในระดับเดียวกันทุกปีในระหว่างนั้น"
        text = " ในระหว่างนั้น: " + " ".join(f"{_tier(p, 'th')} ปี {_be(p.year)}" for p in tier.between)
        if not tier.between_known:
            text += " (ไม่มีข้อมูลบางปี)"
        return text

    def badge_line(self, changes: Changes) -> str:
        tier = changes.tier
        match tier.movement:
            case Movement.REMAINED:
                head = "ระดับไม่เปลี่ยนแปลง"
            case Movement.UPGRADED:
                head = f"ปรับขึ้นจาก{_tier(tier.previous, 'th')}"
            case Movement.DOWNGRADED:
                head = f"ปรับลดจาก{_tier(tier.previous, 'th')}"
            case _:
                head = f"{_tier(tier.previous, 'th')}ในปี {_be(tier.previous.year)}"
        parts = [f"นับจากปี {_be(changes.previous_year)}: {head}"]
        lst = next((x for x in (changes.concerns, changes.recommendations, changes.progress) if x.compared), None)
        if lst is not None:
            noun, classifier = _NOUNS_TH[lst.name]
            again = len(lst.continued)
            of = f" จาก {lst.out_of} {classifier}" if lst.out_of is not None else f" {classifier}"
            parts.append(f"{noun} {again}{of}ได้รับการกล่าวถึงอีกครั้ง")
        return "; ".join(parts)

    def list_heading(self, changes: ListChanges) -> str:
        return _NOUNS_TH[changes.name][0]

    def list_summary(self, lst: ListChanges, changes: Changes) -> str:
        noun, classifier = _NOUNS_TH[lst.name]
        if not lst.compared:
            missing = changes.current_year if lst.current_count == 0 else changes.previous_year
            return f"ไม่ได้เปรียบเทียบ: เอกสารปี {_be(missing)} ไม่ได้ระบุ{noun}"
        again = len(lst.continued)
        reworded = len(lst.reworded)
        of = f" จาก {lst.out_of} {classifier}" if lst.out_of is not None else f" {classifier}"
        sentence = f"{noun}ในรายงานปี {_be(changes.previous_year)} {again}{of}ได้รับการกล่าวถึงอีกครั้ง"
        if reworded:
            sentence += f" (ใช้ถ้อยคำต่างไป {reworded} {classifier})"
        if lst.complete:
            sentence += f"; รายการใหม่ {len(lst.new)} {classifier}; ไม่ได้กล่าวถึงอีก {len(lst.no_longer_mentioned)} {classifier}"
        return sentence

    def raised_again(self, changes: Changes) -> str:
        return "กล่าวถึงอีกครั้ง"

    def new(self, changes: Changes) -> str:
        return f"ใหม่ในปี {_be(changes.current_year)}"

    def no_longer_mentioned(self, changes: Changes) -> str:
        return f"ไม่ได้กล่าวถึงอีกในปี {_be(changes.current_year)}"

    def other_items(self, year: int) -> str:
        return f"รายการอื่นในรายงานปี {_be(year)}"

    def earlier_wording(self, changes: Changes) -> str:
        return f"ปี {_be(changes.previous_year)}:"

    def statistics_heading(self) -> str:
        return "สถิติ"

    def statistics_columns(self, changes: Changes) -> tuple[str, str, str, str, str]:
        return ("ตัวชี้วัด", "รูปแบบ", f"รายงานปี {_be(changes.previous_year)}", f"รายงานปี {_be(changes.current_year)}", "การเปลี่ยนแปลง")

    def form(self, statistic: Statistic) -> str:
        return {"sex": "การค้ามนุษย์ทางเพศ", "labour": "การค้ามนุษย์ด้านแรงงาน",
                "forced criminality": "การบังคับให้กระทำความผิดทางอาญา", "unspecified": "ไม่ระบุ"}[statistic.form.value]  # fmt: skip

    def figure(self, statistic: Statistic) -> str:
        return f"{statistic.value:,} (ปี {_be(statistic.data_year)})"

    def difference(self, pair: StatisticChange) -> str:
        if pair.difference is None:
            return "—"
        return "0" if pair.difference == 0 else f"{pair.difference:+,}".replace("-", "−")

    def statistics_note(self, changes: Changes) -> str:
        return "เปรียบเทียบตัวเลขเฉพาะตัวชี้วัดและรูปแบบเดียวกัน ตัวเลขที่มีเงื่อนไขแสดงคู่กันโดยไม่นำมาลบกัน"

    def only_in(self, year: int) -> str:
        return f"มีเฉพาะในรายงานปี {_be(year)}"

    def sources_heading(self) -> str:
        return "แหล่งข้อมูล"


_PHRASEBOOKS: dict[str, ChangesWording] = {"en": _English(), "th": _Thai()}


def changes_wording(language: str) -> ChangesWording:
    """The comparison's phrasebook for ``language`` (English when there is none)."""
    return _PHRASEBOOKS.get(language, _PHRASEBOOKS["en"])
