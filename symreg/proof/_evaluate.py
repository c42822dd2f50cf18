"""Exact values at a point: a fast evaluator on fractions, SymPy's as the fallback, exact signs."""

from __future__ import annotations

import fractions
import math
from collections.abc import Callable, Mapping

import sympy
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from symreg.proof._decide import decide
from symreg.proof._forms import doit_unevaluated, map_set, simplified
from symreg.proof._limits import UndecidedLimit

__all__ = [
    "MAX_EXPONENT",
    "Undefined",
    "Unsupported",
    "evaluate_at",
    "exact_sign",
    "fraction_value",
    "nonzero",
    "truth_at",
    "value_at",
    "violated_at",
]

#: Integer exponents up to this size are evaluated on fractions (the parser's limit too).
MAX_EXPONENT = 1000

_UNDEFINED = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


class Unsupported(Exception):
    """A node the fast evaluator does not handle: fall back to SymPy."""


class Undefined(Exception):
    """Division by zero, or no branch of a Piecewise: no value at the point."""


_RELATIONS: dict[type, Callable[[fractions.Fraction, fractions.Fraction], bool]] = {
    sympy.StrictLessThan: lambda x, y: x < y,
    sympy.LessThan: lambda x, y: x <= y,
    sympy.StrictGreaterThan: lambda x, y: x > y,
    sympy.GreaterThan: lambda x, y: x >= y,
    sympy.Equality: lambda x, y: x == y,
    sympy.Unequality: lambda x, y: x != y,
}


def fraction_value(node: sympy.Basic, point: Mapping[sympy.Basic, fractions.Fraction]
                   ) -> fractions.Fraction:
    """Exact value of a rational expression (with Abs, sign, Max, Min, Piecewise,
    floor and ceiling).

    Pure Python fractions, about a hundred times faster than SymPy's own
    evaluation; raises :class:`Unsupported` for anything else (radicals,
    logarithms, ...) and :class:`Undefined` on a division by zero.

    >>> import fractions, sympy
    >>> from symreg.symbols import lam, w
    >>> fraction_value(sympy.Max(sympy.Abs(w) - lam, 0), {w: fractions.Fraction(-3),
    ...                                                 lam: fractions.Fraction(1, 2)})
    Fraction(5, 2)
    """
    if node.is_Rational:
        return fractions.Fraction(int(node.p), int(node.q))
    if node in point:
        return point[node]
    if isinstance(node, sympy.Add):
        return sum((fraction_value(a, point) for a in node.args), fractions.Fraction(0))
    if isinstance(node, sympy.Mul):
        out = fractions.Fraction(1)
        for a in node.args:
            out *= fraction_value(a, point)
        return out
    if isinstance(node, sympy.Pow):
        exp = node.exp
        if not exp.is_Integer or abs(int(exp)) > MAX_EXPONENT:
            raise Unsupported
        base = fraction_value(node.base, point)
        if base == 0 and exp.is_negative:
            raise Undefined
        return base ** int(exp)
    if isinstance(node, sympy.Abs):
        return abs(fraction_value(node.args[0], point))
    if isinstance(node, sympy.sign):
        x = fraction_value(node.args[0], point)
        return fractions.Fraction((x > 0) - (x < 0))
    if isinstance(node, sympy.Max):
        return max(fraction_value(a, point) for a in node.args)
    if isinstance(node, sympy.Min):
        return min(fraction_value(a, point) for a in node.args)
    if isinstance(node, sympy.Piecewise):
        for value, cond in node.args:
            if _fraction_truth(cond, point):
                return fraction_value(value, point)
        raise Undefined
    if isinstance(node, sympy.floor):
        return fractions.Fraction(math.floor(fraction_value(node.args[0], point)))
    if isinstance(node, sympy.ceiling):
        return fractions.Fraction(math.ceil(fraction_value(node.args[0], point)))
    raise Unsupported


def _fraction_truth(cond: sympy.Basic, point: Mapping[sympy.Basic, fractions.Fraction]
                    ) -> bool:
    if cond is sympy.true:
        return True
    if cond is sympy.false:
        return False
    relation = _RELATIONS.get(type(cond))
    if relation is not None:
        return relation(fraction_value(cond.lhs, point), fraction_value(cond.rhs, point))
    if isinstance(cond, sympy.And):
        return all(_fraction_truth(c, point) for c in cond.args)
    if isinstance(cond, sympy.Or):
        return any(_fraction_truth(c, point) for c in cond.args)
    if isinstance(cond, sympy.Not):
        return not _fraction_truth(cond.args[0], point)
    raise Unsupported


