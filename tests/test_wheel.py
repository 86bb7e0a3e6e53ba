"""The built wheel works outside the repository: templates, fonts and reference files ship inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    (path,) = out.glob("tipreports-*.whl")
    return path


def test_wheel_contains_templates_fonts_and_licences(wheel: Path) -> None:
    """The wheel carries the top-level templates, the fonts and their licence."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tipreports/templates/briefing_note.md.j2" in names
    assert "tipreports/templates/one_pager.md.j2" in names
    assert "tipreports/templates/partials/findings.md.j2" in names
    assert "tipreports/fonts/NotoSans-Regular.ttf" in names
    # Only the fonts a writer uses: Noto Sans (four styles) and Noto Sans Thai (regular, bold), and the
    # prebuilt subsets of each that a DOCX embeds.
    faces = ["NotoSans-Bold.ttf", "NotoSans-BoldItalic.ttf", "NotoSans-Italic.ttf", "NotoSans-Regular.ttf",
             "NotoSansThai-Bold.ttf", "NotoSansThai-Regular.ttf"]  # fmt: skip
    assert sorted(n for n in names if n.endswith(".ttf")) == sorted(
        [f"tipreports/fonts/{face}" for face in faces] + [f"tipreports/fonts/subsets/{face}" for face in faces]
    )
    assert "tipreports/fonts/OFL.txt" in names
    # The country-name table and its provenance (Kelley–Heiss attribution) ship with the wording.
    assert {"tipreports/wording/countries.csv", "tipreports/wording/COUNTRIES.md"} <= names
    assert "tipreports/py.typed" in names
    assert "tipreports/schema/briefing.schema.json" in names  # what the examples' $schema line names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_installed_wheel_renders_the_example(wheel: Path, tmp_path: Path) -> None:
    """A fresh environment with only the wheel (and the dependencies) renders the example."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    target = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True).stdout.strip())
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    # The dependencies come from this environment's site-packages, added as a plain path:
    # its .pth files (the editable install of tipreports among them) are not processed.
    (target / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    example = (ROOT / "examples" / "thailand_2025.yaml").read_text(encoding="utf-8")
    (work / "brief.yaml").write_text(example, encoding="utf-8")
    script = (
        "import tipreports as tr, pathlib;"
        "assert str(pathlib.Path(tr.__file__)).startswith(str(pathlib.Path.cwd().parent)), tr.__file__;"
        "b = tr.load('brief.yaml');"
        "print(tr.save(b, 'note.docx'));"
        "print(tr.save(b, 'one.pdf'));"
        "print(tr.save(b, 'note.md'))"
    )
    result = subprocess.run([py, "-c", script], cwd=work, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (work / "note.docx").read_bytes()[:2] == b"PK"
    assert (work / "one.pdf").read_bytes()[:5] == b"%PDF-"
    assert "Thailand remained on Tier 2 for the fourth consecutive year." in (work / "note.md").read_text(encoding="utf-8")
