"""
ReportLab's global settings, held at its own defaults while tipreports draws a PDF.

ReportLab reads settings from ``reportlab_settings.py`` (anywhere on
``sys.path``, the working folder included when Python was started with
``-c``, ``-m`` or a script there), ``~/.reportlab_settings`` and ``RL_*``
environment variables. Every style and canvas option the writer uses is set
explicitly (:mod:`._styles`, :mod:`._chrome`); the few that ReportLab reads
only from its globals while it writes a file (stream encodings, comments,
TrueType subsets, standard-font embedding, the first line's offset of a
paragraph) are set to ReportLab's defaults here for the duration of a
rendering, and put back afterwards. The code in those files runs when
ReportLab is first imported: that, tipreports cannot prevent (SECURITY.md).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import reportlab.platypus.paragraph as _paragraph
from reportlab import rl_config
from reportlab.pdfbase import _fontdata

__all__ = ["reportlab_defaults"]

#: rl_config values read while a file is written, at ReportLab's defaults (reportlab/rl_settings.py).
_RL_CONFIG: dict[str, Any] = {"useA85": 1, "pdfComments": 0, "ttfAsciiReadable": 1, "pdfMultiLine": 0, "wrapA85": 0}

_lock = threading.Lock()
_users = 0
_saved: dict[str, Any] = {}


def _pin() -> None:
    _saved.update({name: getattr(rl_config, name) for name in _RL_CONFIG})
    _saved["paraFontSizeHeightOffset"] = _paragraph.paraFontSizeHeightOffset
    _saved["std14Embed"] = _fontdata.standardFonts.__embed__
    for name, value in _RL_CONFIG.items():
        setattr(rl_config, name, value)
    # Bound when ReportLab was imported: the paragraph module's copy, and the standard fonts' flag.
    _paragraph.paraFontSizeHeightOffset = 1
    _fontdata.standardFonts.__embed__ = False


def _unpin() -> None:
    for name in _RL_CONFIG:
        setattr(rl_config, name, _saved[name])
    _paragraph.paraFontSizeHeightOffset = _saved["paraFontSizeHeightOffset"]
    _fontdata.standardFonts.__embed__ = _saved["std14Embed"]
    _saved.clear()


@contextlib.contextmanager
def reportlab_defaults() -> Iterator[None]:
    """Hold ReportLab's output settings at its defaults while the block runs (renderings in threads share one hold)."""
    global _users
    with _lock:
        if _users == 0:
            _pin()
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                _unpin()
