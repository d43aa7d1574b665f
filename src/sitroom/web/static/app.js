/* sitroom situation room: one page over the read-only JSON API.
 * Every value from the database is untrusted text: it is put on the page with textContent and
 * DOM APIs only (never innerHTML), links only to same-origin routes or http(s) URLs. */
"use strict";

const TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
  "Strategic developments"];
const COLOURS = {"Battles": "#c0392b", "Explosions/Remote violence": "#e67e22", "Violence against civilians": "#8e44ad",
  "Protests": "#2980b9", "Riots": "#16a085", "Strategic developments": "#7f8c8d"};
const KINDS = ["killed", "wounded", "missing", "captured", "arrested", "released", "displaced"];
const PAGE = 50;
const state = {filters: {}, q: "", tab: "events", offsets: {events: 0, ledger: 0, articles: 0, search: 0}};
let map, cluster, pending = 0;

// ------------------------------------------------------------------ DOM helpers
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const $ = (sel) => document.querySelector(sel);
const fmt = (v) => (v === null || v === undefined || v === "") ? "?" : (typeof v === "number" ? String(+v.toFixed(2)) : String(v));
function safeUrl(url) {
  try { const u = new URL(url); return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null; }
  catch { return null; }
}
function busy(delta) {
  pending += delta;
  document.body.dataset.busy = String(pending);
  if (pending === 0) document.body.dataset.ready = "1";
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined && v !== false) query.set(k, v);
  const url = "/api/" + path + (query.toString() ? "?" + query : "");
  busy(1);
  try {
    const r = await fetch(url, {headers: {"Accept": "application/json"}});
    const body = await r.json();
    if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
    return body;
  } finally { busy(-1); }
}

function eventParams(withDates = true) {
  const f = {...state.filters, q: state.q};
  if (!withDates) { delete f.date_from; delete f.date_to; }
  return f;
}

// ------------------------------------------------------------------ filters
async function initFilters() {
  const facets = await api("facets");
  const fill = (id, values, label) => {
    const select = $(id);
    for (const v of values) select.append(el("option", {value: v.value}, label ? label(v) : `${v.value} (${v.count})`));
  };
  fill("#f-country", facets.countries);
  fill("#f-type", facets.types);
  fill("#f-sub-type", facets.sub_types, (v) => `${v.value} (${v.count})`);
  fill("#f-actor", facets.actors);
  fill("#f-kind", KINDS.map((k) => ({value: k, count: (facets.kinds.find((x) => x.value === k) || {count: 0}).count})));
  const bind = (id, key, read) => $(id).addEventListener("change", (e) => setFilter(key, read ? read(e.target) : e.target.value));
  bind("#f-date-from", "date_from"); bind("#f-date-to", "date_to"); bind("#f-country", "country");
  bind("#f-type", "type"); bind("#f-sub-type", "sub_type"); bind("#f-actor", "actor"); bind("#f-kind", "kind");
  bind("#f-contested", "contested", (t) => t.checked ? "true" : "");
  $("#f-reset").addEventListener("click", () => {
    state.filters = {}; state.q = ""; $("#q").value = "";
    for (const input of document.querySelectorAll("#filters input, #filters select")) {
      if (input.type === "checkbox") input.checked = false; else input.value = "";
    }
    refresh();
  });
  const legend = $("#legend");
  for (const t of TYPES) legend.append(el("li", {}, el("span", {class: "swatch", dataset: {type: t}}), t));
  for (const sw of legend.querySelectorAll(".swatch")) sw.style.background = COLOURS[sw.dataset.type];
}

function setFilter(key, value) {
  if (value) state.filters[key] = value; else delete state.filters[key];
  if (key === "date_from") $("#f-date-from").value = value || "";
  if (key === "date_to") $("#f-date-to").value = value || "";
  refresh();
}

function refresh() {
  for (const k of Object.keys(state.offsets)) state.offsets[k] = 0;
  document.body.dataset.ready = "0";
  loadMap(); loadTimeline(); loadTab();
}

// ------------------------------------------------------------------ map
async function initMap() {
  map = L.map("map", {worldCopyJump: true, minZoom: 2, maxZoom: 12, zoomSnap: 0.5}).setView([30, 20], 2);
  map.createPane("countries").style.zIndex = 200;
  cluster = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40});
  map.addLayer(cluster);
  busy(1);
  try {
    const world = await (await fetch("/static/vendor/countries-110m.json")).json();
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      pane: "countries", interactive: false,
      style: {className: "country", color: "#8a8f98", weight: 0.7, fillColor: "#e9e6dc", fillOpacity: 1},
    }).addTo(map);
  } finally { busy(-1); }
}

