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
``changes``, ``cite_previous(item)``, ``sources``
    with a previous edition (``previous=``): what changed (:class:`~tipreports.model.Changes`,
    both editions filtered for the audience; ``say.changes_…`` says it), the source number
    of an item of the previous edition, and the sources numbered (see :mod:`._changes`).
    Without one, ``changes`` is none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from ..document import ChartLabels, Document, Metadata, TierChart
from ..errors import InputError, TemplateError
from ..model import Briefing, Changes, Designation, Marking, Tier, TIPAssessment, compare, for_audience
from ..model.tier import FIRST_REPORT_YEAR
from ..theme import DEFAULT_THEME, Theme
from ..wording import Phrasebook, phrasebook, problems
from ._changes import with_changes
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
    found = list(problems(visible))
    if found:
        raise InputError(found)
    extra: dict[str, Any] = {"changes": None}
    if changes is not None and previous is not None:
        visible, withheld, extra = with_changes(visible, withheld, previous, changes, sources=_PREVIOUS_SOURCES.get(spec.name, "none"))
    say = phrasebook(visible.language)
    organisation = theme.organisation or visible.prepared_by.name
    date_text = say.date(visible.date)
    charts = _charts(visible, say)
    names = {
        **extra,
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
    title, subtitle = visible.title, visible.subtitle
    metadata = _metadata(visible, spec, say)
    if spec.name == "comparison" and changes is not None:
        title, subtitle = say.changes_title(changes), say.changes_subtitle(changes)
        metadata = _comparison_metadata(visible, changes, say, title)
    return Document(
        product=spec.name,
        title=title,
        subtitle=subtitle,
        marking=withheld.marking,
        metadata=metadata,
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
        moves=tuple((move.year, say.chart_move(move)) for move in history.story_moves()),
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


def _comparison_metadata(briefing: Briefing, changes: Changes, say: Phrasebook, title: str) -> Metadata:
    return Metadata(
        title=title,
        subject=say.changes_metadata_subject(changes),
        author=briefing.prepared_by.name,
        keywords=say.changes_metadata_keywords(changes),
        date=briefing.date,
        language=briefing.language,
    )
