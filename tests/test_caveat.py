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
