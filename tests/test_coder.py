"""The coder on short fixtures of our own: one test per capability the coding issue names."""

from __future__ import annotations

import datetime as dt

import pytest

from diurna.articles import article_from_text
from diurna.config import Config
from diurna.pipeline import code as _code
from diurna.pipeline import code_articles

RULES_ONLY = frozenset({"learned"})  # the rules; the learned pass has tests/test_learned_model.py
ONE_SIDED = Config.from_env(one_sided_events=True)

WED = dt.date(2024, 5, 8)  # a Wednesday


def code(text, **kw):  # type: ignore[no-untyped-def]
    """The coder's rules (the learned pass is tested in tests/test_learned_model.py), keeping events with one side
    unnamed: these tests pin the rules' codes and actors; withholding them is tested in tests/test_one_sided.py."""
    return _code(text, skip_passes=RULES_ONLY, config=ONE_SIDED, **kw)


def events_of(text: str, date: dt.date | None = WED, **kw):
    return code(text, date=date, **kw).events


def find(events, cameo_prefix: str, modality: str | None = None):
    return [e for e in events if e.cameo.startswith(cameo_prefix) and (modality is None or e.modality == modality)]


def test_actual_visit_with_roles_date_and_place():
    events = events_of("Chile's Deputy Foreign Minister Ana Ruiz visited Brasilia on Tuesday.")
    visits = find(events, "042", "actual")
    assert len(visits) == 1
    visit = visits[0]
    assert visit.source.code == "CHLGOV"
    assert visit.source.role == "deputy foreign minister"
    assert visit.source.name == "Ana Ruiz"
    assert visit.target.country == "BRA"
    assert visit.date == dt.date(2024, 5, 7) and visit.date_precision == "day"
    assert visit.location is not None and visit.location.country == "BRA"
    assert visit.plover == "CONSULT" and visit.quad_class == 1


def test_anticipated_visit_is_kept_apart_from_actual_visit():
    events = events_of("Peru's foreign minister visited Quito on Monday. "
                       "Peru's president is expected to visit Ecuador next month.")
    visits = find(events, "042")
    assert sorted(e.modality for e in visits) == ["actual", "anticipated"]
    anticipated = next(e for e in visits if e.modality == "anticipated")
    assert anticipated.source.country == "PER" and anticipated.target.country == "ECU"


def test_future_weekday_resolves_forward_and_past_weekday_backward():
    events = events_of("Kenya's president will visit Uganda on Friday. Kenya's foreign minister visited Ethiopia on Monday.")
    future = find(events, "042", "anticipated")[0]
    past = find(events, "042", "actual")[0]
    assert future.date == dt.date(2024, 5, 10)
    assert past.date == dt.date(2024, 5, 6)


def test_unknown_publication_date_gives_unknown_event_date():
    events = events_of("Chile's foreign minister visited Argentina on Tuesday.", date=None)
    visit = find(events, "042")[0]
    assert visit.date is None and visit.date_precision == "unknown"


def test_repeated_report_is_one_event_with_several_mentions():
    text = ("Chile's foreign minister visited Argentina on Tuesday.\n\n"
            "The talks covered trade and energy.\n\n"
            "On Tuesday, Chile's foreign minister visited Argentina, the ministry said.")
    visits = find(events_of(text), "042")
    assert len(visits) == 1
    assert len(visits[0].mentions) == 2
    assert {m.sentence for m in visits[0].mentions} == {0, 2}


def test_author_is_never_an_actor():
    text = "By Marta Ilves\n\nEstonia's defence minister met Latvian officials in Riga on Tuesday, Ilves reported."
    article = code(text, date=WED)
    assert article.author == "Marta Ilves"
    names = {a.name for e in article.events for a in (e.source, e.target) if a is not None}
    assert not any("Ilves" in n for n in names)
    assert all("Ilves" not in (ent.name or "") for ent in article.entities)


def test_passive_voice_swaps_source_and_target():
    events = events_of("Dozens of protesters were arrested by Kenyan police in Nairobi on Tuesday.")
    arrests = find(events, "173")
    assert arrests, events
    assert arrests[0].source.code == "KENCOP"
    assert arrests[0].target is not None and arrests[0].target.sector == "CVL"


def test_a_joint_act_is_one_symmetric_event():
    events = events_of("Brazil and Argentina signed a trade agreement on Monday.")
    signed = find(events, "057")
    assert [(e.source.country, e.target.country, e.symmetric) for e in signed] == [("BRA", "ARG", True)]
    met = find(events_of("Vajpayee met Musharraf in Kathmandu on Saturday.", "2002-01-06"), "04")
    assert len(met) == 1 and met[0].symmetric


