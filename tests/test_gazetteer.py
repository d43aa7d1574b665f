"""Gazetteer layers, toponym finding and disambiguation (texts written for these tests)."""
from __future__ import annotations

import zipfile

import pytest

from sitroom.core import InputError

from sitroom.core._geo import km_between
from sitroom.nlp import _gazetteer as gz
from sitroom.nlp._gazetteer import name_key
from sitroom.nlp._places import country_place, find_places, is_demonym, resolve_place


def places_in(text, **kwargs):
    return {m.text: m.place for m in find_places(text, **kwargs)}


def test_name_key_folds_accents_scripts_and_punctuation():
    assert name_key("Şuşa") == name_key("Susa") == "susa"
    assert name_key("Xankəndi") == "xankendi"
    assert name_key("Nagorno-Karabakh") == name_key("Nagorno Karabakh")
    assert name_key("Stepʻanakert") == "stepanakert"


def test_alternate_names_reach_the_same_place():
    shushi, shusha, susa = resolve_place("Shushi"), resolve_place("Shusha"), resolve_place("Şuşa", ["Azerbaijan"])
    assert shushi and shusha and susa
    assert shushi.country_code == "AZ"
    assert shushi.geonameid == shusha.geonameid
    # folded, Şuşa is also "Susa" (Sousse, Tunisia): the country context decides
    assert km_between(shushi.lat, shushi.lon, susa.lat, susa.lon) < 15


@pytest.mark.parametrize("names", [("Khtsabert", "Khtsaberd", "Çaylaqqala"),
                                   ("Hin Tagher", "Old Tagar", "Hin Taghlar"),
                                   ("Zangilan", "Zangelan")])
def test_curated_places_and_their_alternates(names):
    found = [resolve_place(n) for n in names]
    assert all(p is not None and p.country_code == "AZ" for p in found)
    assert max(km_between(found[0].lat, found[0].lon, p.lat, p.lon) for p in found) < 5


def test_region_and_country_precisions():
    assert resolve_place("Nagorno-Karabakh").geo_precision == "admin1"
    assert resolve_place("Artsakh").name == "Nagorno-Karabakh"
    syunik = resolve_place("Syunik", ["Armenia"])
    assert syunik.country_code == "AM" and syunik.geo_precision == "admin1"
    turkey = country_place("Turkey")
    assert turkey.geo_precision == "country" and turkey.feature == "A.PCLI"
    assert country_place("TR") == turkey == country_place("Turkish")
    assert country_place("Atlantis") is None


def test_context_countries_choose_between_namesakes():
    assert resolve_place("Martuni", ["Armenia"]).country_code == "AM"
    assert resolve_place("Martuni", ["Azerbaijan"]).country_code == "AZ"


def test_find_places_in_a_conflict_report():
    text = ("At least 60 Armenian soldiers went missing near Khtsabert, and six were wounded in "
            "Hin Tagher in Nagorno-Karabakh. Shells hit Stepanakert and Shushi, and a civilian was "
            "killed in the Martuni area.")
    found = places_in(text)
    assert set(found) == {"Khtsabert", "Hin Tagher", "Nagorno-Karabakh", "Stepanakert", "Shushi", "Martuni"}
    assert "Armenian" not in found  # a demonym is an actor, not a place
    assert found["Khtsabert"].geo_precision == "near"
    assert found["Martuni"].geo_precision == "near"
    assert found["Hin Tagher"].geo_precision == "exact"
    assert found["Martuni"].country_code == "AZ"  # the Karabakh Martuni, near the other places
    assert all(p.lat is not None and p.country for p in found.values())


def test_mention_offsets_point_at_the_text():
    text = "Fighting resumed on Friday in Hadrut, officials in Baku said."
    for mention in find_places(text):
        assert text[mention.start:mention.end] == mention.text
    assert {m.text for m in find_places(text)} == {"Hadrut", "Baku"}


def test_common_words_and_names_are_not_places():
    text = ("On Monday Emil Smith said Over the years in March and May he had found Mobile phones "
            "Nice. Reading is popular. Of course.")
    assert places_in(text) == {}


def test_common_word_towns_count_after_a_locative_cue():
    found = places_in("The convoy stopped in Reading before it reached London.")
    assert found["Reading"].country_code == "GB"


