"""Actors: who is named in a text, resolved to canonical names from the curated list.

The list lives in ``data/actors.yaml``. Aliases are found with two spaCy SpanRulers loaded from it (lower-case
text; acronyms case-sensitive), then neighbouring pieces are composed:

* country/demonym + force noun    -> "Military Forces of Armenia", "Civilians (Azerbaijan)"
* country/demonym + institution   -> "Armenian Ministry of Defense"; "MoD of Russia" likewise
* country/demonym + role + name   -> a named official with role "President of Artsakh"
* a lone institution ("the MoD")  -> the last country-qualified mention of that institution
* a lone surname                  -> a full name seen earlier in the text, else the curated person
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from sitroom.core import ActorMention

LABEL_ORDER = ("PERSON", "GROUP", "ORG", "INST", "KIND", "ROLE", "COUNTRY", "DEMONYM")


@dataclass(frozen=True)
class Entry:
    """One alias target: a label (COUNTRY, DEMONYM, GROUP, ORG, PERSON, INST, KIND, ROLE) and its key."""
    label: str
    key: str


@dataclass(frozen=True)
class Atom:
    """A matched alias in a text with every entry it may stand for."""
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]

    def get(self, label: str) -> Entry | None:
        return next((e for e in self.entries if e.label == label), None)


@dataclass(frozen=True)
class Lexicon:
    data: dict
    aliases: dict[str, tuple[Entry, ...]]  # alias (as written) -> entries
    country_of_alias: dict[str, str]  # lower alias -> canonical country or territory
    side: dict[str, str]  # territory -> the country its people count for
    demonym: dict[str, str]  # country -> adjective used in institution names


def _load_yaml() -> dict:
    text = resources.files("sitroom").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _add(aliases: dict[str, list[Entry]], alias: str, entry: Entry) -> None:
    if alias:
        aliases.setdefault(alias, []).append(entry)


def _country_aliases(data: dict, aliases: dict, country_of: dict, demonym: dict) -> None:
    for country, names in data["countries"].items():
        _add(aliases, country, Entry("COUNTRY", country))
        country_of[country.lower()] = country
        for name in names:
            label = "DEMONYM" if name[:1].isupper() and name.lower() not in {"uk", "u.k.", "us", "u.s.", "usa"} \
                and not any(w in name for w in ("Republic", "Federation", "Britain", "Burma", "Holland")) else "COUNTRY"
            if label == "DEMONYM" and name.endswith(("s", "es")) is False and name not in demonym.values():
                demonym.setdefault(country, name)
            _add(aliases, name, Entry(label, country))
            country_of[name.lower()] = country


def _other_aliases(data: dict, aliases: dict, country_of: dict, side: dict) -> None:
    for territory, spec in data["territories"].items():
        side[territory] = spec["side"]
        for name in [territory, *spec.get("aliases", [])]:
            _add(aliases, name, Entry("COUNTRY", territory))
            country_of[name.lower()] = territory
    for section, label in (("groups", "GROUP"), ("organizations", "ORG"), ("people", "PERSON")):
        for name, spec in data[section].items():
            for alias in [name, *spec.get("aliases", [])]:
                _add(aliases, alias, Entry(label, name))
    for name, spec in data["institutions"].items():
        for alias in spec["aliases"]:
            _add(aliases, alias, Entry("INST", name))
    for name, spec in data["kinds"].items():
        for alias in spec["nouns"]:
            _add(aliases, alias, Entry("KIND", name))
    for alias in data["roles"]:
        _add(aliases, alias, Entry("ROLE", alias))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = _load_yaml()
    aliases: dict[str, list[Entry]] = {}
    country_of: dict[str, str] = {}
    demonym: dict[str, str] = {}
    side: dict[str, str] = {}
    _country_aliases(data, aliases, country_of, demonym)
    _other_aliases(data, aliases, country_of, side)
    for territory in data["territories"]:
        demonym.setdefault(territory, territory)
    frozen = {k: tuple(dict.fromkeys(v)) for k, v in aliases.items()}
    return Lexicon(data, frozen, country_of, side, demonym)


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return letters.isupper() and len(letters) <= 5


ATOMS_KEY = "actor_atoms"  # doc.spans key the two rulers write every alias match to


@lru_cache(maxsize=1)
def _ruler():
    """A blank English pipeline with two spaCy SpanRulers loaded from the curated list: aliases
    matched on lower-case text, acronyms ("MoD", "HRW") on the text as written. Each pattern's id
    is its alias, so a match leads back to the alias's entries."""
    import spacy

    nlp = spacy.blank("en")
    for name, attr, keep in (("actor_words", "LOWER", False), ("actor_acronyms", "ORTH", True)):
        ruler = nlp.add_pipe("span_ruler", name=name, config={
            "spans_key": ATOMS_KEY, "phrase_matcher_attr": attr, "overwrite": not keep, "validate": False})
        ruler.add_patterns([{"label": "ALIAS", "pattern": alias, "id": alias}
                            for alias in lexicon().aliases if _is_acronym(alias) == keep])
    return nlp


