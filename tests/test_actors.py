"""Actor names from text (geo.actors)."""

from __future__ import annotations

import pytest

from geo.actors import actor_kind, find_actors, load_actors, order_by_role, trie_regex


def names(text: str) -> list[str]:
    return [n for _, _, n in find_actors(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Syrian army and allied fighters", ["Military Forces of Syria"]),
    ("Syrian government troops broke through", ["Military Forces of Syria"]),
    ("Russia's Aerospace Force delivered a strike", ["Military Forces of Russia: Air Force"]),
    ("supported by the Russian Air Force", ["Military Forces of Russia: Air Force"]),
    ("The Russian naval grouping fired", ["Military Forces of Russia: Navy"]),
    ("Israeli police detained two men", ["Police Forces of Israel"]),
    ("the U.S.-backed Syrian Democratic Forces (SDF)",
     ["Syrian Democratic Forces (SDF)", "Syrian Democratic Forces (SDF)"]),
    ("IS, ISIS, ISIL and Daesh", ["Islamic State (IS)"] * 4),
    ("Hamas and Islamic Jihad fired rockets; the IDF responded",
     ["Hamas", "Palestinian Islamic Jihad", "Military Forces of Israel"]),
    ("Houthi rebels (Ansar Allah) attacked", ["Houthis (Ansar Allah)", "Houthis (Ansar Allah)"]),
    ("RSF fighters clashed with the SAF",
     ["Rapid Support Forces (RSF)", "Military Forces of Sudan"]),
    ("Hashd al-Shaabi and Peshmerga units", ["Popular Mobilization Forces (PMF)", "Peshmerga"]),
    ("the Taliban, al-Shabaab, JNIM, AQAP and Wagner",
     ["Taliban", "Al-Shabaab", "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
      "Al-Qaeda in the Arabian Peninsula (AQAP)", "Wagner Group"]),
    ("the Ta'ang National Liberation Army (TNLA) and the MNDAA, of the Three Brotherhood Alliance",
     ["Ta'ang National Liberation Army (TNLA)", "Ta'ang National Liberation Army (TNLA)",
      "Myanmar National Democratic Alliance Army (MNDAA)", "Three Brotherhood Alliance"]),
    ("KIA and PDF fighters with the Arakan Army", ["Kachin Independence Army (KIA)",
                                                   "People's Defence Force (PDF)", "Arakan Army"]),
    ("ISWAP, Jnim and the Viv Ansanm gangs", ["Islamic State West Africa Province (ISWAP)",
     "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)", "Viv Ansanm"]),
    ("the US-led coalition and government forces", ["US-led coalition", "Government forces"]),
    ("Tigrayan forces took the town", ["Tigray Defense Forces (TDF)"]),
    ("Libyan rebels pushed on as Gaddafi loyalists fled",
     ["National Transitional Council (NTC)", "Military Forces of Libya (1969-2011)"]),
    ("Russia’s Aerospace Force struck", ["Military Forces of Russia: Air Force"]),  # noqa: RUF001
    ("The U.S. strike against Syrian military forces",
     ["Military Forces of the United States", "Military Forces of Syria"]),
])
def test_find_actors(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "President Bashar al-Assad met Putin.",   # people are not actors
    "This is a crisis of analysis.",           # "is" / "IS" inside words, lower case
    "Syrian President and Syrian people",      # a demonym without a force noun
    "The Kalibr missiles hit.",
])
def test_no_actor(text):
    assert names(text) == []


def test_spans_point_at_the_words():
    text = "Yesterday the Syrian Arab Army advanced."
    (a, b, name), = find_actors(text)
    assert text[a:b] == "Syrian Arab Army" and name == "Military Forces of Syria"


def test_kinds_and_table():
    assert actor_kind("Military Forces of Russia: Air Force") == "state"
    assert actor_kind("Islamic State (IS)") == "rebel"
    assert actor_kind("Nobody") == ""
    assert len({a.canonical for a in load_actors()}) == len(load_actors())


def test_trie_regex_prefers_longest():
    import re
    rx = re.compile(trie_regex(["IS", "ISIS", "ISIL"]) + r"(?!\w)")
    assert [m.group() for m in rx.finditer("ISIS IS ISIL")] == ["ISIS", "IS", "ISIL"]


