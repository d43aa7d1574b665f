"""Learned incident finder and ACLED event typer (runtime half).

Reads one sentence or a short passage and says (1) how likely it reports a violent, protest or
strategic incident and (2) which ACLED sub-event type (and so event type) it is. The model is a
linear softmax over hashed word features, trained by ``scripts/train_incident_typer.py`` on ACLED
notes (ACLED Terms of Use: the trained weights may ship, with attribution; no rows do) plus
sentences of non-incident news, and shipped as ``sitroom/data/incident_typer.npz``.

Small on purpose: the standard library, numpy, the ACLED types of ``sitroom.core`` and the
calendar words of ``sitroom.lang.en`` only, so the training script and the product compute features with the very same code (:func:`masked`,
:func:`featurise`). No pickle: the ``.npz`` holds plain arrays and is read with
``allow_pickle=False``.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Sequence

import numpy as np

from sitroom.core import EVENT_TYPES
from sitroom.lang.en import MONTH_PATTERN

__all__ = ["IncidentPrediction", "predict", "likeliest_types", "masked", "featurise", "tokens", "NO_INCIDENT",
           "PARENT", "MASK_MODES"]

NO_INCIDENT = "No incident"  # the extra class for sentences that report no incident

PARENT: dict[str, str] = {  # ACLED sub-event type -> event type (the type is always its parent)
    sub: etype for etype, subs in EVENT_TYPES.items() for sub in subs}

# ---------------------------------------------------------------- text normalisation (masking)

_MONTH = rf"(?:{MONTH_PATTERN})\.?"  # month names and abbreviations, from lang/en/calendar.yaml
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:{_DAY}(?:\s*(?:-|and|to|&)\s*{_DAY})?\s+{_MONTH}|{_MONTH}\s+{_DAY}"
         rf"(?:\s*(?:-|and|to|&)\s*{_DAY})?)(?:,?\s+\d{{4}})?")
# ACLED's boilerplate opening: "On 3 January 2022,", "Around 9 March 2022 (as reported),",
# "On or about May 5,", "04 May 2019." -- dates say nothing about the kind of event.
_DATE_PREFIX = re.compile(
    rf"^\s*(?:(?:On|Around|Between|Since|From|During|As of|By|In|Over|Overnight)\s+)?"
    rf"(?:or (?:about|around)\s+)?(?:the\s+(?:night|morning|evening|weekend)\s+of\s+)?"
    rf"{_DATE}(?:\s*\([^)]*\))?\s*[,.]\s*", re.IGNORECASE)
# ACLED's leading category labels ("Property destruction:", "Arrests:", "Movement of forces:").
_LABEL_PREFIX = re.compile(r"^\s*[A-Z][A-Za-z/-]*(?: [A-Za-z/-]+){0,3}:\s+")
_BRACKETS = re.compile(r"\[[^\]]*\]")  # "[size=tens]", "[coded as Pana with GP2]"
_FATALITIES = re.compile(r"\bFatalities\s*:.*$", re.IGNORECASE | re.DOTALL)
_CODED_ASIDE = re.compile(r"\([^()]*\bcoded\b[^()]*\)", re.IGNORECASE)  # "(coded as Tanai)"
# ACLED coding remarks ("Unknown fatalities coded as 3 (...)."), not news content.
_CODING_REMARK = re.compile(r"(?:^|(?<=[.!?] ))(?:unknown |no |\d+ )?fatalit[^.]*?\bcoded\b[^.]*\.?",
                            re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*|[.!?;:]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A capitalised word that does not open a sentence (tokens are space-joined, so the char two to
# the left is the end of the previous token); short all-capital words (IED, VBIED, RPG) are kept.
_NAME = re.compile(r"(?<=[^.!?;:] )(?![A-Z]{1,5}\b)[A-Z][A-Za-z'\-]*")
_SENTENCE_END = frozenset(".!?;:")
# A run of capitalised words right after a place preposition ("in Kidal", "near Gao Town"):
# usually a place name, which says where, not what; actor names (Police, Taliban) are kept.
_PLACE = re.compile(r"\b((?i:in|of|near|at|from|outside|around|towards?)) "
                    r"[A-Z][A-Za-z'\-]*(?: [A-Z][A-Za-z'\-]*)*")

MASK_MODES = ("none", "digits", "shape", "place")  # what ``masked`` may replace (its docstring)
DEFAULT_MODE = "shape"
CHAR_SEED = 0x9E3779B97F4A7C15  # odd 64-bit multiplier (golden ratio) of the char n-gram hash


def strip_boilerplate(text: str) -> str:
    """Drop ACLED's formatting: the date opening, leading labels, [tags], coding remarks."""
    text = _CODED_ASIDE.sub(" ", _FATALITIES.sub(" ", _BRACKETS.sub(" ", text)))
    for _ in range(2):  # "Arrests: On 3 May 2020, ..." carries both
        text = _LABEL_PREFIX.sub("", _DATE_PREFIX.sub("", text))
    return _CODING_REMARK.sub(" ", text)


