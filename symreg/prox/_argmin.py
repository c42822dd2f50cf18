r"""The set-valued proximal operator when the prox objective is not convex.

``F(u) = 1/2 (u - z)**2 + step * P(u)``. When ``F`` is strictly convex on
each piece of ``P`` (``1 + step * P'' > 0`` there) and ``P`` is lower
semicontinuous at the cuts (its value there is at most its one-sided limits),
every minimiser of ``F`` is a cut or the one stationary point of a piece: the
infimum over an open piece is attained inside it or approached at an end,
where ``F`` is no larger. For each ``z`` the argmin is then the set of
candidates of least value; the thresholds in ``z`` where two candidates tie
are solved for, and every comparison is a verified step. The result is a
``Piecewise`` of finite sets in ``z``.
"""

from __future__ import annotations

import itertools

import sympy
from sympy.logic.boolalg import Boolean

from symreg import symbols
from symreg.calculus import decide, inner_point, order_points, pieces
from symreg.derivation import Step
from symreg.errors import UnsupportedError
from symreg.printing import words
from symreg.proof import prove, simplified
from symreg.prox._engine import _limit
from symreg.prox._solve import solve_on_piece

__all__ = ["set_valued"]

u, w, z = symbols.u, symbols.w, symbols.z

_MAX_CANDIDATES = 4


def set_valued(expr: sympy.Expr, step: sympy.Expr, hypothesis: Boolean, why: str,
               ) -> tuple[list[Step], sympy.Basic, str]:
    """Steps, the Piecewise of argmin sets, and the statement of the set-valued prox."""
    given = hypothesis if hypothesis is not sympy.true else None
    parts = pieces(expr, w, given)
    steps: list[Step] = []
    stationary: list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]] = []
    for piece in parts:
        slope = sympy.diff(piece.expr, w).subs(w, u)
        h = u + step * slope
        region = piece.region(w).subs(w, u) & hypothesis
        curvature = Step(sympy.diff(h, u), 0, relation="gt", where=region,
                         reason=words("the prox objective is strictly convex on {}",
                                      piece.region(u)))
        if prove(curvature.lhs, 0, relation="gt", where=region).status != "proved":
            raise UnsupportedError(
                f"the prox objective is not convex ({why}), so the minimisers on "
                f"{piece.lo} < u < {piece.hi} are not derived")
        steps.append(curvature)
        z_lo, z_hi = _limit(h, u, piece.lo, 1), _limit(h, u, piece.hi, -1)
        solution = solve_on_piece(h, u, z, piece.lo, piece.hi, z_lo, z_hi, hypothesis).formula
        steps.append(Step(sympy.Add(solution, sympy.Mul(step, slope.subs(u, solution)),
                                    evaluate=False), z, where=_open(z_lo, z_hi) & hypothesis,
                          reason=words("its stationary point on {}", piece.region(u))))
        stationary.append((solution, z_lo, z_hi))
    cut_points = [p.hi for p in parts[:-1]]
    for index, c in enumerate(cut_points):
        for side, near in ((-1, parts[index]), (1, parts[index + 1])):
            limit = _limit(near.expr, w, c, side)
            steps.append(Step(expr.subs(w, c), limit, relation="le", where=given,
                              reason=words("$P$ is lower semicontinuous at {}", c)))
    value = ((u - z) ** 2 / 2 + step * expr.subs(w, u))
    objective = {c: value.subs(u, c) for c in cut_points}
    bounds = _sorted({b for _s, lo, hi in stationary for b in (lo, hi) if b.is_finite},
                     given)
    branches: list[tuple[sympy.Basic, Boolean]] = []
    edges = [-sympy.oo, *bounds, sympy.oo]
    for lo, hi in itertools.pairwise(edges):
        branches += _compare(lo, hi, stationary, cut_points, objective, step, expr,
                             hypothesis, steps)
    for b in bounds:
        branches += _compare(b, b, stationary, cut_points, objective, step, expr,
                             hypothesis, steps)
    result = sympy.Piecewise(*branches[:-1], (branches[-1][0], True))
    steps.append(Step(sympy.Piecewise(*branches), result,
                      where=given, reason=words("the cases cover every {}; together", z)))
    statement = (
        "The prox objective is not convex, so the proximal operator is the set-valued "
        "argmin: the candidates of least value among the cuts of the penalty and the "
        "stationary points of its pieces.")
    return steps, result, statement


