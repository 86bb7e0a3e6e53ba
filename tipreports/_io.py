"""Safe output: render fully in memory, then write a temporary file beside the target and rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["check_target", "write_atomic"]


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
