"""ISO days: the one parser of "2020-12-17" strings that every stage shares."""
from __future__ import annotations

import re
from datetime import date

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: str | None) -> date | None:
    """The day an ISO date or timestamp names ("2020-12-17", "2020-12-17T10:00"); None when missing,
    coarser than a day ("2020-12", "2020-W51") or not a date."""
    match = ISO_DAY.match(str(value)) if value else None
    try:
        return date.fromisoformat(match.group()) if match else None
    except ValueError:
        return None


