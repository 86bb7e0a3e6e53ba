"""Output paths: atomic writes, symbolic links, no overwrite by default, nothing left behind on failure."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tipreports import _io
from tipreports._io import write_atomic
from tipreports.api import save
from tipreports.cli import main
from tipreports.errors import OutputError
from tipreports.load import load

OLD = b"previous version \x00\xff"
NEW = b"new version"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


@pytest.mark.parametrize("target", ["replace", "fsync"])
def test_failure_mid_write_keeps_the_old_file_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """An error in fsync, link or replace leaves the previous file as it was and no temporary file."""
    path = tmp_path / "note.docx"
    path.write_bytes(OLD)

    def boom(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, target, boom)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomic(path, NEW, overwrite=True)
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_link_race_without_overwrite_refuses_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that appears between the check and link() is not clobbered: OutputError, no temporary file."""
    path = tmp_path / "note.docx"
    real_link = os.link

    def appear_then_link(src: str, dst: str) -> None:
        path.write_bytes(OLD)
        real_link(src, dst)

    monkeypatch.setattr(os, "link", appear_then_link)
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(path, NEW)
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_no_hard_links_falls_back_to_a_checked_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On file systems without hard links the file is still written whole, with no temporary file left."""

    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "note.docx", NEW)
    assert (tmp_path / "note.docx").read_bytes() == NEW
    assert _leftovers(tmp_path) == []


def test_failure_when_creating_a_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a previous file, a failed write leaves no file and no temporary file."""

    def boom(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "new.pdf", NEW)
    assert list(tmp_path.iterdir()) == []


def test_interrupt_mid_write_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a KeyboardInterrupt between write and rename leaves the old file and no temporary file."""
    path = tmp_path / "note.docx"
    path.write_bytes(OLD)

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, NEW, overwrite=True)
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_overwrite_false_refuses_and_keeps_the_file(tmp_path: Path) -> None:
    """Without overwrite an existing file is an OutputError and stays untouched."""
    path = tmp_path / "note.docx"
    path.write_bytes(OLD)
    with pytest.raises(OutputError) as caught:
        write_atomic(path, NEW)
    assert str(caught.value) == f"{str(path)!r} already exists; pass overwrite=True (--overwrite) to replace it"
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_overwrite_true_replaces(tmp_path: Path) -> None:
    """With overwrite the new bytes replace the old, with ordinary permissions."""
    path = tmp_path / "note.docx"
    path.write_bytes(OLD)
    write_atomic(path, NEW, overwrite=True)
    assert path.read_bytes() == NEW
    assert path.stat().st_mode & 0o777 == 0o666 & ~_io._UMASK


@pytest.mark.parametrize("overwrite", [False, True])
def test_symbolic_link_target_is_refused(tmp_path: Path, overwrite: bool) -> None:
    """A link at the target name is never written through, with or without overwrite."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(OLD)
    link = tmp_path / "note.docx"
    link.symlink_to(victim)
    with pytest.raises(OutputError) as caught:
        write_atomic(link, NEW, overwrite=overwrite)
    assert str(caught.value) == f"refusing to write {str(link)!r}: it is a symbolic link"
    assert victim.read_bytes() == OLD
    assert link.is_symlink()


def test_dangling_symbolic_link_is_refused(tmp_path: Path) -> None:
    """A link to a file that does not exist yet is refused too (it would create the file elsewhere)."""
    link = tmp_path / "note.docx"
    link.symlink_to(tmp_path / "elsewhere.docx")
    with pytest.raises(OutputError):
        write_atomic(link, NEW)
    assert not (tmp_path / "elsewhere.docx").exists()


def test_link_swapped_in_after_the_check_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rename() replaces a link placed at the name after the checks; it never writes into the link's target."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(OLD)
    path = tmp_path / "note.docx"
    path.write_bytes(b"x")
    real_replace = os.replace

    def swap_then_replace(src: str, dst: str) -> None:
        path.unlink()
        path.symlink_to(victim)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", swap_then_replace)
    # The re-check before replace catches the link, or rename replaces the link itself: never the victim.
    with contextlib.suppress(OutputError):
        write_atomic(path, NEW, overwrite=True)
    assert victim.read_bytes() == OLD


def test_folder_as_target_and_missing_folder(tmp_path: Path) -> None:
    """Writing onto a folder, or into a folder that does not exist, is an OutputError."""
    (tmp_path / "dir.docx").mkdir()
    with pytest.raises(OutputError, match="it is a folder"):
        write_atomic(tmp_path / "dir.docx", NEW, overwrite=True)
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "x.docx", NEW)


def test_save_renders_before_touching_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A render that fails (here: a bad audience) leaves the previous file byte-identical."""
    briefing = load(Path(__file__).resolve().parent.parent / "tipreports" / "examples" / "thailand_2025.yaml")
    path = tmp_path / "note.docx"
    path.write_bytes(OLD)
    with pytest.raises(ValueError):
        save(briefing, path, audience="TLP:PURPLE", overwrite=True)
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_cli_refuses_a_link_in_the_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`tipreports example` with a planted link at an output name does not write through it."""
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(OLD)
    (out / "thailand-2025-briefing-note.docx").symlink_to(victim)
    status = main(["example", "--out", str(out), "--format", "docx", "--overwrite"])
    assert status == 1
    assert victim.read_bytes() == OLD
    assert "error:" in capsys.readouterr().err


def test_cli_link_to_a_sibling_in_the_output_folder_is_refused(tmp_path: Path) -> None:
    """A link at an output name pointing to another file inside --out must not redirect the write there."""
    out = tmp_path / "out"
    out.mkdir()
    sibling = out / "keep.txt"
    sibling.write_bytes(OLD)
    (out / "thailand-2025-briefing-note.docx").symlink_to(sibling)
    main(["example", "--out", str(out), "--format", "docx", "--overwrite"])
    assert sibling.read_bytes() == OLD
