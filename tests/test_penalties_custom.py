"""Penalties of any expression in any real variable, and the failures they used to hide."""

from __future__ import annotations

import pickle

import pytest
import sympy
from conftest import R, assert_same
from sympy import Abs, Interval, Piecewise, sign, sqrt

from symreg import L1, L2, crossover, descent, dominance, step_decrease
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties import CustomPenalty, Penalty, penalty
from symreg.symbols import eta, lam, w, z

beta = sympy.Symbol("beta", real=True)
a = sympy.Symbol("a", positive=True)
MCP = Piecewise((lam * Abs(beta) - beta**2 / (2 * a), Abs(beta) <= a * lam),
                (a * lam**2 / 2, True))
SCAD = Piecewise((lam * Abs(beta), Abs(beta) <= lam),
                 ((2 * a * lam * Abs(beta) - beta**2 - lam**2) / (2 * (a - 1)),
                  Abs(beta) <= a * lam),
                 ((a + 1) * lam**2 / 2, True))


# ---------------------------------------------------------------------------
# validation


def test_a_variable_without_the_real_assumption_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"^the variable w must be a real symbol "
                             r"\(Symbol\('w', real=True\)\); "
                             r"without that assumption SymPy treats it as complex$"):
        penalty(lam * sympy.Symbol("w") ** 2, sympy.Symbol("w"))


def test_a_variable_with_a_sign_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"^the variable b must range over the whole real line: declare "
                             r"it with real=True only$"):
        penalty(lam * sympy.Symbol("b", positive=True), sympy.Symbol("b", positive=True))


def test_an_expression_in_another_symbol_is_refused_and_named():
    plain = sympy.Symbol("beta")
    with pytest.raises(InvalidParameterError,
                       match=r"^the penalty beta\*\*2\*lam does not depend on beta \(it uses "
                             r"beta, a different symbol\)$"):
        penalty(lam * plain**2, beta)


def test_an_expression_that_does_not_depend_on_the_variable_is_refused():
    with pytest.raises(InvalidParameterError, match=r"^the penalty lam does not depend on beta$"):
        penalty(lam, beta)


def test_an_expression_that_is_not_real_is_refused():
    with pytest.raises(InvalidParameterError,
                       match=r"^the penalty sqrt\(beta\)\*lam is not real-valued on the reals: "
                             r"at beta = -3 it is .*I$"):
        penalty(lam * sqrt(beta), beta)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"name": 3}, r"^name must be a string, got 3$"),
    ({"convex": "yes"}, r"^convex must be True, False or None, got 'yes'$"),
])
def test_bad_options_are_refused(kwargs, message):
    with pytest.raises(InvalidParameterError, match=message):
        penalty(lam * beta**2, beta, **kwargs)


def test_a_false_declaration_of_convexity_is_an_error():
    with pytest.raises(InvalidParameterError,
                       match=r"^the penalty lam\*sqrt\(Abs\(beta\)\) was declared convex, but "
                             r"it is not convex$"):
        penalty(lam * sqrt(Abs(beta)), beta, convex=True)
    with pytest.raises(InvalidParameterError, match=r"^.* declared not convex, but it is convex$"):
        penalty(lam * beta**2, beta, convex=False)


def test_the_subdifferential_says_which_it_is():
    assert penalty(lam * Abs(beta), beta).subdifferential_kind == "the convex subdifferential"
    assert penalty(MCP, beta).subdifferential_kind == (
        "the regular (Fréchet) subdifferential: the penalty is not convex")


@pytest.fixture
def huber_decisions(monkeypatch):
    """A Huber penalty in beta, and the list of the tasks sent to workers meanwhile."""
    from symreg import _budget

    gamma = sympy.Symbol("gamma", positive=True)
    huber = lam * Piecewise((beta**2 / 2, Abs(beta) <= gamma),
                            (gamma * Abs(beta) - gamma**2 / 2, True))
    decided: list[object] = []
    run = _budget.run

    def counted(fn, args, timeout, **options):
        decided.append(args)
        return run(fn, args, timeout, **options)

    monkeypatch.setattr(_budget, "run", counted)
    return huber, decided


def test_a_convexity_decided_in_a_worker_is_taken_from_the_cache_later(tmp_path,
                                                                        huber_decisions):
    from symreg import _cache

    huber, decided = huber_decisions
    with _cache.in_force(str(tmp_path)):
        assert penalty(huber, beta).convex is True
        assert len(decided) == 1  # by the calculus, in a worker
        assert penalty(huber, beta, name="another name").convex is True
        assert len(decided) == 1  # from the cache
    with _cache.disabled():
        assert penalty(huber, beta).convex is True
        assert len(decided) == 2  # no cache: decided again


