"""Rules found on reports of the wars of 2000-2010 (invented sentences, general rules)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from gazetteer.model import Place
from geo.actors import find_actors
from geo.dates import find_dates
from geo.events import extract_events
from geo.mentions import MentionFinder
from geo.model import Document, Mention
from geo.pipeline import run

PUB = dt.date(2007, 5, 9)  # a Wednesday
PLACES = {
    "Kandahar": Place("t:kandahar", "Kandahar", "city", 31.61, 65.71, "AF"),
    "Baghdad": Place("t:baghdad", "Baghdad", "city", 33.34, 44.40, "IQ"),
    "Grozny": Place("t:grozny", "Grozny", "city", 43.31, 45.69, "RU"),
    "Moscow": Place("t:moscow", "Moscow", "city", 55.76, 37.62, "RU"),
    "Tbilisi": Place("t:tbilisi", "Tbilisi", "city", 41.69, 44.83, "GE"),
    "U.S.": Place("t:us", "United States", "country", 39.76, -98.5, "US"),
    "Darfur": Place("t:darfur", "Darfur", "region", 13.0, 25.0, "SD"),
    "Tyre": Place("t:tyre", "Tyre", "city", 33.27, 35.20, "LB"),
    "Sidon": Place("t:sidon", "Sidon", "city", 33.56, 35.37, "LB"),
    "Wana": Place("t:wana", "Wana", "city", 32.30, 69.57, "PK"),
    "Jaffna": Place("t:jaffna", "Jaffna", "city", 9.67, 80.01, "LK"),
    "Nasser Hospital": Place("t:nasser", "Nasser Hospital", "facility", 31.35, 34.30, "PS"),
}
_NAMES = re.compile("|".join(re.escape(n) for n in sorted(PLACES, key=len, reverse=True)))


def events(text: str, published: dt.date = PUB):
    doc = Document(id="w", text=text, published=published, source="Wire", title="",
                   url="https://example.org/w")
    places = [Mention("w", m.start(), m.end(), m.group(), PLACES[m.group()], 0.9)
              for m in _NAMES.finditer(text)]
    return extract_events(doc, places, find_dates(text, published, doc_id="w"))


def kinds(evs) -> list[tuple[str, str]]:
    return [(e.sub_event_type, e.place.name) for e in evs]


@pytest.fixture(scope="module")
def finder(gaz):
    return MentionFinder(gaz)


def resolved(finder, text: str) -> list[str]:
    return [m.text for m in finder.find(Document(id="t", text=text)) if m.place]


# --- mentions ---------------------------------------------------------------------------------

def test_an_aircraft_or_car_model_is_not_a_place(finder):
    text = "Apache helicopters fired on the ridge while police stopped a Zhiguli car in Kazan."
    assert resolved(finder, text) == ["Kazan"]


def test_the_tail_of_an_unknown_arabic_name_is_not_resolved_alone(finder):
    assert "Jbail" not in resolved(finder, "Shells fell on Bint Jbail and on Tyre.")


def test_a_district_of_a_compass_part_of_a_city_belongs_to_that_city(finder):
    ms = finder.find(Document(id="t", text="Bodies lay in the Black Sea district of southern "
                                           "Mogadishu after the fighting."))
    part = next(m for m in ms if m.text.startswith("Black Sea"))
    assert part.place is None and part.within is not None and part.within.name == "Mogadishu"


def test_the_part_of_a_city_reaches_the_events_of_a_build(gaz, tmp_path):
    text = ("Troops clashed with gunmen on Tuesday in the Hodan district of southern "
            "Mogadishu, residents said.")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Clash",
                                                  "published": "2008-03-05", "text": text}))
    result = run(tmp_path / "a.jsonl", gazetteer=gaz)
    assert [(e.place.name, e.geo_precision) for e in result.events] == [("Mogadishu", 2)]


def test_an_arabic_head_word_lets_the_whole_name_be_matched_loosely(finder):
    found = [(m.text, m.place.country) for m in finder.find(Document(
        id="t", text="Tanks moved toward Bint Jbail at dawn.")) if m.place]
    assert found == [("Bint Jbail", "LB")]


def test_a_bare_name_after_its_province_is_the_province_not_the_river(finder):
    ms = finder.find(Document(id="t", text="Gunmen struck in Diyala province on Monday. "
                                           "Diyala has seen many such attacks."))
    assert [m.place.kind for m in ms if m.text == "Diyala"] == ["admin1"]


# --- dates ------------------------------------------------------------------------------------

def test_a_decade_ago_is_a_year():
    (d,) = find_dates("The rebels held the town a decade ago.", PUB)
    assert (d.text, d.date, d.precision) == ("a decade ago", dt.date(1997, 1, 1), 4)


def test_a_year_named_in_one_sentence_does_not_date_the_next():
    text = ("The militia seized Kandahar ten years ago. Meanwhile, a suicide bomber struck a "
            "checkpoint in Baghdad, killing four.")
    bomb = [e for e in events(text) if e.place.name == "Baghdad"]
    assert [(e.date, e.time_precision) for e in bomb] == [(PUB, 2)]


def test_a_date_closing_a_since_clause_bounds_a_span_and_dates_no_event():
    text = ("The ambush near Kandahar killed four soldiers, the worst loss since they arrived "
            "in late 2001.")
    assert [e.date for e in events(text)] == [PUB]


def test_a_running_toll_since_a_year_is_no_event():
    assert events("Thousands have been killed in Darfur since March 2003.") == []


# --- event types ------------------------------------------------------------------------------

def test_a_bombing_without_aircraft_is_a_planted_bomb():
    assert kinds(events("A soldier died in a bombing in Baghdad on Tuesday.")) == [
        ("Remote explosive/landmine/IED", "Baghdad")]
    assert kinds(events("Two died in roadside bombings in Baghdad on Tuesday.")) == [
        ("Remote explosive/landmine/IED", "Baghdad")]
    assert kinds(events("Jets returned and a bombing hit Baghdad on Tuesday.")) == [
        ("Air/drone strike", "Baghdad")]


def test_a_capitalised_unit_name_is_no_shelling():
    text = "A major of the Royal Field Artillery was killed in Kandahar on Tuesday."
    assert all(e.sub_event_type != "Shelling/artillery/missile attack" for e in events(text))


def test_a_foiled_bomb_attack_is_disrupted_weapons_use():
    text = "Police in Grozny foiled a car bomb attack on Tuesday."
    assert kinds(events(text)) == [("Disrupted weapons use", "Grozny")]


def test_a_town_taken_by_troops_in_the_passive_is_a_capture():
    evs = events("Officials said that the capital Tbilisi has been taken by rebel fighters.")
    assert [e.label for e in evs] == ["capture"]


def test_a_city_owning_armed_forces_is_the_state_not_the_place():
    text = "Rebels fighting Moscow's armed forces killed six soldiers near Grozny on Tuesday."
    assert [e.place.name for e in events(text)] == ["Grozny"]


def test_a_country_as_an_adjective_is_not_the_place_of_the_next_sentence():
    text = ("The U.S. military said the checkpoint was hit on Tuesday.\n"
            "A suicide bomber struck at dawn, killing three policemen.")
    assert all(e.place.name != "United States" for e in events(text))


def test_an_attack_by_aircraft_is_an_air_strike_at_the_place_not_its_reference_point():
    text = ("Israeli aircraft destroyed a house in the market town of Sidon, 40km north of Tyre, "
            "killing five civilians on Tuesday.")
    assert kinds(events(text)) == [("Air/drone strike", "Sidon")]


def test_missiles_fired_by_a_drone_are_an_air_strike():
    text = "A drone fired two missiles at a compound near Wana on Tuesday, killing six."
    assert kinds(events(text)) == [("Air/drone strike", "Wana")]


def test_the_raids_after_air_strikes_are_those_strikes():
    text = ("Air strikes hit Baghdad on Tuesday. One of the raids destroyed a police station in "
            "Baghdad.")
    assert {e.sub_event_type for e in events(text)} == {"Air/drone strike"}


def test_an_explosive_vest_is_a_suicide_bombing():
    text = "A woman detonated an explosive vest at a police station in Baghdad on Tuesday."
    assert kinds(events(text)) == [("Suicide bomb", "Baghdad")]


@pytest.mark.parametrize("text", [
    "Officials warned of their potential to launch an offensive on Kandahar.",
    "He said the valley must not become a launch pad for attacks on Kandahar.",
    "Residents of Kandahar must hand over the fighters or face a military assault.",
])
def test_a_threat_or_a_possibility_is_no_event(text):
    assert events(text) == []


def test_a_speaker_reporting_its_own_capture_is_its_actor():
    evs = events("The Sri Lankan army says it has now taken full control of Jaffna.")
    assert [(e.sub_event_type, e.actors) for e in evs] == [
        ("Government regains territory", ("Military Forces of Sri Lanka",))]


def test_a_hospital_full_of_wounded_is_not_where_they_were_hit():
    assert events("Nasser Hospital was crowded with wounded on Tuesday.") == []


# --- actors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, actor", [
    ("the Janjaweed burned the huts", "Janjaweed Militia"),
    ("the Sri Lankan army advanced", "Military Forces of Sri Lanka"),
    ("the Tamil Tigers withdrew", "Liberation Tigers of Tamil Eelam (LTTE)"),
    ("Israeli F-16 bombers struck", "Military Forces of Israel: Air Force"),
    ("gunmen ambushed an Afghan troop convoy", "Military Forces of Afghanistan"),
])
def test_actors_of_the_2000s_wars(text, actor):
    assert actor in [n for _, _, n in find_actors(text)]
