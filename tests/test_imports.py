"""Imports point one way: no cycles in the package, lazy ones included; writers load their backends only when used."""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest

import tipreports
from tipreports.render import WRITERS

PACKAGE = Path(tipreports.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every tipreports module ``name`` imports, at the top, inside functions or for type checking alone."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                # `from . import i18n` imports the submodule; `from .model import Tier` the package.
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    # A package's __init__ runs before its submodules: that is containment, not a dependency,
    # so only the imports written in the source (and the writer table's) count.
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    # The writer table imports each writer by its module path when first used.
    graph["tipreports.render"] |= {writer.module for writer in WRITERS.values()}
    return graph


def test_the_graph_sees_lazy_imports() -> None:
    """The graph holds imports written inside functions and the writer table's lazy imports."""
    graph = _graph()
    assert "tipreports.render.pdf" in graph["tipreports.render"]
    assert "tipreports.load" in graph["tipreports.cli"]
    assert all(writer.module in graph for writer in WRITERS.values())


def test_no_import_cycles() -> None:
    """No module imports, even lazily, a module that imports it back."""
    try:
        order = list(graphlib.TopologicalSorter(_graph()).static_order())
    except graphlib.CycleError as err:
        pytest.fail("import cycle: " + " -> ".join(err.args[1]))
    assert order.index("tipreports.model") < order.index("tipreports.compose") < order.index("tipreports.api")


def test_the_model_and_the_document_import_only_downwards() -> None:
    """The model and the document import only the model, the errors and the notebook mixin."""
    graph = _graph()
    allowed = {"tipreports.errors", "tipreports._notebook", "tipreports._text"}
    for name in graph:
        if name.startswith("tipreports.model") or name == "tipreports.document":
            assert {m for m in graph[name] if not m.startswith("tipreports.model")} <= allowed, name
    assert graph["tipreports._notebook"] == set()


def test_the_model_imports_no_wording_and_the_wording_imports_the_model() -> None:
    """Facts below, words above: the model and the document import nothing of tipreports.wording; the wording imports the model."""
    graph = _graph()
    below = [name for name in graph if name.startswith("tipreports.model") or name in ("tipreports.document", "tipreports._notebook")]
    for name in below:
        assert not {m for m in graph[name] if m.startswith("tipreports.wording")}, name
    wording = {m for name in graph if name.startswith("tipreports.wording") for m in graph[name]}
    assert "tipreports.model" in wording
    assert not {m for m in wording if m.startswith(("tipreports.compose", "tipreports.render", "tipreports.load"))}


def test_nothing_the_model_or_the_document_imports_imports_them_back() -> None:
    """The import cycle through the notebook module is gone: what the model and the document import reaches neither."""
    graph = _graph()

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for m in graph[todo.pop()]:
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        return seen

    for root in ("tipreports.model", "tipreports.document"):
        for module in graph[root]:
            assert root not in reach(module), (root, module)


#: Backends and slow imports a command must not load unless it needs them.
_WATCHED = ("reportlab", "docx", "pypdfium2", "uharfbuzz", "fontTools", "pythainlp", "importlib.metadata", "concurrent.futures.process")


def _loaded_after(code: str) -> list[str]:
    probe = "import sys\n" + code + f"\nprint([m for m in {_WATCHED!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PACKAGE.parent)
    loaded: list[str] = ast.literal_eval(out.stdout.strip().splitlines()[-1])  # after what the code printed
    return loaded


def test_importing_the_package_and_the_cli_loads_no_writer_backend() -> None:
    """`import tipreports` and the command line's imports load neither ReportLab, python-docx nor pypdfium2."""
    assert _loaded_after("import tipreports, tipreports.cli, tipreports.batch, tipreports.datasets") == []


def test_markdown_and_html_load_no_backend() -> None:
    """Writing Markdown or HTML loads no DOCX or PDF library."""
    code = "import tipreports as tr\nb = tr.load('examples/thailand_2025.yaml')\ntr.render(b, format='md'); tr.render(b, format='html')"
    assert _loaded_after(code) == []


def test_docx_loads_no_reportlab() -> None:
    """Writing a DOCX loads python-docx but not ReportLab, HarfBuzz or fontTools (its fonts are prebuilt subsets)."""
    code = "import tipreports as tr\nb = tr.load('examples/thailand_2025.yaml')\ntr.render(b, format='docx')"
    assert _loaded_after(code) == ["docx"]


def test_a_thai_docx_loads_no_thai_machinery() -> None:
    """A bilingual note needs no word segmentation or shaping: neither PyThaiNLP, HarfBuzz, fontTools nor ReportLab."""
    code = "import tipreports as tr\nb = tr.load('examples/thailand_2025_th.yaml')\ntr.render(b, format='docx')"
    assert _loaded_after(code) == ["docx"]


def test_the_example_command_as_docx_loads_no_reportlab(tmp_path: Path) -> None:
    """`tipreports example --format docx` loads python-docx and nothing of the PDF writer's."""
    code = (
        "from tipreports.cli import main\n"
        f"assert main(['example', '--out', {str(tmp_path)!r}, '--format', 'docx']) == 0"
    )
    assert _loaded_after(code) == ["docx"]
    assert {p.suffix for p in tmp_path.iterdir()} == {".docx"}  # the note, and the comparison with 2024


def test_the_version_is_looked_up_only_when_asked() -> None:
    """`tipreports.__version__` works, and importing the package does not pay for importlib.metadata."""
    assert _loaded_after("import tipreports") == []
    assert _loaded_after("import tipreports\nassert tipreports.__version__") == ["importlib.metadata"]
