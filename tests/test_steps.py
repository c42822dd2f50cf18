"""Tests of symreg._steps and symreg.check.check_steps: multi-step answers."""

from __future__ import annotations

import pytest
import sympy

from symreg._answers import coerce_written
from symreg._steps import Policy, check_chain
from symreg.check import check_steps
from symreg.errors import InvalidParameterError, ParseError
from symreg.symbols import w


def chain(*steps: str, strict: bool = False):
    forms = [coerce_written(s, "step", latex=False, symbols=None).written for s in steps]
    return check_chain(forms, Policy(strict=strict), 30.0)


def test_a_chain_of_equal_expressions_is_valid():
    out = chain("(w - 1)^2", "w^2 - 2 w + 1", "(1 - w)^2")
    assert out.status == "valid"
    assert bool(out)
    assert [link.status for link in out.links] == ["equivalence", "equivalence"]


def test_the_first_expression_step_that_differs_is_named():
    out = chain("(w - 1)^2", "w^2 - 2 w + 1", "w^2 + 1", "w^2 + 1")
    assert out.status == "invalid"
    assert out.first_failure == 3
    assert len(out.links) == 2  # checking stops at the failure
    point = dict(out.links[-1].counterexample)
    assert (w**2 - 2 * w + 1).xreplace(point) != (w**2 + 1).xreplace(point)


def test_dividing_by_the_unknown_loses_a_solution():
    out = chain("w^2 = w", "w^2 - w = 0", "w (w - 1) = 0", "w = 1")
    assert out.first_failure == 4
    assert [link.status for link in out.links] == ["equivalence", "equivalence", "fails"]
    assert out.links[-1].counterexample == ((w, 0),)
    assert out.links[-1].reason == "a solution of step 3 does not solve step 4"


def test_squaring_is_only_an_implication():
    out = chain("w = 1", "w^2 = 1")
    assert out.status == "valid"
    assert [link.status for link in out.links] == ["implication"]
    assert out.links[0].reason == "step 2 has solutions in w that step 1 has not"


def test_solution_sets_that_agree_are_an_equivalence():
    out = chain("w^2 = 1", "|w| = 1")
    assert [link.status for link in out.links] == ["equivalence"]


def test_mixing_kinds_fails():
    out = chain("w^2 = 1", "w^2 - 1")
    assert out.status == "invalid"
    assert out.links[0].reason == "step 2 is an expression, step 1 an equation"


def test_a_caveat_names_the_step():
    out = chain("(w^2 - 1)/(w + 1)", "w - 1")
    assert out.status == "valid"
    assert out.links[0].caveat == ("equivalent where both are defined; step 1 is undefined "
                                   "at w = -1")
    assert chain("(w^2 - 1)/(w + 1)", "w - 1", strict=True).status == "invalid"


def test_check_steps_in_a_worker_and_its_display():
    out = check_steps(["x^2 = x", "x = 1"])
    assert out.status == "invalid"
    assert out.warnings == ("x was not declared; it is read as a real symbol",)
    text = str(out)
    assert text.startswith("invalid: step 2 does not follow from step 1\n  step 1: x**2 = x\n")
    assert "does not follow (a solution of step 1 does not solve step 2) at x = 0" in text
    assert out._repr_latex_().startswith("$\\displaystyle x^{2} = x \\quad \\not\\implies")


def test_check_steps_refuses_bad_input():
    with pytest.raises(InvalidParameterError, match=r"^a chain needs at least two steps, got 1$"):
        check_steps(["w"])
    with pytest.raises(ParseError, match=r"^step 2: unknown name 'foo' at position 0$"):
        check_steps(["w", "foo"])
    assert isinstance(check_steps([sympy.Eq(w, 1), "w = 1"]).steps[0], sympy.Eq)
