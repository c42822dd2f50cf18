"""Solving the optimality condition ``u + step * P'(u) = z`` on one piece of ``P``.

On a piece ``(lo, hi)`` the map ``h(u) = u + step * P'(u)`` is smooth. The
unknown is written ``u = lo + t`` (or ``hi - t``) with ``t > 0``; fractional
powers of ``t`` are removed by ``t = s**L`` (``L`` the least common multiple
of their denominators), which turns the condition into a polynomial in
``s`` for the powers penalties use. A cubic with one real root (its
depressed form ``y**3 + p*y + q`` has ``p > 0``) gets that root in Cardano's
form written with positive cube-root arguments only (:func:`real_cubic_root`);
other equations get SymPy's roots (the quadratic formula, ...). The root that
lies on the piece is chosen at exact sample points; the caller proves it,
with what :class:`Solution` carries for the proof that it lies on the piece.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import sympy
from sympy.logic.boolalg import Boolean

from symreg.calculus import decide
from symreg.errors import UnsupportedError
from symreg.proof import candidates, simplified
from symreg.proof._forms import lowest_terms

__all__ = ["Solution", "real_cubic_root", "solve_on_piece"]


@dataclass(frozen=True)
class Solution:
    """The solution ``u`` on a piece and what proves that it lies there.

    Attributes:
        formula: ``u`` in ``z``.
        root: ``r`` when ``u = start + side * r**power`` with ``r > 0`` to be
            shown (``power > 1``, or an equation solved in the shift), else None.
        power: ``L`` of ``u = start + side * r**L``.
        unknown: the real symbol ``s`` in which :attr:`equation` is written.
        equation: a polynomial ``g(s)`` with positive leading coefficient that
            vanishes at :attr:`root` (when the optimality condition holds there).
        written: the optimality map in ``s`` (``h(start + side * s**L)`` with
            ``s > 0``), or None when ``u`` is the unknown itself.
        other: the other root of :attr:`equation` when it is a quadratic.
    """

    formula: sympy.Expr
    root: sympy.Expr | None = None
    power: int = 1
    unknown: sympy.Symbol | None = None
    equation: sympy.Expr | None = None
    written: sympy.Expr | None = None
    other: sympy.Expr | None = None


def real_cubic_root(coefficients: list[sympy.Expr], where: Boolean | None = None,
                    ) -> sympy.Expr | None:
    r"""The one real root of ``a s**3 + b s**2 + c s + d`` when there is one, else None.

    With ``s = y - b/(3a)`` the cubic is ``y**3 + p*y + q``; when ``p > 0``
    (proved under ``where``) it increases and has one real root. With
    ``A = |q|/2 + sqrt(q**2/4 + p**3/27) > 0`` that root is
    ``y = -sign(q) * (A**(1/3) - p/(3*A**(1/3)))`` (Cardano's formula, whose two
    cube roots have the product ``-p/3``, written so that every cube root is of
    a positive number). ``sign`` and ``Abs`` are dropped when the sign of ``q``
    is proved.

    >>> from symreg.symbols import z
    >>> root = real_cubic_root([sympy.S.One, sympy.S.Zero, sympy.S(3), -z])
    >>> root.subs(z, 4).evalf(6)  # the root of s**3 + 3*s - 4
    1.00000
    """
    a, b, c, d = coefficients
    p = simplified((3 * a * c - b**2) / (3 * a**2))
    if decide(p > 0, where) is not True:
        return None
    q = simplified((2 * b**3 - 9 * a * b * c + 27 * a**2 * d) / (27 * a**3))
    negative = decide(q < 0, where)
    positive = decide(q > 0, where) if not negative else False
    size = -q if negative else q if positive else sympy.Abs(q)
    cube = (size / 2 + sympy.sqrt(q**2 / 4 + p**3 / 27)) ** sympy.Rational(1, 3)
    magnitude = cube - p / (3 * cube)
    y = magnitude if negative else -magnitude if positive else -sympy.sign(q) * magnitude
    return y - b / (3 * a)


def solve_on_piece(h: sympy.Expr, u: sympy.Symbol, z: sympy.Symbol, lo: sympy.Expr,
                   hi: sympy.Expr, z_lo: sympy.Expr, z_hi: sympy.Expr,
                   hypothesis: Boolean) -> Solution:
    """The root ``u`` in ``(lo, hi)`` of ``h(u) = z`` for ``z`` in ``(z_lo, z_hi)``.

    >>> from symreg.symbols import eta, lam, u, z
    >>> solve_on_piece(u + eta*lam, u, z, sympy.S.Zero, sympy.oo, eta*lam, sympy.oo,
    ...                sympy.true).formula
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
        shifted = h.subs(u, start + sign * t)
        # A polynomial condition needs no simplification: only its roots are used.
        polynomial = shifted.is_polynomial(t)
        equation = (sympy.expand(shifted) if polynomial else simplified(shifted)) - z
        denominators = [p.exp.q for p in equation.atoms(sympy.Pow)
                        if p.base.has(t) and p.exp.is_Rational]
        power = math.lcm(*denominators) if denominators else 1
        equation = equation.subs(t, s) if polynomial else simplified(
            equation.subs(t, s**power))
        unknown, back = s, start + sign * s**power
    numerator = sympy.numer(sympy.together(equation))
    region = (hypothesis & _between(z, z_lo, z_hi)) if sign else hypothesis
    every = _roots(numerator, unknown, region, f"cannot solve {h} = {z} for {u}")
    roots = [r for r in every if r.is_positive is not False or sign == 0]
    # Beyond the start of the piece the formula stays start + sign * root**L, so
    # that its side of the start is the sign of the root (proved by the caller).
    formulas = [back.subs(unknown, r) if power > 1 else _tidy(back.subs(unknown, r), z)
                for r in roots]
    # The substituted unknown s is positive: a root that is not is no solution.
    chosen = _on_piece(formulas, roots if power > 1 else [], u, z, lo, hi, z_lo, z_hi, hypothesis)
    if chosen is None:
        raise UnsupportedError(
            f"cannot single out the solution of {h} = {z} on {lo} < {u} < {hi}")
    if sign == 0:
        return Solution(formulas[chosen])
    return _located(formulas[chosen], roots[chosen], every, power, unknown, numerator,
                    equation + z if power > 1 else None, z)


