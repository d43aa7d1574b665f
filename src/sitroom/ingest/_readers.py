"""Stage 1, ingest: read files and folders into RawDocument records (or Rejections).

Entry point: :func:`read_inputs`.  Every input gives either documents or exactly one
:class:`Rejection` (source, stage ``"ingest"``, a short reason); a bad file never stops the batch.

Formats (by suffix, see :data:`READERS`): ``.html/.htm`` pages, ``.txt/.md`` text, ``.jsonl``
(one article a line), ``.warc/.warc.gz`` (HTML responses), ``.rss/.atom`` feeds and ``.xml``
files whose root element is ``rss``, ``feed`` or ``RDF``.  A sidecar ``NAME.meta.json`` (or
``NAME.txt.meta.json``) next to a text/HTML file gives its metadata.  Metadata precedence:
record or sidecar > ``defaults`` (the CLI's ``--published``/``--outlet``) > nothing.
"""
from __future__ import annotations

import codecs
import html as html_entities
import errno
import io
import json
import os
import re
import stat
import zlib
from dataclasses import fields, replace
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Generator, Iterable, Iterator

from sitroom.core import Limits, RawDocument, Rejection, SourceMeta, limits, setting

STAGE = "ingest"
MAX_FILE_BYTES = Limits().file_bytes  # the default; the limit in force is ``limits().file_bytes``
SIDECAR_SUFFIX = ".meta.json"
MAX_CONTROL_RATIO = setting("ingest.readers.max_control_ratio")
FEED_ROOTS = ("rss", "feed", "rdf")

# Record keys accepted for each SourceMeta field (the contract names first, then common aliases).
META_KEYS: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "article_id", "doc_id", "guid"),
    "title": ("title", "headline"),
    "url": ("url", "uri", "link"),
    "outlet": ("outlet", "source_name", "publisher", "site_name", "site"),
    "author": ("author", "byline", "authors"),
    "published": ("published", "date", "published_at", "pubdate", "dct", "datetime"),
    "language": ("language", "lang"),
}
TEXT_KEYS = ("text", "body", "content")
HTML_KEYS = ("html", "raw_html")

Output = Iterator["RawDocument | Rejection"]


class Unreadable(Exception):
    """Raised inside this module when bytes give no text; turned into a Rejection by the caller."""


# ---------------------------------------------------------------- entry points

def read_inputs(paths: Iterable[str | Path], defaults: SourceMeta = SourceMeta()) -> Iterator[RawDocument | Rejection]:
    """Every article in ``paths`` (files or folders) as a RawDocument, and every bad input as a Rejection."""
    defaults = replace(defaults, published=normalise_date(defaults.published),
                       language=normalise_language(defaults.language))
    for item in iter_files(paths):
        if isinstance(item, Rejection):
            yield item
        else:
            yield from read_file(item, defaults)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """The files to read, each as its resolved absolute path: named files as given, folders walked
    recursively in sorted order.

    Inside folders, hidden entries, ``*.meta.json`` sidecars and unknown suffixes are skipped.
    A named file is yielded whatever its type (the reader rejects unknown types), except sidecars.
    Each file is yielded once, however it is spelt (``a/f.txt``, ``./a/../a/f.txt``, a symlink):
    the resolved path is the article's ``source``. Symlink loops and broken links are Rejections.
    """
    seen: set[Path | str] = set()  # resolved paths yielded, and sources rejected
    for raw in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(raw)
        found = walk_folder(path) if path.is_dir() else iter([path if path.exists() else
                                                              reject(path, missing_reason(path))])
        for item in found:
            if isinstance(item, Path) and is_sidecar(item):
                continue
            item = resolved(item) if isinstance(item, Path) else item
            key = item if isinstance(item, Path) else item.source
            if key not in seen:
                seen.add(key)
                yield item


def missing_reason(path: Path) -> str:
    """Why a path that does not exist (as far as ``exists()`` can tell) cannot be read."""
    if not path.is_symlink():
        return "no such file or directory"
    found = resolved(path)
    return found.reason if isinstance(found, Rejection) else "no such file or directory"


