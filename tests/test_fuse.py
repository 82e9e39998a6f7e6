"""Merging reports of the same event (geo.fuse)."""

from __future__ import annotations

import datetime as dt
import random

from gazetteer.model import Place
from geo.fuse import merge_events
from geo.model import Event

DEIR = Place(id="test:deir", name="Deir ez-Zor", kind="city", lat=35.336, lon=40.141, country="SY")
BASE = Place(id="test:b137", name="Brigade 137 base", kind="military_base", lat=35.30, lon=40.09,
             country="SY")
AIRBASE = Place(id="test:dab", name="Deir ez-Zor air base", kind="airbase", lat=35.285,
                lon=40.176, country="SY")
DAMASCUS = Place(id="test:damascus", name="Damascus", kind="city", lat=33.513, lon=36.292,
                 country="SY")
SYRIA = Place(id="test:syria", name="Syria", kind="country", lat=35.0, lon=38.5, country="SY")
TUE = dt.date(2017, 9, 5)


def ev(doc, place, date, precision=1, *, label="siege_broken", etype="Battles",
       sub="Armed clash", conf=0.7, notes="", date_text="", geo=1, source=None) -> Event:
    return Event(
        event_id=f"{doc}-{label}-{place.id}-{date}", date=date, time_precision=precision,
        date_text=date_text, event_type=etype, sub_event_type=sub,
        actors=("Military Forces of Syria",), place=place, place_text=place.name,
        geo_precision=geo, sentence=f"sentence of {doc}", doc_ids=(doc,),
        sources=(source or f"source {doc}",), confidence=conf, titles=(f"title {doc}",),
        urls=(f"https://example.org/{doc}",), notes=notes or label,
    )


def siege_reports() -> list[Event]:
    return [
        ev("004", DEIR, TUE, 1, date_text="Tuesday", conf=0.8, geo=2),
        ev("003", DEIR, TUE, 1, date_text="On Tuesday", conf=0.85),
        ev("004", BASE, dt.date(2017, 9, 5), 2, notes="siege_broken; reported", conf=0.75),
        ev("000", DEIR, dt.date(2017, 8, 30), 2, date_text="last week", conf=0.8),
        ev("001", DEIR, dt.date(2017, 9, 12), 2, notes="siege_broken; reported", conf=0.6),
    ]


def test_four_reports_of_the_siege_become_one_event():
    merged = merge_events(siege_reports())
    assert len(merged) == 1
    (e,) = merged
    assert e.doc_ids == ("000", "001", "003", "004")
    assert e.sources == ("source 000", "source 001", "source 003", "source 004")
    assert e.urls == tuple(f"https://example.org/{d}" for d in ("000", "001", "003", "004"))
    assert (e.date, e.time_precision, e.date_text) == (TUE, 1, "On Tuesday")
    assert e.place.id == "test:b137"  # the most specific place: the site
    assert e.confidence > 0.85 and e.confidence <= 0.99
    assert e.sentence == "sentence of 003"  # the most confident report
    assert e.notes == "siege_broken"


def test_the_airbase_siege_four_days_later_is_another_event():
    events = [*siege_reports(), ev("000", AIRBASE, dt.date(2017, 9, 9), 1, date_text="Saturday")]
    merged = merge_events(events)
    assert [(e.place.id, e.date) for e in merged] == [("test:b137", TUE),
                                                      ("test:dab", dt.date(2017, 9, 9))]


def test_two_different_sites_on_the_same_day_stay_apart():
    merged = merge_events([ev("a", BASE, TUE), ev("b", AIRBASE, TUE)])
    assert len(merged) == 2


def test_a_meeting_is_not_merged_with_a_siege():
    meeting = ev("001", DAMASCUS, dt.date(2017, 9, 12), label="meeting",
                 etype="Strategic developments", sub="Other")
    siege_in_damascus_week = ev("009", DEIR, dt.date(2017, 9, 12), 1)
    merged = merge_events([meeting, siege_in_damascus_week, *siege_reports()])
    assert sorted(e.notes for e in merged) == ["meeting", "siege_broken", "siege_broken"]
    assert [e.doc_ids for e in merged if e.notes == "meeting"] == [("001",)]


def test_distinct_labels_and_planned_stay_apart():
    capture = ev("a", DEIR, TUE, label="capture")
    siege = ev("b", DEIR, TUE)
    planned = ev("c", DEIR, TUE, notes="siege_broken; planned")
    assert len(merge_events([capture, siege, planned])) == 3


