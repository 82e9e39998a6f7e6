"""Place recognition in context: names that are also words, people's names, embedded names."""

import pytest

from gazetteer.model import distance_km
from geo.mentions import MentionFinder
from geo.model import Document


@pytest.fixture(scope="module")
def finder(gaz):
    return MentionFinder(gaz)


def places(finder, text):
    """(mention text, place name, country) of every resolved mention."""
    return [(m.text, m.place.name, m.place.country)
            for m in finder.find(Document(id="t", text=text)) if m.place]


def names(finder, text):
    return [m[0] for m in places(finder, text)]


def test_a_place_name_that_is_not_a_dictionary_word_is_found(finder):
    found = places(finder, "Three of the wrecks occurred in Richmond, and the others near "
                           "Charlottesville.")
    assert ("Richmond", "Richmond", "US") in found


def test_pronouns_articles_and_institutions_are_not_places(finder):
    assert names(finder, "I said A lot. The House voted and the Church agreed.") == []


def test_given_name_and_surname_make_a_person_whose_surname_is_then_no_place(finder):
    text = "Michael Ripley, a builder, said the vandals struck twice. Ripley called the police."
    assert names(finder, text) == []


def test_a_middle_initial_does_not_split_a_name(finder):
    text = "The chief of staff, John F. Kelly, met them. Kelly said nothing in Paris."
    assert names(finder, text) == ["Paris"]


def test_a_surname_that_is_also_a_small_town_needs_the_articles_geography(finder):
    iowa = "Floods reached Davenport and Bettendorf on Monday; Clinton was evacuated."
    paris = "Ministers met in Paris on Monday. Clinton said the deal would hold."
    assert "Clinton" in names(finder, iowa)
    assert "Clinton" not in names(finder, paris)


def test_a_comma_ends_a_title_so_the_next_name_can_be_a_place(finder):
    text = "According to the minister, Slovenia's action was appropriate."
    assert names(finder, text) == ["Slovenia"]


def test_a_country_that_is_also_a_word_is_a_place_inside_a_sentence(finder):
    assert names(finder, "A spokesman says Turkey has shelled a city in Syria.") == ["Turkey",
                                                                                     "Syria"]


def test_a_place_named_inside_an_organisation_is_still_a_place_mention(finder):
    found = places(finder, "The lawsuit names Toronto police and the city's transit authority.")
    assert [(n, c) for n, _, c in found] == [("Toronto", "CA")]


def test_abbreviated_saint_is_part_of_the_name(finder):
    found = places(finder, "Russia will close the US consulate in St. Petersburg.")
    assert [n for n, _, _ in found] == ["Russia", "US", "St. Petersburg"]
    assert found[-1][2] == "RU"


def test_loose_keys_are_for_transliterations_only(finder):
    assert names(finder, "Council member Amy Salay voted no.") == []
    assert places(finder, "Fighting continued in Deir Ezzor on Monday.")[0][1] == "Deir ez-Zor"


def test_an_all_capitals_acronym_of_a_country_is_not_a_common_word(finder):
    assert names(finder, "Officials told US diplomats to leave.") == ["US"]


def test_news_style_state_abbreviations_keep_their_dot(finder):
    found = places(finder, "She lives in Charleston, W.Va., and moved to Gainesville, Ga. "
                           "last year. Mass. is far.")
    assert [(n, p) for n, p, _ in found] == [
        ("Charleston", "Charleston"), ("W.Va.", "West Virginia"), ("Gainesville", "Gainesville"),
        ("Ga.", "Georgia"), ("Mass.", "Massachusetts")]
    assert names(finder, "He came from Iraq. Then they left.") == ["Iraq"]  # no dot taken


def test_county_names_take_the_county(finder):
    found = places(finder, "The Laurel County clerk met the Cuyahoga County police.")
    assert [(n, p) for n, p, _ in found] == [("Laurel County", "Laurel County"),
                                             ("Cuyahoga County", "Cuyahoga County")]


