from __future__ import annotations

import re
from datetime import date

import pytest

from sitroom.core._records import (
    EVENT_FAMILY,
    ActorMention,
    Analysis,
    Article,
    Figure,
    Place,
    PlaceMention,
    Sentence,
    TimeExpression,
)
from sitroom.extract import _incidents as extract_mod
from sitroom.extract._dating import DateGuess, is_background_time, sentence_date
from sitroom.extract._event_types import EventTypeGuess
from sitroom.extract._incidents import (
    Extraction,
    attach_figures,
    best_place,
    extract_article,
    find_mentions,
    main_mention,
)
from sitroom.nlp._pipeline import analyse_doc, sentences_of

AF = dict(country="Afghanistan", country_code="AF")
DAWLAT_ABAD = Place("Dawlat Abad", 36.98, 66.82, admin1="Balkh", feature="A.ADM2", geo_precision="admin2", **AF)
BALKH = Place("Balkh", 36.7, 67.0, admin1="Balkh", feature="A.ADM1", geo_precision="admin1", **AF)
MAZAR = Place("Mazar-i-Sharif", 36.7, 67.1, admin1="Balkh", feature="P.PPLA", geo_precision="exact", **AF)
SANGIN = Place("Sangin", 32.07, 64.83, admin1="Helmand", feature="P.PPL", geo_precision="exact", **AF)
AFGHANISTAN = Place("Afghanistan", 33.0, 65.0, admin1=None, feature="A.PCLI", geo_precision="country", **AF)

KNOWN_PLACES = {"Dawlat Abad": DAWLAT_ABAD, "Balkh": BALKH, "Mazar-i-Sharif": MAZAR, "Sangin": SANGIN,
                "Afghanistan": AFGHANISTAN}
KNOWN_DATES = {"3 March 2020": "2020-03-03", "5 March 2020": "2020-03-05", "9 March": "2020-03-09",
               "1 April 2020": "2020-04-01", "March 2020": "2020-03"}
KNOWN_ACTORS = {"Taliban militants": ("Taliban", None), "police": ("Police Forces of Afghanistan", "Afghanistan"),
                "Afghan army": ("Military Forces of Afghanistan", "Afghanistan")}


