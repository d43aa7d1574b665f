"""Fusion of event mentions across articles, on records built by hand."""
from __future__ import annotations

from dataclasses import replace

from builders import body_article, filler_articles, news_padding
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.core._records import Article, EventMention, Figure, Place
from sitroom.fuse._clusters import date_span, fuse, normal_place_name
from sitroom.fuse._mentions import article_mention

KHTSABERT = Place("Khtsabert", 39.39, 46.85, "Azerbaijan", "AZ", "Khojavend", geo_precision="exact")
CAYLAQQALA = Place("Çaylaqqala", 39.391, 46.851, "Azerbaijan", "AZ", "Khojavend", geo_precision="exact")
HADRUT = Place("Hadrut", 39.52, 47.03, "Azerbaijan", "AZ", "Khojavend", geo_precision="exact")
GANJA = Place("Ganja", 40.68, 46.36, "Azerbaijan", "AZ", "Ganja", geo_precision="exact")
YEREVAN = Place("Yerevan", 40.18, 44.51, "Armenia", "AM", "Yerevan", geo_precision="exact")
ARMENIA = Place("Armenia", 40.0, 45.0, "Armenia", "AM", None, geo_precision="country")


def article(aid: str, outlet: str, published: str = "2020-12-12", duplicate_of: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", body="...", outlet=outlet, published=published,
                   duplicate_of=duplicate_of)


def mention(mid: str, aid: str, date: str | None, place: Place | None = None, type_: str = "Battles",
            sub: str = "Armed clash", sentence: str = "", precision: str = "day", place_text: str | None = None,
            actors: tuple[str, ...] = (), conf: float = 0.8) -> EventMention:
    return EventMention(id=mid, article_id=aid, type=type_, sub_type=sub, date=date,
                        date_precision=precision if date else None, sentence=sentence, start=0, end=len(sentence),
                        place=place, place_text=place_text or (place.name if place else None), actors=actors,
                        confidence=conf)


def figure(fid: str, aid: str, kind: str, value: float, party: str | None = None, mention_id: str | None = None,
           claimant: str | None = None, stance: str = "asserted", as_of: str | None = None,
           qualifier: str = "exact", civilian: bool | None = None) -> Figure:
    return Figure(id=fid, article_id=aid, kind=kind, party=party, value=value, low=None, high=None,
                  qualifier=qualifier, text=str(value), sentence="", start=0, end=0, civilian=civilian,
                  claimant=claimant, stance=stance, as_of=as_of, mention_id=mention_id)


SHELLING = "Azerbaijani artillery shelled the village, killing civilians and damaging houses"
ARTICLES = [article("a1", "Reuters"), article("a2", "OC Media"), article("a3", "Eurasianet", "2020-12-13")]
MENTIONS = [
    mention("a1-m0", "a1", "2020-12-11", KHTSABERT, "Explosions/Remote violence", "Shelling/artillery/missile attack",
            SHELLING, actors=("Military Forces of Azerbaijan",)),
    mention("a2-m0", "a2", "2020-12-11", None, "Explosions/Remote violence", "Shelling/artillery/missile attack",
            "Artillery shelled Khtsaberd village, houses damaged, civilians killed", place_text="Khtsaberd",
            actors=("Military Forces of Azerbaijan",)),
    mention("a3-m0", "a3", "2020-12-11", CAYLAQQALA, "Explosions/Remote violence", "Shelling/artillery/missile attack",
            "Shelling of Caylaqqala killed civilians", actors=("Military Forces of Azerbaijan",)),
    mention("a1-m1", "a1", "2020-12-11", YEREVAN, "Protests", "Peaceful protest",
            "Protesters rallied outside government buildings in Yerevan"),
    mention("a2-m1", "a2", "2020-12-11", GANJA, "Explosions/Remote violence", "Shelling/artillery/missile attack",
            "Shelling hit Ganja", actors=("Military Forces of Armenia",)),
]
FIGURES = [
    figure("a1-f0", "a1", "killed", 3, "Armenia", "a1-m0", civilian=True),
    figure("a2-f0", "a2", "killed", 4, "Armenia", "a2-m0", civilian=True),
    figure("a3-f0", "a3", "killed", 5, "Armenia", "a3-m0", claimant="Artsakh ombudsman", civilian=True),
    figure("a2-f1", "a2", "wounded", 2, "Azerbaijan", "a2-m1"),
]


