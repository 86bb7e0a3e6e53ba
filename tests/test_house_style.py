"""House style without Python: theme files, the project file, --theme/--reference-doc/--template-dir, reference-docx."""

from __future__ import annotations

import io
import os
import pydoc
import zipfile
from pathlib import Path

import attrs
import docx
import pytest

import tipreports as tr
from tipreports.cli import main
from tipreports.project import apply, find_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thailand_2025.yaml"
BUNDLED_REFERENCE = ROOT / "tipreports" / "reference.docx"


def run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _caps_reference(path: Path) -> Path:
    """A restyled reference document: Heading 1 in capitals."""
    document = docx.Document(str(BUNDLED_REFERENCE))
    document.styles["Heading 1"].font.all_caps = True
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _heading1_in_caps(docx_path: Path) -> bool:
    with zipfile.ZipFile(docx_path) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    start = styles.index('w:styleId="Heading1"')
    return "<w:caps" in styles[start : styles.index("</w:style>", start)]


def _templates(folder: Path, line: str) -> Path:
    """A template folder overriding the one-pager and the briefing note with a line of its own at the end."""
    for name in ("one_pager.md.j2", "briefing_note.md.j2"):
        bundled = (ROOT / "templates" / name).read_text(encoding="utf-8")
        _write(folder / name, bundled + f"\n{line}\n")
    return folder


# -- Theme.from_file ------------------------------------------------------------------------------------


def test_theme_file_fields_and_paths_beside_it(tmp_path: Path) -> None:
    """A YAML theme file gives Theme fields; relative logo and reference_docx paths are taken from its folder."""
    theme_file = _write(
        tmp_path / "brand" / "house.yaml",
        'organisation: Freedom Collaborative\naccent: "#7A1F3D"\npage_size: Letter\nbase_size: 11\n'
        "logo: img/logo.png\nreference_docx: house.docx\n",
    )
    theme = tr.Theme.from_file(theme_file)
    assert theme == tr.Theme(
        organisation="Freedom Collaborative", accent="#7A1F3D", page_size="Letter", base_size=11,
        logo=tmp_path / "brand" / "img" / "logo.png", reference_docx=tmp_path / "brand" / "house.docx",
    )  # fmt: skip


def test_json_theme_file(tmp_path: Path) -> None:
    """A JSON theme file reads the same, and its errors carry lines too."""
    assert tr.Theme.from_file(_write(tmp_path / "t.json", '{"accent": "#112233"}')).accent == "#112233"
    with pytest.raises(tr.InputError) as caught:
        tr.Theme.from_file(_write(tmp_path / "u.json", '{\n  "accent": "#112233",\n  "inc": "#000000"\n}'))
    assert str(caught.value) == (
        "inc: unknown key 'inc'; did you mean 'ink'? (allowed keys: organisation, logo, reference_docx, accent, ink, "
        "muted, rule, tint, font_family, page_size, base_size) (u.json, line 3)"
    )


