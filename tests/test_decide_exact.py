"""Tests of symreg._decide._exact: exact tests that prove two answers equal where both are
defined, before any sampling.

Every "proved" pair is checked at rational points where both written forms are
defined and real: a sufficient test must never call two different answers
equal. Pairs that differ (somewhere both are defined) must not be proved.
"""

from __future__ import annotations

import time

import pytest
import sympy
from conftest import rational_points, values_equal

from symreg._answers import coerce_written
from symreg._decide._exact import exact_method, within_tolerance
from symreg.proof import value_at
from symreg.proof._domain import requirements
from symreg.proof._evaluate import truth_at


def written(text: str) -> sympy.Basic:
    return coerce_written(text, "answer", latex=False, symbols=None).written


def method(answer: str, expected: str) -> str | None:
    return exact_method(written(answer), written(expected))


def assert_agree_where_both_defined(answer: str, expected: str) -> None:
    a, e = written(answer), written(expected)
    conds = requirements(a) + requirements(e)
    checked = 0
    beyond = [{s: sympy.Integer(v) for s in a.free_symbols | e.free_symbols}
              for v in (5, 6, 10)]  # beyond the roots of the pairs below
    for point in [*rational_points(a, e), *beyond]:
        if not all(truth_at(c, point) is True for c in conds):
            continue  # a side is undefined there, as written
        va, ve = value_at(a, point), value_at(e, point)
        if sympy.nan in (va, ve) or None in (va, ve) or va.has(sympy.I) or ve.has(sympy.I):
            continue
        assert values_equal(va, ve), (point, va, ve)
        checked += 1
    assert checked > 0


PROVED = [
    ("(x^2 - 1)/(x + 1)", "x - 1", "rational identity"),
    ("(x - 1)^(-2)", "1/(x^2 - 2 x + 1)", "rational identity"),
    ("exp(w) + w^2", "w w + exp(w)", "rational identity"),
    ("2 + 2 sqrt(3 + x)", "2 + sqrt(12 + 4 x)", "rational identity"),
    ("lam |w|", "lam max(w, -w)", "rational identity"),
    ("max(|w|, lam)", "max(w, -w, lam)", "rational identity"),
    ("|w - 1/3| + |w - 2/3|", "max(w - 1/3, 1/3 - w) + max(w - 2/3, 2/3 - w)",
     "rational identity"),
    ("-|w|", "min(w, -w)", "rational identity"),
    ("log(abs(x^2 - 9))", "log(abs(x - 3)) + log(abs(x + 3))", "sum of logarithms"),
    ("log(a^2 b)", "2 log(a) + log(b)", "sum of logarithms"),
    ("log(sigma^2)/2", "log(sigma)", "sum of logarithms"),
    ("log(x/y) + x", "x + log(x) - log(y)", "sum of logarithms"),
    ("sqrt((x - 3) (x - 5))", "sqrt(x - 3) sqrt(x - 5)", "equal powers"),
    ("1/sqrt(x)", "sqrt(1/x)", "equal powers"),
    ("((x + 3)^2 (x + 3))^(1/3)", "((x + 3) (x^2 + 6 x + 9))^(1/3)", "equal powers"),
    ("sqrt(4 x^2 + 4 x)", "2 sqrt(x) sqrt(x + 1)", "equal powers"),
    ("((x + 1)^3)^(1/3)", "(x + 1)^(1/3) (x + 1)^(2/3)", "equal powers"),
    ("x^(1/3) (x^2)^(1/3)", "x", "equal powers"),
]


@pytest.mark.parametrize(("answer", "expected", "name"), PROVED)
def test_exact_tests_prove_pairs_equal_where_both_are_defined(answer, expected, name):
    assert method(answer, expected) == name
    assert_agree_where_both_defined(answer, expected)


NOT_PROVED = [
    ("x", "x + 1"),
    ("log(x^2)", "log(x)"),  # log(x^2) = 2 log|x|: differs from log(x) for x > 0
    ("log(x^2)", "2 log(x) + 1"),
    ("log(abs(x))", "log(x) + log(2)"),
    ("sqrt(x^2)", "x"),  # |x|, not x
    ("sqrt(x) sqrt(x)", "-x"),
    ("-sqrt(x - 3) sqrt(x - 5)", "sqrt((x - 3) (x - 5))"),  # rational parts differ in sign
    ("x^(1/3)", "x^(2/3)"),
    ("2 x sqrt(x)", "x (4 x^3)^(1/2)"),  # 2 x^(3/2) against 2 x^(5/2)
    ("x sqrt(x)", "-(x^3)^(1/2)"),  # equal squares, opposite signs
    ("abs(x) + log(x)", "x + log(x)"),
    ("max(w, -w)", "-|w|"),
    ("min(w, -w, -1)", "-|w|"),
]


@pytest.mark.parametrize(("answer", "expected"), NOT_PROVED)
def test_exact_tests_do_not_prove_pairs_that_differ(answer, expected):
    assert method(answer, expected) is None


def test_logarithms_of_products_with_a_kink_inside_a_sum_are_left_to_the_prover():
    # |x| + 1 is not a product: |g|^2 = g^2 does not apply inside a sum
    assert method("log(abs(x) + 1)", "log(x + 1)") is None


def test_huge_coefficients_are_left_to_the_prover_without_building_huge_powers():
    started = time.monotonic()
    assert method("10^200 log(6)", "10^200 (log(2) + log(3))") is None
    assert time.monotonic() - started < 5


def test_symbols_that_are_not_real_are_left_to_the_prover():
    u = sympy.Symbol("u")  # complex
    log_sum = sympy.Add(sympy.log(sympy.Abs(u - 3)), sympy.log(sympy.Abs(u + 3)),
                        evaluate=False)
    assert exact_method(sympy.log(sympy.Abs(u**2 - 9)), log_sum) is None


def test_within_tolerance_is_exact():
    third = sympy.Rational(1, 3)
    assert within_tolerance(sympy.Rational(333, 1000), third, sympy.Rational(1, 100))
    assert not within_tolerance(sympy.Rational(333, 1000), third, sympy.Rational(1, 10**4))
    assert within_tolerance(sympy.Symbol("w"), third, sympy.Rational(1, 2)) is None