def _roots(numerator: sympy.Expr, unknown: sympy.Symbol, region: Boolean,
           failure: str) -> list[sympy.Expr]:
    """The roots of a numerator: the one real root of a monotone cubic, else SymPy's."""
    if numerator.is_polynomial(unknown):
        poly = sympy.Poly(numerator, unknown)
        if poly.degree() == 1:
            # a*s + b = 0: the one root -b/a (a is not 0: the degree is 1)
            slope, constant = poly.all_coeffs()
            return [sympy.cancel(-constant / slope)]
        if poly.degree() == 3:
            root = real_cubic_root(poly.all_coeffs(), region)
            if root is not None:
                return [root]
    try:
        return list(sympy.solve(numerator, unknown))
    except NotImplementedError as exc:
        raise UnsupportedError(failure) from exc


def _between(z: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> Boolean:
    return sympy.And(*[c for c, b in ((z > lo, lo), (z < hi, hi)) if b.is_finite is not False])


def _located(formula: sympy.Expr, root: sympy.Expr, roots: list[sympy.Expr], power: int,
             unknown: sympy.Symbol, numerator: sympy.Expr, written: sympy.Expr | None,
             z: sympy.Symbol) -> Solution:
    """The solution with its root, polynomial and the other root, in a named real symbol."""
    taken = {str(x) for x in numerator.free_symbols | root.free_symbols} | {str(z)}
    name = next(n for n in ("s", "t", "v", "r", "x") if n not in taken)
    s = sympy.Symbol(name, real=True)
    equation = sympy.expand(numerator.xreplace({unknown: s}))
    if not equation.is_polynomial(s):
        return Solution(formula)
    poly = sympy.Poly(equation, s)
    if poly.LC().could_extract_minus_sign():
        equation = -equation
    others = [r for r in roots if r != root]
    other = others[0] if poly.degree() == 2 and len(others) == 1 else None
    return Solution(formula, root, power, s, equation,
                    None if written is None else written.xreplace({unknown: s}), other)


def _tidy(formula: sympy.Expr, z: sympy.Symbol) -> sympy.Expr:
    """The shorter of ``formula`` and its tidy form: cancelled (a rational function),
    else simplified with its radicals out of the denominator."""
    tidy = lowest_terms(formula) if formula.is_rational_function() else simplified(
        sympy.radsimp(formula))
    return tidy if sympy.count_ops(tidy) <= sympy.count_ops(formula) else formula


def _on_piece(formulas: list[sympy.Expr], roots: list[sympy.Expr], u: sympy.Symbol,
              z: sympy.Symbol, lo: sympy.Expr,
              hi: sympy.Expr, z_lo: sympy.Expr, z_hi: sympy.Expr,
              hypothesis: Boolean) -> int | None:
    """The index of the one formula that is real and inside ``(lo, hi)`` at every sample."""
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
    return alive[0] if len(alive) == 1 else None


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