def _open(lo: sympy.Expr, hi: sympy.Expr) -> Boolean:
    return sympy.And(*[c for c, b in ((z > lo, lo), (z < hi, hi)) if b.is_finite is not False])


def _sorted(points: set[sympy.Expr], where: Boolean | None) -> list[sympy.Expr]:
    return order_points(sorted(points, key=sympy.default_sort_key), where, what="thresholds")


def _compare(lo: sympy.Expr, hi: sympy.Expr,
             stationary: list[tuple[sympy.Expr, sympy.Expr, sympy.Expr]],
             cut_points: list[sympy.Expr], objective: dict[sympy.Expr, sympy.Expr],
             step: sympy.Expr, expr: sympy.Expr, hypothesis: Boolean,
             steps: list[Step]) -> list[tuple[sympy.Basic, Boolean]]:
    """The argmin on ``lo < z < hi`` (or at ``z = lo`` when ``lo == hi``)."""
    given = hypothesis if hypothesis is not sympy.true else None
    probe = lo if lo == hi else inner_point(lo, hi)
    candidates = list(cut_points)
    values = dict(objective)
    for solution, s_lo, s_hi in stationary:
        if decide(sympy.And(s_lo < probe, probe < s_hi) if s_hi.is_finite and s_lo.is_finite
                  else (probe > s_lo if s_lo.is_finite else probe < s_hi)
                  if (s_lo.is_finite or s_hi.is_finite) else sympy.true, given):
            candidates.append(solution)
            values[solution] = ((solution - z) ** 2 / 2
                                + step * expr.subs(w, solution)).subs(u, solution)
    if len(candidates) > _MAX_CANDIDATES:
        raise UnsupportedError(f"too many candidate minimisers ({len(candidates)})")
    region = sympy.Eq(z, lo) if lo == hi else _open(lo, hi)
    # Thresholds inside the region where two candidates tie.
    ties: set[sympy.Expr] = set()
    if lo != hi:
        span = sympy.Interval.open(lo, hi)
        for a, b in itertools.combinations(candidates, 2):
            zeros = sympy.solveset(simplified(values[a] - values[b]), z, span)
            if isinstance(zeros, sympy.FiniteSet):
                ties |= set(zeros.args)
            elif zeros != sympy.S.EmptySet:
                raise UnsupportedError(f"cannot find where {a} and {b} tie: {zeros}")
    cuts_z = _sorted(ties, given)
    out: list[tuple[sympy.Basic, Boolean]] = []
    for sub_lo, sub_hi in itertools.pairwise([lo, *cuts_z, hi]) if lo != hi else [(lo, hi)]:
        out.append(_least(sub_lo, sub_hi, candidates, values, hypothesis, steps,
                          region if not cuts_z else None))
    for t in cuts_z:
        out.append(_least(t, t, candidates, values, hypothesis, steps, None))
    return out


def _least(lo: sympy.Expr, hi: sympy.Expr, candidates: list[sympy.Expr],
           values: dict[sympy.Expr, sympy.Expr], hypothesis: Boolean, steps: list[Step],
           region: Boolean | None) -> tuple[sympy.Basic, Boolean]:
    given = hypothesis if hypothesis is not sympy.true else None
    here = region if region is not None else (sympy.Eq(z, lo) if lo == hi else _open(lo, hi))
    probe = lo if lo == hi else inner_point(lo, hi)
    at = {c: simplified(values[c].subs(z, probe)) for c in candidates}
    best: list[sympy.Expr] = []
    for c in candidates:
        if all(decide(at[c] <= at[d], given) for d in candidates if d is not c):
            best.append(c)
    if not best:
        raise UnsupportedError(f"cannot compare the candidates {candidates} near z = {probe}")
    for c in best:
        for d in candidates:
            if d in best:
                continue
            steps.append(Step(values[c], values[d], relation="lt", where=here & hypothesis,
                              reason=words("${} = {}$ beats ${} = {}$ here", u, c, u, d)))
        for d in best:
            if d is not c and lo == hi:
                steps.append(Step(values[c], values[d], where=here & hypothesis,
                                  reason="the two candidates tie here"))
    return sympy.FiniteSet(*best), here
