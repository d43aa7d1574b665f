"""Stage 2, clean: RawDocument -> Article | Rejection (boilerplate out, metadata recovered).

HTML (kinds html, warc, feed, or any record with ``html``) goes through trafilatura first (text with
one paragraph a line, favouring recall, plus title/author/date/site name); already-scraped text goes
straight to the line cleaner. The line cleaner then marks each line that is not article text with
the rule that caught it (comments, author bio, newsletter and share prompts, share counters, RSS
footers, "originally published" notes, related-article links, photo captions, skip links and other
page chrome, lines in another language, the title and byline lines). Marked lines are kept in
``Article.removed``, each a ``RemovedLine`` with the rule that took it out.

Before lines go, the metadata they carry is recovered: the title (a headline-like line near the top,
or the RSS footer "The post TITLE appeared first on OUTLET"), the outlet (RSS footer, a brand line,
a newsletter prompt, "staff writer for OUTLET"), the author ("By NAME", "Latest posts by NAME",
"NAME is a staff writer"). Metadata in ``raw.meta`` always wins over what is recovered.
"""
from __future__ import annotations

import hashlib
import re
from html import unescape
from dataclasses import dataclass, field
from typing import Callable

from sitroom.clean import _published as publication_dates
from sitroom.core import Article, RawDocument, Rejection, RemovedLine, limits, setting
from sitroom.ingest import canonical_outlet, document_language, identify, outlet_name, probability_of

HTML_KINDS = ("html", "warc", "feed")
MIN_RECALL_WORDS = setting("clean.boilerplate.min_recall_words")
MAX_LINES_ABOVE_TITLE = setting("clean.boilerplate.max_lines_above_title")


def article_id_for(body: str) -> str:
    """Content id: the same normalised body always gets the same id."""
    norm = re.sub(r"\s+", " ", body).strip().casefold()
    return "a" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:15]


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class PageMeta:
    """Metadata read from a page (HTML headers or recovered from text chrome); any field may be None."""
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class HtmlExtraction:
    text: str
    meta: PageMeta


@dataclass(frozen=True)
class CleanedText:
    """What the line cleaner made of a text: body lines, removed lines with reasons, metadata found."""
    body: str
    removed: tuple[RemovedLine, ...]
    meta: PageMeta
    language: str | None


@dataclass
class _Page:
    """Working state of the line cleaner (mutable while rules run; never leaves this module)."""
    raw_lines: list[str]
    lines: list[str]
    language: str | None
    html_mode: bool
    marks: dict[int, str] = field(default_factory=dict)
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    title_index: int | None = None
    paragraphs_before: list[int] = field(default_factory=list)  # running-text lines before each index

    def __post_init__(self) -> None:
        count = 0
        for line in self.lines:
            self.paragraphs_before.append(count)
            count += is_sentence_like(line, 12)

    def mark(self, index: int, reason: str) -> None:
        if self.lines[index] and index not in self.marks:
            self.marks[index] = reason

    def nonempty(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line]

    def kept(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line and i not in self.marks]


# ---------------------------------------------------------------- line signals

_TERMINAL = ".!?…\"'”’»)"
_WORD = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:de|van|von|der|al|el|bin|ibn|da|di|la|le)?\s*[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}"
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over",
                "the", "to", "up", "with", "vs", "via", "but", "is", "are", "after", "amid", "than"}


def words_of(line: str) -> list[str]:
    return _WORD.findall(line)


def is_sentence_like(line: str, min_words: int = 8) -> bool:
    """A running-text line: enough words and ends like a sentence."""
    return len(words_of(line)) >= min_words and line.rstrip()[-1:] in _TERMINAL


def title_case_ratio(line: str) -> float:
    """Share of content words (not small words) that start with a capital or digit."""
    content = [w for w in words_of(line) if w.casefold() not in _SMALL_WORDS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper() or w[0].isdigit()) / len(content)


def looks_like_headline(line: str) -> bool:
    """Headline-like: 4..25 words, no final period, mostly capitalised words, not a caption or a dateline."""
    n = len(words_of(line))
    return (4 <= n <= 25 and not line.rstrip().endswith((".", ":", ";", ","))
            and title_case_ratio(line) >= 0.75 and not matches_any(CAPTION + TIMESTAMP, line))