@pytest.mark.parametrize("text,root", [
    ("Chile and Peru met on Monday.", "04"),
    ("India and China held talks on the border dispute.", "04"),
    ("Egypt and Sudan held a meeting on the Nile dam.", "04"),
    ("Japan and Australia shared intelligence on North Korea.", "06"),
])
def test_conjoined_subjects_of_a_joint_act_are_its_two_parties(text, root):
    """ "Chile and Peru met": one meeting between them, not one each with nobody."""
    found = [e for e in events_of(text) if e.cameo.startswith(root)]
    assert len(found) == 1, [(e.cameo, e.source and e.source.code, e.target and e.target.code) for e in found]
    assert found[0].symmetric and found[0].source is not None and found[0].target is not None
    assert {found[0].source.country, found[0].target.country} == _countries(text)


def _countries(text: str) -> set[str]:
    names = {"Chile": "CHL", "Peru": "PER", "India": "IND", "China": "CHN", "Egypt": "EGY", "Sudan": "SDN",
             "Japan": "JPN", "Australia": "AUS"}  # North Korea is what they talk about, not a party
    return {code for name, code in names.items() if name in text}


def test_a_joint_act_with_a_named_partner_is_one_event_per_subject():
    found = [e for e in events_of("Germany, France and Britain held talks with Iran in Vienna.") if e.cameo[:2] == "04"]
    assert sorted((e.source.country, e.target.country) for e in found) == [("DEU", "IRN"), ("FRA", "IRN"),
                                                                           ("GBR", "IRN")]


def test_compound_subjects_are_not_crossed():
    events = events_of("Germany, France and Britain condemned Iran on Monday.")
    dyads = {(e.source.country, e.target.country if e.target else None) for e in events if e.cameo.startswith("1")}
    assert dyads == {("DEU", "IRN"), ("FRA", "IRN"), ("GBR", "IRN")}, events


def test_implied_actors_are_marked_in_a_field():
    events = events_of("Thousands of students protested in Santiago on Monday.", "2020-03-04")
    protest = find(events, "14")
    assert protest and protest[0].target.implied and protest[0].target.text == ""
    assert "(implied)" not in protest[0].target.name and not protest[0].source.implied


def test_reported_speech_codes_the_reported_act_not_the_statement():
    events = events_of("Ukraine's defence minister said Russian troops attacked Ukrainian villages on Monday.")
    attacks = find(events, "19")
    assert attacks and attacks[0].source.country == "RUS" and attacks[0].target.country == "UKR"
    assert not find(events, "01")


def test_negation_marks_the_event_negated():
    events = events_of("Bolivia did not sign the agreement with Peru.")
    signed = find(events, "057")
    assert signed and all(e.modality == "negated" for e in signed)


def test_no_default_code_when_nothing_fits():
    assert events_of("The weather in Santiago was mild and sunny on Tuesday.") == []


def test_intent_to_cooperate_and_praise():
    events = events_of("Brazil's foreign minister praised Chile's role in the region and "
                       "expressed readiness to cooperate with Chile on energy.")
    assert find(events, "051") and find(events, "051")[0].target.country == "CHL"
    intents = find(events, "03")
    assert intents and intents[0].source.country == "BRA" and intents[0].target.country == "CHL"


def test_threat_and_accusation():
    events = events_of("Iran threatened to attack Israeli ships. Russia accused Ukraine of shelling the plant.")
    assert find(events, "13") and find(events, "13")[0].source.country == "IRN"
    accuse = find(events, "112")
    assert accuse and accuse[0].source.country == "RUS" and accuse[0].target.country == "UKR"
    assert not find(events, "19")  # the shelling is alleged, not coded as having happened


def test_hyphenated_person_name_is_a_person_with_role():
    events = events_of("Germany's state secretary for foreign trade and development, Hans-Peter Kessler, "
                       "visited Port-au-Prince on Tuesday. Kessler met Haitian officials.")
    visit = find(events, "042")[0]
    assert visit.source.code == "DEUGOV" and visit.source.name == "Hans-Peter Kessler"
    assert visit.target.country == "HTI"
    meet = find(events, "04")
    assert any(e.source.name == "Hans-Peter Kessler" and e.target.country == "HTI" for e in meet)


