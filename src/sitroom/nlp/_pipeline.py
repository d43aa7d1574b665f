"""Stage 3, analyse: Article -> Analysis, through a spaCy pipeline of our own components.

The pipeline runs on ``spacy.blank("en")`` (no trained model) and has these components, each
registered with ``@Language.factory`` (so ``build_pipeline().config`` describes the whole pipeline
and each component declares what it requires and assigns):

``sentencizer``            spaCy's rule sentencizer
``sitroom_sentence_fix``   repairs its splits: a line break always starts a sentence; a "sentence"
                           that starts in lower case after an abbreviation is glued back
``sitroom_times``          :func:`sitroom.lang.en._times.find_time_expressions` -> ``doc._.times``
``sitroom_actors``         :func:`sitroom.nlp._actors.find_actors` -> ``doc._.actors``
``sitroom_places``         :func:`sitroom.nlp._places.find_places` -> ``doc._.places`` (reads the actors)

Each of the last three also puts its evidence as spans in ``doc.spans["times" | "places" | "actors"]``.
The anchor date for relative time expressions is ``doc._.anchor`` (set by :func:`analyse_text`).
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.core import ActorMention, Analysis, Article, PlaceMention, Sentence, TimeExpression, iso_day
from sitroom.lang import en as english
from sitroom.nlp import _actors as actors
from sitroom.nlp import _places as places

PIPE_NAMES = ("sentencizer", "sitroom_sentence_fix", "sitroom_times", "sitroom_actors", "sitroom_places")

# A full stop after one of these does not end a sentence when the next word is lower case or a number.
ABBREVIATION = re.compile(
    r"^(?:[A-Z]|[A-Za-z]{1,4}|(?:[A-Za-z]\.){1,4}[A-Za-z]?|approx|est|incl|gen|lt|col|maj|capt|sgt|cpl|"
    r"brig|cmdr|adm|gov|sen|rep|dist|prov|vol|no|nos|vs|etc|al|ca|cf|e\.g|i\.e)\.?$",
    re.IGNORECASE,
)

# Titles before a name: a full stop after them never ends a sentence.
TITLES = english.TITLE_ABBREVIATIONS

for _name in ("anchor", "times", "places", "actors"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# ------------------------------------------------------------------ sentence repair
def _starts_line(doc: Doc, i: int) -> bool:
    """Token i follows a line break (a whitespace token with a newline, or a newline in the gap)."""
    if i == 0:
        return False
    prev = doc[i - 1]
    return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)


def _glued_to_abbreviation(doc: Doc, i: int) -> bool:
    """Token i was made a sentence start only because of an abbreviation's full stop."""
    if i < 2:
        return False
    token, prev = doc[i], doc[i - 1]
    if prev.text != ".":
        word = prev.text
    else:
        word = doc[i - 2].text
    if word.rstrip(".").casefold() in TITLES:
        return not _starts_line(doc, i)
    first = token.text[:1]
    lower_or_digit = first.islower() or first.isdigit()
    return lower_or_digit and bool(ABBREVIATION.match(word)) and not _starts_line(doc, i)


@Language.factory("sitroom_sentence_fix", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def make_sentence_fix(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return sentence_fix


def sentence_fix(doc: Doc) -> Doc:
    """Line breaks start sentences; lower-case words after an abbreviation do not."""
    for i in range(1, len(doc)):
        token = doc[i]
        if token.is_space:
            if token.is_sent_start:
                token.is_sent_start = False
            continue
        if _starts_line(doc, i):
            token.is_sent_start = True
        elif token.is_sent_start and _glued_to_abbreviation(doc, i):
            token.is_sent_start = False
    return doc


# ------------------------------------------------------------------ finders
def _spans(doc: Doc, records: list[Any], label: str) -> list[Span]:
    spans = []
    for rec in records:
        span = doc.char_span(rec.start, rec.end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


class Finder:
    """A component that runs one finder over the doc's text and keeps what it found twice: as
    records in ``doc._.<attribute>`` and as labelled spans in ``doc.spans[spans_key]``."""

    def __init__(self, find: Callable[[Doc], list[Any]], attribute: str, spans_key: str, label: str):
        self.find, self.attribute, self.spans_key, self.label = find, attribute, spans_key, label

    def __call__(self, doc: Doc) -> Doc:
        found = sorted(self.find(doc), key=lambda r: (r.start, r.end))
        setattr(doc._, self.attribute, found)
        doc.spans[self.spans_key] = _spans(doc, found, self.label)
        return doc


@Language.factory("sitroom_times", assigns=["doc._.times", "doc.spans"],
                  default_config={"spans_key": "times"})
def make_times(nlp: Language, name: str, spans_key: str) -> Finder:
    """Time expressions, normalised against ``doc._.anchor`` (the publication date)."""
    return Finder(lambda doc: english.find_time_expressions(doc.text, doc._.anchor), "times", spans_key, "TIME")


@Language.factory("sitroom_actors", assigns=["doc._.actors", "doc.spans"], default_config={"spans_key": "actors"})
def make_actors(nlp: Language, name: str, spans_key: str) -> Finder:
    """Actors from the actor dictionary (``data/actors.yaml``)."""
    return Finder(lambda doc: actors.find_actors(doc.text), "actors", spans_key, "ACTOR")


@Language.factory("sitroom_places", requires=["doc._.actors"], assigns=["doc._.places", "doc.spans"],
                  default_config={"spans_key": "places"})
def make_places(nlp: Language, name: str, spans_key: str) -> Finder:
    """Places, reading the actors found before (an armed group's name is not a village)."""
    return Finder(lambda doc: places.find_places(doc.text, actors=doc._.actors), "places", spans_key, "PLACE")


# ------------------------------------------------------------------ pipeline and entry points
@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """The sitroom pipeline on a blank English model (built once, then cached)."""
    nlp = spacy.blank("en")
    nlp.max_length = 5_000_000
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    return nlp


def sentences_of(doc: Doc) -> tuple[Sentence, ...]:
    """The doc's sentences as records, surrounding whitespace trimmed, empty ones dropped."""
    out = []
    text = doc.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(start, end, text[start:end]))
    return tuple(out)


def analyse_doc(text: str, anchor: date | None = None) -> Doc:
    """Run the pipeline over ``text`` with ``anchor`` for relative dates."""
    nlp = build_pipeline()
    doc = nlp.make_doc(text)
    doc._.anchor = anchor
    return nlp(doc)


def analyse_text(article_id: str, text: str, anchor: date | None = None) -> Analysis:
    doc = analyse_doc(text, anchor)
    return Analysis(
        article_id=article_id,
        sentences=sentences_of(doc),
        times=tuple(doc._.times or ()),
        places=tuple(doc._.places or ()),
        actors=tuple(doc._.actors or ()),
    )


def analyse(article: Article) -> Analysis:
    """Sentences, time expressions, places and actors of the article's clean body."""
    return analyse_text(article.id, article.body, iso_day(article.published))


__all__ = [
    "ActorMention", "PlaceMention", "TimeExpression", "analyse", "analyse_doc", "analyse_text",
    "build_pipeline", "sentences_of",
]