def event_with(events, mention_id):
    return next(e for e in events if mention_id in e.mention_ids)


def test_three_outlets_reporting_one_shelling_become_one_event():
    result = fuse(ARTICLES, FIGURES, MENTIONS)
    shelling = event_with(result.events, "a1-m0")
    assert set(shelling.mention_ids) == {"a1-m0", "a2-m0", "a3-m0"}
    assert shelling.article_ids == ("a1", "a2", "a3")
    assert shelling.type == "Explosions/Remote violence"
    assert shelling.date == "2020-12-11" and shelling.date_precision == "day"
    assert shelling.place in ("Khtsabert", "Çaylaqqala") and shelling.geo_precision == "exact"
    assert shelling.summary == f"Shelling/artillery/missile attack at {shelling.place}, 2020-12-11 (3 sources)"
    assert (shelling.fatalities_low, shelling.fatalities_best, shelling.fatalities_high) == (3, 3, 5)
    assert shelling.figure_ids == ("a1-f0", "a2-f0", "a3-f0")


def test_other_incidents_on_the_same_day_stay_apart():
    result = fuse(ARTICLES, FIGURES, MENTIONS)
    assert len(result.events) == 3
    protest = event_with(result.events, "a1-m1")
    ganja = event_with(result.events, "a2-m1")
    assert protest.mention_ids == ("a1-m1",) and protest.type == "Protests"
    assert ganja.mention_ids == ("a2-m1",) and ganja.fatalities_best is None


def test_figures_get_the_event_id_of_their_mention():
    result = fuse(ARTICLES, FIGURES, MENTIONS)
    by_id = {f.id: f for f in result.figures}
    shelling = event_with(result.events, "a1-m0")
    assert {by_id[f].event_id for f in ("a1-f0", "a2-f0", "a3-f0")} == {shelling.id}
    assert by_id["a2-f1"].event_id == event_with(result.events, "a2-m1").id


def test_same_type_far_apart_places_do_not_merge():
    ms = [mention("x-m0", "x", "2020-12-11", KHTSABERT, sentence="fighting near the village"),
          mention("y-m0", "y", "2020-12-11", GANJA, sentence="fighting near the village")]
    assert len(fuse([], [], ms).events) == 2


def test_dates_more_than_a_day_apart_do_not_merge():
    ms = [mention("x-m0", "x", "2020-12-11", KHTSABERT, sentence="clash at the village"),
          mention("y-m0", "y", "2020-12-14", KHTSABERT, sentence="clash at the village")]
    assert len(fuse([], [], ms).events) == 2


def test_ceasefire_reported_as_9_and_10_november_is_one_agreement():
    text = "Armenia, Azerbaijan and Russia signed a cease-fire agreement ending the war"
    ms = [mention("x-m0", "x", "2020-11-09", None, "Strategic developments", "Agreement", text,
                  actors=("Government of Armenia", "Government of Azerbaijan")),
          mention("y-m0", "y", "2020-11-10", None, "Strategic developments", "Agreement",
                  "the cease-fire agreement signed by Armenia, Azerbaijan and Russia",
                  actors=("Government of Armenia", "Government of Azerbaijan"))]
    events = fuse([], [], ms).events
    assert len(events) == 1
    assert events[0].date == "2020-11-09"


def test_month_precision_joins_a_day_in_that_month():
    ms = [mention("x-m0", "x", "2020-12-11", HADRUT, sentence="soldiers captured in Hadrut"),
          mention("y-m0", "y", "2020-12", HADRUT, precision="month", sentence="soldiers captured in Hadrut")]
    events = fuse([], [], ms).events
    assert len(events) == 1 and events[0].date == "2020-12-11" and events[0].date_precision == "day"


def test_clash_and_agreement_never_merge():
    ms = [mention("x-m0", "x", "2020-12-11", HADRUT, sentence="Armenia and Azerbaijan agreed in Hadrut"),
          mention("y-m0", "y", "2020-12-11", HADRUT, "Strategic developments", "Agreement",
                  "Armenia and Azerbaijan agreed in Hadrut")]
    assert len(fuse([], [], ms).events) == 2


