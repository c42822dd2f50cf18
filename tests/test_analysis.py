"""Comparisons of penalties: crossover, dominance, measures, epsilon steps."""

from __future__ import annotations

import pytest
import sympy
from conftest import (
    POSITIVE_VALUES,
    R,
    assert_same,
    assert_same_conventions,
    evaluate,
    numbers_equal,
    positive_rationals,
    rationals,
    values_equal,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Abs, EmptySet, FiniteSet, Interval, Piecewise, sign

from symreg.analysis import (
    Crossover,
    Dominance,
    crossover,
    dominance,
    measure,
    step_decrease,
)
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import L1, L2, ElasticNet, Lp, Penalty
from symreg.symbols import eps, lam, lam1, lam2, w

PROPERTY = settings(max_examples=40, deadline=None)


def _ids(value):
    return repr(value) if isinstance(value, Penalty) else None


# ---------------------------------------------------------------------------
# crossover


@pytest.mark.parametrize(("a", "b", "kind", "expected"), [
    (L1(), L2(), "value", FiniteSet(1)),
    (L2(), L1(), "value", FiniteSet(1)),
    (L1(), L2(half=True), "value", FiniteSet(2)),
    (L1(), L2(), "gradient", FiniteSet(R(1, 2))),
    (L1(), L2(half=True), "gradient", FiniteSet(1)),
    (Lp(3), L2(), "gradient", FiniteSet(R(2, 3))),
    (Lp(3), L1(), "value", FiniteSet(1)),
    (Lp(3), L1(), "gradient", FiniteSet(1 / sympy.sqrt(3))),
    (L1(strength=2), L2(strength=3), "value", FiniteSet(R(2, 3))),
    (L1(strength=2), L2(strength=3), "gradient", FiniteSet(R(1, 3))),
    (L1(), L1(), "value", Interval.open(0, sympy.oo)),
], ids=_ids)
def test_crossover_points(a, b, kind, expected):
    cross = crossover(a, b, kind=kind)
    assert isinstance(cross, Crossover)
    assert_same(cross.points, expected)
    assert cross.kind == kind
    assert cross.penalties == (a, b)
    assert_same_conventions(cross.conventions, (a.convention, b.convention))
    assert isinstance(cross.derivation, Derivation)
    assert cross.derivation.verified


def _independent_measure(p: Penalty, kind: str, at, size=eps):
    """The measure, recomputed from the expression (not from symreg.analysis)."""
    if kind == "value":
        return p.expr.subs(w, at)
    if kind == "gradient":
        return Abs(sympy.diff(p.expr, w)).subs(w, at)
    return p.expr.subs(w, at) - p.expr.subs(w, at - size)


@pytest.mark.parametrize(("a", "b", "kind"), [
    (L1(), L2(), "value"),
    (L1(), L2(half=True), "value"),
    (L1(), L2(), "gradient"),
    (L1(), L2(half=True), "gradient"),
    (Lp(3), L2(), "gradient"),
    (Lp(3), L1(), "gradient"),
], ids=_ids)
def test_crossover_points_really_equalise_the_measure(a, b, kind):
    points = crossover(a, b, kind=kind).points
    assert isinstance(points, FiniteSet)
    assert len(points) >= 1
    for p in points:
        assert p > 0
        assert_same(_independent_measure(a, kind, p), _independent_measure(b, kind, p))


STEP_CROSSOVER = Piecewise((FiniteSet((1 + eps) / 2), eps <= 1), (EmptySet, True))


def test_step_crossover_is_piecewise_in_eps():
    cross = crossover(L1(), L2(), kind="step")
    assert_same(cross.points, STEP_CROSSOVER)
    # both branches are exercised by the exact evaluation above; check them directly
    assert values_equal(evaluate(cross.points, {eps: R(1, 10)}), FiniteSet(R(11, 20)))
    assert values_equal(evaluate(cross.points, {eps: 1}), FiniteSet(1))
    assert values_equal(evaluate(cross.points, {eps: R(3, 2)}), EmptySet)


def test_step_crossover_tends_to_one_half():
    points = crossover(L1(), L2(), kind="step").points
    assert isinstance(points, Piecewise)
    small_eps_set, condition = points.args[0]
    for v in (R(1, 10**6), R(1, 2), 1):
        assert condition.subs(eps, v) is sympy.true
    (element,) = small_eps_set.args
    assert numbers_equal(sympy.limit(element, eps, 0, "+"), R(1, 2))


def test_step_crossover_half_convention():
    expected = Piecewise((FiniteSet(eps / 2 + 1), eps <= 2), (EmptySet, True))
    assert_same(crossover(L1(), L2(half=True), kind="step").points, expected)


@pytest.mark.parametrize(("size", "expected"), [
    (R(1, 10), FiniteSet(R(11, 20))),
    (1, FiniteSet(1)),
    (R(1, 1000), FiniteSet(R(1001, 2000))),
    (2, EmptySet),
])
def test_step_crossover_with_concrete_eps(size, expected):
    points = crossover(L1(), L2(), kind="step", eps=size).points
    assert_same(points, expected)
    for p in points:  # the step decreases are equal there, exactly
        assert_same(_independent_measure(L1(), "step", p, size),
                    _independent_measure(L2(), "step", p, size))


def test_elastic_net_crossover_depends_on_the_strengths():
    points = crossover(ElasticNet(), L1()).points
    root = (lam - lam1) / lam2
    expected = Piecewise((FiniteSet(root), root > 0), (EmptySet, True))
    assert_same(points, expected)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: crossover(L1(), L2(), kind="foo"),
     r"^kind must be one of 'value', 'gradient', 'step', got 'foo'$"),
    (lambda: crossover(L1(), L2(), kind="Value"),
     r"^kind must be one of 'value', 'gradient', 'step', got 'Value'$"),
    (lambda: crossover(L1(), 3), r"^b must be a Penalty, got int$"),
    (lambda: crossover("L1", L2()), r"^a must be a Penalty, got str$"),
    (lambda: crossover(L1(), L2(), kind="step", eps=0), r"^eps must be positive \(> 0\), got 0$"),
    (lambda: dominance(L1(), L2(), kind="slope"),
     r"^kind must be one of 'value', 'gradient', 'step', got 'slope'$"),
    (lambda: measure(L1(), "foo"),
     r"^kind must be one of 'value', 'gradient', 'step', got 'foo'$"),
    (lambda: measure(L1(), "step", eps=-1), r"^eps must be positive \(> 0\), got -1$"),
], ids=lambda v: None)
def test_invalid_arguments(call, message):
    with pytest.raises(InvalidParameterError, match=message):
        call()


