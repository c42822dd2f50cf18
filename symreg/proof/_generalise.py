"""Generalisation: a claim about ``f(w0 - k*t)`` proved for ``f(x)``, every real ``x``.

Semantics: a claim ``P(v, y)`` for every admissible value of its symbols
(``v`` one of them, ``y`` the others) follows from the claim ``P'(x, y)``
for every real ``x``, where ``P'`` is ``P`` with ``v`` written as ``(x - r) / c``
for a term ``A = c*v + r`` of the claim (``c`` a non-zero rational, ``r`` free
of ``v``): at each admissible point, ``x = A`` is a real number and ``P'`` there
is ``P`` at that point. The new claim forgets what was known of ``v`` (its
sign, its integrality), so it is stronger and may fail where the original
holds; it is tried only when it has fewer symbols than the original (with its
products multiplied out, a symbol other than ``v`` is gone as well: the claim
depends on them only through ``A``), and when it is not proved the original is split as
usual. It can only prove, never refute, and never proves a false claim.

The terms tried are the arguments of the non-smooth functions (``Abs``,
``sign``, ``Max``, ``Min``, ``Heaviside``), where a kink depends on several
symbols at once: an iterate ``max(w0 - k*eta*lam, 0)`` after one more step is
a claim about ``max(x, 0)`` and ``eta*lam``, cut at two points instead of a
case split on ``k`` nested in one on ``eta``.

>>> import sympy
>>> from symreg.symbols import eta, k, lam, w0
>>> lhs = sympy.Max(sympy.Max(w0 - k*eta*lam, 0) - eta*lam, 0)
>>> rhs = sympy.Max(w0 - (k + 1)*eta*lam, 0)
>>> [sorted(map(str, side.free_symbols)) for side in generalised(lhs, rhs)]
[['_x_', 'eta', 'lam'], ['_x_', 'eta', 'lam']]
"""

from __future__ import annotations

import sympy
from sympy.core.sorting import default_sort_key

from symreg.proof._forms import NONSMOOTH, symbols_of

__all__ = ["generalised"]

#: The fresh variable: any real number.
X = sympy.Dummy("x_", real=True)


def _terms(objs: tuple[sympy.Basic, ...]) -> list[sympy.Expr]:
    """The arguments of the non-smooth functions in ``objs`` with two symbols or more, in
    a fixed order."""
    found: set[sympy.Expr] = set()
    for obj in objs:
        for node in sympy.preorder_traversal(obj):
            if isinstance(node, NONSMOOTH):
                found |= {a for a in node.args if isinstance(a, sympy.Add)
                          and len(a.free_symbols) >= 2}
    return sorted(found, key=default_sort_key)


def generalised(lhs: sympy.Basic, rhs: sympy.Basic
                ) -> tuple[sympy.Basic, sympy.Basic] | None:
    """The claim with a term of its kinks as a new real variable, or None.

    The first term (in a fixed order) and symbol ``v`` of it for which the
    claim, with ``v`` written through the new variable and expanded, has
    fewer symbols than before; None when there is no such term.
    """
    if not all(isinstance(side, sympy.Expr) for side in (lhs, rhs)) or lhs.has(X) or rhs.has(X):
        return None
    before = len(symbols_of(lhs, rhs))
    for term in _terms((lhs, rhs)):
        for v in symbols_of(term):
            coeff = sympy.expand_mul(term).coeff(v)
            rest = sympy.expand_mul(term - coeff * v)
            if not (coeff.is_Rational and coeff != 0) or rest.has(v):
                continue
            value = (X - rest) / coeff
            # products multiplied out, powers of sums left as they are (a multinomial
            # expansion could be far larger than the claim)
            new = tuple(sympy.expand_mul(side.xreplace({v: value})) for side in (lhs, rhs))
            if len(symbols_of(*new)) < before:
                return new[0], new[1]
    return None
