"""Claims ledger: grouping figures into contradictions, statuses, best estimates, timeline."""
from __future__ import annotations

from dataclasses import replace

from sitroom.core._records import Article, EventMention, Figure
from sitroom.fuse._clusters import fuse
from sitroom.fuse._ledger import build_contradictions, fatalities, interval, make_claims, party_key, status_of
from sitroom.fuse._timeline import build_timeline


def article(aid: str, outlet: str, published: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", body="...", outlet=outlet, published=published)


def fig(fid: str, aid: str, kind: str, value: float | None, party: str | None = "Armenia", event_id: str | None = None,
        claimant: str | None = None, stance: str = "asserted", as_of: str | None = None, qualifier: str = "exact",
        low: float | None = None, high: float | None = None, civilian: bool | None = None,
        text: str | None = None) -> Figure:
    return Figure(id=fid, article_id=aid, kind=kind, party=party, value=value, low=low, high=high,
                  qualifier=qualifier, text=text or str(value), sentence="", start=0, end=0, civilian=civilian,
                  claimant=claimant, stance=stance, event_id=event_id, as_of=as_of)


ARTICLES = [article("a1", "OC Media", "2020-12-16"), article("a2", "Eurasianet", "2020-12-18"),
            article("a3", "RFE/RL", "2020-12-28")]


def only(contradictions, kind=None):
    found = [c for c in contradictions if kind is None or c.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_wounded_six_against_one_for_one_event_is_contested():
    figures = [fig("a1-f1", "a1", "wounded", 6, event_id="e1", claimant="Armenian Ministry of Defense"),
               fig("a2-f1", "a2", "wounded", 1, event_id="e1"),
               fig("a2-f2", "a2", "wounded", 1, party="Azerbaijani", civilian=True, event_id="e1")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert c.status == "contested"
    assert set(c.values) == {6, 1} and c.event_id == "e1" and c.party == "Armenia"
    assert (c.best_low, c.best, c.best_high) == (1, 1, 6)
    assert {cl.outlet for cl in c.claims} == {"OC Media", "Eurasianet"}


def test_captured_and_missing_without_event_group_by_party_and_month():
    figures = [
        fig("a1-f1", "a1", "missing", 60, qualifier="at_least"),
        fig("a1-f2", "a1", "missing", 171, claimant="rumors", stance="denied"),
        fig("a1-f3", "a1", "missing", 73, claimant="Armenian Ministry of Defense"),
        fig("a1-f4", "a1", "captured", None, low=24, high=99, qualifier="approx", stance="confirmed",
            text="several dozen"),
        fig("a2-f1", "a2", "captured", 160, qualifier="at_most", claimant="reports", stance="unverified"),
        fig("a2-f2", "a2", "captured", 60, party="Armenian", qualifier="at_least", stance="confirmed"),
        fig("a3-f1", "a3", "captured", 62, claimant="Azerbaijan's foreign minister", stance="confirmed",
            as_of="2020-12-28"),
        fig("a3-f2", "a3", "captured", 5, party="Azerbaijan"),
        fig("a3-f3", "a3", "captured", 3, party="Azerbaijan", as_of="2020-11-02"),
    ]
    contradictions = build_contradictions(figures, (), ARTICLES)
    c = only([c for c in contradictions if party_key(c.party) == "armenia"])
    assert {v for v in c.values if isinstance(v, (int, float))} == {60, 171, 73, 160, 62}
    assert "several dozen" in c.values
    assert c.status == "contested" and c.event_id is None and c.kind in ("captured", "missing")
    assert "2020-12" in c.about
    assert c.best == 24 and c.best_high == 99  # the conservative reading: several dozen, at least 24
    assert not [c for c in contradictions if party_key(c.party) == "azerbaijan"]  # different months


def test_a_denied_rumour_alone_does_not_contest():
    figures = [fig("a1-f1", "a1", "missing", 73, claimant="Ministry of Defense"),
               fig("a1-f2", "a1", "missing", 171, claimant="rumors", stance="denied")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert c.status == "consistent" and c.best == 73 and 171 in c.values


def test_overlapping_vague_amounts_are_a_range():
    figures = [fig("a1-f1", "a1", "killed", 60, qualifier="at_least", event_id="e1"),
               fig("a2-f1", "a2", "killed", 62, event_id="e1")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert c.status == "range" and c.best == 60 and c.best_high == 62


def test_same_value_from_two_outlets_is_consistent():
    figures = [fig("a1-f1", "a1", "killed", 4, event_id="e1"), fig("a2-f1", "a2", "killed", 4, event_id="e1")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert c.status == "consistent" and c.best == 4 and c.values == (4,)


def test_a_rising_toll_from_the_same_voice_is_superseded():
    figures = [fig("a1-f1", "a1", "killed", 3, event_id="e1", claimant="Health Ministry", as_of="2020-12-16"),
               fig("a3-f1", "a3", "killed", 7, event_id="e1", claimant="Health Ministry", as_of="2020-12-28")]
    c = only(build_contradictions(figures, (), ARTICLES))
    assert c.status == "superseded" and c.best == 7


def test_a_falling_toll_is_contested_not_superseded():
    figures = [fig("a1-f1", "a1", "killed", 7, event_id="e1", as_of="2020-12-16"),
               fig("a3-f1", "a3", "killed", 3, event_id="e1", as_of="2020-12-28")]
    assert only(build_contradictions(figures, (), ARTICLES)).status == "contested"


def test_one_figure_or_repeats_in_one_article_are_no_contradiction():
    figures = [fig("a3-f1", "a3", "captured", 62), fig("a3-f2", "a3", "captured", 62),
               fig("a1-f1", "a1", "killed", 3, event_id="e1"), fig("a1-f2", "a1", "killed", 9)]
    assert build_contradictions(figures, (), ARTICLES) == ()


def test_civilian_and_military_tolls_are_different_quantities():
    figures = [fig("a1-f1", "a1", "killed", 3, event_id="e1", civilian=True),
               fig("a2-f1", "a2", "killed", 5, event_id="e1", civilian=False)]
    assert build_contradictions(figures, (), ARTICLES) == ()


def test_party_names_and_demonyms_fold():
    assert party_key("Armenian") == party_key("Armenia") == party_key("Military Forces of Armenia")
    assert party_key("Azerbaijani") == party_key("Azerbaijan") != party_key("Armenia")
    assert party_key("Afghan") == party_key("Afghanistan")
    assert party_key(None) is None


def test_intervals_follow_qualifiers():
    assert interval(fig("f", "a1", "killed", 60, qualifier="at_least"))[0] == 60
    assert interval(fig("f", "a1", "killed", 160, qualifier="at_most")) == (0.0, 160)
    assert interval(fig("f", "a1", "killed", None, low=24, high=99)) == (24, 99)
    assert interval(fig("f", "a1", "killed", None)) is None


def test_status_of_counts_only_undenied_claims():
    claims = make_claims([fig("f1", "a1", "killed", 3), fig("f2", "a2", "killed", 30, stance="denied")], ARTICLES)
    assert status_of(claims) == "consistent"


def test_event_fatalities_sum_sides_within_an_article_and_take_the_lowest_across():
    figures = [fig("a1-f1", "a1", "killed", 3, party="Armenia"), fig("a1-f2", "a1", "killed", 4, party="Azerbaijan"),
               fig("a2-f1", "a2", "killed", 9, party=None), fig("a2-f2", "a2", "killed", 3, party="Armenia"),
               fig("a3-f1", "a3", "killed", 50, party=None, stance="unverified", claimant="rumors")]
    assert fatalities(figures, ARTICLES) == (7, 9, 9)  # a rising toll (16 -> 18 Dec): the later one
    earlier = [f if f.article_id != "a2" else fig(f.id, "a2", "killed", f.value, party=f.party, as_of="2020-12-10")
               for f in figures]
    assert fatalities(earlier, ARTICLES) == (7, 7, 9)  # 9, then 7: contested, the lowest
    assert fatalities([], ARTICLES) == (None, None, None)


def test_timeline_lists_events_and_statuses_in_date_order_with_sources():
    mentions = [EventMention("a1-m0", "a1", "Battles", "Armed clash", "2020-12-11", "day", "clash", 0, 5),
                EventMention("a2-m0", "a2", "Strategic developments", "Agreement", "2020-11-09", "day", "deal", 0, 4)]
    figures = [fig("a1-f1", "a1", "missing", 60, as_of="2020-12-16"), fig("a2-f1", "a2", "captured", 62)]
    result = fuse(ARTICLES, figures, mentions)
    dates = [t.date for t in result.timeline]
    assert dates == ["2020-11-09", "2020-12", "2020-12-11"]
    status = result.timeline[1]
    assert status.event_id is None and status.article_ids == ("a1", "a2")
    assert status.outlets == ("Eurasianet", "OC Media")
    assert result.timeline[2].outlets == ("OC Media",)
    assert build_timeline([], [], []) == ()


def test_a_status_is_not_split_at_a_month_boundary_but_long_gaps_split_it():
    figures = [fig("a1-f1", "a1", "captured", 60, as_of="2020-12-16"),
               fig("a3-f1", "a3", "captured", 62, as_of="2021-01-01"),
               fig("a3-f2", "a3", "missing", 20, as_of="2021-06-01"),
               fig("a2-f1", "a2", "missing", 25, as_of="2021-06-05")]
    contradictions = build_contradictions(figures, (), ARTICLES)
    assert sorted(c.values for c in contradictions) == [(20, 25), (60, 62)]
    assert {c.about for c in contradictions} == {"Armenia captured/missing (2020-12)", "Armenia captured/missing (2021-06)"}


def test_parts_of_a_total_are_listed_but_do_not_contest_it():
    from dataclasses import replace

    sentence = "Officials said 29 soldiers were killed since the truce: nine near Tal Abyad, six on May 2 and fourteen in April."
    def part(fid, value, text):
        return replace(fig(fid, "a1", "killed", value, event_id="e9", text=text), sentence=sentence,
                       start=sentence.index(text), end=sentence.index(text) + len(text))
    figures = [part("a1-f1", 29, "29 soldiers"), part("a1-f2", 9, "nine"), part("a1-f3", 6, "six"),
               part("a1-f4", 14, "fourteen")]
    assert build_contradictions(figures, (), ARTICLES) == ()
    including = "Armenia handed over all 14 of its prisoners, including two men held on murder charges."
    whole = replace(fig("a2-f1", "a2", "released", 14, event_id="e8", text="all 14"), sentence=including)
    share = replace(fig("a3-f1", "a3", "released", 2, event_id="e8", text="two men"), sentence=including)
    other = fig("a1-f9", "a1", "released", 14, event_id="e8")
    c = only(build_contradictions([whole, share, other], (), ARTICLES))
    assert c.status == "consistent" and c.best == 14
    assert [k.part for k in c.claims if k.figure_id == "a3-f1"] == [True]


def test_parts_a_sentence_lists_together_are_one_toll():
    sentence = "4 militia members and 3 militants were killed in clashes."
    parts = [replace(fig("a1-f1", "a1", "killed", 4, party=None, text="4 militia members"), sentence=sentence, start=0, end=17),
             replace(fig("a1-f2", "a1", "killed", 3, party=None, text="3 militants"), sentence=sentence, start=22, end=33)]
    assert fatalities(parts, ARTICLES) == (7, 7, 7)
    apart = [replace(parts[1], sentence="Later 3 militants were killed.", start=100, end=111)]
    assert fatalities([parts[0], *apart], ARTICLES) == (4, 4, 4)  # two sentences: the larger stands for both


def test_an_armed_groups_own_claim_alone_codes_no_fatalities():
    voj = fig("a1-f1", "a1", "killed", 7, party=None, claimant="VoJ")
    assert fatalities([voj], ARTICLES) == (None, None, None)
    times = fig("a2-f1", "a2", "killed", 2, party=None, claimant="NY Times")
    assert fatalities([voj, times], ARTICLES) == (2, 2, 2)
