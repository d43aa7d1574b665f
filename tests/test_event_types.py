from __future__ import annotations

import numpy as np
import pytest
import yaml

from sitroom.core._records import EVENT_TYPES
from sitroom.extract._event_types import (
    PLOVER_BY_SUB_TYPE,
    SUB_TO_TYPE,
    EventTypeGuess,
    apply_escalations,
    classify_event,
    classify_events,
    compile_lexicon,
    cue_scores,
    decide,
    model_tokens,
    protest_model,
    tfidf_rows,
)


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


# ---------------------------------------------------------------- integration fixes
# Sentences written for these tests, from several conflicts.

@pytest.mark.parametrize("text", [
    "Ukraine and Russia swapped 90 prisoners of war on Tuesday, the Ukrainian ombudsman said.",
    "The first exchange of prisoners between the warring parties in Yemen took place at Sanaa airport.",
    "Some 150 POWs were flown to Addis Ababa on a Red Cross plane.",
    "Hamas released 13 hostages in exchange for 39 Palestinian prisoners.",
    "The army handed over all of its rebel prisoners in an all-for-all exchange.",
    "The junta released 20 detainees in a swap with the Arakan Army.",
])
def test_prisoner_exchanges_are_agreements(text):
    guess = classify_event(text)
    assert (guess.type, guess.sub_type) == ("Strategic developments", "Agreement")


@pytest.mark.parametrize("text", [
    "The government refused to hand over the prisoners of war it still holds.",
    "Families urged the authorities to release the detainees.",
])
def test_refused_or_demanded_releases_are_not_agreements(text):
    assert classify_event(text).sub_type != "Agreement"


@pytest.mark.parametrize("text", [
    "Both sides accused each other of a ceasefire violation near Avdiivka.",
    "The Sudanese army said the RSF violated the truce in Khartoum.",
    "There was a breach of the ceasefire overnight in southern Lebanon.",
    "The truce brokered in Jeddah last month has not been observed.",
])
def test_ceasefire_violation_alone_is_no_event(text):
    guess = classify_event(text)
    assert guess.type is None


def test_ceasefire_violation_with_a_clash_is_a_battle():
    guess = classify_event("Government troops clashed with Houthi fighters in violation of the truce near Marib.")
    assert (guess.type, guess.sub_type) == ("Battles", "Armed clash")


@pytest.mark.parametrize("text", [
    "Both parties signed a ceasefire in Doha on Friday.",
    "A 72-hour truce took effect at midnight in Khartoum.",
    "The rebels declared a unilateral ceasefire over the holidays.",
])
def test_agreements_made_are_still_agreements(text):
    assert classify_event(text).sub_type == "Agreement"


@pytest.mark.parametrize("text, sub_type", [
    ("At least 40 soldiers have been killed since the March ceasefire, officials said.", "Armed clash"),
    ("Two Ukrainian servicemen were wounded after the truce came into force.", "Armed clash"),
    ("Five soldiers were killed by artillery shelling since the ceasefire began.",
     "Shelling/artillery/missile attack"),
    ("Three troops died in drone strikes despite the peace agreement.", "Air/drone strike"),
])
def test_casualties_outweigh_a_ceasefire_named_as_time_reference(text, sub_type):
    assert classify_event(text).sub_type == sub_type


@pytest.mark.parametrize("text", [
    "The defence ministry released a new map of the front line.",
    "Human Rights Watch published a report on the siege.",
    "The rebels released a statement on Sunday.",
    "The army released footage of the strike, demonstrating its precision.",
    "Troops lifted the blockade of the city after three months.",
])
def test_releases_and_publications_are_not_protests(text):
    guess = classify_event(text)
    assert guess.type not in ("Protests", "Riots")
    assert guess.sub_type != "Agreement"


@pytest.mark.parametrize("text, allowed", [
    ("Relatives of missing soldiers broke into the parliament building in Kyiv.",
     {"Protest with intervention", "Violent demonstration"}),
    ("Protesters stormed the governor's office in Khartoum.", {"Protest with intervention", "Violent demonstration"}),
    ("The opposition called for a nationwide strike at a protest in Dhaka.", {"Peaceful protest"}),
])
def test_protest_escalations(text, allowed):
    assert classify_event(text).sub_type in allowed


