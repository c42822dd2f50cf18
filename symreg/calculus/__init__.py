r"""Calculus of one real variable: derivatives, one-sided limits, kinks and the subdifferential.

Every function takes an expression and its variable. The subdifferential of a
convex function at ``a`` is the closed interval between the left and right
derivatives at ``a``; :func:`is_convex` decides convexity (or says it cannot).

>>> import sympy
>>> from symreg.symbols import lam, w
>>> subdifferential(lam * sympy.Abs(w), w, at=0)
Interval(-lam, lam)
>>> kinks(lam * sympy.Abs(w), w)
{0}
"""

from __future__ import annotations

import functools
from typing import Any

import sympy

from symreg._validate import require_real_point
from symreg.calculus._convex import convex_by_rules, midpoint_counterexample
from symreg.calculus._pieces import (
    Piece,
    cuts,
    decide,
    inner_point,
    order_points,
    pieces,
    polynomial_solution,
)
from symreg.errors import UnsupportedError
from symreg.proof import prove, simplified

__all__ = ["Piece", "convex_by_rules", "cuts", "decide", "derivative", "inner_point", "is_convex",
           "kinks", "midpoint_counterexample", "one_sided_derivatives", "order_points", "pieces",
           "polynomial_solution", "subdifferential"]


@functools.lru_cache(maxsize=256)
def derivative(expr: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """The classical derivative of ``expr`` in ``var`` where it exists.

    Written as ``sign(var) * g(|var|)`` when that form is proved equal off 0. At
    a kink the formula is not a derivative (``sign(0) = 0``); use
    :func:`subdifferential` there.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> derivative(lam * sympy.Abs(w) ** 3, w)
    3*lam*w**2*sign(w)
    """
    raw = sympy.diff(expr, var)
    t = sympy.Dummy("t", positive=True)
    # On t > 0 the kinks are gone; the powers and quotients left are combined
    # (each candidate below is expanded and proved equal to the derivative).
    on_positive = sympy.powsimp(raw.subs(var, t))
    candidates = [
        sympy.expand(on_positive.subs(t, var)),
        sympy.expand(sympy.sign(var) * on_positive.subs(t, sympy.Abs(var))).subs(
            sympy.sign(var) * sympy.Abs(var), var
        ),
    ]
    for form in candidates:
        if prove(form, raw, where=sympy.Ne(var, 0)).status == "proved":
            return form
    return raw  # pragma: no cover - every penalty here has a signed form


def one_sided_derivatives(expr: sympy.Expr, var: sympy.Symbol,
                          at: Any) -> tuple[sympy.Expr, sympy.Expr]:
    """Left and right derivatives of ``expr`` at ``at``, as one-sided limits of the derivative.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> one_sided_derivatives(lam * sympy.Abs(w), w, 0)
    (-lam, lam)
    """
    return _one_sided(derivative(expr, var), var, require_real_point(at, "at"))


@functools.lru_cache(maxsize=256)
def kinks(expr: sympy.Expr, var: sympy.Symbol) -> sympy.FiniteSet:
    """The points where ``expr`` is not differentiable in ``var``.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> kinks(lam * sympy.Abs(w), w), kinks(lam * w**2, w)
    ({0}, EmptySet)
    """
    slope = derivative(expr, var)
    found = [c for c in _cuts_of(expr, slope, var) if _differs(*_one_sided(slope, var, c))]
    return sympy.FiniteSet(*found)


def _cuts_of(expr: sympy.Expr, slope: sympy.Expr, var: sympy.Symbol) -> list[sympy.Expr]:
    """The cuts of a function and of its derivative, in order."""
    points = list(cuts(expr, var))
    for c in cuts(slope, var):
        if not any(prove(c, p).status == "proved" for p in points):
            points.append(c)
    return sorted(points, key=sympy.default_sort_key)


def subdifferential(expr: sympy.Expr, var: sympy.Symbol,
                    at: Any = None) -> sympy.Set | sympy.Piecewise:
    """The subdifferential of ``expr`` in ``var``, at a point or as a set-valued map.

    For a convex function of one variable the subdifferential at ``a`` is the
    closed interval between the left and right derivatives at ``a`` (a single
    point where the function is differentiable). For a function that is not
    convex the same construction gives the *regular* (Fréchet)
    subdifferential; :func:`is_convex` tells which case applies.

    Args:
        expr: the function.
        var: its variable.
        at: the point; None gives the set-valued map over all ``var`` as a
            ``Piecewise`` of sets.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> subdifferential(lam * sympy.Abs(w), w, at=lam)
    {lam}
    >>> subdifferential(lam * sympy.Abs(w), w)
    Piecewise((Interval(-lam, lam), Eq(w, 0)), ({lam*sign(w)}, True))
    >>> subdifferential(sympy.sqrt(sympy.Abs(w)), w, at=0)
    Interval(-oo, oo)
    """
    corners = kinks(expr, var).args
    slope = derivative(expr, var)
    if at is not None:
        point = require_real_point(at, "at")
        if _may_meet(point, corners):
            # A symbolic point that may sit on a kink (``at=w``): the answer
            # depends on where it is, so it is the set-valued map at that point.
            return subdifferential(expr, var).subs(var, point)
        return _interval(*_one_sided(slope, var, point))
    pieces: list[tuple[sympy.Basic, sympy.Basic]] = []
    for c in corners:
        pieces.append((_interval(*_one_sided(slope, var, c)), sympy.Eq(var, c)))
    pieces.append((sympy.FiniteSet(slope), sympy.true))
    if len(pieces) == 1:
        return pieces[0][0]
    return sympy.Piecewise(*pieces)


def is_convex(expr: sympy.Expr, var: sympy.Symbol) -> bool | None:
    """Whether ``expr`` is convex in ``var`` on the real line; None when undecided.

    Convex means: the derivative does not decrease, so the second derivative
    is nonnegative off the kinks and the derivative jumps up at each kink.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> is_convex(lam * sympy.Abs(w), w), is_convex(sympy.sqrt(sympy.Abs(w)), w)
    (True, False)
    >>> is_convex(sympy.Abs(w) ** sympy.Symbol("q"), w) is None  # sign of q - 1 unknown
    True
    """
    try:
        return _is_convex(expr, var)
    except (NotImplementedError, UnsupportedError):
        # SymPy could not take a limit or decide a sign on the way: undecided.
        return None


def _is_convex(expr: sympy.Expr, var: sympy.Symbol) -> bool | None:
    corners = kinks(expr, var).args
    for c in corners:
        left, right = _one_sided(derivative(expr, var), var, c)
        if left.is_infinite or right.is_infinite:
            return False
        jump = prove(left, right, relation="le").status
        if jump != "proved":
            return False if jump == "refuted" else None
    # The second derivative is taken off the kinks and off the breakpoints of the
    # derivative (|w|**(3/2) has a derivative at 0 but no second one there).
    for c in cuts(expr, var):
        # A convex function of one variable is continuous: no jump at a cut.
        value = expr.subs(var, c)
        for side in (-1, 1):
            near = _limit_of_piece(expr, var, c, side)
            if near is None or value.has(sympy.nan, sympy.zoo):
                return None
            if prove(near, value).status == "refuted":
                return False
    # The second derivative is taken piece by piece, off the cuts of the
    # derivative (|w|**(3/2) has a derivative at 0 but no second one there).
    verdict: bool | None = True
    for piece in pieces(expr, var):
        curvature = sympy.diff(piece.expr, var, 2)
        status = prove(curvature, 0, relation="ge", where=piece.region(var)).status
        if status == "refuted":
            return False
        if status != "proved":
            verdict = None
    return verdict


def _limit_of_piece(expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr,
                    side: int) -> sympy.Expr | None:
    """The limit of ``expr`` at ``point`` from the left (-1) or the right (1), piece by piece."""
    for piece in pieces(expr, var):
        inside = (decide(sympy.Eq(piece.hi, point)) if side < 0
                  else decide(sympy.Eq(piece.lo, point)))
        if inside is None:
            continue
        if inside is True or decide(sympy.And(piece.lo < point, point < piece.hi)):
            t = sympy.Dummy("t", positive=True)
            found = sympy.limit(piece.expr.subs(var, point + side * t), t, 0, "+")
            return None if isinstance(found, sympy.Limit) else simplified(found)
    return None


def _may_meet(point: sympy.Expr, candidates: Any) -> list[sympy.Expr]:
    """The candidates that a symbolic ``point`` may equal (none for a number)."""
    if not point.free_symbols:
        return []
    return [c for c in candidates if sympy.Eq(point, c) is not sympy.false]


# Memoised, as derivative is: a penalty's kinks and one-sided derivatives are asked
# for again by its subdifferential at each point, its convexity and its prox.
@functools.lru_cache(maxsize=256)
def _one_sided(slope: sympy.Expr, var: sympy.Symbol,
               point: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    # SymPy's limit at a point of unknown sign is the *generic* value: at ``w``
    # it gave 0 on both sides of the L1 kink w = 0 (and a complex value for
    # Lp(1/2) at w < 0). So a symbolic point that may meet a breakpoint of the
    # derivative gets a Piecewise: the one-sided limits at each breakpoint it may
    # equal, and the derivative itself (continuous off the breakpoints) elsewhere.
    meets = _may_meet(point, cuts(slope, var))
    for c in meets:
        if sympy.Eq(point, c) is sympy.true:
            return _limits(slope, var, c)
    if not meets:
        return _limits(slope, var, point)
    at_breaks = [(_limits(slope, var, c), sympy.Eq(point, c)) for c in meets]
    generic = slope.subs(var, point)
    return (sympy.Piecewise(*[(lr[0], cond) for lr, cond in at_breaks], (generic, True)),
            sympy.Piecewise(*[(lr[1], cond) for lr, cond in at_breaks], (generic, True)))


def _limits(slope: sympy.Expr, var: sympy.Symbol,
            point: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    try:
        left, right = (_limit_of_piece(slope, var, point, -1),
                       _limit_of_piece(slope, var, point, 1))
    except UnsupportedError:
        left = right = None
    if left is None or right is None:
        t = sympy.Dummy("t", positive=True)
        try:
            left = sympy.limit(slope.subs(var, point - t), t, 0, "+")
            right = sympy.limit(slope.subs(var, point + t), t, 0, "+")
        except (NotImplementedError, TypeError, ValueError) as exc:
            raise UnsupportedError(
                f"cannot take the one-sided limits of {slope} at {var} = {point}") from exc
    if isinstance(left, sympy.Limit) or isinstance(right, sympy.Limit):
        raise UnsupportedError(
            f"cannot take the one-sided limits of {slope} at {var} = {point}"
        )
    return simplified(left), simplified(right)


def _differs(left: sympy.Expr, right: sympy.Expr) -> bool:
    if left.is_infinite or right.is_infinite:
        return bool(left != right)
    outcome = prove(left, right)
    if outcome.status == "unknown":
        raise UnsupportedError(f"cannot decide whether {left} and {right} are equal")
    return outcome.status == "refuted"


def _interval(left: sympy.Expr, right: sympy.Expr) -> sympy.Set:
    if not _differs(left, right):
        return sympy.FiniteSet(left)
    return sympy.Interval(left, right)
