"""English language data: every vocabulary file's example table, run as one parametrised test."""
from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from sitroom.lang.en._vocabulary import MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS, alternation, vocabulary_file

DATA_FILES = sorted(p.name[:-5] for p in resources.files("sitroom.lang.en").iterdir() if p.name.endswith(".yaml"))
EXAMPLES = [(name, *row) for name in DATA_FILES for row in (vocabulary_file(name).get("examples") or [])]


@pytest.mark.parametrize("data_file, vocabulary, text, found", EXAMPLES)
def test_each_vocabulary_finds_its_examples(data_file, vocabulary, text, found):
    words = vocabulary_file(data_file)[vocabulary]
    match = re.search(rf"\b(?:{alternation(words)})\b", text, re.I)
    assert match and match.group().lower() == found


def test_every_data_file_has_examples():
    assert DATA_FILES
    for name in DATA_FILES:
        assert vocabulary_file(name).get("examples"), f"lang/en/{name}.yaml has no example table"


def test_calendar_numbers():
    assert MONTHS["december"] == 12 and MONTHS["sept"] == 9 and MONTHS["may"] == 5
    assert WEEKDAYS["monday"] == 0 and WEEKDAYS["sunday"] == 6
    assert len({v for k, v in MONTHS.items()}) == 12


def test_the_data_files_parse_as_yaml_mappings():
    for name in DATA_FILES:
        text = resources.files("sitroom.lang.en").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        assert isinstance(yaml.safe_load(text), dict)


# ------------------------------------------------------------------ each vocabulary defined once

SRC = Path(__file__).resolve().parents[1] / "src" / "sitroom"
CALENDAR = {"months": set(MONTH_NAMES), "weekdays": set(WEEKDAY_NAMES)}


def calendar_words_in(literal: str) -> dict[str, int]:
    words = set(re.findall(r"[a-z]+", literal.lower()))
    return {name: len(words & vocab) for name, vocab in CALENDAR.items()}


def test_calendar_words_are_written_only_in_lang_en():
    """No string in the code spells out four or more month or weekday names: they come from
    lang/en/calendar.yaml (the test greps every string literal of the package)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.parent == SRC / "lang" / "en":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                counts = calendar_words_in(node.value)
                if max(counts.values()) >= 4:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {counts}")
    assert not offenders, offenders