def matches_any(patterns: tuple[re.Pattern[str], ...], line: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.search(line)
        if found:
            return found
    return None


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# Lines after which the rest of the page is reader comments (only once the article has started).
COMMENTS_START = _rx(
    r"^(leave|post|add|write|submit) a (reply|comment|response)\b",
    r"^leave (your )?(reply|comment)s?\b",
    r"^\d+\s+(comments?|responses?|replies|thoughts)\b.{0,120}$",
    r"^(comments?|responses?)\s*\(\d+\)$",
    r"^(\d+|one|two|three)\s+thoughts? on\b",
    r"^(comments|reader comments|discussion|join the (discussion|conversation))\s*:?$",
    r"^(show|view|load|read) (all )?(\d+ )?comments\b",
    r"^(yorum yap|yorumlar|kommentare|commentaires|comentarios|commenti|комментарии)\s*(\(\d+\))?:?$",
)
COMMENT_FORM = _rx(
    r"your email address will not be published",
    r"required fields are marked",
    r"save my name, email",
    r"notify me of (new|follow-up)",
    r"you must be logged in to post a comment",
    r"^cancel reply$",
    r"this site uses akismet",
    r"e-posta hesabınız yayımlanmayacak",
    r"ihre e-mail-adresse wird nicht veröffentlicht",
    r"votre adresse (e-mail|de messagerie) ne sera pas publiée",
    r"tu dirección de correo electrónico no será publicada",
)
COMMENT_META = _rx(
    r"^\S.{0,60}\s+says:$",
    r"^\w+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s*[ap]\.?m\.?$",
    r"^(reply|log in to reply|like|report|flag|quote)$",
)
CHROME_PHRASES = _rx(
    r"^skip to (main )?(content|navigation|search)",
    r"^jump to (main )?(navigation|content)",
    r"^i̇?çeriğe geç",
    r"^zum inhalt springen",
    r"^(aller|passer) au contenu",
    r"^(saltar|ir) al contenido",
    r"^vai al contenuto",
    r"^перейти к (содержимому|содержанию)",
    r"^naar de inhoud",
    r"^(comments are closed|yorumlar kapatıldı|kommentare sind geschlossen|les commentaires sont fermés"
    r"|los comentarios están cerrados|i commenti sono chiusi|комментарии закрыты|reacties zijn gesloten)",
    r"^(toggle navigation|main menu|open menu|close menu|search for:?|type your search)",
    r"^(advertisement|sponsored( content)?|reklam|werbung|publicité|publicidad|реклама)$",
    r"^(scroll|back) to top$",
    r"^(next|previous|prev) (article|post|story)\b",
    r"^listen to (this|the) (article|story)",
    r"\ball rights reserved\b",
    r"^(copyright|©)\s",
    r"^(privacy policy|terms of (use|service)|cookie policy|contact us|about us)\b.{0,60}$",
    r"\bwe use cookies\b",
    r"^(loading|please wait)\.*$",
    r"^(tags?|filed under|categories|category|topics?)\s*:",
    r"^(click|tap) here\b.{0,80}$",
    r"^posted in\s",
)
CHROME_WORDS = {
    "menu", "search", "home", "print", "email", "e-mail", "facebook", "twitter", "whatsapp", "telegram",
    "linkedin", "pinterest", "reddit", "vk", "x", "close", "more", "news", "login", "log in", "sign in",
    "register", "share", "tweet", "pin", "comments", "comment", "related", "subscribe", "newsletter",
    "follow us", "video", "photo", "photos", "gallery", "top", "previous", "next", "english", "русский",
    "türkçe", "հայերեն", "azərbaycanca", "print this page", "send", "copy link", "link copied",
}
NEWSLETTER = _rx(
    r"\bget (the|our) .{1,60}\bin your inbox\b",
    r"\bsign up (for|to) (our|the) .{0,50}\b(newsletter|briefing|emails?)\b",
    r"^subscribe\b.{0,80}$",
    r"\bsubscribe to (our|the) .{0,40}(newsletter|channel|emails?)\b",
    r"^(share|share this|share on|share via|share article|share story|email this|print this)\b.{0,60}$",
    r"^click to (share|email|print)\b",
    r"^(follow|like) us on\b",
    r"^like this:?$",
    r"^support (independent|our) journalism\b.{0,120}$",
)
TIMESTAMP = _rx(
    r"\b\d{1,2}:\d{2}\b",
    r"\b(posted|updated|published|last modified)\b\s*(:|on\b)",
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b",
)
SHARE_COUNTER = _rx(r"^[+\d][\d\s.,]*[kKmM]?$")
RSS_FOOTER = _rx(r"^the post\s+(?P<title>.+?)\s+appeared first on\s+(?P<outlet>.+?)\.?$")
ORIGINALLY = _rx(
    r"^(this|the) (piece|article|story|post|report|interview|op-ed|commentary|analysis) (was|is|has been|first)\b"
    r".{0,40}\b(originally|first) (published|appeared|posted)\b",
    r"\b(originally|first) (published|appeared|posted) (in|on|by|at)\b",
    r"^(republished|reprinted) (from|with permission)\b",
)
RELATED = _rx(
    r"^(also read|read also|read more|related|related (articles?|stories|posts?|news|coverage|content)"
    r"|see also|recommended( for you)?|more from|more on this( story)?|more stories|you may also like"
    r"|you might also like|further reading|read next|most read|trending( now)?|popular|latest news"
    r"|daha fazla|ayrıca oku|lesen sie auch|à lire aussi|lire aussi|lee también|leer más|читайте также)"
    r"\s*(:|[-–—|]|$)",
)
CAPTION = _rx(
    r"\((photo|image|picture|photograph|video|credit|source|pictured)s?\b\s*(:|by|credit|courtesy)",
    r"^(photo|image|picture|file photo|credit|photograph|video)\s*(:|by\b|credit|courtesy)",
    r"\b(AP|AFP|EPA|Reuters|Getty Images|Shutterstock|Anadolu Agency|Sputnik|TASS)\s*(Photo|Images)?\s*/",
    r"\b(AP Photo|Getty Images|AFP via Getty|photo credit|photo courtesy|courtesy photo)\b",
    r"\s[|/]\s*(photo|image)\b",
    r"^(above|below|left|right|top|bottom|pictured|from left)\b[^.]{0,30}\(",
    r"\((left|right|from left|l-r|left to right|center|centre|above|pictured)\b",
    r"\bview full caption\b",
)
SOCIAL = _rx(
    r"^rt @\w+",
    r"(@\w+\W+){2,}",
    r"\s[-–—]\s*\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago$",
    r"^(pic\.twitter\.com|https?://t\.co/)",
)
AUTHOR_BIO_MARKERS = _rx(
    r"^latest posts by\s",
    r"^(author information|about the author|author bio|author details)$",
    r"^(more|all|view all|see all) (posts|articles|stories) by\s",
    r"^\(see all\)$",
    r"^view all posts by\s",
)
BIO_SENTENCE = re.compile(
    r"^(?P<name>" + _NAME + r") is (a|an|the|currently|our)\b[^.]{0,100}?\b(staff writer|writer|reporter|journalist"
    r"|correspondent|editor|contributor|columnist|analyst|researcher|fellow|student|author|producer|photographer"
    r"|candidate|freelance\w*|scholar|professor|blogger|director|founder)\b"
)
BIO_OUTLET = re.compile(r"\b(?:staff writer|writer|reporter|editor|correspondent|columnist|contributor)"
                        r" (?:for|at|with) (?P<outlet>(?:the )?[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,4})")
BYLINE = re.compile(r"^(?i:by|written by|words by|story by|reporting by|text by|von|par|por|di)\s+"
                    r"(?P<name>" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")?)"
                    r"\s*(?:$|[,|•·–—-]|\s+(?i:on|in|for|at)\b)")
LATEST_POSTS = re.compile(r"^(?i:latest posts by)\s+(?P<name>" + _NAME + r")")
NEWSLETTER_OUTLET = re.compile(r"\bget (?:the|our) (?P<name>.{1,60}?)\s+in your inbox\b", re.IGNORECASE)
_NEWSLETTER_NOISE = re.compile(r"\b(weekly|daily|newsletter|news|briefing|headlines|latest|stories|updates)\b",
                               re.IGNORECASE)
INDENTED_FIRST_ITEM = re.compile(r"^\s+1[.)]\s+\S")


# ---------------------------------------------------------------- rules: each marks lines of a page


def article_started(page: _Page, index: int, min_paragraphs: int = 2) -> bool:
    """Whether at least ``min_paragraphs`` running-text lines come before ``index``."""
    return page.paragraphs_before[index] >= min_paragraphs


def mark_from(page: _Page, start: int, reason: str) -> None:
    for i in range(start, len(page.lines)):
        page.mark(i, reason)


def rule_comment_sections(page: _Page) -> None:
    """'Leave a Reply', 'N comments', ... once the article has started: everything after is comments."""
    for i in page.nonempty():
        line = page.lines[i]
        if len(line) <= 160 and matches_any(COMMENTS_START, line) and article_started(page, i):
            mark_from(page, i, "comments")
            return


def rule_comment_thread(page: _Page) -> None:
    """An indented numbered list after the article that runs to the end of the page: a comment thread."""
    for i in page.nonempty():
        if not INDENTED_FIRST_ITEM.match(page.raw_lines[i]) or not article_started(page, i, 3):
            continue
        rest = [j for j in page.nonempty() if j > i]
        outside = [j for j in rest if not page.raw_lines[j][:1].isspace() and j not in page.marks
                   and not matches_any(COMMENTS_START + COMMENT_FORM + COMMENT_META, page.lines[j])]
        if not outside:
            mark_from(page, i, "comments")
            return


def rule_line_patterns(page: _Page) -> None:
    """Lines that are chrome by their own wording."""
    checks: tuple[tuple[str, tuple[re.Pattern[str], ...], int], ...] = (
        ("comment_form", COMMENT_FORM, 300),
        ("rss_footer", RSS_FOOTER, 400),
        ("author_bio", AUTHOR_BIO_MARKERS, 200),
        ("newsletter", NEWSLETTER, 200),
        ("share_counter", SHARE_COUNTER, 12),
        ("originally_published", ORIGINALLY, 250),
        ("related", RELATED, 250),
        ("page_chrome", CHROME_PHRASES, 200),
        ("caption", CAPTION, 350),
    )
    for i in page.nonempty():
        line = page.lines[i]
        for reason, patterns, max_len in checks:
            if len(line) <= max_len and matches_any(patterns, line):
                page.mark(i, reason)
                break
        else:
            if line.casefold().strip(" :|•·>»›") in CHROME_WORDS:
                page.mark(i, "page_chrome")


def rule_comment_meta(page: _Page) -> None:
    """'Reply', 'NAME says:' and comment timestamps, after the article has started."""
    for i in page.nonempty():
        if matches_any(COMMENT_META, page.lines[i]) and article_started(page, i):
            page.mark(i, "comments")


def rule_author_bio(page: _Page) -> None:
    """'NAME is a staff writer ...' after the article, and lines that are only the author's name."""
    for i in page.nonempty():
        line = page.lines[i]
        if BIO_SENTENCE.match(line) and article_started(page, i):
            page.mark(i, "author_bio")
        elif page.author and line.casefold() == page.author.casefold():
            page.mark(i, "byline")


def rule_social_tail(page: _Page) -> None:
    """Retweets anywhere; other social-media lines (handles, "- 1 month ago") only in the page tail,
    after the last running-text line still kept (inside the article they are quoted tweets)."""
    running = [i for i in page.kept() if is_sentence_like(page.lines[i], 12)]
    last = running[-1] if running else -1
    for i in page.kept():
        line = page.lines[i]
        if len(line) <= 400 and (line.casefold().startswith("rt @") or (i > last and matches_any(SOCIAL, line))):
            page.mark(i, "social")


def rule_bio_block(page: _Page, max_gap: int = 8) -> None:
    """Lines between a bio marker ('Latest posts by', 'NAME is a staff writer') and other bio lines
    near it are part of the same author box."""
    strong = sorted(i for i, reason in page.marks.items() if reason == "author_bio")
    bio = sorted(i for i, reason in page.marks.items() if reason in ("author_bio", "byline", "social")
                 and article_started(page, i))
    for anchor in strong:
        near = [i for i in bio if abs(i - anchor) <= max_gap * 2]
        low, high = min(near + [anchor]), max(near + [anchor])
        between = [i for i in range(low, high) if page.lines[i] and i not in page.marks]
        if len(between) <= max_gap:
            for i in between:
                page.mark(i, "author_bio")


def rule_foreign_lines(page: _Page, min_confidence: float = 0.8, max_home_probability: float = 0.05) -> None:
    """Lines confidently in another language than the article (e.g. chrome of a foreign CMS)."""
    if not page.language:
        return
    for i in page.kept():
        line = page.lines[i]
        guess = identify(line, min_confidence=min_confidence)
        if guess.known and guess.code != page.language and probability_of(line, page.language) < max_home_probability:
            page.mark(i, "foreign_language")


def rule_title_and_byline(page: _Page) -> None:
    """The title line, lines above it (captions, chrome), the byline and a brand line (outlet name)."""
    if page.title_index is not None:
        page.mark(page.title_index, "title")
        above = [i for i in page.nonempty() if i < page.title_index]
        if not page.html_mode and len(above) <= MAX_LINES_ABOVE_TITLE:
            for i in above:
                if len(words_of(page.lines[i])) <= 30:
                    page.mark(i, "above_title")
    for i in page.nonempty():
        line = page.lines[i]
        if page.title and i not in page.marks and _same_text(line, page.title) and not article_started(page, i, 1):
            page.mark(i, "title")
        elif BYLINE.match(line) and len(line) <= 120:
            page.mark(i, "byline")
        elif len(line) <= 40 and canonical_outlet(line):
            page.mark(i, "outlet")


def rule_repeated_lines(page: _Page, min_words: int = 5) -> None:
    """A line that repeats an earlier kept line word for word (captures that doubled paragraphs)."""
    seen: set[str] = set()
    for i in page.kept():
        key = " ".join(words_of(page.lines[i])).casefold()
        if len(key.split()) < min_words:
            continue
        if key in seen:
            page.mark(i, "repeated_line")
        seen.add(key)


def rule_bottom_chrome(page: _Page) -> None:
    """Short lines without sentence punctuation after the last running-text line (brand lines, menus)."""
    kept = page.kept()
    paragraphs = [i for i in kept if is_sentence_like(page.lines[i])]
    if not paragraphs:
        return
    for i in kept:
        line = page.lines[i]
        if i > paragraphs[-1] and len(words_of(line)) <= 6 and line.rstrip()[-1:] not in _TERMINAL:
            page.mark(i, "bottom_chrome")


RULES: tuple[Callable[[_Page], None], ...] = (
    rule_comment_sections,
    rule_comment_thread,
    rule_line_patterns,
    rule_comment_meta,
    rule_author_bio,
    rule_social_tail,
    rule_bio_block,
    rule_title_and_byline,
    rule_foreign_lines,
    rule_repeated_lines,
)
TEXT_ONLY_RULES: tuple[Callable[[_Page], None], ...] = (rule_bottom_chrome,)


# ---------------------------------------------------------------- metadata recovery


def _same_text(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))
    return bool(key(a)) and key(a) == key(b)


