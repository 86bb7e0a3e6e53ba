"""
Templates from a user's folder, rendered in a process of their own with resource limits.

The sandbox (:mod:`._sandbox`) refuses every operation that could build one
huge value, but a template can still keep many values of allowed size at once,
or spend its time in one long step. So a user's templates run in a child
Python (``python -I``: no environment variables, no user site, no current
folder on ``sys.path``) that limits itself before it reads its work:

* address space (``RLIMIT_AS``, Linux): :data:`MAX_MEMORY` bytes beyond what
  the child uses once it has started;
* processor time (``RLIMIT_CPU``, POSIX): the template's time limit plus a
  second, after which the system stops the child;
* wall-clock time: the parent kills the child :data:`STARTUP_SECONDS` after the
  template's time limit, however it spends it.

The parent sends the briefing (already filtered for its audience) as a pickle
and reads back JSON: the text, or the message of a
:class:`~tipreports.errors.TemplateError`. Bundled templates stay in process.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import TemplateError
from . import _sandbox

__all__ = ["MAX_MEMORY", "OUT_OF_MEMORY", "STARTUP_SECONDS", "render_isolated"]

#: Bytes of address space the template's process may take beyond what it holds once started (Linux).
MAX_MEMORY = 512 * 1024 * 1024
#: Seconds the template's process may take to start, beyond the template's own time limit.
STARTUP_SECONDS = 15.0

_BOOT = "import sys, json; sys.path[:0] = json.loads(sys.argv[1]); from tipreports.compose._worker import main; main()"
_LIMITS = ("MAX_OUTPUT", "MAX_SECONDS", "MAX_VALUE", "MAX_EXPRESSIONS", "MAX_TEMPLATE_BYTES")


def _import_path() -> list[str]:
    # The child imports tipreports and its dependencies from where this process did.
    return [os.path.abspath(entry or os.curdir) for entry in sys.path if isinstance(entry, str)]


def render_isolated(dirs: Sequence[str], template: str, briefing: Any, names: Mapping[str, Any]) -> str:
    """
    The text of ``template``, rendered by :func:`~._products.render_product` in a child process (:mod:`._worker`).

    Raises :class:`~tipreports.errors.TemplateError` with the message the
    template's own failure gave, or saying which limit stopped the process.
    """
    limits = {name: getattr(_sandbox, name) for name in _LIMITS}
    request = pickle.dumps(
        {"limits": limits, "dirs": [os.path.abspath(d) for d in dirs], "template": template, "briefing": briefing, "names": dict(names)},
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    seconds = float(limits["MAX_SECONDS"])
    try:
        child = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, json.dumps(_import_path())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
    except OSError as err:
        raise TemplateError(f"{template}: cannot start a process to render the template ({(err.strerror or type(err).__name__).lower()})") from None
    try:
        out, _ = child.communicate(request, timeout=seconds + STARTUP_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise TemplateError(f"{template}: the template ran for more than {seconds:g} seconds") from None
    except BaseException:
        child.kill()
        child.communicate()
        raise
    return _answer(template, child.returncode, out, seconds)


def _answer(template: str, status: int, out: bytes, seconds: float) -> str:
    try:
        answer = json.loads(out) if out else None
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("text"), str):
        return str(answer["text"])
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        raise TemplateError(str(answer["error"])[:2_000])
    if status == -getattr(signal, "SIGXCPU", -1) or status == -getattr(signal, "SIGKILL", -1):
        raise TemplateError(f"{template}: the template used more than {seconds:g} seconds of processor time")
    if status < 0 or status == OUT_OF_MEMORY:
        raise TemplateError(f"{template}: the template ran out of memory")
    raise TemplateError(f"{template}: the template's process stopped without an answer (exit status {status})")


OUT_OF_MEMORY = 3
