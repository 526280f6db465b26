"""The failure classes of real news (issues: actors, events), on sentences of our own: who did it to whom,
agency, lower-case archives, and the learned pass's plumbing."""

from __future__ import annotations

import datetime as dt

import pytest

from diurna import code
from diurna.articles import article_from_text
from diurna.articles.truecase import Truecaser, is_lowercase
from diurna.config import Config
from diurna.events.coder import PASSES

DAY = dt.date(2019, 3, 4)


# These tests pin how constructions are coded, so they keep events with one side unnamed (the default settings
# withhold them: tests/test_one_sided.py).
ONE_SIDED = Config.from_env(one_sided_events=True)


def events(text: str, date: dt.date | str | None = DAY, rules_only: bool = False):
    skip = frozenset({"learned"}) if rules_only else frozenset()
    return [e for e in code(text, date=date, skip_passes=skip, config=ONE_SIDED).events
            if e.modality in ("actual", "anticipated")]


def dyads(text: str, date: dt.date | str = DAY) -> set[tuple[str | None, str | None, str]]:
    return {(e.source.country if e.source else None, e.target.country if e.target else None, e.cameo[:2])
            for e in events(text, date)}


# ---------------------------------------------------------------- who did it to whom

def test_a_quotes_first_person_is_its_speaker():
    found = events('"We captured 800 fighters," the US president said.')
    assert found and found[0].source.country == "USA" and found[0].source.text == "We"


@pytest.mark.parametrize("text,source", [
    ("A spokesman for the Kurdish-led Syrian Democratic Forces said that clashes continued with Isis fighters "
     "holed up in caves.", "SYRREBSDF"),
    ("The Pakistani army said fighting with Taliban militants was continuing in the Swat valley.", "PAKMIL"),
    ("Human Rights Watch said clashes continued with Isis fighters holed up in caves.", None),  # not a party
    ("Clashes continued with Isis fighters on Friday.", None),  # nobody reports them
])
def test_an_armed_reporter_is_the_other_party_of_the_fighting_it_reports(text, source):
    found = [e for e in events(text, "2019-03-01") if e.cameo.startswith("19")]
    assert found and (found[0].source.code if found[0].source else None) == source, found
    assert source is None or found[0].symmetric


@pytest.mark.parametrize("text,code", [
    ("Mustafa Bali, a spokesman for the Syrian Democratic Forces, spoke on Friday. "
     "“Our forces captured 300 Isis fighters,” Bali said.", "SYRREBSDF"),  # the organisation he speaks for
    ("“Our soldiers killed five militants in Kupwara,” the Indian defence minister said.", "INDMIL"),
])
def test_what_a_quote_calls_ours_is_its_speakers(text, code):
    found = [e for e in events(text, "2019-03-01") if e.cameo[:2] in ("17", "18", "19")]
    assert found and found[0].source is not None and found[0].source.code == code, found


@pytest.mark.parametrize("text,source", [
    ("Chile's foreign minister said on Monday that he had held talks with Argentina.", "CHL"),  # same sentence
    ("Chile's foreign minister arrived in Buenos Aires. He held talks with Argentina's president.", "CHL"),
])
def test_he_refers_back_to_a_title_that_names_one_person(text, source):
    found = [e for e in events(text) if e.cameo.startswith("04") and e.target and e.target.country == "ARG"]
    assert found and found[-1].source is not None and found[-1].source.country == source, found


def test_a_person_named_outside_any_event_is_still_an_antecedent():
    text = ("Rex Tillerson, the US secretary of state, spoke in California on Monday. "
            "For Recep Tayyip Erdogan, the Turkish president, all Kurds are terrorists. "
            "Now he is threatening to attack Afrin.")
    found = [e for e in events(text, "2018-01-20") if e.trigger.startswith(("threaten", "attack"))]
    assert found and found[0].source is not None and found[0].source.country == "TUR", found


@pytest.mark.parametrize("text,source", [
    ("The US-led coalition launched airstrikes in Raqqa. The coalition bombed a school on Monday.", "USA"),
    ("A Kurdish-led militia, the SDF, took Tabqa last week. The militia attacked Raqqa on Monday.", "SYR"),
])
def test_the_same_head_noun_refers_back_to_its_actor(text, source):
    found = [e for e in events(text, "2017-06-10") if e.text.startswith("The ") and e.cameo[:2] in ("18", "19")]
    assert found and found[-1].source is not None and found[-1].source.country == source, found


def test_a_person_of_no_stated_nationality_is_of_the_datelines_country_only():
    found = events("NEW DELHI: Anil Sharma accused the police of negligence on Monday.", "2002-03-11")
    assert found and found[0].source is not None and found[0].source.code == "IND", found
    found = events("Anil Sharma accused the police of negligence on Monday.", "2002-03-11")
    assert found and (found[0].source is None or found[0].source.country is None), found  # no dateline: unknown


def test_the_leader_of_an_organisation_is_of_its_sector_and_later_mentions_keep_it():
    text = ("Ashok Singhal, the working president of the Vishwa Hindu Parishad, arrived in Ayodhya on Monday. "
            "Singhal criticised the media.")
    found = [e for e in events(text, "2002-03-11") if e.trigger.startswith("critici")]
    assert found and found[0].source is not None and found[0].source.code == "INDRELVHP", found  # not a government


def test_a_name_described_by_its_office_is_that_office_holder_later_too():
    text = ("Staffan de Mistura, the UN envoy, urged Turkey to withdraw its troops. "
            "De Mistura said he was asking Russia to help.")
    found = events(text, "2018-08-30")
    assert [e.source.code if e.source else None for e in found] == ["IGOUNO", "IGOUNO"], found
    assert found[0].source.kind == "person" and found[0].source.name == "Staffan de Mistura"


def test_an_organisations_own_code_survives_an_apposition():
    found = events("Kofi Annan, the UN secretary general, urged Turkey to withdraw its troops.", "2001-08-30")
    assert found and found[0].source is not None and found[0].source.code == "IGOUNO", found  # not bare IGO


def test_another_of_the_same_noun_is_not_that_actor():
    text = "The US-led coalition launched airstrikes in Raqqa. Another coalition bombed a school on Monday."
    found = [e for e in events(text, "2017-06-10", rules_only=True) if e.trigger.startswith("bomb")]
    assert all(e.source is None or e.source.country != "USA" for e in found), found


def test_they_is_never_one_office_holder():
    text = "Opposition lawmakers greeted the Kenyan president on Monday. The president thanked them for their support."
    thanked = [e for e in events(text, "2019-03-04") if e.trigger.startswith("thank")]
    assert thanked and thanked[0].target is not None and thanked[0].target.name == "Opposition lawmakers", thanked


@pytest.mark.parametrize("text,code", [
    ("The Indian commission of inquiry accused the army of torture.", "INDGOV"),
    ("The Kenyan human rights commission accused the police of torture.", "KENHRI"),
])
def test_state_commissions_are_actors(text, code):
    found = [e for e in events(text, "2002-03-04") if e.cameo.startswith("11")]
    assert found and found[0].source is not None and found[0].source.code == code, found


def test_the_centre_is_indias_national_government():
    text = "NEW DELHI: The state government has requested the Centre to send in more troops."
    found = [e for e in events(text, "2002-03-04") if e.cameo.startswith("02")]
    assert found and found[0].target is not None and (found[0].target.code, found[0].target.role) == (
        "INDGOV", "central government"), found
    assert not [e for e in events("A bomb exploded near the centre of Aleppo, killing two soldiers.", "2016-03-04")
                for a in (e.source, e.target) if a is not None and a.role == "central government"]


