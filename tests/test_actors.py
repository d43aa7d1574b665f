import pytest

from sitroom.nlp._actors import canonical_actor, find_actors, party_of


def names(text):
    return [(m.name, m.country) for m in find_actors(text)]


@pytest.mark.parametrize("text, name, country", [
    ("Six Armenian soldiers were wounded.", "Military Forces of Armenia", "Armenia"),
    ("The Azerbaijani armed forces entered the village.", "Military Forces of Azerbaijan", "Azerbaijan"),
    ("The Armenian Ministry of Defense (MoD) reported losses.", "Armenian Ministry of Defense", "Armenia"),
    ("The MoD of Russia released a map.", "Russian Ministry of Defense", "Russia"),
    ("Azerbaijan's foreign minister wrote a letter.", "Foreign Minister of Azerbaijan", "Azerbaijan"),
    ("the Prosecutor General's Office of Azerbaijan said", "Prosecutor General's Office of Azerbaijan", "Azerbaijan"),
    ("The Artsakh human rights ombudsman has confirmed it.", "Human Rights Ombudsman of Artsakh", "Artsakh"),
    ("Kenyan police fired tear gas.", "Police Forces of Kenya", "Kenya"),
])
def test_qualified_actors(text, name, country):
    assert (name, country) in names(text)


def test_named_official_with_role():
    m = [m for m in find_actors("Artsakh President Arayik Harutyunyan spoke.") if m.sector == "official"][0]
    assert (m.name, m.role, m.text) == ("Arayik Harutyunyan", "President of Artsakh", "Artsakh President Arayik Harutyunyan")


def test_lone_institution_refers_back_to_its_country():
    found = names("The Armenian MoD denied it. The MoD also said more.")
    assert found == [("Armenian Ministry of Defense", "Armenia")] * 2


def test_surname_spelling_variant_resolves_to_known_person():
    found = names("According to Beglarian's office, the toll rose.")
    assert ("Artak Beglaryan", "Artsakh") in found


def test_surname_of_unlisted_person_seen_in_text():
    found = names("Lieutenant-General Jalal Harutiunyan was replaced. Harutiunyan was wounded.")
    assert [n for n, _ in found].count("Jalal Harutiunyan") == 2


@pytest.mark.parametrize("alias, name", [("HRW", "Human Rights Watch"), ("ICRC", "International Committee of the Red Cross"),
                                         ("al-Shabab", "Al Shabaab"), ("Daesh", "Islamic State (ISIS)"), ("Azeri", "Azerbaijan"),
                                         ("Pashinyan", "Nikol Pashinyan"), ("Unknown Body", "Unknown Body")])
def test_canonical_actor(alias, name):
    assert canonical_actor(alias) == name


@pytest.mark.parametrize("span, party", [("Armenian soldiers", "Armenia"), ("an Azerbaijani civilian", "Azerbaijan"),
                                         ("Karabakh civilians", "Armenia"), ("Taliban fighters", "Taliban"),
                                         ("ten kilometers", None)])
def test_party_of(span, party):
    assert party_of(span) == party


def test_pronoun_us_is_not_the_united_states():
    assert names("Tell us what happened.") == []


@pytest.mark.parametrize("claimant, partisan", [
    ("VoJ", True), ("Voice of Jihad", True), ("Taliban spokesman Zabihullah Mujahid", True), ("Taliban", True),
    ("militant sources", True), ("Amaq News Agency", True),
    ("Armenian Ministry of Defense", False), ("NY Times", False), ("local officials", False), (None, False),
])
def test_partisan_sources_are_armed_groups_and_their_media(claimant, partisan):
    from sitroom.nlp._actors import is_partisan_source

    assert is_partisan_source(claimant) is partisan
