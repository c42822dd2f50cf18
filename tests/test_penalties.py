"""Penalties: derivatives, subdifferentials, proximal operators, validation."""

from __future__ import annotations

import pytest
import sympy
from conftest import (
    FAMILIES,
    R,
    assert_same,
    evaluate,
    numbers_equal,
    positive_rationals,
    rationals,
)
from hypothesis import given, settings
from sympy import Abs, FiniteSet, Interval, Piecewise, sign, sqrt

from symreg import printing
from symreg.convention import Convention
from symreg.errors import InvalidParameterError
from symreg.penalties import L1, L2, ElasticNet, Lp, Penalty, require_positive
from symreg.symbols import lam, lam1, lam2, w

PROPERTY = settings(max_examples=30, deadline=None)

C = sympy.Symbol("c")  # a free symbol with no known sign


# ---------------------------------------------------------------------------
# expressions and derivatives


@pytest.mark.parametrize(("penalty", "expected"), [
    (L1(), lam * Abs(w)),
    (L2(), lam * w**2),
    (L2(half=True), lam * w**2 / 2),
    (Lp(3), lam * Abs(w)**3),
    (Lp(R(1, 2)), lam * sqrt(Abs(w))),
    (ElasticNet(), lam1 * Abs(w) + lam2 * w**2),
    (ElasticNet(half=True), lam1 * Abs(w) + lam2 * w**2 / 2),
    (L1(strength=3), 3 * Abs(w)),
    (L1(strength=C), C * Abs(w)),
], ids=repr)
def test_expr(penalty, expected):
    assert_same(penalty.expr, expected)


@pytest.mark.parametrize(("penalty", "expected"), [
    (L1(), lam * sign(w)),
    (L2(), 2 * lam * w),
    (L2(half=True), lam * w),
    (Lp(3), 3 * lam * w * Abs(w)),
    (Lp(1), lam * sign(w)),
    (Lp(2), 2 * lam * w),
    (ElasticNet(), lam1 * sign(w) + 2 * lam2 * w),
    (ElasticNet(half=True), lam1 * sign(w) + lam2 * w),
    (L2(strength=R(3, 2)), 3 * w),
    (L2(strength=C), 2 * C * w),
], ids=repr)
def test_derivative(penalty, expected):
    assert_same(penalty.derivative(), expected)


@pytest.mark.parametrize("penalty", [L1(), L2(), L2(half=True), Lp(3), Lp(R(3, 2)),
                                     ElasticNet(), Lp(R(1, 2))], ids=repr)
def test_derivative_is_the_derivative_off_the_kinks(penalty):
    # independent of the library: SymPy's own derivative of the expression, w != 0
    claim = sympy.Derivative(penalty.expr, w)
    assert_same(claim, penalty.derivative(), where=sympy.Ne(w, 0))


@pytest.mark.parametrize(("penalty", "kinks"), [
    (L1(), [0]),
    (L2(), []),
    (L2(half=True), []),
    (Lp(3), []),
    (Lp(R(3, 2)), []),
    (Lp(R(1, 2)), [0]),
    (ElasticNet(), [0]),
], ids=repr)
def test_kinks(penalty, kinks):
    found = penalty.kinks()
    assert isinstance(found, sympy.Set)
    assert len(found) == len(kinks)
    for point, expected in zip(sorted(found, key=float), kinks, strict=True):
        assert numbers_equal(point, expected)


@pytest.mark.parametrize(("penalty", "at", "left", "right"), [
    (L1(), 0, -lam, lam),
    (L1(), -3, -lam, -lam),
    (L1(), R(1, 2), lam, lam),
    (L2(), 0, 0, 0),
    (L2(), -3, -6 * lam, -6 * lam),
    (L2(half=True), R(-1, 2), -lam / 2, -lam / 2),
    (Lp(3), 0, 0, 0),
    (Lp(3), -2, -12 * lam, -12 * lam),
    (ElasticNet(), 0, -lam1, lam1),
    (ElasticNet(), -2, -lam1 - 4 * lam2, -lam1 - 4 * lam2),
    (Lp(R(1, 2)), 0, -sympy.oo, sympy.oo),
], ids=lambda v: repr(v) if isinstance(v, Penalty) else None)
def test_one_sided_derivatives(penalty, at, left, right):
    got_left, got_right = penalty.one_sided_derivatives(at)
    if left is sympy.S.NegativeInfinity:
        assert got_left is sympy.S.NegativeInfinity
        assert got_right is sympy.S.Infinity
        return
    assert_same(got_left, left)
    assert_same(got_right, right)


