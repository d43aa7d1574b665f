"""Language identification for article bodies and single lines (py3langid, normalised probabilities).

:func:`identify` gives one :class:`LanguageGuess` for a text: an ISO 639-1 code and a confidence in
0..1, or ``"und"`` when the text is too short or the model is not sure. :func:`line_languages` does
the same line by line, which is what the cleaner uses to find page chrome in another language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from sitroom.core import setting

UNDETERMINED = "und"
MIN_LETTERS = setting("ingest.language.min_letters")
MIN_CONFIDENCE = setting("ingest.language.min_confidence")

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    """A language guess: ``code`` is an ISO 639 code or ``"und"``; ``confidence`` in 0..1."""
    code: str
    confidence: float

    @property
    def known(self) -> bool:
        return self.code != UNDETERMINED


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text))


def identify(text: str, min_confidence: float = MIN_CONFIDENCE, min_letters: int = MIN_LETTERS) -> LanguageGuess:
    """The language of ``text``; ``und`` when it has too few letters or the best guess is unsure."""
    if letter_count(text or "") < min_letters:
        return LanguageGuess(UNDETERMINED, 0.0)
    code, confidence = _identifier().classify(text)
    if confidence < min_confidence:
        return LanguageGuess(UNDETERMINED, float(confidence))
    return LanguageGuess(code, float(confidence))


def probability_of(text: str, code: str) -> float:
    """The model's normalised probability that ``text`` is in language ``code`` (0 if unknown code)."""
    if not text.strip():
        return 0.0
    return dict(_identifier().rank(text)).get(code, 0.0)


def line_languages(lines: Iterable[str], min_confidence: float = MIN_CONFIDENCE) -> list[LanguageGuess]:
    """One guess per line (``und`` for short or unsure lines), in order."""
    return [identify(line, min_confidence=min_confidence) for line in lines]


def document_language(text: str, sample_chars: int = 5000) -> str | None:
    """The language of a whole body (read from its first ``sample_chars`` characters), or None."""
    guess = identify(text[:sample_chars], min_confidence=0.3)
    return guess.code if guess.known else None
