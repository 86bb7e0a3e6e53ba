"""
Special and oversized input files: briefings, tier tables and template files.

A FIFO, a device or a folder is refused at once (opening a FIFO for reading
waits for a writer; /dev/zero never ends), and every file is read only up to
its limit. A call that would block is run in a thread and released if it does.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tipreports as tr
from tipreports._io import read_regular_file
from tipreports.cli import main
from tipreports.compose import compose
from tipreports.datasets import MAX_TABLE_BYTES, MAX_TABLE_ROWS, read_tier_placements
from tipreports.errors import InputError, TemplateError

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this platform")
HEADER = "countryname,iso,year,ccode,tier\n"


def _at_once(call: Callable[[], Any], fifo: Path | None = None) -> BaseException | None:
    """Run ``call``; if it is still blocked after 20 s, open ``fifo`` for writing to release it and fail."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as err:  # handed to the test
            outcome.append(err)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    if thread.is_alive():
        if fifo is not None:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail("the call blocked instead of refusing the file")
    return outcome[0]


@needs_fifo
def test_load_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    """`tr.load` of a FIFO is an InputError naming the file, without waiting for a writer."""
    fifo = tmp_path / "brief.yaml"
    os.mkfifo(fifo)
    error = _at_once(lambda: tr.load(fifo), fifo)
    assert isinstance(error, InputError)
    assert str(error) == "not a regular file (a folder, FIFO or device) (brief.yaml)"


@needs_dev_zero
def test_load_refuses_a_device_without_reading_it(tmp_path: Path) -> None:
    """A link to /dev/zero is refused as a device, not read up to the size limit."""
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    with pytest.raises(InputError) as caught:
        tr.load(tmp_path / "zero.yaml")
    assert str(caught.value) == "not a regular file (a folder, FIFO or device) (zero.yaml)"


def test_load_refuses_a_folder(tmp_path: Path) -> None:
    """A folder named like a briefing is an InputError, not IsADirectoryError."""
    (tmp_path / "brief.yaml").mkdir()
    with pytest.raises(InputError, match=r"^not a regular file"):
        tr.load(tmp_path / "brief.yaml")


@needs_fifo
def test_validate_reports_a_fifo_and_goes_on(tmp_path: Path, example_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`tipreports validate` names the FIFO in one error line and still checks the next file."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    status: list[int] = []
    assert _at_once(lambda: status.append(main(["validate", str(fifo), str(example_path)])), fifo) is None
    captured = capsys.readouterr()
    assert status == [1]
    # the example's tier-history warnings may follow; the one error is the FIFO's
    assert [line for line in captured.err.splitlines() if not line.startswith("warning: ")] == [
        "error: not a regular file (a folder, FIFO or device) (pipe.yaml)"
    ]
    assert captured.out == f"{example_path}: ok ({tr.load(example_path).title})\n"


@needs_fifo
def test_a_tier_table_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """The batch CSV is refused at once when it is a FIFO."""
    fifo = tmp_path / "tiers.csv"
    os.mkfifo(fifo)
    error = _at_once(lambda: read_tier_placements(fifo), fifo)
    assert isinstance(error, InputError)
    assert str(error) == "not a regular file (a folder, FIFO or device) (tiers.csv)"


def test_a_tier_table_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """A 32 MB table (5.6 s and 278 MB to parse before) is refused by its size."""
    table = tmp_path / "tiers.csv"
    row = "Thailand,THA,2014,800,4\n"
    with table.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        fh.write(row * (32 * 1024 * 1024 // len(row)))
    with pytest.raises(InputError) as caught:
        read_tier_placements(table)
    assert str(caught.value) == (
        f"the file is too large: {table.stat().st_size:,} bytes; at most {MAX_TABLE_BYTES:,} allowed (tiers.csv)"
    )


def test_a_tier_table_with_too_many_rows_stops_at_the_limit(tmp_path: Path) -> None:
    """A table within the size limit but with more rows than any tier table has is refused at the first row too many."""
    table = tmp_path / "tiers.csv"
    rows = "".join(f"C{i},C{i % 26:02d},2014,1,1\n" for i in range(MAX_TABLE_ROWS + 10))
    table.write_text(HEADER + rows, encoding="utf-8")
    assert table.stat().st_size < MAX_TABLE_BYTES
    with pytest.raises(InputError) as caught:
        read_tier_placements(table)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (
        MAX_TABLE_ROWS + 2,
        f"more than {MAX_TABLE_ROWS:,} rows; a tier table has one row per country and report year",
    )


def test_invalid_utf8_is_named_by_its_line_while_streaming(tmp_path: Path) -> None:
    """Rows are decoded one line at a time; a bad byte is named by its line."""
    table = tmp_path / "tiers.csv"
    table.write_bytes((HEADER + "Thailand,THA,2014,800,4\n").encode() + "C\xf4te d'Ivoire,CIV,2010,437,2\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_tier_placements(table)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (3, "not valid UTF-8 (byte 0xF4 at column 2); save the table as UTF-8 CSV")


@needs_fifo
def test_a_template_file_that_is_a_fifo_is_refused_at_once(example: tr.Briefing, tmp_path: Path) -> None:
    """A FIFO in the template folder, in the product template's place, is refused without blocking."""
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "briefing_note.md.j2")
    error = _at_once(lambda: compose(example, "briefing-note", template_dir=folder), folder / "briefing_note.md.j2")
    assert isinstance(error, TemplateError)
    assert str(error) == "template 'briefing_note.md.j2' is not a regular file (a folder, FIFO or device)"


def test_a_template_file_over_the_size_limit_is_refused(example: tr.Briefing, tmp_path: Path) -> None:
    """A template file over MAX_TEMPLATE_BYTES is refused before it is read."""
    from tipreports.compose._sandbox import MAX_TEMPLATE_BYTES

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "briefing_note.md.j2").write_text("{# " + "x" * MAX_TEMPLATE_BYTES + " #}", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        compose(example, "briefing-note", template_dir=folder)
    assert str(caught.value) == f"template 'briefing_note.md.j2' is larger than {MAX_TEMPLATE_BYTES:,} bytes"


def test_read_regular_file_reads_a_file_within_its_limit(tmp_path: Path) -> None:
    """The shared reader returns the bytes of a regular file, refuses one over the limit, and lets a missing file be an OSError."""
    path = tmp_path / "theme.toml"
    path.write_bytes(b"x" * 10)
    assert read_regular_file(path, 10) == b"x" * 10
    with pytest.raises(InputError, match=r"^the file is too large: 10 bytes; at most 9 allowed \(theme\.toml\)$"):
        read_regular_file(path, 9)
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "missing.toml", 10)