def test_one_sided_derivatives_at_a_symbolic_weight():
    # at w the answer depends on whether w = 0: the kink must not be lost
    left, right = L1().one_sided_derivatives(w)
    assert_same(left, Piecewise((-lam, sympy.Eq(w, 0)), (lam * sign(w), True)))
    assert_same(right, Piecewise((lam, sympy.Eq(w, 0)), (lam * sign(w), True)))
    assert numbers_equal(evaluate(left, {w: 0, lam: 2}), -2)
    assert numbers_equal(evaluate(right, {w: 0, lam: 2}), 2)


# ---------------------------------------------------------------------------
# validation


@pytest.mark.parametrize(("make", "message"), [
    (lambda: L1(strength=-1), r"^strength must be positive \(> 0\), got -1$"),
    (lambda: L1(strength=0), r"^strength must be positive \(> 0\), got 0$"),
    (lambda: L1(strength=R(-1, 2)), r"^strength must be positive \(> 0\), got -1/2$"),
    (lambda: L1(strength=-lam), r"^strength must be positive \(> 0\), got -lam$"),
    (lambda: L1(strength=sympy.Symbol("n", negative=True)),
     r"^strength must be positive \(> 0\), got n$"),
    (lambda: L1(strength=sympy.I), r"^strength must be positive \(> 0\), got I$"),
    (lambda: L1(strength=sympy.oo), r"^strength must be positive \(> 0\), got oo$"),
    (lambda: L1(strength=sympy.nan), r"^strength must be positive \(> 0\), got nan$"),
    (lambda: L1(strength="abc"),
     r"^strength must be a positive number or SymPy expression, got 'abc'$"),
    (lambda: L1(strength=None),
     r"^strength must be a positive number or SymPy expression, got None$"),
    (lambda: L2(strength=-1), r"^strength must be positive \(> 0\), got -1$"),
    (lambda: Lp(0), r"^p must be positive \(> 0\), got 0$"),
    (lambda: Lp(-1), r"^p must be positive \(> 0\), got -1$"),
    (lambda: Lp(3, strength=0), r"^strength must be positive \(> 0\), got 0$"),
    (lambda: ElasticNet(l1=-1), r"^l1 must be positive \(> 0\), got -1$"),
    (lambda: ElasticNet(l2=0), r"^l2 must be positive \(> 0\), got 0$"),
    (lambda: L2(half="yes"), r"^half must be True or False, got 'yes'$"),
    (lambda: L2(half=1), r"^half must be True or False, got 1$"),
    (lambda: ElasticNet(half="yes"), r"^half must be True or False, got 'yes'$"),
    (lambda: L1().subdifferential(at=sympy.I),
     r"^at must be a real number or expression, got I$"),
    (lambda: L1().one_sided_derivatives(sympy.I),
     r"^at must be a real number or expression, got I$"),
    (lambda: L1().subdifferential(at="w"),
     r"^at must be a real number or expression, got 'w'$"),
    (lambda: L1()(sympy.I), r"^w must be a real number or expression, got I$"),
    (lambda: require_positive(-2, "eta"), r"^eta must be positive \(> 0\), got -2$"),
], ids=lambda v: None)
def test_invalid_parameters(make, message):
    with pytest.raises(InvalidParameterError, match=message):
        make()


def test_invalid_parameter_is_a_value_error():
    with pytest.raises(ValueError, match=r"^strength must be positive \(> 0\), got -1$"):
        L1(strength=-1)


@pytest.mark.parametrize("factory", [L1, L2, lambda c: Lp(3, strength=c),
                                     lambda c: ElasticNet(l1=c, l2=c)])
def test_unsigned_symbol_is_accepted_as_strength(factory):
    penalty = factory(C)
    assert penalty.expr.has(C)


# ---------------------------------------------------------------------------
# value semantics


def test_penalties_are_immutable():
    for penalty in (L1(), L2(), Lp(3), ElasticNet()):
        with pytest.raises(AttributeError, match=rf"^{type(penalty).__name__} is immutable$"):
            penalty.strength = 2


def test_equality_and_hash():
    assert L1() == L1()
    assert hash(L1()) == hash(L1())
    assert L2() != L2(half=True)
    assert L1() != Lp(1)  # equal functions, different classes
    assert ElasticNet(l1=1, l2=2) != ElasticNet(l1=2, l2=1)
    assert len({L1(), L1(), L2(), L2(half=True)}) == 3


@pytest.mark.parametrize(("penalty", "text"), [
    (L1(), "L1(strength=lam)"),
    (L2(half=True), "L2(strength=lam, half=True)"),
    (Lp(3), "Lp(p=3, strength=lam)"),
    (ElasticNet(), "ElasticNet(l1=lam_1, l2=lam_2, half=False)"),
])
def test_repr(penalty, text):
    assert repr(penalty) == text


