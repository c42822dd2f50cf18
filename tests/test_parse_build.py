"""Tests of symreg.parse._build: the limits and the bounded constructors.

Error messages are API: they are matched anchored.
"""

from __future__ import annotations

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