def roles(text: str, trigger: str) -> tuple[str, ...]:
    start = text.index(trigger)
    return order_by_role(text, find_actors(text), start, start + len(trigger), start + len(trigger))


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # the subject before the trigger acts; the side after "from", "against", "on" is the target
    ("The Syrian army took the town from IS.", "took",
     ("Military Forces of Syria", "Islamic State (IS)")),
    ("IS took the town from the Syrian army.", "took",
     ("Islamic State (IS)", "Military Forces of Syria")),
    # passive: "by" names who acted, the subject is the target
    ("IS positions were struck by Russian warplanes.", "struck",
     ("Military Forces of Russia: Air Force", "Islamic State (IS)")),
    # named with the keyword itself
    ("The U.S. strike against Syrian military forces", "strike",
     ("Military Forces of the United States", "Military Forces of Syria")),
    # a relative clause's antecedent acts, even after a preposition
    ("IS is losing Raqqa to the US-backed SDF, which has captured most of it.", "captured",
     ("Syrian Democratic Forces (SDF)", "Islamic State (IS)")),
    # allies come after the side they back
    ("Government forces, backed by Russian airstrikes, recaptured the city.", "recaptured",
     ("Government forces", "Military Forces of Russia: Air Force")),
    # an actor of another verb is not a party ("mines left by IS"); no targets without a doer
    ("Engineers defused mines left by IS in the town.", "defused", ()),
    ("The town was taken from IS.", "taken", ()),
    # the subject of another clause did not act
    ("IS fighters fled, while the town was captured on Monday.", "captured", ()),
    # the subject of a reporting verb is the source
    ("Iraqi police said 20 people were killed in the town.", "killed", ()),
    ("The Syrian army said it broke the siege.", "broke", ("Military Forces of Syria",)),
    ("Police said up to six IS gunmen attacked the post.", "attacked", ("Islamic State (IS)",)),
    ("Tigrayan forces said on Saturday they had seized the town.", "seized",
     ("Tigray Defense Forces (TDF)",)),
    ("The UN confirmed that RSF fighters shelled the camp.", "shelled",
     ("Rapid Support Forces (RSF)",)),
    ("RSF fighters seized the camp, according to the United Nations.", "seized",
     ("Rapid Support Forces (RSF)",)),
    ("Russian forces shelled the town, the Ukrainian military said.", "shelled",
     ("Military Forces of Russia",)),
    ("Russian forces shelled the town, a spokesman for the Ukrainian army told us.", "shelled",
     ("Military Forces of Russia",)),
    # "fell to" names the side that took the town
    ("The town fell to the Islamic State in 2014.", "fell to", ("Islamic State (IS)",)),
    # a side another one backs is no party to the event
    ("The US-led coalition backing the SDF launched strikes on the city.", "strikes",
     ("US-led coalition",)),
    ("Jets carried out raids in support of the SDF.", "raids", ()),
    # "by members of X": X acted
    ("An ambush carried out by dissidents from the FARC killed four soldiers.", "ambush",
     ("FARC dissidents",)),
])
def test_order_by_role_puts_the_side_that_acted_first(text, trigger, expected):
    assert roles(text, trigger) == expected


def test_of_names_the_side_that_acted_only_for_triggers_without_an_object():
    text = "The advances of the Syrian army continued."
    start = text.index("advances")
    args = (text, find_actors(text), start, start + 8, start + 8)
    assert order_by_role(*args, genitive_agent=True) == ("Military Forces of Syria",)
    assert order_by_role(*args) == ()


def test_coordinated_demonyms_share_the_force_noun():
    names = [a[2] for a in find_actors("after U.S. and British warplanes struck Houthi targets")]
    assert names[:2] == ["Military Forces of the United States: Air Force",
                         "Military Forces of the United Kingdom: Air Force"]
    assert [a[2] for a in find_actors("Russian, Syrian and Iranian forces advanced")] == [
        "Military Forces of Russia", "Military Forces of Syria", "Military Forces of Iran"]
    assert find_actors("U.S. officials said") == []


def test_azeri_forces_are_azerbaijans():
    assert [n for _, _, n in find_actors("Azeri forces fired rockets at the city.")] == [
        "Military Forces of Azerbaijan"]


def test_cartels_and_coalitions_are_actors_and_fighters_no_army():
    assert names("gunmen of the Jalisco New Generation cartel and the Sinaloa Cartel") == [
        "Jalisco New Generation Cartel (CJNG)", "Sinaloa Cartel"]
    assert names("a Saudi-led coalition airstrike") == ["Saudi-led coalition"]
    assert actor_kind("Saudi-led coalition") == "international"
    assert names("air raids in support of Syrian fighters") == []  # not the Syrian army


def test_armed_groups_of_central_africa_south_sudan_and_mindanao_and_nato_are_actors():
    text = ("Seleka fighters and anti-balaka militiamen clashed; the SPLA-IO shelled a town; "
            "Maute group fighters held the bridge; NATO warplanes struck.")
    assert [n for _, _, n in find_actors(text)] == [
        "Seleka Rebel Coalition", "Anti-Balaka", "SPLM/A-IO", "Maute Group", "NATO"]


def test_indian_insurgents_and_police_and_an_offshoot():
    assert names("Naxal guerillas ambushed the Central Reserve Police Force (CRPF).") == [
        "Communist Party of India (Maoist)", "Police Forces of India", "Police Forces of India"]
    assert names("The NSCN-K claimed the attack on the Assam Rifles.") == [
        "NSCN-K", "Military Forces of India"]
    assert names("the al Qaeda offshoot took the town") == []