def test_air_strike_light_verb():
    events = events_of("Israeli jets launched an air strike against Hamas positions in Gaza on Sunday.")
    strikes = find(events, "195")
    assert strikes and strikes[0].source.country == "ISR"


def test_sanctions_on_target():
    events = events_of("The European Union imposed sanctions on Belarus on Monday.")
    sanctions = find(events, "163")
    assert sanctions and sanctions[0].target.country == "BLR"
    assert sanctions[0].source.code.startswith("IGO") or sanctions[0].source.sector == "IGO"


def test_batch_keeps_order_and_ids():
    arts = [article_from_text(t, id=f"a{i}", date=WED) for i, t in enumerate(
        ["France expelled two Russian diplomats.", "Police arrested 12 protesters in Lagos on Friday."])]
    out = list(code_articles(arts))
    assert [a.id for a in out] == ["a0", "a1"]
    assert find(out[0].events, "16") and find(out[1].events, "173")


@pytest.mark.parametrize("text", ["", "   ", "$$$ ### 123", "a" * 5000, "Chile.\n\n\n.", "\u202e\u0000 odd"])
def test_no_exception_escapes_for_any_text(text):
    article = code(text, date=WED)
    assert isinstance(article.events, list)


def test_the_two_sides_are_both_parties_and_appositive_role_wins():
    article = code("Chile's foreign minister Ana Ruiz met her Argentine counterpart, Foreign Minister Pablo Soto, "
                   "in Santiago on Tuesday. The two sides agreed to expand cooperation in energy.", date=WED)
    meet = find(article.events, "04")[0]
    assert meet.target.name == "Pablo Soto" and meet.target.role == "foreign minister"
    intents = find(article.events, "03")
    assert {(e.source.country, e.target.country, e.symmetric) for e in intents} == {("CHL", "ARG", True)}


def test_quotes_have_speakers_and_amounts_values():
    article = code('"We are ready to work with Brazil," Chile\'s foreign minister Ana Ruiz said. '
                   "Trade between the two countries passed $50 billion over ten years.", date=WED)
    assert [(q.speaker, q.speaker_code) for q in article.quotes] == [("Ana Ruiz", "CHLGOV")]
    assert [(a.value, a.unit) for a in article.amounts if a.kind == "money"] == [(50e9, "USD")]
    assert all(e.date != dt.date(2050, 1, 1) for e in article.events)  # "$50" is never read as a year


def test_ethnic_group_is_coded_by_the_country_it_lives_in():
    events = events_of("Ethnic Albanians in southern Serbia demanded the release of prisoners on Monday.")
    demands = find(events, "10")
    assert demands and demands[0].source.country == "SRB"


def test_cancelled_visit_is_not_an_anticipated_visit():
    events = events_of("France's foreign minister cancelled a planned visit to Haiti on Sunday.")
    assert all(e.modality == "negated" for e in find(events, "042"))


def test_needing_aid_is_not_aid_and_receiving_aid_reverses_the_roles():
    assert not find(events_of("More than a million people in Syria need humanitarian assistance."), "07")
    received = find(events_of("Kenya received food aid from Japan on Monday."), "07")
    assert received and received[0].source.country == "JPN" and received[0].target.country == "KEN"


def test_office_holders_resolve_by_the_articles_date():
    summit = code("President Reagan met Mikhail Gorbachev in Geneva on Tuesday.", date="1985-11-20").events
    meet = find(summit, "04")[0]
    assert (meet.source.code, meet.target.code) == ("USAGOV", "SUNGOV")
    warning = find(code("Putin warned Ukraine against joining NATO.", date="2021-12-01").events, "13")[0]
    assert warning.source.code == "RUSGOV" and warning.source.name == "Vladimir Putin"
    # the same name on a date when he held no office gives no nationality from the table
    assert not find(code("Reagan praised Chile.", date="2020-01-01").events, "051")[0].source.country


def test_a_coercive_act_an_actor_says_it_might_take_is_a_threat():
    events = events_of("If Russia attacks Ukraine, the European Union would impose sanctions on Moscow.")
    threats = find(events, "13", "actual")
    assert threats and threats[0].source.code.startswith("IGO")
    assert not find(events, "19", "actual")  # the attack is only the condition
    assert all(e.modality == "hypothetical" for e in find(events, "163"))


