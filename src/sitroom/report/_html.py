"""Stage 7, report: the situation summary for the terminal and the HTML report.

Entry points: :func:`situation` (gather what to show), :func:`print_summary` (rich, terminal)
and :func:`write_html` (one self-contained page: events, contested figures side by side, a
timeline, a map of events, the claims ledger and the articles with what cleaning removed).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from sitroom.core import Article, Claim, Contradiction, Event, Figure, TimelineEntry, setting
from sitroom.store import SQLiteStore


@dataclass(frozen=True)
class Situation:
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]
    contradictions: tuple[Contradiction, ...]
    timeline: tuple[TimelineEntry, ...]

    def outlet_of(self, article_id: str) -> str:
        for a in self.articles:
            if a.id == article_id:
                return a.outlet or Path(a.source).name
        return article_id


def situation(store: SQLiteStore) -> Situation:
    return Situation(tuple(store.articles()), tuple(store.events()), tuple(store.figures()),
                     tuple(store.contradictions()), tuple(store.timeline()))


def main_events(s: Situation, limit: int = 12) -> list[Event]:
    """Most-sourced first, then by fatalities, then by date."""
    ranked = sorted(s.events, key=lambda e: (-len(e.article_ids), -(e.fatalities_best or 0), e.date or ""))
    return sorted(ranked[:limit], key=lambda e: (e.date or "9999", e.id))


def claim_line(claim: Claim) -> str:
    value = claim.value
    if value is None and claim.low is not None:
        value = f"{claim.low:g}-{claim.high:g}"
    elif isinstance(value, float):
        value = f"{value:g}"
    who = claim.claimant or claim.outlet or "the outlet's own report"
    stance = claim.stance or "asserted"
    tail = "" if stance == "asserted" else f", {stance}"
    return f"{value} ({who}{tail})"


def summary_console() -> Console:
    """The terminal's width; 120 columns when writing to a file or a pipe."""
    console = Console()
    return console if console.is_terminal else Console(width=120)


def print_summary(s: Situation, console: Console | None = None) -> None:
    console = console or summary_console()
    originals = [a for a in s.articles if not a.duplicate_of]
    console.print(f"[bold]sitroom[/bold]: {len(s.articles)} articles ({len(s.articles) - len(originals)} duplicates), "
                  f"{len(s.figures)} figures, {len(s.events)} events, {len(s.contradictions)} claim groups")
    table = Table(title="Main incidents", show_lines=False)
    for col in ("date", "incident", "place", "killed", "sources"):
        table.add_column(col)
    for e in main_events(s):
        killed = "" if e.fatalities_best is None else str(e.fatalities_best)
        sources = ", ".join(sorted({s.outlet_of(a) for a in e.article_ids}))
        table.add_row(e.date or "?", e.sub_type or e.type, e.place or "?", killed, sources)
    console.print(table)
    contested = [c for c in s.contradictions if c.status in ("contested", "range", "superseded")]
    if contested:
        ledger = Table(title="Figures the sources disagree on")
        for col in ("about", "status", "who claims what"):
            ledger.add_column(col)
        for c in contested[:12]:
            claims = [k for k in c.claims if not k.part]
            ledger.add_row(c.about, c.status, "; ".join(claim_line(k) for k in claims) or str(list(c.values)))
        console.print(ledger)


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _map_svg(events: tuple[Event, ...]) -> str:
    """A plain SVG scatter of events by lon/lat (no tiles: the report works offline)."""
    pts = [(e.lon, e.lat, e) for e in events if e.lat is not None and e.lon is not None]
    if not pts:
        return "<p>No geocoded events.</p>"
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    pad = 0.2
    x0, x1, y0, y1 = min(lons) - pad, max(lons) + pad, min(lats) - pad, max(lats) + pad
    w, h = 640, 420
    dots = []
    for lon, lat, e in pts:
        x = (lon - x0) / (x1 - x0) * w
        y = h - (lat - y0) / (y1 - y0) * h
        r = 4 + min(len(e.article_ids), 6)
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#c0392b" fill-opacity="0.6">'
                    f'<title>{_esc(e.summary)}</title></circle>'
                    f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}" font-size="11">{_esc(e.place)}</text>')
    return (f'<svg width="{w}" height="{h}" style="border:1px solid #ccc;background:#f8f8f4">'
            + "".join(dots) + "</svg>")


