"""An article as one mention, for reports in which extraction typed no incident."""
from __future__ import annotations

import re

from builders import body_article

from sitroom.core._records import Analysis, Figure, Place, PlaceMention, Sentence
from sitroom.fuse._mentions import article_mention


def loose_figure(fid: str, aid: str, kind: str, value: float) -> Figure:
    return Figure(id=fid, article_id=aid, kind=kind, party=None, value=value, low=None, high=None,
                  qualifier="exact", text=str(value), sentence="", start=0, end=0)


def test_article_mention_takes_the_most_named_place_but_not_a_surname():
    body = "Police in Monroe said Julian Bryant was shot. Bryant lived in Monroe. Bryant, 22, died."
    monroe = Place("Monroe", 32.5, -92.1, "United States", "US", "Louisiana")
    bryant = Place("Bryant", 34.6, -92.5, "United States", "US", "Arkansas")
    places = tuple(PlaceMention(m.start(), m.end(), m.group(), monroe if m.group() == "Monroe" else bryant)
                   for m in re.finditer(r"Monroe|Bryant", body))
    analysis = Analysis("b1", (Sentence(0, 44, body[:44]),), (), places, ())
    shot = loose_figure("b1-f0", "b1", "killed", 1)
    m = article_mention(body_article("b1", body, "2015-03-08"), analysis, [shot])
    assert m.id == "b1-a0" and m.type == "" and m.date is None
    assert m.place == monroe and m.figure_ids == ("b1-f0",)


def test_article_mention_takes_the_most_named_recent_day():
    from sitroom.core._records import TimeExpression

    body = "A man was shot Sunday. On Sunday police came. Court is set for 2015-04-01. In 2014 he moved."
    times = (TimeExpression(15, 21, "Sunday", "2015-03-08", "day"),
             TimeExpression(26, 32, "Sunday", "2015-03-08", "day"),
             TimeExpression(60, 70, "2015-04-01", "2015-04-01", "day"),  # after publication: not the incident
             TimeExpression(75, 79, "2014", "2014", "year"))
    analysis = Analysis("d1", (Sentence(0, 22, body[:22]),), times, (), ())
    m = article_mention(body_article("d1", body, "2015-03-10"), analysis)
    assert (m.date, m.date_precision) == ("2015-03-08", "day")
    stale = article_mention(body_article("d1", body, "2015-06-10"), analysis)
    assert stale.date == "2015-04-01"  # nothing within the days before: the full date it names
    undated = Analysis("d1", (Sentence(0, 22, body[:22]),), times[:2] + times[3:], (), ())
    assert article_mention(body_article("d1", body, "2015-06-10"), undated).date is None  # "Sunday" is no full date


def test_article_mention_is_dated_by_a_time_of_day_and_cites_the_sentence_naming_it():
    from sitroom.core._records import TimeExpression

    body = "Get email alerts. Two men were shot early Friday morning at a diner. Police have no suspect."
    said = body.index("early Friday morning")
    times = (TimeExpression(said, said + 20, "early Friday morning", "2015-11-27", "day", timex_type="TIME"),)
    sentences = (Sentence(0, 17, body[:17]), Sentence(18, 67, body[18:67]), Sentence(68, len(body), body[68:]))
    m = article_mention(body_article("t1", body, "2015-11-28"), Analysis("t1", sentences, times, (), ()))
    assert (m.date, m.date_precision) == ("2015-11-27", "day")
    assert (m.start, m.end) == (18, 67) and body[m.start:m.end] == m.sentence
    assert "Friday" in m.sentence
