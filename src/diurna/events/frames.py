"""Grammatical frames: where a trigger's source and target actors sit in the dependency tree."""

from __future__ import annotations

from spacy.tokens import Token

from diurna.events.patterns import Pattern
from diurna.nlp import children_of

SUBJ_DEPS = ("nsubj", "csubj")
INHERIT_DEPS = ("xcomp", "conj", "advcl", "acl", "pcomp", "relcl")


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children_of(token))


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in children_of(token) if c.dep_ in deps]


def prep_objects(token: Token, prep: str) -> list[Token]:
    """Objects of the preposition ``prep`` hanging on ``token`` ("sanctions ON Iran", "talks WITH Chile")."""
    out: list[Token] = []
    for child in children_of(token):
        if child.dep_ in ("prep", "agent", "dative", "prt") and child.lower_ == prep:
            out.extend(c for c in children_of(child) if c.dep_ in ("pobj", "pcomp"))
    return out


CONTROL_NOUNS = {"readiness", "willingness", "intention", "intent", "desire", "determination", "commitment",
                 "plan", "plans", "decision", "effort", "efforts", "attempt", "attempts", "bid", "offer", "promise",
                 "pledge", "threat", "threats", "call", "calls", "agreement", "move", "order", "request", "proposal",
                 "demand", "demands", "refusal", "failure", "ability", "right", "eagerness", "interest", "resolve"}


