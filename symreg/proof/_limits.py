"""Limits decided by the prover: Piecewise branch by branch, every value confirmed twice.

Semantics (see the package docstring): ``Limit(f, x, a, dir)`` is evaluated
as the limit of ``f`` when ``x`` tends to ``a`` from the side ``dir``, with the
other symbols fixed, for every admissible value of them.

* The variable is first moved to a fresh positive ``h`` tending to ``0``:
  ``x = a + h`` (from above), ``a - h`` (from below), ``1/h`` (``a = oo``),
  ``-1/h`` (``a = -oo``). A two-sided limit is both one-sided limits, which
  must be provably equal.
* ``Abs``, ``sign``, ``Max``, ``Min`` and ``Heaviside`` are rewritten as a
  ``Piecewise``. A ``Piecewise`` is taken **branch by branch**: each condition
  must be *eventually constant* as ``h -> 0+``, that is either free of ``h``
  (a condition on the other symbols, kept as it is) or, for every admissible
  value of the other symbols, eventually true or eventually false. A
  relation ``d(h) > 0`` (or ``>=``, ``<``, ``<=``, ``=``, ``!=``) is decided
  by the sign of the limit ``L`` of ``d``; when ``L`` is 0, by the sign of
  ``d`` itself for every ``h > 0``, or by the sign of the lowest-order
  coefficient of the numerator and denominator of ``d`` as polynomials in
  ``h``. When the sign of ``L`` depends on the other symbols and ``L`` is
  linear in one of them, ``s``, with root ``L = 0`` at ``s = r``, the
  eventual truth is the condition ``L > 0`` (or ``L < 0``) where the relation
  holds for that sign, or ``s = r`` where the sign of ``d`` at ``s = r``
  (decided as above) makes it hold: ``z > eta*lam`` as ``lam -> 0+`` is
  eventually ``z > 0``. Any other condition (``z > h*w`` as ``h -> 0+``, with
  ``z`` and ``w`` both free to vanish) leaves the limit **undecided**: a value
  is never substituted into a condition. The limit is then the ``Piecewise``
  of the branch limits under the eventual conditions.
* A limit of an expression without conditions is computed by SymPy and
  **confirmed** by a second, independent method: exact rational points of the
  other symbols (0, negative values, breakpoints; :func:`sample_points`), at
  which the expression is evaluated along ``h = 10**-8, 10**-16, 10**-32``
  (60 significant digits) and must approach SymPy's value (the error shrinks
  and ends below ``10**-6`` relative to ``1 + |limit|``). A limit that SymPy
  cannot compute, that is infinite, or that the sequence contradicts is
  undecided; an undecided limit makes the claim ``unknown``, never refuted or
  proved.

>>> import sympy
>>> from symreg.symbols import w, lam, z
>>> limit_value(sympy.sign(w), w, 0, "+")
1
>>> limit_value(sympy.Piecewise((z / (1 + lam), z > 1), (0, True)), lam, 0, "+")
Piecewise((z, z > 1), (0, True))
>>> limit_value(sympy.Piecewise((1, z > lam), (0, True)), lam, 0, "+")
Piecewise((1, z > 0), (0, True))
>>> try:
...     limit_value(sympy.Piecewise((1, z > lam * w), (0, True)), lam, 0, "+")
... except UndecidedLimit as exc:
...     print(exc)
the condition z > lam*w is not eventually constant as lam -> 0+
"""

from __future__ import annotations

import sympy
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from symreg.proof._decide import sign_of
from symreg.proof._forms import NONSMOOTH, map_set, piecewise_normal, simplified

__all__ = ["UndecidedLimit", "evaluate_limits", "limit_value"]

#: The steps of the confirming sequence, and its working precision.
_STEPS = (sympy.Rational(1, 10**8), sympy.Rational(1, 10**16), sympy.Rational(1, 10**32))
_DIGITS = 60
_TOLERANCE = sympy.Rational(1, 10**6)
#: At most this many points of the other symbols confirm a limit.
_CONFIRM_POINTS = 6


#: How a limit is named in reasons, and ``h`` written in the original variable.
_Label = tuple[str, sympy.Expr]


class UndecidedLimit(Exception):
    """A limit that cannot be decided soundly: the claim using it stays unknown."""


def evaluate_limits(obj: sympy.Basic) -> sympy.Basic:
    """Replace every ``Limit`` in ``obj`` by its value (innermost first).

    Raises:
        UndecidedLimit: a limit that is not decided (see the module docstring).

    >>> import sympy
    >>> from symreg.symbols import eps, lam, w
    >>> evaluate_limits(1 + sympy.Limit(lam * (2 * w - eps), eps, 0, "+"))
    2*lam*w + 1
    """
    if isinstance(obj, sympy.Set):
        return map_set(obj, evaluate_limits)
    if not isinstance(obj, sympy.Basic) or not obj.has(sympy.Limit):
        return obj
    if isinstance(obj, sympy.Limit):
        expr, var, point, side = obj.args
        return limit_value(evaluate_limits(expr), var, evaluate_limits(point), str(side))
    return obj.func(*[evaluate_limits(a) for a in obj.args])


