"""
The process a user's template runs in: limit itself, read one request, answer in JSON.

Started by :func:`._isolated.render_isolated` as ``python -I -c ...``; see there.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import sys
from typing import Any

from ..errors import TemplateError
from . import _sandbox
from ._isolated import MAX_MEMORY, OUT_OF_MEMORY
from ._products import render_product

__all__ = ["main"]


def _limit_self(seconds: float) -> None:
    """Limit this process's address space (Linux) and processor time (POSIX) before reading any work."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall-clock limit is all there is
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: other systems do not enforce RLIMIT_AS
    resource.setrlimit(resource.RLIMIT_AS, (size + MAX_MEMORY, size + MAX_MEMORY))


def main() -> None:
    """The child: read one request from stdin, write one JSON answer to stdout."""
    request = sys.stdin.buffer.read()
    work = pickle.loads(request)  # written by the parent that started this process
    limits: dict[str, Any] = work["limits"]
    _limit_self(float(limits["MAX_SECONDS"]))
    for name, value in limits.items():
        setattr(_sandbox, name, value)
    try:
        answer = {"text": render_product(work["dirs"], work["template"], work["briefing"], work["names"])}
    except TemplateError as err:
        answer = {"error": str(err)}
    except MemoryError:
        sys.exit(OUT_OF_MEMORY)
    try:
        sys.stdout.write(json.dumps(answer))
        sys.stdout.flush()
    except MemoryError:
        sys.exit(OUT_OF_MEMORY)
