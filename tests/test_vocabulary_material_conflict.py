"""CAMEO roots 14-20 (vocabulary-14-20-material-conflict.yaml): invented news-like sentences coded to the
expected code, and sentences using the same words in a non-event sense that must stay quiet."""

from __future__ import annotations

import pytest
from conftest import coded_events as _events


# (sentence, expected CAMEO code (a prefix: "14" root or "1821" exact), (source country, target country) or None)
CASES = [
    # 14 protest
    ("Thousands of Kenyan teachers went on strike on Monday to demand higher pay.", "143", ("KEN", None)),
    ("Palestinian prisoners in Israeli jails went on hunger strike on Monday.", "142", ("PSE", None)),
    ("The detained Egyptian blogger has been on hunger strike for 40 days.", "142", ("EGY", None)),
    ("The Russian dissident refused food in protest at his detention.", "142", ("RUS", None)),
    ("Indian workers staged a general strike against the government.", "143", ("IND", None)),
    ("Protesters gathered outside the Chinese embassy in Manila.", "141", (None, "CHN")),
    ("Opposition supporters staged a sit-in outside the Kenyan parliament.", "141", ("KEN", None)),
    ("Thousands of Hong Kong residents took part in a march against the extradition bill.", "141", ("HKG", None)),
    ("Protesters occupied the Sri Lankan president's residence.", "144", ("LKA", "LKA")),
    ("Demonstrators stormed the Iraqi parliament in Baghdad.", "145", ("IRQ", None)),
    ("Protesters pelted Israeli police with stones.", "145", ("ISR", "ISR")),
    ("Youths threw stones at Indian security forces in Srinagar.", "145", (None, "IND")),
    ("Protesters hurled petrol bombs at police in Athens.", "145", None),
    ("The Pakistani opposition announced a boycott of the parliamentary elections.", "143", ("PAK", None)),
    ("Thousands of Bangladeshi garment workers walked off the job.", "143", ("BGD", None)),
    # 15 exhibit force posture
    ("Iran's military was placed on high alert.", "152", ("IRN", None)),
    ("Venezuela's armed forces were on maximum alert.", "152", ("VEN", None)),
    ("Armenia ordered a general mobilization.", "154", ("ARM", None)),
    ("Police in Nairobi stepped up patrols ahead of the protests.", "153", ("KEN", None)),
    ("China flew 30 warplanes into Taiwan's air defence zone.", "150", ("CHN", "TWN")),
    ("Russia held military exercises near the Ukrainian border.", "150", ("RUS", "UKR")),
    ("The Indian army conducted a show of force near the border.", "150", ("IND", None)),
    # 16 reduce relations
    ("Russia cancelled the foreign minister's visit to Japan.", "161", ("RUS", "JPN")),
    ("Turkey called off the president's trip to Israel.", "161", ("TUR", "ISR")),
    ("Niger ordered the French ambassador to leave the country.", "161", ("NER", "FRA")),
    ("Sweden declared two Iranian diplomats persona non grata.", "161", ("SWE", "IRN")),
    ("Ethiopia expelled seven senior UN officials.", "166", ("ETH", None)),
    ("Russia halted gas supplies to Bulgaria.", "163", ("RUS", "BGR")),
    ("Turkey suspended all trade with Israel.", "163", ("TUR", "ISR")),
    ("China banned imports of Australian wine.", "163", ("CHN", None)),
    ("Niger revoked its military cooperation agreement with the United States.", "160", ("NER", "USA")),
    # 17 coerce
    ("Chinese authorities blocked access to Wikipedia.", "1721", ("CHN", None)),
    ("Kenyan police picked up 40 protesters in Nairobi on Monday.", "173", ("KEN", None)),
    ("Two activists were picked up by Pakistani police in Lahore.", "173", ("PAK", None)),
    ("Indian police booked the MLA under the Arms Act.", "173", ("IND", None)),
    ("Indian police have beefed up security around the disputed site.", "153", ("IND", None)),
    ("Turkey barred the opposition candidate from running in the election.", "1722", ("TUR", "TUR")),
    ("Uzbek police forcibly dispersed the rally.", "175", ("UZB", None)),
    ("Ethiopian forces cut off electricity and telecommunications in Tigray.", "17", ("ETH", None)),
    # 18 assault
    ("Houthi rebels seized a British-owned tanker in the Red Sea.", "181", ("YEM", "GBR")),
    ("Hamas took 240 Israelis hostage.", "181", (None, "ISR")),
    ("Sudanese soldiers raped women in Darfur.", "1821", ("SDN", None)),
    ("RSF fighters sexually assaulted dozens of women in Geneina.", "1821", None),
    ("A suicide bomber blew himself up at a Pakistani police station.", "1831", (None, "PAK")),
    ("A car bomb exploded outside the Somali parliament.", "1832", (None, "SOM")),
    ("Hamas used civilians as human shields.", "184", None),
    ("A gunman tried to kill the Slovak prime minister.", "185", (None, "SVK")),
    ("Suspected militants hurled a grenade at a police station in Kashmir.", "183", None),
    ("Rebels mutilated civilians in Sierra Leone.", "182", ("SLE", None)),
    # 19 fight
    ("Russian forces attacked Ukrainian positions near Bakhmut.", "190", ("RUS", "UKR")),
    ("Ethiopian troops entered Tigray's capital Mekelle.", "192", ("ETH", None)),
    ("Russian troops crossed the border into Ukraine.", "192", ("RUS", "UKR")),
    ("Iraqi forces recaptured Mosul from Islamic State.", "192", ("IRQ", None)),
    ("Israel imposed a total siege on Gaza.", "191", ("ISR", None)),
    ("The Syrian army laid siege to Aleppo.", "191", ("SYR", None)),
    ("Chinese coast guard vessels rammed a Philippine supply boat.", "190", ("CHN", "PHL")),
    ("Colombian troops killed 10 FARC dissidents in a gunfight.", "193", ("COL", None)),
    ("Heavy fighting broke out between Sudanese army and RSF in Khartoum.", "190", ("SDN", None)),
    ("Indian troops returned fire after Pakistani forces opened fire.", "190", ("IND", None)),
    ("Ukraine launched a counteroffensive in the south.", "190", ("UKR", None)),
    # 20 mass violence
    ("Ethiopian forces carried out mass killings in Tigray.", "202", ("ETH", None)),
    ("Uganda forcibly displaced thousands of villagers.", "201", ("UGA", None)),
    # families seen missing on held-out news (issue: events)
    ("China announced retaliatory measures against Lithuania.", "160", ("CHN", "LTU")),
    ("The EU slapped sanctions on Belarusian officials.", "163", (None, "BLR")),
    ("Turkey set up a new observation post in Idlib province.", "150", ("TUR", "SYR")),
    ("Russia established a naval base in Sudan.", "150", ("RUS", "SDN")),
    ("Turkish troops shelled positions in Idlib province.", "194", ("TUR", "SYR")),
]


