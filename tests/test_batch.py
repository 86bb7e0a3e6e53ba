"""Batch rendering: any executor, failures reported by name, one-pagers from the Kelley–Heiss table in parallel."""

from __future__ import annotations

import io
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

import tipreports as tr
from tipreports.batch import chunk_size, cpu_count, default_chunk, progress_bar, show_progress
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
                     "thailand-2025-briefing-note-tier-history.png",
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


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the bar is drawn on a terminal, not into a pipe or under CI; progress=True forces it."""
    monkeypatch.delenv("CI", raising=False)
    tty, pipe = _Terminal(), io.StringIO()
    assert show_progress(None, tty) and not show_progress(None, pipe)
    assert show_progress(True, pipe) and not show_progress(False, tty)
    monkeypatch.setenv("CI", "true")
    assert not show_progress(None, tty)
    for stream in (tty, pipe):
        bar = progress_bar(2, enabled=show_progress(None, stream) or stream is tty, stream=stream)
        bar.update(1)
        bar.set_postfix_str("1 failed", refresh=False)
        bar.update(1)
        bar.close()
    assert "2/2" in tty.getvalue() and "1 failed" in tty.getvalue() and "100%" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_quiet_when_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """render_many prints nothing when stderr is not a terminal."""
    with ThreadPoolExecutor(1) as pool:
        tr.render_many([_small("Quiet")], tmp_path, formats=["md"], executor=pool)
    assert capsys.readouterr().err == ""


def test_progress_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """progress=True draws the bar on stderr even into a pipe, counting briefings."""
    with ThreadPoolExecutor(1) as pool:
        tr.render_many([_small("One"), _small("Two"), _small("Three")], tmp_path, formats=["md"], executor=pool, progress=True)
    err = capsys.readouterr().err
    assert "rendering" in err and "3/3" in err


def test_results_as_they_finish(tmp_path: Path) -> None:
    """render_as_completed yields one Outcome per briefing, each with its files written by then."""
    briefings = [_small("First"), _small("Restricted", marking="TLP:AMBER"), _small("Third")]
    seen = []
    with ThreadPoolExecutor(2) as pool:
        for outcome in tr.render_as_completed(briefings, tmp_path, formats=["md", "html"], audience="TLP:CLEAR", executor=pool, chunk=1, progress=False):
            assert all(file.path.exists() for file in outcome.written)
            seen.append(outcome)
    assert sorted(o.name for o in seen) == ["first-2025", "restricted-2025", "third-2025"]
    failed = [o for o in seen if not o.ok]
    assert [o.name for o in failed] == ["restricted-2025"] and failed[0].failure is not None
    assert all(len(o.written) == 2 for o in seen if o.ok)


def test_chunks_give_the_same_files(tmp_path: Path) -> None:
    """Any chunk size writes the same files, reported in the order the briefings were given."""
    briefings = [_small(f"Briefing {n}") for n in range(7)]
    results = {}
    for size in (1, 3, 7):
        folder = tmp_path / str(size)
        folder.mkdir()
        with ThreadPoolExecutor(2) as pool:
            result = tr.render_many(briefings, folder, formats=["md"], executor=pool, chunk=size, progress=False)
        assert result.ok
        results[size] = [(w.path.name, w.path.read_bytes()) for w in result.written]
    assert results[1] == results[3] == results[7]
    assert [name for name, _ in results[1]][:2] == ["briefing-0-2025-briefing-note.md", "briefing-1-2025-briefing-note.md"]


def test_chunk_size_and_workers() -> None:
    """About eight chunks per worker, at least 1 and at most 32 briefings; workers default to the CPUs."""
    assert chunk_size(190, 2) == 12
    assert chunk_size(3, 8) == 1
    assert chunk_size(10_000, 2) == 32
    assert cpu_count() >= 1
    with ThreadPoolExecutor(1) as pool:
        assert default_chunk(pool, 190, 2) == 1  # the standard library's pools: a task costs ~0.1 ms
        assert default_chunk(_Engine(pool), 190, 2) == 12


class _Engine(Executor):
    """Another engine's executor (as Dask's is): counts the tasks it is given, runs them on a thread pool."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.tasks = 0

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.tasks += 1
        return self.pool.submit(fn, *args, **kwargs)


def test_other_executors_get_chunks(tmp_path: Path) -> None:
    """An executor other than the standard library's gets the briefings in chunks: fewer tasks, the same files."""
    briefings = [_small(f"Briefing {n}") for n in range(40)]
    with ThreadPoolExecutor(2) as pool:
        engine = _Engine(pool)
        result = tr.render_many(briefings, tmp_path, formats=["md"], executor=engine, workers=2, progress=False)
    assert result.ok and len(result.written) == 40
    assert engine.tasks == 14  # chunks of 3: about eight per worker


def test_theme_and_template_dir_reach_every_briefing(tmp_path: Path) -> None:
    """render_many passes theme= and template_dir= to each briefing's render."""
    templates = tmp_path / "templates"
    templates.mkdir()
    bundled = Path(tr.__file__).parent.parent / "templates" / "briefing_note.md.j2"
    (templates / "briefing_note.md.j2").write_text(bundled.read_text(encoding="utf-8") + "\nHouse footer line.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    theme = tr.Theme(accent="#7A1F3D")
    with ThreadPoolExecutor(1) as pool:
        result = tr.render_many([_small("Styled")], out, formats=["html"], theme=theme, template_dir=templates, executor=pool, progress=False)
    assert result.ok
    html = result.written[0].path.read_text(encoding="utf-8")
    assert "--tr-accent:#7A1F3D" in html and "House footer line." in html


# -- one-pagers from the tier table, in parallel ----------------------------------------------------------------------


def test_table_one_pagers_render_in_parallel(table: dict[str, tuple[tr.Country, tr.TierHistory]], tmp_path: Path) -> None:
    """A handful of countries from the table render to PDF one-pagers in the default process pool."""
    briefings, _ = briefings_from_placements(table, countries=["THA", "KHM", "MMR", "LAO", "VNM"])
    result = tr.render_many(briefings, tmp_path, formats=["pdf"], progress=False)
    assert result.ok, result.failed
    assert len(result.written) == 5
    assert all(w.path.read_bytes().startswith(b"%PDF") for w in result.written)


def test_default_pool_start_method_is_chosen_not_inherited() -> None:
    """The default pool forks on Linux with one thread, and takes the fork server while another thread runs."""
    import sys
    import threading

    from tipreports.batch import _start_method

    if sys.platform == "linux" and threading.active_count() == 1:  # earlier tests may leave a pool's thread behind
        assert _start_method() == "fork"
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert _start_method() in ("forkserver", "spawn")
    finally:
        release.set()
        worker.join()
