"""
Compose: Briefing → (Jinja2 template → Markdown dialect → markdown-it-py) → Document.

Three rooms: :mod:`._sandbox` runs a template within limits; :mod:`._markdown`
escapes data for the dialect and reads the dialect into blocks;
:mod:`._products` holds the products and what their templates see.

Every ``{{ expression }}`` is backslash-escaped for Markdown, so data always
reaches the parser as plain text; only the template's own text can make
emphasis, links, lists or containers.
"""

from ._markdown import markdown_escape, parse_markdown
from ._products import PRODUCTS, Product, compose, tier_chart

__all__ = ["PRODUCTS", "Product", "compose", "markdown_escape", "parse_markdown", "tier_chart"]
