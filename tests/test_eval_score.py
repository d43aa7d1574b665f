"""The Score record scorers return, and how the runner prints it (table, markdown, --json)."""
from __future__ import annotations

from sitroom.evaluation.runner import markdown, shown_rows
from sitroom.evaluation.score import Score


def test_the_flat_form_is_metrics_then_n_then_counts():
    score = Score(metrics={"bcubed_precision": 0.5, "killed_accuracy": 1}, n=3, counts={"n_incidents": 2})
    assert list(score.as_dict().items()) == [("bcubed_precision", 0.5), ("killed_accuracy", 1), ("n", 3),
                                             ("n_incidents", 2)]
    assert Score.failure("no data").as_dict() == {"n": 0}


def test_markdown_shows_every_number_but_n_and_a_line_per_error():
    results = {"gva": Score(metrics={"bcubed_precision": 0.5, "killed_accuracy": 1}, n=3,
                            counts={"n_incidents": 2}),
               "dates": Score.failure("no data")}
    assert shown_rows(results["gva"]) == [("bcubed_precision", "0.500"), ("killed_accuracy", "1"),
                                          ("n_incidents", "2")]
    assert markdown(results).splitlines()[2:] == [
        "| gva | bcubed_precision | 0.500 | 3 |", "| gva | killed_accuracy | 1 | 3 |",
        "| gva | n_incidents | 2 | 3 |", "| dates | error | no data | 0 |"]
