"""Descent dynamics on one penalty: closed forms of gradient and proximal steps."""

from __future__ import annotations

import pytest
import sympy
from conftest import (
    R,
    assert_same,
    assert_same_conventions,
    numbers_equal,
    symbolic_prox,
)
from sympy import Abs, sign

from symreg import printing
from symreg.derivation import Chain
from symreg.dynamics import Descent, affine_iterates, descent
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import L1, L2, ElasticNet, Lp, penalty
from symreg.symbols import eta, k, lam, lam1, lam2, w, w0, z

# ---------------------------------------------------------------------------
# affine_iterates

AFFINE = [  # (factor, shift): contracting, expanding, alternating, zero, a pure shift
    (R(1, 2), 0), (R(1, 2), 1), (3, R(-2, 3)), (-1, 2), (0, 0), (0, R(5, 3)),
    (1, -eta * lam), (1, 0), (1 - 2 * eta * lam, 0), (1 / (1 + eta), eta * lam),
]


@pytest.mark.parametrize(("factor", "shift"), AFFINE)
def test_affine_iterates_start_and_step(factor, shift):
    iterates = affine_iterates(factor, shift, w0, k)
    assert_same(iterates.subs(k, 0), w0)
    for count in range(5):  # x_{k+1} = a x_k + b, exactly, at k = 0..4
        assert_same(iterates.subs(k, count + 1), factor * iterates.subs(k, count) + shift)


@pytest.mark.parametrize(("factor", "shift"), AFFINE)
def test_affine_iterates_agree_with_rsolve(factor, shift):
    x = sympy.Function("x")
    solved = sympy.rsolve(x(k + 1) - factor * x(k) - shift, x(k), {x(0): w0})
    if solved is None or not solved.has(w0):  # rsolve drops w_0 where the factor is 0
        assert factor == 0
        assert_same(affine_iterates(factor, shift, w0, k).subs(k, 3), shift)
        return
    for count in (0, 1, 2, 7):
        assert_same(affine_iterates(factor, shift, w0, k).subs(k, count), solved.subs(k, count))


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


@pytest.mark.slow
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
    assert_same_conventions(d.convention, L2(half=half).convention)
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
    (lambda: descent(penalty(lam * (w - 1) ** 2, w, name="Q"), method="gradient"),
     UnsupportedError, r"^no closed form for gradient steps on .*: the update "
     r"-2\*eta\*lam\*w \+ 2\*eta\*lam \+ w does not keep 0 fixed$"),
], ids=lambda v: None)
def test_descent_invalid_or_unsupported(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_elastic_net_proximal_reference_values():
    # what a closed form would have to match: soft threshold then shrink, exactly
    prox = symbolic_prox(ElasticNet()).xreplace({eta: R(1, 2), lam1: 1, lam2: 1})
    assert numbers_equal(prox.xreplace({z: 3}), R(5, 4))
    assert numbers_equal(prox.xreplace({z: R(-1, 2)}), 0)


def test_descent_displays_in_jupyter():
    # w_k is the indexed weight, printed as SymPy prints an indexed symbol
    assert descent(L2(), method="proximal")._repr_latex_() == (
        r"${w}_{k} = \left(2 \eta \lambda + 1\right)^{- k} w_{0}$")


def test_descent_displays_in_the_notation_in_force():
    with printing.notation({"w": r"\beta", "k": "t"}):
        shown = descent(L2(), method="proximal")._repr_latex_()
    assert shown == r"${\beta}_{t} = \left(2 \eta \lambda + 1\right)^{- t} \beta_{0}$"


def test_the_induction_of_a_proximal_descent_is_named_and_claimed():
    d = descent(L1(), method="proximal")
    links = [s for c in d.derivation.chains for s in c.steps]
    assert d.induction
    assert all(s in links for s in d.induction)
    assert [s.reason for s in d.induction[:2]] == ["the proximal step is soft thresholding",
                                                   "the closed form starts at $w_{0}$"]
    facts = set(d.derivation.statements)
    assert all(Chain((s,)).fact in facts for s in d.induction)
    assert descent(L2(), method="gradient").induction == ()