def test_armed_men_storming_a_building_is_not_a_riot():
    guess = classify_event("Armed men stormed the building and took its guards hostage.")
    assert guess.type not in ("Protests", "Riots")


@pytest.mark.parametrize("text, sub_type", [
    ("Azerbaijani forces shelled Armenian border posts overnight.", "Shelling/artillery/missile attack"),
    ("The enemy used artillery and combat drones against our positions.", "Shelling/artillery/missile attack"),
    ("Smerch multiple rocket launchers hit the village near Stepanakert.", "Shelling/artillery/missile attack"),
    ("HIMARS struck a Russian ammunition depot in Kherson.", "Shelling/artillery/missile attack"),
    ("A Bayraktar drone struck a convoy on the Tigray road.", "Air/drone strike"),
])
def test_remote_violence_wording(text, sub_type):
    guess = classify_event(text)
    assert (guess.type, guess.sub_type) == ("Explosions/Remote violence", sub_type)


def test_counter_evidence_families_and_requirements():
    lex = compile_lexicon({
        "families": {"Swap": "Agreement"},
        "requires": {"Peaceful protest": r"\bprotest"},
        "labels": {
            "Agreement": [[2, r"\bceasefire\b"], [-8, r"\bsince the ceasefire\b"]],
            "Swap": [[5, r"\bswap\b"]],
            "Peaceful protest": [[2, r"\bdemand"]],
        },
    })
    assert cue_scores("Killed since the ceasefire.", lex) == {}
    assert cue_scores("A swap since the ceasefire.", lex) == {"Agreement": 5.0}
    assert cue_scores("A ceasefire and a swap.", lex) == {"Agreement": 7.0}
    assert cue_scores("They demand a protest.", lex) == {"Peaceful protest": 2.0}
    assert cue_scores("They demand more.", lex) == {}


def test_an_escalation_is_not_less_confident_than_its_base_alone():
    escalations = [("Violent demonstration", "Peaceful protest")]
    riot = decide({"Violent demonstration": 9.0, "Peaceful protest": 4.0}, escalations)
    protest = decide({"Peaceful protest": 4.0})
    assert riot.sub_type == "Violent demonstration"
    assert riot.confidence > protest.confidence
    rival = decide({"Violent demonstration": 9.0, "Armed clash": 8.0}, escalations)
    assert rival.confidence < riot.confidence


# ---------------------------------------------------------------- codebook coverage beyond the seeds
# Sentences written for these tests (no dataset text), from many conflicts, in several verb forms.

@pytest.mark.parametrize("text, sub_type", [
    # Battles: territory changes hands by force; who takes it decides the sub-type
    ("Malian troops recaptured the town of Boni from jihadists on Sunday.", "Government regains territory"),
    ("The Sudanese army retakes the Omdurman radio station after weeks of fighting.", "Government regains territory"),
    ("Colombian soldiers regained control of the village, driving out ELN guerrillas.", "Government regains territory"),
    ("The town of Kupiansk was liberated by Ukrainian forces last autumn.", "Government regains territory"),
    ("JNIM fighters overran an army outpost near Djibo.", "Non-state actor overtakes territory"),
    ("The district headquarters fell to the Taliban after two days of fighting.", "Non-state actor overtakes territory"),
    ("M23 rebels seized the town of Bunagana on the Ugandan border.", "Non-state actor overtakes territory"),
    ("Houthi fighters captured a government base in Marib province.", "Non-state actor overtakes territory"),
    # Explosions/Remote violence
    ("A chlorine gas attack on Douma left dozens of people choking.", "Chemical weapon"),
    ("Rockets loaded with toxic gas were fired at the village, residents said.", "Chemical weapon"),
    ("A suicide car bomber rammed a military convoy in Mogadishu.", "Suicide bomb"),
    # Violence against civilians
    ("Gunmen abducted 30 schoolchildren from a boarding school in Zamfara.", "Abduction/forced disappearance"),
    ("Three journalists were taken hostage by militiamen in Cabo Delgado.", "Abduction/forced disappearance"),
    ("Soldiers gang-raped women in a village in Tigray, survivors told investigators.", "Sexual violence"),
    ("Militiamen sexually assaulted displaced women at a camp near El Geneina.", "Sexual violence"),
])
def test_battle_remote_and_civilian_sub_types(text, sub_type):
    assert classify_event(text).sub_type == sub_type


