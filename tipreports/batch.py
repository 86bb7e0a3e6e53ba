"""
Render many briefings at once, in parallel, and one-pagers from a tier-placement table.

:func:`render_many` fans the work out over any :class:`concurrent.futures.Executor`
(a process pool by default). One failing briefing is reported by name and does
not stop the others. :func:`briefings_from_placements` turns a table in the
Kelley–Heiss format into one briefing per country, with nothing in it that the
table does not say.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TextIO

from attrs import frozen

from ._io import write_atomic
from .api import FORMATS, build, render_report
from .errors import OutputError, TipReportsError
from .model import Briefing, Country, Marking, Source, TierHistory, TIPAssessment, Withheld
from .render._base import Fit

__all__ = [
    "BatchResult",
    "Failure",
    "Skipped",
    "WrittenFile",
    "briefings_from_placements",
    "output_name",
    "render_many",
    "slug",
]

#: Longest slug in a file name (the product and suffix come on top).
MAX_SLUG = 60

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_length: int = MAX_SLUG) -> str:
    """
    ``text`` as a safe file-name part: ASCII ``[a-z0-9-]``, at most ``max_length`` characters.

    ``"Côte d'Ivoire: 2015"`` → ``"cote-d-ivoire-2015"``; text with no Latin
    letters or digits gives ``"briefing"``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cut = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")
    return cut or "briefing"


def output_name(briefing: Briefing) -> str:
    """The base of the file names for ``briefing``: country and report year, else title and year."""
    if (a := briefing.assessment) is not None:
        base = slug(a.country.name, MAX_SLUG - 5)
        year = a.report_year
    else:
        base = slug(briefing.title, MAX_SLUG - 5)
        year = briefing.date.year
    return base if base.endswith(str(year)) else f"{base}-{year}"


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing anything that would land outside ``folder``."""
    # Resolve the folder, never the file: a symbolic link in the file's place must not
    # redirect the write (write_atomic refuses to write through it).
    base = folder.resolve()
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise OutputError(f"refusing to write {name!r}: not a plain file name")
    return base / name


@frozen(kw_only=True)
class WrittenFile:
    """One file written, with its render report (counts only, never withheld text)."""

    name: str
    path: Path
    product: str
    format: str
    marking: Marking
    withheld: Withheld
    fit: Fit | None = None

    @property
    def report(self) -> str:
        """``rendered for TLP:CLEAR: nothing withheld; banner TLP:CLEAR; one page as-is``."""
        return render_report(self.withheld, self.fit)


@frozen(kw_only=True)
class Failure:
    """A briefing that could not be rendered: its name and one line saying why."""

    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


@frozen(kw_only=True)
class Skipped:
    """An input left out on purpose (e.g. a country not ranked in the chosen year), and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@frozen(kw_only=True)
class BatchResult:
    """What :func:`render_many` wrote and what failed; ``str()`` is the summary."""

    written: tuple[WrittenFile, ...]
    failed: tuple[Failure, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed

    @property
    def summary(self) -> str:
        names = {w.name for w in self.written}
        text = f"wrote {len(self.written)} file(s) for {len(names)} briefing(s) in {self.seconds:.1f} s"
        if self.failed:
            text += f"; {len(self.failed)} failed: " + ", ".join(f.name for f in self.failed)
        return text

    def __str__(self) -> str:
        return self.summary


# -- the work of one briefing (runs in a worker: module-level, picklable arguments) ----------------


def _render_one(
    briefing: Briefing,
    name: str,
    folder: str,
    formats: tuple[str, ...],
    product: str | None,
    audience: Marking | str | None,
    overwrite: bool,
) -> tuple[list[WrittenFile], str | None]:
    written: list[WrittenFile] = []
    try:
        for fmt in formats:
            rendered = build(briefing, product, fmt, audience=audience)
            target = _inside(Path(folder), f"{name}-{rendered.product}.{fmt}")
            write_atomic(target, rendered.data, overwrite=overwrite)
            written.append(
                WrittenFile(
                    name=name,
                    path=target,
                    product=rendered.product,
                    format=fmt,
                    marking=rendered.marking,
                    withheld=rendered.withheld,
                    fit=rendered.fit,
                )
            )
    except (TipReportsError, OSError) as err:
        return written, _one_line(err)
    except Exception as err:  # one briefing's bug must not stop the batch; reported by name
        return written, f"internal error: {type(err).__name__}: {_one_line(err)}"
    return written, None


def _one_line(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    lines = text.splitlines()
    return lines[0] + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else "")


# -- progress -----------------------------------------------------------------------------------


def _interactive(stream: TextIO) -> bool:
    if type(stream).__module__.startswith("ipykernel"):
        return True  # a notebook: "\r" redraws the line in the output area
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """A one-line progress bar on stderr, drawn only on a terminal or in a notebook."""

    WIDTH = 24

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.failed = 0
        self.enabled = enabled and total > 0 and _interactive(self.stream)
        self.last = 0.0

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            tail = f", {self.failed} failed" if self.failed else ""
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}{tail}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


# -- render_many --------------------------------------------------------------------------------


def _named(briefings: Iterable[Briefing] | Mapping[str, Briefing]) -> list[tuple[str, Briefing]]:
    pairs = (
        [(slug(str(k)), b) for k, b in briefings.items()]
        if isinstance(briefings, Mapping)
        else [(output_name(b), b) for b in briefings]
    )
    used: set[str] = set()
    named: list[tuple[str, Briefing]] = []
    for base, b in pairs:
        if not isinstance(b, Briefing):
            raise TypeError(f"render_many takes Briefing objects, got {type(b).__name__}")
        # Two briefings with the same name get -2, -3…: never one overwriting the other.
        named.append((unique_name(base, used), b))
    return named


