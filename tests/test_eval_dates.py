import pytest

from sitroom.evaluation.dates import (
    detection_precision,
    detection_recall,
    match_spans,
    normalise_value,
    read_tml,
    score,
    share,
    value_agrees,
)

GOLD = [(0, 5), (10, 20), (30, 35)]


def test_detection_perfect_and_empty():
    assert detection_recall(GOLD, GOLD) == 1.0
    assert detection_precision(GOLD, GOLD) == 1.0
    assert detection_recall(GOLD, []) == 0.0
    assert detection_precision(GOLD, []) == 0.0


def test_detection_counts_overlaps():
    system = [(12, 15), (40, 45)]
    assert detection_recall(GOLD, system) == pytest.approx(1 / 3)
    assert detection_precision(GOLD, system) == 0.5
    assert match_spans(GOLD, system) == {1: 0}


def test_value_agrees_at_the_gold_precision():
    assert value_agrees("1998-02", "1998-02")
    assert value_agrees("1998-02", "1998-02-14")
    assert not value_agrees("1998-02-14", "1998-02")
    assert not value_agrees("1998-02", "1998-03")
    assert value_agrees("1968-XX", "1968")
    assert value_agrees("2000-W7", "2000-W07")
    assert value_agrees("1998-02-27TMO", "1998-02-27TMO")
    assert not value_agrees("1998-02-27TMO", "1998-02-27TEV")
    assert value_agrees("PRESENT_REF", "PRESENT_REF")
    assert not value_agrees("PRESENT_REF", "1998-02-27")
    assert not value_agrees("1998", None)
    assert not value_agrees("1998", "19980")
    assert normalise_value("1998-XX-XX") == "1998"


def test_share_perfect_and_empty():
    assert share([True, True]) == 1.0
    assert share([]) == 0.0


def test_read_tml_offsets(tmp_path):
    tml = tmp_path / "doc.tml"
    tml.write_text('<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" '
                   'functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT><TEXT>Prices <EVENT eid="e1">fell'
                   '</EVENT> on <TIMEX3 tid="t1" type="DATE" value="1998-01-06">Tuesday</TIMEX3> &amp; rose '
                   '<TIMEX3 tid="t2" type="DATE" value="1998-01-07">yesterday</TIMEX3>.</TEXT></TimeML>')
    doc = read_tml(tml)
    assert str(doc.anchor) == "1998-01-08"
    assert [t.text for t in doc.timexes] == ["Tuesday", "yesterday"]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)
    result = score(tml)
    assert result.n == 2
    assert result.metrics["detection_recall"] == 1.0
    assert result.metrics["value_accuracy"] == 1.0


def test_timebank_sample(shared):
    folder = shared / "data" / "dev" / "timeml" / "TimeBank"
    if not folder.is_dir():
        pytest.skip("no TimeBank")
    result = score(folder, limit=40)
    assert result.n > 100
    assert result.metrics["detection_recall"] >= 0.8
    assert result.metrics["value_accuracy"] >= 0.75