def test_demonyms_only_on_request_and_flagged():
    text = "Turkish troops crossed into Syria."
    assert {m.text for m in find_places(text)} == {"Syria"}
    mentions = find_places(text, include_demonyms=True)
    by_text = {m.text: m for m in mentions}
    assert is_demonym(by_text["Turkish"]) and by_text["Turkish"].place.country_code == "TR"
    assert not is_demonym(by_text["Syria"])


def test_possessives_and_apposition():
    found = places_in("Russia's forces shelled Aleppo, Syria, on Tuesday.")
    assert found["Russia"].country_code == "RU"
    assert found["Aleppo"].country_code == "SY"


def _dump_line(gid, name, alternates, lat, lon, cc, population):
    cols = [str(gid), name, name, alternates, str(lat), str(lon), "P", "PPL", cc, "", "01", "", "", "",
            str(population), "", "100", "Asia/Yerevan", "2024-01-01"]
    return "\t".join(cols) + "\n"


@pytest.fixture()
def user_home(tmp_path, monkeypatch):
    monkeypatch.setattr(gz, "user_db_path", lambda: tmp_path / "gazetteer.sqlite")
    gz.gazetteer.cache_clear()
    yield tmp_path
    gz.gazetteer.cache_clear()


def test_import_geonames_dump_adds_a_user_layer(user_home):
    dump = user_home / "XX.txt"
    dump.write_text(_dump_line(99000001, "Qorvantsik", "Korvantsik,Qorvancik", 39.61, 46.02, "AM", 800)
                    + "not a geonames line\n", encoding="utf-8")
    assert resolve_place("Qorvantsik") is None
    assert gz.import_geonames_dump(dump) == 1
    place = resolve_place("Korvantsik")
    assert place is not None and place.geonameid == 99000001 and place.country_code == "AM"
    assert place.feature == "P.PPL"


def test_import_geonames_dump_reads_zip(user_home):
    archive = user_home / "XX.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("XX.txt", _dump_line(99000002, "Brndzakert", "", 39.9, 45.9, "AM", 600))
        zf.writestr("readme.txt", "not data")
    assert gz.import_geonames_dump(archive) == 1
    assert resolve_place("Brndzakert").lat == pytest.approx(39.9)


def test_a_bad_dump_leaves_the_user_layer_as_it_was(user_home):
    good = user_home / "AM.txt"
    good.write_text(_dump_line(99000003, "Qarintagh", "", 39.7, 46.7, "AM", 900), encoding="utf-8")
    assert gz.import_geonames_dump(good) == 1
    before = gz.user_db_path().read_bytes()
    bad = user_home / "XX.txt"
    bad.write_bytes(_dump_line(99000004, "Göyçay", "", 40.6, 47.7, "AZ", 900).encode("latin-1"))
    with pytest.raises(InputError, match="not a GeoNames dump .not UTF-8"):
        gz.import_geonames_dump(bad)
    assert gz.user_db_path().read_bytes() == before
    assert not list(user_home.glob("*.importing"))
    assert resolve_place("Qarintagh") is not None


def test_parse_dump_line_rejects_malformed_rows():
    assert gz.parse_dump_line("1\tonly three\tcols") is None
    row = gz.parse_dump_line(_dump_line(7, "Town", "", "x", 1, "AM", 5))
    assert row is None


@pytest.mark.parametrize("text", [
    "By Lillian Avedian", "Gary Smith said on Monday.", "Officials Emil and Gary met.",
    "Lillian's first poetry collection", "Russian President Vladimir Putin said", "Jean-Yves Le Drian said",
])
def test_given_names_in_person_context_are_not_places(text):
    assert places_in(text) == {}


def test_a_given_name_with_a_locative_cue_stays_a_place():
    assert places_in("He was born in Gary, Indiana.")["Gary"].country_code == "US"


def test_armed_group_names_are_not_towns():
    found = places_in("On 3 May, 2 Taliban militants were killed in Helmand.")
    assert "Taliban" not in found and found["Helmand"].country_code == "AF"


def test_capital_wins_over_a_namesake_town():
    found = places_in("Talks were held in Washington and London.")
    assert found["Washington"].country_code == "US"


def test_district_with_its_province_is_resolved_inside_the_province():
    found = places_in("Militants were killed in Dawlat Abad district, Balkh.")
    district = found["Dawlat Abad"]
    assert district.geo_precision == "admin2" and district.country_code == "AF"
    assert found["Balkh"].geo_precision == "admin1"  # the province, not the town of that name
    # the same name in another province is another district
    other = places_in("Militants were killed in Dawlat Abad district, Faryab.")["Dawlat Abad"]
    assert km_between(district.lat, district.lon, other.lat, other.lon) > 100