def find_title_line(lines: list[str], top: int = 8) -> int | None:
    """Index of a headline-like line among the first ``top`` non-empty lines, before any running text."""
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if is_sentence_like(line, 12) or seen >= top:
            return None
        if looks_like_headline(line) and not _is_chrome_line(line):
            return i
        seen += 1
    return None


def _is_chrome_line(line: str) -> bool:
    patterns = CHROME_PHRASES + NEWSLETTER + RELATED + CAPTION + RSS_FOOTER + AUTHOR_BIO_MARKERS
    return bool(matches_any(patterns, line) or BYLINE.match(line) or canonical_outlet(line)
                or line.casefold() in CHROME_WORDS)


def recover_author(lines: list[str]) -> str | None:
    """'By NAME' near the top, else 'Latest posts by NAME', else 'NAME is a staff writer ...'."""
    for line in lines[:40]:
        found = BYLINE.match(line)
        if found and len(line) <= 120:
            return found.group("name").strip()
    for pattern in (LATEST_POSTS, BIO_SENTENCE):
        for line in lines:
            found = pattern.match(line)
            if found:
                return found.group("name").strip()
    return None


def recover_outlet(lines: list[str]) -> str | None:
    """RSS footer, a brand line, a newsletter prompt, 'staff writer for OUTLET', in that order."""
    for line in lines:
        found = matches_any(RSS_FOOTER, line)
        if found:
            return outlet_name(found.group("outlet"))
    for line in lines:
        if line and len(line) <= 40 and canonical_outlet(line):
            return canonical_outlet(line)
    prompts = [m.group("name") for line in lines for m in [NEWSLETTER_OUTLET.search(line)] if m]
    for name in sorted(prompts, key=len, reverse=True):
        stripped = _NEWSLETTER_NOISE.sub(" ", name)
        known = canonical_outlet(stripped) or canonical_outlet(name)
        if known:
            return known
    for line in lines:
        found = BIO_OUTLET.search(line)
        if found and canonical_outlet(found.group("outlet")):
            return canonical_outlet(found.group("outlet"))
    if prompts:
        return outlet_name(_NEWSLETTER_NOISE.sub(" ", max(prompts, key=len)))
    return None


