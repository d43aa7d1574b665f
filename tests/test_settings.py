"""Tuning constants live once, in core/settings.yaml, each with a line on why."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitroom.core import setting, settings

SRC = Path(__file__).resolve().parents[1] / "src" / "sitroom"
READS = re.compile(r"""\bsetting\(\s*["']([\w.]+)["']\s*\)""")


def keys_read_by_the_package() -> dict[str, list[str]]:
    read: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        if path.name == "_settings.py":
            continue  # its docstring shows how a module reads one
        for key in READS.findall(path.read_text(encoding="utf-8")):
            read.setdefault(key, []).append(str(path.relative_to(SRC)))
    return read


def test_every_setting_says_why_and_is_a_number():
    assert settings()
    for key, entry in settings().items():
        assert entry.why and len(entry.why.split()) >= 3, f"{key}: no line on why"
        assert isinstance(entry.value, (int, float)) and not isinstance(entry.value, bool), key


def test_every_setting_is_read_once_and_every_read_exists():
    read = keys_read_by_the_package()
    unused = sorted(set(settings()) - set(read))
    assert not unused, f"settings nobody reads: {unused}"
    missing = sorted(set(read) - set(settings()))
    assert not missing, f"read but not in core/settings.yaml: {missing}"
    twice = {k: v for k, v in read.items() if len(v) > 1}
    assert not twice, f"settings read by more than one module: {twice}"


def test_an_unknown_setting_is_a_bug_that_names_the_file():
    with pytest.raises(KeyError, match="settings.yaml"):
        setting("fuse.clusters.no_such_thing")
    assert setting("clean.published.few_days") == 4
