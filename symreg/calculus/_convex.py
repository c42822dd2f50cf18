r"""Fast answers on convexity: composition rules that prove it, a midpoint that refutes it.

:func:`convex_by_rules` proves a function of one variable convex by the rules
of convex analysis (Boyd and Vandenberghe, Convex Optimization, §3.2), for
every value of the parameters their assumptions allow: a sum of convex terms,
a nonnegative multiple, a polynomial of degree at most 2 with a nonnegative
leading coefficient, ``|affine|``, ``|affine|**p`` with ``p >= 1``, a
nonnegative convex function to a power ``p >= 1``, the square root of a
nonnegative quadratic (a Euclidean norm), ``exp`` of a convex function and
the maximum of convex functions. It answers only True or "no rule applies".

:func:`midpoint_counterexample` refutes convexity exactly: a point where
``f((a + b)/2) > (f(a) + f(b))/2`` at admissible values of the parameters.

>>> import sympy
>>> from symreg.symbols import lam, w
>>> convex_by_rules(lam * sympy.Abs(w) + lam * w**2, w), convex_by_rules(-w**2, w)
(True, False)
>>> midpoint_counterexample(sympy.sqrt(sympy.Abs(w)), w)
{w: -5/2, 'between': (-3, -2)}
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy

from symreg.proof import candidates

__all__ = ["convex_by_rules", "midpoint_counterexample"]


def convex_by_rules(expr: sympy.Expr, var: sympy.Symbol) -> bool:
    """Whether the composition rules show ``expr`` convex in ``var`` (False: no rule applies)."""
    if not expr.has(var):
        return True
    if expr.is_polynomial(var) and sympy.Poly(expr, var).degree() <= 2:
        poly = sympy.Poly(expr, var)
        return poly.degree() <= 1 or bool(poly.LC().is_nonnegative)
    if isinstance(expr, sympy.Add):
        return all(convex_by_rules(a, var) for a in expr.args)
    if isinstance(expr, sympy.Mul):
        constant, rest = expr.as_independent(var, as_Add=False)
        if constant != 1:
            return bool(constant.is_nonnegative) and convex_by_rules(rest, var)
        return _power_of_abs(expr, var)
    if isinstance(expr, sympy.Abs):
        return _affine(expr.args[0], var)
    if isinstance(expr, sympy.Max):
        return all(convex_by_rules(a, var) for a in expr.args)
    if isinstance(expr, sympy.exp):
        return convex_by_rules(expr.args[0], var)
    if isinstance(expr, sympy.Pow):
        base, p = expr.args
        if p == sympy.Rational(1, 2):
            return _norm(base, var)
        if p.is_number and bool(p >= 1):
            return bool(base.is_nonnegative) and convex_by_rules(base, var)
    return False


def _power_of_abs(expr: sympy.Mul, var: sympy.Symbol) -> bool:
    """Whether a product is ``|a|**p`` with ``a`` affine and ``p >= 1`` (SymPy writes
    ``|w|**3`` as ``w**2 * |w|``)."""
    bases, total = set(), sympy.S.Zero
    for factor in expr.args:
        base, p = factor.as_base_exp()
        if isinstance(base, sympy.Abs):
            base = base.args[0]
        elif not (p.is_integer and p.is_even):
            return False
        if not (p.is_number and _affine(base, var)):
            return False
        bases.add(base)
        total += p
    return len(bases) == 1 and bool(total >= 1)


def _affine(expr: sympy.Expr, var: sympy.Symbol) -> bool:
    return bool(expr.is_polynomial(var)) and sympy.Poly(expr, var).degree() <= 1


def _norm(base: sympy.Expr, var: sympy.Symbol) -> bool:
    """Whether ``sqrt(base)`` is a Euclidean norm: ``base = a w**2 + b w + c``, ``4ac >= b**2``."""
    if not base.is_polynomial(var) or sympy.Poly(base, var).degree() != 2:
        return False
    a, b, c = sympy.Poly(base, var).all_coeffs()
    return bool(a.is_nonnegative) and bool(sympy.expand(4 * a * c - b**2).is_nonnegative)


_POINTS = tuple(sympy.Rational(k, 2) for k in range(-6, 7))


def midpoint_counterexample(expr: sympy.Expr, var: sympy.Symbol) -> dict[Any, Any] | None:
    """Values where ``expr`` lies above its chord at a midpoint, or None when none is found.

    The parameters take a few values their assumptions allow; ``var`` runs
    over the halves in ``[-3, 3]``. Values are exact; a sign is read from
    30 significant digits (SymPy's evaluation refuses when it cannot reach them).
    """
    params = sorted(expr.free_symbols - {var}, key=lambda s: s.name)
    choices = itertools.islice(itertools.product(*(candidates(p)[:3] for p in params)), 3)
    for combo in choices:
        values = dict(zip(params, combo, strict=True))
        local = expr.xreplace(values)
        at = {x: local.subs(var, x) for x in _POINTS}
        for gap in (1, 2):
            for i in range(gap, len(_POINTS) - gap):
                low, mid, high = _POINTS[i - gap], _POINTS[i], _POINTS[i + gap]
                if _above(at[mid] - (at[low] + at[high]) / 2):
                    return {**values, var: mid, "between": (low, high)}
    return None


def _above(difference: sympy.Expr) -> bool:
    if difference.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan) or not difference.is_number:
        return False
    if difference.is_Rational:
        return bool(difference > 0)
    try:
        value = difference.evalf(30, strict=True)
    except (sympy.core.evalf.PrecisionExhausted, TypeError, ValueError):
        return False
    return bool(value.is_real) and bool(value > 0)
