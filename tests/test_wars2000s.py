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
