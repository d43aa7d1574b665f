"""The geocoding scorer: metric functions, both XML formats, and a short real run."""
from __future__ import annotations

from sitroom.core._records import Place, PlaceMention
from sitroom.evaluation import geocoding as geo

GEOVIRUS_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article><source>x</source><text>Clashes in Hadrut and Baku.</text><locations>
<location><name>Hadrut</name><start>12</start><end>18</end><lat>39.52</lat><lon>47.03</lon></location>
<location><name>Baku</name><start>23</start><end>27</end><lat>40.38</lat><lon>49.89</lon></location>
</locations></article></articles>"""

TRNEWS_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text>Turkish troops entered Syria.</text><toponyms>
<toponym><phrase>Turkish</phrase><start>0</start><end>7</end><gaztag geonameid="1"><name>Turkey</name>
<lat>39</lat><lon>35</lon></gaztag></toponym>
<toponym><phrase>Syria</phrase><start>23</start><end>28</end><gaztag geonameid="2"><name>Syria</name>
<lat>35</lat><lon>38</lon></gaztag></toponym>
</toponyms></article></articles>"""


def _place(lat, lon):
    return Place("x", lat, lon, None, None, None)


def test_summarise_perfect_and_empty():
    gold = [geo.GoldToponym(0, 4, "Baku", 40.0, 49.0), geo.GoldToponym(10, 14, "Gori", 42.0, 44.0)]
    perfect = [PlaceMention(0, 4, "Baku", _place(40.0, 49.0)), PlaceMention(10, 14, "Gori", _place(42.0, 44.0))]
    scores = geo.summarise(geo.judge(gold, perfect), 2, 2)
    assert scores["toponym_recall"] == scores["resolved_161km"] == scores["precision"] == 1.0
    assert scores["median_km"] == 0.0 and scores["n"] == 2
    empty = geo.summarise(geo.judge(gold, []))
    assert empty["toponym_recall"] == empty["resolved_161km"] == empty["resolved_161km_found"] == 0.0
    assert geo.summarise([])["n"] == 0


def test_denominators_all_gold_versus_found():
    gold = [geo.GoldToponym(0, 4, "Baku", 40.0, 49.0), geo.GoldToponym(10, 14, "Gori", 42.0, 44.0)]
    one_far = [PlaceMention(0, 4, "Baku", _place(40.0, 49.0))]
    scores = geo.summarise(geo.judge(gold, one_far))
    assert scores["toponym_recall"] == 0.5
    assert scores["resolved_161km"] == 0.5 and scores["resolved_161km_found"] == 1.0
    wrong = [PlaceMention(0, 4, "Baku", _place(10.0, 10.0))]
    assert geo.summarise(geo.judge(gold[:1], wrong))["resolved_161km"] == 0.0


def test_align_moves_offsets_that_are_off_by_one():
    text = "Clashes in Hadrut."
    fixed = geo.align(text, geo.GoldToponym(12, 17, "Hadrut", None, None))
    assert text[fixed.start:fixed.end] == "Hadrut"


def test_both_formats_score(tmp_path):
    virus, trnews = tmp_path / "v.xml", tmp_path / "t.xml"
    virus.write_text(GEOVIRUS_STYLE, encoding="utf-8")
    trnews.write_text(TRNEWS_STYLE, encoding="utf-8")
    assert [t.name for t in geo.read_corpus(trnews)[0].toponyms] == ["Turkish", "Syria"]
    for path in (virus, trnews):
        scores = geo.score(path)
        assert scores.n == 2
        assert scores.metrics["toponym_recall"] == 1.0 and scores.metrics["resolved_161km"] == 1.0


def test_real_corpora_sample(shared):
    scores = geo.score(limit=8).metrics
    assert scores["geovirus_n"] > 0 and scores["tr_news_n"] > 0
    assert scores["toponym_recall"] > 0.6 and scores["resolved_161km"] > 0.5


def test_align_follows_offsets_that_drift_further_into_the_text():
    text = "Toronto is big. Ontario's towns and Toronto again."
    drifted = geo.align(text, geo.GoldToponym(46, 53, "Toronto", None, None))  # truly at 36
    assert (drifted.start, drifted.end) == (36, 43)
    lost = geo.align(text, geo.GoldToponym(3, 9, "Hadrut", None, None))
    assert (lost.start, lost.end) == (3, 9)  # a name not in reach keeps its offsets
