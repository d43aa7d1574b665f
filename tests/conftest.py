from __future__ import annotations

import os

import pytest

from sitroom.core._errors import DataMissing
from sitroom.evaluation.paths import shared_dir

# Programming errors are raised in the tests, never turned into rejections (sitroom.pipeline.guarded).
os.environ["SITROOM_STRICT"] = "1"


@pytest.fixture(scope="session")
def shared():
    """The ../shared folder; tests that need it skip when it is absent."""
    try:
        return shared_dir()
    except DataMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def seeds_dir(shared):
    path = shared / "seeds"
    if not path.is_dir():
        pytest.skip("no ../shared/seeds")
    return path
