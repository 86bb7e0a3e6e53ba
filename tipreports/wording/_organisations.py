"""
English's "the" before an organisation's name.

"Featured representatives from the Office of the Attorney General", but
"co-presented by Freedom Collaborative": whether a name takes "the" is a fact
of English, not of the organisation, so the rule lives here, in the wording,
and not in the model, which keeps only what the input says
(``Organisation.article``: ``the``, ``The`` or ``none``). Thai has no articles
and never asks.

When the input does not say, the rule is conservative and table-driven: "the"
for a name whose head is a generic institutional noun (:data:`HEADS`: "Immigration
Bureau", "Office of the Attorney General", "United Nations Office on Drugs and
Crime", "Mirror Foundation"), or one of :data:`LINKED_HEADS` before a
preposition ("Asian Institute of Technology"), for a single noun followed by
"of" ("Bank of Thailand") and for names that open as :data:`OPENINGS` do
("Royal Thai Police", "United Nations"); no article for everything else: proper
names ("Freedom Collaborative", "Liberty Shared", "Issara Institute",
"International Justice Mission") and acronyms ("IOM", "UNODC"). A name that
starts with "The" keeps it as written and never gets a second one. A wrong
guess is put right in the input (``article: the`` or ``article: none``).
"""

from __future__ import annotations

import re

from ..model import Organisation

__all__ = ["HEADS", "LINKED_HEADS", "OPENINGS", "default_article", "english_organisation"]

#: Nouns that make a name a description of an institution, so English says "the": checked on the name's
#: last word and on the word before its first linking preposition ("Organization" in "International
#: Organization for Migration").
HEADS = frozenset(
    {
        "administration", "agency", "alliance", "army", "assembly", "association", "authority", "bank", "board",
        "bureau", "cabinet", "center", "centre", "chamber", "club", "coalition", "command", "commission",
        "committee", "confederation", "congress", "consortium", "consulate", "corps", "council", "court",
        "delegation", "department", "directorate", "division", "embassy", "federation", "force", "forces",
        "forum", "foundation", "fund", "government", "group", "guard", "initiative", "inspectorate", "league",
        "ministry", "navy", "network", "office", "organisation", "organization", "parliament", "partnership",
        "platform", "police", "program", "programme", "project", "secretariat", "senate", "service", "society",
        "taskforce", "tribunal", "trust", "union", "unit",
    }
)  # fmt: skip

#: Nouns that take "the" only before a preposition: "the Asian Institute of Technology", "the U.S. Mission to
#: ASEAN", but "Issara Institute", "International Justice Mission", "Mahidol University" call themselves without one.
LINKED_HEADS = HEADS | {"academy", "college", "institute", "mission", "school", "university"}

#: The first words of names that take "the" whatever their last word ("the Royal Thai Armed Forces", "the United Nations").
OPENINGS: tuple[tuple[str, ...], ...] = (("royal",), ("united", "nations"), ("united", "states"), ("united", "kingdom"), ("u.s.",))

#: Prepositions that end a name's head: "Office on Drugs and Crime", "Alliance Against Traffic in Women".
_LINKS = frozenset({"of", "on", "for", "against", "to"})

#: A name's main part ends at a comma or parenthesis: "Bureau of Human Trafficking Crime, Department of …".
_MAIN_END = re.compile(r"[,(]")


def default_article(name: str) -> str:
    """``the`` or empty: English's article before ``name`` mid-sentence when the input does not say."""
    if name[:4].casefold() == "the ":
        return ""
    words = _MAIN_END.split(name, maxsplit=1)[0].split()
    if not words:
        return ""
    folded = [w.casefold() for w in words]
    if any(tuple(folded[: len(opening)]) == opening for opening in OPENINGS):
        return "the"
    if _head(words[-1]) in HEADS:
        return "the"
    link = next((i for i, w in enumerate(folded) if i > 0 and w in _LINKS), None)
    if link is None:
        return ""
    if _head(words[link - 1]) in LINKED_HEADS:
        return "the"
    first = words[0]
    # "Bank of Thailand": a single noun before "of" is a description; a plural ("Friends of the Earth")
    # or an acronym is a name.
    single = link == 1 and folded[1] == "of" and first[:1].isupper() and not first.isupper() and not first.endswith("s")
    return "the" if single else ""


def _head(word: str) -> str:
    # "Sub-Committee" is headed by its last part.
    return word.rsplit("-", 1)[-1].casefold()


def english_organisation(organisation: Organisation) -> str:
    """
    The organisation as an English sentence names it mid-sentence, with its short name.

    ``the Office of the Attorney General``, ``Freedom Collaborative``,
    ``the International Organization for Migration (IOM)``: the input's
    ``article`` if given (``none`` for no article), else :func:`default_article`.
    A name starting with "The" is written as it is, whatever ``article`` says.
    """
    name = str(organisation)
    if organisation.name[:4].casefold() == "the ":
        return name
    if organisation.article is None:
        article = default_article(organisation.name)
    else:
        article = "" if organisation.article == "none" else organisation.article
    return f"{article} {name}" if article else name
