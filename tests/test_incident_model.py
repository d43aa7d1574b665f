"""The learned incident finder + ACLED typer (``sitroom/extract/_incident_model.py``).

Sentences here are written for the test, not taken from any data set.
"""
from __future__ import annotations

from importlib.resources import files

import numpy as np
import pytest

from sitroom.extract import _incident_model as im

PROTEST = "Police fired tear gas to disperse hundreds of protesters in the capital."
AIR_STRIKE = "An air strike hit a market, killing 12 people."
ECONOMY = "The minister said the economy grew by 3 percent."


@pytest.fixture(scope="module")
def by_text():
    texts = [
        PROTEST, AIR_STRIKE, ECONOMY,
        "Thousands of teachers marched peacefully through the city to demand higher wages.",
        "Gunmen stormed the village overnight and shot dead five farmers.",
        "Soldiers clashed with rebel fighters near the border, leaving several dead on both sides.",
        "A roadside bomb exploded as an army convoy passed, wounding three soldiers.",
        "Armed men abducted two aid workers on the road to the town.",
        "Police arrested 14 opposition activists at their party office.",
        "The new museum will open to visitors next spring after a long renovation.",
        "Shares in the company rose sharply after it reported record quarterly profits.",
    ]
    return dict(zip(texts, im.predict(texts)))


def test_model_ships_as_package_data():
    resource = files("sitroom").joinpath("data", "incident_typer.npz")
    assert resource.is_file()
    with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:
        classes = [str(c) for c in arrays["classes"]]
        assert arrays["coef_q"].dtype == np.int8
        assert arrays["coef_q"].shape == (len(arrays["kept"]), len(classes))
    assert im.NO_INCIDENT in classes
    assert set(classes) - {im.NO_INCIDENT} <= set(im.PARENT)
    assert len(classes) >= 20
    assert im._load() is im._load()  # loaded once per process


def test_protest_sentence(by_text):
    pred = by_text[PROTEST]
    assert pred.incident > 0.5
    assert pred.type in {"Protests", "Riots"}
    assert pred.sub_type in {"Protest with intervention", "Excessive force against protesters",
                             "Violent demonstration"}


def test_air_strike_sentence(by_text):
    pred = by_text[AIR_STRIKE]
    assert pred.incident > 0.5
    assert pred.type == "Explosions/Remote violence"
    assert pred.sub_type == "Air/drone strike"


def test_non_incident_sentences(by_text):
    for text in (ECONOMY, "The new museum will open to visitors next spring after a long renovation.",
                 "Shares in the company rose sharply after it reported record quarterly profits."):
        pred = by_text[text]
        assert pred.incident < 0.5, text
        assert pred.type is None and pred.sub_type is None


@pytest.mark.parametrize("text, family", [
    ("Thousands of teachers marched peacefully through the city to demand higher wages.", "Protests"),
    ("Gunmen stormed the village overnight and shot dead five farmers.", "Violence against civilians"),
    ("Soldiers clashed with rebel fighters near the border, leaving several dead on both sides.", "Battles"),
    ("A roadside bomb exploded as an army convoy passed, wounding three soldiers.",
     "Explosions/Remote violence"),
    ("Armed men abducted two aid workers on the road to the town.", "Violence against civilians"),
    ("Police arrested 14 opposition activists at their party office.", "Strategic developments"),
])
def test_event_families(by_text, text, family):
    pred = by_text[text]
    assert pred.incident > 0.5
    assert pred.type == family


def test_probabilities_are_consistent(by_text):
    for pred in by_text.values():
        assert 0.0 <= pred.incident <= 1.0
        assert 0.0 < pred.probability <= 1.0
        assert len(pred.alternatives) == 3
        values = [p for _, p in pred.alternatives]
        assert values == sorted(values, reverse=True)
        assert sum(values) <= 1.0 + 1e-6
        assert pred.alternatives[0][1] >= pred.probability
        assert pred.probability <= pred.type_probability <= 1.0 + 1e-6
        assert all(name in im.PARENT for name, _ in pred.alternatives)
        if pred.sub_type is not None:
            assert pred.type == im.PARENT[pred.sub_type]


