r"""Hypotheses on the parameters written as data: one new positive symbol per condition.

A hypothesis is a conjunction of one-sided strict conditions ``s < U`` or
``s > L``, each on a (possibly different) parameter: ``eta < gamma`` for MCP,
``(a > 2) & (eta < a - 1)`` for SCAD with its own condition and the step's.
Each condition, in turn, becomes the positivity of a new symbol
``delta`` (``delta_2``, ...): ``s < U`` with ``U > 0`` is ``s = U/(1 + delta)``
(``U - delta`` for a real ``s`` of any sign) and ``s > L`` is ``s = L + delta``,
each one eliminating its own parameter after the earlier substitutions. The
prover then needs no relation between parameters; the result is written back
in the original parameters by the inverse substitutions, last first.

>>> from symreg.symbols import eta
>>> a = sympy.Symbol("a", positive=True)
>>> p = parametrise((a > 2) & (eta < a - 1), eta)
>>> [(str(s), str(value)) for s, value, _d, _b in p.substitutions]
[('a', 'delta + 2'), ('eta', '(delta + 1)/(delta_2 + 1)')]
>>> p.back(p.forward(eta + a))
a + eta
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg import printing
from symreg.errors import UnsupportedError

__all__ = ["DELTA", "Parametrisation", "parametrise"]

#: The positive symbol that carries the first condition (``eta = gamma/(1 + delta)``).
DELTA = sympy.Symbol("delta", positive=True)


@dataclass(frozen=True)
class Parametrisation:
    """The substitutions ``(s, value in delta_i, delta_i, delta_i in s)``, in order."""

    substitutions: tuple[tuple[sympy.Symbol, sympy.Expr, sympy.Symbol, sympy.Expr], ...] = ()

    def forward(self, expr: Any) -> Any:
        """``expr`` with each parameter replaced by its value in the new symbols."""
        for s, value, _delta, _back in self.substitutions:
            expr = expr.xreplace({s: value})
        return expr

    def back(self, expr: Any) -> Any:
        """``expr`` in the original parameters (the new symbols replaced, last first)."""
        for _s, _value, delta, back in reversed(self.substitutions):
            expr = expr.xreplace({delta: back})
        return expr

    def note(self) -> str:
        """A sentence saying how the hypothesis is written (empty when there is none)."""
        if not self.substitutions:
            return ""
        count = len(self.substitutions)
        written = "${} = {}$" if count == 1 else (
            ", ".join(["${} = {}$"] * (count - 1)) + " and ${} = {}$")
        news = ", ".join(["{}"] * count)
        return printing.words(
            f" The hypothesis is written {written} with {news}.",
            *(x for s, v, _d, _b in self.substitutions for x in (s, v)),
            *(sympy.StrictGreaterThan(d, 0, evaluate=False)
              for _s, _v, d, _b in self.substitutions))


def conditions(hypothesis: Boolean) -> tuple[Boolean, ...]:
    """The conditions of a hypothesis (its conjuncts), each checked to be one-sided.

    >>> from symreg.symbols import eta, lam
    >>> conditions((eta < 1) & (lam > 2))
    (lam > 2, eta < 1)
    """
    if hypothesis is sympy.true:
        return ()
    parts = tuple(hypothesis.args) if isinstance(hypothesis, sympy.And) else (hypothesis,)
    for part in parts:
        if not isinstance(part, sympy.StrictLessThan | sympy.StrictGreaterThan):
            raise UnsupportedError(
                f"the hypothesis {hypothesis} is not a conjunction of conditions s < U or "
                "s > L, each on one positive symbol s")
    return parts


def parametrise(hypothesis: Boolean, step: sympy.Expr,
                taken: frozenset[str] = frozenset()) -> Parametrisation:
    """One new positive symbol per condition of ``hypothesis`` (the step's symbol preferred).

    Raises:
        UnsupportedError: a condition is not one-sided and strict, or cannot be
            solved for a parameter not eliminated before.
    """
    substitutions: list[tuple[sympy.Symbol, sympy.Expr, sympy.Symbol, sympy.Expr]] = []
    names = set(taken) | {s.name for s in hypothesis.free_symbols}
    done = Parametrisation()
    for condition in conditions(hypothesis):
        delta = _fresh(names, len(substitutions))
        names.add(delta.name)
        current = done.forward(condition)
        if current is sympy.true or current is sympy.false:
            raise UnsupportedError(
                f"the condition {condition} of the hypothesis {hypothesis} is decided by the "
                "others")
        new = {d for _s, _v, d, _b in substitutions}
        substitutions.append(_one(current, step, delta, hypothesis, new))
        done = Parametrisation(tuple(substitutions))
    return done


def _fresh(names: set[str], index: int) -> sympy.Symbol:
    candidates = (["delta"] if index == 0 else []) + [f"delta_{k}" for k in range(2, 100)]
    return sympy.Symbol(next(n for n in candidates if n not in names), positive=True)


def _one(condition: Boolean, step: sympy.Expr, delta: sympy.Symbol, hypothesis: Boolean,
         new: set[sympy.Symbol]) -> tuple[sympy.Symbol, sympy.Expr, sympy.Symbol, sympy.Expr]:
    small, large = ((condition.lhs, condition.rhs)
                    if isinstance(condition, sympy.StrictLessThan)
                    else (condition.rhs, condition.lhs))
    order = sorted(condition.free_symbols - new, key=lambda v: (v != step, v.name))
    for s in order:
        if not s.is_real:
            continue
        solved = sympy.solve(small - large, s)
        if len(solved) != 1 or solved[0].has(s):
            continue
        bound = solved[0]
        # Which side of the bound is s on?  s < bound when small - large grows with s.
        grows = sympy.diff(small - large, s)
        if grows.is_positive and (bound.is_positive or not s.is_positive):
            if s.is_positive:
                return s, bound / (1 + delta), delta, bound / s - 1
            return s, bound - delta, delta, bound - s
        if grows.is_negative and (bound.is_nonnegative or not s.is_positive):
            return s, bound + delta, delta, s - bound
    raise UnsupportedError(f"cannot write the hypothesis {hypothesis} with positive symbols "
                           f"(the condition {condition})")
