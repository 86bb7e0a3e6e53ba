"""
MkDocs hooks: the pages generated from the code at build time, so they cannot go stale.

- ``reference/input.md``: every input field, from the model (``tipreports.schema.field_reference``),
  with examples from the bundled example.
- ``reference/cli.md``: every command's ``--help``, from the argument parser itself.

Docstrings use Sphinx roles (``:class:`~tipreports.errors.InputError```); the
rendered pages show them as plain code names.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent


def _input_reference() -> str:
    from tipreports.load._yaml import YamlReader
    from tipreports.schema import field_reference

    example = (ROOT / "examples" / "thailand_2025.yaml").read_text(encoding="utf-8")
    return field_reference(YamlReader(example, [], {}).read())


def _cli_reference() -> str:
    from tipreports.cli import _parser

    parser = _parser()
    parser.prog = "tipreports"
    lines = [
        "# Command line",
        "",
        "Generated from the command's own argument parser. Exit status: 0 done (warnings",
        "may have been printed), 1 an error was reported (one line each, `error: ...`),",
        "2 wrong usage. Warnings (`warning: ...`) and errors go to standard error.",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        sub.prog = f"tipreports {name}"
        lines += [f"## tipreports {name}", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(lines)


def on_files(files: Files, config: Any) -> Files:
    files.append(File.generated(config, "reference/input.md", content=_input_reference()))
    files.append(File.generated(config, "reference/cli.md", content=_cli_reference()))
    return files


_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):<code>~?(?:\w+\.)*(\w+)</code>")


def on_page_content(html: str, **_kwargs: Any) -> str:
    return _ROLE.sub(r"<code>\1</code>", html)
