"""Tests of symreg._written: objects rebuilt as written."""

from __future__ import annotations

import sympy

from symreg._written import rebuild
from symreg.symbols import w, z


def test_a_power_of_an_absolute_value_is_kept_as_written():
    rebuilt = rebuild(sympy.Pow, [sympy.Abs(w), sympy.Integer(2)])
    assert isinstance(rebuilt, sympy.Pow)
    assert isinstance(rebuilt.base, sympy.Abs)


def test_a_piecewise_is_rebuilt_from_its_pairs():
    original = sympy.Piecewise((z - 1, z > 1), (0, True))
    rebuilt = rebuild(sympy.Piecewise, list(original.args))
    assert sympy.srepr(rebuilt) == sympy.srepr(original)


def test_a_class_without_the_evaluate_flag_is_called_plainly():
    rebuilt = rebuild(sympy.Interval, [sympy.Integer(0), sympy.Integer(1)])
    # rebuilt as written (the same tree), and the same set: endpoints in, outside out
    assert sympy.srepr(rebuilt) == sympy.srepr(sympy.Interval(0, 1))
    members = {x: bool(rebuilt.contains(x)) for x in (-1, 0, sympy.Rational(1, 2), 1, 2)}
    assert members == {-1: False, 0: True, sympy.Rational(1, 2): True, 1: True, 2: False}
