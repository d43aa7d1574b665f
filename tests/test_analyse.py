from __future__ import annotations

from datetime import date

from sitroom.core._records import ActorMention, Article, Place, PlaceMention, TimeExpression
from sitroom.nlp import _pipeline as analyse_mod
from sitroom.nlp._pipeline import PIPE_NAMES, analyse, analyse_doc, analyse_text, build_pipeline


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in analyse_text("t", text).sentences]


def test_pipeline_has_our_components_and_is_cached():
    nlp = build_pipeline()
    assert tuple(nlp.pipe_names) == PIPE_NAMES
    assert build_pipeline() is nlp
    assert nlp.meta.get("lang") == "en"


def test_abbreviations_and_titles_do_not_split_sentences():
    text = "Lt. Col. Jones met Dr. Ahmed at approx. 5 p.m. in the U.S. embassy. They left at dawn."
    assert sentence_texts(text) == [
        "Lt. Col. Jones met Dr. Ahmed at approx. 5 p.m. in the U.S. embassy.",
        "They left at dawn.",
    ]


def test_closing_quote_stays_with_its_sentence():
    assert sentence_texts('He said: "We will fight." Then he left.') == ['He said: "We will fight."', "Then he left."]


def test_line_break_starts_a_sentence_even_without_a_full_stop():
    assert sentence_texts("Rebels Seize Town\nRebels seized the town on Monday.") == [
        "Rebels Seize Town", "Rebels seized the town on Monday."]


def test_sentence_offsets_point_into_the_text():
    text = "  First one.\n\nSecond one here.  Third!"
    for sent in analyse_text("t", text).sentences:
        assert text[sent.start:sent.end] == sent.text
        assert sent.text == sent.text.strip()


def test_finders_get_the_text_and_anchor_and_their_results_land_on_the_doc(monkeypatch):
    text = "Shelling hit Kharkiv yesterday, the army said."
    seen = {}

    def fake_times(t, anchor):
        seen["anchor"] = anchor
        i = t.index("yesterday")
        return [TimeExpression(i, i + 9, "yesterday", "2022-03-01", "day")]

    def fake_places(t, actors=None):
        i = t.index("Kharkiv")
        return [PlaceMention(i, i + 7, "Kharkiv", Place("Kharkiv", 50.0, 36.2, "Ukraine", "UA", "Kharkiv"))]

    monkeypatch.setattr(analyse_mod.english, "find_time_expressions", fake_times)
    monkeypatch.setattr(analyse_mod.places, "find_places", fake_places)
    monkeypatch.setattr(analyse_mod.actors, "find_actors",
                        lambda t: [ActorMention(t.index("army"), t.index("army") + 4, "army",
                                                "Military Forces of Ukraine", "Ukraine")])
    doc = analyse_doc(text, date(2022, 3, 2))
    assert seen["anchor"] == date(2022, 3, 2)
    assert [s.text for s in doc.spans["times"]] == ["yesterday"]
    assert [s.text for s in doc.spans["places"]] == ["Kharkiv"]
    assert [a.name for a in doc._.actors] == ["Military Forces of Ukraine"]

    result = analyse(Article(id="a1", source="x", body=text, published="2022-03-02"))
    assert result.article_id == "a1"
    assert [t.value for t in result.times] == ["2022-03-01"]
    assert result.places[0].place.country_code == "UA"
    assert result.actors[0].country == "Ukraine"


def test_analyse_runs_on_every_seed_body(seeds_dir):
    from sitroom.clean._boilerplate import clean_document
    from sitroom.core._records import Rejection
    from sitroom.ingest._readers import read_inputs

    articles = [clean_document(raw) for raw in read_inputs([seeds_dir]) if not isinstance(raw, Rejection)]
    articles = [a for a in articles if not isinstance(a, Rejection)]
    assert len(articles) >= 5
    for article in articles:
        result = analyse(article)
        assert len(result.sentences) >= 5
        for sent in result.sentences:
            assert article.body[sent.start:sent.end] == sent.text
        assert all(article.body[t.start:t.end] == t.text for t in result.times)
        assert all(article.body[p.start:p.end] == p.text for p in result.places)


def test_the_pipeline_is_made_of_registered_factories_that_declare_what_they_assign():
    from sitroom.nlp._pipeline import build_pipeline

    nlp = build_pipeline()
    assert nlp.pipe_names[-3:] == ["sitroom_times", "sitroom_actors", "sitroom_places"]
    assert all(not problems for problems in nlp.analyze_pipes(pretty=False)["problems"].values())
    for name in nlp.pipe_names[2:]:
        assert nlp.config["components"][name]["factory"] == name
        assert nlp.get_pipe_meta(name).assigns


def test_every_finder_writes_records_and_spans():
    doc = analyse_doc("Azerbaijani forces shelled Stepanakert on 27 October 2020.", date(2020, 10, 28))
    for key in ("times", "actors", "places"):
        records = getattr(doc._, key)
        assert records and [s.start_char for s in doc.spans[key]] == [r.start for r in records]
