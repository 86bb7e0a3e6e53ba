"""
Speed against the tools a user would pick instead, as ratios measured in one run: printed, never asserted.

    python benchmarks/ratios.py                          # a few minutes
    python benchmarks/ratios.py --rounds 10 --fresh 3 --no-batch   # quicker, noisier

The machine's load falls on every tool alike when they run interleaved in one
process, each round rendering a fresh variant in every tool (a reused Typst
compiler returns cached layout for an identical input); so the ratios hold
where absolute times do not. Fresh-process times are absolute: they are shown
with the CPU time the process used (steadier than wall time on a shared
machine) and next to a bare interpreter start, which carries the same load.

Needs the ``bench`` extra (typst, docxtpl, weasyprint; ``make bench`` installs
it) and ``thai`` for the Thai rows; a tool that is missing is left out with a
note. The anchors (the same documents in Typst, HTML+CSS and docxtpl) are in
``benchmarks/anchors``; Typst and WeasyPrint are given the bundled Noto Sans,
so every tool sets the same family.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANCHORS = Path(__file__).resolve().parent / "anchors"
BENCH = Path(__file__).resolve().parent / "bench.py"

# The goals of issue 15, shown beside each figure (for reading, not for asserting).
GOALS = {
    "one-pager: ours / Typst": "<= 1.0",
    "one-pager: WeasyPrint / ours": ">= 30",
    "note: ours / docxtpl": "<= 0.7",
    "note with a new chart: ours / docxtpl": "<= 0.7",
    "Thai one-pager / English (warm)": "<= 2.0",
    "`tipreports example`": "<= 0.6 s",
    "first Thai one-pager in a process": "<= 0.5 s",
    "all countries' one-pagers, 2 workers": "<= 2.5 s",
    "Dask (2 workers) / local pool": "<= 1.3",
}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _variant(content: dict[str, Any], i: int) -> dict[str, Any]:
    c = copy.deepcopy(content)
    c["memo"]["date"] = f"{content['memo']['date']} (run {i})"
    return c


def in_process(rounds: int, weasy_every: int) -> dict[str, list[float]]:
    """Every tool once per round, in the same order, after one warm-up each; times in ms."""
    sys.path.insert(0, str(ANCHORS))
    import attrs
    import jinja2

    import tipreports as tr

    missing = [m for m in ("typst", "weasyprint", "docxtpl") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"not installed, left out: {', '.join(missing)} (pip install -e '.[bench]')\n")
    fonts = Path(tr.__file__).parent / "fonts"
    english = tr.load(ROOT / "examples" / "thailand_2025.yaml")
    content = json.loads((ANCHORS / "content.json").read_text(encoding="utf-8"))

    def ours(brief: tr.Briefing, i: int, product: str, fmt: str) -> object:
        return tr.render(attrs.evolve(brief, subtitle=f"{brief.subtitle} (run {i})"), product=product, format=fmt)

    # Outside the timing, as a user would hold them: the Typst compiler (font scan), the compiled
    # Jinja template and WeasyPrint's font configuration, the docxtpl template's bytes.
    tools: dict[str, Callable[[int], object]] = {
        "tipreports one-pager (en)": lambda i: ours(english, i, "one-pager", "pdf"),
    }
    if "typst" not in missing:
        import typst

        compiler = typst.Compiler(str(ANCHORS / "onepager.typ"), root=str(ANCHORS), font_paths=[str(fonts)])
        tools["typst one-pager"] = lambda i: compiler.compile(format="pdf", sys_inputs={"data": json.dumps(_variant(content, i))})
    if "weasyprint" not in missing:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        html = jinja2.Environment(loader=jinja2.FileSystemLoader(ANCHORS), autoescape=True).get_template("onepager.html.j2")
        font_config = FontConfiguration()
        faces = "".join(
            f"@font-face {{ font-family: 'Noto Sans'; font-weight: {w}; font-style: {st}; src: url('{(fonts / f).as_uri()}'); }}"
            for f, w, st in (("NotoSans-Regular.ttf", "normal", "normal"), ("NotoSans-Bold.ttf", "bold", "normal"),
                             ("NotoSans-Italic.ttf", "normal", "italic"), ("NotoSans-BoldItalic.ttf", "bold", "italic"))
        )  # fmt: skip
        css = weasyprint.CSS(string=faces, font_config=font_config)
        tools["weasyprint one-pager"] = lambda i: weasyprint.HTML(
            string=html.render(**_variant(content, i)), base_url=str(ANCHORS)
        ).write_pdf(stylesheets=[css], font_config=font_config)
    if importlib.util.find_spec("pythainlp") is not None:
        thai = tr.load(ROOT / "examples" / "thailand_2025_th.yaml")
        tools["tipreports one-pager (th)"] = lambda i: ours(thai, i, "one-pager", "pdf")
    tools["tipreports note docx"] = lambda i: ours(english, i, "briefing-note", "docx")

    def note_new_chart(i: int) -> object:
        # A note whose chart was not painted before in the process (another country in a batch).
        from tipreports.render import _chart

        clear = getattr(_chart.chart_png, "cache_clear", None)
        if clear is not None:
            clear()
        return ours(english, i, "briefing-note", "docx")

    tools["tipreports note docx, new chart"] = note_new_chart
    if "docxtpl" not in missing:
        import build_template  # the anchors' docxtpl template is built by a script
        import docx_common
        import docxtpl

        with tempfile.TemporaryDirectory() as folder:
            note_template = Path(build_template.build(Path(folder) / "briefing_template.docx")).read_bytes()

        def docxtpl_note(i: int) -> bytes:
            c = _variant(content, i)
            doc = docxtpl.DocxTemplate(io.BytesIO(note_template))
            doc.render({**c, "tier_rows": docx_common.tier_rows(c)}, autoescape=True)
            out = io.BytesIO()
            doc.save(out)
            return out.getvalue()

        tools["docxtpl note"] = docxtpl_note

    times: dict[str, list[float]] = {name: [] for name in tools}
    for fn in tools.values():
        fn(0)
    for r in range(1, rounds + 1):
        for name, fn in tools.items():
            if name.startswith("weasyprint") and r % weasy_every:
                continue  # about 30x slower than the rest: every few rounds is enough
            started = time.perf_counter()
            fn(r)
            times[name].append((time.perf_counter() - started) * 1000)
    return times


_FIRST_THAI = """
import sys, time
import tipreports as tr
brief = tr.load(sys.argv[1])
started = time.perf_counter()
tr.render(brief, product="one-pager", format="pdf")
print(time.perf_counter() - started)
"""

_DOCX_ONLY = """
import sys
from tipreports.cli import run
sys.argv = ["tipreports", "example", "--out", sys.argv[1], "--overwrite", "--format", "docx"]
try:
    run()
