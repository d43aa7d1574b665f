from sitroom.ingest._language import (
    LanguageGuess,
    document_language,
    identify,
    line_languages,
    probability_of,
)


def test_english_sentence_is_english_with_high_confidence():
    guess = identify("The ministry said that six soldiers were wounded in the attack on Friday morning.")
    assert guess.code == "en"
    assert guess.confidence > 0.9


def test_turkish_page_chrome_is_turkish():
    assert identify('İçeriğe geçmek için "Enter"a basın').code == "tr"
    assert identify("Yorumlar kapatıldı.").code == "tr"


def test_short_strings_are_undetermined():
    assert identify("457") == LanguageGuess("und", 0.0)
    assert identify("CIVILNET").code == "und"
    assert not identify("").known


def test_confidence_threshold_gives_und_when_unsure():
    assert identify("Russia Welcomes US Efforts", min_confidence=0.99).code == "und"


def test_line_languages_gives_one_guess_per_line():
    lines = ["Kommentare sind geschlossen und werden nicht mehr angezeigt.", "", "Officials confirmed the figures."]
    guesses = line_languages(lines)
    assert [g.code for g in guesses] == ["de", "und", "en"]


def test_probability_of_home_language_is_low_for_foreign_line():
    assert probability_of("Yorumlar kapatıldı.", "en") < 0.05
    assert probability_of("The fighting continued through the night.", "en") > 0.5


def test_document_language():
    assert document_language("Les combats ont repris dans la région. Le ministère a confirmé les pertes.") == "fr"
    assert document_language("") is None
