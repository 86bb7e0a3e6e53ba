"""tr.load reads text and binary streams, YAML by default or JSON when told, with the file limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.load import MAX_BYTES

EXAMPLE = Path(__file__).parent.parent / "examples" / "thailand_2025.yaml"


def test_text_and_binary_streams_load_like_the_file() -> None:
    """A text stream and a binary stream of the example give the same briefing as its path."""
    expected = tr.load(EXAMPLE)
    with EXAMPLE.open(encoding="utf-8") as text:
        assert tr.load(text) == expected
    with EXAMPLE.open("rb") as binary:
        assert tr.load(binary) == expected
    assert tr.load(io.StringIO(EXAMPLE.read_text(encoding="utf-8"))) == expected


def test_json_stream_when_told() -> None:
    """format='json' reads the stream as JSON; without it, the same stream is read as YAML."""
    expected = tr.load(EXAMPLE)
    text = tr.dump(expected, format="json")
    assert tr.load(io.StringIO(text), format="json") == expected
    assert tr.load(io.BytesIO(text.encode("utf-8")), format="json") == expected


def test_stream_errors_name_the_stream() -> None:
    """Problems in a stream name '<stream>' where a file's name would be, with the line."""
    with pytest.raises(tr.InputError) as info:
        tr.load(io.StringIO("title: T\ndate: 2025-10-15\nprepared_by: FC\nmarking: TLP:PURPLE\n"))
    (p,) = info.value.problems
    assert (p.path, p.line, p.source) == ("marking", 4, "<stream>")
    assert str(p).endswith("(<stream>, line 4)")


def test_invalid_utf8_in_a_binary_stream() -> None:
    """Bytes that are not UTF-8 are refused with the offset, naming the stream."""
    with pytest.raises(tr.InputError) as info:
        tr.load(io.BytesIO(b"title: caf\xe9\n"))
    assert str(info.value) == "not valid UTF-8: byte 0xE9 at offset 10; save the file as UTF-8 (<stream>, line 1)"


class CountingStream(io.RawIOBase):
    """An endless binary stream that counts what is read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        buffer[:] = b"#" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_endless_binary_stream_is_read_only_past_the_limit() -> None:
    """An endless stream is refused after reading at most MAX_BYTES + 1 bytes."""
    stream = io.BufferedReader(CountingStream())
    with pytest.raises(tr.InputError) as info:
        tr.load(stream)
    assert str(info.value).startswith(f"the input is too large: more than {MAX_BYTES:,} bytes")
    assert "<stream>" in str(info.value)
    assert stream.raw.given <= MAX_BYTES + 1 + io.DEFAULT_BUFFER_SIZE  # type: ignore[attr-defined]


def test_large_text_stream_is_refused() -> None:
    """A text stream longer than the limit is refused like a file."""
    with pytest.raises(tr.InputError) as info:
        tr.load(io.StringIO("#" * (MAX_BYTES + 10)))
    assert "too large" in str(info.value) and "<stream>" in str(info.value)


def test_unknown_format_is_refused() -> None:
    """format= takes 'yaml' or 'json' only."""
    with pytest.raises(ValueError, match="unknown format 'toml'"):
        tr.load(io.StringIO("title: T"), format="toml")  # type: ignore[arg-type]


def test_format_overrides_an_unknown_suffix(tmp_path: Path) -> None:
    """A file whose suffix says nothing is read in the format given."""
    path = tmp_path / "briefing.txt"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert tr.load(path, format="yaml") == tr.load(EXAMPLE)