@pytest.mark.parametrize("sub_probs, expected", [
    # one sub-type clearly ahead: its parent and itself
    ({"Armed clash": 0.7, "Attack": 0.2, "Grenade": 0.1}, ("Battles", "Armed clash")),
    # several sub-types of one type together outweigh the single likeliest sub-type
    ({"Armed clash": 0.34, "Grenade": 0.24, "Shelling/artillery/missile attack": 0.21,
      "Air/drone strike": 0.21}, ("Explosions/Remote violence", "Grenade")),
    ({"Peaceful protest": 0.3, "Protest with intervention": 0.25, "Violent demonstration": 0.45},
     ("Protests", "Peaceful protest")),
])
def test_likeliest_type_sums_sub_types(sub_probs, expected):
    subs = sorted(im.PARENT)
    row = np.array([[sub_probs.get(s, 0.0) for s in subs]])
    types, type_probs, within = im.likeliest_types(row, subs)
    assert (types[0], subs[within[0]]) == expected
    assert type_probs[0] == pytest.approx(sum(p for s, p in sub_probs.items() if im.PARENT[s] == types[0]))


def test_full_distribution_sums_to_one():
    probs = im.probabilities([PROTEST, ECONOMY, ""])
    assert probs.shape[0] == 3
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert (probs >= 0).all()


def test_batch_equals_single():
    batch = im.predict([AIR_STRIKE, PROTEST])
    assert im.predict([PROTEST])[0] == batch[1]
    assert im.predict([]) == []


def test_masking_strips_acled_formatting_and_names():
    text = "On 3 January 2022, 12 soldiers were killed when rebels attacked Kidal. [size=no report]"
    out = im.masked(text)
    assert "january" not in out and "2022" not in out and "size" not in out
    assert out.startswith("0 soldiers were killed")
    assert "kidal" not in out and "_xx_" in out
    assert im.masked("Fatalities coded as 3 (reported). Rebels attacked the town.") == \
        "rebels attacked the town ."
    assert im.masked("A VBIED exploded in Mogadishu.", mode="shape") == "a vbied exploded in _xx_ ."
    assert im.masked("A VBIED exploded in Mogadishu.", mode="none") == "a vbied exploded in mogadishu ."


def test_features_are_normalised_and_deterministic():
    ptr, idx, data = im.featurise([PROTEST, ""], 2 ** 20)
    assert ptr.tolist()[0] == 0 and ptr[2] == ptr[1]  # the empty text has no features
    assert np.sum(data[ptr[0]:ptr[1]] ** 2) == pytest.approx(1.0, rel=1e-5)
    again = im.featurise([PROTEST], 2 ** 20)
    assert np.array_equal(idx[ptr[0]:ptr[1]], again[1])
    assert (idx < 2 ** 20).all()


def test_place_mask_keeps_actors_and_hides_places():
    text = "On 3 May 2022, Taliban fighters attacked a Police post in Giro district of Ghazni."
    assert im.masked(text, mode="place") == \
        "taliban fighters attacked a police post in _xx_ district of _xx_ ."
    assert im.masked("Clashes near Gao Town left 3 dead.", mode="place") == \
        "clashes near _xx_ left 0 dead ."


def test_tfidf_and_char_features():
    idf = np.linspace(1.0, 5.0, 2 ** 20).astype(np.float32)
    ptr, idx, data = im.featurise([PROTEST, ""], 2 ** 20, "place", idf=idf)
    assert np.sum(data[ptr[0]:ptr[1]] ** 2) == pytest.approx(1.0, rel=1e-5)
    assert len(set(np.round(data, 6))) > 1  # weights vary with the IDF
    c_ptr, c_idx, _ = im.featurise([PROTEST], 2 ** 20, "place", chars=(3, 5))
    assert c_ptr[1] > ptr[1] and (c_idx < 2 ** 20).all()
    assert np.array_equal(c_idx, im.featurise([PROTEST], 2 ** 20, "place", chars=(3, 5))[1])


def test_shipped_weighting_matches_file():
    with files("sitroom").joinpath("data", "incident_typer.npz").open("rb") as handle, \
            np.load(handle, allow_pickle=False) as arrays:
        n_features = int(arrays["n_features"])
        if "idf_q" in arrays:
            assert arrays["idf_q"].dtype == np.uint8 and arrays["idf_q"].shape == (n_features,)
            assert im._load().idf is not None and im._load().idf.min() >= 1.0 - 1e-3
    assert str(im._load().mode).split("+")[0] in im.MASK_MODES
