"""Tests of symreg._compare: sets, intervals, tuples and equations as answers (in-process)."""

from __future__ import annotations

import pytest
import sympy

from symreg._answers import coerce_written
from symreg._compare import Policy, decide, kind_of
from symreg._decide import evaluated
from symreg.symbols import lam


def written(text: str, latex: bool = False) -> sympy.Basic:
    return coerce_written(text, "answer", latex=latex, symbols=None).written


def check(a: str, e: str, *, latex: bool = False):
    return decide(written(a, latex), written(e, latex), Policy(), 30.0)


@pytest.mark.parametrize(("answer", "expected"), [
    ("{1/2}", "{2/4}"),
    ("{-lam, lam}", "{lam, -lam}"),
    ("{sqrt(lam^2)}", "{lam}"),
    ("[-lam, lam]", "[-lam, 2 lam/2]"),
    ("[0, 1] union [2, 3]", "[2, 3] union [0, 1]"),
    ("{}", "[1, 0]"),
])
def test_equal_sets(answer, expected):
    assert check(answer, expected).status == "equivalent"


@pytest.mark.parametrize(("answer", "expected"), [
    ("[-lam, lam]", "(-lam, lam]"),
    ("{-lam, lam}", "{lam}"),
    ("{z - lam}", "{z + lam}"),
    ("[0, 1]", "{0, 1}"),
])
def test_different_sets_have_a_counterexample(answer, expected):
    verdict = check(answer, expected)
    assert verdict.status == "different", verdict
    point = dict(verdict.counterexample or ())
    # re-checked here: at the counterexample the two sets really differ
    a = evaluated(written(answer)).xreplace(point)
    e = evaluated(written(expected)).xreplace(point)
    assert sympy.SymmetricDifference(a, e).is_empty is False, (a, e)


def test_a_pair_against_an_interval_is_the_open_interval():
    verdict = decide(written("(0, 1)"), sympy.Interval.open(0, 1), Policy(), 30.0)
    assert verdict.status == "equivalent"
    assert verdict.reason.startswith("(a, b) read as the open interval: ")
    assert decide(written("(0, 1)"), sympy.Interval(0, 1), Policy(), 30.0).status == "different"


def test_tuples_are_compared_component_by_component():
    assert check("(1, |w|)", "(1, sqrt(w^2))").status == "equivalent"
    verdict = check("(1, w)", "(1, |w|)")
    assert verdict.status == "different"
    assert verdict.reason.startswith("component 2 differs: ")
    assert dict(verdict.counterexample)[sympy.Symbol("w", real=True)] < 0
    assert check("(1, w)", "(1, w, 2)").reason == (
        "the answer has 2 components, the expected answer 3")


def test_equations_up_to_a_nonzero_factor():
    verdict = check("2 w = 1", "w = 1/2")
    assert verdict.status == "equivalent"
    assert verdict.reason == "as equations: the answer is the expected equation times 2"
    assert check("w^2 = w", "w (w - 1) = 0").reason == (
        "as equations: the same equation, rearranged")


def test_equations_as_solution_sets():
    verdict = check("w^2 = 1", "|w| = 1")
    assert verdict.status == "equivalent"
    assert verdict.reason.startswith("as solution sets in w: ")
    verdict = check("w^2 = 1", "w = 1")
    assert verdict.status == "different"
    assert verdict.reason.startswith("as solution sets in w: ")


def test_an_equation_against_its_solution_set():
    assert check("w^2 = 1/4", "{1/2, -1/2}").status == "equivalent"
    assert check("w^2 = 1/4", "{1/2}").status == "different"
    verdict = check("w = lam", "{lam}")
    assert verdict.status == "equivalent"


def test_answers_of_different_kinds_differ():
    verdict = check("{1/2}", "1/2")
    assert verdict.status == "different"
    assert verdict.reason == "the answer is a set, the expected answer an expression"
    assert kind_of(written("w = 1")) == "equation"
    assert kind_of(sympy.Tuple(1, lam)) == "tuple"
