"""`record`: the part of `dataclasses.dataclass` the recommender uses, without its start-up cost.

Importing `dataclasses` imports `inspect` (and with it `ast`, `dis`, `tokenize`...) and each
decorated class compiles its methods with `exec`: about 12 ms of a 50 ms `recommend`, where a
bare Python start is 20 ms (issue 25, docs/benchmarks.md). A record class gets the same
behaviour:

- `__init__` taking the fields positionally or by name, in annotation order, with defaults
  and `field(default_factory=...)`, compiled with `__eq__` and `__hash__` in one small exec;
- `__repr__`, and `__eq__` and `__hash__` (frozen records) over the fields with compare=True;
- frozen records refuse attribute assignment (FrozenInstanceError, an AttributeError);
- `replace(record, **changes)`, as `dataclasses.replace`.

Instances keep a `__dict__` (pathways.py copies states through it).
"""
from operator import attrgetter

_MISSING = object()


class FrozenInstanceError(AttributeError):
    pass


class _Field:
    __slots__ = ("default", "default_factory", "compare")

    def __init__(self, default=_MISSING, default_factory=_MISSING, compare=True):
        self.default, self.default_factory, self.compare = default, default_factory, compare


def field(*, default=_MISSING, default_factory=_MISSING, compare=True):
    return _Field(default, default_factory, compare)


def _methods(cls, names, defaults, compared, frozen):
    """__init__ (compiled: an instance is made often) and __eq__ and (frozen) __hash__ (over the compared
    fields read by one attrgetter: nothing to compile, the half of a record's start-up cost that was)."""
    space = {"_MISSING": _MISSING}
    params = []
    body = []
    for name in names:
        default, factory = defaults.get(name, (_MISSING, _MISSING))
        if factory is not _MISSING:
            space[f"_factory_{name}"] = factory
            params.append(f"{name}=_MISSING")
            body.append(f"    _fields_[{name!r}] = _factory_{name}() if {name} is _MISSING else {name}")
        else:
            if default is not _MISSING:
                space[f"_default_{name}"] = default
                params.append(f"{name}=_default_{name}")
            else:
                params.append(name)
            body.append(f"    _fields_[{name!r}] = {name}")
    exec(f"def __init__(self, {', '.join(params)}):\n    _fields_ = self.__dict__\n" + "\n".join(body) + "\n", space)
    key = attrgetter(*compared) if len(compared) > 1 else (
        (lambda obj, get=attrgetter(compared[0]): (get(obj),)) if compared else (lambda obj: ()))

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self):
        return hash(key(self))

    for method, function in (("__init__", space["__init__"]), ("__eq__", __eq__), ("__hash__", __hash__)):
        function.__qualname__ = f"{cls.__qualname__}.{method}"
    return space["__init__"], __eq__, __hash__ if frozen else None


def _repr(self):
    return f"{type(self).__qualname__}({', '.join(f'{n}={self.__dict__[n]!r}' for n in self._record_names)})"


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def record(cls=None, *, frozen=False):
    """A class decorator: `@record` or `@record(frozen=True)`, as `@dataclass` is used here."""
    def wrap(cls):
        names, defaults, compared = [], {}, []
        for name in cls.__dict__.get("__annotations__", {}):
            names.append(name)
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, _Field):
                defaults[name] = (value.default, value.default_factory)
                if value.compare:
                    compared.append(name)
                if value.default is not _MISSING:
                    setattr(cls, name, value.default)
                else:
                    delattr(cls, name)
                continue
            if value is not _MISSING:
                defaults[name] = (value, _MISSING)
            compared.append(name)
        cls._record_names = tuple(names)
        # a frozen record hashes; an unfrozen one is unhashable, as a dataclass with eq
        cls.__init__, cls.__eq__, cls.__hash__ = _methods(cls, names, defaults, compared, frozen)
        cls.__repr__ = _repr
        if frozen:
            cls.__setattr__, cls.__delattr__ = _frozen_setattr, _frozen_delattr
        return cls

    return wrap if cls is None else wrap(cls)


def replace(obj, **changes):
    """A copy of a record with some fields changed (dataclasses.replace), through __init__."""
    values = {n: obj.__dict__[n] for n in obj._record_names}
    values.update(changes)
    return type(obj)(**values)
