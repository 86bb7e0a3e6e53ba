"""Batch rendering: any executor, failures reported by name, one-pagers from the Kelley–Heiss table in parallel."""

from __future__ import annotations

import io
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

import tipreports as tr
from tipreports.batch import _Progress
from tipreports.datasets import briefings_from_placements, read_tier_placements

TABLE = Path(__file__).parent / "data" / "tier_placements_2001_2015.csv"


@pytest.fixture(scope="module")
def table() -> dict[str, tuple[tr.Country, tr.TierHistory]]:
    return read_tier_placements(TABLE)


def _small(title: str, marking: str = "TLP:CLEAR") -> tr.Briefing:
    return tr.load({"title": title, "date": "2025-03-01", "prepared_by": "Org", "marking": marking, "key_messages": ["A message."]})


# -- render_many --------------------------------------------------------------------------------------


def test_thread_pool(example: tr.Briefing, tmp_path: Path) -> None:
    """render_many runs on a ThreadPoolExecutor and writes every format of every briefing."""
    other = attrs.evolve(example, title="Second", assessment=None, event=None, panel=None)
    with ThreadPoolExecutor(2) as pool:
        result = tr.render_many([example, other], tmp_path, formats=["pdf", "md"], executor=pool, progress=False)
    assert result.ok
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["second-2025-briefing-note.md", "second-2025-one-pager.pdf",
                     "thailand-2025-briefing-note.md", "thailand-2025-one-pager.pdf"]  # fmt: skip
    assert [w.path.name for w in result.written][:2] == ["thailand-2025-one-pager.pdf", "thailand-2025-briefing-note.md"]
    assert result.summary.startswith("wrote 4 file(s) for 2 briefing(s) in ")
    pdf = next(w for w in result.written if w.format == "pdf")
    assert pdf.fit is not None and "one page" in pdf.report


def test_process_pool(example: tr.Briefing, tmp_path: Path) -> None:
    """render_many runs on a ProcessPoolExecutor (given, or the default one)."""
    (tmp_path / "a").mkdir()
    with ProcessPoolExecutor(2) as pool:
        given_pool = tr.render_many([example], tmp_path / "a", formats=["html"], executor=pool, progress=False)
    assert given_pool.ok and len(given_pool.written) == 1
    (tmp_path / "b").mkdir()
    default = tr.render_many({"custom name": example}, tmp_path / "b", formats=["docx"], progress=False)
    assert default.ok
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["custom-name-briefing-note.docx"]


def test_one_failure_does_not_stop_the_others(tmp_path: Path) -> None:
    """A briefing that fails is reported with its name and one line; the rest are written."""
    briefings = [_small("First"), _small("Restricted", marking="TLP:AMBER"), _small("Third")]
    with ThreadPoolExecutor(2) as pool:
        result = tr.render_many(briefings, tmp_path, formats=["md"], audience="TLP:CLEAR", executor=pool, progress=False)
    assert not result.ok
    assert [f.name for f in result.failed] == ["restricted-2025"]
    assert "below the document's marking" in result.failed[0].message
    assert "\n" not in result.failed[0].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first-2025-briefing-note.md", "third-2025-briefing-note.md"]
    assert result.summary.endswith("; 1 failed: restricted-2025")


def test_second_run_needs_overwrite(tmp_path: Path) -> None:
    """Rendering into the same folder again fails per briefing unless overwrite=True."""
    with ThreadPoolExecutor(1) as pool:
        tr.render_many([_small("One")], tmp_path, formats=["md"], executor=pool, progress=False)
        again = tr.render_many([_small("One")], tmp_path, formats=["md"], executor=pool, progress=False)
        forced = tr.render_many([_small("One")], tmp_path, formats=["md"], executor=pool, progress=False, overwrite=True)
    assert "already exists" in again.failed[0].message
    assert forced.ok


def test_same_names_get_numbered(tmp_path: Path) -> None:
    """Two briefings with the same name are written side by side, never over each other."""
    with ThreadPoolExecutor(1) as pool:
        result = tr.render_many([_small("Same"), _small("Same")], tmp_path, formats=["md"], executor=pool, progress=False)
    assert [w.path.name for w in result.written] == ["same-2025-briefing-note.md", "same-2025-2-briefing-note.md"]


def test_bad_arguments_are_errors(tmp_path: Path) -> None:
    """Unknown formats and missing folders are refused before any work starts."""
    with pytest.raises(tr.TipReportsError, match="unknown format 'xls'"):
        tr.render_many([], tmp_path, formats=["xls"])
    with pytest.raises(tr.OutputError, match="does not exist"):
        tr.render_many([], tmp_path / "missing", formats=["md"])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    """The progress bar is drawn on a terminal and stays silent in a pipe or file."""
    tty, pipe = _Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = _Progress(2, True, stream)
        bar.step(False)
        bar.step(True)
        bar.close()
    assert tty.getvalue().endswith("[########################] 2/2, 1 failed\n")
    assert pipe.getvalue() == ""


def test_quiet_when_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """render_many prints nothing when stderr is not a terminal."""
    with ThreadPoolExecutor(1) as pool:
        tr.render_many([_small("Quiet")], tmp_path, formats=["md"], executor=pool)
    assert capsys.readouterr().err == ""


# -- one-pagers from the tier table, in parallel ----------------------------------------------------------------------


def test_table_one_pagers_render_in_parallel(table: dict[str, tuple[tr.Country, tr.TierHistory]], tmp_path: Path) -> None:
    """A handful of countries from the table render to PDF one-pagers in the default process pool."""
    briefings, _ = briefings_from_placements(table, countries=["THA", "KHM", "MMR", "LAO", "VNM"])
    result = tr.render_many(briefings, tmp_path, formats=["pdf"], progress=False)
    assert result.ok, result.failed
    assert len(result.written) == 5
    assert all(w.path.read_bytes().startswith(b"%PDF") for w in result.written)
