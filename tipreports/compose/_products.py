"""
Products: a briefing, filtered for its audience, through a product's template into a :class:`Document`.

The names a template sees (its whole vocabulary):

``briefing``
    the briefing as the audience may see it.
``translation``
    the same briefing in its second language when it is bilingual, else none.
``say``, ``say_translation``
    the phrasebooks (:mod:`tipreports.wording`) of the briefing's language and
    of its translation's (none without one): every word a template writes
    comes from them (``say.label("key_messages")``, ``say.tier_sentence(assessment)``,
    ``say.date(source.date)``). A template places sentences; it never branches on the language.
``language``
    the briefing's language code (``en``, ``th``).
``cite(item)``, ``cite_id(source_id)``
    ``[n]``, the number of an item's source in the source list, or nothing.
``charts``
    the names of the figures this briefing can show (``tier-history``).
``product``, ``marking``, ``organisation``, ``date_text``
    the product's name, the banner's marking, who prepared the document and its date, as the writers print them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from ..document import ChartLabels, Document, Metadata, TierChart
from ..errors import InputError, TemplateError
from ..model import Briefing, Designation, Marking, Tier, TIPAssessment, for_audience
from ..model.tier import FIRST_REPORT_YEAR
from ..theme import DEFAULT_THEME, Theme
from ..wording import Phrasebook, phrasebook, problems
from ._isolated import render_isolated
from ._markdown import Charts, markdown_escape, parse_markdown
from ._sandbox import environment, render_template, template_dirs

__all__ = ["PRODUCTS", "Product", "compose", "render_product", "tier_chart"]


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
    found = list(problems(visible))
    if found:
        raise InputError(found)
    say = phrasebook(visible.language)
    organisation = theme.organisation or visible.prepared_by.name
    date_text = say.date(visible.date)
    charts = _charts(visible, say)
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
        metadata=_metadata(visible, spec, say),
        blocks=parse_markdown(text, charts),
        withheld=withheld,
        organisation=organisation,
        date_text=date_text,
        one_page=spec.one_page,
        page_numbers=say.page_numbers,
    )


def render_product(dirs: Sequence[str], template: str, briefing: Briefing, names: Mapping[str, Any]) -> str:
    """The text of ``template`` from ``dirs`` for ``briefing`` (already filtered for its audience) and the other ``names``."""
    return render_template(environment(dirs, finalize=markdown_escape), template, {**_vocabulary(briefing), **names})


def _vocabulary(briefing: Briefing) -> dict[str, Any]:
    """The briefing, its phrasebooks and the citations a template writes about it."""
    numbers = {source.id: number for number, source in enumerate(briefing.sources, start=1)}

    def cite_id(source_id: str | None) -> str:
        return f"[{numbers[source_id]}]" if source_id in numbers else ""

    def cite(item: Any) -> str:
        return cite_id(getattr(item, "source", None))

    translation = briefing.translation
    return {
        "briefing": briefing,
        "translation": translation,
        "say": phrasebook(briefing.language),
        "say_translation": phrasebook(translation.language) if translation is not None else None,
        "language": briefing.language,
        "cite": cite,
        "cite_id": cite_id,
    }


def tier_chart(assessment: TIPAssessment, say: Phrasebook) -> tuple[TierChart, str]:
    """The tier-history figure of ``assessment`` with its words from ``say``, and its alt text."""
    history = assessment.history
    last = max(assessment.report_year, *history.years)
    labels = ChartLabels(
        tiers=tuple((tier, say.tier_short(tier)) for tier in Tier),
        years=tuple((year, say.year(year)) for year in range(FIRST_REPORT_YEAR, last + 1)),
        waiver=say.chart_waiver(),
        designations=tuple((designation, say.designation(designation)) for designation in Designation),
    )
    chart = TierChart(history=history, highlight=assessment.report_year, country=say.country(assessment.country), labels=labels)
    return chart, say.chart_alt(assessment)


def _charts(briefing: Briefing, say: Phrasebook) -> Charts:
    assessment = briefing.assessment
    if assessment is None or not assessment.history:
        return {}
    return {"tier-history": tier_chart(assessment, say)}


def _metadata(briefing: Briefing, product: Product, say: Phrasebook) -> Metadata:
    return Metadata(
        title=briefing.title,
        subject=say.metadata_subject(briefing, product.name),
        author=briefing.prepared_by.name,
        keywords=say.metadata_keywords(briefing),
        date=briefing.date,
        language=briefing.language,
    )
