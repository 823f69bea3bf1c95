"""recommender.catalogue.records behaves as dataclasses does for what the recommender uses (issue 25 replaced
@dataclass with @record on the `recommend` path to start faster). Each check is made on a real
dataclass and on a record of the same shape, and the answers must agree."""
import dataclasses

import pytest

from recommender.catalogue.records import FrozenInstanceError, field, record, replace


def both(frozen):
    @dataclasses.dataclass(frozen=frozen)
    class Made:
        a: int
        b: str
        c: tuple = ()
        d: list = dataclasses.field(default_factory=list)
        e: dict = dataclasses.field(default=None, compare=False)

    real = Made

    @record(frozen=frozen)
    class Made:  # noqa: F811 (the same name, so the reprs can be compared)
        a: int
        b: str
        c: tuple = ()
        d: list = field(default_factory=list)
        e: dict = field(default=None, compare=False)

    return real, Made


@pytest.mark.parametrize("frozen", [True, False])
def test_construction_defaults_repr_and_equality_agree_with_dataclasses(frozen):
    real, rec = both(frozen)
    assert repr(rec(1, "x")) == repr(real(1, "x"))
    assert repr(rec(1, "x")).endswith("Made(a=1, b='x', c=(), d=[], e=None)")
    for cls in (real, rec):
        assert cls(1, "x").d is not cls(1, "x").d                   # a fresh list each time
        assert cls(1, "x", e={"k": 1}) == cls(1, "x", e={"k": 2})   # compare=False is left out
        assert cls(1, "x") != cls(2, "x")
        assert cls(b="x", a=1) == cls(1, "x")
        assert (cls(1, "x") == (1, "x")) is False
        with pytest.raises(TypeError):
            cls(1)                                                  # b is required
        with pytest.raises(TypeError):
            cls(1, "x", z=3)                                        # no such field


def test_frozen_records_hash_by_value_and_refuse_assignment():
    real, rec = both(True)
    for cls in (real, rec):
        assert hash(cls(1, "x", d=(), e={"k": 1})) == hash(cls(1, "x", d=(), e={"k": 2}))
        assert len({cls(1, "x", d=()), cls(1, "x", d=()), cls(2, "x", d=())}) == 2
        with pytest.raises(TypeError):
            hash(cls(1, "x"))                                       # a list field: unhashable, in both
    with pytest.raises(FrozenInstanceError):
        rec(1, "x").a = 2
    with pytest.raises(AttributeError):   # what dataclasses raises is an AttributeError too
        real(1, "x").a = 2


def test_unfrozen_records_are_unhashable_and_assignable_like_dataclasses():
    real, rec = both(False)
    for cls in (real, rec):
        made = cls(1, "x")
        made.a = 5
        assert made.a == 5
        with pytest.raises(TypeError):
            hash(made)


def test_replace_gives_a_changed_copy_as_dataclasses_replace_does():
    real, rec = both(True)
    assert repr(replace(rec(1, "x", (2,)), b="y")) == repr(dataclasses.replace(real(1, "x", (2,)), b="y"))
