"""Organisations said right in English: "the Office of the Attorney General", "Freedom Collaborative"; the input overrides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tipreports as tr
from tipreports.errors import InputError
from tipreports.load import loads
from tipreports.model import Event, Organisation, Panel
from tipreports.wording import phrasebook
from tipreports.wording._organisations import english_organisation

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EN = phrasebook("en")
TH = phrasebook("th")

#: Organisations of anti-trafficking work as an English sentence names them mid-sentence, when the input does not say.
NAMED = [
    # Thai government units
    ("Office of the Attorney General", "the Office of the Attorney General"),
    ("Immigration Bureau", "the Immigration Bureau"),
    ("Provincial Social Development and Human Security Office", "the Provincial Social Development and Human Security Office"),
    ("Department of Special Investigation", "the Department of Special Investigation"),
    ("Bureau of Human Trafficking Crime, Department of Special Investigation", "the Bureau of Human Trafficking Crime, Department of Special Investigation"),
    ("Royal Thai Police", "the Royal Thai Police"),
    ("Ministry of Social Development and Human Security", "the Ministry of Social Development and Human Security"),
    ("Anti-Trafficking in Persons Division", "the Anti-Trafficking in Persons Division"),
    ("Thailand Internet Crimes Against Children Task Force", "the Thailand Internet Crimes Against Children Task Force"),
    ("Royal Thai Embassy", "the Royal Thai Embassy"),
    # intergovernmental bodies, embassies, donors
    ("International Organization for Migration", "the International Organization for Migration"),
    ("United Nations Office on Drugs and Crime", "the United Nations Office on Drugs and Crime"),
    ("International Labour Organization", "the International Labour Organization"),
    ("United Nations", "the United Nations"),
    ("European Union", "the European Union"),
    ("Association of Southeast Asian Nations", "the Association of Southeast Asian Nations"),
    ("Bali Process Regional Support Office", "the Bali Process Regional Support Office"),
    ("Embassy of the United States", "the Embassy of the United States"),
    ("U.S. Agency for International Development", "the U.S. Agency for International Development"),
    ("U.S. Mission to ASEAN", "the U.S. Mission to ASEAN"),
    # civil society named by what it is
    ("Mirror Foundation", "the Mirror Foundation"),
    ("Human Rights and Development Foundation", "the Human Rights and Development Foundation"),
    ("Labour Rights Promotion Network", "the Labour Rights Promotion Network"),
    ("Migrant Working Group", "the Migrant Working Group"),
    ("Global Alliance Against Traffic in Women", "the Global Alliance Against Traffic in Women"),
    ("Chab Dai Coalition", "the Chab Dai Coalition"),
    ("Asian Institute of Technology", "the Asian Institute of Technology"),
    # proper names and acronyms: no article
    ("Freedom Collaborative", "Freedom Collaborative"),
    ("Liberty Shared", "Liberty Shared"),
    ("Issara Institute", "Issara Institute"),
    ("International Justice Mission", "International Justice Mission"),
    ("Chab Dai", "Chab Dai"),
    ("Human Rights Watch", "Human Rights Watch"),
    ("ECPAT International", "ECPAT International"),
    ("Anti-Slavery International", "Anti-Slavery International"),
    ("Save the Children", "Save the Children"),
    ("Walk Free", "Walk Free"),
    ("Fortify Rights", "Fortify Rights"),
    ("Alliance Anti-Trafic", "Alliance Anti-Trafic"),
    ("Friends of the Earth", "Friends of the Earth"),
    ("UN Women", "UN Women"),
    ("Mahidol University", "Mahidol University"),
    ("IOM", "IOM"),
    ("UNODC", "UNODC"),
    ("ILO", "ILO"),
    ("ASEAN", "ASEAN"),
    ("HRDF", "HRDF"),
    ("DSI", "DSI"),
    # a name that carries its own article keeps it, and gets no second one
    ("The Asia Foundation", "The Asia Foundation"),
    ("The Mekong Club", "The Mekong Club"),
]


@pytest.mark.parametrize(("name", "said"), NAMED)
def test_the_article_english_gives_a_name_the_input_does_not_qualify(name: str, said: str) -> None:
    """"the" before a name headed by an institutional noun; nothing before a proper name or an acronym."""
    assert english_organisation(Organisation(name=name)) == said


def test_the_article_goes_before_the_name_and_its_short_name() -> None:
    """The short name follows the name; the article is decided by the full name, not by the acronym."""
    assert english_organisation(Organisation(name="International Organization for Migration", short_name="IOM")) == (
        "the International Organization for Migration (IOM)"
    )
    assert english_organisation(Organisation(name="Liberty Shared", short_name="LS")) == "Liberty Shared (LS)"


def test_the_input_says_the_or_none_and_wins() -> None:
    """`article: none` takes "the" away, `article: the` adds it, `The` is capitalised mid-sentence."""
    assert english_organisation(Organisation(name="Mirror Foundation", article="none")) == "Mirror Foundation"
    assert english_organisation(Organisation(name="Issara Institute", article="the")) == "the Issara Institute"
    assert english_organisation(Organisation(name="Asia Foundation", article="The")) == "The Asia Foundation"


def test_a_name_starting_with_the_never_gets_a_second_article() -> None:
    """"The Asia Foundation" with `article: the` is still "The Asia Foundation"."""
    assert english_organisation(Organisation(name="The Asia Foundation", article="the")) == "The Asia Foundation"
    assert english_organisation(Organisation(name="the Freedom Fund")) == "the Freedom Fund"


def test_an_article_other_than_the_or_none_is_refused() -> None:
    """`article: a` is an error naming what would be right."""
    with pytest.raises(ValueError, match="article: expected 'the', 'The' where the organisation capitalises it, or 'none'"):
        Organisation(name="Mirror Foundation", article="a")


# -- in sentences ----------------------------------------------------------------------------------


def test_the_thailand_example_names_its_organisations_with_their_articles() -> None:
    """The note's event and panel sentences, word for word."""
    brief = tr.load(EXAMPLES / "thailand_2025.yaml")
    assert brief.event is not None and brief.panel is not None
    assert EN.event_paragraph(brief.event).startswith(
        "The conference was convened by the Bureau of Human Trafficking Crime, Department of Special Investigation (DSI), "
        "in collaboration with the United Nations Office on Drugs and Crime (UNODC), with support from the European Union."
    )
    assert EN.panel_sentence(brief.panel) == (
        "The panel \u201cThailand: Strengths and Challenges in Preventing and Suppressing Human Trafficking and Forced "
        "Labour or Services\u201d was co-presented by Freedom Collaborative and featured representatives from the Office "
        "of the Attorney General, the Immigration Bureau and the Provincial Social Development and Human Security Office."
    )