def recover_title(lines: list[str], title_index: int | None) -> str | None:
    if title_index is not None:
        return lines[title_index]
    for line in lines:
        found = matches_any(RSS_FOOTER, line)
        if found:
            return found.group("title").strip()
    return None


# ---------------------------------------------------------------- the line cleaner


def clean_text(text: str, hints: PageMeta = PageMeta(), html_mode: bool = False) -> CleanedText:
    """Line-level cleaning of scraped text. ``hints`` is metadata already known (it wins)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw_lines]
    page = _Page(raw_lines=raw_lines, lines=lines, language=document_language(_running_text(lines)),
                 html_mode=html_mode)
    page.title_index = None if html_mode else find_title_line(lines)
    page.title = hints.title or recover_title(lines, page.title_index)
    page.author = hints.author or recover_author(lines)
    page.outlet = hints.outlet or recover_outlet(lines)
    for rule in RULES + (() if html_mode else TEXT_ONLY_RULES):
        rule(page)
    kept = page.kept()
    removed = sorted(page.marks)
    body = "\n".join(lines[i] for i in kept)
    return CleanedText(
        body=body,
        removed=tuple(RemovedLine(lines[i], page.marks[i]) for i in removed),
        meta=PageMeta(title=page.title, outlet=page.outlet, author=page.author),
        language=document_language(body) or page.language,
    )


def _running_text(lines: list[str]) -> str:
    """The sentence-like lines (or everything, when there are none): what the page's language is read from."""
    running = [line for line in lines if is_sentence_like(line)]
    return "\n".join(running or lines)


