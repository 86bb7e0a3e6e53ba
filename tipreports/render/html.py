"""
HTML writer: a standalone page, or the card alone (a fragment), also the notebook preview.

The card is one root ``<div class="tipreports">`` holding a ``<style>`` scoped to it, the
TLP banner at top and bottom, and the blocks. No scripts, no external
resources: the tier chart is inline SVG. Every text is escaped with
:func:`html.escape`; the only links are those of :class:`Run.link`
(``https:``/``mailto:``). The card paints its own background, so it reads the
same in light and dark notebook themes, and follows ``prefers-color-scheme``
where the browser reports a dark scheme.

:func:`write_html` wraps the card in a standalone page (doctype, ``<meta
charset>``, ``<title>``, ``<html lang>``, print rules for the theme's page
size) unless ``fragment=True`` asks for the card alone, which is what a
notebook shows and what embeds in a page of one's own.
"""

from __future__ import annotations

from html import escape
from typing import assert_never

from ..document import (
    Block,
    BulletList,
    Callout,
    Columns,
    Document,
    Figure,
    Heading,
    KeyFacts,
    NumberedList,
    PageBreak,
    Paragraph,
    Runs,
    SourceList,
    Table,
    allowed_link,
)
from ..model import Marking
from ..theme import Theme
from ._base import Output
from ._chart import chart_svg

__all__ = ["card", "page", "write_html"]

#: Size of the tier chart in CSS pixels (the SVG scales down to the card's width).
CHART_WIDTH = 640
CHART_HEIGHT = 190


def _style(theme: Theme) -> str:
    # Theme colours are validated as #RRGGBB and the font family against a fixed list,
    # so they are safe to place in CSS as they are.
    return f"""<style>
.tipreports{{--tr-bg:#ffffff;--tr-ink:{theme.ink};--tr-muted:{theme.muted};--tr-rule:{theme.rule};--tr-tint:{theme.tint};--tr-accent:{theme.accent};
all:initial;display:block;box-sizing:border-box;max-width:52rem;margin:0.5rem 0;padding:0;
background:var(--tr-bg);color:var(--tr-ink);border:1px solid var(--tr-rule);border-radius:6px;overflow:hidden;
font-family:'{theme.font_family}','Helvetica Neue',Arial,sans-serif;font-size:15px;line-height:1.45;text-align:left}}
@media (prefers-color-scheme: dark){{.tipreports{{--tr-bg:#1d2127;--tr-ink:#e6e9ee;--tr-muted:#a7b0bc;--tr-rule:#3a424d;--tr-tint:#262c34;--tr-accent:#8fb8e0}}}}
.tipreports *{{box-sizing:border-box;color:inherit;background:transparent;font-family:inherit;line-height:inherit}}
.tipreports .tr-body{{padding:0.75rem 1.25rem 1rem}}
.tipreports .tr-banner{{display:block;margin:0;padding:0.2rem 1.25rem;background:#000000;font-weight:bold;font-size:13px;letter-spacing:0.04em}}
.tipreports .tr-title{{margin:0.25rem 0 0.1rem;font-size:1.55em;line-height:1.2;color:var(--tr-accent);font-weight:bold}}
.tipreports .tr-subtitle{{margin:0 0 0.2rem;font-style:italic;color:var(--tr-muted)}}
.tipreports .tr-meta{{margin:0 0 0.6rem;font-size:0.87em;color:var(--tr-muted);border-bottom:2px solid var(--tr-accent);padding-bottom:0.4rem}}
.tipreports h2,.tipreports h3,.tipreports h4{{color:var(--tr-accent);font-weight:bold;line-height:1.25;margin:1rem 0 0.35rem}}
.tipreports h2{{font-size:1.22em;border-bottom:1px solid var(--tr-rule);padding-bottom:0.15rem}}
.tipreports h3{{font-size:1.06em}}
.tipreports h4{{font-size:1em;color:var(--tr-ink)}}
.tipreports p{{margin:0 0 0.55rem}}
.tipreports ul,.tipreports ol{{margin:0 0 0.6rem;padding-left:1.5rem}}
.tipreports li{{margin:0 0 0.2rem}}
.tipreports a{{color:var(--tr-accent);text-decoration:underline}}
.tipreports code{{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.92em;background:var(--tr-tint);padding:0 0.2em;border-radius:3px}}
.tipreports .tr-lead{{font-size:1.08em;font-weight:600}}
.tipreports .tr-small,.tipreports .tr-sources{{font-size:0.85em;color:var(--tr-muted)}}
.tipreports .tr-badge{{display:inline-block;margin:0 0 0.4rem;padding:0.15rem 0.6rem;border-radius:3px;background:var(--tr-accent);color:var(--tr-bg);font-weight:bold}}
.tipreports .tr-callout{{margin:0.6rem 0;padding:0.6rem 0.9rem 0.1rem;background:var(--tr-tint);border-left:4px solid var(--tr-accent);border-radius:3px}}
.tipreports .tr-callout-title{{font-weight:bold;margin-bottom:0.3rem}}
.tipreports .tr-callout-aside{{background:none;border-left:2px solid var(--tr-rule);padding:0.1rem 0.7rem;margin:0.4rem 0}}
.tipreports .tr-columns{{display:flex;flex-wrap:wrap;gap:0 1.5rem}}
.tipreports .tr-column{{flex:1 1 18rem;min-width:0}}
.tipreports .tr-keyfacts{{display:grid;grid-template-columns:max-content 1fr;gap:0.15rem 1rem;margin:0 0 0.8rem}}
.tipreports .tr-keyfacts dt{{font-weight:bold;margin:0}}
.tipreports .tr-keyfacts dd{{margin:0}}
.tipreports table{{border-collapse:collapse;margin:0.4rem 0 0.8rem;font-size:0.92em}}
.tipreports th,.tipreports td{{border:1px solid var(--tr-rule);padding:0.25rem 0.5rem;text-align:left;vertical-align:top}}
.tipreports th{{background:var(--tr-tint);font-weight:bold}}
.tipreports caption{{caption-side:top;text-align:left;font-weight:bold;padding-bottom:0.25rem}}
.tipreports .tr-figure{{margin:0.6rem 0 0.8rem}}
.tipreports .tr-figure .tr-chart{{background:#ffffff;border-radius:4px;padding:0.4rem;line-height:0}}
.tipreports .tr-figure svg{{display:block;width:100%;max-width:100%;height:auto}}
.tipreports figcaption{{font-size:0.85em;color:var(--tr-muted);margin-top:0.3rem}}
.tipreports hr{{border:0;border-top:1px dashed var(--tr-rule);margin:1rem 0}}
.tipreports .tr-report{{font-size:0.8em;color:var(--tr-muted);margin:0.6rem 0 0}}
</style>"""


