"""Events from sentences: place, date, type, actors, planned and negated events (geo.events)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gazetteer.model import Place
from geo.events import extract_events
from geo.model import DateMention, Document, Mention
from geo.sentences import split_sentences
from geo.triggers import load_triggers

PLACES = {
    "Deir al-Zour air base": Place("test:dab", "Deir ez-Zor air base", "airbase", 35.285, 40.176,
                                   "SY"),
    "Brigade 137 base": Place("test:b137", "Brigade 137 base", "military_base", 35.30, 40.09, "SY"),
    "Brigade 137": Place("test:b137", "Brigade 137 base", "military_base", 35.30, 40.09, "SY"),
    "Deir al-Zour": Place("test:deir", "Deir ez-Zor", "city", 35.336, 40.141, "SY"),
    "Damascus": Place("test:damascus", "Damascus", "city", 33.513, 36.292, "SY"),
    "Moscow": Place("test:moscow", "Moscow", "city", 55.756, 37.617, "RU"),
    "Sochi": Place("test:sochi", "Sochi", "city", 43.585, 39.723, "RU"),
    "Syria": Place("test:syria", "Syria", "country", 35.0, 38.5, "SY"),
    "Washington": Place("test:washington", "Washington", "city", 38.9, -77.04, "US"),
    "Bakhmut": Place("test:bakhmut", "Bakhmut", "city", 48.595, 38.0, "UA"),
    "Kyiv": Place("test:kyiv", "Kyiv", "city", 50.45, 30.52, "UA"),
    "Rafah": Place("test:rafah", "Rafah", "city", 31.29, 34.25, "PS"),
    "Hodeidah": Place("test:hodeidah", "Hodeidah", "city", 14.80, 42.95, "YE"),
    "El Fasher": Place("test:elfasher", "El Fasher", "city", 13.63, 25.35, "SD"),
    "Kashmir": Place("test:kashmir", "Kashmir", "admin1", 33.5, 74.8, "IN"),
    "Kulgam": Place("test:kulgam", "Kulgam", "city", 33.64, 75.02, "IN"),
    "Khartoum": Place("test:khartoum", "Khartoum", "city", 15.50, 32.56, "SD"),
    "Aleppo": Place("test:aleppo", "Aleppo", "city", 36.20, 37.16, "SY"),
    "Raqqa": Place("test:raqqa", "Raqqa", "city", 35.95, 39.01, "SY"),
    "Hasakah": Place("test:hasakah", "Hasakah", "city", 36.50, 40.75, "SY"),
    "Russia": Place("test:russia", "Russia", "country", 60.0, 100.0, "RU"),
    "Donetsk region": Place("test:donetsk-oblast", "Donetsk Oblast", "admin1", 48.0, 37.8, "UA"),
    "Ukraine": Place("test:ukraine", "Ukraine", "country", 49.0, 32.0, "UA"),
    "Belgorod": Place("test:belgorod", "Belgorod", "city", 50.6, 36.6, "RU"),
}
_NAMES = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(PLACES, key=len, reverse=True))
                    + r")\b")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATES = re.compile(r"\b(?:(?:[Oo]n |[Ee]arlier on )?(Monday|Tuesday|Wednesday|Thursday|Friday|"
                    r"Saturday|Sunday)|[Ll]ast week)\b")
PUB = dt.date(2017, 9, 6)  # a Wednesday


def mentions(doc_id: str, text: str) -> list[Mention]:
    """Hand-made place mentions: every known name, resolved, score 0.9."""
    return [Mention(doc_id, m.start(), m.end(), m.group(), PLACES[m.group()], 0.9)
            for m in _NAMES.finditer(text)]


def dates(doc_id: str, text: str, published: dt.date) -> list[DateMention]:
    """Hand-made date mentions: a weekday is the latest such day up to publication."""
    out = []
    for m in _DATES.finditer(text):
        if m.group(1):
            back = (published.weekday() - _WEEKDAYS.index(m.group(1))) % 7
            out.append(DateMention(doc_id, m.start(), m.end(), m.group(),
                                   published - dt.timedelta(days=back), 1))
        else:
            out.append(DateMention(doc_id, m.start(), m.end(), m.group(),
                                   published - dt.timedelta(days=7), 2))
    return out


def events(text: str, *, published: dt.date | None = PUB, doc_id: str = "d1", **kw):
    doc = Document(id=doc_id, text=text, published=published, source="Test Wire",
                   title="", url="https://example.org/" + doc_id)
    return extract_events(doc, mentions(doc_id, text), dates(doc_id, text, published or PUB), **kw)


def labels(evs) -> list[str]:
    return [e.notes.split(";")[0] for e in evs]


def test_trigger_lexicon_loads_with_acled_types():
    rows = load_triggers()
    assert len(rows) > 20
    assert {r.event_type for r in rows} <= {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
        "Riots", "Strategic developments"}


def test_demining_happens_where_the_mines_are_not_in_the_sending_capital():
    evs = events("Moscow has also sent 157 engineers to defuse mines left by IS in Deir al-Zour.")
    assert len(evs) == 1
    e = evs[0]
    assert e.place.id == "test:deir"
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")
    assert labels(evs) == ["demining"]
    assert e.actors == ()  # IS left the mines; it is not the side that cleared them


def test_siege_broken_through_a_base_happens_at_the_base():
    text = ("The progressing forces broke the siege from the western part of the city through the "
            "Brigade 137, where a garrison of forces had been besieged by IS for three years.")
    evs = events(text)
    assert [(e.place.id, labels([e])[0]) for e in evs] == [("test:b137", "siege_broken")]
    text = ("The Syrian army has lifted the siege to the capital city of Deir al-Zour by breaking "
            "into the terror group's defense line around the Brigade 137 base of the Syrian army.")
    (e,) = events(text)
    assert e.place.id == "test:b137"
    assert e.geo_precision == 2  # "around" the base
    assert "Military Forces of Syria" in e.actors


def test_places_used_as_actors_are_not_event_places():
    text = ("The rare visit signifies the strong alliance between Damascus and Moscow, as the "
            "Russian air force enabled the Syrian army to break the IS siege on Deir al-Zour "
            "last week.")
    evs = events(text)
    assert {e.place.id for e in evs} == {"test:deir"}
    siege = [e for e in evs if labels([e]) == ["siege_broken"]][0]
    assert (siege.date, siege.time_precision, siege.date_text) == (dt.date(2017, 8, 30), 2,
                                                                  "last week")
    assert events("Washington said the talks would continue.") == []


def test_date_from_the_same_sentence_then_the_story_then_publication():
    text = ("On Tuesday, Syrian government troops broke the three-year siege of Deir al-Zour.\n\n"
            "Earlier in the day, the army shelled positions near Deir al-Zour.\n\n"
            "Syrian troops captured Bakhmut.")
    evs = events(text)
    by = {labels([e])[0]: e for e in evs}
    assert by["siege_broken"].date == dt.date(2017, 9, 5)
    assert by["siege_broken"].time_precision == 1 and by["siege_broken"].date_text == "On Tuesday"
    assert by["shelling"].date == dt.date(2017, 9, 5)  # continues the story
    assert by["shelling"].geo_precision == 2  # near
    assert by["capture"].date == PUB and by["capture"].time_precision == 2
    assert "reported" in by["capture"].notes and by["capture"].date_text == ""
    assert by["siege_broken"].confidence > by["capture"].confidence


def test_every_event_of_a_sentence_takes_its_date_but_not_the_date_it_was_told():
    text = ("Syrian troops captured Bakhmut on Monday.\n\n"
            "Shelling of Aleppo killed two civilians on Sunday.\n\n"
            "The breaking of the siege of Deir al-Zour is a turning point in the fight against "
            "terror, Lavrov told reporters on Tuesday.")
    by = {e.place.name: e for e in events(text)}
    assert by["Aleppo"].date == dt.date(2017, 9, 3)  # Sunday, not Monday from before
    assert by["Deir ez-Zor"].date_text != "on Tuesday"


def test_planned_events_are_not_reported_as_happened():
    text = ("The Syrian forces will now move to liberate the vicinity of the Deir al-Zour air base "
            "from IS. The cabinet also decided to launch an aerial bridge between Damascus and "
            "Deir al-Zour to secure the return of the displaced.")
    assert events(text) == []
    planned = events(text, include_planned=True)
    assert planned and all("planned" in e.notes and e.confidence <= 0.2 for e in planned)


def test_negated_events_are_skipped():
    assert events("Ukrainian officials denied that Russian forces captured Bakhmut.") == []


def test_a_sentence_without_any_place_gives_no_event():
    assert events("Troops captured the town after heavy fighting on Tuesday.") == []


def test_a_sentence_without_place_borrows_from_its_paragraph_with_less_confidence():
    text = "Heavy fighting was reported in Bakhmut. Russian troops later captured the town."
    evs = events(text)
    cap = [e for e in evs if labels([e]) == ["capture"]][0]
    assert cap.place.id == "test:bakhmut" and "place from context" in cap.notes
    assert cap.sub_event_type == "Non-state actor overtakes territory"  # Russia in Ukraine


@pytest.mark.parametrize(("text", "label", "etype", "sub", "place", "actor"), [
    ("Russian forces shelled Bakhmut on Tuesday, the Ukrainian military said.",
     "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "test:bakhmut", "Military Forces of Russia"),
    ("A Russian drone attack on Kyiv overnight damaged apartment blocks.",
     "drone_strike", "Explosions/Remote violence", "Air/drone strike", "test:kyiv",
     "Military Forces of Russia: Air Force"),
    ("An Israeli airstrike on a house in Rafah killed 12 people on Monday, medics said.",
     "airstrike", "Explosions/Remote violence", "Air/drone strike", "test:rafah",
     "Military Forces of Israel: Air Force"),
    ("Houthi forces fired a ballistic missile at ships near Hodeidah.",
     "missile", "Explosions/Remote violence", "Shelling/artillery/missile attack",
     "test:hodeidah", "Houthis (Ansar Allah)"),
    ("The RSF seized El Fasher on Sunday after a months-long siege.",
     "capture", "Battles", "Non-state actor overtakes territory", "test:elfasher",
     "Rapid Support Forces (RSF)"),
    ("Gunmen abducted 20 aid workers in Khartoum on Friday.",
     "abduction", "Violence against civilians", "Abduction/forced disappearance",
     "test:khartoum", None),
    ("Thousands of demonstrators took to the streets of Khartoum; police fired tear gas.",
     "protest", "Protests", "Protest with intervention", "test:khartoum", None),
    ("Putin hosted Syrian President Bashar Assad in Sochi on Monday.",
     "meeting", "Strategic developments", "Other", "test:sochi", None),
    ("Aid convoys reached Deir al-Zour on Tuesday.",
     "aid", "Strategic developments", "Other", "test:deir", None),
])
def test_other_wars(text, label, etype, sub, place, actor):
    evs = events(text)
    match = [e for e in evs if labels([e])[0] == label]
    assert match, [(e.notes, e.place.id) for e in evs]
    e = match[0]
    assert (e.event_type, e.sub_event_type, e.place.id) == (etype, sub, place)
    if actor:
        assert actor in e.actors
    assert 0 < e.confidence < 1


def test_meeting_is_where_it_was_held_not_the_topic():
    evs = events("Shoigu met with Assad on Tuesday, conveying congratulations on the "
                 "Deir al-Zour progress.")
    assert evs == []


def test_ids_are_stable_and_fields_filled():
    text = "On Tuesday, Syrian government troops broke the siege of Deir al-Zour."
    a, b = events(text), events(text)
    assert [e.event_id for e in a] == [e.event_id for e in b]
    (e,) = a
    assert e.doc_ids == ("d1",) and e.sources == ("Test Wire",)
    assert e.urls == ("https://example.org/d1",)
    assert e.sentence == text and e.place_text == "Deir al-Zour"
    assert events(text, doc_id="d2")[0].event_id != e.event_id


def test_body_spans_limit_extraction():
    text = "Troops captured Bakhmut.\n\nRelated: rebels captured Kyiv."
    doc = Document(id="d", text=text, published=PUB, body=((0, 24),))
    evs = extract_events(doc, mentions("d", text), [])
    assert [e.place.id for e in evs] == ["test:bakhmut"]


def test_sentence_splitter_keeps_abbreviations_and_quotes():
    t = ('Gen. Smith and Col. J. R. Jones met U.S. envoys on Sept. 5 in Aleppo. "We won," he '
         "said. The U.S. The army left.\nHeadline without stop\n\nNext para.")
    got = [t[a:b] for a, b in split_sentences(t)]
    assert got == ["Gen. Smith and Col. J. R. Jones met U.S. envoys on Sept. 5 in Aleppo.",
                   '"We won," he said.', "The U.S.", "The army left.", "Headline without stop",
                   "Next para."]
    assert split_sentences(t, ((0, 10),)) == [(0, 10)]


# -- who acted, background, lists, subtypes ---------------------------------------------------

def test_first_actor_is_the_side_that_took_the_town_not_the_side_it_was_taken_from():
    [e] = events("On Monday the Syrian army recaptured Raqqa from IS.")
    assert e.actors == ("Military Forces of Syria", "Islamic State (IS)")
    assert e.sub_event_type == "Government regains territory"
    [e] = events("On Monday IS fighters recaptured Raqqa from the Syrian army.")
    assert e.actors[0] == "Islamic State (IS)"
    assert e.sub_event_type == "Non-state actor overtakes territory"


def test_a_state_taking_a_town_of_another_state_is_no_government_regaining_it():
    [e] = events("On Monday Ukrainian troops captured Belgorod.")
    assert e.sub_event_type == "Non-state actor overtakes territory"  # "or a foreign state actor"
    [e] = events("On Monday Ukrainian troops recaptured Bakhmut.")
    assert e.sub_event_type == "Government regains territory"


def test_passive_trigger_takes_its_actor_from_by():
    [e] = events("On Monday Raqqa was recaptured by the Syrian army.")
    assert e.actors == ("Military Forces of Syria",)
    [e] = events("On Monday IS positions in Raqqa were struck by Russian warplanes.")
    assert e.actors == ("Military Forces of Russia: Air Force", "Islamic State (IS)")


def test_taken_ground_without_a_named_taker_is_a_clash_with_no_first_actor():
    [e] = events("On Monday the town of Raqqa was captured from IS.")
    assert e.actors == ()
    assert e.sub_event_type == "Armed clash"


def test_demonym_with_an_attack_noun_names_the_attacker():
    [e] = events("On Monday a U.S. strike against Syrian military forces hit Deir al-Zour.")
    assert e.actors[0] == "Military Forces of the United States"


def test_ally_comes_after_the_side_that_acted():
    [e] = events("On Monday government forces, backed by Russian airstrikes, recaptured Raqqa.")
    assert e.actors == ("Government forces", "Military Forces of Russia: Air Force")
    assert labels([e]) == ["capture"]  # the supporting airstrikes are not a second event


def test_biography_without_its_own_date_is_not_an_event():
    text = ("Nicknamed the Tiger, he played crucial role in ousting IS militants from the cities "
            "of Aleppo and Raqqa.")
    assert events(text) == []


def test_past_perfect_event_is_dated_by_its_own_date_or_dropped():
    assert events("The presidents, who had last met in Damascus, agreed to talk peace.") == []
    [e] = events("The presidents, who had last met in Damascus on Monday, agreed to talk peace.")
    assert e.date == dt.date(2017, 9, 4) and "background" in e.notes
    assert e.confidence < events("The presidents met in Damascus on Monday.")[0].confidence


def test_event_cited_as_a_cause_is_background():
    text = '"The U.S. strike against Syrian forces in Deir al-Zour helped IS expand," it said.'
    assert events(text) == []


def test_each_listed_place_taken_is_an_event():
    evs = events("On Monday the Syrian army captured Aleppo, Raqqa and, lastly, Hasakah.")
    assert sorted(e.place.name for e in evs) == ["Aleppo", "Hasakah", "Raqqa"]
    assert {e.date for e in evs} == {dt.date(2017, 9, 4)}
    evs = events("People took to the streets in Deir al-Zour and the northern cities of Aleppo "
                 "and Hasakah to celebrate the victory.")
    assert sorted(e.place.name for e in evs) == ["Aleppo", "Deir ez-Zor", "Hasakah"]


def test_places_named_together_but_not_where_it_happened_stay_out():
    evs = events("Envoys from Damascus and Moscow met in Sochi on Monday.")
    assert [e.place.name for e in evs] == ["Sochi"]


def test_a_place_describing_the_next_one_is_not_where_it_happened():
    [e] = events("On Monday a strike killed five people in the northern Hasakah town of Raqqa.")
    assert e.place.name == "Raqqa" and e.geo_precision == 1


def test_the_start_of_a_since_clause_dates_no_event():
    evs = events("An Israeli strike killed four people in Rafah, where fighting has raged almost "
                 "daily since the war began last week.")
    e = next(e for e in evs if labels([e]) == ["strike"])
    assert e.time_precision == 2 and e.date_text == "" and "reported" in e.notes


def test_the_dead_counted_right_after_a_strike_are_its_toll():
    for text in ("Officials said that Israeli strikes killed at least 12 people on Monday across "
                 "Rafah.", "Medics say an Israeli strike has killed seven people in Rafah."):
        [e] = events(text)
        assert (e.sub_event_type, e.place.name) == ("Air/drone strike", "Rafah")


def test_explosions_heard_with_gunfire_are_no_roadside_bomb():
    evs = events("On Monday explosions and gunfire rang out across Aleppo.")
    assert "Remote explosive/landmine/IED" not in {e.sub_event_type for e in evs}


def test_the_city_refers_to_the_city_named_before():
    text = ("Raqqa was the last major city in the hands of the militants. On Monday government "
            "forces finally recaptured the city.")
    [e] = events(text)
    assert e.place.name == "Raqqa" and "place from context" in e.notes


def test_siege_broken_subtype_follows_who_broke_it():
    [e] = events("On Monday the Syrian army broke the siege of Deir al-Zour.")
    assert e.sub_event_type == "Government regains territory"
    [e] = events("On Monday the siege of Deir al-Zour was broken.")
    assert e.sub_event_type == "Armed clash"
    [e] = events("On Monday IS imposed a siege on Deir al-Zour.")
    assert labels([e]) == ["siege"] and e.actors == ("Islamic State (IS)",)


def test_withdrawal_under_fire_is_a_battle_not_a_handover():
    [e] = events("On Monday IS fighters withdrew from Raqqa.")
    assert e.sub_event_type == "Non-violent transfer of territory"
    [e] = events("On Monday IS fighters withdrew from Raqqa under heavy fire.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")


def test_keywords_with_two_inflected_words_expand():
    from geo.triggers import _expand

    assert "pushed towards" in _expand("push{,ed,es,ing} toward{,s}")
    [e] = events("On Monday the Syrian army pushed towards Raqqa.")
    assert labels([e]) == ["advance"]


def test_a_statement_is_not_placed_where_its_quoted_words_are():
    text = '"Troops are chasing the militants in Deir al-Zour," the statement said.'
    assert [e for e in events(text) if labels([e]) == ["statement"]] == []
    [e] = events('The ministry said in a statement in Damascus: "Troops hold Deir al-Zour."')
    assert labels([e]) == ["statement"] and e.place.name == "Damascus"


def test_a_wire_dateline_does_not_date_the_events_that_follow():
    text = "KHARTOUM, Sept 6 (Test Wire) - The army shelled Khartoum on Monday, residents said."
    d0 = text.index("Sept 6")
    d1 = text.index("Monday")
    ds = [DateMention("d1", d0, d0 + 6, "Sept 6", PUB, 1),
          DateMention("d1", d1, d1 + 6, "Monday", dt.date(2017, 9, 4), 1)]
    doc = Document(id="d1", text=text, published=PUB, source="Test Wire")
    [e] = extract_events(doc, mentions("d1", text), ds)
    assert e.date == dt.date(2017, 9, 4) and e.date_text == "Monday"


def test_reported_speech_in_the_past_perfect_is_news_not_background():
    [e] = events("The army said it had recaptured Raqqa on Monday.")
    assert e.date == dt.date(2017, 9, 4) and "background" not in e.notes


def test_aircraft_that_struck_positions_is_an_air_strike():
    evs = events("Russia's defence ministry said its aircraft struck Ukrainian positions near "
                 "Bakhmut overnight.")
    assert [(e.sub_event_type, e.place.name) for e in evs] == [("Air/drone strike", "Bakhmut")]


def test_a_date_after_since_does_not_date_the_event():
    (e,) = events("Rebels have shelled Aleppo since Monday.")
    assert e.date_text == "" and "reported" in e.notes


def test_a_town_people_fled_to_does_not_place_the_next_sentences_event():
    text = ("About 200 soldiers fled across the river to Aleppo, officials said. Rebels took "
            "control of the base on Wednesday.")
    assert [e.place.name for e in events(text) if "capture" in e.notes] == []


def test_the_city_after_a_preposition_and_a_quote_is_the_city_named_before():
    text = ("Government forces took Aleppo on Monday.\n\nRebels said the army had begun "
            "\"heavy bombardment\" of the city. Rockets were fired at Raqqa, officials said.")
    places = {e.place.name for e in events(text) if "bombard" in e.sentence}
    assert places == {"Aleppo"}


def test_protesters_who_attack_are_a_violent_demonstration_not_a_peaceful_one():
    evs = events("Protesters attacked several embassies in Damascus on Tuesday.")
    assert [e.sub_event_type for e in evs] == ["Violent demonstration"]


def test_took_the_town_of_is_ground_taken_and_strikes_across_the_country_are_strikes():
    assert "capture" in labels(events("Rebels took the town of Raqqa on Sunday."))
    assert "capture" in labels(events("The militants took the provincial capital of Raqqa."))
    assert labels(events("He took part in talks in Raqqa.")) != ["capture"]
    text = ("Eight soldiers were killed in fighting in Syria on Wednesday.\n\n"
            "The ministry said 46 people were killed in Russian strikes across the country on "
            "Tuesday.")
    strikes = [e for e in events(text) if "strikes across" in e.sentence]
    assert [(e.sub_event_type, e.place.name) for e in strikes] == [("Air/drone strike", "Syria")]


def test_a_strike_that_sets_fire_is_the_strike_only_and_full_control_is_a_capture():
    evs = events("A Ukrainian drone attack set fire to an oil depot in Bakhmut on Monday.")
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]
    assert "capture" in labels(events("Russia said its forces had taken full control of Bakhmut."))


def test_riot_police_and_riot_gear_are_no_riot():
    text = "Riot police in riot gear guarded the ministry in Khartoum on Monday."
    assert "riot" not in labels(events(text))
    assert "riot" in labels(events("Rioters torched shops in Khartoum on Monday."))


def test_a_place_after_its_possessor_takes_the_possessors_preposition():
    # "in south Kashmir's Kulgam": the event is in the town, not in the area that holds it
    evs = events("Police encircled a band of gunmen and exchanged fire with them during a search "
                 "in south Kashmir's Kulgam on Monday night.")
    assert {e.place.name for e in evs} == {"Kulgam"}


def test_the_day_a_statement_was_made_dates_no_event_when_another_date_is_told():
    text = ("Gunmen ambushed an army convoy near Aleppo on Monday, the ministry said on "
            "Tuesday. Clashes went on in the area.")
    evs = events(text)
    assert evs and {e.date for e in evs} == {PUB - dt.timedelta(days=2)}


def test_a_dateline_place_is_where_the_story_was_filed_not_the_event_place():
    text = ("MOSCOW, Russia (Test Wire) — Russian troops on Monday captured a small village in "
            "eastern Ukraine's Donetsk region, the ministry said.")
    [e] = events(text)
    assert e.place.id == "test:donetsk-oblast"
    [e] = events("Khartoum (Test Wire) — Shelling killed four people on Monday.")
    assert e.place.id == "test:khartoum"  # alone, the dateline's city is the best guess


def test_a_place_after_in_a_rural_part_of_is_where_it_happened():
    text = ("Moscow, Sept 6 (Test Wire).- An attack by gunmen on Monday in a rural part of "
            "Hasakah left six soldiers dead.")
    assert [e.place.id for e in events(text)] == ["test:hasakah"]


def test_the_dead_of_a_strike_are_its_toll_not_another_event():
    [e] = events("Two children were killed in a strike on a house in Rafah on Monday.")
    assert (e.sub_event_type, labels([e])) == ("Air/drone strike", ["strike"])
    [e] = events("An air strike on a building in Raqqa killed three women on Monday.")
    assert e.event_type == "Explosions/Remote violence"
    # elsewhere, the dead are an event of their own
    evs = events("Jets bombed Raqqa on Monday, and gunmen killed two civilians in Hasakah.")
    assert {(e.place.id, e.event_type) for e in evs} == {
        ("test:raqqa", "Explosions/Remote violence"),
        ("test:hasakah", "Violence against civilians")}


def test_an_offensive_to_retake_a_town_is_the_fighting_not_the_ground_taken():
    [e] = events("The army launched an offensive on Monday to recapture Raqqa from IS.")
    assert (labels([e]), e.sub_event_type, e.place.id) == (["offensive"], "Armed clash",
                                                            "test:raqqa")
    [e] = events("The operation to retake Aleppo began on Monday, backed by heavy shelling.")
    assert labels([e]) == ["offensive"] and e.date == dt.date(2017, 9, 4)
    # what the fighters managed to do, they did
    [e] = events("After days of fighting, the army managed to recapture Raqqa on Monday.")
    assert labels([e]) == ["capture"]
    # an offensive still to come is no fighting yet
    assert events("The army will drive IS out of Raqqa, then move to oust it from Hasakah.") == []


def test_storming_a_post_is_an_attack_and_a_coup_or_martial_law_no_battle():
    [e] = events("Gunmen stormed an army checkpoint near Aleppo on Monday, killing four.")
    assert (labels([e]), e.sub_event_type) == (["clash"], "Armed clash")
    [e] = events("Officers who seized power in Khartoum on Monday dissolved the cabinet.")
    assert (labels([e]), e.event_type) == (["coup"], "Strategic developments")
    [e] = events("The junta imposed martial law in Kulgam on Monday, days after the clashes.")
    assert labels([e]) == ["martial_law"]


def test_clearing_a_town_of_explosives_is_demining_not_a_bomb():
    [e] = events("Engineers were clearing Raqqa of explosive devices on Monday.")
    assert (labels([e]), e.sub_event_type) == (["demining"], "Disrupted weapons use")
    [e] = events("The army holds Raqqa and is clearing it of mines on Monday.")
    assert labels([e]) == ["demining"]


def test_missiles_fired_by_a_drone_or_a_jet_are_an_air_strike():
    [e] = events("A drone targeted a house in Rafah with two missiles on Monday.")
    assert (labels([e]), e.sub_event_type) == (["drone_strike"], "Air/drone strike")
    [e] = events("A jet fired two air-to-ground missiles at a car in Rafah on Monday.")
    assert e.sub_event_type == "Air/drone strike"


def test_a_town_that_fell_to_a_group_was_taken_by_it():
    [e] = events("Raqqa fell to the Islamic State on Monday.")
    assert (e.sub_event_type, e.actors) == ("Non-state actor overtakes territory",
                                            ("Islamic State (IS)",))


def test_the_group_refers_back_to_the_armed_group_named_before():
    text = ("The ELN has stepped up its attacks this year.\n\n"
            "The group ambushed a patrol near Aleppo on Monday.")
    [e] = [e for e in events(text) if e.place.id == "test:aleppo"]
    assert e.actors == ("National Liberation Army (ELN)",)
    # an aid group is no armed group
    text = ("Hamas fighters were seen in the area.\n\n"
            "The aid group said an attack hit a clinic in Rafah on Monday.")
    assert all(e.actors == () for e in events(text))


def test_background_and_reference_points_are_no_events():
    # a town named as the distance from the fighting is not where it is
    evs = events("Residents of Kyiv, 80 kilometres (50 miles) away from the fighting, were "
                 "alarmed on Monday.")
    assert evs == []
    # the start of a campaign is the reference of a span
    assert events("Thousands have fled Raqqa since the start of the offensive.") == []
    # an ongoing exchange over months is background, not news of the day
    assert events("The two armies have been exchanging fire near Aleppo for more than four "
                  "months, after IS launched rockets at Hasakah.") == []
    assert events("The group has been fighting the army in Aleppo since the 1990s.") == []
    # a participle describing a town reports no capture
    assert events("\"From the liberated Raqqa we thank the fighters,\" he said.") == []


def test_the_dead_and_wounded_are_counted_where_the_sentence_says():
    text = ("Jets bombed Rafah on Monday, killing six.\n\n"
            "The wounded were transported to a hospital in Khartoum. Nine were also injured, "
            "a doctor said.")
    assert [e.place.id for e in events(text)] == ["test:rafah"]


def test_the_attack_told_before_is_no_new_event():
    text = ("Jets bombed a hospital in Rafah on Monday.\n\n"
            "The hospital is run by a church of Aleppo, which condemned the attack.\n\n"
            "That attack was reported to have hit the hospital's wing.")
    assert [e.place.id for e in events(text)] == ["test:rafah"]
    # with its own place after it, the attack is an event
    text = "Jets bombed Rafah on Monday.\n\nThe attack on Hasakah on Monday killed two."
    assert {e.place.id for e in events(text)} == {"test:rafah", "test:hasakah"}


def test_a_dateline_with_a_colon_is_where_the_story_was_filed():
    evs = events("Khartoum: Four soldiers were killed, including two officers, in an attack in "
                 "Hasakah on Monday.")
    assert {e.place.id for e in evs} == {"test:hasakah"}


def test_fighters_who_march_into_a_city_advance_while_marchers_protest():
    evs = events("Rebel fighters marched into Khartoum on Tuesday amid heavy gunfire.")
    assert [(e.event_type, labels([e])[0]) for e in evs] == [("Battles", "advance")]
    evs = events("Thousands marched through Khartoum on Tuesday against the government.")
    assert [e.event_type for e in evs] == ["Protests"]


def test_weapons_deployed_to_a_town_are_no_strike_there():
    assert events("The army said on Monday it had deployed helicopter gunships to Hodeidah "
                  "to guard the port.") == []
    assert events("The rebels said government forces sent warplanes to Hodeidah on Monday.") == []
    evs = events("Helicopter gunships struck rebel positions in Hodeidah on Monday.")
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]


def test_an_unknown_district_of_a_city_places_the_event_at_the_city_less_precisely():
    text = "Jets bombed the Tayar Ghoush district of Raqqa on Monday, killing five civilians."
    doc = Document(id="d1", text=text, published=PUB, source="Test Wire", title="",
                   url="https://example.org/d1")
    start = text.index("Tayar")
    part = Mention("d1", start, start + len("Tayar Ghoush"), "Tayar Ghoush",
                   within=PLACES["Raqqa"])
    evs = extract_events(doc, [part] + mentions("d1", text), dates("d1", text, PUB))
    assert [(e.place.name, e.place_text, e.geo_precision) for e in evs] == [
        ("Raqqa", "Tayar Ghoush", 2)]


def test_a_country_named_as_the_doer_is_its_state_forces():
    (e,) = events("Russia on Monday launched a barrage of missiles at Kyiv.")
    assert e.actors == ("Military Forces of Russia",) and e.place.id == "test:kyiv"
    (e,) = events("Syria has shelled Raqqa on Monday.")
    assert e.actors == ("Military Forces of Syria",)
    # a place or a target, not the doer
    assert all("Military Forces of Russia" not in e.actors
               for e in events("Missiles fired from Russia hit Kyiv on Monday."))
    assert all(e.actors != ("Military Forces of Ukraine",)
               for e in events("Rebels launched missiles against Ukraine on Monday."))
    (e,) = events("Russia said it shelled Bakhmut on Monday.")
    assert e.actors == ("Military Forces of Russia",)


def test_unnamed_rebels_who_seize_a_town_overtake_territory():
    (e,) = events("Rebels loyal to a former minister have seized control of Hasakah on Monday.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    (e,) = events("Separatist fighters said on Monday that they had captured Hasakah.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    (e,) = events("Hasakah was captured from the rebels on Monday.")
    assert e.sub_event_type != "Non-state actor overtakes territory"
    (e,) = events("The rebels said Hasakah was captured on Monday.")
    assert e.sub_event_type != "Non-state actor overtakes territory"


def test_an_armed_attack_on_a_village_or_a_camp_of_displaced_is_violence_against_civilians():
    for text in ("Gunmen stormed a village near Hasakah on Monday and killed dozens.",
                 "An attack on the displacement camp outside El Fasher killed 40 on Monday.",
                 "RSF fighters attacked homes in Khartoum on Monday."):
        assert [(e.event_type, e.sub_event_type) for e in events(text)] == [
            ("Violence against civilians", "Attack")], text
    (e,) = events("Rebels attacked army positions near Hasakah on Monday.")
    assert e.event_type == "Battles"


def test_an_attack_made_with_rockets_is_one_shelling():
    for text in ("A man died in a rocket attack on Hasakah on Monday.",
                 "Rebels attacked Hasakah with Katyusha rockets on Monday."):
        assert [e.sub_event_type for e in events(text)] == [
            "Shelling/artillery/missile attack"], text


def test_the_attack_after_a_drone_strike_is_that_strike():
    text = ("A drone strike hit a fuel depot in Hodeidah on Monday.\n\n"
            "Officials said the attack also damaged a ship near Hodeidah on Monday.")
    assert {e.sub_event_type for e in events(text)} == {"Air/drone strike"}


def test_a_place_said_to_lie_in_a_country_is_where_the_event_is():
    (e,) = events("On Monday, Bakhmut in eastern Ukraine came under attack.")
    assert e.place.id == "test:bakhmut"
    (e,) = events("On Monday, the Donetsk region in eastern Ukraine came under heavy shelling.")
    assert e.place.id == "test:donetsk-oblast"


def test_a_place_naming_a_war_or_talks_is_not_where_the_strike_fell():
    text = ("Two farmers died in an airstrike on the hills near the border, where both armies have "
            "traded fire since the Raqqa war began.")
    assert [e.place.id for e in events(text)] != ["test:raqqa"]
    text = "An airstrike hit Raqqa on Tuesday while the Syria talks went on."
    assert [e.place.id for e in events(text)] == ["test:raqqa"]

def test_a_bombing_without_aircraft_or_air_force_is_an_explosive_not_an_air_strike():
    evs = events("A bombing wounded three guards at a checkpoint in Rafah on Monday.")
    assert [(e.sub_event_type, e.notes.split(";")[0]) for e in evs] == [
        ("Remote explosive/landmine/IED", "ied")]
    evs = events("Warplanes kept bombing Aleppo on Monday.")
    assert {e.sub_event_type for e in evs} == {"Air/drone strike"}


def test_a_town_that_fell_to_a_group_was_taken_by_that_group():
    evs = [e for e in events("On Monday the town of Hodeidah fell swiftly to Houthi fighters, "
                             "as the army withdrew.") if e.label == "capture"]
    assert evs and evs[0].actors[0].startswith("Houthis")
    assert evs[0].sub_event_type == "Non-state actor overtakes territory"


def test_pulling_out_a_thing_is_no_withdrawal():
    assert "withdrawal" not in labels(events(
        "In Rafah on Monday a guard tried to pull out a pin from a grenade that never went off."))
    assert "withdrawal" in labels(events("Militias pulled out of Rafah on Monday."))


def test_a_place_inside_an_armed_forces_name_is_not_where_it_happened():
    evs = events("Two troopers were killed when a Kashmir Rifles patrol was ambushed in Kulgam "
                 "on Monday.")
    assert [e.place.name for e in evs] == ["Kulgam"]


def test_ground_the_army_had_earlier_taken_is_background_without_a_date_of_its_own():
    evs = events("On Monday the offensive on Kyiv began. The army had earlier seized Bakhmut.")
    assert "Bakhmut" not in [e.place.name for e in evs]


def test_a_date_inside_a_since_clause_dates_no_event():
    evs = events("Rebels entered Aleppo on Monday for the first time since being driven out "
                 "in 2016.")
    assert evs and all(e.date != dt.date(2016, 1, 1) for e in evs)
    evs = events("Jets struck Damascus on Tuesday, the heaviest raids since the army began its "
                 "bombardment on Monday.")
    assert {e.date for e in evs} == {dt.date(2017, 9, 5)}


def test_a_place_that_did_the_attacking_is_not_where_it_happened():
    evs = events("On Monday Kyiv has launched missiles at oil depots in Belgorod.")
    assert [e.place.name for e in evs] == ["Belgorod"]
    evs = events("Missiles fell on Belgorod on Monday in attacks by Kyiv.")
    assert "Kyiv" not in [e.place.name for e in evs]


def test_a_condemned_or_named_attack_is_the_one_told_before():
    evs = events("Jets struck Rafah on Monday. Syria condemned the air strikes by Russia, "
                 "calling it a cowardly attack.")
    assert [e.place.name for e in evs] == ["Rafah"]


def test_an_attack_on_tourists_is_violence_against_civilians():
    evs = events("The army struck Rafah on Monday, after the attack against tourists in "
                 "Kulgam on Sunday.")
    kulgam = [e for e in evs if e.place.name == "Kulgam"]
    assert [e.event_type for e in kulgam] == ["Violence against civilians"]


def test_a_strike_with_its_day_or_around_a_town_is_a_strike():
    evs = events("A US strike Monday hit a house in Hodeidah, killing two.")
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]
    evs = events("The strikes around Hodeidah wounded four on Monday.")
    assert [e.sub_event_type for e in evs] == ["Air/drone strike"]


def test_earlier_strikes_are_not_dated_by_the_sentence_before():
    evs = events("Jets struck Rafah on Monday.\nEarlier Israeli strikes targeted Hodeidah.")
    assert all(e.date != dt.date(2017, 9, 4) for e in evs if e.place.name == "Hodeidah")


def test_taking_or_holding_hostages_is_an_abduction_not_a_capture():
    for text in ("Gunmen seized a dozen hostages in Rafah on Monday.",
                 "On Monday militants were holding 20 people hostage in Rafah."):
        (e,) = events(text)
        assert (e.event_type, e.sub_event_type) == (
            "Violence against civilians", "Abduction/forced disappearance")


def test_traded_gunfire_air_assault_and_occupied_are_events():
    assert labels(events("Rebels traded gunfire with troops in Rafah on Monday.")) == ["clash"]
    assert labels(events("The coalition conducted an air assault on Raqqa on Monday.")) == [
        "airstrike"]
    assert labels(events("Raqqa was occupied by militants on Monday.")) == ["capture"]
    assert "capture" not in labels(events("Settlers live in the occupied Hodeidah district."))


def test_where_a_statement_was_made_is_not_where_the_attack_happened():
    evs = events("On Monday the governor told reporters in Kyiv that gunmen attacked a convoy.")
    assert all(e.place.name != "Kyiv" for e in evs if e.label != "statement")


def test_told_that_it_had_happened_is_reported_news_not_background():
    evs = events("On Monday the governor told reporters that militants had attacked Bakhmut.")
    assert [e.place.name for e in evs] == ["Bakhmut"]


def _dated(text, marks):
    """Events of ``text`` with the date mentions given as (words, date, precision)."""
    doc = Document(id="d1", text=text, published=PUB, source="Test Wire", title="",
                   url="https://example.org/d1")
    ds = [DateMention("d1", text.index(w), text.index(w) + len(w), w, d, p) for w, d, p in marks]
    return extract_events(doc, mentions("d1", text), ds)


def test_the_strike_told_again_keeps_the_date_it_was_first_told_with():
    text = ("Two commanders were killed on Friday in a drone strike, officials said. The army, "
            "which in April launched an offensive on Kyiv, lost ground. The drone strike took "
            "place in Bakhmut.")
    evs = _dated(text, [("Friday", dt.date(2017, 9, 1), 1), ("April", dt.date(2017, 4, 1), 3)])
    (strike,) = [e for e in evs if e.place.name == "Bakhmut"]
    assert strike.date == dt.date(2017, 9, 1)


def test_a_background_sentence_lends_its_date_to_no_later_sentence():
    text = "The army had recaptured Aleppo in March. Rebels are shelling Raqqa."
    evs = _dated(text, [("March", dt.date(2017, 3, 1), 3)])
    (raqqa,) = [e for e in evs if e.place.name == "Raqqa"]
    assert raqqa.date == PUB and "reported" in raqqa.notes


def test_a_lead_sentence_without_a_place_takes_the_next_paragraphs():
    text = ("Rebels clashed with a navy patrol on Monday off a southern city.\n\n"
            "Troops have surrounded a district of Rafah.")
    evs = events(text)
    assert [(e.label, e.place.name) for e in evs if e.date == dt.date(2017, 9, 4)] == [
        ("clash", "Rafah")]


def test_a_place_naming_a_news_outlet_is_not_where_the_shelling_was():
    assert events("Raqqa TV said on Tuesday that rebels shelled positions overnight.") == []
    assert [e.place.id for e in events("Raqqa TV said rebels shelled Aleppo on Tuesday.")] == [
        "test:aleppo"]


def test_an_event_dated_years_before_the_article_is_history_not_news():
    text = "The army recaptured Aleppo in December 2015, and on Tuesday rebels shelled Raqqa."
    doc = Document(id="d1", text=text, published=PUB, source="Test Wire", title="",
                   url="https://example.org/d1")
    ds = [DateMention("d1", text.index("December 2015"), text.index("December 2015") + 13,
                      "December 2015", dt.date(2015, 12, 1), 3),
          DateMention("d1", text.index("on Tuesday"), text.index("on Tuesday") + 10,
                      "on Tuesday", dt.date(2017, 9, 5), 1)]
    evs = extract_events(doc, mentions("d1", text), ds)
    assert [(e.place.id, e.date) for e in evs] == [("test:raqqa", dt.date(2017, 9, 5))]


def test_where_an_outlet_is_based_places_no_event():
    text = ("Rebels took control of the border town after two weeks of fighting. A Moscow-based "
            "radio also confirmed the news.")
    assert [e.place.id for e in events(text)] == []


def test_a_speakers_office_is_not_where_the_strike_fell():
    text = "A Damascus spokesman said on Tuesday that barrel bombs were dropped overnight."
    assert [e.place.id for e in events(text)] == []