def test_theme_file_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    """Unknown keys get a 'did you mean'; bad values and an unquoted '#' colour are named with their lines."""
    theme_file = _write(tmp_path / "house.yaml", "organisation: Org\naccent: #7A1F3D\naccnt: '#123456'\npage_size: Lettr\n")
    with pytest.raises(tr.InputError) as caught:
        tr.Theme.from_file(theme_file)
    assert [(p.path, p.line) for p in caught.value.problems] == [("accent", 2), ("accnt", 3), ("page_size", 4)]
    lines = str(caught.value).splitlines()
    assert lines[0] == "accent: expected a colour as '#RRGGBB'; in YAML a '#' starts a comment, so quote it: \"#1F4E79\" (house.yaml, line 2)"
    assert lines[1].startswith("accnt: unknown key 'accnt'; did you mean 'accent'?") and lines[1].endswith("(house.yaml, line 3)")
    assert lines[2] == "page_size: unknown page size 'Lettr'; expected 'A4' or 'Letter' (house.yaml, line 4)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accent: !!python/object:os.system '#000000'\n", "tags ('!') are not allowed"),
        ("a: &x '#000000'\naccent: *x\n", "anchors ('&') are not allowed"),
        ("accent: '#000000'\naccent: '#111111'\n", "duplicate key 'accent' (first on line 1)"),
        ("- accent\n", "expected a mapping of keys to values at the top level of the theme file"),
        ("accent: [\n", "invalid YAML"),
    ],
)
def test_theme_file_is_read_strictly(tmp_path: Path, text: str, message: str) -> None:
    """Tags, anchors, duplicate keys, a list at the top and broken YAML are refused with a reason."""
    with pytest.raises(tr.InputError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        tr.Theme.from_file(_write(tmp_path / "t.yaml", text))


def test_special_and_large_theme_files_are_refused(tmp_path: Path) -> None:
    """A folder, a FIFO, a device and a file over the size cap are refused without reading them."""
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    for name in ("folder.yaml", "pipe.yaml", "zero.yaml"):
        with pytest.raises(tr.InputError, match="is not a regular file"):
            tr.Theme.from_file(tmp_path / name)
    big = _write(tmp_path / "big.yaml", "# " + "x" * 600_000 + "\naccent: '#000000'\n")
    with pytest.raises(tr.InputError, match="larger than 524,288 bytes"):
        tr.Theme.from_file(big)
    with pytest.raises(tr.InputError, match="does not exist"):
        tr.Theme.from_file(tmp_path / "missing.yaml")
    with pytest.raises(tr.InputError, match=r"\.yaml, \.yml or \.json"):
        tr.Theme.from_file(_write(tmp_path / "theme.txt", "accent: '#000000'\n"))


def test_help_describes_every_theme_field() -> None:
    """help(tr.Theme) names and describes every field."""
    text = pydoc.render_doc(tr.Theme, renderer=pydoc.plaintext)
    for attribute in attrs.fields(tr.Theme):
        assert f"{attribute.name}: " in text, attribute.name


# -- the project file -------------------------------------------------------------------------------------


def test_project_file_found_and_resolved(tmp_path: Path) -> None:
    """tipreports.yaml in a folder gives a theme (inline or a file), a reference document and templates, paths from its folder."""
    _write(tmp_path / "tipreports.yaml", "theme:\n  accent: '#225522'\n  logo: logo.png\nreference_doc: brand/house.docx\ntemplate_dir: tpl\n")
    project = find_project(tmp_path)
    assert project is not None and project.source == tmp_path / "tipreports.yaml"
    assert project.theme == tr.Theme(accent="#225522", logo=tmp_path / "logo.png")
    assert (project.reference_doc, project.template_dir) == (tmp_path / "brand" / "house.docx", tmp_path / "tpl")
    _write(tmp_path / "brand" / "look.yaml", "accent: '#333333'\nreference_docx: house.docx\n")
    _write(tmp_path / "tipreports.yaml", "theme: brand/look.yaml\n")
    project = find_project(tmp_path)
    assert project is not None and project.theme == tr.Theme(accent="#333333", reference_docx=tmp_path / "brand" / "house.docx")


def test_pyproject_table(tmp_path: Path) -> None:
    """[tool.tipreports] in pyproject.toml counts when there is no tipreports.yaml; without the table there is no project."""
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_project(tmp_path) is None
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.tipreports]\ntemplate_dir = "tpl"\n\n[tool.tipreports.theme]\naccent = "#225522"\n')
    project = find_project(tmp_path)
    assert project is not None and project.theme == tr.Theme(accent="#225522") and project.template_dir == tmp_path / "tpl"
    _write(tmp_path / "tipreports.yaml", "theme:\n  accent: '#000000'\n")
    project = find_project(tmp_path)
    assert project is not None and project.source.name == "tipreports.yaml"


def test_project_file_errors_name_key_and_line(tmp_path: Path) -> None:
    """A misspelt key in either project file, or in its theme, is reported with its line and a suggestion."""
    _write(tmp_path / "pyproject.toml", '[tool.tipreports]\ntemplate_dir = "tpl"\nrefrence_doc = "x.docx"\n\n[tool.tipreports.theme]\naccnt = "#225522"\n')
    with pytest.raises(tr.InputError) as caught:
        find_project(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "refrence_doc: unknown key 'refrence_doc'; did you mean 'reference_doc'? (allowed keys: theme, reference_doc, template_dir) (pyproject.toml, line 3)",
        "theme.accnt: unknown key 'accnt'; did you mean 'accent'? (allowed keys: organisation, logo, reference_docx, accent, ink, muted, rule, tint, font_family, page_size, base_size) (pyproject.toml, line 6)",
    ]
    _write(tmp_path / "tipreports.yaml", "theme:\n  organisation: Org\n  acent: '#000000'\n")
    with pytest.raises(tr.InputError, match=r"theme\.acent: unknown key 'acent'; did you mean 'accent'\?.*\(tipreports\.yaml, line 3\)"):
        find_project(tmp_path)


def test_precedence() -> None:
    """Flags win over the project file, which wins over the defaults; --theme replaces the project's theme whole."""
    project = tr.project.Project(
        source=Path("tipreports.yaml"), theme=tr.Theme(accent="#111111", organisation="Team"),
        reference_doc=Path("team.docx"), template_dir=Path("tpl"),
    )  # fmt: skip
    assert apply(None) == (None, None)
    assert apply(project) == (tr.Theme(accent="#111111", organisation="Team", reference_docx=Path("team.docx")), Path("tpl"))
    flag_theme = tr.Theme(accent="#222222")
    assert apply(project, theme=flag_theme, template_dir=Path("mine")) == (
        tr.Theme(accent="#222222", reference_docx=Path("team.docx")), Path("mine"),
    )  # fmt: skip
    with_doc = tr.Theme(accent="#222222", reference_docx=Path("own.docx"))
    assert apply(project, theme=with_doc)[0] == with_doc
    assert apply(project, theme=with_doc, reference_doc=Path("flag.docx"))[0] == attrs.evolve(with_doc, reference_docx=Path("flag.docx"))


# -- the command line --------------------------------------------------------------------------------------


def test_build_with_theme_reference_doc_and_templates(tmp_path: Path) -> None:
    """--theme, --reference-doc and --template-dir change the files written."""
    _write(tmp_path / "house.yaml", "accent: '#7A1F3D'\npage_size: Letter\n")
    reference = _caps_reference(tmp_path / "house.docx")
    templates = _templates(tmp_path / "tpl", "House footer line.")
    out = tmp_path / "out"
    code, stdout, err = run(
        "build", EXAMPLE, "--out", out, "--format", "docx,html", "--no-project",
        "--theme", tmp_path / "house.yaml", "--reference-doc", reference, "--template-dir", templates,
    )  # fmt: skip
    assert code == 0, err
    html = (out / "thailand-2025-briefing-note.html").read_text(encoding="utf-8")
    assert "--tr-accent:#7A1F3D" in html and "@page{size:letter;" in html and "House footer line." in html
    assert _heading1_in_caps(out / "thailand-2025-briefing-note.docx")
    note = docx.Document(str(out / "thailand-2025-briefing-note.docx"))
    assert any("House footer line." in p.text for p in note.paragraphs)
    assert "house style from" not in stdout


def test_project_file_applies_without_flags_and_flags_override_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tipreports.yaml in the working folder styles a build; a flag wins over it; --no-project ignores it."""
    _caps_reference(tmp_path / "brand" / "house.docx")
    _templates(tmp_path / "tpl", "Team footer line.")
    _write(tmp_path / "tipreports.yaml", "theme:\n  accent: '#225522'\nreference_doc: brand/house.docx\ntemplate_dir: tpl\n")
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run("build", EXAMPLE, "--out", "a", "--format", "docx,html")
    assert code == 0, err
    assert stdout.splitlines()[0] == "house style from tipreports.yaml"
    html = (tmp_path / "a" / "thailand-2025-briefing-note.html").read_text(encoding="utf-8")
    assert "--tr-accent:#225522" in html and "Team footer line." in html
    assert _heading1_in_caps(tmp_path / "a" / "thailand-2025-briefing-note.docx")
    _write(tmp_path / "flag.yaml", "accent: '#333333'\n")
    assert run("build", EXAMPLE, "--out", "b", "--format", "html", "--theme", "flag.yaml")[0] == 0
    html = (tmp_path / "b" / "thailand-2025-briefing-note.html").read_text(encoding="utf-8")
    assert "--tr-accent:#333333" in html and "Team footer line." in html
    code, stdout, _ = run("build", EXAMPLE, "--out", "c", "--format", "html", "--no-project")
    html = (tmp_path / "c" / "thailand-2025-briefing-note.html").read_text(encoding="utf-8")
    assert code == 0 and "--tr-accent:#1F4E79" in html and "Team footer line." not in html and "house style" not in stdout


def test_a_broken_theme_or_project_file_is_one_error_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors in a theme or project file print one line per problem, with file and line, and exit 1; nothing is written."""
    _write(tmp_path / "house.yaml", "accnt: '#7A1F3D'\n")
    code, _, err = run("build", EXAMPLE, "--out", tmp_path / "out", "--theme", tmp_path / "house.yaml", "--no-project")
    assert code == 1
    assert err.startswith("error: accnt: unknown key 'accnt'; did you mean 'accent'?") and err.rstrip().endswith("(house.yaml, line 1)")
    assert not (tmp_path / "out").exists()
    _write(tmp_path / "tipreports.yaml", "template_dirs: tpl\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("build", EXAMPLE, "--out", "out")
    assert code == 1 and "did you mean 'template_dir'?" in err and "(tipreports.yaml, line 1)" in err
    code, _, err = run("build", EXAMPLE, "--out", "out", "--no-project", "--reference-doc", "missing.docx")
    assert code == 1 and "--reference-doc: 'missing.docx' is not a file" in err


def test_batch_takes_the_house_style_and_a_fixed_date(tmp_path: Path) -> None:
    """batch uses --theme and --date: the same command twice gives the same bytes."""
    _write(tmp_path / "house.yaml", "accent: '#7A1F3D'\norganisation: Team Org\n")
    table = ROOT / "tests" / "data" / "tier_placements_2001_2015.csv"
    for run_name in ("one", "two"):
        code, stdout, err = run(
            "batch", table, "--out", tmp_path / run_name, "--countries", "THA,KHM", "--format", "pdf,html",
            "--date", "2015-06-30", "--theme", tmp_path / "house.yaml", "--workers", "2", "--no-project",
        )  # fmt: skip
        assert code == 0, err
        assert stdout.count("wrote ") == 5  # four files and the summary
    html = (tmp_path / "one" / "thailand-2015-briefing-note.html").read_text(encoding="utf-8")
    assert "--tr-accent:#7A1F3D" in html and "30 June 2015" in html and "Team Org" in html
    for name in ("thailand-2015-one-pager.pdf", "cambodia-2015-one-pager.pdf"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_batch_bad_date_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--date takes YYYY-MM-DD; anything else exits 2."""
    table = ROOT / "tests" / "data" / "tier_placements_2001_2015.csv"
    code, _, _ = run("batch", table, "--out", tmp_path, "--date", "30/06/2015")
    assert code == 2 and "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_reference_docx_command(tmp_path: Path) -> None:
    """reference-docx writes the bundled reference document, refuses to replace it without --overwrite, and insists on .docx."""
    target = tmp_path / "house.docx"
    code, stdout, _ = run("reference-docx", target)
    assert code == 0 and "--reference-doc" in stdout
    assert target.read_bytes() == BUNDLED_REFERENCE.read_bytes()
    assert "Heading 1" in [style.name for style in docx.Document(str(target)).styles]
    target.write_bytes(b"mine")
    code, _, err = run("reference-docx", target)
    assert code == 1 and "already exists" in err and target.read_bytes() == b"mine"
    assert run("reference-docx", target, "--overwrite")[0] == 0
    assert target.read_bytes() == BUNDLED_REFERENCE.read_bytes()
    code, _, err = run("reference-docx", tmp_path / "house.doc")
    assert code == 1 and "name it '.docx'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["house.docx"]
