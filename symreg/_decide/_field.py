"""Rational functions over the rationals: the arithmetic behind the checker's exact tests.

A *rational form* is an expression built from symbols and rationals by sums,
products and integer powers, of bounded size. Two rational forms are compared
as elements of the field of rational functions over the rationals (SymPy's
sparse polynomial arithmetic, without building SymPy expressions), which is
exact and much cheaper than ``cancel`` on expressions.

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> rational_identity((x**2 - 1) / (x + 1), x - 1)
True
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import QQ, ZZ
from sympy.polys.fields import field
from sympy.polys.rings import ring

# The same arithmetic reads signs in the prover (one conversion for both).
from symreg.proof._coefficients import in_field

__all__ = ["IDENTITY_DEGREE", "evaluated", "in_field", "rational_form", "rational_identity",
           "same_sign"]

# Bounds of the exact tests: nodes of an expression, and a power.
_IDENTITY_NODES = 400
IDENTITY_DEGREE = 64
# A bound on the degrees of the polynomials compared.
_MAX_DEGREE = 2000


def evaluated(obj: sympy.Basic) -> sympy.Basic:
    """``obj`` with every node built again with evaluation (``w/w`` becomes 1).

    Relations stay unevaluated (``Eq(w, w)`` is not turned into ``True``).

    >>> from symreg.symbols import w
    >>> evaluated(sympy.Mul(w, sympy.Pow(w, -1, evaluate=False), evaluate=False))
    1
    """
    if not isinstance(obj, sympy.Basic) or obj.is_Atom or not obj.args:
        return obj
    args = [evaluated(a) for a in obj.args]
    if isinstance(obj, sympy.core.relational.Relational):
        return type(obj)(*args, evaluate=False)
    return obj.func(*args)


def rational_form(expr: sympy.Basic) -> bool:
    """Whether ``expr`` is a quotient of polynomials with rational coefficients, of
    bounded size (built from symbols, rationals, sums, products and integer powers)."""
    for size, node in enumerate(sympy.preorder_traversal(expr)):
        if size > _IDENTITY_NODES:
            return False  # large: expanding it could cost more than sampling
        if isinstance(node, (sympy.Symbol, sympy.Rational, sympy.Add, sympy.Mul)):
            continue
        if isinstance(node, sympy.Pow) and node.exp.is_Integer \
                and abs(node.exp) <= IDENTITY_DEGREE:
            continue
        return False
    return _degree(expr) <= _MAX_DEGREE


def _degree(expr: sympy.Basic) -> int:
    """A bound on the degree of the numerator and denominator of a rational form."""
    if isinstance(expr, sympy.Symbol):
        return 1
    if isinstance(expr, sympy.Pow):
        return _degree(expr.base) * abs(int(expr.exp))
    if isinstance(expr, (sympy.Add, sympy.Mul)):
        # a sum of fractions has the product of their denominators
        return sum(_degree(arg) for arg in expr.args)
    return 0


def _quotient(expr: sympy.Basic, one: Any, gens: dict[sympy.Basic, Any]) -> tuple[Any, Any]:
    """A rational form as a pair ``(numerator, denominator)`` of polynomials with integer
    coefficients whose 1 is ``one`` (not reduced: no greatest common divisor is taken).

    Raises:
        ZeroDivisionError: a denominator is the zero polynomial.
        TypeError: ``expr`` is not a rational form.
    """
    if isinstance(expr, sympy.Symbol):
        return gens[expr], one
    if isinstance(expr, sympy.Rational):
        return one * int(expr.p), one * int(expr.q)
    if isinstance(expr, (sympy.Add, sympy.Mul)):
        parts = [_quotient(arg, one, gens) for arg in expr.args]
        num, den = parts[0]
        for n, d in parts[1:]:
            if isinstance(expr, sympy.Mul):
                num, den = num * n, den * d
            elif d == den:
                num = num + n
            else:
                num, den = num * d + n * den, den * d
        return num, den
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer:
        num, den = _quotient(expr.base, one, gens)
        power = int(expr.exp)
        if power < 0:
            if not num:
                raise ZeroDivisionError("a power of zero with a negative exponent")
            num, den, power = den, num, -power
        return num**power, den**power
    raise TypeError(f"not a rational form: {type(expr).__name__}")


def _equal_rational(a: sympy.Basic, e: sympy.Basic) -> bool:
    """Whether two rational forms are the same rational function: ``n/d == m/q`` when
    ``n q == m d`` (polynomials with integer coefficients, without building SymPy
    expressions)."""
    symbols = sorted(a.free_symbols | e.free_symbols, key=sympy.default_sort_key)
    names = [f"t{i}" for i in range(len(symbols))] or ["t"]
    try:
        poly_ring, *generators = ring(names, ZZ)
        gens: dict[sympy.Basic, Any] = dict(zip(symbols, generators, strict=False))
        (na, da), (ne, de) = _quotient(a, poly_ring.one, gens), _quotient(e, poly_ring.one, gens)
        return bool(na * de == ne * da)
    except (ZeroDivisionError, TypeError, ValueError):  # a zero denominator, say
        return False


def rational_identity(a: sympy.Basic, e: sympy.Basic) -> bool:
    """Whether ``a - e`` is the zero rational function (both sides then agree wherever
    both are defined), its parts that are not rational (the same on both sides) taken
    as further unknowns.

    >>> from symreg.symbols import w
    >>> rational_identity((w**2 - 1) / (w - 1), w + 1), rational_identity(w, w + 1)
    (True, False)
    """
    if not (isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)):
        return False
    if a == e:
        return True
    opaque_a, opaque_e = _opaque(a), _opaque(e)
    if not (opaque_a or opaque_e):
        return rational_form(a) and rational_form(e) and _equal_rational(a, e)
    if opaque_a != opaque_e:
        return False  # a part that is not rational is on one side only: it cannot cancel
    # The parts that are not rational as further unknowns: an identity of rational
    # functions in them holds at whatever values they take ((72x^2 + 6) exp(u) against
    # 6 exp(u) + 72x^2 exp(u)).
    unknowns = {part: sympy.Dummy() for part in sorted(opaque_a, key=sympy.default_sort_key)}
    ga, ge = a.xreplace(unknowns), e.xreplace(unknowns)
    if rational_form(ga) and rational_form(ge) and _equal_rational(ga, ge):
        return True
    diff = a - e  # the parts that are not rational may cancel (exp(w) - exp(w))
    return rational_form(diff) and _equal_rational(diff, sympy.Integer(0))


def _opaque(expr: sympy.Basic) -> set[sympy.Basic]:
    """The largest parts of ``expr`` that are not built from symbols and rationals by
    sums, products and integer powers."""
    if isinstance(expr, (sympy.Symbol, sympy.Rational)):
        return set()
    if isinstance(expr, (sympy.Add, sympy.Mul)) or (
            isinstance(expr, sympy.Pow) and expr.exp.is_Integer):
        return set().union(*(_opaque(arg) for arg in expr.args))
    return {expr}


def same_sign(ra: sympy.Expr, re: sympy.Expr) -> bool:
    """Whether ``ra / re`` is a positive rational constant (so the two have the same sign
    wherever both are defined and nonzero)."""
    if not (rational_form(ra) and rational_form(re)):
        return False
    symbols = sorted(ra.free_symbols | re.free_symbols, key=sympy.default_sort_key)
    try:
        ring, *generators = field([f"t{i}" for i in range(len(symbols))] or ["t"], QQ)
        gens: dict[sympy.Basic, Any] = dict(zip(symbols, generators, strict=False))
        ratio = in_field(ra, ring.one, gens) / in_field(re, ring.one, gens)
    except (ZeroDivisionError, TypeError, ValueError):
        return False
    return bool(ratio.numer.is_ground and ratio.denom.is_ground
                and ratio.numer.LC * ratio.denom.LC > 0)
