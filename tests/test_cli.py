"""The command line: commands, reports, one-line errors and exit codes."""

from __future__ import annotations

import importlib.resources
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.cli import main

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "tier_placements_2001_2015.csv"


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


RESTRICTED = """\
title: "Mekong: regional note"
date: 2025-03-01
prepared_by: {name: Org}
marking: TLP:CLEAR
key_messages:
  - Open message.
  - {text: "Amber detail about a named source", marking: "TLP:AMBER"}
"""


# -- example ----------------------------------------------------------------------------------------


def test_example_writes_both_documents_and_reports(tmp_path: Path) -> None:
    """`example` renders the bundled example into --out and prints the render report."""
    code, out, err = run("example", "--out", tmp_path / "out")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["thailand-2025-briefing-note.docx", "thailand-2025-one-pager.pdf"]
    assert "thailand-2025-one-pager.pdf (one-pager, pdf): rendered for TLP:CLEAR: nothing withheld; banner TLP:CLEAR; one page" in out


def test_example_twice_needs_overwrite(tmp_path: Path) -> None:
    """A second run without --overwrite fails with one line per file and exit 1; with --overwrite it succeeds."""
    run("example", "--out", tmp_path)
    code, _out, err = run("example", "--out", tmp_path)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2  # the DOCX and the PDF: one failing does not stop the other
    assert all(line.startswith("error: ") and "already exists" in line for line in lines)
    assert ".docx'" in lines[0] and ".pdf'" in lines[1] and "Traceback" not in err
    assert run("example", "--out", tmp_path, "--overwrite")[0] == 0


def test_bundled_example_is_the_repository_example() -> None:
    """The copy inside the package (for installed wheels) is identical to examples/thailand_2025.yaml."""
    bundled = importlib.resources.files("tipreports").joinpath("examples/thailand_2025.yaml").read_text(encoding="utf-8")
    assert bundled == (ROOT / "examples" / "thailand_2025.yaml").read_text(encoding="utf-8")


# -- build ----------------------------------------------------------------------------------------------


def test_build_every_format(tmp_path: Path, example_path: Path) -> None:
    """`build` writes one file per format with safe derived names inside --out."""
    code, out, _ = run("build", example_path, "--out", tmp_path, "--format", "docx,pdf,html,md")
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "thailand-2025-briefing-note-tier-history.png", "thailand-2025-briefing-note.docx",
        "thailand-2025-briefing-note.html", "thailand-2025-briefing-note.md", "thailand-2025-one-pager.pdf",
    ]  # fmt: skip
    assert out.count("wrote ") == 4
    assert "wrote thailand-2025-briefing-note.md and thailand-2025-briefing-note-tier-history.png" in out.replace(str(tmp_path) + "/", "")


def test_build_with_product(tmp_path: Path, example_path: Path) -> None:
    """--product applies to every format."""
    assert run("build", example_path, "--out", tmp_path, "--product", "one-pager", "--format", "html,md")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "thailand-2025-one-pager-tier-history.png", "thailand-2025-one-pager.html", "thailand-2025-one-pager.md",
    ]  # fmt: skip


def test_audience_report_counts_but_never_shows_withheld_text(tmp_path: Path) -> None:
    """The report says how many items were withheld per section; their text is nowhere in output or files."""
    source = _write(tmp_path / "note.yaml", RESTRICTED)
    code, out, err = run("build", source, "--out", tmp_path / "out", "--format", "md,html", "--audience", "TLP:CLEAR")
    assert code == 0, err
    assert "withheld 1 item(s) (1 from key messages); banner TLP:CLEAR" in out
    for path in (tmp_path / "out").iterdir():
        assert "Amber detail" not in path.read_text(encoding="utf-8")
    assert "Amber detail" not in out + err
    code, out, _ = run("build", source, "--out", tmp_path / "amber", "--format", "md", "--audience", "amber")
    assert "nothing withheld; banner TLP:AMBER" in out


def test_file_names_are_safe_and_inside_out(tmp_path: Path) -> None:
    """Names come from a slug of the title and year: ASCII, bounded, never outside --out."""
    source = _write(tmp_path / "evil.yaml", 'title: "../../../tmp/Évil <name> ' + "x" * 150 + '"\ndate: 2025-01-01\nprepared_by: Org\nmarking: TLP:CLEAR\n')
    out_dir = tmp_path / "out"
    assert run("build", source, "--out", out_dir, "--format", "md")[0] == 0
    (written,) = list(out_dir.iterdir())
    assert re.fullmatch(r"[a-z0-9-]+\.md", written.name)
    assert written.name.startswith("tmp-evil-name-xxx")
    assert len(written.name) <= 60 + len("-2025-briefing-note.md")


