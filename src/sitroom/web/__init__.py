"""The web API (FastAPI) over a store, read-only.
"""
from __future__ import annotations

from sitroom.web._api import serve

__all__ = [
    "serve",
]
