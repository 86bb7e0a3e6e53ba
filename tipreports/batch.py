"""
Render many briefings at once, in parallel.

:func:`render_many` fans the work out over any :class:`concurrent.futures.Executor`
(a process pool with one worker per CPU by default), in chunks of briefings so
that an executor with a high cost per task (Dask, a cluster) is not dominated by
it. :func:`render_as_completed` yields each briefing's outcome as it finishes.
One failing briefing is reported by name and does not stop the others.
:func:`save_into` writes one briefing in one format into a folder under its
file name; the command line writes through it too.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from pathlib import Path
from typing import Any, TextIO

from attrs import frozen

from ._names import inside, output_name, slug, unique_name
from .api import build_and_write, render_report
from .errors import OutputError, TipReportsError
from .model import Briefing, Marking, Withheld
from .render import format_names, writer_named
from .render._base import Fit
from .theme import Theme

__all__ = ["BatchResult", "Failure", "Outcome", "WrittenFile", "cpu_count", "render_as_completed", "render_many", "save_into"]

#: Most briefings in one task: enough to hide a task's cost, few enough that progress moves.
MAX_CHUNK = 32


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


@frozen(kw_only=True)
class WrittenFile:
    """One file written, with its render report (counts only, never withheld text); ``beside``: files written next to it."""

    name: str
    path: Path
    product: str
    format: str
    marking: Marking
    withheld: Withheld
    fit: Fit | None = None
    beside: tuple[Path, ...] = ()

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
class Outcome:
    """One briefing done: the files written (in the order of the formats) and, if it failed, why."""

    name: str
    written: tuple[WrittenFile, ...]
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        """True when every format was written."""
        return self.failure is None


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
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
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
        briefing, target, format=writer.name, product=product, audience=audience, theme=theme,
        template_dir=template_dir, overwrite=overwrite, previous=previous,
    )  # fmt: skip
    return WrittenFile(
        name=name,
        path=target,
        product=rendered.product,
        format=rendered.format,
        marking=rendered.marking,
        withheld=rendered.withheld,
        fit=rendered.fit,
        beside=tuple(target.parent / extra for extra, _data in rendered.files),
    )


@frozen(kw_only=True)
class _Job:
    """What every briefing of a batch shares: picklable, sent once per chunk."""

    folder: str
    formats: tuple[str, ...]
    product: str | None
    audience: Marking | None
    theme: Theme | None
    template_dir: str | None
    overwrite: bool


def _render_one(briefing: Briefing, name: str, job: _Job) -> Outcome:
    written: list[WrittenFile] = []
    error: str | None = None
    try:
        for fmt in job.formats:
            file = save_into(
                briefing, Path(job.folder), name, fmt, product=job.product, audience=job.audience,
                theme=job.theme, template_dir=job.template_dir, overwrite=job.overwrite,
            )  # fmt: skip
            written.append(file)
    except (TipReportsError, OSError) as err:
        error = _one_line(err)
    except Exception as err:  # one briefing's bug must not stop the batch; reported by name
        error = f"internal error: {type(err).__name__}: {_one_line(err)}"
    return Outcome(name=name, written=tuple(written), failure=None if error is None else Failure(name=name, message=error))


def _render_chunk(chunk: list[tuple[str, Briefing]], job: _Job) -> list[Outcome]:
    """Runs in a worker: module-level, with picklable arguments."""
    return [_render_one(briefing, name, job) for name, briefing in chunk]


def _one_line(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    lines = text.splitlines()
    return lines[0] + (f" (and {len(lines) - 1} more)" if len(lines) > 1 else "")


# -- progress -----------------------------------------------------------------------------------


def _in_notebook(stream: TextIO) -> bool:
    return type(stream).__module__.startswith("ipykernel")


def _interactive(stream: TextIO) -> bool:
    if _in_notebook(stream):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def show_progress(wanted: bool | None, stream: TextIO | None = None) -> bool:
    """
    Whether to draw a progress bar on ``stream`` (default stderr).

    ``True`` or ``False`` decide; ``None`` draws one on a terminal or in a
    notebook, and never into a pipe, a log file or under CI (``CI`` set).
    """
    if wanted is not None:
        return wanted
    return _interactive(stream or sys.stderr) and not os.environ.get("CI")


def progress_bar(total: int, *, enabled: bool, stream: TextIO | None = None, unit: str = "briefing") -> Any:
    """
    A tqdm bar counting ``total`` briefings: a widget in a notebook with ipywidgets, text elsewhere.

    Disabled, it draws nothing and costs nothing.
    """
    from tqdm import tqdm

    out = stream or sys.stderr
    if enabled and _in_notebook(out):
        try:
            import ipywidgets  # noqa: F401  # tqdm's notebook bar needs it; without, the text bar redraws fine
            from tqdm.notebook import tqdm as notebook_tqdm

            return notebook_tqdm(total=total, unit=unit, desc="rendering")
        except ImportError:
            pass
    return tqdm(total=total, unit=unit, desc="rendering", file=out, disable=not enabled, dynamic_ncols=True, leave=True)


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


def default_chunk(executor: Executor, count: int, workers: int) -> int:
    """
    One briefing per task for the standard library's pools, :func:`chunk_size` for any other executor.

    Measured here: a process pool costs ~0.1 ms per task, Dask's executor ~3 ms; a
    one-pager takes 10-30 ms. Single briefings even out the load best where tasks
    are cheap; chunks pay a costly executor's price once per chunk.
    """
    # Imported here: the process pool's module (multiprocessing) costs an import `tipreports` need not pay.
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    if isinstance(executor, (ProcessPoolExecutor, ThreadPoolExecutor)):
        return 1
    return chunk_size(count, workers)


def chunk_size(count: int, workers: int) -> int:
    """
    Briefings per task: about eight tasks per worker, at most :data:`MAX_CHUNK`.

    Fewer, larger tasks pay an executor's cost per task less often (Dask's is ~10 ms here, a
    process pool's ~1 ms); more, smaller ones even out the load at the end. Eight per worker
    keeps the idle tail under a sixteenth of the run.
    """
    return max(1, min(MAX_CHUNK, math.ceil(count / (8 * max(1, workers)))))


def render_as_completed(
    briefings: Iterable[Briefing] | Mapping[str, Briefing],
    out_dir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("pdf",),
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    chunk: int | None = None,
    progress: bool | None = None,
    overwrite: bool = False,
) -> Iterator[Outcome]:
    """
    Like :func:`render_many`, but yield each briefing's :class:`Outcome` as soon as its chunk finishes.

    Stopping early (``break``) cancels what has not started.
    """
    named, job = _prepare(briefings, out_dir, formats, product, audience, theme, template_dir, workers, chunk, overwrite)
    return _run(named, job, executor, workers or cpu_count(), chunk, progress)


def _prepare(
    briefings: Iterable[Briefing] | Mapping[str, Briefing],
    out_dir: str | os.PathLike[str],
    formats: Sequence[str],
    product: str | None,
    audience: Marking | str | None,
    theme: Theme | None,
    template_dir: str | os.PathLike[str] | None,
    workers: int | None,
    chunk: int | None,
    overwrite: bool,
) -> tuple[list[tuple[str, Briefing]], _Job]:
    """Check the arguments before any work starts; name the briefings."""
    formats = tuple(formats)
    if not formats:
        raise TipReportsError(f"no formats given; supported: {format_names()}")
    for fmt in formats:
        writer_named(fmt)  # refuses an unknown format before any work starts
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if chunk is not None and chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    folder = Path(out_dir)
    if not folder.is_dir():
        raise OutputError(f"the output folder {str(folder)!r} does not exist")
    named = _named(briefings)
    job = _Job(
        folder=str(folder.resolve()),
        formats=formats,
        product=product,
        audience=None if audience is None else Marking.parse(audience),
        theme=theme,
        template_dir=None if template_dir is None else os.fspath(Path(template_dir).resolve()),
        overwrite=overwrite,
    )
    return named, job


def _start_method() -> str:
    """
    How the default pool starts its workers: ``fork`` on Linux in a process with one thread, else ``forkserver`` or ``spawn``.

    Chosen here rather than left to Python, whose default on Linux turns from ``fork``
    to ``forkserver`` in 3.14. A forked worker starts as a copy of this process, with
    tipreports and whatever it has loaded already imported; a ``forkserver`` or ``spawn``
    worker imports it all again (186 one-pagers on 2 workers: ~0.5 s and ~1 s slower
    here). Forking a process that runs threads (a notebook's kernel does) can leave a
    lock held in the copy, so such a process gets the fork server, safe with threads.
    """
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    # Not on macOS, where Python itself gave fork up: system libraries there do not survive it.
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _process_pool(workers: int) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(_start_method()))


def _run(
    named: list[tuple[str, Briefing]], job: _Job, executor: Executor | None, workers: int, chunk: int | None, progress: bool | None
) -> Iterator[Outcome]:
    # A generator of its own, so that render_as_completed checks its arguments when called, not when iterated.
    own = executor is None
    pool: Executor = executor if executor is not None else _process_pool(min(workers, max(1, len(named))))
    size = chunk or default_chunk(pool, len(named), workers)
    chunks = [named[i : i + size] for i in range(0, len(named), size)]
    bar = progress_bar(len(named), enabled=show_progress(progress) and bool(named))
    failed = 0
    try:
        futures: dict[Future[list[Outcome]], list[tuple[str, Briefing]]] = {pool.submit(_render_chunk, part, job): part for part in chunks}
        for future in as_completed(futures):
            try:
                outcomes = future.result()
            except Exception as err:  # a worker that died (or could not pickle) fails its chunk's briefings only
                message = f"internal error: {type(err).__name__}: {_one_line(err)}"
                outcomes = [Outcome(name=name, written=(), failure=Failure(name=name, message=message)) for name, _ in futures[future]]
            failed += sum(not outcome.ok for outcome in outcomes)
            if failed:
                bar.set_postfix_str(f"{failed} failed", refresh=False)
            bar.update(len(outcomes))
            yield from outcomes
    finally:
        bar.close()
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def render_many(
    briefings: Iterable[Briefing] | Mapping[str, Briefing],
    out_dir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("pdf",),
    product: str | None = None,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    chunk: int | None = None,
    progress: bool | None = None,
    overwrite: bool = False,
) -> BatchResult:
    """
    Render every briefing in every format into ``out_dir``, in parallel.

    Files are named ``<country>-<year>-<product>.<format>`` (see
    :func:`output_name`), or after the keys when ``briefings`` is a mapping.
    ``product`` defaults by format (``pdf`` → one-pager, otherwise briefing
    note); ``theme`` and ``template_dir`` apply to every briefing. A briefing
    that fails is reported in :attr:`BatchResult.failed` with its name and one
    line; the others are still written. :func:`render_as_completed` gives the
    same work one briefing at a time, as each finishes.

    ``executor`` is any :class:`concurrent.futures.Executor`. By default a
    :class:`~concurrent.futures.ProcessPoolExecutor` with ``workers`` processes
    (default: one per CPU) is created and shut down; its workers fork on Linux
    from a process without threads, else start from a fork server. Briefings go to the
    executor in chunks of ``chunk`` briefings, so the cost of a task is paid
    per chunk: by default one briefing per task for the standard library's
    pools (a task costs them ~0.1 ms), and about eight chunks per worker, at
    most 32 briefings, for any other executor (Dask's costs ~3 ms a task). To run on a cluster, pass the executor of an engine you already
    use, for example Dask's::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")
        result = tr.render_many(briefings, "/shared/out", executor=client.get_executor(), workers=16)

    ``out_dir`` must then be a folder every worker can write to; ``workers``
    (the cluster's) then only sizes the chunks. ``progress`` draws a tqdm bar on stderr (a
    widget in a notebook with ipywidgets): by default on a terminal or in a
    notebook, never into a pipe, a log file or under CI; ``True`` forces it.
    """
    started = time.perf_counter()
    named, job = _prepare(briefings, out_dir, formats, product, audience, theme, template_dir, workers, chunk, overwrite)
    by_name = {outcome.name: outcome for outcome in _run(named, job, executor, workers or cpu_count(), chunk, progress)}
    # Reported in the order the briefings were given, whatever order they finished in.
    order = [name for name, _ in named if name in by_name]
    return BatchResult(
        written=tuple(file for name in order for file in by_name[name].written),
        failed=tuple(failure for name in order if (failure := by_name[name].failure) is not None),
        seconds=time.perf_counter() - started,
    )
