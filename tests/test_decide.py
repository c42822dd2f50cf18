"""Tests of symreg._decide: the domain policy, exact numbers and the tolerance.

The checks run in this process (no worker) on written forms from the parser.
Every counterexample is re-evaluated here: a strict difference must be a point
where a side is really undefined, a difference under the default policy a
point where both are defined and differ.
"""

from __future__ import annotations

import pickle

import pytest
import sympy
from conftest import evaluate, rational_points, values_equal

from symreg._answers import coerce_written
from symreg._decide import Policy, decide_expression, freeze, thaw
from symreg.proof import value_at


def written(text: str) -> sympy.Basic:
    return coerce_written(text, "answer", latex=False, symbols=None).written


def decide(a: str, e: str, **policy: object):
    return decide_expression(written(a), written(e), Policy(**policy), 30.0)


# (answer, expected, caveat) that graders accept and strict checking refuses
WHERE_DEFINED = [
    ("(x^2-1)/(x+1)", "x-1", "the answer is undefined at x = -1"),
    ("abs(x^2-4)/(abs(x-2)*abs(x+2))", "1", "the answer is undefined at x = -2 and x = 2"),
    ("1/sqrt(x)", "sqrt(1/x)",
     "the answer is undefined where x <= 0; the expected answer is undefined where x <= 0"),
    ("log(a^2*b)", "2*log(a)+log(b)",
     "the answer is undefined where a**2*b <= 0; the expected answer is undefined "
     "where a <= 0"),
    ("w/w", "1", "the answer is undefined at w = 0"),
    ("max(w,0)/max(w,0)", "1", "the answer is undefined where w <= 0"),
    ("(w-1)^2/(w-1)", "w-1", "the answer is undefined at w = 1"),
    ("(w^2-2w+1)/(w-1)", "w-1", "the answer is undefined at w = 1"),
    ("log(max(w,0))/log(max(w,0))", "1", "the answer is undefined where w = 1 or w <= 0"),
]


@pytest.mark.parametrize(("answer", "expected", "caveat"), WHERE_DEFINED)
def test_equivalent_where_both_are_defined_with_a_caveat(answer, expected, caveat):
    verdict = decide(answer, expected)
    assert verdict.status == "equivalent", verdict
    assert verdict.caveat == f"equivalent where both are defined; {caveat}"
    assert str(verdict).startswith("equivalent where both are defined: ")
    a, e = written(answer), written(expected)
    checked = 0
    for point in rational_points(a, e):
        va, ve = value_at(a, point), value_at(e, point)
        if va in (None, sympy.nan) or ve in (None, sympy.nan) or va.has(sympy.I) \
                or ve.has(sympy.I):
            continue
        assert values_equal(va, ve), (point, va, ve)
        checked += 1
    assert checked > 0


@pytest.mark.parametrize(("answer", "expected", "caveat"), WHERE_DEFINED)
def test_strict_makes_an_undefined_point_a_difference(answer, expected, caveat):
    verdict = decide(answer, expected, strict=True)
    assert verdict.status == "different", verdict
    assert verdict.method == "domain"
    assert verdict.reason.startswith("strict: the ")
    assert verdict.caveat == caveat
    point = dict(verdict.counterexample)
    values = [value_at(written(answer), point), value_at(written(expected), point)]
    assert any(v is sympy.nan or (v is not None and not v.is_real) for v in values), values


def test_the_same_function_gets_the_same_verdict():
    first = decide("(w-1)^2/(w-1)", "w-1")
    second = decide("(w^2-2w+1)/(w-1)", "w-1")
    assert (first.status, first.caveat) == (second.status, second.caveat)
    assert (decide("(w-1)^2/(w-1)", "w-1", strict=True).counterexample
            == decide("(w^2-2w+1)/(w-1)", "w-1", strict=True).counterexample)


def test_a_difference_where_both_are_defined_is_still_a_difference():
    verdict = decide("w/w", "2")
    assert verdict.status == "different"
    point = dict(verdict.counterexample)
    assert point[sympy.Symbol("w", real=True)] != 0
    assert verdict.caveat == "the answer is undefined at w = 0"
    assert not values_equal(evaluate(verdict.answer, point), evaluate(verdict.expected, point))


def test_nowhere_defined_is_never_equivalent():
    verdict = decide("log(-w^2 - 1)", "5")
    assert verdict.status != "equivalent"
    assert verdict.caveat == "the answer is undefined everywhere"


def test_defined_everywhere_has_no_caveat():
    verdict = decide("1/(w^2 + 1)", "1/(1 + w^2)")
    assert verdict.status == "equivalent"
    assert verdict.caveat == ""


