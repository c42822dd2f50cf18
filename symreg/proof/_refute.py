"""Refutation: the exact truth of a claim at one point, and the screen for a differing point."""

from __future__ import annotations

import fractions
import time

import sympy
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from symreg.proof._decide import Relation
from symreg.proof._evaluate import (
    SCREEN_DIGITS,
    Undefined,
    Unsupported,
    certified_sign,
    evaluate_at,
    exact_sign,
    fraction_value,
    nonzero,
    value_at,
)
from symreg.proof._memo import memoised
from symreg.proof._sampler import Point, screen_points

__all__ = ["Difference", "find_difference", "holds_at"]

#: A point (pairs of symbol and value, sorted by name) and the two values there.
Difference = tuple[tuple[tuple[sympy.Symbol, sympy.Expr], ...], sympy.Basic, sympy.Basic]

# The relations that a zero difference satisfies.
_NONSTRICT = ("eq", "le", "ge")

_COMPARE = {"eq": lambda s: s == 0, "le": lambda s: s <= 0, "lt": lambda s: s < 0,
            "ge": lambda s: s >= 0, "gt": lambda s: s > 0}


def _fast_sign(lhs: sympy.Basic, rhs: sympy.Basic, pt: Point) -> int | None:
    """Sign of ``lhs - rhs`` on fractions; raises Unsupported or Undefined."""
    if not (isinstance(lhs, sympy.Expr) and isinstance(rhs, sympy.Expr)):
        raise Unsupported
    try:
        point = {s: _fraction(v) for s, v in pt.items()}
    except AttributeError:  # an irrational coordinate
        raise Unsupported from None
    d = fraction_value(lhs, point) - fraction_value(rhs, point)
    return (d > 0) - (d < 0)


def _fraction(v: sympy.Expr) -> fractions.Fraction:
    return fractions.Fraction(int(v.p), int(v.q))


def holds_at(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic, pt: Point, *,
             only_refute: bool = False) -> bool | None:
    """Exact truth of ``lhs REL rhs`` at one point (None: undefined or undecided).

    With ``only_refute``, a True that would take a proof that a number is 0
    (a minimal polynomial, a simplification) is reported as None: the cheaper
    question the sampling stage of :func:`~symreg.proof.prove` asks, which
    only refutes. False is still answered only where the claim is false at the
    point; for ``eq``, ``le`` and ``ge`` a difference whose sign
    :func:`~symreg.proof._evaluate.certified_sign` cannot certify is left
    undecided (without it, a simplification might still find its sign).

    >>> import sympy
    >>> from symreg.symbols import w
    >>> holds_at("eq", sympy.sqrt(w**2), w, {w: sympy.Integer(-1)})
    False
    >>> holds_at("eq", 1 / w, w, {w: sympy.S.Zero}) is None
    True
    """
    return _holds_at(rel, lhs, rhs, tuple(pt.items()), only_refute)


@memoised(8192)
def _holds_at(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic,
              items: tuple[tuple[sympy.Symbol, sympy.Expr], ...], only_refute: bool
              ) -> bool | None:
    """:func:`holds_at` at the point of ``items``, memoised: a claim asked again
    within a time budget (which :func:`~symreg.proof.prove` does not remember)
    is sampled at the same points."""
    pt = dict(items)
    if rel != "in":
        try:
            return bool(_COMPARE[rel](_fast_sign(lhs, rhs, pt)))
        except Undefined:
            return None
        except (Unsupported, RecursionError, TypeError):
            pass
    try:
        lv = evaluate_at(lhs, pt)
        rv = evaluate_at(rhs, pt)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError):
        return None
    if lv is None or rv is None:
        return None
    if rel == "in":
        if not isinstance(rv, sympy.Set):
            return None
        got = rv.contains(lv)
        return bool(got) if isinstance(got, (BooleanTrue, BooleanFalse)) else None
    if isinstance(lv, sympy.Set) or isinstance(rv, sympy.Set):
        if rel != "eq" or not (isinstance(lv, sympy.Set) and isinstance(rv, sympy.Set)):
            return None
        if lv.has(sympy.nan, sympy.zoo) or rv.has(sympy.nan, sympy.zoo):
            # undefined here (e.g. {lam*w/|w|} at w = 0): no counterexample, as for
            # expressions below
            return None
        return _numeric_sets_equal(lv, rv)
    diff = sympy.nsimplify(0) + lv - rv
    if diff.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    if only_refute and rel in _NONSTRICT:
        # A zero difference satisfies these relations, so proving one (a minimal
        # polynomial, simplification) cannot refute anything: only a certified
        # non-zero sign, or an imaginary part, can.
        sign = int(sympy.sign(diff)) if diff.is_Rational else certified_sign(
            diff, digits=SCREEN_DIGITS)
        if sign is not None:
            return bool(_COMPARE[rel](sign))
        if rel == "eq" and exact_sign(sympy.im(diff)) in (-1, 1):
            return False
        return None
    sign = exact_sign(diff)
    if sign is None and rel == "eq" and exact_sign(sympy.im(diff)) in (-1, 1):
        # A difference with a non-zero imaginary part is not 0: log(w**2) = 2*log(w)
        # is false at w = -1 (0 against 2*I*pi).
        return False
    if sign is None:
        return None
    return bool(_COMPARE[rel](sign))


