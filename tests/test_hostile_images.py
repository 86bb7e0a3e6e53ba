"""Hostile images (the theme's logo): format allow-list, pixel and byte limits, bombs, metadata stripped."""

from __future__ import annotations

import io
import os
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, PngImagePlugin

from tipreports.api import build
from tipreports.errors import InputError
from tipreports.load import load
from tipreports.render import _images
from tipreports.render._images import MAX_PIXELS, Logo, load_logo
from tipreports.theme import Theme

SECRET = "CANARY-7f3a-logo-metadata"


def _png(path: Path, size: tuple[int, int] = (40, 20), mode: str = "RGB", **save: object) -> Path:
    Image.new(mode, size, "red" if mode != "1" else 1).save(path, format="PNG", **save)
    return path


def _error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_logo(path)
    (problem,) = caught.value.problems
    assert problem.path == "theme.logo"
    assert str(path.parent) not in str(caught.value)  # the folder is never in the message
    return problem.message


def test_png_is_re_encoded_without_metadata(tmp_path: Path) -> None:
    """Text chunks, ICC profiles and trailing bytes do not survive; the pixels do."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("Comment", SECRET)
    path = _png(tmp_path / "logo.png", pnginfo=info, icc_profile=b"\0" * 128 + SECRET.encode())
    path.write_bytes(path.read_bytes() + SECRET.encode())
    logo = load_logo(path)
    assert (logo.width_px, logo.height_px) == (40, 20)
    assert SECRET.encode() not in logo.png
    with Image.open(io.BytesIO(logo.png)) as again:
        assert again.format == "PNG"
        assert again.getpixel((0, 0)) == (255, 0, 0)
        assert set(again.info) <= {"dpi"}


def test_jpeg_exif_and_comment_are_dropped_and_orientation_applied(tmp_path: Path) -> None:
    """EXIF (artist, orientation) and the JPEG comment go; a rotated photo stays upright."""
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    path = tmp_path / "logo.jpg"
    Image.new("RGB", (40, 20), "blue").save(path, format="JPEG", exif=exif, comment=SECRET.encode())
    assert SECRET.encode() in path.read_bytes()
    logo = load_logo(path)
    assert SECRET.encode() not in logo.png
    assert (logo.width_px, logo.height_px) == (20, 40)


def test_transparency_is_kept(tmp_path: Path) -> None:
    """A logo with an alpha channel stays transparent."""
    path = _png(tmp_path / "logo.png", mode="RGBA")
    with Image.open(io.BytesIO(load_logo(path).png)) as again:
        assert again.mode == "RGBA"


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("GIF", ".png"), ("BMP", ".png"), ("TIFF", ".jpg"), ("WEBP", ".png"), ("ICO", ".png"), ("PPM", ".png")],
)
def test_formats_outside_the_allow_list_are_refused_whatever_the_name(tmp_path: Path, fmt: str, suffix: str) -> None:
    """Only PNG and JPEG, checked by content: a GIF named logo.png is refused."""
    path = tmp_path / f"logo{suffix}"
    Image.new("RGB", (16, 16)).save(path, format=fmt)
    assert _error(path) == "expected a PNG or JPEG file (checked by its content, not its name)"


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
        b"%PDF-1.4\n",
        b"",
        b"\x89PNG",  # a signature cut short
    ],
)
def test_other_content_is_refused(tmp_path: Path, content: bytes) -> None:
    """SVG, PDF, empty and truncated signatures are not images."""
    path = tmp_path / "logo.png"
    path.write_bytes(content)
    assert _error(path) == "expected a PNG or JPEG file (checked by its content, not its name)"


def test_too_many_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    """A 5000 x 5000 one-bit PNG (a few kB) is refused from its header, at once."""
    path = _png(tmp_path / "bomb.png", size=(5000, 5000), mode="1")
    assert path.stat().st_size < 100_000
    assert _error(path) == f"the logo is 5000 x 5000 pixels; at most {MAX_PIXELS:,} pixels allowed"


def test_decompression_bomb_warning_is_an_error_and_the_global_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pillow's bomb warning becomes an error; Image.MAX_IMAGE_PIXELS and warning filters stay as they were."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # as an application might set it; restored after the test
    filters_before = list(warnings.filters)
    path = _png(tmp_path / "logo.png", size=(40, 40))
    assert _error(path) == "the image looks like a decompression bomb (far more pixels than its file size suggests)"
    assert Image.MAX_IMAGE_PIXELS == 1000
    assert warnings.filters == filters_before


def test_pillow_global_limit_is_not_changed_by_loading(tmp_path: Path) -> None:
    """Loading a logo never writes Pillow's process-wide limit."""
    before = Image.MAX_IMAGE_PIXELS
    load_logo(_png(tmp_path / "logo.png"))
    assert before == Image.MAX_IMAGE_PIXELS


