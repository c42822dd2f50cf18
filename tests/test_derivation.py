"""Derivations as data: steps, verification, error messages, caching, immutability."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy
from conftest import assert_same
from sympy import Abs, sign, sqrt

from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, VerificationError
from symreg.symbols import lam, w, z

GOOD = (
    # written forms: SymPy would turn both left sides into the right ones on construction
    Step(sqrt(w**2, evaluate=False), Abs(w), reason="the root of a square"),
    Step(sympy.Pow(Abs(w), 2, evaluate=False), w**2, reason="w is real"),
    Step(sign(w) * Abs(w), w, reason="sign times modulus"),
)
WRONG = Step(Abs(w), w, reason="drop the bars")


def _with_wrong_step(position: int) -> Derivation:
    steps = list(GOOD)
    steps[position - 1] = WRONG
    return Derivation(name="x", title="Title", steps=tuple(steps))


@pytest.mark.parametrize("position", [1, 2, 3])
def test_tampered_step_is_named(position):
    tampered = _with_wrong_step(position)
    with pytest.raises(VerificationError,
                       match=rf"^derivation 'x' \(Title\), step {position} \(drop the bars\): "
                             r"false at w = -1$"):
        tampered.verify()
    assert not tampered.verified


def test_tampered_middle_step_of_three():
    tampered = Derivation(name="x", title="Title", steps=(
        Step(sqrt(w**2, evaluate=False), Abs(w), reason="root of a square"),
        Step(Abs(w), w, reason="reason"),
        Step(w, w, reason="nothing to do"),
    ))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'x' \(Title\), step 2 \(reason\): false at w = -1$"):
        tampered.verify()


def test_verification_error_is_raised_every_time():
    tampered = _with_wrong_step(2)
    for _ in range(2):
        with pytest.raises(VerificationError, match=r", step 2 \("):
            tampered.verify()


def test_unprovable_step_message():
    # true, but beyond the prover: convexity of the exponential is not one of its rules
    d = Derivation(name="tangent", title="Tangent", steps=(
        Step(sympy.exp(w), 1 + w, reason="the tangent at 0 lies below", relation="ge"),
    ))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'tangent' \(Tangent\), step 1 \(the tangent at 0 lies "
                             r"below\): could not be proved \(.+\)$"):
        d.verify()


def test_timeout_message():
    # an identity that needs a case split (no time for one with a zero budget)
    soft = sympy.sign(z) * sympy.Max(Abs(z) - lam, 0)
    clip = z - sympy.Max(-lam, sympy.Min(z, lam))
    d = Derivation(name="t", title="T", steps=(Step(soft, clip, reason="r"),))
    with pytest.raises(VerificationError,
                       match=r"^derivation 't' \(T\), step 1 \(r\): could not be proved "
                             r"\(time budget exhausted\)$"):
        d.verify(timeout=0)


def test_counterexample_with_two_symbols_in_message():
    d = Derivation(name="l1", title="L1", steps=(Step(lam * Abs(w), lam * w, reason="r"),))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'l1' \(L1\), step 1 \(r\): false at lam = \d+(/\d+)?, "
                             r"w = -\d+(/\d+)?$"):
        d.verify()


def test_verify_returns_self_and_result_is_last_rhs():
    d = Derivation(name="good", title="Good", steps=GOOD)
    assert d.verify() is d
    assert d.verified
    assert_same(d.result, w)


def _count_checks(monkeypatch, *, fail: bool = False) -> list[Step]:
    """Record every Step.check call (and refuse them when ``fail``)."""
    calls: list[Step] = []
    real = Step.check

    def counting_check(self, **kwargs):
        calls.append(self)
        if fail:
            raise AssertionError("no step may be checked again")
        return real(self, **kwargs)

    monkeypatch.setattr(Step, "check", counting_check)
    return calls


def test_verify_caches(monkeypatch):
    d = Derivation(name="cache", title="Cache", steps=GOOD)
    d.verify()
    calls = _count_checks(monkeypatch, fail=True)
    assert d.verify() is d
    # an equal derivation built afresh is verified too (derivations are values)
    again = Derivation(name="cache", title="Cache", steps=GOOD)
    assert again.verified
    assert again.verify() is again
    assert calls == []


def test_verify_checks_each_step_the_first_time(monkeypatch):
    calls = _count_checks(monkeypatch)
    d = Derivation(name="fresh-count", title="Fresh", steps=GOOD)
    assert not d.verified
    d.verify()
    assert len(calls) == len(GOOD)
    d.verify()
    assert len(calls) == len(GOOD)


def test_a_different_derivation_is_not_cached(monkeypatch):
    Derivation(name="one", title="One", steps=GOOD).verify()
    other = Derivation(name="two", title="One", steps=GOOD)
    assert not other.verified
    calls = _count_checks(monkeypatch)
    other.verify()
    assert len(calls) == len(GOOD)


def test_stops_at_the_first_failing_step(monkeypatch):
    calls = _count_checks(monkeypatch)
    with pytest.raises(VerificationError):
        _with_wrong_step(1).verify()
    assert len(calls) == 1


def test_derivation_is_frozen():
    d = Derivation(name="f", title="F", steps=GOOD)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.name = "g"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.steps = ()  # type: ignore[misc]
    # slots: no new attributes (CPython 3.11 reports a TypeError here)
    with pytest.raises((AttributeError, TypeError)):
        d.extra = 1  # type: ignore[attr-defined]


def test_step_is_frozen():
    step = Step(w, w, reason="r")
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.lhs = z  # type: ignore[misc]


def test_sequences_become_tuples_and_objects_are_hashable():
    value = Convention(label="L1 penalty", expr=lam * Abs(w))
    d = Derivation(name="l", title="L", steps=list(GOOD), conventions=[value],
                   remarks=["a remark"])
    assert isinstance(d.steps, tuple)
    assert isinstance(d.conventions, tuple)
    assert isinstance(d.remarks, tuple)
    assert hash(d) == hash(Derivation(name="l", title="L", steps=GOOD,
                                      conventions=(value,), remarks=("a remark",)))


def test_step_sympifies_numbers_and_refuses_strings():
    step = Step(1, sympy.Rational(1, 2), reason="numbers")
    assert isinstance(step.lhs, sympy.Integer)
    assert isinstance(step.rhs, sympy.Rational)
    with pytest.raises(sympy.SympifyError):
        Step("w", w, reason="a string is untrusted text")


def test_invalid_relation():
    with pytest.raises(InvalidParameterError,
                       match=r"^relation must be one of eq, le, lt, ge, gt, in, solve, "
                             r"got 'ne'$"):
        Step(w, w, reason="r", relation="ne")  # type: ignore[arg-type]


def test_solve_needs_a_variable():
    with pytest.raises(InvalidParameterError, match=r"^a 'solve' step needs its variable$"):
        Step(sympy.Eq(w, 1), sympy.FiniteSet(1), reason="r", relation="solve")


def test_empty_derivation():
    with pytest.raises(InvalidParameterError, match=r"^a derivation needs at least one step$"):
        Derivation(name="e", title="E", steps=())


@pytest.mark.parametrize(("step", "expected"), [
    (Step(w**2, w, reason="r", relation="le", where=(w > 0) & (w < 1)), "proved"),
    (Step(w**2, w, reason="r", relation="le", where=w > 0), "refuted"),
    (Step(w**2 + 1, 0, reason="r", relation="gt"), "proved"),
    (Step(lam * sign(w), sympy.Interval(-lam, lam), reason="r", relation="in"), "proved"),
    (Step(sympy.Eq(w**2, 1), sympy.FiniteSet(-1, 1), reason="r", relation="solve",
          variable=w), "proved"),
    (Step(sympy.Eq(w**2, 1), sympy.FiniteSet(1), reason="r", relation="solve",
          variable=w), "refuted"),
    (Step(sympy.Eq(w**2, 1), sympy.FiniteSet(1), reason="r", relation="solve",
          variable=w, domain=sympy.Interval.open(0, sympy.oo)), "proved"),
    (Step(w**2 - lam**2, sympy.FiniteSet(-lam, lam), reason="r", relation="solve",
          variable=w), "proved"),
    (Step(sympy.Derivative(lam * Abs(w), w), lam * sign(w), reason="r",
          where=sympy.Ne(w, 0)), "proved"),
])
def test_step_check(step, expected):
    assert step.check().status == expected


def test_step_conditions_is_where():
    region = w > 0
    assert Step(w, w, reason="r", where=region).where is region
    assert Step(w, w, reason="r").where is None


def test_docstring_example_error():
    bad = Derivation(name="bad", title="A wrong step",
                     steps=(Step(sqrt(w**2), w, reason="cancel the root"),))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'bad' \(A wrong step\), step 1 \(cancel the root\): "
                             r"false at w = -1$"):
        bad.verify()


def test_conventions_are_convention_values():
    value = Convention(label="L1 penalty", expr=lam * Abs(w))
    d = Derivation(name="l", title="L", steps=list(GOOD), conventions=[value])
    assert len(d.conventions) == 1
    assert d.conventions[0] is value
    with pytest.raises(InvalidParameterError,
                       match=r"^conventions must hold Convention values, got 'lam\*\|w\|'$"):
        Derivation(name="l", title="L", steps=list(GOOD),
                   conventions=("lam*|w|",))  # type: ignore[arg-type]


@pytest.mark.parametrize(("step", "shown"), [
    (Step(lam * Abs(-w), lam * Abs(w), reason="L1 is even"), "lam*Abs(w)"),
    (Step(sympy.Interval(-lam, lam), sympy.Interval(-lam, lam), reason="L1 is even"),
     "Interval(-lam, lam)"),
    (Step(w**2, w**2, reason="L1 is even", relation="ge"), "w**2"),
])
def test_a_step_that_says_nothing_is_refused(step, shown):
    d = Derivation(name="x", title="Title", steps=(*GOOD[:2], step))
    with pytest.raises(VerificationError,
                       match=rf"^derivation 'x' \(Title\), step 3 \(L1 is even\): says nothing: "
                             rf"both sides are {re.escape(shown)}$"):
        d.verify()
    assert step.vacuous
    assert not d.verified


@pytest.mark.parametrize("written", [
    lam * Abs(-w, evaluate=False),
    lam * Abs(sympy.UnevaluatedExpr(-w)),
])
def test_a_written_form_is_not_vacuous(written):
    step = Step(written, lam * Abs(w), reason="L1 is even")
    assert not step.vacuous
    d = Derivation(name="x", title="Title", steps=(step,))
    assert_same(d.verify().result, lam * Abs(w))
