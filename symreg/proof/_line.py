"""Conditions on a polynomial in one real symbol, decided by exact arithmetic.

A condition ``p REL 0`` (``!=``, ``>``, ``>=``) on a polynomial ``p`` over the
rationals in one symbol is decided by isolating the real roots of ``p`` exactly
(over the rationals) on the interval where the symbol's assumptions put it, or,
for an integer symbol, by looking at every integer from below its smallest root
to above its largest: no assumption query and no floating point.

>>> import sympy
>>> from symreg.symbols import w
>>> condition(polynomial_line(w**2 + 1), "gt", w**2 + 1)
[]
>>> condition(polynomial_line(w - 1), "ne", w - 1)
[Ne(w - 1, 0)]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import sympy
from sympy import QQ
from sympy.logic.boolalg import Boolean
from sympy.polys.densetools import dup_eval
from sympy.polys.rings import ring
from sympy.polys.rootisolation import dup_isolate_real_roots

__all__ = ["Line", "condition", "holds_everywhere", "polynomial_coefficients",
           "polynomial_line", "positive_condition"]

_RELATION_CLASS = {"ne": sympy.Ne, "gt": sympy.Gt, "ge": sympy.Ge}
_HOLDS: dict[str, Callable[[Any], bool]] = {
    "ne": lambda v: bool(v != 0), "gt": lambda v: bool(v > 0), "ge": lambda v: bool(v >= 0)}
# Bounds of the exact decision: the degree, and the integers looked at one by one.
_LINE_DEGREE = 16
_INTEGERS_SCANNED = 256
_RING, _T = ring("t", QQ)


class Line(NamedTuple):
    """A polynomial over the rationals in one real symbol (dense coefficients, highest
    degree first), and where the symbol lives: an interval with ends ``low``, ``high``
    (None: unbounded), integers only or not."""

    coeffs: list[Any]
    low: Any
    low_open: bool
    high: Any
    high_open: bool
    integer: bool


def _in_ring(expr: sympy.Basic) -> Any:
    """``expr`` (sums, products and non-negative integer powers of one symbol and rationals)
    as a polynomial of the ring over the rationals, else None."""
    if isinstance(expr, sympy.Symbol):  # the one free symbol
        return _T
    if isinstance(expr, sympy.Rational):
        return _RING(QQ(int(expr.p), int(expr.q)))
    if isinstance(expr, (sympy.Add, sympy.Mul)):
        parts = [_in_ring(arg) for arg in expr.args]
        if any(part is None for part in parts):
            return None
        if isinstance(expr, sympy.Mul) and sum(max(part.degree(), 0) for part in parts) \
                > _LINE_DEGREE:
            return None  # no product beyond the bound is computed
        total = parts[0]
        for part in parts[1:]:
            total = total + part if isinstance(expr, sympy.Add) else total * part
        return total
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer and 0 <= expr.exp <= _LINE_DEGREE:
        base = _in_ring(expr.base)
        if base is None or max(base.degree(), 0) * int(expr.exp) > _LINE_DEGREE:
            return None  # no power beyond the bound is computed
        return base ** int(expr.exp)
    return None


def polynomial_coefficients(expr: sympy.Basic) -> list[Any] | None:
    """The rational coefficients of ``expr`` (highest degree first) when it is a nonzero
    polynomial in its one symbol (sums, products and non-negative integer powers of the
    symbol and rationals, of degree at most 16), else None.

    >>> from symreg.symbols import w
    >>> [int(c) for c in polynomial_coefficients((w - 1) * (w + 2))]
    [1, 1, -2]
    """
    if len(expr.free_symbols) != 1:
        return None
    poly = _in_ring(expr)
    if poly is None or not poly or poly.degree() > _LINE_DEGREE:
        return None
    return list(poly.to_dense())


def polynomial_line(expr: sympy.Basic) -> Line | None:
    """``expr`` as a :class:`Line`, when it is built from one real symbol and rationals
    by sums, products and non-negative integer powers (of bounded degree)."""
    free = expr.free_symbols
    if len(free) != 1:
        return None
    (sym,) = free
    if not isinstance(sym, sympy.Symbol) or sym.is_real is not True or sym.is_zero:
        return None
    coeffs = polynomial_coefficients(expr)
    if coeffs is None:
        return None
    low, low_open, high, high_open = None, True, None, True
    if sym.is_positive:
        low = QQ(0)
    elif sym.is_nonnegative:
        low, low_open = QQ(0), False
    elif sym.is_negative:
        high = QQ(0)
    elif sym.is_nonpositive:
        high, high_open = QQ(0), False
    return Line(coeffs, low, low_open, high, high_open, bool(sym.is_integer))


def positive_condition(arg: sympy.Expr) -> list[Boolean]:
    """``[arg > 0]`` as SymPy builds it (see :func:`condition`); ``|p| > 0`` is decided
    as ``p != 0``."""
    if isinstance(arg, sympy.Abs):
        line = polynomial_line(arg.args[0])
        truth = None if line is None else holds_everywhere(line, "ne")
        if truth is not None:
            return [] if truth else [sympy.Gt(arg, 0, evaluate=False)]
        return [sympy.Gt(arg, 0)]
    return condition(polynomial_line(arg), "gt", arg)


def condition(line: Line | None, relation: str, base: sympy.Expr) -> list[Boolean]:
    """``[base REL 0]`` as SymPy builds it: dropped when it holds for every admissible
    value, unevaluated when it holds at some and fails at others (what SymPy's
    evaluation leaves then), and evaluated by SymPy when not decided here."""
    truth = None if line is None else holds_everywhere(line, relation)
    cls = _RELATION_CLASS[relation]
    if truth is None:
        return [cls(base, 0)]
    return [] if truth else [cls(base, 0, evaluate=False)]


def holds_everywhere(line: Line, relation: str) -> bool | None:
    """Whether ``poly REL 0`` holds at every admissible value (True), fails at some and
    holds at others (False), else None (it fails everywhere, or is not decided here)."""
    holds = _HOLDS[relation]
    if line.integer:
        verdicts = [holds(value) for value in _values(line)]
    else:
        verdicts = _real_verdicts(line, relation)
    if not verdicts:
        return None
    if all(verdicts):
        return True
    return False if any(verdicts) else None


def _inside(line: Line, q: Any) -> bool:
    if line.low is not None and (q < line.low or (line.low_open and q == line.low)):
        return False
    return line.high is None or not (q > line.high or (line.high_open and q == line.high))


def _values(line: Line) -> list[Any]:
    """The values at the admissible integers that show every sign the polynomial takes
    on them: at all integers from one below its smallest real root to one above its
    largest (the sign is constant beyond); empty when there are too many."""
    ends = [end for (a, b), _ in dup_isolate_real_roots(line.coeffs, QQ) for end in (a, b)]
    first = math.floor(min(ends)) - 1 if ends else 0
    last = math.ceil(max(ends)) + 1 if ends else 0
    if line.low is not None:
        first = max(first, int(line.low) + line.low_open)
        last = max(last, first)
    if line.high is not None:
        last = min(last, int(line.high) - line.high_open)
        first = min(first, last)
    if last - first > _INTEGERS_SCANNED:
        return []
    return [dup_eval(line.coeffs, QQ(n), QQ) for n in range(first, last + 1)]


def _real_verdicts(line: Line, relation: str) -> list[bool]:
    """Whether the relation holds at points that show every case on an interval of the
    reals: at a root in it, on both sides of a root of odd multiplicity inside it, and
    else at one point that is not a root (the sign is constant between sign changes);
    empty when no such point is found."""
    coeffs = line.coeffs
    closed_end = False
    if (line.low is not None or line.high is not None) and not coeffs[-1]:
        # a root at the finite end (0) of the interval: counted apart, and divided out
        closed_end = not (line.low_open if line.low is not None else line.high_open)
        while not coeffs[-1]:
            coeffs = coeffs[:-1]
    inner = [multiplicity for _, multiplicity in
             dup_isolate_real_roots(coeffs, QQ, inf=line.low, sup=line.high)]
    verdicts = [_HOLDS[relation](0)] if inner or closed_end else []
    if any(multiplicity % 2 for multiplicity in inner):
        return [*verdicts, True, False] if relation != "ne" else [*verdicts, True]
    # no sign change inside: the sign at any point that is not a root is the sign
    for n in (0, 1, -1, 2, -2, *range(3, 40)):
        point = QQ(n)
        value = dup_eval(line.coeffs, point, QQ)
        if _inside(line, point) and value:
            return [*verdicts, _HOLDS[relation](value)]
    return []