def _fractions(point: Mapping[sympy.Symbol, sympy.Expr]) -> dict[sympy.Basic, fractions.Fraction]:
    return {s: fractions.Fraction(int(v.p), int(v.q)) for s, v in point.items()}


def value_at(obj: sympy.Basic, point: Mapping[sympy.Symbol, sympy.Expr]
             ) -> sympy.Basic | None:
    """The exact value of ``obj`` at a rational point: a number, ``nan`` (undefined) or None.

    Fractions first (:func:`fraction_value`), SymPy's evaluation otherwise.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> value_at(1 / w, {w: sympy.Integer(2)}), value_at(1 / w, {w: sympy.S.Zero})
    (1/2, nan)
    """
    try:
        val = fraction_value(obj, _fractions(point))
    except Undefined:
        return sympy.nan
    except (Unsupported, RecursionError, AttributeError, TypeError):
        return _sympy_value(obj, point)
    return sympy.Rational(val.numerator, val.denominator)


def _sympy_value(obj: sympy.Basic, point: Mapping[sympy.Symbol, sympy.Expr]
                 ) -> sympy.Basic | None:
    try:
        val = obj.xreplace(dict(point))
        if val.free_symbols or val.has(sympy.Derivative, sympy.Integral, sympy.Limit):
            val = doit_unevaluated(val)
            if val.free_symbols:
                return None
        if val.has(*_UNDEFINED):
            return sympy.nan
        return val
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError, RecursionError,
            UndecidedLimit):
        return None


def evaluate_at(obj: sympy.Basic, pt: Mapping[sympy.Symbol, sympy.Expr]) -> sympy.Basic | None:
    """``obj`` at ``pt`` by SymPy (with ``doit``), sets element-wise; None if symbols remain."""
    val = obj.xreplace(dict(pt))
    if isinstance(val, sympy.Set):
        return map_set(val, lambda e: e.doit() if isinstance(e, sympy.Basic) else e)
    val = val.doit() if isinstance(val, sympy.Basic) else sympy.sympify(val)
    if getattr(val, "free_symbols", None):
        return None
    return val


def truth_at(cond: Boolean, pt: Mapping[sympy.Symbol, sympy.Expr]) -> bool | None:
    """The truth of ``cond`` at ``pt`` (None: undecided).

    At a rational point a condition made of rational expressions is decided
    on fractions (exactly, as :func:`fraction_value`); anything else by
    SymPy's evaluation and :func:`~symreg.proof._decide.decide`.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> truth_at((w > lam) & (sympy.Abs(w) < 2), {w: sympy.Integer(1), lam: sympy.Rational(1, 3)})
    True
    """
    try:
        return _fraction_truth(cond, _fractions(pt))
    except (Unsupported, Undefined, RecursionError, AttributeError, TypeError):
        pass  # not rational at this point: SymPy decides
    try:
        val = cond.xreplace(dict(pt))
    except (TypeError, ValueError):
        return None
    if isinstance(val, (bool, BooleanTrue, BooleanFalse)):
        return bool(val)
    return decide(val)


# A non-strict relation between two numbers is violated when the sign of lhs - rhs is this.
_VIOLATING = {sympy.GreaterThan: -1, sympy.LessThan: 1}


def violated_at(cond: Boolean, pt: Mapping[sympy.Symbol, sympy.Expr]) -> bool:
    """Whether ``cond`` is provably false at ``pt``: ``truth_at(cond, pt) is False``, cheaper.

    A non-strict inequality (``>=``, ``<=``) between numbers is violated only
    by a non-zero difference of the wrong sign, so its difference is never
    proved to be 0 (which takes a minimal polynomial at a root of a
    radicand): it is violated when :func:`certified_sign` certifies the
    wrong sign, and otherwise not known to be.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> violated_at(w**2 - 2 >= 0, {w: sympy.sqrt(2)}), violated_at(w - 2 >= 0, {w: sympy.sqrt(2)})
    (False, True)
    """
    wrong = _VIOLATING.get(type(cond))
    if wrong is None:
        return truth_at(cond, pt) is False
    try:
        return not _fraction_truth(cond, _fractions(pt))
    except (Unsupported, Undefined, RecursionError, AttributeError, TypeError):
        pass
    try:
        diff = (cond.lhs - cond.rhs).xreplace(dict(pt))
    except (TypeError, ValueError):
        return False
    if not isinstance(diff, sympy.Expr) or diff.free_symbols or diff.has(*_UNDEFINED):
        return truth_at(cond, pt) is False
    return certified_sign(diff, digits=SCREEN_DIGITS) == wrong


