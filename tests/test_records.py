"""Records check their contract vocabularies when they are built: a wrong value is a bug."""
from __future__ import annotations

import pytest

from sitroom.core import Contradiction, Figure, Place
from sitroom.core._records import CONTRADICTION_STATUSES, FIGURE_KINDS, QUALIFIERS, STANCES


def figure(**changes) -> Figure:
    fields = dict(id="f1", article_id="a1", kind="killed", party=None, value=3.0, low=None, high=None,
                  qualifier="exact", text="three soldiers", sentence="Three soldiers were killed.", start=0, end=14)
    return Figure(**{**fields, **changes})


def test_vocabularies_are_the_contracts():
    assert FIGURE_KINDS == ("killed", "wounded", "missing", "captured", "arrested", "released", "displaced")
    assert QUALIFIERS == ("exact", "at_least", "at_most", "approx", "range")
    assert STANCES == ("asserted", "confirmed", "denied", "unverified")
    assert CONTRADICTION_STATUSES == ("consistent", "range", "contested", "superseded")


@pytest.mark.parametrize("field, value", [("kind", "dead"), ("qualifier", "about"), ("stance", "rumoured"),
                                          ("kind", "")])
def test_a_figure_outside_its_vocabulary_is_refused(field, value):
    with pytest.raises(ValueError, match=f"Figure.{field}"):
        figure(**{field: value})


@pytest.mark.parametrize("kind", FIGURE_KINDS)
def test_every_kind_makes_a_figure(kind):
    assert figure(kind=kind).kind == kind


def test_place_and_contradiction_check_theirs():
    with pytest.raises(ValueError, match="geo_precision"):
        Place("Yerevan", 40.18, 44.51, "Armenia", "AM", "Yerevan", geo_precision="city")
    with pytest.raises(ValueError, match="status"):
        Contradiction("c1", "Armenia killed", "killed", "Armenia", ("f1", "f2"), (3, 4), "disputed")
    assert Contradiction("c1", "Armenia killed", "killed", "Armenia", ("f1", "f2"), (3, 4), "contested").status
