"""Tests of symreg.testing: assert_equivalent, assert_implements, subgradients."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from symreg.errors import InvalidParameterError, VerificationError
from symreg.symbols import lam, w, z
from symreg.testing import (
    Checker,
    assert_equivalent,
    assert_implements,
    assert_in_subdifferential,
    assert_steps,
)

SOFT = "sign(z) max(|z| - lam, 0)"


# ---------------------------------------------------------------------------
# assert_equivalent


def test_assert_equivalent_passes_and_returns_the_verdict():
    verdict = assert_equivalent(SOFT, "z - max(-lam, min(z, lam))")
    assert verdict.status == "equivalent"
    assert assert_equivalent(r"\sqrt{w^2}", r"\left|w\right|", latex=True)


def test_assert_equivalent_shows_both_expressions_and_the_point():
    with pytest.raises(AssertionError) as info:
        assert_equivalent("2 lam w", "lam w")
    # (pytest's assertion rewriting indents continuation lines: compare them stripped)
    lines = [line.strip() for line in str(info.value).splitlines()]
    assert lines[:4] == [
        "answer is not equivalent to expected (different: a counterexample proves it)",
        "answer:   2 lam w",
        "expected: lam w",
        "at lam = 1, w = -1: answer = -2, expected = -1",
    ]
    assert lines[4].startswith("hint: the answer equals the expected result with lam "
                               "replaced by 2*lam")


@pytest.mark.slow
def test_assert_equivalent_fails_when_undecided():
    with pytest.raises(AssertionError, match=r"^could not prove it: answer is not equivalent "
                                             r"to expected \(undecided: time budget of "
                                             r"0\.3 s exhausted\)"):
        assert_equivalent("max(w, z, -w, -z, lam) + min(w, z, eta)",
                          "max(|w|, |z|, lam) + min(w, z, eta)", timeout=0.3)


def test_assert_equivalent_reports_undefined_values():
    with pytest.raises(AssertionError, match=r"expected = undefined"):
        assert_equivalent("lam sign(w)", "lam w/|w|", strict=True)


# ---------------------------------------------------------------------------
# assert_implements


def soft_python(z, lambda_):
    return math.copysign(max(abs(z) - lambda_, 0.0), z)


def soft_numpy(z, lam):
    return np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)


def hard_threshold(z, lam):
    return z if abs(z) > lam else 0.0


@pytest.mark.parametrize("fn", [soft_python, soft_numpy])
def test_assert_implements_accepts_correct_implementations(fn):
    checked = assert_implements(fn, SOFT)
    assert checked >= 20


def test_points_include_zero_negatives_and_the_thresholds():
    seen = []

    def spy(z, lam):
        seen.append((z, lam))
        return soft_python(z, lam)

    assert_implements(spy, SOFT)
    assert any(zz == 0 for zz, _ in seen)
    assert any(zz < 0 for zz, _ in seen)
    assert any(zz == ll for zz, ll in seen)  # exactly at the threshold
    assert any(zz == -ll for zz, ll in seen)


def test_discontinuous_implementations_are_judged_at_their_own_floats():
    expr = sympy.Piecewise((z, abs(z) > lam), (0, True))
    assert assert_implements(hard_threshold, expr) > 10


def test_assert_implements_shows_the_point_and_both_values():
    def wrong(z, lam):
        return max(z - lam, 0.0)  # forgets negative z

    with pytest.raises(AssertionError) as info:
        assert_implements(wrong, SOFT)
    first, second = (line.strip() for line in str(info.value).splitlines()[:2])
    assert first == "fn does not implement sign(z)*Max(0, -lam + Abs(z))"
    assert second.startswith("at lam = ")
    assert "fn returned 0.0, expected -" in second


def test_assert_implements_catches_a_wrong_constant():
    with pytest.raises(AssertionError, match=r"^fn does not implement lam\*w\*\*2\n"):
        assert_implements(lambda w, lam: 0.5 * lam * w * w, "lam w^2")


def test_exceptions_of_fn_are_reported():
    def broken(w):
        raise ZeroDivisionError("oops")

    with pytest.raises(VerificationError, match=r"^fn raised ZeroDivisionError: oops\n  at w = "):
        assert_implements(broken, "w")


def test_undefined_points_are_skipped():
    assert assert_implements(lambda w: 1 / w, "1/w") > 5


def test_parameters_are_matched_by_name():
    assert assert_implements(lambda lmbda, w: lmbda * w, "lam w") > 0
    assert assert_implements(lambda w, lam, scale=1.0: scale * lam * w, "lam w") > 0
    assert assert_implements(lambda w, lam: w, "w") > 0  # lam unused by the expression
    with pytest.raises(InvalidParameterError,
                       match=r"^parameter 'x' of fn matches no symbol \(symbols of the "
                             r"expression: lam, w\)$"):
        assert_implements(lambda x, lam: x, "lam w")
    with pytest.raises(InvalidParameterError,
                       match=r"^fn has no parameter for the symbol 'lam' \(name one lam or "
                             r"lambda_ or lmbda or lam_\)$"):
        assert_implements(lambda w: w, "lam w")


def test_explicit_points():
    n = assert_implements(lambda z, lam: soft_python(z, lam), SOFT,
                          points=[{"z": 2, "lam": 1}, {z: "-1/2", lam: 1}, {"z": 0, "lambda_": 3}])
    assert n == 3
    with pytest.raises(InvalidParameterError, match=r"^a point has no value for z$"):
        assert_implements(soft_python, SOFT, points=[{"lam": 1}])
    with pytest.raises(InvalidParameterError, match=r"^unknown symbol 'q' in a point$"):
        assert_implements(soft_python, SOFT, points=[{"q": 1, "z": 1, "lam": 1}])


def test_numpy_scalars_and_arrays_are_accepted():
    assert assert_implements(lambda w: np.float64(w) ** 2, "w^2") > 0
    assert assert_implements(lambda w: np.array([w * 2.0]), "2 w") > 0


# ---------------------------------------------------------------------------
# assert_in_subdifferential and the Checker


def test_assert_in_subdifferential():
    assert assert_in_subdifferential("0.3 lam", "lam |w|", at=0).status == "equivalent"
    with pytest.raises(AssertionError, match=r"^g is not in the subdifferential \(different"):
        assert_in_subdifferential("2 lam", "lam |w|", at=0)


@pytest.mark.slow
def test_checker_uses_its_budget():
    verdict = Checker(timeout=0.01).equivalent("max(w, z, -w, -z, lam) + min(w, z, eta)",
                                               "max(|w|, |z|, lam) + min(w, z, eta)")
    assert verdict.status == "undecided"
    assert verdict.reason == "time budget of 0.01 s exhausted"
    checker = Checker(timeout=30)
    assert checker.parse("2 w").has(w)
    assert checker.assert_equivalent("w + w", "2 w")
    assert checker.assert_in_subdifferential("0", "lam |w|", at=0)
    assert checker.assert_implements(lambda w: 2 * w, "2 w") > 0


def test_a_value_too_long_to_print_fails_with_a_message():
    # Once a ValueError from Python's limit on the digits of str(int) (10^5000 has 5001).
    with pytest.raises(AssertionError) as info:
        assert_equivalent("(10^5 + w)^1000", "w", timeout=60)
    assert "at w = 0: answer = 1.00000e+5000, expected = 0" in str(info.value)


def test_a_non_real_answer_is_refused():
    with pytest.raises(InvalidParameterError, match=r"^answer is not a real expression: I\*pi$"):
        assert_equivalent("log(-1)", "w")


def test_a_huge_timeout_is_no_limit():
    assert assert_equivalent("|w|^2", "w^2", timeout=1e10).status == "equivalent"


# ---------------------------------------------------------------------------
# the domain policy, other kinds of answers, steps


def test_assert_equivalent_returns_the_caveat_and_strict_fails():
    verdict = assert_equivalent("(x^2 - 1)/(x + 1)", "x - 1", symbols={"x": "real"})
    assert verdict.caveat == ("equivalent where both are defined; the answer is undefined "
                              "at x = -1")
    assert verdict.warnings == ()  # x was declared
    with pytest.raises(AssertionError) as info:
        assert_equivalent("(x^2 - 1)/(x + 1)", "x - 1", strict=True)
    lines = [line.strip() for line in str(info.value).splitlines()]
    assert lines[:6] == [
        "answer is not equivalent to expected (different: strict: the answer is undefined "
        "at x = -1)",
        "answer:   (x^2 - 1)/(x + 1)",
        "expected: x - 1",
        "at x = -1: answer = undefined, expected = -2",
        "caveat: the answer is undefined at x = -1",
        "warning: x was not declared; it is read as a real symbol",
    ]


def test_assert_equivalent_takes_sets_equations_and_a_tolerance():
    assert assert_equivalent("{1/2, -1/2}", "w^2 = 1/4").reason.startswith(
        "as solution sets in w: ")
    assert assert_equivalent(r"\left[-\lambda, \lambda\right]", "[-lam, lam]",
                             latex=True, expected_latex=False)
    assert assert_equivalent("3.1416", "pi", rtol=1e-4).method == "tolerance"
    with pytest.raises(AssertionError, match=r"^answer is not equivalent to expected "
                                             r"\(different: as solution sets in w: "):
        assert_equivalent("w = 1", "w^2 = 1")


def test_assert_steps_passes_and_names_the_first_bad_step():
    verdict = assert_steps(["w = 1", "w^2 = 1"])
    assert [link.status for link in verdict.links] == ["implication"]
    with pytest.raises(AssertionError) as info:
        assert_steps(["(w - 1)^2", "w^2 - 2w + 1", "w^2 + 1"])
    lines = [line.strip() for line in str(info.value).splitlines()]
    assert lines[0] == "step 3 does not follow from step 2"
    assert lines[1] == "step 1: (w - 1)^2"
    assert lines[2].startswith("step 2: w^2 - 2w + 1   <=> (")
    assert lines[3].startswith("step 3: w^2 + 1   does not follow (a counterexample proves "
                               "it) at w = ")


def test_the_checker_applies_its_policy():
    checker = Checker(timeout=10.0, strict=True)
    assert checker.equivalent("w/w", "1").status == "different"
    assert checker.check_steps(["w/w", "1"]).status == "invalid"
    with pytest.raises(AssertionError, match=r"^step 2 does not follow from step 1"):
        checker.assert_steps(["w/w", "1"])
    assert Checker(timeout=10.0).assert_steps(["w/w", "1"]).status == "valid"
