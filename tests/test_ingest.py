"""Stage 1, ingest: every format, the metadata precedence, and one Rejection per bad input."""
from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from sitroom.core._records import RawDocument, Rejection, SourceMeta
from sitroom.ingest import _readers as ingest
from sitroom.ingest._readers import MAX_FILE_BYTES, iter_files, normalise_date, read_inputs


def documents(items):
    return [item for item in items if isinstance(item, RawDocument)]


def rejections(items):
    return [item for item in items if isinstance(item, Rejection)]


def only_rejection(path) -> Rejection:
    """The single output for a bad input, which must be exactly one Rejection."""
    out = list(read_inputs([path]))
    assert len(out) == 1 and isinstance(out[0], Rejection), out
    assert out[0].stage == "ingest"
    return out[0]


# ---------------------------------------------------------------- real inputs

def test_seeds_are_five_text_documents_with_their_paths(seeds_dir):
    out = list(read_inputs([seeds_dir]))
    assert [Path(d.source).name for d in out] == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert all(isinstance(d, RawDocument) and d.kind == "text" and d.html is None for d in out)
    assert all(d.source == str(seeds_dir / Path(d.source).name) for d in out)
    assert "Armenian soldiers" in out[0].text


def test_readability_page_is_read_as_html(shared):
    page = shared / "data" / "dev" / "html" / "bbc-1" / "source.html"
    if not page.is_file():
        pytest.skip("no bbc-1 page")
    (doc,) = read_inputs([page])
    assert doc.kind == "html" and doc.text is None
    assert "<html" in doc.html.lower() and doc.source == str(page)


# ---------------------------------------------------------------- text, html, sidecars, folders

