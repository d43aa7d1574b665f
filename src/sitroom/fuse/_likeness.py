"""What whole articles tell fusion beyond their mentions: the page chrome of a batch, how alike
two articles' wording is, and the people they name.

- :func:`page_chrome`: lines (or sentences) recurring, case, spacing and numbers aside, in
  :data:`CHROME_SOURCES` sources of the batch ("Get email notifications", "2 of 3 Premium Clicks
  used"): an outlet's page furniture, left out of likeness and of people's names.
- :func:`body_likeness`: the cosine of TF-IDF vectors of two articles over the words few sources
  use (victims, streets, towns), for the pairs sharing any.
- :func:`rare_people`: the full names of people an article gives (:func:`full_names`) that few
  sources of the batch give: victims, suspects, commanders, not public figures.
- :func:`proper_names`, :func:`title_names`: capitalised words that are not sentence openers.

:mod:`sitroom.fuse._clusters` weighs these as evidence that two reports tell of one incident.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Sequence

from sitroom.core import Article, setting
from sitroom.lang.en import CALENDAR_WORDS, INSTITUTION_WORDS, TITLES_BEFORE_NAMES
from sitroom.nlp import party_of

STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but as is was were be been being has have had "
    "it its this that these those he she they them his her their who which what when where said says "
    "after before during into over than then there also not no one two three four five six seven eight "
    "nine ten according told reported report reports people".split()
)


def original_ids(articles: Iterable[Article]) -> dict[str, str]:
    """Article id -> the id of the article it counts as (its original when a duplicate)."""
    return {a.id: a.duplicate_of or a.id for a in articles}


# ---------------------------------------------------------------- page chrome
CHROME_SOURCES = setting("fuse.likeness.chrome_sources")  # a line (or sentence) found in this many sources of the batch is page chrome
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
DIGITS = re.compile(r"\d+")


def text_units(text: str) -> list[str]:
    """The lines of ``text``, each cut at sentence ends: the units page chrome recurs in."""
    return [unit for line in text.split("\n") for unit in SENTENCE_BREAK.split(line) if unit.strip()]


def chrome_key(unit: str) -> str:
    """A unit normalised for comparison: case, spacing and numbers ("2 of 3 Premium Clicks") ignored."""
    return DIGITS.sub("0", " ".join(unit.split()).casefold())


def page_chrome(articles: Sequence[Article]) -> frozenset[str]:
    """Keys (:func:`chrome_key`) of the units that recur in at least :data:`CHROME_SOURCES` sources
    of the batch (duplicates count as their original): an outlet's page furniture ("Get email
    notifications", "Please enable JavaScript"), never what tells one incident from another."""
    original = original_ids(articles)
    sources: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for unit in text_units(a.body):
            sources[chrome_key(unit)].add(original[a.id])
    return frozenset(key for key, ids in sources.items() if len(ids) >= CHROME_SOURCES)


def without_chrome(text: str, chrome: frozenset[str]) -> str:
    """``text`` with its page-chrome units left out (one unit a line)."""
    if not chrome:
        return text
    return "\n".join(unit for unit in text_units(text) if chrome_key(unit) not in chrome)


# ---------------------------------------------------------------- whole-article likeness
BODY_WORD = re.compile(r"[A-Za-z]{3,}")
BODY_MIN_WORDS = setting("fuse.likeness.body_min_words")
COMMON_WORD_SHARE = setting("fuse.likeness.common_word_share")  # a word in more than this share of the sources (and in over
COMMON_WORD_MIN = setting("fuse.likeness.common_word_min")  # this many) says nothing about which incident an article reports
BODY_MIN_LIKENESS = setting("fuse.likeness.body_min_likeness")  # likeness below this is noise (kept neither as evidence nor as a candidate)


def body_vectors(articles: Sequence[Article], chrome: frozenset[str] | None = None
                 ) -> tuple[dict[str, dict[str, float]], set[str]]:
    """(source id -> unit TF-IDF vector (sublinear term frequency) of its title and body without
    page chrome (:func:`page_chrome`, computed when not given), over the words that few sources
    use (see COMMON_WORD_SHARE): victims' names, streets, towns; the ids of short texts, fewer
    than BODY_MIN_WORDS words)."""
    chrome = page_chrome(articles) if chrome is None else chrome
    originals = {a.id: a for a in articles if not a.duplicate_of}
    counts = {aid: Counter(w.casefold() for w in BODY_WORD.findall(f"{a.title or ''}\n{without_chrome(a.body, chrome)}"))
              for aid, a in sorted(originals.items())}
    df = Counter(w for c in counts.values() for w in c)
    n = len(counts)
    limit = max(COMMON_WORD_MIN, COMMON_WORD_SHARE * n)
    vectors = {}
    for aid, c in counts.items():
        weights = {w: (1 + math.log(k)) * math.log((1 + n) / (1 + df[w])) for w, k in c.items()
                   if df[w] <= limit and w not in STOPWORDS}
        norm = math.sqrt(sum(x * x for x in weights.values()))
        vectors[aid] = {w: x / norm for w, x in weights.items() if x > 0} if norm else {}
    return vectors, {aid for aid, c in counts.items() if sum(c.values()) < BODY_MIN_WORDS}