def test_country_level_place_joins_a_village_of_that_country():
    ms = [mention("x-m0", "x", "2020-12-16", YEREVAN, "Protests", "Peaceful protest", "opposition protest rally"),
          mention("y-m0", "y", "2020-12-16", ARMENIA, "Protests", "Peaceful protest", "opposition protest rally")]
    events = fuse([], [], ms).events
    assert len(events) == 1 and events[0].place == "Yerevan"


def test_duplicate_articles_count_as_their_original():
    arts = ARTICLES + [article("a1dup", "Reuters mirror", duplicate_of="a1")]
    ms = MENTIONS + [replace(MENTIONS[0], id="a1dup-m0", article_id="a1dup")]
    shelling = event_with(fuse(arts, FIGURES, ms).events, "a1-m0")
    assert "a1dup-m0" in shelling.mention_ids
    assert shelling.summary.endswith("(3 sources)")


def test_event_ids_are_a_function_of_the_mentions():
    first = fuse(ARTICLES, FIGURES, MENTIONS).events
    again = fuse(list(reversed(ARTICLES)), list(reversed(FIGURES)), list(reversed(MENTIONS))).events
    assert [e.id for e in first] == [e.id for e in again]
    assert len({e.id for e in first}) == len(first)


def test_place_names_normalise():
    assert normal_place_name("Çaylaqqala") == "caylaqqala"
    assert normal_place_name("Hin Tagher") == "hintagher"
    assert normal_place_name("") is None


def test_date_spans_by_precision():
    assert date_span("2020-12-11", "day") == (737770, 737770)
    lo, hi = date_span("2020-12", "month")
    assert hi - lo == 30
    lo, hi = date_span("2020-W50", "week")
    assert hi - lo == 6
    assert date_span(None, None) is None
    assert date_span("not a date", "day") is None


@settings(max_examples=30, deadline=None)
@given(st.permutations(MENTIONS), st.permutations(FIGURES))
def test_fusion_does_not_depend_on_input_order(mentions, figures):
    assert fuse(ARTICLES, figures, mentions) == fuse(ARTICLES, FIGURES, MENTIONS)


PLACES = [KHTSABERT, CAYLAQQALA, HADRUT, GANJA, YEREVAN, ARMENIA, None]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Agreement")]
random_mentions = st.lists(
    st.tuples(st.integers(0, 4), st.sampled_from(PLACES), st.sampled_from(TYPES),
              st.sampled_from(["fighting near the village", "protest rally", "shelling hit houses"])),
    min_size=1, max_size=12,
).map(lambda rows: [mention(f"a{n}-m0", f"a{n}", f"2020-12-{10 + day:02d}", place, t, s, text)
                    for n, (day, place, (t, s), text) in enumerate(rows)])


@settings(max_examples=40, deadline=None)
@given(random_mentions)
def test_fusing_twice_gives_the_same_events(mentions):
    first = fuse([], [], mentions).events
    by_id = {m.id: m for m in mentions}
    again = fuse([], [], [by_id[mid] for e in first for mid in e.mention_ids]).events
    assert first == again
    assert sorted(mid for e in first for mid in e.mention_ids) == sorted(by_id)


@settings(max_examples=40, deadline=None)
@given(random_mentions, st.randoms())
def test_random_mentions_fuse_the_same_in_any_order(mentions, rnd):
    shuffled = list(mentions)
    rnd.shuffle(shuffled)
    assert fuse([], [], shuffled).events == fuse([], [], mentions).events


# ---------------------------------------------------------------- people, article-level mentions



def test_two_rare_full_names_link_a_follow_up_months_later():
    first = body_article("p1", "Derrick Stafford and Norris Greenhouse fired at the car. Stafford was hurt. "
                               "Greenhouse said nothing." + news_padding(1), "2015-11-05")
    later = body_article("p2", "Jurors heard that Derrick Stafford and Norris Greenhouse fired. Stafford wept. "
                               "Greenhouse did not." + news_padding(2), "2016-09-29")
    other = body_article("p3", "Maria Lopez was shot at home. Lopez survived.", "2015-11-05")
    ms = [mention("p1-m1", "p1", "2015-11-03", None, "Violence against civilians", "Attack", "officers fired at a car"),
          article_mention(later), article_mention(other)]
    fusion = fuse([first, later, other], [], ms)
    assert len(fusion.events) == 1  # the shooting, with the trial report as a second source
    assert set(event_with(fusion.events, "p1-m1").mention_ids) == {"p1-m1", "p2-a0"}
    assert fusion.events[0].article_ids == ("p1", "p2")
    # an article typed nowhere and joined to no incident is no event: it is kept apart as untyped
    assert [e.mention_ids for e in fusion.untyped] == [("p3-a0",)] and not fusion.untyped[0].type


