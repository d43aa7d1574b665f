"""The HTML report stays bounded: full detail for the events that matter most, counts for the rest."""
from __future__ import annotations

from dataclasses import fields

from builders import body_article
from sitroom.core import Event
from sitroom.report import render_html
from sitroom.report._html import MAX_FEATURED, Situation, featured_events


def event(n: int) -> Event:
    values = {f.name: None for f in fields(Event)}
    values.update(id=f"e{n:05d}", type="Battles", sub_type="Armed clash", date=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
                  actors=(), article_ids=(f"a{n % 50}",), figure_ids=(), summary=f"<b>clash {n}</b>",
                  fatalities_best=n % 97, mention_ids=(), sentences=())
    return Event(**{k: v for k, v in values.items() if k in {f.name for f in fields(Event)}})


def test_a_big_database_gives_a_bounded_report_with_counts_for_the_rest():
    articles = tuple(body_article(f"a{n}", f"Body <script>alert({n})</script>", "2026-01-01", title=f"<i>{n}</i>")
                     for n in range(50))
    s = Situation(articles, tuple(event(n) for n in range(5000)), (), (), ())
    featured = featured_events(s)
    assert 0 < len(featured) <= MAX_FEATURED
    assert max(e.fatalities_best for e in featured) == 96  # the deadliest are in
    page = render_html(s)
    assert len(page) < 400_000
    assert f"{5000 - len(featured)} more events not shown" in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;clash" in page
