"""Tests of symreg.map: MAP penalties of priors and MAP regression."""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from conftest import assert_same, assert_same_conventions, positive_rationals, rationals
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import stats

from symreg import printing, symbols
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError
from symreg.map import MapPenalty, RegressionMap, map_penalty, regression_map
from symreg.penalties import L1, L2, Lp
from symreg.priors import (
    RESIDUAL,
    VECTOR_W,
    Gaussian,
    GeneralizedGaussian,
    Laplace,
    Norm,
)

w, sigma, b, s, lam = symbols.w, symbols.sigma, symbols.b, symbols.s, symbols.lam
alpha, beta = symbols.alpha, symbols.beta
R = sympy.Rational
LOG = sympy.log
PI = sympy.pi


def holds_exactly_where_positive(condition, t):
    """``condition`` is true at t = 1, 1/3 and false at t = -1, 0 (it means t > 0)."""
    return all(condition.subs(t, v) is sympy.true for v in (1, R(1, 3))) and all(
        condition.subs(t, v) is sympy.false for v in (-1, 0))


def exactly_equal(a, c):
    """Exact equality of two closed-form numbers containing logarithms.

    ``force=True`` is sound: every logarithm here has a positive argument. The
    60-digit numeric check guards the symbolic one.
    """
    difference = sympy.expand_log(a - c, force=True)
    assert abs(sympy.N(difference, 60)) < sympy.Float("1e-50", 60)
    return sympy.simplify(difference) == 0


# ---------------------------------------------------------------------------
# MAP penalties


def test_gaussian_map_penalty():
    result = map_penalty(Gaussian())
    assert isinstance(result, MapPenalty)
    assert isinstance(result.penalty, L2)
    assert result.penalty.half is False
    assert_same(result.convention.expr, lam * w**2)
    assert_same(result.strength, 1 / (2 * sigma**2))
    assert_same(result.penalty.strength, 1 / (2 * sigma**2))
    assert_same(result.penalty.expr, w**2 / (2 * sigma**2))
    assert_same(result.constant, LOG(sigma) + LOG(2 * PI) / 2)


def test_gaussian_map_penalty_half_convention():
    result = map_penalty(Gaussian(), half=True)
    assert isinstance(result.penalty, L2)
    assert result.penalty.half is True
    assert_same(result.convention.expr, lam * w**2 / 2)
    assert_same(result.strength, 1 / sigma**2)
    # the penalty itself does not depend on the convention
    assert_same(result.penalty.expr, map_penalty(Gaussian()).penalty.expr)
    assert_same(result.constant, LOG(sigma) + LOG(2 * PI) / 2)
    # Only the "collect" step depends on the convention; the other steps are the
    # very claims of the default convention (verified in the test below).
    default = map_penalty(Gaussian())
    rest = tuple(step for step in result.steps if step not in default.steps)
    assert len(rest) == 1
    Derivation(name="half", title="half convention", steps=rest).verify()


def test_laplace_map_penalty():
    result = map_penalty(Laplace())
    assert isinstance(result.penalty, L1)
    assert_same(result.convention.expr, lam * sympy.Abs(w))
    assert_same(result.strength, 1 / b)
    assert_same(result.penalty.expr, sympy.Abs(w) / b)
    assert_same(result.constant, LOG(2 * b))
    # half only concerns L2 penalties
    assert_same(map_penalty(Laplace(), half=True).penalty.expr, result.penalty.expr)


def test_generalized_gaussian_map_penalty():
    result = map_penalty(GeneralizedGaussian())
    assert isinstance(result.penalty, Lp)
    assert_same(result.penalty.p, beta)
    assert_same(result.strength, alpha**-beta)
    assert_same(result.penalty.expr, sympy.Abs(w)**beta / alpha**beta)
    assert_same(result.constant, LOG(2 * alpha * sympy.gamma(1 / beta) / beta))


