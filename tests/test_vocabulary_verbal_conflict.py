"""The roots 09-13 vocabulary (vocabulary-09-13-verbal-conflict.yaml): sentences of our own, news-like, coded to
the expected CAMEO code (or root) and dyad, and non-event uses of the same words that must stay quiet."""

from __future__ import annotations

import pytest

from diurna.events.patterns import load_patterns

# (sentence, expected CAMEO code or root prefix, (source country, target country); None = not checked)
CASES = [
    # 09 investigate
    ("The International Criminal Court began investigating Israel over alleged war crimes.", "094", (None, "ISR")),
    ("The United Nations opened an inquiry into alleged war crimes by Russia.", "094", None),
    ("Chile is probing allegations of torture by police.", "092", ("CHL", None)),
    ("The UN Human Rights Council launched an investigation into abuses by Ethiopian forces.", "092", None),
    ("The UN Security Council ordered a probe into the ceasefire violation by Ethiopia.", "093", None),
    ("The Israeli military said it was investigating the strike that killed aid workers.", "093", ("ISR", None)),
    ("Brazilian police are investigating the murder of a French journalist.", "091", ("BRA", None)),
    ("Ukraine launched a criminal case against Russian soldiers.", "091", ("UKR", "RUS")),
    ("Police in Brazil questioned the former Israeli minister over bribery allegations.", "091", ("BRA", "ISR")),
    ("South Africa completed its investigation into the shooting.", "090", ("ZAF", None)),
    ("The ICC prosecutor opened a preliminary examination into possible crimes in Venezuela.", "09", None),
    # 10 demand
    ("China demanded an apology from Japan.", "100", ("CHN", "JPN")),
    ("Chile demanded an explanation from Peru.", "100", ("CHL", "PER")),
    ("The EU demanded that Belarus free political prisoners.", "1053", (None, "BLR")),
    ("Nigeria demanded that Niger release the detained soldiers.", "1053", ("NGA", "NER")),
    ("Russia demanded a ceasefire in Gaza.", "1056", ("RUS", None)),
    ("Armenia demanded the withdrawal of Azerbaijani troops.", "1056", ("ARM", "AZE")),
    ("Syria demanded that Turkey withdraw its troops.", "1056", ("SYR", "TUR")),
    ("Ukraine insisted on the withdrawal of Russian troops.", "1056", ("UKR", None)),
    ("The opposition demanded an end to the violence in Sudan.", "1056", None),
    ("Iran demanded the lifting of sanctions by the United States.", "1054", ("IRN", None)),
    ("The opposition demanded the resignation of Prime Minister Imran Khan.", "1041", (None, "PAK")),
    ("Protesters in Serbia demanded early elections.", "1041", ("SRB", None)),
    ("Protesters demanded political reforms from the government of Bahrain.", "104", (None, "BHR")),
    ("Ukraine demanded more weapons from Germany.", "1032", ("UKR", "DEU")),
    ("Egypt demanded humanitarian access to Gaza from Israel.", "1055", ("EGY", "ISR")),
    ("Kenya demanded the extradition of the suspects from Uganda.", "1013", ("KEN", None)),
    ("Turkey insisted on the extradition of the cleric from the United States.", "1013", ("TUR", None)),
    ("The UN demanded talks between Armenia and Azerbaijan.", "106", (None, "ARM")),
    ("Pakistan pressed India to resume talks.", "106", ("PAK", "IND")),
    ("Pakistan pressed India for talks on Kashmir.", "106", ("PAK", "IND")),
    # 11 disapprove
    ("Cuba voiced strong opposition to the U.S. embargo.", "111", ("CUB", "USA")),
    ("Saudi Arabia issued a strong condemnation of Israel.", "111", ("SAU", "ISR")),
    ("Turkey's condemnation of Israel angered Washington.", "111", ("TUR", "ISR")),
    ("The United States voiced objections to the Chinese plan.", "111", ("USA", "CHN")),
    ("Japan leveled criticism at China over the incursion.", "111", ("JPN", "CHN")),
    ("Russia took aim at the United States over the sanctions.", "111", ("RUS", "USA")),
    ("Egypt questioned the legitimacy of the Ethiopian dam.", "111", ("EGY", "ETH")),
    ("Russia accused Ukraine of war crimes.", "1124", ("RUS", "UKR")),
    ("China accused the United States of espionage.", "1125", ("CHN", "USA")),
    ("Germany charged a Russian national with spying.", "1125", ("DEU", "RUS")),
    ("Amnesty International accused Egypt of torturing detainees.", "1122", (None, "EGY")),
    ("India blamed Pakistan for the bombing.", "1123", ("IND", "PAK")),
    ("Russia was accused by Ukraine of shelling the nuclear plant.", "1123", ("UKR", "RUS")),
    ("India blamed the attack on Pakistan.", "112", ("IND", "PAK")),
    ("Israel alleged that Iran was behind the attack.", "112", ("ISR", "IRN")),
    ("Turkey pointed the finger at Greece over the migrant deaths.", "112", ("TUR", "GRC")),
    ("British intelligence pinned the blame on the Kremlin.", "112", ("GBR", "RUS")),
    ("The Hungarian government drew sharp criticism from the European Commission over the law.", "111", (None, "HUN")),
    ("Pakistan's prime minister is facing criticism from the opposition in India.", "111", (None, "PAK")),
    ("Serbia disputed Kosovo's account of the clash.", "110", ("SRB", "XKX")),
    # a gerund after a verb's object: the verb's subject does it
    ("Lithuania led the way in condemning Belarus.", "111", ("LTU", "BLR")),
    ("Estonia played a leading role in criticising Russia over the cyber attacks.", "111", ("EST", "RUS")),
    ("The United States rallied its allies against China.", "113", ("USA", "CHN")),
    ("Ukraine lobbied against the sale of Russian oil.", "113", ("UKR", None)),
    ("China sent a letter of protest to the Japanese embassy.", "114", ("CHN", "JPN")),
    ("Serbia filed a petition against Kosovo with the International Court.", "114", ("SRB", "XKX")),
    ("South Africa took Israel to the International Court of Justice.", "115", ("ZAF", "ISR")),
    ("Nicaragua dragged Germany before the International Court of Justice.", "115", ("NIC", "DEU")),
    ("The European Commission launched legal proceedings against Poland.", "115", (None, "POL")),
    ("Ukraine took legal action against Russia at the World Trade Organization.", "115", ("UKR", "RUS")),
    ("U.S. prosecutors indicted two Chinese hackers.", "115", ("USA", "CHN")),
    ("A Dutch court found Shell liable for the oil spills in Nigeria.", "116", ("NLD", None)),
    # 12 reject
    ("The prime minister rejected calls for his resignation.", "1231", None),
    ("Israel rejected calls for a ceasefire in Gaza.", "1246", ("ISR", None)),
    ("Hamas turned down Israel's offer of a truce.", "1246", (None, "ISR")),
    ("Russia ruled out talks with Ukraine.", "125", ("RUS", "UKR")),
    ("The Syrian government rejected requests for access by UN inspectors.", "1245", ("SYR", None)),
    ("Israel denied entry to UN investigators.", "1245", ("ISR", None)),
    ("Israel barred UN investigators from entering Gaza.", "1245", ("ISR", None)),
    ("Egypt refused entry to the Turkish delegation.", "120", ("EGY", "TUR")),
    ("Germany denied the Turkish request for weapons.", "1222", ("DEU", "TUR")),
    ("The Hungarian government refused to extradite the former minister to North Macedonia.", "1213", ("HUN", "MKD")),
    ("Iran refused to comply with the IAEA resolution.", "128", ("IRN", None)),
    ("The Taliban refused to recognize the government of Pakistan.", "120", (None, "PAK")),
    ("Ukraine refused to cede territory to Russia.", "124", ("UKR", "RUS")),
    ("Serbia reneged on its commitments to Kosovo.", "120", ("SRB", "XKX")),
    ("Parliament voted down the bill proposed by the government of Peru.", "129", ("PER", None)),
    ("Hungary voted against the EU resolution on Ukraine.", "129", ("HUN", None)),
    # 13 threaten
    ("China threatened Taiwan with military action.", "138", ("CHN", "TWN")),
    ("The United States threatened Iran with new sanctions.", "1312", ("USA", "IRN")),
    ("Russia threatened Moldova with an invasion.", "1382", ("RUS", "MDA")),
    ("Pakistan threatened India with a nuclear response.", "1385", ("PAK", "IND")),
    ("Venezuela threatened the journalists with prosecution.", "137", ("VEN", None)),
    ("The United States threatened legal action against China.", "130", ("USA", "CHN")),
    ("China threatened countermeasures against Lithuania.", "130", ("CHN", "LTU")),
    ("Iran threatened airstrikes against Kurdish groups in Iraq.", "1384", ("IRN", None)),
    ("India threatened to suspend the Indus Waters Treaty with Pakistan.", "131", ("IND", None)),
    ("The Palestinian leader threatened to resign.", "1313", None),
    ("Iran threatened to withdraw from the nuclear non-proliferation treaty.", "131", ("IRN", None)),
    ("Kim Jong Un threatened to annihilate the United States.", "138", (None, "USA")),
    ("Iran vowed revenge against Israel.", "138", ("IRN", "ISR")),
    ("Hezbollah vowed to retaliate against Israel.", "138", (None, "ISR")),
    ("Azerbaijan vowed a harsh response to Armenia.", "138", ("AZE", "ARM")),
    ("North Korea warned of a nuclear war.", "1385", ("PRK", None)),
    ("Putin raised the spectre of nuclear war.", "1385", ("RUS", None)),
    ("The United States put Iran on notice over its nuclear program.", "130", ("USA", "IRN")),
    ("Iran issued a final warning to Israel.", "139", ("IRN", "ISR")),
    ("Israel gave Hamas 48 hours to free the hostages.", "139", ("ISR", None)),
]

