"""Tests of symreg.parse._build: the limits and the bounded constructors.

Error messages are API: they are matched anchored.
"""

from __future__ import annotations

import sys

import pytest
import sympy

from symreg.errors import ParseError
from symreg.parse import MAX_BITS, MAX_DIGITS, MAX_EXPONENT, bit_length, parse
from symreg.parse._build import _apply, _guard, _make_pow, _number
from symreg.symbols import w

R = sympy.Rational


@pytest.mark.parametrize(
    ("value", "bits"),
    [(R(0), 1), (R(1), 1), (R(-1), 1), (R(255), 8), (R(256), 9), (R(1, 256), 9),
     (R(-255, 256), 9), (R(2) ** 4096, 4097)],
)
def test_bit_length_measures_the_larger_of_numerator_and_denominator(value, bits):
    assert bit_length(value) == bits


def test_number_is_exact():
    assert _number("12", "5", None, "12.5", 0) == R(25, 2)
    assert _number("", "25", "-1", ".25e-1", 0) == R(1, 40)
    assert _number("0", None, None, "0", 0) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1" * (MAX_DIGITS + 1), None, None), r"^number too long \(more than 1000 digits\) "
                                               r"at position 3$"),
        (("1", "5" * MAX_DIGITS, None), r"^number too long \(more than 1000 digits\) "
                                        r"at position 3$"),
        (("1", None, "1001"), r"^exponent of number too large \(limit 1000\) at position 3$"),
        (("1", None, "-" + "9" * 6), r"^exponent of number too large \(limit 1000\) "
                                     r"at position 3$"),
    ],
)
def test_number_limits(args, message):
    with pytest.raises(ParseError, match=message):
        _number(*args, "text", 3)


def test_make_pow_checks_before_building():
    assert _make_pow(w, R(2), 0) == w**2
    assert _make_pow(R(2), R(MAX_EXPONENT), 0) == 2**MAX_EXPONENT
    with pytest.raises(ParseError, match=r"^exponent too large \(limit 1000\) at position 5$"):
        _make_pow(w, R(MAX_EXPONENT + 1), 5)
    with pytest.raises(ParseError, match=r"^exponent too large \(limit 1000\) at position 5$"):
        _make_pow(w, R(1, MAX_EXPONENT + 1), 5)
    with pytest.raises(ParseError, match=r"^division by zero at position 5$"):
        _make_pow(R(0), R(-1), 5)
    with pytest.raises(ParseError, match=r"^power too large \(more than 4096 bits\) "
                                         r"at position 5$"):
        _make_pow(R(1024), R(MAX_EXPONENT), 5)
    with pytest.raises(ParseError, match=r"^power too large \(more than 4096 bits\) "
                                         r"at position 5$"):
        _make_pow(R(2) ** 100 * w, R(100), 5)


def test_guard_refuses_undefined_and_oversized_values():
    assert _guard(w + 1, 0) == w + 1
    with pytest.raises(ParseError, match=r"^undefined value \(division by zero\?\) "
                                         r"at position 2$"):
        _guard(sympy.zoo, 2)
    with pytest.raises(ParseError, match=r"^number too large \(more than 4096 bits\) "
                                         r"at position 2$"):
        _guard(R(2) ** (MAX_BITS + 1), 2)


@pytest.mark.parametrize(
    ("func", "args", "expected"),
    [("abs", [w], sympy.Abs(w)), ("sign", [w], sympy.sign(w)), ("sqrt", [w], sympy.sqrt(w)),
     ("log", [w], sympy.log(w)), ("exp", [w], sympy.exp(w)), ("max", [w, 0], sympy.Max(w, 0)),
     ("min", [w, 0], sympy.Min(w, 0))],
)
def test_apply_builds_each_function(func, args, expected):
    assert _apply(func, args, 0) == expected


def test_apply_refuses_the_logarithm_of_zero():
    with pytest.raises(ParseError, match=r"^logarithm of zero at position 4$"):
        _apply("log", [sympy.S.Zero], 4)


def test_large_but_allowed_numbers():
    assert parse("9^999").is_Integer
    assert parse("w^1000 + w^-1000").has(w)


def test_a_literal_with_a_large_decimal_exponent_is_bounded_by_max_bits():
    assert bit_length(parse("1e1000")) <= MAX_BITS
    with pytest.raises(ParseError, match=r"^number too large \(more than 4096 bits\) "
                                         r"at position 0$"):
        parse("9" * 1000 + "e1000")


@pytest.fixture
def int_digits_640():
    """Python's limit on int <-> decimal string conversion lowered to its minimum."""
    if not hasattr(sys, "set_int_max_str_digits"):  # pragma: no cover - Python 3.10
        pytest.skip("Python has no limit on integer digits")
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


@pytest.mark.usefixtures("int_digits_640")
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1" * 700, r"^number too long \(more than 640 digits\) at position 0$"),
        ("w + " + "1" * 641, r"^number too long \(more than 640 digits\) at position 4$"),
        ("1" * 600 + "e100", r"^number too large \(more than 2108 bits\) at position 0$"),
        ("9^999", r"^power too large \(more than 2108 bits\) at position 1$"),
        ("(2^1000)^3", r"^power too large \(more than 2108 bits\) at position 8$"),
        ("2^1000 * 2^1000 * 2^1000", r"^number too large \(more than 2108 bits\) "
                                     r"at position 0$"),
    ],
)
def test_python_int_digit_limit_is_a_parse_error(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text)


@pytest.mark.usefixtures("int_digits_640")
def test_what_is_accepted_under_the_int_digit_limit_prints():
    for text in ("1" * 640, "2^1000", "(9^300)^2", "1/3^999"):
        assert str(parse(text))