#: The working precision (digits) at which a refutation gives up certifying a sign.
SCREEN_DIGITS = 60


def certified_sign(value: sympy.Expr, *, digits: int = 400) -> int | None:
    """Sign of a number from an evaluation of guaranteed relative accuracy, or None.

    ``digits`` bounds the working precision: a value that cancels below it
    (0 among them) gets None.

    ``evalf(strict=True)`` raises when it cannot reach the requested relative
    accuracy, which is what happens when the value is 0 or cancels below the
    working precision. A value it does return is non-zero with the sign shown,
    whatever its scale: ``10**200*(log(6) - log(2) - log(3))`` is not mistaken
    for a large number, as a comparison with a fixed threshold would.

    >>> import sympy
    >>> certified_sign(sympy.pi - sympy.Rational(314159, 100000))
    1
    >>> print(certified_sign(10**200 * (sympy.log(6) - sympy.log(2) - sympy.log(3))))
    None
    """
    try:
        approx = value.evalf(30, strict=True, maxn=digits)
    except (sympy.core.evalf.PrecisionExhausted, ValueError, TypeError):
        return None
    if not approx.is_Number or approx.is_zero is not False:
        return None
    return 1 if approx > 0 else -1


def exact_sign(value: sympy.Expr, depth: int = 0) -> int | None:
    """Sign of a closed-form number; None when it cannot be decided.

    Rationals are decided exactly. A non-zero value is decided by an
    evaluation of certified relative accuracy (:func:`certified_sign`), a
    product factor by factor; zero only by proof (``is_zero``, simplification,
    expansion of logarithms, or the minimal polynomial of an algebraic number).
    Nothing is compared with a fixed threshold.

    >>> import sympy
    >>> exact_sign(sympy.sqrt(2) - sympy.Rational(7, 5)), exact_sign(sympy.Integer(0))
    (1, 0)
    >>> big = sympy.exp(400)
    >>> exact_sign(big * (sympy.sqrt(2) + sympy.sqrt(3)) - big * sympy.sqrt(5 + 2 * sympy.sqrt(6)))
    0
    """
    if value.is_Rational:
        return int(sympy.sign(value))
    # The certified evaluation first: a sign it certifies is that of a real,
    # non-zero number, and it is cheaper than SymPy's assumptions about a fresh
    # number (is_real and is_zero of a sum of radicals take several times longer).
    sign = certified_sign(value)
    if sign is not None:
        return sign
    if value.is_real is False:
        return None
    if value.is_zero:
        return 0
    factors = sympy.factor_terms(value)
    if factors.is_Mul and depth < 3:
        signs = [exact_sign(f, depth + 1) for f in factors.args]
        if 0 in signs:
            return 0
        if None not in signs:
            return int(sympy.prod(signs))
    simpler = simplified(value)
    if simpler.is_zero:
        return 0
    if simpler.is_Rational:
        return int(sympy.sign(simpler))
    if sympy.expand_log(sympy.expand(value), force=False).is_zero:
        return 0
    if value.is_algebraic:
        try:
            if sympy.minimal_polynomial(value, sympy.Dummy("x"), polys=False).is_Symbol:
                return 0
        except (NotImplementedError, ValueError, TypeError):
            pass
    return certified_sign(simpler)


def nonzero(d: sympy.Expr) -> bool | None:
    """Whether the number ``d`` is provably nonzero (None: cannot tell).

    >>> import sympy
    >>> nonzero(sympy.sqrt(2) - 1), nonzero(sympy.Integer(0))
    (True, False)
    """
    sign = exact_sign(d)
    return None if sign is None else sign != 0
