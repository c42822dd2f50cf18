"""Calculus of one variable: derivatives, kinks, one-sided derivatives, subdifferential."""

from __future__ import annotations

import pytest
import sympy
from conftest import R, assert_same, evaluate, values_equal
from sympy import Abs, FiniteSet, Interval, Piecewise, sign

from symreg import calculus
from symreg.errors import InvalidParameterError
from symreg.penalties import L1, L2, ElasticNet, Lp, Penalty
from symreg.symbols import eps, lam, lam1, lam2, w, z

C = sympy.Symbol("c")  # a free symbol with no known sign


def test_subdifferential_of_abs_in_another_variable():
    assert_same(calculus.subdifferential(lam * Abs(z), z, at=0), Interval(-lam, lam))
    assert_same(calculus.kinks(lam * Abs(z - 1), z), sympy.FiniteSet(1))


def test_derivative_is_signed_form():
    assert_same(calculus.derivative(lam * Abs(w) ** 3, w), 3 * lam * w**2 * sympy.sign(w))


def test_one_sided_derivatives_at_a_kink():
    left, right = calculus.one_sided_derivatives(Abs(w) + w, w, 0)
    assert_same(left, 0)
    assert_same(right, 2)


@pytest.mark.parametrize(("expr", "expected"), [
    (lam * Abs(w), True), (w**2, True), (sympy.sqrt(Abs(w)), False), (-(w**2), False),
    (Abs(w) ** R(3, 2), True),
])
def test_is_convex(expr, expected):
    assert calculus.is_convex(expr, w) is expected


@pytest.mark.parametrize("expr", [Abs(w) ** sympy.Symbol("q")])
def test_is_convex_says_when_it_cannot_decide(expr):
    assert calculus.is_convex(expr, w) is None


def test_point_must_be_real():
    with pytest.raises(InvalidParameterError,
                       match=r"^at must be a real number or expression, got I$"):
        calculus.subdifferential(Abs(w), w, at=sympy.I)


# ---------------------------------------------------------------------------
# subdifferentials


L1_MAP = Piecewise((Interval(-lam, lam), sympy.Eq(w, 0)), (FiniteSet(lam * sign(w)), True))


@pytest.mark.parametrize("at", [lam, 3, R(1, 2), eps, 2 * lam, R(1, 10**6)],
                         ids=["lam", "3", "1/2", "eps", "2lam", "tiny"])
def test_l1_subdifferential_at_positive_weights(at):
    assert_same(L1().subdifferential(at=at), FiniteSet(lam))


@pytest.mark.parametrize("at", [-lam, -3, R(-1, 2), -eps, R(-1, 10**6)],
                         ids=["-lam", "-3", "-1/2", "-eps", "-tiny"])
def test_l1_subdifferential_at_negative_weights(at):
    assert_same(L1().subdifferential(at=at), FiniteSet(-lam))


@pytest.mark.parametrize("at", [0, sympy.S.Zero, sympy.Integer(0), lam - lam, 0.0],
                         ids=["int", "S.Zero", "Integer", "lam-lam", "float"])
def test_l1_subdifferential_at_zero(at):
    got = L1().subdifferential(at=at)
    assert isinstance(got, Interval)
    assert_same(got, Interval(-lam, lam))


def test_l1_subdifferential_map():
    assert_same(L1().subdifferential(), L1_MAP)


@pytest.mark.parametrize("at", [w, sympy.Symbol("x", real=True), w - 1],
                         ids=["w", "x", "w-1"])
def test_l1_subdifferential_at_a_symbolic_weight_keeps_the_kink(at):
    # at a point of unknown sign the subdifferential is the map at that point;
    # it used to be {lam*sign(w)} (so {0} at w = 0, instead of [-lam, lam])
    got = L1().subdifferential(at=at)
    assert_same(got, L1_MAP.subs(w, at))
    var = next(iter(at.free_symbols))
    kink = sympy.solve(sympy.Eq(at, 0), var)[0]
    at_kink = evaluate(got, {var: kink, lam: 3})
    assert values_equal(at_kink, Interval(-3, 3))


def test_l1_subdifferential_with_concrete_strength():
    assert_same(L1(strength=R(5, 2)).subdifferential(at=0), Interval(R(-5, 2), R(5, 2)))
    assert_same(L1(strength=R(5, 2)).subdifferential(at=-7), FiniteSet(R(-5, 2)))


def test_l1_subdifferential_with_unsigned_symbol_strength():
    assert_same(L1(strength=C).subdifferential(at=0), Interval(-C, C),
                points=[{C: v} for v in (1, R(1, 3), 7)])


@pytest.mark.parametrize(("penalty", "at", "expected"), [
    (L2(), 0, FiniteSet(0)),
    (L2(), -3, FiniteSet(-6 * lam)),
    (L2(), lam, FiniteSet(2 * lam**2)),
    (L2(half=True), -3, FiniteSet(-3 * lam)),
    (Lp(3), 0, FiniteSet(0)),
    (Lp(3), -2, FiniteSet(-12 * lam)),
    (Lp(3), R(1, 3), FiniteSet(lam / 3)),
    (ElasticNet(), 0, Interval(-lam1, lam1)),
    (ElasticNet(), 2, FiniteSet(lam1 + 4 * lam2)),
    (ElasticNet(), -2, FiniteSet(-lam1 - 4 * lam2)),
    (ElasticNet(half=True), -2, FiniteSet(-lam1 - 2 * lam2)),
    (Lp(1), 0, Interval(-lam, lam)),
    (Lp(R(1, 2)), 0, Interval(-sympy.oo, sympy.oo)),
    (Lp(R(1, 2)), 4, FiniteSet(lam / 4)),
    (Lp(R(1, 2)), -4, FiniteSet(-lam / 4)),
], ids=lambda v: repr(v) if isinstance(v, Penalty) else None)
def test_subdifferential_at_points(penalty, at, expected):
    got = penalty.subdifferential(at=at)
    if expected.has(sympy.oo):
        assert got is sympy.S.Reals or values_equal(got, expected)
        return
    assert_same(got, expected)


@pytest.mark.parametrize(("penalty", "expected"), [
    (L2(), FiniteSet(2 * lam * w)),
    (L2(half=True), FiniteSet(lam * w)),
    (Lp(3), FiniteSet(3 * lam * w * Abs(w))),
    (ElasticNet(), Piecewise((Interval(-lam1, lam1), sympy.Eq(w, 0)),
                             (FiniteSet(lam1 * sign(w) + 2 * lam2 * w), True))),
], ids=repr)
def test_subdifferential_maps(penalty, expected):
    assert_same(penalty.subdifferential(), expected)


def test_kinks_and_one_sided_derivatives_are_computed_once_per_penalty():
    # A penalty's subdifferential at each point, its convexity and its prox ask for
    # the same kinks and one-sided derivatives again: they are memoised.
    expr = lam * sympy.Abs(w - 2)
    first = calculus.subdifferential(expr, w)
    kinks_hits = calculus.kinks.cache_info().hits
    sided_hits = calculus._one_sided.cache_info().hits
    assert calculus.subdifferential(expr, w) == first
    assert calculus.kinks.cache_info().hits > kinks_hits
    assert calculus._one_sided.cache_info().hits > sided_hits

