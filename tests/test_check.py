"""Tests of symreg.check: equivalence verdicts, subgradients and `symreg check`.

Verdicts are checked independently of the checker where it matters: every
counterexample is re-evaluated exactly here (conftest.evaluate), and every
"equivalent" pair is also compared at rational points including 0 and
negative values.
"""

from __future__ import annotations

import dataclasses
import fractions
import re
import signal
import threading

import pytest
import sympy
from conftest import evaluate, rational_points, values_equal

from symreg.check import Verdict, equivalent, in_subdifferential, parse
from symreg.errors import InvalidParameterError, ParseError
from symreg.proof import prove
from symreg.symbols import eta, lam, s, sigma, w, z

SOFT = "sign(z) max(|z| - lam, 0)"
# An identity that the prover needs many seconds for: a budget of a fraction
# of a second must cut it off.
SLOW = ("max(w, z, -w, -z, lam) + min(w, z, eta)", "max(|w|, |z|, lam) + min(w, z, eta)")


def assert_really_differs(verdict: Verdict) -> None:
    """The counterexample of a "different" verdict, re-checked exactly."""
    assert verdict.status == "different"
    point = dict(verdict.counterexample)
    assert all(v.is_Rational for v in point.values()), point
    va, ve = evaluate(verdict.answer, point), evaluate(verdict.expected, point)
    undefined = [v for v in (va, ve) if v is None or v.has(sympy.nan, sympy.zoo)]
    assert undefined or not values_equal(va, ve), (va, ve)


def assert_agree_at_points(verdict: Verdict) -> None:
    points = rational_points(verdict.answer, verdict.expected)
    assert any(p.get(w, p.get(z, 1)) == 0 for p in points) or not (
        verdict.answer.free_symbols & {w, z})
    for pt in points:
        va, ve = evaluate(verdict.answer, pt), evaluate(verdict.expected, pt)
        if va is None or ve is None:
            continue
        assert values_equal(va, ve), (pt, va, ve)


# ---------------------------------------------------------------------------
# equivalence


EQUIVALENT = [
    ("sqrt(w^2)", "|w|"),
    ("log(sigma^2)/2", "log(sigma)"),
    ("sqrt(lam^2 w^2)", "lam |w|"),
    ("(w + lam)^2", "w^2 + 2 lam w + lam^2"),
    ("0.5 lam w^2", "lam w^2 / 2"),
    ("sign(w) |w|", "w"),
    ("max(w, 0) + min(w, 0)", "w"),
    ("max(w, z) - min(w, z)", "|w - z|"),
    (SOFT, "z - max(-lam, min(z, lam))"),
    (SOFT, "max(z - lam, 0) + min(z + lam, 0)"),
    ("sign(z) max(|z| - eta lam, 0)", "z - max(-eta lam, min(z, eta lam))"),
]


@pytest.mark.parametrize(("answer", "expected"), EQUIVALENT)
def test_equivalent_pairs_are_proved(answer, expected):
    verdict = equivalent(answer, expected)
    assert verdict.status == "equivalent", verdict
    assert bool(verdict)
    assert verdict.method.startswith(("expand", "simplify", "case split", "rational identity",
                                      "sum of logarithms"))
    assert verdict.counterexample is None
    assert_agree_at_points(verdict)


DIFFERENT = [
    ("sqrt(w^2)", "w"),
    ("w^2 + w/10^12", "w^2"),
    ("sign(w)^2", "1"),
    ("w (w-1)(w-2)(w-3)", "0"),
    ("0.333 w", "w/3"),
    ("3.14159 w^2", "pi w^2"),
    ("max(w - 100, 0)", "0"),
    ("|w| + |z|", "|w + z|"),
    (SOFT, "max(z - lam, 0)"),
    (SOFT, "sign(z) (|z| - lam)"),
    (SOFT, "z - lam sign(z)"),
    (SOFT, "sign(z) max(|z| - lam, 0) + sign(z)^2/10^6"),
    ("exp(-w^2/(2 sigma^2))", "exp(-w^2/(2 sigma))"),
]

