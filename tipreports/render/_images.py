"""
Images from the caller (a theme's logo): read once, checked, and re-encoded before any writer embeds them.

Only the path the caller names is read. The bytes must be PNG or JPEG by their
signature (so Pillow's other decoders never see them), within a byte and a
pixel limit; Pillow's decompression-bomb warning is an error; the pixels are
copied into a fresh image and written as PNG, so no metadata (EXIF with GPS
positions or camera owners, XMP, ICC profiles, text chunks, comments) and no
trailing data reaches the document. Pillow's global ``Image.MAX_IMAGE_PIXELS``
is left as the application set it.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

from attrs import frozen

from .._io import RefusedFile, read_regular_file
from ..errors import InputError

__all__ = ["MAX_BYTES", "MAX_PIXELS", "Logo", "load_logo"]

#: Largest logo file read.
MAX_BYTES = 10 * 1024 * 1024
#: Most pixels (width x height) a logo may have: 16 megapixels is far beyond any print use.
MAX_PIXELS = 16_000_000

_FIELD = "theme.logo"
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


@frozen(kw_only=True)
class Logo:
    """A checked logo: PNG bytes without metadata, and its size in pixels."""

    png: bytes
    width_px: int
    height_px: int


def _problem(message: str) -> InputError:
    return InputError.single(_FIELD, message)


def _read(path: Path) -> bytes:
    shown = repr(path.name[:80])
    try:
        return read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise _problem(f"the logo file {shown} does not exist") from None
    except RefusedFile as err:
        raise _problem(f"the logo file is larger than {MAX_BYTES:,} bytes" if err.too_large else f"{shown} is not a regular file") from None
    except OSError as err:
        reason = (err.strerror or type(err).__name__).lower()
        raise _problem(f"cannot read the logo file {shown}: {reason}") from None


def load_logo(path: str | os.PathLike[str]) -> Logo:
    """
    Read, check and re-encode the logo at ``path``.

    Raises :class:`~tipreports.errors.InputError` naming ``theme.logo`` for a
    missing or unreadable file, a format other than PNG or JPEG, more than
    :data:`MAX_PIXELS` pixels, a decompression bomb or a damaged image. Error
    messages name the file, never its folder.
    """
    from PIL import Image, ImageOps

    data = _read(Path(os.fspath(path)))
    kind = next((name for magic, name in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        raise _problem("expected a PNG or JPEG file (checked by its content, not its name)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if width < 1 or height < 1 or width * height > MAX_PIXELS:
                    raise _problem(
                        f"the logo is {width} x {height} pixels; at most {MAX_PIXELS:,} pixels allowed"
                    )
                image.load()
                # Honour the EXIF orientation before the EXIF is dropped, so the logo is not turned.
                upright = ImageOps.exif_transpose(image) or image
                has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
                mode = "RGBA" if has_alpha else "RGB"
                converted = upright.convert(mode)
                # A fresh image from the raw pixels: nothing of the file's info dictionary survives.
                clean = Image.frombytes(mode, converted.size, converted.tobytes())
    except InputError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _problem("the image looks like a decompression bomb (far more pixels than its file size suggests)") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as err:
        # Pillow's messages can carry the file's path: say what kind of damage, not where.
        raise _problem(f"cannot read the logo as a {kind} image ({type(err).__name__})") from None
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=False, compress_level=9)
    return Logo(png=out.getvalue(), width_px=clean.width, height_px=clean.height)