def keyword_classifier(text: str) -> EventTypeGuess:
    """A fixed classifier for these tests, so they test merging and dating, not cue words."""
    low = text.casefold()
    if "protest" in low:
        return EventTypeGuess("Protests", "Peaceful protest", 0.8)
    if "shelled" in low or "shelling" in low:
        return EventTypeGuess("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.8)
    if "attack" in low or "clash" in low:
        return EventTypeGuess("Battles", "Armed clash", 0.8)
    if "killed" in low or "wounded" in low:
        return EventTypeGuess("Violence against civilians", "Attack", 0.4)
    return EventTypeGuess(None, None, 0.0)


def spans_of(body: str, table: dict) -> list[tuple[int, int, str, object]]:
    found = []
    for text, value in table.items():
        for m in re.finditer(r"(?<!\w)" + re.escape(text) + r"(?!\w)", body):
            found.append((m.start(), m.end(), text, value))
    return sorted(found)


def hand_analysis(body: str, article_id: str = "a1") -> Analysis:
    """Sentences from our pipeline; dates, places and actors from the small tables above."""
    times = tuple(TimeExpression(s, e, t, v, "month" if len(v) == 7 else "day")
                  for s, e, t, v in spans_of(body, KNOWN_DATES)
                  if not any(s2 <= s and e <= e2 and (s, e) != (s2, e2) for s2, e2, _, _ in spans_of(body, KNOWN_DATES)))
    places = tuple(PlaceMention(s, e, t, p) for s, e, t, p in spans_of(body, KNOWN_PLACES))
    actors = tuple(ActorMention(s, e, t, name, country) for s, e, t, (name, country) in spans_of(body, KNOWN_ACTORS))
    return Analysis(article_id, sentences_of(analyse_doc(body)), times, places, actors)


def figure_at(body: str, words: str, kind: str = "killed", fid: str = "f1", **extra) -> Figure:
    i = body.index(words)
    return Figure(fid, "a1", kind, None, 4.0, None, None, "exact", words, "", i, i + len(words), **extra)


def mentions_of(body: str, figures=(), published="2020-03-20"):
    article = Article(id="a1", source="test", body=body, published=published)
    return find_mentions(article, hand_analysis(body), figures, classify=keyword_classifier)


ACLED_NOTE = ("On 3 March 2020, Taliban militants attacked a police checkpoint in Dawlat Abad district, Balkh, "
              "killing 4 policemen.")


def test_acled_style_note_gives_one_typed_dated_placed_mention():
    fig = figure_at(ACLED_NOTE, "4 policemen")
    (mention,) = mentions_of(ACLED_NOTE, [fig])
    assert (mention.type, mention.sub_type) == ("Battles", "Armed clash")
    assert (mention.date, mention.date_precision) == ("2020-03-03", "day")
    assert mention.place.name == "Dawlat Abad"  # the district, not the province
    assert mention.figure_ids == ("f1",)
    assert mention.id == "a1-m1"
    assert ACLED_NOTE[mention.start:mention.end] == mention.sentence
    assert mention.actors == ("Taliban", "Police Forces of Afghanistan")


def test_passive_agent_is_put_first_among_actors():
    body = "On 5 March 2020, a police post in Sangin was attacked by Taliban militants."
    (mention,) = mentions_of(body)
    assert mention.actors == ("Taliban", "Police Forces of Afghanistan")


def test_village_beats_region_beats_country():
    mentions = [PlaceMention(0, 1, "Afghanistan", AFGHANISTAN), PlaceMention(2, 3, "Balkh", BALKH),
                PlaceMention(4, 5, "Mazar-i-Sharif", MAZAR), PlaceMention(6, 7, "Nowhere", None)]
    assert best_place(mentions).place is MAZAR
    assert best_place(mentions[:2]).place is BALKH
    assert best_place([PlaceMention(6, 7, "Nowhere", None)]).text == "Nowhere"
    assert best_place([]) is None


def test_follow_up_sentence_about_the_same_incident_is_merged_and_inherits_date_and_place():
    body = ACLED_NOTE + " Two more policemen were wounded in the attack."
    figs = [figure_at(body, "4 policemen"), figure_at(body, "Two more policemen", kind="wounded", fid="f2")]
    (mention,) = mentions_of(body, figs)
    assert mention.figure_ids == ("f1", "f2")
    assert mention.end == len(body)
    updated = attach_figures(figs, [mention])
    assert all(f.mention_id == "a1-m1" for f in updated)
    assert updated[1].event_date == "2020-03-03"
    assert updated[1].place == "Dawlat Abad"


def test_several_incidents_give_several_mentions_with_sequential_ids():
    body = (ACLED_NOTE + " On 9 March, Afghan army forces shelled Taliban positions in Sangin. "
            "Residents held a protest in Mazar-i-Sharif on 5 March 2020.")
    mentions = mentions_of(body)
    assert [m.id for m in mentions] == ["a1-m1", "a1-m2", "a1-m3"]
    assert [m.type for m in mentions] == ["Battles", "Explosions/Remote violence", "Protests"]
    assert [m.date for m in mentions] == ["2020-03-03", "2020-03-09", "2020-03-05"]
    assert [m.place.name for m in mentions] == ["Dawlat Abad", "Sangin", "Mazar-i-Sharif"]


def test_adjacent_sentences_with_different_days_stay_apart():
    body = ("On 3 March 2020, Taliban militants attacked Sangin. "
            "On 5 March 2020, Taliban militants attacked Sangin again.")
    assert [m.date for m in mentions_of(body)] == ["2020-03-03", "2020-03-05"]


def test_background_mention_of_the_war_is_not_a_dated_incident():
    body = "During the war, Sangin was shelled many times. Life has slowly returned to the town."
    assert mentions_of(body) == ()


def test_date_after_since_or_in_the_future_does_not_date_the_incident():
    body = "Taliban militants attacked Sangin, the worst clash since 3 March 2020."
    (mention,) = mentions_of(body)
    assert mention.date is None
    planned = "Residents plan a protest in Mazar-i-Sharif on 1 April 2020."
    assert mentions_of(planned, published="2020-03-20") == ()


def test_is_background_time_looks_only_inside_the_clause():
    text = "Fighting resumed on 9 March, the first clash since 3 March 2020."
    sent = Sentence(0, len(text), text)
    t9 = TimeExpression(text.index("9 March"), text.index("9 March") + 7, "9 March", "2020-03-09", "day")
    t3 = TimeExpression(text.index("3 March"), text.index("3 March") + 12, "3 March 2020", "2020-03-03", "day")
    assert not is_background_time(t9, sent)
    assert is_background_time(t3, sent)
    assert sentence_date(sent, [t9, t3], date(2020, 3, 20), None) == DateGuess("2020-03-09", "day")


def test_relative_days_count_from_the_narrative():
    text = "The following day, police arrested two suspects."
    sent = Sentence(0, len(text), text)
    assert sentence_date(sent, [], None, date(2020, 3, 3)) == DateGuess("2020-03-04", "day")
    said = "The ministry said on 9 March 2020 that the clash the previous day was the worst."
    s2 = Sentence(0, len(said), said)
    t = TimeExpression(said.index("9 March"), said.index("9 March") + 12, "9 March 2020", "2020-03-09", "day")
    assert sentence_date(s2, [t], None, None) == DateGuess("2020-03-08", "day")
    assert sentence_date(sent, [], None, None) is None


def test_day_date_is_preferred_over_month():
    text = "In March 2020 fighting grew; on 9 March Sangin was shelled."
    sent = Sentence(0, len(text), text)
    month = TimeExpression(3, 13, "March 2020", "2020-03", "month")
    day = TimeExpression(text.index("9 March"), text.index("9 March") + 7, "9 March", "2020-03-09", "day")
    assert sentence_date(sent, [month, day], None, None).value == "2020-03-09"


def test_main_mention_prefers_the_incident_with_figures_then_the_first():
    body = ("Residents held a protest in Mazar-i-Sharif on 5 March 2020. " + ACLED_NOTE)
    fig = figure_at(body, "4 policemen")
    mentions = mentions_of(body, [fig])
    ex = Extraction("a1", None, (fig,), mentions)
    assert main_mention(ex).type == "Battles"
    no_figures = Extraction("a1", None, (), mentions_of(body))
    assert main_mention(no_figures).type == "Protests"
    assert main_mention(Extraction("a1", None, (), ())) is None


def test_sentence_classifier_types_obvious_sentences_and_ignores_others():
    classify = extract_mod.sentence_classifier()
    assert classify("Warplanes struck the village.").sub_type == "Air/drone strike"
    assert classify("Artillery shelling hit the town.").type == "Explosions/Remote violence"
    assert classify("Thousands joined a protest downtown.").type == "Protests"
    assert classify("The minister opened a new school.").type is None


def test_extract_article_is_deterministic_and_consistent(monkeypatch):
    monkeypatch.setattr(extract_mod, "sentence_classifier", lambda: keyword_classifier)
    monkeypatch.setattr(extract_mod, "analyse", lambda article: hand_analysis(article.body, article.id))
    monkeypatch.setattr(extract_mod.figures_stage, "find_figures",
                        lambda article, analysis: [figure_at(article.body, "4 policemen")])
    article = Article(id="a1", source="test", body=ACLED_NOTE, published="2020-03-20")
    first, second = extract_article(article), extract_article(article)
    assert first == second
    assert first.figures[0].mention_id == first.mentions[0].id == "a1-m1"
    assert first.figures[0].event_date == "2020-03-03"


# ------------------------------------------------------------------ seeds
def seed_extractions(seeds_dir) -> dict[str, Extraction]:
    from sitroom.clean._boilerplate import clean_document
    from sitroom.core._records import Rejection
    from sitroom.ingest._readers import read_inputs
    from sitroom.pipeline import date_undated

    cleaned = []
    for raw in read_inputs([seeds_dir]):
        article = raw if isinstance(raw, Rejection) else clean_document(raw)
        if not isinstance(article, Rejection):
            cleaned.append(article)
    return {a.source.rsplit("/", 1)[-1][:3]: (a, extract_article(a)) for a in date_undated(cleaned)}


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return seed_extractions(seeds_dir)


def test_seed_mentions_are_well_formed(seeds):
    assert {"000", "002", "003", "004"} <= set(seeds)
    for article, ex in seeds.values():
        fig_ids = {f.id for f in ex.figures}
        for n, mention in enumerate(ex.mentions, 1):
            assert mention.id == f"{article.id}-m{n}"
            assert article.body[mention.start:mention.end] == mention.sentence
            assert set(mention.figure_ids) <= fig_ids
            assert mention.type in EVENT_FAMILY
        for fig in ex.figures:
            if fig.mention_id:
                mention = next(m for m in ex.mentions if m.id == fig.mention_id)
                assert mention.start <= fig.start < mention.end


def test_seed_background_sentences_give_no_undated_incident(seeds):
    for article, ex in seeds.values():
        for mention in ex.mentions:
            first = next(s for s in ex.analysis.sentences if s.start == mention.start)
            assert not (extract_mod.BACKGROUND_WAR.search(first.text) and mention.date is None)


def _timex_works() -> bool:
    from sitroom.lang.en._times import find_time_expressions
    return bool(find_time_expressions("Fighting broke out on 11 December 2020.", None))


def test_seed_incidents_with_dates(seeds):
    if not _timex_works():
        pytest.skip("sitroom.lang.en._times finds no dates yet")
    clash = [m for m in seeds["000"][1].mentions if m.date == "2020-12-11"]
    assert clash and clash[0].type == "Battles"
    nngi = [m for m in seeds["004"][1].mentions if m.date == "2020-10-26"]
    assert nngi and nngi[0].type == "Explosions/Remote violence"


def test_dateline_place_is_not_the_incident_place():
    body = "SANGIN (Reuters) - Taliban militants attacked a police post in Dawlat Abad on 5 March 2020."
    analysis = hand_analysis(body.replace("SANGIN", "Sangin"))
    upper = tuple(PlaceMention(p.start, p.end, body[p.start:p.end], p.place) for p in analysis.places)
    analysis = Analysis("a1", analysis.sentences, analysis.times, upper, analysis.actors)
    article = Article(id="a1", source="test", body=body, published="2020-03-20")
    (mention,) = find_mentions(article, analysis, (), classify=keyword_classifier)
    assert mention.place.name == "Dawlat Abad"


def test_statement_date_is_not_the_incident_date():
    body = ("Militants shelled a village in Dawlat Abad district in March 2020. "
            "The ministry confirmed the shelling of the village in a letter to the council on 5 March 2020.")
    mentions = mentions_of(body)
    assert mentions and all(m.date != "2020-03-05" for m in mentions)
    assert mentions[0].date == "2020-03"


def test_said_on_is_only_a_fallback_date():
    sentence_text = "The ministry said on 5 March 2020 that militants shelled Sangin."
    analysis = hand_analysis(sentence_text)
    guess = sentence_date(analysis.sentences[0], analysis.times, date(2020, 3, 20), None)
    assert guess is not None and guess.statement and guess.value == "2020-03-05"


def test_same_day_of_an_earlier_incident_takes_its_day():
    body = ("Militants attacked a police post in Sangin on 3 March 2020. "
            "Protests were held in Balkh on 5 March 2020. "
            "On the same day of the attack, police killed 2 men in Dawlat Abad district.")
    mentions = mentions_of(body, [figure_at(body, "2 men")])
    last = [m for m in mentions if "same day" in m.sentence][0]
    assert last.date == "2020-03-03"


def test_same_day_of_something_never_named_gives_no_date():
    analysis = hand_analysis("Protests were held on 5 March 2020. On the same day of the vote, 2 men were killed.")
    history = [(analysis.sentences[0].text, date(2020, 3, 5))]
    assert sentence_date(analysis.sentences[1], analysis.times, date(2020, 3, 20), date(2020, 3, 5), history) is None


def test_commentary_and_undated_strategic_sentences_are_not_incidents():
    body = ("The minister charged that the militants are continuing their attacks in Balkh because they want "
            "to force a surrender. The government arrested the leaders in Sangin.")
    article = Article(id="a1", source="test", body=body, published="2020-03-20")

    def classify(text):
        if "arrested" in text:
            return EventTypeGuess("Strategic developments", "Arrests", 0.8)
        return EventTypeGuess("Battles", "Armed clash", 0.8)

    assert find_mentions(article, hand_analysis(body), (), classify=classify) == ()


def test_a_region_and_a_point_near_it_are_one_scene():
    from sitroom.extract._incidents import places_compatible
    balkh = PlaceMention(0, 5, "Balkh", BALKH)
    mazar = PlaceMention(10, 16, "Mazar", MAZAR)
    sangin = PlaceMention(20, 26, "Sangin", SANGIN)
    assert places_compatible(balkh, mazar)
    assert not places_compatible(balkh, sangin)  # another province, far away


# ------------------------------------------------------------------ dates carried by reference
def killed_only(text: str) -> EventTypeGuess:
    """A classifier that types only sentences with a toll, as a real one often does."""
    if "killed" in text or "wounded" in text:
        return EventTypeGuess("Battles", "Armed clash", 0.6)
    return EventTypeGuess(None, None, 0.0)


def null_classifier(text: str) -> EventTypeGuess:
    return EventTypeGuess(None, None, 0.0)


def mentions_with(body: str, classify, figures=(), extra_times=(), published="2020-03-20"):
    analysis = hand_analysis(body)
    if extra_times:
        analysis = Analysis("a1", analysis.sentences, tuple(sorted(analysis.times + tuple(extra_times),
                                                                    key=lambda t: t.start)),
                            analysis.places, analysis.actors)
    article = Article(id="a1", source="test", body=body, published=published)
    return find_mentions(article, analysis, figures, classify=classify)


BREACH = ("The truce collapsed after a breach of the ceasefire near Sangin on 3 March 2020. "
          "Each side blamed the other for the breach, which began before dawn. ")


def test_the_incident_takes_the_date_and_place_of_the_sentence_that_introduced_it():
    body = BREACH + "Four policemen were killed in the incident."
    (mention,) = mentions_with(body, killed_only, [figure_at(body, "Four policemen")])
    assert (mention.date, mention.date_precision) == ("2020-03-03", "day")
    assert mention.place.name == "Sangin"
    assert mention.figure_ids == ("f1",)


def test_no_date_is_carried_from_another_paragraph_more_than_three_sentences_back():
    filler = "Talks stalled. Envoys left the capital. Markets stayed shut. "
    far = BREACH + "\n\n" + filler + "Four policemen were killed in the incident."
    (mention,) = mentions_with(far, killed_only)
    assert mention.date is None
    same_paragraph = BREACH + filler + "Four policemen were killed in the incident."
    (mention,) = mentions_with(same_paragraph, killed_only)
    assert mention.date == "2020-03-03"


def test_a_time_before_or_after_the_incident_is_not_a_reference_to_it():
    body = BREACH + "Talks stalled. Four policemen were killed in Balkh prior to the breach."
    (mention,) = mentions_with(body, killed_only)
    assert mention.date is None
    assert mention.place.name == "Balkh"


def test_own_date_beats_a_carried_one():
    body = BREACH + "On 5 March 2020, two policemen were killed in the clashes."
    (mention,) = mentions_with(body, killed_only)
    assert mention.date == "2020-03-05"


# ------------------------------------------------------------------ figure-driven incidents
MID_MARCH = "mid-March 2020"


def mid_march(body: str) -> TimeExpression:
    i = body.index(MID_MARCH)
    return TimeExpression(i, i + len(MID_MARCH), MID_MARCH, "2020-03", "month", value_end="2020-03-20")


def test_captured_soldiers_at_a_time_and_place_are_an_armed_clash_with_the_time_precision():
    body = ("Talks on prisoners will resume next week. The militants still hold 12 soldiers captured in Sangin "
            f"in {MID_MARCH}, officials said.")
    fig = figure_at(body, "12 soldiers", kind="captured", civilian=False)
    (mention,) = mentions_with(body, null_classifier, [fig], [mid_march(body)])
    assert (mention.type, mention.sub_type) == ("Battles", "Armed clash")
    assert (mention.date, mention.date_precision, mention.date_end) == ("2020-03", "month", "2020-03-20")
    assert mention.place.name == "Sangin"
    assert mention.figure_ids == ("f1",)


def test_a_named_weapon_or_civilian_victims_change_the_type():
    shelled = "Five soldiers wounded by artillery fire in Sangin on 5 March 2020 were flown to Kabul."
    (m1,) = mentions_with(shelled, null_classifier, [figure_at(shelled, "Five soldiers", kind="wounded")])
    assert (m1.type, m1.sub_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    taken = "Three villagers taken from Sangin on 5 March 2020 are still missing."
    fig = figure_at(taken, "Three villagers", kind="captured", civilian=True)
    (m2,) = mentions_with(taken, null_classifier, [fig])
    assert (m2.type, m2.sub_type) == ("Violence against civilians", "Abduction/forced disappearance")


def test_tallies_letters_and_briefings_give_no_figure_driven_incident():
    tally = "At least 20 soldiers have been killed in Sangin since the truce, including 5 on 9 March."
    figs = [figure_at(tally, "At least 20 soldiers"), figure_at(tally, "5 on", fid="f2")]
    assert mentions_with(tally, null_classifier, figs) == ()
    letter = "The ministry confirmed the capture of 12 soldiers in Sangin in a letter to the council on 9 March."
    assert mentions_with(letter, null_classifier, [figure_at(letter, "12 soldiers", kind="captured")]) == ()
    briefing = "During a briefing on 9 March, the governor confirmed that 30 soldiers had been captured in Sangin."
    assert mentions_with(briefing, null_classifier, [figure_at(briefing, "30 soldiers", kind="captured")]) == ()


def test_counted_people_who_are_neither_combatants_nor_civilians_give_no_incident():
    body = "Twelve men captured in Sangin on 5 March 2020 were freed."
    assert mentions_with(body, null_classifier, [figure_at(body, "Twelve men", kind="captured")]) == ()


def test_parts_of_an_enumerated_tally_do_not_lend_each_other_date_and_place():
    body = "At least 20 soldiers have been killed since the truce: 8 in Sangin, 5 on 9 March and 7 in Balkh."
    figs = [figure_at(body, "At least 20 soldiers"), figure_at(body, "8 in", fid="f2"),
            figure_at(body, "5 on", fid="f3"), figure_at(body, "7 in", fid="f4")]
    (mention,) = mentions_with(body, killed_only, figs)
    assert mention.date == "2020-03-09"
    assert mention.place is None


def test_separately_opens_another_incident():
    body = "On 3 March 2020, militants attacked Sangin. Separately, two policemen were killed."
    assert len(mentions_of(body, [figure_at(body, "two policemen")])) == 2
    joined = "On 3 March 2020, militants attacked Sangin. Two policemen were killed."
    assert len(mentions_of(joined)) == 1


def test_seed_incidents_carried_and_figure_driven(seeds):
    if not _timex_works():
        pytest.skip("sitroom.lang.en._times finds no dates yet")
    killed = [m for m in seeds["002"][1].mentions if m.figure_ids and m.type == "Battles"]
    assert killed and killed[0].date == "2020-12-11"
    captured = {f.id for f in seeds["003"][1].figures if f.kind == "captured" and f.value == 62}
    incident = [m for m in seeds["003"][1].mentions if captured & set(m.figure_ids)]
    assert incident and incident[0].type == "Battles" and incident[0].date_precision == "month"


def test_a_mention_mixing_shelling_and_injured_civilians_is_coded_by_the_weapon():
    from sitroom.core._records import Article
    from sitroom.extract._incidents import extract_article

    body = ("Government forces fired rockets at the village of Kafr Nabl on Monday, where families displaced by "
            "the fighting had found shelter.\nAs a result of the strike two children were injured and a school was "
            "damaged.")
    article = Article(id="t1", source="t.txt", body=body, published="2019-05-08")
    mentions = extract_article(article).mentions
    assert mentions and mentions[0].type == "Explosions/Remote violence"


def test_a_tally_in_the_sentence_of_a_dated_toll_is_not_that_incidents_figure():
    from sitroom.core._records import Article
    from sitroom.extract._incidents import extract_article, iso_dates_compatible

    assert iso_dates_compatible("2020-12", "2020-12-27") and not iso_dates_compatible("2020-11-10", "2020-12-27")
    body = ("According to the health ministry at least 40 people have been killed since the truce of March 3: "
            "twelve in the north and seven on April 2 when rockets hit the market of Idlib.")
    extraction = extract_article(Article(id="t2", source="t.txt", body=body, published="2020-04-05"))
    dated = [m for m in extraction.mentions if m.date == "2020-04-02"]
    figures = {f.id: f for f in extraction.figures}
    for m in dated:
        assert all(figures[fid].value != 40 for fid in m.figure_ids)
