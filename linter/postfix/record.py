"""One small immutable record type for the Postfix data of this package (parameters, values, retry events).

A :class:`Record` subclass names its fields in ``_FIELDS`` (and ``__slots__``)
and gets what a frozen dataclass gives, equality, hash, repr, pickling and
no assignment, without a dataclass's class-creation cost, which every cold
lint would pay (about 1 ms a class).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs import time on the lint path: not at run time
    from typing import Dict, Iterable, Tuple


class Record:
    """A frozen record with ``__slots__``; compares, hashes and prints by its ``_FIELDS``, in order.

    ``Record(*values)`` sets the fields positionally; a subclass with defaults
    or checks writes its own ``__init__`` and calls :meth:`_set`.
    Assigning or deleting a field raises AttributeError.
    """

    __slots__ = ()
    _FIELDS: Tuple[str, ...] = ()

    def __init__(self, *values) -> None:
        self._set(values)

    def _set(self, values: Iterable[object]) -> None:
        for name, value in zip(self._FIELDS, values):
            object.__setattr__(self, name, value)

    def _astuple(self) -> tuple:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def as_dict(self) -> Dict[str, object]:
        """``{field name: value}`` in field order."""
        return {name: getattr(self, name) for name in self._FIELDS}

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._astuple() == other._astuple()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._astuple())

    def __repr__(self) -> str:
        return (self.__class__.__qualname__ + "("
                + ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS) + ")")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self.__class__.__name__} is immutable: cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self.__class__.__name__} is immutable: cannot delete field {name!r}")

    def __reduce__(self):
        return (self.__class__, self._astuple())
