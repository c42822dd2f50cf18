"""Where a written expression is defined and real: the conditions read from its form.

The prover's semantics: a claim ``lhs rel rhs`` on a region holds when both
sides are defined and real at every point of the region and the relation holds
there. This module reads, from an expression *as written* (before SymPy
simplifies ``w/w`` to 1), the conditions under which it is defined and real:

* a power with a negative exponent needs a non-zero base; a non-integer
  exponent needs a non-negative base (positive when the exponent is negative),
  since SymPy's principal roots of negative numbers are not real;
* a logarithm needs a positive argument;
* a derivative exists only away from the kinks of what it differentiates: the
  zeros of the arguments of ``Abs``, ``sign`` and ``Heaviside``, the ties of
  ``Max`` and ``Min``, the boundaries of ``Piecewise`` conditions, and the
  zeros of the base of a non-integer power;
* a ``Piecewise`` branch needs its conditions only where it is active.

Each condition is a SymPy relational (or a Boolean of them) over the free
symbols; conditions that SymPy already decides as true are dropped.

>>> import sympy
>>> from symreg.symbols import w
>>> requirements(sympy.Mul(w, sympy.Pow(w, -1, evaluate=False), evaluate=False))
[Ne(w, 0)]
>>> requirements(sympy.Derivative(sympy.Abs(w), w))
[Ne(w, 0)]
>>> requirements(sympy.log(w**2 + 1))
[]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import sympy
from sympy import QQ
from sympy.logic.boolalg import Boolean, BooleanTrue
from sympy.polys.densetools import dup_eval
from sympy.polys.rings import ring
from sympy.polys.rootisolation import dup_isolate_real_roots

from symreg.errors import UnsupportedError
from symreg.proof._forms import relations_in
from symreg.proof._memo import memoised

__all__ = ["polynomial_coefficients", "requirements", "undefined_candidates"]

_KINKED = (sympy.Abs, sympy.sign, sympy.Heaviside)
_TIES = (sympy.Max, sympy.Min)
# functions that are defined and real wherever their arguments are
_TOTAL = (sympy.Add, sympy.Mul, sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside,
          sympy.exp, sympy.floor, sympy.ceiling, sympy.sin, sympy.cos, sympy.atan,
          sympy.Tuple, sympy.UnevaluatedExpr, sympy.core.function.AppliedUndef)
_UNDEFINED_ATOMS = (sympy.nan, sympy.zoo)


def requirements(expr: sympy.Basic) -> list[Boolean]:
    """The conditions under which ``expr``, as written, is defined and real.

    Raises:
        UnsupportedError: for a construct whose domain is not known here (a sum
            whose terms are undefined for some index, ``tan``, ...).
    """
    out: list[Boolean] = []
    _walk(expr, out)
    seen: list[Boolean] = []
    for cond in out:
        if isinstance(cond, BooleanTrue) or cond is sympy.true:
            continue
        if not any(cond == other for other in seen):
            seen.append(cond)
    return seen


def _add(out: list[Boolean], cond: Boolean) -> None:
    out.append(cond)


def _walk(e: sympy.Basic, out: list[Boolean]) -> None:
    if not isinstance(e, sympy.Basic):
        return
    if e in _UNDEFINED_ATOMS:
        _add(out, sympy.false)
        return
    if e.is_Atom:
        return
    if isinstance(e, sympy.Set):
        for arg in e.args:
            _walk(arg, out)
        return
    if isinstance(e, sympy.Derivative):
        _walk(e.expr, out)
        for var in set(e.variables):
            for cond in _kinks(e.expr, var):
                _add(out, cond)
        return
    if isinstance(e, sympy.Pow):
        base, exp = e.args
        _walk(base, out)
        _walk(exp, out)
        for cond in _power(base, exp):
            _add(out, cond)
        return
    if isinstance(e, sympy.log):
        for arg in e.args:
            _walk(arg, out)
        for cond in _positive(e.args[0]):
            _add(out, cond)
        if len(e.args) == 2:
            _add(out, sympy.Gt(e.args[1], 0))
            _add(out, sympy.Ne(e.args[1], 1))
        return
    if isinstance(e, sympy.DiracDelta):
        # a point mass: no real value at its point
        _walk(e.args[0], out)
        _add(out, sympy.Ne(e.args[0], 0))
        return
    if isinstance(e, sympy.gamma):
        # defined away from 0, -1, -2, ...; required here on the positive reals
        _walk(e.args[0], out)
        _add(out, sympy.Gt(e.args[0], 0))
        return
    if isinstance(e, (sympy.asin, sympy.acos)):
        _walk(e.args[0], out)
        _add(out, sympy.Le(sympy.Abs(e.args[0]), 1))
        return
    if isinstance(e, sympy.Piecewise):
        earlier: list[Boolean] = []
        for piece, cond in e.args:
            _walk_condition(cond, out)
            active = sympy.And(cond, *[sympy.Not(c) for c in earlier])
            inner: list[Boolean] = []
            _walk(piece, inner)
            for req in inner:
                _add(out, req if active is sympy.true else sympy.Implies(active, req))
            earlier.append(cond)
        return
    if isinstance(e, (sympy.Sum, sympy.Product)):
        inner = []
        _walk(e.function, inner)
        index = {lim[0] for lim in e.limits}
        for req in inner:
            if req.free_symbols & index:
                raise UnsupportedError(
                    "the domain of a sum whose terms are undefined for some index is not known")
            _add(out, req)
        for lim in e.limits:
            for bound in lim[1:]:
                _walk(bound, out)
        return
    if isinstance(e, (sympy.Limit, sympy.Integral)):
        # The limit or integration variable is bound: conditions on it concern
        # the neighbourhood or the range, not a point (whether the limit or the
        # integral exists is decided when it is evaluated).
        inner = []
        _walk(e.args[0], inner)
        bound = e.args[1].free_symbols if isinstance(e, sympy.Limit) else e.variables
        for req in inner:
            if not (req.free_symbols & set(bound)):
                _add(out, req)
        for arg in e.args[1:]:
            _walk(arg, out)
        return
    if isinstance(e, (sympy.core.relational.Relational, sympy.And, sympy.Or, sympy.Not)):
        _walk_condition(e, out)
        return
    if isinstance(e, _TOTAL):
        for arg in e.args:
            _walk(arg, out)
        return
    raise UnsupportedError(f"the domain of {type(e).__name__} is not known")


def _walk_condition(cond: sympy.Basic, out: list[Boolean]) -> None:
    for rel in relations_in(cond):
        _walk(rel.lhs, out)
        _walk(rel.rhs, out)


def _power(base: sympy.Expr, exp: sympy.Expr) -> list[Boolean]:
    if exp.is_Integer and exp >= 0:
        return []  # a polynomial in its base (the base's sign is not asked)
    line = _polynomial(base)
    positive = None if line is None else _truth(line, "gt")
    if positive is None:
        positive = base.is_positive
    if positive:
        return []
    if exp.is_integer:
        return [] if exp.is_nonnegative else _condition(line, "ne", base)
    if exp.is_Rational:  # not an integer
        return _condition(line, "ge" if exp > 0 else "gt", base)
    if exp.is_positive:
        return _condition(line, "ge", base)
    return [sympy.Or(sympy.Gt(base, 0), sympy.And(sympy.Eq(base, 0), sympy.Gt(exp, 0)))]


# ---------------------------------------------------------------------------
# conditions on a polynomial in one symbol, decided by exact arithmetic

_RELATION_CLASS = {"ne": sympy.Ne, "gt": sympy.Gt, "ge": sympy.Ge}
_HOLDS: dict[str, Callable[[Any], bool]] = {
    "ne": lambda v: bool(v != 0), "gt": lambda v: bool(v > 0), "ge": lambda v: bool(v >= 0)}
# Bounds of the exact decision: the degree, and the integers looked at one by one.
_LINE_DEGREE = 16
_INTEGERS_SCANNED = 256
_RING, _T = ring("t", QQ)


class _Line(NamedTuple):
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


def _polynomial(expr: sympy.Basic) -> _Line | None:
    """``expr`` as a :class:`_Line`, when it is built from one real symbol and rationals
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
    return _Line(coeffs, low, low_open, high, high_open, bool(sym.is_integer))


