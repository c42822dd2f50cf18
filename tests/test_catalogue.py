"""Tests of symreg.catalogue: every entry verifies and states the right result."""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from symreg import catalogue
from symreg.catalogue import registry
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, VerificationError
from symreg.proof import prove
from symreg.symbols import eps, eta, lam, s, sigma, w, z


def same(a: sympy.Basic, b: sympy.Basic) -> bool:
    return prove(a, b).status == "proved"


@pytest.mark.parametrize("name", catalogue.names())
def test_every_entry_verifies(name):
    derivation = catalogue.get(name)
    assert derivation.name == name
    assert derivation.title == catalogue.title(name)
    assert derivation.verified
    assert derivation.conventions, "every entry states its conventions"
    assert derivation.statement


def test_names_in_report_order():
    assert catalogue.names() == (
        "subdifferential", "value-crossover", "gradient-crossover", "epsilon-step",
        "worked-example", "near-zero", "prox", "descent", "map", "lp-family",
    )


def test_unknown_name():
    with pytest.raises(InvalidParameterError, match=r"^unknown derivation 'nope'; known: "):
        catalogue.get("nope")
    with pytest.raises(InvalidParameterError, match=r"^unknown derivation 'nope'; known: "):
        catalogue.title("nope")


@pytest.mark.parametrize("name", ["subdifferential", "worked-example", "prox"])
def test_tampered_step_in_the_middle_is_named(name):
    original = catalogue.get(name)
    middle = len(original.steps) // 2
    step = original.steps[middle]
    wrong = dataclasses.replace(step, rhs=_perturb(step))
    tampered = Derivation(
        name="tampered", title="Tampered",
        steps=(*original.steps[:middle], wrong, *original.steps[middle + 1:]),
    )
    pattern = rf"^derivation 'tampered' \(Tampered\), step {middle + 1} \("
    with pytest.raises(VerificationError, match=pattern):
        tampered.verify()


def _perturb(step: Step) -> sympy.Basic:
    """A wrong right side: an inequality against itself, an equality shifted by one."""
    if step.relation in ("lt", "le"):
        return step.lhs - 1
    if step.relation in ("gt", "ge"):
        return step.lhs + 1
    rhs = step.rhs
    if isinstance(rhs, sympy.Interval):
        return sympy.Interval(rhs.left, 2 * rhs.right)
    if isinstance(rhs, sympy.FiniteSet):
        return sympy.FiniteSet(*[e + 1 for e in rhs.args])
    if isinstance(rhs, sympy.Piecewise):
        return sympy.Piecewise(*[(v + 1, c) for v, c in rhs.args])
    return rhs + 1


def _rhs_of(derivation: Derivation, lhs: sympy.Basic) -> sympy.Basic:
    """The right side of the first step whose left side is ``lhs`` (by equivalence)."""
    for step in derivation.steps:
        if step.relation == "eq" and not isinstance(step.lhs, sympy.Set) and same(step.lhs, lhs):
            return step.rhs
    raise AssertionError(f"no step of {derivation.name} starts from {lhs}")


def test_subdifferential_result():
    d = catalogue.get("subdifferential")
    assert same(d.result, sympy.Interval(-lam, lam))
    assert same(_rhs_of(d, sympy.Derivative(lam * w**2, w)), 2 * lam * w)
    assert same(_rhs_of(d, sympy.Derivative(lam * w**2 / 2, w)), lam * w)


def test_value_and_gradient_crossovers():
    value = catalogue.get("value-crossover")
    assert same(value.result, sympy.FiniteSet(1))
    gradient = catalogue.get("gradient-crossover")
    solves = [st.rhs for st in gradient.steps if st.relation == "solve"]
    assert len(solves) == 2
    assert same(solves[0], sympy.FiniteSet(1))  # lam/2*w**2 first
    assert same(gradient.result, sympy.FiniteSet(sympy.Rational(1, 2)))  # lam*w**2 last


def test_epsilon_step_crossover_and_limit():
    d = catalogue.get("epsilon-step")
    (solve,) = [st for st in d.steps if st.relation == "solve"]
    expected = sympy.Piecewise((sympy.FiniteSet((1 + eps) / 2), eps <= 1),
                               (sympy.S.EmptySet, True))
    assert same(solve.rhs, expected)
    assert same(d.result, sympy.Rational(1, 2))


