"""Exceptions raised by sitroom.

Hierarchy::

    SitroomError                 base of everything sitroom raises on purpose
    ├── UsageError               bad command-line use (exit status 2)
    ├── InputError               an input file cannot be used; carries ``source`` and ``reason``
    │   ├── UnsupportedInput     a file type sitroom does not read
    │   └── UnreadableInput      empty, binary, truncated, undecodable or too large
    ├── StoreError               the database cannot be opened, migrated or written
    └── DataMissing              reference data (../shared/data) or a shipped model is absent

Bad inputs never stop a batch: the stage that meets one turns it into a
:class:`sitroom.core._records.Rejection` (source, stage, reason) and goes on.
"""
from __future__ import annotations


class SitroomError(Exception):
    """Base class."""


class UsageError(SitroomError):
    """Bad command-line use."""


class InputError(SitroomError):
    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class UnsupportedInput(InputError):
    pass


class UnreadableInput(InputError):
    pass


class StoreError(SitroomError):
    pass


class DataMissing(SitroomError):
    pass
