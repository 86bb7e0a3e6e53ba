"""Hostile templates: Python internals, unbounded time and size, includes from outside the folder."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.compose import compose
from tipreports.document import Paragraph, Run, plain_text
from tipreports.errors import TemplateError

# The deadline reads MAX_SECONDS from the sandbox module when a template starts.
sandbox = importlib.import_module("tipreports.compose._sandbox")

NAME = "briefing_note.md.j2"


def _folder(tmp_path: Path, text: str, name: str = NAME) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _error(example: tr.Briefing, tmp_path: Path, text: str) -> str:
    folder = _folder(tmp_path, text)
    with pytest.raises(TemplateError) as caught:
        compose(example, "briefing-note", template_dir=folder)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ok\n{{ briefing.__class__.__mro__ }}",
            f"{NAME}, line 2: not allowed in a template: access to attribute '__class__' of 'Briefing' object is unsafe.",
        ),
        (
            "{{ briefing.title.__class__.__base__.__subclasses__() }}",
            f"{NAME}, line 1: not allowed in a template: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ cite.__globals__ }}",
            f"{NAME}, line 1: not allowed in a template: access to attribute '__globals__' of 'function' object is unsafe.",
        ),
        (
            "{{ '{0.__class__}'.format(briefing) }}",
            f"{NAME}, line 1: not allowed in a template: access to attribute '__class__' of 'Briefing' object is unsafe.",
        ),
        (
            "{{ briefing._private }}",
            f"{NAME}, line 1: 'tipreports.model.briefing.Briefing object' has no attribute '_private'",
        ),
        (
            "{% set l = [] %}{{ l.append(1) }}",
            f"{NAME}, line 1: not allowed in a template: access to attribute 'append' of 'list' object is unsafe.",
        ),
        (
            "{{ briefing.title.ljust(10) }}",
            f"{NAME}, line 1: not allowed in a template: access to attribute 'ljust' of 'str' object is unsafe.",
        ),
        (
            "{{ (1).to_bytes(4, 'big') }}",
            f"{NAME}, line 1: not allowed in a template: access to attribute 'to_bytes' of 'int' object is unsafe.",
        ),
    ],
)
def test_python_internals_are_refused_naming_template_and_line(
    example: tr.Briefing, tmp_path: Path, text: str, expected: str
) -> None:
    """Reaching for internals or mutating methods fails with the template name and line."""
    assert _error(example, tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ 'x' * 10**9 }}", f"{NAME}, line 1: repetition would exceed 2,000,000 characters"),
        ("{{ [0] * 10**9 }}", f"{NAME}, line 1: repetition would exceed 2,000,000 characters"),
        ("{{ ((2**64)**64)**64 }}", f"{NAME}, line 1: powers with exponents above 64 or results above 100,000 bits are not allowed in templates"),
        ("{{ ''|center(10**9) }}", f"{NAME}, line 1: widths of 10,000 or more are not allowed in templates"),
        ("{{ 'a'|indent(10**9) }}", f"{NAME}, line 1: widths of 10,000 or more are not allowed in templates"),
        ("{{ '%*s' % (10**9, 'a') }}", f"{NAME}, line 1: format widths above 9,999 and widths taken from arguments are not allowed in templates"),
        ("{{ '%999999999s' % 'a' }}", f"{NAME}, line 1: format widths above 9,999 and widths taken from arguments are not allowed in templates"),
        ("{{ '{:>999999999}'.format(1) }}", f"{NAME}, line 1: format widths above 9,999 and widths taken from arguments are not allowed in templates"),
        ("{{ '{:>{}}'.format(1, 10**9) }}", f"{NAME}, line 1: format widths above 9,999 and widths taken from arguments are not allowed in templates"),
        ("{{ '%*s'|format(10**9, 'a') }}", f"{NAME}, line 1: format widths above 9,999 and widths taken from arguments are not allowed in templates"),
        ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
         f"{NAME}, line 1: concatenation would exceed 2,000,000 characters"),
        (
            "{% set s = 'x' * 1000000 %}{{ s|replace('x', s) }}",
            f"{NAME}, line 1: replace would exceed 2,000,000 characters",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            f"{NAME}, line 1: concatenation would exceed 2,000,000 characters",
        ),
        (
            "{% macro d(s) %}{{ d(s ~ s) }}{% endmacro %}{{ d('x') }}",
            f"{NAME}, line 1: concatenation would exceed 2,000,000 characters",
        ),
        (
            "{% for i in range(10**9) %}{% endfor %}",
            f"{NAME}, line 1: OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
        ),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", f"{NAME}: the template's macros call each other too deeply"),
        ("{{ lipsum(10**6) }}", f"{NAME}, line 1: 'lipsum' is undefined"),
    ],
)
def test_huge_values_are_refused_before_they_are_built(
    example: tr.Briefing, tmp_path: Path, text: str, expected: str
) -> None:
    """Operations that would build huge values fail at once with a clear error, not after eating memory."""
    # The message shows the operation was refused, not stopped by the time limit.
    assert _error(example, tmp_path, text) == expected


def test_output_size_is_bounded(example: tr.Briefing, tmp_path: Path) -> None:
    """A template producing more than MAX_OUTPUT characters stops with an error."""
    text = "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"
    assert _error(example, tmp_path, text) == f"{NAME}: the template produced more than 2,000,000 characters"


@pytest.mark.parametrize(
    "text",
    [
        # Loops that produce nothing and call nothing: only the deadline can stop them.
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% set s = 'x' * 100000 %}{% for c in s %}{% for d in s %}{% endfor %}{% endfor %}",
    ],
)
def test_running_time_is_bounded(
    example: tr.Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """A template that loops without output is stopped at MAX_SECONDS."""
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)
    assert _error(example, tmp_path, text) == f"{NAME}: the template ran for more than 0.5 seconds"


def test_deadline_does_not_fire_after_a_quick_render(example: tr.Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timer is cancelled when rendering ends: nothing is raised later in the caller."""
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.2)
    folder = _folder(tmp_path, "# {{ briefing.title }}\n")
    compose(example, "briefing-note", template_dir=folder)
    time.sleep(0.4)  # an async exception would be raised in this thread during the sleep


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ('{% include "../secret.md.j2" %}', "template '../secret.md.j2' not found in the template folder; templates can include only files inside their folder"),
        ('{% include "../../../../../etc/passwd" %}', "template '../../../../../etc/passwd' not found in the template folder; templates can include only files inside their folder"),
        ('{% include "/etc/passwd" %}', "template '/etc/passwd' not found in the template folder; templates can include only files inside their folder"),
        ('{% include "partials/link.md.j2" %}', "template 'partials/link.md.j2' is a link to a file outside the template folder; copy the file in instead"),
        ('{% import "partials/link.md.j2" as m %}', "template 'partials/link.md.j2' is a link to a file outside the template folder; copy the file in instead"),
    ],
)
def test_templates_cannot_include_files_outside_their_folder(
    example: tr.Briefing, tmp_path: Path, include: str, expected: str
) -> None:
    """Traversal, absolute paths and symbolic links out of the folder are refused, naming template and line."""
    (tmp_path / "secret.md.j2").write_text("SECRET-OUTSIDE-TEMPLATE\n", encoding="utf-8")
    folder = _folder(tmp_path, "title\n" + include + "\n")
    (folder / "partials").mkdir()
    (folder / "partials" / "link.md.j2").symlink_to(tmp_path / "secret.md.j2")
    message = _error(example, tmp_path, "title\n" + include + "\n")
    assert message == f"{NAME}, line 2: {expected}"
    assert "SECRET-OUTSIDE-TEMPLATE" not in message