def test_a_place_followed_by_its_area_is_the_place_inside_that_area(finder):
    found = places(finder, "A studio in Tacoma, Washington, and a library in Paris, Ill., "
                           "opened on Monday.")
    by_name = {n: (p, c) for n, p, c in found}
    assert by_name["Washington"] == ("Washington", "US")
    paris = next(m for m in finder.find(Document(id="t", text="The library in Paris, Ill., "
                                                              "opened.")) if m.text == "Paris")
    assert paris.place.country == "US" and paris.place.admin1 == "US.IL"
    wa = next(m for m in finder.find(Document(id="t", text="A studio in Tacoma, Washington, "
                                                           "opened.")) if m.text == "Washington")
    assert wa.place.kind == "admin1"


def test_a_name_repeated_often_counts_once_in_the_articles_focus(finder):
    text = ("Dublin's council met. " * 6) + "Officials from Columbus and Worthington, Ohio, came."
    dublin = [m for m in finder.find(Document(id="t", text=text)) if m.text == "Dublin"]
    assert dublin and all(m.place.country == "US" for m in dublin)


def test_names_that_share_an_area_pull_each_other_into_it(finder):
    text = ("A sewage overflow in the Gainesville sewer system reached a creek in Hall County, "
            "officials in Georgia said.")
    found = {m.text: m.place for m in finder.find(Document(id="t", text=text)) if m.place}
    assert found["Gainesville"].admin1 == "US.GA"
    assert found["Hall County"].admin1 == "US.GA"


def test_one_name_said_twice_supports_its_areas_once(finder):
    # "Red Sea region" and "Red Sea" are one name: the Sudanese province called so gets no
    # more support from it than the sea does
    text = ("Warships escorted tankers through the Red Sea region after Houthi missiles were "
            "fired from Yemen. Insurers said the Red Sea route would stay costly until the "
            "attacks off Aden stopped.")
    kinds = {m.text: m.place.kind for m in finder.find(Document(id="t", text=text)) if m.place}
    assert kinds["Red Sea region"] == kinds["Red Sea"] == "sea"


def test_an_acronym_needs_a_place_known_by_that_acronym(finder):
    assert names(finder, "The APC and NAFTA talks went on; the UAE and the DRC joined.") == [
        "UAE", "DRC"]


def test_a_sentence_starting_article_is_not_part_of_the_name(finder):
    assert places(finder, "A US serviceman was killed.") == [("US", "United States", "US")]
    assert names(finder, "The Hague court ruled.") == ["The Hague"]


def test_a_country_known_by_another_name_opens_a_sentence(finder):
    assert places(finder, "Britain says the Russian government was involved.") == [
        ("Britain", "United Kingdom", "GB")]


def test_a_title_before_a_full_stop_ends_a_sentence_not_a_person(finder):
    text = "He failed to register it with the Ministry of Justice. Azerbaijan has a record."
    assert names(finder, text) == ["Azerbaijan"]


def test_a_country_after_a_given_name_is_no_surname(finder):
    assert names(finder, "Nazi Germany invaded Poland.") == ["Germany", "Poland"]


def test_a_given_name_alone_stays_a_place_after_a_full_name(finder):
    text = ("The Dallas Mavericks star had surgery on his left ankle. It was performed at a "
            "Dallas medical clinic.")
    assert names(finder, text)[-1:] == ["Dallas"]


def test_a_country_wins_over_a_city_that_only_bears_its_name_as_another_name(finder):
    text = ("Senators in Mexico City and Toluca passed a resolution. Mexico should limit its "
            "cooperation, said Ricardo Anaya.")
    assert ("Mexico", "Mexico", "MX") in places(finder, text)


def test_continents_are_places_at_the_start_of_a_sentence(finder):
    text = "Asia accounted for most of the new capacity. Europe added 24 GW."
    assert names(finder, text) == ["Asia", "Europe"]


def test_a_wire_dateline_in_capitals_is_the_city_not_an_acronym(finder):
    assert places(finder, "CAIRO (AP) — Egypt's president met officials.")[0] == (
        "CAIRO", "Cairo", "EG")
    assert names(finder, "NAFTA talks resumed in Ottawa.") == ["Ottawa"]