# ---------------------------------------------------------------------------
# dominance


def _assert_larger_on(a: Penalty, b: Penalty, kind: str, interval: Interval, size=eps):
    """Independent check at exact points inside ``interval`` and several strengths."""
    hi = interval.sup if interval.sup.is_finite else interval.inf + 10
    inside = [interval.inf + (hi - interval.inf) * f for f in (R(1, 100), R(1, 2), R(99, 100))]
    if not interval.left_open:
        inside.append(interval.inf)
    for at in inside:
        diff = _independent_measure(a, kind, at, size) - _independent_measure(b, kind, at, size)
        for v in POSITIVE_VALUES:
            assert evaluate(diff, {lam: v}) > 0, (at, v)


def test_dominance_l1_l2_value():
    dom = dominance(L1(), L2())
    assert isinstance(dom, Dominance)
    assert_same(dom.first, Interval.open(0, 1))
    assert_same(dom.second, Interval.open(1, sympy.oo))
    assert_same(dom.equal, FiniteSet(1))
    _assert_larger_on(L1(), L2(), "value", Interval.open(0, 1))
    _assert_larger_on(L2(), L1(), "value", Interval.open(1, sympy.oo))
    assert dom.derivation.verified
    assert [c.label for c in dom.conventions] == ["L1 penalty", "L2 penalty"]
    assert_same(dom.conventions[0].expr, lam * sympy.Abs(w))
    assert_same(dom.conventions[1].expr, lam * w**2)


def test_dominance_swapped_order():
    dom = dominance(L2(), L1())
    assert_same(dom.first, Interval.open(1, sympy.oo))
    assert_same(dom.second, Interval.open(0, 1))


@pytest.mark.parametrize(("b", "cut"), [(L2(), R(1, 2)), (L2(half=True), 1)], ids=_ids)
def test_dominance_gradient(b, cut):
    dom = dominance(L1(), b, kind="gradient")
    assert_same(dom.first, Interval.open(0, cut))
    assert_same(dom.second, Interval.open(cut, sympy.oo))
    _assert_larger_on(L1(), b, "gradient", Interval.open(0, cut))
    _assert_larger_on(b, L1(), "gradient", Interval.open(cut, sympy.oo))