@pytest.mark.parametrize("text, sub_type", [
    # intervention: dispersal without serious injury
    ("Police lathi-charged farmers protesting against the new laws in Haryana.", "Protest with intervention"),
    ("Riot police fired tear gas and water cannon to disperse the demonstrators in Nairobi.",
     "Protest with intervention"),
    ("Officers detained forty protesters at the rally in Minsk.", "Protest with intervention"),
    # excessive force: lethal or serious violence against a peaceful protest
    ("Security forces opened fire on demonstrators in Mandalay, killing seven.", "Excessive force against protesters"),
    ("Soldiers shot dead three people at a peaceful protest in Khartoum.", "Excessive force against protesters"),
    # violent demonstration: the demonstrators fight or destroy; precedence over any intervention
    ("Protesters hurled stones at police, who responded with tear gas, in Srinagar.", "Violent demonstration"),
    ("Demonstrators torched a police station and blocked the highway with burning tyres in Lagos.",
     "Violent demonstration"),
    ("Protesters clashed with police outside parliament in Tbilisi.", "Violent demonstration"),
    # mob violence: an unorganised crowd or rival groups attacking people
    ("A mob beat to death a man suspected of cattle theft in Jharkhand.", "Mob violence"),
    ("Supporters of two rival parties clashed over a land dispute, injuring ten.", "Mob violence"),
])
def test_protest_and_riot_sub_types_follow_the_codebook(text, sub_type):
    assert classify_event(text).sub_type == sub_type


@pytest.mark.parametrize("text", [
    "Hundreds protested in Bamako against the killing of two students last week.",
    "Women marched through Quetta demanding justice for the murder of a local activist.",
])
def test_a_protest_about_a_killing_is_still_peaceful(text):
    assert classify_event(text).sub_type == "Peaceful protest"


@pytest.mark.parametrize("text, sub_type", [
    ("Some 200 FARC dissidents surrendered to the army in Cauca.", "Agreement"),
    ("The fighters laid down their weapons under an evacuation deal for Daraa.", "Agreement"),
    ("Army engineers defused a roadside bomb on the Kabul-Jalalabad highway.", "Disrupted weapons use"),
    ("Air defences shoot down two drones over Belgorod.", "Disrupted weapons use"),
    ("Police seize a large cache of weapons and ammunition in Sinaloa.", "Disrupted weapons use"),
    ("The bomb exploded prematurely while the militants were assembling it.", "Disrupted weapons use"),
    ("Wagner mercenaries set up a new base near the airport in Timbuktu.", "Headquarters or base established"),
    ("The militia established its headquarters in a former school in Beni.", "Headquarters or base established"),
    ("Fighters looted shops and burned dozens of houses in the village.", "Looting/property destruction"),
    ("Herders stole hundreds of cattle from farmers in Plateau state.", "Looting/property destruction"),
    ("Dozens of homes were torched in the night in a village in Manipur.", "Looting/property destruction"),
    ("Two splinter factions merged to form a new armed group in North Kivu.", "Change to group/activity"),
    ("The junta imposed a curfew across Niamey.", "Change to group/activity"),
    ("The army withdrew from the town and handed control to local militias without a fight.",
     "Non-violent transfer of territory"),
    ("The military seized power in a coup in Ouagadougou.", "Other"),
    ("Investigators discovered a mass grave near Izium.", "Other"),
    ("Thousands of civilians fled their homes as fighting approached Goma.", "Other"),
])
def test_strategic_developments(text, sub_type):
    assert classify_event(text).sub_type == sub_type


