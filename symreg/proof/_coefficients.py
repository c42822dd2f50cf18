"""The sign of a rational function of positive symbols, read from its coefficients.

Semantics: for an expression built from symbols that are all assumed
positive, rational numbers, sums, products and integer powers, write it as a
quotient ``n / m`` of coprime polynomials over the rationals (exact
arithmetic in SymPy's sparse field of rational functions, without building
SymPy expressions). If every coefficient of ``n`` has one sign and every
coefficient of ``m`` has one sign, the quotient has the product of those signs
at every point where all its symbols are positive: a polynomial with positive
coefficients is positive there. The zero function has sign 0. Otherwise
(mixed signs, another symbol, another function, too large) nothing is
decided.

This is the sign that the cancelled and factored form of the same difference
shows under the assumptions, found without SymPy's ``cancel`` and ``factor``
on expressions (the prover's most frequent question in the leaves of a case
split, where every variable has become a positive parameter). Like
``cancel``, it speaks of the quotient wherever the expression is defined.

>>> import sympy
>>> from symreg.symbols import eta, lam
>>> t = sympy.Dummy("t", positive=True)
>>> coefficient_sign(t / (t + 1) - 1), coefficient_sign(eta * lam / (1 + lam) + eta)
(-1, 1)
>>> print(coefficient_sign(lam - eta))
None
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import QQ
from sympy.polys.fields import field

from symreg.proof._memo import memoised

__all__ = ["coefficient_sign", "in_field"]

# Bounds: nodes of the expression, and the size of an integer exponent.
_MAX_NODES = 400
_MAX_EXPONENT = 64


def _convertible(expr: sympy.Basic) -> bool:
    """Whether ``expr`` is a rational function of positive symbols, of bounded size."""
    for size, node in enumerate(sympy.preorder_traversal(expr)):
        if size > _MAX_NODES:
            return False
        if isinstance(node, sympy.Symbol):
            if node.is_positive is not True:
                return False
        elif isinstance(node, sympy.Pow):
            if not (node.exp.is_Integer and abs(int(node.exp)) <= _MAX_EXPONENT):
                return False
        elif not isinstance(node, (sympy.Rational, sympy.Add, sympy.Mul)):
            return False
    return True


def in_field(expr: sympy.Basic, one: Any, gens: dict[sympy.Basic, Any],
             seen: dict[sympy.Basic, Any] | None = None) -> Any:
    """A rational form (sums, products and integer powers of rationals and the symbols
    of ``gens``) as an element of the field of rational functions whose 1 is ``one``.

    ``seen`` holds the elements of the subexpressions already converted (a
    subexpression that recurs, as in a case split's substitutions, is
    converted once).

    Raises:
        TypeError: ``expr`` is not a rational form.
    """
    if isinstance(expr, sympy.Symbol):
        return gens[expr]
    if isinstance(expr, sympy.Rational):
        return one * int(expr.p) / int(expr.q)
    if seen is None:
        seen = {}
    elif expr in seen:
        return seen[expr]
    # Sums and products are formed on numerators and denominators, and the
    # quotient reduced once (the field would reduce after every term or factor).
    if isinstance(expr, sympy.Add):
        numer, denom = one.numer - one.numer, one.denom
        for arg in expr.args:
            term = in_field(arg, one, gens, seen)
            if term.denom == denom:
                numer += term.numer
            else:
                numer, denom = numer * term.denom + term.numer * denom, denom * term.denom
        value = one.new(numer, denom)
    elif isinstance(expr, sympy.Mul):
        numer, denom = one.numer, one.denom
        for arg in expr.args:
            factor = in_field(arg, one, gens, seen)
            numer, denom = numer * factor.numer, denom * factor.denom
        value = one.new(numer, denom)
    elif isinstance(expr, sympy.Pow):
        value = in_field(expr.base, one, gens, seen) ** int(expr.exp)
    else:
        raise TypeError(f"not a rational form: {type(expr).__name__}")
    seen[expr] = value
    return value


def _one_sign(poly: Any) -> int | None:
    signs = {1 if c > 0 else -1 for c in poly.coeffs()}
    return signs.pop() if len(signs) == 1 else None


@memoised(8192)
def coefficient_sign(expr: sympy.Basic) -> int | None:
    """-1, 0 or 1: the sign of ``expr`` wherever it is defined, or None (see the module)."""
    if not isinstance(expr, sympy.Expr) or not _convertible(expr):
        return None
    symbols = sorted(expr.free_symbols, key=sympy.default_sort_key)
    if not symbols:
        return None  # a number: its sign is the assumptions' at once
    names = [f"x{i}" for i in range(len(symbols))]
    try:
        domain, *generators = field(names, QQ)
        value = in_field(expr, domain.one, dict(zip(symbols, generators, strict=True)))
    except ZeroDivisionError:  # a division by the zero function
        return None
    if not value.numer:
        return 0
    numer, denom = _one_sign(value.numer), _one_sign(value.denom)
    if numer is None or denom is None:
        return None
    return numer * denom
