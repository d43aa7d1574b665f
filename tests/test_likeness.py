"""What whole articles tell fusion: page chrome, likeness of wording, rare people's names."""
from __future__ import annotations

from dataclasses import replace

from builders import body_article, filler_articles, news_padding
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.core._records import Article
from sitroom.fuse._likeness import full_names


def test_full_names_need_the_surname_used_alone():
    text = ("Julian Bryant, 22, died Wednesday night, police said. Bryant was among a group in Los Angeles. "
            "Los Angeles police said Sports Prosecutors have the case; the prosecutors and sports desk agree.")
    assert full_names(text) == frozenset({"julian bryant"})


def test_body_likeness_finds_articles_sharing_rare_words():
    from sitroom.fuse._likeness import body_likeness

    a = body_article("s1", "Kejohn Carroll was shot on Spain Street near Tara High. Carroll died. " + news_padding(1),
                     "2015-12-04")
    b = body_article("s2", "Police said Kejohn Carroll, a Tara High student, died on Spain Street. " + news_padding(2),
                     "2015-12-05")
    c = body_article("s3", "A warehouse fire in Duluth destroyed pallets overnight. " + news_padding(3), "2015-12-05")
    alike = body_likeness([a, b, c, *filler_articles(30)])
    assert alike["s1"]["s2"] == alike["s2"]["s1"] > 0.3
    assert "s3" not in alike.get("s1", {})


def test_two_short_notes_are_not_alike_by_their_template():
    """Two one-line notes of one template share their few rare words (a group, a kind of place) by
    chance; a short brief and a full article of one incident still are alike."""
    from sitroom.fuse._likeness import body_likeness

    note_1 = body_article("n1", "Presumed JNIM militants assassinated a councilor in the village of Gouba.", "2019-06-04")
    note_2 = body_article("n2", "Presumed JNIM militants abducted two men in the village of Pampama.", "2019-06-04")
    brief = body_article("b1", "Kejohn Carroll, a Tara High student, died on Spain Street.", "2015-12-05")
    full = body_article("f1", "Kejohn Carroll was shot on Spain Street near Tara High. Carroll died. " + news_padding(4),
                        "2015-12-04")
    alike = body_likeness([note_1, note_2, brief, full, *filler_articles(30)])
    assert "n2" not in alike.get("n1", {})
    assert alike["b1"]["f1"] > 0.2


CHROME = "Get email notifications on Dana Brewer daily!\nPlease enable JavaScript to watch this video"


def chrome_article(aid: str, story: str, clicks: int = 1) -> Article:
    return body_article(aid, f"{story}\n{clicks} of 3 Premium Clicks used this month\n{CHROME}", "2015-12-05")


def test_page_chrome_is_what_recurs_in_several_sources():
    from sitroom.fuse._likeness import chrome_key, page_chrome, without_chrome

    towns = ["Duluth", "Tara", "Canal"]
    arts = [chrome_article(f"c{k}", f"A story about {town}.", clicks=k) for k, town in enumerate(towns)]
    chrome = page_chrome(arts)
    assert chrome_key("2 of 3 Premium Clicks used this month") in chrome  # numbers ignored
    assert chrome_key("  please ENABLE javascript to watch this video ") in chrome
    assert not any("story" in key for key in chrome)
    assert without_chrome(arts[1].body, chrome) == "A story about Tara."
    assert page_chrome(arts[:2]) == frozenset()  # two sources are not enough
    copies = [replace(arts[0], id=f"d{k}", duplicate_of="c0") for k in range(3)]
    assert page_chrome([arts[0], *copies]) == frozenset()  # duplicates count as their original


def test_page_chrome_names_neither_people_nor_likeness():
    from sitroom.fuse._likeness import body_likeness, rare_people

    stories = ["A warehouse fire in Duluth destroyed pallets.", "Kejohn Carroll was shot on Spain Street.",
               "A quiet parade on Canal Street drew families."]
    arts = [chrome_article(f"c{k}", story) for k, story in enumerate(stories)] + filler_articles(30)
    assert all("dana brewer" not in names for names in rare_people(arts).values())
    assert "c1" not in body_likeness(arts).get("c0", {})  # alike only through the page furniture


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(4)))
def test_page_chrome_does_not_depend_on_article_order(order):
    from sitroom.fuse._likeness import page_chrome

    arts = [chrome_article(f"c{k}", f"Story {k}.") for k in range(4)]
    assert page_chrome([arts[k] for k in order]) == page_chrome(arts)
