import pytest

from sitroom.lang.en._numbers import find_amounts, parse_amount


@pytest.mark.parametrize("text, value, low, high, qualifier", [
    ("At least 60 soldiers", 60, None, None, "at_least"),
    ("an estimated 90,000 civilians", 90000, None, None, "approx"),
    ("nearly forty POWs", 40, None, None, "approx"),
    ("fourteen in November", 14, None, None, "exact"),
    ("twenty-one men", 21, None, None, "exact"),
    ("several dozen soldiers", None, 24, 99, "approx"),
    ("dozens of Armenians", None, 24, 99, "approx"),
    ("several servicemen", None, 3, 9, "approx"),
    ("a few people", None, 2, 5, "approx"),
    ("hundreds of people", None, 200, 999, "approx"),
    ("as many as 160 holdouts", 160, None, None, "at_most"),
    ("up to 5,000 soldiers", 5000, None, None, "at_most"),
    ("more than 40 days", 40, None, None, "at_least"),
    ("between 10 and 15 militants", None, 10, 15, "range"),
    ("5 to 7 people", None, 5, 7, "range"),
    ("5-7 policemen", None, 5, 7, "range"),
    ("at least 10–12 soldiers", None, 10, 12, "range"),
    ("half of the 44 POWs", 22, None, None, "approx"),
    ("1.5 million refugees", 1_500_000, None, None, "exact"),
])
def test_parse_amount(text, value, low, high, qualifier):
    a = parse_amount(text)
    assert (a.value, a.low, a.high, a.qualifier) == (value, low, high, qualifier)
    assert text[a.start:a.end] == a.text


def test_offsets_point_at_the_words():
    text = "Police said at least 12 protesters died and dozens were hurt."
    amounts = find_amounts(text)
    assert [a.text for a in amounts] == ["at least 12", "dozens"]
    assert all(text[a.start:a.end] == a.text for a in amounts)


@pytest.mark.parametrize("text", ["no one was hurt", "the LAR-160 rocket", "on the 11th day", "F-16s flew", "nothing here"])
def test_not_amounts(text):
    assert find_amounts(text) == []