def test_a_body_is_not_he():
    found = events("The Chilean ministry said on Monday that he had held talks with Argentina.")
    assert all(e.source is None or e.source.country != "CHL" for e in found if e.cameo.startswith("04"))


@pytest.mark.parametrize("text,dyad", [
    ("Erdogan was speaking in London on the second day of a UK state visit.", (None, "GBR")),
    ("The prime minister said his US visit was a success.", (None, "USA")),
    ("The Modi visit to Washington ended on Friday.", ("IND", "USA")),  # a person's name is the visitor
])
def test_a_countrys_name_on_a_visit_is_where_it_goes(text, dyad):
    found = [e for e in events(text, "2016-05-04", rules_only=True) if e.cameo.startswith("042")]
    assert found and (found[0].source.country if found[0].source else None,
                      found[0].target.country if found[0].target else None) == dyad, found


def test_a_meetings_venue_gives_no_country_to_its_parties():
    found = [e for e in events("In Vienna on Thursday, the UN envoy opened talks between the Syrian regime and the "
                               "opposition.", "2017-01-20") if e.cameo.startswith("04")]
    assert found and all(a is None or a.country != "AUT" for e in found for a in (e.source, e.target)), found
    visit = [e for e in events("The minister visited police headquarters in Nairobi.", "2017-01-20")
             if e.cameo.startswith("042")]
    assert not visit or visit[0].target is None or visit[0].target.country == "KEN"


def test_the_authorities_of_the_country_the_sentence_names():
    text = ("The British government refused to help him. He was on holiday at a resort in south-west Turkey, "
            "when the authorities arrested him.")
    arrests = [e for e in events(text, "2018-09-01") if e.cameo.startswith("17")]
    assert arrests and arrests[0].source.country == "TUR", arrests


def test_a_place_is_not_an_actor():
    met = events("Vajpayee met Musharraf in Kathmandu on Saturday.", "2002-01-06")
    assert {(e.source.country, e.target.country) for e in met} == {("IND", "PAK")}
    assert met[0].location is not None and met[0].location.country == "NPL"


@pytest.mark.parametrize("text,dyad", [
    ("The EU imposed sanctions on Russia on Monday.", ("IGO", "RUS", "16")),
    ("Britain expelled 23 Russian diplomats.", ("GBR", "RUS", "16")),
    ("Amnesty urged the Iranian authorities to free a Danish journalist.", ("NGO", "IRN", "02")),
])
def test_targets_in_prepositional_and_clausal_arguments(text, dyad):
    found = {(e.source.code[:3] if e.source and e.source.code else None,
              e.target.country if e.target else None, e.cameo[:2]) for e in events(text)}
    assert dyad in found, found


def test_a_victim_is_not_the_agent():
    found = events("She married a Bosnian, who was also killed by Serbian forces.", rules_only=True)  # roles, not detection
    assert found and all(e.source is None or e.source.country != "BIH" for e in found)
    assert any(e.target is not None and e.target.country == "BIH" for e in found)


def test_the_subject_of_a_passive_clause_is_never_borrowed_as_its_agent():
    text = "A British soldier was jailed in Turkey after he was convicted of belonging to the YPG."
    convicted = [e for e in events(text, rules_only=True) if e.trigger.startswith("convict")]
    assert convicted and all(e.source is None or e.source.country != "GBR" for e in convicted), convicted
    assert convicted[0].target is not None and convicted[0].target.country == "GBR", convicted


@pytest.mark.parametrize("name", ["Isis", "ISIL", "Daesh", "Islamic State"])
def test_spellings_of_one_armed_group(name):
    found = events(f"{name} fighters attacked Kurdish positions near Raqqa.")
    assert any(e.source is not None and e.source.code == "IMGMUSISI" for e in found), found


def test_a_group_is_coded_as_of_the_article_date():
    before = events("The Taliban attacked a police post in Kandahar.", "2010-05-01")
    after = events("The Taliban attacked a police post in Kandahar.", "2022-05-01")
    assert before[0].source.code == "AFGREBTAL" and after[0].source.code == "AFGGOV"


def test_parties_of_indian_news():
    found = events("The BJP accused the Congress party of inciting violence in Gujarat.", "2002-03-10")
    assert any(e.source.code == "INDPTYBJP" and e.cameo.startswith("11") for e in found), found


# ---------------------------------------------------------------- agency: no events without an agent

@pytest.mark.parametrize("text", [
    "A cyclone killed 40 fishermen off the coast of Odisha on Monday.",
    "A landslide hit the village, killing 12 people.",
    "An earthquake struck eastern Turkey, killing 30 people.",
    "A gas leak at a chemical plant killed nine workers in Gujarat.",
    "The virus killed 200 people in Kerala last month.",
    "India crushed Pakistan by seven wickets in the final.",
    "Floods destroyed hundreds of homes in Assam.",
])
def test_disasters_accidents_diseases_and_sports_are_no_conflict_events(text):
    assert not [e for e in events(text, rules_only=True) if e.cameo[:2] in ("13", "14", "15", "16", "17", "18", "19", "20")]


@pytest.mark.parametrize("text", [
    "A bomb killed 12 people in Kabul.",
    "Israeli air strikes killed 12 people in Gaza.",
    "Gunmen killed five villagers in Kashmir.",
    "Fifty protesters were arrested in Ahmedabad.",
    "Iran issued a final warning to Israel.",
])
def test_weapons_and_political_actors_keep_their_events(text):
    assert events(text, rules_only=True)  # the agency gate keeps them (the learned pass is measured on real news)


# ---------------------------------------------------------------- lower-case archives

LOWER = ("new delhi: the centre on monday asked the gujarat government to deploy more police in ahmedabad after "
         "fresh violence. prime minister atal bihari vajpayee met pakistan's high commissioner and the bjp "
         "leaders on sunday, officials said.")


def test_a_lower_case_article_is_detected_and_its_dateline_read():
    assert is_lowercase(LOWER) and not is_lowercase(LOWER.capitalize().replace("gujarat", "Gujarat") * 0 + "The "
                                                                               "Prime Minister of India met " * 5)
    article = article_from_text(LOWER, date="2002-03-11")
    assert article.lowercase and article.dateline.place == "New Delhi"
    assert not article.text.startswith("new delhi")
    assert any("lower case" in w for w in article.warnings)


def test_truecasing_changes_case_only():
    tc = Truecaser(["Atal Bihari Vajpayee", "Gujarat", "BJP", "Mobile"], common_words=["mobile"])
    text = "prime minister atal bihari vajpayee visited gujarat. the bjp's mobile unit came."
    out = tc(text)
    assert len(out) == len(text) and out.lower() == text.lower()
    assert "Atal Bihari Vajpayee" in out and "Gujarat" in out and "BJP's" in out and "mobile" in out
    assert out.startswith("Prime") and "The BJP" in out


def test_names_by_their_initials_are_truecased():
    from diurna.pipeline import resources

    text = "home minister l k advani met p. p. rahurkar; it''s a prospect, the u p governor said."
    out = resources().truecaser(text)
    assert len(out) == len(text) and out.lower() == text.lower()
    assert "L K Advani" in out and "P. P. Rahurkar" in out
    assert "s a prospect" in out and "u p governor" in out  # no surname after the letters