def test_generalized_gaussian_with_shape_one_is_laplace():
    general = map_penalty(GeneralizedGaussian(alpha, 1))
    laplace = map_penalty(Laplace(alpha))
    assert_same(general.penalty.expr, laplace.penalty.expr)
    assert_same(general.strength, laplace.strength)
    assert_same(general.constant, laplace.constant)


def test_generalized_gaussian_with_shape_two_is_gaussian():
    general = map_penalty(GeneralizedGaussian(alpha, 2))
    gaussian = map_penalty(Gaussian(alpha / sympy.sqrt(2)))
    assert_same(general.penalty.expr, gaussian.penalty.expr)
    assert_same(general.strength, gaussian.strength)
    assert_same(general.constant, gaussian.constant)


@pytest.mark.parametrize(
    "prior",
    [Gaussian(R(3, 2)), Laplace(R(5, 2)), GeneralizedGaussian(R(2, 3), 3),
     GeneralizedGaussian(R(1, 4), R(1, 2))],
    ids=["gaussian", "laplace", "generalized-3", "generalized-1/2"],
)
@pytest.mark.parametrize("at", [0, -1, R(-7, 3), 2, R(1, 5)])
def test_neg_log_density_is_penalty_plus_constant_at_points(prior, at):
    result = map_penalty(prior)
    assert exactly_equal(-LOG(prior.density(at)), result.penalty(at) + result.constant)


@pytest.mark.slow
def test_penalty_vanishes_at_zero_so_constant_is_neg_log_density_there():
    for prior in (Gaussian(), Laplace(), GeneralizedGaussian(alpha, R(3, 2))):
        result = map_penalty(prior)
        assert_same(result.penalty(0), 0)
        assert_same(-LOG(prior.density(0)), result.constant)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(scale=positive_rationals(max_value=50), at=rationals(-20, 20), laplace=st.booleans())
def test_neg_log_density_is_exactly_penalty_plus_constant(scale, at, laplace):
    prior = Laplace(scale) if laplace else Gaussian(scale)
    result = map_penalty(prior)
    assert exactly_equal(-LOG(prior.density(at)), result.penalty(at) + result.constant)


@pytest.mark.parametrize(
    ("prior", "half"),
    [(Gaussian(), False), (Laplace(), False), (GeneralizedGaussian(), False)],
    ids=["gaussian", "laplace", "generalized"],
)
def test_map_penalty_derivation_verifies(prior, half):
    result = map_penalty(prior, half=half)
    derivation = result.derivation()
    assert isinstance(derivation, Derivation)
    assert derivation.verify() is derivation
    assert all(step.reason for step in result.steps)
    # it starts from the sympy.stats density and ends with a constant
    assert_same(result.steps[0].lhs.function, prior.density())
    assert_same(result.steps[1].lhs, -LOG(prior.density()))
    assert isinstance(result.steps[-1].lhs, sympy.Derivative)
    assert_same_conventions(derivation.conventions, (result.penalty.convention,))


def test_map_penalty_starts_from_an_independently_built_density():
    density = stats.density(stats.Normal("X", 0, sigma))(w)
    assert_same(map_penalty(Gaussian()).steps[1].lhs, -LOG(density))


def test_map_penalty_refuses_what_is_not_a_prior():
    with pytest.raises(InvalidParameterError, match=r"^prior must be a Gaussian, Laplace or"):
        map_penalty(L1())  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match=r"^half must be True or False, got 1$"):
        map_penalty(Gaussian(), half=1)  # type: ignore[arg-type]


def test_map_penalty_result_is_frozen_and_renders():
    result = map_penalty(Gaussian())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.strength = 1  # type: ignore[misc]
    text = result.latex()
    assert text.startswith(r"-\log p(w) = \frac{w^{2}}{2 \sigma^{2}}")
    assert result._repr_latex_() == f"${text}$"


# ---------------------------------------------------------------------------
# MAP regression

