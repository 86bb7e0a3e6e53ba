"""
The ``tipreports`` command (also ``python -m tipreports``).

Exit codes: 0 success, 1 a reported error (one line each, no traceback), 2 a
usage error. ``--debug`` shows the traceback of an internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.resources
import io
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from ._io import write_atomic
from ._names import output_name, unique_name
from .batch import BatchResult, WrittenFile, cpu_count, render_as_completed, save_into
from .compose import PRODUCTS
from .datasets import briefings_from_placements, last_year, read_tier_placements
from .errors import InputWarning, TipReportsError, TipReportsWarning
from .load import load, loads
from .model import Briefing, Marking, compare
from .project import apply, find_project
from .render import WRITERS
from .schema import schema_text
from .starter import starter
from .theme import Theme
from .wording import phrasebook

__all__ = ["main"]

EXAMPLE_RESOURCE = "examples/thailand_2025.yaml"
#: The bundled example's previous edition (press-quoted), for the comparison `example` also writes.
EXAMPLE_PREVIOUS_RESOURCE = "examples/thailand_2024.yaml"

_EPILOG = """\
examples:
  tipreports example --out out
      render the bundled Thailand 2025 example: a briefing note (DOCX) and a one-pager (PDF),
      and its comparison with the 2024 report
  tipreports build briefing.yaml --out out
  tipreports build a.yaml b.json --out out --format docx,pdf,html --audience TLP:CLEAR --overwrite
  tipreports build briefing.yaml --out out --product one-pager --format pdf,html
  tipreports validate briefing.yaml other.yaml
  tipreports compare thailand_2024.yaml thailand_2025.yaml --out out
      a one-page comparison of two editions of a country's assessment (PDF and DOCX)
  tipreports build thailand_2025.yaml --previous thailand_2024.yaml --out out
      the note and one-pager, with what changed since the previous edition
  tipreports new briefing.yaml --country THA --year 2025
      a commented starter briefing to fill in
  tipreports schema > briefing.schema.json
      the input format as a JSON Schema, for editors and other tools
  tipreports batch tier_placements.csv --out out --year 2015 --countries THA,KHM --date 2015-06-30
  tipreports build briefing.yaml --out out --theme house.yaml --reference-doc house.docx
  tipreports reference-docx house.docx
      write the bundled Word reference document, to restyle for --reference-doc

House style: --theme FILE (YAML/JSON with Theme fields), --reference-doc FILE.docx
and --template-dir DIR; defaults come from tipreports.yaml (or [tool.tipreports]
in pyproject.toml) in the working folder, and flags override them.

