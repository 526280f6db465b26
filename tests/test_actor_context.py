"""The country of an actor named without one is decided in actors/ (diurna.actors.context), never in the coder."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from diurna.actors.context import StoryContext
from diurna.actors.resolver import ArticleActors
from diurna.articles import article_from_text
from diurna.articles.model import ActorRef
from diurna.pipeline import resources

EVENTS = Path(__file__).resolve().parents[1] / "src" / "diurna" / "events"


@pytest.fixture(scope="module")
def res():
    return resources()


def _context(res, text: str) -> tuple[StoryContext, list]:
    article = article_from_text(text, id="ctx", date=dt.date(2002, 3, 5))
    actors = ArticleActors(article, res.dictionary, res.people, res.place_country)
    context = StoryContext(actors, res.patterns.speech)
    docs = [res.nlp(s.text) for s in article.sentences]
    for doc in docs:
        context.read(doc)
    return context, docs


POLICE = ActorRef(text="police", name="police", code="COP", sector="COP", kind="group")


def test_a_domestic_actor_takes_the_country_where_the_story_happens(res):
    context, docs = _context(res, "Riots broke out in Ahmedabad on Monday. More violence was reported in Vadodara.")
    assert context.story_country() == "IND"
    completed = context.complete(POLICE, None, None, docs[-1][0])
    assert completed is not None and (completed.country, completed.code) == ("IND", "INDCOP")


def test_the_dateline_gives_the_country(res):
    context, docs = _context(res, "NAIROBI, March 5 (Reuters) - Police fired tear gas at protesters on Tuesday.")
    completed = context.complete(POLICE, None, None, None)
    assert completed is not None and completed.country == "KEN"


def test_what_has_a_country_or_is_an_organisation_is_left_alone(res):
    context, docs = _context(res, "Riots broke out in Ahmedabad on Monday.")
    chilean = ActorRef(text="Chilean police", name="Chilean police", code="CHLCOP", country="CHL", sector="COP")
    ngo = ActorRef(text="Amnesty", name="Amnesty International", code="NGOHRIAMN", sector="HRI", kind="organization")
    assert context.complete(chilean, None, None, None) is chilean
    assert context.complete(ngo, None, None, None) is ngo


def test_nothing_known_stays_unknown(res):
    context, docs = _context(res, "Police fired tear gas at protesters on Tuesday.")
    assert context.complete(POLICE, None, None, docs[0][0]) == POLICE  # no place, no dateline: no guessed country


def test_the_coder_never_sets_an_actors_country():
    """One owner: no ActorRef(...) or replace(...) in events/ passes a country; actors/ decides it."""
    offenders = []
    for path in EVENTS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("ActorRef", "replace"):
                first = node.args[0] if node.args else None
                if first is not None and getattr(first, "id", "") == "place":
                    continue  # an event's place (Place), not an actor
                if any(k.arg == "country" for k in node.keywords):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def test_rebels_supported_from_abroad_are_not_the_supporters(res):
    """"Turkey trained rebels in Syria": the rebels are Syria's, the country the sentence names besides Turkey."""
    context, docs = _context(res, "Turkey trained rebels in Syria for two years.")
    rebels = ActorRef(text="rebels", name="rebels", code="REB", sector="REB", kind="group")
    turkey = ActorRef(text="Turkey", name="Turkey", code="TUR", country="TUR", kind="country")
    trained = next(t for t in docs[0] if t.lower_ == "trained")
    completed = context.complete(rebels, None, turkey, trained)
    assert completed is not None and completed.country == "SYR"


@pytest.mark.parametrize("text,expected", [
    ("Turkish jets bombed Kurdish militants in northern Iraq on Monday.", "IRQREB"),
    ("Kurdish fighters clashed with Islamic State militants in Raqqa.", "SYRREB"),
])
def test_a_people_of_several_states_takes_the_country_where_it_acts(text, expected):
    from diurna import code

    found = [a for e in code(text, date="2019-03-04").events for a in (e.source, e.target)
             if a is not None and a.text.lower().startswith("kurdish")]
    assert found and found[0].code == expected and found[0].kind == "people", found


def test_peoples_file_is_valid(res):
    assert res.dictionary.peoples["kurds"] == "REB"
    assert all(sector in res.dictionary.sectors for sector in res.dictionary.peoples.values())
    # a people's name is never also a country's name or adjective (that would give it a state)
    assert not [n for n in res.dictionary.peoples if res.dictionary.match_country(n.title()) is not None]
    assert res.dictionary.homelands["kurdish"] == {"TUR", "SYR", "IRQ", "IRN"}
    assert all(homes and homes <= set(res.dictionary.countries) for homes in res.dictionary.homelands.values())


def test_a_people_takes_only_one_of_its_own_states():
    """The captors of an American woman are not American Kurds: with no place in one of the Kurds' states, unknown."""
    from diurna import code

    text = "An American woman from Alabama was captured by Kurdish forces after fleeing the last pocket of Isis land."
    captors = [e.source for e in code(text, date="2019-02-20").events if e.source and "Kurdish" in e.source.text]
    assert captors and captors[0].country is None, captors
    text = "An American woman from Alabama was captured by Kurdish forces in Syria after fleeing Isis."
    captors = [e.source for e in code(text, date="2019-02-20").events if e.source and "Kurdish" in e.source.text]
    assert captors and captors[0].country == "SYR", captors


def test_a_word_of_a_title_is_no_place(res):
    """"Justice" of "Justice Minister X" is not Justice, Illinois: the minister gets no country from it."""
    article = article_from_text("x", id="t", date=dt.date(2023, 12, 30))
    actors = ArticleActors(article, res.dictionary, res.people, res.place_country)
    doc = res.nlp("Justice Minister Rodrigo Apaza-Cruz said the government respected the courts.")
    minister = actors.resolve_one(next(t for t in doc if t.dep_ == "nsubj"))
    assert minister is not None and minister.role == "justice minister" and minister.country is None
