"""Limits on inputs and on the work one input may cost: the one place they are set.

Each limit has a default and an environment variable that overrides it (a positive integer)::

    limit               default     variable                          over it
    file_bytes          50 MiB      SITROOM_MAX_FILE_BYTES            the file is rejected, never opened
    decompressed_bytes  512 MiB     SITROOM_MAX_DECOMPRESSED_BYTES    a .warc.gz is rejected (gzip bomb)
    record_bytes        50 MiB      SITROOM_MAX_RECORD_BYTES          that WARC record is rejected
    records_per_file    100000      SITROOM_MAX_RECORDS_PER_FILE      the rest of the file is rejected
    article_chars       200000      SITROOM_MAX_ARTICLE_CHARS         only the first N characters are
                                                                      analysed (dates, figures, events);
                                                                      the whole body is stored, and a
                                                                      one-line note says so
    html_depth          200         SITROOM_MAX_HTML_DEPTH            deeper elements are flattened into
                                                                      their ancestor (text kept)

Over a limit, the user sees one line naming the file, the limit and the variable. See
docs/reliability.md.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

from sitroom.core._errors import UsageError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 50 * MiB
    decompressed_bytes: int = 512 * MiB
    record_bytes: int = 50 * MiB
    records_per_file: int = 100_000
    article_chars: int = 200_000
    html_depth: int = 200


def variable(name: str) -> str:
    """The environment variable of one limit: ``file_bytes`` -> ``SITROOM_MAX_FILE_BYTES``."""
    return f"SITROOM_MAX_{name.upper()}"


def limits() -> Limits:
    """The limits in force: the defaults, overridden by their environment variables (read each call)."""
    values = {}
    for f in fields(Limits):
        raw = os.environ.get(variable(f.name), "").strip().replace("_", "")
        if not raw:
            continue
        if not raw.isdigit() or int(raw) < 1:
            raise UsageError(f"{variable(f.name)}={raw!r}: not a positive integer")
        values[f.name] = int(raw)
    return Limits(**values)