Output files are named after the country and report year (or the title and
year): thailand-2025-briefing-note.docx. An existing file is replaced only with
--overwrite. Exit status: 0 done, 1 an error was reported, 2 wrong usage.
"""


# -- argument types (a bad value is a usage error, exit 2) ------------------------------------------


def _formats(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()))
    unknown = [n for n in names if n not in WRITERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {(unknown or [text])[0]!r}; choose from " + ", ".join(WRITERS) + " (comma-separated)"
        )
    return names


def _audience(text: str) -> Marking:
    try:
        return Marking.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _countries(text: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(c.strip().upper() for c in text.split(",") if c.strip()))
    if not codes:
        raise argparse.ArgumentTypeError("expected country codes such as THA,KHM")
    return codes


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text[:40]!r}") from None


def _chunk(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of briefings per task, got {text[:20]!r}") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"expected 1 to 1000 briefings per task, got {value}")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of worker processes, got {text!r}") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"expected 1 to 64 worker processes, got {value}")
    return value


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked (importlib.metadata is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from . import __version__

        print(f"tipreports {__version__}")  # on stdout, as argparse's own version action
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show the traceback of an internal error")

    parser = argparse.ArgumentParser(
        prog="tipreports",
        description="Turn conference panels and the U.S. TIP Report into briefing notes (DOCX) and one-pagers (PDF).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show program's version number and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def output_options(p: argparse.ArgumentParser, default_formats: str, *, product: bool = True) -> None:
        p.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write into (created if missing)")
        if product:
            p.add_argument("--product", choices=sorted(PRODUCTS), help="product for every format (default: briefing-note for docx/html/md, one-pager for pdf)")
        p.add_argument("--format", type=_formats, default=_formats(default_formats), metavar="LIST", help=f"formats, comma-separated, from {','.join(WRITERS)} (default: {default_formats})")
        p.add_argument("--audience", type=_audience, metavar="TLP:...", help="leave out everything marked above this TLP label (default: the document's marking)")
        p.add_argument("--overwrite", action="store_true", help="replace existing files")
        look = p.add_argument_group("house style (defaults from tipreports.yaml or [tool.tipreports] in pyproject.toml)")
        look.add_argument("--theme", type=Path, metavar="FILE", help="YAML or JSON file with Theme fields (accent, logo, organisation, page_size, ...); replaces the project file's theme")
        look.add_argument("--reference-doc", type=Path, metavar="FILE", help="Word file whose styles the DOCX uses (start from: tipreports reference-docx FILE)")
        look.add_argument("--template-dir", type=Path, metavar="DIR", help="folder of templates that take precedence over the bundled ones")
        look.add_argument("--no-project", action="store_true", help="ignore tipreports.yaml and pyproject.toml in the working folder")

    example = commands.add_parser(
        "example", parents=[common], help="render the bundled Thailand 2025 example",
        description=(
            "Render the bundled example (TIPNET 2025 panel and the 2025 TIP Report on Thailand),\n"
            "and its comparison with the 2024 report (as quoted in the press)."
        ),
        epilog="example:\n  tipreports example --out out --overwrite", formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    output_options(example, "docx,pdf")

    build_ = commands.add_parser(
        "build", parents=[common], help="render briefings from YAML or JSON files",
        description="Render each FILE (.yaml, .yml, .json) into --out.",
        epilog="examples:\n  tipreports build briefing.yaml --out out\n  tipreports build a.yaml --out out --format pdf,html --audience TLP:CLEAR",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    build_.add_argument("files", nargs="+", type=Path, metavar="FILE")
    output_options(build_, "docx,pdf")
    build_.add_argument("--previous", type=Path, metavar="OLD", help="an earlier edition of the same country's assessment: the note and one-pager say what changed since")

    compare_ = commands.add_parser(
        "compare", parents=[common], help="one-page comparison of two editions of a country's assessment",
        description=(
            "Compare OLD and NEW, two editions of one country's TIP Report assessment (YAML or JSON\n"
            "briefings): the tier across the gap, what progress, concerns and recommendations were\n"
            "raised again, are new to NEW or left out of it, and the statistics. Each briefing quotes\n"
            "a selection of its report: the two briefings are what is compared. Both are filtered\n"
            "for --audience before they are compared."
        ),
        epilog="examples:\n  tipreports compare thailand_2024.yaml thailand_2025.yaml --out out\n  tipreports compare old.yaml new.yaml --out out --format pdf --audience TLP:CLEAR",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    compare_.add_argument("old", type=Path, metavar="OLD")
    compare_.add_argument("new", type=Path, metavar="NEW")
    output_options(compare_, "pdf,docx", product=False)

    validate = commands.add_parser(
        "validate", parents=[common], help="check briefing files without rendering",
        description="Check each FILE and list every problem with its field and line.",
        epilog="example:\n  tipreports validate briefing.yaml", formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")

    new = commands.add_parser(
        "new", parents=[common], help="write a commented starter briefing to fill in",
        description="Write a starter briefing (YAML) with a comment on every field; it validates as it is.",
        epilog="examples:\n  tipreports new briefing.yaml\n  tipreports new thailand.yaml --country THA --year 2025",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    new.add_argument("file", type=Path, metavar="FILE")
    new.add_argument("--country", metavar="ISO3", help="add an assessment of this country (ISO 3166 alpha-3 code, e.g. THA)")
    new.add_argument("--year", type=int, help="the TIP Report year of the assessment (default: this year)")
    new.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")

    commands.add_parser(
        "schema", parents=[common], help="print the input format as a JSON Schema",
        description="Print the JSON Schema (draft 2020-12) of a briefing, generated from the model.",
        epilog=(
            "examples:\n  tipreports schema > briefing.schema.json\n\n"
            "In VS Code (YAML extension), the first line of a briefing names it:\n"
            "  # yaml-language-server: $schema=briefing.schema.json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip

    batch = commands.add_parser(
        "batch", parents=[common], help="one-pager per country from a tier-placement table (Kelley–Heiss CSV)",
        description=(
            "Build a one-pager per country from a tier-placement table in the Kelley–Heiss format\n"
            "(countryname, iso, year, ccode, tier). Each holds the country's tier history and\n"
            "tier sentence, cited to the dataset; nothing else is added. Countries not ranked\n"
            "in the chosen year are skipped and listed."
        ),
        epilog="examples:\n  tipreports batch tiers.csv --out out\n  tipreports batch tiers.csv --out out --year 2014 --countries THA,KHM --format pdf,html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    batch.add_argument("table", type=Path, metavar="CSV")
    output_options(batch, "pdf")
    batch.add_argument("--year", type=int, help="report year (default: the last year in the table)")
    batch.add_argument("--countries", type=_countries, metavar="CODES", help="only these country codes, comma-separated (THA,KHM)")
    batch.add_argument("--workers", type=_workers, help=f"worker processes (default: one per CPU, {cpu_count()} here)")
    batch.add_argument("--chunk", type=_chunk, metavar="N", help="briefings per task (default: 1 on the local process pool)")
    batch.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the date printed on every one-pager (default: today); fix it for reproducible files")
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="draw a progress bar on stderr (default: on a terminal, not in a pipe or under CI)")
    batch.add_argument("--prepared-by", default="tipreports", metavar="NAME", help="the author named on the one-pagers (default: tipreports)")

    reference = commands.add_parser(
        "reference-docx", parents=[common], help="write the bundled Word reference document, to restyle",
        description=(
            "Write the Word document whose styles the briefing note uses. Restyle it in Word\n"
            "(keep the style names: Title, Heading 1, List Bullet, ...) and pass it with\n"
            "--reference-doc, or name it in tipreports.yaml as reference_doc."
        ),
        epilog="example:\n  tipreports reference-docx house.docx\n  tipreports build briefing.yaml --out out --reference-doc house.docx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    reference.add_argument("output", type=Path, metavar="OUT.docx")
    reference.add_argument("--overwrite", action="store_true", help="replace an existing file")
    return parser


# -- commands ---------------------------------------------------------------------------------------


class _Console:
    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err
        self.errors = 0
        self.bar = False  # while a progress bar is drawn, lines go through tqdm so it is redrawn beneath them

    def say(self, text: str) -> None:
        self.out = _print(text, self.out, through_bar=self.bar)

    def warn(self, text: str, where: str | None = None) -> None:
        """``warning: [FILE: ]field: message (file, line N)``: worth a look, not an error (the exit status stays 0)."""
        prefix = f"{where}: " if where else ""
        for line in text.splitlines() or [""]:
            self.err = _print(f"warning: {prefix}{line}", self.err, through_bar=self.bar)

    def error(self, text: str, where: str | None = None) -> None:
        """One line per problem: ``error: FILE: field: message (file, line N)``."""
        self.errors += 1
        prefix = f"{where}: " if where else ""
        for line in text.splitlines() or [""]:
            self.err = _print(f"error: {prefix}{line}", self.err, through_bar=self.bar)


def _print(text: str, stream: TextIO, *, through_bar: bool = False) -> TextIO:
    """
    Write one line at once; a reader that went away (``| head``) leaves the work going on, silently.

    ``through_bar``: while a progress bar is drawn, the line goes through tqdm so
    that the bar is redrawn beneath it. Returns the stream to use next: after a
    broken pipe, one that discards what it is given.
    """
    try:
        if through_bar:
            from tqdm import tqdm

            tqdm.write(text, file=stream)
            stream.flush()
        else:
            print(text, file=stream, flush=True)
    except BrokenPipeError:
        try:
            # The interpreter flushes the stream once more at exit: let that go nowhere too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return io.StringIO()
    return stream


def _prepare_out(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder.resolve()


def _look(console: _Console, args: argparse.Namespace) -> tuple[Theme | None, Path | None]:
    """The theme and template folder: flags over the project file over the built-in defaults."""
    project = None if args.no_project else find_project()
    if project is not None:
        console.say(f"house style from {_shown(project.source)}")
    theme = Theme.from_file(args.theme) if args.theme is not None else None
    if args.reference_doc is not None and not args.reference_doc.is_file():
        raise TipReportsError(f"--reference-doc: {str(args.reference_doc)!r} is not a file")
    if args.template_dir is not None and not args.template_dir.is_dir():
        raise TipReportsError(f"--template-dir: {str(args.template_dir)!r} is not a folder")
    return apply(project, theme=theme, reference_doc=args.reference_doc, template_dir=args.template_dir)


def _render_files(
    console: _Console,
    briefing: Briefing,
    base: str,
    out: Path,
    args: argparse.Namespace,
    look: tuple[Theme | None, Path | None],
    *,
    product: str | None = None,
    previous: Briefing | None = None,
) -> None:
    theme, template_dir = look
    for fmt in args.format:
        # One format failing (an existing file, a page that cannot fit) does not stop the others.
        try:
            caught: list[warnings.WarningMessage] = []
            try:
                with warnings.catch_warnings(record=True) as caught:
                    # A house reference that lacks styles: said on every render, as 'warning: ...'.
                    warnings.simplefilter("always", TipReportsWarning)
                    written = save_into(
                        briefing, out, base, fmt, product=product or getattr(args, "product", None),
                        audience=args.audience, theme=theme, template_dir=template_dir, overwrite=args.overwrite,
                        previous=previous,
                    )  # fmt: skip
            finally:
                _said(console, caught)
        except OSError as err:
            # An OutputError names its file already.
            console.error(_os_message(err), where=None if isinstance(err, TipReportsError) else f"{base} ({fmt})")
            continue
        except TipReportsError as err:
            console.error(str(err), where=f"{base} ({fmt})")
            continue
        _say_written(console, written)


def _say_written(console: _Console, written: WrittenFile) -> None:
    beside = "".join(f" and {_shown(path)}" for path in written.beside)
    console.say(f"wrote {_shown(written.path)}{beside} ({written.product}, {written.format}): {written.report}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _loaded(console: _Console, read: Callable[[], Briefing]) -> Briefing:
    """The briefing ``read`` returns, its input warnings printed as ``warning: ...`` lines."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        briefing = read()
    _said(console, caught, InputWarning)
    return briefing