def test_worked_example_is_exact():
    d = catalogue.get("worked-example")
    values = [st.rhs for st in (*d.steps[:4], *d.steps[6:])]
    expected = [sympy.Rational(1, 1000), sympy.Rational(29999, 1000000),
                sympy.Rational(1, 1000), sympy.Rational(39, 1000000),
                sympy.Rational(29999, 1000), sympy.Rational(1000, 39)]
    for got, want in zip(values, expected, strict=True):
        assert isinstance(got, sympy.Rational)
        assert same(got, want)
    # the quoted rounded ratios are checked, and both are too small
    assert [st.relation for st in d.steps[4:6]] == ["gt", "gt"]
    assert "29.999" in d.remarks[0]


def test_near_zero_limits():
    d = catalogue.get("near-zero")
    assert same(d.steps[2].rhs, 2 * lam * w)
    assert same(d.steps[3].rhs, 0)
    assert same(d.result, lam)


def test_prox_entries():
    d = catalogue.get("prox")
    soft = sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0)
    assert same(d.result, soft)
    # The last step of each prox derivation it includes states that prox.
    shrinks = [st.rhs for st in d.steps
               if st.reason.startswith(("the cases cover every", "so $u = z - "))]
    assert any(same(r, z / (1 + 2 * eta * lam)) for r in shrinks)
    assert any(same(r, z / (1 + eta * lam)) for r in shrinks)


def test_descent_entry_states_finite_zero():
    d = catalogue.get("descent")
    assert "ceiling" in d.statement or r"\left\lceil" in d.statement


def test_map_entry():
    d = catalogue.get("map")
    assert same(d.result, 2 * s**2 / sympy.Symbol("b", positive=True))


def test_conventions_table_rows():
    rows = {row.quantity: row for row in catalogue.conventions_table()}
    assert same(rows["gradient"].full, 2 * lam * w)
    assert same(rows["gradient"].half, lam * w)
    assert same(rows["gradient crossover with L1"].full, sympy.FiniteSet(sympy.Rational(1, 2)))
    assert same(rows["gradient crossover with L1"].half, sympy.FiniteSet(1))
    assert same(rows["value crossover with L1"].half, sympy.FiniteSet(2))
    assert same(rows["proximal step"].full, z / (1 + 2 * eta * lam))
    assert same(rows["strength from a Gaussian prior"].full, 1 / (2 * sigma**2))
    assert same(rows["strength from a Gaussian prior"].half, 1 / sigma**2)


def test_a_wrong_claim_cannot_enter_the_catalogue(monkeypatch):
    def broken(title: str) -> Derivation:
        return Derivation(name="broken", title=title, steps=(
            Step(lam * sympy.Abs(w), lam * w, reason="drop the bars"),))

    entry = registry.Entry(name="broken", title="Broken", build=broken)
    monkeypatch.setattr(registry, "_REGISTRY", {**registry._REGISTRY, "broken": entry})
    catalogue.get.cache_clear()
    try:
        with pytest.raises(VerificationError, match=r"^derivation 'broken' \(Broken\), step 1"):
            catalogue.get("broken")
    finally:
        catalogue.get.cache_clear()


# Words that name the implementation rather than the mathematics.
IMPLEMENTATION_WORDS = ("rsolve", "solveset", "simplify", "sympy", "doit", "limit(",
                        "piecewise", "candidate", "branch", "evaluate", "expand(",
                        "subs", "lambdify", "prover")


def test_no_step_of_the_catalogue_says_nothing():
    vacuous = [(d.name, number, step.reason) for d in catalogue.derivations()
               for number, step in enumerate(d.steps, start=1) if step.vacuous]
    assert vacuous == []


def test_reasons_speak_mathematics():
    texts = [(d.name, text) for d in catalogue.derivations()
             for text in (d.title, d.statement, *d.remarks, *(s.reason for s in d.steps))]
    offending = [(name, text) for name, text in texts
                 if any(word in text.lower() for word in IMPLEMENTATION_WORDS)]
    assert offending == []


def test_evenness_keeps_its_written_form():
    (even,) = [s for s in catalogue.get("value-crossover").steps if s.reason == "L1 is even"]
    assert str(even.lhs) == "lam*Abs(-w)"
    assert same(even.lhs, lam * sympy.Abs(w))
