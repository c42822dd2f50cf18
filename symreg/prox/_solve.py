"""Solving the optimality condition ``u + step * P'(u) = z`` on one piece of ``P``.

On a piece ``(lo, hi)`` the map ``h(u) = u + step * P'(u)`` is smooth. The
unknown is written ``u = lo + t`` (or ``hi - t``) with ``t > 0``; fractional
powers of ``t`` are removed by ``t = s**L`` (``L`` the least common multiple
of their denominators), which turns the condition into a polynomial in
``s`` for the powers penalties use, and SymPy's solver gives its roots (the
quadratic formula, Cardano's formula for the cubic). The root that lies on
the piece is chosen at exact sample points; the caller proves it.
"""

from __future__ import annotations

import itertools
import math

import sympy
from sympy.logic.boolalg import Boolean

from symreg.errors import UnsupportedError
from symreg.proof import candidates

__all__ = ["solve_on_piece"]


def solve_on_piece(h: sympy.Expr, u: sympy.Symbol, z: sympy.Symbol, lo: sympy.Expr,
                   hi: sympy.Expr, z_lo: sympy.Expr, z_hi: sympy.Expr,
                   hypothesis: Boolean) -> sympy.Expr:
    """The root ``u`` in ``(lo, hi)`` of ``h(u) = z`` for ``z`` in ``(z_lo, z_hi)``.

    >>> from symreg.symbols import eta, lam, u, z
    >>> solve_on_piece(u + eta*lam, u, z, sympy.S.Zero, sympy.oo, eta*lam, sympy.oo,
    ...                sympy.true)
    -eta*lam + z
    """
    t = sympy.Dummy("t", positive=True)
    s = sympy.Dummy("s", positive=True)
    start, sign = (lo, 1) if lo != -sympy.oo else (hi, -1)
    if start == sympy.oo:  # the whole line: no shift
        start, sign = sympy.S.Zero, 0
    power = 1
    if sign == 0:
        equation = h - z
        unknown = u
        back = u
    else:
        equation = sympy.simplify(h.subs(u, start + sign * t)) - z
        denominators = [p.exp.q for p in equation.atoms(sympy.Pow)
                        if p.base.has(t) and p.exp.is_Rational]
        power = math.lcm(*denominators) if denominators else 1
        equation = sympy.simplify(equation.subs(t, s**power))
        unknown, back = s, start + sign * s**power
    try:
        roots = sympy.solve(sympy.numer(sympy.together(equation)), unknown)
    except NotImplementedError as exc:
        raise UnsupportedError(f"cannot solve {h} = {z} for {u}") from exc
    roots = [r for r in roots if r.is_positive is not False or sign == 0]
    # Beyond the start of the piece the formula stays start + sign * root**L, so
    # that its side of the start is the sign of the root (proved by the caller).
    formulas = [back.subs(unknown, r) if power > 1 else _tidy(back.subs(unknown, r), z)
                for r in roots]
    # The substituted unknown s is positive: a root that is not is no solution.
    chosen = _on_piece(formulas, roots if power > 1 else [], u, z, lo, hi, z_lo, z_hi, hypothesis)
    if chosen is None:
        raise UnsupportedError(
            f"cannot single out the solution of {h} = {z} on {lo} < {u} < {hi}")
    return chosen


def _tidy(formula: sympy.Expr, z: sympy.Symbol) -> sympy.Expr:
    tidy = sympy.simplify(sympy.radsimp(formula))
    return tidy if sympy.count_ops(tidy) <= sympy.count_ops(formula) else formula


def _on_piece(formulas: list[sympy.Expr], roots: list[sympy.Expr], u: sympy.Symbol,
              z: sympy.Symbol, lo: sympy.Expr,
              hi: sympy.Expr, z_lo: sympy.Expr, z_hi: sympy.Expr,
              hypothesis: Boolean) -> sympy.Expr | None:
    """The one formula that is real and inside ``(lo, hi)`` at every sample point."""
    alive = list(range(len(formulas)))
    for point in _samples(formulas, z, z_lo, z_hi, hypothesis):
        kept = []
        for i in alive:
            if roots and not sympy.re(sympy.N(roots[i].subs(point), 30)) > 0:
                continue
            value = sympy.N(formulas[i].subs(point), 30)
            bounds = [sympy.N(b.subs(point), 30) for b in (lo, hi)]
            if abs(sympy.im(value)) > 1e-20:
                continue
            value = sympy.re(value)
            if (bounds[0] == -sympy.oo or value > bounds[0]) and (
                    bounds[1] == sympy.oo or value < bounds[1]):
                kept.append(i)
        alive = kept
    return formulas[alive[0]] if len(alive) == 1 else None


def _samples(formulas: list[sympy.Expr], z: sympy.Symbol, z_lo: sympy.Expr, z_hi: sympy.Expr,
             hypothesis: Boolean) -> list[dict[sympy.Symbol, sympy.Expr]]:
    params = sorted(set().union(*(f.free_symbols for f in formulas), z_lo.free_symbols,
                                z_hi.free_symbols, hypothesis.free_symbols) - {z},
                    key=lambda p: p.name)
    points: list[dict[sympy.Symbol, sympy.Expr]] = []
    chosen = 0
    for combo in itertools.islice(itertools.product(*(candidates(p) for p in params)), 400):
        values = dict(zip(params, combo, strict=True))
        if chosen == 3 or sympy.sympify(hypothesis).subs(values) is not sympy.true:
            continue
        chosen += 1
        low, high = z_lo.subs(values), z_hi.subs(values)
        for frac in (sympy.Rational(1, 3), sympy.Rational(5, 7)):
            if low == -sympy.oo and high == sympy.oo:
                inner = 2 * frac - 1
            elif low == -sympy.oo:
                inner = high - 1 / frac
            elif high == sympy.oo:
                inner = low + 1 / frac
            else:
                inner = low + frac * (high - low)
            points.append({**values, z: inner})
    if not points:
        raise UnsupportedError("no sample values of the parameters satisfy the hypothesis")
    return points