def test_a_guessed_place_resolved_apart_still_matches_by_name():
    here = Place("Monroe", 32.5, -92.1, "United States", "US", "Louisiana")
    there = Place("Monroe", 41.9, -83.4, "United States", "US", "Michigan")
    a = body_article("g1", "A boy was shot in Monroe.", "2015-03-08", "Boy shot in Monroe accident")
    b = body_article("g2", "A boy, 11, was shot in Monroe.", "2015-03-09", "Monroe boy shot in accident")
    ma = replace(article_mention(a), place=here, place_text="Monroe", sentence="boy shot in Monroe accident")
    mb = replace(article_mention(b), place=there, place_text="MONROE", sentence="boy shot in Monroe accident")
    assert len(fuse([a, b], [], [ma, mb]).untyped) == 1  # two untyped reports of one shooting
    clash = [mention("x-m0", "x", "2020-12-11", KHTSABERT, sentence="fighting near the village"),
             mention("y-m0", "y", "2020-12-11", replace(GANJA, name="Khtsabert"), sentence="fighting near the village")]
    assert len(fuse([], [], clash).events) == 2  # mentions an extractor placed keep the hard block


def test_a_month_date_with_an_end_spans_only_to_that_end():
    from datetime import date

    from sitroom.fuse._clusters import date_span

    start, end = date_span("2020-12", "month", "2020-12-20")
    assert (date.fromordinal(start), date.fromordinal(end)) == (date(2020, 12, 1), date(2020, 12, 20))
    assert date_span("2020-12", "month") == (date(2020, 12, 1).toordinal(), date(2020, 12, 31).toordinal())


# ---------------------------------------------------------------- whole-article likeness, dates, follow-ups, figures



def test_a_follow_up_weeks_later_links_through_a_very_alike_text():
    body = "Trung Le fired into the crowd on Bourbon Street; Brittany Thomas died. Le was arrested."
    first = body_article("f1", body + news_padding(1), "2014-06-29")
    trial = body_article("f2", "Jury finds Trung Le guilty: " + body + news_padding(2), "2015-01-15")
    unrelated = body_article("f3", "A quiet parade on Canal Street drew families.", "2015-01-15")
    arts = [first, trial, unrelated, *filler_articles(30)]
    orleans = Place("New Orleans", 29.95, -90.07, "United States", "US", "Louisiana")
    ms = [mention("f1-m0", "f1", "2014-06-29", orleans, "Violence against civilians", "Attack", "fired into the crowd"),
          mention("f2-m0", "f2", "2015-01-14", orleans, "Strategic developments", "Arrests", "jury finds him guilty"),
          mention("f3-m0", "f3", "2015-01-14", orleans, "Protests", "Peaceful protest", "a quiet parade")]
    events = fuse(arts, [], ms).events
    assert set(event_with(events, "f1-m0").mention_ids) == {"f1-m0", "f2-m0"}
    assert event_with(events, "f3-m0").mention_ids == ("f3-m0",)
    apart = fuse([first, replace(trial, body="Jury finds a man guilty of a robbery downtown."), unrelated], [], ms)
    assert len(apart.events) == 3  # without the shared text, dates weeks apart keep them apart


def test_an_undated_report_far_from_a_dated_one_counts_against_them():
    from sitroom.fuse._clusters import date_score, mention_views

    early = body_article("u1", "x", "2013-05-29")
    late = body_article("u2", "y", "2015-08-03")
    ms = [mention("u1-m0", "u1", None, None), mention("u2-m0", "u2", "2015-08-02", None)]
    a, b = mention_views(ms, [early, late], [])
    assert date_score(a, b) < 0
    near = mention_views([ms[0], replace(ms[1], date="2013-05-28")], [early, late], [])
    assert date_score(*near) > 0


