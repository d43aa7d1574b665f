"""Place choice across a whole text (issue 11): the country of the text's other places, the region of
"Town, Region", a province that a big town inside it names, and spelling variants of the admin words.
Sentences are invented for these tests; the places are real."""
from __future__ import annotations

import pytest

from sitroom.nlp._gazetteer import gazetteer
from sitroom.nlp._places import find_places


def places_in(text):
    return {m.text: m.place for m in find_places(text)}


# A town whose namesake lies in the country of the text's other places is that namesake, not the one abroad.
@pytest.mark.parametrize("text, name, cc", [
    ("Police assaulted three men in Tanah Merah town, Papua.", "Tanah Merah", "ID"),
    ("Police detained two men in Merida, Venezuela, after the protest in Caracas.", "Merida", "VE"),
    ("Locals protested in Hangu after a clash in Peshawar, Khyber Pakhtunkhwa.", "Hangu", "PK"),
])
def test_a_town_takes_the_namesake_in_the_texts_country(text, name, cc):
    found = places_in(text)
    assert found[name].country_code == cc


# A spelling variant that only matches a town abroad is no place of the story.
@pytest.mark.parametrize("text, name", [
    ("In Berdale, Bay region, Somalia, militants burnt the fences of many houses.", "Berdale"),
    ("Soldiers attacked a checkpoint in Biirane near Diinsoor, Somalia.", "Biirane"),
])
def test_a_spelling_variant_abroad_is_dropped(text, name):
    place = places_in(text).get(name)
    assert place is None or place.country_code == "SO"


def test_a_spelling_variant_in_the_texts_country_is_kept():
    found = places_in("Airstrikes hit a market in Idleb, Syria, on Monday.")
    assert found["Idleb"].country_code == "SY"


# "Town, Region": where the last name is both a province and a town, the province is meant.
@pytest.mark.parametrize("text, name, cc", [
    ("Russian forces fired missiles near Tuzly, Odesa. Casualties unknown.", "Odesa", "UA"),
    ("Militants abducted two women in Woulouwa (Gueskerou, Diffa).", "Diffa", "NE"),
    ("A landmine blew up a car near Kryvyi Rih, Dnipropetrovsk, on Tuesday.", "Dnipropetrovsk", "UA"),
])
def test_the_last_name_of_town_comma_region_is_the_region(text, name, cc):
    place = places_in(text)[name]
    assert place.country_code == cc and place.geo_precision == "admin1"


@pytest.mark.parametrize("text", ["Missiles struck Kyiv, Odesa and Kharkiv overnight.",
                                  "Police arrested him in Odesa, a port city."])
def test_a_list_or_a_description_keeps_the_city(text):
    assert places_in(text)["Odesa"].geo_precision == "exact"


# A town that shares its name with its own province is a known place, whatever stands around it.
def test_a_town_named_like_its_province_is_kept_without_a_cue():
    assert places_in("Two women were abducted near Woulouwa, Diffa.")["Diffa"].country_code == "NE"


# A province gives its name to a town inside it that holds a tenth of its people ("in Basra": the city).
def test_a_big_town_takes_its_provinces_name():
    place = places_in("On November 8, people in Basra protested against corruption.")["Basra"]
    assert place.country_code == "IQ" and place.geo_precision == "exact"


def test_a_town_abroad_without_a_namesake_stays():
    found = places_in("Refugees from Aleppo, Syria, reached Kilis on Sunday.")
    assert found["Kilis"].country_code == "TR"


# Spelling variants resolve to the place whose own name they spell, before another's alternate name.
def test_a_variant_prefers_a_places_own_name():
    index = gazetteer()
    key = index.folded_key("nassiriya")
    assert key is not None and any(index.country_code[i] == "IQ" for i in index.by_key[key])


# Admin words are not places, and "X Parish" / "X State" are found by their bare name.
@pytest.mark.parametrize("text, word", [("Protesters gathered in the Region on Monday.", "Region"),
                                        ("Troops returned to the Capital after the clash.", "Capital")])
def test_admin_words_alone_are_not_places(text, word):
    assert word not in places_in(text)


def test_a_suffix_is_not_cut_to_leave_a_common_word():
    index = gazetteer()
    assert not any(index.feature[i] == "A.ADM1" and index.country_code[i] == "ZA" for i in index.candidates("Free"))