def limit_value(expr: sympy.Basic, var: sympy.Symbol, point: sympy.Basic, side: str
                ) -> sympy.Basic:
    """The limit of ``expr`` as ``var`` tends to ``point`` from ``side`` (``+``, ``-``, ``+-``).

    Raises:
        UndecidedLimit: see the module docstring.
    """
    expr, point = sympy.sympify(expr), sympy.sympify(point)
    if side == "+-":
        above = limit_value(expr, var, point, "+")
        below = limit_value(expr, var, point, "-")
        if simplified(above - below) != 0:
            raise UndecidedLimit(f"the one-sided limits of {expr} at {var} = {point} "
                                 "are not shown to agree")
        return above
    if side not in ("+", "-"):
        raise UndecidedLimit(f"unknown direction {side!r}")
    h = sympy.Dummy("h", positive=True)
    # var = moved, and h = back in terms of var
    if point == sympy.oo:
        moved, back = 1 / h, 1 / var
    elif point == -sympy.oo:
        moved, back = -1 / h, -1 / var
    elif point.is_finite:
        moved, back = (point + h, var - point) if side == "+" else (point - h, point - var)
    else:
        raise UndecidedLimit(f"cannot take a limit at {point}")
    label = f"{var} -> {point}{side if point.is_finite else ''}"
    return _limit_at_zero(expr.xreplace({var: moved}), h, (label, back))


def _limit_at_zero(expr: sympy.Basic, h: sympy.Dummy, label: _Label) -> sympy.Basic:
    """The limit as the positive ``h`` tends to 0."""
    if not expr.has(h):
        return expr
    if expr.has(*NONSMOOTH, sympy.Piecewise):
        expr = piecewise_normal(expr)
        if isinstance(expr, sympy.Piecewise):
            return _piecewise(expr, h, label)
        if expr.has(sympy.Piecewise):
            expr = sympy.piecewise_fold(expr)
            if isinstance(expr, sympy.Piecewise):
                return _piecewise(expr, h, label)
            raise UndecidedLimit(f"cannot take the limit {label[0]} of {expr} branch by branch")
    if expr.has(sympy.ceiling, sympy.floor):
        raise UndecidedLimit(f"the limit {label[0]} of an integer part is not decided here")
    return _smooth(expr, h, label)


def _piecewise(pw: sympy.Piecewise, h: sympy.Dummy, label: _Label) -> sympy.Basic:
    pieces: list[tuple[sympy.Basic, Boolean]] = []
    for value, cond in pw.args:
        eventual = _eventually(cond, h, label)
        if eventual is sympy.false:
            continue
        pieces.append((_limit_at_zero(value, h, label), eventual))
        if eventual is sympy.true:
            break
    if not pieces:
        raise UndecidedLimit(f"no branch applies as {label[0]}")
    if len(pieces) == 1 and pieces[0][1] is sympy.true:
        return pieces[0][0]
    return sympy.Piecewise(*pieces)


def _eventually(cond: Boolean, h: sympy.Dummy, label: _Label) -> Boolean:
    """The truth of ``cond`` for all small ``h > 0``: a condition free of ``h``."""
    if isinstance(cond, (bool, BooleanTrue, BooleanFalse)):
        return sympy.true if cond else sympy.false
    if not cond.has(h):
        return cond
    if isinstance(cond, (sympy.And, sympy.Or)):
        return cond.func(*[_eventually(c, h, label) for c in cond.args])
    if isinstance(cond, sympy.Not):
        return sympy.Not(_eventually(cond.args[0], h, label))
    if isinstance(cond, sympy.core.relational.Relational):
        d = cond.lhs - cond.rhs
        sign = _eventual_sign(d, h)
        if sign is not None:
            return _truth(cond, sign)
        by_sign = _eventual_by_sign(cond, d, h)
        if by_sign is not None:
            return by_sign
    shown = cond.xreplace({h: label[1]})
    raise UndecidedLimit(f"the condition {shown} is not eventually constant as {label[0]}")


def _truth(cond: sympy.core.relational.Relational, sign: int) -> Boolean:
    """Whether ``cond`` holds when ``lhs - rhs`` has the sign ``sign``."""
    return sympy.true if cond.func(sympy.Integer(sign), 0) else sympy.false


