"""
Build the briefing note (DOCX) and the one-pager (PDF) from the Thailand 2025 example.

The same steps as briefing.ipynb, as a script:

    python examples/build_briefing.py                  # reads examples/thailand_2025.yaml, writes out/
    python examples/build_briefing.py my.yaml out/     # any briefing, any folder

Files that already exist are replaced (overwrite=True): this script is meant to be re-run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

import tipreports as tr


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else Path(__file__).with_name("thailand_2025.yaml")
    out = Path(argv[1]) if len(argv) > 1 else Path("out")
    out.mkdir(parents=True, exist_ok=True)

    try:
        brief = tr.load(source)
    except tr.InputError as err:
        print(f"{source}: cannot read the briefing:\n{err}", file=sys.stderr)
        return 1

    # The model is immutable: attrs.evolve returns a changed copy, validated like the original.
    brief = attrs.evolve(brief, to="Regional programme team")

    note = tr.build(brief, "briefing-note", "docx")
    one_pager = tr.build(brief, "one-pager", "pdf")
    for rendered in (note, one_pager):
        path = tr.write(rendered, out / f"thailand-2025-{rendered.product}.{rendered.format}", overwrite=True)
        print(f"wrote {path}: {rendered.report}")

    page = tr.preview(brief, product="one-pager")
    print(f"wrote {page.save(out / 'thailand-2025-one-pager.png', overwrite=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
