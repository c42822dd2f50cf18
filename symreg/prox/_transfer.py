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

from symreg._written import rebuild
from symreg.derivation import Derivation, Step
from symreg.derivation._derivation import record_verified
from symreg.printing._words import text_data, text_from_data

__all__ = ["VerifiedTransfer", "freeze", "freeze_derivation", "record_verified", "thaw",
           "thaw_derivation"]


def freeze(obj: Any) -> Any:
    """Nested tuples ``(class, args...)`` for a SymPy object; other values unchanged."""
    if isinstance(obj, sympy.Basic) and obj.args and not isinstance(obj, sympy.Dummy):
        return ("sympy", type(obj), tuple(freeze(a) for a in obj.args))
    return obj


def thaw(obj: Any) -> Any:
    """The SymPy object of :func:`freeze`, built without evaluation."""
    if isinstance(obj, tuple) and len(obj) == 3 and obj[0] == "sympy":
        return rebuild(obj[1], [thaw(a) for a in obj[2]])
    return obj


_FIELDS = ("lhs", "rhs", "where", "variable", "domain")


@dataclasses.dataclass(frozen=True)
class FrozenDerivation:
    """A derivation's data with every expression frozen (see :func:`freeze_derivation`)."""

    fields: dict[str, Any]
    steps: tuple[Any, ...]


def freeze_derivation(derivation: Derivation) -> FrozenDerivation:
    """The derivation's data with every expression frozen (steps, hypotheses, results)."""
    for s in derivation.steps:
        if not isinstance(s, Step):
            raise TypeError("only derivations of single steps cross the process boundary")
    steps = tuple(_Frozen({f: freeze(getattr(s, f)) for f in _FIELDS},
                          text_data(s.reason, freeze), s.relation) for s in derivation.steps
                  if isinstance(s, Step))
    fields = {
        "name": derivation.name, "title": text_data(derivation.title, freeze),
        "prose": text_data(derivation.prose, freeze), "conventions": derivation.conventions,
        "remarks": tuple(text_data(remark, freeze) for remark in derivation.remarks),
        "hypotheses": freeze(derivation.hypotheses),
        "results": {k: freeze(v) for k, v in derivation.results.items()},
    }
    return FrozenDerivation(fields=fields, steps=steps)


def thaw_derivation(frozen: FrozenDerivation) -> Derivation:
    """The inverse of :func:`freeze_derivation` (an unverified derivation)."""
    steps = []
    for s in frozen.steps:
        values = {f: thaw(v) for f, v in s.values.items()}
        steps.append(Step(values["lhs"], values["rhs"], reason=text_from_data(s.reason, thaw),
                          relation=s.relation, where=values["where"],
                          variable=values["variable"], domain=values["domain"]))
    fields = dict(frozen.fields)
    for text in ("title", "prose"):
        fields[text] = text_from_data(fields[text], thaw)
    fields["remarks"] = tuple(text_from_data(remark, thaw) for remark in fields["remarks"])
    fields["hypotheses"] = thaw(fields["hypotheses"])
    fields["results"] = {k: thaw(v) for k, v in fields["results"].items()}
    return Derivation(steps=tuple(steps), **fields)


@dataclasses.dataclass(frozen=True)
class _Frozen:
    values: dict[str, Any]
    reason: Any  # the reason as text data (symreg.printing._words.text_data)
    relation: Any


@dataclasses.dataclass(frozen=True)
class VerifiedTransfer:
    """A derivation verified in a worker process: its frozen data and the witness found."""

    derivation: FrozenDerivation
    witness: tuple[tuple[sympy.Symbol, Any], ...]
