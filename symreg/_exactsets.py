"""The exact sets where a condition in one symbol holds and where it fails.

A condition of definedness in one symbol (``x**2 - 2 != 0``, ``(x - 1)/(x + 2) >= 0``)
is solved exactly where SymPy's polynomial algebra can (real roots of the
numerator and denominator, and the sign between them), else with
``solveset``; :mod:`symreg._caveat` describes the failing set in words and
turns the holding sets into a region the prover splits.

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> _fails(sympy.Ge(x**2 - 1, 0))
Interval.open(-1, 1)
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import sympy
from sympy import QQ, Poly
from sympy.logic.boolalg import Boolean
from sympy.polys.polyerrors import CoercionFailed
from sympy.solvers.inequalities import solve_poly_inequality

from symreg.proof._line import polynomial_coefficients

__all__ = ["Point"]

Point = tuple[tuple[sympy.Symbol, sympy.Expr], ...]


def _symbol_domain(sym: sympy.Symbol) -> sympy.Set:
    if sym.is_integer:
        return sympy.S.Integers
    if sym.is_positive:
        return sympy.Interval.open(0, sympy.oo)
    if sym.is_nonnegative:
        return sympy.Interval(0, sympy.oo)
    if sym.is_negative:
        return sympy.Interval.open(-sympy.oo, 0)
    return sympy.S.Reals


def _only_symbol(cond: Boolean) -> sympy.Symbol | None:
    syms = cond.free_symbols
    if len(syms) != 1:
        return None
    (sym,) = syms
    return sym if isinstance(sym, sympy.Symbol) else None


# Conditions compared with 0 that exact polynomial arithmetic decides, up to this degree.
_EXACT_DEGREE = 16
_RELATIONS = {sympy.Ne: "!=", sympy.Gt: ">", sympy.Ge: ">=", sympy.Lt: "<", sympy.Le: "<="}


def _rational_parts(cond: Boolean, sym: sympy.Symbol) -> tuple[str, Poly, Poly] | None:
    """``cond`` as ``n/d REL 0`` with polynomials ``n``, ``d`` of ``sym`` with rational
    coefficients (``|g| > 0`` and ``|g| != 0`` read as ``g != 0``), or ``n != 0`` with
    ``n`` of degree one with real constant coefficients (``d`` is 1); else None."""
    op = _RELATIONS.get(type(cond))
    if op is None:
        return None
    diff = cond.lhs - cond.rhs
    if isinstance(diff, sympy.Abs):
        if op not in ("!=", ">"):
            return None
        op, diff = "!=", diff.args[0]
    coeffs = polynomial_coefficients(diff)
    if coeffs is not None:  # a polynomial: read without building SymPy expressions
        return op, Poly.from_list(coeffs, sym, domain=QQ), Poly(1, sym, domain=QQ)
    try:
        if not diff.is_rational_function(sym):
            return None
        num, den = sympy.together(diff).as_numer_denom()
        try:
            return op, Poly(num, sym, domain=QQ), Poly(den, sym, domain=QQ)
        except CoercionFailed:
            if op != "!=" or den.has(sym):
                return None
            line = Poly(num, sym)
            if line.degree() != 1 or not all(c.is_real for c in line.all_coeffs()) \
                    or line.LC().is_zero is not False:
                return None
            return op, line, Poly(1, sym, domain=QQ)
    except (sympy.PolynomialError, CoercionFailed, ValueError, TypeError):
        return None


def _real_roots(poly: Poly) -> set[sympy.Expr]:
    """The real roots of a polynomial over the rationals, or of degree one (by formula up
    to degree two)."""
    if poly.degree() < 1:
        return set()
    if poly.degree() == 1:
        lead, constant = poly.all_coeffs()
        return {-constant / lead}
    if poly.degree() == 2:
        a, b, c = (sympy.Rational(coeff) for coeff in poly.all_coeffs())
        disc = b * b - 4 * a * c
        if disc < 0:
            return set()
        return {(-b - sympy.sqrt(disc)) / (2 * a), (-b + sympy.sqrt(disc)) / (2 * a)}
    return set(poly.real_roots())


def _by_value(values: set[sympy.Expr]) -> list[sympy.Expr]:
    """Real algebraic numbers in increasing order."""
    return sorted(values, key=lambda v: (sympy.N(v, 30), sympy.default_sort_key(v)))


def _admissible(sym: sympy.Symbol, value: sympy.Expr) -> bool | None:
    """Whether ``sym`` may take the real number ``value`` (by its assumptions)."""
    checks = []
    if sym.is_integer:
        checks.append(value.is_integer)
    if sym.is_positive:
        checks.append(value.is_positive)
    elif sym.is_nonnegative:
        checks.append(value.is_nonnegative)
    elif sym.is_negative:
        checks.append(value.is_negative)
    if False in checks:
        return False
    return True if all(checks) else None


class _Sets(NamedTuple):
    """Where a condition in one symbol holds and fails (admissible values only), the
    points where its sides vanish or have a pole, and the condition as ``n/d REL 0``
    (for an inequality)."""

    sym: sympy.Symbol
    holds: sympy.Set
    fails: sympy.Set
    edges: tuple[sympy.Expr, ...]
    parts: tuple[str, Poly, Poly] | None = None


# Where a condition fails, a point is looked for at each edge and at these steps from it.
_STEPS = (0, sympy.Rational(-1, 7), sympy.Rational(1, 7), -1, 1)


def _failing_point(sets: _Sets) -> Point | None:
    """A point where the condition fails: its one failing value, or one at or beside an edge."""
    if isinstance(sets.fails, sympy.FiniteSet):
        return ((sets.sym, _by_value(set(sets.fails))[0]),) if sets.fails else None
    for edge in sets.edges or (sympy.Integer(0),):
        for step in _STEPS:
            if _fails_at(sets, edge + step):
                return ((sets.sym, edge + step),)
    return None


_HOLDS = {">": lambda v: v > 0, ">=": lambda v: v >= 0, "<": lambda v: v < 0,
          "<=": lambda v: v <= 0}


def _fails_at(sets: _Sets, value: sympy.Expr) -> bool:
    """Whether ``value`` is in ``sets.fails``: at a rational value of an inequality
    ``n/d REL 0``, by evaluating the polynomials (an admissible value where ``d``
    vanishes or ``n d REL 0`` is false), else by asking the set."""
    if sets.parts is None or not isinstance(value, sympy.Rational):
        return sets.fails.contains(value) is sympy.true
    op, num, den = sets.parts
    if _admissible(sets.sym, value) is not True:
        return False
    at_den = den.eval(value)
    return at_den == 0 or not _HOLDS[op](num.eval(value) * at_den)


@functools.lru_cache(maxsize=256)
def _exact_sets(cond: Boolean) -> _Sets | None:
    """Where the one symbol of ``cond`` makes it hold and fail, decided exactly for a
    rational relation (real roots and signs of polynomials over the rationals), else
    None."""
    sym = _only_symbol(cond)
    parts = None if sym is None else _rational_parts(cond, sym)
    if sym is None or parts is None:
        return None
    op, num, den = parts
    if max(num.degree(), den.degree()) > _EXACT_DEGREE:
        return None
    poles = _by_value(_real_roots(den))
    domain = _symbol_domain(sym)
    if op == "!=":
        zeros = _by_value(_real_roots(num) | set(poles))
        admissible = [_admissible(sym, z) for z in zeros]
        if None in admissible:
            return None
        fails: sympy.Set = sympy.FiniteSet(*[z for z, ok in zip(zeros, admissible,
                                                                   strict=True) if ok])
        return _Sets(sym, sympy.Complement(domain, fails), fails, tuple(zeros))
    if sym.is_integer:
        return None  # sets of integers: left to solveset
    holds = sympy.Union(*solve_poly_inequality(num * den, op))
    if poles:
        holds = sympy.Complement(holds, sympy.FiniteSet(*poles))
    if domain is not sympy.S.Reals:  # a set of reals is its own intersection with them
        holds = sympy.Intersection(holds, domain)
    fails = sympy.Complement(domain, holds)
    if any(s.has(sympy.Complement, sympy.Intersection) for s in (holds, fails)):
        return None
    edges = _by_value(_real_roots(num) | set(poles))
    return _Sets(sym, holds, fails, tuple(edges), parts)


@functools.lru_cache(maxsize=256)
def _one_symbol_set(cond: Boolean) -> tuple[sympy.Symbol, sympy.Set] | None:
    """The set of values of the one symbol of ``cond`` where it holds, if SymPy finds it."""
    exact = _exact_sets(cond)
    if exact is not None:
        return exact.sym, exact.holds
    sym = _only_symbol(cond)
    if sym is None:
        return None
    try:
        if isinstance(cond, sympy.core.relational.Relational):
            solved = sympy.solveset(cond, sym, sympy.S.Reals)  # also through Max, Abs
        else:
            solved = cond.as_set()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    return sym, sympy.Intersection(solved, _symbol_domain(sym))


def _fails(cond: Boolean) -> sympy.Set | None:
    """The admissible values of the one symbol of ``cond`` where it fails, if known."""
    exact = _exact_sets(cond)
    if exact is not None:
        return exact.fails
    solved = _one_symbol_set(cond)
    return None if solved is None else sympy.Complement(_symbol_domain(solved[0]), solved[1])