# ---------------------------------------------------------------- HTML


def extract_html(html: str, source: str) -> HtmlExtraction | Rejection:
    """Main text (one paragraph a line) and metadata of an HTML page, via trafilatura.

    Elements nested deeper than the HTML depth limit are flattened first (libxml2 stops at 256
    levels and would lose the text). A fragment (no ``<html>``/``<body>``, as in a feed's
    ``<description>``) that trafilatura finds no article in is read as text, paragraph by paragraph."""
    if not html or "<" not in html:
        return Rejection(source, "clean", "empty or not HTML")
    import trafilatura

    html = flatten_deep_html(html, limits().html_depth)
    try:
        doc = trafilatura.bare_extraction(html, favor_recall=True, include_comments=False, include_tables=True,
                                          with_metadata=True, deduplicate=False)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup trafilatura cannot parse
        return Rejection(source, "clean", f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_RECALL_WORDS:  # the recall-minded pass sometimes keeps only a teaser
        fallback = trafilatura.extract(html, include_comments=False, include_tables=True, deduplicate=False) or ""
        if len(fallback.split()) > len(text.split()):
            text = fallback.strip()
    if not text and is_fragment(html):
        text = fragment_text(html)
    if not text:
        return Rejection(source, "clean", "no article text found in HTML")
    meta = PageMeta(title=_field(doc, "title"), outlet=_field(doc, "sitename"), author=_field(doc, "author"),
                    published=_iso_date(_field(doc, "date")))
    return HtmlExtraction(text=text, meta=meta)


# A start or end tag (name, rest); comments, doctypes and processing instructions are not matched.
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
# Void elements never nest; these close themselves implicitly (<p>, <li> without </p>, </li>):
# neither kind counts towards the depth, so a sloppy page never looks deep.
UNNESTED_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr "
                          "p li dt dd option tr td th thead tbody tfoot colgroup".split())