def masked(text: str, mode: str = DEFAULT_MODE) -> str:
    """The normalised text the model reads (identical at training and prediction time).

    ACLED boilerplate is stripped, words and sentence punctuation are kept (space-separated,
    lower-cased) and, by ``mode``: ``"digits"`` turns every number into ``0``; ``"shape"`` also
    turns capitalised words that do not open a sentence (names of places, people, groups) into
    ``_xx_``; ``"place"`` turns only capitalised words after a place preposition ("in", "near",
    "of", ...) into one ``_xx_`` and keeps actor names; ``"none"`` only lower-cases.
    """
    if mode not in MASK_MODES:  # (a "+"-joined pair of modes is split by the featuriser)
        raise ValueError(f"unknown mask mode {mode!r}")
    joined = " ".join(_TOKEN.findall(strip_boilerplate(text)))
    if mode != "none":
        joined = _NUMBER.sub("0", joined)
    if mode == "shape":
        joined = _NAME.sub("_xx_", joined)
    elif mode == "place":
        joined = _PLACE.sub(r"\1 _xx_", joined)
    return joined.lower()


# ---------------------------------------------------------------- features

def tokens(text: str, mode: str = DEFAULT_MODE, stems: bool = True) -> list[str]:
    """Word features: unigrams, bigrams and (``stems``) 5-letter stems (inflection-robust)."""
    return _word_feats(masked(text, mode), stems)


def _word_feats(normal: str, stems: bool = True) -> list[str]:
    words = [w for w in normal.split() if w not in _SENTENCE_END]
    feats = words + [a + " " + b for a, b in zip(words, words[1:])]
    if stems:
        feats += ["~" + w[:5] for w in words if len(w) > 5]
    return feats


