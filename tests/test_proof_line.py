"""Tests of symreg.proof._line: conditions on a polynomial in one symbol, decided exactly."""

from __future__ import annotations

import itertools

import pytest
import sympy

from symreg.proof._line import (
    condition,
    holds_everywhere,
    polynomial_coefficients,
    polynomial_line,
)

x = sympy.Symbol("x", real=True)
p = sympy.Symbol("p", positive=True)
q = sympy.Symbol("q", nonnegative=True)
g = sympy.Symbol("g", negative=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
m = sympy.Symbol("m", integer=True)
half = sympy.Rational(1, 2)

HOLDS = {"ne": lambda v: v != 0, "gt": lambda v: v > 0, "ge": lambda v: v >= 0}


def _admissible_points(sym: sympy.Symbol) -> list[sympy.Rational]:
    grid = [sympy.Rational(n, 4) for n in range(-48, 49)]
    if sym.is_integer:
        grid = [v for v in grid if v.is_integer]
    return [v for v in grid if all(
        test(v) for flag, test in ((sym.is_positive, lambda v: v > 0),
                                   (sym.is_nonnegative, lambda v: v >= 0),
                                   (sym.is_negative, lambda v: v < 0)) if flag)]


BASES = [
    (x - 3) * (x - 5), x**2 + x + 1, (x - 1)**2, -(x**2) - 1, x**3 - 2 * x, x,
    p - 2, p**2 + p, (p - half)**2, -p, q, q * (q - 1), -(q**2),
    g + 1, g**2 - 4, k**2 + 4 * k - 12, k**2 - k + 2, k + 6, k * (k - 1),
    m**2 + m, m**2 - 2, 2 * (m - half) * (m + half), -(k**2) - 1,
]


@pytest.mark.parametrize("base", BASES, ids=str)
def test_truth_agrees_with_the_values_on_a_grid(base: sympy.Expr) -> None:
    line = polynomial_line(base)
    assert line is not None
    (sym,) = base.free_symbols
    points = _admissible_points(sym)
    for relation, holds in HOLDS.items():
        seen = {bool(holds(base.subs(sym, v))) for v in points}
        truth = holds_everywhere(line, relation)
        if truth is True:
            assert seen == {True}, relation
        elif truth is False:
            assert seen == {True, False}, relation  # the grid holds a root and beside it
        else:
            assert seen == {False}, relation  # only "fails everywhere" is left undecided


def test_a_condition_that_holds_somewhere_only_is_what_sympy_leaves() -> None:
    for base, relation in itertools.product(BASES, ("ne", "gt", "ge")):
        built = condition(polynomial_line(base), relation, base)
        cls = {"ne": sympy.Ne, "gt": sympy.Gt, "ge": sympy.Ge}[relation]
        by_sympy = cls(base, 0)
        if built and by_sympy is not sympy.true:
            assert built == [by_sympy]
        if by_sympy is sympy.true:
            assert built == []


def test_only_polynomials_in_one_real_symbol_are_read() -> None:
    assert polynomial_line(x * p) is None
    assert polynomial_line(sympy.sqrt(x) + 1) is None
    assert polynomial_line(x - sympy.pi) is None
    assert polynomial_line(1 / x) is None
    assert polynomial_line(sympy.Symbol("c") + 1) is None  # not known to be real
    assert polynomial_line(sympy.Add(x, -x, evaluate=False)) is None  # the zero polynomial


def test_no_polynomial_beyond_the_degree_bound_is_built() -> None:
    nested = x + 1
    for _ in range(6):  # degree 16^6 if it were expanded
        nested = sympy.Pow(nested, 16, evaluate=False)
    assert polynomial_coefficients(nested) is None
    assert polynomial_coefficients(sympy.Mul(*[x + n for n in range(17)], evaluate=False)) is None
    assert polynomial_coefficients(sympy.Mul(*[x + n for n in range(16)], evaluate=False))