@pytest.mark.parametrize(("penalty", "convex"), [
    (L1(), True), (L2(), True), (ElasticNet(), True), (Lp(1), True), (Lp(3), True),
    (Lp(R(3, 2)), True), (Lp(R(1, 2)), False), (Lp(R(99, 100)), False),
    (L1(strength=C), True), (L2(strength=C), True), (ElasticNet(l1=C, l2=C), True),
    (Lp(sympy.Symbol("p", positive=True)), False), (Lp(2, strength=C), True),
])
def test_convex(penalty, convex):
    assert penalty.convex is convex


@pytest.mark.parametrize(("penalty", "at", "value"), [
    (L1(strength=3), -2, 6),
    (L1(), 0, 0),
    (L2(), -3, 9 * lam),
    (L2(half=True), R(-1, 2), lam / 8),
    (Lp(3), -2, 8 * lam),
    (ElasticNet(), -1, lam1 + lam2),
])
def test_call_evaluates_exactly(penalty, at, value):
    assert_same(penalty(at), value)


def test_latex():
    assert L1().latex() == r"\lambda \left|{w}\right|"
    assert L2(half=True).latex() == r"\frac{\lambda w^{2}}{2}"
    assert L1()._repr_latex_() == r"$\lambda \left|{w}\right|$"


# ---------------------------------------------------------------------------
# properties at random rational points

def _quotient_gap_bound(family, s, s2, a, h):
    """Exact (or bounding) gap between a one-sided difference quotient and the derivative."""
    return {
        "L1": 0,
        "L2": s * h,
        "L2half": s * h / 2,
        "ElasticNet": s2 * h,
        "ElasticNetHalf": s2 * h / 2,
        "Lp3": 3 * s * (abs(a) + h) * h,
    }[family]


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(FAMILIES))
@PROPERTY
@given(a=rationals(-4, 4), h=positive_rationals(max_value=R(1, 4), max_denominator=400),
       s=positive_rationals(max_value=4), s2=positive_rationals(max_value=4))
def test_derivatives_agree_with_exact_difference_quotients(family, a, h, s, s2):
    penalty = FAMILIES[family](s, s2)
    if a != 0:
        h = min(h, abs(a) / 2)  # stay on one side of the kink
    right_q = (penalty(a + h) - penalty(a)) / h
    left_q = (penalty(a) - penalty(a - h)) / h
    d_left, d_right = penalty.one_sided_derivatives(a)
    assert all(isinstance(v, sympy.Rational) for v in (right_q, left_q, d_left, d_right))
    # convexity orders them; the gaps vanish with h, exactly as computed
    assert left_q <= d_left <= d_right <= right_q
    gap = _quotient_gap_bound(family, s, s2, a, h)
    if family == "Lp3":
        assert right_q - d_right <= gap
        assert d_left - left_q <= gap
    else:
        assert numbers_equal(right_q - d_right, gap)
        assert numbers_equal(d_left - left_q, gap)
    # the subdifferential is the interval between the one-sided derivatives
    sub = penalty.subdifferential(at=a)
    assert numbers_equal(sub.inf, d_left)
    assert numbers_equal(sub.sup, d_right)
    if a != 0 or family in ("L2", "L2half", "Lp3"):
        assert isinstance(sub, FiniteSet)
        assert numbers_equal(sub.args[0], penalty.derivative().subs(w, a))
    else:
        assert isinstance(sub, Interval)
        assert numbers_equal(d_right, s)
        assert numbers_equal(d_left, -s)


@pytest.mark.parametrize(("penalty", "label", "expected"), [
    (L1(strength=3), "L1 penalty", lam * sympy.Abs(w)),
    (L2(), "L2 penalty", lam * w**2),
    (L2(half=True), "L2 penalty", lam * w**2 / 2),
    (ElasticNet(l1=2), "elastic net penalty", lam1 * sympy.Abs(w) + lam2 * w**2),
    (Lp(3), "Lp penalty", lam * sympy.Abs(w) ** 3),
    (ElasticNet(half=True), "elastic net penalty", lam1 * sympy.Abs(w) + lam2 * w**2 / 2),
])
def test_convention(penalty, label, expected):
    value = penalty.convention
    assert isinstance(value, Convention)
    assert value.label == label
    assert_same(value.expr, expected)


def test_lp_convention_keeps_the_power_as_written():
    assert printing.latex(Lp(3).convention.expr) == r"\lambda \left|{w}\right|^{3}"
