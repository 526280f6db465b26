"""Resolve noun phrases of a parsed sentence to CAMEO-style actors, within one article.

An :class:`ArticleActors` lives for one article: it remembers the people, organisations and countries seen so
far, so that later bare mentions ("Kessler", "the minister", "he", "the ministry") resolve to the same actor.
Roles and names are looked up as of the article's date (the dictionary carries validity dates).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from diurna.actors.dictionary import ActorDictionary, CountryMatch
from diurna.actors.patterns import common_words
from diurna.actors.people import PeopleTable, load_people
from diurna.articles.model import ActorRef, Article, Entity
from diurna.nlp import children_of, ents_of, tokens_of

log = logging.getLogger(__name__)

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its", "itself", "themselves"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "myself", "ourselves"}  # a quoted speaker: not resolved
RELATIVE = {"who", "which", "that", "whom", "whose"}
SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "insist", "warn", "stress", "announce", "claim", "vow",
                "pledge", "promise", "write", "explain", "assert", "reiterate"}
PAIR_NOUNS = {"sides", "countries", "nations", "governments", "officials", "leaders", "ministers", "presidents",
              "delegations", "parties", "neighbours", "neighbors", "states", "capitals", "men", "women"}
NP_DEPS = {"compound", "amod", "poss", "nmod", "det", "nummod", "case", "punct", "flat", "npadvmod", "quantmod"}
COREF_DETS = {"the", "this", "that", "these", "those"}
# "Russian-backed government forces", "Iranian-sponsored militias": the country before these words is the patron,
# not the actor's own
PATRON_WORDS = {"backed", "sponsored", "supported", "funded", "financed", "armed", "trained", "allied", "aligned",
                "equipped"}
# "non-BJP parties", "anti-Congress forces": a name after these prefixes is not the actor
NEGATING_PREFIXES = {"non", "anti"}
# "America's Kurdish allies", "US allies", "Iran's proxies": the possessor is the other party of the relation
RELATIONAL_NOUNS = {"ally", "allies", "proxy", "proxies", "partner", "partners", "backer", "backers", "client",
                    "clients", "enemy", "enemies", "rival", "rivals", "foe", "foes", "opponent", "opponents",
                    "neighbour", "neighbours", "neighbor", "neighbors", "adversary", "adversaries", "patron",
                    "patrons", "sponsor", "sponsors", "friend", "friends"}
ENTITY_LABELS = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}
# groups that take the country of the place named in their own phrase ("rebels in Idlib", "protesters in Cairo")
# Title nouns that name a body, not the one person holding an office: "the ministry said it", never "he".
BODY_NOUNS = {"government", "ministry", "department", "office", "court", "council", "parliament", "army", "police",
              "party", "commission", "committee", "administration", "agency", "bank", "board", "cabinet", "regime",
              "authority", "authorities", "assembly", "force", "forces", "embassy", "centre", "center", "senate",
              "congress", "service", "bureau", "legislature", "military", "navy", "junta", "union", "coalition",
              "alliance", "group", "organisation", "organization", "front", "movement", "team", "delegation"}
PLACE_NOUNS = {"province", "region", "district", "governorate", "city", "town", "village", "county", "area",
               "state", "valley", "camp", "enclave", "oblast", "prefecture"}
LOCAL_SECTORS = {"REB", "CVL", "COP", "OPP", "MIL", "INS", "REF", "LAB", "EDU", "BUS", "MED", "HLH", "CRM"}


# acts whose "of" phrase names who suffers them ("the bombing OF the embassy", "the arrest OF the journalist"):
# that phrase is never part of the act's own actor
PATIENT_OF_NOUNS = {"attack", "bombing", "bombardment", "shelling", "strike", "airstrike", "air-strike", "raid",
                    "assault", "offensive", "invasion", "occupation", "siege", "killing", "murder", "assassination",
                    "massacre", "arrest", "detention", "abduction", "kidnapping", "execution", "deportation",
                    "expulsion", "blockade", "capture", "torture", "persecution", "shooting", "explosion", "blast"}


def np_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head``: modifiers to the left, and ``of``/``for``/``from``
    phrases ("doctors from two American aid groups", "refugees from Syria"; not the victim in "the bombing of
    the embassy")."""
    out = [head]
    patient_of = head.lemma_.lower() in PATIENT_OF_NOUNS
    for child in children_of(head):
        if child.dep_ in NP_DEPS and child.i < head.i:
            out.extend(np_tokens(child))
        elif child.dep_ == "prep" and child.lower_ in ("of", "for", "from") and child.i > head.i \
                and not (patient_of and child.lower_ == "of"):
            out.append(child)
            for grand in children_of(child):
                if grand.dep_ == "pobj":
                    out.extend(np_tokens(grand))
    return sorted(out, key=lambda t: t.i)