def test_an_undated_lower_case_article_still_knows_its_leaders():
    found = events("party spokesman v k malhotra told reporters that home minister l k advani congratulated "
                   "vajpayee on his feat. the two leaders later met the governor.", None)
    praise = [e for e in found if e.cameo.startswith("05")]
    assert praise and praise[0].target is not None and praise[0].target.code == "INDGOV", found
    assert praise[0].target.role == "prime minister"  # prime minister in both his terms: no date needed


def test_titles_written_with_capitals_are_truecased():
    from diurna.pipeline import resources

    out = resources().truecaser("the mps and the ngos met at 4 pm; an mp spoke.")
    assert "MPs" in out and "NGOs" in out
    assert "4 pm" in out and "an mp" in out  # two-letter titles stay: "pm" is a time, "mp" too ambiguous


def test_lower_case_actors_get_their_country():
    found = events(LOWER, "2002-03-11")
    assert found and all(e.source is None or e.source.country in ("IND", "PAK") for e in found)
    assert any(e.source is not None and e.source.country == "IND" for e in found), found


# ---------------------------------------------------------------- the coder's passes

def test_strict_mode_raises_from_inside_a_pass(monkeypatch):
    from diurna.events import coder
    from diurna.pipeline import code_articles

    def boom(self, sentence, doc, cands):  # type: ignore[no-untyped-def]
        raise RuntimeError("pass failed")

    monkeypatch.setitem(coder.PASS_FUNCTIONS, "agency", boom)
    article = article_from_text("Chile recalled its ambassador from Peru on Monday.", date=DAY)
    with pytest.raises(RuntimeError, match="pass failed"):
        list(code_articles([article], strict=True))
    article = article_from_text("Chile recalled its ambassador from Peru on Monday.", date=DAY)
    coded = next(code_articles([article]))
    assert any("could not be coded" in w for w in coded.warnings)


def test_a_pass_can_be_left_out_and_unknown_passes_are_refused():
    from diurna.pipeline import code_articles

    text = "A landslide hit the village, killing 12 people."
    article = article_from_text(text, date=DAY)
    assert "agency" in PASSES
    from diurna.pipeline import resources

    without = next(code_articles([article], skip_passes=frozenset({"agency", "learned"}), res=resources(ONE_SIDED)))
    assert without.events  # the gate is what removes the disaster's "killed"
    with pytest.raises(ValueError, match="unknown coder pass"):
        list(code_articles([article_from_text(text, date=DAY)], skip_passes=frozenset({"nonsense"}), strict=True))


# --- places that give a group its country; pronouns that are not their own clause's subject ----------------


@pytest.mark.parametrize(
    ("text", "cameo", "source", "target"),
    [
        ("The Gujarat government sought the help of the army on Monday.", "02", "IND", None),
        ("Idlib rebels attacked government positions on Monday.", "19", "SYR", None),
        ("Turkey launched an offensive against Kurdish militias in Afrin on Monday.", "19", "TUR", "SYR"),
        ("Isis fighters staged a last stand near Baghuz as the SDF attacked them from the north.", "19", "SYR", None),
    ],
)
def test_place_and_pronoun_constructions(coded, text, cameo, source, target):
    events = [e for e in coded(text) if e.cameo.startswith(cameo)]
    assert events, [(e.cameo, e.trigger) for e in coded(text)]
    assert any(e.source and e.source.country == source and (target is None or (e.target and e.target.country == target))
               for e in events), [(e.source and e.source.code, e.target and e.target.code) for e in events]
    # the pronoun object is never the subject of its own clause
    assert not any(e.source and e.target and e.source.code == e.target.code and e.target.text == "them" for e in events)


# --- criticism and blame voiced in a statement's complement ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cameo", "source", "target"),
    [
        ("Syria said the US plan was a blatant attack on Syrian sovereignty.", "111", "SYR", "USA"),
        ("Erdogan said Syrian Kurdish fighters posed the biggest threat to the region.", "111", "TUR", "SYR"),
        ("The Indian foreign minister said Pakistan was responsible for the raid on the border post.", "112", "IND",
         "PAK"),
    ],
)
def test_critical_statements(coded, text, cameo, source, target):
    events = [e for e in coded(text) if e.cameo == cameo]
    assert events, [(e.cameo, e.trigger) for e in coded(text)]
    assert any(e.source and e.source.country == source and e.target and e.target.country == target for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the storm was a disaster for farmers.",  # nobody judged
        "India said Pakistan was not responsible for the attack.",  # negated blame
        "The company added that sales were a disaster in March.",  # no political actor judged
    ],
)
def test_not_critical_statements(coded, text):
    assert not [e for e in coded(text) if e.cameo in ("111", "112")]


# --- places attacked, and several nationalities on one event noun -------------------------------------------


@pytest.mark.parametrize(
    ("text", "cameo", "pairs"),
    [
        ("Turkish jets bombed Afrin on Sunday.", "19", {("TUR", "SYR")}),  # noqa: E501
        ("The US-led coalition carried out airstrikes on Raqqa on Monday.", "19", {("USA", "SYR")}),
        ("Russian and Syrian airstrikes on Idlib killed 20 people on Monday.", "19", {("RUS", "SYR"), ("SYR", "SYR")}),
    ],
)
def test_attacked_places_and_conjoined_nationalities(coded, text, cameo, pairs):
    got = {(e.source.country, e.target.country) for e in coded(text)
           if e.cameo.startswith(cameo) and e.source and e.target}
    assert pairs <= got, got
    assert all(e.target.kind == "place" for e in coded(text) if e.cameo.startswith(cameo) and e.target
               and e.target.text in ("Afrin", "Raqqa", "Idlib"))


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Suspected Israeli missiles were fired at several Syrian positions on Monday.", "ISR", "SYR"),
        ("Russian rockets were fired at Ukrainian positions near Donetsk on Monday.", "RUS", "UKR"),
    ],
)
def test_weapon_nationality_is_the_attacker_in_a_passive(coded, text, source, target):
    assert any(e.cameo.startswith("19") and e.source and e.source.country == source and e.target
               and e.target.country == target for e in coded(text)), [(e.cameo, e.source, e.target) for e in coded(text)]


def test_human_rights_lawyer_is_a_rights_actor(coded):
    events = coded("The human rights lawyer Clive Stafford Smith accused the British government of lying on Monday.")
    assert any(e.source and e.source.sector == "HRI" and e.target and e.target.code == "GBRGOV" for e in events)


def test_who_is_asked_may_be_named_on_the_thing_asked_for(coded):
    events = coded("Members of the Free Syrian Army were in Washington, pleading for help from the Trump administration.")
    assert any(e.cameo.startswith("02") and e.source and e.source.country == "SYR" and e.target
               and e.target.code == "USAGOV" for e in events)


@pytest.mark.parametrize("text,dyad", [
    ("Israeli airstrikes killed 12 people in southern Lebanon on Tuesday.", ("ISR", "LBN", "19")),
    ("A Saudi-led coalition airstrike hit a school bus in Yemen.", ("SAU", "YEM", "19")),
    ("Ukrainian drones struck an oil depot in the Russian region of Bryansk.", ("UKR", "RUS", "19")),
    ("Pakistan's army said it had killed six militants in a raid in North Waziristan.", ("PAK", "PAK", "19")),
])
def test_the_learned_pass_does_not_veto_a_rule_attack_between_two_countries(text, dyad):
    """The model learned "killed", "hit", "struck" mostly from accidents and crimes; a rule's violent event whose
    frame found two different countries stands."""
    assert dyad in dyads(text)


