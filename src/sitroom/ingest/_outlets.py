"""A small curated list of news outlets and the names pages call them by.

Used by cleaning to turn what a page says about itself ("CIVILNET", "appeared first on The
Armenian Weekly", "Get the Mirror-Spectator Weekly in your inbox") into one canonical outlet name.
Hand-written from public knowledge of the outlets; no reference data is copied here.
"""
from __future__ import annotations

import re
from functools import lru_cache

# canonical name -> other names and spellings pages use
OUTLETS: dict[str, tuple[str, ...]] = {
    "CivilNet": ("civilnet.am", "Civil Net"),
    "The Armenian Weekly": ("Armenian Weekly", "armenianweekly", "armenianweekly.com"),
    "The Armenian Mirror-Spectator": ("Armenian Mirror-Spectator", "Mirror-Spectator", "Mirror Spectator",
                                      "mirrorspectator.com"),
    "Asbarez": ("asbarez.com",),
    "news.am": ("NEWS.am", "newsam"),
    "Armenpress": ("armenpress.am", "ARMENPRESS"),
    "Hetq": ("hetq.am",),
    "EVN Report": ("evnreport.com", "EVN"),
    "Azatutyun": ("RFE/RL", "Radio Free Europe/Radio Liberty", "Radio Free Europe", "RFE/RL's Armenian Service",
                  "azatutyun.am"),
    "Panorama.am": ("Panorama",),
    "Public Radio of Armenia": ("1lurer.am", "Armenian Public Radio"),
    "Massis Post": ("massispost.com",),
    "Horizon Weekly": ("horizonweekly.ca",),
    "JAMnews": ("JAM News", "jam-news.net"),
    "OC Media": ("oc-media.org",),
    "Eurasianet": ("eurasianet.org",),
    "APA": ("apa.az", "Azeri Press Agency"),
    "Trend": ("trend.az", "Trend News Agency"),
    "Report.az": ("Report News Agency", "report.az"),
    "AZERTAC": ("Azertag", "azertag.az", "Azerbaijan State News Agency"),
    "News.az": ("newsaz",),
    "Azernews": ("azernews.az",),
    "Daily Sabah": ("dailysabah.com",),
    "Anadolu Agency": ("aa.com.tr", "Anadolu"),
    "Hürriyet Daily News": ("Hurriyet Daily News", "hurriyetdailynews.com"),
    "TASS": ("tass.com", "ITAR-TASS"),
    "RIA Novosti": ("ria.ru",),
    "Interfax": ("interfax.com",),
    "Reuters": ("reuters.com", "Thomson Reuters"),
    "Associated Press": ("AP", "AP News", "apnews.com", "The Associated Press"),
    "AFP": ("Agence France-Presse", "Agence France Presse", "afp.com"),
    "BBC": ("BBC News", "bbc.com", "bbc.co.uk", "BBC World Service"),
    "Al Jazeera": ("aljazeera.com", "Al Jazeera English", "Aljazeera"),
    "CNN": ("cnn.com",),
    "The Guardian": ("Guardian", "theguardian.com"),
    "The New York Times": ("New York Times", "nytimes.com", "NYT"),
    "The Washington Post": ("Washington Post", "washingtonpost.com"),
    "The Kyiv Independent": ("Kyiv Independent", "kyivindependent.com"),
    "Ukrinform": ("ukrinform.net",),
    "The Times of Israel": ("Times of Israel", "timesofisrael.com"),
    "Haaretz": ("haaretz.com",),
    "Deutsche Welle": ("DW", "dw.com"),
    "France 24": ("france24.com",),
    "Euronews": ("euronews.com",),
    "Voice of America": ("VOA", "voanews.com"),
}

# names too short or too common to trust inside running text; they count only as a whole line
_WHOLE_LINE_ONLY = {"ap", "apa", "dw", "evn", "voa", "nyt", "trend", "guardian", "panorama", "anadolu"}


def outlet_key(name: str) -> str:
    """A comparison key: casefolded words, without a leading 'the' and without punctuation."""
    words = re.findall(r"\w+", (name or "").casefold())
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in OUTLETS.items():
        for alias in (canonical, *aliases):
            index[outlet_key(alias)] = canonical
            index[outlet_key(alias).replace(" ", "")] = canonical
    return index


def canonical_outlet(name: str | None, whole_line: bool = True) -> str | None:
    """The canonical outlet for ``name`` when it is one we know (exactly, or as a unique part of a
    known name: "Mirror-Spectator" -> "The Armenian Mirror-Spectator"); else None."""
    key = outlet_key(name or "")
    if not key:
        return None
    index = _alias_index()
    if key in index and (whole_line or key not in _WHOLE_LINE_ONLY):
        return index[key]
    if len(key) < 6:
        return None
    padded = f" {key} "
    found = {canonical for alias, canonical in index.items() if padded in f" {alias} "}
    return found.pop() if len(found) == 1 else None


def outlet_name(name: str | None) -> str | None:
    """The canonical name when known, else the name as given (trimmed), else None."""
    cleaned = re.sub(r"\s+", " ", (name or "")).strip(" .,:;|-–—")
    if not cleaned:
        return None
    return canonical_outlet(cleaned) or cleaned