except SystemExit:
    pass
print("reportlab" in sys.modules, "uharfbuzz" in sys.modules, "fontTools" in sys.modules)
"""


def _cached_bytecode() -> dict[str, str]:
    """The environment for a child process, run as an installed package runs: with its bytecode cached."""
    # A shell may say not to write bytecode; every fresh process (and batch worker) would then compile
    # tipreports' modules again: a third of a second here.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh_processes(runs: int) -> tuple[dict[str, tuple[list[float], list[float]]], str]:
    """Whole commands in new interpreters, interleaved with a bare interpreter start: (wall, CPU) in s."""
    python = sys.executable
    script = Path(python).with_name("tipreports")
    cli = [str(script)] if script.exists() else [python, "-m", "tipreports"]
    imported = ""
    env = _cached_bytecode()
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "`tipreports example`": [*cli, "example", "--out", out, "--overwrite"],
            "`tipreports example --format docx`": [python, "-c", _DOCX_ONLY, out],
        }
        if importlib.util.find_spec("pythainlp") is not None:
            commands["first Thai one-pager in a process"] = [python, "-c", _FIRST_THAI, str(ROOT / "examples" / "thailand_2025_th.yaml")]
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in commands}
        for i in range(runs + 1):  # the first round warms the file cache and writes .pyc files
            for name, command in commands.items():
                cpu, started = _children_cpu(), time.perf_counter()
                # In a folder of its own: `python -c` puts the working directory first on sys.path.
                done = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=out)
                wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
                if name.startswith("first Thai"):
                    wall = float(done.stdout.split()[-1])  # the render alone, without the interpreter's start
                if i:
                    times[name][0].append(wall)
                    times[name][1].append(cpu)
                if name.endswith("docx`"):
                    rl, hb, ft = done.stdout.split()[-3:]
                    imported = f"`example --format docx` imports ReportLab: {rl}; uharfbuzz: {hb}; fontTools: {ft}"
    return times, imported


def _batch(workers: int, executor: str) -> dict[str, Any] | None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--batch-child", "pdf", str(workers), "0", executor],
        capture_output=True, text=True, env=_cached_bytecode(), cwd=tempfile.gettempdir(),
    )  # fmt: skip
    if done.returncode != 0:
        print(f"batch on {executor} failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def batches(runs: int) -> dict[str, list[float]]:
    """Every country's one-pager on 2 workers: the local process pool, and Dask when it is installed; s."""
    executors = ["local"] + (["dask"] if importlib.util.find_spec("distributed") is not None else [])
    times: dict[str, list[float]] = {name: [] for name in executors}
    documents = 0
    for _ in range(runs):
        for name in executors:
            result = _batch(2, name)
            if result is not None:
                times[name].append(result["seconds"])
                documents = result["documents"]
    if "dask" not in executors:
        print("Dask (distributed) not installed: its row is left out")
    print(f"batch: {documents} one-pagers per run")
    return times