def test_a_loose_killed_figure_counts_for_the_article_main_incident():
    arts = [body_article("k1", "A boy was killed and two hurt in a shooting. Police also arrested a man.", "2015-03-08")]
    ms = [mention("k1-m0", "k1", "2015-03-07", None, "Violence against civilians", "Attack", "boy killed"),
          mention("k1-m1", "k1", "2015-03-07", None, "Strategic developments", "Arrests", "police arrested")]
    ms[0] = replace(ms[0], figure_ids=("k1-f1",))
    tally = "At least 80 people were killed in the city in November alone."
    figs = [figure("k1-f0", "k1", "killed", 1), figure("k1-f1", "k1", "wounded", 2, mention_id="k1-m0"),
            replace(figure("k1-f2", "k1", "killed", 9), event_date="2014-01-01"),  # another, older incident
            replace(figure("k1-f3", "k1", "killed", 80), text="At least 80 people", sentence=tally)]  # a period
    result = fuse(arts, figs, ms)
    main = event_with(result.events, "k1-m0")
    assert main.fatalities_best == 1 and "k1-f0" in main.figure_ids
    assert "k1-f2" not in main.figure_ids and "k1-f3" not in main.figure_ids
    linked = {f.id: f.event_id for f in result.figures}
    assert linked["k1-f0"] == main.id and linked["k1-f2"] is None and linked["k1-f3"] is None


def test_clusters_that_disagree_on_average_are_weakly_joined():
    from sitroom.fuse._clusters import mention_view, weakly_joined

    original = {aid: aid for aid in ("p1", "p2", "q1", "q2")}
    shelling = "Artillery shelled Khtsabert village at dawn"
    rally = "Protesters rallied in Hadrut square"
    views = [mention_view(m, original, ()) for m in (
        mention("p1-m0", "p1", "2020-12-11", KHTSABERT, sentence=shelling),
        mention("p2-m0", "p2", "2020-12-11", KHTSABERT, sentence=shelling),
        mention("q1-m0", "q1", "2020-12-11", HADRUT, "Protests", "Peaceful protest", rally),
        mention("q2-m0", "q2", "2020-12-11", None, "Protests", "Peaceful protest", rally),
    )]
    assert weakly_joined(views[:2], views[2:])  # one shelling, one rally: they agree only on the day
    assert not weakly_joined(views[:1], views[1:2])  # two reports of the shelling


def test_a_big_city_in_common_counts_less_than_a_small_town():
    from sitroom.fuse._clusters import mention_view, place_score

    city = replace(GANJA, population=2_000_000)
    town = replace(KHTSABERT, population=300)
    original = {"a1": "a1", "a2": "a2"}

    def score(place: Place) -> float:
        a = mention_view(mention("a1-m0", "a1", "2020-12-11", place), original, ())
        b = mention_view(mention("a2-m0", "a2", "2020-12-11", place), original, ())
        return place_score(a, b)

    assert 0 < score(city) < score(town)


# ---------------------------------------------------------------- page chrome


def test_a_later_report_that_recalls_the_incident_day_in_the_same_place_links():
    camden = Place("Camden", 39.93, -75.12, "United States", "US", "New Jersey", geo_precision="exact")
    shot = mention("c1-m0", "c1", "2016-08-23", camden, "Violence against civilians", "Attack",
                   "a girl, 8, was hit by a stray bullet in Camden")
    died = mention("c2-m1", "c2", "2016-08-27", camden, "Violence against civilians", "Attack",
                   "the girl hit by a stray bullet in Camden died")
    recalled = mention("c2-m0", "c2", "2016-08-23", None, "Strategic developments", "Arrests",
                       "police searched the block that night")
    arts = [article("c1", "One", "2016-08-24"), article("c2", "Two", "2016-08-28")]
    linked = fuse(arts, [], [shot, died, recalled]).events
    assert {"c1-m0", "c2-m1"} <= set(event_with(linked, "c1-m0").mention_ids)
    # without the earlier day named in the later report, four days apart are two incidents
    apart = fuse(arts, [], [shot, died]).events
    assert event_with(apart, "c1-m0") != event_with(apart, "c2-m1")
