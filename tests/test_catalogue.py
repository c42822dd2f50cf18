"""Tests of symreg.catalogue: every entry verifies and states the right result."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy

from symreg import catalogue, symbols
from symreg.catalogue import registry
from symreg.derivation import Derivation, Step, conjuncts
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
    assert derivation.conjuncts, "every entry claims something"
    assert derivation.results, "every entry names its results"
    for value in derivation.results.values():
        assert derivation.claim.has(value) or any(
            value in (c.lhs, c.rhs) for c in derivation.conjuncts)


def _assert_words_only(derivation: Derivation) -> None:
    for text in (derivation.prose, *derivation.remarks):
        # A symbol the prose names is math printed from the symbol itself (so that it
        # follows the reader's notation): a bare symbol, never a formula or a number.
        named = getattr(text, "objects", ())
        assert all(isinstance(obj, sympy.Symbol) for obj in named), text
        written = getattr(text, "template", text).replace("{}", "")
        words = re.sub(r"\bL[12p]\b", "", written)  # the names of the penalties
        assert "$" not in words, text
        assert not re.search(r"[0-9=<>]", words), text


@pytest.mark.parametrize("name", catalogue.names())
def test_prose_states_no_mathematics(name):
    """Numbers and formulas a reader sees come from the claim, never from the prose."""
    _assert_words_only(catalogue.get(name))


def _model_layer() -> list[Derivation]:
    from symreg.analysis import crossover, dominance
    from symreg.dynamics import descent
    from symreg.penalties import L1, L2
    from symreg.vector import Norm1

    return [
        descent(L1(), method="proximal").derivation,
        descent(L1(), method="gradient").derivation,
        descent(L2(), method="gradient").derivation,
        descent(L2(), method="proximal").derivation,
        crossover(L1(), L2(), "gradient").derivation,
        dominance(L1(), L2()).derivation,
        Norm1(dim=2).prox_derivation(step=eta),
        *(row.derivation for row in catalogue.conventions_table()),
    ]


@pytest.mark.slow
def test_model_layer_derivations_state_their_claim_in_words_only():
    """Descent, crossovers, dominance, the separability lemma and the conventions rows."""
    for derivation in _model_layer():
        assert derivation.verified
        _assert_words_only(derivation)
        assert derivation.prose, derivation.name
        # an explicit claim: the theorem, not every chain of the proof
        assert len(derivation.conjuncts) <= len(derivation.chains), derivation.name
    hitting = _model_layer()[0]
    first = sympy.ceiling(sympy.Abs(symbols.w0) / (eta * lam))
    assert any(c.region is not None and c.region.has(first) for c in hitting.conjuncts)
    assert not hitting.claim.has(symbols.theta)


@pytest.mark.parametrize("name", catalogue.names())
def test_every_step_serves_the_claim_or_a_later_chain(name):
    """Each chain of the proof either gives a conjunct of the claim or is a lemma of the entry."""
    derivation = catalogue.get(name)
    facts = {chain.fact for chain in derivation.chains}
    claimed = set(derivation.statements)
    assert claimed <= facts | claimed
    assert len(derivation.chains) >= len(derivation.conjuncts) or name in ("subdifferential",)


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
    middle = len(original.chains) // 2
    chain = original.chains[middle]
    step = chain.steps[0]
    wrong = dataclasses.replace(step, rhs=_perturb(step))
    tampered = Derivation(
        name="tampered", title="Tampered",
        steps=(*original.chains[:middle], wrong, *original.chains[middle + 1:]),
    )
    pattern = rf"^derivation 'tampered' \(Tampered\), chain {middle + 1}, step 1 \("
    with pytest.raises(VerificationError, match=pattern):
        tampered.verify()


@pytest.mark.parametrize("name", ["near-zero", "prox", "descent"])
def test_a_claim_without_its_chain_is_refused(name):
    original = catalogue.get(name)
    dropped = len(original.chains) // 2
    (fact,) = conjuncts(original.chains[dropped].fact)
    goal = next(number for number, c in enumerate(original.conjuncts, start=1) if c == fact)
    chains = (*original.chains[:dropped], *original.chains[dropped + 1:])
    tampered = Derivation(name="gap", title="Gap", steps=chains, claim=original.statements)
    with pytest.raises(VerificationError, match=rf"^derivation 'gap' \(Gap\): claim {goal} "
                                               r"\(.*\) does not follow from any chain"):
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


def _claimed(derivation: Derivation, relation: str, lhs: sympy.Basic,
             region: sympy.Basic | None = None) -> sympy.Basic:
    """The right side the claim gives ``lhs`` (same relation, same region)."""
    for c in derivation.conjuncts:
        if c.relation == relation and c.lhs == lhs and c.region == region:
            return c.rhs
    raise AssertionError(f"{derivation.name} claims nothing {relation} about {lhs} on {region}")


def test_subdifferential_from_the_definition():
    d = catalogue.get("subdifferential")
    g = symbols.g
    assert same(d.results["l1-at-zero"], sympy.Interval(-lam, lam))
    assert same(d.results["l2-gradient"], 2 * lam * w)
    assert same(d.results["l2-half-gradient"], lam * w)
    regions = [c.region for c in d.conjuncts if c.region is not None]
    # both inclusions: every g inside is a subgradient, every g outside is not
    assert sympy.Contains(g, sympy.Interval(-lam, lam), evaluate=False) in regions
    assert (g > lam) in regions
    assert (g < -lam) in regions


def test_value_and_gradient_crossovers():
    value = catalogue.get("value-crossover")
    assert same(value.results["l2"], sympy.FiniteSet(1))
    assert same(value.results["l2-half"], sympy.FiniteSet(2))
    gradient = catalogue.get("gradient-crossover")
    assert same(gradient.results["l2-half"], sympy.FiniteSet(1))
    assert same(gradient.results["l2"], sympy.FiniteSet(sympy.Rational(1, 2)))
    assert [c.relation for c in gradient.conjuncts].count("solve") == 2


def test_epsilon_step_crossover_and_limit():
    d = catalogue.get("epsilon-step")
    expected = sympy.Piecewise((sympy.FiniteSet((1 + eps) / 2), eps <= 1),
                               (sympy.S.EmptySet, True))
    assert same(d.results["crossing"], expected)
    assert same(d.results["limit"], sympy.Rational(1, 2))
    assert same(d.results["l1"], eps * lam)


def test_worked_example_is_exact():
    d = catalogue.get("worked-example")
    expected = {"l1-large": sympy.Rational(1, 1000), "l2-large": sympy.Rational(29999, 1000000),
                "l1-small": sympy.Rational(1, 1000), "l2-small": sympy.Rational(39, 1000000),
                "ratio-large": sympy.Rational(29999, 1000),
                "ratio-small": sympy.Rational(1000, 39)}
    for key, want in expected.items():
        assert isinstance(d.results[key], sympy.Rational)
        assert same(d.results[key], want)
    # the quoted rounded ratios are claimed too small
    quoted = [c for c in d.conjuncts if c.relation == "gt"]
    assert [(c.lhs, c.rhs) for c in quoted] == [
        (d.results["ratio-large"], 28), (d.results["ratio-small"], 24)]
    assert not d.remarks


def test_near_zero_gain_on_both_sides_of_eps():
    d = catalogue.get("near-zero")
    assert same(d.results["l1-far"], lam)
    near = d.results["l1-near"]
    # at w = eps/4 the L1 step loses: the gain is -lam/2
    assert same(near.subs(w, eps / 4), -lam / 2)
    assert same(near.subs(w, eps / 2), 0)
    assert same(d.results["l2-small-steps"], 2 * lam * w)
    regions = {c.region for c in d.conjuncts}
    assert ((w > 0) & (w < eps)) in regions
    assert (w >= eps) in regions


def test_prox_entries():
    d = catalogue.get("prox")
    soft = sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0)
    assert same(d.results["l1"], soft)
    assert same(d.results["l2"], z / (1 + 2 * eta * lam))
    assert same(d.results["l2-half"], z / (1 + eta * lam))
    t = eta * lam
    regions = [c.region for c in d.conjuncts if c.relation == "ge"]
    # optimality with a margin on each region of z: above, on and below the dead zone
    assert regions == [z > t, (z >= -t) & (z <= t), z < -t]


def test_descent_regimes_of_l2_gradient_steps():
    d = catalogue.get("descent")
    factor = d.results["l2-gradient-factor"]
    assert same(factor, 1 - 2 * eta * lam)
    t, half = eta * lam, sympy.Rational(1, 2)
    claims = {(c.relation, c.rhs, c.region) for c in d.conjuncts if c.lhs == factor}
    assert {("gt", 0, t < half), ("eq", 0, sympy.Eq(t, half)), ("lt", 0, t > half),
            ("gt", -1, t < 1), ("eq", -1, sympy.Eq(t, 1)), ("lt", -1, t > 1)} <= claims


def test_descent_l1_by_induction_for_both_signs():
    d = catalogue.get("descent")
    iterate = d.results["l1-proximal-iterate"]
    regions = {c.region for c in d.conjuncts if c.relation == "eq" and c.rhs.has(symbols.k)}
    assert (symbols.w0 > 0) in regions
    assert (symbols.w0 < 0) in regions
    assert same(iterate.subs(symbols.k, 0), symbols.w0)


def test_lp_crossover_is_solved_for():
    d = catalogue.get("lp-family")
    p = symbols.p
    assert same(d.results["gradient-crossover"].subs(p, 3), 3 ** sympy.Rational(-1, 2))


def test_map_entry():
    d = catalogue.get("map")
    assert same(d.results["lasso-strength"], 2 * s**2 / sympy.Symbol("b", positive=True))
    assert same(d.results["ridge-strength"], s**2 / sigma**2)


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


def test_every_conventions_cell_is_a_verified_result_of_its_row():
    for row in catalogue.conventions_table():
        d = row.derivation
        assert d.verified
        assert (row.full, row.half) == (d.results["full"], d.results["half"])
        # each cell occurs in the claim the derivation proves
        assert all(d.claim.has(cell) or any(cell in (c.lhs, c.rhs) for c in d.conjuncts)
                   for cell in (row.full, row.half))


def test_a_wrong_claim_cannot_enter_the_catalogue(monkeypatch):
    def broken(title: str) -> Derivation:
        return Derivation(name="broken", title=title, steps=(
            Step(lam * sympy.Abs(w), lam * w, reason="drop the bars"),))

    entry = registry.Entry(name="broken", title="Broken", build=broken)
    monkeypatch.setattr(registry, "_REGISTRY", {**registry._REGISTRY, "broken": entry})
    registry._get.cache_clear()
    try:
        with pytest.raises(VerificationError,
                           match=r"^derivation 'broken' \(Broken\), chain 1, step 1"):
            catalogue.get("broken")
    finally:
        registry._get.cache_clear()


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
             for text in (d.title, d.prose, *d.remarks, *(s.reason for s in d.steps))]
    offending = [(name, text) for name, text in texts
                 if any(word in text.lower() for word in IMPLEMENTATION_WORDS)]
    assert offending == []


def test_evenness_keeps_its_written_form():
    (even,) = [s for s in catalogue.get("value-crossover").steps if s.reason == "L1 is even"]
    assert str(even.lhs) == "lam*Abs(-w)"
    assert same(even.lhs, lam * sympy.Abs(w))


def test_descent_states_the_hitting_time_as_the_first_zero():
    d = catalogue.get("descent")
    first = d.results["l1-proximal-hitting-time"]
    assert first == sympy.ceiling(sympy.Abs(symbols.w0) / (eta * lam))
    iterate = d.results["l1-proximal-iterate"]
    regions = {(c.relation, str(c.region)) for c in d.conjuncts if c.lhs == iterate}
    assert ("eq", str(symbols.k >= first)) in regions
    assert ("gt", str((symbols.k < first) & (symbols.w0 > 0))) in regions
    assert ("lt", str((symbols.k < first) & (symbols.w0 < 0))) in regions
    # on a threshold, just past it, negative, and at zero: the first zero is the ceiling
    for start in (sympy.Rational(5, 2), 3, -3, sympy.Rational(-1, 100), 0):
        values = {symbols.w0: start, eta: 1, lam: 1}
        n = int(first.subs(values))
        assert iterate.subs(values | {symbols.k: n}) == 0
        assert all(iterate.subs(values | {symbols.k: j}) != 0 for j in range(n))


def test_lp_family_states_the_elastic_net_limits_as_limits():
    d = catalogue.get("lp-family")
    limits = [c for c in d.conjuncts if isinstance(c.lhs, sympy.Limit)]
    assert {c.lhs.args[1] for c in limits} == {symbols.lam1, symbols.lam2, symbols.p}
    net = d.results["elastic-net-prox"]
    assert all(c.lhs.args[0] == net for c in limits if c.lhs.args[1] != symbols.p)


def test_quoting_chosen_links_refuses_one_that_is_not_of_the_derivation():
    from symreg import L2
    from symreg.catalogue._common import quoted

    derivation = L2().prox_derivation()
    links = quoted(derivation)
    assert quoted(derivation, links[1:2]) == links[1:2]
    stranger = Step(w + w, 2 * w, reason="collect")
    with pytest.raises(ValueError, match=r"^not a link of derivation 'prox-l2': collect$"):
        quoted(derivation, [stranger])
