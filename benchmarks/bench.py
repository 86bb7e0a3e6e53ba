"""
Benchmarks: medians after warm-up and peak memory, printed, never asserted.

    python benchmarks/bench.py            # everything (about a minute)
    python benchmarks/bench.py --quick    # fewer repetitions, 40 countries in the batch

Targets (from the issue): one-pager PDF <= 30 ms and briefing-note DOCX <= 60 ms
on the example; `tipreports example` in a fresh process <= 1.5 s; one-pagers for
every country of the Kelley–Heiss table <= 8 s with 2 workers and <= 150 MB per
worker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thailand_2025.yaml"
TABLE = ROOT / "tests" / "data" / "tier_placements_2001_2015.csv"


def _median_ms(fn: Callable[[], object], runs: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def _traced_peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss * scale / 2**20


def in_process(runs: int) -> None:
    import tipreports as tr

    brief = tr.load(EXAMPLE)
    cases = [
        ("one-pager PDF (example)", "one-pager", "pdf", 30),
        ("briefing note DOCX (example)", "briefing-note", "docx", 60),
        ("briefing note HTML (example)", "briefing-note", "html", None),
    ]
    print(f"{'in process':<34}{'median':>10}{'min':>10}{'target':>10}{'traced peak':>14}")
    for label, product, fmt, target in cases:

        def render(product: str = product, fmt: str = fmt) -> object:
            return tr.render(brief, product, fmt)

        median, best = _median_ms(render, runs)
        peak = _traced_peak_mb(render)
        shown = f"<={target} ms" if target else ""
        print(f"{label:<34}{median:>8.1f}ms{best:>8.1f}ms{shown:>10}{peak:>11.1f} MB")
    print(f"{'process peak RSS (ru_maxrss)':<34}{_maxrss_mb():>8.0f}MB")


def fresh_process(runs: int) -> None:
    script = Path(sys.executable).with_name("tipreports")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tipreports"]
    times = []
    with tempfile.TemporaryDirectory() as out:
        for i in range(runs + 1):
            started = time.perf_counter()
            subprocess.run([*command, "example", "--out", out, "--overwrite"], check=True, capture_output=True)
            if i:  # the first run warms the file cache
                times.append(time.perf_counter() - started)
    print(f"{'`tipreports example`, fresh process':<34}{statistics.median(times):>8.2f} s{min(times):>8.2f} s{'<=1.5 s':>10}")


def _batch_child(fmt: str, workers: int, limit: int | None, executor: str = "local") -> None:
    """
    Runs in its own process so that RUSAGE_CHILDREN sees only this batch's workers.

    ``executor``: ``local`` (a process pool) or ``dask`` (a local Dask cluster of ``workers``
    processes, started and warmed with a few briefings before the clock starts).
    """
    from concurrent.futures import Executor, ProcessPoolExecutor

    import tipreports as tr
    from tipreports.datasets import briefings_from_placements, read_tier_placements

    table = read_tier_placements(TABLE)
    briefings: dict[str, tr.Briefing] = {}
    # Every country of the table, each at its latest ranked year (some were not ranked in 2015).
    for code, (_country, history) in sorted(table.items())[:limit]:
        latest = history.latest
        if latest is None:
            continue
        found, _ = briefings_from_placements(table, year=latest.year, countries=[code])
        briefings.update(found)
    out = tempfile.mkdtemp(prefix="tipreports-bench-")
    client: Any = None
    try:
        pool: Executor
        if executor == "dask":
            from dask.distributed import Client, LocalCluster

            client = Client(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True))
            pool = client.get_executor()
            warm = dict(list(briefings.items())[: 2 * workers])
            tr.render_many(warm, out, formats=[fmt], executor=pool, workers=workers, progress=False)
        else:
            pool = ProcessPoolExecutor(max_workers=workers)
        started = time.perf_counter()
        result = tr.render_many(briefings, out, formats=[fmt], executor=pool, workers=workers, progress=False)
        if client is None:
            pool.shutdown(wait=True)
        seconds = time.perf_counter() - started
    finally:
        if client is not None:
            client.close()
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({
        "documents": len(result.written), "failed": len(result.failed), "seconds": seconds,
        "worker_peak_mb": _maxrss_mb(resource.RUSAGE_CHILDREN),
    }))  # fmt: skip


def batch(limit: int | None) -> None:
    print(f"\n{'batch (Kelley–Heiss table)':<34}{'workers':>8}{'docs':>6}{'wall':>9}{'docs/s':>9}{'peak/worker':>13}")
    for fmt, label in (("pdf", "one-pagers PDF"), ("docx", "briefing notes DOCX")):
        for workers in (1, 2):
            done = subprocess.run(
                [sys.executable, __file__, "--batch-child", fmt, str(workers), str(limit or 0)],
                capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"{label:<34}{workers:>8}  failed: {last}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            failed = f" ({r['failed']} failed)" if r["failed"] else ""
            print(
                f"{label:<34}{workers:>8}{r['documents']:>6}{r['seconds']:>7.2f} s{r['documents'] / r['seconds']:>9.1f}"
                f"{r['worker_peak_mb']:>10.0f} MB{failed}"
            )
    print("targets: one-pagers <= 8 s with 2 workers; <= 150 MB per worker")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and 40 countries")
    parser.add_argument("--batch-child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)  # FORMAT WORKERS LIMIT [EXECUTOR]
    args = parser.parse_args()
    if args.batch_child:
        fmt, workers, limit, *executor = args.batch_child
        _batch_child(fmt, int(workers), int(limit) or None, *executor)
        return
    print(f"tipreports benchmarks: Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)\n")
    in_process(runs=10 if args.quick else 30)
    fresh_process(runs=2 if args.quick else 5)
    batch(limit=40 if args.quick else None)


if __name__ == "__main__":
    main()