def _positive(arg: sympy.Expr) -> list[Boolean]:
    """``[arg > 0]`` as SymPy builds it (see :func:`_condition`); ``|p| > 0`` is decided
    as ``p != 0``."""
    if isinstance(arg, sympy.Abs):
        line = _polynomial(arg.args[0])
        truth = None if line is None else _truth(line, "ne")
        if truth is not None:
            return [] if truth else [sympy.Gt(arg, 0, evaluate=False)]
        return [sympy.Gt(arg, 0)]
    return _condition(_polynomial(arg), "gt", arg)


def _condition(line: _Line | None, relation: str, base: sympy.Expr) -> list[Boolean]:
    """``[base REL 0]`` as SymPy builds it: dropped when it holds for every admissible
    value, unevaluated when it holds at some and fails at others (what SymPy's
    evaluation leaves then), and evaluated by SymPy when not decided here."""
    truth = None if line is None else _truth(line, relation)
    cls = _RELATION_CLASS[relation]
    if truth is None:
        return [cls(base, 0)]
    return [] if truth else [cls(base, 0, evaluate=False)]


def _truth(line: _Line, relation: str) -> bool | None:
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


def _inside(line: _Line, q: Any) -> bool:
    if line.low is not None and (q < line.low or (line.low_open and q == line.low)):
        return False
    return line.high is None or not (q > line.high or (line.high_open and q == line.high))