function markerRadius(p) {
  const toll = p.fatalities_best || 0;
  return 5 + Math.min(20, Math.sqrt(toll) * 2.5);
}

async function loadMap() {
  const data = await api("events.geojson", {...eventParams(), limit: 20000});
  cluster.clearLayers();
  const markers = [];
  for (const f of data.features) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates;
    const m = L.circleMarker([lat, lon], {radius: markerRadius(p), color: "#222", weight: 1,
      fillColor: COLOURS[p.type] || "#555", fillOpacity: 0.8, className: "event-marker"});
    m.bindTooltip(el("span", {}, `${fmt(p.date)} · ${p.sub_type || p.type} · ${p.place || "?"}` +
      (p.fatalities_best ? ` · ${p.fatalities_best} killed` : "")));
    m.on("click", () => { location.hash = "#/event/" + encodeURIComponent(p.id); });
    markers.push(m);
  }
  cluster.addLayers(markers);
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.6), {maxZoom: 7});
  $("#map").dataset.markers = String(markers.length);
}

// ------------------------------------------------------------------ timeline (SVG, stacked bars)
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}
const dayMs = 86400000;
const toDay = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
const fromDay = (t) => new Date(t).toISOString().slice(0, 10);

async function loadTimeline() {
  const rows = await api("timeline", eventParams(false));
  const box = $("#timeline");
  box.replaceChildren();
  if (!rows.length) { box.append(el("p", {class: "empty"}, "No dated events.")); return; }
  const first = toDay(rows[0].date), last = toDay(rows[rows.length - 1].date);
  const days = Math.round((last - first) / dayMs) + 1;
  const W = box.clientWidth || 800, H = 110, pad = 24, bw = Math.max(1, (W - 2 * pad) / days);
  const stacks = {};
  for (const r of rows) (stacks[r.date] = stacks[r.date] || []).push(r);
  const maxCount = Math.max(...Object.values(stacks).map((s) => s.reduce((a, r) => a + r.count, 0)));
  const root = svg("svg", {width: W, height: H + 20, class: "timeline-svg", role: "img"});
  root.append(buildBars(stacks, first, bw, pad, H, maxCount));
  const label = (x, text, anchor) => { const t = svg("text", {x, y: H + 14, "text-anchor": anchor, class: "axis"}); t.textContent = text; return t; };
  root.append(label(pad, fromDay(first), "start"), label(W - pad, fromDay(last), "end"));
  const sel = svg("rect", {class: "selection", y: 0, height: H, x: 0, width: 0});
  root.append(sel);
  box.append(root);
  drawSelection(sel, first, bw, pad);
  enableBrush(root, sel, first, days, bw, pad);
}

function buildBars(stacks, first, bw, pad, H, maxCount) {
  const g = svg("g", {});
  for (const [date, list] of Object.entries(stacks)) {
    let y = H;
    const x = pad + Math.round((toDay(date) - first) / dayMs) * bw;
    for (const r of list) {
      const h = Math.max(2, (r.count / maxCount) * (H - 10));
      y -= h;
      const rect = svg("rect", {x: x + 0.5, y, width: Math.max(1, bw - 1), height: h, fill: COLOURS[r.type] || "#555", class: "bar"});
      const title = svg("title", {}); title.textContent = `${date}: ${r.count} ${r.type}`;
      rect.append(title);
      g.append(rect);
    }
  }
  return g;
}

function drawSelection(sel, first, bw, pad) {
  const {date_from: a, date_to: b} = state.filters;
  if (!a && !b) { sel.setAttribute("width", 0); return; }
  const x0 = a ? pad + Math.round((toDay(a) - first) / dayMs) * bw : pad;
  const x1 = b ? pad + (Math.round((toDay(b) - first) / dayMs) + 1) * bw : pad + 10000;
  sel.setAttribute("x", Math.max(pad, x0));
  sel.setAttribute("width", Math.max(2, Math.min(x1, +sel.ownerSVGElement.getAttribute("width") - pad) - Math.max(pad, x0)));
}

