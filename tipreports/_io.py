"""
Safe files: input read only from regular files within a size limit; output rendered fully in memory,
then written to a temporary file beside the target and renamed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError, OutputError, Problem

__all__ = ["NOT_REGULAR", "RefusedFile", "check_target", "read_regular_file", "write_atomic"]

#: Why a FIFO, device, socket or folder is refused (the file's name follows in the error).
NOT_REGULAR = "not a regular file (a folder, FIFO or device)"


class RefusedFile(InputError):
    """A file :func:`read_regular_file` refused; ``too_large`` tells the two reasons apart for callers that word them."""

    def __init__(self, message: str, source: str, *, too_large: bool) -> None:
        super().__init__([Problem(path="", message=message, source=source)])
        self.too_large = too_large


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """
    The bytes of the regular file at ``path``, at most ``limit`` of them.

    A FIFO, device, socket or folder is refused at once with a
    :class:`RefusedFile`, an :class:`~tipreports.errors.InputError` (the file opened without blocking,
    then checked with ``fstat``), as is a file larger than ``limit`` bytes, by
    its size before reading and by what it holds while reading (a file may
    grow). Each error names the file by its name, never its folder. A missing
    or unreadable file raises the ``OSError`` that ``open`` raises.
    """
    name = Path(os.fspath(path)).name[:100]
    # O_NONBLOCK: opening a FIFO for reading would wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(NOT_REGULAR, name, too_large=False)
        too_big = f"the file is too large: {{:,}} bytes; at most {limit:,} allowed"
        if info.st_size > limit:
            raise RefusedFile(too_big.format(info.st_size), name, too_large=True)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise RefusedFile(too_big.format(size), name, too_large=True)
    return b"".join(chunks)


def _read_umask() -> int:
    # os.umask can only be read by setting it: do it once, at import, before any thread exists.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _exists(target: Path) -> OutputError:
    return OutputError(f"{str(target)!r} already exists; pass overwrite=True (--overwrite) to replace it")


def check_target(target: Path, *, overwrite: bool) -> None:
    """Refuse early (before any rendering) to replace an existing file without ``overwrite``."""
    if target.exists() and not overwrite and not target.is_symlink():
        raise _exists(target)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, overwrite: bool = False) -> Path:
    """
    Write ``data`` to ``path`` all at once, or not at all.

    The data goes to a temporary file in the same folder, is flushed to disk,
    then renamed over the target. A symbolic link is never written through;
    without ``overwrite`` an existing file is an error, checked atomically.
    On any failure the previous file is untouched and no temporary file remains.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target.name!r}: the folder {str(folder)!r} does not exist")
    if target.is_symlink():
        raise OutputError(f"refusing to write {str(target)!r}: it is a symbolic link")
    if target.exists() and target.is_dir():
        raise OutputError(f"cannot write {str(target)!r}: it is a folder")
    if target.exists() and not overwrite:
        raise _exists(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        if overwrite:
            if target.is_symlink():
                raise OutputError(f"refusing to write {str(target)!r}: it is a symbolic link")
            os.replace(tmp, target)
        else:
            # link() fails if the name exists: no window in which another file could be clobbered.
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise _exists(target) from None
            except OSError:
                # File systems without hard links: fall back to a checked rename.
                if target.exists() or target.is_symlink():
                    raise _exists(target) from None
                os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    return target
