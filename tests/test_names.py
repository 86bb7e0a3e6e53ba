"""Output file names: safe slugs, names from the country and year, never two alike, always inside the folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tipreports as tr
from tipreports._names import inside, output_name, slug, unique_name


def _small(title: str) -> tr.Briefing:
    return tr.load({"title": title, "date": "2025-03-01", "prepared_by": "Org", "marking": "TLP:CLEAR", "key_messages": ["A message."]})


def test_slug_examples() -> None:
    """Slugs are ASCII [a-z0-9-], readable, and never empty."""
    assert slug("Côte d'Ivoire: 2015") == "cote-d-ivoire-2015"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("ประเทศไทย") == "briefing"
    assert len(slug("a" * 500)) == 60


@given(st.text(max_size=300))
def test_any_text_gives_a_safe_slug(text: str) -> None:
    """Any text becomes a bounded slug of [a-z0-9] words joined by single hyphens."""
    made = slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", made)
    assert len(made) <= 60


def test_output_name_uses_country_and_year(example: tr.Briefing) -> None:
    """A briefing with an assessment is named after its country and report year, else its title and date."""
    assert output_name(example) == "thailand-2025"
    assert output_name(_small("Mekong: regional note")) == "mekong-regional-note-2025"


def test_names_never_collide_with_a_numbered_name() -> None:
    """'a', 'a' and 'a-2' get three different file names."""
    used: set[str] = set()
    assert [unique_name(name, used) for name in ["a", "a", "a-2"]] == ["a", "a-2", "a-2-2"]


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "..\\x", "../escape.pdf"])
def test_inside_refuses_what_is_not_a_plain_file_name(tmp_path: Path, name: str) -> None:
    """A name with a separator, or '.' or '..', never becomes a path outside the folder."""
    with pytest.raises(tr.OutputError, match="not a plain file name"):
        inside(tmp_path, name)
    assert inside(tmp_path, "a.pdf") == tmp_path.resolve() / "a.pdf"