function enableBrush(root, sel, first, days, bw, pad) {
  let start = null;
  const dayAt = (evt) => {
    const x = evt.clientX - root.getBoundingClientRect().left;
    return Math.max(0, Math.min(days - 1, Math.floor((x - pad) / bw)));
  };
  root.addEventListener("mousedown", (e) => { start = dayAt(e); e.preventDefault(); });
  root.addEventListener("mousemove", (e) => {
    if (start === null) return;
    const a = Math.min(start, dayAt(e)), b = Math.max(start, dayAt(e));
    sel.setAttribute("x", pad + a * bw); sel.setAttribute("width", (b - a + 1) * bw);
  });
  window.addEventListener("mouseup", (e) => {
    if (start === null) return;
    const a = Math.min(start, dayAt(e)), b = Math.max(start, dayAt(e));
    start = null;
    state.filters.date_from = fromDay(first + a * dayMs);
    state.filters.date_to = fromDay(first + b * dayMs);
    $("#f-date-from").value = state.filters.date_from; $("#f-date-to").value = state.filters.date_to;
    refresh();
  });
}

// ------------------------------------------------------------------ tabs and lists
function showTab(name) {
  state.tab = name;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== "tab-" + name;
  loadTab();
}

function loadTab() {
  ({events: loadEvents, ledger: loadLedger, articles: loadArticles, search: loadSearch})[state.tab]();
}

function pager(name, page, reload) {
  const offset = state.offsets[name];
  const prev = el("button", {type: "button", disabled: offset === 0, onclick: () => { state.offsets[name] = Math.max(0, offset - PAGE); reload(); }}, "Previous");
  const next = el("button", {type: "button", disabled: !page.next, class: "next", onclick: () => { state.offsets[name] = +page.next; reload(); }}, "Next");
  const shown = page.total ? `${offset + 1}-${offset + page.items.length} of ${page.total}` : "none";
  return el("div", {class: "pager"}, prev, el("span", {class: "count"}, shown), next);
}

async function loadEvents() {
  const page = await api("events", {...eventParams(), limit: PAGE, offset: state.offsets.events});
  const rows = page.items.map((e) => el("tr", {class: "event-row", dataset: {id: e.id}, tabindex: 0,
    onclick: () => { location.hash = "#/event/" + encodeURIComponent(e.id); }},
    el("td", {}, fmt(e.date)), el("td", {}, typeBadge(e.type)), el("td", {}, e.sub_type || ""),
    el("td", {}, e.place || "?"), el("td", {}, e.country || ""), el("td", {class: "num"}, e.fatalities_best ?? ""),
    el("td", {class: "num"}, (e.article_ids || []).length)));
  const table = el("table", {id: "event-list"}, el("thead", {}, el("tr", {},
    ["date", "type", "sub-type", "place", "country", "killed", "sources"].map((h) => el("th", {}, h)))), el("tbody", {}, rows));
  $("#tab-events").replaceChildren(pager("events", page, loadEvents), table);
  $("#tab-events").dataset.total = String(page.total);
}

function typeBadge(type) {
  const b = el("span", {class: "type-badge"}, type || "?");
  b.style.borderColor = COLOURS[type] || "#555";
  return b;
}

function claimRow(c) {
  return el("tr", {class: "claim"}, el("td", {class: "num"}, c.value ?? (c.low !== null ? `${fmt(c.low)}-${fmt(c.high)}` : "?")),
    el("td", {}, c.qualifier || ""), el("td", {class: "claimant"}, c.claimant || "(the outlet's own report)"),
    el("td", {}, el("span", {class: "stance stance-" + (c.stance || "asserted")}, c.stance || "asserted")),
    el("td", {}, c.outlet || ""), el("td", {}, c.as_of || ""),
    el("td", {}, c.article_id ? el("a", {href: "#/article/" + encodeURIComponent(c.article_id)}, "source") : ""),
    el("td", {class: "quote"}, c.text || ""));
}

function ledgerGroup(g) {
  return el("article", {class: "ledger-group status-" + g.status, dataset: {id: g.id}},
    el("h3", {}, el("span", {class: "status"}, g.status), " ", g.about || ""),
    el("p", {class: "meta"}, `${g.kind || ""} · ${g.party || "party unknown"} · best estimate ${fmt(g.best)}`,
      g.event_id ? [" · ", el("a", {href: "#/event/" + encodeURIComponent(g.event_id)}, "event")] : ""),
    el("table", {class: "claims"}, el("thead", {}, el("tr", {}, ["value", "qualifier", "claimant", "stance", "outlet", "as of", "", "words"].map((h) => el("th", {}, h)))),
      el("tbody", {}, (g.claims || []).map(claimRow))));
}

async function loadLedger() {
  const params = {limit: PAGE, offset: state.offsets.ledger, kind: state.filters.kind,
    status: state.filters.contested ? "contested" : ""};
  const page = await api("contradictions", params);
  $("#tab-ledger").replaceChildren(pager("ledger", page, loadLedger), el("div", {id: "ledger"}, page.items.map(ledgerGroup)));
}

