"""Derivations across the process boundary with their written forms intact.

Pickling a SymPy expression rebuilds it with evaluation, so a step written
``Add(u, eta*lam, evaluate=False)`` would arrive evaluated (and say nothing).
:func:`freeze` turns every expression of a derivation into nested tuples of
classes and atoms; :func:`thaw` rebuilds them without evaluation.

>>> import sympy
>>> from symreg.symbols import w
>>> thaw(freeze(sympy.Add(w, w, evaluate=False)))
w + w
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy

from symreg.derivation import Derivation, Step

__all__ = ["freeze", "freeze_derivation", "thaw", "thaw_derivation"]


def freeze(obj: Any) -> Any:
    """Nested tuples ``(class, args...)`` for a SymPy object; other values unchanged."""
    if isinstance(obj, sympy.Basic) and obj.args and not isinstance(obj, sympy.Dummy):
        return ("sympy", type(obj), tuple(freeze(a) for a in obj.args))
    return obj


def thaw(obj: Any) -> Any:
    """The SymPy object of :func:`freeze`, built without evaluation."""
    if isinstance(obj, tuple) and len(obj) == 3 and obj[0] == "sympy":
        cls, args = obj[1], [thaw(a) for a in obj[2]]
        if issubclass(cls, sympy.Piecewise):
            return cls(*[tuple(pair.args) for pair in args], evaluate=False)
        try:
            return cls(*args, evaluate=False)
        except TypeError:
            return cls(*args)
    return obj


_FIELDS = ("lhs", "rhs", "where", "variable", "domain")


def freeze_derivation(derivation: Derivation) -> Derivation:
    """The derivation with every step's expressions frozen (do not verify it)."""
    steps = tuple(_Frozen({f: freeze(getattr(s, f)) for f in _FIELDS},
                          s.reason, s.relation) for s in derivation.steps)
    return dataclasses.replace(derivation, steps=steps)  # type: ignore[arg-type]


def thaw_derivation(derivation: Derivation) -> Derivation:
    """The inverse of :func:`freeze_derivation`."""
    steps = []
    for s in derivation.steps:
        assert isinstance(s, _Frozen)
        values = {f: thaw(v) for f, v in s.values.items()}
        steps.append(Step(values["lhs"], values["rhs"], reason=s.reason,
                          relation=s.relation, where=values["where"],
                          variable=values["variable"], domain=values["domain"]))
    return dataclasses.replace(derivation, steps=tuple(steps))


@dataclasses.dataclass(frozen=True)
class _Frozen:
    values: dict[str, Any]
    reason: str
    relation: Any