def test_places_far_apart_stay_apart_and_country_level_joins():
    far = ev("x", DAMASCUS, TUE)
    country = ev("y", SYRIA, TUE, geo=3)
    merged = merge_events([ev("a", DEIR, TUE), far, country])
    # the country-level report joins the first compatible cluster; Damascus is 400 km away
    assert len(merged) == 2
    assert {e.place.id for e in merged} == {"test:deir", "test:damascus"}


def test_window_and_precision():
    assert len(merge_events([ev("a", DEIR, TUE), ev("b", DEIR, TUE + dt.timedelta(days=2))])) == 1
    assert len(merge_events([ev("a", DEIR, TUE), ev("b", DEIR, TUE + dt.timedelta(days=3))])) == 2
    assert len(merge_events([ev("a", DEIR, TUE), ev("b", DEIR, TUE + dt.timedelta(days=3))],
                            window_days=3)) == 1
    month = ev("m", DEIR, dt.date(2017, 9, 1), 3)
    assert len(merge_events([ev("a", DEIR, TUE), month])) == 1
    assert len(merge_events([ev("a", DEIR, None), ev("b", DEIR, TUE)])) == 2
    assert len(merge_events([ev("a", DEIR, None), ev("b", DEIR, None)])) == 1


def test_same_outlet_twice_does_not_raise_confidence():
    one = merge_events([ev("a", DEIR, TUE, conf=0.6, source="Wire")])
    two = merge_events([ev("a", DEIR, TUE, conf=0.6, source="Wire"),
                        ev("b", DEIR, TUE, conf=0.6, source="Wire")])
    three = merge_events([ev("a", DEIR, TUE, conf=0.6), ev("b", DEIR, TUE, conf=0.6)])
    assert one[0].confidence == two[0].confidence == 0.6 < three[0].confidence


def test_output_is_deterministic_whatever_the_input_order():
    events = [*siege_reports(), ev("000", AIRBASE, dt.date(2017, 9, 9)),
              ev("001", DAMASCUS, dt.date(2017, 9, 12), label="meeting",
                 etype="Strategic developments", sub="Other")]
    first = merge_events(events)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert merge_events(shuffled) == first
    assert [e.date for e in first] == sorted(e.date for e in first)
    assert merge_events([]) == []


def test_a_report_that_does_not_say_who_took_the_ground_joins_one_that_does():
    gov = "Government regains territory"
    reports = [ev("003", DEIR, TUE, label="capture", sub="Armed clash", conf=0.9),
               ev("004", DEIR, TUE, label="capture", sub=gov, conf=0.7)]
    (e,) = merge_events(reports)
    assert e.sub_event_type == gov and e.doc_ids == ("003", "004")
    rebels = ev("001", DEIR, TUE, label="capture", sub="Non-state actor overtakes territory")
    assert len(merge_events([*reports, rebels])) == 2  # two sides taking it: not one event
    clashes = [ev("003", DEIR, TUE, label="clash", sub="Armed clash"),
               ev("004", DEIR, TUE, label="clash", sub="Attack")]
    assert len(merge_events(clashes)) == 2  # other labels still need the same sub-type


def test_one_article_naming_two_towns_reports_two_events():
    near_deir = Place(id="test:near", name="Muhassan", kind="city", lat=35.23, lon=40.33,
                      country="SY")  # 20 km from Deir ez-Zor: within the merge radius
    strikes = [ev("005", DEIR, TUE, label="airstrike"),
               ev("005", near_deir, TUE, label="airstrike")]
    assert len(merge_events(strikes)) == 2
    # another outlet's report of either still merges with it
    assert len(merge_events([*strikes, ev("006", DEIR, TUE, label="airstrike")])) == 2


PROVINCE = Place(id="test:deir-prov", name="Deir ez-Zor Governorate", kind="admin1", lat=35.0,
                 lon=40.5, country="SY", admin1="SY.07")
DEIR_IN = Place(id="test:deir", name="Deir ez-Zor", kind="city", lat=35.336, lon=40.141,
                country="SY", admin1="SY.07")
ALEPPO_IN = Place(id="test:aleppo", name="Aleppo", kind="city", lat=36.2, lon=37.16, country="SY",
                  admin1="SY.09")