def test_a_place_that_bears_the_name_beats_one_called_so_only_by_another_name(finder):
    # a town in Indiana is also called "Liverpool"; the article's other places are in Indiana
    text = ("Fans in Evansville and Vincennes cheered as Liverpool beat Roma. "
            "Liverpool's academy trains players from Indiana.")
    assert {p[2] for p in places(finder, text) if p[0] == "Liverpool"} == {"GB"}


def test_a_name_with_and_inside_is_one_mention(finder):
    assert names(finder, "Fighting in Bosnia and Herzegovina and in Jammu and Kashmir.") == [
        "Bosnia and Herzegovina", "Jammu and Kashmir"]
    assert names(finder, "France and Germany met.") == ["France", "Germany"]


def test_an_area_named_after_its_town_is_found_by_the_towns_name_and_region(finder):
    found = {(m.text, m.place.kind) for m in finder.find(Document(id="t", text=(
        "Ukrainian forces advanced into Russia's Kursk region. A drone hit the city of Kursk.")))}
    assert {("Kursk region", "admin1"), ("Kursk", "city")} <= found


def test_an_unknown_name_after_the_villages_of_is_reported_unresolved(finder):
    ms = finder.find(Document(id="t", text="Attacks were repelled near the villages of Tolpinovo "
                                           "and Kolodezka in the Kursk region."))
    assert "Tolpinovo" in [m.text for m in ms if m.place is None]


def test_a_capitalised_article_starts_the_name(finder):
    assert names(finder, "The RSF attacked El Fasher on Friday.") == ["El Fasher"]


def test_the_article_of_a_hyphenated_name_is_no_place(finder):
    assert "Al" not in names(finder, "Worshippers gathered at Al-Qadr Square in Gaza.")


def test_a_kind_word_after_a_name_asks_for_that_kind_of_site(finder):
    found = places(finder, "Fuel ran out at the Al-Aqsa Martyrs hospital in Deir al-Balah.")
    assert found[0][:2] == ("Al-Aqsa Martyrs hospital", "Al-Aqsa Martyrs Hospital")


def test_a_spelling_variant_far_from_the_articles_places_is_reported_unresolved(finder):
    ms = finder.find(Document(id="t", text=(
        "Many fled El Fasher in Sudan to camps such as Zamzam and Abu Shouk.")))
    shouk = [m for m in ms if m.text == "Abu Shouk"]
    assert shouk and shouk[0].place is None  # not Bushwick, New York


def test_a_name_of_common_words_that_only_villages_bear_must_fit_the_geography(finder):
    assert names(finder, "Troops on duty in the Middle East and Afghanistan.") == ["Afghanistan"]


def test_a_country_abbreviation_may_open_a_sentence(finder):
    assert names(finder, "US indifference concerning the region grew.") == ["US"]


def test_a_place_inside_an_armed_groups_name_is_not_a_mention(finder):
    assert names(finder, "Rebels led by Hayat Tahrir al-Sham swept into Aleppo.") == ["Aleppo"]
    assert names(finder, "The Kurdistan Workers' Party attacked in Hakkari.") == ["Hakkari"]


def test_a_newspaper_named_after_a_city_is_the_citys(finder):
    (m,) = [m for m in finder.find(Document(id="t", text=(
        "The network told The Washington Post the trip was planned, officials in Seattle said.")))
        if m.text == "Washington"]
    assert m.place.kind == "city" and abs(m.place.lat - 38.9) < 0.2  # D.C., not the state


def test_a_name_after_a_hyphenated_word_is_read_whole(finder):
    found = places(finder, "Talks on the DPRK-South Korea summit resumed.")
    assert ("South Korea", "South Korea", "KR") in found
    assert all(name != "Korea" for name, *_ in found)


