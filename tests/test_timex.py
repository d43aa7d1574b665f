from datetime import date

import pytest

from sitroom.clean._published import infer_published, infer_published_batch
from sitroom.lang.en._times import (
    duration_value,
    find_time_expressions,
    nearest_year,
    parse_number,
    weekday_years,
)

ANCHOR = date(2020, 12, 17)  # a Thursday


def values(text, anchor=ANCHOR):
    return {e.text: e.value for e in find_time_expressions(text, anchor)}


def only(text, anchor=ANCHOR):
    found = find_time_expressions(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value", [
    ("It happened on December 11.", "2020-12-11"),
    ("The breach on 11th December was reported.", "2020-12-11"),
    ("Fighting spread on Tuesday, October 27, to the border.", "2020-10-27"),
    ("The report was filed 2020-12-03 by the ministry.", "2020-12-03"),
    ("The report was filed on 12/17/2020 by the ministry.", "2020-12-17"),
    ("Officials met yesterday in Yerevan.", "2020-12-16"),
    ("Officials meet today in Yerevan.", "2020-12-17"),
    ("A protest was held on Wednesday.", "2020-12-16"),
    ("The war started on September 27.", "2020-09-27"),
])
def test_day_values(text, value):
    expression = only(text)
    assert expression.value == value
    assert expression.precision == "day"


def test_offsets_point_at_the_words():
    text = "Khtsabert was attacked on December 11, officials said."
    expression = only(text)
    assert text[expression.start:expression.end] == expression.text == "December 11"


def test_weekday_fixes_the_year_of_an_announced_date():
    expression = only("A strike is to commence at midnight on Tuesday, December 22.", date(2020, 12, 17))
    assert expression.value == "2020-12-22"
    assert only("Talks ended on Tuesday, October 27.", date(2021, 1, 5)).value == "2020-10-27"


def test_year_is_the_nearest_before_the_anchor():
    assert only("Fighting resumed on December 28.", date(2021, 1, 5)).value == "2020-12-28"
    assert nearest_year(11, 10, date(2021, 1, 5)) == 2020


def test_relative_days_count_from_the_last_date_named():
    found = values("Russia confirmed on December 12 that the incident the previous day was a breach. "
                   "The following day, a map was released.")
    assert found["the previous day"] == "2020-12-11"
    assert found["The following day"] == "2020-12-13"


def test_that_evening_is_not_a_year():
    found = find_time_expressions("He spoke on December 14. That evening, 44 POWs were flown home.", ANCHOR)
    assert [e.value for e in found] == ["2020-12-14", "2020-12-14"]
    assert not any(e.value == "1944" for e in found)


def test_quoted_dates_do_not_move_the_reference():
    text = ('He spoke on December 14. "Since the situation on November 9 that region was ours," he said. '
            "That evening, prisoners came home.")
    assert values(text)["That evening"] == "2020-12-14"


def test_morning_of_a_date_is_a_time():
    expression = only("On the morning of December 16, contact was lost.")
    assert expression.value == "2020-12-16"
    assert expression.timex_type == "TIME"
    assert expression.timex_value == "2020-12-16TMO"
    assert not expression.text.lower().startswith("on ")


@pytest.mark.parametrize("text, value, precision", [
    ("He was replaced last month.", "2020-11", "month"),
    ("He reported this week that posts advanced.", "2020-W51", "week"),
    ("He said last week that it was over.", "2020-W50", "week"),
    ("It was signed over a month earlier.", "2020-11", "month"),
    ("They received rockets in 2008–2009.", "2008", "year"),
])
def test_coarser_values(text, value, precision):
    expression = only(text)
    assert (expression.value, expression.precision) == (value, precision)


def test_month_ranges():
    mid = only("62 servicemen were captured in mid-December.")
    assert (mid.value, mid.precision, mid.value_end) == ("2020-12", "month", "2020-12-20")
    range_ = only("Fourteen were killed in mid to late November.")
    assert (range_.value, range_.value_end) == ("2020-11", "2020-11-30")


def test_landmark_date_inside_a_phrase():
    expression = only("29 servicemen were killed since the November 10 cease-fire.")
    assert expression.text == "November 10"
    assert expression.value == "2020-11-10"


def test_durations_are_not_dates():
    expression = only("Captured in more than 40 days of operations.")
    assert expression.timex_type == "DURATION"
    assert expression.timex_value == "P40D"
    assert expression.value is None
    assert only("holding out for nearly two months").timex_value == "P2M"


def test_bare_numbers_are_not_years():
    assert find_time_expressions("Some 2000 soldiers and 1,990 civilians left; 44 POWs returned.", ANCHOR) == []
    assert only("Two men held since 2014 were freed.").value == "2014"


def test_the_verb_may_is_not_a_month():
    assert find_time_expressions("Officials may confirm the figures.", ANCHOR) == []


def test_without_anchor_absolute_dates_still_resolve():
    found = find_time_expressions("On Aug. 7, 1998 bombs exploded; on December 11 more followed.", None)
    assert found[0].value == "1998-08-07"
    assert found[1].value is None and found[1].timex_value == "XXXX-12-11"


def test_number_words_and_durations():
    assert parse_number("twenty-four") == 24
    assert parse_number("several") is None
    assert duration_value(5, "hour") == "PT5H"
    assert duration_value(None, "year") == "PXY"
    assert duration_value(1, "decade") == "P10Y"


