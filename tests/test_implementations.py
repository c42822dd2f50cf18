"""Tests of symreg.render.implementations: the reference functions agree exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from symreg import symbols
from symreg.penalties import L1, L2, ElasticNet
from symreg.render import implementations as impl

# Exact points, including 0, negative values and both sides of the thresholds.
_W = [Fraction(-7, 2), Fraction(-1), Fraction(-1, 3), Fraction(0), Fraction(1, 5),
      Fraction(1), Fraction(9, 4)]
_PARAMS = [Fraction(1, 2), Fraction(3)]


def _exact(expr, **values):
    by_name = {s.name: s for s in symbols.by_name().values()}
    return expr.subs({by_name[k]: sympy.Rational(v.numerator, v.denominator)
                      for k, v in values.items()})


@pytest.mark.parametrize(
    ("penalty", "penalty_fn", "derivative_fn"),
    [
        (L1(), impl.l1_penalty, impl.l1_derivative),
        (L2(), impl.l2_penalty, impl.l2_derivative),
        (L2(half=True), impl.l2_half_penalty, impl.l2_half_derivative),
    ],
)
def test_penalties_and_derivatives_agree_exactly(penalty, penalty_fn, derivative_fn):
    derivative = penalty.derivative()
    for x in _W:
        for strength in _PARAMS:
            got = penalty_fn(x, strength)
            assert sympy.Rational(got.numerator, got.denominator) == _exact(
                penalty.expr, w=x, lam=strength)
            got = Fraction(derivative_fn(x, strength))
            assert sympy.Rational(got.numerator, got.denominator) == _exact(
                derivative, w=x, lam=strength)


@pytest.mark.parametrize(
    ("penalty", "prox_fn"),
    [(L1(), impl.l1_prox), (L2(), impl.l2_prox), (L2(half=True), impl.l2_half_prox)],
)
def test_proxes_agree_exactly_inside_on_and_outside_the_threshold(penalty, prox_fn):
    prox = penalty.prox(step=symbols.eta)
    for eta in (Fraction(1, 4), Fraction(2)):
        for strength in _PARAMS:
            t = eta * strength
            for z in [*_W, t, -t, t / 2, -t / 2, 2 * t, -3 * t]:
                got = Fraction(prox_fn(z, eta, strength))
                expected = _exact(prox, z=z, eta=eta, lam=strength)
                assert sympy.Rational(got.numerator, got.denominator) == expected


@pytest.mark.slow
def test_elastic_net_agrees_exactly():
    net = ElasticNet()
    for x in _W:
        for l1 in _PARAMS:
            for l2 in _PARAMS:
                got = Fraction(impl.elastic_net_penalty(x, l1, l2))
                assert sympy.Rational(got.numerator, got.denominator) == _exact(
                    net.expr, w=x, lam_1=l1, lam_2=l2)
                got = Fraction(impl.elastic_net_prox(x, Fraction(1, 2), l1, l2))
                assert sympy.Rational(got.numerator, got.denominator) == _exact(
                    net.prox(), z=x, eta=Fraction(1, 2), lam_1=l1, lam_2=l2)
