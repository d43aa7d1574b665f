"""Stage 1, ingest: read files and folders into RawDocument records (or Rejections).

Entry point: :func:`read_inputs`.  (STUB: being written.)
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from sitroom.models import RawDocument, Rejection, SourceMeta


def read_inputs(paths: Iterable[str | Path], defaults: SourceMeta = SourceMeta()) -> Iterator[RawDocument | Rejection]:
    for path in paths:
        for file in sorted(Path(path).rglob("*")) if Path(path).is_dir() else [Path(path)]:
            if file.is_file() and file.suffix in (".txt", ".md"):
                yield RawDocument(source=str(file), kind="text", text=file.read_text(encoding="utf-8"), meta=defaults)