def test_a_name_keyed_with_its_article_is_read_after_a_lower_case_the(finder):
    found = places(finder, "Tankers waited in the Gulf while warships sailed from Qatar.")
    assert ("Gulf", "Persian Gulf", "") in found


def test_a_gulf_of_somewhere_is_not_the_gulf(finder):
    for text in ("The Gulf of Mexico is calm.", "Rigs in the Gulf of Mexico closed."):
        assert places(finder, text) == [("Gulf of Mexico", "Gulf of Mexico", "")]


def test_a_demonym_of_two_words_holds_no_place(finder):
    assert names(finder, "The Sri Lankan government said the Costa Rican envoy had left.") == []


def test_a_datelines_dash_does_not_join_the_city_to_the_first_word(finder):
    found = places(finder, "CAIRO - On a field in the suburbs, boys train every evening.")
    assert found == [("CAIRO", "Cairo", "EG")]


def test_an_armed_groups_name_is_no_place_far_from_the_articles_places(finder):
    # al-Shabaab is also a village in Iran: in a Somali story it is the group
    text = "Fighters of al-Shabaab raided a base near Afgoye, and al Shabaab later said so."
    assert names(finder, text) == ["Afgoye"]


def test_a_surname_after_an_unknown_given_name_is_no_far_away_town(finder):
    # Kolo is a town in Poland; the speaker is a militia leader in Maiduguri
    text = "Villagers fled to Maiduguri, Babakura Kolo, who leads a local militia, told reporters."
    assert names(finder, text) == ["Maiduguri"]


def test_a_kunya_and_a_kind_word_ending_an_unknown_name_are_not_places(finder):
    text = ("A commander, Abdirahman Abu Yusuf, was seen near Baidoa. Troops entered Minywar "
            "Village in Sagaing Region.")
    found = names(finder, text)
    assert "Abu" not in found and "Village" not in found
    assert "Baidoa" in found


def test_names_side_by_side_are_one_unknown_name_not_several_places(finder):
    text = "Jets bombed Zee Phyu Kone village in Sagaing Region on Thursday."
    assert names(finder, text) == ["Sagaing Region"]


def test_an_organisation_or_broadcaster_named_after_a_place_is_not_that_place(finder):
    text = ("An African Union base came under fire near Baidoa, Radio Free Asia and the "
            "operation's planners said; Operation Kali went on.")
    assert names(finder, text) == ["Baidoa"]


def test_a_common_word_opening_a_sentence_is_no_town_of_another_name(finder):
    # "More" is a spelling of Moreh, a town near Shwebo
    text = "Troops moved through Shwebo. More airstrikes were launched on Thursday."
    assert names(finder, text) == ["Shwebo"]


def test_congo_is_the_democratic_republic_unless_brazzaville_says_otherwise(finder):
    assert ("Congo", "DR Congo", "CD") in places(finder, "Rebels advanced on Goma in Congo.")
    assert ("Congo", "Republic of the Congo", "CG") in places(
        finder, "In Brazzaville, Congo's leader spoke.")


def test_a_name_with_a_glued_arabic_article_is_one_name_not_its_first_word(finder):
    # "Hammam" and "Han" alone are towns elsewhere; with "al-..." they name another place
    found = finder.find(Document(id="t", text=(
        "Gunmen hit a checkpoint in the village of Hammam al-Alil, south of Mosul. "
        "Jets later bombed Han al-Subul.")))
    assert [(m.text, m.place.country) for m in found if m.place] == [("Hammam al-Alil", "IQ"),
                                                                      ("Mosul", "IQ")]


def test_a_given_name_with_an_arabic_surname_is_a_person_then_and_later(finder):
    text = ("Bashar al-Assad spoke in Damascus while Saleh al-Samad stayed in Sanaa. "
            "Later al-Assad left.")
    assert names(finder, text) == ["Damascus", "Sanaa"]


def test_the_department_of_a_name_asks_for_the_area(finder):
    found = places(finder, "Rebels ambushed a patrol in the department of Boyacá on Monday.")
    assert [(m[0], m[2]) for m in found] == [("Boyacá", "CO")]
    [m] = [m for m in finder.find(Document(id="t", text="in the department of Boyacá"))]
    assert m.place.kind == "admin1"