def test_two_inputs_with_the_same_name_do_not_collide(tmp_path: Path, example_path: Path) -> None:
    """Two inputs that derive the same name are written side by side."""
    code, _, _ = run("build", example_path, example_path, "--out", tmp_path, "--format", "md")
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".md") == [
        "thailand-2025-2-briefing-note.md", "thailand-2025-briefing-note.md",
    ]  # fmt: skip
    # Each Markdown file has its own chart beside it.
    assert len(list(tmp_path.glob("*-tier-history.png"))) == 2


def errors_only(err: str) -> str:
    """Standard error without its warning lines (the example's history warns about 2012, see below)."""
    return "".join(line for line in err.splitlines(keepends=True) if not line.startswith("warning: "))


WATCH_LIST_WITHOUT_WAIVER = """\
title: Malaysia
date: 2021-07-01
prepared_by: Org
marking: TLP:CLEAR
assessment:
  country: {iso3: MYS}
  report_year: 2020
  tier: Tier 2 Watch List
  tier_history:
    - {year: 2018, tier: Tier 2 Watch List}
    - {year: 2019, tier: Tier 2 Watch List}
    - {year: 2020, tier: Tier 2 Watch List}
"""


@pytest.mark.parametrize("command", ["validate", "build"])
def test_history_warnings_are_printed_and_exit_zero(tmp_path: Path, command: str) -> None:
    """A third Watch List year with no waiver recorded is a warning on standard error, not an error: exit 0."""
    source = _write(tmp_path / "malaysia.yaml", WATCH_LIST_WITHOUT_WAIVER)
    extra = ["--out", str(tmp_path / "out"), "--format", "md"] if command == "build" else []
    code, _, err = run(command, source, *extra)
    assert code == 0
    assert err == (
        f"warning: {source}: assessment.tier_history: 2020: on the Tier 2 Watch List for the third consecutive year "
        "with no waiver recorded; the automatic-downgrade rule would place it on Tier 3\n"
    )
    assert "error" not in err


def test_a_recorded_waiver_silences_the_warning(tmp_path: Path) -> None:
    """With the waiver recorded (Malaysia 2020 had one), validate prints no warning."""
    waived = WATCH_LIST_WITHOUT_WAIVER.replace("- {year: 2020, tier: Tier 2 Watch List}", "- {year: 2020, tier: Tier 2 Watch List, waiver: true}")
    source = _write(tmp_path / "malaysia.yaml", waived)
    code, _, err = run("validate", source)
    assert (code, err) == (0, "")


def test_the_example_warns_about_its_unrecorded_2012_waiver(example_path: Path) -> None:
    """Thailand's third Watch List year (2012) has no waiver in the example's sources (only 'likely'): said, exit 0."""
    code, _, err = run("validate", example_path)
    assert code == 0
    assert err.startswith(f"warning: {example_path}: assessment.tier_history: 2012: on the Tier 2 Watch List for the third")


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, example_path: Path) -> None:
    """A missing file is one error line; the other files are still built; exit 1."""
    code, out, err = run("build", tmp_path / "missing.yaml", example_path, "--out", tmp_path / "out", "--format", "md")
    assert code == 1
    err = errors_only(err)
    assert err.startswith("error: ") and "missing.yaml" in err
    assert err.count("\n") == 1
    assert "thailand-2025-briefing-note.md" in out


# -- validate -------------------------------------------------------------------------------------------


def test_validate_lists_every_problem_on_its_own_line(tmp_path: Path, example_path: Path) -> None:
    """`validate` prints one line per problem with the field, the allowed values, the file and the line."""
    bad = _write(tmp_path / "bad.yaml", "title: x\ndate: 2025-01-01\nprepared_by: Org\nmarking: TLP:PINK\npurpose: fun\n")
    code, out, err = run("validate", example_path, bad)
    assert code == 1
    assert out == f"{example_path}: ok (Thailand: TIPNET 2025 panel and the 2025 TIP Report)\n"
    lines = errors_only(err).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: marking: unknown marking 'TLP:PINK'; expected one of 'TLP:CLEAR'")
    assert lines[0].endswith("(bad.yaml, line 4)")
    assert lines[1].startswith("error: purpose:") and lines[1].endswith("(bad.yaml, line 5)")
    assert "Traceback" not in err