def test_one_article_a_province_and_a_town_inside_it_report_one_event():
    # "an attack in the province" and "the attack on the town": one article, one event
    (e,) = merge_events([ev("a", PROVINCE, TUE, label="clash", geo=3),
                         ev("a", DEIR_IN, TUE, label="clash")])
    assert e.place.id == "test:deir"
    # a town of another province, another article, or a month-wide date stay apart
    assert len(merge_events([ev("a", PROVINCE, TUE, label="clash"),
                             ev("a", ALEPPO_IN, TUE, label="clash")])) == 2
    assert len(merge_events([ev("a", PROVINCE, TUE, label="clash"),
                             ev("b", DEIR_IN, TUE, label="clash")])) == 2
    assert len(merge_events([ev("a", PROVINCE, dt.date(2017, 9, 1), 3, label="clash"),
                             ev("a", DEIR_IN, TUE, label="clash")])) == 2
    # a country joins a province of it
    assert len(merge_events([ev("a", SYRIA, TUE, label="clash"),
                             ev("b", PROVINCE, TUE, label="clash")])) == 1


def test_a_plain_attack_its_article_also_reports_as_shelling_is_the_shelling():
    shelling = ev("a", DEIR_IN, TUE, label="shelling", etype="Explosions/Remote violence",
                  sub="Shelling/artillery/missile attack")
    attack = ev("a", DEIR_IN, TUE, label="clash")
    (e,) = merge_events([attack, shelling])
    assert e.notes == "shelling"
    # another article's attack, or an attack in another town, stays an event of its own
    assert len(merge_events([ev("b", DEIR_IN, TUE, label="clash"), shelling])) == 2
    assert len(merge_events([ev("a", ALEPPO_IN, TUE, label="clash"), shelling])) == 2
    # a capture: only a clash placed from another sentence is the same fighting
    capture = ev("a", DEIR_IN, TUE, label="capture")
    assert len(merge_events([attack, capture])) == 2
    borrowed = ev("a", DEIR_IN, TUE, label="clash", notes="clash; place from context")
    assert len(merge_events([borrowed, capture])) == 1


def test_an_advance_its_article_also_tells_as_a_clash_is_that_clash():
    (e,) = merge_events([ev("a", DEIR, TUE, label="clash"),
                         ev("a", DEIR, TUE, 2, label="advance", notes="advance; reported")])
    assert e.notes.split(";")[0] == "clash"
    # another article's advance, or the same article's elsewhere, stays an event of its own
    assert len(merge_events([ev("a", DEIR, TUE, label="clash"),
                             ev("b", DEIR, TUE, label="advance")])) == 2
    assert len(merge_events([ev("a", DEIR, TUE, label="clash"),
                             ev("a", DAMASCUS, TUE, label="advance")])) == 2


def test_a_report_never_tells_of_an_attack_after_its_publication():
    early = ev("a", DAMASCUS, dt.date(2017, 9, 4), 2, label="drone_strike",
               etype="Explosions/Remote violence", sub="Air/drone strike",
               notes="drone_strike; reported")
    later = ev("b", DAMASCUS, TUE, 1, label="drone_strike", etype="Explosions/Remote violence",
               sub="Air/drone strike")
    assert len(merge_events([early, later])) == 2
    same_day = replace_date(later, dt.date(2017, 9, 3))
    assert len(merge_events([early, same_day])) == 1


def test_a_bare_strike_and_an_air_strike_are_one_event():
    a = ev("a", DAMASCUS, TUE, 1, label="strike", etype="Explosions/Remote violence",
           sub="Air/drone strike")
    b = ev("b", DAMASCUS, TUE, 1, label="airstrike", etype="Explosions/Remote violence",
           sub="Air/drone strike")
    assert len(merge_events([a, b])) == 1


def replace_date(e: Event, date: dt.date) -> Event:
    from dataclasses import replace
    return replace(e, date=date, event_id=e.event_id + "-moved")


def test_an_event_with_a_borrowed_place_joins_its_articles_own_telling():
    borrowed = ev("009", DAMASCUS, TUE, label="drone_strike", etype="Explosions/Remote violence",
                  sub="Air/drone strike", notes="drone_strike; place from context")
    own = ev("009", DEIR, TUE, label="drone_strike", etype="Explosions/Remote violence",
             sub="Air/drone strike")
    (e,) = merge_events([borrowed, own])
    assert e.place.id == "test:deir"


def test_a_borrowed_place_does_not_move_to_a_river_the_article_names():
    # "recaptured the city" (the city named before) and "pushed across the Euphrates": the
    # river is no place where the capture happened
    river = Place(id="test:euphrates", name="Euphrates", kind="river", lat=35.0, lon=40.4,
                  country="SY")
    borrowed = ev("010", DEIR, TUE, label="capture", sub="Government regains territory",
                  notes="capture; place from context")
    crossing = ev("010", river, TUE, label="capture", sub="Government regains territory")
    assert {e.place.id for e in merge_events([borrowed, crossing])} == {
        "test:deir", "test:euphrates"}
