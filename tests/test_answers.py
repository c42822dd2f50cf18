"""Coercion of answers (symreg._answers): text, numbers and SymPy objects, exactly."""

from __future__ import annotations

import fractions

import pytest
import sympy

from symreg._answers import check_timeout, coerce_answer, parse
from symreg.errors import InvalidParameterError, ParseError
from symreg.symbols import lam, w


@pytest.mark.parametrize(("value", "expected"), [
    (3, sympy.Integer(3)),
    (fractions.Fraction(2, 7), sympy.Rational(2, 7)),
    (0.1, sympy.Rational(1, 10)),
    ("2 lam w", 2 * lam * w),
    (sympy.Float("0.25") * w, w / 4),
])
def test_answers_become_exact(value, expected):
    got = coerce_answer(value, "answer", latex=False, symbols=None)
    assert sympy.expand(got - expected) == 0


@pytest.mark.parametrize(("value", "error", "message"), [
    (None, InvalidParameterError, r"^g must be an expression, got None$"),
    (float("inf"), InvalidParameterError, r"^g must be finite, got inf$"),
    (object, TypeError, r"^g must be a str, a number or a SymPy expression, got type$"),
    ("w +", ParseError, r"^unexpected end of input at position 3$"),
])
def test_bad_answers_are_refused(value, error, message):
    with pytest.raises(error, match=message):
        coerce_answer(value, "g", latex=False, symbols=None)


def test_parse_is_the_safe_parser():
    assert parse(r"\lambda \left| w \right|", latex=True) == lam * sympy.Abs(w)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), "5", True])
def test_timeouts_must_be_positive_numbers(timeout):
    with pytest.raises(InvalidParameterError,
                       match=r"^timeout must be a positive number of seconds, got "):
        check_timeout(timeout)