# different because one side is undefined (not real) where the other is defined
UNDEFINED_ON_ONE_SIDE = [
    ("log(w^2)", "2 log(w)"),
]


@pytest.mark.parametrize(("answer", "expected"), DIFFERENT)
def test_different_pairs_have_an_exact_counterexample(answer, expected):
    verdict = equivalent(answer, expected)
    assert not verdict
    assert verdict.method == "exact sample"
    assert_really_differs(verdict)


@pytest.mark.parametrize(("answer", "expected"), UNDEFINED_ON_ONE_SIDE)
def test_a_side_undefined_somewhere_is_a_strict_difference(answer, expected):
    verdict = equivalent(answer, expected, strict=True)
    assert verdict.status == "different"
    assert verdict.method in ("exact sample", "domain")
    assert_really_differs(verdict)


@pytest.mark.parametrize(("answer", "expected"), UNDEFINED_ON_ONE_SIDE)
def test_a_side_undefined_somewhere_is_a_caveat_by_default(answer, expected):
    verdict = equivalent(answer, expected)
    assert verdict.status == "equivalent", verdict
    assert verdict.caveat == ("equivalent where both are defined; the answer is undefined "
                              "at w = 0; the expected answer is undefined where w <= 0")


def test_a_point_where_neither_side_is_defined_is_still_a_strict_difference():
    # An identity is claimed at every admissible value; at w = 0 neither side has one.
    lenient = equivalent("log(w^2)", "2 log(|w|)")
    assert lenient.status == "equivalent"
    assert lenient.caveat == ("equivalent where both are defined; the answer is undefined "
                              "at w = 0; the expected answer is undefined at w = 0")
    strict = equivalent("log(w^2)", "2 log(|w|)", strict=True)
    assert (strict.status, strict.method) == ("different", "domain")
    assert strict.reason == "strict: the answer is undefined at w = 0"
    assert dict(strict.counterexample) == {w: 0}
    assert strict.answer_value is sympy.nan
    assert strict.expected_value is sympy.nan


def test_traps_are_found_at_the_right_places():
    assert dict(equivalent("sqrt(w^2)", "w").counterexample)[w] < 0
    assert dict(equivalent("sign(w)^2", "1").counterexample)[w] == 0
    point = dict(equivalent(SOFT, "sign(z) (|z| - lam)").counterexample)
    assert abs(point[z]) < point[lam]  # inside the threshold


def test_undefined_points_count_as_differences_when_strict():
    verdict = equivalent("lam sign(w)", "lam w/|w|", strict=True)
    assert verdict.status == "different"
    assert dict(verdict.counterexample)[w] == 0
    assert verdict.answer_value == 0
    assert verdict.expected_value is sympy.nan
    assert verdict.reason == "strict: the expected answer is undefined at w = 0"
    verdict = equivalent("(w^2 + 2 w + 1)/(w + 1)", "w + 1", strict=True)
    assert verdict.status == "different"
    assert dict(verdict.counterexample)[w] == -1


def test_values_at_the_counterexample_are_exact():
    verdict = equivalent("2 lam w", "lam w")
    point = dict(verdict.counterexample)
    assert verdict.answer_value - 2 * point[lam] * point[w] == 0
    assert verdict.expected_value - point[lam] * point[w] == 0


def test_latex_and_sympy_inputs():
    assert equivalent(r"\frac{\lambda}{2} w^{2}", r"\frac{\lambda w^2}{2}", latex=True)
    assert equivalent(
        r"\operatorname{sign}(z)\max\left(|z| - \lambda, 0\right)",
        r"z - \max\left(-\lambda, \min(z, \lambda)\right)", latex=True)
    assert equivalent(sympy.sign(z) * sympy.Max(abs(z) - lam, 0),
                      "max(z - lam, 0) - max(-z - lam, 0)")
    assert equivalent(parse("2 w"), 2 * w)