_FIT = Norm(RESIDUAL, 2)**2
REGRESSION_CASES = [
    (Gaussian(), False, s**2 / sigma**2, w**2, _FIT + lam * Norm(VECTOR_W, 2)**2),
    (Gaussian(), True, s**2 / sigma**2, w**2 / 2, _FIT / 2 + lam / 2 * Norm(VECTOR_W, 2)**2),
    (Laplace(), False, 2 * s**2 / b, sympy.Abs(w), _FIT + lam * Norm(VECTOR_W, 1)),
    (Laplace(), True, s**2 / b, sympy.Abs(w), _FIT / 2 + lam * Norm(VECTOR_W, 1)),
    (GeneralizedGaussian(), False, 2 * s**2 / alpha**beta, sympy.Abs(w)**beta,
     _FIT + lam * Norm(VECTOR_W, beta)**beta),
    (GeneralizedGaussian(), True, s**2 / alpha**beta, sympy.Abs(w)**beta,
     _FIT / 2 + lam * Norm(VECTOR_W, beta)**beta),
]
REGRESSION_IDS = ["ridge", "ridge-half", "lasso", "lasso-half", "generalized",
                  "generalized-half"]


@pytest.mark.parametrize(("prior", "half", "lam", "regularizer", "convention"),
                         REGRESSION_CASES, ids=REGRESSION_IDS)
def test_regression_lam(prior, half, lam, regularizer, convention):
    result = regression_map(prior, half=half)
    assert isinstance(result, RegressionMap)
    assert_same(result.lam, lam)
    assert_same(result.regularizer, regularizer)
    assert_same(result.scale, s**2 if half else 2 * s**2)
    assert printing.latex(result.convention.expr) == printing.latex(convention)
    assert sympy.simplify(result.objective - (result.data_fit + lam * regularizer)) == 0
    assert not result.lam.has(w)


def test_ridge_lam_is_the_same_in_both_conventions_but_lasso_lam_halves():
    ridge = [regression_map(Gaussian(), half=h).lam for h in (False, True)]
    lasso = [regression_map(Laplace(), half=h).lam for h in (False, True)]
    assert_same(ridge[0], ridge[1])
    assert_same(lasso[0], 2 * lasso[1])


@pytest.mark.parametrize(("prior", "half"), [(Gaussian(), False), (Laplace(), False)],
                         ids=["ridge", "lasso"])
def test_regression_derivation_verifies(prior, half):
    result = regression_map(prior, half=half)
    derivation = result.derivation()
    assert derivation.verify() is derivation
    assert all(step.reason for step in result.steps)
    scaling = [step for step in result.steps if step.relation == "gt"]
    assert len(scaling) == 1
    assert_same(scaling[0].lhs, result.scale)
    assert "keeps the minimiser" in scaling[0].reason
    assert_same(derivation.results["lam"], result.lam)


@pytest.mark.parametrize("prior", [Gaussian(), Laplace()], ids=["ridge", "lasso"])
def test_regression_derivation_verifies_in_the_half_convention(prior):
    # Only the scaling steps depend on the convention; the others are the very
    # claims (structurally equal steps) of the default convention, verified
    # above, so verifying the rest is enough.
    half, default = regression_map(prior, half=True), regression_map(prior)
    shared = [step for step in half.steps if step in default.steps]
    assert len(shared) == 4
    rest = tuple(step for step in half.steps if step not in default.steps)
    assert len(rest) == len(half.steps) - 4
    Derivation(name="half", title="half convention", steps=rest).verify()
    assert_same(half.derivation().results["lam"], half.lam)


def _neg_log_posterior(prior, noise_scale, x, y, at):
    """-log(likelihood * prior) from fresh sympy.stats variables, data given."""
    noise = stats.Normal("N", 0, noise_scale)
    total = -LOG(prior.density(at))
    for x_i, y_i in zip(x, y, strict=True):
        total += -LOG(stats.density(noise)(y_i - x_i * at))
    return total


