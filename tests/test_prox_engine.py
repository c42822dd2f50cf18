"""Tests of symreg.prox._engine: the one-sided limits the engine takes at the cuts."""

from __future__ import annotations

import pytest
import sympy
from conftest import R

from symreg.prox._engine import _limit, _polynomial_limit
from symreg.symbols import eta, lam, lam1, lam2, u

POLYNOMIALS = [
    u + eta * lam,                                # L1 beside 0
    u - eta * lam,
    u + eta * (lam1 + 2 * lam2 * u),              # the elastic net
    (1 + 2 * eta * lam) * u,                      # L2
    -(u**3) + eta * u,
    u**2 - eta * lam * u + 3,
]


@pytest.mark.parametrize("expr", POLYNOMIALS)
@pytest.mark.parametrize("point", [sympy.S.Zero, -eta * lam, eta * lam, R(-3, 2), 2,
                                   sympy.oo, -sympy.oo])
def test_a_polynomial_limit_is_the_limit(expr, point):
    found = _polynomial_limit(expr, u, point)
    if found is None:
        return  # left to SymPy's limit
    for side in ("+", "-"):
        expected = sympy.limit(expr, u, point, side) if point.is_finite else sympy.limit(
            expr, u, point)
        if expected.is_infinite:
            assert found == expected
        else:
            at = {eta: R(1, 3), lam: R(3, 2), lam1: R(1, 2), lam2: 2}
            assert sympy.simplify((found - expected).subs(at)) == 0


def test_only_a_single_term_or_a_known_sign_is_taken_without_the_limit_algorithm():
    assert _polynomial_limit(u + eta * (lam1 + lam2), u, sympy.S.Zero) is None  # two terms
    assert _polynomial_limit(sympy.S(5) + 0 * u, u, sympy.oo) is None           # a constant
    assert _polynomial_limit(sympy.sqrt(u) + eta, u, sympy.S.Zero) is None       # not a polynomial
    assert _polynomial_limit(-(u**3) + eta * u, u, -sympy.oo) == sympy.oo
    x = sympy.Symbol("x", real=True)
    assert _polynomial_limit(x * u, u, sympy.oo) is None                         # sign unknown


def test_the_engine_limit_agrees_on_both_paths():
    # a two-term value goes through SymPy's limit, a single term does not
    assert sympy.simplify(_limit(u + eta * (lam1 + lam2), u, sympy.S.Zero, 1)
                          - eta * (lam1 + lam2)) == 0
    assert sympy.simplify(_limit(u + eta * lam, u, sympy.S.Zero, -1) - eta * lam) == 0