def find_atoms(text: str) -> list[Atom]:
    """Every alias of the curated list in ``text``, longest match first where they overlap."""
    doc = _ruler()(text)
    spans = sorted(doc.spans[ATOMS_KEY], key=lambda s: (-(s.end_char - s.start_char), s.start_char))
    taken: set[int] = set()
    merged: dict[tuple[int, int], list[Entry]] = {}
    for span in spans:
        key = (span.start_char, span.end_char)
        if key not in merged and any(i in taken for i in range(*key)):
            continue
        taken.update(range(*key))
        merged.setdefault(key, []).extend(lexicon().aliases[span.id_])
    atoms = [Atom(s, e, text[s:e], _ordered(entries)) for (s, e), entries in merged.items()]
    return sorted(atoms, key=lambda a: a.start)


def _ordered(entries: list[Entry]) -> tuple[Entry, ...]:
    unique = list(dict.fromkeys(entries))
    return tuple(sorted(unique, key=lambda e: LABEL_ORDER.index(e.label)))


# ---------------------------------------------------------------- composition

QUALIFIER_GAP = re.compile(r"^(?:['’]s)?\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){0,2}$")
OF_GAP = re.compile(r"^\s+of\s+(?:the\s+)?$")
NAME_WORD = r"(?!(?:The|This|That|These|Those|It|He|She|They|In|On|At|As|But|And|According)\b)[A-Z][\w’'\-]+"
NAME_AFTER = re.compile(rf"^ +((?:{NAME_WORD} +){{0,2}}{NAME_WORD})")


def country_of(atom: Atom) -> str | None:
    entry = atom.get("COUNTRY") or atom.get("DEMONYM")
    return entry.key if entry else None


def side_of(country: str | None) -> str | None:
    """The country whose side a territory's people count for (Artsakh -> Armenia)."""
    if country is None:
        return None
    return lexicon().side.get(country, country)


def institution_name(key: str, country: str | None) -> str:
    if country is None:
        return key
    spec = lexicon().data["institutions"][key]
    return spec["template"].format(country=country, demonym=lexicon().demonym.get(country, country))


def kind_name(key: str, country: str | None) -> str:
    template = lexicon().data["kinds"][key]["template"]
    return template.format(country=country) if country else template.format(country="").replace(" ()", "").replace(" of ", " ").strip()


def _mention(text: str, start: int, end: int, name: str, country: str | None, sector: str | None,
             role: str | None = None) -> ActorMention:
    return ActorMention(start=start, end=end, text=text[start:end], name=name, country=country, sector=sector, role=role)