# -- usage, version, help, internal errors ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["build", "x.yaml"],
        ["build", "x.yaml", "--out", "o", "--format", "pdf,xls"],
        ["build", "x.yaml", "--out", "o", "--audience", "TLP:BLUE"],
        ["build", "x.yaml", "--out", "o", "--product", "poster"],
        ["batch", "t.csv", "--out", "o", "--workers", "0"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Wrong usage exits 2 with argparse's message."""
    assert main(argv) == 2
    assert "usage: tipreports" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"tipreports {tr.__version__}\n"


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """--help lists the commands and shows examples."""
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for word in ("example", "build", "validate", "batch", "examples:", "tipreports example --out out"):
        assert word in text


def test_internal_error_is_one_line_unless_debug(tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception is one 'internal error' line and exit 1; --debug adds the traceback."""
    import tipreports.cli

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(tipreports.cli, "save_into", boom)
    code, _, err = run("build", example_path, "--out", tmp_path)
    assert code == 1
    assert errors_only(err) == "error: internal error: RuntimeError: unexpected (run with --debug for the traceback)\n"
    code, _, err = run("build", example_path, "--out", tmp_path, "--debug")
    assert code == 1
    assert errors_only(err).startswith("Traceback (most recent call last):") and "RuntimeError: unexpected" in err


# -- batch ------------------------------------------------------------------------------------------------


def test_batch_one_pager_per_country(tmp_path: Path) -> None:
    """`batch` writes a one-pager per ranked country, lists the skipped ones and cites the dataset."""
    code, out, err = run("batch", TABLE, "--out", tmp_path, "--countries", "THA,KHM,DMA", "--workers", "1")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cambodia-2015-one-pager.pdf", "thailand-2015-one-pager.pdf"]
    assert "2 countries ranked in 2015; source: Kelley & Heiss, Scorecard Diplomacy (2017), MIT licence" in out
    assert "skipped DMA: Dominica has no placement in 2015" in out
    assert "1 skipped (not ranked in 2015)" in out


def test_batch_year_and_countries_are_checked(tmp_path: Path) -> None:
    """An unknown country code or a year outside the table is one error line and exit 1."""
    code, _, err = run("batch", TABLE, "--out", tmp_path, "--countries", "THA,XXX")
    assert code == 1 and err.startswith("error: --countries: not in the table: XXX")
    code, _, err = run("batch", TABLE, "--out", tmp_path, "--year", "2020")
    assert code == 1 and err == "error: --year: the table has no placements in 2020; it covers 2001–2015\n"


def test_batch_bad_table_is_reported(tmp_path: Path) -> None:
    """A table that is not in the Kelley–Heiss format is reported without a traceback."""
    table = _write(tmp_path / "t.csv", "a,b\n1,2\n")
    code, _, err = run("batch", table, "--out", tmp_path / "o")
    assert code == 1 and err.startswith("error: ") and "Traceback" not in err


# -- as a program ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_python_m_tipreports(tmp_path: Path) -> None:
    """`python -m tipreports example` works in a fresh process; usage errors exit 2 there too."""
    done = subprocess.run([sys.executable, "-m", "tipreports", "example", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.iterdir())) == 2
    usage = subprocess.run([sys.executable, "-m", "tipreports", "build"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2
    again = subprocess.run([sys.executable, "-m", "tipreports", "example", "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_validate_does_not_print_the_title_of_a_restricted_briefing(tmp_path: Path, example_path: Path) -> None:
    """'validate' shows the marking, not the title, of a briefing marked above TLP:CLEAR, and says why."""
    text = example_path.read_text(encoding="utf-8").replace("marking: TLP:CLEAR", "marking: TLP:AMBER")
    brief = tmp_path / "amber.yaml"
    brief.write_text(text, encoding="utf-8")
    code, out, _err = run("validate", brief)
    assert code == 0
    assert out.strip() == f"{brief}: ok (TLP:AMBER; the title is not shown here because the document is marked TLP:AMBER, above TLP:CLEAR)"


def test_one_existing_file_does_not_stop_the_other_formats(tmp_path: Path) -> None:
    """When the DOCX exists and the PDF does not, the PDF is still written and the DOCX kept."""
    run("example", "--out", tmp_path)
    docx_file = next(tmp_path.glob("*.docx"))
    pdf_file = next(tmp_path.glob("*.pdf"))
    before = docx_file.read_bytes()
    pdf_file.unlink()
    code, out, err = run("example", "--out", tmp_path)
    assert code == 1
    assert pdf_file.exists() and docx_file.read_bytes() == before
    assert len(err.splitlines()) == 1 and "already exists" in err
    assert "wrote " in out and ".pdf" in out


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_a_reader_that_stops_early_does_not_stop_the_build(tmp_path: Path, example_path: Path, buffered: bool) -> None:
    """`tipreports build ... | head -c1`: every format is still written, and the command ends quietly with status 0."""
    import os

    env = {**os.environ, "PYTHONUNBUFFERED": "" if buffered else "1"}
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tipreports", "build", str(example_path), "--out", str(out), "--format", "docx,pdf,html,md"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(1) == b"w"  # as `head -c1` does: one byte, then the pipe is closed
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=120) == 0, err
    # nothing but the example's tier-history warnings (its 2012 Watch List year has no waiver recorded)
    assert [line for line in err.splitlines() if not line.startswith(b"warning: ")] == []
    # every format, and the Markdown file's chart beside it
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".html", ".md", ".pdf", ".png"]
