"""
Thai: the U.S. Embassy's Thai terms where they exist, Buddhist Era years.

Tier names (กลุ่มที่ 2, กลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง), the
report's title (รายงานสถานการณ์การค้ามนุษย์) and the three Ps follow the U.S.
Embassy's Thai translations of the TIP Report. Thai runs subject and predicate
together and ends a sentence without a full stop. Years are Buddhist Era
(CE + :data:`BE_OFFSET`), the one place that offset lives; TLP labels are
never translated.

Machine translation, not reviewed by a native speaker: the movement and
waiver sentences, the minimum-standards sentences (the Tier 2 one follows
Thai press renderings of the narrative: "ไม่ปฏิบัติตามมาตรฐานขั้นต่ำ …
อย่างสมบูรณ์ แต่กำลังใช้ความพยายามอย่างมาก"), the designation sentences and
the chart's legend. Please review them before an official release.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..model import (
    Briefing,
    Changes,
    Count,
    Country,
    Designation,
    Event,
    EventKind,
    Form,
    HistoryWarning,
    ListChanges,
    Movement,
    Panel,
    Purpose,
    Qualifier,
    Statistic,
    StatisticChange,
    Streak,
    Tier,
    TierHistory,
    TierMove,
    TierPeriod,
    TierPlacement,
    TIPAssessment,
    WarningKind,
    Withheld,
)
from ..model.tier import AUTOMATIC_DOWNGRADE_FROM, FIRST_REPORT_YEAR
from ._names import movement_symbol, spans, story, thai_name
from ._protocol import Label
from .en import English, difference

__all__ = ["BE_OFFSET", "Thai"]

#: Buddhist Era offset: 2025 CE is 2568 BE.
BE_OFFSET = 543

_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]

_REPORT = "รายงานสถานการณ์การค้ามนุษย์"

_LABELS: Mapping[Label, str] = {
    "to": "เรียน",
    "from": "จาก",
    "date": "วันที่",
    "purpose": "วัตถุประสงค์",
    "subject": "เรื่อง",
    "contact": "ติดต่อ",
    "focus": "ประเด็นหลัก",
    "key_messages": "ประเด็นสำคัญ",
    "background": "ความเป็นมา",
    "panel_perspective": "มุมมองของคณะผู้อภิปราย",
    "the_panel": "การอภิปราย",  # machine translation, to be reviewed
    "strengths": "จุดแข็ง",
    "challenges": "ความท้าทาย",
    "panel_recommendations": "ข้อเสนอแนะของคณะผู้อภิปราย",
    "progress": "ความก้าวหน้า",
    "concerns": "ข้อกังวล",
    "progress_recognised": "ความก้าวหน้าที่รายงานให้การยอมรับ",
    "concerns_noted": "ข้อกังวลที่รายงานระบุ",
    "statistics": "สถิติ",
    "considerations": "ข้อพิจารณา",
    "sources": "แหล่งข้อมูล",
    "measure": "ตัวชี้วัด",
    "form": "รูปแบบ",
    "value": "จำนวน",
    "compared_with": "เปรียบเทียบกับ",
    "history_notes": "หมายเหตุเกี่ยวกับการจัดระดับ",
    "placements_by_period": "การจัดระดับในแต่ละช่วงปี",  # machine translation, to be reviewed
    "what_the_tiers_mean": "ความหมายของแต่ละระดับ",  # machine translation, to be reviewed
    "figure_notes": "หมายเหตุเกี่ยวกับตัวเลข",
    "location": "สถานที่",
    "convenor": "ผู้จัด",
    "collaborators": "ผู้ร่วมจัด",
    "supporters": "ผู้สนับสนุน",
    "participants": "ผู้เข้าร่วม",
    "recommendations": "ข้อเสนอแนะ",
    "co_presenters": "ผู้ร่วมนำเสนอ",
    "representatives_from": "ผู้แทนจาก",
    "prosecution": "ด้านการดำเนินคดี",
    "protection": "ด้านการคุ้มครองช่วยเหลือ",
    "what_this_means": "สิ่งนี้หมายความว่าอย่างไร",  # machine translation, to be reviewed
    "prevention": "ด้านการป้องกัน",
}

_TIERS = {
    Tier.TIER_1: "กลุ่มที่ 1",
    Tier.TIER_2: "กลุ่มที่ 2",
    Tier.TIER_2_WATCH_LIST: "กลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามอง",
    Tier.TIER_3: "กลุ่มที่ 3",
    Tier.SPECIAL_CASE: "กรณีพิเศษ",
}

#: On the chart's axis. Without "ที่": the chart draws Thai unshaped, and a tone
#: mark over an upper vowel (ที่) would collide; these labels have no such pair.
_TIER_SHORT = {
    Tier.TIER_1: "กลุ่ม 1",
    Tier.TIER_2: "กลุ่ม 2",
    Tier.TIER_2_WATCH_LIST: "บัญชีจับตามอง",
    Tier.TIER_3: "กลุ่ม 3",
    Tier.SPECIAL_CASE: "กรณีพิเศษ",
}

#: A story move on the chart: "raised to", "lowered to". Worded without a tone mark over an upper
#: vowel (ขึ้น, เลื่อน would have one): the chart draws Thai unshaped (see _TIER_SHORT).
_MOVES = {Movement.UPGRADED: "ยกระดับเป็น", Movement.DOWNGRADED: "ลดระดับเป็น"}

_QUALIFIERS = {
    Qualifier.EXACTLY: "",
    Qualifier.MORE_THAN: "มากกว่า",
    Qualifier.AT_LEAST: "อย่างน้อย",
    Qualifier.ABOUT: "ประมาณ",
    Qualifier.FEWER_THAN: "น้อยกว่า",
    Qualifier.UP_TO: "ไม่เกิน",
}

_FORMS = {
    Form.SEX: "การแสวงประโยชน์ทางเพศ",
    Form.LABOUR: "การบังคับใช้แรงงาน",
    Form.FORCED_CRIMINALITY: "การบังคับให้กระทำความผิดทางอาญา",
    Form.UNSPECIFIED: "ไม่ระบุ",
}

_KINDS = {
    EventKind.CONFERENCE: "การประชุม",
    EventKind.SUMMIT: "การประชุมสุดยอด",
    EventKind.MINISTERIAL_MEETING: "การประชุมระดับรัฐมนตรี",
    EventKind.MEETING: "การประชุม",
    EventKind.FORUM: "เวทีเสวนา",
    EventKind.DIALOGUE: "การหารือ",
    EventKind.CEREMONY: "พิธี",
    EventKind.WORKSHOP: "การประชุมเชิงปฏิบัติการ",
    EventKind.SEMINAR: "การสัมมนา",
    EventKind.WEBINAR: "การสัมมนาออนไลน์",
    EventKind.TRAINING: "การฝึกอบรม",
    EventKind.CONSULTATION: "การประชุมหารือ",
}

#: Also the chart's legend: worded without a tone mark over an upper vowel (see _TIER_SHORT).
_DESIGNATIONS = {
    Designation.STATE_SPONSORED_TRAFFICKING: "การค้ามนุษย์โดยรัฐสนับสนุน",
    Designation.CHILD_SOLDIERS_PREVENTION_ACT: "บัญชีตามกฎหมายป้องกันการใช้ทหารเด็ก",
}

_LISTED = {
    Designation.STATE_SPONSORED_TRAFFICKING: (
        "ไว้ในรายชื่อรัฐบาลที่มี \u201cนโยบายหรือรูปแบบ\u201d การค้ามนุษย์ซึ่งมีหลักฐานยืนยัน (การค้ามนุษย์ที่รัฐให้การสนับสนุน)"
    ),
    Designation.CHILD_SOLDIERS_PREVENTION_ACT: "ไว้ในรายชื่อตามกฎหมายป้องกันการใช้ทหารเด็ก (Child Soldiers Prevention Act: CSPA)",
}

_PRODUCTS = {"briefing-note": "บันทึกสรุป", "one-pager": "เอกสารสรุปหนึ่งหน้า", "comparison": "เอกสารเปรียบเทียบ"}

#: The lists a comparison compares: their names and the classifier their counts use.
_CHANGES_LISTS = {"progress": ("ความก้าวหน้า", "รายการ"), "concerns": ("ข้อกังวล", "ข้อ"),
                  "recommendations": ("ข้อเสนอแนะตามลำดับความสำคัญ", "ข้อ")}  # fmt: skip

_WAIVER = "โดยได้รับการผ่อนผันจากการถูกปรับลดระดับไปอยู่ในกลุ่มที่ 3 ตามที่กำหนดไว้"


def _figure(value: int | str) -> str:
    return f"{value:,}" if isinstance(value, int) else value


#: The TVPA's tiers (machine translation, to be reviewed).
_TIER_DEFINITIONS = {
    Tier.TIER_1: "รัฐบาลปฏิบัติตามมาตรฐานขั้นต่ำในการขจัดการค้ามนุษย์อย่างครบถ้วน (ไม่ได้หมายความว่าไม่มีการค้ามนุษย์ในประเทศ)",
    Tier.TIER_2: "ยังไม่ปฏิบัติตามมาตรฐานขั้นต่ำอย่างครบถ้วน แต่มีความพยายามอย่างมีนัยสำคัญ",
    Tier.TIER_2_WATCH_LIST: "เหมือนกลุ่มที่ 2 แต่จำนวนผู้เสียหายสูงมากหรือเพิ่มขึ้น หรือไม่มีหลักฐานว่ามีความพยายามเพิ่มขึ้นจากปีก่อน",
    Tier.TIER_3: "ยังไม่ปฏิบัติตามมาตรฐานขั้นต่ำอย่างครบถ้วน และไม่มีความพยายามอย่างมีนัยสำคัญ อาจถูกจำกัดความช่วยเหลือจากสหรัฐฯ ที่ไม่ใช่ด้านมนุษยธรรมและการค้า",
    Tier.SPECIAL_CASE: "ได้รับการประเมินแต่ไม่ได้จัดระดับ",
}


def _glue(words: str, name: str) -> str:
    """Thai words run into a Thai name; a space keeps them off a Latin one (``จัดโดย UNODC``)."""
    return f"{words}{name}" if name[:1] and "\u0e00" <= name[0] <= "\u0e7f" else f"{words} {name}"


class Thai:
    """The Thai phrasebook."""

    language = "th"
    page_numbers = "หน้า {page} จาก {pages}"

    # -- fixed words, numbers, dates, lists --------------------------------------------------------

    def label(self, key: Label) -> str:
        return _LABELS[key]

    def year(self, year: int) -> str:
        return str(year + BE_OFFSET)

    def years(self, first: int, last: int) -> str:
        return f"พ.ศ. {self.year(first)}" if first == last else f"พ.ศ. {self.year(first)}–{self.year(last)}"

    def _span(self, first: int, last: int) -> str:
        return self.year(first) if first == last else f"{self.year(first)}–{self.year(last)}"

    def date(self, value: dt.date) -> str:
        return f"{value.day} {_MONTHS[value.month - 1]} {self.year(value.year)}"

    def dates(self, start: dt.date, end: dt.date | None = None) -> str:
        if end is None or end == start:
            return self.date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {_MONTHS[end.month - 1]} {self.year(end.year)}"
        if start.year == end.year:
            return f"{start.day} {_MONTHS[start.month - 1]} – {self.date(end)}"
        return f"{self.date(start)} – {self.date(end)}"

    def count(self, count: Count | str) -> str:
        if isinstance(count, str):
            return count
        qualifier = _QUALIFIERS[count.qualifier]
        number = f"{count.value:,}"
        return f"{qualifier} {number}" if qualifier else number

    def join(self, items: Sequence[str]) -> str:
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return " ".join(items[:-1]) + " " + _glue("และ", items[-1])

    # -- names ---------------------------------------------------------------------------------

    def country(self, country: Country) -> str:
        if country.name is not None:
            return country.name
        name, state = thai_name(country)
        return _glue("ประเทศ", name) if state else name

    def country_start(self, country: Country) -> str:
        return self.country(country)

    def possessive(self, country: Country) -> str:
        return f"ของ{self.country(country)}"

    def government(self, country: Country) -> str:
        return _glue("รัฐบาล", thai_name(country)[0])

    def tier(self, tier: Tier) -> str:
        return _TIERS[tier]

    def tier_short(self, tier: Tier) -> str:
        return _TIER_SHORT[tier]

    def form(self, form: Form) -> str:
        return _FORMS[form]

    def purpose(self, purpose: Purpose) -> str:
        return "เพื่อโปรดทราบ" if purpose is Purpose.INFORMATION else "เพื่อโปรดพิจารณา"

    def designation(self, designation: Designation) -> str:
        return _DESIGNATIONS[designation]

    def kind(self, kind: EventKind | None) -> str:
        return "กิจกรรม" if kind is None else _KINDS[kind]

    # -- the assessment --------------------------------------------------------------------------

    def _for_year(self, streak: Streak) -> str:
        at_least = "เป็นอย่างน้อย" if streak.at_least else ""
        return f"เป็นปีที่ {streak.years} ติดต่อกัน{at_least}"

    def _missing(self, history: TierHistory, year: int) -> str:
        earlier = history.earlier(year)
        first_missing = earlier.year + 1 if earlier is not None else year - 1
        text = f"ข้อมูลที่ให้มาไม่มีการจัดระดับของปี {self._span(first_missing, year - 1)}"
        if earlier is not None:
            text += f"; ปี {self.year(earlier.year)} อยู่ใน{self.tier(earlier.tier)}"
        return text

    def _predicate(self, history: TierHistory, year: int) -> str:
        current = history.get(year)
        assert current is not None
        move = history.movement(year)
        before = history.get(year - 1)
        tier = self.tier(current.tier)
        match move:
            case Movement.REMAINED:
                text = f"ยังคงอยู่ใน{tier} {self._for_year(history.streak(year))}"
            case Movement.UPGRADED:
                assert before is not None
                text = f"ได้รับการปรับระดับขึ้นจาก{self.tier(before.tier)} เป็น{tier}"
            case Movement.DOWNGRADED:
                assert before is not None
                text = f"ถูกปรับลดระดับจาก{self.tier(before.tier)} เป็น{tier}"
                if current.tier is Tier.TIER_3:
                    streak = history.watch_list_streak(before.year)
                    if streak.years >= 2 and year >= AUTOMATIC_DOWNGRADE_FROM + 2:
                        at_least = "อย่างน้อย " if streak.at_least else ""
                        text += f" หลังจากอยู่ในบัญชีรายชื่อประเทศที่ต้องจับตามองติดต่อกัน {at_least}{streak.years} ปี"
            case Movement.FIRST_RANKED:
                if year == FIRST_REPORT_YEAR:
                    text = f"ได้รับการจัดอยู่ใน{tier} ในรายงานฉบับแรก"
                else:
                    text = f"ได้รับการจัดอยู่ใน{tier} ซึ่งเป็นการจัดระดับครั้งแรก"
            case Movement.RETURNED:
                assert before is not None
                text = f"ได้รับการจัดอยู่ใน{tier} หลังจากได้รับการประเมินเป็นกรณีพิเศษในปี {self.year(before.year)}"
            case Movement.NOT_RANKED:
                streak = history.streak(year)
                if streak.years > 1:
                    text = f"ยังคงเป็นกรณีพิเศษ {self._for_year(streak)}"
                else:
                    text = "ได้รับการประเมินเป็นกรณีพิเศษ"
            case Movement.PREVIOUS_MISSING:
                text = f"ได้รับการจัดอยู่ใน{tier} ({self._missing(history, year)})"
        if current.waiver:
            text += f" {_WAIVER}"
        return text

    def _movement_badge(self, history: TierHistory, year: int) -> str:
        current = history.get(year)
        assert current is not None
        move = history.movement(year)
        before = history.get(year - 1)
        match move:
            case Movement.REMAINED:
                streak = history.streak(year)
                at_least = "อย่างน้อย" if streak.at_least else ""
                text = f"คงระดับ {at_least}ปีที่ {streak.years} ติดต่อกัน"
            case Movement.UPGRADED:
                assert before is not None
                text = f"ปรับขึ้นจาก{self.tier(before.tier)}"
            case Movement.DOWNGRADED:
                assert before is not None
                text = f"ปรับลดจาก{self.tier(before.tier)}"
            case Movement.FIRST_RANKED:
                text = "จัดระดับครั้งแรก"
            case Movement.RETURNED:
                text = "จัดระดับอีกครั้ง"
            case Movement.NOT_RANKED:
                text = "ไม่ได้จัดระดับ"
            case Movement.PREVIOUS_MISSING:
                text = ""
        if current.waiver:
            text = f"{text} ได้รับการผ่อนผัน" if text else "ได้รับการผ่อนผัน"
        return text

    def badge(self, assessment: TIPAssessment) -> str:
        movement = self._movement_badge(assessment.history, assessment.report_year)
        tier = self.tier(assessment.tier)
        return f"{tier} — {movement}" if movement else tier

    def badge_tier(self, assessment: TIPAssessment) -> str:
        # Thai has no capitals: the tier's name, set large by the writer.
        return self.tier(assessment.tier)

    def badge_movement(self, assessment: TIPAssessment) -> str:
        text = self._movement_badge(assessment.history, assessment.report_year)
        return f"{movement_symbol(assessment)} {text}".strip() if text else ""

    def tier_sentence(self, assessment: TIPAssessment) -> str:
        return self.placement_sentence(assessment.history, assessment.report_year, assessment.country)

    def placement_sentence(self, history: TierHistory, year: int, country: Country) -> str:
        return f"{self.country(country)}{self._predicate(history, year)}"

    def standard_sentence(self, assessment: TIPAssessment) -> str:
        government = self.government(assessment.country)
        match assessment.tier:
            case Tier.TIER_1:
                return f"{government}ปฏิบัติตามมาตรฐานขั้นต่ำในการขจัดการค้ามนุษย์อย่างสมบูรณ์"
            case Tier.TIER_2 | Tier.TIER_2_WATCH_LIST:
                sentence = (
                    f"{government}ไม่ได้ปฏิบัติตามมาตรฐานขั้นต่ำในการขจัดการค้ามนุษย์อย่างสมบูรณ์ "
                    "แต่กำลังใช้ความพยายามอย่างมากเพื่อดำเนินการดังกล่าว"
                )
                placed = assessment.history.get(assessment.report_year)
                if placed is not None and placed.waiver:
                    sentence += (
                        " รัฐบาลได้จัดสรรทรัพยากรอย่างเพียงพอให้แก่แผนงานที่เป็นลายลักษณ์อักษร"
                        " ซึ่งหากนำไปปฏิบัติจะถือเป็นความพยายามอย่างมากในการปฏิบัติตามมาตรฐานขั้นต่ำ"
                        f" {self.country(assessment.country)}จึงได้รับการผ่อนผันจากการถูกปรับลดระดับไปอยู่ในกลุ่มที่ 3"
                    )
                return sentence
            case Tier.TIER_3:
                return (
                    f"{government}ไม่ได้ปฏิบัติตามมาตรฐานขั้นต่ำอย่างสมบูรณ์ "
                    "และไม่ได้ใช้ความพยายามอย่างมากเพื่อดำเนินการดังกล่าว"
                )
            case Tier.SPECIAL_CASE:
                return ""

    def designation_sentences(self, assessment: TIPAssessment) -> tuple[str, ...]:
        history = assessment.history
        sentences = []
        for designation in assessment.listed:
            first = "เป็นครั้งแรก " if history.first_listed(designation, assessment.report_year) else ""
            sentences.append(
                f"รายงานประจำปี {self.year(assessment.report_year)} ยังได้ระบุ{self.government(assessment.country)} "
                f"{first}{_LISTED[designation]}"
            )
        return tuple(sentences)

    def released(self, assessment: TIPAssessment) -> str:
        if assessment.release_date is None:
            return ""
        return f"รายงานเผยแพร่เมื่อวันที่ {self.date(assessment.release_date)}"

    def assessment_heading(self, assessment: TIPAssessment) -> str:
        return f"{_REPORT} {self.year(assessment.report_year)}: {self.country(assessment.country)}"

    def assessment_column(self, assessment: TIPAssessment) -> str:
        return f"{_REPORT} {self.year(assessment.report_year)}"

    def assessment_card(self, assessment: TIPAssessment) -> str:
        return f"{self.country(assessment.country)}: {self.tier(assessment.tier)} ใน{_REPORT} {self.year(assessment.report_year)}"

    def recommendations_heading(self, assessment: TIPAssessment) -> str:
        if assessment.recommendations_complete:
            return "ข้อเสนอแนะตามลำดับความสำคัญ"
        total = assessment.recommendations_total
        if total is not None:
            return f"ข้อเสนอแนะ {len(assessment.recommendations)} ข้อจากข้อเสนอแนะตามลำดับความสำคัญทั้งหมด {total} ข้อของรายงาน"
        return "ส่วนหนึ่งของข้อเสนอแนะตามลำดับความสำคัญของรายงาน"

    def history_note(self, placement: TierPlacement) -> str:
        return f"{self.year(placement.year)}: {placement.note}" if placement.note else ""

    def history_columns(self) -> tuple[str, str, str, str]:
        return ("ปี", "ระดับ", "จำนวนรายงาน", "หมายเหตุ")  # machine translation, to be reviewed

    def history_rows(self, history: TierHistory) -> tuple[tuple[str, str, str, str], ...]:
        return tuple(self._period_row(period) for period in history.periods())

    def _period_row(self, period: TierPeriod) -> tuple[str, str, str, str]:
        years = self._span(period.first, period.last)
        if period.tier is None:
            return (years, "\u2014", "", "ไม่มีข้อมูลในแหล่งที่มา")
        notes: list[str] = []
        if period.waivers:
            notes.append("ได้รับการผ่อนผันในปี " + " ".join(self.year(y) for y in period.waivers))
        notes += [f"{self.designation(d)}: " + " ".join(self._span(a, b) for a, b in spans(listed)) for d, listed in period.listed]
        return (years, self.tier(period.tier), str(period.reports), " ".join(notes))

    def tier_definition(self, tier: Tier) -> str:
        return _TIER_DEFINITIONS[tier]

    def history_notes(self, assessment: TIPAssessment) -> tuple[str, ...]:
        history = assessment.history
        missing = self.missing_years(history)
        notes = tuple(self.history_note(p) for p in history.placements if p.note)
        # A year the input already explains keeps its own note: the rule's is said only where it is not.
        explained = {p.year for p in history.placements if p.note}
        rules = tuple(self.history_rule_note(w) for w in history.warnings if w.year not in explained)
        return ((missing,) if missing else ()) + notes + rules

    def history_rule_note(self, warning: HistoryWarning) -> str:
        # Machine translation, to be reviewed.
        match warning.kind:
            case WarningKind.NO_WAIVER:
                return (
                    f"{self.year(warning.year)}: อยู่ในกลุ่มที่ 2 บัญชีรายชื่อประเทศที่ต้องจับตามองเป็นปีที่ {warning.streak} ติดต่อกัน "
                    "โดยไม่มีบันทึกการผ่อนผันในแหล่งที่มาเหล่านี้ ตามกฎการปรับลดระดับอัตโนมัติ กรณีนี้ต้องได้รับการผ่อนผันเท่านั้น"
                )
            case WarningKind.WAIVER_LIMIT:
                return (
                    f"{self.year(warning.year)}: มีบันทึกการผ่อนผันสำหรับปีที่ {warning.streak} ติดต่อกันในบัญชีจับตามอง "
                    "ทั้งที่การผ่อนผันจำกัดไว้ไม่เกินสองปี"
                )

    def missing_years(self, history: TierHistory) -> str:
        missing = history.missing_years()
        if not missing:
            return ""
        listed = " ".join(self._span(a, b) for a, b in spans(missing))
        return f"ไม่มีข้อมูลการจัดระดับของปี {listed}"

    def subject(self, briefing: Briefing) -> str:
        assessment = briefing.assessment
        if assessment is None:
            return ""
        text = f"{self.country(assessment.country)}, {_REPORT} {self.year(assessment.report_year)}"
        return f"{text}; {briefing.event.name}" if briefing.event is not None else text

    # -- statistics ------------------------------------------------------------------------------

    def statistics_when(self, statistics: Sequence[Statistic]) -> str:
        years = any(s.data_year is not None for s in statistics)
        periods = any(s.period is not None for s in statistics)
        if years and periods:
            return "ปีหรือช่วงเวลาของข้อมูล"
        return "ช่วงเวลาของข้อมูล" if periods else "ปีของข้อมูล"

    def statistic_when(self, statistic: Statistic) -> str:
        if statistic.period is not None:
            return statistic.period
        assert statistic.data_year is not None
        return self.year(statistic.data_year)

    def statistic_value(self, statistic: Statistic) -> str:
        if statistic.value is None:
            return "ไม่ได้รายงาน"
        text = _figure(statistic.value)
        if statistic.of is not None:
            text += f" จาก {_figure(statistic.of)}"
            if statistic.of_label:
                text += f" {statistic.of_label}"
        return text

    def statistic_comparison(self, statistic: Statistic) -> str:
        comparison = statistic.comparison
        if comparison is None:
            return "—"
        if comparison.period is not None:
            when = comparison.period
        else:
            assert comparison.data_year is not None
            when = self.year(comparison.data_year)
        return f"{_figure(comparison.value)} ({when})"

    def statistic_caveat(self, statistic: Statistic) -> str:
        if not statistic.caveat:
            return ""
        return f"{statistic.metric} ({self.statistic_when(statistic)}): {statistic.caveat}"

    # -- the event and the panel -------------------------------------------------------------------

    def event_paragraph(self, event: Event) -> str:
        parts: list[str] = []
        kind = self.kind(event.kind)
        if event.convenor is not None:
            text = _glue(f"{kind}จัดโดย", str(event.convenor))
            if event.collaborators:
                text += " " + _glue("ร่วมกับ", self.join([str(o) for o in event.collaborators]))
            if event.supporters:
                text += " " + _glue("โดยได้รับการสนับสนุนจาก", self.join([str(o) for o in event.supporters]))
            parts.append(text)
        when = self.dates(event.date, event.end_date) if event.date is not None else None
        if when or event.location:
            text = "จัดขึ้น" + (f"เมื่อวันที่ {when}" if when else "") + (f" ณ {event.location}" if event.location else "")
            parts.append(text)
        if event.participants is not None or event.agencies is not None:
            parts.append(f"มี{self.event_attendance(event)}")
        return " ".join(parts)

    def _agencies(self, agencies: Count | str) -> str:
        return f"{self.count(agencies)} หน่วยงาน" if isinstance(agencies, Count) else agencies

    def event_attendance(self, event: Event) -> str:
        participants, agencies = event.participants, event.agencies
        if participants is None:
            return "" if agencies is None else f"ผู้เข้าร่วมจาก{self._agencies(agencies)}"
        text = f"ผู้เข้าร่วม{self.count(participants)} คน" if isinstance(participants, Count) else f"ผู้เข้าร่วม ได้แก่ {participants}"
        return text + (f" จาก{self._agencies(agencies)}" if agencies is not None else "")

    def panel_sentence(self, panel: Panel) -> str:
        # Straight quotes: in a Thai run Word and LibreOffice take curly ones from a fallback font (Noto Sans Thai has none).
        text = f"การอภิปรายหัวข้อ \"{panel.title}\""
        if panel.co_presenters:
            text += " " + _glue("ร่วมนำเสนอโดย", self.join([str(o) for o in panel.co_presenters]))
        if panel.representatives_from:
            text += " " + _glue("โดยมีผู้แทนจาก", self.join([str(o) for o in panel.representatives_from])) + " ร่วมอภิปราย"
        if not panel.co_presenters and not panel.representatives_from:
            # A title alone is no sentence: say what the note covers.
            text = "บันทึกนี้ครอบคลุม" + text
        if panel.chatham_house:
            text += " การอภิปรายใช้กฎแชทแธมเฮาส์ (Chatham House Rule) จึงระบุความเห็นเป็นขององค์กรเท่านั้น"
        return text

    def panel_credit(self, panel: Panel, event: Event | None) -> str:
        # Machine translation, to be reviewed. Thai ends a sentence with no full stop.
        parts: list[str] = []
        if panel.co_presenters:
            parts.append(_glue("ร่วมนำเสนอโดย", self.join([str(o) for o in panel.co_presenters])))
        if event is not None:
            attendance = self.event_attendance(event)
            parts.append(_glue("ในงาน", event.name) + (f" ({attendance})" if attendance else ""))
        return " ".join(parts)

    # -- the figure -----------------------------------------------------------------------------

    def chart_caption(self, assessment: TIPAssessment, *, with_country: bool = True) -> str:
        history = assessment.history
        span = self.years(history.placements[0].year, assessment.report_year)
        caption = f"การจัดระดับใน{_REPORT} {span}"
        return f"{self.country(assessment.country)}: {caption}" if with_country else caption

    def chart_heading(self, assessment: TIPAssessment) -> str:
        return f"การจัดระดับ {self.years(assessment.history.placements[0].year, assessment.report_year)}"

    def chart_alt(self, assessment: TIPAssessment) -> str:
        history = assessment.history
        first, last = history.placements[0].year, history.placements[-1].year
        parts = "; ".join(f"{self.tier(run.tier)} ในปี {self._span(run.first, run.last)}" for run in history.runs())
        text = (
            f"แผนภูมิการจัดระดับ{self.possessive(assessment.country)}ใน{_REPORT}แต่ละฉบับ"
            f" ตั้งแต่ปี {self.year(first)} ถึง {self.year(last)}: {parts}"
            if first != last
            else f"แผนภูมิการจัดระดับ{self.possessive(assessment.country)}ใน{_REPORT} {self.year(first)}: {parts}"
        )
        if missing := self.missing_years(history):
            text += f" {missing}"
        if waivers := history.waiver_years():
            text += f" ได้รับการผ่อนผันจากการถูกปรับลดไปอยู่ในกลุ่มที่ 3 ในปี {' '.join(self.year(y) for y in waivers)}"
        for designation in Designation:
            if listed := history.designation_years(designation):
                text += f" อยู่ในรายชื่อ {self.designation(designation)} ในปี {' '.join(self.year(y) for y in listed)}"
        if moves := story(history):
            said = " ".join(
                f"{_MOVES[way]}{self.tier(tier)} ในปี {self.join([self.year(y) for y in years])}" for way, tier, years in moves
            )
            text += f" ความเปลี่ยนแปลงสำคัญ: {said}"
        if (placed := history.get(assessment.report_year)) is not None:
            text += f" ปี {self.year(assessment.report_year)} ถูกเน้นไว้ ({self.tier(placed.tier)})"
        return text

    def chart_move(self, move: TierMove) -> str:
        return f"{_MOVES[move.movement]}{self.tier_short(move.after)}"

    def chart_waiver(self) -> str:
        return "ได้รับการผ่อนผันจากการปรับลดไปกลุ่ม 3"

    # -- the document as a whole -----------------------------------------------------------------

    def product(self, product: str) -> str:
        return _PRODUCTS.get(product, product)

    def metadata_subject(self, briefing: Briefing, product: str) -> str:
        parts: list[str] = []
        if briefing.event is not None:
            parts.append(briefing.event.name)
        if (assessment := briefing.assessment) is not None:
            parts.append(f"{_REPORT} {self.year(assessment.report_year)}: {self.country(assessment.country)}")
        kind = self.product(product)
        return f"{kind}: " + "; ".join(parts) if parts else kind

    def metadata_keywords(self, briefing: Briefing) -> tuple[str, ...]:
        keywords = ["การค้ามนุษย์"]
        if briefing.event is not None:
            keywords.append(briefing.event.name)
        if (assessment := briefing.assessment) is not None:
            keywords += [
                f"{_REPORT} {self.year(assessment.report_year)}",
                self.country(assessment.country),
                self.tier(assessment.tier),
            ]
        return tuple(dict.fromkeys(keywords))

    def preview_footer(self, product: str, withheld: Withheld) -> str:
        shown = f"ตัวอย่าง{self.product(product)} สำหรับผู้รับระดับ {withheld.audience.label}"
        if withheld.total:
            shown += f": ไม่แสดง {withheld.total} รายการ"
        return f"{shown}; ระดับของเอกสาร {withheld.marking.label}"

    def part_preview_footer(self, restricted: int) -> str:
        footer = "ตัวอย่างนี้แสดงทุกรายการไม่ว่าจะมีระดับใด รายการที่ไม่ได้ระบุระดับของตนเองใช้ระดับของเอกสาร"
        if restricted:
            footer = f"แสดง {restricted} รายการที่มีระดับสูงกว่า TLP:CLEAR พร้อมระดับของแต่ละรายการ " + footer
        return footer

    def page_alt(self, number: int, pages: int, product: str, title: str) -> str:
        return f"หน้า {number} จาก {pages} ของ{self.product(product)}: {title}"

    def dataset_title(self, country: Country, year: int) -> str:
        return f"{self.country(country)}: การจัดระดับใน{_REPORT} {self.year(year)}"

    def dataset_subtitle(self, first: int, last: int) -> str:
        return f"การจัดระดับ {self.years(first, last)}"

    def history_warning(self, warning: HistoryWarning) -> str:
        # The command line speaks to the person running it: in English, whatever the document's language.
        return English().history_warning(warning)

    # -- what changed since an earlier edition (machine translation, not reviewed) ---------------------

    def changes_heading(self, changes: Changes) -> str:
        return f"ความเปลี่ยนแปลงนับจากรายงานปี {self.year(changes.previous_year)}"

    def changes_title(self, changes: Changes) -> str:
        y1, y2 = self.year(changes.previous_year), self.year(changes.current_year)
        return f"{self.country_start(changes.country)}: เปรียบเทียบ{_REPORT} ปี {y1} และปี {y2}"

    def changes_subtitle(self, changes: Changes) -> str:
        return "สิ่งที่เปลี่ยนแปลงในการประเมิน: ระดับ ความก้าวหน้า ข้อกังวล ข้อเสนอแนะ และสถิติ"

    def changes_tier_badge(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = self.tier(tier.previous.tier), self.tier(tier.current.tier)
        y1, y2 = self.year(tier.previous.year), self.year(tier.current.year)
        match tier.movement:
            case Movement.REMAINED:
                return f"{after} ทั้งปี {y1} และปี {y2}: ไม่เปลี่ยนแปลง"
            case Movement.UPGRADED:
                return f"ปรับขึ้นจาก{before} (ปี {y1}) เป็น{after} (ปี {y2})"
            case Movement.DOWNGRADED:
                return f"ปรับลดจาก{before} (ปี {y1}) เป็น{after} (ปี {y2})"
            case _:
                return f"{before}ในปี {y1} และ{after}ในปี {y2}"

    def changes_tier_sentence(self, changes: Changes) -> str:
        tier = changes.tier
        before, after = self.tier(tier.previous.tier), self.tier(tier.current.tier)
        y1, y2 = self.year(tier.previous.year), self.year(tier.current.year)
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
        if tier.years_apart == 1:
            return sentence
        if not tier.between:
            return sentence + " ไม่มีข้อมูลการจัดระดับในปีระหว่างนั้น"
        same = tier.current.tier is tier.previous.tier and all(p.tier is tier.current.tier for p in tier.between)
        if same and tier.between_known:
            return sentence + " และอยู่ในระดับเดียวกันทุกปีในระหว่างนั้น"
        between = " ในระหว่างนั้น: " + " ".join(f"{self.tier(p.tier)} ปี {self.year(p.year)}" for p in tier.between)
        return sentence + between + ("" if tier.between_known else " (ไม่มีข้อมูลบางปี)")

    def changes_designations(self, changes: Changes) -> tuple[str, ...]:
        y1, y2 = self.year(changes.previous_year), self.year(changes.current_year)
        added = (f"รายงานปี {y2} ระบุชื่อ{_LISTED[d]} ซึ่งรายงานปี {y1} ไม่ได้ระบุ" for d in changes.tier.designations_added)
        removed = (f"รายงานปี {y2} ไม่ได้ระบุชื่อ{_LISTED[d]} อีก ซึ่งรายงานปี {y1} ได้ระบุไว้" for d in changes.tier.designations_removed)
        return (*added, *removed)

    def changes_badge_line(self, changes: Changes) -> str:
        tier = changes.tier
        match tier.movement:
            case Movement.REMAINED:
                head = "ระดับไม่เปลี่ยนแปลง"
            case Movement.UPGRADED:
                head = f"ปรับขึ้นจาก{self.tier(tier.previous.tier)}"
            case Movement.DOWNGRADED:
                head = f"ปรับลดจาก{self.tier(tier.previous.tier)}"
            case _:
                head = f"{self.tier(tier.previous.tier)}ในปี {self.year(tier.previous.year)}"
        parts = [f"นับจากปี {self.year(changes.previous_year)}: {head}"]
        listed = next((x for x in (changes.concerns, changes.recommendations, changes.progress) if x.compared), None)
        if listed is not None:
            # Counted in the briefings (documents), which quote a selection of their reports.
            noun, classifier = _CHANGES_LISTS[listed.name]
            of = f" จาก {listed.out_of} {classifier}" if listed.out_of is not None else f" {classifier}"
            earlier = f"ในเอกสารปี {self.year(changes.previous_year)}"
            parts.append(f"{noun}{earlier} {len(listed.continued)}{of}ได้รับการกล่าวถึงอีกครั้ง")
        return "; ".join(parts)

    def changes_list_heading(self, changes: ListChanges) -> str:
        return _CHANGES_LISTS[changes.name][0]

    def changes_list_summary(self, changes: ListChanges, whole: Changes) -> str:
        noun, classifier = _CHANGES_LISTS[changes.name]
        if not changes.compared:
            missing = whole.current_year if changes.current_count == 0 else whole.previous_year
            return f"ไม่ได้เปรียบเทียบ: เอกสารปี {self.year(missing)} ไม่ได้ระบุ{noun}"
        again, reworded = len(changes.continued), len(changes.reworded)
        of = f" จาก {changes.out_of} {classifier}" if changes.out_of is not None else f" {classifier}"
        # About the two briefings (documents), not the reports: a briefing quotes a selection of its report.
        y1, y2 = self.year(whole.previous_year), self.year(whole.current_year)
        sentence = f"{noun}ในเอกสารปี {y1} {again}{of}ได้รับการกล่าวถึงอีกครั้ง"
        if reworded:
            sentence += f" (ใช้ถ้อยคำต่างไป {reworded} {classifier})"
        if changes.complete:
            gone = len(changes.no_longer_mentioned)
            if gone:
                sentence += f"; ไม่มีในเอกสารปี {y2} {gone} {classifier}"
            sentence += f"; เอกสารปี {y2} มี{noun}ใหม่ {len(changes.new)} {classifier}"
        elif changes.partial:
            sentence += "; เอกสารอ้างถึงข้อเสนอแนะของรายงานเพียงบางข้อ จึงแสดงข้อที่เหลือแยกตามเอกสารโดยไม่ระบุว่าข้อใดใหม่หรือขาดไป"
        return sentence

    def changes_raised_again(self, changes: Changes) -> str:
        return "กล่าวถึงอีกครั้ง"

    def changes_new(self, changes: Changes) -> str:
        return f"ใหม่ในเอกสารปี {self.year(changes.current_year)}"

    def changes_no_longer_mentioned(self, changes: Changes) -> str:
        return f"ไม่มีในเอกสารปี {self.year(changes.current_year)}"

    def changes_others(self, year: int) -> str:
        return f"รายการอื่นในเอกสารปี {self.year(year)}"

    def changes_earlier_wording(self, changes: Changes) -> str:
        return f"ปี {self.year(changes.previous_year)}:"

    def changes_statistics_columns(self, changes: Changes) -> tuple[str, str, str, str, str]:
        y1, y2 = self.year(changes.previous_year), self.year(changes.current_year)
        return (self.label("measure"), self.label("form"), f"รายงานปี {y1}", f"รายงานปี {y2}", "การเปลี่ยนแปลง")

    def changes_figure(self, statistic: Statistic) -> str:
        return f"{self.statistic_value(statistic)} ({self.statistic_when(statistic)})"

    def changes_difference(self, pair: StatisticChange) -> str:
        return difference(pair)

    def changes_statistics_note(self, changes: Changes) -> str:
        return (
            "เปรียบเทียบตัวเลขเฉพาะตัวชี้วัดและรูปแบบเดียวกัน ตัวเลขที่เป็นข้อความ ไม่ได้รายงาน "
            "เป็นส่วนหนึ่งของตัวเลขที่ใหญ่กว่า หรือมีข้อสังเกต แสดงคู่กันโดยไม่นำมาลบกัน"
        )

    def changes_only_in(self, year: int) -> str:
        return f"มีเฉพาะในเอกสารปี {self.year(year)}"

    def changes_metadata_subject(self, changes: Changes) -> str:
        return f"เอกสารเปรียบเทียบ: {self.changes_title(changes)}"

    def changes_metadata_keywords(self, changes: Changes) -> tuple[str, ...]:
        y1, y2 = self.year(changes.previous_year), self.year(changes.current_year)
        return ("การค้ามนุษย์", f"{_REPORT} ปี {y1}", f"{_REPORT} ปี {y2}", self.country_start(changes.country))
