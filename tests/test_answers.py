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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max(sqrt(-1), 0)", r"^not a real expression: max and min need real arguments$"),
        ("min(w, log(-1))", r"^not a real expression: max and min need real arguments$"),
    ],
)
def test_sympy_refusals_are_parse_errors(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("sqrt(-2)", r"^g is not a real expression: sqrt\(2\)\*I$"),
        (sympy.I * sympy.pi, r"^g is not a real expression: I\*pi$"),
        ("(-8)^(1/3)", r"^g is not a real expression: 2\*\(-1\)\*\*\(1/3\)$"),
    ],
)
def test_non_real_constants_are_refused(answer, message):
    with pytest.raises(InvalidParameterError, match=message):
        coerce_answer(answer, "g", latex=False, symbols=None)


def test_real_answers_with_a_non_real_looking_part_pass():
    assert coerce_answer("sqrt(w - 1)", "g", latex=False, symbols=None).free_symbols == {w}
    assert coerce_answer("|sqrt(-4)|", "g", latex=False, symbols=None) == 2


def test_names_with_assumptions():
    x, a, k = sympy.Symbol("x", real=True), sympy.Symbol("a", positive=True), \
        sympy.Symbol("kk", integer=True)
    spec = {"x": "real", "a": "positive", "kk": "integer"}
    assert parse("x a kk", symbols=spec) == x * a * k
    assert parse("x a kk", symbols="x: real; a: positive; kk: integer") == x * a * k
    assert parse("x y", symbols="x y: real") == x * sympy.Symbol("y", real=True)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("x: complex", r"^unknown assumption 'complex' for x \(known: integer, negative, "
                       r"nonnegative, positive, real\)$"),
        ({"x": "big"}, r"^unknown assumption 'big' for x \(known: integer, negative, "
                       r"nonnegative, positive, real\)$"),
        ("x", r"^invalid symbols spec 'x': write 'names: assumption'$"),
        (": real", r"^invalid symbols spec ': real': write 'names: assumption'$"),
    ],
)
def test_a_bad_symbols_spec_is_refused(spec, message):
    with pytest.raises(InvalidParameterError, match=message):
        parse("1", symbols=spec)