def _numeric_sets_equal(a: sympy.Set, c: sympy.Set) -> bool | None:
    """Exact equality of two sets with numeric elements (None when undecided).

    Elements are compared by the exact sign of their difference, never by
    their form: ``{9/8 - sqrt(17)/8}`` and ``{(9 - sqrt(17))/8}`` are equal.
    """
    if isinstance(a, sympy.FiniteSet) and isinstance(c, sympy.FiniteSet):
        left, right = list(a.args), list(c.args)
        for el in left:
            match = next((r for r in right if exact_sign(el - r) == 0), None)
            if match is None:
                decided = all(exact_sign(el - r) is not None for r in right)
                return False if decided else None
            right.remove(match)
        if right:
            # every element of a matched; a leftover is a true difference only if
            # it differs from all of a (duplicates were merged by FiniteSet)
            return False if all(all(exact_sign(r - el) not in (0, None) for el in left)
                                for r in right) else None
        return True
    if isinstance(a, sympy.Interval) and isinstance(c, sympy.Interval):
        ends = [exact_sign(a.left - c.left) if a.left.is_finite else (
                    0 if a.left == c.left else 1),
                exact_sign(a.right - c.right) if a.right.is_finite else (
                    0 if a.right == c.right else 1)]
        if any(e is None for e in ends):
            return None
        # Same ends but one closed where the other is open: that end lies in one
        # set only ([0, 1] and (0, 1] differ), so this is False, not undecided.
        return (all(e == 0 for e in ends) and a.left_open == c.left_open
                and a.right_open == c.right_open)
    if {type(a), type(c)} == {sympy.FiniteSet, sympy.Interval}:
        # An evaluated Interval has distinct ends (SymPy turns [a, a] into {a}),
        # so it is infinite and never equals a finite set: [-1, 1] is not {0}.
        return False
    if a.is_empty is not None and c.is_empty is not None and a.is_empty != c.is_empty:
        return False
    got = sympy.Eq(a, c)
    return True if got is sympy.true else None


def find_difference(a: sympy.Basic, e: sympy.Basic, deadline: float) -> Difference | None:
    """Look for a point where the expressions ``a`` and ``e`` provably differ.

    A quick screen over :func:`~symreg.proof.screen_points` (stopping at the
    ``time.monotonic()`` ``deadline``). A point where one side is defined and
    the other is not counts as a difference (its value is ``nan``). Returns the
    point (sorted by name) and both values, or None. It only ever refutes.

    >>> import time, sympy
    >>> from symreg.symbols import w
    >>> find_difference(sympy.sign(w) ** 2, sympy.Integer(1), time.monotonic() + 5)
    (((w, 0),), 0, 1)
    """
    if not (isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)):
        return None
    for full in screen_points([a, e]):
        if time.monotonic() > deadline:
            return None
        va, ve = value_at(a, full), value_at(e, full)
        if va is None or ve is None or (va is sympy.nan and ve is sympy.nan):
            continue
        if va is sympy.nan or ve is sympy.nan:
            differs: bool | None = True
        else:
            try:
                differs = nonzero(sympy.expand(va - ve))
            except (TypeError, ValueError, ArithmeticError):
                differs = None
        if differs:
            point = tuple(sorted(full.items(), key=lambda kv: kv[0].name))
            return point, va, ve
    return None