def test_an_armys_victims_do_not_take_the_armys_country():
    found = [e for e in events("Turkish jets killed 250 civilians in the bombardment of Afrin.", rules_only=True)
             if e.cameo.startswith(("18", "19"))]
    assert found and found[0].source.country == "TUR"
    assert found[0].target is None or found[0].target.country in (None, "SYR")
    # a police force acting on its own country's people still completes them
    assert ("TUR", "TUR", "17") in dyads("Turkish police arrested 20 protesters.")


def test_the_venue_of_an_agreement_is_not_its_party():
    assert not any("QAT" in (e.source.country if e.source else None, e.target.country if e.target else None)
                   for e in events("The two countries signed a ceasefire agreement in Doha."))
    assert ("CHL", "PER", "05") in dyads("Chile signed a trade agreement with Peru in Lima.")


def test_a_seizure_abroad_concerns_the_country_where_it_happens():
    found = [e for e in events("Turkish troops seized weapons in northern Syria.") if e.cameo.startswith("17")]
    assert found and found[0].source.country == "TUR" and found[0].target.country == "SYR"
    assert found[0].target.implied


@pytest.mark.parametrize("text,pair,root", [
    ("Armenian and Azerbaijani forces exchanged fire along the border overnight.", {"ARM", "AZE"}, "19"),
    ("Indian and Chinese troops clashed in the Galwan valley.", {"IND", "CHN"}, "19"),
])
def test_two_nationalities_on_one_noun_are_two_parties(text, pair, root):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith(root)]
    assert len(found) == 1 and found[0].symmetric
    assert {found[0].source.country, found[0].target.country} == pair


def test_two_nationalities_on_the_attackers_give_one_attack_each():
    found = events("Russian and Syrian jets bombed rebel positions in Idlib.", rules_only=True)
    assert sorted(e.source.country for e in found if e.cameo.startswith("19")) == ["RUS", "SYR"]


def test_the_victim_of_an_attack_noun_is_not_its_agent():
    """ "The bombing of the embassy killed 12": the embassy is bombed, it does not kill."""
    for e in events("The bombing of the embassy in Kabul killed 12 people.", rules_only=True):
        assert e.source is None or e.source.sector not in ("GOV",), (e.cameo, e.source)
    assert ("ISR", "PSE", "19") in dyads("Israel's bombardment of Gaza continued for a third day.", "2014-07-20")
    shelled = [e for e in events("The shelling of Afrin by Turkish artillery continued.", rules_only=True)
               if e.cameo.startswith("19")]
    assert shelled and shelled[0].source.country == "TUR" and shelled[0].target.country == "SYR"


@pytest.mark.parametrize("text,pair", [
    ("Ghana and Togo agreed to jointly patrol their border.", {"GHA", "TGO"}),
    ("Chile and Peru agreed to set up a joint commission.", {"CHL", "PER"}),
])
def test_conjoined_subjects_agreeing_commit_to_each_other(text, pair):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith("03")]
    assert len(found) == 1 and found[0].symmetric
    assert {found[0].source.country, found[0].target.country} == pair
    # with a named partner, each subject's own commitment to it
    sent = [e for e in events("Germany, France and Italy agreed to send troops to Mali.", rules_only=True)]
    assert sorted((e.source.country, e.target.country) for e in sent) == [("DEU", "MLI"), ("FRA", "MLI"), ("ITA", "MLI")]


@pytest.mark.parametrize("text,dyad", [
    ("Russia voiced support for Serbia's position on Kosovo.", ("RUS", "SRB", "05")),
    ("China reaffirmed its support for Pakistan.", ("CHN", "PAK", "05")),
    ("The United States pledged support for Taiwan.", ("USA", "TWN", "03")),
])
def test_a_statement_of_support_is_an_endorsement_a_pledge_an_intent(text, dyad):
    assert dyad in dyads(text)


@pytest.mark.parametrize("text,dyad", [
    ("Clashes erupted on Tuesday with Azerbaijani troops along the border.", (None, "AZE", "19")),
    ("Fighting broke out between Armenian and Azerbaijani troops on Tuesday.", ("ARM", "AZE", "19")),
    ("The talks resumed with Iranian officials in Vienna on Monday.", (None, "IRN", "04")),
])
def test_an_aspectual_verb_carries_its_event_nouns_participants(text, dyad):
    """ "clashes continued WITH X": the phrase hangs on the verb that says the noun's event goes on."""
    found = {(e.source.country if e.source else None, e.target.country if e.target else None, e.cameo[:2])
             for e in events(text, rules_only=True)}
    assert dyad in found or (dyad[1], dyad[0], dyad[2]) in found


def test_an_aspectual_verb_does_not_make_weather_a_party():
    assert not events("Heavy rain continued with strong winds across Kerala on Tuesday.")


# ---------------------------------------------------------------- background: acts dated long before the story

@pytest.mark.parametrize("text,date,found", [
    ("Turkey deployed troops in northern Syria in 2016 to stop Kurdish fighters.", "2018-01-15", False),
    ("Turkey deployed troops in northern Syria in 2016 to stop Kurdish fighters.", "2016-09-02", True),
    ("Turkey deployed troops in northern Syria in December to stop Kurdish fighters.", "2018-01-15", True),
    ("In January 2017, the Syrian army shelled Idlib.", "2018-02-02", False),
])
def test_an_act_the_sentence_dates_long_before_the_story_is_background(text, date, found):
    coded = [e for e in events(text, date) if e.cameo[:2] in ("15", "19")]
    assert bool(coded) == found, coded


def test_a_date_of_another_clause_or_a_since_does_not_make_background():
    accused = [e for e in events("Erdogan accused the EU of breaking a deal struck in March 2016.", "2017-11-27")
               if e.cameo.startswith("11")]
    assert accused, "the date belongs to the deal, not to the accusation"
    from diurna.events.dates import long_before
    from diurna.pipeline import resources

    doc = resources().nlp("It was the first meeting between Arab states and Israel since 1991.")
    meeting = next(t for t in doc if t.lower_ == "meeting")
    assert not long_before(doc[:], dt.date(2019, 2, 12), meeting)  # since 1991: from then until now


@pytest.mark.parametrize("text,source", [
    # the parser hangs the name on the title's own "for Syria"; the NER calls it an organisation
    ("The UN special envoy for Syria, Staffan de Mistura, has said panic is spreading in Idlib. "
     "De Mistura pleaded with the Russian and Turkish presidents to find a solution.", "IGOUNO"),
    ("The Kenyan interior minister, Wekesa Otieno, visited Mombasa on Monday. "
     "Otieno pleaded with the Tanzanian and Ugandan presidents to reopen the border.", "KENGOV"),
])
def test_a_title_then_its_holders_name_makes_the_name_that_office_later(text, source):
    found = [e for e in events(text, dt.date(2018, 9, 5)) if e.cameo.startswith("02")]
    assert found and {e.source.code for e in found} == {source}
    assert {e.target.country for e in found} == ({"RUS", "TUR"} if source == "IGOUNO" else {"TZA", "UGA"})


def test_a_country_is_not_the_person_the_parse_made_its_apposition():
    article = code("The UN special envoy for Syria, Staffan de Mistura, said panic is spreading in Idlib.",
                   date=dt.date(2018, 9, 5))
    people = [e for e in article.entities if e.type == "person"]
    assert people and all(p.country != "SYR" for p in people)


