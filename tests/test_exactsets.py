"""Tests of symreg._exactsets: where a condition in one symbol holds and fails, exactly."""

from __future__ import annotations

import pytest
import sympy

from symreg._exactsets import _exact_sets, _fails, _one_symbol_set

x = sympy.Symbol("x", real=True)


@pytest.mark.parametrize("cond", [
    sympy.Ne(x**2 - 2 * x + 1, 0), sympy.Ge((x - 5) * (x - 3), 0), sympy.Gt(1 / x, 0),
    sympy.Ge(x / 5 + 1, 0), sympy.Gt(sympy.Abs(x**2 - 9), 0), sympy.Lt(x**3 - x, 0),
    sympy.Le((x + 1) / (x - 2), 0), sympy.Ne(4 * x - sympy.pi - sympy.sqrt(2), 0),
])
def test_exact_sets_agree_with_solveset(cond):
    sets = _exact_sets(cond)
    assert sets is not None
    solved = sympy.solveset(cond, x, sympy.S.Reals)
    assert sets.holds == solved
    assert sets.fails == sympy.Complement(sympy.S.Reals, solved)


def test_the_sets_of_a_condition_in_one_symbol():
    found = _one_symbol_set(sympy.Gt(x**2, 4))
    assert found is not None
    sym, holds = found
    assert sym == x
    for value, inside in [(-3, True), (-2, False), (0, False), (2, False), (sympy.Rational(5, 2),
                                                                              True)]:
        assert (sympy.sympify(value) in holds) is inside
    assert _fails(sympy.Ge(x**2 - 1, 0)) == sympy.Interval.open(-1, 1)
    # with a parameter the set is not solved here (the caller keeps the condition)
    assert _one_symbol_set(sympy.Gt(x, sympy.Symbol("a", positive=True))) is None
