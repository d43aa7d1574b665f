from __future__ import annotations

from sitroom.clean._boilerplate import article_id_for
from sitroom.clean._dedup import containment, link_duplicates, shingles
from sitroom.core._records import Article

STORY = ("Azerbaijani forces shelled the village overnight and three soldiers were wounded, the defence ministry "
         "said on Monday. Residents fled to the regional capital as the shelling continued into the morning, "
         "and local officials asked for an independent investigation of the attack on the school building.")


def make(source: str, body: str, **kw) -> Article:
    return Article(id=article_id_for(body), source=source, body=body, **kw)


def test_containment_sees_a_copy_inside_a_longer_page():
    comments = " ".join(f"Reader comment number {i} says something different about politics." for i in range(40))
    a, b = shingles(STORY), shingles(STORY + " " + comments)
    assert containment(a, b) > 0.95
    assert len(a & b) / len(a | b) < 0.5  # Jaccard alone would miss it


def test_near_duplicate_linked_to_best_copy_which_takes_missing_metadata():
    clean = make("rss.txt", STORY, outlet="The Weekly")
    scraped = make("page.txt", STORY + " Leave a reply. " + "Comment text here. " * 30, author="A. Writer",
                   title="Village shelled")
    result = link_duplicates([clean, scraped])
    by_source = {a.source: a for a in result.new}
    assert len(by_source) == 2
    linked = [a for a in by_source.values() if a.duplicate_of]
    best = [a for a in by_source.values() if not a.duplicate_of]
    assert len(linked) == 1 and len(best) == 1
    assert linked[0].duplicate_of == best[0].id
    assert best[0].outlet == "The Weekly" and best[0].author == "A. Writer"


def test_different_stories_are_not_linked():
    other = ("Protesters gathered outside parliament demanding the release of detained journalists; police used "
             "tear gas and arrested twelve people, according to a rights group that monitored the rally.")
    result = link_duplicates([make("a.txt", STORY), make("b.txt", other)])
    assert all(a.duplicate_of is None for a in result.new)


def test_exact_duplicate_from_another_file_is_kept_and_linked_and_same_file_is_a_no_op():
    first = make("a.txt", STORY)
    stored = link_duplicates([first]).new
    again = link_duplicates([make("a.txt", STORY)], stored)
    assert again.new == () and again.updated == ()
    copy = link_duplicates([make("b.txt", STORY)], stored)
    assert len(copy.new) == 1 and copy.new[0].duplicate_of == first.id and copy.new[0].id != first.id


def test_exact_duplicates_in_one_batch_keep_the_most_complete_copy_and_merge_metadata():
    rss = make("rss.txt", STORY, outlet="The Weekly")
    page = make("page.txt", STORY, outlet="The Weekly", author="A. Writer")
    result = link_duplicates([rss, page])
    by_source = {a.source: a for a in result.new}
    assert by_source["page.txt"].duplicate_of is None and by_source["page.txt"].id == page.id
    assert by_source["rss.txt"].duplicate_of == page.id
    assert link_duplicates([rss, page], result.new).new == ()