def test_the_template_itself_cannot_be_a_link_out(example: tr.Briefing, tmp_path: Path) -> None:
    """The product template found in the user's folder is held to the same rule."""
    (tmp_path / "secret.md.j2").write_text("SECRET\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / NAME).symlink_to(tmp_path / "secret.md.j2")
    with pytest.raises(TemplateError) as caught:
        compose(example, "briefing-note", template_dir=folder)
    assert str(caught.value) == f"template {NAME!r} is a link to a file outside the template folder; copy the file in instead"


def test_links_inside_the_folder_are_allowed(example: tr.Briefing, tmp_path: Path) -> None:
    """A symbolic link to a file inside the same folder is fine."""
    folder = _folder(tmp_path, '{% include "alias.md.j2" %}\n')
    (folder / "real.md.j2").write_text("# Inside {{ briefing.title }}\n", encoding="utf-8")
    (folder / "alias.md.j2").symlink_to(folder / "real.md.j2")
    doc = compose(example, "briefing-note", template_dir=folder)
    assert plain_text(doc.blocks[0].runs) == f"Inside {example.title}"  # type: ignore[union-attr]  # a Heading


def test_template_literal_markup_is_the_template_authors(example: tr.Briefing, tmp_path: Path) -> None:
    """Data stays text even when the template wraps it in markup; the template's own markup is kept."""
    folder = _folder(tmp_path, "*{{ '*not emphasis* [x](https://evil.example)' }}*\n")
    doc = compose(example, "briefing-note", template_dir=folder)
    (paragraph,) = doc.blocks
    assert paragraph == Paragraph(runs=(Run(text="*not emphasis* [x](https://evil.example)", italic=True),))


# -- every path a template can grow a value by, and the process user templates run in ----------------

BIG = "{% set s = 'x' * 1000000 %}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Each would build about 200,000,000 characters before the limits below.
        (BIG + "{{ (s ~ s ~ s)|length }}", "concatenation would exceed 2,000,000 characters"),
        (BIG + "{{ (('%s' * 200) % ((s,) * 200))|length }}", "formatting would exceed 2,000,000 characters"),
        (BIG + "{{ (('{0}' * 200).format(s))|length }}", "formatting would exceed 2,000,000 characters"),
        (BIG + "{{ ('{a}{a}{a}'.format_map({'a': s}))|length }}", "formatting would exceed 2,000,000 characters"),
        (BIG + "{{ ('%s' * 200)|format(*((s,) * 200))|length }}", "formatting would exceed 2,000,000 characters"),
        (BIG + "{{ ([s] * 200)|join|length }}", "join would exceed 2,000,000 characters"),
        (BIG + "{{ ([s] * 200)|escape|length }}", "escape would exceed 2,000,000 characters"),
        ("{{ ('&' * 1000000)|e|length }}", "escape would exceed 2,000,000 characters"),
        (BIG + "{{ ([s] * 200)|urlencode|length }}", "urlencode would exceed 2,000,000 characters"),
        ("{{ ('\u00e9' * 1000000)|urlencode|length }}", "urlencode would exceed 2,000,000 characters"),
        (BIG + "{{ ([s] * 200)|tojson|length }}", "tojson would exceed 2,000,000 characters"),
        (BIG + "{{ ([s] * 200)|string|length }}", "string would exceed 2,000,000 characters"),
        (BIG + "{{ ([s] * 200)|upper|length }}", "upper would exceed 2,000,000 characters"),
        (BIG + "{{ [s] * 200 }}", "the text of an expression would exceed 2,000,000 characters"),
        ("{{ ('\\n' * 20000)|indent(9999)|length }}", "indent would exceed 2,000,000 characters"),
        ("{{ ('x' * 20000)|wordwrap(1, wrapstring='y' * 9000)|length }}", "wordwrap would exceed 2,000,000 characters"),
        ("{% set x = [0] * 1000000 %}{{ ([x] * 20)|sum(start=[])|length }}", "sum would exceed 2,000,000 items"),
        ("{{ [0]|batch(10**9, 'x')|list|length }}", "batch sizes above 100,000 are not allowed in templates"),
        ("{{ range(10)|slice(10**9)|list|length }}", "slice counts above 100,000 are not allowed in templates"),
        (
            "{% set t %}{% for i in range(100000) %}" + "y" * 100 + "{% endfor %}{% endset %}{{ t|length }}",
            "the text of a block or macro would exceed 2,000,000 characters",
        ),
        (BIG + "{% macro m() %}{% for i in range(200) %}{{ s }}{% endfor %}{% endmacro %}{{ m()|length }}",
         "the template's expressions produced more than 8,000,000 characters"),
    ],
)
def test_every_growth_path_is_bounded(example: tr.Briefing, tmp_path: Path, text: str, expected: str) -> None:
    """Concatenation, formatting, filters, captured blocks and printed values are refused before they grow past the limit."""
    assert _error(example, tmp_path, text) == f"{NAME}, line 1: {expected}"


