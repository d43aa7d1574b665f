"""Incident dates of short reports (notes) uploaded long after their events: a date heading the note, a year-less
date before the upload, "as reported on" leading the sentence (invented notes in the shape of real ones)."""
from __future__ import annotations

from datetime import date

import pytest

from sitroom.core import Sentence, TimeExpression
from sitroom.extract._dating import heading_day, in_the_past, sentence_date
from sitroom.lang.en import find_time_expressions

UPLOAD = date(2020, 1, 21)


def dated(text: str, anchor: date = UPLOAD, history=()):
    sentence = Sentence(0, len(text), text)
    guess = sentence_date(sentence, find_time_expressions(text, anchor), anchor, None, history)
    return guess.value if guess else None


@pytest.mark.parametrize("text, value", [
    ("On March 6, an unknown gunman abducted a girl in the village.", "2019-03-06"),  # the latest March 6 before the upload
    ("On 5 May, soldiers defused an IED in the market.", "2019-05-05"),
    ("On January 9, militiamen burned houses.", "2020-01-09"),  # this year's: already past
    ("As reported on April 8, the army dismantled a militant base.", "2019-04-08"),  # the only date the source gives
    ("Weapons seizure: as reported on May 12, police seized two caches.", "2019-05-12"),
    ("On 2 May 2016, activists demonstrated in the city.", "2016-05-02"),  # a written year stands
])
def test_incident_dates_of_notes(text, value):
    assert dated(text) == value


def test_a_sentence_about_the_future_keeps_its_coming_date():
    assert dated("The court will hear the case on March 6.") is None  # a plan, not an incident


def test_a_heading_dates_the_sentence_after_it():
    history = [("10 June.", date(2019, 6, 10))]
    assert heading_day(history) == date(2019, 6, 10)
    text = "Residents barricaded a road to protest arrests made during the election end of April."
    assert dated(text, date(2019, 6, 17), history) == "2019-06-10"


def test_a_heading_gives_way_to_a_day_of_the_sentence_and_to_later_days():
    history = [("Arrests: 20 May.", date(2019, 5, 20))]
    assert dated("On 22 May, police arrested a facilitator.", date(2019, 6, 17), history) == "2019-05-22"
    assert heading_day(history + [("On 22 May, police arrested him.", date(2019, 5, 22))]) is None
    assert heading_day([("Police said 20 May would be calm.", date(2019, 5, 20))]) is None


def test_in_the_past_moves_only_year_less_days_after_the_publication():
    text = "On March 6, gunmen struck. On March 6, 2020, more came."
    sentence = Sentence(0, len(text), text)
    first, second = find_time_expressions(text, UPLOAD)
    assert in_the_past(first, sentence, UPLOAD).value == "2019-03-06"
    assert in_the_past(second, sentence, UPLOAD).value == "2020-03-06"  # a written year is not moved
    week = TimeExpression(0, 4, "next week", "2020-W05", "week")
    assert in_the_past(week, sentence, UPLOAD) is week