def _said(console: _Console, caught: list[warnings.WarningMessage],
          kind: type[TipReportsWarning] = TipReportsWarning) -> None:
    """Warnings of ``kind`` as ``warning: ...`` lines; any other shown as Python would have."""
    for found in caught:
        if isinstance(found.message, kind):
            console.warn(str(found.message))
        else:
            warnings.showwarning(found.message, found.category, found.filename, found.lineno)


def _warn_history(console: _Console, briefing: Briefing, where: str) -> None:
    """The tier history's contradictions of the automatic-downgrade rule: described, never enforced."""
    if briefing.assessment is None:
        return
    say = phrasebook("en")  # the command line speaks English, whatever the document's language
    for found in briefing.assessment.history.warnings:
        console.warn(f"assessment.tier_history: {say.history_warning(found)}", where=where)


def _bundled(resource_name: str) -> Briefing:
    resource = importlib.resources.files("tipreports").joinpath(resource_name)
    return loads(resource.read_text(encoding="utf-8"), format="yaml", name=Path(resource_name).name)


def _cmd_example(console: _Console, args: argparse.Namespace) -> None:
    look = _look(console, args)
    briefing = _bundled(EXAMPLE_RESOURCE)
    out = _prepare_out(args.out)
    _render_files(console, briefing, output_name(briefing), out, args, look)
    previous = _bundled(EXAMPLE_PREVIOUS_RESOURCE)
    _render_files(console, briefing, comparison_name(previous, briefing), out, args, look, product="comparison", previous=previous)