def test_azeri_is_a_demonym_not_an_estonian_village(finder):
    assert names(finder, "Azeri forces fired rockets at Stepanakert.") == ["Stepanakert"]


def test_a_transliterated_name_spelt_like_a_far_city_must_fit_the_geography(finder):
    # "al-Sawana" is a village of south Lebanon, not a spelling of Sanaa or Savannah
    found = finder.find(Document(id="t", text=(
        "Israeli jets struck Nabatieh and the village of al-Sawana in southern Lebanon.")))
    assert [(m.text, m.place and m.place.country) for m in found] == [
        ("Nabatieh", "LB"), ("al-Sawana", None), ("Lebanon", "LB")]


def test_the_white_house_is_the_presidents_house_not_casablanca(finder):
    # GeoNames lists "White House" among Casablanca's names (Dar el Beida)
    found = places(finder, "Trump spoke at the White House after the strikes on Damascus.")
    assert ("White House", "White House", "US") in found


def test_peoples_and_religious_groups_are_not_places(finder):
    # "Hema" had been read as Hama in Syria, "Baloch" as Balloch in Scotland, "Sunni" as Xi'an
    found = places(finder, "Hema militias attacked Lendu villages near Bunia, while Arab-Baloch "
                           "separatists and Sunni tribes met in Quetta over Passover.")
    assert [name for name, *_ in found] == ["Bunia", "Quetta"]


def test_spelling_variants_do_not_vouch_for_each_other_nor_a_country_merely_named(finder):
    # each of two militia names is only a loose spelling of a Chinese city (Yunfu, Shaoguan);
    # the Chinese border is named, but the one town read as written is in Myanmar
    found = finder.find(Document(id="t", text=(
        "The Ta'ang fighters and Kokang units attacked posts around Lashio near the border "
        "with China.")))
    assert [(m.text, m.place.country) for m in found if m.place and m.place.country == "CN"
            and m.place.kind != "country"] == []


def test_a_name_only_another_spelling_of_a_far_village_must_fit_the_geography(finder):
    # "Lanchin" (a misspelt corridor) is only an alternate spelling of a Ukrainian village
    found = finder.find(Document(id="t", text=(
        "Troops kept a blockade on the Lanchin corridor between Stepanakert and Armenia.")))
    assert [(m.text, m.place.country) for m in found if m.text == "Lanchin" and m.place] == []


def test_a_name_with_a_feature_word_no_reading_bears_must_fit_the_geography(finder):
    # no mountain is called Carmel here: the towns of that name lie in the US, not near Haifa
    found = finder.find(Document(id="t", text=(
        "Rockets fell on Haifa and on the Carmel mountain ridge overnight.")))
    assert [m.text for m in found if m.place and m.place.country == "US"] == []


def test_a_news_outlet_named_like_a_place_is_no_place(finder):
    text = ("The ministry told Voice of America that militants attacked a base near Baidoa, "
            "Rudaw reported; an article in Savana said so too.")
    assert names(finder, text) == ["Baidoa"]


def test_a_one_word_news_source_must_fit_the_articles_geography(finder):
    for text in ("Clashes went on near Mosul, Kirkland reported.",
                 "A resident of Mosul told Kirkland on Friday.",
                 "Shells fell near Mosul, according to Kirkland."):
        assert names(finder, text) == ["Mosul"]
    assert names(finder, "Shells fell near Mosul, according to Baghdad.") == ["Mosul", "Baghdad"]
    assert names(finder, "Militants attacked Kirkland, police in Seattle said.") == [
        "Kirkland", "Seattle"]


def test_gulf_before_states_or_countries_is_the_persian_gulf(finder):
    text = ("Saudi Arabia and mostly Gulf states bombed Sanaa. Gulf countries and the Gulf "
            "Cooperation Council met; Gulf Arab monarchies agreed.")
    assert [p for n, p, _ in places(finder, text) if n == "Gulf"] == ["Persian Gulf"] * 4
    assert ("Gulf Province", "Gulf", "PG") in places(finder, "Floods hit Gulf Province.")