def test_an_undeclared_convexity_is_decided_when_first_asked_for(huber_decisions):
    from symreg import _cache

    huber, decided = huber_decisions
    with _cache.disabled():
        p = penalty(huber, beta)
        copy = pickle.loads(pickle.dumps(p))
        assert decided == []  # building it proved nothing
        assert p.convex is True
        assert p.convex is True
        assert len(decided) == 1  # decided once, then kept
        assert copy.convex is True  # a copy made before the decision decides it itself
        assert len(decided) == 2


def test_a_true_declaration_is_verified_and_kept():
    assert penalty(lam * beta**4, beta, convex=True).convex is True
    assert penalty(MCP, beta, convex=False).convex is False


# ---------------------------------------------------------------------------
# the silent failures of issue 12


@pytest.mark.slow
def test_a_penalty_in_beta_has_its_derivative_and_prox():
    p = penalty(lam * beta**2, beta, name="ridge")
    assert_same(p.derivative(), 2 * lam * beta)
    assert p.derivative() != 0
    assert_same(p.prox(step=eta), z / (1 + 2 * eta * lam))
    l1 = penalty(lam * Abs(beta), beta)
    assert_same(l1.subdifferential(at=0), Interval(-lam, lam))
    assert_same(l1.prox(step=eta), sign(z) * sympy.Max(Abs(z) - eta * lam, 0))


@pytest.mark.slow
def test_scad_and_mcp_with_a_symbolic_strength_have_kinks_and_subdifferentials():
    for expr, far in ((MCP, 4 * a * lam), (SCAD.subs(a, R(37, 10)), 10 * lam)):
        p = penalty(expr, beta)
        assert p.kinks() == sympy.FiniteSet(0)
        assert_same(p.subdifferential(at=0), Interval(-lam, lam))
        assert_same(p.subdifferential(at=far), sympy.FiniteSet(0))
        assert p.convex is False


@pytest.mark.slow
def test_scad_with_a_symbolic_shape_says_what_it_cannot_do():
    # Its pieces are ordered only when a > 1, which the assumptions do not say.
    p = penalty(SCAD, beta)
    with pytest.raises(UnsupportedError,
                       match=r"^cannot take the one-sided limits of Piecewise\(.*\) at beta = 0$"):
        p.kinks()
    assert p.convex is False  # undecided and undeclared: nothing relies on it


def test_the_prox_of_sqrt_abs_is_a_prompt_unsupported_error():
    p = penalty(lam * sqrt(Abs(beta)), beta, name="root")
    with pytest.raises(UnsupportedError,
                       match=r"^the prox of penalty\(lam\*sqrt\(Abs\(beta\)\), beta, "
                             r"name='root'\) is not supported: the prox objective is not "
                             r"convex \(1 \+ eta\*P''\(u\) "
                             r"> 0 fails on -oo < u < 0\), so the minimisers on -oo < u < 0 are "
                             r"not derived$"):
        p.prox(step=eta, timeout=60)


@pytest.mark.slow
def test_huber_and_lp_three_halves_have_a_prox():
    gamma = sympy.Symbol("gamma", positive=True)
    huber = penalty(lam * Piecewise((beta**2 / 2, Abs(beta) <= gamma),
                                    (gamma * Abs(beta) - gamma**2 / 2, True)), beta)
    expected = Piecewise((z / (1 + eta * lam), Abs(z) <= gamma * (1 + eta * lam)),
                         (z - eta * lam * gamma * sign(z), True))
    assert_same(huber.prox(step=eta), expected)
    p32 = penalty(lam * Abs(beta) ** R(3, 2), beta)
    root = (-3 * eta * lam + sqrt(9 * eta**2 * lam**2 + 16 * Abs(z))) / 4
    assert_same(p32.prox(step=eta), sign(z) * root**2)


@pytest.mark.slow
def test_mcp_prox_under_its_hypothesis_is_firm_thresholding():
    p = penalty(MCP, beta, name="MCP")
    firm = Piecewise((0, Abs(z) <= eta * lam),
                     (sign(z) * (Abs(z) - eta * lam) / (1 - eta / a), Abs(z) <= a * lam),
                     (z, True))
    got = p.prox(step=eta, assume=eta < a)
    for values in ({a: 2, eta: R(1, 2), lam: 1}, {a: R(5, 2), eta: 2, lam: R(1, 3)}):
        assert_same(got.subs(values), firm.subs(values))


