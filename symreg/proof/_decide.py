"""Deciding conditions and signs under the symbols' assumptions, and ordering points."""

from __future__ import annotations

import fractions
from collections.abc import Callable
from typing import Literal

import sympy
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from symreg.proof._coefficients import coefficient_sign
from symreg.proof._forms import factored, forms, lowest_terms
from symreg.proof._memo import memoised

__all__ = ["Relation", "compare", "decide", "resolve", "same", "sign_of", "sort_points"]

#: The relations of a claim ``lhs REL rhs``.
Relation = Literal["eq", "le", "lt", "ge", "gt", "in"]


def same(a: sympy.Expr, c: sympy.Expr) -> bool:
    """Whether ``a`` and ``c`` are provably equal (False also when undecided)."""
    if a == c:
        return True
    d = sympy.expand(a - c)
    if d == 0:
        return True
    if d.is_zero is False or d.is_positive or d.is_negative:
        return False
    if _nonzero_somewhere(d):
        return False  # not 0 at an exact point: no simplification can make it 0
    return bool(sympy.simplify(d) == 0)


def compare(a: sympy.Expr, c: sympy.Expr) -> int | None:
    """-1, 0 or 1 as a <, =, > c for all admissible values; None if unknown.

    A rational difference is its own sign; a rational function of positive
    symbols has the sign read from its coefficients (exact, without
    ``simplify``) when they decide it; else the sign of the difference in
    lowest terms (a rational function cancelled, anything else simplified),
    else of its factored form (memoised).

    >>> from symreg.symbols import eps
    >>> compare(eps / 2, eps / 4), compare(eps, 1), compare(2, sympy.Rational(5, 2))
    (1, None, -1)
    """
    diff = a - c
    if diff.is_Rational:
        return (int(diff.p) > 0) - (int(diff.p) < 0)
    sign = coefficient_sign(diff)
    if sign is not None:
        return sign
    d = lowest_terms(diff)  # (a rational function cancelled, 0 when it is 0)
    if d == 0:
        return 0
    if d.is_negative:
        return -1
    if d.is_positive:
        return 1
    fd = factored(diff)
    if fd.is_negative:
        return -1
    if fd.is_positive:
        return 1
    return None


def sort_points(points: list[sympy.Expr]) -> list[sympy.Expr] | None:
    """Sort expressions by value under the assumptions; None if two cannot be ordered.

    >>> from symreg.symbols import eps
    >>> sort_points([(1 + eps) / 2, eps / 4, eps / 2])
    [eps/4, eps/2, eps/2 + 1/2]
    """
    ordered: list[sympy.Expr] = []
    for p in points:
        pos = 0
        for q in ordered:
            c = compare(p, q)
            if c is None:
                return None
            if c > 0:
                pos += 1
        ordered.insert(pos, p)
    return ordered


def decide(cond: Boolean) -> bool | None:
    """Truth value of a condition under the assumptions, or None.

    >>> from symreg.symbols import lam, w
    >>> decide(lam**2 + 1 > 0), decide(w > 0)
    (True, None)
    """
    if isinstance(cond, (bool, BooleanTrue, BooleanFalse)):
        return bool(cond)
    if isinstance(cond, sympy.core.relational.Relational):
        return _decide_relational(cond)
    if isinstance(cond, sympy.And):
        vals = [decide(a) for a in cond.args]
        if any(v is False for v in vals):
            return False
        return True if all(v is True for v in vals) else None
    if isinstance(cond, sympy.Or):
        vals = [decide(a) for a in cond.args]
        if any(v is True for v in vals):
            return True
        return False if all(v is False for v in vals) else None
    if isinstance(cond, sympy.Not):
        v = decide(cond.args[0])
        return None if v is None else not v
    if isinstance(cond, sympy.ITE):
        test = decide(cond.args[0])
        if test is None:
            return None
        return decide(cond.args[1] if test else cond.args[2])
    return None


