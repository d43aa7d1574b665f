"""English language data: every vocabulary file's example table, run as one parametrised test."""
from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from sitroom.lang.en._vocabulary import MONTHS, WEEKDAYS, alternation, vocabulary_file

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
