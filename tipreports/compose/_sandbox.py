"""
The sandbox templates run in, and its limits.

Jinja2's ``SandboxedEnvironment`` blocks Python internals but not huge values
or endless loops. Here every operation that turns values into text or joins
them (``~``, ``+``, ``*``, ``%``, ``str.format``, the filters, a printed
``{{ expression }}``, the text of a captured block or macro) measures its
inputs first and is refused when the result could pass :data:`MAX_VALUE`;
``range`` is the sandbox's bounded one, lists cannot be mutated, output stops
at :data:`MAX_OUTPUT` characters and a template stops after :data:`MAX_SECONDS`.
Templates load only from inside their folders. What a template may *say* (the
context, the escaping of every ``{{ expression }}``) is the caller's.

These checks run in the process that renders. Templates from a user's folder
are rendered in a process of their own besides (:mod:`._isolated`), which
bounds what the checks cannot: the memory of many values kept at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import importlib.resources
import itertools
import os
import posixpath
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import update_wrapper
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from .._io import NOT_REGULAR, RefusedFile, read_regular_file
from ..errors import TemplateError

__all__ = ["MAX_OUTPUT", "MAX_SECONDS", "MAX_TEMPLATE_BYTES", "MAX_VALUE", "environment", "render_template", "template_dirs"]

#: Most characters a template may produce.
MAX_OUTPUT = 2_000_000
#: Largest template file read (the bundled ones are a few kilobytes).
MAX_TEMPLATE_BYTES = 512 * 1024
#: Most seconds a template may run.
MAX_SECONDS = 5.0
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


def template_dirs(template_dir: str | os.PathLike[str] | None) -> list[str]:
    """The folders templates load from: the user's first (if any), then the bundled one."""
    bundled = importlib.resources.files("tipreports.templates")
    dirs = [str(bundled)]
    if template_dir is not None:
        path = Path(template_dir)
        if not path.is_dir():
            raise TemplateError(f"template folder {str(path)!r} does not exist or is not a folder")
        dirs.insert(0, str(path))
    return dirs


class _Refused(TemplateError):
    """An operation the sandbox refused; :func:`render_template` adds the template and line."""


def _too_big(what: str, unit: str = "characters") -> TemplateError:
    return _Refused(f"{what} would exceed {MAX_VALUE:,} {unit}")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


#: Most items a ``batch`` or ``slice`` filter may make (as many as ``range`` may count).
_MAX_PIECES = 100_000
#: Most characters all the ``{{ expressions }}`` of one rendering may produce, printed or captured.
MAX_EXPRESSIONS = 4 * MAX_OUTPUT
_EXPRESSIONS: contextvars.ContextVar[list[int]] = contextvars.ContextVar("tipreports_template_expressions")


def _measure(value: Any, limit: int) -> int:
    """
    About how many characters ``str(value)`` has, counted without building it; stops counting above ``limit``.

    Containers are walked (the same string a thousand times in a list counts a
    thousand times: that is what its text would hold); any other object
    counts its own text, once per object. Nesting is followed without recursion.
    """
    if type(value) is str:
        return len(value)
    total = 0
    texts: dict[int, int] = {}
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, jinja2.utils.Namespace):
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif isinstance(item, (int, float, bool)) or item is None:
            total += 24 if not isinstance(item, int) else 2 + item.bit_length() // 3
        else:
            key = id(item)
            if key not in texts:
                try:
                    texts[key] = len(str(item))
                except Exception:
                    # An undefined value: the operation itself raises the right error.
                    texts[key] = 0
            total += texts[key]
    return total


def _check_measure(what: str, *values: Any) -> int:
    """Refuse when the text of ``values`` together would pass MAX_VALUE; return its size."""
    total = 0
    for value in values:
        total += _measure(value, MAX_VALUE - total)
        if total > MAX_VALUE:
            raise _too_big(what)
    return total


def _check_result(what: str, result: Any) -> Any:
    # Operations whose result is at most a small multiple of their measured input run, then are checked.
    if isinstance(result, str) and len(result) > MAX_VALUE:
        raise _too_big(what)
    return result


