"""
What a field means to the person who writes it, kept on the field itself.

``field(..., metadata=about("..."))`` puts a description (and, optionally, an
example) in the attrs field's metadata, where the input schema
(``tipreports schema``), the field reference in the documentation and editors
read it. Descriptions are for people writing a briefing, not for programmers.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DESCRIPTION", "EXAMPLE", "REQUIRED", "about"]

#: The metadata key of a field's description.
DESCRIPTION = "description"
#: The metadata key of an example value, as it is written in YAML or JSON.
EXAMPLE = "example"
#: The metadata key of a field that must be given although it has a default: the default (None) is there
#: so that its validator, not a bare "required field missing", says what to write.
REQUIRED = "required"


def about(description: str, *, example: Any = None, required: bool = False) -> dict[str, Any]:
    """
    Field metadata: what the field is for, and an example when the bundled example has none.

    ``required=True`` marks a field with a default that its validator refuses,
    so that the schema and the field reference list it as required.
    """
    meta: dict[str, Any] = {DESCRIPTION: description}
    if example is not None:
        meta[EXAMPLE] = example
    if required:
        meta[REQUIRED] = True
    return meta