def test_ordinary_uses_of_the_bounded_operations_still_work(example: tr.Briefing, tmp_path: Path) -> None:
    """The checks refuse only what would grow past the limit: everyday filters and formatting give what Jinja2 gives."""
    folder = _folder(
        tmp_path,
        "{{ briefing.sources|join('; ', attribute='id') }} {{ briefing.sources|map(attribute='id')|first }} "
        "{{ ('%s-%s' % (1, 2)) ~ '|' ~ '{}/{}'.format(3, 4) }} {{ '%s+%s'|format(5, 6) }} {{ [1, 2, 3]|sum }} "
        "{{ {'b': 1, 'a': [2]}|tojson }} {{ 'a b c d'|wordwrap(3, wrapstring='/') }} {{ 'x<y'|e }} {{ 'é'|urlencode }} "
        "{{ 'ab'|upper|center(6) }} {{ range(5)|batch(2)|list|length }} {{ 'a\nb'|indent(2, first=true) }}\n",
    )
    doc = compose(example, "briefing-note", template_dir=folder)
    ids = "; ".join(source.id for source in example.sources)
    expected = (
        f"{ids} {example.sources[0].id} 1-2|3/4 5+6 6 {{\"a\": [2], \"b\": 1}} a b/c d x&lt;y %C3%A9  AB  3  a b"
    )
    assert plain_text(doc.blocks[0].runs) == expected  # type: ignore[union-attr]  # a Paragraph


def test_filters_that_only_make_html_are_not_available(example: tr.Briefing, tmp_path: Path) -> None:
    """`urlize`, `xmlattr` and `pprint` (whose output grows with nesting or per link) do not exist in templates."""
    for name in ("urlize", "xmlattr", "pprint"):
        assert _error(example, tmp_path, "{{ 'x'|" + name + " }}") == f"{NAME}, line 1: syntax error: No filter named '{name}'."


def test_a_user_template_runs_in_a_process_of_its_own(example: tr.Briefing, tmp_path: Path) -> None:
    """
    A template that keeps many values, each within the limits, runs out of memory in its own process, not in this one.

    Three thousand distinct strings of a million characters would take 3 GB here;
    the template's process has an address-space limit (Linux) and stops with an error.
    """
    import resource

    text = (
        "{% set s = 'x' * 1000000 %}{% set ns = namespace(keep=[]) %}"
        "{% for i in range(3000) %}{% set ns.keep = ns.keep + [s ~ i] %}{% endfor %}{{ ns.keep|length }}"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    message = _error(example, tmp_path, text)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert message in (f"{NAME}: the template ran out of memory", f"{NAME}: the template ran for more than 5 seconds")
    assert grown_mb < 256