def _check_formatting(template: Any, marker: str, values: Any) -> None:
    """``%`` and ``str.format``: every marker in ``template`` could place the largest value given."""
    if isinstance(template, str):
        _check_format(template)
        if len(template) + template.count(marker) * _measure(values, MAX_VALUE) > MAX_VALUE:
            raise _too_big("formatting")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _BIG_FORMAT.search(text):
        raise _Refused(f"format widths above {_MAX_WIDTH - 1:,} and widths taken from arguments are not allowed in templates")


def bounded_join(items: Iterable[Any]) -> str:
    """``environment.concat``: the text of a captured block or macro, refused when it would pass MAX_VALUE."""
    parts = list(items)
    if sum(len(part) if isinstance(part, str) else MAX_VALUE + 1 for part in parts) > MAX_VALUE:
        if any(not isinstance(part, str) for part in parts):
            return "".join(parts)  # not text: join raises its own TypeError
        raise _Refused(f"the text of a block or macro would exceed {MAX_VALUE:,} characters")
    return "".join(parts)


class _Namespace(jinja2.utils.Namespace):
    """``namespace()`` whose attributes cannot grow beyond :data:`MAX_VALUE`: no doubling in a loop."""

    def __setitem__(self, name: str, value: Any) -> None:
        if _size(value) > MAX_VALUE:
            raise _too_big(f"namespace attribute {name!r}")
        super().__setitem__(name, value)


#: Filters that turn their input into text of at most a few times its size: the input is measured first.
_TEXT_FILTERS = ("string", "escape", "e", "forceescape", "safe", "trim", "striptags", "title", "upper", "lower", "capitalize", "wordcount", "truncate", "urlencode", "tojson", "reverse")
#: Filters that make HTML or grow with nesting, of no use in a Markdown template.
_REMOVED_FILTERS = ("urlize", "xmlattr", "pprint")