def subject(token: Token) -> list[Token]:
    """The grammatical subject of ``token``, inherited through infinitives, conjoined verbs and participles."""
    culprit = culpable_subject(token) if token.pos_ == "VERB" else []
    if culprit:
        return culprit
    seen = 0
    current = token
    while seen < 5:
        if current.dep_ == "acl" and current.head != current and current.pos_ in ("VERB", "AUX") \
                and not children(current, *SUBJ_DEPS):  # "a reminder that Iraq must cooperate": Iraq
            if current.tag_ == "VBN":
                return prep_objects(current, "by")  # "fighters captured (by X)": the head noun is the object
            if current.head.lemma_.lower() not in CONTROL_NOUNS:
                return [current.head]  # "militants surrendering to the SDF"
            owners = [c for c in current.head.children if c.dep_ == "poss"
                      or (c.dep_ in ("compound", "amod", "nmod") and c.i < current.head.i
                          and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE")))]
            if owners:
                return owners  # "welcomed the US decision to lift sanctions", "Turkey's plan to build a wall"
        passive = is_passive(current)
        if passive:
            agents = prep_objects(current, "by")
            if agents:
                return agents
            if current != token:
                return children(current, "nsubjpass")  # "X is expected to visit": X visits
            if children(current, "nsubjpass"):
                return []  # "jailed after he was convicted": he is the one convicted; who convicted him is unsaid
        else:
            subs = children(current, *SUBJ_DEPS)
            if subs:
                return subs
        if current.pos_ == "ADJ" and current.dep_ == "acomp" and current.head != current:
            current = current.head  # "the minister was critical of X": the copula's subject
            seen += 1
            continue
        if current.pos_ in ("NOUN", "PROPN") and current.dep_ in ("dobj", "attr", "pobj", "acomp") \
                and current.head != current:
            current = current.head  # "expressed readiness to cooperate": the one who expressed it
            seen += 1
            continue
        if current.dep_ == "relcl" and current.head != current:
            return [current.head]  # "Chile, which visited ..."
        if current.dep_ in INHERIT_DEPS and current.head != current:
            speaker = _speaker_of_conjoined_act(current)
            if speaker:
                return speaker
            if current.dep_ == "xcomp" and current.head.lemma_ in OBJECT_CONTROL:
                controller = children(current.head, "dobj") or prep_objects(current.head, "on") \
                    or prep_objects(current.head, "upon")
                if controller:
                    return controller  # "urged Iran to release", "called on Iran to release": Iran releases
            current = current.head
            seen += 1
            continue
        if current.dep_ == "acl" and current.head != current:
            return [current.head]
        if current.dep_ == "prep" and current.lower_ in ("in", "by", "at") and current.head.pos_ == "NOUN" \
                and current.head.dep_ == "dobj" and current.head.head.pos_ == "VERB":
            # a gerund after a verb's object: "led the way in condemning", "played a role in freeing": the verb's
            # subject does it
            current = current.head.head
            seen += 1
            continue
        if current.dep_ == "prep" and current.head != current and current.head.pos_ in ("VERB", "AUX", "ADJ"):
            # a gerund after a preposition: "resorted to throwing stones", "responded by expelling diplomats";
            # "accused Iran of violating", "praised Chile for releasing": the object did it
            if current.lower_ in ("of", "for", "from", "against"):  # "prevented Peru from attacking"
                objects = children(current.head, "dobj")
                if objects:
                    return objects
            current = current.head
            seen += 1
            continue
        return []
    return []


OBJECT_CONTROL = {"urge", "ask", "call", "want", "wish", "force", "persuade", "order", "tell", "allow", "invite", "press",
                  "pressure", "encourage", "help", "request", "compel", "require", "permit", "enable"}


def for_clause_subjects(token: Token) -> list[Token]:
    """ "called for the UN to act": the parser makes "for the UN to act" a clause (mark "for", subject "the UN")."""
    return [s for c in children(token, "advcl") if any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
            for s in children(c, "nsubj")]


NOT_OBJECT_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def direct_objects(token: Token) -> list[Token]:
    if is_passive(token):
        return children(token, "nsubjpass")
    if token.dep_ == "acl" and token.tag_ == "VBN" and token.head != token:
        return [token.head]  # "tens of thousands of fighters captured": the fighters were captured
    objs = children(token, "dobj")
    if not objs:
        # "lodged a protest", "open fire": particles and attributes sometimes carry the object
        objs = children(token, "attr", "oprd")
    if not objs:
        # "forces shelled Aleppo on Tuesday": the small model hangs a name right after the verb as an adverbial
        # noun; a name that is no date or number there is the object
        objs = [c for c in children(token, "npadvmod") if c.pos_ == "PROPN" and c.i > token.i
                and c.ent_type_ not in NOT_OBJECT_ENTITIES]
    if not objs:
        # "Putin, the Russian president, welcomed the US move": the small model sometimes takes a noun phrase after
        # the verb for a clause; a "clause" headed by a noun, with no subject or verb of its own, is the object
        objs = [c for c in children(token, "ccomp") if c.pos_ in ("NOUN", "PROPN") and c.i > token.i
                and not any(g.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "cop") for g in c.children)]
    return objs


def object_candidates(token: Token) -> list[Token]:
    """Nouns that may fill a light verb's object: the object, its compounds, and "in aid" / "of aid" phrases."""
    out: list[Token] = []
    for obj in direct_objects(token):
        out.append(obj)
        for child in obj.children:
            if child.dep_ == "compound":
                out.append(child)
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                out.extend(c for c in child.children if c.dep_ == "pobj")
    for child in token.children:
        if child.dep_ == "prt":
            out.append(child)
        if child.dep_ == "prep" and child.lower_ in ("in",):
            out.extend(c for c in child.children if c.dep_ == "pobj" and c.lemma_.lower() in ("aid", "assistance"))
    return out


def between_pair(token: Token) -> list[Token]:
    for obj in prep_objects(token, "between"):
        return [obj] + [c for c in obj.conjuncts if c.i > obj.i]
    return []


def modifier_lemmas(token: Token, obj: Token | None) -> set[str]:
    lemmas: set[str] = set()
    for t in (token, obj):
        if t is None:
            continue
        lemmas.add(t.lemma_.lower())
        lemmas.add(t.lower_)
        for child in t.children:
            if child.dep_ in ("compound", "amod", "nmod", "npadvmod", "advmod", "dobj", "nsubjpass"):
                lemmas.add(child.lemma_.lower())
                lemmas.add(child.lower_)
            if child.dep_ == "compound":  # "military aid program": military modifies aid, aid the program
                for mod in child.children:
                    if mod.dep_ in ("compound", "amod"):
                        lemmas.add(mod.lemma_.lower())
                        lemmas.add(mod.lower_)
            if child.dep_ in ("prep", "agent"):  # "killed BY a roadside bomb", "in a landmine blast"
                for grand in child.children:
                    if grand.dep_ in ("pobj", "pcomp"):
                        lemmas.add(grand.lemma_.lower())
                        lemmas.add(grand.lower_)
                        for mod in grand.children:
                            if mod.dep_ in ("compound", "amod", "dobj"):
                                lemmas.add(mod.lemma_.lower())
            if child.dep_ == "xcomp":
                lemmas.add(child.lemma_.lower())
            if child.dep_ in ("nsubj", "nsubjpass") and child.ent_type_ == "":
                # "a car bomb killed ...", "suicide bombers killed ...": the means named as the subject
                lemmas.add(child.lemma_.lower())
                lemmas.update(m.lemma_.lower() for m in child.children if m.dep_ in ("compound", "amod"))
    if obj is not None and obj.head != token:
        lemmas.add(obj.head.lemma_.lower())
    return lemmas


NESTED_PREPS = {"from", "to"}  # who is asked or given something may be named on the thing ("aid to Chile")


def slot_tokens(slot: str, trigger: Token, obj: Token | None, pattern: Pattern) -> list[Token]:
    """The tokens that fill ``slot`` for this trigger (see ``data/events/patterns.yaml`` for the slot names)."""
    passive = trigger.pos_ in ("VERB", "AUX") and is_passive(trigger)
    if slot == "subj":
        if pattern.kind == "noun":
            return _noun_subject(trigger)
        return subject(trigger)
    if slot == "dobj":
        if pattern.kind == "noun":
            return []
        objs = direct_objects(trigger)
        return [o for o in objs if o is not obj or not pattern.object]
    if slot == "iobj":
        return children(trigger, "iobj")
    if slot == "dative":
        found = children(trigger, "dative") + prep_objects(trigger, "to")
        verb = _light_verb(trigger) if pattern.kind == "noun" and not found else None
        return found if verb is None else children(verb, "dative") + prep_objects(verb, "to")
    if slot == "attr":
        return children(trigger, "attr")
    if slot in ("agent", "by"):
        return prep_objects(trigger, "by")
    if slot == "executor":
        return executor(trigger) if pattern.kind == "noun" else []
    if slot == "poss":
        return children(trigger, "poss")
    if slot == "of":
        return prep_objects(trigger, "of")
    if slot == "between":
        return between_pair(trigger) or [t for v in _carrier(trigger, pattern) for t in between_pair(v)]
    if slot.startswith("prep:"):
        found = prep_objects(trigger, slot[5:]) or [t for v in _carrier(trigger, pattern)
                                                   for t in prep_objects(v, slot[5:])]
        if not found and slot == "prep:for" and pattern.kind == "verb":
            found = for_clause_subjects(trigger)  # "called for the council to act": the council
        verb = _light_verb(trigger) if pattern.kind == "noun" and not found else None
        if verb is not None:
            # "gave assurances TO Ankara", "raised slogans AGAINST the government": the parser often hangs the
            # noun's own phrase on the verb that carries it
            found = prep_objects(verb, slot[5:])
        if not found and slot[5:] in NESTED_PREPS and trigger.pos_ == "VERB":
            # "pleading for help FROM the administration": the phrase hangs on the thing asked for
            for held in [c for p in children(trigger, "prep") for c in children(p, "pobj")] + direct_objects(trigger):
                found += prep_objects(held, slot[5:])
        return found
    if slot.startswith(("xcomp.", "ccomp.", "acl.")):
        dep, rest = slot.split(".", 1)
        out: list[Token] = []
        clauses = children(trigger, dep)
        if dep == "acl":  # a noun's that-clause: "complaints THAT US deployments were illegal"
            clauses = [x for x in clauses if any(c.dep_ == "mark" and c.lower_ == "that" for c in x.children)]
        for x in clauses:
            if rest == "dobj":
                out.extend(direct_objects(x))
            elif rest == "subj":
                out.extend(children(x, "nsubj", "nsubjpass"))
            elif rest.startswith("prep:"):
                out.extend(prep_objects(x, rest[5:]))
        return out
    if slot.startswith("object."):
        if obj is None:
            return []
        rest = slot[7:]
        if rest == "between":
            return between_pair(obj)
        if rest == "poss":
            return children(obj, "poss")
        if rest == "of":
            return prep_objects(obj, "of")
        if rest.startswith("prep:"):
            found = prep_objects(obj, rest[5:])
            if not found and rest == "prep:by":
                # "welcomed the initiative taken by the Shankaracharya", "the steps announced by the government": the
                # author is the agent of the participle that describes the act
                found = [t for acl in children(obj, "acl") if acl.tag_ == "VBN" for t in prep_objects(acl, "by")]
            return found
    _ = passive
    return []


# "clashes continued with Isis", "fighting raged between the army and rebels": a verb that only says an event noun goes
# on carries the noun's participants
# (not "end", "ease", "subside": "the clashes ended with the arrival of troops" names a cause, not a party)
ASPECTUAL_VERBS = {"continue", "rage", "erupt", "break", "intensify", "resume", "escalate", "flare", "spread", "persist",
                   "begin", "start", "drag", "go", "rumble"}


def _light_verb(noun: Token) -> Token | None:
    """The verb whose direct object an event noun is ("paid tribute", "issued a warning"), unless the verb receives,
    wants or judges the act rather than doing it ("won the backing of", "sought support")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() not in RECIPIENT_VERBS:
        return head
    return None


def _carrier(noun: Token, pattern: Pattern) -> list[Token]:
    """The aspectual verb whose subject is the event noun ``noun`` (``[]`` for anything else)."""
    if pattern.kind != "noun" or noun.dep_ != "nsubj" or noun.head.lemma_.lower() not in ASPECTUAL_VERBS:
        return []
    return [noun.head]


RECEIVING_VERBS = {"receive", "get", "obtain", "accept", "face", "suffer", "survive", "escape", "endure", "witness",
                   "win", "gain", "garner", "secure", "earn", "enjoy", "attract", "lose"}  # "won the backing of X"
# "need aid", "condemned the attack": the noun's act is wanted or judged, not reported as happening
NOT_HAPPENING_VERBS = {"need", "require", "seek", "lack", "want", "await", "request", "demand", "ask", "deny", "refuse",
                       "reject", "fear", "condemn", "criticize", "criticise", "denounce", "protest", "oppose", "urge",
                       "prevent", "avert", "avoid", "threaten", "plan", "propose", "consider", "discuss",
                       # an act ended or taken back: "withdrew its support", "lifted the curfew", "called off the march"
                       "withdraw", "lift", "end", "abandon", "drop", "suspend", "halt", "stop", "cancel", "postpone",
                       "revoke", "scrap", "retract"}
RECIPIENT_VERBS = RECEIVING_VERBS | NOT_HAPPENING_VERBS


def recipient_of(noun: Token) -> list[Token]:
    """ "the town suffered air strikes", "Kenya received aid": the subject receives the act the noun names."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in RECEIVING_VERBS:
        return subject(head)
    if noun.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_.lower() in ("come", "be", "remain"):
        return subject(head.head)  # "the town came under airstrikes", "Idlib is under siege"
    return []


def not_happening(noun: Token) -> bool:
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in NOT_HAPPENING_VERBS


def _noun_subject(noun: Token) -> list[Token]:
    """Who carries out an event noun: the subject of its light verb ("X held talks", "X launched strikes")."""
    head = noun.head
    if noun.dep_ in ("dobj",) and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in RECIPIENT_VERBS:
            return []
        return subject(head)
    culprit = culpable_subject(noun)
    if culprit:
        return culprit
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB",) \
            and head.lower_ in ("in", "for", "to", "on", "during", "at", "after"):
        # "engaged in talks", "committed to assistance", "said during a meeting with Putin"
        return subject(head.head)
    return []


# "pressed ahead with a final assault", "continued its offensive", "waged a campaign": whoever does the verb carries
# out the act its object names
EXECUTION_VERBS = {"launch", "carry", "conduct", "mount", "stage", "unleash", "step", "continue", "begin", "start",
                   "resume", "renew", "intensify", "escalate", "expand", "widen", "press", "push", "pursue", "wage",
                   "lead", "spearhead", "undertake", "execute"}


def executor(noun: Token) -> list[Token]:
    """The subject of the verb that carries out an event noun: its direct object, or the object of its *with*
    ("pressing ahead with a final assault") or *on* ("pushed on with the offensive")."""
    head = noun.head
    verb = None
    if noun.dep_ == "dobj" and head.pos_ == "VERB":
        verb = head
    elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("with", "on") and head.head.pos_ == "VERB":
        verb = head.head
    if verb is None or verb.lemma_.lower() not in EXECUTION_VERBS:
        return []
    return subject(verb)


# verbs of saying that report a clause ("X said the situation was critical ...")
REPORTING_VERBS = {"say", "tell", "state", "add", "announce", "claim", "insist", "note", "stress", "declare",
                   "assert", "argue", "maintain", "allege", "admit", "acknowledge", "report"}
# acts a speaker goes on to do in the same breath ("... and called on all parties to ...")
SPEAKER_ACTS = {"call", "urge", "appeal", "demand", "ask", "warn", "vow", "pledge", "promise", "threaten", "accuse",
                "blame", "criticise", "criticize", "condemn", "reject", "deny", "welcome", "praise", "plead",
                "offer", "express", "voice", "thank", "invite", "reiterate", "renew", "repeat"}


def _speaker_of_conjoined_act(verb: Token) -> list[Token]:
    """ "The WHO said the situation was critical and called on all parties to ...": the parser often conjoins the
    second act to the reported clause, whose subject (the situation) did not call; the speaker did."""
    if verb.dep_ != "conj" or verb.lemma_.lower() not in SPEAKER_ACTS:
        return []
    clause = verb.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_VERBS:
        return []
    return children(clause.head, *SUBJ_DEPS)


def culpable_subject(token: Token) -> list[Token]:
    """ "X is responsible for mass killings", "X was guilty of violating the truce", "X was engaged in ethnic
    cleansing": X did the act that the noun or gerund names."""
    head = token.head
    if token.dep_ not in ("pobj", "pcomp") or head.dep_ != "prep" or head.lower_ not in ("for", "of", "in", "behind"):
        return []
    holder = head.head
    if holder.lemma_.lower() not in CULPABLE:
        return []
    while holder.dep_ in ("acomp", "amod", "attr") and holder.head != holder:
        holder = holder.head
    return children(holder, "nsubj", "nsubjpass") or subject(holder)


# "X is responsible for / guilty of / engaged in <event noun>": X did it
CULPABLE = {"responsible", "guilty", "accountable", "culpable", "engage", "engaged", "involve", "involved",
            "complicit", "behind"}