def resolved(path: Path) -> Path | Rejection:
    """The absolute path with every symlink and ``..`` resolved, or a Rejection (loop, broken link)."""
    try:
        return path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        return reject(path, "symbolic link loop")
    except FileNotFoundError:
        return reject(path, "broken symbolic link" if path.is_symlink() else "no such file or directory")
    except OSError as exc:
        return reject(path, "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot read file: {exc.strerror}")


def read_file(path: Path, defaults: SourceMeta = SourceMeta()) -> Iterator[RawDocument | Rejection]:
    """The documents of one file, or one Rejection saying why it cannot be used."""
    reader = reader_for(path)
    if reader is None:
        yield reject(path, f"unsupported file type '{format_suffix(path) or path.name}'")
        return
    problem = size_problem(path)
    if problem:
        yield reject(path, problem)
        return
    try:
        data = read_limited(path)
    except PermissionError:
        yield reject(path, "permission denied")
        return
    except OSError as exc:
        yield reject(path, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield reject(path, "empty file")
        return
    yield from reader(path, data, defaults)


# ---------------------------------------------------------------- files and folders

def walk_folder(folder: Path) -> Iterator[Path | Rejection]:
    """Files under ``folder`` with a known suffix, sorted by path; unreadable sub-folders as Rejections."""
    problems: list[Rejection] = []

    def on_error(exc: OSError) -> None:
        problems.append(Rejection(str(exc.filename or folder), STAGE, "cannot read folder: permission denied"
                                  if isinstance(exc, PermissionError) else f"cannot read folder: {exc.strerror}"))

    files: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(root) / name for name in names
                     if not name.startswith(".") and reader_for(Path(name)) is not None)
    yield from problems
    yield from sorted(files, key=lambda p: p.parts)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def format_suffix(path: Path) -> str:
    """The suffix that picks the reader: ``.warc.gz`` counts as one suffix."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return path.suffix.lower()


def reader_for(path: Path) -> Callable[[Path, bytes, SourceMeta], Output] | None:
    if is_sidecar(path):
        return None
    return READERS.get(format_suffix(path))


def size_problem(path: Path) -> str | None:
    """Why the file cannot be read (not a plain file, empty, too big), from stat() alone."""
    try:
        info = path.stat()
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    size, limit = info.st_size, limits().file_bytes
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if size == 0:
        return "empty file"
    if size > limit:
        return f"file too large ({mib(size)} > {mib(limit)} limit, SITROOM_MAX_FILE_BYTES)"
    return None


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size % 2**20 else f"{size // 2**20} MiB"


def read_limited(path: Path) -> bytes:
    """The file's bytes; a file that grew past the limit since stat() is cut there (and then rejected)."""
    limit = limits().file_bytes
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"file grew over the {mib(limit)} limit while reading")
    return data


def reject(path: Path | str, reason: str) -> Rejection:
    return Rejection(str(path), STAGE, reason)


# ---------------------------------------------------------------- decoding

CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: BOMs (UTF-32/16/8), then UTF-8, the declared charset, cp1252.

    Raises :class:`Unreadable` with a short reason for binary or undecodable data.
    Line ends become ``\\n``.
    """
    text = decode_unicode_bom(data) or decode_utf16_without_bom(data)
    if text is None:
        if b"\x00" in data or control_ratio(data) > MAX_CONTROL_RATIO:
            raise Unreadable("binary file (not text)")
        text = decode_first(data, ["utf-8-sig", declared, "cp1252"])
    if text is None:
        raise Unreadable("undecodable text (not UTF-8, UTF-16 or cp1252)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_unicode_bom(data: bytes) -> str | None:
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return decode_first(data, [encoding])
    return None


def decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: NUL bytes on every other position of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return decode_first(data, ["utf-16-le"])
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return decode_first(data, ["utf-16-be"])
    return None


def decode_first(data: bytes, encodings: list[str | None]) -> str | None:
    """The first decoding that succeeds and looks like text."""
    for encoding in encodings:
        if not encoding or not known_codec(encoding):
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if looks_like_text(text):
            return text.lstrip("\ufeff")
    return None


def known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def control_ratio(data: bytes) -> float:
    return (len(data) - len(data.translate(None, CONTROL_BYTES))) / max(len(data), 1)


def looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text[:100_000] if ch < " " and ch not in "\t\n\r\f" or ch == "\x7f")
    return controls <= MAX_CONTROL_RATIO * min(len(text), 100_000)


def declared_html_charset(data: bytes) -> str | None:
    match = HTML_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "replace") if match else None


# ---------------------------------------------------------------- metadata

def normalise_date(value: Any) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from ISO dates/datetimes, RFC 822 dates, epoch seconds or plain
    written dates ("17 December 2020"); None when no full date can be read. The date is the
    local date as written (no shift to UTC). Numbers too large for seconds are read as JavaScript
    milliseconds; NaN, infinities and dates outside :data:`PLAUSIBLE_YEARS` give None (the date is
    then inferred from the text, as for any unreadable date)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return plausible(epoch_date(value))
    text = str(value).strip()
    if not text:
        return None
    for parse in (parse_iso_date, parse_rfc822_date, parse_written_date):
        found = plausible(parse(text))
        if found:
            return found
    return None


PLAUSIBLE_YEARS = range(1000, 3000)  # publication dates outside are typos or overflow bait
MILLISECONDS_FROM = 1e11  # epoch seconds this large are past the year 5000: milliseconds


def epoch_date(value: int | float) -> date | None:
    if value != value:  # NaN
        return None
    seconds = value / 1000 if abs(value) >= MILLISECONDS_FROM else value
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def plausible(found: date | None) -> str | None:
    return found.isoformat() if found and found.year in PLAUSIBLE_YEARS else None


def parse_iso_date(text: str) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?=$|[T\s_])", text)
    if not match:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_rfc822_date(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


# Languages tried for written dates in metadata (all of dateparser's ~200 would cost ~0.5 s a call).
DATE_LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl", "ru", "uk", "pl", "cs", "tr", "ar", "fa", "he",
                  "hy", "az", "ka", "zh", "ja")


@lru_cache(maxsize=4096)
def parse_written_date(text: str) -> date | None:
    import dateparser  # slow to import: only when the cheap parsers failed

    settings = {"PARSERS": ["custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        parsed = dateparser.parse(text[:100], settings=settings, languages=list(DATE_LANGUAGES))
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date() if parsed else None


def normalise_language(value: Any) -> str | None:
    """``"en-US"`` -> ``"en"``; None for empty values."""
    text = clean_value(value)
    if not text:
        return None
    return re.split(r"[-_]", text)[0].lower() or None


def clean_value(value: Any) -> str | None:
    """A metadata value as a stripped string: lists are joined, dicts and empties give None."""
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        return None
    if isinstance(value, (list, tuple)):
        parts = [clean_value(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    text = no_surrogates(str(value).strip())
    return text or None


def meta_from_record(record: dict[str, Any]) -> SourceMeta:
    """SourceMeta from a jsonl record or sidecar, reading the contract keys and common aliases."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    values: dict[str, Any] = {}
    for name, keys in META_KEYS.items():
        raw = next((lowered[k] for k in keys if clean_value(lowered.get(k)) is not None), None)
        if name == "published":
            values[name] = normalise_date(raw if isinstance(raw, (int, float)) else clean_value(raw))
        elif name == "language":
            values[name] = normalise_language(raw)
        else:
            values[name] = clean_value(raw)
    return SourceMeta(**values)


def merge_meta(record: SourceMeta, defaults: SourceMeta) -> SourceMeta:
    """Each field from ``record`` where set, else from ``defaults``."""
    return SourceMeta(**{f.name: getattr(record, f.name) or getattr(defaults, f.name) for f in fields(SourceMeta)})


def sidecar_for(path: Path) -> Path | None:
    """``NAME.txt.meta.json`` or ``NAME.meta.json`` beside ``path``, if one exists."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> SourceMeta | Rejection | None:
    """The metadata of ``path``'s sidecar; None without one; a Rejection for a bad sidecar."""
    sidecar = sidecar_for(path)
    if sidecar is None:
        return None
    problem = size_problem(sidecar)
    if problem:
        return reject(sidecar, f"sidecar: {problem}")
    try:
        record = json.loads(decode_bytes(read_limited(sidecar)))
    except PermissionError:
        return reject(sidecar, "sidecar: permission denied")
    except OSError as exc:
        return reject(sidecar, f"sidecar: {exc.strerror or exc}")
    except (Unreadable, ValueError) as exc:
        return reject(sidecar, f"invalid sidecar JSON: {str(exc)[:80]}")
    except RecursionError:
        return reject(sidecar, "invalid sidecar JSON: nested too deeply")
    if not isinstance(record, dict):
        return reject(sidecar, "invalid sidecar JSON: not an object")
    return meta_from_record(record)


