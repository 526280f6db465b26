"""The roots 01-08 vocabulary (vocabulary-01-08-cooperation.yaml): sentences of our own, news-like, coded to the
expected CAMEO code (or root) and dyad, and non-event uses of the same words that must stay quiet."""

from __future__ import annotations

import pytest


# (sentence, expected CAMEO code or root prefix, (source country, target country); None = not checked)
CASES = [
    # 01 statements
    ("The German chancellor attended the funeral of the Israeli president.", "017", ("DEU", "ISR")),
    ("Japan paid tribute to the late Thai king.", "051", ("JPN", "THA")),
    ("Brazil and Argentina expressed agreement on the need for reform.", "019", ("BRA", "ARG")),
    ("The Indian minister retracted his remarks about Pakistan.", "015", ("IND", None)),
    # 02 appeals
    ("Lebanon requested humanitarian aid from France.", "0233", ("LBN", "FRA")),
    ("Somalia requested peacekeepers from the African Union.", "0234", ("SOM", None)),
    ("Mali asked France for military help.", "0232", ("MLI", "FRA")),
    ("Egypt called on Israel to release the prisoners.", "0253", ("EGY", "ISR")),
    ("Qatar called for an immediate ceasefire in Gaza.", "0256", ("QAT", None)),
    ("The opposition called for the resignation of the prime minister.", "0241", None),
    ("The United States urged Israel and Hamas to agree to a ceasefire.", "0256", ("USA", None)),
    ("The UN urged Myanmar to let in aid workers.", "0255", (None, "MMR")),
    ("Greece proposed talks with Turkey on the maritime dispute.", "036", ("GRC", "TUR")),
    # 03 intents
    ("The government vowed to release political prisoners.", "0353", None),
    ("China promised to buy more American soybeans.", "0311", ("CHN", None)),
    # 04 consult
    ("Chile and Peru met in Geneva.", "040", ("CHL", "PER")),
    ("The Indian delegation sat down with Chinese officials.", "040", ("IND", "CHN")),
    ("The Indian prime minister held a phone call with the Japanese prime minister.", "041", ("IND", "JPN")),
    # 05 diplomatic cooperation
    ("Israel and the UAE established diplomatic relations.", "054", ("ISR", "ARE")),
    ("China opened an embassy in Nicaragua.", "050", ("CHN", "NIC")),
    ("Spain recognized Palestine as a state.", "054", ("ESP", "PSE")),
    ("Germany expressed remorse for its colonial crimes in Namibia.", "055", ("DEU", None)),
    ("The Kremlin justified the invasion.", "052", ("RUS", None)),
    # 06 material cooperation
    ("Iran and Iraq set up a joint economic commission.", "061", ("IRN", "IRQ")),
    ("India and the UAE launched a joint venture.", "061", ("IND", "ARE")),
    ("Japan opened its market to Australian beef.", "061", ("JPN", "AUS")),
    ("The United States and the Philippines conducted joint patrols in the South China Sea.", "062", ("USA", "PHL")),
    ("Thailand deported the fugitive to China.", "063", ("THA", "CHN")),
    ("Colombia cooperated with the investigation by Spain.", "063", ("COL", None)),
    # 07 aid
    ("China extended a $2 billion credit line to Sri Lanka.", "071", ("CHN", "LKA")),
    ("Saudi Arabia deposited $3 billion in Pakistan's central bank.", "071", ("SAU", "PAK")),
    ("The US forgave $1 billion of Jordan's debt.", "071", ("USA", "JOR")),
    ("France wrote off Ivory Coast's debt.", "071", ("FRA", "CIV")),
    ("Ukraine secured a $15 billion loan from the IMF.", "071", (None, "UKR")),
    ("Germany supplied air defence systems to Ukraine.", "072", ("DEU", "UKR")),
    ("The United States trained Iraqi forces.", "072", ("USA", "IRQ")),
    ("Turkey sent rescue teams to Morocco after the earthquake.", "073", ("TUR", "MAR")),
    ("The Red Cross distributed food in Sudan.", "073", (None, "SDN")),
    ("Sweden evacuated citizens from Lebanon.", "073", ("SWE", None)),
    ("Greece rescued 300 migrants at sea.", "073", ("GRC", None)),
    ("Germany took in one million refugees.", "073", ("DEU", None)),
    ("The Security Council extended the mandate of the peacekeeping mission in Mali.", "074", None),
    # 08 yield
    ("Thailand lifted martial law on Tuesday.", "0814", ("THA", None)),
    ("Authorities relaxed the curfew in Kashmir.", "0813", None),
    ("The government legalized the opposition party.", "0812", None),
    ("Iran unblocked Instagram.", "0811", ("IRN", None)),
    ("The government restored internet access in Tigray.", "0811", None),
    ("Parliament repealed the blasphemy law.", "0832", None),
    ("The Kenyan government reinstated the fired doctors.", "0833", ("KEN", None)),
    ("Bahrain granted citizenship to the Shiite cleric.", "0833", ("BHR", "BHR")),
    ("The opposition withdrew its demand for early elections.", "080", None),
    ("The Iraqi government paid compensation to the families of the victims.", "080", ("IRQ", None)),
    ("The rebels released the hostages.", "0841", None),
    ("The kidnappers set free the French journalist.", "0841", (None, "FRA")),
    ("The court ordered the release of the Turkish journalist.", "0841", ("TUR", "TUR")),
    ("Iran released the British-Iranian aid worker.", "0841", ("IRN", None)),
    ("Sudan let in UN inspectors on Monday.", "0862", ("SDN", None)),
    ("The rebels handed over their weapons to the government.", "0873", None),
    ("The militants gave up their weapons.", "0873", None),
    ("The Congolese army ceded control of Goma to the rebels.", "0874", ("COD", "COD")),
    ("The Iraqi army vacated its positions in Kirkuk.", "0874", ("IRQ", None)),
    ("Egypt and Sudan sought to defuse tensions with Ethiopia.", "087", ("EGY", "ETH")),
    ("The rebels accepted the peace plan.", "037", None),
    ("The United States accepted the Iranian proposal.", "030", ("USA", "IRN")),
]