def test_skeleton_tolerates_transliteration():
    assert gz.skeleton("Dawlat Abad") == gz.skeleton("Dowlatabad")
    assert gz.skeleton("Nahr-e Saraj") == gz.skeleton("Nahri Saraj")
    assert gz.skeleton("Kabul") != gz.skeleton("Kandahar")


@pytest.mark.parametrize("text, name, cc, admin1", [
    ("A man was hurt in Paris, Texas, on Friday.", "Paris", "US", "Texas"),
    ("Police in London, Ont. said two men were held.", "London", "CA", "Ontario"),
    ("EDMONTON, Ky. (WKYT) - A driver was arrested.", "EDMONTON", "US", "Kentucky"),
    ("The town of Austin, Texas hosted the rally.", "Austin", "US", "Texas"),
])
def test_town_comma_region_puts_the_town_in_the_region(text, name, cc, admin1):
    place = places_in(text)[name]
    assert place.country_code == cc and place.admin1 == admin1


def test_state_abbreviations_after_a_town_are_states():
    found = places_in("He lives in Edmonton, Ky. and works in Hinton, Alta. most weeks.")
    assert found["Ky."].admin1 == "Kentucky" and found["Ky."].geo_precision == "admin1"
    assert found["Alta."].admin1 == "Alberta" and found["Alta."].country_code == "CA"
    assert "Ky." not in places_in("Ky. officials said so.")  # only right after a town's name
    assert "IN" not in places_in("They met Smith, IN the spring.")  # a postal code needs no word after


def test_counties_are_second_level_areas():
    county = places_in("Deputies in Metcalfe County said the road was closed.")["Metcalfe County"]
    assert county.geo_precision == "admin2" and county.admin1 == "Kentucky" and county.admin2 == "Metcalfe County"


def test_a_list_of_states_keeps_georgia_a_state():
    found = places_in("Cases were reported in Georgia, Oklahoma, Pennsylvania and Wisconsin.")
    assert found["Georgia"].country_code == "US" and found["Oklahoma"].geo_precision == "admin1"


def test_a_list_of_countries_keeps_niger_a_country():
    found = places_in("Outbreaks hit Gambia, Ghana, Niger, Nigeria and Togo.")
    assert found["Niger"].country_code == "NE"


def test_a_small_town_does_not_take_a_large_areas_name():
    found = places_in("A farm in Washington, Pennsylvania and California was tested. Growers in California agreed.")
    assert all(m.place.feature == "A.ADM1" for m in find_places("Growers in California agreed."))
    assert found["California"].geo_precision == "admin1"


def test_a_towns_own_guess_is_no_evidence_for_itself():
    found = places_in("Talks were held in Washington and London.")
    assert found["Washington"].country_code == "US" and found["London"].country_code == "GB"


def named_places(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.place.name) for m in find_places(text) if m.place]


@pytest.mark.parametrize("text, not_a_place", [
    ("The high US dollar exchange rate angered protesters in Beirut.", "US"),
    ("The Syrian pound fell again as traders in Damascus closed shop.", "Syrian"),
    ("Texas Instruments opened a plant in Dallas.", "Texas"),
    ("Real Madrid fans marched in Valencia.", "Madrid"),
    ("US-made rockets hit Idlib.", "US"),
    ("Michael Jordan visited Amman.", "Jordan"),
    ("A group of PETA demonstrators rallied in Beverly Hills.", "PETA"),
])
def test_currencies_organisations_people_and_acronyms_are_not_places(text, not_a_place):
    found = [t for t, _ in named_places(text)]
    assert not_a_place not in found and found  # the real place is still found


def test_transliteration_variants_reach_the_same_place():
    assert ("Idleb", "Idlib") in named_places("Fighting continued in Idleb on Monday.")
    hodeidah = [p for t, p in named_places("Clashes were reported in Hodeidah and Sanaa.") if t == "Hodeidah"]
    assert hodeidah and "udaydah" in hodeidah[0]
    assert gz.spelling_fold("sulaymaniyeh") == gz.spelling_fold("sulaymaniyah")
    assert not named_places("Shelling was heard.")  # an English word is no variant of a town's name