class _Composer:
    """Walks the atoms of one text left to right and turns them into actor mentions."""

    def __init__(self, text: str, atoms: list[Atom]) -> None:
        self.text = text
        self.atoms = atoms
        self.out: list[ActorMention] = []
        self.last_institution: dict[str, str] = {}  # institution key -> country
        self.full_names: dict[str, str] = {}  # surname -> full name seen in this text
        self.person_roles: dict[str, str] = {}

    def gap(self, a: Atom, b: Atom) -> str:
        return self.text[a.end:b.start]

    def run(self) -> list[ActorMention]:
        i = 0
        while i < len(self.atoms):
            i = self.step(i)
        return self.out

    def step(self, i: int) -> int:
        atom = self.atoms[i]
        nxt = self.atoms[i + 1] if i + 1 < len(self.atoms) else None
        country = country_of(atom)
        if country and nxt and QUALIFIER_GAP.match(self.gap(atom, nxt)):
            used = self.qualified(atom, nxt, country, i)
            if used:
                return used
        if atom.get("INST") and nxt and country_of(nxt) and OF_GAP.match(self.gap(atom, nxt)):
            return self.institution_of(atom, nxt, i)
        if atom.get("ROLE") and not atom.get("INST"):
            named = self.named_official(atom, None, atom.start)
            if named:
                return i + 1 + self.skip_atoms_until(named.end, i + 1)
        self.single(atom)
        return i + 1

    def skip_atoms_until(self, end: int, j: int) -> int:
        n = 0
        while j + n < len(self.atoms) and self.atoms[j + n].start < end:
            n += 1
        return n

    def qualified(self, atom: Atom, nxt: Atom, country: str, i: int) -> int | None:
        if nxt.get("ROLE") and (nxt.get("INST") is None or NAME_AFTER.match(self.text[nxt.end:])):
            named = self.named_official(nxt, country, atom.start)
            if named:
                return i + 2 + self.skip_atoms_until(named.end, i + 2)
        if nxt.get("INST"):
            key = nxt.get("INST").key
            spec = lexicon().data["institutions"][key]
            self.last_institution[key] = country
            self.out.append(_mention(self.text, atom.start, nxt.end, institution_name(key, country), country, spec["sector"]))
            return i + 2
        if nxt.get("KIND") and not nxt.get("PERSON"):
            key = nxt.get("KIND").key
            self.out.append(_mention(self.text, atom.start, nxt.end, kind_name(key, country), country, key))
            return i + 2
        return None

    def institution_of(self, atom: Atom, nxt: Atom, i: int) -> int:
        key = atom.get("INST").key
        country = country_of(nxt)
        self.last_institution[key] = country
        spec = lexicon().data["institutions"][key]
        self.out.append(_mention(self.text, atom.start, nxt.end, institution_name(key, country), country, spec["sector"]))
        return i + 2

    def named_official(self, role_atom: Atom, country: str | None, start: int) -> ActorMention | None:
        m = NAME_AFTER.match(self.text[role_atom.end:])
        if not m:
            return None
        raw = m.group(1)
        end = role_atom.end + m.end(1)
        known = self.resolve_person(raw)
        role_word = lexicon().data["roles"].get(role_atom.text.lower(), role_atom.text.title())
        role = f"{role_word} of {country}" if country else role_word
        name = known or self.full_names.get(raw) or raw
        if known:
            spec = lexicon().data["people"][known]
            country = country or spec.get("country")
            role = role if country and role_word else spec.get("role")
        self.remember(name)
        mention = _mention(self.text, start, end, name, country, "official", role)
        self.out.append(mention)
        return mention

    def remember(self, full_name: str) -> None:
        parts = full_name.split()
        if len(parts) >= 2:
            self.full_names[parts[-1]] = full_name

    def resolve_person(self, raw: str) -> str | None:
        people = lexicon().data["people"]
        if raw in people:
            return raw
        for name, spec in people.items():
            if raw in spec.get("aliases", []):
                return name
        return None

    def single(self, atom: Atom) -> None:
        entry = atom.entries[0]
        handler = getattr(self, f"single_{entry.label.lower()}", None)
        if handler:
            handler(atom, entry)

    def single_person(self, atom: Atom, entry: Entry) -> None:
        before = self.text[max(0, atom.start - 40):atom.start]
        first = re.search(r"([A-Z][\w’'\-]+)\s+$", before)
        surname = atom.text.split()[-1]
        if len(atom.text.split()) == 1 and first and not re.match(r"(?:The|A|An|In|On|At|According)$", first.group(1)) \
                and f"{first.group(1)} {surname}" not in lexicon().data["people"]:
            return  # another person with the same surname ("Jalal Harutiunyan")
        if len(atom.text.split()) == 1 and surname in self.full_names:
            name = self.full_names[surname]
            spec = lexicon().data["people"].get(name, {})
            self.out.append(_mention(self.text, atom.start, atom.end, name, spec.get("country"), "official", spec.get("role")))
            return
        spec = lexicon().data["people"][entry.key]
        self.remember(entry.key)
        self.out.append(_mention(self.text, atom.start, atom.end, entry.key, spec.get("country"), "official", spec.get("role")))

    def single_group(self, atom: Atom, entry: Entry) -> None:
        spec = lexicon().data["groups"][entry.key]
        self.out.append(_mention(self.text, atom.start, atom.end, entry.key, spec.get("country"), "rebels"))

    def single_org(self, atom: Atom, entry: Entry) -> None:
        spec = lexicon().data["organizations"][entry.key]
        self.out.append(_mention(self.text, atom.start, atom.end, entry.key, None, spec["sector"]))

    def single_inst(self, atom: Atom, entry: Entry) -> None:
        country = self.last_institution.get(entry.key)
        if country is None and entry.key == "Government":
            return
        spec = lexicon().data["institutions"][entry.key]
        self.out.append(_mention(self.text, atom.start, atom.end, institution_name(entry.key, country), country, spec["sector"]))

    def single_kind(self, atom: Atom, entry: Entry) -> None:
        if entry.key in ("police", "peacekeepers") and atom.text[:1].isupper():
            self.out.append(_mention(self.text, atom.start, atom.end, kind_name(entry.key, None), None, entry.key))

    def single_country(self, atom: Atom, entry: Entry) -> None:
        self.out.append(_mention(self.text, atom.start, atom.end, entry.key, entry.key, "state"))

    def single_demonym(self, atom: Atom, entry: Entry) -> None:
        if atom.text.endswith("s") and atom.text[:1].isupper():  # "Armenians": the people of a country
            self.out.append(_mention(self.text, atom.start, atom.end, kind_name("civilians", entry.key), entry.key, "civilians"))