def test_damaged_png_is_refused_without_the_path(tmp_path: Path) -> None:
    """A PNG cut in the middle of its pixel data fails as a damaged image."""
    path = _png(tmp_path / "logo.png", size=(200, 200), mode="RGB", compress_level=0)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _error(path) == "cannot read the logo as a PNG image (OSError)"


def test_damaged_jpeg_is_refused(tmp_path: Path) -> None:
    """A JPEG with garbage after its header fails as a damaged image."""
    path = tmp_path / "logo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(64))
    assert _error(path).startswith("cannot read the logo as a JPEG image (")


def test_missing_file_folder_and_fifo(tmp_path: Path) -> None:
    """Missing files, folders and FIFOs are named by file name only, and a FIFO does not hang."""
    assert _error(tmp_path / "nope.png") == "the logo file 'nope.png' does not exist"
    (tmp_path / "dir.png").mkdir()
    assert _error(tmp_path / "dir.png") == "'dir.png' is not a regular file"
    os.mkfifo(tmp_path / "pipe.png")
    started = time.perf_counter()
    assert _error(tmp_path / "pipe.png") == "'pipe.png' is not a regular file"
    assert time.perf_counter() - started < 5  # opening a FIFO without O_NONBLOCK would wait for a writer forever


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file above MAX_BYTES is refused without reading it all."""
    monkeypatch.setattr(_images, "MAX_BYTES", 1024)
    path = _png(tmp_path / "logo.png", size=(64, 64), compress_level=0)
    assert path.stat().st_size > 1024
    assert _error(path) == "the logo file is larger than 1,024 bytes"


def test_logo_is_a_frozen_value(tmp_path: Path) -> None:
    """load_logo returns a Logo holding PNG bytes and the size."""
    logo = load_logo(_png(tmp_path / "logo.png"))
    assert isinstance(logo, Logo)
    assert logo.png.startswith(b"\x89PNG\r\n\x1a\n")


# -- through the writers ---------------------------------------------------------------------------


@pytest.fixture
def example() -> object:
    return load(Path(__file__).resolve().parent.parent / "tipreports" / "examples" / "thailand_2025.yaml")


def test_pdf_logo_metadata_does_not_reach_the_pdf(example: object, tmp_path: Path) -> None:
    """A logo's text chunks are not embedded in the PDF."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    path = _png(tmp_path / "logo.png", pnginfo=info)
    rendered = build(example, "one-pager", "pdf", theme=Theme(logo=path))  # type: ignore[arg-type]  # a Briefing
    assert isinstance(rendered.data, bytes)
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(rendered.data))
    resources: Any = reader.pages[0]["/Resources"]
    streams = [obj.get_object().get_data() for obj in resources["/XObject"].values()]
    assert streams, "the logo is embedded"
    assert all(SECRET.encode() not in s for s in streams)
    assert SECRET.encode() not in rendered.data


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_gif_logo_fails_the_render_naming_theme_logo(example: object, tmp_path: Path, fmt: str) -> None:
    """Every writer that embeds the logo refuses a GIF, naming theme.logo."""
    path = tmp_path / "logo.png"
    Image.new("RGB", (16, 16)).save(path, format="GIF")
    with pytest.raises(InputError) as caught:
        build(example, None, fmt, theme=Theme(logo=path))  # type: ignore[arg-type]  # a Briefing
    assert [p.path for p in caught.value.problems] == ["theme.logo"]


def test_pdf_logo_bomb_is_an_input_error(example: object, tmp_path: Path) -> None:
    """A logo beyond Pillow's own bomb limit is an InputError in the PDF writer, not a raw Pillow error."""
    path = _png(tmp_path / "bomb.png", size=(14000, 14000), mode="1")  # 196 Mpx: Pillow raises DecompressionBombError
    with pytest.raises(InputError) as caught:
        build(example, "one-pager", "pdf", theme=Theme(logo=path))  # type: ignore[arg-type]  # a Briefing
    assert [p.path for p in caught.value.problems] == ["theme.logo"]
