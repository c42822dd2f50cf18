"""The pieces of a function of one variable: cuts, formulas, decisions."""

from __future__ import annotations

import pytest
import sympy
from conftest import R
from sympy import Abs, Max, Piecewise

from symreg.calculus import (
    Piece,
    cuts,
    decide,
    inner_point,
    order_points,
    pieces,
    polynomial_solution,
)
from symreg.errors import UnsupportedError
from symreg.symbols import lam, w

a = sympy.Symbol("a", positive=True)
x = sympy.Symbol("x", real=True)


@pytest.mark.parametrize(("expr", "expected"), [
    (Abs(w), [0]),
    (Abs(w - 1) + Abs(w + 1), [-1, 1]),
    (Max(w, 2 * w), [0]),
    (Abs(w) ** R(3, 2), [0]),
    (w**2, []),
    (Piecewise((lam * Abs(w), Abs(w) <= a * lam), (0, True)), [-a * lam, 0, a * lam]),
])
def test_cuts(expr, expected):
    assert cuts(expr, w) == expected


def test_cuts_that_cannot_be_ordered_keep_the_order_found():
    expr = Piecewise((w, w <= lam), (0, w <= a * lam), (1, True))
    assert set(cuts(expr, w)) == {lam, a * lam}
    with pytest.raises(UnsupportedError, match=r"^cannot order the points a\*lam and lam$"):
        pieces(expr, w)
    ordered = pieces(expr, w, a > 1)
    assert [p.lo for p in ordered] == [-sympy.oo, lam, a * lam]


def test_pieces_give_the_smooth_formula_of_each_interval():
    scad_like = Piecewise((lam * Abs(w), Abs(w) <= lam), (lam**2, True))
    got = pieces(scad_like, w)
    assert got == [Piece(-sympy.oo, -lam, lam**2), Piece(-lam, 0, -lam * w),
                   Piece(0, lam, lam * w), Piece(lam, sympy.oo, lam**2)]
    assert got[1].region(w) == sympy.And(w > -lam, w < 0)
    assert got[0].region(w) == (w < -lam)


def test_a_discontinuity_is_a_cut():
    l0 = Piecewise((0, sympy.Eq(w, 0)), (1, True))
    assert cuts(l0, w) == [0]
    assert [p.expr for p in pieces(l0, w)] == [1, 1]


def test_decide_is_three_way():
    assert decide(lam / 2 <= lam) is True
    assert decide(lam > 2 * lam) is False
    assert decide(lam > 1) is None
    assert decide(sympy.Eq(lam, 2 * lam)) is False
    assert decide(sympy.And(lam > 0, lam < 2 * lam)) is True
    assert decide(sympy.Or(lam > 1, lam < 2 * lam)) is True
    assert decide(sympy.Not(lam > 2 * lam)) is True


def test_inner_point_is_exact():
    assert inner_point(-sympy.oo, sympy.oo) == 0
    assert inner_point(-sympy.oo, 3) == 2
    assert inner_point(1, sympy.oo) == 2
    assert inner_point(0, 1) == R(1, 2)


def test_a_boundary_without_real_zeros_is_no_cut():
    assert cuts(Abs(w**2 + 1), w) == []


def test_points_are_ordered_by_proofs_or_refused_by_name():
    assert order_points([lam, -lam, 0]) == [-lam, 0, lam]
    assert order_points([lam, 1], lam > 1) == [1, lam]
    with pytest.raises(UnsupportedError, match=r"^cannot order the thresholds 1 and lam$"):
        order_points([lam, 1], what="thresholds")


@pytest.mark.parametrize("conds", [
    [w > 0, w < sympy.Rational(1, 2)],
    [w**2 - 3 * w + 2 > 0],  # two roots
    [w**2 - 2 * w + 2 < 0],  # nowhere
    [w >= -1, w <= 1, w > 0],
])
def test_polynomial_inequalities_are_solved_as_the_general_solver_solves_them(conds):
    found = polynomial_solution(conds, w)
    assert found == sympy.And(*conds).as_set()


def test_only_inequalities_between_polynomials_are_solved_as_such():
    assert polynomial_solution([1 / w > 2], w) is None  # a pole at 0
    assert polynomial_solution([sympy.Abs(w) < 1], w) is None
    assert polynomial_solution([sympy.Eq(w, 1)], w) is None
