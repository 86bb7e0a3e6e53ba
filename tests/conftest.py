"""Shared fixtures: the bundled example, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thailand_2025.yaml"


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example():  # type: ignore[no-untyped-def]
    import tipreports as tr

    return tr.load(EXAMPLE)