def _runs(runs: Runs) -> str:
    out: list[str] = []
    for r in runs:
        text = escape(r.text)
        if "\n" in text:  # a hard line break (the English beneath the Thai of a bilingual note)
            text = text.replace("\n", "<br>")
        if r.code:
            text = f"<code>{text}</code>"
        if r.italic:
            text = f"<em>{text}</em>"
        if r.bold:
            text = f"<strong>{text}</strong>"
        # compose only makes https:/mailto: links; checked again because a Document can be built by hand.
        if r.link is not None and allowed_link(r.link):
            text = f'<a href="{escape(r.link, quote=True)}" rel="noopener noreferrer" target="_blank">{text}</a>'
        out.append(text)
    return "".join(out)


def _items(items: tuple[Runs, ...]) -> str:
    return "".join(f"<li>{_runs(item)}</li>" for item in items)


def _blocks(blocks: tuple[Block, ...], theme: Theme) -> list[str]:
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, runs=runs):
                # The document title is the only h1.
                tag = f"h{min(level + 1, 4)}"
                out.append(f"<{tag}>{_runs(runs)}</{tag}>")
            case Paragraph(runs=runs, style=style):
                css = "" if style == "body" else f' class="tr-{style}"'
                out.append(f"<p{css}>{_runs(runs)}</p>")
            case BulletList(items=items):
                out.append(f"<ul>{_items(items)}</ul>")
            case NumberedList(items=items, start=start):
                begin = "" if start == 1 else f' start="{int(start)}"'
                out.append(f"<ol{begin}>{_items(items)}</ol>")
            case Table(header=header, rows=rows, caption=caption):
                parts = ["<table>"]
                if caption:
                    parts.append(f"<caption>{escape(caption)}</caption>")
                if header:
                    parts.append("<thead><tr>" + "".join(f'<th scope="col">{_runs(c)}</th>' for c in header) + "</tr></thead>")
                parts.append("<tbody>")
                parts.extend("<tr>" + "".join(f"<td>{_runs(c)}</td>" for c in row) + "</tr>" for row in rows)
                parts.append("</tbody></table>")
                out.append("".join(parts))
            case KeyFacts(items=items):
                facts = "".join(f"<dt>{escape(f.label)}</dt><dd>{_runs(f.value)}</dd>" for f in items)
                out.append(f'<dl class="tr-keyfacts">{facts}</dl>')
            case Callout(kind=kind, blocks=inner, title=title):
                head = f'<p class="tr-callout-title">{escape(title)}</p>' if title else ""
                out.append(f'<div class="tr-callout tr-callout-{kind}">{head}' + "".join(_blocks(inner, theme)) + "</div>")
            case Columns(columns=columns):
                cols = "".join('<div class="tr-column">' + "".join(_blocks(col, theme)) + "</div>" for col in columns)
                out.append(f'<div class="tr-columns">{cols}</div>')
            case Figure(alt=alt, caption=caption, chart=chart):
                svg = chart_svg(chart, width=CHART_WIDTH, height=CHART_HEIGHT, theme=theme, alt=alt)
                cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
                out.append(f'<figure class="tr-figure"><div class="tr-chart">{svg}</div>{cap}</figure>')
            case SourceList(items=items):
                out.append(f'<ol class="tr-sources">{_items(items)}</ol>')
            case PageBreak():
                out.append("<hr>")
            case _:
                assert_never(block)
    return out


