"""GVA fusion scorer: B-cubed and killed accuracy as pure functions, then a short run."""
from __future__ import annotations

import json

import pytest

from sitroom.evaluation.gva import bcubed, killed_accuracy, load, majority, score


def test_bcubed_perfect_clustering_scores_one():
    assert bcubed(["x", "x", "y"], ["i1", "i1", "i2"]) == (1.0, 1.0, 1.0)


def test_bcubed_labels_are_only_names():
    assert bcubed([7, 7, 3], ["i1", "i1", "i2"]) == (1.0, 1.0, 1.0)


def test_bcubed_all_singletons_have_full_precision_and_low_recall():
    precision, recall, f1 = bcubed(["a", "b", "c", "d"], ["i1", "i1", "i1", "i2"])
    assert precision == 1.0
    assert recall == pytest.approx((1 / 3 * 3 + 1) / 4)
    assert f1 == pytest.approx(2 * recall / (1 + recall))


def test_bcubed_one_big_cluster_has_full_recall_and_low_precision():
    precision, recall, _ = bcubed(["e"] * 4, ["i1", "i1", "i2", "i3"])
    assert recall == 1.0
    assert precision == pytest.approx((2 / 4 * 2 + 1 / 4 + 1 / 4) / 4)


def test_bcubed_empty_answer_scores_zero():
    assert bcubed([], []) == (0.0, 0.0, 0.0)
    assert bcubed(["a"], ["i1", "i2"]) == (0.0, 0.0, 0.0)


def test_killed_accuracy_uses_the_majority_event_and_counts_missing_as_zero():
    incidents = {"i1": 2, "i2": 0, "i3": 1}
    events = {"i1": ["e1", "e1", "e2"], "i2": ["e3"], "i3": []}
    killed = {"e1": 2, "e2": 5, "e3": None}
    assert killed_accuracy(incidents, events, killed) == pytest.approx(2 / 3)
    assert killed_accuracy({}, {}, {}) == 0.0
    assert killed_accuracy(incidents, {k: [] for k in incidents}, {}) == pytest.approx(1 / 3)


def test_majority_breaks_ties_by_name():
    assert majority(["b", "a", "b", "a"]) == "a"
    assert majority([]) is None


def write_folder(folder, incidents, articles):
    (folder / "incidents.jsonl").write_text("\n".join(json.dumps(i) for i in incidents), encoding="utf-8")
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")


def test_score_on_a_folder_of_that_layout(tmp_path):
    incidents = [{"incident_id": "1", "date": "2016-03-05", "num_killed": 2, "num_injured": 1},
                 {"incident_id": "2", "date": "2016-03-09", "num_killed": 0, "num_injured": 1}]
    articles = [
        {"incident_id": "1", "article_id": "x1", "title": "Two killed in Dayton shooting", "dct": "2016-03-06",
         "content": "Two men were shot dead and a woman was wounded in Dayton, Ohio, on Saturday night, police said."},
        {"incident_id": "1", "article_id": "x2", "title": "Dayton shooting leaves two dead", "dct": "2016-03-06",
         "content": "Police in Dayton, Ohio, said two men were killed and one woman injured in a shooting on Saturday."},
        {"incident_id": "2", "article_id": "x3", "title": "Man wounded in Tulsa", "dct": "2016-03-10",
         "content": "A man was shot and wounded in Tulsa, Oklahoma, on Wednesday, police said."},
    ]
    write_folder(tmp_path, incidents, articles)
    _, rows = load(tmp_path, limit=1)
    assert [r.article_id for r in rows] == ["x1", "x2"]
    result = score(tmp_path)
    assert result.n == 3 and result.counts["n_incidents"] == 2
    for key in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "killed_accuracy"):
        assert 0.0 <= result.metrics[key] <= 1.0
    assert result.metrics["bcubed_precision"] == 1.0  # the Tulsa article never joins the Dayton incident


def test_score_on_the_reference_data_with_a_limit(shared):
    if not (shared / "data" / "dev" / "gva" / "incidents.jsonl").exists():
        pytest.skip("no GVA reference data")
    result = score(limit=15)
    assert result.counts["n_incidents"] == 15
    assert result.n >= 15
    assert result.metrics["bcubed_precision"] >= 0.8
    assert result.metrics["bcubed_f1"] > 0.5