def test_arab_is_a_people_not_a_town_in_alabama():
    found = events("Arab forces closed in on Raqqa.", dt.date(2018, 9, 5), rules_only=True)
    assert found and all(e.source.country != "USA" for e in found)


@pytest.mark.parametrize("text,side,country", [
    ("US-backed Kurdish fighters met Russian-backed Syrian government forces near Deir ez-Zor.", "target", "SYR"),
    ("Iranian-sponsored militias in Syria shelled the town of Busra.", "source", "SYR"),  # where they act
    ("The Kenyan president held talks with America's Somali allies in Nairobi.", "target", "SOM"),
    ("Turkey's allies criticised Greece.", "source", None),
])
def test_a_patron_or_the_other_side_of_a_relation_is_not_the_actors_country(text, side, country):
    found = events(text, dt.date(2018, 9, 5), rules_only=True)
    assert found
    assert {getattr(e, side).country if getattr(e, side) else None for e in found} == {country}


def test_a_known_country_name_is_never_a_same_named_town():
    from diurna.pipeline import resources

    assert resources().place_country("America") == "USA"


@pytest.mark.parametrize("text,dyad", [
    ("Kurdish forces in Syria are pressing ahead with a final assault on Isis.", ("SYR", "IMG", "19")),
    ("Russia stepped up its bombardment of Aleppo.", ("RUS", "SYR", "19")),
    ("The Syrian army continued its offensive against rebels in Idlib.", ("SYR", "SYR", "19")),
])
def test_who_carries_out_an_assault_noun_is_its_verbs_subject(text, dyad):
    found = {(e.source.country if e.source else None, (e.target.code or "")[:3] if e.target else None, e.cameo[:2])
             for e in events(text, dt.date(2018, 9, 5), rules_only=True)}
    assert dyad in found


@pytest.mark.parametrize("text", ["Israel condemned the attack on its embassy in Cairo.",
                                  "Pakistan survived an attack on its embassy in Kabul."])
def test_judging_or_suffering_an_assault_is_not_carrying_it_out(text):
    assert not any(e.cameo.startswith(("18", "19")) and e.source and e.source.country in ("ISR", "PAK")
                   for e in events(text, dt.date(2018, 9, 5), rules_only=True))


# ---------------------------------------------------------------- unknown names after a title, in lower case

def test_unknown_names_after_a_title_are_truecased_and_remembered():
    tc = Truecaser(["BJP"], common_words=["said", "was", "right", "the", "of", "a", "flag", "in", "town", "on"],
                   titles=["secretary", "general", "member", "leader"])
    text = "forward bloc general secretary debabrata biswas said biswas was right. the bjp leader's flag march."
    out = tc(text)
    assert len(out) == len(text) and out.lower() == text.lower()
    assert "secretary Debabrata Biswas said Biswas was" in out  # the later bare surname too
    assert "leader's flag march" in out  # a possessive title, then common words: no name


def test_a_name_ends_at_punctuation_and_at_a_possessive():
    tc = Truecaser([], common_words=["remarks", "angered", "the", "said"], titles=["leader", "minister"])
    out = tc("vhp leader ashok singhal's remarks angered the minister, sahib singh said.")
    assert "Ashok Singhal's remarks" in out
    assert "minister, sahib singh" in out  # a comma between title and words: no apposed name is guessed


@pytest.mark.parametrize("text,month", [
    ("the committee meets on march 9 in the capital and will decide.", True),
    ("the opposition took out a march to the president's house.", False),
    ("the vote may come in march after the budget.", True),
    ("the parties may not agree on anything before the vote.", False),
])
def test_march_and_may_get_a_capital_only_as_dates(text, month):
    from diurna.pipeline import resources

    out = resources().truecaser(text)
    assert ("March" in out or "May" in out) is month, out


def test_a_lower_case_surname_keeps_the_party_of_its_titled_mention():
    text = ("new delhi: cpm leader sitaram yechury on monday accused the government of shielding the "
            "rioters in gujarat. the party will raise the issue in parliament, yechury said. later yechury "
            "criticised the home minister for the delay in deploying the army in the state.")
    found = [e for e in events(text, "2002-03-11", rules_only=True) if e.cameo.startswith("11")]
    assert len(found) >= 2 and all(e.source is not None and e.source.code.startswith("INDPTY") for e in found), found


# ---------------------------------------------------------------- an act named by a noun, whatever verb carries it

@pytest.mark.parametrize("text,root,source,target", [
    ("Russia and Iran have both reinforced their support for Syrian President Bashar al-Assad.", "05", "RUS", "SYR"),
    ("The Chinese foreign minister voiced strong backing for Pakistan on Tuesday.", "05", "CHN", "PAK"),
    ("Moscow has given fresh assurances to Ankara over the talks.", "03", "RUS", "TUR"),
    ("Opposition members raised slogans against the Indian government in the house.", "14", "IND", "IND"),
    ("The Pakistani army chief issued a stern warning to India on Sunday.", "13", "PAK", "IND"),
])
def test_an_act_named_by_a_noun_is_coded_whatever_verb_carries_it(text, root, source, target):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith(root)]
    assert found, events(text, rules_only=True)
    e = found[0]
    assert e.source is not None and e.source.country == source
    assert e.target is not None and e.target.country == target


@pytest.mark.parametrize("text,root", [
    ("Turkey withdrew its support for the Syrian opposition last year.", "05"),  # an act taken back
    ("The Kurdish forces have won the backing of France in their fight.", "05"),  # backing received, not given
    ("India sought the support of Russia at the council.", "05"),  # wanted, not given
    ("The assembly will hold its budget session on March 9 in Delhi.", "14"),  # the month, not a march
    ("The pamphlet calls for a march on march 15 by farmers.", "14"),  # a call for a march is no march yet
])
def test_a_noun_act_that_is_not_done_by_the_subject_is_not_coded_as_its_act(text, root):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith(root)]
    if root == "05" and "won the backing" in text:
        assert all(e.source is None or e.source.country != "SYR" for e in found), found
        assert any(e.source is not None and e.source.country == "FRA" for e in found) or not found
    else:
        assert not found, found


@pytest.mark.parametrize("text,code,source", [
    ("The WHO said the situation at the camp was critical and called on all parties to provide access.", "02",
     "IGOUNOWHO"),
    ("Pakistan said the talks had failed and urged India to return to the table.", "02", "PAK"),
])
def test_a_speakers_second_act_conjoined_to_the_reported_clause_is_the_speakers(text, code, source):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith(code)]
    assert found and found[0].source is not None and found[0].source.code.startswith(source), found


def test_an_act_conjoined_in_the_reported_clause_stays_its_subjects():
    found = [e for e in events("Turkey said Russian jets had bombed the town and killed 12 civilians.",
                               rules_only=True) if e.cameo.startswith("19")]
    assert found and all(e.source is not None and e.source.country == "RUS" for e in found), found


# ---------------------------------------------------------------- habits and history are background

@pytest.mark.parametrize("text,root,coded", [
    ("Russia and the US had previously backed the YPG.", "05", False),
    ("Assad has used chemical weapons more than 100 times in breach of his commitments.", "20", False),
    ("Turkey has long supported the rebels in Idlib.", "05", False),
    ("The army has been fighting the rebels for years.", "19", False),
    ("The army fought the rebels for three days near the border.", "19", True),  # a span of days is the news
    ("Earlier on Monday, Bangladeshi police arrested 12 protesters in Dhaka.", "17", True),
])
def test_an_act_told_as_a_habit_or_as_history_is_no_new_event(text, root, coded):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith(root)]
    assert bool(found) is coded, found