# The same words in non-event senses: no event at all.
QUIET = [
    "The company released its quarterly earnings on Monday.",
    "The ministry released a statement on Tuesday.",
    "The hospital admitted 20 patients.",
    "The company opened an office in Nairobi.",
    "The bank reversed its earlier forecast.",
    "He received a call from his lawyer.",
    "Fans paid tribute to the late singer.",
    "The factory supplied parts to Toyota.",
    "The central bank eased interest rates.",
    "The coach defended his decision to drop the striker.",
    "He recognized the importance of the reform.",
    "The minister attended a conference in Paris.",
]


@pytest.mark.parametrize("text,expected,dyad", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_cooperation_sentence(check, text, expected, dyad):
    check(text, expected, dyad)


@pytest.mark.parametrize("text", QUIET)
def test_non_event_uses_stay_quiet(coded, text):
    assert not coded(text), [(e.cameo, e.trigger) for e in coded(text)]


@pytest.mark.parametrize("text, expected, source, target", [
    ("The World Food Programme distributed supplies to Syrian refugees in Lebanon.", "073", "IGO", "SYR"),
    ("The army distributed military supplies to the Syrian rebels.", "072", None, "SYR"),
])
def test_distributing_supplies(coded, text, expected, source, target):
    events = [e for e in coded(text) if e.cameo == expected]
    assert events, coded(text)
    assert source is None or (events[0].source.code or "").startswith(source), events
    assert events[0].target.country == target, events


@pytest.mark.parametrize("text, dyad", [
    ("The US administration abandoned the fight against Islamic State.", ("USA", None)),
    ("The US decided to cut short the air war against Isis in Syria.", ("USA", None)),
])
def test_abandoning_a_fight_deescalates(coded, text, dyad):
    events = [e for e in coded(text) if e.cameo.startswith("087")]
    assert events and events[0].source.country == dyad[0] and events[0].target.code.startswith("IMG"), events


def test_ending_a_campaign_against_poverty_is_no_deescalation(coded):
    assert not [e for e in coded("India will end its campaign against poverty.") if e.cameo.startswith("08")]