def comparison_name(previous: Briefing, current: Briefing) -> str:
    """``thailand-2024-2025``: the base of a comparison's file names."""
    base = output_name(current)
    earlier = previous.assessment.report_year if previous.assessment is not None else previous.date.year
    later = base.rsplit("-", 1)[-1]
    return f"{base.removesuffix('-' + later)}-{earlier}-{later}" if later.isdigit() else f"{base}-since-{earlier}"


def _cmd_build(console: _Console, args: argparse.Namespace) -> None:
    look = _look(console, args)
    out = _prepare_out(args.out)
    used: set[str] = set()
    previous = None
    if args.previous is not None:
        if len(args.files) > 1:
            raise TipReportsError("--previous is the earlier edition of one briefing: give one FILE with it")
        previous = _load_previous(console, args.previous)
    for path in args.files:
        try:
            briefing = _loaded(console, functools.partial(load, path))
            _warn_history(console, briefing, str(path))
            if previous is not None:
                # Refused once, before any file is written, when the two cannot be compared.
                compare(previous, briefing, audience=args.audience)
            _render_files(console, briefing, unique_name(output_name(briefing), used), out, args, look, previous=previous)
        except (TipReportsError, OSError) as err:
            console.error(_os_message(err), where=None if isinstance(err, TipReportsError) else str(path))