def unique_name(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first not in ``used`` (which it joins)."""
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def render_many(
    briefings: Iterable[Briefing] | Mapping[str, Briefing],
    out_dir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("pdf",),
    product: str | None = None,
    audience: Marking | str | None = None,
    executor: Executor | None = None,
    progress: bool = True,
    overwrite: bool = False,
) -> BatchResult:
    """
    Render every briefing in every format into ``out_dir``, in parallel.

    Files are named ``<country>-<year>-<product>.<format>`` (see
    :func:`output_name`), or after the keys when ``briefings`` is a mapping.
    ``product`` defaults by format (``pdf`` → one-pager, otherwise briefing
    note). A briefing that fails is reported in :attr:`BatchResult.failed` with
    its name and one line; the others are still written.

    ``executor`` is any :class:`concurrent.futures.Executor`. By default a
    :class:`~concurrent.futures.ProcessPoolExecutor` with ``min(2, cpu count)``
    workers is created and shut down. To run on a cluster, pass the executor of
    an engine you already use, for example Dask's::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")
        result = tr.render_many(briefings, "/shared/out", formats=["pdf"], executor=client.get_executor())

    ``out_dir`` must then be a folder every worker can write to. The progress
    bar is drawn on stderr on a terminal or in a notebook, never into a pipe or
    a log file.
    """
    started = time.perf_counter()
    formats = tuple(formats)
    if not formats:
        raise TipReportsError("no formats given; supported: " + ", ".join(repr(f) for f in FORMATS))
    for fmt in formats:
        if fmt not in FORMATS:
            raise TipReportsError(f"unknown format {fmt!r}; supported: " + ", ".join(repr(f) for f in FORMATS))
    if audience is not None:
        audience = Marking.parse(audience)
    folder = Path(out_dir)
    if not folder.is_dir():
        raise OutputError(f"the output folder {str(folder)!r} does not exist")
    folder = folder.resolve()
    named = _named(briefings)

    own = executor is None
    pool: Executor = executor if executor is not None else ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1))
    bar = _Progress(len(named), progress)
    written: dict[str, list[WrittenFile]] = {}
    failed: dict[str, Failure] = {}
    try:
        futures: dict[Future[tuple[list[WrittenFile], str | None]], str] = {
            pool.submit(_render_one, b, name, str(folder), formats, product, audience, overwrite): name for name, b in named
        }
        for future in as_completed(futures):
            name = futures[future]
            try:
                files, error = future.result()
            except Exception as err:  # a worker that died (or could not pickle) fails its briefing only
                files, error = [], f"internal error: {type(err).__name__}: {_one_line(err)}"
            written[name] = files
            if error is not None:
                failed[name] = Failure(name=name, message=error)
            bar.step(error is not None)
    finally:
        bar.close()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    order = [name for name, _ in named]
    return BatchResult(
        written=tuple(w for name in order for w in written.get(name, ())),
        failed=tuple(failed[name] for name in order if name in failed),
        seconds=time.perf_counter() - started,
    )


# -- one-pagers from a tier-placement table -----------------------------------------------------

#: The citation of the Kelley–Heiss dataset.
KELLEY_HEISS = Source(
    id="kelley-heiss",
    title="Scorecard Diplomacy: tier placements in the U.S. Trafficking in Persons Report (dataset, MIT licence)",
    publisher="Judith G. Kelley and Andrew Heiss, 2017",
)


def last_year(table: Mapping[str, tuple[Country, TierHistory]]) -> int:
    """The last report year with any placement in ``table``."""
    years = [p.year for _country, history in table.values() for p in history.placements]
    if not years:
        raise TipReportsError("the tier table has no placements")
    return max(years)


def briefings_from_placements(
    table: Mapping[str, tuple[Country, TierHistory]],
    *,
    year: int | None = None,
    countries: Iterable[str] | None = None,
    date: dt.date | None = None,
    prepared_by: str = "tipreports",
    source: Source = KELLEY_HEISS,
) -> tuple[dict[str, Briefing], tuple[Skipped, ...]]:
    """
    One briefing per country ranked in ``year`` (default: the table's last year).

    ``table`` maps ISO3 codes to ``(Country, TierHistory)`` as
    :func:`tipreports.datasets.read_tier_placements` returns it. Each briefing
    holds only the tier history up to ``year`` (so the tier sentence and the
    chart), cited to ``source``; no findings are invented. Countries without a
    placement in ``year``, and codes not in the table, come back as
    :class:`Skipped`. Keys of the result are file-name bases (``thailand-2015``).
    """
    year = last_year(table) if year is None else year
    wanted = list(table) if countries is None else [c.strip().upper() for c in countries if c.strip()]
    date = date or dt.date.today()
    briefings: dict[str, Briefing] = {}
    skipped: list[Skipped] = []
    for code in wanted:
        entry = table.get(code)
        if entry is None:
            skipped.append(Skipped(name=code, reason="not in the table"))
            continue
        country, history = entry
        placed = history.get(year)
        if placed is None:
            skipped.append(Skipped(name=code, reason=f"{country.name} has no placement in {year}"))
            continue
        upto = TierHistory(placements=tuple(p for p in history.placements if p.year <= year))
        assessment = TIPAssessment(country=country, report_year=year, tier=placed.tier, tier_history=upto, source=source.id)
        briefing = Briefing(
            title=f"{country.name}: the {year} TIP Report tier placement",
            subtitle=f"Tier placements {upto.placements[0].year}–{year}",
            date=date,
            prepared_by=prepared_by,
            marking=Marking.CLEAR,
            assessment=assessment,
            sources=(source,),
        )
        briefings[f"{slug(country.name, MAX_SLUG - 5)}-{year}"] = briefing
    return briefings, tuple(skipped)