# ---------------------------------------------------------------- readers, one per format

def read_plain(kind: str) -> Callable[[Path, bytes, SourceMeta], Output]:
    """A reader for a single-article file (``kind`` "text" or "html"), with its sidecar metadata."""
    def reader(path: Path, data: bytes, defaults: SourceMeta) -> Output:
        try:
            content = decode_bytes(data, declared_html_charset(data) if kind == "html" else None)
        except Unreadable as exc:
            yield reject(path, str(exc))
            return
        if not content.strip():
            yield reject(path, "empty file")
            return
        sidecar = read_sidecar(path)
        if isinstance(sidecar, Rejection):
            yield sidecar
        meta = merge_meta(sidecar if isinstance(sidecar, SourceMeta) else SourceMeta(), defaults)
        yield RawDocument(source=str(path), kind=kind, meta=meta,
                          text=content if kind == "text" else None, html=content if kind == "html" else None)
    return reader


def read_jsonl(path: Path, data: bytes, defaults: SourceMeta) -> Output:
    """One article per line; each bad line is a Rejection for ``path#N`` and the rest goes on."""
    try:
        content = decode_bytes(data)
    except Unreadable as exc:
        yield reject(path, str(exc))
        return
    count, cap = 0, limits().records_per_file
    for number, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            count += 1
            if count > cap:
                yield reject(path, too_many_records(cap))
                return
            yield jsonl_record(f"{path}#{number}", line, defaults)


def jsonl_record(source: str, line: str, defaults: SourceMeta) -> RawDocument | Rejection:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return reject(source, f"invalid JSON line: {str(exc)[:80]}")
    except RecursionError:
        return reject(source, "invalid JSON line: nested too deeply")
    if not isinstance(record, dict):
        return reject(source, "invalid JSON line: not an object")
    lowered = {str(k).lower(): v for k, v in record.items()}
    text = first_string(lowered, TEXT_KEYS)
    html = None if text else first_string(lowered, HTML_KEYS)
    if not text and not html:
        return reject(source, "record has no 'text' or 'html'")
    return RawDocument(source=source, kind="jsonl", text=text, html=html,
                       meta=merge_meta(meta_from_record(record), defaults))


