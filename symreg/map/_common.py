"""What both MAP derivations share: argument checks, splitting -log of a density, display."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg import symbols
from symreg.errors import InvalidParameterError
from symreg.priors import Prior

__all__ = [
    "REAL_LINE",
    "check_half",
    "check_prior",
    "plus",
    "positivity",
    "slug",
    "split_neg_log",
    "times",
    "unit_regularizer",
]

w = symbols.w

REAL_LINE = (w, -sympy.oo, sympy.oo)


def positivity(*values: sympy.Expr) -> Boolean | None:
    """``value > 0`` for every value whose sign the assumptions leave open."""
    conditions = [value > 0 for value in values if value.is_positive is not True]
    return sympy.And(*conditions) if conditions else None


def check_prior(prior: Any) -> Prior:
    if not isinstance(prior, Prior):
        raise InvalidParameterError(
            f"prior must be a Gaussian, Laplace or GeneralizedGaussian prior, got {prior!r}"
        )
    return prior


def check_half(half: Any) -> bool:
    if not isinstance(half, bool):
        raise InvalidParameterError(f"half must be True or False, got {half!r}")
    return half


def split_neg_log(density: sympy.Expr, var: sympy.Symbol
                   ) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr, sympy.Expr]:
    """``-log(density)``, its expanded form, and that form split into (constant, rest).

    The expanded form is the terms with ``var`` plus the constant as one
    logarithm, the way it is read (``log(sigma*sqrt(2*pi))``, not
    ``log(sigma) + log(2)/2 + log(pi)/2``). ``force=True`` is sound here: the
    density and the parameters are positive (parameters of unknown sign are
    assumed positive; see :meth:`Prior.assumptions`).

    >>> from symreg.symbols import b, w
    >>> split_neg_log(sympy.exp(-abs(w) / b) / (2 * b), w)[1:]
    (log(2*b) + Abs(w)/b, log(2*b), Abs(w)/b)
    """
    neg_log = -sympy.log(density)
    expanded = sympy.expand(sympy.expand_log(neg_log, force=True), force=True)
    constant, dependent = expanded.as_independent(var, as_Add=True)
    constant = sympy.logcombine(constant, force=True)
    return neg_log, dependent + constant, constant, dependent


def times(factor: sympy.Expr, other: sympy.Expr) -> sympy.Expr:
    """``factor * other`` kept as a product, so that a step shows the factor."""
    return sympy.UnevaluatedExpr(factor) * sympy.UnevaluatedExpr(other)


def plus(*terms: str) -> str:
    """Join LaTeX terms with ``+``, absorbing a leading minus sign."""
    out = terms[0]
    for term in terms[1:]:
        out += f" {term}" if term.startswith("-") else f" + {term}"
    return out


def unit_regularizer(var: sympy.Symbol) -> sympy.Expr:
    """``R(var)``: the penalty of strength one, named as in the reasons."""
    return sympy.Function("R")(var)


def slug(prior: Prior) -> str:
    return prior.name.lower().replace(" ", "-")