def _eventual_by_sign(cond: sympy.core.relational.Relational, d: sympy.Expr,
                      h: sympy.Dummy) -> Boolean | None:
    """The eventual truth of ``d REL 0`` as a condition on the other symbols, or None.

    With ``L`` the limit of ``d``: where ``L > 0`` (``L < 0``) ``d`` is
    eventually positive (negative); where ``L = 0``, which must be one value
    ``s = r`` of one symbol, the sign of ``d`` at ``s = r`` decides.
    """
    try:
        lim = _limit_at_zero(d, h, ("h -> 0+", h))
    except UndecidedLimit:
        return None
    if not isinstance(lim, sympy.Expr) or lim.has(sympy.Piecewise) or not lim.free_symbols:
        return None
    for s in sorted(lim.free_symbols, key=str):
        if not (lim.is_polynomial(s) and sympy.degree(lim, s) == 1):
            continue
        (root,) = sympy.solve(lim, s)
        on_zero = _eventual_sign(d.xreplace({s: root}), h)
        if on_zero is None:
            continue
        return sympy.Or(sympy.And(lim > 0, _truth(cond, 1)),
                        sympy.And(lim < 0, _truth(cond, -1)),
                        sympy.And(sympy.Eq(s, root), _truth(cond, on_zero)))
    return None


def _eventual_sign(d: sympy.Expr, h: sympy.Dummy) -> int | None:
    """The sign of ``d`` for all small ``h > 0``, the same for every admissible value; or None."""
    d = sympy.sympify(d)
    direct = sign_of(d)
    if direct is not None:
        return direct
    try:
        lim = _limit_at_zero(d, h, ("h -> 0+", h))
    except UndecidedLimit:
        return None
    if not isinstance(lim, sympy.Expr) or lim.has(sympy.Piecewise):
        return None
    sign = sign_of(simplified(lim))
    if sign is None or sign != 0:
        return sign
    num, den = sympy.fraction(sympy.cancel(sympy.together(d)))
    signs = [_lowest_sign(part, h) for part in (num, den)]
    if None in signs:
        return None
    return int(signs[0]) * int(signs[1])  # type: ignore[arg-type]


def _lowest_sign(poly: sympy.Expr, h: sympy.Dummy) -> int | None:
    """The sign of the lowest-order coefficient of ``poly`` as a polynomial in ``h``."""
    if not poly.is_polynomial(h):
        return None
    coeffs = sympy.Poly(poly, h).all_coeffs()[::-1]
    for coeff in coeffs:
        c = simplified(coeff)
        sign = sign_of(c)
        if sign is None:
            return None
        if sign != 0:
            return sign
    return None


def _smooth(expr: sympy.Expr, h: sympy.Dummy, label: _Label) -> sympy.Expr:
    """SymPy's limit, confirmed along an exact sequence at sample points."""
    try:
        value = sympy.limit(expr, h, 0, "+")
    except (NotImplementedError, ValueError, TypeError, RecursionError) as exc:
        raise UndecidedLimit(f"{_named(expr, h, label)} is not computed") from exc
    if (not isinstance(value, sympy.Expr) or value.has(sympy.Limit, sympy.AccumBounds)
            or value.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan)):
        raise UndecidedLimit(f"{_named(expr, h, label)} is not a finite value")
    _confirm(expr, value, h, label)
    return value


def _confirm(expr: sympy.Expr, value: sympy.Expr, h: sympy.Dummy, label: _Label) -> None:
    """Raise unless ``expr`` approaches ``value`` along the sequence at every sample point."""
    from symreg.proof._sampler import sample_points

    others = sample_points([expr, value], limit=_CONFIRM_POINTS) or [{}]
    checked = 0
    for pt in others:
        pt = {s: v for s, v in pt.items() if s != h}
        target = _numeric(value, pt)
        if target is None:
            continue
        errors = []
        for step in _STEPS:
            got = _numeric(expr, {**pt, h: step})
            if got is None:
                break
            errors.append(abs(got - target))
        if len(errors) < len(_STEPS):
            continue  # undefined near the point at these parameters: nothing to compare
        checked += 1
        bound = _TOLERANCE * (1 + abs(target))
        if errors[-1] > bound or errors[-1] > errors[0] + bound:
            shown = ", ".join(f"{s} = {v}" for s, v in sorted(pt.items(), key=_by_name))
            raise UndecidedLimit(f"{_named(expr, h, label)} is not confirmed at {shown}")
    if checked == 0:
        raise UndecidedLimit(f"{_named(expr, h, label)} is not confirmed at any point")


def _named(expr: sympy.Expr, h: sympy.Dummy, label: _Label) -> str:
    """``the limit w -> 0+ of f``, with ``f`` in the original variable."""
    return f"the limit {label[0]} of {expr.xreplace({h: label[1]})}"


def _by_name(item: tuple[sympy.Basic, sympy.Expr]) -> str:
    return str(item[0])


def _numeric(expr: sympy.Expr, pt: dict[sympy.Symbol, sympy.Expr]) -> sympy.Float | None:
    """``expr`` at ``pt`` to :data:`_DIGITS` digits, or None when undefined or not real."""
    try:
        val = expr.evalf(_DIGITS, subs=pt)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError, RecursionError):
        return None
    if not val.is_Number or val.is_real is not True or val.has(sympy.nan, sympy.zoo):
        return None
    if val in (sympy.oo, -sympy.oo):
        return None
    return val