def _unknown_surnames(text: str, mentions: list[ActorMention], composer: _Composer) -> list[ActorMention]:
    """Lone capitalised words close to a known person's surname ("Beglarian" ~ "Beglaryan")."""
    known = {name.split()[-1]: name for name in lexicon().data["people"]}
    known.update(composer.full_names)
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    for m in re.finditer(r"\b[A-Z][a-z]{5,}\b", text):
        if any(s <= m.start() < e for s, e in taken) or m.group() in known:
            continue
        close = difflib.get_close_matches(m.group(), [k for k in known if k[:1] == m.group()[:1]], n=1, cutoff=0.85)
        if close:
            name = known[close[0]]
            spec = lexicon().data["people"].get(name, {})
            extra.append(_mention(text, m.start(), m.end(), name, spec.get("country"), "official", spec.get("role")))
    return extra


def _apposition_names(text: str, composer: _Composer) -> None:
    """Full names standing next to a role word ("attorneys Artak Zeynalyan and Siranush Sahakyan")."""
    roles = "|".join(re.escape(r) for r in sorted(lexicon().data["roles"], key=len, reverse=True))
    full = rf"({NAME_WORD} +{NAME_WORD})"
    pattern = re.compile(rf"\b(?i:{roles}) +{full}(?: +and +{full})?")
    for m in pattern.finditer(text):
        for g in m.groups():
            if g and g.split()[0][:1].isupper():
                composer.remember(g)


def find_actors(text: str) -> list[ActorMention]:
    """Every actor named in ``text``, with canonical names, in text order."""
    composer = _Composer(text, find_atoms(text))
    _apposition_names(text, composer)
    mentions = composer.run()
    mentions += _surname_mentions(text, mentions, composer)
    mentions += _unknown_surnames(text, mentions, composer)
    return sorted(mentions, key=lambda m: (m.start, -m.end))


def _surname_mentions(text: str, mentions: list[ActorMention], composer: _Composer) -> list[ActorMention]:
    """Surnames of full names seen in this text that the curated list does not know."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for surname, full in composer.full_names.items():
        if full in lexicon().data["people"]:
            continue
        for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
            if not any(s <= m.start() < e for s, e in taken):
                out.append(_mention(text, m.start(), m.end(), full, None, "official"))
    return out


def canonical_actor(name: str) -> str:
    """The canonical name for an alias ("HRW" -> "Human Rights Watch"); the name itself if unknown."""
    found = find_actors(name)
    whole = [m for m in found if m.start == 0 and m.end >= len(name.strip()) - 1]
    if whole:
        return whole[0].name
    entries = lexicon().aliases.get(name.strip()) or lexicon().aliases.get(name.strip().title())
    if entries and entries[0].label in ("COUNTRY", "DEMONYM"):
        return entries[0].key
    return name.strip()


@lru_cache(maxsize=4096)
def is_partisan_source(claimant: str | None) -> bool:
    """Is the claimant an armed group or does it speak for one ("the Taliban", "Voice of Jihad",
    "VoJ", "Taliban spokesman")?
    Their casualty claims alone are not coded (see :mod:`sitroom.fuse._ledger`); the list is
    ``partisan_media`` in the curated actor data."""
    if not claimant:
        return False
    if any(atom.get("GROUP") for atom in find_atoms(claimant)):
        return True  # the armed group itself ("the Taliban said")
    media = lexicon().data.get("partisan_media", {})
    if any(re.search(rf"\b{re.escape(outlet)}\b", claimant, re.I) for outlet in media.get("outlets", ())):
        return True
    return any(re.search(pattern, claimant, re.I) for pattern in media.get("claimants", ()))


def party_of(text_span: str) -> str | None:
    """The country (side) a noun phrase belongs to: "Karabakh civilians" -> "Armenia"; a non-state
    armed group is its own side ("ISIS fighters" -> "Islamic State (ISIS)")."""
    for atom in find_atoms(text_span):
        country = country_of(atom)
        if country:
            return side_of(country)
        if atom.get("GROUP"):
            return atom.get("GROUP").key  # an armed group is its own side
        if atom.get("PERSON"):
            return side_of(lexicon().data["people"][atom.get("PERSON").key].get("country"))
    return None
