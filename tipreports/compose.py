"""
Compose: Briefing → (Jinja2 template → Markdown dialect → markdown-it-py) → Document.

Templates run in a ``SandboxedEnvironment`` with ``StrictUndefined``. Every
``{{ expression }}`` is backslash-escaped for Markdown by ``finalize``, so data
always reaches the parser as plain text; only the template's own text can make
emphasis, links, lists or containers.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import importlib.resources
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import jinja2
from attrs import frozen
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from . import i18n
from .document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Document,
    Figure,
    Heading,
    KeyFact,
    KeyFacts,
    Metadata,
    NumberedList,
    PageBreak,
    Paragraph,
    Run,
    Runs,
    SourceList,
    Table,
    TierChart,
    allowed_link,
)
from .errors import TemplateError
from .i18n import translate
from .model import Briefing, Marking, Tier, TierHistory, for_audience
from .model.tier import ordinal
from .theme import DEFAULT_THEME, Theme

__all__ = ["PRODUCTS", "Product", "compose", "markdown_escape", "tier_history_alt"]


@frozen(kw_only=True)
class Product:
    """A product: a template plus its page rules and default format."""

    name: str
    template: str
    one_page: bool
    default_format: Literal["docx", "pdf", "html", "md"]


PRODUCTS: Mapping[str, Product] = {
    "briefing-note": Product(name="briefing-note", template="briefing_note.md.j2", one_page=False, default_format="docx"),
    "one-pager": Product(name="one-pager", template="one_pager.md.j2", one_page=True, default_format="pdf"),
}

#: Most characters a template may produce.
MAX_OUTPUT = 2_000_000
#: Most seconds a template may run.
MAX_SECONDS = 5.0

_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_WHITESPACE = re.compile(r"\s+")


class Md(str):
    """Markdown made by tipreports itself (never from data): passes ``finalize`` unescaped."""

    __slots__ = ()


def markdown_escape(value: object) -> str:
    """
    Escape ``value`` so that Markdown reads it as plain text.

    CommonMark allows a backslash before any ASCII punctuation; whitespace is
    folded so that data can never start a block (a list, a heading, code).
    """
    if value is None:
        return ""
    if isinstance(value, Md):
        return str(value)
    # Fold, don't strip: separators such as ", " and " and " are data too.
    text = _ASCII_PUNCTUATION.sub(r"\\\1", _WHITESPACE.sub(" ", str(value)))
    # Text starting with digits, followed by the template's own ". " at the start of a line,
    # would open an ordered list ("{{ s.publisher }}. *{{ s.title }}*" with publisher "0");
    # a digit cannot be backslash-escaped, so the first is written as a character reference.
    # Numbers (loop.index) are left alone: templates number their lists with them.
    if isinstance(value, str) and text[:1].isascii() and text[:1].isdigit():
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def _span(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def tier_history_alt(history: TierHistory, country: str | None = None, highlight: int | None = None) -> str:
    """Alt text for the tier-history chart, generated from the data: every run of years on one tier."""
    if not history:
        return "Tier history: no placements."
    runs: list[tuple[Tier, list[int]]] = []
    for p in history.placements:
        if runs and runs[-1][0] is p.tier and runs[-1][1][-1] == p.year - 1:
            runs[-1][1].append(p.year)
        else:
            runs.append((p.tier, [p.year]))
    first, last = history.placements[0].year, history.placements[-1].year
    who = f"{country}'s" if country else "The"
    parts = "; ".join(f"{tier} in {_span(years)}" for tier, years in runs)
    text = f"Chart of {who} tier placement in each TIP Report from {first} to {last}: {parts}."
    if highlight is not None and (placed := history.get(highlight)) is not None:
        text += f" {highlight} is highlighted ({placed.tier})."
    return text


# -- templates --------------------------------------------------------------------------------------


def _template_dirs(template_dir: str | os.PathLike[str] | None) -> list[str]:
    bundled = importlib.resources.files("tipreports.templates")
    dirs = [str(bundled)]
    if template_dir is not None:
        path = Path(template_dir)
        if not path.is_dir():
            raise TemplateError(f"template folder {str(path)!r} does not exist or is not a folder")
        dirs.insert(0, str(path))
    return dirs


#: Longest text a single operation in a template may build (``*``, ``+``, ``%``, a filter).
MAX_VALUE = MAX_OUTPUT
#: Widest padding or format width a template may ask for.
_MAX_WIDTH = 10_000
_BIG_FORMAT = re.compile(r"\{[^{}]*(?:\{|\d{5,})|%[-#0 +]*(?:\*|\d{5,})")
#: str and int methods a template may call; the rest (ljust, zfill, replace, to_bytes, …) can build huge values in C.
_STR_METHODS = frozenset(
    ["capitalize", "casefold", "count", "endswith", "find", "format", "index", "isalnum", "isalpha", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "rfind", "rindex", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper"]
)
_NUMBER_ATTRIBUTES = frozenset({"real", "imag", "numerator", "denominator", "bit_length", "is_integer"})


class _Refused(TemplateError):
    """An operation the sandbox refused; :func:`_render_template` adds the template and line."""


def _too_big(what: str) -> TemplateError:
    return _Refused(f"{what} would exceed {MAX_VALUE:,} characters")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _BIG_FORMAT.search(text):
        raise _Refused(f"format widths above {_MAX_WIDTH - 1:,} and widths taken from arguments are not allowed in templates")


class _Namespace(jinja2.utils.Namespace):
    """``namespace()`` whose attributes cannot grow beyond :data:`MAX_VALUE`: no doubling in a loop."""

    def __setitem__(self, name: str, value: Any) -> None:
        if _size(value) > MAX_VALUE:
            raise _too_big(f"namespace attribute {name!r}")
        super().__setitem__(name, value)


def _bounded_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The built-in filters that can build a value far larger than their input, with limits."""
    filters = dict(filters)  # the originals: the caller replaces its entries with these wrappers

    def width(value: Any) -> None:
        if (isinstance(value, int) and abs(value) >= _MAX_WIDTH) or (isinstance(value, str) and len(value) >= _MAX_WIDTH):
            raise _Refused(f"widths of {_MAX_WIDTH:,} or more are not allowed in templates")

    def center(value: Any, w: Any = 80) -> Any:
        width(w)
        return filters["center"](value, w)

    def indent(value: Any, w: Any = 4, *args: Any, **kwargs: Any) -> Any:
        width(w)
        return filters["indent"](value, w, *args, **kwargs)

    def wordwrap(environment: Any, value: Any, w: Any = 79, *args: Any, **kwargs: Any) -> Any:
        width(w)
        for extra in (*args, *kwargs.values()):
            width(extra) if isinstance(extra, str) else None
        return filters["wordwrap"](environment, value, w, *args, **kwargs)

    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_format(value)
        return filters["format"](value, *args, **kwargs)

    def replace(eval_ctx: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        text = str(value)
        hits = text.count(str(old)) if str(old) else len(text) + 1
        if count is not None and isinstance(count, int):
            hits = min(hits, max(count, 0))
        if len(text) + hits * len(str(new)) > MAX_VALUE:
            raise _too_big("replace")
        return filters["replace"](eval_ctx, value, old, new, count)

    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        items = list(value)
        if len(items) * len(str(d)) > MAX_VALUE:
            raise _too_big("join")
        return filters["join"](eval_ctx, items, d, attribute)

    # Filters keep their pass_context/pass_eval_context/pass_environment markers.
    wrappers: tuple[tuple[str, Callable[..., Any]], ...] = (("wordwrap", wordwrap), ("replace", replace), ("join", join))
    for name, wrapper in wrappers:
        setattr(wrapper, "jinja_pass_arg", filters[name].jinja_pass_arg)  # noqa: B010  # jinja2's marker, not a declared attribute
    return {"center": center, "indent": indent, "wordwrap": wordwrap, "format": format_, "replace": replace, "join": join}


class _Timeout(BaseException):
    """Raised inside the rendering thread when a template runs too long (a BaseException so templates cannot catch it)."""


class _Environment(ImmutableSandboxedEnvironment):
    """
    The sandbox, with attribute access limited to public names and every operation bounded.

    Jinja2's sandbox blocks Python internals but not huge values or endless
    loops. Here operators, filters and calls that could build a value beyond
    :data:`MAX_VALUE` are refused before they run, ``range`` is the sandbox's
    bounded one, lists cannot be mutated, and :func:`_render_template` stops a
    template that runs longer than :data:`MAX_SECONDS`.
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, str) and callable(value) and attr not in _STR_METHODS:
            return False
        if isinstance(obj, (int, float)) and attr not in _NUMBER_ATTRIBUTES:
            return False
        if isinstance(obj, bytes):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and _size(seq) * n > MAX_VALUE:
                    raise _too_big("repetition")
        elif operator == "+":
            if _size(left) + _size(right) > MAX_VALUE:
                raise _too_big("concatenation")
        elif operator == "**":
            if isinstance(right, (int, float)) and isinstance(left, (int, float)) and abs(left) > 1:
                bits = int(abs(left)).bit_length() * abs(right)
                if abs(right) > 64 or bits > 100_000:
                    raise _Refused("powers with exponents above 64 or results above 100,000 bits are not allowed in templates")
        elif operator == "%":
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # jinja2's signature
        # str.format reaches here wrapped by the sandbox; its format string is the wrapped method's owner.
        _check_format(getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None))
        for arg in (*args, *kwargs.values()):
            if _size(arg) > MAX_VALUE:
                raise _too_big("an argument")
        return super().call(__context, __obj, *args, **kwargs)

class _FolderLoader(jinja2.FileSystemLoader):
    """
    Templates only from inside the template folders.

    Jinja2 already refuses ``..`` in names; a symbolic link inside a folder
    that points outside it is refused here, since ``followlinks`` covers only listing.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except jinja2.TemplateNotFound:
            # Jinja2's own message lists the search paths: folder names are not for error messages.
            raise jinja2.TemplateNotFound(template) from None
        real = os.path.realpath(filename)
        roots = [os.path.realpath(p) for p in self.searchpath]
        if not any(os.path.commonpath([real, root]) == root for root in roots):
            raise jinja2.TemplateNotFound(
                template, f"template {template!r} is a link to a file outside the template folder; copy the file in instead"
            )
        return source, filename, uptodate


_ENVIRONMENTS: dict[tuple[str, ...], _Environment] = {}


def _environment(dirs: list[str]) -> _Environment:
    key = tuple(dirs)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = _Environment(
            loader=_FolderLoader(dirs),
            undefined=jinja2.StrictUndefined,
            finalize=markdown_escape,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=True,  # a user editing a template in a notebook sees the change at once
        )
        env.filters.update(_bounded_filters(env.filters))
        env.filters["date"] = i18n.format_date  # English; templates call format_date() for the briefing's language
        env.filters["ordinal"] = ordinal
        env.globals["range"] = safe_range
        env.globals["namespace"] = _Namespace
        del env.globals["lipsum"]
        _ENVIRONMENTS[key] = env
    return env


def _template_location(exc: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{Path(frame.filename).name}, line {frame.lineno}"
    return "template"


class _Deadline:
    """
    Stops the calling thread with :class:`_Timeout` after ``seconds``.

    A template can loop without producing output or calling anything, so the
    check cannot live in the output loop alone: a timer thread raises the
    exception asynchronously in the rendering thread (CPython checks for it
    between bytecodes). Every C-level step is bounded separately by the
    sandbox's size checks, so the thread reaches a bytecode soon.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.active = True
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if self.active:
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), ctypes.py_object(_Timeout))

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            self.active = False


def _render_template(env: _Environment, name: str, context: dict[str, Any]) -> str:
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound as err:
        raise TemplateError(_not_found(name, err)) from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{Path(err.filename or name).name}, line {err.lineno}: syntax error: {err.message}") from None
    too_long = TemplateError(f"{name}: the template ran for more than {MAX_SECONDS:g} seconds")
    started = time.perf_counter()
    size = 0
    chunks: list[str] = []
    try:
        with _Deadline(MAX_SECONDS):
            try:
                for chunk in template.generate(context):
                    size += len(chunk)
                    chunks.append(chunk)
                    if size > MAX_OUTPUT:
                        raise TemplateError(f"{name}: the template produced more than {MAX_OUTPUT:,} characters")
                    if time.perf_counter() - started > MAX_SECONDS:
                        raise too_long
            except _Timeout:
                raise too_long from None
    except _Timeout:
        # Delivered after the inner handler, while leaving the deadline.
        raise too_long from None
    except _Refused as err:
        raise TemplateError(f"{_template_location(err)}: {err}") from None
    except TemplateError:
        raise
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_template_location(err)}: {err.message}") from None
    except jinja2.exceptions.SecurityError as err:
        raise TemplateError(f"{_template_location(err)}: not allowed in a template: {err}") from None
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"{_template_location(err)}: {_not_found(None, err)}") from None
    except jinja2.TemplateError as err:
        raise TemplateError(f"{_template_location(err)}: {err}") from None
    except RecursionError:
        raise TemplateError(f"{name}: the template's macros call each other too deeply") from None
    except MemoryError:
        raise TemplateError(f"{name}: the template ran out of memory") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError, OverflowError) as err:
        raise TemplateError(f"{_template_location(err)}: {type(err).__name__}: {err}") from None
    return "".join(chunks)


def _not_found(name: str | None, err: jinja2.TemplateNotFound) -> str:
    missing = err.name if err.name is not None else name
    if err.message and err.message != missing:
        return err.message
    where = "the template folders" if name is not None else "the template folder"
    return f"template {missing!r} not found in {where}; templates can include only files inside their folder"


# -- Markdown → Document --------------------------------------------------------------------------

_CONTAINERS = ("keyfacts", "key", "note", "tier", "columns", "column", "lead", "small", "badge", "sources", "pagebreak")
_FIGURE_SCHEMES = ("chart:",)


def _validate_link(url: str) -> bool:
    return allowed_link(url) or url.lower().startswith(_FIGURE_SCHEMES)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    for name in _CONTAINERS:
        md.use(container_plugin, name=name)
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it-py's documented hook
    return md


_MD = _markdown()


class _Parser:
    """Turns markdown-it tokens into blocks."""

    def __init__(self, tokens: list[Token], charts: Mapping[str, tuple[TierChart, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.charts = charts

    def blocks(self, until: str | None = None, style: Literal["body", "lead", "small", "badge"] = "body") -> tuple[Block, ...]:
        out: list[Block] = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if until is not None and tok.type == until:
                self.pos += 1
                return tuple(out)
            out.extend(self.block(style))
        return tuple(out)

    def block(self, style: Literal["body", "lead", "small", "badge"]) -> list[Block]:
        tok = self.tokens[self.pos]
        kind = tok.type
        if kind == "heading_open":
            level = min(int(tok.tag[1:]), 3)
            runs = self.inline(self.tokens[self.pos + 1])
            self.pos += 3
            return [Heading(level=level, runs=runs)]
        if kind == "paragraph_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            figure = self.figure(inline)
            if figure is not None:
                return [figure]
            runs = self.inline(inline)
            return [Paragraph(runs=runs, style=style)] if runs else []
        if kind == "bullet_list_open":
            self.pos += 1
            return [BulletList(items=self.list_items("bullet_list_close"))]
        if kind == "ordered_list_open":
            start = int(tok.attrGet("start") or 1)
            self.pos += 1
            return [NumberedList(items=self.list_items("ordered_list_close"), start=start)]
        if kind == "table_open":
            return [self.table()]
        if kind == "hr":
            self.pos += 1
            return [PageBreak()]
        if kind.startswith("container_") and kind.endswith("_open"):
            name = kind[len("container_") : -len("_open")]
            info = tok.info.strip().split(maxsplit=1)
            title = info[1] if len(info) > 1 else None
            self.pos += 1
            close = f"container_{name}_close"
            if name in ("lead", "small", "badge"):
                return list(self.blocks(close, style=name))  # type: ignore[arg-type]  # name is one of the literal styles
            if name == "columns":
                return [self.columns(close, style)]
            inner = self.blocks(close, style=style)
            match name:
                case "keyfacts":
                    return [self.keyfacts(inner)]
                case "key" | "note" | "tier":
                    return [Callout(kind=name, blocks=inner, title=title)]
                case "sources":
                    items: list[Runs] = []
                    for b in inner:
                        if isinstance(b, (NumberedList, BulletList)):
                            items.extend(b.items)
                        elif isinstance(b, Paragraph):
                            items.append(b.runs)
                    return [SourceList(items=tuple(items))] if items else []
                case "pagebreak":
                    return [PageBreak(), *inner]
            # A column outside columns: its blocks, in place.
            return list(inner)
        # Anything else (code blocks, blockquotes): keep the text, lose the structure.
        self.pos += 1
        if kind in ("code_block", "fence"):
            return [Paragraph(runs=(Run(text=tok.content.strip()),), style=style)]
        return []

    def columns(self, close: str, style: Literal["body", "lead", "small", "badge"]) -> Columns:
        cols: list[tuple[Block, ...]] = []
        stray: list[Block] = []
        while self.tokens[self.pos].type != close:
            if self.tokens[self.pos].type == "container_column_open":
                if stray:
                    cols.append(tuple(stray))
                    stray = []
                self.pos += 1
                cols.append(self.blocks("container_column_close", style))
            else:
                # Content between columns becomes a column of its own rather than vanishing.
                stray.extend(self.block(style))
        self.pos += 1
        if stray:
            cols.append(tuple(stray))
        return Columns(columns=tuple(cols))

    def list_items(self, close: str) -> tuple[Runs, ...]:
        items: list[Runs] = []
        while self.tokens[self.pos].type != close:
            tok = self.tokens[self.pos]
            if tok.type == "list_item_open":
                self.pos += 1
                runs: list[Run] = []
                while self.tokens[self.pos].type != "list_item_close":
                    inner = self.tokens[self.pos]
                    if inner.type == "inline":
                        if runs:
                            runs.append(Run(text=" "))
                        runs.extend(self.inline(inner))
                    self.pos += 1
                items.append(tuple(runs))
            self.pos += 1
        self.pos += 1
        return tuple(items)

    def table(self) -> Table:
        header: list[Runs] = []
        rows: list[tuple[Runs, ...]] = []
        row: list[Runs] = []
        in_head = False
        self.pos += 1
        while self.tokens[self.pos].type != "table_close":
            tok = self.tokens[self.pos]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif tok.type == "inline":
                row.append(self.inline(tok))
            self.pos += 1
        self.pos += 1
        return Table(header=tuple(header), rows=tuple(rows))

    def keyfacts(self, inner: tuple[Block, ...]) -> KeyFacts:
        facts: list[KeyFact] = []
        for b in inner:
            if not isinstance(b, BulletList):
                continue
            for item in b.items:
                if item and item[0].bold:
                    label = item[0].text.strip().rstrip(":")
                    rest = list(item[1:])
                    if rest:
                        rest[0] = Run(text=rest[0].text.lstrip(": ").lstrip(), bold=rest[0].bold, italic=rest[0].italic, code=rest[0].code, link=rest[0].link)
                    facts.append(KeyFact(label=label, value=tuple(r for r in rest if r.text)))
        return KeyFacts(items=tuple(facts))

    def figure(self, inline: Token) -> Figure | None:
        children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
        if len(children) != 1 or children[0].type != "image":
            return None
        image = children[0]
        src = str(image.attrGet("src") or "")
        caption = "".join(c.content for c in image.children or [] if c.type in ("text", "code_inline")) or None
        if not src.startswith("chart:"):
            return None
        chart = self.charts.get(src[len("chart:") :])
        if chart is None:
            raise TemplateError(f"unknown figure {src!r}; registered: " + ", ".join(f"'chart:{k}'" for k in self.charts))
        data, alt = chart
        return Figure(name=src, alt=alt, caption=caption, chart=data)

    def inline(self, token: Token) -> Runs:
        runs: list[Run] = []
        bold = italic = 0
        link: str | None = None
        for child in token.children or []:
            match child.type:
                case "text":
                    if child.content:
                        runs.append(Run(text=child.content, bold=bold > 0, italic=italic > 0, link=link))
                case "softbreak":
                    runs.append(Run(text=" ", bold=bold > 0, italic=italic > 0, link=link))
                case "hardbreak":
                    # Only the template can make one (a backslash at the end of a line): data is folded.
                    runs.append(Run(text="\n", bold=bold > 0, italic=italic > 0, link=link))
                case "code_inline":
                    runs.append(Run(text=child.content, code=True, bold=bold > 0, italic=italic > 0, link=link))
                case "strong_open":
                    bold += 1
                case "strong_close":
                    bold -= 1
                case "em_open":
                    italic += 1
                case "em_close":
                    italic -= 1
                case "link_open":
                    href = str(child.attrGet("href") or "")
                    link = href if allowed_link(href) else None
                case "link_close":
                    link = None
                case "image":
                    # An image inside text is not a figure: keep its caption as text.
                    runs.append(Run(text="".join(c.content for c in child.children or [])))
        return _merge(runs)


def _merge(runs: list[Run]) -> Runs:
    merged: list[Run] = []
    for r in runs:
        if merged and (m := merged[-1]).bold == r.bold and m.italic == r.italic and m.code == r.code and m.link == r.link:
            merged[-1] = Run(text=m.text + r.text, bold=r.bold, italic=r.italic, code=r.code, link=r.link)
        else:
            merged.append(r)
    # Collapse whitespace at the edges of the paragraph only; inner spacing is the template's.
    if merged:
        first, last = merged[0], merged[-1]
        merged[0] = Run(text=first.text.lstrip(), bold=first.bold, italic=first.italic, code=first.code, link=first.link)
        last = merged[-1]
        merged[-1] = Run(text=last.text.rstrip(), bold=last.bold, italic=last.italic, code=last.code, link=last.link)
    return tuple(r for r in merged if r.text)


def parse_markdown(text: str, charts: Mapping[str, tuple[TierChart, str]] | None = None) -> tuple[Block, ...]:
    """Parse the tipreports Markdown dialect into blocks."""
    tokens = _MD.parse(text)
    return _Parser(tokens, charts or {}).blocks()


# -- compose ------------------------------------------------------------------------------------------


def _charts(b: Briefing) -> dict[str, tuple[TierChart, str]]:
    a = b.assessment
    if a is None or not a.history:
        return {}
    history = a.history
    chart = TierChart(history=history, highlight=a.report_year, country=a.country.name)
    return {"tier-history": (chart, tier_history_alt(history, a.country.name, a.report_year))}


def _metadata(b: Briefing, product: Product) -> Metadata:
    keywords: list[str] = ["human trafficking"]
    subject_parts: list[str] = []
    if b.event is not None:
        keywords.append(b.event.name)
        subject_parts.append(b.event.name)
    if (a := b.assessment) is not None:
        keywords.extend([f"{a.report_year} TIP Report", a.country.name, str(a.tier)])
        subject_parts.append(f"{a.report_year} TIP Report: {a.country.name}")
    kind = "Briefing note" if product.name == "briefing-note" else "One-pager"
    subject = f"{kind}: " + "; ".join(subject_parts) if subject_parts else kind
    return Metadata(
        title=b.title,
        subject=subject,
        author=b.prepared_by.name,
        keywords=tuple(dict.fromkeys(keywords)),
        date=b.date,
        language=b.language,
    )


def compose(
    briefing: Briefing,
    product: str = "briefing-note",
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
) -> Document:
    """
    Compose ``briefing`` as ``product`` for ``audience`` into a :class:`Document`.

    Items marked above the audience are left out before the template sees the
    briefing; ``Document.withheld`` counts them and ``Document.marking`` is the
    highest marking of what remains.
    """
    spec = PRODUCTS.get(product)
    if spec is None:
        raise TemplateError(f"unknown product {product!r}; expected one of " + ", ".join(repr(p) for p in PRODUCTS))
    theme = theme or DEFAULT_THEME
    visible, withheld = for_audience(briefing, audience)
    numbers = {s.id: i for i, s in enumerate(visible.sources, start=1)}

    def cite_id(ref: str | None) -> str:
        return f"[{numbers[ref]}]" if ref in numbers else ""

    def cite(item: Any) -> str:
        return cite_id(getattr(item, "source", None))

    lang = visible.language
    charts = _charts(visible)

    def t(text: str) -> str:
        return translate(text, lang)

    def date_in(value: dt.date) -> str:
        return i18n.format_date(value, lang)

    def year_in(value: int) -> int:
        return i18n.year(value, lang)

    context: dict[str, Any] = {
        "b": visible,
        "b2": visible.translation,
        "lang": lang,
        "lang2": visible.translation.language if visible.translation is not None else None,
        "t": t,
        "product": spec.name,
        "marking": withheld.marking.label,
        "date_text": date_in(visible.date),
        "organisation": theme.organisation or visible.prepared_by.name,
        "cite": cite,
        "cite_id": cite_id,
        "source_number": numbers,
        "format_date": date_in,
        "year": year_in,
        "charts": sorted(charts),
    }
    text = _render_template(_environment(_template_dirs(template_dir)), spec.template, context)
    blocks = parse_markdown(text, charts)
    return Document(
        product=spec.name,
        title=visible.title,
        subtitle=visible.subtitle,
        marking=withheld.marking,
        metadata=_metadata(visible, spec),
        blocks=blocks,
        withheld=withheld,
        organisation=theme.organisation or visible.prepared_by.name,
        date_text=i18n.format_date(visible.date, visible.language),
        one_page=spec.one_page,
    )