@memoised(4096)
def _decide_relational(cond: sympy.core.relational.Relational) -> bool | None:
    """:func:`decide` for one relation, memoised (the same conditions recur in every split).

    The sign of ``lhs - rhs`` is read from the difference itself, then (for a
    rational function of positive symbols) from the coefficients of its
    reduced numerator and denominator, then from its cancelled, simplified
    and factored forms; those (the expensive part) are not computed when the
    difference takes both signs at two exact admissible points, where no form
    can have one sign.
    """
    d = resolve(cond.lhs - cond.rhs)
    if d is None:
        return None
    for index, form in enumerate(forms(d)):
        sign = sign_of(form)
        if sign is None and index == 0:
            if _both_signs(d):
                return None
            sign = coefficient_sign(d)
        if sign is None:
            continue
        if isinstance(cond, sympy.Eq):
            return sign == 0
        if isinstance(cond, sympy.Ne):
            return sign != 0
        if isinstance(cond, sympy.StrictGreaterThan):
            return sign > 0
        if isinstance(cond, sympy.GreaterThan):
            return sign >= 0
        if isinstance(cond, sympy.StrictLessThan):
            return sign < 0
        if isinstance(cond, sympy.LessThan):
            return sign <= 0
    return None


# Values tried by the screen of _both_signs, each kept only for the symbols whose
# assumptions it satisfies.
_SCREEN_VALUES = tuple(sympy.Rational(v) for v in (
    "1", "-1", "1/3", "-1/3", "3", "-3", "0", "2", "-2", "5/2", "-5/2"))
_SCREEN_POINTS = 8


@memoised(1024)
def _screen_values(sym: sympy.Symbol) -> tuple[sympy.Rational, ...]:
    """The screen's values that satisfy every assumption of ``sym`` (rationals settle all)."""
    facts = sym.assumptions0.items()
    return tuple(v for v in _SCREEN_VALUES
                 if all(getattr(v, f"is_{k}") is val for k, val in facts))


def _both_signs(d: sympy.Expr) -> bool:
    """Whether ``d`` is provably positive at one admissible point and negative at another.

    Exact values on fractions at a few rational points that satisfy every
    assumption of every symbol; it only ever answers True with both witnesses
    in hand (so it can only stop a search for a sign that does not exist).

    >>> from symreg.symbols import lam, w
    >>> _both_signs(w - lam), _both_signs(w**2 + lam)
    (True, False)
    """
    return _screen(d, lambda signs: {-1, 1} <= signs)


def _nonzero_somewhere(d: sympy.Expr) -> bool:
    """Whether ``d`` is provably non-zero at an admissible point (so not identically 0).

    >>> from symreg.symbols import lam, w
    >>> _nonzero_somewhere(w - lam), _nonzero_somewhere(w - w)
    (True, False)
    """
    return _screen(d, lambda signs: bool(signs - {0}))


def _screen(d: sympy.Expr, enough: Callable[[set[int]], bool]) -> bool:
    """Whether the signs of ``d`` at the screen's exact admissible points are ``enough``."""
    from symreg.proof._evaluate import Undefined, Unsupported, fraction_value

    if not isinstance(d, sympy.Expr):
        return False
    symbols = sorted(d.free_symbols, key=lambda s: s.name)
    if not symbols or not all(isinstance(s, sympy.Symbol) for s in symbols):
        return False
    values = [_screen_values(s) for s in symbols]
    if not all(values):
        return False
    seen: set[int] = set()
    for i in range(_SCREEN_POINTS):
        point = {s: fractions.Fraction(int(v[(i + j) % len(v)].p), int(v[(i + j) % len(v)].q))
                 for j, (s, v) in enumerate(zip(symbols, values, strict=True))}
        try:
            value = fraction_value(d, point)
        except (Undefined, Unsupported, RecursionError, TypeError, ZeroDivisionError):
            continue
        seen.add((value > 0) - (value < 0))
        if enough(seen):
            return True
    return False


