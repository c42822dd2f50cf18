"""Deciding whether both sides of a claim are defined on its region, and refuting where not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg.errors import UnsupportedError
from symreg.proof._decide import decide
from symreg.proof._domain import requirements, undefined_candidates
from symreg.proof._evaluate import truth_at, violated_at
from symreg.proof._memo import memoised
from symreg.proof._sampler import Point, sample_points

__all__ = ["Undefinedness", "undefinedness"]

# (status, counterexample, reason) when a side is not known to be defined
Undefinedness = tuple[str, tuple[tuple[sympy.Symbol, sympy.Expr], ...] | None, str]

_RELATION = {sympy.StrictGreaterThan: "gt", sympy.GreaterThan: "ge",
             sympy.StrictLessThan: "lt", sympy.LessThan: "le"}


def undefinedness(lhs: sympy.Basic, rhs: sympy.Basic, where: Boolean | None,
                  prove: Callable[..., Any], timeout: float | None) -> Undefinedness | None:
    """None when both written sides are defined and real on the region.

    Otherwise ``("refuted", point, "undefined at w = 1")`` for a point of the
    region where a side is undefined, or ``("unknown", None, reason)`` when a
    condition of definedness can be neither refuted nor proved (``prove`` is
    the prover itself, used on the conditions).

    >>> import sympy
    >>> from symreg.proof import prove
    >>> from symreg.symbols import w
    >>> ratio = sympy.Mul(w**2 - 1, sympy.Pow(w - 1, -1, evaluate=False), evaluate=False)
    >>> undefinedness(ratio, w + 1, None, prove, None)
    ('refuted', ((w, 1),), 'undefined at w = 1')
    >>> print(undefinedness(ratio, w + 1, w > 1, prove, None))
    None
    """
    try:
        conds = requirements(lhs) + requirements(rhs)
    except UnsupportedError as exc:
        return "unknown", None, str(exc)
    for cond in conds:
        point = _undefined_point(cond, where)
        if point is not None:
            shown = ", ".join(f"{s} = {v}" for s, v in point)
            return "refuted", point, f"undefined at {shown}" if point else "undefined"
    for cond in conds:
        if not _holds_on(cond, where, prove, timeout):
            return "unknown", None, f"could not show that {cond} on the region"
    return None


def _sorted(pt: Point) -> tuple[tuple[sympy.Symbol, sympy.Expr], ...]:
    return tuple(sorted(pt.items(), key=lambda kv: kv[0].name))


@memoised(1024)
def _undefined_point(cond: Boolean, where: Boolean | None
                     ) -> tuple[tuple[sympy.Symbol, sympy.Expr], ...] | None:
    """A point of the region where ``cond`` is false, from the zeros of its sides.

    Memoised: the same condition of definedness on the same region recurs in
    every step about the same expression.
    """
    if isinstance(cond, sympy.Implies):
        guard, cond = cond.args
        where = guard if where is None else sympy.And(where, guard)
    if cond is sympy.false:
        pts = sample_points([], where=where, limit=1) if where is not None else [{}]
        return _sorted(pts[0]) if pts else None
    base_points = sample_points([cond], where=where, limit=12) or [{}]
    # The coordinates of each base point that break their symbol's assumptions,
    # found once (a candidate replaces one coordinate, and only it is new).
    inadmissible = [{s for s, v in base.items() if not _admissible(s, v)}
                    for base in base_points]
    for sym, value in undefined_candidates(cond):
        for base, bad in zip(base_points, inadmissible, strict=True):
            pt = dict(base)
            val = value.xreplace(pt)
            if val.free_symbols - set(pt):
                continue
            pt[sym] = val
            if bad - {sym} or not _admissible(sym, val):
                continue
            if where is not None and truth_at(where, pt) is not True:
                continue
            if violated_at(cond, pt):
                return _sorted(pt)
    for pt, bad in zip(base_points, inadmissible, strict=True):
        if pt and not bad and violated_at(cond, pt):
            return _sorted(pt)
    return None


def _admissible(sym: sympy.Symbol, value: sympy.Expr) -> bool:
    """Whether ``value`` respects the assumptions of ``sym``."""
    if sym.is_real and value.is_real is False:
        return False
    if sym.is_integer and value.is_integer is not True:
        return False
    if sym.is_positive:
        return decide(sympy.Gt(value, 0)) is True
    if sym.is_nonnegative:
        return decide(sympy.Ge(value, 0)) is True
    return True


def _holds_on(cond: Boolean, where: Boolean | None, prove: Callable[..., Any],
              timeout: float | None) -> bool:
    """Whether ``cond`` is proved at every point of the region."""
    if cond is sympy.true:
        return True
    if isinstance(cond, sympy.Ne):
        return bool(prove(sympy.Abs(cond.lhs - cond.rhs), 0, relation="gt", where=where,
                          timeout=timeout).status == "proved")
    relation = _RELATION.get(type(cond))
    if relation is not None:
        return bool(prove(cond.lhs, cond.rhs, relation=relation, where=where,
                          timeout=timeout).status == "proved")
    if isinstance(cond, sympy.And):
        return all(_holds_on(c, where, prove, timeout) for c in cond.args)
    if isinstance(cond, sympy.Or):
        if any(_holds_on(c, where, prove, timeout) for c in cond.args
               if isinstance(c, sympy.core.relational.Relational)):
            return True  # one alternative holds on the whole region
        # together they cover it: the indicator of the alternatives is 1 there
        return bool(prove(sympy.Piecewise((1, cond), (0, True)), 1, where=where,
                          timeout=timeout).status == "proved")
    if isinstance(cond, sympy.Implies):
        active, needed = cond.args
        inside = active if where is None else sympy.And(where, active)
        return _holds_on(needed, inside, prove, timeout)
    return decide(cond) is True