def test_an_event_convened_by_a_proper_name_with_partners_of_both_kinds() -> None:
    """Proper names and acronyms stand alone; descriptive names take "the"; each organisation decides for itself."""
    event = Event(
        name="Regional dialogue", kind="dialogue", convenor="Freedom Collaborative",
        collaborators=["Liberty Shared", Organisation(name="International Organization for Migration", short_name="IOM")],
        supporters=["Mirror Foundation", "UNODC"],
    )  # fmt: skip
    assert EN.event_paragraph(event) == (
        "The dialogue was convened by Freedom Collaborative, in collaboration with Liberty Shared and the International "
        "Organization for Migration (IOM), with support from the Mirror Foundation and UNODC."
    )


def test_the_input_overrides_the_rule_in_sentences_both_ways() -> None:
    """`article: none` on a foundation, `article: the` on an institute: the sentence follows the input."""
    panel = Panel(
        title="P",
        co_presenters=[Organisation(name="Issara Institute", article="the")],
        representatives_from=[Organisation(name="Mirror Foundation", article="none"), "Royal Thai Police"],
    )
    assert EN.panel_sentence(panel) == (
        "The panel \u201cP\u201d was co-presented by the Issara Institute and featured representatives from "
        "Mirror Foundation and the Royal Thai Police."
    )
    event = Event(name="E", convenor=Organisation(name="Department of Special Investigation", short_name="DSI", article="none"))
    assert EN.event_paragraph(event) == "The event was convened by Department of Special Investigation (DSI)."


def test_thai_has_no_articles_and_ignores_the_field() -> None:
    """The Thai sentences are the same whatever `article` says."""
    plain = Panel(title="P", co_presenters=["Freedom Collaborative"], representatives_from=["Immigration Bureau"])
    marked = Panel(title="P", co_presenters=[Organisation(name="Freedom Collaborative", article="the")],
                   representatives_from=[Organisation(name="Immigration Bureau", article="none")])  # fmt: skip
    assert TH.panel_sentence(marked) == TH.panel_sentence(plain)
    assert "Immigration Bureau" in TH.panel_sentence(plain) and "the " not in TH.panel_sentence(plain)


# -- the input ---------------------------------------------------------------------------------------

BASE = "title: T\ndate: 2025-10-15\nprepared_by: FC\nmarking: TLP:CLEAR\n"


def test_an_organisation_is_still_a_plain_name_or_a_mapping_with_article() -> None:
    """A plain string stays valid; `{name, article}` reads the article; left out it is None (the wording decides)."""
    brief = loads(
        BASE + "panel:\n  title: P\n  co_presenters: [Freedom Collaborative]\n"
        "  representatives_from:\n    - {name: Mirror Foundation, article: none}\n    - {name: Issara Institute, article: the}\n",
        format="yaml",
    )
    assert brief.panel is not None
    assert brief.panel.co_presenters == (Organisation(name="Freedom Collaborative"),)
    assert [o.article for o in brief.panel.representatives_from] == ["none", "the"]
    assert EN.panel_sentence(brief.panel) == (
        "The panel \u201cP\u201d was co-presented by Freedom Collaborative and featured representatives from "
        "Mirror Foundation and the Issara Institute."
    )


def test_a_wrong_article_in_the_input_is_named_by_its_path_and_line() -> None:
    """`article: an` is reported at its field, with its line."""
    with pytest.raises(InputError) as info:
        loads(BASE + "event:\n  name: E\n  date: 2025-01-10\n  convenor: {name: Mirror Foundation, article: an}\n", format="yaml", name="b.yaml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("event.convenor.article", 8)
    assert problem.message == "expected 'the', 'The' where the organisation capitalises it, or 'none'"


def test_a_ministry_convenes_with_its_article() -> None:
    """A ministry as the convenor takes "the"; the sentence after it is unchanged."""
    assert EN.event_paragraph(Event(name="E", convenor="Ministry of Labour", date=dt.date(2025, 1, 10))) == (
        "The event was convened by the Ministry of Labour. It was held on 10 January 2025."
    )