def test_text_and_html_files(tmp_path):
    (tmp_path / "a.txt").write_text("Plain text article.\r\nSecond line.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Heading\n\nBody.", encoding="utf-8")
    (tmp_path / "c.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    (tmp_path / "d.htm").write_text("no tags at all, still html", encoding="utf-8")
    out = list(read_inputs([tmp_path]))
    assert [(Path(d.source).name, d.kind) for d in out] == [
        ("a.txt", "text"), ("b.md", "text"), ("c.html", "html"), ("d.htm", "html")]
    assert out[0].text == "Plain text article.\nSecond line."
    assert out[3].html == "no tags at all, still html"


def test_folder_walk_is_recursive_sorted_and_skips_hidden_sidecars_and_unknown(tmp_path):
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    out = list(iter_files([tmp_path]))
    assert out == [tmp_path / "a.txt", tmp_path / "z" / "b.txt"]


def test_same_file_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    out = list(read_inputs([tmp_path, tmp_path / "a.txt"]))
    assert len(out) == 1


def test_a_single_path_string_is_accepted(tmp_path):
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    assert len(documents(read_inputs(str(tmp_path)))) == 1


def test_sidecar_metadata_beats_defaults_which_beat_nothing(tmp_path):
    (tmp_path / "one.txt").write_text("one", encoding="utf-8")
    (tmp_path / "one.meta.json").write_text(json.dumps(
        {"id": 42, "title": " Title one ", "published": "2020-12-17T09:00:00+04:00", "language": "en-GB"}),
        encoding="utf-8")
    (tmp_path / "two.html").write_text("<p>two</p>", encoding="utf-8")
    (tmp_path / "two.html.meta.json").write_text(json.dumps({"outlet": "Sidecar Outlet"}), encoding="utf-8")
    (tmp_path / "three.txt").write_text("three", encoding="utf-8")
    defaults = SourceMeta(outlet="CLI Outlet", published="Thu, 31 Dec 2020 10:00:00 GMT")
    one, three, two = read_inputs([tmp_path], defaults)
    assert one.meta == SourceMeta(external_id="42", title="Title one", outlet="CLI Outlet",
                                  published="2020-12-17", language="en")
    assert two.meta.outlet == "Sidecar Outlet" and two.meta.published == "2020-12-31"
    assert three.meta == SourceMeta(outlet="CLI Outlet", published="2020-12-31")
    assert list(read_inputs([tmp_path / "three.txt"]))[0].meta == SourceMeta()


def test_bad_sidecar_is_reported_and_the_article_still_read(tmp_path):
    (tmp_path / "a.txt").write_text("article", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    out = list(read_inputs([tmp_path]))
    assert len(documents(out)) == 1 and len(rejections(out)) == 1
    assert rejections(out)[0].source.endswith("a.meta.json") and "sidecar" in rejections(out)[0].reason


# ---------------------------------------------------------------- jsonl

def test_jsonl_lines_with_one_invalid(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "First text", "title": "T1", "url": "http://e.org/1", "outlet": "O",
                    "author": "A", "published": "2020-12-17", "language": "en"}),
        "{broken json",
        json.dumps({"html": "<p>Third</p>", "published": "Fri, 18 Dec 2020 08:00:00 +0000"}),
        json.dumps({"title": "no body"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_inputs([path], SourceMeta(outlet="Default")))
    assert [item.source for item in out] == [f"{path}#{n}" for n in range(1, 6)]
    first, bad, third, no_body, not_object = out
    assert first.kind == "jsonl" and first.text == "First text" and first.html is None
    assert first.meta == SourceMeta(external_id="x1", title="T1", url="http://e.org/1", outlet="O", author="A",
                                    published="2020-12-17", language="en")
    assert third.html == "<p>Third</p>" and third.text is None
    assert third.meta.outlet == "Default" and third.meta.published == "2020-12-18"
    assert isinstance(bad, Rejection) and "invalid JSON" in bad.reason
    assert isinstance(no_body, Rejection) and "text" in no_body.reason
    assert isinstance(not_object, Rejection) and "not an object" in not_object.reason


# ---------------------------------------------------------------- warc

def write_warc(path: Path, pages: list[tuple[str, bytes, str]], gzip_records: bool) -> bytes:
    """Write (uri, payload, content type) response records; return the bytes written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    for uri, payload, content_type in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers,
                                           warc_headers_dict={"WARC-Date": "2021-03-04T05:06:07Z"})
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def page(n: int, extra: str = "") -> bytes:
    return f"<html><head>{extra}</head><body><p>Article {n}. {'words ' * 200}</p></body></html>".encode()


def test_warc_html_responses(tmp_path):
    path = tmp_path / "crawl.warc"
    dated = '<meta property="article:published_time" content="2021-02-01T10:00:00+00:00">'
    write_warc(path, [("http://e.org/1", page(1), "text/html; charset=utf-8"),
                      ("http://e.org/logo.png", b"\x89PNG\x00\x00\x00", "image/png"),
                      ("http://e.org/2", page(2, dated), "text/html")], gzip_records=False)
    out = list(read_inputs([path]))
    assert [d.source for d in out] == [f"{path}#1", f"{path}#2"]
    assert all(d.kind == "warc" and "Article" in d.html for d in out)
    assert out[0].meta.url == "http://e.org/1" and out[0].meta.published == "2021-03-04"
    assert out[1].meta.published == "2021-02-01"  # the page's own date beats WARC-Date
    assert list(read_inputs([path], SourceMeta(published="2020-01-02")))[0].meta.published == "2020-01-02"


def test_truncated_warc_gz_yields_what_was_readable_then_one_rejection(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    data = write_warc(path, [(f"http://e.org/{n}", page(n), "text/html") for n in range(4)], gzip_records=True)
    path.write_bytes(data[: int(len(data) * 0.6)])
    out = list(read_inputs([path]))
    assert [type(item) for item in out] == [RawDocument, RawDocument, Rejection]
    assert out[-1].source == str(path) and "truncated" in out[-1].reason
    assert out[1].source == f"{path}#2" and "Article 1." in out[1].html


def test_complete_warc_gz_has_no_rejection(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [(f"http://e.org/{n}", page(n), "text/html") for n in range(3)], gzip_records=True)
    out = list(read_inputs([path]))
    assert len(documents(out)) == 3 and not rejections(out)


def test_truncated_plain_warc_is_reported(tmp_path):
    path = tmp_path / "crawl.warc"
    data = write_warc(path, [(f"http://e.org/{n}", page(n), "text/html") for n in range(3)], gzip_records=False)
    path.write_bytes(data[:-500])
    out = list(read_inputs([path]))
    assert len(documents(out)) == 2 and "truncated" in rejections(out)[0].reason


def test_gzip_complete_detects_a_cut_stream():
    data = gzip.compress(b"x" * 100_000) + gzip.compress(b"y" * 10)
    assert ingest.gzip_complete(data)
    assert not ingest.gzip_complete(data[:-5])
    assert not ingest.gzip_complete(data[:20])


# ---------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Weekly</title><language>en-US</language>
<item><title>First story</title><link>https://example.org/1</link><dc:creator>Jane Roe</dc:creator>
<pubDate>Thu, 17 Dec 2020 23:30:00 -0500</pubDate><description>Short summary</description>
<content:encoded><![CDATA[<p>Full body of the first story.</p>]]></content:encoded></item>
<item><title>Second story</title><link>https://example.org/2</link>
<pubDate>Fri, 18 Dec 2020 08:00:00 +0000</pubDate><description>&lt;p&gt;Only a summary.&lt;/p&gt;</description></item>
<item><title>Nothing inside</title><link>https://example.org/3</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Outlet</title>
<entry><title>Atom one</title><link href="https://example.net/a1"/><id>urn:1</id>
<updated>2021-01-05T10:00:00Z</updated><published>2021-01-04T22:00:00-08:00</published>
<author><name>John Doe</name></author><content type="html">&lt;p&gt;Atom body.&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_entries(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, empty = read_inputs([path])
    assert first.source == f"{path}#1" and first.kind == "feed"
    assert first.html == "<p>Full body of the first story.</p>"
    assert first.meta == SourceMeta(title="First story", url="https://example.org/1", outlet="Example Weekly",
                                    author="Jane Roe", published="2020-12-17", language="en")
    assert "Only a summary." in second.html and second.meta.published == "2020-12-18"
    assert isinstance(empty, Rejection) and empty.source == f"{path}#3"


def test_atom_feed_in_an_xml_file(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = read_inputs([path], SourceMeta(outlet="CLI"))
    assert doc.kind == "feed" and "Atom body." in doc.html
    assert doc.meta == SourceMeta(external_id="urn:1", title="Atom one", url="https://example.net/a1",
                                  outlet="CLI", author="John Doe", published="2021-01-04")


def test_xml_that_is_not_a_feed_is_rejected(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><articles><article>x</article></articles>", encoding="utf-8")
    assert "not an RSS/Atom feed" in only_rejection(path).reason


def test_xml_root_name():
    assert ingest.xml_root_name(b"<?xml version='1.0'?>\n<!-- c --><rdf:RDF xmlns:rdf='x'/>") == "rdf"
    assert ingest.xml_root_name(b"\xef\xbb\xbf<rss version='2.0'/>") == "rss"
    assert ingest.xml_root_name(b"plain words") is None


# ---------------------------------------------------------------- encodings

def test_encodings_that_decode(tmp_path):
    text = "Stepanakert – “shelling” résumé"
    (tmp_path / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "u16nobom.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "win.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin.html").write_bytes(b'<meta charset="iso-8859-7"><p>' + "Αθήνα".encode("iso-8859-7") + b"</p>")
    out = {Path(d.source).name: d.text or d.html for d in read_inputs([tmp_path])}
    assert out["bom8.txt"] == out["u16.txt"] == out["u16nobom.txt"] == out["win.txt"] == text
    assert "Αθήνα" in out["latin.html"]


# ---------------------------------------------------------------- bad inputs: exactly one Rejection each

def test_missing_path(tmp_path):
    assert only_rejection(tmp_path / "nope.txt").reason == "no such file or directory"


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    for name in ("empty.txt", "blank.html", "empty.jsonl"):
        assert only_rejection(tmp_path / name).reason == "empty file"


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert "binary" in only_rejection(path).reason
    control_heavy = tmp_path / "controls.html"
    control_heavy.write_bytes(b"\x01\x02\x03\x04abc" * 100)
    assert "binary" in only_rejection(control_heavy).reason


def test_undecodable_text(tmp_path):
    path = tmp_path / "weird.txt"
    path.write_bytes(b"abc \x81\x8d\x8f\x90\x9d def " * 10)
    assert "undecodable" in only_rejection(path).reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_not_read(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert only_rejection(path).reason == "not a regular file"


def test_unknown_type_named_explicitly(tmp_path):
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    assert "unsupported file type" in only_rejection(path).reason


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive\n" * 5, encoding="utf-8")
    assert "not a WARC" in only_rejection(path).reason


def test_truncated_gzip_that_never_started(tmp_path):
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\n" + b"x" * 5000)[:30])
    assert "truncated" in only_rejection(path).reason


def test_file_over_the_size_limit_is_never_opened(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
    assert path.stat().st_size > MAX_FILE_BYTES

    def no_opening(self, *args, **kwargs):
        raise AssertionError(f"{self} was opened")

    monkeypatch.setattr(Path, "open", no_opening)
    assert "too large" in only_rejection(path).reason


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("secret", encoding="utf-8")
    real_open = Path.open

    def denied(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    assert only_rejection(path).reason == "permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_by_mode(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    try:
        assert only_rejection(path).reason == "permission denied"
    finally:
        path.chmod(0o600)


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a.txt").write_text("good one", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01" * 50)
    (tmp_path / "d.txt").write_text("good two", encoding="utf-8")
    out = list(read_inputs([tmp_path, tmp_path / "missing"]))
    kinds = [type(item).__name__ for item in out]
    assert kinds == ["RawDocument", "Rejection", "Rejection", "RawDocument", "Rejection"]


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("value, expected", [
    ("2020-12-17", "2020-12-17"),
    ("2020-12-17T23:30:00-05:00", "2020-12-17"),
    ("2020-12-17T10:00:00Z", "2020-12-17"),
    ("Thu, 17 Dec 2020 23:30:00 -0500", "2020-12-17"),
    ("17 December 2020", "2020-12-17"),
    ("December 17, 2020", "2020-12-17"),
    ("20201217", "2020-12-17"),
    ("2020-13-45", None),
    ("yesterday", None),
    ("December 2020", None),
    ("", None),
    (None, None),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected
