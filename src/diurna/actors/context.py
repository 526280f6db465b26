"""The country of an actor the text names without one: the story's context (one owner of actor identity).

A domestic actor with no nationality in its own words ("police", "protesters", "the state government") belongs to
the country where it acts. That is worked out here, from what the article has said so far — the places it names,
the countries its actors belong to, the dateline — and from the event's own place and other party, which the coder
passes in. The coder asks; it never fills or overrides a country itself. CAMEO's implied targets (the government a
protest addresses) are made here too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Token

from diurna.actors.resolver import ArticleActors
from diurna.articles.model import ActorRef, Place
from diurna.events.frames import subject
from diurna.nlp import ents_of, tokens_of

# Sectors whose members belong to a country the phrase need not name (a country's police, judges, opposition).
DOMESTIC_SECTORS = {"COP", "CVL", "OPP", "REB", "INS", "SEP", "JUD", "LEG", "LAB", "EDU", "HLH", "BUS", "MED",
                    "CRM", "REF", "PTY", "GOV", "MIL", "ELI", "REL", "AGR", "ENV", "HRI"}
# ... of which these take the other party's country only in a story set in that country
STORY_BOUND_SECTORS = {"REB", "INS", "SEP", "UAF", "CVL", "REF"}
# an army's victims ("Turkish jets killed 250 civilians") are of its country only in a story set there
ARMED_SECTORS = {"MIL", "SPY"}
VIOLENT_ROOTS = {"18", "19", "20"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "along", "into", "throughout"}
IMPLIED_TARGET_SECTOR = {"14": "GOV"}  # a protest is addressed to the government
WITHDRAWAL_CODE = "087"  # de-escalate militarily: a withdrawal concerns the country the forces leave

_NAMED_KEY = "diurna.named_countries"


class StoryContext:
    """What one article has told so far about where its story happens; completes the countries of its actors."""

    def __init__(self, actors: ArticleActors, speech_lemmas: Iterable[str]) -> None:
        self.actors = actors
        self.speech = frozenset(speech_lemmas)
        self.place_countries: Counter[str] = Counter()  # countries of the places the article names so far
        self._dateline_country: str | None = None
        self._dateline_done = False

    # ------------------------------------------------------------------ reading
    def read(self, doc: Doc) -> None:
        """Count the countries of the places a sentence names in a locative phrase ("in Gujarat", "near Idlib");
        never a name used as a modifier ("a U.S. diplomat")."""
        d = self.actors.dictionary
        on = self.actors.on
        for ent in ents_of(doc):
            if ent.label_ not in PLACE_LABELS:
                continue
            root = ent.root
            if not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS):
                continue
            match = d.match_country(ent.text, on) or d.match_capital(ent.text, on)
            country = match.code if match is not None else self._place(ent.text)
            if country:
                self.place_countries[d.territory_on(country, on)] += 1

    def story_country(self) -> str | None:
        """The country most of the article's places are in so far (None when it names no place)."""
        return self.place_countries.most_common(1)[0][0] if self.place_countries else None

    # ------------------------------------------------------------------ completing
    def complete(self, actor: ActorRef | None, location: Place | None, other: ActorRef | None,
                 trigger: Token | None = None, root: str | None = None) -> ActorRef | None:
        """A domestic actor with no nationality ("police", "protesters") takes the country where it acts: the
        event's place, the dateline's, the other party's (not for a government or army), the only country the
        sentence names outside its attribution, or the article's dominant country. Anything else is unchanged:
        an actor that has a country, an organisation (its code is its own), an actor of no domestic sector."""
        if actor is not None and actor.kind == "person" and not (actor.country or actor.sector or actor.code):
            # a person the text gives no nationality or office, in a story filed from a dateline ("new delhi:"
            # ... "zakia said"): of the dateline's country, as local news names its own people; elsewhere unknown
            country = self.dateline_country()
            return replace(actor, country=country, code=country) if country else actor
        if actor is None or actor.country or not actor.sector or actor.sector not in DOMESTIC_SECTORS:
            return actor
        if actor.kind == "organization":
            return actor
        country = location.country if location and location.country else None
        if country is None:
            country = self.dateline_country()
        if country is None and other is not None and other.country and actor.sector not in ("GOV", "MIL") \
                and (actor.sector not in STORY_BOUND_SECTORS or self.story_country() in (None, other.country)) \
                and (actor.kind != "people" or self.story_country() == other.country) \
                and not (root in VIOLENT_ROOTS and other.sector in ARMED_SECTORS
                         and actor.sector in STORY_BOUND_SECTORS and self.story_country() != other.country):
            # a judge, police or opposition acting on a national of the same country; rebels only when the story
            # happens in the other party's country ("Russian jets bombed rebels" in a Syria story: Syria's rebels);
            # a people of several states ("Kurdish forces") only when the story is known to happen there; civilians,
            # refugees or rebels attacked by an army likewise
            country = other.country
        if country is None and other is not None and other.country and actor.sector in ("GOV", "MIL") \
                and other.sector in STORY_BOUND_SECTORS and self.story_country() == other.country:
            # "a government assault on Idlib's rebels" in a story set in Syria: the government of the country
            # whose rebels, civilians or refugees it acts on, where the story happens
            country = other.country
        named: set[str] = set()
        reporting: set[str] = set()
        if country is None and trigger is not None:
            named, reporting = self.sentence_countries(trigger)
            candidates = set(named)
            if other is not None and other.country and actor.sector in ("GOV", "MIL", *STORY_BOUND_SECTORS):
                # "the Bush administration told China": not China's government; "Turkey trained rebels in Syria":
                # not Turkey's rebels (the other party's country was weighed above, by where the story happens)
                candidates.discard(other.country)
            if len(candidates) == 1:
                country = candidates.pop()  # "Vice-President Awori ... the Kenya Anti-Corruption Commission"
        countries = self.actors.countries
        if country is None and countries:
            # the article's dominant country (most of its country mentions), never the other party's
            (top, n), = countries.most_common(1)
            if n >= 0.6 * sum(countries.values()) and (not other or other.country != top) \
                    and not (top in reporting and top not in named):  # not the reporter's own country
                country = top
        if country is None and self.place_countries:
            # where the story happens, when its places are mostly in one country ("police" in a Gujarat story) and
            # its actors' countries do not point elsewhere
            (top, n), = self.place_countries.most_common(1)
            actors_top = countries.most_common(1)[0][0] if countries else None
            if n >= 0.6 * sum(self.place_countries.values()) and (other is None or other.country != top) \
                    and actors_top in (None, top):
                country = top
        if actor.kind == "people":
            # a people of several states ("Kurdish forces") is only ever of one of them: the one the story's places
            # are in, else unknown (an American woman's captors in Syria are not American)
            homes = self.actors.dictionary.homelands_of(actor.text)
            if homes is not None and country not in homes:
                country = next((c for c, _ in self.place_countries.most_common() if c in homes), None)
        if country is None:
            return actor
        return replace(actor, country=country, code=country + actor.sector)

    def implied_target(self, source: ActorRef, root: str, where: str | None = None, code: str = "") -> ActorRef | None:
        """CAMEO's convention for domestic events with no named target: a protest is addressed to the government
        of the country where it takes place (the source's own, unless the text places it elsewhere: Palestinian
        prisoners rioting in an Israeli jail protest to Israel), a concession, an investigation or a repression
        concerns the country itself. Marked implied (role "implied target"), never presented as read."""
        if source.sector in ("IGO", "NGO", "IMG") or (source.code or "").startswith(("IGO", "NGO", "IMG")):
            return None
        # a protest, or a seizure or arrest abroad ("Turkish troops seized weapons in northern Syria"), concerns the
        # country where it happens; so does a withdrawal ("the withdrawal of US troops in Afghanistan": from there)
        abroad = root in ("14", "17") or code.startswith(WITHDRAWAL_CODE)
        if code.startswith(WITHDRAWAL_CODE) and not where:
            # "the timetable for US withdrawal": from where the story happens, never from the withdrawing country
            where = self.story_country()
            if where is None or where == source.country:
                return None
        country = where if (abroad and where) else source.country
        sector = IMPLIED_TARGET_SECTOR.get(root) if (source.sector != "GOV" or country != source.country) else None
        return self.actors.implied(country, sector, "implied target")

    def dateline_country(self) -> str | None:
        """The country of the article's dateline place ("NEW DELHI:"), as of the article's date."""
        if not self._dateline_done:
            self._dateline_done = True
            dateline = self.actors.article.dateline
            if dateline is not None and dateline.place:
                found = self._place(dateline.place)
                self._dateline_country = self.actors.dictionary.territory_on(found, self.actors.on) if found else None
        return self._dateline_country

    def sentence_countries(self, trigger: Token) -> tuple[set[str], set[str]]:
        """Countries the trigger's sentence names (names, adjectives, capitals, organisations of one country):
        those outside its attribution, and those of who reports it ("..., a U.S. official said", "according to
        British police"). The names are looked up once per sentence (:func:`named_countries`)."""
        attribution: set[int] = set()
        for verb in trigger.ancestors:
            if verb.lemma_.lower() in self.speech:
                for speaker in subject(verb):
                    attribution.update(t.i for t in speaker.subtree)
        named, according = named_countries(trigger.doc, self.actors, self.actors.on)
        for covered in according:
            if trigger.i not in covered:  # "according to ..." that does not hold the trigger attributes it
                attribution.update(covered)
        found = {country for start, country in named if start not in attribution}
        reporting = {country for start, country in named if start in attribution}
        return found, reporting

    def _place(self, name: str) -> str | None:
        lookup = self.actors.place_country
        return lookup(name) if lookup is not None else None


