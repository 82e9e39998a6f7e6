"""Rules found on reports of the wars of 2000-2010 (invented sentences, general rules)."""

from __future__ import annotations

import json

import pytest

from geo.mentions import MentionFinder
from geo.model import Document
from geo.pipeline import run

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