def test_a_part_of_a_city_must_lie_near_that_city(finder):
    found = places(finder, "Troops entered Mosul on Monday. The neighbourhoods of Samah, Khadra "
                           "and Karama fell; the Quds district of Mosul held out.")
    assert found == [("Mosul", "Mosul", "IQ"), ("Mosul", "Mosul", "IQ")]
    unresolved = [m.text for m in finder.find(Document(id="t", text=(
        "Fighters left Raqqa city. They went from the district into neighbouring Al-Senaa, "
        "and Mosul's Samah quarter was shelled."))) if m.place is None]
    assert unresolved == ["Al-Senaa", "Samah"]


def test_a_district_of_a_province_or_the_neighbourhoods_of_a_city_stay_themselves(finder):
    assert ("Aleppo", "Aleppo", "SY") in places(
        finder, "Shells fell on Damascus. A siege of the neighbourhoods of Aleppo began.")
    assert ("Al-Safra district", "As Safra", "YE") in places(
        finder, "The missile fell in Al-Safra district of Saada.")


def test_the_old_city_is_the_city_named_with_it_or_before_it(finder):
    for text in ("Troops cleared Mosul's Old City.", "Troops cleared the Old City of Mosul.",
                 "Troops reached Mosul and cleared the Old City."):
        assert ("Old City", "Mosul", "IQ") in places(finder, text), text
    assert places(finder, "Police patrolled Jerusalem's Old City.")[-1][2] == "PS"


def test_a_one_word_russian_spelling_of_a_ukrainian_town_is_found_near_it(finder):
    found = places(finder, "Bombs hit the Donetsk region and the town of Myrnograd nearby.")
    assert ("Myrnograd", "Myrnohrad", "UA") in found


def test_a_family_name_or_a_persons_age_after_a_name_makes_it_a_person(finder):
    text = ("Five of the Doha family died in a strike on their house in Beit Lahiya; "
            "a raid in Rafah killed their neighbour Hamza, 17, and wounded Karim al Jisr.")
    assert names(finder, text) == ["Beit Lahiya", "Rafah"]


def test_a_news_service_named_like_a_place_must_fit_the_articles_geography(finder):
    text = "Jets struck a depot near Sanaa overnight, the Saba news service said."
    assert names(finder, text) == ["Sanaa"]


def test_a_family_from_a_town_and_a_figure_after_it_leave_the_town_a_place(finder):
    found = places(finder, "A Sycamore family won the prize in Sycamore. Rates: Hamilton, 6 "
                           "percent; Marion, 8.7 percent.")
    assert [name for name, *_ in found] == ["Sycamore", "Sycamore", "Hamilton", "Marion"]


def test_an_unknown_name_of_several_words_before_village_is_reported_whole(finder):
    # "Kan" alone is a town elsewhere; "Kan Gyi village" names another place, unknown here
    found = finder.find(Document(id="t", text=(
        "Jets bombed Kan Gyi village near Monywa. Fires hit Zee Phyu Kone and Kan Gyi villages.")))
    assert [(m.text, m.place is None) for m in found] == [
        ("Kan Gyi", True), ("Monywa", False), ("Zee Phyu Kone", True), ("Kan Gyi", True)]


def test_the_red_sea_region_of_a_shipping_story_is_the_sea_not_a_province(finder):
    def kinds(text):
        return [(m.text, m.place.kind) for m in finder.find(Document(id="t", text=text))
                if m.place]

    assert kinds("Rebels hit a tanker in the Red Sea region, near Hodeidah. Ships in the Red "
                 "Sea now avoid the route.") == [("Red Sea region", "sea"), ("Hodeidah", "city"),
                                                 ("Red Sea", "sea")]
    assert ("Red Sea state", "admin1") in kinds(
        "Troops left Kassala for Port Sudan in Red Sea state.")


