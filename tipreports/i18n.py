"""
Fixed wording in the languages tipreports writes: English and Thai.

Thai wording follows the U.S. Embassy's Thai translations of the TIP Report
where they exist (tier names, the report's title, the three Ps). TLP labels are
never translated. Dates in Thai use the Buddhist Era (CE + 543).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

__all__ = ["format_date", "translate", "year"]


_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_MONTHS_TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]

#: Buddhist Era offset: 2025 CE is 2568 BE.
BE_OFFSET = 543

# English key → Thai. Keys are the English wording itself, so a missing entry
# falls back to English visibly rather than to an opaque key.
_TH: Mapping[str, str] = {
    # key facts
    "To": "เรียน",
    "From": "จาก",
    "Date": "วันที่",
    "Purpose": "วัตถุประสงค์",
    "Subject": "เรื่อง",
    "For information": "เพื่อโปรดทราบ",
    "For decision": "เพื่อโปรดพิจารณา",
    "Contact": "ติดต่อ",
    # sections
    "Key messages": "ประเด็นสำคัญ",
    "Background": "ความเป็นมา",
    "The panel's perspective": "มุมมองของคณะผู้อภิปราย",
    "Strengths": "จุดแข็ง",
    "Challenges": "ความท้าทาย",
    "The panel's recommendations": "ข้อเสนอแนะของคณะผู้อภิปราย",
    "Progress": "ความก้าวหน้า",
    "Concerns": "ข้อกังวล",
    "Progress the report recognises": "ความก้าวหน้าที่รายงานให้การยอมรับ",
    "Concerns the report notes": "ข้อกังวลที่รายงานระบุ",
    "Prioritized recommendations": "ข้อเสนอแนะตามลำดับความสำคัญ",
    "Statistics": "สถิติ",
    "Considerations": "ข้อพิจารณา",
    "Sources": "แหล่งข้อมูล",
    "Focus": "ประเด็นหลัก",
    "Trafficking in Persons Report": "รายงานสถานการณ์การค้ามนุษย์",
    "TIP Report": "รายงานสถานการณ์การค้ามนุษย์",
    "Tier placement in the TIP Report": "การจัดระดับในรายงานสถานการณ์การค้ามนุษย์",
    # statistics table
    "Measure": "ตัวชี้วัด",
    "Form": "รูปแบบ",
    "Data year": "ปีของข้อมูล",
    "Value": "จำนวน",
    "Compared with": "เปรียบเทียบกับ",
    # the three Ps
    "Prosecution": "ด้านการดำเนินคดี",
    "Protection": "ด้านการคุ้มครองช่วยเหลือ",
    "Prevention": "ด้านการป้องกัน",
    # page furniture
    "Page": "หน้า",
    "of": "จาก",
}


def translate(text: str, language: str) -> str:
    """The fixed wording ``text`` (English) in ``language``; English when no translation exists."""
    if language == "th":
        return _TH.get(text, text)
    return text


def year(value: int, language: str = "en") -> int:
    """A calendar year as written in ``language``: 2025, or 2568 (Buddhist Era) in Thai."""
    return value + BE_OFFSET if language == "th" else value


def format_date(value: dt.date, language: str = "en") -> str:
    """``29 September 2025``, or ``29 กันยายน 2568`` in Thai."""
    if language == "th":
        return f"{value.day} {_MONTHS_TH[value.month - 1]} {value.year + BE_OFFSET}"
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
