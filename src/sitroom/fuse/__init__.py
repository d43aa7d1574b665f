"""Stage 5: mentions of one incident from many articles fused into events; the claims ledger; the timeline.
"""
from __future__ import annotations

from sitroom.fuse._clusters import fuse
from sitroom.fuse._mentions import fusion_mentions

__all__ = [
    "fuse", "fusion_mentions",
]