def test_a_name_many_villages_bear_is_the_one_near_the_places_named_beside_it(finder):
    text = ("Shelling hit Kherson and Antonivka. Russian forces shelled Ivanivka on Monday. "
            + "The governor said that repairs would take weeks. " * 6
            + "Near Pokrovsk, troops fought at Ivanivka.")
    found = [m for m in finder.find(Document(id="t", text=text)) if m.text == "Ivanivka"]
    pokrovsk = finder.gaz.lookup("Pokrovsk", country="UA")[0].place
    kherson = finder.gaz.lookup("Kherson", country="UA")[0].place
    first, second = (m.place for m in found)
    assert distance_km(first.lat, first.lon, kherson.lat, kherson.lon) < 300
    assert distance_km(second.lat, second.lon, pokrovsk.lat, pokrovsk.lon) < 100


def test_an_unknown_district_of_a_named_city_is_unresolved_within_that_city(finder):
    found = finder.find(Document(id="t", text="Jets bombed the Tayar Ghoush district of Raqqa."))
    part = next(m for m in found if m.text == "Tayar Ghoush")
    assert part.place is None and part.within is not None and part.within.country == "SY"


def test_a_small_town_far_from_all_the_places_of_the_article_is_unresolved(finder):
    text = ("Fighting went on in Marib, Ataq and Hodeidah, and troops moved towards Aden. "
            "Tribesmen from Malibu joined the battle.")
    found = {m.text: m.place for m in finder.find(Document(id="t", text=text))}
    assert found["Malibu"] is None and found["Ataq"].country == "YE"
    near = "Fires spread from Los Angeles to Santa Monica and Pasadena. Malibu was evacuated."
    assert ("Malibu", "Malibu", "US") in places(finder, near)


def test_the_last_word_of_a_longer_name_of_the_article_is_that_place_named_short(finder):
    # "Ali" alone is a town in India; the article is about Mir Ali in North Waziristan
    text = ("Troops were attacked in Ali area on Saturday. The post in Mir Ali, in North "
            "Waziristan District, was hit again.")
    found = {m.text: m.place for m in finder.find(Document(id="t", text=text)) if m.place}
    assert found["Ali"].id == found["Mir Ali"].id and found["Ali"].country == "PK"


def test_a_name_followed_by_a_title_in_apposition_is_a_person(finder):
    text = "Denver Hale, the prime minister, said that Hale had visited Paris."
    assert names(finder, text) == ["Paris"]
    assert names(finder, "Tyre, the army chief, spoke in Paris.") == ["Paris"]
    assert "Paris" in names(finder, "In Paris, the army chief, a general, spoke.")
    assert "Paris" in names(finder, "Paris, the capital of France, was calm.")


def test_a_lower_case_state_after_a_name_asks_for_the_state_but_not_after_a_country(finder):
    found = places(finder, "Inspectors traced the herd to a Washington state ranch.")
    assert found == [("Washington state", "Washington", "US")]
    assert places(finder, "Gunmen raided a village in Katsina state.")[0][1:] == ("Katsina", "NG")
    # a country's state broadcaster is no first-level area
    assert places(finder, "Turkey state television showed the ruins.") == [
        ("Turkey", "Türkiye", "TR")]


def test_a_month_and_a_day_are_a_date_not_a_place(finder):
    # "October 6" is also a name of the Egyptian city 6th of October
    assert names(finder, "The ministry in Cairo said on October 6 that talks resumed.") == [
        "Cairo"]


def test_a_compass_name_before_a_place_is_a_part_of_that_place(finder):
    # "South West" is also a region of Cameroon
    assert places(finder, "Floods closed roads across Devon in South West England.")[-1] == (
        "England", "England", "GB")
    assert "South West" not in names(finder, "Floods closed roads in South West England.")


