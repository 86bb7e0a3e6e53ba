"""
Products: a briefing, filtered for its audience, through a product's template into a :class:`Document`.

The names a template sees (its whole vocabulary):

``briefing``
    the briefing as the audience may see it.
``translation``
    the same briefing in its second language when it is bilingual, else none.
``language``
    the briefing's language (``en``, ``th``).
``translate(text)``, ``format_date(date)``, ``year(year)``
    fixed wording, dates and years in the briefing's language.
``cite(item)``, ``cite_id(source_id)``
    ``[n]``, the number of an item's source in the source list, or nothing.
``charts``
    the names of the figures this briefing can show (``tier-history``).
``product``, ``marking``, ``organisation``, ``date_text``
    the product's name, the banner's marking, who prepared the document and its date, as the writers print them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from .. import i18n
from ..document import Document, Metadata, TierChart
from ..errors import TemplateError
from ..model import Briefing, Marking, Tier, TierHistory, for_audience
from ..theme import DEFAULT_THEME, Theme
from ._isolated import render_isolated
from ._markdown import Charts, markdown_escape, parse_markdown
from ._sandbox import environment, render_template, template_dirs

__all__ = ["PRODUCTS", "Product", "compose", "render_product", "tier_history_alt"]

#: The output formats. The table of writers in ``render/`` will own this list.


@frozen(kw_only=True)
class Product:
    """A product: a template plus its page rules and default format."""

    name: str
    template: str
    one_page: bool
    #: The writer (a name in ``tipreports.render.WRITERS``) used when none is asked for.
    default_format: str


PRODUCTS: Mapping[str, Product] = {
    "briefing-note": Product(name="briefing-note", template="briefing_note.md.j2", one_page=False, default_format="docx"),
    "one-pager": Product(name="one-pager", template="one_pager.md.j2", one_page=True, default_format="pdf"),
}


def compose(
    briefing: Briefing,
    product: str = "briefing-note",
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
) -> Document:
    """
    Compose ``briefing`` as ``product`` for ``audience`` into a :class:`Document`.

    Items marked above the audience are left out before the template sees the
    briefing; ``Document.withheld`` counts them and ``Document.marking`` is the
    highest marking of what remains.
    """
    spec = PRODUCTS.get(product)
    if spec is None:
        raise TemplateError(f"unknown product {product!r}; expected one of " + ", ".join(repr(name) for name in PRODUCTS))
    theme = theme or DEFAULT_THEME
    visible, withheld = for_audience(briefing, audience)
    organisation = theme.organisation or visible.prepared_by.name
    date_text = i18n.format_date(visible.date, visible.language)
    charts = _charts(visible)
    names = {
        "charts": sorted(charts),
        "product": spec.name,
        "marking": withheld.marking.label,
        "organisation": organisation,
        "date_text": date_text,
    }
    dirs = template_dirs(template_dir)
    if template_dir is None:
        text = render_product(dirs, spec.template, visible, names)
    else:
        # A user's folder may hold anything: its templates run in a process of their own, with limits.
        text = render_isolated(dirs, spec.template, visible, names)
    return Document(
        product=spec.name,
        title=visible.title,
        subtitle=visible.subtitle,
        marking=withheld.marking,
        metadata=_metadata(visible, spec),
        blocks=parse_markdown(text, charts),
        withheld=withheld,
        organisation=organisation,
        date_text=date_text,
        one_page=spec.one_page,
    )


def render_product(dirs: Sequence[str], template: str, briefing: Briefing, names: Mapping[str, Any]) -> str:
    """The text of ``template`` from ``dirs`` for ``briefing`` (already filtered for its audience) and the other ``names``."""
    return render_template(environment(dirs, finalize=markdown_escape), template, {**_vocabulary(briefing), **names})


def _vocabulary(briefing: Briefing) -> dict[str, Any]:
    """The briefing and the words, dates and citations a template writes about it."""
    language = briefing.language
    numbers = {source.id: number for number, source in enumerate(briefing.sources, start=1)}

    def cite_id(source_id: str | None) -> str:
        return f"[{numbers[source_id]}]" if source_id in numbers else ""

    def cite(item: Any) -> str:
        return cite_id(getattr(item, "source", None))

    def translate(text: str) -> str:
        return i18n.translate(text, language)

    def format_date(value: dt.date) -> str:
        return i18n.format_date(value, language)

    def year(value: int) -> int:
        return i18n.year(value, language)

    return {
        "briefing": briefing,
        "translation": briefing.translation,
        "language": language,
        "translate": translate,
        "format_date": format_date,
        "year": year,
        "cite": cite,
        "cite_id": cite_id,
    }


def _charts(briefing: Briefing) -> Charts:
    assessment = briefing.assessment
    if assessment is None or not assessment.history:
        return {}
    history, country = assessment.history, assessment.country.name
    chart = TierChart(history=history, highlight=assessment.report_year, country=country)
    return {"tier-history": (chart, tier_history_alt(history, country, assessment.report_year))}


def _metadata(briefing: Briefing, product: Product) -> Metadata:
    keywords: list[str] = ["human trafficking"]
    subject_parts: list[str] = []
    if briefing.event is not None:
        keywords.append(briefing.event.name)
        subject_parts.append(briefing.event.name)
    if (assessment := briefing.assessment) is not None:
        keywords.extend([f"{assessment.report_year} TIP Report", assessment.country.name, str(assessment.tier)])
        subject_parts.append(f"{assessment.report_year} TIP Report: {assessment.country.name}")
    kind = "Briefing note" if product.name == "briefing-note" else "One-pager"
    subject = f"{kind}: " + "; ".join(subject_parts) if subject_parts else kind
    return Metadata(
        title=briefing.title,
        subject=subject,
        author=briefing.prepared_by.name,
        keywords=tuple(dict.fromkeys(keywords)),
        date=briefing.date,
        language=briefing.language,
    )


def _span(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def tier_history_alt(history: TierHistory, country: str | None = None, highlight: int | None = None) -> str:
    """Alt text for the tier-history chart, generated from the data: every run of years on one tier."""
    if not history:
        return "Tier history: no placements."
    runs: list[tuple[Tier, list[int]]] = []
    for placement in history.placements:
        if runs and runs[-1][0] is placement.tier and runs[-1][1][-1] == placement.year - 1:
            runs[-1][1].append(placement.year)
        else:
            runs.append((placement.tier, [placement.year]))
    first, last = history.placements[0].year, history.placements[-1].year
    who = f"{country}'s" if country else "The"
    parts = "; ".join(f"{tier} in {_span(years)}" for tier, years in runs)
    text = f"Chart of {who} tier placement in each TIP Report from {first} to {last}: {parts}."
    if highlight is not None and (placed := history.get(highlight)) is not None:
        text += f" {highlight} is highlighted ({placed.tier})."
    return text
