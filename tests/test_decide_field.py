"""Tests of symreg._decide._field: rational functions over the rationals, compared exactly."""

from __future__ import annotations

import sympy

from symreg._decide._field import evaluated, rational_form, rational_identity, same_sign


def test_a_rational_identity_is_decided_in_the_field_of_rational_functions():
    x, y = sympy.symbols("x y", real=True)
    big = 512 * (2 * x + 5) ** 7 * (5 * x - 1) ** 5 * (70 * x + 67)
    assert rational_identity(sympy.expand(big), big)
    assert not rational_identity(sympy.expand(big) + 1, big)
    assert rational_identity(x / y + 1, (x + y) / y)
    # a zero denominator is no identity
    zero = sympy.Add(x, -x, evaluate=False)
    assert not rational_identity(sympy.Pow(zero, -1, evaluate=False), sympy.Integer(0))


def test_sizes_beyond_the_bounds_are_left_to_the_prover():
    x = sympy.Symbol("x", real=True)
    huge = sympy.Pow(sympy.Pow(x + 1, 60, evaluate=False), 60, evaluate=False)
    assert not rational_identity(huge, sympy.Pow(x + 1, 3600, evaluate=False))


def test_evaluated_keeps_relations_unevaluated():
    w = sympy.Symbol("w", real=True)
    assert evaluated(sympy.Eq(w, w, evaluate=False)) == sympy.Eq(w, w, evaluate=False)


def test_rational_forms_are_bounded():
    x = sympy.Symbol("x", real=True)
    assert rational_form((x + 1) ** 3 / (x - 2))
    assert not rational_form(sympy.sqrt(x) + 1)
    assert not rational_form(sympy.Add(*[x**n for n in range(500)]))


def test_same_sign_needs_a_positive_constant_ratio():
    x = sympy.Symbol("x", real=True)
    assert same_sign(2 * x, x)
    assert not same_sign(-2 * x, x)
    assert not same_sign(x**2, x)
    assert not same_sign(x, sympy.Integer(0))


def test_rational_identities_agree_with_cancel():
    x, y = sympy.symbols("x y", real=True)
    half = sympy.Rational(1, 2)
    pairs = [
        (1 / (x - 1) - 1 / (x + 1), 2 / (x**2 - 1)),
        (1 / (x - 1) - 1 / (x + 1), 2 / (x**2 + 1)),
        ((x**2 - y**2) / (x - y), x + y),
        (half * x / (y + half), x / (2 * y + 1)),
        (half * x / (y + half), x / (2 * y - 1)),
        ((x + 1) ** -2 * (x**2 + 2 * x + 1), sympy.Integer(1)),
        (x / y - y / x, (x - y) * (x + y) / (x * y)),
        (x / y - y / x, (x - y) ** 2 / (x * y)),
    ]
    for a, e in pairs:
        assert rational_identity(a, e) == (sympy.cancel(a - e) == 0), (a, e)


def test_parts_that_are_not_rational_are_further_unknowns():
    x, y = sympy.symbols("x y", real=True)
    u = sympy.exp(6 * (x**2 + y**2))
    assert rational_identity(6 * u + 72 * x**2 * u, (72 * x**2 + 6) * u)
    assert not rational_identity(6 * u + 72 * x**2 * u, (72 * x**2 + 5) * u)
    assert rational_identity(sympy.sqrt(x) / (sympy.sqrt(x) + 1),
                             1 - 1 / (sympy.sqrt(x) + 1))
    assert not rational_identity(sympy.sqrt(x) * u, u)  # on one side only
