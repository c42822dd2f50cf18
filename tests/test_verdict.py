"""The display of verdicts: exact numbers too long to print are shown rounded."""

from __future__ import annotations

import sympy

from symreg._verdict import show

R = sympy.Rational


def _float(text: str) -> sympy.Float:
    return sympy.Float(text, 30)


def test_numbers_that_print_whole_are_left_exact():
    for number in (sympy.Integer(0), sympy.Integer(-7), R(1, 3), R(-22, 7),
                   sympy.Integer(10) ** 1000):
        assert show(number) == str(number)


def test_huge_numbers_are_rounded_to_six_digits_of_either_sign():
    # Sizes whose exact value SymPy can still evaluate for comparison; the rounded
    # display must agree with it to the six digits shown.
    for number in (sympy.Integer(3) ** 9000, -sympy.Integer(3) ** 9000,
                   R(7, 3) ** 12000, R(-5, 11) ** 13001, R(1, 10) ** 5000):
        shown = _float(show(number))
        exact = sympy.Float(number, 30)
        assert abs(shown - exact) <= abs(exact) * sympy.Float("1e-5"), number


def test_a_number_of_a_million_digits_is_shown_at_once():
    assert show(sympy.Integer(10) ** 1_000_000) == "1.00000e+1000000"
    assert show(-sympy.Integer(2) ** 4_000_000).startswith("-")


def test_a_value_where_a_side_has_none_is_said_in_words():
    from symreg._verdict import show_value

    assert show_value(sympy.nan) == "undefined"
    assert show_value(sympy.zoo) == "undefined"
    assert show_value(sympy.sqrt(-7)) == "not real"
    assert show_value(sympy.Rational(-1, 7)) == "-1/7"
    assert show_value(sympy.oo) == "oo"