async function loadArticles() {
  const page = await api("articles", {limit: PAGE, offset: state.offsets.articles, q: state.q});
  const rows = page.items.map((a) => el("li", {class: "article-row"},
    el("a", {href: "#/article/" + encodeURIComponent(a.id)}, a.title || a.source || a.id),
    el("span", {class: "meta"}, ` ${a.outlet || ""} · ${a.published || "?"}${a.duplicate_of ? " · copy" : ""}`)));
  $("#tab-articles").replaceChildren(pager("articles", page, loadArticles), el("ul", {class: "articles"}, rows));
}

function snippet(text) {
  const out = el("span", {class: "snippet"});
  for (const [n, part] of String(text || "").split(/[\u0002\u0003]/).entries()) out.append(n % 2 ? el("mark", {}, part) : part);
  return out;
}

async function loadSearch() {
  const box = $("#tab-search");
  if (!state.q) { box.replaceChildren(el("p", {class: "empty"}, "Type words in the search box.")); return; }
  const page = await api("search", {q: state.q, limit: PAGE, offset: state.offsets.search});
  const rows = page.items.map((h) => el("li", {class: "hit"},
    el("a", {href: "#/article/" + encodeURIComponent(h.id)}, h.title || h.id),
    el("span", {class: "meta"}, ` ${h.outlet || ""} · ${h.published || "?"}`), el("div", {}, snippet(h.snippet))));
  box.replaceChildren(pager("search", page, loadSearch), el("ul", {class: "hits"}, rows));
}

// ------------------------------------------------------------------ event page
function highlighted(sentence, words) {
  const s = String(sentence || ""), w = String(words || "");
  const at = w ? s.indexOf(w) : -1;
  if (at < 0) return el("q", {class: "sentence"}, s);
  return el("q", {class: "sentence"}, s.slice(0, at), el("mark", {class: "evidence"}, w), s.slice(at + w.length));
}

function figureItem(f) {
  const value = f.value ?? (f.low !== null ? `${fmt(f.low)}-${fmt(f.high)}` : "?");
  return el("li", {class: "figure", dataset: {id: f.id}},
    el("div", {class: "figure-head"}, el("b", {}, `${f.kind} ${fmt(value)}`), ` ${f.qualifier || ""} · ${f.party || "party unknown"}`,
      f.civilian ? " · civilians" : "", " · ", el("span", {class: "claimant"}, f.claimant || "the outlet's own voice"),
      " · ", el("span", {class: "stance stance-" + (f.stance || "asserted")}, f.stance || "asserted")),
    highlighted(f.sentence, f.text));
}

function sourceCard(src) {
  const a = src.article;
  return el("article", {class: "source", dataset: {id: a.id}},
    el("h4", {}, el("a", {href: "#/article/" + encodeURIComponent(a.id)}, a.title || a.source || a.id)),
    el("p", {class: "meta"}, `${a.outlet || "outlet unknown"} · ${a.published || "?"}${a.published_inferred ? " (inferred)" : ""}`),
    src.copies && src.copies.length ? el("p", {class: "meta"}, "also published by: " + src.copies.map((c) => c.outlet || c.source).join(", ")) : "",
    src.figures.length ? el("ul", {class: "figures"}, src.figures.map(figureItem)) : el("p", {class: "empty"}, "no figures"));
}

async function showEvent(id) {
  const e = await api("events/" + encodeURIComponent(id));
  const toll = e.fatalities_best === null ? "no toll reported" :
    `killed: low ${fmt(e.fatalities_low)} · best ${fmt(e.fatalities_best)} · high ${fmt(e.fatalities_high)}`;
  openDetail("event", el("div", {id: "event-page"},
    el("h2", {}, typeBadge(e.type), " ", e.sub_type || ""),
    el("p", {class: "facts"}, `${fmt(e.date)}${e.date_end ? " to " + e.date_end : ""} (date precision: ${e.date_precision || "?"})`),
    el("p", {class: "facts"}, `${e.place || "?"}, ${[e.admin1, e.country].filter(Boolean).join(", ")} (place precision: ${e.geo_precision || "?"})` +
      (e.lat !== null ? ` · ${fmt(e.lat)}, ${fmt(e.lon)}` : "")),
    el("p", {class: "facts toll"}, toll),
    el("p", {class: "facts"}, "actors: " + ((e.actors || []).join(", ") || "none named")),
    el("p", {class: "summary"}, e.summary || ""),
    el("h3", {}, `Sources side by side (${e.sources.length})`),
    el("div", {class: "sources"}, e.sources.map(sourceCard)),
    e.contradictions.length ? [el("h3", {}, "Claims groups"), e.contradictions.map(ledgerGroup)] : ""));
}