def _load_previous(console: _Console, path: Path) -> Briefing:
    try:
        return _loaded(console, functools.partial(load, path))
    except OSError as err:
        raise TipReportsError(f"{path}: {_os_message(err)}") from None


def _cmd_compare(console: _Console, args: argparse.Namespace) -> None:
    previous, current = _load_previous(console, args.old), _load_previous(console, args.new)
    compare(previous, current, audience=args.audience)
    look = _look(console, args)
    out = _prepare_out(args.out)
    _render_files(console, current, comparison_name(previous, current), out, args, look, product="comparison", previous=previous)


def _cmd_validate(console: _Console, args: argparse.Namespace) -> None:
    for path in args.files:
        try:
            briefing = _loaded(console, functools.partial(load, path))
        except (TipReportsError, OSError) as err:
            console.error(_os_message(err), where=None if isinstance(err, TipReportsError) else str(path))
            continue
        _warn_history(console, briefing, str(path))
        # The title carries the document's marking: show it only when that is TLP:CLEAR.
        if briefing.marking is Marking.CLEAR:
            console.say(f"{path}: ok ({briefing.title})")
        else:
            label = briefing.marking.label
            console.say(f"{path}: ok ({label}; the title is not shown here because the document is marked {label}, above TLP:CLEAR)")


def _cmd_new(console: _Console, args: argparse.Namespace) -> None:
    try:
        text = starter(args.file, country=args.country, year=args.year)
    except ValueError as err:
        raise TipReportsError(str(err)) from None
    written = write_atomic(args.file, text, overwrite=args.overwrite)
    console.say(f"wrote {_shown(written)}: fill it in, then: tipreports validate {_shown(written)}")


def _cmd_schema(console: _Console, _args: argparse.Namespace) -> None:
    console.say(schema_text().removesuffix("\n"))  # through the console: a closed pipe ends it quietly


