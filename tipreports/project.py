"""
A team's house style without flags: the project file in the working folder.

``tipreports.yaml`` (or, failing that, ``[tool.tipreports]`` in ``pyproject.toml``)
in the folder the command runs in gives defaults for ``build``, ``batch`` and
``example``::

    # tipreports.yaml
    theme:                       # the Theme fields, or the name of a theme file: theme: house.yaml
      organisation: Freedom Collaborative
      accent: "#7A1F3D"          # quoted: in YAML '#' starts a comment
      logo: brand/logo.png
    reference_doc: brand/house.docx
    template_dir: templates

Relative paths are taken from the project file's folder (a theme file's own
paths from the theme file's folder). Each setting is resolved on its own: a
command-line flag wins over the project file, which wins over the built-in
default. ``--theme FILE`` replaces the project file's theme as a whole (fields
the file leaves out take the built-in defaults). The Word reference document
is ``--reference-doc``, else the ``--theme`` file's ``reference_docx``, else
the project file's ``reference_doc``, else its theme's ``reference_docx``.
``--no-project`` ignores the project file. Only the working folder is
searched, never its parents.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs
from attrs import frozen

from ._settings import Settings, read_settings, suggest, toml_table
from .errors import InputError, Problem
from .theme import Theme, theme_from

__all__ = ["PROJECT_FILE", "Project", "apply", "find_project", "read_project"]

#: The project file's name; ``pyproject.toml`` is read only when it is absent.
PROJECT_FILE = "tipreports.yaml"
#: The keys a project file may hold.
KEYS = ("theme", "reference_doc", "template_dir")


@frozen(kw_only=True)
class Project:
    """
    The defaults a project file gives, with relative paths already resolved.

    ``source`` is the file they came from (``tipreports.yaml`` or
    ``pyproject.toml``); a setting the file does not give is ``None``.
    """

    source: Path
    theme: Theme | None = None
    reference_doc: Path | None = None
    template_dir: Path | None = None


def apply(
    project: Project | None,
    *,
    theme: Theme | None = None,
    reference_doc: Path | None = None,
    template_dir: Path | None = None,
) -> tuple[Theme | None, Path | None]:
    """
    The theme and template folder a command uses: each flag over the project's default over the built-in one.

    ``theme`` (from ``--theme``) replaces the project's theme as a whole. The
    reference document is, in order: ``reference_doc`` (``--reference-doc``),
    the ``--theme`` file's ``reference_docx``, the project's ``reference_doc``,
    its theme's ``reference_docx``. Returns ``(theme, template_dir)``; ``None``
    means the built-in default.
    """
    chosen = theme if theme is not None else (project.theme if project is not None else None)
    document = reference_doc
    if document is None and (theme is None or theme.reference_docx is None) and project is not None:
        document = project.reference_doc
    if document is not None:
        chosen = attrs.evolve(chosen or Theme(), reference_docx=document)
    folder = template_dir if template_dir is not None else (project.template_dir if project is not None else None)
    return chosen, folder


def _path(settings: Settings, key: str, problems: list[Problem]) -> Path | None:
    value = settings.data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(settings.problem(key, "expected the path of a file or folder, as text"))
        return None
    return settings.folder / value


def _project(settings: Settings, source: Path) -> Project:
    problems: list[Problem] = []
    for key in settings.data:
        if key not in KEYS:
            problems.append(settings.problem(str(key), suggest(str(key), KEYS)))
    theme: Theme | None = None
    raw = settings.data.get("theme")
    if isinstance(raw, str) and raw.strip():
        try:
            theme = Theme.from_file(settings.folder / raw)
        except InputError as err:
            problems.extend(err.problems)
    elif isinstance(raw, dict):
        try:
            theme = theme_from(raw, settings, prefix="theme.")
        except InputError as err:
            problems.extend(err.problems)
    elif raw is not None:
        problems.append(settings.problem("theme", "expected the theme's fields, or the name of a theme file"))
    reference_doc = _path(settings, "reference_doc", problems)
    template_dir = _path(settings, "template_dir", problems)
    if problems:
        raise InputError(problems)
    return Project(source=source, theme=theme, reference_doc=reference_doc, template_dir=template_dir)


def read_project(path: str | os.PathLike[str]) -> Project | None:
    """
    Read the project settings in ``path``: a ``tipreports.yaml``, or a ``pyproject.toml``'s ``[tool.tipreports]``.

    Returns None for a ``pyproject.toml`` without that table.
    """
    target = Path(os.fspath(path))
    if target.name == "pyproject.toml":
        settings = toml_table(target, ("tool", "tipreports"))
        if settings is None:
            return None
    else:
        settings = read_settings(target, what="project file")
    return _project(settings, target)


def find_project(folder: str | os.PathLike[str] | None = None) -> Project | None:
    """
    The project settings of ``folder`` (default: the working folder), or None.

    ``tipreports.yaml`` wins; ``pyproject.toml`` counts only when it has a
    ``[tool.tipreports]`` table. Parent folders are not searched.
    """
    base = Path(os.fspath(folder)) if folder is not None else Path.cwd()
    own = base / PROJECT_FILE
    if own.exists() or own.is_symlink():
        return read_project(own)
    pyproject = base / "pyproject.toml"
    if pyproject.exists():
        return read_project(pyproject)
    return None