def _banner(marking: Marking) -> str:
    return f'<div class="tr-banner" style="color:{marking.colour}">{escape(marking.label)}</div>'


def card(
    blocks: tuple[Block, ...],
    theme: Theme,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    meta: str | None = None,
    marking: Marking | None = None,
    footer: str | None = None,
    product: str = "preview",
    language: str = "en",
) -> str:
    """
    ``blocks`` in the tipreports card: the banner (when ``marking`` is given), title, blocks, banner.

    Used by :func:`write_html` and by the notebook previews of model objects.
    """
    parts = [f'<div class="tipreports tr-{escape(product, quote=True)}" lang="{escape(language, quote=True)}">', _style(theme)]
    if marking is not None:
        parts.append(_banner(marking))
    parts.append('<div class="tr-body">')
    if title is not None:
        parts.append(f'<h1 class="tr-title">{escape(title)}</h1>')
    if subtitle:
        parts.append(f'<p class="tr-subtitle">{escape(subtitle)}</p>')
    if meta:
        parts.append(f'<p class="tr-meta">{escape(meta)}</p>')
    parts.extend(_blocks(blocks, theme))
    if footer:
        parts.append(f'<p class="tr-report">{escape(footer)}</p>')
    parts.append("</div>")
    if marking is not None:
        parts.append(_banner(marking))
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def page(card_html: str, theme: Theme, *, title: str, language: str) -> str:
    """``card_html`` as a standalone HTML page: doctype, charset, title, language and print rules."""
    # page_size is validated as 'A4' or 'Letter': safe in CSS as it is.
    size = "A4" if theme.page_size == "A4" else "letter"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language, quote=True)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>\n"
        "body{margin:0;padding:1.5rem 1rem;background:#f4f6f9}\n"
        "body>.tipreports{margin:0 auto}\n"
        "@media (prefers-color-scheme: dark){body{background:#121418}}\n"
        f"@page{{size:{size};margin:16mm 15mm}}\n"
        "@media print{\n"
        "body{padding:0;background:none}\n"
        ".tipreports{--tr-bg:#ffffff;--tr-ink:" + theme.ink + ";--tr-muted:" + theme.muted + ";--tr-rule:" + theme.rule
        + ";--tr-tint:" + theme.tint + ";--tr-accent:" + theme.accent + ";max-width:none;border:0;border-radius:0;font-size:10.5pt}\n"
        ".tipreports *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
        ".tipreports h2,.tipreports h3,.tipreports h4{break-after:avoid}\n"
        ".tipreports figure,.tipreports tr,.tipreports .tr-callout,.tipreports .tr-keyfacts{break-inside:avoid}\n"
        ".tipreports thead{display:table-header-group}\n"
        "}\n"
        "</style>\n"
        "</head>\n"
        "<body>\n" + card_html + "</body>\n</html>\n"
    )  # fmt: skip


def write_html(document: Document, theme: Theme, *, fragment: bool = False) -> Output:
    """The document as a standalone HTML page, or with ``fragment=True`` the card alone (``Output.data`` is text)."""
    meta = " · ".join(x for x in (document.organisation, document.date_text) if x)
    html = card(
        document.blocks,
        theme,
        title=document.title,
        subtitle=document.subtitle,
        meta=meta,
        marking=document.marking,
        product=document.product,
        language=document.metadata.language,
    )
    if not fragment:
        html = page(html, theme, title=document.title, language=document.metadata.language)
    return Output(data=html)
