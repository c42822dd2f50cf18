"""Tests of symreg.proof._domain: the conditions of definedness read from a written form."""

from __future__ import annotations

import sympy

from symreg.proof._domain import requirements

x = sympy.Symbol("x", real=True)
p = sympy.Symbol("p", positive=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
m = sympy.Symbol("m", integer=True)
half = sympy.Rational(1, 2)


def test_requirements_of_powers() -> None:
    def power(base: sympy.Expr, exp: sympy.Expr) -> sympy.Expr:
        return sympy.Pow(base, exp, evaluate=False)

    assert requirements(power(k**2 + 4 * k - 12, -1)) == [sympy.Ne(k**2 + 4 * k - 12, 0)]
    assert requirements(power(k**2 - k + 2, -1)) == []  # no integer root
    assert requirements(power(m**2 + m, half)) == []  # m(m + 1) >= 0 at every integer
    assert requirements(power((x - 3) * (x - 5), half)) == [sympy.Ge((x - 3) * (x - 5), 0)]
    assert requirements(power(x**2 + 1, -half)) == []
    assert requirements(power(-(x**2) - 1, half)) == [sympy.false]  # as SymPy decides it
    assert requirements(power(x, sympy.Symbol("lam", positive=True))) == [sympy.Ge(x, 0)]
    assert requirements(power(p, -half)) == []


def test_requirements_of_logarithms() -> None:
    assert requirements(sympy.log(sympy.Abs(x**2 - 9))) == [sympy.Gt(sympy.Abs(x**2 - 9), 0)]
    assert requirements(sympy.log(sympy.Abs(k + 1))) == []  # k + 1 has no admissible root
    assert requirements(sympy.log(x**2 + 1)) == []
    assert requirements(sympy.log(x - 1)) == [sympy.Gt(x - 1, 0)]
    assert requirements(sympy.log(-(x**2) - 1)) == [sympy.false]


def test_cases_without_an_otherwise_row_have_no_value_where_none_holds() -> None:
    w = sympy.Symbol("w", real=True)
    partial = sympy.Piecewise((w - 1, w > 1), (w + 1, w < -1))
    (need,) = requirements(partial)
    for value, holds in [(-2, True), (-1, False), (0, False), (1, False), (2, True)]:
        assert bool(need.subs(w, value)) is holds
    # an otherwise row (a True condition) leaves nothing required
    assert requirements(sympy.Piecewise((w - 1, w > 1), (0, True))) == []