@pytest.mark.parametrize(
    ("number", "text"),
    [(3, "3"), (fractions.Fraction(1, 3), "1/3"), (0.1, "1/10"), (sympy.Float(0.25), "1/4"),
     (-2, "-2")],
)
def test_numbers_are_exact(number, text):
    assert equivalent(number, text).status == "equivalent"


def test_floats_inside_expressions_become_exact():
    assert equivalent(sympy.Float(0.5) * lam * w**2, "lam w^2 / 2")


def test_sets_are_compared_as_sets():
    assert equivalent(sympy.Interval(-lam, lam), sympy.Interval(-lam, lam)).status == \
        "equivalent"
    assert equivalent(sympy.Interval(-lam, lam), sympy.Interval(-lam, 2 * lam)).status != \
        "equivalent"


def test_symbols_can_be_widened():
    assert equivalent("s^2/sigma^2", "(s/sigma)^2", symbols=[s])
    with pytest.raises(ParseError, match=r"^unknown name 'x' at position 0$"):
        equivalent("x", "s", symbols=[s])


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (sympy.Symbol("w"), InvalidParameterError,
         r"^symbol 'w' has other assumptions than symreg's canonical 'w': "
         r"use symreg\.symbols\.w$"),
        (sympy.Ne(w, 1), InvalidParameterError, r"^answer must be an expression, got Ne\(w, 1\)$"),
        (True, InvalidParameterError, r"^answer must be an expression, got True$"),
        (float("nan"), InvalidParameterError, r"^answer must be finite, got nan$"),
        ([1, 2], TypeError, r"^answer must be a str, a number or a SymPy expression, got list$"),
        ("2 foo", ParseError, r"^unknown name 'foo' at position 2$"),
    ],
)
def test_bad_inputs_are_refused(answer, error, message):
    with pytest.raises(error, match=message):
        equivalent(answer, "w")


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), "5", True])
def test_bad_timeouts_are_refused(timeout):
    with pytest.raises(InvalidParameterError,
                       match=r"^timeout must be a positive number of seconds, got .+$"):
        equivalent("w", "w", timeout=timeout)


def test_a_huge_timeout_is_no_limit():
    # Once an OverflowError from the wait on the worker.
    assert equivalent("|w|^2", "w^2", timeout=1e10).status == "equivalent"
    assert in_subdifferential("0", "lam |w|", at=0, timeout=1e10).status == "equivalent"


@pytest.mark.parametrize(
    ("answer", "expected", "message"),
    [
        ("sqrt(-2)", "0", r"^answer is not a real expression: sqrt\(2\)\*I$"),
        ("w", "log(-1)", r"^expected is not a real expression: I\*pi$"),
        ("w + log(-2)", "w", r"^answer is not a real expression: w \+ log\(2\) \+ I\*pi$"),
        (sympy.sqrt(-3) * w, "w", r"^answer is not a real expression: sqrt\(3\)\*I\*w$"),
    ],
)
def test_non_real_constants_are_refused(answer, expected, message):
    with pytest.raises(InvalidParameterError, match=message):
        equivalent(answer, expected)


def test_max_of_a_non_real_value_is_refused():
    # Once a raw ValueError from SymPy's Max ("The argument 'I' is not comparable").
    with pytest.raises(ParseError,
                       match=r"^not a real expression: max and min need real arguments$"):
        equivalent("max(sqrt(-1), 0)", "0")


def test_a_value_too_long_to_print_is_shown_rounded():
    # Once a ValueError from Python's limit on the digits of str(int) (4300 by
    # default; 10^5000 has 5001).
    verdict = equivalent("(10^5 + w)^1000", "w", timeout=60)
    assert verdict.status == "different"
    assert dict(verdict.counterexample) == {w: 0}
    assert verdict.answer_value == sympy.Integer(10) ** 5000
    assert str(verdict).splitlines()[1] == "  at w = 0: answer = 1.00000e+5000, expected = 0"
    assert verdict._repr_latex_().endswith(r"\quad \text{at } w = 0$")
    assert "answer_value=1.00000e+5000" in repr(verdict)


