"""The analyst's corrections file: loading, checking, applying to mentions and events."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from gazetteer.errors import InputError
from gazetteer.model import Place
from geo.corrections import (
    NOT_A_PLACE,
    Corrections,
    apply_to_events,
    apply_to_mentions,
    load_corrections,
)
from geo.model import Event, Mention

DEIR = Place("geonames:170794", "Deir ez-Zor", "city", 35.33588, 40.14084, "SY",
             "Deir ez-Zor Governorate", 242565, "GeoNames")
ABU_KAMAL = Place("geonames:173576", "Abu Kamal", "city", 34.45065, 40.91861, "SY",
                  "Deir ez-Zor Governorate", 57572, "GeoNames")
# A same-named place in another country: the kind of misresolution an analyst fixes.
WRONG = Place("geonames:9999999", "Deir ez-Zor", "city", 30.1, 31.2, "EG", "", 0, "GeoNames")
AIRBASE = Place("curated:deir-ez-zor-airbase", "Deir ez-Zor Air Base", "airbase",
                35.284722, 40.175833, "SY", "Deir ez-Zor Governorate", 0, "curated")
PLACES = {p.id: p for p in (DEIR, ABU_KAMAL, WRONG, AIRBASE)}
HEADER = "kind,doc_id,start,end,event_id,field,value\n"
DOC = "002_367bf738dcaa9115"
SYRIA = "Military Forces of Syria (2000-)"
IS = "Islamic State (Syria)"


def _write(tmp_path, body: str, name: str = "corrections.csv"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _event(eid: str, place: Place = DEIR, **kw) -> Event:
    base = dict(
        event_id=eid, date=dt.date(2017, 11, 3), time_precision=2, date_text="on Friday",
        event_type="Battles", sub_event_type="Armed clash", actors=(SYRIA, IS), place=place,
        place_text=place.name, geo_precision=1,
        sentence=f"Syrian troops fought ISIS in {place.name}.", doc_ids=(DOC,),
        sources=("Pan-African News Wire (RT story)",), confidence=0.7,
    )
    base.update(kw)
    return Event(**base)


MENTIONS = [
    Mention(DOC, 120, 131, "Deir ez-Zor", WRONG, 0.9),
    Mention(DOC, 200, 209, "Abu Kamal", ABU_KAMAL, 1.0),
    Mention(DOC, 300, 306, "Mosque", None, 0.0),
    Mention("003_99d71c79b0fded34", 40, 49, "Albu Kamal", None, 0.0),
]


# --- loading ----------------------------------------------------------------------------------

def test_load_both_kinds_and_inferred_kind(tmp_path):
    path = _write(tmp_path, HEADER +
                  "# re-resolve the Egyptian hit\n"
                  f"mention,{DOC},120,131,,,geonames:170794\n"
                  f"mention,{DOC},200,209,,place_id,{NOT_A_PLACE}\n"
                  "\n"
                  ",003_99d71c79b0fded34,40,49,,,geonames:173576\n"
                  f"event,,,,ev-0003,date,2017-11-08\n"
                  ",,,,ev-0003,actors,\"Military Forces of Syria (2000-)|Islamic State (Syria)\"\n"
                  "EVENT,,,,ev-0009,Delete,\n")
    c = load_corrections(path)
    assert len(c) == 6 and c.path == str(path)
    assert [(m.doc_id, m.start, m.end, m.place_id) for m in c.mentions] == [
        (DOC, 120, 131, "geonames:170794"), (DOC, 200, 209, None),
        ("003_99d71c79b0fded34", 40, 49, "geonames:173576")]
    assert [(e.event_id, e.field, e.line) for e in c.events] == [
        ("ev-0003", "date", 7), ("ev-0003", "actors", 8), ("ev-0009", "delete", 9)]


def test_bad_rows_are_all_reported_with_file_and_line(tmp_path):
    path = _write(tmp_path, HEADER +
                  f"mention,{DOC},abc,131,,,geonames:170794\n"        # line 2
                  f"mention,{DOC},140,131,,,geonames:170794\n"        # line 3
                  f"mention,{DOC},120,131,,,\n"                       # line 4
                  "event,,,,ev-1,date,3 November 2017\n"              # line 5
                  "event,,,,ev-1,colour,red\n"                        # line 6
                  "event,,,,ev-1,geo_precision,5\n"                   # line 7
                  "fix,,,,ev-1,notes,x\n"                             # line 8
                  f",{DOC},1,2,ev-1,notes,x\n"                        # line 9
                  "event,,,,ev-1,notes,fine\n")                      # line 10: good
    with pytest.raises(InputError) as info:
        load_corrections(path)
    msg = str(info.value)
    assert "8 bad row(s)" in msg
    for line, problem in [(2, "start 'abc' is not a whole number"), (3, "start < end"),
                          (4, "value is empty"), (5, "is not YYYY-MM-DD"),
                          (6, "field 'colour' is not one of"), (7, "geo_precision '5'"),
                          (8, "kind 'fix'"), (9, "both or neither")]:
        assert f"{path}:{line}: " in msg and problem in msg
    assert f"{path}:10:" not in msg
    assert isinstance(info.value, ValueError)  # InputError is also a ValueError


def test_header_missing_and_file_missing(tmp_path):
    with pytest.raises(InputError, match=r"corrections.csv:1: header lacks event_id"):
        load_corrections(_write(tmp_path, "kind,doc_id,start,end,field,value\n"))
    with pytest.raises(InputError, match="empty corrections file"):
        load_corrections(_write(tmp_path, "", "empty.csv"))
    with pytest.raises(InputError, match="cannot read"):
        load_corrections(tmp_path / "nope.csv")


def test_extra_columns_and_bom_are_accepted(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("kind,doc_id,start,end,event_id,field,value,comment\n"
                    "event,,,,ev-1,event_type,Strategic developments,\"checked, SOHR\"\n",
                    encoding="utf-8-sig")  # as Excel saves it
    c = load_corrections(path)
    assert c.events[0].value == "Strategic developments"


# --- mentions ---------------------------------------------------------------------------------

def test_apply_to_mentions_reresolves_and_drops(tmp_path, caplog):
    c = load_corrections(_write(tmp_path, HEADER +
                                f"mention,{DOC},120,131,,,geonames:170794\n"
                                f"mention,{DOC},200,209,,,not-a-place\n"
                                f"mention,{DOC},300,306,,,{NOT_A_PLACE}\n"
                                "mention,003_99d71c79b0fded34,40,49,,,geonames:173576\n"
                                f"mention,{DOC},999,1005,,,geonames:173576\n"))
    with caplog.at_level(logging.WARNING, logger="geo.corrections"):
        out = apply_to_mentions(MENTIONS, c, PLACES.get)
    assert [(m.text, m.place.id if m.place else None, m.score) for m in out] == [
        ("Deir ez-Zor", "geonames:170794", 1.0),
        ("Albu Kamal", "geonames:173576", 1.0),
    ]
    assert out[0].doc_id == DOC and (out[0].start, out[0].end) == (120, 131)
    assert "999:1005" in caplog.text or "[999:1005]" in caplog.text  # stale row reported
    assert MENTIONS[0].place is WRONG  # inputs are not mutated


def test_last_row_wins_for_a_mention(tmp_path):
    c = load_corrections(_write(tmp_path, HEADER +
                                f"mention,{DOC},120,131,,,not-a-place\n"
                                f"mention,{DOC},120,131,,,geonames:170794\n"))
    assert apply_to_mentions(MENTIONS, c, PLACES.get)[0].place == DEIR


def test_unknown_place_id_is_an_error_naming_the_line(tmp_path):
    path = _write(tmp_path, HEADER +
                  f"mention,{DOC},120,131,,,geonames:1\n"
                  "event,,,,ev-1,place_id,curated:nowhere\n")
    c = load_corrections(path)
    with pytest.raises(InputError, match=rf"{path.name}:2: no place with id 'geonames:1'"):
        apply_to_mentions(MENTIONS, c, PLACES.get)
    with pytest.raises(InputError, match=rf"{path.name}:3: no place with id 'curated:nowhere'"):
        apply_to_events([_event("ev-1")], c, PLACES.get)


# --- events -----------------------------------------------------------------------------------

def test_apply_to_events_sets_fields_and_deletes(tmp_path, caplog):
    c = load_corrections(_write(tmp_path, HEADER +
                                "event,,,,ev-1,date,2017-11-08\n"
                                "event,,,,ev-1,place_id,geonames:173576\n"
                                "event,,,,ev-1,actors,Military Forces of Syria (2000-)| "
                                "Hezbollah |\n"
                                "event,,,,ev-1,geo_precision,2\n"
                                "event,,,,ev-2,event_type,Strategic developments\n"
                                "event,,,,ev-2,sub_event_type,Headquarters or base established\n"
                                "event,,,,ev-2,date,2017-09-10\n"
                                "event,,,,ev-2,time_precision,2\n"
                                "event,,,,ev-2,notes,checked against SOHR\n"
                                "event,,,,ev-3,delete,\n"
                                "event,,,,ev-4,actors,\n"
                                "event,,,,ev-4,date,\n"
                                "event,,,,ev-gone,notes,stale\n"))
    events = [_event("ev-1"), _event("ev-2", AIRBASE), _event("ev-3"), _event("ev-4"),
              _event("ev-5")]
    with caplog.at_level(logging.WARNING, logger="geo.corrections"):
        out = apply_to_events(events, c, PLACES.get)
    assert [e.event_id for e in out] == ["ev-1", "ev-2", "ev-4", "ev-5"]
    e1, e2, e4, e5 = out
    assert (e1.date, e1.time_precision) == (dt.date(2017, 11, 8), 1)
    assert e1.place == ABU_KAMAL and e1.place_text == "Deir ez-Zor"  # the text stays evidence
    assert e1.actors == (SYRIA, "Hezbollah") and e1.geo_precision == 2
    assert (e2.event_type, e2.sub_event_type) == ("Strategic developments",
                                                  "Headquarters or base established")
    assert (e2.date, e2.time_precision, e2.notes) == (dt.date(2017, 9, 10), 2,
                                                      "checked against SOHR")
    assert e4.actors == () and e4.date is None and e4.time_precision == 2
    assert e5 == events[4]
    assert "no event ev-gone" in caplog.text


def test_empty_corrections_change_nothing():
    events = [_event("ev-1")]
    assert apply_to_events(events, Corrections(), PLACES.get) == events
    assert apply_to_mentions(MENTIONS, Corrections(), PLACES.get) == MENTIONS
