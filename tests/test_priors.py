"""Tests of symreg.priors: the priors, their densities and the vector notation."""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from conftest import assert_same
from sympy import stats

from symreg import printing, symbols
from symreg.errors import InvalidParameterError
from symreg.map import map_penalty
from symreg.priors import (
    RESIDUAL,
    VECTOR_W,
    Gaussian,
    GeneralizedGaussian,
    Laplace,
    Norm,
)
from symreg.proof import prove

w, sigma, b, s, lam = symbols.w, symbols.sigma, symbols.b, symbols.s, symbols.lam
alpha, beta = symbols.alpha, symbols.beta
R = sympy.Rational
PI = sympy.pi


def equivalent(a, c):
    """a and c are equal for every admissible value of their symbols (proof only).

    For objects with sums over the data, where exact sample points do not apply.
    """
    return prove(a, c).status == "proved"


def holds_exactly_where_positive(condition, t):
    """``condition`` is true at t = 1, 1/3 and false at t = -1, 0 (it means t > 0)."""
    return all(condition.subs(t, v) is sympy.true for v in (1, R(1, 3))) and all(
        condition.subs(t, v) is sympy.false for v in (-1, 0))


# ---------------------------------------------------------------------------
# priors


def test_default_parameters_are_the_canonical_symbols():
    assert Gaussian().sigma is symbols.sigma
    assert Laplace().b is symbols.b
    prior = GeneralizedGaussian()
    assert prior.alpha is symbols.alpha
    assert prior.beta is symbols.beta
    assert [name for name, _ in prior.parameters] == ["alpha", "beta"]
    assert all(value is symbol for (_, value), symbol in zip(prior.parameters, (alpha, beta),
                                                              strict=True))


@pytest.mark.parametrize(
    ("prior", "expected"),
    [
        (Gaussian(), sympy.exp(-w**2 / (2 * sigma**2)) / (sigma * sympy.sqrt(2 * PI))),
        (Laplace(), sympy.exp(-sympy.Abs(w) / b) / (2 * b)),
        (GeneralizedGaussian(),
         beta / (2 * alpha * sympy.gamma(1 / beta)) * sympy.exp(-(sympy.Abs(w) / alpha)**beta)),
    ],
    ids=["gaussian", "laplace", "generalized"],
)
def test_density(prior, expected):
    assert_same(prior.density(), expected)
    assert isinstance(prior.random_variable(), stats.rv.RandomSymbol)


def test_generalized_gaussian_integrates_to_one_symbolically():
    total = sympy.Integral(GeneralizedGaussian().density(), (w, -sympy.oo, sympy.oo))
    assert equivalent(total, 1)  # proof only: sample points would integrate each time


@pytest.mark.parametrize("shape", [R(1, 2), 1, 2, 3])
def test_generalized_gaussian_integrates_to_one_for_concrete_shape(shape):
    total = sympy.integrate(GeneralizedGaussian(alpha, shape).density(), (w, -sympy.oo, sympy.oo))
    assert_same(total, 1)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Gaussian(-1), r"^sigma must be positive \(> 0\), got -1$"),
        (lambda: Gaussian(sigma=0), r"^sigma must be positive \(> 0\), got 0$"),
        (lambda: Laplace(R(-1, 2)), r"^b must be positive \(> 0\), got -1/2$"),
        (lambda: Laplace(b=-2.5), r"^b must be positive \(> 0\), got -2\.5$"),
        (lambda: GeneralizedGaussian(alpha=-3), r"^alpha must be positive \(> 0\), got -3$"),
        (lambda: GeneralizedGaussian(beta=0), r"^beta must be positive \(> 0\), got 0$"),
        (lambda: Gaussian(sympy.Symbol("t", negative=True)),
         r"^sigma must be positive \(> 0\), got t$"),
        (lambda: Laplace(sympy.I), r"^b must be positive \(> 0\), got I$"),
    ],
)
def test_invalid_parameters_are_refused(make, message):
    with pytest.raises(InvalidParameterError, match=message):
        make()


def test_a_symbol_of_unknown_sign_is_accepted_and_assumed_positive():
    t = sympy.Symbol("t")
    prior = Gaussian(t)
    assert prior.sigma is t
    assert holds_exactly_where_positive(prior.assumptions(), t)
    assert_same(map_penalty(prior).strength, 1 / (2 * t**2), where=t > 0)
    result = map_penalty(Laplace(t))
    assert_same(result.strength, 1 / t, where=t > 0)
    # the steps are claimed (and hold) where t > 0
    assert all(holds_exactly_where_positive(step.where, t) for step in result.steps)
    result.derivation().verify()


def test_priors_are_frozen_and_hashable():
    prior = Gaussian(2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        prior.sigma = 3  # type: ignore[misc]
    assert prior == Gaussian(2)
    assert len({prior, Gaussian(2), Laplace(2)}) == 2


def test_prior_latex():
    assert Gaussian().latex().startswith("p(w) = ")
    assert r"\sigma" in Gaussian().latex()
    assert Laplace()._repr_latex_().startswith("$p(w) = ")


def test_norm_prints_the_residual_in_the_order_written():
    assert printing.latex(Norm(RESIDUAL, 2)) == r"\left\| y - X w \right\|_{2}"
    assert printing.latex(Norm(VECTOR_W, 1)) == r"\left\| w \right\|_{1}"
