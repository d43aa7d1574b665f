from __future__ import annotations

import numpy as np
import pytest

from sitroom.event_types import (
    PLOVER_BY_SUB_TYPE, SUB_TO_TYPE, EventTypeGuess, apply_escalations, classify_event, classify_events,
    compile_lexicon, cue_scores, decide, model_tokens, protest_model, tfidf_rows,
)
from sitroom.models import EVENT_TYPES


@pytest.mark.parametrize("text, sub_type", [
    ("Rebels and government troops clashed near the town on Monday, leaving five fighters dead.", "Armed clash"),
    ("Warplanes carried out airstrikes on the village, killing four people.", "Air/drone strike"),
    ("A suicide bomber blew himself up at a checkpoint, killing three policemen.", "Suicide bomb"),
    ("The army shelled rebel positions with heavy artillery overnight.", "Shelling/artillery/missile attack"),
    ("Two soldiers died when their vehicle struck a roadside bomb.", "Remote explosive/landmine/IED"),
    ("Unknown attackers threw a hand grenade into a crowded market.", "Grenade"),
    ("Unknown gunmen shot dead a teacher in front of his house.", "Attack"),
    ("Militants kidnapped six aid workers on the highway.", "Abduction/forced disappearance"),
    ("Hundreds of workers staged a peaceful protest demanding higher wages.", "Peaceful protest"),
    ("Police dispersed the protesters with tear gas and detained ten of them.", "Protest with intervention"),
    ("Protesters threw stones at police and set fire to tyres on the main road.", "Violent demonstration"),
    ("An angry mob lynched a man accused of theft of a goat.", "Mob violence"),
    ("The two sides signed a ceasefire agreement in the capital.", "Agreement"),
    ("Security forces defused an IED planted under a bridge.", "Disrupted weapons use"),
    ("Government forces recaptured the town from the militants after a week.", "Government regains territory"),
    ("Soldiers were accused of raping two women in the village.", "Sexual violence"),
])
def test_classify_event_recognises_sub_types(text, sub_type):
    guess = classify_event(text)
    assert guess.sub_type == sub_type
    assert guess.type == SUB_TO_TYPE[sub_type]
    assert 0.0 < guess.confidence <= 1.0


@pytest.mark.parametrize("text", [
    "A magnitude 6.1 earthquake struck the region, destroying hundreds of homes.",
    "The foreign minister held talks with his counterpart during a state visit.",
    "The weather was pleasant and the market reopened as usual.",
])
def test_classify_event_returns_none_for_non_conflict_text(text):
    guess = classify_event(text)
    assert guess.type is None and guess.sub_type is None and guess.plover is None


def test_plover_mapping_covers_every_sub_type_and_uses_plover_events():
    plover_events = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                     "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    all_subs = {sub for subs in EVENT_TYPES.values() for sub in subs}
    assert set(PLOVER_BY_SUB_TYPE) == all_subs
    assert {event for event, _ in PLOVER_BY_SUB_TYPE.values() if event} <= plover_events
    assert classify_event("Thousands of people marched in protest against the new law.").plover == "PROTEST"


def test_batch_equals_single_calls():
    texts = ["Police arrested three suspects.", "Troops clashed with insurgents.", "Nothing happened."]
    assert classify_events(texts) == [classify_event(t) for t in texts]
    assert classify_events([]) == []


def test_escalation_needs_its_base_label():
    escalations = [("Protest with intervention", "Peaceful protest")]
    with_base = apply_escalations({"Protest with intervention": 3.0, "Peaceful protest": 4.0}, escalations)
    without = apply_escalations({"Protest with intervention": 3.0}, escalations)
    assert with_base["Protest with intervention"] == 7.0
    assert without["Protest with intervention"] == 1.5


def test_decide_prefers_no_event_only_when_strictly_higher():
    assert decide({"Armed clash": 3.0, "none:diplomacy": 3.0}).sub_type == "Armed clash"
    guess = decide({"Armed clash": 3.0, "none:disaster": 6.0})
    assert guess == EventTypeGuess(None, None, guess.confidence, no_event_reason="disaster")
    assert decide({"Armed clash": 1.0}).type is None


def test_lexicon_concepts_expand():
    lex = compile_lexicon({"concepts": {"arm": "(?:troops|rebels)"},
                           "labels": {"Armed clash": [[3, r"\b{arm} clashed\b"]]}})
    assert cue_scores("Rebels clashed with police.", lex) == {"Armed clash": 3.0}
    assert cue_scores("Nobody clashed.", lex) == {}


def test_shipped_model_loads_and_matches_sklearn_features():
    from sklearn.feature_extraction.text import TfidfVectorizer

    model = protest_model()
    assert model is not None
    assert set(model.classes) == set(EVENT_TYPES["Protests"] + EVENT_TYPES["Riots"])
    assert model.coef.shape == (len(model.classes), len(model.idf))
    texts = ["students staged a protest", "a mob beat a man", "protest protest march"]
    vec = TfidfVectorizer(analyzer=model_tokens, sublinear_tf=True).fit(texts)
    ours = tfidf_rows(texts, vec.vocabulary_, vec.idf_.astype(np.float32))
    assert np.allclose(ours, vec.transform(texts).toarray(), atol=1e-5)