def named_countries(doc: Doc, actors: ArticleActors,
                    on: dt.date | None) -> tuple[list[tuple[int, str]], list[frozenset[int]]]:
    """The countries the names of ``doc`` stand for, as (first token, country), and the tokens of each "according
    to ..." phrase; worked out once per parse (kept in ``doc.user_data``), not once per event."""
    d = actors.dictionary
    cached = doc.user_data.get(_NAMED_KEY)
    if cached is not None and cached[0] == (id(d), on):
        return cached[1], cached[2]
    named: list[tuple[int, str]] = []
    for ent in ents_of(doc):
        if ent.label_ not in ("GPE", "NORP", "ORG", "LOC"):
            continue
        match = d.match_country(ent.text, on) or d.match_capital(ent.text, on)
        if match is None and ent.label_ == "ORG":
            org = d.match_organization(ent.text, on)
            if org is not None and org.country:
                named.append((ent.start, org.country))
                continue
            match = d.match_country(ent[0].text, on)  # "the Kenya Anti-Corruption Commission"
        if match is not None:
            named.append((ent.start, d.territory_on(match.code, on) if match.validity == "outside" else match.code))
    according = [frozenset(t.i for t in token.subtree) for token in tokens_of(doc) if token.lower_ == "according"]
    doc.user_data[_NAMED_KEY] = ((id(d), on), named, according)
    return named, according
