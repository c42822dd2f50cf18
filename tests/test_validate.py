"""Three-way parameter checks."""

from __future__ import annotations

import pytest
import sympy

from symreg._validate import require_positive, require_real_point
from symreg.errors import InvalidParameterError
from symreg.symbols import lam

R = sympy.Rational
C = sympy.Symbol("c")  # a free symbol with no known sign


@pytest.mark.parametrize("value", [1, sympy.Rational(1, 3), sympy.Symbol("t"),
                                   sympy.Symbol("p", positive=True)])
def test_positive_accepts_what_may_be_positive(value):
    assert require_positive(value, "x") is sympy.sympify(value)


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (-2, "-2"), (sympy.oo, "oo"),
                                              (sympy.Symbol("q", negative=True), "q")])
def test_positive_refuses_what_cannot_be(value, shown):
    with pytest.raises(InvalidParameterError, match=rf"^x must be positive \(> 0\), got {shown}$"):
        require_positive(value, "x")


def test_positive_refuses_non_expressions():
    with pytest.raises(InvalidParameterError,
                       match=r"^x must be a positive number or SymPy expression, got 'a'$"):
        require_positive("a", "x")


@pytest.mark.parametrize("value", [0, -3, sympy.Symbol("t"), sympy.Symbol("w", real=True)])
def test_real_point_accepts(value):
    assert require_real_point(value, "at") is sympy.sympify(value)


@pytest.mark.parametrize(("value", "shown"), [(sympy.I, "I"), (sympy.nan, "nan"),
                                              (sympy.zoo, "zoo")])
def test_real_point_refuses(value, shown):
    with pytest.raises(InvalidParameterError,
                       match=rf"^at must be a real number or expression, got {shown}$"):
        require_real_point(value, "at")


def test_require_positive_returns_sympy_expressions():
    assert isinstance(require_positive(2, "x"), sympy.Integer)
    assert isinstance(require_positive(R(1, 2), "x"), sympy.Rational)
    assert require_positive(lam, "x") is lam
    assert require_positive(C, "x") is C