FEATURED_LIMITS = {"contested": 30, "deadliest": 15, "most_sourced": 15, "newest": 15}
MAX_FEATURED = setting("report.html.max_featured")
MAX_LEDGER = setting("report.html.max_ledger")
MAX_FIGURES = setting("report.html.max_figures")
MAX_ARTICLES = setting("report.html.max_articles")


def _head(cols: tuple[str, ...]) -> str:
    return "<tr>" + "".join(f"<th>{_esc(c)}</th>" for c in cols) + "</tr>"


def _rows(cells: list[list[object]]) -> str:
    return "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in cells)


def contested_figure_ids(s: Situation) -> set[str]:
    return {f for c in s.contradictions if c.status == "contested" for f in c.figure_ids}


def featured_events(s: Situation) -> list[Event]:
    """The events that matter most, bounded: contested, deadliest, most sourced, newest (in that order)."""
    if len(s.events) <= MAX_FEATURED:
        return sorted(s.events, key=lambda e: (e.date or "9999", e.id))
    contested = contested_figure_ids(s)
    picks = {
        "contested": [e for e in s.events if contested & set(e.figure_ids)],
        "deadliest": sorted((e for e in s.events if e.fatalities_best), key=lambda e: -(e.fatalities_best or 0)),
        "most_sourced": sorted(s.events, key=lambda e: -len(e.article_ids)),
        "newest": sorted((e for e in s.events if e.date), key=lambda e: e.date or "", reverse=True),
    }
    chosen: dict[str, Event] = {}
    for name, events in picks.items():
        for e in events[:FEATURED_LIMITS[name]]:
            if len(chosen) < MAX_FEATURED:
                chosen.setdefault(e.id, e)
    return sorted(chosen.values(), key=lambda e: (e.date or "9999", e.id))


def _rest_line(shown: int, total: int, what: str, counts: dict[str, int] | None = None) -> str:
    if total <= shown:
        return ""
    by = "; ".join(f"{_esc(k)}: {v}" for k, v in sorted((counts or {}).items()))
    return f"<p class='rest'>{total - shown} more {what} not shown{' (' + by + ')' if by else ''}.</p>"


def _events_section(s: Situation, featured: list[Event]) -> str:
    rows = _rows([[e.date, e.date_precision, e.type, e.sub_type, e.place, e.geo_precision, e.country,
                   _toll(e), ", ".join(e.actors), ", ".join(sorted({s.outlet_of(a) for a in e.article_ids})),
                   e.summary] for e in featured])
    shown = {e.id for e in featured}
    rest: dict[str, int] = {}
    for e in s.events:
        if e.id not in shown:
            rest[e.type or "untyped"] = rest.get(e.type or "untyped", 0) + 1
    cols = ("date", "precision", "type", "sub-type", "place", "geo precision", "country", "killed (low-best-high)",
            "actors", "sources", "summary")
    return (f"<h2>Events</h2><p>The {len(featured)} of {len(s.events)} that matter most: contested, deadliest, "
            f"most sourced, newest.</p><table>{_head(cols)}{rows}</table>"
            + _rest_line(len(featured), len(s.events), "events", rest))


def _toll(e: Event) -> str:
    if e.fatalities_best is None:
        return ""
    if e.fatalities_low == e.fatalities_high == e.fatalities_best:
        return str(e.fatalities_best)
    return f"{e.fatalities_low}-{e.fatalities_best}-{e.fatalities_high}"


