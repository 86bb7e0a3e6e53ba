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
``changes``, ``say_changes``, ``cite_previous(item)``, ``sources``
    with a previous edition (``previous=``): what changed (:class:`~tipreports.model.Changes`,
    both editions filtered for the audience), its sentences in the briefing's language, the
    source number of an item of the previous edition, and the sources numbered (see
    :mod:`._changes`). Without one, ``changes`` is none.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from .. import i18n
from ..document import Document, Metadata, TierChart
from ..errors import InputError, TemplateError
from ..model import Briefing, Changes, Marking, Tier, TierHistory, TIPAssessment, compare, for_audience
from ..theme import DEFAULT_THEME, Theme
from ._changes import with_changes
from ._markdown import Charts, markdown_escape, parse_markdown
from ._sandbox import environment, render_template, template_dirs

__all__ = ["PRODUCTS", "Product", "compose", "tier_history_alt"]

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
    #: Two editions of one country's assessment side by side: needs ``previous=``.
    "comparison": Product(name="comparison", template="comparison.md.j2", one_page=True, default_format="pdf"),
}


#: What a product does with the sources of the previous edition's items: the note quotes those items and
#: adds their sources to its list; the comparison lists only the sources its page cites; the one-pager
#: (a line of counts under the badge) quotes none.
_PREVIOUS_SOURCES = {"briefing-note": "added", "comparison": "cited"}


def compose(
    briefing: Briefing,
    product: str = "briefing-note",
    *,
    audience: Marking | str | None = None,
    theme: Theme | None = None,
    template_dir: str | os.PathLike[str] | None = None,
    previous: Briefing | TIPAssessment | None = None,
) -> Document:
    """
    Compose ``briefing`` as ``product`` for ``audience`` into a :class:`Document`.

    Items marked above the audience are left out before the template sees the
    briefing; ``Document.withheld`` counts them and ``Document.marking`` is the
    highest marking of what remains. With ``previous`` (an earlier edition of
    the same country's assessment) the template also gets what changed,
    compared as the audience may see both (:func:`~tipreports.model.compare`);
    the ``comparison`` product needs it.
    """
    spec = PRODUCTS.get(product)
    if spec is None:
        raise TemplateError(f"unknown product {product!r}; expected one of " + ", ".join(repr(name) for name in PRODUCTS))
    if spec.name == "comparison" and previous is None:
        raise InputError.single("previous", "the 'comparison' product compares two editions: give the earlier one (previous=...)")
    theme = theme or DEFAULT_THEME
    changes = None if previous is None else compare(previous, briefing, audience=audience)
    visible, withheld = for_audience(briefing, audience if changes is None else changes.audience)
    extra: dict[str, Any] = {"changes": None}
    if changes is not None and previous is not None:
        visible, withheld, extra = with_changes(visible, withheld, previous, changes, sources=_PREVIOUS_SOURCES.get(spec.name, "none"))
    organisation = theme.organisation or visible.prepared_by.name
    date_text = i18n.format_date(visible.date, visible.language)
    charts = _charts(visible)
    context = {
        **_vocabulary(visible),
        **extra,
        "charts": sorted(charts),
        "product": spec.name,
        "marking": withheld.marking.label,
        "organisation": organisation,
        "date_text": date_text,
    }
    text = render_template(environment(template_dirs(template_dir), finalize=markdown_escape), spec.template, context)
    title, subtitle = visible.title, visible.subtitle
    if spec.name == "comparison" and changes is not None:
        title, subtitle = extra["say_changes"].comparison_title(changes), extra["say_changes"].comparison_subtitle(changes)
    return Document(
        product=spec.name,
        title=title,
        subtitle=subtitle,
        marking=withheld.marking,
        metadata=_metadata(visible, spec, title=title, changes=changes),
        blocks=parse_markdown(text, charts),
        withheld=withheld,
        organisation=organisation,
        date_text=date_text,
        one_page=spec.one_page,
    )


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


def _metadata(briefing: Briefing, product: Product, *, title: str | None = None, changes: Changes | None = None) -> Metadata:
    keywords: list[str] = ["human trafficking"]
    subject_parts: list[str] = []
    if product.name == "comparison" and changes is not None:
        country = changes.country.name
        years = f"{changes.previous_year} and {changes.current_year} TIP Reports"
        return Metadata(
            title=title or briefing.title,
            subject=f"Comparison: {country}, {years}",
            author=briefing.prepared_by.name,
            keywords=("human trafficking", f"{changes.previous_year} TIP Report", f"{changes.current_year} TIP Report", country),
            date=briefing.date,
            language=briefing.language,
        )
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