def _cmd_batch(console: _Console, args: argparse.Namespace) -> None:
    theme, template_dir = _look(console, args)
    table = read_tier_placements(args.table)
    if not table:
        raise TipReportsError(f"{args.table.name}: the table has no countries")
    years = sorted({placement.year for _country, history in table.values() for placement in history.placements})
    year = last_year(table) if args.year is None else args.year  # last_year refuses a table without placements
    if not years:
        raise TipReportsError("the tier table has no placements")
    if year not in years:
        raise TipReportsError(f"--year: the table has no placements in {year}; it covers {years[0]}–{years[-1]}")
    if args.countries is not None:
        unknown = [code for code in args.countries if code not in table]
        if unknown:
            raise TipReportsError(
                "--countries: not in the table: " + ", ".join(unknown) + f" (codes are ISO 3166 alpha-3, e.g. {next(iter(table))})"
            )
    briefings, skipped = briefings_from_placements(
        table, year=year, countries=args.countries, prepared_by=args.prepared_by, date=args.date
    )
    out = _prepare_out(args.out)
    console.say(f"{args.table.name}: {len(briefings)} countr{'y' if len(briefings) == 1 else 'ies'} ranked in {year}; source: Kelley & Heiss, Scorecard Diplomacy (2017), MIT licence")
    for left_out in skipped:
        console.say(f"skipped {left_out}")
    started = time.perf_counter()
    outcomes = render_as_completed(
        briefings, out, formats=args.format, product=args.product, audience=args.audience, theme=theme,
        template_dir=template_dir, workers=args.workers, chunk=args.chunk, progress=args.progress,
        overwrite=args.overwrite,
    )  # fmt: skip
    written: list[WrittenFile] = []
    failed = []
    # Each briefing is reported as it finishes, above the progress bar.
    console.bar = True
    try:
        for outcome in outcomes:
            for file in outcome.written:
                _say_written(console, file)
            written.extend(outcome.written)
            if outcome.failure is not None:
                failed.append(outcome.failure)
                console.error(outcome.failure.message, where=outcome.failure.name)
    finally:
        console.bar = False
    result = BatchResult(written=tuple(written), failed=tuple(failed), seconds=time.perf_counter() - started)
    console.say(result.summary + (f"; {len(skipped)} skipped (not ranked in {year})" if skipped else ""))


def _cmd_reference_docx(console: _Console, args: argparse.Namespace) -> None:
    if args.output.suffix.lower() != ".docx":
        raise TipReportsError(f"{args.output.name!r}: a reference document is a Word file; name it '.docx'")
    data = importlib.resources.files("tipreports").joinpath("reference.docx").read_bytes()
    write_atomic(args.output, data, overwrite=args.overwrite)
    console.say(f"wrote {_shown(args.output)}: restyle it in Word, keeping the style names, then pass --reference-doc {_shown(args.output)}")


def _os_message(err: BaseException) -> str:
    if isinstance(err, TipReportsError) or not isinstance(err, OSError):
        return str(err)
    # "[Errno 2] No such file or directory: 'x.yaml'" → "no such file or directory"
    reason = (err.strerror or str(err)).rstrip(".")
    return reason[:1].lower() + reason[1:]


_COMMANDS = {
    "example": _cmd_example,
    "build": _cmd_build,
    "compare": _cmd_compare,
    "validate": _cmd_validate,
    "batch": _cmd_batch,
    "new": _cmd_new,
    "schema": _cmd_schema,
    "reference-docx": _cmd_reference_docx,
}


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, or 2 for usage errors)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
    console = _Console(out, err)
    debug = bool(getattr(args, "debug", False))
    try:
        _COMMANDS[args.command](console, args)
    except (TipReportsError, OSError) as error:
        console.error(_os_message(error))
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return 130
    except Exception as error:  # the last line of defence: one line, not a traceback, unless --debug
        if debug:
            traceback.print_exc(file=err)
        console.error(f"internal error: {type(error).__name__}: {error} (run with --debug for the traceback)")
    return 1 if console.errors else 0


def run() -> None:
    """Entry point of the ``tipreports`` command and of ``python -m tipreports``."""
    # A closed pipe (tipreports ... | head) ends quietly.
    try:
        sys.exit(main())
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)

