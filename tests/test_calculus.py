"""Calculus of one variable: derivatives, kinks, one-sided derivatives, subdifferential."""

from __future__ import annotations

import pytest
import sympy
from conftest import assert_same
from sympy import Abs, Interval

from symreg import calculus
from symreg.errors import InvalidParameterError
from symreg.symbols import lam, w, z


def test_subdifferential_of_abs_in_another_variable():
    assert calculus.subdifferential(lam * Abs(z), z, at=0) == Interval(-lam, lam)
    assert calculus.kinks(lam * Abs(z - 1), z) == sympy.FiniteSet(1)


def test_derivative_is_signed_form():
    assert_same(calculus.derivative(lam * Abs(w) ** 3, w), 3 * lam * w**2 * sympy.sign(w))


def test_one_sided_derivatives_at_a_kink():
    left, right = calculus.one_sided_derivatives(Abs(w) + w, w, 0)
    assert_same(left, 0)
    assert_same(right, 2)


@pytest.mark.parametrize(("expr", "expected"), [
    (lam * Abs(w), True), (w**2, True), (sympy.sqrt(Abs(w)), False), (-(w**2), False),
])
def test_is_convex(expr, expected):
    assert calculus.is_convex(expr, w) is expected


def test_point_must_be_real():
    with pytest.raises(InvalidParameterError,
                       match=r"^at must be a real number or expression, got I$"):
        calculus.subdifferential(Abs(w), w, at=sympy.I)
