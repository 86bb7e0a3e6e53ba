"""
Render every product × language × example to PNG, beside the design references: ``make gallery``.

Pages are what a reader sees, so this is how a layout change is judged: the
DOCX through LibreOffice (as a reader without Noto Sans installed gets it,
with only the fonts the file embeds), PDFs as written, each page at 110 dpi
with ``pdftoppm``, into ``out/gallery/`` with an ``index.html`` that shows
them side by side. The design references are the project's own copies in
``docs/design/``.

Needs LibreOffice (``soffice``) and poppler's ``pdftoppm``. Usage:
``python scripts/gallery.py [--out out/gallery]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tipreports as tr  # noqa: E402  (after the sys.path line, to run from a checkout)
from tipreports.datasets import briefings_from_placements, read_tier_placements  # noqa: E402

DPI = 110
DESIGN = ROOT / "docs" / "design"
#: (product, format): each product in the format it is made for, and the note as a PDF too.
RENDERS = (("briefing-note", "docx"), ("briefing-note", "pdf"), ("one-pager", "pdf"))


def examples() -> dict[str, tr.Briefing]:
    """The examples by name: English, Thai, bilingual Thai/English, and a batch briefing from tier data only."""
    english = tr.load(ROOT / "examples" / "thailand_2025.yaml")
    bilingual = tr.load(ROOT / "examples" / "thailand_2025_th.yaml")
    table = read_tier_placements(ROOT / "tests" / "data" / "tier_placements_2001_2015.csv")
    batch, _skipped = briefings_from_placements(table, countries=["THA"], date=dt.date(2015, 7, 27))
    return {
        "thailand-en": english,
        "thailand-th": attrs.evolve(bilingual, translation=None),
        "thailand-th-en": bilingual,
        "batch-thailand-2015": batch["thailand-2015"],
    }


def docx_to_pdf(docx: Path, work: Path) -> Path:
    """LibreOffice's PDF of ``docx``, with a private profile (parallel runs do not share one)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("gallery: LibreOffice (soffice) is needed to render the DOCX")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
    )
    return work / (docx.stem + ".pdf")


def to_png(pdf: Path, out: Path, stem: str) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("gallery: pdftoppm (poppler-utils) is needed")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(out / stem)], check=True, timeout=300)
    return sorted(out.glob(f"{stem}-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "gallery")
    out: Path = parser.parse_args().out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rows: list[tuple[str, list[Path]]] = []
    with tempfile.TemporaryDirectory(prefix="tipreports-gallery-") as tmp:
        work = Path(tmp)
        for name, briefing in examples().items():
            for product, fmt in RENDERS:
                stem = f"{name}-{product}-{fmt}"
                data = tr.render(briefing, product=product, format=fmt)
                assert isinstance(data, bytes)
                source = work / f"{stem}.{fmt}"
                source.write_bytes(data)
                pdf = docx_to_pdf(source, work) if fmt == "docx" else source
                pages = to_png(pdf, out, stem)
                rows.append((stem, pages))
                print(f"{stem}: {len(pages)} page(s)")
    references = []
    for png in sorted(DESIGN.glob("*.png")):
        shutil.copy2(png, out / png.name)
        references.append(out / png.name)
    rows.append(("design references (docs/design)", references))
    (out / "index.html").write_text(index(rows), encoding="utf-8")
    print(f"gallery: {sum(len(p) for _s, p in rows)} page(s) in {out}")


def index(rows: list[tuple[str, list[Path]]]) -> str:
    parts = ["<!doctype html><meta charset='utf-8'><title>tipreports gallery</title>",
             "<style>body{font-family:sans-serif;background:#ddd}img{width:420px;margin:4px;"
             "box-shadow:0 0 4px #888;background:#fff}</style>"]
    for title, pages in rows:
        parts.append(f"<h2>{html.escape(title)}</h2><div>")
        parts.extend(f"<a href='{html.escape(p.name)}'><img src='{html.escape(p.name)}' alt='{html.escape(p.stem)}'></a>"
                     for p in pages)
        parts.append("</div>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    main()