def test_it_after_a_coordinated_verb_is_not_that_verbs_subject():
    found = [e for e in events("The Forward Bloc leader was critical of the Indian Supreme Court and urged it to "
                               "take immediate steps.", rules_only=True) if e.cameo.startswith("02")]
    assert found and found[0].target is not None and found[0].target.code == "INDJUD", found
    assert found[0].source is not None and found[0].source.code.startswith("INDPTY")


def test_the_by_phrase_of_a_judged_thing_names_its_author():
    found = [e for e in events("The Turkish president lambasted decisions by Donald Trump.", date="2018-12-21",
                               rules_only=True) if e.cameo.startswith("11")]
    assert found and found[0].target is not None and found[0].target.code == "USAGOV", found


@pytest.mark.parametrize("text,code", [
    ("Indian police opened fire on protesters in Srinagar on Friday.", "175"),
    ("A mob of about 50 people attacked the police station in Hyderabad.", "145"),
    ("Turkish troops shelled Kurdish civilians in Afrin.", "19"),  # an army across a border: war, not unrest
    ("Pakistani police fired at Indian fishermen off the coast.", "19"),  # across a border
])
def test_force_between_a_countrys_police_and_its_people_is_unrest(text, code):
    found = [e for e in events(text, date="2002-03-11", rules_only=True) if e.cameo[:2] in ("14", "17", "18", "19")]
    assert found and found[0].cameo.startswith(code), found


def test_a_welcomed_decision_is_praise_of_its_author_and_the_decision_is_the_authors():
    found = events("India welcomed the US decision to lift the sanctions.", rules_only=True)
    praise = [e for e in found if e.cameo == "051"]
    assert praise and praise[0].target is not None and praise[0].target.country == "USA", found
    assert not [e for e in found if e.cameo.startswith("04")]  # not hosting a visitor
    assert all(e.source is None or e.source.country == "USA" for e in found if e.cameo.startswith("08"))


@pytest.mark.parametrize("text,code,source,target", [
    ("The Pakistani foreign minister was sharply critical of India on Monday.", "111", "PAK", "IND"),
    ("India is unhappy with Pakistan over the firing on the border.", "110", "IND", "PAK"),
    ("Russia has been supportive of the Syrian government throughout.", "051", "RUS", "SYR"),
])
def test_a_predicative_adjective_with_its_preposition_is_an_act(text, code, source, target):
    found = [e for e in events(text, rules_only=True) if e.cameo == code]
    assert found, events(text, rules_only=True)
    assert found[0].source.country == source and found[0].target.country == target


def test_an_adjective_without_its_preposition_is_no_act():
    assert not events("It is critical that the UN continues to reaffirm its resolutions on Syria.", rules_only=True)


def test_a_relative_clause_of_telling_has_its_antecedent_as_speaker():
    found = events("Families fear the Iraqi government, which has told the ICRC that returnees will face a "
                   "screening process.", rules_only=True)
    told = [e for e in found if e.cameo.startswith("01")]
    assert told and told[0].source.country == "IRQ" and told[0].target.code == "NGOICR", found


def test_the_convener_of_a_meeting_is_the_subject_of_the_verb_it_hangs_on():
    found = events("During a meeting with the Russian president, the Turkish president said the offensive would "
                   "go on.", date="2018-09-05", rules_only=True)
    met = [e for e in found if e.cameo.startswith("04")]
    assert met and {met[0].source.country, met[0].target.country} == {"TUR", "RUS"}, found


def test_an_attack_noun_takes_its_attacker_from_its_from_phrase():
    found = [e for e in events("Idlib suffered heavy airstrikes from Russian jets on its hospitals.",
                               date="2018-09-05", rules_only=True) if e.cameo.startswith("19")]
    assert found and found[0].source is not None and found[0].source.country == "RUS", found


def test_a_place_that_comes_under_attack_is_the_target():
    found = [e for e in events("The Syrian town of Saraqeb came under airstrikes from Russian jets on Friday.",
                               date="2018-09-05", rules_only=True) if e.cameo.startswith("19")]
    assert found and found[0].source.country == "RUS" and found[0].target.country == "SYR", found


# --- who is asked, who clashes, who is meant by "the two" ----------------------------------------------------


@pytest.mark.parametrize("text,source,target", [
    ("The EU called for Iran to release the British sailors.", "IGO", "IRN"),
    ("Syrian activists called for Assad to step down.", "SYR", "SYR"),
])
def test_who_is_called_for_to_act_is_the_appeals_target(text, source, target):
    found = [e for e in events(text, rules_only=True) if e.cameo.startswith("02")]
    assert found, events(text, rules_only=True)
    assert (found[0].source.code[:3], found[0].target.country) == (source, target)


def test_a_call_for_a_thing_names_no_target():
    found = [e for e in events("India called for restraint.", rules_only=True) if e.cameo.startswith("02")]
    assert found and found[0].target is None


@pytest.mark.parametrize("text,code", [
    ("The Indian foreign minister clashed with his Pakistani counterpart over Kashmir.", "110"),
    ("Government forces clashed with rebels near Homs.", "190"),
])
def test_leaders_clash_in_words_and_armies_in_arms(text, code):
    assert code in {e.cameo for e in events(text, date="2018-09-05", rules_only=True)}, events(text, rules_only=True)


def test_the_two_are_the_last_two_parties_named():
    found = events("Erdogan met Trump in Washington on Monday. The two have clashed over Turkey's jailing of an "
                   "American pastor.", date="2018-08-20", rules_only=True)
    clash = [e for e in found if e.cameo == "110"]
    assert clash and {clash[0].source.country, clash[0].target.country} == {"TUR", "USA"}, found


def test_a_plural_noun_referring_back_to_a_person_is_a_group_of_his_country():
    found = events("Gujarat chief minister Narendra Modi also called upon the sarpanchs to be accountable.",
                   date="2002-04-01", rules_only=True)
    appeal = [e for e in found if e.cameo.startswith("02")]
    assert appeal and appeal[0].target.code == "INDGOV" and appeal[0].target.kind == "group", found


def test_the_name_after_non_or_anti_is_not_the_actor():
    found = events("Karat appealed to the state governments of all non-BJP parties.", date="2002-04-01",
                   rules_only=True)
    assert all(not (e.target and e.target.code and "BJP" in e.target.code) for e in found), found


def test_a_name_hung_on_an_attack_verb_as_an_adverbial_noun_is_its_object():
    found = [e for e in events("Syrian government forces shelled Aleppo on Tuesday.", date="2018-09-05",
                               rules_only=True) if e.cameo.startswith("19")]
    assert found and found[0].target is not None and found[0].target.country == "SYR", found


@pytest.mark.parametrize("text,source", [
    ("Kurdish forces, backed by a US-led coalition, are fighting to clear Isis near Hajin.", "USA"),
    ("Turkey has supported rival Syrian rebels and fought to drive Isis from parts of Syria.", "TUR"),
])
def test_backing_an_armed_side_is_military_aid(text, source):
    found = [e for e in events(text, date="2018-09-05", rules_only=True) if e.cameo == "072"]
    assert found and found[0].source.country == source, events(text, rules_only=True)


def test_backing_a_claim_stays_support():
    found = events("The BJP supports Sorabjee's assertion that the puja should be held.", date="2002-03-01",
                   rules_only=True)
    assert not [e for e in found if e.cameo == "072"], found