def flatten_deep_html(html: str, max_depth: int) -> str:
    """``html`` with the start and end tags of elements nested deeper than ``max_depth`` dropped
    (their text stays, inside the deepest kept ancestor); unchanged when nothing is that deep."""
    if html.count("<") <= max_depth:
        return html
    depth, deepest, kept, last = 0, 0, [], 0
    for tag in TAG.finditer(html):
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in UNNESTED_TAGS or rest.endswith("/"):
            continue
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
        if (depth + (1 if closing else 0)) > max_depth:
            kept.append(html[last:tag.start()])
            last = tag.end()
        depth = max(depth, 0)
    if deepest <= max_depth:
        return html
    kept.append(html[last:])
    return "".join(kept)


BLOCK_BREAK = re.compile(r"<\s*(?:br|/?(?:p|div|li|h[1-6]|blockquote|tr|section|article|ul|ol|table))\b[^<>]*>",
                         re.IGNORECASE)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


def is_fragment(html: str) -> bool:
    head = html[:100_000].lower()
    return "<body" not in head and "<html" not in head


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, one block element a line (entities decoded, tags dropped)."""
    text = BLOCK_BREAK.sub("\n", SCRIPT_OR_STYLE.sub(" ", html))
    text = unescape(re.sub(r"<[^<>]*>", "", text))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _field(doc: object, name: str) -> str | None:
    value = getattr(doc, name, None)
    return str(value).strip() or None if value else None


def _iso_date(value: str | None) -> str | None:
    found = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return found.group(0) if found else None


# ---------------------------------------------------------------- entry point


def clean_document(raw: RawDocument) -> Article | Rejection:
    """RawDocument -> Article (clean body, recovered metadata) or Rejection(source, "clean", reason)."""
    page_meta = PageMeta()
    if raw.html is not None or (raw.kind in HTML_KINDS and raw.text is None):
        extracted = extract_html(raw.html or "", raw.source)
        if isinstance(extracted, Rejection):
            return extracted
        text, page_meta, html_mode = extracted.text, extracted.meta, True
    else:
        text, html_mode = raw.text or "", False
    if not text.strip():
        return Rejection(raw.source, "clean", "no article text")
    m = raw.meta
    hints = PageMeta(title=m.title or page_meta.title, outlet=m.outlet or page_meta.outlet,
                     author=m.author or page_meta.author)
    cleaned = clean_text(text, hints, html_mode=html_mode)
    if not cleaned.body.strip():
        return Rejection(raw.source, "clean", "nothing left after removing boilerplate")
    published, inferred = _publication_date(m.published or page_meta.published,
                                            cleaned.body[:limits().article_chars])  # bounded work
    return Article(
        id=article_id_for(cleaned.body), source=raw.source, body=cleaned.body,
        title=m.title or cleaned.meta.title, outlet=m.outlet or outlet_name(cleaned.meta.outlet),
        author=m.author or cleaned.meta.author, language=m.language or cleaned.language,
        published=published, published_inferred=inferred, external_id=m.external_id, url=m.url,
        removed=cleaned.removed,
    )


def _publication_date(known: str | None, body: str) -> tuple[str | None, bool]:
    """The known publication date, else the one inferred from the body (flagged as inferred)."""
    if known:
        return known, False
    guess = publication_dates.infer_published(body)  # looked up at call time: tests stub it
    value = getattr(guess, "date", guess)
    return (str(value), True) if value else (None, False)