def _values(line: _Line) -> list[Any]:
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


def _real_verdicts(line: _Line, relation: str) -> list[bool]:
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


def _kinks(expr: sympy.Basic, var: sympy.Symbol) -> list[Boolean]:
    """Conditions that keep ``var`` away from the points where ``expr`` may have no derivative."""
    out: list[Boolean] = []
    for sub in sympy.preorder_traversal(expr):
        if not isinstance(sub, sympy.Basic) or not sub.has(var):
            continue
        if isinstance(sub, _KINKED):
            out.append(sympy.Ne(sub.args[0], 0))
        elif isinstance(sub, _TIES):
            for a, b in itertools.combinations(sub.args, 2):
                out.append(sympy.Ne(a - b, 0))
        elif isinstance(sub, sympy.Piecewise):
            for _, cond in sub.args:
                for rel in relations_in(cond):
                    if rel.has(var):
                        out.append(sympy.Ne(rel.lhs - rel.rhs, 0))
        elif isinstance(sub, sympy.Pow):
            base, exp = sub.args
            if base.has(var) and not (exp.is_integer and exp.is_nonnegative):
                out.append(sympy.Gt(base, 0) if not exp.is_integer else sympy.Ne(base, 0))
        elif isinstance(sub, (sympy.floor, sympy.ceiling)):
            raise UnsupportedError("derivatives of floor and ceiling are not supported")
    return out


@memoised(1024)
def undefined_candidates(cond: Boolean) -> tuple[tuple[sympy.Symbol, sympy.Expr], ...]:
    """Partial points (one symbol solved for, as ``(symbol, value)``) where ``cond`` may fail.

    For ``a != 0`` they are the real zeros of ``a``; for ``a > 0`` and ``a >= 0``
    the zeros and points beside them. The remaining symbols are left free, for
    the sampler to fill in. Memoised: the same conditions of definedness recur
    in every step about the same expression.

    >>> from symreg.symbols import w
    >>> undefined_candidates(sympy.Ne(w**2 - 1, 0))
    ((w, -1), (w, 1))
    """
    points: list[tuple[sympy.Symbol, sympy.Expr]] = []
    for rel in relations_in(cond):
        diff = rel.lhs - rel.rhs
        for sym in sorted(diff.free_symbols, key=lambda s: s.name):
            if not isinstance(sym, sympy.Symbol):
                continue
            try:
                roots = sympy.solveset(diff, sym, sympy.S.Reals)
            except (NotImplementedError, ValueError, TypeError):
                continue
            if not isinstance(roots, sympy.FiniteSet):
                continue
            for root in roots:
                points.append((sym, root))
                if not isinstance(rel, sympy.Ne):
                    for step in (sympy.Rational(-1, 7), sympy.Rational(1, 7), -1, 1):
                        points.append((sym, root + step))
    return tuple(points)