def test_a_states_own_forces_are_not_the_target_of_its_withdrawal():
    found = [e for e in events("The US withdrew its troops from Syria on Monday.", rules_only=True)
             if e.cameo.startswith("08")]
    assert found and found[0].target is not None and found[0].target.country == "SYR", found


def test_a_group_placed_in_several_countries_is_one_actor_per_country():
    found = [e for e in events("Courts in France, Germany and Sweden are currently investigating several Syrian "
                               "individuals.", rules_only=True) if e.cameo.startswith("09")]
    assert {e.source.code for e in found} == {"FRAJUD", "DEUJUD", "SWEJUD"}, found


def test_their_own_air_force_is_not_the_target():
    found = events("The militants had not pointed a gun their way until the Turks sent their air force after them.",
                   date="2018-03-20")
    assert not [e for e in found if e.target is not None and e.target.text.startswith("their air force")], found


def test_a_government_acting_on_the_storys_own_rebels_is_that_countrys():
    found = [e for e in events("Fighting raged in Idlib on Monday. Tens of thousands of people have continued to "
                               "flee a government assault on rebels in Idlib.", date="2018-09-05", rules_only=True)
             if e.cameo.startswith("19")]
    assert found and found[0].source.code == "SYRGOV", found
    # but never a government acting abroad: "the administration demanded that China ..." is not China's
    demand = [e for e in events("The administration demanded that China drop its barriers to trade.",
                                rules_only=True) if e.cameo.startswith("10")]
    assert demand and demand[0].source.country is None


def test_arming_or_training_a_force_is_military_aid():
    found = events("The campaign is backed by the US-led coalition, which arms the SDF.", date="2017-10-01",
                   rules_only=True)
    assert "072" in {e.cameo for e in found}, found


@pytest.mark.parametrize("text,code,source,target", [
    ('Trump ordered the withdrawal of US troops from Syria. The SDF described the move as a "blatant betrayal".',
     "111", "SYR", "USA"),
    ("India termed the Pakistani decision a positive step.", "051", "IND", "PAK"),
])
def test_naming_an_act_harshly_or_kindly_judges_its_author(text, code, source, target):
    found = [e for e in events(text, date="2018-12-21", rules_only=True) if e.cameo == code]
    assert found and (found[0].source.country, found[0].target.country) == (source, target), \
        events(text, rules_only=True)


def test_naming_without_judgement_is_no_event():
    assert not events("The minister described the situation as tense.", rules_only=True)


def test_contradicting_an_assessment_criticises_its_author():
    found = [e for e in events("Ministers from the UK and France have contradicted Trump's assessment that Isis had "
                               "been defeated.", date="2018-12-21", rules_only=True) if e.cameo == "111"]
    assert {(e.source.country, e.target.country) for e in found} == {("GBR", "USA"), ("FRA", "USA")}, found


def test_firing_a_person_is_no_shooting():
    assert not [e for e in events("When President Obama fired Jim Mattis, I gave him a second chance, Trump wrote.",
                                  date="2018-12-23", rules_only=True) if e.cameo.startswith("19")]
    assert [e for e in events("Israeli troops fired at Palestinian protesters on Friday.", rules_only=True)
            if e.cameo.startswith("19")]


@pytest.mark.parametrize("text,source", [
    ("Trump rebuffed the arguments of his generals.", "USA"),  # the tagger took "Trump" for a common noun
    ("Hunt said Britain would not send troops.", "GBR"),
])
def test_a_leaders_surname_tagged_as_a_common_noun_is_still_the_leader(text, source):
    found = events(text, date="2019-03-01", rules_only=True)
    assert found and found[0].source is not None and found[0].source.country == source, found


def test_a_capitalised_common_word_is_no_name():
    # "Rice" opens the sentence as a common noun, and no office holder's name makes it a person
    assert not [e for e in events("Trade officials said rice exports to China had stopped.", rules_only=True)
                if e.source is not None and e.source.kind == "person"]


def test_a_joint_act_of_many_parties_is_no_set_of_dyads():
    many = [e for e in events("The war has led to direct clashes between Iran, Israel, Turkey and Syria.",
                              rules_only=True) if e.cameo.startswith("19")]
    assert not many, many
    three = [e for e in events("Iran, Russia and Turkey held talks in Astana on Monday.", rules_only=True)
             if e.cameo.startswith("04")]
    assert {frozenset((e.source.country, e.target.country)) for e in three} == {
        frozenset(("IRN", "RUS")), frozenset(("IRN", "TUR")), frozenset(("RUS", "TUR"))}, three


@pytest.mark.parametrize("text", [
    "The militia, a group of Kurdish and Arab units raised by Washington specifically to fight Isis, called the move "
    "a betrayal.",
    "It was his humour and his desire to fight Isis that his friends remembered.",
])
def test_a_purpose_describing_a_noun_is_no_event(text):
    assert not [e for e in events(text, date="2018-12-21", rules_only=True) if e.cameo.startswith("19")]


def test_the_decision_to_act_still_reports_the_act():
    found = [e for e in events("Trump's decision to withdraw US troops from Syria shocked his allies.",
                               date="2018-12-21", rules_only=True) if e.cameo.startswith("08")]
    assert found and found[0].source.country == "USA", found


def test_a_withdrawal_concerns_the_country_the_forces_leave():
    found = [e for e in events("Russia has pulled back its ground forces in Syria.", date="2018-02-01",
                               rules_only=True) if e.cameo.startswith("087")]
    assert found and (found[0].source.country, found[0].target.country) == ("RUS", "SYR"), found
    assert found[0].target.implied


def test_ordering_ones_own_forces_is_the_act_itself():
    found = events("Trump ordered the withdrawal of US troops in Afghanistan.", date="2018-12-21", rules_only=True)
    assert [(e.cameo[:3], e.source.country, e.target.country) for e in found] == [("087", "USA", "AFG")], found
    # an order to another state stays a demand
    other = events("The UN ordered Israel's withdrawal from Lebanon.", date="2006-08-01", rules_only=True)
    assert any(e.cameo.startswith("10") for e in other), other


def test_the_press_is_a_statements_audience_not_its_addressee():
    assert not events("The envoy told reporters at the state department that troops would stay.", rules_only=True)
    told = events("The Indian foreign minister told Pakistan's envoy that the talks were over.", rules_only=True)
    assert told and told[0].target is not None and told[0].target.country == "PAK", told


@pytest.mark.parametrize("text", [
    "John Smith went to Syria as a young man and never came back.",
    "Tens of thousands of refugees were arriving in Canada that winter.",
])
def test_a_journey_is_no_visit(text):
    assert not [e for e in events(text, date="2018-12-21", rules_only=True) if e.cameo.startswith("04")]


@pytest.mark.parametrize("text,source", [
    ("The Indian prime minister arrived in Dhaka on Monday.", "IND"),
    ("A Pakistani delegation will visit New Delhi next week.", "PAK"),
])
def test_an_official_or_a_delegation_makes_a_visit(text, source):
    found = [e for e in events(text, date="2018-12-21", rules_only=True) if e.cameo == "042"]
    assert found and found[0].source.country == source, found


@pytest.mark.parametrize("text,modality", [
    ("Pakistan is not ready to hold talks with India.", "negated"),
    ("The government was not critical of the protesters.", "negated"),
    ("India was ready to hold talks with Pakistan.", "actual"),
])
def test_a_negated_copula_negates_its_adjective(text, modality):
    found = [e for e in code(text, date=DAY, skip_passes=frozenset({"learned"}), config=ONE_SIDED).events]
    assert found and found[0].modality == modality, found