def sign_of(e: sympy.Expr, depth: int = 0) -> int | None:
    """Sign of ``e`` under the assumptions, or None.

    Beyond SymPy's own assumptions it handles products factor by factor and
    a difference of two non-negative terms by comparing their squares (so
    ``sqrt(1 + x) - 1`` is positive for ``x > 0``).

    >>> import sympy
    >>> from symreg.symbols import lam
    >>> sign_of(sympy.sqrt(1 + lam) - 1)
    1
    """
    if e.is_zero:
        return 0
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    if depth > 3:
        return None
    if isinstance(e, sympy.Mul):
        result = 1
        for factor in e.args:
            s = sign_of(factor, depth + 1)
            if s is None:
                return None
            result *= s
        return result
    if isinstance(e, sympy.Add) and len(e.args) == 2:
        a, c = e.args
        for pos, neg in ((a, -c), (c, -a)):
            if pos.is_nonnegative and neg.is_nonnegative and (
                _has_radical(pos) or _has_radical(neg)
            ):
                return sign_of(sympy.expand(pos**2 - neg**2), depth + 1)
    return None


def _has_radical(e: sympy.Expr) -> bool:
    """Whether ``e`` has a power with a non-integer rational exponent (a root)."""
    return any(isinstance(p.exp, sympy.Rational) and not p.exp.is_integer
               for p in e.atoms(sympy.Pow))


def resolve(expr: sympy.Basic) -> sympy.Basic | None:
    """Collapse every Piecewise whose conditions are decided; None if one is not."""
    if isinstance(expr, sympy.Set):
        return _resolve_set(expr)
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.Piecewise, sympy.ceiling,
                                                        sympy.floor):
        return expr
    if isinstance(expr, (sympy.ceiling, sympy.floor)):
        return _integer_part(expr)
    if isinstance(expr, sympy.Piecewise):
        for value, cond in expr.args:
            truth = decide(cond)
            if truth is None:
                return None
            if truth:
                return resolve(value)
        return sympy.nan
    args = [resolve(a) for a in expr.args]
    if any(a is None for a in args):
        return None
    return expr.func(*args)


def _resolve_set(expr: sympy.Set) -> sympy.Basic | None:
    if isinstance(expr, (sympy.FiniteSet, sympy.Interval, sympy.Union)):
        parts = [resolve(a) for a in expr.args]
        if any(p is None for p in parts):
            return None
        return expr.func(*parts)
    if isinstance(expr, sympy.Intersection):
        finite = next((a for a in expr.args if isinstance(a, sympy.FiniteSet)), None)
        if finite is None:
            return expr
        others = [a for a in expr.args if a is not finite]
        kept = []
        for element in finite.args:
            inside = [decide(o.contains(element)) for o in others]
            if any(v is None for v in inside):
                return None
            if all(inside):
                kept.append(element)
        return resolve(sympy.FiniteSet(*kept))
    return expr


def _integer_part(expr: sympy.Basic) -> sympy.Basic | None:
    """Evaluate ``ceiling(x)`` or ``floor(x)`` when ``x`` provably lies in a unit cell."""
    inner = resolve(expr.args[0])
    if inner is None:
        return None
    value = expr.func(inner)
    if value.is_integer and not isinstance(value, (sympy.ceiling, sympy.floor)):
        return value
    arg = value.args[0] if isinstance(value, (sympy.ceiling, sympy.floor)) else inner
    # SymPy pulls integer terms out; what is left must sit between 0 and 1.
    integer_terms = sympy.Add(*[a for a in sympy.Add.make_args(arg) if a.is_integer])
    rest = arg - integer_terms
    for n in (0, 1, -1):
        if isinstance(expr, sympy.ceiling):
            inside = sympy.And(rest > n - 1, rest <= n)
        else:
            inside = sympy.And(rest >= n, rest < n + 1)
        if decide(inside) is True:
            return integer_terms + n
    return None