def test_a_list_of_first_level_areas_reads_each_member_as_an_area(finder):
    # (Queensland is also a part of Calgary, the place this story is about)
    text = ("Alberta's trade office in Calgary and Edmonton says New South Wales, Western "
            "Australia and Queensland all court buyers in Asia. Calgary firms will follow.")
    found = {m.text: m.place for m in finder.find(Document(id="t", text=text)) if m.place}
    assert found["Queensland"].kind == "admin1" and found["Queensland"].country == "AU"


def test_canadian_province_abbreviations_are_the_provinces(finder):
    found = places(finder, "Two men from Kamloops, B.C., and one from Guelph, Ont., were held.")
    assert ("B.C.", "British Columbia", "CA") in found and ("Ont.", "Ontario", "CA") in found


def test_a_hospital_named_with_common_words_holds_no_place(finder):
    # "University" is a town in Florida; "Douglas County Hospital" is named after its county
    assert names(finder, "The nurse was moved from University Hospital to a ward in Leeds.") == [
        "Leeds"]
    assert "Douglas County Hospital" in names(
        finder, "He was taken to Douglas County Hospital in Alexandria, Minnesota.")

def test_a_town_inside_an_armed_forces_name_is_not_a_mention(finder):
    text = ("Fighters of the Kassala Liberation Front and of the Tanta Brigade "
            "clashed near Goma.")
    assert names(finder, text) == ["Goma"]


def test_a_name_at_a_sentence_start_is_the_place_it_named_before(finder):
    # not the airport that bears the town's name, the one place near the town read so far
    text = ("Armoured columns reached Sirte at dawn. Sirte, a port on the gulf, "
            "changed hands without a fight.")
    assert [p for n, p, _ in places(finder, text) if n == "Sirte"] == ["Sirte"] * 2


def test_the_area_after_a_comma_is_the_one_called_so(finder):
    # "England" is also one of the names of the United Kingdom
    assert places(finder, "Swans died near Weymouth, England, last week.")[-1] == (
        "England", "England", "GB")


def test_french_elided_articles_belong_to_the_name(finder):
    assert places(finder, "Cocoa prices rose in Côte d'Ivoire and Ghana.")[0] == (
        "Côte d'Ivoire", "Côte d'Ivoire", "CI")


def test_a_title_that_begins_a_known_place_name_is_no_title(finder):
    assert names(finder, "Farmers on Prince Edward Island lost their potato crop.") == [
        "Prince Edward Island"]


def test_bare_congo_beside_goma_is_dr_congo(finder):
    # the Republic of the Congo does not own the short name: it is the one told "Brazzaville"
    assert ("Congo", "DR Congo", "CD") in places(
        finder, "Rebels pushed south from Goma in eastern Congo toward the Rwandan border.")


def test_a_common_arabic_given_name_before_a_surname_is_a_person(finder):
    assert names(finder, "The group's head Rami Abdelrahman said on Monday.") == []


def test_the_name_lists_header_words_are_no_names():
    from geo.mentions import _names
    assert not {"first", "names", "in", "from", "all"} & _names("first")
    assert not {"family", "names", "in", "from", "all"} & _names("family")


def test_world_war_two_holds_no_place(finder):
    assert names(finder, "It was the heaviest bombing of Kharkiv since World War II.") == [
        "Kharkiv"]


def test_names_listed_before_a_plural_area_word_are_those_areas(finder):
    found = {m.text: m.place.kind for m in finder.find(Document(
        id="t", text="Rebels advanced across Idlib, Hama and Aleppo provinces on Friday."))
        if m.place}
    assert found == {"Idlib": "admin1", "Hama": "admin1", "Aleppo": "admin1"}
    found = {m.text: m.place.kind for m in finder.find(Document(
        id="t", text="Shells fell on Hama and Aleppo on Friday.")) if m.place}
    assert found == {"Hama": "city", "Aleppo": "city"}


def test_a_site_named_without_its_kind_word_is_not_a_building_of_that_name(finder):
    # "Imam Ali Air Base" is also found as "Imam Ali"; the mosque is not the air base
    found = places(finder, "Militiamen held the Imam Ali mosque in Najaf for a week.")
    assert [f[0] for f in found] == ["Najaf"]
