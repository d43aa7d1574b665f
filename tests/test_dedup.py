from __future__ import annotations

import pytest

from sitroom.clean._boilerplate import article_id_for
from sitroom.clean._dedup import band_keys, containment, link_duplicates, shingles
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


# ---------------------------------------------------------------- the index in the database
PART_A = ("Rescuers pulled two children from the rubble of a house in Stepanakert after overnight strikes, the "
          "emergency service said, adding that the search for a missing woman would continue through the day.")
PART_B = ("In Ganja a missile hit an apartment block before dawn; prosecutors said four residents were killed and "
          "eleven wounded, and that the launch site lay across the line of contact, which the other side denied.")


def indexed_store(tmp_path, articles):
    from sitroom.store import open_store

    store = open_store(tmp_path / "index.db")
    for a in link_duplicates(articles).new:
        store.add_article(a, () if a.duplicate_of else band_keys(a.body))
    store.settle_bands([a.id for a in store.articles()])
    return store


def fillers(n: int) -> list[Article]:
    return [make(f"f{k}.txt", f"Weather report {k}: rain{k} over the hills of district{k}, markets{k} closed early "
                              f"and the road to village{k} flooded near the old bridge.") for k in range(n)]


@pytest.mark.parametrize("batch", [
    [make("both.txt", PART_A + " " + PART_B)],  # joins two stored stories that share nothing
    [make("copy.txt", STORY + " Leave a reply. " + "Comment text here. " * 30, author="A. Writer")],
    [make("a.txt", STORY)],  # the same file again: a no-op
    [make("rss.txt", STORY, outlet="The Weekly")],  # an exact copy from another source
    [make("new.txt", "Nothing like any stored report: talks on water rights resumed in a neutral capital.")],
])
def test_linking_with_the_index_equals_linking_with_every_stored_article(tmp_path, batch):
    from sitroom.clean import stored_neighbours

    stored = fillers(30) + [make("a.txt", STORY), make("pa.txt", PART_A), make("pb.txt", PART_B)]
    with indexed_store(tmp_path, stored) as store:
        neighbours = stored_neighbours(batch, store)
        assert link_duplicates(batch, neighbours.stored) == link_duplicates(batch, store.articles())
        assert len(neighbours.stored) <= 3, "the index fetches the few related articles, not the store"


def test_a_batch_joining_two_stored_stories_links_both_to_the_best_copy(tmp_path):
    from sitroom.clean import stored_neighbours

    with indexed_store(tmp_path, fillers(5) + [make("pa.txt", PART_A), make("pb.txt", PART_B)]) as store:
        both = make("both.txt", PART_A + " " + PART_B)
        result = link_duplicates([both], stored_neighbours([both], store).stored)
        assert [a.id for a in result.new] == [both.id] and result.new[0].duplicate_of is None
        assert {a.source: a.duplicate_of for a in result.updated} == {"pa.txt": both.id, "pb.txt": both.id}


def test_a_run_that_another_process_wrote_during_leaves_its_articles_pending(tmp_path):
    from sitroom.pipeline import IngestReport, settle_checked
    from sitroom.store import open_store

    with indexed_store(tmp_path, fillers(2)) as store, open_store(tmp_path / "index.db") as other:
        mine = make("mine.txt", PART_A)
        revision = store.revision()
        store.add_article(mine, band_keys(mine.body))
        other.add_article(make("theirs.txt", PART_B), band_keys(PART_B))  # another worker, meanwhile
        settle_checked(store, [], IngestReport(added=[mine]), 0, revision)
        assert {a.source for a in store.pending_articles()} == {"mine.txt", "theirs.txt"}
        revision = store.revision()
        settle_checked(store, [a.id for a in store.pending_articles()], IngestReport(), 0, revision)
        assert store.pending_articles() == []