@pytest.mark.parametrize(("answer", "expected"), [
    ("4.52*10^2", "452"),
    ("0.1 + 0.2", "0.3"),
    ("1e-3 w", "w/1000"),
])
def test_decimals_are_exact(answer, expected):
    assert decide(answer, expected).status == "equivalent"


def test_a_rounded_decimal_differs_without_a_tolerance():
    assert decide("0.333", "1/3").status == "different"
    assert decide("3.1416", "pi").status == "different"


def test_rtol_accepts_close_constants_exactly():
    close = decide("3.1416", "pi", rtol=sympy.Rational(1, 10**4))
    assert close.status == "equivalent"
    assert close.method == "tolerance"
    assert close.reason.startswith("equal within rtol = 1/10000; they differ by about ")
    assert decide("3.14", "pi", rtol=sympy.Rational(1, 10**4)).status == "different"
    # a tolerance is for numbers: expressions are still compared exactly
    assert decide("0.333 w", "w/3", rtol=sympy.Rational(1, 100)).status == "different"


def test_written_forms_survive_a_trip_to_a_worker():
    form = written("w/w + (w^2-2w+1)/(w-1)")
    assert str(pickle.loads(pickle.dumps(form))) != str(form)  # SymPy would evaluate it
    again = thaw(pickle.loads(pickle.dumps(freeze(form))))
    # the structure itself is what must survive (the form as written, not its value)
    assert sympy.srepr(again) == sympy.srepr(form)
    assert "w/w" in str(again)


# ---------------------------------------------------------------------------
# exact algebra before sampling: rational identities and logarithms


@pytest.mark.parametrize(("answer", "expected"), [
    ("(w-1)*(w^2+w+1)", "w^3-1"),
    ("(w-1)^(-2)", "1/(w^2-2*w+1)"),
    ("1/w - 1/(w+1)", "1/(w*(w+1))"),
])
def test_a_rational_identity_is_proved_by_exact_algebra(answer, expected):
    v = decide(answer, expected)
    assert (v.status, v.method) == ("equivalent", "rational identity")
    checked = 0
    for point in rational_points(written(answer), written(expected)):
        va, ve = value_at(written(answer), point), value_at(written(expected), point)
        if va is not None and ve is not None and sympy.nan not in (va, ve):
            assert values_equal(va, ve), (point, va, ve)
            checked += 1
    assert checked > 0


def test_a_rational_identity_keeps_its_caveat_and_strict_still_refuses():
    v = decide("1/w - 1/(w+1)", "1/(w*(w+1))")
    assert v.caveat.startswith("equivalent where both are defined; the answer is undefined at ")
    strict = decide("1/w - 1/(w+1)", "1/(w*(w+1))", strict=True)
    assert (strict.status, strict.method) == ("different", "domain")
    point = dict(strict.counterexample)
    values = [value_at(written("1/w - 1/(w+1)"), point),
              value_at(written("1/(w*(w+1))"), point)]
    assert any(v is None or v is sympy.nan for v in values), values


def test_a_rational_difference_is_not_taken_for_an_identity():
    v = decide("(w-1)*(w^2+w+1)", "w^3+1")
    assert v.status == "different"
    point = dict(v.counterexample)
    assert not values_equal(evaluate(v.answer, point), evaluate(v.expected, point))


def test_a_high_power_is_left_to_the_sampler():
    v = decide("(w+1)^200", "(w+1)^200 + 1")
    assert v.status == "different"
    assert v.method != "rational identity"


@pytest.mark.slow
def test_positive_powers_with_equal_logarithms():
    x, y = sympy.symbols("x y", positive=True)
    v = decide_expression(x**sympy.log(y), y**sympy.log(x), Policy(), 30.0)
    assert (v.status, v.method) == ("equivalent", "logarithms")
    for px, py in [(sympy.Rational(1, 2), 3), (2, 5), (7, sympy.Rational(1, 7))]:
        gap = (x**sympy.log(y) - y**sympy.log(x)).subs({x: px, y: py})
        assert abs(sympy.N(gap, 30)) < 1e-25
    # a real base can be negative: no logarithm rule applies
    r = sympy.Symbol("r", real=True)
    other = decide_expression(r**sympy.log(y), y**sympy.log(r), Policy(), 30.0)
    assert other.method != "logarithms"


@pytest.mark.parametrize(("answer", "expected"), [("log(x)", "log(-x)"),
                                                  ("sqrt(x - 1)", "sqrt(-x - 1)")])
def test_no_equivalence_where_both_are_defined_nowhere(answer, expected):
    # exact algebra would call them equal where both are defined, but that is nowhere
    assert decide(answer, expected).status != "equivalent"