def test_a_difference_of_constants_is_shown_as_such():
    verdict = equivalent("pi", "3.14159")
    assert verdict.status == "different"
    assert verdict.counterexample == ()
    assert str(verdict) == ("different: pi - 314159/100000 != 0 "
                            "(the two constants differ by about 2.65359e-6)")
    assert str(equivalent("1", "-2")) == ("different: 1 - (-2) != 0 "
                                          "(the two constants differ by about 3.00000)")


# ---------------------------------------------------------------------------
# convention hints


def test_hint_for_the_other_l2_convention():
    verdict = equivalent("z/(1 + 2 eta lam)", "z/(1 + eta lam)")
    assert verdict.status == "different"
    assert verdict.hint.startswith("the answer equals the expected result with lam replaced "
                                   "by 2*lam")
    assert "other L2 convention" in verdict.hint
    assert "hint:" in str(verdict)
    verdict = equivalent("lam w", "2 lam w")
    assert "lam replaced by lam/2" in verdict.hint


def test_no_hint_when_no_convention_explains_it():
    assert equivalent("z/(1 + 3 eta lam)", "z/(1 + eta lam)").hint == ""
    assert equivalent("w", "w + 1").hint == ""
    assert equivalent("z/(1 + 2 eta lam)", "z/(1 + eta lam)", hints=False).hint == ""


# ---------------------------------------------------------------------------
# the Verdict object


def test_verdict_is_frozen_and_keyword_only():
    verdict = equivalent("w", "w")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.status = "different"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Verdict("equivalent", w, w, "m", "r")  # type: ignore[misc]
    assert verdict.elapsed >= 0
    assert repr(verdict).startswith("Verdict(status='equivalent', answer=w, expected=w, ")
    assert repr(equivalent("w", "-w")).count("counterexample=((w, -1),)") == 1


def test_verdict_text_and_latex():
    same = equivalent("|w|", "max(w, -w)")
    assert str(same).startswith("equivalent: Abs(w) == Max(-w, w) (proved symbolically)") or \
        str(same).startswith("equivalent: Abs(w) == Max(w, -w)")
    assert same._repr_latex_().startswith("$\\displaystyle \\left|{w}\\right| =")
    differ = equivalent("2 lam w", "lam w")
    text = str(differ)
    assert text.splitlines()[0] == "different: 2*lam*w != lam*w (a counterexample proves it)"
    assert "at lam = 1, w = -1: answer = -2, expected = -1" in text
    assert "\\neq" in differ._repr_latex_()
    assert "\\text{at }" in differ._repr_latex_()


# ---------------------------------------------------------------------------
# time budget


@pytest.mark.slow
def test_an_expensive_check_is_undecided_within_its_budget():
    # It returns (rather than hanging) and says that the budget ran out.
    verdict = equivalent(*SLOW, timeout=0.5)
    assert verdict.status == "undecided"
    assert verdict.method == "timeout"
    assert verdict.reason == "time budget of 0.5 s exhausted"


def test_an_outer_timer_is_restored():
    fired = []

    def handler(*args):
        fired.append(True)

    old = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 60)
        assert equivalent("w", "w")
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 60
        assert signal.getsignal(signal.SIGALRM) is handler
        assert fired == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.slow
def test_outside_the_main_thread_a_worker_process_enforces_the_budget():
    results = {}

    def run():
        results["slow"] = equivalent(*SLOW, timeout=0.5)
        results["fast"] = equivalent("sqrt(w^2)", "w", timeout=30)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive()
    assert results["slow"].status == "undecided"
    assert results["slow"].method == "timeout"
    assert results["fast"].status == "different"
    assert dict(results["fast"].counterexample)[w] < 0


@pytest.mark.slow
def test_huge_powers_are_checked_in_a_killable_worker():
    # Exact evaluation of 3**(w*10**30) could block inside C code: such checks
    # run in a worker process that is killed at the deadline.
    verdict = equivalent(sympy.Integer(3) ** (w * 10**30), 1, timeout=0.5)
    assert verdict.status == "undecided"
    assert equivalent("2^w 2^w", "4^w").status == "equivalent"


