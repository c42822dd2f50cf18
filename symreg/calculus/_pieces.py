r"""The pieces of a function of one real variable: where its formula changes, and the formula.

A penalty written with ``Abs``, ``sign``, ``Max``, ``Min``, ``Heaviside``,
``Piecewise`` or a fractional power of its variable is smooth between finitely
many *cuts*. :func:`cuts` finds them (the zeros of every argument and every
condition boundary, sorted by proofs under the hypothesis ``where``), and
:func:`pieces` gives, for each open interval between consecutive cuts, the
formula without any of those functions. A condition that holds at one inner
point of a piece holds on all of it (its truth changes only at cuts), so each
choice is decided at the midpoint, by the prover.

>>> import sympy
>>> from symreg.symbols import lam, w
>>> a = sympy.Symbol("a", positive=True)
>>> mcp = sympy.Piecewise((lam*sympy.Abs(w) - w**2/(2*a), sympy.Abs(w) <= a*lam),
...                       (a*lam**2/2, True))
>>> cuts(mcp, w)
[-a*lam, 0, a*lam]
>>> [p.expr for p in pieces(mcp, w)]
[a*lam**2/2, -lam*w - w**2/(2*a), lam*w - w**2/(2*a), a*lam**2/2]
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import sympy
from sympy.logic.boolalg import Boolean
from sympy.solvers.inequalities import reduce_rational_inequalities

from symreg.errors import UnsupportedError
from symreg.proof import Relation, prove, simplified

__all__ = ["Piece", "cuts", "decide", "inner_point", "order_points", "pieces",
           "polynomial_solution"]

_NONSMOOTH = (sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.Heaviside)
_INEQUALITIES = (sympy.StrictLessThan, sympy.StrictGreaterThan, sympy.LessThan,
                 sympy.GreaterThan)


@dataclass(frozen=True, slots=True)
class Piece:
    """An open interval ``(lo, hi)`` of the variable and the smooth formula there."""

    lo: sympy.Expr
    hi: sympy.Expr
    expr: sympy.Expr

    def region(self, var: sympy.Symbol) -> Boolean:
        """The condition ``lo < var < hi`` (a side at infinity left out)."""
        parts = [c for c, bound in ((var > self.lo, self.lo), (var < self.hi, self.hi))
                 if bound.is_finite is not False]
        return sympy.And(*parts)


def decide(claim: Boolean, where: Boolean | None = None) -> bool | None:
    """Truth of a condition on a region: True/False when proved, None when undecided.

    >>> from symreg.symbols import lam
    >>> decide(lam / 2 <= lam), decide(lam > 2 * lam), decide(lam > 1) is None
    (True, False, True)
    """
    claim = simplified(claim) if not isinstance(claim, bool) else sympy.sympify(claim)
    if claim in (sympy.true, sympy.false):
        return bool(claim)
    if isinstance(claim, sympy.And | sympy.Or):
        parts = [decide(c, where) for c in claim.args]
        if isinstance(claim, sympy.And):
            return False if False in parts else (None if None in parts else True)
        return True if True in parts else (None if None in parts else False)
    if isinstance(claim, sympy.Not):
        inner = decide(claim.args[0], where)
        return None if inner is None else not inner
    rel: Relation | None = _RELATIONS.get(type(claim))
    if rel is None:
        return None
    if prove(claim.lhs, claim.rhs, relation=rel, where=where).status == "proved":
        return True
    if any(prove(claim.lhs, claim.rhs, relation=other, where=where).status == "proved"
           for other in _NEGATION[rel]):
        return False
    return None


_RELATIONS: dict[type, Relation] = {
    sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
    sympy.GreaterThan: "ge", sympy.Equality: "eq"}
_NEGATION: dict[Relation, tuple[Relation, ...]] = {
    "lt": ("ge",), "le": ("gt",), "gt": ("le",), "ge": ("lt",), "eq": ("lt", "gt")}


def _boundaries(expr: sympy.Basic, var: sympy.Symbol) -> list[sympy.Expr]:
    """Expressions whose zeros in ``var`` are candidate cuts."""
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Abs | sympy.sign | sympy.Heaviside):
            found.append(node.args[0])
        elif isinstance(node, sympy.Max | sympy.Min):
            found.extend(a - b for a in node.args for b in node.args if a is not b)
        elif isinstance(node, sympy.Piecewise):
            for _value, cond in node.args:
                found.extend(r.lhs - r.rhs for r in cond.atoms(sympy.core.relational.Relational))
        elif isinstance(node, sympy.Pow) and not node.exp.is_integer:
            found.append(node.base)
    return [f for f in found if isinstance(f, sympy.Expr) and f.has(var)]


@functools.lru_cache(maxsize=256)
def cuts(expr: sympy.Expr, var: sympy.Symbol, where: Boolean | None = None) -> list[sympy.Expr]:
    """The sorted real points where the formula of ``expr`` in ``var`` may change.

    Points that cannot be ordered under the assumptions and ``where`` are
    returned in the order found (:func:`pieces` then refuses).

    Raises:
        UnsupportedError: a boundary equation cannot be solved.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> cuts(sympy.Abs(w - 1) + sympy.Abs(w + 1), w)
    [-1, 1]
    """
    points: list[sympy.Expr] = []
    for boundary in _boundaries(expr, var):
        try:
            zeros = sympy.solveset(boundary, var, sympy.S.Reals)
        except (NotImplementedError, ValueError, TypeError) as exc:
            raise UnsupportedError(f"cannot find where {boundary} vanishes") from exc
        if isinstance(zeros, sympy.Intersection | sympy.Complement):
            finite = [a for a in zeros.args if isinstance(a, sympy.FiniteSet)]
            zeros = finite[0] if finite else zeros
        if not isinstance(zeros, sympy.FiniteSet):
            if zeros == sympy.S.EmptySet:
                continue
            raise UnsupportedError(f"cannot find where {boundary} vanishes: {zeros}")
        for root in zeros.args:
            if root.is_real is False or root.has(sympy.I):
                continue
            if not any(prove(root, p, where=where).status == "proved" for p in points):
                points.append(simplified(root))
    try:
        return order_points(points, where)
    except UnsupportedError:
        return points  # in the order found: enough to list them, not to cut the line


def order_points(points: Iterable[sympy.Expr], where: Boolean | None = None, *,
                 what: str = "points") -> list[sympy.Expr]:
    """The points in increasing order, each comparison proved under ``where``.

    Raises:
        UnsupportedError: two of them cannot be ordered (``what`` names them).

    >>> from symreg.symbols import lam
    >>> order_points([2 * lam, -lam, lam])
    [-lam, lam, 2*lam]
    """
    ordered: list[sympy.Expr] = []
    for p in points:
        position = 0
        for q in ordered:
            after = decide(p > q, where)
            if after is None:
                raise UnsupportedError(f"cannot order the {what} {p} and {q}")
            position += int(after)
        ordered.insert(position, p)
    return ordered


def inner_point(lo: sympy.Expr, hi: sympy.Expr) -> sympy.Expr:
    """A point strictly inside ``(lo, hi)``.

    >>> inner_point(-sympy.oo, sympy.oo), inner_point(0, sympy.oo), inner_point(0, 1)
    (0, 1, 1/2)
    """
    lo, hi = sympy.sympify(lo), sympy.sympify(hi)
    if lo == -sympy.oo:
        return sympy.S.Zero if hi == sympy.oo else hi - 1
    return lo + 1 if hi == sympy.oo else (lo + hi) / 2


@functools.lru_cache(maxsize=256)
def pieces(expr: sympy.Expr, var: sympy.Symbol,
           where: Boolean | None = None) -> list[Piece]:
    """The open intervals between the :func:`cuts` and the formula of ``expr`` on each.

    Raises:
        UnsupportedError: two cuts cannot be ordered, or a choice of formula
            cannot be decided on a piece.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> [(p.lo, p.hi, p.expr) for p in pieces(sympy.Abs(w), w)]
    [(-oo, 0, -w), (0, oo, w)]
    """
    bounds = [-sympy.oo, *order_points(cuts(expr, var, where), where), sympy.oo]
    out = []
    for lo, hi in itertools.pairwise(bounds):
        region = Piece(lo, hi, expr).region(var)
        inner = inner_point(lo, hi)
        local = where if where is not None else sympy.true
        out.append(Piece(lo, hi, _smooth(expr, var, inner, local & region)))
    return out


def _smooth(expr: sympy.Expr, var: sympy.Symbol, inner: sympy.Expr,
            where: Boolean) -> sympy.Expr:
    """``expr`` without Abs, sign, Max, Min, Piecewise: the formula that holds at ``inner``."""

    def choose(node: sympy.Basic) -> sympy.Basic:
        if not node.has(var):
            return node
        if isinstance(node, sympy.Piecewise):
            for value, cond in node.args:
                truth = decide(cond.subs(var, inner), where.subs(var, inner))
                if truth is None:
                    raise UnsupportedError(f"cannot decide {cond} for {var} near {inner}")
                if truth:
                    return choose(value)
            raise UnsupportedError(f"{node} is not defined near {var} = {inner}")
        if isinstance(node, _NONSMOOTH):
            return choose(piecewise_of(node))
        if not node.args:
            return node
        return node.func(*[choose(a) for a in node.args])

    return sympy.expand(choose(expr)) if expr.is_polynomial(var) else choose(expr)


def piecewise_of(node: sympy.Basic) -> sympy.Basic:
    """One non-smooth function as a Piecewise with plain conditions."""
    x = node.args[0]
    if isinstance(node, sympy.Abs):
        return sympy.Piecewise((x, x >= 0), (-x, True))
    if isinstance(node, sympy.sign):
        return sympy.Piecewise((1, x > 0), (-1, x < 0), (0, True))
    if isinstance(node, sympy.Heaviside):
        return sympy.Piecewise((1, x > 0), (0, x < 0), (node.func(0, *node.args[1:]), True))
    first, *rest = node.args
    other = node.func(*rest) if len(rest) > 1 else rest[0]
    bigger = first >= other if isinstance(node, sympy.Max) else first <= other
    return sympy.Piecewise((first, bigger), (other, True))


def polynomial_solution(conds: Iterable[Boolean], var: sympy.Symbol) -> sympy.Set | None:
    """The set of ``var`` where every condition holds, when each is an inequality between
    polynomials in ``var`` (defined everywhere: no pole to exclude); else None.

    Solved as polynomial inequalities: SymPy's general solver also looks for a
    period (through ``simplify``), which costs more than a short derivation.

    >>> from symreg.symbols import w
    >>> polynomial_solution([w > 0, w**2 < 4], w)
    Interval.open(0, 2)
    >>> polynomial_solution([1 / w > 2], w) is None
    True
    """
    conds = list(conds)
    if not all(isinstance(c, _INEQUALITIES) and (c.lhs - c.rhs).is_polynomial(var)
               for c in conds):
        return None
    return reduce_rational_inequalities([conds], var, relational=False)
