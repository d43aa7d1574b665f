from __future__ import annotations

from datetime import date

import pytest

from sitroom.evaluation.acled import (
    accuracy,
    acled_date,
    anchor_date,
    haversine_km,
    load_rows,
    macro_f1,
    note_event,
    score,
    strip_coding_remarks,
    within_km,
)


@pytest.mark.parametrize("note, expected", [
    ("On 3 May 2021, 4 militia members and 3 militants were killed in clashes near the town.", 7),
    ("On 3 May 2021, 12 militants including 2 commanders were killed and 5 were wounded.", 12),
    ("On 3 May 2021, gunmen killed 2 farmers in the village.", 2),
    ("On 3 May 2021, 2 soldiers were wounded in an ambush.", 0),
    ("On 3 May 2021, at least 5-7 policemen were killed at a check point.", 5),
    ("On 3 May 2021, a policeman was shot and killed by militants.", 1),
    # an armed group's own outlet or spokespeople are not coded alone ...
    ("On 3 May 2021, 3 soldiers were killed in an attack. (Rebel sources reported 3 fatalities).", 0),
    ("On 3 May 2021, 2 soldiers were killed in an ambush in Maywand district. (VoJ reported 2).", 0),
    ("On 3 May 2021, Taliban sources said 6 soldiers were killed at the base.", 0),
    # ... unless another source also reports it
    ("On 3 May 2021, 1 soldier was killed in an attack. (VoJ also reported 1 fatality).", 1),
    ("On 3 May 2021, local sources said 30 militants and 2 soldiers were killed. VoJ said 8 soldiers were killed.", 32),
])
def test_a_note_read_by_sitroom_gets_acled_coded_fatalities(note, expected):
    event = note_event(note, date(2021, 5, 5))
    assert ((event.fatalities_best or 0) if event else 0) == expected


def test_coding_remarks_are_cut_but_attribution_stays():
    note = "On 3 May 2021, 1 soldier was killed. Fatalities coded as 0 (VoJ reported 1 fatality)."
    stripped = strip_coding_remarks(note)
    assert "coded" not in stripped and "(VoJ reported 1 fatality)" in stripped


@pytest.mark.parametrize("note, kept", [
    ("Russian forces clashed with Ukrainian forces near Dibrova. [Russian MoD reported 200 fatalities. Coded as 10 "
     "5 fatalities coded to this event].", "Russian forces clashed with Ukrainian forces near Dibrova. ."),
    ("16 soldiers were killed in fighting (fatalities spread across 5 events). Several fighters were captured.",
     "16 soldiers were killed in fighting . Several fighters were captured."),
    ("32 people were killed. 20 fatalities coded in two separate VAC events in January.", "32 people were killed."),
])
def test_coding_asides_and_sentences_are_cut(note, kept):
    assert strip_coding_remarks(note) == kept


def test_metrics_perfect_and_empty():
    assert accuracy([(1, 1), (2, 2)]) == 1.0 and accuracy([]) == 0.0
    assert macro_f1(["A", "B"], ["A", "B"]) == 1.0 and macro_f1(["A", "B"], []) == 0.0
    point = (34.5, 69.2)
    assert within_km([point], [point], 25) == 1.0 and within_km([point], [None], 25) == 0.0


def test_geography_and_dates():
    assert haversine_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.19, abs=0.1)
    assert acled_date("21 March 2020") == "2020-03-21"
    assert acled_date("not a date") is None


def test_a_note_event_is_dated_and_placed_by_its_incident():
    event = note_event("On 3 May 2021, 2 soldiers were killed in Dawlat Abad district, Balkh. Clashes went on in Kabul.",
                       date(2021, 5, 5))
    assert event.date == "2021-05-03" and event.admin1 == "Balkh" and event.fatalities_best == 2
    assert note_event("Officials met to discuss the budget.", date(2021, 5, 5)) is None


@pytest.mark.slow  # runs the whole extraction on 40 notes
def test_score_on_reference_sample(shared):
    result = score(limit=40)
    assert result.n == 40
    assert set(result.metrics) >= {"event_type_accuracy", "sub_event_type_macro_f1", "fatalities_accuracy",
                           "fatalities_nonzero_accuracy", "date_accuracy", "location_25km", "no_event"}
    assert result.metrics["event_type_accuracy"] > 0.5


@pytest.mark.parametrize("written, iso", [("21 March 2020", "2020-03-21"), ("2020-03-21", "2020-03-21"),
                                          ("21-Mar-20", "2020-03-21"), ("3 Jan 2022", "2022-01-03"),
                                          ("sometime", None)])
def test_acled_dates_as_real_exports_write_them(written, iso):
    assert acled_date(written) == iso


def test_a_float_upload_timestamp_anchors_the_note():
    assert anchor_date({"timestamp": "1652192378.0"}) == date(2022, 5, 10)
    assert anchor_date({"timestamp": ""}) is None


def test_rows_cut_short_are_skipped_with_one_line_each(tmp_path, capsys):
    header = "event_date,event_type,sub_event_type,notes,fatalities,latitude,longitude,timestamp"
    good = '2020-03-21,Battles,Armed clash,"On 21 March 2020, troops clashed with rebels.",0,34.5,69.2,1584748800'
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, good, "21-Mar-20,Battles,Armed clash", good.replace("0,34.5", "x,34.5"), good]))
    rows = load_rows(path)
    assert len(rows) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert "row 3 skipped: cut short" in lines[0] and str(path) in lines[0]
    assert "row 4 skipped: unreadable number" in lines[1]


def test_a_gzipped_export_reads_like_the_plain_one(tmp_path):
    import gzip

    header = "event_date,event_type,sub_event_type,notes,fatalities,latitude,longitude,timestamp"
    good = '21 March 2020,Battles,Armed clash,"On 21 March 2020, troops clashed with rebels.",2,34.5,69.2,1584748800'
    plain, packed = tmp_path / "export.csv", tmp_path / "export.csv.gz"
    plain.write_text(f"{header}\n{good}\n", encoding="utf-8")
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert load_rows(packed) == load_rows(plain) and load_rows(packed)[0]["fatalities"] == "2"
