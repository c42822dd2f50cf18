"""Comparisons of penalties: crossover, dominance, measures, epsilon steps, descent."""

from __future__ import annotations

import pytest
import sympy
from conftest import (
    POSITIVE_VALUES,
    R,
    assert_same,
    evaluate,
    numbers_equal,
    positive_rationals,
    rationals,
    symbolic_prox,
    values_equal,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Abs, EmptySet, FiniteSet, Interval, Piecewise, sign

from symreg.analysis import (
    Crossover,
    Descent,
    Dominance,
    crossover,
    descent,
    dominance,
    measure,
    step_decrease,
)
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import L1, L2, ElasticNet, Lp, Penalty
from symreg.symbols import eps, eta, k, lam, lam1, lam2, w, w0, z

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
    assert cross.conventions == (a.convention, b.convention)
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
    assert dom.conventions == ("lam*|w|", "lam*w**2")


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


# ---------------------------------------------------------------------------
# descent

PARAMS = [
    (R(1, 10), R(1, 2)),
    (R(1, 3), R(3, 4)),
    (R(2, 5), 2),  # 2*eta*lam = 8/5 > 1: gradient steps overshoot and oscillate
]
STARTS = [R(5, 7), R(-5, 7), 3, -2, 0, R(1, 100)]


def _l2_gradient_step(strength, half, eta_v, x):
    grad = sympy.diff(L2(strength, half=half).expr, w).subs(w, x)  # not symreg's derivative
    return x - eta_v * grad


def _l2_prox_step(strength, half, eta_v, x):
    # minimise (u - x)**2/2 + eta*P(u) directly: a smooth strictly convex quadratic
    u = sympy.Symbol("u_", real=True)
    objective = (u - x) ** 2 / 2 + eta_v * L2(strength, half=half).expr.subs(w, u)
    (root,) = sympy.solve(sympy.diff(objective, u), u)
    return root


@pytest.mark.parametrize("half", [False, True])
@pytest.mark.parametrize("method", ["gradient", "proximal"])
def test_l2_descent_closed_form(method, half):
    d = descent(L2(half=half), method=method)
    assert isinstance(d, Descent)
    c = 1 if half else 2
    expected = (w0 * (1 - c * eta * lam) ** k if method == "gradient"
                else w0 / (1 + c * eta * lam) ** k)
    assert_same(d.iterate, expected)
    assert d.zero_after is None  # never exactly 0 from w0 != 0 for symbolic eta, lam
    assert d.derivation.verified
    assert d.convention == L2(half=half).convention
    step = _l2_gradient_step if method == "gradient" else _l2_prox_step
    for eta_v, lam_v in PARAMS:
        for start in STARTS:
            x = sympy.sympify(start)
            for kk in range(6):
                got = d.iterate.xreplace({eta: eta_v, lam: lam_v, w0: start, k: kk})
                assert numbers_equal(got, x), (eta_v, lam_v, start, kk)
                x = step(lam_v, half, eta_v, x)


@pytest.mark.parametrize(("strength", "eta_v", "start"), [
    (1, R(1, 2), R(5, 7)), (1, R(1, 2), -3), (R(1, 2), 1, R(-1, 3)), (1, R(1, 2), 0),
])
def test_l2_gradient_with_vanishing_factor_lands_on_zero(strength, eta_v, start):
    # 1 - 2*eta*lam = 0: the first step lands exactly on 0 (descent used to fail)
    d = descent(L2(strength=strength), method="gradient", step=eta_v)
    x = sympy.sympify(start)
    for kk in range(5):
        assert numbers_equal(d.iterate.xreplace({w0: start, k: kk}), x)
        x = _l2_gradient_step(strength, False, eta_v, x)
    assert d.zero_after is not None
    assert numbers_equal(d.zero_after.xreplace({w0: start}), 0 if start == 0 else 1)


def test_l2_gradient_oscillation():
    d = descent(L2(strength=1), method="gradient", step=1)  # factor -1
    for start in (R(3, 2), -1):
        x = sympy.sympify(start)
        for kk in range(5):
            assert numbers_equal(d.iterate.xreplace({w0: start, k: kk}), x)
            x = _l2_gradient_step(1, False, 1, x)


L1_STARTS = [R(5, 7), R(-5, 7), 3, -3, R(1, 100), 0]


def _multiples_of(threshold):
    return [3 * threshold, -2 * threshold, threshold, -threshold, threshold / 2]


@pytest.mark.parametrize(("eta_v", "lam_v"), [(R(1, 2), R(1, 3)), (1, R(1, 4)), (R(1, 3), 3)])
def test_l1_proximal_descent_reaches_zero_after_ceiling_steps(eta_v, lam_v):
    d = descent(L1(), method="proximal")
    assert_same(d.zero_after, sympy.ceiling(Abs(w0) / (eta * lam)))
    assert_same(d.iterate, sign(w0) * sympy.Max(Abs(w0) - k * eta * lam, 0))
    prox = symbolic_prox(L1()).xreplace({eta: eta_v, lam: lam_v})
    threshold = eta_v * lam_v
    for start in [*L1_STARTS, *_multiples_of(threshold)]:
        values = {eta: eta_v, lam: lam_v, w0: start}
        zero_after = d.zero_after.xreplace(values)
        assert zero_after.is_Integer
        x, first_zero = sympy.sympify(start), None
        for kk in range(int(zero_after) + 3):
            assert numbers_equal(d.iterate.xreplace({**values, k: kk}), x), (start, kk)
            if first_zero is None and x.is_zero:
                first_zero = kk
            x = prox.xreplace({z: x})
        assert first_zero is not None
        assert first_zero == int(zero_after), start
        assert numbers_equal(first_zero, sympy.ceiling(Abs(sympy.sympify(start)) / threshold))


@pytest.mark.parametrize(("eta_v", "lam_v"), [(R(1, 2), R(1, 3)), (1, R(1, 4))])
def test_l1_subgradient_descent_matches_until_it_would_overshoot(eta_v, lam_v):
    d = descent(L1(), method="gradient")
    threshold = eta_v * lam_v
    for start in [*L1_STARTS, *_multiples_of(threshold)]:
        x = sympy.sympify(start)
        for kk in range(8):
            values = {eta: eta_v, lam: lam_v, w0: start, k: kk}
            got = d.iterate.xreplace(values)
            if kk * threshold <= abs(start):
                assert numbers_equal(got, x), (start, kk)
            else:
                assert got is sympy.nan
            x = x - eta_v * lam_v * sign(x)  # the subgradient step with sign(0) = 0


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: descent(L1(), method="newton"), InvalidParameterError,
     r"^method must be 'gradient' or 'proximal', got 'newton'$"),
    (lambda: descent(L2(), step=0), InvalidParameterError,
     r"^step must be positive \(> 0\), got 0$"),
    (lambda: descent("L2"), InvalidParameterError, r"^penalty must be a Penalty, got str$"),
    (lambda: descent(Lp(3), method="gradient"), UnsupportedError,
     r"^the update .* is not affine in w; no closed form$"),
    (lambda: descent(ElasticNet(), method="proximal"), UnsupportedError,
     r"^no closed form for proximal steps on ElasticNet\(l1=lam_1, l2=lam_2, half=False\): "
     r"the update .* both shrinks and shifts the weight$"),
], ids=lambda v: None)
def test_descent_invalid_or_unsupported(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_elastic_net_proximal_reference_values():
    # what a closed form would have to match: soft threshold then shrink, exactly
    prox = symbolic_prox(ElasticNet()).xreplace({eta: R(1, 2), lam1: 1, lam2: 1})
    assert numbers_equal(prox.xreplace({z: 3}), R(5, 4))
    assert numbers_equal(prox.xreplace({z: R(-1, 2)}), 0)


def test_results_display_in_jupyter():
    shown = dominance(L1(), L2())._repr_latex_()
    assert shown.startswith(r"$\lambda \left|{w}\right|$ is larger on $\left(0, 1\right)$")
    assert descent(L2(), method="proximal")._repr_latex_().startswith("$w_k = ")
    assert crossover(L1(), L2())._repr_latex_() == r"$w \in \left\{1\right\}$"
