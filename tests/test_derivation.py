"""Derivations as data: steps, verification, error messages, caching, immutability."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy
from conftest import assert_same
from sympy import Abs, sign, sqrt

from symreg.convention import Convention
from symreg.derivation import (
    Chain,
    Derivation,
    Step,
    calc,
    compose,
    eq,
    ge,
    gt,
    le,
    lt,
    member,
    solutions,
    when,
    witness,
)
from symreg.derivation import _step as _step_module
from symreg.errors import InvalidParameterError, VerificationError
from symreg.proof import clear_caches
from symreg.symbols import eps, eta, lam, w, z

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
                       match=rf"^derivation 'x' \(Title\), chain {position}, step 1 "
                             r"\(drop the bars\): "
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
                       match=r"^derivation 'x' \(Title\), "
                             r"chain 2, step 1 \(reason\): false at w = -1$"):
        tampered.verify()


def test_verification_error_is_raised_every_time():
    tampered = _with_wrong_step(2)
    for _ in range(2):
        with pytest.raises(VerificationError, match=r", chain 2, step 1 \("):
            tampered.verify()


def test_unprovable_step_message():
    # true, but beyond the prover: convexity of the exponential is not one of its rules
    d = Derivation(name="tangent", title="Tangent", steps=(
        Step(sympy.exp(w), 1 + w, reason="the tangent at 0 lies below", relation="ge"),
    ))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'tangent' \(Tangent\), "
                             r"chain 1, step 1 \(the tangent at 0 lies "
                             r"below\): could not be proved \(.+\)$"):
        d.verify()


def test_timeout_message(monkeypatch):
    # an identity that needs a case split (no time for one with a zero budget); a
    # proof of it kept in the on-disk cache by another test would be taken instead,
    # and so would one the prover remembers from earlier in this process
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    clear_caches()
    soft = sympy.sign(z) * sympy.Max(Abs(z) - lam, 0)
    clip = z - sympy.Max(-lam, sympy.Min(z, lam))
    d = Derivation(name="t", title="T", steps=(Step(soft, clip, reason="r"),))
    with pytest.raises(VerificationError,
                       match=r"^derivation 't' \(T\), chain 1, step 1 \(r\): could not be proved "
                             r"\(time budget exhausted\)$"):
        d.verify(timeout=0)


def test_counterexample_with_two_symbols_in_message():
    d = Derivation(name="l1", title="L1", steps=(Step(lam * Abs(w), lam * w, reason="r"),))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'l1' \(L1\), "
                             r"chain 1, step 1 \(r\): false at lam = \d+(/\d+)?, "
                             r"w = -\d+(/\d+)?$"):
        d.verify()


def test_verify_returns_self_and_keeps_named_results():
    d = Derivation(name="good", title="Good", steps=GOOD, results={"modulus": Abs(w)})
    assert d.verify() is d
    assert d.verified
    assert_same(d.results["modulus"], Abs(w))
    assert d.witness == ()


def _count_checks(monkeypatch, *, fail: bool = False) -> list[Step]:
    """Record every Step.check call (and refuse them when ``fail``).

    The on-disk cache of proved steps is off here: these tests count what one
    process decides (tests/test_proofcache.py tests the cache).
    """
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
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
    # sqrt(w + 1) = w: only the larger root of w^2 = w + 1 solves it
    (Step(sympy.Eq(sqrt(w + 1), w), sympy.FiniteSet((1 + sqrt(5)) / 2), reason="r",
          relation="solve", variable=w), "proved"),
])
def test_step_check(step, expected):
    assert step.check().status == expected


_A = sympy.Symbol("a", real=True)


@pytest.mark.parametrize("rhs", [sympy.S.EmptySet,
                                 sympy.FiniteSet((2 * _A + 1 + sqrt(4 * _A + 5)) / 2)])
def test_a_root_extraneous_for_some_parameters_only_is_never_dropped(rhs):
    # sqrt(w + 1) = w - a: each root of the squared equation solves it for some a
    # and not for others (a = 0: the larger one does, a = -1: both do), so neither
    # "no solution" nor "the larger root" holds for every a.
    step = Step(sympy.Eq(sqrt(w + 1), w - _A), rhs, reason="r", relation="solve", variable=w)
    assert step.check().status != "proved"


def test_step_conditions_is_where():
    region = w > 0
    assert Step(w, w, reason="r", where=region).where is region
    assert Step(w, w, reason="r").where is None


def test_docstring_example_error():
    bad = Derivation(name="bad", title="A wrong step",
                     steps=(Step(sqrt(w**2), w, reason="cancel the root"),))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'bad' \(A wrong step\), "
                             r"chain 1, step 1 \(cancel the root\): "
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
                       match=rf"^derivation 'x' \(Title\), chain 3, step 1 \(L1 is even\): "
                             r"says nothing: "
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
    assert d.verify().claim == sympy.Eq(written, lam * Abs(w), evaluate=False)


# -- calc chains ------------------------------------------------------------------


@pytest.mark.parametrize(("relations", "composed"), [
    (["eq"], "eq"), (["eq", "le", "eq"], "le"), (["le", "lt"], "lt"), (["lt", "eq"], "lt"),
    (["ge", "eq", "gt"], "gt"), (["eq", "ge"], "ge"), (["eq", "eq", "in"], "in"),
    (["solve"], "solve"),
])
def test_chain_relations_compose(relations, composed):
    assert compose(relations) == composed


@pytest.mark.parametrize(("relations", "message"), [
    (["le", "ge"], "a chain cannot mix <= or < with >= or >: its two ends are not related"),
    (["lt", "gt"], "a chain cannot mix <= or < with >= or >: its two ends are not related"),
    (["in", "eq"], "only the last link of a chain may be a membership"),
    (["le", "in"], "a membership may only follow equalities"),
    (["eq", "solve"], "a 'solve' link stands alone in its chain"),
    ([], "a chain needs at least one link"),
])
def test_chains_that_relate_nothing_are_refused(relations, message):
    with pytest.raises(InvalidParameterError, match=rf"^{re.escape(message)}$"):
        compose(relations)


def test_calc_continues_from_the_previous_right_side():
    chain = calc((w - 1) ** 2, ("=", w**2 - 2 * w + 1, "expand"),
                 ("<=", w**2 - 2 * w + 2, "add one"), ("<", w**2 - 2 * w + 3, "add one"))
    assert [s.lhs for s in chain.steps[1:]] == [s.rhs for s in chain.steps[:-1]]
    assert chain.relation == "lt"
    assert chain.fact == sympy.Lt((w - 1) ** 2, w**2 - 2 * w + 3, evaluate=False)
    assert Derivation(name="c", title="C", steps=(chain,)).verify().verified


def test_a_link_that_does_not_continue_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"^link 2 of a chain must start from the previous right side "
                             r"w \+ 1, got w$"):
        Chain((Step(w, w + 1, reason="a", relation="lt"), Step(w, w + 2, reason="b",
                                                                relation="lt")))


def test_mixing_directions_in_calc_is_refused():
    with pytest.raises(InvalidParameterError, match=r"^a chain cannot mix <= or < with >= "):
        calc(w**2, ("<=", w**2 + 1, "a"), (">=", w**2, "b"))


@pytest.mark.parametrize("link", [("~", 1, "r"), ("=", 1), "= 1"])
def test_malformed_links_are_refused(link):
    with pytest.raises(InvalidParameterError, match=r"^a link"):
        calc(w, link)


def test_a_chain_region_is_the_conjunction_of_its_links():
    chain = calc(w**2, ("<=", w, "w is at most one", w <= 1), where=w >= 0)
    assert chain.region == sympy.And(w >= 0, w <= 1)
    assert chain.fact == sympy.Implies(chain.region, sympy.Le(w**2, w, evaluate=False),
                                       evaluate=False)


def test_a_failing_link_names_its_chain_and_step():
    d = Derivation(name="x", title="T", steps=(
        GOOD[0], calc((w - 1) ** 2, ("=", w**2 - 2 * w + 1, "expand"), ("<=", w**2, "wrong"))))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'x' \(T\), chain 2, step 2 \(wrong\): false at "):
        d.verify()


# -- claims, hypotheses, results ------------------------------------------------------


def _square_chain():
    return calc((w - 1) ** 2 + 2 * w, ("=", w**2 + 1, "expand"),
                (">", 0, "a square plus one"))


@pytest.mark.parametrize("claim", [
    gt((w - 1) ** 2 + 2 * w, 0),
    ge((w - 1) ** 2 + 2 * w, 0),                       # a weaker relation
    lt(0, (w - 1) ** 2 + 2 * w),                       # read the other way
    when(w > 3, gt((w - 1) ** 2 + 2 * w, 0)),          # on a smaller region
])
def test_a_claim_the_chain_implies_verifies(claim):
    d = Derivation(name="c", title="C", steps=(_square_chain(),), claim=claim)
    assert d.verify().claim == claim


@pytest.mark.parametrize("claim", [
    gt((w - 1) ** 2 + 2 * w, 1),        # another right side (true, but not what was shown)
    ge(w**2 + 1 - 1 + 2 * w - 2 * w, 0),
    eq((w - 1) ** 2 + 2 * w, 0),        # a stronger relation
])
def test_a_claim_the_chain_does_not_give_is_refused(claim):
    d = Derivation(name="c", title="C", steps=(_square_chain(),), claim=(eq(w, w), claim)[1:])
    with pytest.raises(VerificationError,
                       match=r"^derivation 'c' \(C\): claim 1 \(.+\) does not follow from any "
                             r"chain of the proof$"):
        d.verify()


def test_a_chain_on_a_region_does_not_give_the_claim_everywhere():
    chain = calc(w**2, ("<=", w, "w is between 0 and 1"), where=(w >= 0) & (w <= 1))
    d = Derivation(name="r", title="R", steps=(chain,), claim=le(w**2, w))
    with pytest.raises(VerificationError, match=r"^derivation 'r' \(R\): claim 1 "):
        d.verify()
    inside = Derivation(name="r", title="R", steps=(chain,),
                        claim=when((w > 0) & (w < sympy.Rational(1, 2)), le(w**2, w)))
    assert inside.verify().verified


def test_the_failing_conjunct_is_named_in_the_authors_order():
    first = calc(w**2 + 1, (">", 0, "a square plus one"))
    d = Derivation(name="o", title="O", steps=(first,),
                   claim=(gt(w**2 + 1, 0), gt(w**2 + 2, 0)))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'o' \(O\): claim 2 \(w\*\*2 \+ 2 > 0\) does not "):
        d.verify()
    assert [c.rhs for c in d.conjuncts] == [0, 0]


def test_steps_are_proved_under_the_hypotheses():
    step = Step(1 - eta * lam, 0, relation="gt", reason="the step is short")
    with pytest.raises(VerificationError, match=r"chain 1, step 1 \(the step is short\): false"):
        Derivation(name="h", title="H", steps=(step,)).verify()
    d = Derivation(name="h", title="H", steps=(step,), hypotheses=eta * lam < 1)
    assert d.verify().verified
    ((s1, v1), (s2, v2)) = d.witness
    assert (s1, s2) == (eta, lam)
    assert v1 * v2 < 1


def test_unsatisfiable_hypotheses_are_refused():
    d = Derivation(name="h", title="H", steps=(GOOD[0],),
                   hypotheses=(eta * lam < 1) & (eta * lam > 2))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'h' \(H\): no point satisfying the hypotheses "):
        d.verify()


def test_a_witness_solves_an_equation_of_the_hypotheses():
    point = witness(sympy.Eq(eta * lam, sympy.Rational(1, 2)))
    assert point is not None
    values = dict(point)
    assert values[eta] * values[lam] == sympy.Rational(1, 2)


def test_a_conjunct_on_an_empty_region_is_refused():
    chain = calc(w**2, (">=", 0, "a square"))
    d = Derivation(name="v", title="V", steps=(chain,),
                   claim=when((w > 1) & (w < 0), ge(w**2, 0)))
    with pytest.raises(VerificationError,
                       match=r"^derivation 'v' \(V\): claim 1 \(w\*\*2 >= 0\) holds vacuously: "):
        d.verify()


def test_a_result_must_be_part_of_the_claim():
    d = Derivation(name="r", title="R", steps=GOOD, results={"typed-in": w + 7})
    with pytest.raises(VerificationError,
                       match=r"^derivation 'r' \(R\): result 'typed-in' \(w \+ 7\) is not part "
                             r"of the claim$"):
        d.verify()


def test_results_are_read_only_and_name_their_keys():
    d = Derivation(name="r", title="R", steps=GOOD, results={"b": Abs(w), "a": w**2})
    assert list(d.results) == ["b", "a"]
    with pytest.raises(KeyError, match=r"no result named 'c'; known: b, a"):
        d.results["c"]
    with pytest.raises(TypeError):
        d.results["c"] = w  # type: ignore[index]


@pytest.mark.parametrize("claim", [sympy.Or(w > 0, w < 0), w + 1])
def test_a_claim_must_be_a_statement_of_the_supported_kinds(claim):
    with pytest.raises(InvalidParameterError, match=r"^a claim is "):
        Derivation(name="k", title="K", steps=GOOD, claim=claim)


def test_a_solve_claim_and_a_membership_claim():
    solve = Step(sympy.Eq(w**2, 1), sympy.FiniteSet(1), reason="the positive root",
                 relation="solve", variable=w, domain=sympy.Interval.open(0, sympy.oo))
    inside = Step(lam * sign(w), sympy.Interval(-lam, lam), reason="|sign| <= 1",
                  relation="in")
    d = Derivation(name="s", title="S", steps=(solve, inside), claim=(
        solutions(w, sympy.Eq(w**2, 1), sympy.FiniteSet(1),
                  domain=sympy.Interval.open(0, sympy.oo)),
        member(lam * sign(w), sympy.Interval(-lam, lam))))
    assert [c.relation for c in d.verify().conjuncts] == ["solve", "in"]
    wrong = Derivation(name="s", title="S", steps=(solve,), claim=solutions(
        w, sympy.Eq(w**2, 1), sympy.FiniteSet(1)))
    with pytest.raises(VerificationError, match=r"^derivation 's' \(S\): claim 1 "):
        wrong.verify()


def test_the_default_claim_is_what_the_chains_establish():
    d = Derivation(name="d", title="D", steps=(_square_chain(), GOOD[0]))
    assert d.statements == (_square_chain().fact, Chain((GOOD[0],)).fact)


def _solve_step(rhs, where):
    return Step(sympy.Eq(w, eps), rhs, reason="r", relation="solve", variable=w,
                domain=sympy.Interval(0, 1), where=where)


def test_a_solve_step_is_first_tried_without_the_conditions_on_its_unknown(monkeypatch):
    asked = []
    real = _step_module.prove

    def spy(*args, **kwargs):
        asked.append(kwargs.get("where"))
        return real(*args, **kwargs)

    monkeypatch.setattr(_step_module, "prove", spy)
    # w is bound in the solution set: w > 0 only says that some w meets it
    outcome = _solve_step(sympy.FiniteSet(eps), (w > 0) & (eps < 1)).check()
    assert outcome.status == "proved"
    assert asked
    assert all(where == (eps < 1) for where in asked)


def test_a_solve_step_keeps_its_conditions_on_the_parameters():
    # {eps} is the solution set on [0, 1] only for eps <= 1
    assert _solve_step(sympy.FiniteSet(eps), (w > 0) & (eps < 1)).check().status == "proved"
    wrong = _solve_step(sympy.FiniteSet(eps), w > 0).check()
    assert wrong.status == "refuted"
    # decided on the step's own region when the claim for every eps is false
    assert wrong.counterexample is not None
    assert {str(s) for s, _ in wrong.counterexample} == {"eps", "w"}
    assert dict(wrong.counterexample)[eps] > 1


def test_links_on_the_same_sides_are_proved_last_and_together():
    from symreg.derivation._derivation import _twins_last

    x = sympy.Max(w - lam, 0)
    big = sympy.sign(x) * sympy.Max(sympy.Abs(x) - lam, 0)
    links = [
        Step(w + w, 2 * w, reason="a"),
        Step(big, sympy.Max(w - 2 * lam, 0), where=w > 0, reason="b, positive"),
        Step(x, 0, where=w < lam, reason="c, below"),
        Step(big, sympy.Max(w - 2 * lam, 0), where=w < 0, reason="b, negative"),
        Step(w * 3, 3 * w, reason="d"),
        Step(x, 0, relation="ge", reason="c, everywhere"),
    ]
    ordered = _twins_last(links)
    assert sorted(ordered, key=links.index) == links  # the same links
    # the others in their order, then the twins, the largest sides last
    assert [s.reason for s in ordered] == ["a", "d", "c, below", "c, everywhere",
                                           "b, positive", "b, negative"]