def test_a_statement_about_another_country_is_a_comment_but_bare_attribution_is_not():
    comment = events_of("Chile's foreign minister said on Tuesday that Peru would need to open its border.")
    assert [(e.cameo, e.source.code, e.target.country) for e in comment] == [("010", "CHLGOV", "PER")]
    # the speaker only tells us who reports: no event of its own
    assert events_of("Chile's foreign minister said on Tuesday that 300 families had left the town.") == []


@pytest.mark.parametrize("text, cameo", [
    ("Chile's president said on Monday he was skeptical about the new trade rules.", "012"),
    ("Chile's president said on Monday he was confident the economy would recover.", "013"),
    ("Chile's president said on Monday he was not optimistic about the harvest.", "012"),
])
def test_a_statement_of_pessimism_or_optimism(text, cameo):
    assert [e.cameo for e in events_of(text)] == [cameo]


def test_a_place_is_coded_as_the_state_it_belonged_to_on_the_article_date():
    text = "Sudanese rebels shelled the town of Juba on Sunday."
    before = find(events_of(text, date=dt.date(2000, 1, 5)), "19")
    after = find(events_of(text, date=dt.date(2015, 1, 5)), "19")
    assert before[0].target.country == "SDN"
    assert after[0].target.country == "SSD"


def test_an_implied_protest_target_is_the_government_where_the_protest_happens():
    events = find(events_of("Chilean workers protested in Argentina on Monday."), "14")
    assert events[0].source.country == "CHL"
    assert events[0].target.code == "ARGGOV" and events[0].target.role == "implied target"


@pytest.mark.parametrize("text, root, source", [
    ("Chilean forces were engaged in ethnic cleansing against Peruvians in the border region.", "20", "CHLMIL"),
    ("Chile is guilty of violating the ceasefire with Peru, the monitors said.", "19", "CHL"),
    ("Chile's army is responsible for the attack on the Peruvian embassy.", "19", "CHLMIL"),
])
def test_the_one_held_responsible_for_an_act_is_its_source(text, root, source):
    events = find(events_of(text), root)
    assert events and events[0].source.code == source


def test_a_nationless_actor_takes_the_only_country_its_sentence_names_but_not_the_reporters():
    events = find(events_of("The vice-president declined to resign despite pressure from the Kenyan parliament."), "12")
    assert events and events[0].source.code == "KENGOV"
    # the only country is the reporter's: nothing is guessed
    events = find(events_of("The vice-president declined to resign, a U.S. diplomat said."), "12")
    assert events and events[0].source.country is None
    # a government is never given the other party's nationality
    events = find(events_of("The administration demanded that China drop its barriers to trade."), "10")
    assert events and events[0].source.country is None and events[0].target.country == "CHN"


@pytest.mark.parametrize("text, cameo, source, target", [
    # a gerund after a preposition takes the subject of the verb it hangs on
    ("Chilean students resorted to throwing stones at the police.", "145", "CHLEDU", "CHLCOP"),
    ("Chile responded by expelling two Peruvian diplomats.", "161", "CHL", "PERGOV"),
    # a modifier of a compound reaches the light verb's object: military -> aid -> program
    ("Chile suspended part of its military aid program for Peru.", "1622", "CHL", "PER"),
    # forced removal, by who is removed
    ("The Chilean army forced out hundreds of Peruvian families from their homes.", "201", "CHLMIL", "PER"),
    ("Chile forced the UN refugee agency out of the country.", "1663", "CHL", "IGOUNO"),
    ("Chilean police prevented a demonstration by students.", "172", "CHLCOP", "CHLEDU"),
])
def test_constructions_around_the_trigger(text, cameo, source, target):
    events = events_of(text)
    assert [(e.cameo, e.source.code, e.target.code) for e in events] == [(cameo, source, target)]


def test_a_noun_that_only_names_a_kind_of_thing_is_no_event():
    # "attack helicopters" are not an attack, an "aid convoy" is not aid given
    assert [e.cameo for e in events_of("Chile sent attack helicopters to Peru.")] == ["072"]
    assert events_of("A Chilean aid convoy reached Lima.") == []