// ------------------------------------------------------------------ article page
function markedBody(body, figures) {
  const out = el("div", {class: "body"});
  const spans = figures.filter((f) => Number.isInteger(f.start) && Number.isInteger(f.end) && f.end > f.start)
    .sort((a, b) => a.start - b.start);
  let at = 0;
  for (const f of spans) {
    if (f.start < at) continue;
    out.append(body.slice(at, f.start));
    out.append(el("a", {class: "evidence", href: "#fig-" + f.id, title: `${f.kind} ${fmt(f.value)} · ${f.claimant || "outlet"} · ${f.stance}`,
      dataset: {figure: f.id}, onclick: (ev) => { ev.preventDefault(); const t = document.getElementById("fig-" + f.id); if (t) t.scrollIntoView({block: "center"}); }},
      el("mark", {}, body.slice(f.start, f.end))));
    at = f.end;
  }
  out.append(body.slice(at));
  return out;
}

async function showArticle(id) {
  const a = await api("articles/" + encodeURIComponent(id));
  const url = safeUrl(a.url);
  const figures = el("ol", {class: "article-figures"}, a.figures.map((f) => el("li", {id: "fig-" + f.id},
    `${f.kind} ${fmt(f.value ?? f.low)} (${f.claimant || "outlet"}, ${f.stance}) `,
    f.event_id ? el("a", {href: "#/event/" + encodeURIComponent(f.event_id)}, "event") : "")));
  openDetail("article", el("div", {id: "article-page"},
    el("h2", {class: "title"}, a.title || a.source || a.id),
    el("p", {class: "meta"}, `${a.outlet || "outlet unknown"} · ${a.author || "no author"} · ${a.published || "?"}${a.published_inferred ? " (inferred)" : ""} · ${a.language || ""}`),
    el("p", {class: "meta"}, url ? el("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, url) : (a.source || "")),
    a.original ? el("p", {class: "meta"}, "a copy of ", el("a", {href: "#/article/" + encodeURIComponent(a.original.id)}, a.original.title || a.original.id)) : "",
    a.events.length ? el("p", {class: "meta"}, "events: ", a.events.map((e, n) => [n ? ", " : "", el("a", {href: "#/event/" + encodeURIComponent(e.id)}, `${e.sub_type || e.type} at ${e.place || "?"} ${e.date || ""}`)])) : "",
    markedBody(a.body || "", a.figures),
    el("h3", {}, `Figures (${a.figures.length})`), figures,
    el("details", {class: "removed"}, el("summary", {}, `Lines cleaning removed (${(a.removed || []).length})`),
      el("pre", {}, (a.removed || []).join("\n")))));
}

// ------------------------------------------------------------------ detail panel and routing
function openDetail(kind, content) {
  const box = $("#detail");
  box.hidden = false;
  box.dataset.kind = kind;
  box.replaceChildren(el("button", {type: "button", class: "close", onclick: () => { location.hash = "#/"; }}, "Close"), content);
  box.scrollTop = 0;
  if (map) map.invalidateSize();
}

async function route() {
  const [, kind, id] = location.hash.match(/^#\/(event|article)\/(.+)$/) || [];
  try {
    if (kind === "event") await showEvent(decodeURIComponent(id));
    else if (kind === "article") await showArticle(decodeURIComponent(id));
    else { $("#detail").hidden = true; $("#detail").replaceChildren(); if (map) map.invalidateSize(); }
  } catch (err) {
    openDetail("error", el("p", {class: "error"}, String(err.message || err)));
  }
}

async function main() {
  document.body.dataset.ready = "0";
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("#search-form").addEventListener("submit", (e) => {
    e.preventDefault(); state.q = $("#q").value.trim(); refresh(); if (state.q) showTab("search");
  });
  $("#timeline-clear").addEventListener("click", () => { delete state.filters.date_from; delete state.filters.date_to;
    $("#f-date-from").value = ""; $("#f-date-to").value = ""; refresh(); });
  window.addEventListener("hashchange", route);
  api("stats").then((s) => { $("#stats").textContent = `${s.events} events · ${s.articles} articles · ${s.figures} figures · ${s.contradictions} claim groups`; });
  await Promise.all([initFilters(), initMap()]);
  refresh();
  route();
}

main().catch((err) => { document.body.append(el("p", {class: "error"}, "sitroom: " + (err.message || err))); });
