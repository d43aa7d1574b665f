"""Tuning constants of every stage, in one data file (``core/settings.yaml``), each with a line on
why it has its value and where that value came from.

A module names the settings it reads once, at import::

    MERGE_THRESHOLD = setting("fuse.clusters.merge_threshold")

so the value lives in one place and the code keeps a readable name. Limits on inputs (sizes a
user may override) are not tuning: they are in :mod:`sitroom.core._limits`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Setting:
    key: str  # "stage.module.name"
    value: float | int
    why: str  # where the value comes from (fitted on what, set by hand, a rule of the codebook)


@cache
def settings() -> dict[str, Setting]:
    """Every setting of ``core/settings.yaml`` by its dotted key."""
    text = resources.files("sitroom.core").joinpath("settings.yaml").read_text(encoding="utf-8")
    return dict(_flatten(yaml.safe_load(text), ()))


def _flatten(node: dict, path: tuple[str, ...]):
    for name, value in node.items():
        if isinstance(value, dict) and "value" not in value:
            yield from _flatten(value, (*path, name))
        else:
            key = ".".join((*path, name))
            yield key, Setting(key, value["value"], value["why"])


def setting(key: str) -> float | int:
    """The value of one setting; a key that is not in the file is a bug, and says so."""
    try:
        return settings()[key].value
    except KeyError:
        raise KeyError(f"no setting {key!r} in sitroom/core/settings.yaml") from None