# The same words in non-event senses: no event at all.
QUIET = [
    "Scientists are investigating the causes of the drought in Kenya.",
    "The president inspected the troops at a parade in Moscow.",
    "Demand for oil in China fell sharply in March.",
    "The minister questioned whether the budget was sufficient.",
    "Police ruled out foul play in the death of the Kenyan athlete.",
    "The Indian team turned down the volume at the stadium.",
    "The army called out the reserves in Israel.",
    "Analysts warned of a recession in Germany.",
    "The minister promised a response to the letter from Peru.",
    "Officials in Kenya gave the students two hours of rest.",
    "The French team took the trophy to the stadium.",
    "Brazil's coach complained about the referee.",
    "The team faced criticism from fans after the defeat.",
    "Officials put the blame on heavy rain for the flooding.",
    "The scientists disputed the claim that the drug works.",
]


@pytest.mark.parametrize("text,expected,dyad", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_verbal_conflict_sentence(check, text, expected, dyad):
    check(text, expected, dyad)


@pytest.mark.parametrize("text", QUIET)
def test_non_event_uses_stay_quiet(coded, text):
    assert not coded(text), [(e.cameo, e.trigger) for e in coded(text)]


def test_demand_table_maps_consultation_and_de_escalation():
    """A demanded meeting is 106, a demanded mediation 108, a demanded ceasefire or retreat 1056."""
    patterns = load_patterns()
    assert patterns.lookup(patterns.demand_codes, "046") == "106"
    assert patterns.lookup(patterns.demand_codes, "045") == "108"
    assert patterns.lookup(patterns.demand_codes, "0871") == "1056"
    assert patterns.lookup(patterns.demand_codes, "0874") == "1056"
    assert patterns.lookup(patterns.reject_codes, "063") == "1213"
    assert patterns.lookup(patterns.threat_codes, "202") == "1385"


@pytest.mark.parametrize("text, expected, dyad", [
    ("US military spokesmen refused to confirm whether Jones had been killed.", "011", ("USA", None)),
    ("The defence secretary declined to say whether British forces were involved.", "011", ("GBR", None)),
    ("India refused to discuss Kashmir with Pakistan.", "125", ("IND", "PAK")),
])
def test_declining_to_confirm_and_refusing_talks_with_someone(check, text, expected, dyad):
    check(text, expected, dyad)


@pytest.mark.parametrize("text, expected, dyad", [
    ("The Supreme Court directed the Gujarat government to protect the minorities.", "100", ("IND", "IND")),
    ("The Pakistani interior ministry instructed the Karachi police to arrest the militants.", "10", ("PAK", "PAK")),
])
def test_instructing_an_actor_is_an_order(check, text, expected, dyad):
    check(text, expected, dyad)


def test_directing_a_film_or_traffic_is_no_order(coded):
    assert not coded("The director directed the film in Mumbai.")
    assert not [e for e in coded("The police directed traffic away from the area.") if e.cameo.startswith("10")]