@pytest.mark.parametrize(
    ("prior", "half"),
    [(Gaussian(R(3, 2)), False), (Gaussian(R(3, 2)), True), (Laplace(R(2, 3)), False),
     (Laplace(R(2, 3)), True), (GeneralizedGaussian(R(1, 2), 3), False)],
    ids=["ridge", "ridge-half", "lasso", "lasso-half", "generalized"],
)
def test_scaled_posterior_and_objective_differ_by_a_constant(prior, half):
    # So they have the same minimisers: checked on concrete data, independently
    # of the derivation.
    noise_scale = R(1, 2)
    x, y = [2, 1, R(-1, 2)], [1, -2, R(1, 3)]
    result = regression_map(prior, noise_scale, half=half)
    objective = result.objective_for(x=x, y=y)
    assert objective.free_symbols == {w}
    gaps = [result.scale * _neg_log_posterior(prior, noise_scale, x, y, at) - objective.subs(w, at)
            for at in (0, 1, R(-5, 2), R(1, 3))]
    for gap in gaps[1:]:
        assert exactly_equal(gap, gaps[0])


def test_ridge_minimiser_is_the_posterior_mode():
    # Posterior of w given Gaussian noise and prior: the mode is
    # (sum x*y / s^2) / (sum x^2 / s^2 + 1 / sigma^2).
    noise_scale, scale = R(1, 2), R(3, 2)
    x, y = [2, 1, R(-1, 2)], [1, -2, R(1, 3)]
    objective = regression_map(Gaussian(scale), noise_scale).objective_for(x=x, y=y)
    (minimiser,) = sympy.solve(sympy.diff(objective, w), w)
    sxy = sum(R(a) * R(c) for a, c in zip(x, y, strict=True))
    sxx = sum(R(a) ** 2 for a in x)
    assert_same(minimiser, (sxy / noise_scale**2) / (sxx / noise_scale**2 + 1 / scale**2))


def test_regression_with_an_unknown_sign_scale():
    t = sympy.Symbol("t")
    result = regression_map(Laplace(t), noise_scale=t)
    assert_same(result.lam, 2 * t)
    assert all(holds_exactly_where_positive(step.where, t) for step in result.steps)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"noise_scale": 0}, r"^noise_scale must be positive \(> 0\), got 0$"),
        ({"noise_scale": -1}, r"^noise_scale must be positive \(> 0\), got -1$"),
        ({"half": "yes"}, r"^half must be True or False, got 'yes'$"),
    ],
)
def test_regression_refuses_invalid_arguments(kwargs, message):
    with pytest.raises(InvalidParameterError, match=message):
        regression_map(Gaussian(), **kwargs)


def test_objective_for_refuses_mismatched_data():
    with pytest.raises(InvalidParameterError, match=r"^x and y must be non-empty and of the "
                                                    r"same length, got 2 and 1$"):
        regression_map(Gaussian()).objective_for(x=[1, 2], y=[1])


def test_regression_result_renders():
    result = regression_map(Laplace())
    text = result.latex()
    assert text.startswith(r"\min_{w} \sum_{i=1}^{n}")
    assert text.endswith(r"\lambda = \frac{2 s^{2}}{b}")
    assert result._repr_latex_() == f"${text}$"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.lam = 1  # type: ignore[misc]


@pytest.mark.parametrize(("prior", "half", "expected"), [
    (Gaussian(), False,
     r"\lambda \left\| w \right\|_{2}^{2} + \left\| y - X w \right\|_{2}^{2}"),
    (Laplace(), True,
     r"\lambda \left\| w \right\|_{1} + \frac{\left\| y - X w \right\|_{2}^{2}}{2}"),
    (GeneralizedGaussian(), False,
     r"\lambda \left\| w \right\|_{\beta}^{\beta} + \left\| y - X w \right\|_{2}^{2}"),
])
def test_regression_convention_is_a_printable_vector_form(prior, half, expected):
    value = regression_map(prior, half=half).convention
    assert value.label == "MAP regression objective"
    assert printing.latex(value.expr) == expected
    (stated,) = regression_map(prior, half=half).derivation().conventions
    assert stated is value


def test_map_penalty_convention_is_the_penalty_s():
    result = map_penalty(Gaussian(), half=True)
    assert_same_conventions(result.convention, result.penalty.convention)
    assert_same_conventions(result.derivation().conventions, (result.convention,))
