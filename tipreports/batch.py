"""
Render many briefings at once, in parallel.

:func:`render_many` fans the work out over any :class:`concurrent.futures.Executor`
(a process pool by default). One failing briefing is reported by name and does
not stop the others. :func:`save_into` writes one briefing in one format into a
folder under its file name; the command line writes through it too.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TextIO

from attrs import frozen

from ._names import inside, output_name, slug, unique_name
from .api import build_and_write, render_report
from .errors import OutputError, TipReportsError
from .model import Briefing, Marking, Withheld
from .render import format_names, writer_named
from .render._base import Fit

__all__ = ["BatchResult", "Failure", "WrittenFile", "render_many", "save_into"]


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


def save_into(
    briefing: Briefing,
    folder: Path,
    name: str,
    format: str,
    *,
    product: str | None = None,
    audience: Marking | str | None = None,
    overwrite: bool = False,
    previous: Briefing | None = None,
) -> WrittenFile:
    """
    Write ``briefing`` in ``format`` into ``folder`` as ``<name>-<product><suffix>``; return it with its report.

    ``previous``: an earlier edition, for what changed since (see :func:`tipreports.save`).
    """
    writer = writer_named(format)
    product = product or writer.product
    target = inside(folder, f"{name}-{product}{writer.suffix}")
    rendered = build_and_write(
        briefing, target, format=writer.name, product=product, audience=audience, overwrite=overwrite, previous=previous
    )
    return WrittenFile(
        name=name,
        path=target,
        product=rendered.product,
        format=rendered.format,
        marking=rendered.marking,
        withheld=rendered.withheld,
        fit=rendered.fit,
    )


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
            written.append(save_into(briefing, Path(folder), name, fmt, product=product, audience=audience, overwrite=overwrite))
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
        [(slug(str(key)), briefing) for key, briefing in briefings.items()]
        if isinstance(briefings, Mapping)
        else [(output_name(briefing), briefing) for briefing in briefings]
    )
    used: set[str] = set()
    named: list[tuple[str, Briefing]] = []
    for base, briefing in pairs:
        if not isinstance(briefing, Briefing):
            raise TypeError(f"render_many takes Briefing objects, got {type(briefing).__name__}")
        # Two briefings with the same name get -2, -3…: never one overwriting the other.
        named.append((unique_name(base, used), briefing))
    return named


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
        raise TipReportsError(f"no formats given; supported: {format_names()}")
    for fmt in formats:
        writer_named(fmt)  # refuses an unknown format before any work starts
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
            pool.submit(_render_one, briefing, name, str(folder), formats, product, audience, overwrite): name
            for name, briefing in named
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
        written=tuple(file for name in order for file in written.get(name, ())),
        failed=tuple(failed[name] for name in order if name in failed),
        seconds=time.perf_counter() - started,
    )
