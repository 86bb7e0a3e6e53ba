"""
The exceptions tipreports raises.

One base class, :class:`TipReportsError`; problems with the caller's input also
subclass :class:`ValueError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "FieldError",
    "FitError",
    "GlyphError",
    "InputError",
    "InputWarning",
    "OutputError",
    "Problem",
    "RenderError",
    "StyleWarning",
    "TemplateError",
    "ThaiSupportError",
    "TipReportsError",
    "TipReportsWarning",
]


class TipReportsError(Exception):
    """Base class of every error tipreports raises on purpose."""


class FieldError(TipReportsError, ValueError):
    """
    A validator's complaint about one field, before its path is known.

    ``field`` is relative to the object that raised it (``"text"``,
    ``"progress[2].source"``); the loader prefixes the path of that object.
    ``quiet``, when the message quotes the value, is the same message without
    it: the loader shows that one where the item is marked above TLP:CLEAR.
    """

    def __init__(self, field: str, message: str, *, quiet: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
        self.quiet = quiet


@attrs.frozen(kw_only=True)
class Problem:
    """
    One thing wrong with an input: where, what, and (when known) which line.

    ``quiet`` is the message without anything quoted from the input, shown
    instead of ``message`` where the input is marked above TLP:CLEAR.
    """

    path: str
    message: str
    line: int | None = None
    source: str | None = None
    quiet: str | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        suffix = f" ({', '.join(where)})" if where else ""
        head = f"{self.path}: " if self.path else ""
        return f"{head}{self.message}{suffix}"


class InputError(TipReportsError, ValueError):
    """
    Bad input: every problem found, each with its field path and line.

    ``str(err)`` lists them one per line; ``err.problems`` holds them as
    :class:`Problem` objects.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, path: str, message: str, *, line: int | None = None, source: str | None = None
    ) -> InputError:
        """An error with one problem."""
        return cls([Problem(path=path, message=message, line=line, source=source)])


class TemplateError(TipReportsError, ValueError):
    """A template could not be rendered: names the template, line and cause."""


class FitError(TipReportsError, ValueError):
    """A one-page product does not fit on one page even at the smallest allowed scale."""


class RenderError(TipReportsError):
    """A writer could not lay a document out: past the render's time limit, or a block too large for any page."""


class GlyphError(InputError):
    """Text holds characters the bundled fonts cannot draw."""


class ThaiSupportError(TipReportsError, ImportError):
    """Thai text was to be set in a PDF, but the optional Thai support is not installed: ``pip install "tipreports[thai]"``."""


class OutputError(TipReportsError, OSError):
    """An output file could not be written (exists, is a link, is outside the folder)."""


class TipReportsWarning(UserWarning):
    """Base class of the warnings tipreports gives: something it did, but that you may want to change."""


class StyleWarning(TipReportsWarning):
    """
    A house reference document that lacks some of the styles a note uses: the bundled reference's are used.

    Given through :mod:`warnings` each time the file styles a note; the message
    names the file and the styles. The command line prints it as ``warning: ...``.
    """


class InputWarning(TipReportsWarning):
    """
    Input that was read, but should be written differently: ``TLP:WHITE`` (now ``TLP:CLEAR``).

    Given through :mod:`warnings`; ``warning.problem`` names the field path, line
    and file like an :class:`InputError`'s problems. The command line prints it as
    ``warning: ...`` and still exits 0.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