def _row(name: str, median: str, low: str, n: int, goal: str = "") -> None:
    print(f"{name:<40}{median:>10}{low:>10}{n:>4}{goal:>11}")


def report(inproc: dict[str, list[float]], fresh: dict[str, tuple[list[float], list[float]]], imported: str,
           batch: dict[str, list[float]]) -> None:  # fmt: skip
    med = {name: _median(v) for name, v in inproc.items()}
    print(f"\n{'in one process, interleaved':<40}{'median':>10}{'min':>10}{'n':>4}")
    for name, v in inproc.items():
        _row(name, f"{med[name]:.1f}ms", f"{min(v, default=float('nan')):.1f}ms", len(v))
    pairs = {
        "one-pager: ours / Typst": ("tipreports one-pager (en)", "typst one-pager"),
        "one-pager: WeasyPrint / ours": ("weasyprint one-pager", "tipreports one-pager (en)"),
        "note: ours / docxtpl": ("tipreports note docx", "docxtpl note"),
        "note with a new chart: ours / docxtpl": ("tipreports note docx, new chart", "docxtpl note"),
        "Thai one-pager / English (warm)": ("tipreports one-pager (th)", "tipreports one-pager (en)"),
    }
    print(f"\n{'ratio of medians (same run)':<40}{'now':>10}{'goal':>10}")
    for name, (top, bottom) in pairs.items():
        if top in med and bottom in med:
            print(f"{name:<40}{med[top] / med[bottom]:>10.2f}{GOALS[name]:>10}")
    if fresh:
        print(f"\n{'fresh process':<40}{'wall':>10}{'CPU':>10}{'n':>4}{'goal':>11}")
        for name, (wall, cpu) in fresh.items():
            if wall:
                _row(name, f"{_median(wall):.2f}s", f"{_median(cpu):.2f}s", len(wall), GOALS.get(name, ""))
        print("(medians; the Thai row's wall time is the render alone, its CPU time the whole process)")
        if imported:
            print(imported)
    if batch:
        print(f"\n{'batch':<40}{'median':>10}{'min':>10}{'n':>4}{'goal':>11}")
        local = batch.get("local", [])
        if local:
            _row("all countries' one-pagers, 2 workers", f"{_median(local):.2f}s", f"{min(local):.2f}s", len(local),
                 GOALS["all countries' one-pagers, 2 workers"])  # fmt: skip
        if batch.get("dask") and local:
            dask = batch["dask"]
            _row("Dask, 2 workers", f"{_median(dask):.2f}s", f"{min(dask):.2f}s", len(dask))
            print(f"{'Dask (2 workers) / local pool':<40}{_median(dask) / _median(local):>10.2f}{GOALS['Dask (2 workers) / local pool']:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--weasy-every", type=int, default=5)
    parser.add_argument("--fresh", type=int, default=5, help="fresh-process runs of each command (0: none)")
    parser.add_argument("--batch", type=int, default=3, help="runs of the all-countries batch (0: none)")
    args = parser.parse_args()
    print(f"tipreports against Typst, WeasyPrint, docxtpl: Python {sys.version.split()[0]}; {args.rounds} rounds\n")
    inproc = in_process(args.rounds, args.weasy_every)
    fresh, imported = fresh_processes(args.fresh) if args.fresh else ({}, "")
    batch = batches(args.batch) if args.batch else {}
    report(inproc, fresh, imported, batch)


if __name__ == "__main__":
    main()