@pytest.mark.parametrize("text", [
    "A gas cylinder explosion at a restaurant killed four people in Karachi.",
    "A chlorine leak at a water treatment plant sent 30 workers to hospital.",
    "Fire broke out at a fireworks factory, killing eleven workers.",
])
def test_industrial_accidents_are_no_conflict_event(text):
    assert classify_event(text).type is None


@pytest.mark.parametrize("text, sub_type", [
    ("Warplanes struck the town, destroying dozens of homes.", "Air/drone strike"),
    ("Artillery shells hit the market and destroyed several shops.", "Shelling/artillery/missile attack"),
])
def test_property_destroyed_by_other_violence_belongs_to_that_violence(text, sub_type):
    assert classify_event(text).sub_type == sub_type


def test_precedence_needs_strong_evidence_for_the_winner():
    from sitroom.extract._event_types import apply_precedence

    rules = [("Violent demonstration", "Protest with intervention")]
    strong = apply_precedence({"Violent demonstration": 6.0, "Protest with intervention": 8.0}, rules)
    weak = apply_precedence({"Violent demonstration": 2.0, "Protest with intervention": 8.0}, rules)
    assert strong["Violent demonstration"] > strong["Protest with intervention"]
    assert weak["Violent demonstration"] < weak["Protest with intervention"]


def test_a_weak_escalation_cue_alone_does_not_escalate():
    escalations = [("Protest with intervention", "Peaceful protest")]
    scores = apply_escalations({"Protest with intervention": 1.0, "Peaceful protest": 4.0}, escalations)
    assert "Protest with intervention" not in scores and scores["Peaceful protest"] == 4.0


def test_context_cues_count_only_with_their_requirement():
    lex = compile_lexicon({
        "families": {"Deaths at a protest": "Excessive force against protesters"},
        "requires": {"Deaths at a protest": r"\bprotest"},
        "labels": {"Deaths at a protest": [[3, r"\bkilled\b"]]},
    })
    assert cue_scores("Two protesters were killed.", lex) == {"Excessive force against protesters": 3.0}
    assert cue_scores("Two soldiers were killed.", lex) == {}


def test_lexicon_file_has_no_duplicate_keys():
    """YAML silently keeps the last of two equal keys; a duplicate would drop cues or rules."""
    from importlib import resources

    class UniqueKeyLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        assert not duplicates, f"duplicate keys in event_lexicon.yaml: {duplicates}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    text = resources.files("sitroom").joinpath("data", "event_lexicon.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=UniqueKeyLoader)
    labels = set(raw["labels"])
    known = set(SUB_TO_TYPE) | set(raw.get("families") or {})
    assert {label for label in labels if not label.startswith("none:")} <= known
    for label, others in raw["precedence"].items():
        assert {label, *others} <= set(SUB_TO_TYPE)


# ---------------------------------------------------------------- last round: actors, handovers, coverage

@pytest.mark.parametrize("text, sub_type", [
    # the actor, not the "re-" prefix, decides who took a place
    ("Rebel fighters recaptured the border town on Tuesday after two days of fighting.",
     "Non-state actor overtakes territory"),
    ("The district centre was retaken by insurgents overnight.", "Non-state actor overtakes territory"),
    ("The army retook the town from the insurgents.", "Government regains territory"),
    # a place changing hands after a withdrawal, without a fight, is a non-violent transfer
    ("The militia took control of the town without a fight after government troops withdrew from it.",
     "Non-violent transfer of territory"),
    ("Soldiers at the northern barracks staged a mutiny over unpaid wages.", "Other"),
    ("Unidentified assailants shot a shopkeeper outside his store.", "Attack"),
    ("Protesters manhandled officials and broke the windows of the district office.", "Violent demonstration"),
])
def test_last_round_sub_types(text, sub_type):
    assert classify_event(text).sub_type == sub_type


def test_industrial_explosion_is_no_conflict_event():
    guess = classify_event("Five workers died when a brick kiln exploded in the village.")
    assert (guess.type, guess.no_event_reason) == (None, "disaster")