def _char_hashes(normals: Sequence[str], chars: tuple[int, int], n_features: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(row, hashed column) of every char n-gram of every space-padded word (like char_wb)."""
    joined = "\x00".join(" " + t + " " for t in normals)
    code = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row_of = np.cumsum(code == 0)
    space = np.concatenate([[0], np.cumsum(code == 32)])
    sep = np.concatenate([[0], np.cumsum(code == 0)])
    bits = np.uint64(64 - int(n_features).bit_length() + 1)
    rows, cols = [], []
    for n in range(chars[0], chars[1] + 1):
        m = len(code) - n + 1
        if m <= 0:
            continue
        h = np.full(m, n, dtype=np.uint64)
        for k in range(n):
            h = h * np.uint64(CHAR_SEED) + code[k:k + m]
        start = np.arange(m)
        ok = (sep[start + n] == sep[start]) & (space[start + n - 1] == space[start + 1])
        rows.append(row_of[:m][ok])
        cols.append(((h[ok] * np.uint64(CHAR_SEED)) >> bits).astype(np.int64))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols)


def _counts(texts: Sequence[str], n_features: int, mode: str, chars: tuple[int, int] | None,
            stems: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indptr, sorted indices, counts) of the hashed feature counts of each text."""
    modes = mode.split("+")  # "shape+place": the word features of both views, the 2nd tagged
    normals = [masked(t, modes[0]) for t in texts]
    mask = n_features - 1
    rows, cols = [], []
    for tag, view in enumerate(modes):
        for i, text in enumerate(texts):
            feats = _word_feats(normals[i] if tag == 0 else masked(text, view), stems)
            hashed = [zlib.crc32((f"{tag}|" * tag + f).encode("utf-8")) & mask for f in feats]
            cols.extend(hashed)
            rows.extend([i] * len(hashed))
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    if chars:
        c_rows, c_cols = _char_hashes(normals, chars, n_features)
        rows, cols = np.concatenate([rows, c_rows]), np.concatenate([cols, c_cols])
    keys, counts = np.unique(rows * n_features + cols, return_counts=True)
    ptr = np.searchsorted(keys // n_features, np.arange(len(texts) + 1))
    return ptr.astype(np.int64), keys % n_features, counts


def featurise(texts: Sequence[str], n_features: int, mode: str = DEFAULT_MODE,
              chars: tuple[int, int] | None = None, idf: np.ndarray | None = None,
              stems: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts (indptr, indices, data) of hashed, L2-normalised feature rows.

    Without ``idf`` a feature is present or not (binary); with it, it weighs
    ``(1 + log count) * idf[column]`` (sublinear TF-IDF). ``chars`` adds hashed character
    n-grams of those lengths (inside space-padded words) to the word features.
    """
    ptr, idx, counts = _counts(texts, n_features, mode, chars, stems)
    if idf is None:
        data = np.ones(len(idx), dtype=np.float32)
    else:
        data = ((1.0 + np.log(counts)) * idf[idx]).astype(np.float32)
    lengths = np.diff(ptr)
    sq = np.add.reduceat(data * data, ptr[:-1][lengths > 0]) if len(idx) else np.zeros(0)
    norms = np.zeros(len(texts), dtype=np.float32)
    norms[lengths > 0] = 1.0 / np.sqrt(np.maximum(sq, 1e-12))
    return ptr, idx, data * np.repeat(norms, lengths)


def _scores(texts: Sequence[str], model: "_Model") -> np.ndarray:
    """Linear class scores: sum of each row's feature weights (sparse row times dense matrix)."""
    ptr, idx, data = featurise(texts, model.n_features, model.mode, model.chars, model.idf,
                               model.stems)
    out = np.zeros((len(texts), model.weights.shape[1]), dtype=np.float32)
    if len(idx):
        contrib = model.weights[model.column[idx]] * data[:, None]
        starts = ptr[:-1][np.diff(ptr) > 0]
        out[np.diff(ptr) > 0] = np.add.reduceat(contrib, starts, axis=0)
    return out + model.intercept


# ---------------------------------------------------------------- the shipped model

@dataclass(frozen=True)
class _Model:
    classes: tuple[str, ...]
    n_features: int
    mode: str
    column: np.ndarray  # hashed feature index -> row of ``weights`` (0 = the all-zero row)
    weights: np.ndarray  # (kept features + 1, classes) float32
    intercept: np.ndarray  # (classes,)
    temperature: float  # softmax temperature fitted on held-out training data
    chars: tuple[int, int] | None = None  # char n-gram lengths, None = word features only
    idf: np.ndarray | None = None  # (n_features,) IDF fitted on train; None = binary features
    stems: bool = True  # whether 5-letter word stems are features


def _idf_from_arrays(arrays) -> np.ndarray | None:
    """The IDF vector, stored as uint8 steps above its minimum (absent in binary models)."""
    if "idf_q" not in arrays:
        return None
    base, step = (float(v) for v in arrays["idf_range"])
    return (base + arrays["idf_q"].astype(np.float32) * step).astype(np.float32)


def _model_from_arrays(arrays) -> _Model:
    kept = arrays["kept"].astype(np.int64)
    n_features = int(arrays["n_features"])
    column = np.zeros(n_features, dtype=np.int32)
    column[kept] = np.arange(1, len(kept) + 1, dtype=np.int32)
    quant = arrays["coef_q"].astype(np.float32) * arrays["coef_scale"].astype(np.float32)
    weights = np.vstack([np.zeros((1, quant.shape[1]), np.float32), quant])
    chars = tuple(int(c) for c in arrays["chars"]) if "chars" in arrays else (0, 0)
    return _Model(classes=tuple(str(c) for c in arrays["classes"]), n_features=n_features,
                  mode=str(arrays["mode"]), column=column, weights=np.ascontiguousarray(weights),
                  intercept=arrays["intercept"].astype(np.float32),
                  temperature=float(arrays["temperature"]),
                  chars=chars if chars[0] > 0 else None, idf=_idf_from_arrays(arrays),
                  stems=bool(arrays["stems"]) if "stems" in arrays else True)


@lru_cache(maxsize=1)
def _load() -> _Model:
    resource = files("sitroom").joinpath("data", "incident_typer.npz")
    with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as arrays:
        return _model_from_arrays(arrays)


@dataclass(frozen=True)
class IncidentPrediction:
    incident: float  # P(the text reports a violent/protest/strategic incident)
    type: str | None  # ACLED event type; None if no incident is likely
    sub_type: str | None  # ACLED sub-event type (the likeliest one of ``type``); None if no incident
    probability: float  # calibrated P(sub_type | incident)
    alternatives: tuple[tuple[str, float], ...]  # top 3 sub-types with P(sub-type | incident)
    type_probability: float = 0.0  # calibrated P(type | incident): its sub-types summed


def probabilities(texts: Sequence[str], model: _Model | None = None) -> np.ndarray:
    """Calibrated class probabilities, columns in ``model.classes`` order."""
    model = model or _load()
    z = _scores(texts, model) / model.temperature
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def likeliest_types(sub_probs: np.ndarray, subs: Sequence[str]
                    ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(event type, P(type), column of its likeliest sub-type) for each row of P(sub-type |
    incident), columns named by ``subs``.

    The type is the one whose sub-types together are likeliest (the Bayes decision for the
    type), not the parent of the single likeliest sub-type: three Explosions sub-types at 0.2
    each outweigh one Battles sub-type at 0.35. The sub-type is the likeliest one of that type."""
    types = sorted({PARENT[s] for s in subs})
    member = np.array([[PARENT[s] == t for s in subs] for t in types])  # (types, subs)
    by_type = sub_probs @ member.T.astype(sub_probs.dtype)
    best = by_type.argmax(axis=1)
    within = np.where(member[best], sub_probs, -1.0).argmax(axis=1)
    return [types[i] for i in best], by_type[np.arange(len(best)), best], within


def _one(row: np.ndarray, classes: tuple[str, ...], none_col: int, etype: str,
         type_prob: float, best_col: int) -> IncidentPrediction:
    p_none = float(row[none_col]) if none_col >= 0 else 0.0
    sub = row.copy()
    if none_col >= 0:
        sub[none_col] = 0.0
    total = float(sub.sum()) or 1.0
    order = np.argsort(-sub)[:3]
    alts = tuple((classes[i], float(sub[i] / total)) for i in order)
    incident = 1.0 - p_none
    best, prob = classes[best_col], float(sub[best_col] / total)
    if incident < 0.5:
        return IncidentPrediction(incident, None, None, prob, alts, float(type_prob))
    return IncidentPrediction(incident, etype, best, prob, alts, float(type_prob))


def predict(texts: Sequence[str], model: _Model | None = None) -> list[IncidentPrediction]:
    """Batched prediction for sentences or short passages (trained on English news).

    ``type`` and ``sub_type`` are None when ``incident`` < 0.5; ``probability`` (of the chosen
    sub-type), ``type_probability`` and ``alternatives`` (the three likeliest sub-types) are
    always given, as if there were an incident. ``model``
    defaults to the shipped file (the training script passes the one it has just written).
    """
    texts = list(texts)
    if not texts:
        return []
    model = model or _load()
    probs = probabilities(texts, model)
    none_col = model.classes.index(NO_INCIDENT) if NO_INCIDENT in model.classes else -1
    sub_cols = [i for i in range(len(model.classes)) if i != none_col]
    sub_probs = probs[:, sub_cols]
    sub_probs = sub_probs / np.maximum(sub_probs.sum(axis=1, keepdims=True), 1e-12)
    types, type_probs, within = likeliest_types(sub_probs, [model.classes[i] for i in sub_cols])
    return [_one(row, model.classes, none_col, etype, type_prob, sub_cols[col])
            for row, etype, type_prob, col in zip(probs, types, type_probs, within)]
