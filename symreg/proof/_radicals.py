"""Identities among radicals, decided by exact polynomial algebra instead of ``simplify``.

Semantics: in an expression ``d``, every power ``B**(p/q)`` with a
non-integer rational exponent is written ``y**(p*L/q)``, where ``y`` is a new
unknown standing for ``B**(1/L)`` and ``L`` is the least common multiple of
the denominators of the exponents that ``B`` carries in ``d`` (a radical
inside a radicand is replaced first). Whatever the branch of the root,
``B**(p/q) = (B**(1/L))**(p*L/q)`` and ``y**L = B`` hold (principal roots:
``B**a = exp(a*log(B))``), so ``y**L*Q - P = 0`` where ``B = P/Q`` is its
radicand over one denominator.

``d`` over one denominator is ``N/D`` (``as_numer_denom``). The numerator
``N`` is reduced by pseudo-division by those relations, outermost radical
first: ``Q**k * N = S*(y**L*Q - P) + R`` is an identity of polynomials in
all the unknowns and symbols (every other function of them an independent
indeterminate), so at every point, where the relation vanishes and the
leading coefficient ``Q`` does not, ``N = 0`` exactly when ``R = 0``. A
remainder that expands to 0 after every radical is reduced proves ``N = 0``,
so ``d = 0`` wherever ``d`` is defined. Only a leading coefficient that the
assumptions show to be non-zero everywhere is used (else nothing is decided).

This decides an identity such as ``(a + sqrt(b))*(a - sqrt(b)) = a**2 - b``
without ``simplify``; radicals that are related in a way the relations do not
say (``sqrt(2)*sqrt(3)`` and ``sqrt(6)``) leave the question undecided
(False), never wrongly decided.

>>> import sympy
>>> from symreg.symbols import lam, z
>>> r = sympy.sqrt(z**2 + 4 * lam)
>>> zero_by_radicals((z + r) / 2 * (z - r) / 2 + lam)
True
>>> zero_by_radicals((z + r) / 2 * (z - r) / 2 - lam)
False
"""

from __future__ import annotations

import math

import sympy
from sympy.polys.polyerrors import PolynomialError

__all__ = ["zero_by_radicals"]

# Bounds: the number of distinct radicals, the size of the expression (nodes) and
# of its integer exponents (expansion must stay small).
_MAX_RADICALS = 4
_MAX_NODES = 1500
_MAX_EXPONENT = 12


def _radical(node: sympy.Basic) -> bool:
    return (isinstance(node, sympy.Pow) and node.exp.is_Rational is True
            and node.exp.is_Integer is False)


class _Unknowns:
    """The radicals of one expression as unknowns, with their relations, innermost first."""

    def __init__(self, expr: sympy.Expr) -> None:
        self.orders: dict[sympy.Basic, int] = {}
        for node in expr.atoms(sympy.Pow):
            if _radical(node):
                q = int(node.exp.q)
                self.orders[node.base] = math.lcm(self.orders.get(node.base, 1), q)
        self.unknowns: dict[sympy.Basic, sympy.Dummy] = {}
        # (unknown, relation, leading coefficient), innermost radical first
        self.relations: list[tuple[sympy.Dummy, sympy.Expr, sympy.Expr]] = []

    def rewrite(self, node: sympy.Basic) -> sympy.Basic:
        """``node`` with every radical written as a power of its unknown."""
        if not node.args:
            return node
        if _radical(node):
            y, order = self.unknown(node.base), self.orders[node.base]
            return y ** int(node.exp * order)
        args = [self.rewrite(a) for a in node.args]
        return node if args == list(node.args) else node.func(*args)

    def unknown(self, base: sympy.Basic) -> sympy.Dummy:
        if base in self.unknowns:
            return self.unknowns[base]
        written = self.rewrite(base)
        p, q = sympy.sympify(written).as_numer_denom()
        y = sympy.Dummy("y")
        self.unknowns[base] = y
        self.relations.append((y, sympy.expand(q * y ** self.orders[base] - p), q))
        return y


def zero_by_radicals(d: sympy.Basic) -> bool:
    """Whether ``d`` is 0 wherever defined, by algebra on its radicals; False decides nothing."""
    if not isinstance(d, sympy.Expr) or not any(_radical(p) for p in d.atoms(sympy.Pow)):
        return False
    if sum(1 for _ in sympy.preorder_traversal(d)) > _MAX_NODES or any(
            abs(p.exp) > _MAX_EXPONENT for p in d.atoms(sympy.Pow) if p.exp.is_Integer):
        return False
    found = _Unknowns(d)
    if len(found.orders) > _MAX_RADICALS:
        return False
    try:
        numerator = sympy.expand(found.rewrite(d).as_numer_denom()[0])
        for y, relation, leading in reversed(found.relations):
            if numerator == 0:
                return True
            if not numerator.has(y):
                continue
            if leading.has(*found.unknowns.values()) or leading.is_zero is not False:
                return False
            numerator = sympy.expand(sympy.prem(numerator, relation, y))
    except (PolynomialError, TypeError, ValueError, NotImplementedError):
        return False
    return bool(numerator == 0)