def _ledger_section(s: Situation) -> str:
    order = {"contested": 0, "superseded": 1, "range": 2, "consistent": 3}
    ledger = sorted(s.contradictions, key=lambda c: (order.get(c.status, 4), c.id))[:MAX_LEDGER]
    rows = _rows([[c.about, c.kind, c.party, c.status, c.best, "; ".join(claim_line(k) for k in c.claims)]
                  for c in ledger])
    return (f"<h2>Claims ledger (contested first)</h2><table>{_head(('about', 'kind', 'party', 'status', 'best', 'claims'))}"
            f"{rows}</table>" + _rest_line(len(ledger), len(s.contradictions), "claim groups"))


def _figures_section(s: Situation, featured: list[Event]) -> str:
    wanted = contested_figure_ids(s) | {f for e in featured for f in e.figure_ids}
    figures = [f for f in s.figures if f.id in wanted][:MAX_FIGURES]
    rows = _rows([[f.kind, f.party, f.value if f.value is not None else f"{f.low}-{f.high}", f.qualifier,
                   f.claimant, f.stance, f.event_date, f.place, s.outlet_of(f.article_id), f.sentence]
                  for f in figures])
    cols = ("kind", "party", "value", "qualifier", "claimant", "stance", "event date", "place", "outlet", "sentence")
    return (f"<h2>Figures of these events and contested figures</h2><table>{_head(cols)}{rows}</table>"
            + _rest_line(len(figures), len(s.figures), "figures"))


def _article_block(a: Article) -> str:
    return (f"<details><summary>{_esc(a.title or a.source)} — {_esc(a.outlet)} — {_esc(a.published)}"
            f"{' (inferred)' if a.published_inferred else ''}{' — duplicate' if a.duplicate_of else ''}</summary>"
            f"<p><small>{_esc(a.source)} · {_esc(a.author)} · {_esc(a.language)}</small></p>"
            f"<pre>{_esc(a.body)}</pre><p><b>Removed ({len(a.removed)} lines)</b></p>"
            f"<pre class='removed'>{_esc(chr(10).join(line.text for line in a.removed))}</pre></details>")


def _articles_section(s: Situation, featured: list[Event]) -> str:
    wanted = {a for e in featured for a in e.article_ids}
    articles = list(s.articles) if len(s.articles) <= MAX_ARTICLES else \
        [a for a in s.articles if a.id in wanted or a.duplicate_of in wanted][:MAX_ARTICLES]
    return (f"<h2>Sources of these events ({len(articles)} of {len(s.articles)} articles)</h2>"
            + "".join(map(_article_block, articles)) + _rest_line(len(articles), len(s.articles), "articles"))


STYLE = """body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ddd;padding:4px;font-size:13px;vertical-align:top}th{background:#eee}
pre{white-space:pre-wrap}pre.removed{color:#888}p.rest{color:#555;font-style:italic}"""


def render_html(s: Situation) -> str:
    """One self-contained page, bounded in size: full detail for the events that matter most
    (contested, deadliest, most sourced, newest), counts for the rest. Every value is escaped."""
    featured = featured_events(s)
    timeline = [t for t in s.timeline if t.event_id in {e.id for e in featured}]
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitroom report</title>"
            f"<style>{STYLE}</style></head><body>\n<h1>sitroom situation report</h1>\n"
            f"<p>{len(s.articles)} articles, {len(s.events)} events, {len(s.figures)} figures, "
            f"{len(s.contradictions)} claim groups.</p>\n<h2>Map</h2>{_map_svg(tuple(featured))}\n"
            + _events_section(s, featured) + _ledger_section(s)
            + f"<h2>Timeline</h2><table>{_head(('date', 'entry', 'sources'))}"
            + _rows([[t.date, t.label, ", ".join(sorted({s.outlet_of(a) for a in t.article_ids}))] for t in timeline])
            + "</table>" + _rest_line(len(timeline), len(s.timeline), "timeline entries")
            + _figures_section(s, featured) + _articles_section(s, featured) + "\n</body></html>")


def write_html(s: Situation, path: str | Path) -> None:
    Path(path).write_text(render_html(s), encoding="utf-8")
