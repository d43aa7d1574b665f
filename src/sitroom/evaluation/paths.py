"""Where the shared reference data lives (``../shared`` next to the checkout by default)."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

from sitroom.core import DataMissing


def shared_dir() -> Path:
    """``$SITROOM_SHARED``, else the first ``shared`` folder beside the cwd, the repo or their parents."""
    env = os.environ.get("SITROOM_SHARED")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for base in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        candidate = base / "shared"
        if (candidate / "data").is_dir() or (candidate / "seeds").is_dir():
            return candidate
        sibling = base.parent / "shared"
        if (sibling / "data").is_dir() or (sibling / "seeds").is_dir():
            return sibling
    raise DataMissing("no ../shared folder with reference data found (set SITROOM_SHARED)")


def shared_path(*parts: str) -> Path:
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        raise DataMissing(f"{path}: reference data not found")
    return path


def load_referee(name: str) -> ModuleType:
    """A referee script of ``../shared/tools`` (e.g. "score_seeds"), imported as a module."""
    spec = importlib.util.spec_from_file_location(name, shared_path("tools", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module
