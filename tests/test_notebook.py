"""Notebooks: HTML previews of the model, the page preview, and the example notebook and script."""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import tipreports as tr

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PNG = b"\x89PNG\r\n\x1a\n"


# -- _repr_html_ ------------------------------------------------------------------------------------


def test_briefing_previews_as_the_briefing_note(example: tr.Briefing) -> None:
    """A briefing shows in Jupyter as the HTML writer's briefing note, with the render report."""
    html = example._repr_html_()
    assert html.startswith('<div class="tipreports tr-briefing-note"')
    assert "<script" not in html.lower()
    assert "Preview of the briefing note; rendered for TLP:CLEAR: nothing withheld; banner TLP:CLEAR." in html


def test_preview_leaves_out_what_the_default_audience_may_not_see() -> None:
    """The briefing preview is what tr.save would write by default: restricted items are withheld and counted."""
    brief = tr.load({"title": "T", "date": "2025-01-01", "prepared_by": "Org", "marking": "TLP:CLEAR",
                     "key_messages": ["open", {"text": "amber only", "marking": "TLP:AMBER"}]})  # fmt: skip
    html = brief._repr_html_()
    assert "open" in html
    assert "amber only" not in html
    assert "withheld 1 item(s) (1 from key messages)" in html


@pytest.mark.parametrize("attribute", ["assessment", "panel", "event"])
def test_parts_of_a_briefing_preview(example: tr.Briefing, attribute: str) -> None:
    """The assessment, the panel and the event each show a self-contained HTML card."""
    part = getattr(example, attribute)
    html = part._repr_html_()
    assert html.startswith('<div class="tipreports ')
    assert "<script" not in html.lower()


def test_assessment_preview_has_chart_and_sentence(example: tr.Briefing) -> None:
    """The assessment's card shows its tier sentence and the tier chart."""
    assert example.assessment is not None
    html = example.assessment._repr_html_()
    assert tr.phrasebook("en").tier_sentence(example.assessment) in html
    assert "<svg" in html


def test_document_previews_with_the_html_writer(example: tr.Briefing) -> None:
    """A composed Document shows exactly as write_html renders its card (the HTML fragment)."""
    document = tr.compose(example, "one-pager")
    assert document._repr_html_() == tr.render(example, "one-pager", "html", fragment=True)


def test_print_keeps_the_attrs_repr(example: tr.Briefing) -> None:
    """repr() and str() stay the attrs representation."""
    assert repr(example).startswith("Briefing(title='Thailand: TIPNET 2025 panel")
    assert str(example) == repr(example)
    assert example.panel is not None
    assert repr(example.panel).startswith("Panel(title=")


def test_preview_of_an_unrenderable_briefing_is_a_message(example: tr.Briefing, monkeypatch: pytest.MonkeyPatch) -> None:
    """When composing fails, the preview is one escaped message instead of a traceback."""
    def fail(*_args: object, **_kwargs: object) -> None:
        raise tr.TemplateError("briefing_note.md.j2, line 3: <broken>")

    # tipreports.preview is the function; the module is in sys.modules.
    monkeypatch.setattr(sys.modules["tipreports.preview"], "compose", fail)
    html = example._repr_html_()
    assert "cannot preview this Briefing" in html
    assert "line 3: &lt;broken&gt;" in html