def _bounded_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The built-in filters that turn values into text or build larger values, with limits."""
    filters = dict(filters)  # the originals: the caller replaces its entries with these wrappers

    def check_width(value: Any) -> None:
        if (isinstance(value, int) and abs(value) >= _MAX_WIDTH) or (isinstance(value, str) and len(value) >= _MAX_WIDTH):
            raise _Refused(f"widths of {_MAX_WIDTH:,} or more are not allowed in templates")

    def center(value: Any, width: Any = 80) -> Any:
        check_width(width)
        _check_measure("center", value)
        return filters["center"](value, width)

    def indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        check_width(width)
        size = _check_measure("indent", value)
        lines = str(value).count("\n") + 1
        if size + lines * (len(width) if isinstance(width, str) else abs(int(width))) > MAX_VALUE:
            raise _too_big("indent")
        return filters["indent"](value, width, *args, **kwargs)

    def wordwrap(environment: Any, value: Any, width: Any = 79, *args: Any, **kwargs: Any) -> Any:
        check_width(width)
        wrapstring = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
        for extra in (*args, *kwargs.values()):
            if isinstance(extra, str):
                check_width(extra)
        size = _check_measure("wordwrap", value)
        breaks = size // max(int(width), 1) + str(value).count("\n") + 1
        if size + breaks * len(str(wrapstring if wrapstring is not None else environment.newline_sequence)) > MAX_VALUE:
            raise _too_big("wordwrap")
        return _check_result("wordwrap", filters["wordwrap"](environment, value, width, *args, **kwargs))

    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_formatting(value, "%", (args, kwargs))
        return filters["format"](value, *args, **kwargs)

    def replace(eval_ctx: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        _check_measure("replace", value)
        text = str(value)
        hits = text.count(str(old)) if str(old) else len(text) + 1
        if count is not None and isinstance(count, int):
            hits = min(hits, max(count, 0))
        if len(text) + hits * len(str(new)) > MAX_VALUE:
            raise _too_big("replace")
        return filters["replace"](eval_ctx, value, old, new, count)

    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:  # jinja2's names: templates may pass them by keyword
        items = list(value)
        if attribute is not None:
            getter = jinja2.filters.make_attrgetter(eval_ctx.environment, attribute)
            items = [getter(item) for item in items]
        if _check_measure("join", items) + len(items) * len(str(d)) > MAX_VALUE:
            raise _too_big("join")
        return filters["join"](eval_ctx, items, d)

    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        items = list(iterable)
        if attribute is not None:
            getter = jinja2.filters.make_attrgetter(environment, attribute)
            items = [getter(item) for item in items]
        if _size(start) + sum(_size(item) for item in items) > MAX_VALUE:
            raise _too_big("sum", "items")
        return filters["sum"](environment, items, start=start)

    def batch(value: Any, linecount: Any, fill_with: Any = None) -> Any:
        if isinstance(linecount, int) and linecount > _MAX_PIECES:
            raise _Refused(f"batch sizes above {_MAX_PIECES:,} are not allowed in templates")
        return filters["batch"](value, linecount, fill_with)

    def slice_(value: Any, slices: Any, fill_with: Any = None) -> Any:
        if isinstance(slices, int) and slices > _MAX_PIECES:
            raise _Refused(f"slice counts above {_MAX_PIECES:,} are not allowed in templates")
        return filters["slice"](value, slices, fill_with)

    def measured(name: str) -> Callable[..., Any]:
        original = filters[name]
        what = "escape" if name in ("e", "forceescape") else name
        passed = getattr(original, "jinja_pass_arg", None)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            first = 0 if passed is None else 1  # after the context jinja2 passes
            _check_measure(what, args[first])
            if name == "tojson":
                indent = kwargs.get("indent", args[first + 1] if len(args) > first + 1 else None)
                if indent is not None and (isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 8):
                    raise _Refused("tojson takes an indent of 0 to 8 in templates")
            return _check_result(what, original(*args, **kwargs))

        return update_wrapper(wrapper, original)

    # Filters keep their pass_context/pass_eval_context/pass_environment markers.
    wrappers: tuple[tuple[str, Callable[..., Any]], ...] = (("wordwrap", wordwrap), ("replace", replace), ("join", join), ("sum", sum_))
    for name, wrapper in wrappers:
        setattr(wrapper, "jinja_pass_arg", filters[name].jinja_pass_arg)  # noqa: B010  # jinja2's marker, not a declared attribute
    bounded: dict[str, Any] = {
        "center": center, "indent": indent, "wordwrap": wordwrap, "format": format_, "replace": replace,
        "join": join, "sum": sum_, "batch": batch, "slice": slice_,
    }  # fmt: skip
    bounded.update({name: measured(name) for name in _TEXT_FILTERS})
    return bounded


class _Timeout(BaseException):
    """Raised inside the rendering thread when a template runs too long (a BaseException so templates cannot catch it)."""


class _CodeGenerator(CodeGenerator):
    """Jinja2's compiler, with ``a ~ b ~ c`` measured before it is joined."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox: attribute access limited to public names, and every operation that could build a huge value bounded."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _CodeGenerator

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

    def bounded_concat(self, join: Callable[[Iterable[Any]], str], values: tuple[Any, ...]) -> str:
        """``a ~ b``: refused when the joined text would pass MAX_VALUE."""
        _check_measure("concatenation", *values)
        return join(values)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if _size(sequence) and isinstance(times, int) and _size(sequence) * times > MAX_VALUE:
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
            _check_formatting(left, "%", right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'...'.format(...)`` and ``format_map``: refused when the text could pass MAX_VALUE."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_formatting(template, "{", (args, kwargs))
            return wrapped(*args, **kwargs)

        return update_wrapper(checked, value)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # jinja2's signature
        for arg in (*args, *kwargs.values()):
            if _size(arg) > MAX_VALUE:
                raise _too_big("an argument")
        return super().call(__context, __obj, *args, **kwargs)


def _bounded_finalize(finalize: Callable[[Any], str]) -> Callable[[Any], str]:
    """Every ``{{ expression }}``: measured before it becomes text, and counted against MAX_EXPRESSIONS."""

    def bounded(value: Any) -> str:
        _check_measure("the text of an expression", value)
        text = finalize(value)
        spent = _EXPRESSIONS.get(None)
        if spent is not None:
            # Printed or captured in a block or macro: captured text is kept until the block ends.
            spent[0] += len(text)
            if spent[0] > MAX_EXPRESSIONS:
                raise _Refused(f"the template's expressions produced more than {MAX_EXPRESSIONS:,} characters")
        return text

    return bounded


class _FolderLoader(jinja2.FileSystemLoader):
    """
    Templates only from inside the template folders, only from regular files of at most MAX_TEMPLATE_BYTES.

    Jinja2 already refuses ``..`` in names; a symbolic link inside a folder
    that points outside it is refused here, since ``followlinks`` covers only
    listing. A FIFO, device or folder in a template's place is refused at once
    (Jinja2 would pass over it to the bundled template of the same name).
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            # posixpath, as Jinja2 does: no drive or UNC segment can leave the folder.
            filename = posixpath.join(folder, *pieces)
            if os.path.lexists(filename):
                break
        else:
            # Jinja2's own message lists the search paths: folder names are not for error messages.
            raise jinja2.TemplateNotFound(template)
        real = os.path.realpath(filename)
        roots = [os.path.realpath(folder) for folder in self.searchpath]
        if not any(os.path.commonpath([real, root]) == root for root in roots):
            raise jinja2.TemplateNotFound(
                template, f"template {template!r} is a link to a file outside the template folder; copy the file in instead"
            )
        try:
            data = read_regular_file(filename, MAX_TEMPLATE_BYTES)
        except RefusedFile as err:
            reason = f"is larger than {MAX_TEMPLATE_BYTES:,} bytes" if err.too_large else f"is {NOT_REGULAR}"
            raise jinja2.TemplateNotFound(template, f"template {template!r} {reason}") from None
        except OSError as err:
            raise jinja2.TemplateNotFound(template, f"template {template!r} cannot be read ({(err.strerror or type(err).__name__).lower()})") from None
        try:
            source = data.decode(self.encoding)
        except UnicodeDecodeError as err:
            raise jinja2.TemplateNotFound(template, f"template {template!r} is not valid UTF-8 (byte {err.start})") from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, os.path.normpath(filename), uptodate


_ENVIRONMENTS: dict[tuple[tuple[str, ...], Callable[[Any], str]], _Environment] = {}


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """
    The bundled templates' compiled code, kept between processes: compiling them is a tenth of a fresh `tipreports example`.

    In Jinja2's per-user cache folder (created 0700, refused unless it is the
    user's own), under a name that holds a fingerprint of everything that
    shapes the code besides the template's text (which Jinja2 checks itself):
    Jinja2's version, this module's source (the sandbox's code generator),
    the environment's options and the finalize function. A folder that cannot
    be read or written only means compiling again.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # a full or read-only disk: the next process compiles again
            super().dump_bytecode(bucket)


def _bytecode_cache(env: _Environment, finalize: Callable[[Any], str]) -> jinja2.BytecodeCache | None:
    import hashlib

    options = (
        jinja2.__version__, env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        sorted(env.extensions), f"{finalize.__module__}.{finalize.__qualname__}", type(env).__qualname__,
    )  # fmt: skip
    try:
        source = Path(__file__).read_bytes()
        folder = jinja2.FileSystemBytecodeCache().directory
    except (OSError, RuntimeError):  # no safe folder of the user's own: compile in memory
        return None
    fingerprint = hashlib.sha256(repr(options).encode() + source).hexdigest()[:16]
    return _BytecodeCache(folder, f"tipreports-{fingerprint}-%s.cache")


def environment(dirs: Sequence[str], finalize: Callable[[Any], str]) -> _Environment:
    """
    The sandbox for templates in ``dirs``, with ``finalize`` applied to every ``{{ expression }}``.

    One per folder list, kept: Jinja2 caches compiled templates in its environment.
    """
    key = (tuple(dirs), finalize)
    env = _ENVIRONMENTS.get(key)
    if env is None:
        env = _Environment(
            loader=_FolderLoader(list(dirs)),
            undefined=jinja2.StrictUndefined,
            finalize=_bounded_finalize(finalize),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=True,  # a user editing a template in a notebook sees the change at once
        )
        env.filters.update(_bounded_filters(env.filters))
        for name in _REMOVED_FILTERS:
            del env.filters[name]
        env.concat = bounded_join  # type: ignore[method-assign]  # jinja2's documented hook for joining output
        env.globals["range"] = safe_range
        env.globals["namespace"] = _Namespace
        del env.globals["lipsum"]
        if list(dirs) == template_dirs(None):
            # Only the bundled templates: a user's folder is compiled in its own process each time.
            env.bytecode_cache = _bytecode_cache(env, finalize)
        _ENVIRONMENTS[key] = env
    return env


def _template_location(exc: BaseException) -> str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{Path(frame.filename).name}, line {frame.lineno}"
    return "template"


class _Watchdog:
    """
    One daemon thread per process that stops renders running past their deadline.

    Starting a thread per render (a ``threading.Timer``) cost about half a
    millisecond, a sixth of a template's time; registering a deadline here
    costs a lock. The thread sleeps until the earliest deadline it knows of
    and is woken only when a new one is earlier; it starts with the first
    render, and again in a forked child (the parent's thread is not there).
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.due: dict[int, tuple[float, int]] = {}  # token → (monotonic deadline, thread id)
        self.wake = float("inf")  # when the thread will next look, if nothing wakes it sooner
        self.thread: threading.Thread | None = None
        self.tokens = itertools.count()

    def add(self, seconds: float) -> int:
        with self.condition:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="tipreports-template-deadline", daemon=True)
                self.thread.start()
            token = next(self.tokens)
            due = time.monotonic() + seconds
            self.due[token] = (due, threading.get_ident())
            if due < self.wake:
                self.condition.notify()
            return token

    def remove(self, token: int) -> None:
        with self.condition:
            self.due.pop(token, None)

    def _run(self) -> None:
        with self.condition:
            while True:
                now = time.monotonic()
                for token, (due, thread_id) in list(self.due.items()):
                    if due <= now:
                        # Under the lock: a render that has left its deadline is never stopped.
                        del self.due[token]
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(_Timeout))
                self.wake = min((due for due, _ in self.due.values()), default=float("inf"))
                self.condition.wait(None if self.wake == float("inf") else self.wake - now)


_WATCHDOG = _Watchdog()


def _after_fork() -> None:
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_after_fork)


class _Deadline:
    """
    Stops the calling thread with :class:`_Timeout` after ``seconds``.

    A template can loop without producing output or calling anything, so the
    check cannot live in the output loop alone: the watchdog thread raises the
    exception asynchronously in the rendering thread (CPython checks for it
    between bytecodes). Every C-level step is bounded separately by the
    sandbox's size checks, so the thread reaches a bytecode soon.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.token = -1

    def __enter__(self) -> _Deadline:
        self.token = _WATCHDOG.add(self.seconds)
        return self

    def __exit__(self, *exc: object) -> None:
        _WATCHDOG.remove(self.token)


def render_template(env: _Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name`` with ``context``, within the limits; every failure is a :class:`TemplateError`."""
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
    spent = _EXPRESSIONS.set([0])
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
    finally:
        _EXPRESSIONS.reset(spent)
    return "".join(chunks)


def _not_found(name: str | None, err: jinja2.TemplateNotFound) -> str:
    missing = err.name if err.name is not None else name
    if err.message and err.message != missing:
        return err.message
    where = "the template folders" if name is not None else "the template folder"
    return f"template {missing!r} not found in {where}; templates can include only files inside their folder"