# ---------------------------------------------------------------------------
# subgradients


def test_subgradients_of_l1_at_zero():
    verdict = in_subdifferential("0.3 lam", "lam |w|", at=0)
    assert verdict.status == "equivalent"
    assert verdict.relation == "in"
    assert str(verdict).startswith("valid: 3*lam/10 is in Interval(-lam, lam)")
    bad = in_subdifferential("2 lam", "lam |w|", at=0)
    assert bad.status == "different"
    assert dict(bad.counterexample) == {lam: 1}
    assert str(bad).startswith("invalid: 2*lam is not in Interval(-lam, lam)")


def test_subgradients_with_penalty_objects():
    penalties = pytest.importorskip("symreg.penalties")
    assert in_subdifferential("0.3 lam", penalties.L1(), at=0)
    assert in_subdifferential("-lam", penalties.L1(), at=0)
    assert not in_subdifferential("-lam", penalties.L1(), at=2)
    assert in_subdifferential("lam sign(w)", penalties.L1(), at=-1)
    assert in_subdifferential("2 lam w", penalties.L2(), at=1)
    assert not in_subdifferential("lam w", penalties.L2(), at=1)


def test_subgradients_against_a_set():
    assert in_subdifferential("lam/2", sympy.Interval(-lam, lam), at=None)
    assert not in_subdifferential("2 lam", sympy.Interval(-lam, lam), at=None)


def test_subgradient_needs_a_point_for_an_expression():
    with pytest.raises(InvalidParameterError,
                       match=r"^at must be given for a penalty given as an expression$"):
        in_subdifferential("0", "lam |w|", at=None)


@pytest.mark.parametrize(("penalty", "at"), [("-|w|", 0), ("-|w|", 1), ("-w^2", 0)])
def test_no_subgradient_check_for_a_penalty_that_is_not_convex(penalty, at):
    # -|w| is concave: it has no subgradient at 0 (the one-sided derivatives, 1
    # and -1, once gave the "subdifferential" [-1, 1] and 0 was "valid").
    shown = sympy.sstr(parse(penalty))
    with pytest.raises(InvalidParameterError,
                       match=rf"^penalty {re.escape(shown)} is not convex in w: a subgradient "
                             rf"check needs a convex penalty$"):
        in_subdifferential("0", penalty, at=at)


def test_subgradients_at_a_kink_off_zero():
    assert in_subdifferential("0", "max(w - 1, 0)", at=1)
    assert in_subdifferential("1/2", "max(w - 1, 0)", at=1)
    assert not in_subdifferential("2", "max(w - 1, 0)", at=1)


def test_subgradient_of_a_smooth_penalty_is_its_derivative():
    assert in_subdifferential("2 lam", "lam w^2", at=1)
    assert not in_subdifferential("lam", "lam w^2", at=1)


# ---------------------------------------------------------------------------
# identical sides


def test_identical_nested_abs_is_proved():
    # Once a proof.py limitation (the case split gave up): a regression test now.
    x = abs(w - abs(z))
    assert prove(x, x).status == "proved"
    assert equivalent("|w - |z||", "|w - |z||").status == "equivalent"


def test_eta_and_sigma_are_positive_parameters():
    assert equivalent("|eta sigma w|", "eta sigma |w|")
    assert equivalent(abs(eta) * sigma, eta * sigma)


def test_names_with_assumptions_are_respected():
    spec = {"x": "real", "a": "positive"}
    assert equivalent("sqrt(a^2)", "a", symbols=spec).status == "equivalent"
    verdict = equivalent("sqrt(x^2)", "x", symbols="x: real")
    assert verdict.status == "different"
    assert verdict.counterexample == ((sympy.Symbol("x", real=True), -1),)


# ---------------------------------------------------------------------------
# the domain policy in the public API, and its display


