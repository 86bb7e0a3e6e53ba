"""
Build tipreports/fonts/subsets/: the Noto Sans and Noto Sans Thai subsets a briefing note embeds.

Each bundled face is cut down, with fontTools, to the characters of
``tipreports.render._docx_fonts.PREBUILT_CODEPOINTS`` it has (Latin,
Latin-1, Latin Extended-A and -B, punctuation, currency, arrows, shapes; the
Thai faces also the Thai block, with their layout tables). The output is
deterministic: run this after changing the fonts, the code points or
fontTools, and ``tests/test_docx_fonts.py`` checks that the shipped files are
what this script makes.

    python scripts/make_font_subsets.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tipreports.render._docx_fonts import PREBUILT_FILES, make_prebuilt  # noqa: E402  (after the sys.path line)

OUT = ROOT / "tipreports" / "fonts" / "subsets"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, file in PREBUILT_FILES.items():
        data = make_prebuilt(name)
        (OUT / file).write_bytes(data)
        print(f"{file}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