def test_dominance_step_with_concrete_eps():
    size = R(1, 10)
    dom = dominance(L1(), L2(), kind="step", eps=size)
    assert_same(dom.first, Interval.Ropen(size, R(11, 20)))
    assert_same(dom.second, Interval.open(R(11, 20), sympy.oo))
    _assert_larger_on(L1(), L2(), "step", Interval.Ropen(size, R(11, 20)), size)
    _assert_larger_on(L2(), L1(), "step", Interval.open(R(11, 20), sympy.oo), size)


def test_dominance_step_with_symbolic_eps_is_unsupported():
    with pytest.raises(UnsupportedError,
                       match=r"^the step crossover of L1 and L2 depends on a parameter: "
                             r"Piecewise\(.*\)$"):
        dominance(L1(), L2(), kind="step")


# ---------------------------------------------------------------------------
# measures


@pytest.mark.parametrize(("penalty", "kind", "expected"), [
    (L1(), "value", lam * w),
    (L2(), "value", lam * w**2),
    (L2(half=True), "value", lam * w**2 / 2),
    (L1(), "gradient", lam),
    (L2(), "gradient", 2 * lam * w),
    (L2(half=True), "gradient", lam * w),
    (Lp(3), "gradient", 3 * lam * w**2),
    (L1(), "step", eps * lam),
    (L2(), "step", lam * (2 * eps * w - eps**2)),
    (L2(half=True), "step", lam * (2 * eps * w - eps**2) / 2),
], ids=_ids)
def test_measure_valid_for_positive_w(penalty, kind, expected):
    got = measure(penalty, kind)
    region = w >= eps if kind == "step" else w > 0
    assert_same(got, expected, where=region)
    # and it is the measure recomputed from the expression, on that region
    assert_same(got, _independent_measure(penalty, kind, w), where=region)


# ---------------------------------------------------------------------------
# step_decrease

STEP = R(1, 1000)


@pytest.mark.parametrize(("penalty", "at", "expected"), [
    (L2(strength=1), 15, R(29999, 1000000)),
    (L2(strength=1), -15, R(29999, 1000000)),
    (L2(strength=1), R(1, 50), R(39, 1000000)),
    (L2(strength=1), R(-1, 50), R(39, 1000000)),
    (L1(strength=1), 15, R(1, 1000)),
    (L1(strength=1), -15, R(1, 1000)),
    (L1(strength=1), R(1, 50), R(1, 1000)),
    (L1(strength=1), R(-1, 50), R(1, 1000)),
    (L1(strength=1), 0, 0),
    (L2(strength=1), 0, 0),
    (L1(strength=1), R(1, 2000), 0),  # overshoots: |1/2000 - 1/1000| = 1/2000
    (ElasticNet(l1=1, l2=1), -15, R(30999, 1000000)),
    (L2(strength=1, half=True), 15, R(29999, 2000000)),
], ids=_ids)
def test_step_decrease_exact(penalty, at, expected):
    got = step_decrease(penalty, at, STEP)
    assert isinstance(got, sympy.Rational)
    assert numbers_equal(got, expected)


def test_step_decrease_ratios_are_exact():
    l2_big = step_decrease(L2(strength=1), 15, STEP)
    l1_big = step_decrease(L1(strength=1), 15, STEP)
    l2_small = step_decrease(L2(strength=1), R(1, 50), STEP)
    l1_small = step_decrease(L1(strength=1), R(1, 50), STEP)
    ratio_big, ratio_small = l2_big / l1_big, l1_small / l2_small
    assert isinstance(ratio_big, sympy.Rational)
    assert isinstance(ratio_small, sympy.Rational)
    assert numbers_equal(ratio_big, R(29999, 1000))
    assert numbers_equal(ratio_small, R(1000, 39))


def test_step_decrease_keeps_the_strength_symbolic():
    assert_same(step_decrease(L2(), 15, STEP), R(29999, 1000000) * lam)
    assert_same(step_decrease(L2(), -15, STEP), R(29999, 1000000) * lam)