@pytest.mark.parametrize("text, cameo, modality, source, target", [
    # wanting another actor to act is an appeal to it, and the wanted act has not happened
    ("Chile wants Peru to pay more compensation to the victims.", "025", "actual", "CHL", "PER"),
    # killing an office-holder is an assassination
    ("Peruvian guerrillas killed the deputy governor of the province.", "186", "actual", "PERREB", "GOV"),
    # "prevented X from attacking": X is who would attack, and the attack did not happen
    ("Chile prevented Peru from attacking Bolivia.", "190", "negated", "PER", "BOL"),
    # an act after "the possibility of" is hypothetical
    ("Chile is exploring the possibility of sending troops to Peru.", "074", "hypothetical", None, "PER"),
    # an ethnic group is coded by where it lives, here the event's place
    ("Up to 100 ethnic Albanians demonstrated on Tuesday in Macedonia.", "141", "actual", "MKD", "MKDGOV"),
])
def test_appeals_assassinations_prevention_possibility_and_residence(text, cameo, modality, source, target):
    events = [e for e in events_of(text) if e.cameo == cameo]
    assert events, [e.cameo for e in events_of(text)]
    e = events[0]
    assert (e.modality, e.source and e.source.code, e.target and e.target.code) == (modality, source, target)


@pytest.mark.parametrize("text, cameo, source, target", [
    # a demand in a noun's that-clause, addressed to the one "it" stands for
    ("Chile's president issued a stern reminder to Peru that it must respect the treaty.", "10", "CHLGOV", "PER"),
    # a refusal reaches the refused act through "commit to" and "allow X to"
    ("The Chilean government has refused to commit to any direct assistance to Peru.", "12", "CHLGOV", None),
    ("Chilean rebels refused to allow United Nations planes to land.", "1245", "CHLREB", "IGOUNO"),
    # letting a politician take part in elections eases a ban on politicians
    ("Chile's Supreme Court decided to allow the opposition leader to participate in the elections.", "0812",
     "CHLJUD", "CHLOPP"),
])
def test_demands_refusals_and_permissions(text, cameo, source, target):
    events = [e for e in events_of(text) if e.cameo.startswith(cameo)]
    assert events, [e.cameo for e in events_of(text)]
    assert events[0].source.code == source
    if target:
        assert events[0].target.code == target


def test_a_frame_can_depend_on_the_sector_of_its_source():
    events = events_of("Chilean students clashed with police in Santiago.")
    assert sorted((e.cameo, e.source.sector) for e in events) == [("145", "EDU"), ("175", "COP")]
    assert {e.cameo for e in events_of("Chilean troops clashed with Peruvian rebels.")} == {"190"}


@pytest.mark.parametrize("text, cameo, modality", [
    # a cause, not something due to happen
    ("Officials said the deaths were due to police firing on the crowd in Lima.", None, None),
    # a past fact about a noun keeps its own modality
    ("The police denied reports about the possibility of two members arrested in Lima.", "173", "actual"),
    # a possibility is not a threat
    ("Officials discussed the possibility of sanctions being imposed on Peru by Chile.", "13", None),
])
def test_modality_guards(text, cameo, modality):
    events = events_of(text)
    if cameo == "13":
        assert not [e for e in events if e.cameo.startswith("13")]
    elif cameo:
        assert [(e.cameo, e.modality) for e in events if e.cameo == cameo] == [(cameo, modality)]
    assert all(e.modality != "anticipated" for e in events if e.trigger == "firing")


def test_the_reason_for_an_arrest_is_an_allegation_not_an_event():
    events = events_of("A Peruvian was arrested in Chile for spying for Bolivia.")
    assert [e.cameo[:2] for e in events] == ["17"]


def test_an_actor_from_a_country_takes_its_nationality():
    events = events_of("Doctors from two American aid groups donated medicine to a Peruvian hospital.")
    assert events[0].source.country == "USA"


def test_a_conditional_offer_by_the_speaker_is_an_intent():
    events = events_of("Chilean rebel leaders said on Wednesday they would meet the U.N. mediator if he "
                       "gave them a veto.")
    intents = [e for e in events if e.cameo.startswith("03")]
    assert intents and intents[0].modality == "actual" and intents[0].source.code == "CHLREB"
    assert all(e.modality != "actual" for e in events if e.cameo.startswith("04"))  # the meeting has not happened


def test_a_hyphenated_cease_fire_is_one_word():
    events = events_of("Hezbollah declared a unilateral cease-fire on Wednesday in south Lebanon.")
    assert [e.cameo for e in events] == ["0871"]


def test_offering_concessions_is_an_intent_to_yield():
    events = events_of("A Chilean official offered concessions to Peru last November.")
    assert [(e.cameo, e.target.code) for e in events] == [("035", "PER")]


def test_releasing_a_record_or_a_report_is_not_releasing_people():
    assert events_of("The band released a new album in London.") == []
    assert [e.cameo for e in events_of("Chile released three Peruvian fishermen.")] == ["0841"]