def test_the_author_of_a_welcomed_act_is_the_agent_of_its_participle():
    found = [e for e in events("India welcomed the steps announced by Pakistan.", rules_only=True)
             if e.cameo.startswith("05")]
    assert found and (found[0].source.country, found[0].target.country) == ("IND", "PAK"), found


@pytest.mark.parametrize("text", [
    "The minister insisted Pakistan was behind the attack.",
    "Moscow insisted the talks were a complement to the Geneva process.",
])
def test_insisting_that_something_is_so_is_no_demand(text):
    found = events(text, date="2018-12-21", rules_only=True)
    assert not [e for e in found if e.cameo.startswith("10")], found


@pytest.mark.parametrize("text,act", [
    ("Erdogan criticised the EU for not doing enough to help refugees.", "07"),
    ("He condemned Israel for continuing to bomb Gaza.", "19"),
    ("Pakistan was accused of failing to stop militants from attacking India.", "19"),
])
def test_the_act_a_criticism_is_about_is_not_reported_as_done(text, act):
    found = code(text, date=DAY, skip_passes=frozenset({"learned"}), config=ONE_SIDED).events
    assert not [e for e in found if e.cameo.startswith(act)], found
    assert [e for e in found if e.cameo.startswith("11")], found


@pytest.mark.parametrize("text,code_,dyad", [
    ("Israel launched strikes on Gaza overnight.", "190", ("ISR", "PSE")),
    ("Russia has carried out strikes in Idlib province.", "190", ("RUS", "SYR")),
    ("Teachers launched a strike against the state government.", "143", None),
])
def test_a_strike_by_an_armed_force_is_an_attack(text, code_, dyad):
    found = [e for e in code(text, date=dt.date(2018, 3, 1), skip_passes=frozenset({"learned"}), config=ONE_SIDED).events
             if e.cameo[:2] in ("14", "19")]
    assert found and found[0].cameo == code_, found
    if dyad:
        assert (found[0].source.country, found[0].target.country) == dyad, found


def test_a_complaints_that_clause_names_whom_it_is_about():
    found = [e for e in events("Putin repeated complaints that US troop deployments in Syria were illegal.",
                               date="2018-12-21", rules_only=True) if e.cameo.startswith("11")]
    assert found and (found[0].source.country, found[0].target.country) == ("RUS", "USA"), found
    # a clause that is no that-clause names nobody: "complaints about the delays"
    assert not [e for e in events("Putin repeated complaints about the delays.", date="2018-12-21", rules_only=True)
                if e.cameo.startswith("11")]


@pytest.mark.parametrize("text,dyad", [
    ("Trump made the decision during a conversation with the Turkish president.", ("USA", "TUR")),
    ("Erdogan said in a phone call with Russia's president that Damascus would pay.", ("TUR", "RUS")),
])
def test_a_call_hung_on_a_verb_is_made_by_its_subject(text, dyad):
    found = [e for e in events(text, date="2018-12-21", rules_only=True) if e.cameo.startswith("04")]
    assert found and (found[0].source.country, found[0].target.country) == dyad, found


def test_a_noun_phrase_the_parser_took_for_a_clause_is_the_object():
    found = [e for e in events("Vladimir Putin, the Russian president, welcomed the US move.", date="2018-12-21",
                               rules_only=True) if e.cameo.startswith("05")]
    assert found and (found[0].source.country, found[0].target.country) == ("RUS", "USA"), found
    # a real clause is not an object: "welcomed that the talks resumed" names no target
    assert not [e for e in events("Putin welcomed that the talks had resumed.", date="2018-12-21", rules_only=True)
                if e.cameo.startswith("05") and e.target is not None]


@pytest.mark.parametrize("text,dyad", [
    ("The UN official warned that millions of people face freezing conditions.", None),
    ("Turkey's prime minister warned that the bombing campaign in Idlib could cause a new wave of migration.", None),
    ("India warned Pakistan that it would respond to any attack.", ("IND", "PAK")),
    ("Erdogan warned that Damascus would pay a heavy price if it struck a deal with the Kurds.", ("TUR", "SYR")),
])
def test_a_warning_threatens_whom_it_is_addressed_to_or_who_is_to_pay(text, dyad):
    found = [e for e in events(text, date="2018-12-21", rules_only=True) if e.cameo.startswith("13")]
    if dyad is None:
        assert not found, found
    else:
        assert len(found) == 1 and (found[0].source.country, found[0].target.country) == dyad, found


def test_the_condition_of_a_warning_is_not_the_threatened_act():
    found = events("Russia warned that the US would face consequences if it struck Syria.", date="2018-12-21",
                   rules_only=True)
    assert not [e for e in found if e.cameo.startswith("13") and e.source and e.source.country == "USA"], found


def test_a_withdrawal_is_from_where_the_story_happens_never_from_home():
    alone = [e for e in events("The report said the timetable for US withdrawal was 30 days.", date="2018-12-21",
                               rules_only=True) if e.cameo.startswith("087")]
    assert not [e for e in alone if e.target is not None and e.target.country == "USA"], alone
    story = [e for e in events("About 2,000 American soldiers are deployed in Syria. The report said the timetable "
                               "for US withdrawal was 30 days.", date="2018-12-21", rules_only=True)
             if e.cameo.startswith("087")]
    assert story and (story[0].source.country, story[0].target.country) == ("USA", "SYR"), story


@pytest.mark.parametrize("text,yields", [
    ("The Nepalese prime minister resigned on Monday.", True),  # PLOVER: RETREAT covers officials' resignations
    ("The Nepalese prime minister resigned amid mass protests.", True),
    ("Protesters forced the Peruvian president to resign.", True),
    ("The minister stepped down under pressure from the opposition.", True),
    ("The minister stepped up patrols on the border.", False),
])
def test_an_officials_resignation_yields(text, yields):
    found = [e for e in code(text, date=DAY, skip_passes=frozenset({"learned"}), config=ONE_SIDED).events
             if e.cameo == "0831"]
    assert bool(found) == yields, found


def test_warning_someone_not_to_attack_demands_restraint():
    found = events("Trump warned the Syrian president not to attack Idlib province.", date="2018-09-04",
                   rules_only=True)
    demands = [e for e in found if e.cameo == "1056"]
    assert demands and (demands[0].source.country, demands[0].target.country) == ("USA", "SYR"), found
    assert not [e for e in found if e.cameo.startswith("13")], found


def test_a_mob_wrecking_a_police_station_riots():
    found = [e for e in events("A frenzied mob ransacked the police station in Hyderabad on Friday.",
                               date="2002-03-01", rules_only=True)]
    assert found and found[0].cameo == "145", found


@pytest.mark.parametrize("text", [
    "Omar Alloush, a senior official of the Raqqa Civil Council, told Agence France-Presse a deal had been reached.",
    "It is in a more stable part of the region, Pearson told Guardian Australia.",
])
def test_news_organisations_are_the_audience_of_a_statement(text):
    assert not events(text, date="2018-03-01", rules_only=True)


def test_news_organisations_are_media_of_their_country():
    found = events("The Indian foreign minister told the BBC that Pakistan must stop cross-border terrorism.",
                   date="2018-03-01", rules_only=True)
    assert found and (found[0].source.country, found[0].target.country) == ("IND", "PAK"), found