def first_string(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return no_surrogates(value.replace("\r\n", "\n"))
    return None


LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def no_surrogates(text: str) -> str:
    """JSON's ``"\\ud800"`` decodes to a lone surrogate, which no UTF-8 encoder (hashing, SQLite)
    accepts: each becomes U+FFFD."""
    return LONE_SURROGATE.sub("\ufffd", text)


def read_warc(path: Path, data: bytes, defaults: SourceMeta) -> Output:
    """Each HTML ``response`` record as ``path#N`` (N counts the HTML records).

    A truncated archive gives the complete articles before the cut, then one Rejection. An HTML
    record over the record limit is a Rejection (``path#N``); an archive that decompresses past the
    limit is rejected before any record is read; one without any HTML record is a Rejection."""
    limit = limits().decompressed_bytes
    state = gzip_state(data, limit) if data[:2] == GZIP_MAGIC else "complete"
    if state == "too large":
        yield reject(path, f"decompresses to more than {mib(limit)} (limit, SITROOM_MAX_DECOMPRESSED_BYTES)")
        return
    head = warc_head(data)
    if not head.startswith(b"WARC/"):
        yield reject(path, "truncated gzip, no WARC record readable" if state == "truncated" and not head
                     else "not a WARC file (no WARC/ header)")
        return
    outcome = yield from warc_articles(path, data, defaults)
    if state == "truncated" or outcome == "cut":
        yield reject(path, "truncated or corrupt WARC (articles before the cut were read)")
    elif outcome == "none":
        yield reject(path, "no HTML response record in the WARC")


def warc_articles(path: Path, data: bytes, defaults: SourceMeta) -> Generator[RawDocument | Rejection, None, str]:
    """Yield the HTML records of a WARC (articles, or Rejections for bad ones); return ``"cut"`` when
    the archive was cut short, ``"none"`` when it held no HTML record, else ``"ok"``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count, cap = 0, limits()
    try:
        records = ArchiveIterator(io.BytesIO(data))
        for record in records:
            doc = warc_document(record, defaults, cap.record_bytes)
            if record_incomplete(record):
                return "cut"
            if doc is None:
                continue
            count += 1
            if count > cap.records_per_file:
                yield reject(path, too_many_records(cap.records_per_file))
                return "ok"
            yield replace(doc, source=f"{path}#{count}")
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError, KeyError, IndexError):
        return "cut"  # warcio's parser fails in assorted ways on a record cut in its headers
    if data[records.offset:].strip(b"\r\n\t \x00"):
        return "cut"
    return "ok" if count else "none"


def too_many_records(cap: int) -> str:
    return f"more than {cap} records: the rest of the file skipped (limit, SITROOM_MAX_RECORDS_PER_FILE)"


GZIP_MAGIC = b"\x1f\x8b"


def warc_head(data: bytes) -> bytes:
    """The first bytes of the archive (decompressed for .gz), blank lines skipped."""
    head = data[:4096]
    if head[:2] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(wbits=31).decompress(data[:1 << 16], 4096)
        except zlib.error:
            return b""
    return head.lstrip(b"\r\n")


def gzip_state(data: bytes, limit: int) -> str:
    """``"complete"`` when every gzip member in ``data`` ends properly, ``"truncated"`` when one does
    not, ``"too large"`` as soon as the output passes ``limit`` bytes (output is counted and dropped)."""
    inflater, fed, total = zlib.decompressobj(wbits=31), False, 0
    try:
        for start in range(0, len(data), 1 << 16):
            pending = data[start:start + (1 << 16)]
            while pending:
                total += inflate_dropping_output(inflater, pending)
                if total > limit:
                    return "too large"
                fed = True
                pending = inflater.unused_data if inflater.eof else b""
                if inflater.eof:
                    inflater, fed = zlib.decompressobj(wbits=31), False
    except zlib.error:
        return "truncated"
    return "truncated" if fed else "complete"


def gzip_complete(data: bytes) -> bool:
    """Whether every gzip member in ``data`` ends properly (within the decompressed-size limit)."""
    return gzip_state(data, limits().decompressed_bytes) == "complete"


def inflate_dropping_output(inflater: Any, chunk: bytes) -> int:
    """Inflate ``chunk``, dropping the output; returns how many bytes it gave."""
    size = len(inflater.decompress(chunk, 1 << 22))
    while inflater.unconsumed_tail and not inflater.eof:
        size += len(inflater.decompress(inflater.unconsumed_tail, 1 << 22))
    return size


def record_incomplete(record: Any) -> bool:
    """Whether the record was cut off: no Content-Length (headers cut) or a block shorter than it."""
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
        return True
    stream = record.raw_stream
    while stream.read(1 << 20):
        pass
    return getattr(stream, "limit", 0) > 0


def warc_document(record: Any, defaults: SourceMeta, max_bytes: int) -> RawDocument | Rejection | None:
    """A RawDocument (source filled in by the caller) for an HTML response record, a Rejection for
    an HTML record that is too large or undecodable, None for any other record."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers or record.rec_headers
    content_type = headers.get_header("Content-Type")
    payload = record.content_stream().read(max_bytes + 1)
    if not is_html_payload(content_type, payload):
        return None
    if len(payload) > max_bytes:
        return reject("", f"HTML record too large (over {mib(max_bytes)} limit, SITROOM_MAX_RECORD_BYTES)")
    try:
        html = decode_bytes(payload, charset_of(content_type) or declared_html_charset(payload))
    except Unreadable as exc:
        return reject("", f"HTML record: {exc}")
    record_meta = SourceMeta(url=clean_value(record.rec_headers.get_header("WARC-Target-URI")),
                             published=embedded_published(html))
    meta = merge_meta(record_meta, defaults)
    if meta.published is None:
        meta = replace(meta, published=normalise_date(record.rec_headers.get_header("WARC-Date")))
    return RawDocument(source="", kind="warc", html=html, meta=meta)


def is_html_payload(content_type: str | None, payload: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def charset_of(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


PUBLISHED_PATTERNS = [
    re.compile(r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|"""
               r"""pubdate|publishdate|date|dc\.date|og:published_time)["'][^>]*content\s*=\s*["']([^"']+)""",
               re.IGNORECASE),
    re.compile(r'''"datePublished"\s*:\s*"([^"]+)"'''),
]


def embedded_published(html: str) -> str | None:
    """The publication date a page states in its meta tags or JSON-LD, if any."""
    head = html[:200_000]
    for pattern in PUBLISHED_PATTERNS:
        match = pattern.search(head)
        if match and normalise_date(match.group(1)):
            return normalise_date(match.group(1))
    return None


def read_feed(path: Path, data: bytes, defaults: SourceMeta) -> Output:
    """Each RSS/Atom entry as a ``feed`` document, source ``path#N`` (N: the entry's position)."""
    import feedparser

    if format_suffix(path) == ".xml" and xml_root_name(data) not in FEED_ROOTS:
        yield reject(path, "XML file is not an RSS/Atom feed")
        return
    try:
        parsed = feedparser.parse(data)
    except (ValueError, LookupError) as exc:  # feedparser fails so on e.g. a surrogate reference (&#xD800;)
        yield reject(path, f"not a valid feed: {type(exc).__name__}: {str(exc)[:80]}")
        return
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield reject(path, f"not a valid feed: {str(problem)[:80]}" if problem else "feed has no entries")
        return
    channel, cap = feed_channel_meta(parsed.feed), limits().records_per_file
    for number, entry in enumerate(parsed.entries[:cap], start=1):
        yield feed_entry(f"{path}#{number}", entry, channel, defaults)
    if len(parsed.entries) > cap:
        yield reject(path, too_many_records(cap))


def feed_channel_meta(channel: Any) -> SourceMeta:
    return SourceMeta(outlet=clean_value(channel.get("title")), language=normalise_language(channel.get("language")))


def feed_entry(source: str, entry: Any, channel: SourceMeta, defaults: SourceMeta) -> RawDocument | Rejection:
    body, body_type = entry_body(entry)
    if not body:
        return reject(source, "feed entry has no content or summary")
    record = SourceMeta(
        external_id=clean_value(entry.get("id")), title=clean_value(entry.get("title")),
        url=clean_value(entry.get("link")), author=clean_value(entry.get("author")),
        published=normalise_date(entry.get("published") or entry.get("updated")) or struct_date(entry),
        language=normalise_language((entry.get("content") or [{}])[0].get("language")))
    meta = merge_meta(merge_meta(record, defaults), channel)
    if ("html" in body_type or "xml" in body_type) and HTML_TAG.search(body):
        return RawDocument(source=source, kind="feed", html=body, meta=meta)
    return RawDocument(source=source, kind="feed", text=html_unescape(body), meta=meta)


# An element tag: RSS ``<description>`` is declared HTML, but is often plain text without any.
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")


def html_unescape(text: str) -> str:
    return html_entities.unescape(text) if "&" in text else text


def entry_body(entry: Any) -> tuple[str | None, str]:
    """The fullest body of a feed entry (content:encoded / content, else summary) and its type."""
    for part in entry.get("content") or []:
        if clean_value(part.get("value")):
            return part["value"], part.get("type") or "text/html"
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    if clean_value(summary):
        return summary, detail.get("type") or "text/html"
    return None, ""


def struct_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*parsed[:3]).isoformat() if parsed else None


XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
XML_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)


def xml_root_name(data: bytes) -> str | None:
    """The local name of the root element, lower-cased (``rdf:RDF`` -> ``rdf``), or None."""
    try:
        head = decode_bytes(data[:4096])
    except Unreadable:
        return None
    position = 0
    while match := XML_PROLOGUE.match(head, position):
        position = match.end()
    root = XML_ROOT.match(head[position:].lstrip())
    return root.group(1).split(":")[-1].lower() if root else None


READERS: dict[str, Callable[[Path, bytes, SourceMeta], Output]] = {
    ".html": read_plain("html"),
    ".htm": read_plain("html"),
    ".xhtml": read_plain("html"),
    ".txt": read_plain("text"),
    ".md": read_plain("text"),
    ".jsonl": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