def test_model_import_does_not_load_renderers() -> None:
    """Importing the model imports none of the writers or their backends (the preview loads them on demand)."""
    code = (
        "import sys, tipreports.model\n"
        "bad = [m for m in ('docx', 'reportlab', 'pypdfium2', 'tipreports.render.html', 'tipreports.render.pdf') if m in sys.modules]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_objects_preview_when_only_the_model_is_imported() -> None:
    """Importing tipreports.model alone installs the preview: a briefing shows as the briefing note, not as a repr."""
    code = (
        "import datetime, tipreports.model as m\n"
        "b = m.Briefing(title='T', date=datetime.date(2025, 1, 1), prepared_by='Org', marking='TLP:CLEAR')\n"
        "print(b._repr_html_().splitlines()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == '<div class="tipreports tr-briefing-note" lang="en">'


def test_mixin_adds_no_instance_state(example: tr.Briefing) -> None:
    """The notebook mixin has empty __slots__: briefings stay slotted and evolve as before."""
    from tipreports._notebook import _ReprHTML

    assert _ReprHTML.__slots__ == ()
    assert not hasattr(example, "__dict__")
    assert attrs.evolve(example, to="Someone").to == "Someone"


# -- the page preview ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(example: tr.Briefing) -> tr.PagePreview:
    return tr.preview(example, product="one-pager")


def test_one_pager_preview_is_one_png_page(page: tr.PagePreview) -> None:
    """The one-pager preview is one PNG page: Jupyter gets it once, as image/png, with a one-line text."""
    assert len(page.pages) == 1
    bundle = page._repr_mimebundle_()
    assert sorted(bundle) == ["image/png", "text/plain"]
    assert bundle["image/png"] == page.pages[0] and page.pages[0].startswith(PNG)
    assert bundle["text/plain"] == repr(page) == "<PagePreview one-pager: 1 page(s), 910 x 1287 px at 110 dpi, TLP:CLEAR>"
    assert not hasattr(page, "_repr_png_") and not hasattr(page, "_repr_html_")
    width, height = page.sizes[0]
    assert 800 < width < 1000 and height > width
    html = page.to_html()
    assert html.count('<img src="data:image/png;base64,') == 1
    assert "one page" in html and "<script" not in html


def test_preview_save_refuses_to_overwrite(page: tr.PagePreview, tmp_path: Path) -> None:
    """PagePreview.save writes a PNG; saving again needs overwrite=True."""
    target = page.save(tmp_path / "page.png")
    assert target.read_bytes() == page.pages[0]
    with pytest.raises(tr.OutputError, match="already exists"):
        page.save(target)
    assert page.save(target, overwrite=True) == target
    with pytest.raises(tr.OutputError, match="page 2 does not exist"):
        page.save(tmp_path / "p2.png", page=2)
    with pytest.raises(tr.OutputError, match="PNG"):
        page.save(tmp_path / "page.jpg")


def test_briefing_note_preview_has_every_page(example: tr.Briefing) -> None:
    """The briefing note previews as all of its pages."""
    pages = tr.preview(example, product="briefing-note", dpi=40)
    assert len(pages.pages) >= 2
    assert all(p.startswith(PNG) for p in pages.pages)


# -- the example notebook and script -------------------------------------------------------------------

OUTPUTS = ("thailand-2025-briefing-note.docx", "thailand-2025-one-pager.pdf", "thailand-2025-one-pager.png")


@pytest.mark.slow
def test_example_notebook_runs(tmp_path: Path) -> None:
    """examples/briefing.ipynb runs top to bottom in a real kernel and writes both documents and the page image."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    shutil.copy(EXAMPLES / "briefing.ipynb", tmp_path)
    shutil.copy(EXAMPLES / "thailand_2025.yaml", tmp_path)
    shutil.copy(EXAMPLES / "thailand_2024.yaml", tmp_path)
    notebook = nbformat.read(tmp_path / "briefing.ipynb", as_version=4)
    # kernel "python3": jupyter_client starts it with this interpreter (the venv's ipykernel).
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    for name in (*OUTPUTS, "thailand-2025-briefing-note-since-2024.docx", "thailand-2024-2025-comparison.pdf"):
        assert (tmp_path / "out" / name).stat().st_size > 1000, name
    assert (tmp_path / "out" / OUTPUTS[1]).read_bytes().startswith(b"%PDF")
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o for o in outputs if o.output_type == "execute_result"]
    assert any("text/html" in o.data and 'class="tipreports' in o.data["text/html"] for o in shown)
    assert any("image/png" in o.data for o in shown)
    assert any("not saved:" in o.get("text", "") for o in outputs)
    assert any("raised again: Expanded investigations, prosecutions and convictions." in o.get("text", "") for o in outputs)


@pytest.mark.slow
def test_example_script_runs(tmp_path: Path) -> None:
    """examples/build_briefing.py writes the same files in a subprocess."""
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "build_briefing.py"), str(EXAMPLES / "thailand_2025.yaml"), str(out)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 1000, name
    assert "nothing withheld; banner TLP:CLEAR" in result.stdout


@pytest.mark.slow
def test_a_kernel_stores_each_preview_once(example: tr.Briefing, example_path: Path) -> None:
    """In a real kernel a one-pager preview is stored as one image/png, a longer one as one text/html; reprs are one line."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    cells = [
        f"import tipreports as tr\nbrief = tr.load({str(example_path)!r})",
        'page = tr.preview(brief, product="one-pager")\npage',
        'note = tr.preview(brief, product="briefing-note", dpi=40)\nnote',
        'tr.build(brief, "one-pager", "pdf")',
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=180).execute()
    results = [[o for o in cell.outputs if o.output_type == "execute_result"] for cell in notebook.cells[1:]]
    assert [len(r) for r in results] == [1, 1, 1]
    one_pager, briefing_note, rendered = (r[0].data for r in results)
    assert sorted(one_pager) == ["image/png", "text/plain"]
    assert base64.b64decode(one_pager["image/png"]) == tr.preview(example, product="one-pager").pages[0]
    assert one_pager["text/plain"] == "<PagePreview one-pager: 1 page(s), 910 x 1287 px at 110 dpi, TLP:CLEAR>"
    assert sorted(briefing_note) == ["text/html", "text/plain"]
    assert briefing_note["text/html"].count("data:image/png;base64,") >= 2
    assert briefing_note["text/plain"].startswith("<PagePreview briefing-note: ")
    assert sorted(rendered) == ["text/plain"] and rendered["text/plain"].startswith("<Rendered one-pager as pdf: ")
    # The image is stored once: the whole cell output is the PNG's base64 and a line of text.
    assert sum(len(v) for v in one_pager.values()) < len(one_pager["image/png"]) + 200
