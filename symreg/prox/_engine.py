r"""The single-valued proximal operator, derived piece by piece from the optimality condition.

For ``F(u) = 1/2 (u - z)**2 + step * P(u)`` the optimality condition is
``z in h(u)`` with ``h(u) = u + step * dP(u)``. When ``u**2/2 + step * P(u)``
is strictly convex (each piece has ``1 + step * P'' > 0``, ``P`` is
continuous and its one-sided derivatives do not decrease at the cuts), ``h``
is strictly increasing: on a piece ``(lo, hi)`` it maps onto
``(h(lo+), h(hi-))``, and at a cut ``c`` the point ``u = c`` answers exactly
the ``z`` in ``c + step * [P'(c-), P'(c+)]``. These regions of ``z`` cover
the line without overlap, so the prox is the ``Piecewise`` of the solutions
on the pieces and the cuts, each one verified. This holds for a nonconvex
``P`` too when the step is small enough (MCP, SCAD, the log penalty), which
is then a hypothesis of the result.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg import symbols
from symreg.calculus import Piece, pieces
from symreg.derivation import Step, StepRelation
from symreg.errors import UnsupportedError
from symreg.printing import words
from symreg.proof import simplified
from symreg.proof._forms import power_product
from symreg.prox._locate import root_is_positive
from symreg.prox._solve import Solution, solve_on_piece

__all__ = ["convex_objective", "single_valued"]

u, w, z = symbols.u, symbols.w, symbols.z


@functools.lru_cache(maxsize=1024)
def _limit(expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr, side: int) -> sympy.Expr:
    """The one-sided limit of ``expr`` as ``var`` tends to ``point`` (from ``side``), simplified.

    Memoised: the one-sided derivatives at the cuts are asked both when the
    objective is shown convex and when the prox is solved.
    """
    known = _polynomial_limit(expr, var, point)
    if known is not None:
        return known
    if point in (sympy.oo, -sympy.oo):
        found = sympy.limit(expr, var, point)
    else:
        t = sympy.Dummy("t", positive=True)
        found = sympy.limit(expr.subs(var, point + side * t), t, 0, "+")
    if isinstance(found, sympy.Limit):
        raise UnsupportedError(f"cannot take the limit of {expr} at {var} = {point}")
    return simplified(found)


def _polynomial_limit(expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr,
                      ) -> sympy.Expr | None:
    """The limit of a polynomial in ``var`` where it needs no limit algorithm, else None.

    At a finite point it is the value there (a polynomial is continuous), taken
    when that value is a single term (whose form is SymPy's one form of it); at
    an infinite end it is the infinity of the sign of the leading term, when
    that sign is known.

    >>> from symreg.symbols import eta, lam, u
    >>> _polynomial_limit(u + eta * lam, u, sympy.S.Zero), _polynomial_limit(
    ...     u + eta * lam, u, -sympy.oo)
    (eta*lam, -oo)
    """
    if not expr.is_polynomial(var):
        return None
    if point not in (sympy.oo, -sympy.oo):
        value = expr.subs(var, point)
        return value if power_product(value, integer_exponents=True) else None
    poly = sympy.Poly(expr, var)
    if poly.degree() < 1:
        return None
    lead = poly.LC() * (1 if point == sympy.oo else (-1) ** poly.degree())
    if lead.is_positive:
        return sympy.oo
    return -sympy.oo if lead.is_negative else None


def _slopes(parts: list[Piece]) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """Left and right derivatives at each cut (the limits of the adjacent pieces)."""
    out = []
    for left, right in itertools.pairwise(parts):
        c = left.hi
        # Beside a piece where P is +oo (outside its domain) the one-sided
        # derivative is infinite: the normal cone of the domain.
        out.append((-sympy.oo if _outside(left) else _limit(sympy.diff(left.expr, w), w, c, -1),
                    sympy.oo if _outside(right) else _limit(sympy.diff(right.expr, w), w, c, 1)))
    return out


def _outside(piece: Piece) -> bool:
    """Whether ``P`` is ``+oo`` on the piece (outside the domain of an indicator)."""
    return bool(piece.expr == sympy.oo)


def convex_objective(expr: sympy.Expr, step: sympy.Expr, hypothesis: Boolean,
                     ) -> tuple[list[Step], str]:
    """The steps proving ``u**2/2 + step * P(u)`` strictly convex, or a reason it is not.

    Returns ``(steps, "")`` when every step can hold, else ``([], reason)``;
    the steps are proved by the caller's ``verify``.
    """
    from symreg.proof import prove

    parts = pieces(expr, w, hypothesis if hypothesis is not sympy.true else None)
    steps: list[Step] = []
    if all(_outside(p) for p in parts):
        return [], "P is +oo everywhere"
    for piece in parts:
        if _outside(piece):
            continue
        h = u + step * sympy.diff(piece.expr, w).subs(w, u)
        region = piece.region(w).subs(w, u) & hypothesis
        step_ = Step(sympy.diff(h, u), 0, relation="gt", where=region,
                     reason=words(r"the optimality map ${} + {} \, P'({})$ increases on {}",
                                  u, step, u, piece.region(u)))
        outcome = prove(step_.lhs, 0, relation="gt", where=region)
        if outcome.status != "proved":
            verdict = "fails" if outcome.status == "refuted" else "is not proved"
            return [], (f"1 + {step}*P''(u) > 0 {verdict} on {piece.lo} < u < {piece.hi}")
        steps.append(step_)
    for (left, right), piece in zip(_slopes(parts), parts, strict=False):
        c = piece.hi
        value = expr.subs(w, c)
        for side, near in ((-1, piece), (1, parts[parts.index(piece) + 1])):
            if _outside(near):
                continue  # the end of the domain: P jumps to +oo, lower semicontinuous
            limit = _limit(near.expr, w, c, side)
            outcome = prove(limit, value, where=hypothesis)
            if outcome.status != "proved":
                return [], f"P is not continuous at {c}"
        if left == right or left.is_infinite or right.is_infinite:
            continue
        outcome = prove(left, right, relation="le", where=hypothesis)
        if outcome.status != "proved":
            return [], f"the one-sided derivatives decrease at {c}"
        steps.append(Step(left, right, relation="le", where=hypothesis,
                          reason=words("the one-sided derivatives do not decrease at {}",
                                       c)))
    return steps, ""


def single_valued(expr: sympy.Expr, step: sympy.Expr, hypothesis: Boolean,
                  ) -> tuple[list[Step], sympy.Piecewise, list[tuple[sympy.Expr, Boolean]]]:
    """The steps, the (unevaluated) case Piecewise and the branches of the prox."""
    parts = pieces(expr, w, hypothesis if hypothesis is not sympy.true else None)
    steps: list[Step] = []
    # Left to right: [formula, z_lo, z_hi, kind] for the pieces and the cuts.
    segments: list[list[Any]] = []
    slopes = _slopes(parts)
    for index, piece in enumerate(parts):
        if _outside(piece):
            if index < len(slopes):
                segments.append(_cut(piece.hi, slopes[index], step, hypothesis, steps))
            continue
        slope = sympy.diff(piece.expr, w).subs(w, u)
        h = u + step * slope
        z_lo, z_hi = _limit(h, u, piece.lo, 1), _limit(h, u, piece.hi, -1)
        where = _between(z_lo, z_hi) & hypothesis
        found = solve_on_piece(h, u, z, piece.lo, piece.hi, z_lo, z_hi, hypothesis)
        solution = found.formula
        steps.append(_solved(found, slope, step, piece, where))
        steps.extend(_on_the_piece(found, h, piece, where, hypothesis, z_lo, z_hi,
                                   _plain(found, slope, step, piece, where)))
        segments.append([solution, z_lo, z_hi, "piece"])
        if index < len(slopes):
            segments.append(_cut(piece.hi, slopes[index], step, hypothesis, steps))
    segments = _merge(segments)
    order = {"piece": 0, "point": 1, "kink": 2}
    ranked = sorted(reversed(segments), key=lambda s: order[s[3]])
    branches = [(f, _between(lo, hi, closed=kind != "piece")) for f, lo, hi, kind in ranked]
    # The cases as derived, left to right; the result lists them right to left.
    cases = sympy.Piecewise(*[(f, _between(lo, hi, closed=kind != "piece"))
                              for f, lo, hi, kind in segments])
    return steps, cases, branches


def _cut(c: sympy.Expr, slopes: tuple[sympy.Expr, sympy.Expr], step: sympy.Expr,
         hypothesis: Boolean, steps: list[Step]) -> list[Any]:
    """The segment of ``u = c``: the ``z`` in ``c + step * [P'(c-), P'(c+)]``."""
    left, right = slopes
    low, high = c + step * left, c + step * right
    kind = "point" if left == right else "kink"
    if kind == "kink":
        interval = sympy.Interval(low, high)
        steps.append(Step(
            z, interval, relation="in",
            where=_between(low, high, closed=True) & hypothesis,
            reason=words(r"${} = {}$ is optimal iff {} lies in ${} + {}\,\partial P({})$",
                         u, c, z, c, step, c)))
    return [c, low, high, kind]


def _solved(found: Solution, slope: sympy.Expr, step: sympy.Expr, piece: Piece,
            where: Boolean) -> Step:
    """The step: the solution satisfies the optimality condition on the piece's ``z``."""
    if found.written is not None and found.root is not None and found.unknown is not None:
        # u = start +- s**L: the condition in s (s > 0, shown next), at the root taken.
        start, side = (piece.lo, 1) if piece.lo.is_finite else (piece.hi, -1)
        shape = start + side * sympy.Symbol(found.unknown.name) ** found.power
        return Step(found.written.xreplace({found.unknown: found.root}), z, where=where,
                    reason=words("on {} write ${} = {}$ with {}: the optimality condition is "
                                 "solved by this {}", piece.region(u), u, shape,
                                 sympy.StrictGreaterThan(found.unknown, 0, evaluate=False),
                                 found.unknown))
    return _plain(found, slope, step, piece, where)


def _plain(found: Solution, slope: sympy.Expr, step: sympy.Expr, piece: Piece,
           where: Boolean) -> Step:
    """The step: ``u + step * P'(u) = z`` at the solution, written in ``u``."""
    written = sympy.Add(found.formula, sympy.Mul(step, slope.subs(u, found.formula)),
                        evaluate=False)
    return Step(written, z, where=where,
                reason=words("on {} the optimality condition is solved by this {}",
                             piece.region(u), u))


def _on_the_piece(found: Solution, h: sympy.Expr, piece: Piece, where: Boolean,
                  hypothesis: Boolean, z_lo: sympy.Expr, z_hi: sympy.Expr,
                  plain: Step) -> list[Step]:
    """Steps showing that the solution lies on the piece for the ``z`` of its region.

    ``plain`` is ``h(u) = z`` written in ``u``: the last resort argues from it,
    so it is among the steps then even when the condition was shown in ``s``.
    """
    from symreg.proof import prove

    solution = found.formula
    inside = piece.region(u).subs(u, solution)
    bounds = [b for b in (inside.args if isinstance(inside, sympy.And) else (inside,))
              if b is not sympy.true]
    direct = [Step(b.lhs, b.rhs, relation=_REL[type(b)], where=where,
                   reason=words("and it lies on the piece exactly for these {}", z))
              for b in bounds]
    start = piece.lo if piece.lo.is_finite is not False else piece.hi
    far = [d for d in direct if start not in (d.lhs, d.rhs)]
    if found.power > 1 and found.root is not None:
        # u = start +- root**L: the side of the start is the sign of the root.
        near = Step(found.root, 0, relation="gt", where=where,
                    reason=words("the root taken is positive, so {} lies on the side of {} "
                                 "where the piece is", u, start))
        direct = [near, *far]

    def proved(candidates: list[Step]) -> bool:
        return all(prove(s.lhs, s.rhs, relation=s.relation,  # type: ignore[arg-type]
                         where=s.where, timeout=10).status == "proved" for s in candidates)

    if proved(direct):
        return direct
    located = root_is_positive(found, where)
    if located is not None and proved(far):
        return [*located, *far]
    # Else: the formula of h on this piece increases on the whole line, so
    # h(lo) < z = h(u) < h(hi) puts u between lo and hi.
    steps = [Step(sympy.diff(h, u), 0, relation="gt", where=hypothesis,
                  reason=("the formula of the optimality map on this piece increases on "
                          "the whole line"))]
    if found.written is not None:
        steps.insert(0, plain)
    for end, _limit, rel in ((piece.lo, z_lo, "lt"), (piece.hi, z_hi, "gt")):
        if end.is_finite is not False:
            steps.append(Step(simplified(h.subs(u, end)), z, relation=rel, where=where,  # type: ignore[arg-type]
                              reason=words(f"and it is {'below' if rel == 'lt' else 'above'} "
                                           "{} at ${} = {}$, so {} lies on the piece",
                                           z, u, end, u)))
    return steps


def _between(lo: sympy.Expr, hi: sympy.Expr, *, closed: bool = False) -> Boolean:
    if closed and lo == hi:
        return sympy.Eq(z, lo)
    above = (z >= lo) if closed else (z > lo)
    below = (z <= hi) if closed else (z < hi)
    return sympy.And(*[c for c, b in ((above, lo), (below, hi)) if b.is_finite is not False])


def _merge(segments: list[list[Any]]) -> list[list[Any]]:
    """Join piece, smooth cut, piece when the two pieces have the same formula."""
    out: list[list[Any]] = []
    for seg in segments:
        if (seg[3] == "piece" and len(out) >= 2 and out[-1][3] == "point"
                and out[-2][3] == "piece" and out[-2][0] == seg[0]):
            out.pop()
            out[-1] = [seg[0], out[-1][1], seg[2], "piece"]
        else:
            out.append(seg)
    return out


_REL: dict[type, StepRelation] = {
    sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
        sympy.GreaterThan: "ge"}