def test_weekday_years():
    assert 2020 in weekday_years(12, 22, 1, 2015, 2021)
    assert 2019 not in weekday_years(12, 22, 1, 2015, 2021)


def test_infer_published_after_the_latest_date():
    text = ("Fighting broke out on December 11. On December 14 prisoners were exchanged. "
            "A strike is to commence at midnight on Tuesday, December 22.")
    guess = infer_published(text, today=date(2026, 1, 1))
    assert guess.date == "2020-12-15"
    assert "pair" in guess.reason


def test_infer_published_never_after_today():
    text = "The strike begins on Tuesday, December 22. Talks failed on December 16."
    guess = infer_published(text, today=date(2026, 11, 22))
    assert guess.date is not None and guess.date <= "2026-11-22"


def test_infer_published_without_year_says_so():
    guess = infer_published("Fighting broke out on December 11.", today=date(2026, 1, 1))
    assert guess.date is None
    assert "year" in guess.reason


def test_batch_gives_the_year_to_texts_without_one():
    texts = ["Talks failed on Tuesday, December 22, officials said.", "Fighting broke out on December 11."]
    guesses = infer_published_batch(texts, today=date(2026, 1, 1))
    assert guesses[0].date == "2020-12-23"
    assert guesses[1].date.startswith("2020-12")


def test_known_dates_of_the_batch_outweigh_text_only_guesses():
    texts = ["Fighting broke out on December 11.", "Talks resumed on Friday, December 11."]
    guesses = infer_published_batch(texts, today=date(2026, 1, 1), known=["2015-12-14"])
    assert [g.date[:7] for g in guesses] == ["2015-12", "2015-12"]  # 2015-12-11 was a Friday too
    alone = infer_published_batch(texts[:1], today=date(2026, 1, 1))
    assert alone[0].date is None  # no year anywhere in the batch


def test_seed_windows(seeds_dir, shared):
    import yaml
    gold = yaml.safe_load((shared / "gold" / "seeds.yaml").read_text())["documents"]
    names = sorted(n for n in gold if n != "001_ca2e58fdd9811671.txt")  # 001 is the raw page with comments
    guesses = infer_published_batch([(seeds_dir / n).read_text() for n in names], today=date(2026, 11, 22))
    for name, guess in zip(names, guesses):
        low, high = (str(d) for d in gold[name]["published"])
        assert guess.date and low <= guess.date <= high, (name, guess)


def test_iso_day_reads_days_and_timestamps_and_nothing_coarser():
    from sitroom.core._days import iso_day

    assert iso_day("2020-12-17") == date(2020, 12, 17)
    assert iso_day("2020-12-17T10:00:00") == date(2020, 12, 17)
    assert iso_day("2015-11-27TMO") == date(2015, 11, 27)
    for coarse in (None, "", "2020-12", "2020", "2020-W51", "yesterday", "2020-02-30"):
        assert iso_day(coarse) is None, coarse


# ------------------------------------------------------------------ date forms of notes and news (brief H1)

NOTE_ANCHOR = date(2019, 10, 15)  # a note uploaded months after most of its events


@pytest.mark.parametrize("text, value, value_end", [
    ("On 20-December-2016, soldiers fired on protesters.", "2016-12-20", None),  # DD-Month-YYYY
    ("Around 10-November-2016, a camp was raided.", "2016-11-10", None),
    ("04 May 2019. A militia attacked the village.", "2019-05-04", None),  # a date heading the note
    ("Clashes on 14 oct left two dead.", "2019-10-14", None),  # lower-case abbreviated month
    ("Rebels struck on Aug 19 near the border.", "2019-08-19", None),
    ("On or about 3 March, gunmen abducted a trader.", "2019-03-03", None),
    ("Fighting over the weekend (May 13-14) killed three.", "2019-05-13", "2019-05-14"),  # a range: its first day
    ("08-11 June. Forces arrested civilians in the town.", "2019-06-08", "2019-06-11"),
    ("Police arrested 40 suspects between 22 to 24 September 2019.", "2019-09-22", "2019-09-24"),
    ("On the night between 30 and 31 October 2018, the army shelled positions.", "2018-10-30", "2018-10-31"),
    ("On 13 and 14 February, militiamen clashed.", "2019-02-13", "2019-02-14"),
    ("The attack happened on either September 26 or 25.", "2019-09-26", None),  # alternatives: the later day
    ("The navy detained 12 fishermen on Monday evening (Sept. 11).", "2017-09-11", None),  # the weekday fixes the year
    ("The army on Sunday [20 August] resumed bombing the forest.", "2017-08-20", None),
])
def test_note_date_forms(text, value, value_end):
    expression = next(e for e in find_time_expressions(text, NOTE_ANCHOR) if e.precision == "day")
    assert (expression.value, expression.value_end) == (value, value_end)


@pytest.mark.parametrize("text", [
    "Officials may 5 times have met.",  # lower-case "may" with a number is not a month
    "He will march 3 miles.",
    "Scores fell 13-14 points.",  # a range of points, not of days
])
def test_ordinary_words_and_ranges_are_not_dates(text):
    assert not [e for e in find_time_expressions(text, NOTE_ANCHOR) if e.precision == "day"]


def test_a_range_that_does_not_rise_is_not_a_range():
    found = find_time_expressions("Between 14-12 May nothing happened.", NOTE_ANCHOR)
    assert all(e.value_end is None for e in found)
