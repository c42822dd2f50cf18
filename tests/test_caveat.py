"""Tests of symreg._caveat: where a written answer is undefined, and the region of definition."""

from __future__ import annotations

import pytest
import sympy

from symreg._answers import coerce_written
from symreg._caveat import domain_of, region, say
from symreg._decide import evaluated
from symreg.proof._evaluate import truth_at

x = sympy.Symbol("x", real=True)


def written(text: str) -> sympy.Basic:
    return coerce_written(text, "answer", latex=False, symbols=None).written


@pytest.mark.parametrize(("text", "where"), [
    ("(x^2 - 1)/(x + 1)", "at x = -1"),
    ("1/((x - 2) (x + 2))", "at x = -2 and x = 2"),
    ("sqrt(x)", "where x < 0"),
    ("log(x)", "where x <= 0"),
    ("log(-x^2 - 1)", "everywhere"),
    ("1/(x^2 + 1)", ""),
    ("sqrt(x^2)", ""),
])
def test_where_an_answer_is_undefined(text, where):
    dom = domain_of(written(text), 10.0)
    assert dom.text == where
    if where:
        # the witness is a point where the answer really has no real value
        value = evaluated(written(text)).xreplace(dict(dom.witness))
        assert value.has(sympy.nan, sympy.zoo) or value.is_extended_real is False, value
    else:
        assert dom.witness is None
        assert dom.conditions == ()


def test_a_region_the_prover_can_split():
    conds = list(domain_of(written("1/sqrt(x) + 1/(x - 1)"), 10.0).conditions)
    where = region(conds, 10.0)
    for value, inside in [(-1, False), (0, False), (sympy.Rational(1, 2), True), (1, False),
                          (2, True)]:
        assert truth_at(where, {x: sympy.sympify(value)}) is inside


def test_say():
    assert say(sympy.And(sympy.Le(x, 0), sympy.Ne(x, -1))) == "x <= 0 and x != -1"


@pytest.mark.parametrize(("text", "where"), [
    ("1/(x^2 - 2)", "at x = sqrt(2) and x = -sqrt(2)"),
    ("1/(4 x - pi)", "at x = pi/4"),
    ("sqrt(x^2 - 1)", "where -1 < x and x < 1"),
    ("sqrt((x - 1)/(x + 2))", "where -2 <= x and x < 1"),
    ("log(abs(x^2 - 4))", "at x = -2 and x = 2"),
    ("1/(x^3 - x - 1)", "at x = CRootOf(x**3 - x - 1, 0)"),
])
def test_exact_failing_sets_of_conditions_in_one_symbol(text, where):
    dom = domain_of(written(text), 10.0)
    assert (dom.text, dom.unsure) == (where, False)
    value = evaluated(written(text)).xreplace(dict(dom.witness))
    assert value.has(sympy.nan, sympy.zoo) or value.is_extended_real is False, value


def test_an_integer_symbol_is_undefined_only_at_its_own_values():
    k = sympy.Symbol("k", integer=True, nonnegative=True)
    ratio = sympy.Mul(k + 7, sympy.Pow(k**2 + 4 * k - 12, -1, evaluate=False), evaluate=False)
    dom = domain_of(ratio, 10.0)  # the root -6 is not a value of k
    assert (dom.text, dom.witness) == ("at k = 2", ((k, 2),))


def test_the_region_of_cases_is_cut_by_the_prover_itself():
    a = sympy.Symbol("a", positive=True)
    partial = sympy.Piecewise((x - a, x > a), (x + a, x < -a))
    dom = domain_of(partial, 10.0)
    assert dom.text == "where x <= a and -a <= x"
    where = region(list(dom.conditions), 10.0)
    for value, inside in [(-3, True), (-2, False), (0, False), (2, False), (3, True)]:
        assert truth_at(where, {x: sympy.sympify(value), a: sympy.Integer(2)}) is inside
