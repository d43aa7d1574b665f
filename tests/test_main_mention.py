"""Which sentences make an incident, and which incident is an article's main one."""
from __future__ import annotations

from sitroom.core import Article
from sitroom.core._records import Figure
from sitroom.extract import extract_article, main_mention
from sitroom.extract._incidents import counts_people


def figure(value: float | None, stance: str = "asserted", low: float | None = None) -> Figure:
    return Figure(id="a-f1", article_id="a", kind="killed", party=None, value=value, low=low, high=None,
                  qualifier="exact", text="x", sentence="x", start=0, end=1, stance=stance)


def test_a_zero_or_denied_toll_counts_no_one():
    assert counts_people(figure(3)) and counts_people(figure(None, low=2))
    assert not counts_people(figure(0)) and not counts_people(figure(None))
    assert not counts_people(figure(4, stance="denied"))


def test_an_undated_placeless_follow_up_sentence_stays_with_its_incident():
    body = ("On 16 March 2020, militants attacked the village of Samboali near Nadiagou, burned the primary "
            "school and seized supplies. No casualties reported.")
    extraction = extract_article(Article("a1", "acled", body, published="2020-03-20"))
    main = main_mention(extraction)
    assert len(extraction.mentions) == 1
    assert main.start == 0 and main.sentence.endswith("No casualties reported.")


def test_a_follow_up_with_a_place_of_its_own_is_not_swallowed():
    body = ("On 3 May 2021, gunmen killed two farmers in Kaduna. On 4 May 2021, protesters marched in "
            "Lagos against the killings.")
    extraction = extract_article(Article("a2", "acled", body, published="2021-05-06"))
    assert len(extraction.mentions) == 2
