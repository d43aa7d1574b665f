"""Fuzzing of ingest and cleaning with hypothesis (issue 13, build 6), on a bounded budget:
whatever the bytes, a reader yields documents or Rejections and cleaning gives an Article or a
Rejection; nothing raises (``SITROOM_STRICT=1`` makes any bug raise), nothing hangs."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.clean import clean_document
from sitroom.core import Article, RawDocument, Rejection, SourceMeta
from sitroom.ingest._readers import READERS, normalise_date, read_inputs
from sitroom.pipeline import guarded

# The budget: 40 examples a test in the suite (seconds); SITROOM_FUZZ_EXAMPLES=2000 for a longer hunt.
BUDGET = settings(max_examples=int(os.environ.get("SITROOM_FUZZ_EXAMPLES", "40")), deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SUFFIXES = sorted(READERS)

WORDS = st.sampled_from("the soldiers were killed wounded shelling in near on Monday 2020 three 12 of and said "
                        "officials city village — « » é 中 \u200b \x00 \t".split(" "))
TEXT = st.lists(WORDS, max_size=80).map(" ".join)
TAGS = st.sampled_from(["div", "p", "span", "article", "script", "style", "table", "td", "li", "a", "br", "html",
                        "body", "head", "title", "meta", "!--", "?xml", "![CDATA["])


@st.composite
def markup(draw, depth: int = 0) -> str:
    """Random, often broken HTML: nested tags, stray closers, entities, text."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.integers(0, 5))
        tag = draw(TAGS)
        if choice == 0 and depth < 6:
            parts.append(f"<{tag}>{draw(markup(depth + 1))}</{tag}>")
        elif choice == 1:
            parts.append(f"<{tag} class='{draw(TEXT)}'>")
        elif choice == 2:
            parts.append(f"</{tag}>")
        elif choice == 3:
            parts.append(draw(st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&nbsp;", "&bogus;", "<", ">", "&"])))
        else:
            parts.append(draw(TEXT))
    nest = draw(st.integers(0, 400)) if depth == 0 else 0
    return "<div>" * nest + "".join(parts) + "</div>" * draw(st.integers(0, nest))


def read_all(name: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_inputs([path]))


def documents_or_rejections(items: list) -> None:
    assert items and all(isinstance(item, (RawDocument, Rejection)) for item in items)
    assert all("\n" not in item.reason for item in items if isinstance(item, Rejection))


@BUDGET
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=3000))
def test_any_bytes_in_any_format_are_read_or_rejected(suffix, data):
    documents_or_rejections(read_all("input" + suffix, data))


@BUDGET
@given(suffix=st.sampled_from([".html", ".xml", ".rss", ".txt"]), text=markup(),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
def test_any_markup_is_read_and_cleaned_or_rejected(suffix, text, encoding):
    items = read_all("page" + suffix, text.encode(encoding, "replace"))
    documents_or_rejections(items)
    for item in items:
        if isinstance(item, RawDocument):
            assert isinstance(guarded("clean", item.source, clean_document, item), (Article, Rejection))


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                    max_leaves=12)
KEYS = st.sampled_from(["text", "html", "id", "title", "url", "outlet", "author", "published", "language", "date"])


@BUDGET
@given(records=st.lists(st.dictionaries(KEYS, JSON | TEXT | markup(), max_size=6) | JSON, max_size=5))
def test_any_jsonl_records_are_read_and_cleaned_or_rejected(records):
    data = "\n".join(json.dumps(r, allow_nan=True) for r in records).encode()
    if not data.strip():
        return
    items = read_all("records.jsonl", data)
    documents_or_rejections(items)
    for item in items:
        if isinstance(item, RawDocument):
            assert isinstance(guarded("clean", item.source, clean_document, item), (Article, Rejection))


@BUDGET
@given(value=JSON | st.datetimes().map(str) | st.floats(allow_nan=True, allow_infinity=True))
def test_any_published_value_is_a_plausible_iso_date_or_none(value):
    found = normalise_date(value)
    assert found is None or (len(found) == 10 and 1000 <= int(found[:4]) <= 2999)


@BUDGET
@given(text=st.text(max_size=4000), kind=st.sampled_from(["text", "jsonl", "feed"]))
def test_any_text_is_cleaned_or_rejected(text, kind):
    raw = RawDocument(source="fuzz.txt", kind=kind, text=text, meta=SourceMeta())
    result = guarded("clean", raw.source, clean_document, raw)
    assert isinstance(result, (Article, Rejection))
    if isinstance(result, Article):
        assert result.body.strip()


def test_a_feed_with_a_surrogate_character_reference_is_one_rejection(tmp_path):
    """Found by the fuzzer: feedparser raised UnicodeEncodeError on ``&#xD800;``."""
    path = tmp_path / "feed.rss"
    path.write_text('<rss version="2.0"><channel><title>T</title><item><title>&#xD800;</title>'
                    "<description>Two killed in Hadrut.</description></item></channel></rss>", encoding="utf-8")
    out = list(read_inputs([path]))
    assert all(isinstance(item, (RawDocument, Rejection)) for item in out) and len(out) == 1


def test_a_lone_surrogate_in_a_json_record_is_replaced(tmp_path):
    """A JSON ``"\\ud800"`` is a lone surrogate: hashing the body and storing it must not fail."""
    path = tmp_path / "records.jsonl"
    path.write_text('{"text": "Two soldiers \\ud800 were killed in Hadrut on Monday.", "title": "\\udfff"}\n',
                    encoding="utf-8")
    [doc] = list(read_inputs([path]))
    assert "\ufffd" in doc.text and doc.meta.title == "\ufffd"
    assert isinstance(clean_document(doc), Article)