def body_likeness(articles: Sequence[Article], chrome: frozenset[str] | None = None) -> dict[str, dict[str, float]]:
    """Source id -> {other source id: cosine of their body vectors}, for pairs at least
    BODY_MIN_LIKENESS alike (found through the words they share, never all pairs), unless both
    are short (BODY_MIN_WORDS): two short notes of one template share their few rare words by
    chance, so their likeness tells of the template, not of one incident."""
    vectors, short = body_vectors(articles, chrome)
    holders: dict[str, list[str]] = defaultdict(list)
    for aid, vec in vectors.items():
        for w in vec:
            holders[w].append(aid)
    dots: dict[tuple[str, str], float] = defaultdict(float)
    for w, ids in holders.items():
        for x, a in enumerate(ids):
            for b in ids[x + 1:]:
                if a not in short or b not in short:  # two short notes: their template's likeness, not kept
                    dots[(a, b)] += vectors[a][w] * vectors[b][w]
    alike: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), cos in dots.items():
        if cos >= BODY_MIN_LIKENESS:
            alike[a][b] = alike[b][a] = round(cos, 9)
    return dict(alike)


# ---------------------------------------------------------------- people and proper names
TITLES = TITLES_BEFORE_NAMES | INSTITUTION_WORDS  # a pair starting with one is no person's name
NAME_PAIR = re.compile(
    r"(?=\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?((?:O')?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?)\b)"
)
CAPITALISED = re.compile(r"\b(?:O')?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?\b")
COMMON_NAME_SHARE = setting("fuse.likeness.common_name_share")  # a name in more than this share of the articles (and in over
COMMON_NAME_MIN = setting("fuse.likeness.common_name_min")  # this many) is a public figure or page furniture, not a participant
NOT_NAMES = CALENDAR_WORDS | frozenset(
    "police news update updated posted photo video read more "
    "share click street avenue road county city new north south east west department sheriff officers "
    "officer mayor chief state".split()
)


def name_word(word: str) -> bool:
    folded = word.casefold()
    return folded not in STOPWORDS and folded not in NOT_NAMES and folded not in TITLES and not is_side(word)


def full_names(text: str, context: str | None = None) -> frozenset[str]:
    """Full names of people: two capitalised words whose last one the ``context`` (default: the
    text) also uses alone, as reporting does ("Julian Bryant, 22, died ... Bryant was among"),
    and neither of which it writes in lower case (common words: "Sports Prosecutors", "Email
    Alerts"). Two-word places ("Los Angeles") never shorten so and are left out."""
    alone, pairs, lower = name_context(text if context is None else context)
    found = set()
    for match in NAME_PAIR.finditer(text):
        first, last = match[1], match[2]
        if (name_word(first) and name_word(last) and first.casefold() not in lower and last.casefold() not in lower
                and alone[last] > pairs[(first, last)]):
            found.add(f"{first} {last}".casefold())
    return frozenset(found)


CONTEXTS_CACHED = 1024  # articles whose word counts are kept: fusion asks for each article's once per mention


@lru_cache(maxsize=CONTEXTS_CACHED)
def name_context(context: str) -> tuple[Counter, Counter, frozenset[str]]:
    """What :func:`full_names` reads of its context: capitalised words alone, name pairs, lower-case
    words (computed once per article, not once per mention; callers only read them)."""
    alone = Counter(CAPITALISED.findall(context))
    pairs = Counter((m[1], m[2]) for m in NAME_PAIR.finditer(context))
    return alone, pairs, lower_words(context)


def lower_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\b[a-z]{2,}\b", text))


def article_names(article: Article, chrome: frozenset[str] = frozenset()) -> frozenset[str]:
    """Full names the article gives, its page chrome (:func:`page_chrome`) left out."""
    return full_names(f"{article.title or ''}\n{without_chrome(article.body, chrome)}")


@lru_cache(maxsize=CONTEXTS_CACHED)
def _surnames(title: str, body: str) -> frozenset[str]:
    return frozenset(name.split()[-1] for name in full_names(f"{title}\n{body}"))


def rare_people(articles: Sequence[Article], chrome: frozenset[str] | None = None) -> dict[str, frozenset[str]]:
    """Article id -> the full names it gives outside page chrome (computed when not given) that few
    of the sources give (see COMMON_NAME_SHARE)."""
    chrome = page_chrome(articles) if chrome is None else chrome
    original = original_ids(articles)
    names = {a.id: article_names(a, chrome) for a in articles}
    sources: dict[str, set[str]] = defaultdict(set)
    for aid, found in names.items():
        for name in found:
            sources[name].add(original[aid])
    limit = max(COMMON_NAME_MIN, COMMON_NAME_SHARE * len(set(original.values())))
    return {aid: frozenset(n for n in found if len(sources[n]) <= limit) for aid, found in names.items()}


def surnames(article: Article | None) -> frozenset[str]:
    if article is None:
        return frozenset()
    return _surnames(article.title or "", article.body)  # article_names without chrome, once per article


def proper_names(text: str | None) -> frozenset[str]:
    """Capitalised words that do not open a sentence: victims, streets, units, villages. Names of
    sides ("Armenian", "Taliban") are left out: actor overlap already counts them."""
    found = re.findall(r"(?<![.!?:\n]\s)(?<!^)\b([A-Z][a-z]{2,})\b", text or "")
    return frozenset(w.casefold() for w in found if w.casefold() not in STOPWORDS | NOT_NAMES and not is_side(w))


@lru_cache(maxsize=65536)
def is_side(word: str) -> bool:
    return party_of(word) is not None


def title_names(article: Article | None) -> frozenset[str]:
    """Names in the headline that the body also capitalises mid-sentence (a Title Case headline
    capitalises every word: "Missing" there is no name)."""
    if article is None or not article.title:
        return frozenset()
    return proper_names(article.title) & body_proper_names(article.body)


@lru_cache(maxsize=CONTEXTS_CACHED)
def body_proper_names(body: str) -> frozenset[str]:
    """:func:`proper_names` of a whole body, once per article (fusion asks once per mention)."""
    return proper_names(body)