def _name_like(head: Token, tokens: list[Token], known: dict[str, ActorRef]) -> bool:
    """A proper name, or a capitalised word the tagger took for a common noun ("Trump rebuffed the arguments",
    "Hunt said"): with no determiner, and a name the article has already used or no common English word."""
    if head.pos_ == "PROPN":
        return True
    return head.pos_ == "NOUN" and head.text[:1].isupper() and not head.text.isupper() \
        and not any(t.dep_ == "det" for t in tokens) \
        and (head.lower_ in known or head.lower_ not in common_words())


def _span_of(tokens: list[Token]) -> Span:
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1]


class ArticleActors:
    """Actor resolution state for one article."""

    def __init__(self, article: Article, dictionary: ActorDictionary, people: PeopleTable | None = None,
                 places: Callable[[str], str | None] | None = None) -> None:
        self.article = article
        self.on = article.date
        self.dictionary = dictionary
        self.office_holders = people  # people.tsv of the same directories as the dictionary (None: the bundled)
        self.place_country = places  # a place name (region, city) -> its country, from the gazetteer
        self.people: dict[str, ActorRef] = {}
        self.recent: list[ActorRef] = []
        self.by_head: dict[str, ActorRef] = {}  # the head noun of an actor phrase -> the latest actor it named
        self._heads_seen: set[tuple[int, int]] = set()  # (parse, token) resolved since the last sentence ended
        self.office_holders_seen: list[ActorRef] = []  # titles naming one person ("the governor"): he/she antecedents
        self.entities: dict[str, Entity] = {}
        self.countries: Counter[str] = Counter()
        self.excluded: set[str] = set()
        if article.author:
            for part in article.author.replace(" and ", ",").split(","):
                name = part.strip().lower()
                if name:
                    self.excluded.add(name)
                    self.excluded.add(name.split()[-1])
        for agency in article.wire + ([article.source] if article.source else []):
            self.excluded.add(agency.lower())

    # ------------------------------------------------------------------ public
    def resolve(self, head: Token) -> list[ActorRef]:
        """Actors named by the noun phrase headed by ``head``; conjuncts give one actor each; "the two sides",
        "both countries" give the last two parties of different countries."""
        pair = self._pair(head)
        if pair:
            return pair
        heads = [head] + [t for t in head.conjuncts if t.i > head.i]
        out: list[ActorRef] = []
        for h in heads:
            actor = self.resolve_one(h)
            if actor is not None:
                spread = self._in_countries(h, actor)
                out.extend(spread or [actor, *self._co_nationals(h, actor)])
        return out

    def _co_nationals(self, head: Token, actor: ActorRef) -> list[ActorRef]:
        """ "Armenian and Azerbaijani forces", "Russian and Syrian jets", "courts in France, Germany and Sweden": one
        noun, several countries; the phrase resolved to the first, this gives the same actor for each further
        country."""
        for child in head.children:
            if child.dep_ not in ("amod", "compound") or child.i > head.i:
                continue
            words = [child] + [c for c in child.children if c.dep_ == "conj" and c.i < head.i]
            if len(words) < 2:
                continue
            codes: list[str] = []
            for word in words:
                match = self.dictionary.match_country(word.text, self.on)
                if match is None:
                    return []
                codes.append(self._state(match))
            if actor.country != codes[0]:
                return []
            others = [c for c in dict.fromkeys(codes) if c != actor.country]
            return [replace(actor, country=c, code=c + (actor.sector or ""),
                            name=_country_name(self.dictionary, c) if actor.kind == "country" else actor.name)
                    for c in others]
        return []

    def _in_countries(self, head: Token, actor: ActorRef) -> list[ActorRef]:
        """ "Courts in France, Germany and Sweden", "police in India and Pakistan": a group of no nationality of
        its own, placed in several countries, is one actor per country (none when it names one place)."""
        if actor.kind not in ("group", "people") or not actor.sector:
            return []
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "from"):
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                codes = list(dict.fromkeys(self._countries_of([pobj, *pobj.conjuncts])))
                if len(codes) > 1 and actor.country in (None, codes[0]):
                    return [replace(actor, country=c, code=c + actor.sector) for c in codes]
        return []

    def _countries_of(self, names: list[Token]) -> list[str]:
        """The countries named by the tokens, in order; empty when one of them is no country."""
        codes: list[str] = []
        for name in names:
            ent = _entity_at(name)
            match = self.dictionary.match_country(ent.text if ent is not None else name.text, self.on)
            if match is None:
                return []
            codes.append(self._state(match))
        return codes

    def resolve_one(self, head: Token) -> ActorRef | None:
        if head.lower_ in RELATIVE and head.tag_ in ("WDT", "WP", "WP$"):
            clause = head.head
            if clause.dep_ == "relcl" and clause.head != clause:
                return self.resolve_one(clause.head)  # "the government, which ..." -> the government
            return None
        if head.lower_ in FIRST_PERSON and (head.pos_ == "PRON" or head.text.islower() or head.text == "I"):
            return self._speaker(head)  # "We captured 800 fighters," the US president said; but "US" is a country
        if head.pos_ == "PRON" or (head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS and head.text.islower()):
            return self._pronoun(head)
        tokens = np_tokens(head)
        actor = self._from_tokens(head, tokens)
        if actor is None:
            for child in head.children:
                if child.dep_ == "appos":
                    actor = self._from_tokens(child, np_tokens(child))
                    if actor is not None:
                        if head.pos_ == "PROPN" and actor.role and actor.kind != "person" \
                                and head.text[:1].isupper():
                            # "Staffan de Mistura, the UN envoy": a name the NER missed or took for an organisation,
                            # described by its office, is that office's holder (and "De Mistura said" later is too)
                            span = _span_of(tokens)
                            actor = replace(actor, text=span.text, name=_holder_name(span), kind="person")
                        break
        else:
            for child in _appositions(head, tokens):
                other = self._from_tokens(child, np_tokens(child))
                if other is None and actor.role and actor.kind != "person" and child.pos_ == "PROPN" \
                        and child.text[:1].isupper() and child.ent_type_ in ("PERSON", "ORG", ""):
                    # "the UN special envoy for Syria, Staffan de Mistura": the office's holder, by a name the
                    # dictionaries do not know (the NER may take it for an organisation)
                    span = _span_of(np_tokens(child))
                    other = ActorRef(text=span.text, name=_holder_name(span), code=None, country=None, sector=None,
                                     role=None, kind="person")
                if other is not None and not (actor.kind == "country" and not actor.role and other.kind == "person"):
                    actor = _merge(actor, other)  # ("Syria, Staffan de Mistura": a misparse, not Syria's man)
        if actor is None:
            actor = self._coreferent_head(head, tokens)
        elif head.pos_ in ("NOUN", "PROPN") and (actor.country or actor.code):
            self.by_head[_head_key(head)] = actor
        if actor is not None:
            self._remember(actor, person_like=_holds_office(actor, head))
            self._heads_seen.add((id(head.doc), head.i))
        return actor

    def _coreferent_head(self, head: Token, tokens: list[Token]) -> ActorRef | None:
        """ "the coalition" after "the US-led coalition", "the militia" after "a Kurdish militia": a definite
        noun phrase that names no actor itself is the latest actor whose phrase had the same head noun. So is a
        bare noun modifying another ("a coalition bombing"). Nothing else in the phrase may describe it ("the other
        coalition", "a coalition of parties" are not that one)."""
        if head.pos_ != "NOUN":
            return None
        rest = [t for t in tokens if t.i != head.i]
        if rest:
            if len(rest) != 1 or rest[0].lower_ not in COREF_DETS or rest[0].i > head.i:
                return None
        elif head.dep_ != "compound":
            return None
        found = self.by_head.get(_head_key(head))
        return replace(found, text=_span_of(tokens).text) if found is not None else None

    def remember_sentence(self, doc: Doc) -> None:
        """After a sentence is coded: keep in memory the people and groups it named that no event took as an
        argument ("For Erdogan, all Kurds are terrorists. Now he is threatening ..." -> he is Erdogan), in text
        order, so the next sentence's pronouns can refer back to them."""
        seen, self._heads_seen = self._heads_seen, set()
        heads = [e.root for e in ents_of(doc) if e.label_ == "PERSON"]
        heads += [t for t in tokens_of(doc) if (t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN")
                  or (t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat", "amod", "poss"))]  # names the NER missed
        fresh = {t.i: t for t in heads if (id(doc), t.i) not in seen}
        order = sorted(fresh.values(), key=lambda t: t.i)
        for head in order:
            self.resolve_one(head)
        self._heads_seen = set()

    def _speaker(self, pronoun: Token) -> ActorRef | None:
        """A quote's first person is its speaker: the subject of the speech verb that governs the pronoun's
        clause ("'We will not give up,' the minister said"); none when no speaker is named in the sentence."""
        for verb in pronoun.ancestors:
            if verb.lemma_.lower() in SPEECH_VERBS and verb.pos_ in ("VERB", "AUX"):
                for child in verb.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in FIRST_PERSON \
                            and child not in pronoun.ancestors:
                        speaker = self.resolve_one(child)
                        if speaker is not None:
                            return replace(speaker, text=pronoun.text)
                return None
        return None

    def _pair(self, head: Token) -> list[ActorRef]:
        words = {c.lower_ for c in head.children if c.dep_ in ("nummod", "det", "predet", "amod", "quantmod")}
        if head.lower_ in ("two", "both") and head.pos_ in ("NUM", "DET", "PRON") \
                and (head.lower_ == "both" or "the" in words) and head.dep_ in ("nsubj", "nsubjpass"):
            words = {head.lower_}  # "the two have clashed over ...", "both said": the last two parties named
        elif head.lower_ not in PAIR_NOUNS:
            return []
        if not words & {"two", "both"}:
            return []
        found: list[ActorRef] = []
        for actor in reversed(self.recent):
            if actor.country and all(actor.country != f.country for f in found):
                found.append(replace(actor, text=head.text))
            if len(found) == 2:  # in the order they were first named
                first = {a.country: next(i for i, r in enumerate(self.recent) if r.country == a.country) for a in found}
                return sorted(found, key=lambda a: first[a.country])
        return []

    def fallback(self, head: Token, places: bool = True, of: bool = True, nested_places: bool = False
                 ) -> ActorRef | None:
        """For an argument that names no actor ("Chile's role", "positions in Syria"): its owner or, when ``places``,
        its place (not for an agreement "signed in Doha": a venue is not a party). Without ``of``, an "of" phrase is not
        its owner (the bombing OF the embassy names the victim, never the bomber). With ``nested_places`` (force), a
        place the phrase's preposition names ("shelled positions in Idlib province") is its country."""
        owners = [] if head.lower_ in RELATIONAL_NOUNS else head.children  # "Turkey's allies" are not Turkey
        for child in owners:
            if child.dep_ in ("poss", "compound", "amod") and child.i < head.i:
                actor = self.resolve_one(child)
                if actor is not None:
                    return actor
        for child in head.children:
            # "decisions BY Donald Trump", "the bombing BY Turkish jets": the author of a thing or an act is its owner
            if child.dep_ == "prep" and ((of and child.lower_ == "of") or child.lower_ == "by"
                                         or (places and child.lower_ in ("in", "inside", "near", "across"))):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        actor = self.resolve_one(pobj)
                        if actor is None and nested_places and child.lower_ != "of":
                            actor = self.place(pobj)  # "positions in Idlib province"
                        if actor is not None:
                            if child.lower_ not in ("of", "by"):  # a place: the country, not its government
                                return replace(actor, sector=None, code=actor.country, role=None,
                                               kind="country", text=actor.text)
                            return actor
        return self.place(head) if places else None

    def place(self, head: Token) -> ActorRef | None:
        """A city or region named as an argument ("shelled Afrin", "the bombardment of Idlib"): the country it is
        in, as CAMEO codes an attack on a place (kind "place"; None for a place the gazetteer does not know)."""
        if self.place_country is None:
            return None
        if head.pos_ == "NOUN" and head.lower_ in PLACE_NOUNS:
            # "Idlib province", "Kandahar city", "the Afrin region": the name that modifies the place noun
            names = [c for c in head.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i < head.i]
            if not names:
                return None
            head = names[-1]
        if head.pos_ != "PROPN" or not head.text[:1].isupper():
            return None
        span = _entity_at(head) or _span_of([head])
        country = self.place_country(span.text)
        if country is None:
            return None
        country = self.dictionary.territory_on(country, self.on)
        return ActorRef(text=span.text, name=span.text, code=country, country=country, sector=None, role=None,
                        kind="place")

    def implied(self, country: str | None, sector: str | None, role: str) -> ActorRef:
        """An actor the text does not name but CAMEO's conventions imply (the government a protest addresses, the
        police behind "were arrested"): marked ``implied``, never presented as read from the text."""
        name = (self.dictionary.country_name(country) or country) if country else (sector or "")
        if country and sector:
            name = f"{name} ({sector})"
        return ActorRef(text="", name=name, code=(country or "") + (sector or "") or None, country=country,
                        sector=sector, role=role, kind="country" if country and not sector else "group", implied=True)

    def entity_list(self) -> list[Entity]:
        return list(self.entities.values())

    # ------------------------------------------------------------------ internals
    def _pronoun(self, head: Token) -> ActorRef | None:
        if head.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return None  # "those who attacked us", "some", "others": no antecedent to take
        same = self._antecedent_in_sentence(head)
        if same is not None:
            return replace(same, text=head.text)
        return self._antecedent_before(head)

    def _antecedent_in_sentence(self, pronoun: Token) -> ActorRef | None:
        """The nearest actor named before the pronoun in its own sentence, subjects first: "The US has signalled
        it will extend sanctions" -> the US, not the country of the previous sentence."""
        wants_person = pronoun.lower_ in PERSON_PRONOUNS
        start = max(0, pronoun.i - 40)
        heads = [t for t in pronoun.doc[start: pronoun.i] if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos")
                 and t.pos_ in ("PROPN", "NOUN")]
        heads.sort(key=lambda t: (t.dep_ not in ("nsubj", "nsubjpass"), -t.i))
        if not pronoun.lower_.endswith(("self", "selves")):
            # a plain pronoun is never its own clause's subject: "the SDF pushed them" -> not the SDF
            verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
            verbs = {verb.i}
            while verb.dep_ == "conj" and verb.head.i != verb.i:  # "X was critical of the court and urged it": X
                verb = verb.head                                 # is the subject of "urged" too
                verbs.add(verb.i)
            heads = [t for t in heads if not (t.head.i in verbs and t.dep_ in ("nsubj", "nsubjpass"))]
        for t in heads[:6]:
            actor = self._from_tokens(t, np_tokens(t))
            if actor is None:
                continue
            is_person = actor.kind == "person" or _holds_office(actor, t)  # "the governor said that he ..."
            if wants_person == is_person and (wants_person or actor.code):
                if pronoun.lower_ in ("they", "them", "their", "themselves") and actor.kind == "person":
                    continue
                return actor
        return None

    def _antecedent_before(self, head: Token) -> ActorRef | None:
        lower = head.lower_
        if lower in PERSON_PRONOUNS:
            for actor in reversed(self.recent):
                if actor.kind == "person" or any(actor is p for p in self.office_holders_seen):
                    return replace(actor, text=head.text)
            return None
        if lower in ("it", "its", "itself"):
            if head.dep_ in ("expl",) or head.head.lemma_ in ("be",) and head.dep_ == "nsubj" and not self.recent:
                return None
            for actor in reversed(self.recent):
                if actor.kind in ("country", "organization", "group") and actor.code:
                    return replace(actor, text=head.text)
            return None
        for actor in reversed(self.recent):
            if actor.kind != "person" and not any(actor is p for p in self.office_holders_seen):
                return replace(actor, text=head.text)  # "they" is never one office-holder ("the governor")
        return None

    def _from_tokens(self, head: Token, tokens: list[Token]) -> ActorRef | None:
        span = _span_of(tokens)
        doc = head.doc
        # a name that starts in the phrase counts whole, even when the parse cut it ("the president of the Vishwa
        # Hindu | Parishad": the parser made "Parishad" an apposition of its own)
        in_phrase = [e for e in ents_of(doc) if span.start <= e.start < span.end]
        others = [e for e in in_phrase if _other_party(e, head)]  # patrons, the other side of a relation
        ents = [e for e in in_phrase if e.label_ in ENTITY_LABELS and e not in others]
        country: str | None = None
        country_kind: str | None = None
        sector: str | None = None
        role: str | None = None
        person: str | None = None
        org = None
        name: str | None = None
        where: str | None = None  # the country of a region or city named in the phrase ("Gujarat government")
        d = self.dictionary
        for ent in ents:
            text = ent.text
            if text.lower() in self.excluded:
                continue
            if (
                ent.label_ == "PERSON"
                and org is None and d.match_organization(text, self.on) is None and d.match_country(text, self.on) is None
            ):
                person = _strip_title(text, d)
                continue
            match_org = d.match_organization(text, self.on)
            if match_org is not None:
                org = match_org
                continue
            match = d.match_country(text, self.on)
            if match is not None:
                country = country or self._state(match)
                country_kind = country_kind or "country"
                continue
            cap = d.match_capital(text, self.on)
            if cap is not None:
                country = country or self._state(cap)
                is_head = ent.start <= head.i < ent.end and cap.validity != "outside"  # Juba was no capital in 2000
                country_kind = country_kind or ("capital" if is_head else "place")
                continue
            if ent.label_ == "PERSON":
                person = _strip_title(text, d)
            elif where is None and self.place_country is not None and not (ent.start <= head.i < ent.end) \
                    and not self._in_title(span.text, text) and text.lower() not in d.peoples:
                where = self.place_country(text)  # the small model labels "Gujarat" NORP, "Idlib" ORG
        if where is None and self.place_country is not None:
            other_tokens = {t.i for e in others for t in e}
            for t in tokens:  # a place name the NER missed: a proper-noun modifier ("Idlib rebels")
                if t.i != head.i and t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ in ("", "GPE", "LOC") \
                        and t.i not in other_tokens \
                        and t.lower_ not in d.peoples:  # "Arab" is a people, not Arab, Alabama
                    where = self.place_country(t.text)
                    if where is not None:
                        break
        if country is None:
            for t in tokens:  # "U.S.-led coalition", "Saudi-led forces": the leading country's (one token)
                if t.lower_.endswith("-led") and len(t.text) > 4:
                    match = d.match_country(t.text[:-4], self.on)
                    country = match.code if match is not None else None
        if country is not None and any(t.lower_ == "ethnic" for t in tokens):
            # CAMEO codes an ethnic group by the country it lives in: "ethnic Albanians in Macedonia" -> MKD;
            # with no place named, a civilian group whose country the event's place or sentence may tell
            country = self._residence(head)
            if country is None and sector is None:
                sector = "CVL"
        # titles and sector nouns anywhere in the phrase
        patrons = {t.i for e in others if _patron(e) for t in e}
        title = d.match_title(span.text if not patrons else " ".join(t.text for t in span if t.i not in patrons))
        if title is not None:
            sector = title.sector
            role = title.role
            if title.country and not country:
                country = title.country
        if title is None and self._the_centre(head, tokens):
            sector, role = "GOV", "central government"
        people = None
        if country is None and org is None and person is None:
            people = next((d.peoples[t.lower_] for t in tokens if t.lower_ in d.peoples), None)
            if people is not None:
                # "Kurdish forces", "the Kurds": a people of several states; its country is where it acts
                sector = people if sector in ("MIL", "UAF") else (sector or "CVL")
        if country is None and where is not None and sector is not None:
            country = where  # "the Gujarat government", "Idlib rebels", "the people of Gujarat": the place's country
        if country is None and sector in LOCAL_SECTORS and org is None and person is None:
            country = self._residence(head, own_phrase_only=True)  # "Kurdish militias in Afrin", "protesters in Cairo"
        holder = None
        # a name the NER missed or mislabelled ("Vajpayee" tagged GPE): nothing in the phrase resolved
        if person is None and org is None and country is None and _name_like(head, tokens, self.people):
            known = self.people.get(head.lower_) or self.people.get(span.text.lower())
            if known is not None:
                return replace(known, text=span.text)
            holder = self._office_holder(span) if head.text[:1].isupper() else None
            if holder is not None:  # a leader's name the NER did not tag
                person = _name_tokens(span)
        if person is not None:
            known = self.people.get(person.lower()) or self.people.get(person.split()[-1].lower())
            if known is not None and not (country or role):
                return replace(known, text=span.text)
            if known is not None:
                country = country or known.country
                role = role or known.role
                sector = sector or known.sector
            if holder is None and not country:
                holder = self._office_holder(span, person)
            if holder is not None and not country:  # "President Reagan" in 1985: the dated table of office-holders
                person = holder.name
                role = role or holder.role
                if holder.country.startswith(("IGO", "NGO")):
                    return ActorRef(text=span.text, name=holder.name, code=holder.country, country=None,
                                    sector=holder.sector, role=role, kind="person")
                country = holder.country
                sector = sector or holder.sector
            name = person
        if org is not None and person is None:
            code = org.code
            return ActorRef(text=span.text, name=org.name, code=code, country=org.country,
                            sector=org.sector or sector, role=role, kind="organization")
        if org is not None and person is not None:
            country = country or org.country
            sector = org.sector or sector  # "the president of the VHP" leads the VHP, not a government
        if country is None and role is not None and person is None:
            known = self._coreferent_title(head, role, sector, span)
            if known is not None:
                return known
        if country is None and org is None and person is None:
            own = self._speakers_own(head, tokens, span)
            if own is not None and own.kind == "organization":
                return own  # "our forces" in an SDF spokesman's quote: the SDF
            if own is not None:
                country = own.country  # "our government", "our soldiers" in an Indian minister's quote: India's
        if country is None and sector is None and person is None:
            return None
        if person is None and country is not None and sector is None and country_kind == "capital":
            sector = "GOV"  # "Brasilia said", "Washington warned": the government
        kind = "person" if person else ("country" if sector is None else "people" if people else "group")
        actor_code = (country or "") + (sector or "") if (country or sector) else None
        if not name:
            name = _country_name(d, country) if country and not role else span.text
        return ActorRef(text=span.text, name=name, code=actor_code or None, country=country, sector=sector,
                        role=role, kind=kind)

    def _speakers_own(self, head: Token, tokens: list[Token], span: Span) -> ActorRef | None:
        """ "our forces", "my government" in a quote: what belongs to the quote's speaker. An organisation the
        speaker speaks for when it has a code of its own (SYRREBSDF, IGOUNO); else an actor of the speaker's
        country. None without a named speaker with a country or code."""
        mine = next((t for t in tokens if t.dep_ == "poss" and t.lower_ in ("our", "my") and t.head.i == head.i), None)
        if mine is None:
            return None
        speaker = self._speaker(mine)
        if speaker is None or not (speaker.country or speaker.code):
            return None
        code = speaker.code or ""
        if len(code) > 6 or code.startswith(("IGO", "NGO", "IMG")):
            return ActorRef(text=span.text, name=speaker.name if speaker.kind != "person" else span.text, code=code,
                            country=speaker.country, sector=speaker.sector, role=None, kind="organization")
        return replace(speaker, text=span.text, role=None, kind="country")

    def _state(self, match: CountryMatch) -> str:
        """The state a matched name stood for on the article's date: Juba before 2011 is Sudan's."""
        if match.validity == "outside":
            return self.dictionary.territory_on(match.code, self.on)
        return match.code

    def _office_holder(self, span: Span, person: str | None = None):  # -> PersonMatch | None
        """Who held an office on the article's date under this name (data/actors/people.tsv); in an undated
        article only what the name means whatever the date (see :meth:`PeopleTable.match`)."""
        if self.office_holders is None:
            self.office_holders = load_people()
        for text in filter(None, (person, span.text)):
            found = self.office_holders.match(text, self.on)
            if found is not None:
                return found
        return None

    def _residence(self, head: Token, own_phrase_only: bool = False) -> str | None:
        """The country a group lives or acts in, from an ``in``/``from``/``of`` phrase on its noun (and, unless
        ``own_phrase_only``, on the verb it is the subject of)."""
        holders = [head] + [c for c in head.children if c.dep_ in ("acl", "relcl")]
        if not own_phrase_only and head.dep_ in ("nsubj", "nsubjpass") and head.head != head:
            holders.append(head.head)  # "ethnic Albanians demonstrated in Macedonia"
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            for ent in ents_of(pobj.doc):
                                if ent.start <= pobj.i < ent.end and ent.label_ in ("GPE", "LOC"):
                                    match = self.dictionary.match_country(ent.text, self.on) or \
                                        self.dictionary.match_capital(ent.text, self.on)
                                    if match is not None:
                                        return self._state(match)
                                    if own_phrase_only and self.place_country is not None:
                                        found = self.place_country(ent.text)
                                        if found is not None:
                                            return found
        return None

    def _coreferent_title(self, head: Token, role: str, sector: str | None, span: Span) -> ActorRef | None:
        """ "the minister", "the ministry", "the president": the latest actor with that role or sector."""
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if not dets & (COREF_DETS | {"his", "her", "its", "their"}):
            return None
        for actor in reversed(self.recent):
            if actor.role and (actor.role == role or actor.role.endswith(role) or role.endswith(actor.role)):
                return replace(actor, text=span.text)
        named = self._countries_named(head.doc)
        for actor in reversed(self.recent):
            if sector and actor.sector == sector and actor.country:
                if named and actor.country not in named:
                    return None  # "... in Turkey, when the authorities arrested him": this sentence's country decides
                if actor.kind == "person" and head.tag_ in ("NNS", "NNPS"):
                    # "Modi called upon the sarpanchs": officials of the chief minister's country, not Modi himself
                    return ActorRef(text=span.text, name=span.text, code=actor.country + sector, country=actor.country,
                                    sector=sector, role=role, kind="group")
                return replace(actor, text=span.text, role=role if actor.kind != "person" else actor.role)
        return None

    def _in_title(self, phrase: str, name: str) -> bool:
        """``name`` is a word of the title the phrase holds: "Justice" of "Justice Minister Rodrigo Apaza-Cruz" is
        no place (there is a Justice, Illinois)."""
        title = self.dictionary.match_title(phrase)
        return title is not None and name.lower() in title.matched.lower()

    def _the_centre(self, head: Token, tokens: list[Token]) -> bool:
        """Indian English "the Centre": the national government, as a bare argument ("urged the Centre to act"),
        written with its capital, or lower case in an all-lower-case archive; never "the centre of Aleppo" or "a
        detention centre"."""
        if head.lower_ not in ("centre", "center") or [t.lower_ for t in tokens] != ["the", head.lower_]:
            return False
        if any(c.dep_ in ("prep", "acl", "relcl", "amod", "compound") for c in head.children):
            return False
        if head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "near", "of", "into", "from", "around"):
            return False
        return head.text[0].isupper() if not self.article.lowercase else True

    def _countries_named(self, doc: Doc) -> set[str]:
        """The countries a sentence names by a country name, adjective or capital."""
        found: set[str] = set()
        for ent in ents_of(doc):
            if ent.label_ in ("GPE", "NORP"):
                match = self.dictionary.match_country(ent.text, self.on) or self.dictionary.match_capital(ent.text, self.on)
                if match is not None:
                    found.add(self._state(match))
        return found

    def _remember(self, actor: ActorRef, person_like: bool = False) -> None:
        self.recent.append(actor)
        if person_like:
            self.office_holders_seen.append(actor)
        if len(self.recent) > 30:
            del self.recent[:10]
            del self.office_holders_seen[:-10]
        if actor.country:
            self.countries[actor.country] += 1
        if actor.kind == "person":
            key = actor.name.lower()
            if key not in self.people or (actor.country and not self.people[key].country):
                self.people[key] = actor
                self.people[key.split()[-1]] = actor
        entity_key = actor.name if actor.kind == "person" else (actor.code or actor.name)
        entity = self.entities.get(entity_key)
        if entity is None:
            entity = Entity(name=actor.name, type=actor.kind or "actor", code=actor.code, country=actor.country,
                            sector=actor.sector, role=actor.role)
            self.entities[entity_key] = entity
        if actor.text not in entity.mentions:
            entity.mentions.append(actor.text)


def _head_key(head: Token) -> str:
    """The head noun of an actor phrase as a key: its lemma, lower case ("Forces" and "forces" alike)."""
    return (head.lemma_ or head.text).lower()


def _holds_office(actor: ActorRef, head: Token) -> bool:
    """A singular title that names the one person holding an office ("the governor", "the foreign minister"), not a
    body ("the ministry", "the government"): a he/she can refer back to it."""
    return (actor.kind == "group" and actor.role is not None and head.tag_ == "NN"
            and head.lemma_.lower() not in BODY_NOUNS and head.lower_ not in BODY_NOUNS)


def _merge(primary: ActorRef, other: ActorRef) -> ActorRef:
    """ "his counterpart, Deputy Foreign Minister Ana Ruiz": the appositive's name and more precise role win."""
    country = primary.country or other.country
    sector = primary.sector or other.sector
    kind = "person" if "person" in (primary.kind, other.kind) else primary.kind
    name = other.name if other.kind == "person" else primary.name
    role = other.role if (primary.role in (None, "counterpart") and other.role) else (primary.role or other.role)
    base = (country or "") + (sector or "")
    # an organisation's own code survives when it extends the merged one ("Kofi Annan, the UN secretary-general":
    # IGOUNO, not IGO; "the president of the VHP": INDRELVHP)
    codes = [c for c in (primary.code, other.code) if c and c.startswith(base)]
    code = max(codes, key=len) if codes else base or None
    return ActorRef(text=primary.text, name=name, code=code, country=country, sector=sector, role=role, kind=kind)


def _patron(ent: Span) -> bool:
    """ "Russian-backed", "Iranian-sponsored": the entity names whoever backs the actor. Hyphenated only: in "US
    armed forces" the forces are American."""
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].text in ("-", "–") and doc[ent.end + 1].lower_ in PATRON_WORDS


def _negated_name(ent: Span) -> bool:
    """ "non-BJP parties", "anti-Congress forces": everyone but the name, or its opponents."""
    doc = ent.doc
    start = ent.start
    if start >= 1 and doc[start - 1].lower_ in NEGATING_PREFIXES:  # "nonBJP" tokenised apart, "anti BJP"
        return True
    return start >= 2 and doc[start - 1].text in ("-", "–") and doc[start - 2].lower_ in NEGATING_PREFIXES


def _other_party(ent: Span, head: Token) -> bool:
    """An entity in an actor's phrase that names someone else: a patron ("Russian-backed forces") or the possessor
    of a relational noun ("America's Kurdish allies", "US allies", "Iran's proxies")."""
    if _patron(ent) or _negated_name(ent):
        return True
    root = ent.root
    return head.lower_ in RELATIONAL_NOUNS and root.head.i == head.i and root.dep_ in ("poss", "compound", "nmod")


def _appositions(head: Token, tokens: list[Token]) -> list[Token]:
    """The appositions of a noun phrase: of its head, and a name the parse hung on the last noun of its own of/for
    phrase ("the UN special envoy for Syria, Staffan de Mistura,": "Mistura" attached to "Syria")."""
    out = [c for c in head.children if c.dep_ == "appos"]
    last = tokens[-1]
    if last.i > head.i and last.dep_ == "pobj" and last.head.head.i == head.i:
        out += [c for c in last.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ != "GPE"]
    return out


def _entity_at(token: Token) -> Span | None:
    for ent in ents_of(token.doc):
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _holder_name(span: Span) -> str:
    """The name of an office-holder named in apposition to the office ("Staffan de Mistura")."""
    return " ".join(t.text for t in span if t.pos_ == "PROPN") or span.text


def _name_tokens(span: Span) -> str:
    """The proper-noun words of a phrase ("President Reagan" -> "Reagan")."""
    return " ".join(t.text for t in span if t.pos_ == "PROPN" and t.text[:1].isupper()) or span.text


def _strip_title(text: str, d: ActorDictionary) -> str:
    """ "President Ana Ruiz" -> "Ana Ruiz" when the NER span swallowed a title."""
    words = text.split()
    while len(words) > 1 and d.match_title(words[0]) is not None:
        words = words[1:]
    return " ".join(words)


def _country_name(d: ActorDictionary, code: str) -> str:
    name = d.country_name(code) if hasattr(d, "country_name") else None
    return name or code
