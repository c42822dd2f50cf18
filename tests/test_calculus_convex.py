"""Convexity by composition rules, and refuted at a midpoint."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Max, exp, sqrt

from symreg.calculus import convex_by_rules, is_convex, midpoint_counterexample
from symreg.symbols import lam, w

x = sympy.Symbol("x", real=True)
H = sympy.Rational(1, 2)

CONVEX = [lam * Abs(w), lam * w**2 + Abs(w - 1), 3 * w**2 - 2 * w + 1, Abs(2 * w + lam),
          lam * Abs(w) ** 3, Abs(w) ** sympy.Rational(4, 3), sqrt(w**2 + 1),
          lam * sqrt(w**2 + 2 * w + 5), Max(w, -w, 1), exp(w**2), (w**2 + 1) ** 2, sympy.S(7)]
NOT_BY_RULES = [-(w**2), x * w**2, sqrt(Abs(w)), w**3, sqrt(w**2 + 2 * w), Abs(w**2 - 1),
                sympy.log(1 + Abs(w))]


@pytest.mark.parametrize("expr", CONVEX, ids=str)
def test_the_rules_prove_convex_functions_convex(expr):
    assert convex_by_rules(expr, w) is True
    assert midpoint_counterexample(expr, w) is None  # consistent with a refutation


@pytest.mark.parametrize("expr", NOT_BY_RULES, ids=str)
def test_no_rule_applies_to_these(expr):
    assert convex_by_rules(expr, w) is False


@pytest.mark.parametrize("expr", [-(w**2), sqrt(Abs(w)), w**3, Abs(w**2 - 1),
                                  sympy.log(1 + Abs(w)),
                                  sympy.Piecewise((0, sympy.Eq(w, 0)), (1, True))], ids=str)
def test_a_midpoint_above_the_chord_refutes_convexity(expr):
    found = midpoint_counterexample(expr, w)
    assert found is not None
    low, high = found.pop("between")
    mid = found[w]
    assert mid == (low + high) / 2
    at = {k: v for k, v in found.items() if k != w}
    value = expr.xreplace(at)
    assert sympy.N(value.subs(w, mid) - (value.subs(w, low) + value.subs(w, high)) / 2) > 0
    assert is_convex(expr, w) is not True


def test_a_refutation_uses_parameter_values_the_assumptions_allow():
    # x*w**2 is convex for x >= 0 only: the counterexample takes x < 0.
    found = midpoint_counterexample(x * w**2, w)
    assert found is not None
    assert found[x] < 0
    assert midpoint_counterexample(lam * w**2, w) is None