@pytest.mark.parametrize("text,expected,dyad", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_material_conflict_sentence(check, text, expected, dyad):
    check(text, expected, dyad)


# the same words in a sense that is no event of roots 14-20
NEGATIVES = [
    "The Indian finance minister took part in a meeting on the budget in New Delhi.",
    "The French president went on a tour of West Africa on Monday.",
    "The Brazilian president called off his holiday to deal with the floods.",
    "The Egyptian president entered the conference hall with Chinese officials.",
    "Indian tourists crossed the border into Nepal on Monday.",
    "The French team retook the lead against Brazil in the second half.",
    "Japanese lawmakers attended a rally in support of the prime minister.",
    "The Turkish central bank cut interest rates on Thursday.",
    "The Philippine navy sailed to Japan for a port call.",
    "Greek ministers gathered in Athens for the cabinet meeting.",
    "Egypt ended its participation in the Cairo book fair.",
    "The Kenyan runner broke the world record in Berlin.",
    "The Kenyan company opened a new post office in Kampala.",
    "The Nigerian bank took punitive measures against its staff.",
    "The Indian economy picked up speed in the third quarter.",
    "The Kenyan minister booked a room under her maiden name.",
    "The Egyptian minister picked up the phone and called his mother.",
    "Indian banks tightened security checks on online payments.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_non_event_uses_stay_quiet(text):
    conflict = [e.cameo for e in _events(text) if e.cameo[:2] in ("14", "15", "16", "17", "18", "19", "20")]
    assert not conflict, (text, conflict)


def test_joint_drills_stay_cooperation():
    codes = [e.cameo for e in _events("Japan held joint military exercises with the United States.")]
    assert "062" in codes and not any(c.startswith("15") for c in codes), codes


@pytest.mark.parametrize("text, dyad", [
    ("The two have clashed over Turkey's jailing of an American pastor on terrorism charges.", ("TUR", "USA")),
    ("Iran's imprisonment of a British aid worker angered London.", ("IRN", "GBR")),
])
def test_a_jailing_noun_names_the_jailer_and_the_jailed(check, text, dyad):
    check(text, "173", dyad)


def test_held_in_prison_is_a_detention(coded):
    assert any(e.cameo == "173" for e in coded("Indian police held the Pakistani fishermen in custody for a week."))
    assert not any(e.cameo == "173" for e in coded("The talks were held in Geneva."))


def test_killed_by_a_weapon_is_coded_by_the_weapon(coded):
    found = [e for e in coded("A British soldier was killed by a roadside bomb in Syria.") if e.cameo.startswith("18")]
    assert found and found[0].cameo == "1833" and found[0].target.country == "GBR", found
    # an agent that is an actor is no weapon: the kill stays an attack by that actor
    assert any(e.cameo == "190" and e.source.country == "TUR"
               for e in coded("Five Syrian civilians were killed by Turkish troops."))