def test_the_verdict_shows_its_caveat_everywhere():
    verdict = equivalent("w/w", "1")
    assert verdict.status == "equivalent"
    assert verdict.caveat == "equivalent where both are defined; the answer is undefined at w = 0"
    assert str(verdict).splitlines() == [
        "equivalent where both are defined: w/w == 1 (proved symbolically)",
        "  caveat: the answer is undefined at w = 0",
    ]
    assert "caveat='equivalent where both are defined; the answer is undefined at w = 0'" in (
        repr(verdict))
    assert verdict._repr_latex_().endswith(
        r"\quad \text{(equivalent where both are defined; the answer is undefined at w = 0)}$")


def test_undeclared_letters_are_real_symbols_with_a_warning():
    verdict = equivalent("sqrt(x^2)", "x")
    assert verdict.status == "different"  # x is real, not positive
    assert dict(verdict.counterexample)[sympy.Symbol("x", real=True)] < 0
    assert verdict.warnings == ("x was not declared; it is read as a real symbol",)
    assert equivalent("sqrt(x^2)", "x", symbols={"x": "positive"}).status == "equivalent"
    assert equivalent("x_1", "x_1").status == "equivalent"
    with pytest.raises(ParseError, match=r"^unknown name 'x1' at position 0$"):
        equivalent("x1", "x_1")


def test_strict_and_rtol_are_validated():
    with pytest.raises(InvalidParameterError,
                       match=r"^rtol must be a non-negative finite number, got nan$"):
        equivalent("1", "1", rtol=float("nan"))


def test_two_names_are_one_symbol_only_when_declared_so():
    x1 = sympy.Symbol("x1", real=True)
    assert equivalent("x_1", "x1", symbols={"x_1": x1, "x1": x1}).status == "equivalent"
    with pytest.raises(ParseError, match=r"^unknown name 'x_1' at position 0$"):
        equivalent("x_1", "x1", symbols={"x1": "real"})


@pytest.mark.slow
def test_reading_an_answer_is_part_of_the_budget():
    # Nested square roots that SymPy evaluates for minutes while building them.
    with pytest.raises(ParseError, match=r"^time budget of 0\.5 s exhausted while reading "
                                         r"the answers$"):
        equivalent("sqrt(1-" * 9 + "2" + ")" * 9, "1", timeout=0.5)


CASES = (r"\begin{cases} z - \eta\lambda & z > \eta\lambda \\ 0 & |z| \le \eta\lambda \\ "
         r"z + \eta\lambda & z < -\eta\lambda \end{cases}")
NO_DEAD_ZONE = (r"\begin{cases} z - \eta\lambda & z > \eta\lambda \\ "
                r"z + \eta\lambda & z < -\eta\lambda \end{cases}")


def test_an_answer_by_cases_is_checked_like_any_other():
    soft = "sign(z) max(|z| - eta lam, 0)"
    for strict in (False, True):
        verdict = equivalent(CASES, soft, latex=True, expected_latex=False, strict=strict)
        assert verdict.status == "equivalent"
        assert verdict.caveat == ""
    wrong = equivalent(CASES.replace(r"z + \eta\lambda & z <", r"z & z <"), soft, latex=True,
                       expected_latex=False)
    assert wrong.status == "different"
    assert wrong.counterexample is not None
    assert dict(wrong.counterexample)[z] < 0


def test_cases_that_leave_out_a_range_are_undefined_there():
    soft = "sign(z) max(|z| - eta lam, 0)"
    verdict = equivalent(NO_DEAD_ZONE, soft, latex=True, expected_latex=False)
    assert verdict.status == "equivalent"
    assert verdict.caveat == ("equivalent where both are defined; the answer is undefined "
                              "where z <= eta*lam and -eta*lam <= z")
    strict = equivalent(NO_DEAD_ZONE, soft, latex=True, expected_latex=False, strict=True)
    assert strict.status == "different"
    point = dict(strict.counterexample)
    assert abs(point[z]) <= point[eta] * point[lam]