def test_step_decrease_floats_only_if_passed():
    exact = step_decrease(L2(strength=1), 15, STEP)
    assert not exact.has(sympy.Float)
    for at, size in ((15.0, STEP), (15, 0.001)):
        approx = step_decrease(L2(strength=1), at, size)
        assert approx.has(sympy.Float)
        assert abs(float(approx) - 0.029999) < 1e-12


def test_step_decrease_symbolic_weight_is_the_general_formula():
    got = step_decrease(L2(), w, eps)
    direct = lam * w**2 - lam * (w - eps * sign(w))**2
    assert_same(got, direct)
    # which is 2*eps*lam*|w| - eps**2*lam off 0 (negative weights included)
    assert_same(got, 2 * eps * lam * Abs(w) - eps**2 * lam, where=sympy.Ne(w, 0))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: step_decrease(L2(), 15, 0), r"^eps must be positive \(> 0\), got 0$"),
    (lambda: step_decrease(L2(), 15, -STEP), r"^eps must be positive \(> 0\), got -1/1000$"),
    (lambda: step_decrease(L2(), sympy.I, STEP),
     r"^at must be a real number or expression, got I$"),
    (lambda: step_decrease("L2", 15, STEP), r"^penalty must be a Penalty, got str$"),
], ids=lambda v: None)
def test_step_decrease_invalid(call, message):
    with pytest.raises(InvalidParameterError, match=message):
        call()


FAMILIES = {
    "L1": lambda s, s2: L1(s),
    "L2": lambda s, s2: L2(s),
    "L2half": lambda s, s2: L2(s, half=True),
    "ElasticNet": lambda s, s2: ElasticNet(l1=s, l2=s2),
    "Lp3": lambda s, s2: Lp(3, s),
}


@pytest.mark.slow
@PROPERTY
@given(family=st.sampled_from(sorted(FAMILIES)), at=rationals(-20, 20),
       size=positive_rationals(max_value=2, max_denominator=1000),
       s=positive_rationals(max_value=4), s2=positive_rationals(max_value=4))
def test_step_decrease_is_the_direct_difference(family, at, size, s, s2):
    penalty = FAMILIES[family](s, s2)
    got = step_decrease(penalty, at, size)
    after = at - size * sign(at)
    direct = penalty.expr.subs(w, at) - penalty.expr.subs(w, after)
    assert isinstance(got, sympy.Rational)
    assert numbers_equal(got, direct)
    # symmetric in the sign of the weight
    assert numbers_equal(got, step_decrease(penalty, -at, size))


def test_results_display_in_jupyter():
    shown = dominance(L1(), L2())._repr_latex_()
    assert shown.startswith(r"$\lambda \left|{w}\right|$ is larger on $\left(0, 1\right)$")
    assert crossover(L1(), L2())._repr_latex_() == r"$w \in \left\{1\right\}$"


@pytest.mark.parametrize("condition", [
    sympy.Rational(1, 2) + eps / 2 >= eps,
    eps**2 - 3 * eps + 2 > 0,  # two roots, eps positive
    eps**2 + 1 < 0,  # nowhere
    (-3 * eps**2 + 3 * eps) / (1 - eps) >= -2,  # undefined at 1: the general solver
])
def test_a_condition_on_one_parameter_is_solved_for_it(condition):
    from symreg.analysis import _solve_for

    solved = _solve_for(condition, eps)
    assert solved == sympy.solve_univariate_inequality(condition, eps, relational=True)
    for value in (sympy.Rational(1, 2), 1, sympy.Rational(3, 2), 2, 3):
        try:  # a value where the condition is undefined does not satisfy it
            holds = bool(condition.subs(eps, value))
        except TypeError:
            holds = False
        assert bool(solved.subs(eps, value)) == holds


def test_a_gradient_that_is_a_product_of_powers_is_kept_as_it_is():
    from symreg.penalties import Lp
    from symreg.proof._forms import power_product as _power_product
    from symreg.symbols import p

    assert _power_product(lam * p * w ** (p - 1))
    assert not _power_product(lam / (1 + w))
    assert not _power_product(w ** w)
    gradient = measure(Lp(p), "gradient")
    at = {lam: sympy.Rational(3, 2), p: sympy.Rational(5, 2)}
    for value in (sympy.Rational(1, 3), 1, 4):
        assert sympy.simplify((gradient - lam * p * w ** (p - 1)).subs(at).subs(w, value)) == 0