@pytest.mark.slow
def test_a_budget_that_is_too_small_is_an_unsupported_error():
    p = penalty(lam * Abs(beta) ** R(3, 2) + lam * beta**2, beta, name="slow")
    with pytest.raises(UnsupportedError,
                       match=r"^the prox of penalty\(.*\) could not be derived within the time "
                             r"budget of 0\.01 seconds$"):
        p.prox(step=eta, timeout=0.01)


# ---------------------------------------------------------------------------
# every operation


def test_every_operation_works_on_a_custom_penalty():
    ridge = penalty(lam * beta**2, beta, name="ridge")
    assert crossover(L1(), ridge).points == sympy.FiniteSet(1)
    assert crossover(ridge, L1(), kind="gradient").points == sympy.FiniteSet(R(1, 2))
    assert dominance(L1(), ridge).first == Interval.open(0, 1)
    assert step_decrease(ridge, 3, R(1, 10)) == step_decrease(L2(), 3, R(1, 10))
    assert_same(descent(ridge, method="gradient").iterate,
                descent(L2(), method="gradient").iterate)


def test_a_custom_penalty_is_a_value_that_pickles():
    p = penalty(lam * beta**2, beta, name="ridge")
    assert isinstance(p, CustomPenalty)
    assert p == penalty(lam * beta**2, beta, name="ridge")
    assert hash(p) == hash(penalty(lam * beta**2, beta, name="ridge"))
    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(AttributeError, match=r"^CustomPenalty is immutable$"):
        p.name = "other"  # type: ignore[misc]


class _Smooth(Penalty):
    """A subclass following the documented contract (no private attribute)."""

    name = "smooth"

    def __init__(self, mu):
        super().__init__(mu=mu)

    @property
    def expr(self):
        return lam * (sqrt(w**2 + self.mu**2) - self.mu)


def test_a_subclass_needs_only_the_documented_contract():
    p = _Smooth(1)
    assert p == _Smooth(1)
    assert p != _Smooth(2)
    assert_same(p.derivative(), lam * w / sqrt(w**2 + 1))
    assert p.convex is True
    assert p.convention.expr == p.expr
    assert p.kinks() == sympy.EmptySet


# ---------------------------------------------------------------------------
# conditions on the parameters (hypotheses of the penalty)

c = sympy.Symbol("c", positive=True)


@pytest.mark.slow
def test_conditions_on_the_parameters_are_data_used_by_the_prox():
    # lam|b| - c b**2/2 needs c < 1 and a step below 1 for a convex prox objective.
    p = penalty(lam * Abs(beta) - c * beta**2 / 2, beta, name="shrunk", assume=c < 1)
    assert p.hypotheses == (c < 1)
    assert repr(p) == "penalty(-beta**2*c/2 + lam*Abs(beta), beta, name='shrunk', assume=c < 1)"
    assert p != penalty(lam * Abs(beta) - c * beta**2 / 2, beta, name="shrunk")
    got = p.prox(step=eta, assume=eta < 1)  # the conjunction (c < 1) & (eta < 1)
    at = {eta: R(1, 2), lam: 1, c: R(1, 2)}  # threshold 1/2, slope 1/(1 - 1/4)
    for zv, expected in ((2, 2), (R(1, 4), 0), (-1, R(-2, 3)), (R(1, 2), 0)):
        assert got.subs(at).subs(z, zv) == expected


@pytest.mark.parametrize(("assume", "message"), [
    ("c < 1", r"^assume must be a SymPy condition, got 'c < 1'$"),
    (beta > 0, r"^assume must be a condition on the parameters, not on beta: got beta > 0$"),
    (c <= 1, r"^assume must be a conjunction of strict one-sided conditions \(s < U or "
             r"s > L\), got c <= 1$"),
    ((c < 1) & (c > 2), r"^no values of the parameters satisfy \(c > 2\) & \(c < 1\)$"),
])
def test_conditions_on_the_parameters_are_checked(assume, message):
    with pytest.raises(InvalidParameterError, match=message):
        penalty(lam * Abs(beta) + c * beta**2, beta, assume=assume)


def test_built_in_penalties_have_no_conditions():
    assert L1().hypotheses is sympy.true
