"""The prover's memoised procedures: regions' bounds, undefined points, ordered relationals.

Each is keyed by the exact SymPy objects it is asked about, so the answer for
one region or condition never leaks into another; false claims about the same
expressions, under the regions and conditions remembered, are still refuted at
kinks, zero, negative values and thresholds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from conftest import numbers_equal
from sympy import Abs, Max, Piecewise, sign, sqrt
from sympy.logic.boolalg import ITE

from symreg.proof import breakpoints, clear_caches, prove, sample_points
from symreg.proof._decide import compare
from symreg.proof._defined import _undefined_point
from symreg.proof._domain import undefined_candidates
from symreg.proof._forms import relationals, relations_in, to_piecewise
from symreg.proof._identities import identical_by_expansion
from symreg.proof._split import _bounds, where_regions
from symreg.symbols import eta, lam, w, z

# a symbol that is non-negative but not positive: the sampler may put it beside a
# breakpoint on the negative side, which its assumptions exclude
s = sympy.Symbol("s", nonnegative=True)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    clear_caches()


def test_the_bounds_of_a_region_are_kept_and_each_parametrisation_is_new():
    region = (w > lam) & (w <= 3 * lam)
    first = where_regions(region)
    assert _bounds.cache_info().currsize == 1  # type: ignore[attr-defined]
    second = where_regions(region)
    assert _bounds.cache_info().hits == 1  # type: ignore[attr-defined]
    # the memo hands out copies: parametrising once (which adds the lower bound
    # of a positive variable) does not change the region for the next caller
    assert len(first) == len(second) == 2
    for a, b in zip(first, second, strict=True):
        fresh_a, fresh_b = a[w].free_symbols - {lam}, b[w].free_symbols - {lam}
        assert fresh_a.isdisjoint(fresh_b)  # each caller gets its own parameters
        assert a[w].xreplace(dict(zip(fresh_a, fresh_b, strict=True))) == b[w]


@pytest.mark.parametrize(("lhs", "rhs", "relation", "where", "point"), [
    # the same region twice: true, then false at its threshold w = 3*lam
    (w, 3 * lam, "le", (w > lam) & (w <= 3 * lam), None),
    (w, 3 * lam, "lt", (w > lam) & (w <= 3 * lam), {w: 3, lam: 1}),
    # a kink inside the region: |w - 2*lam| = w - 2*lam is false below the kink
    (Abs(w - 2 * lam), w - 2 * lam, "eq", (w > lam) & (w <= 3 * lam), "kink"),
    # at zero and for negative values
    (w**2, w, "ge", (w >= -1) & (w <= 0), None),
    (w**2, 0, "gt", (w >= -1) & (w <= 0), {w: 0}),
    (w, 0, "ge", (w >= -1) & (w <= 0), "negative"),
])
def test_false_claims_in_a_remembered_region_are_still_refuted(lhs, rhs, relation, where, point):
    proof = prove(lhs, rhs, relation=relation, where=where)
    if point is None:
        assert proof.status == "proved", proof
        return
    assert proof.status == "refuted", proof
    found = dict(proof.counterexample or ())
    assert bool(where.xreplace(found)) is True
    if point == "kink":
        assert found[w] < 2 * found[lam]
    elif point == "negative":
        assert found[w] < 0
    else:
        assert found == point


def test_an_undefined_point_is_remembered_per_region():
    written = sympy.Mul(w - 1, sympy.Pow(w - 1, -1, evaluate=False), evaluate=False)
    cond = sympy.Ne(w - 1, 0)
    assert _undefined_point(cond, w > 1) is None
    # the same condition on a larger region: the point w = 1 is in it
    assert _undefined_point(cond, w > 0) == ((w, 1),)
    assert prove(written, 1, where=w > 1).status == "proved"
    refuted = prove(written, 1, where=w > 0)
    assert (refuted.status, refuted.reason) == ("refuted", "undefined at w = 1")
    # and without a region, at the zero of the divisor
    assert prove(written, 1).counterexample == ((w, 1),)


def test_an_undefined_point_respects_every_assumption():
    # sqrt(s - c) needs s >= c; beside the threshold c = 1/14 the sampler and the
    # zeros of the condition also offer s = c - 1/7 < 0, which s may not take
    c = sympy.Rational(1, 14)
    cond = sympy.Ge(s - c, 0)
    point = _undefined_point(cond, None)
    assert point is not None
    value = dict(point)[s]
    assert 0 <= value < c
    # a threshold: defined from c on, so proved there and refuted below
    squared = sympy.Pow(sqrt(s - c), 2, evaluate=False)
    assert prove(squared, s - c, where=s >= c).status == "proved"
    below = prove(squared, s - c)
    assert below.status == "refuted"
    assert 0 <= dict(below.counterexample or ())[s] < c


def test_a_base_point_outside_the_assumptions_refutes_nothing():
    # s + 1/14 >= 0 (as written) holds for every s >= 0, but the sampler also
    # offers the points beside its zero, s = -1/14 - 1/7 among them
    c = sympy.Rational(1, 14)
    assert _undefined_point(sympy.GreaterThan(s + c, 0, evaluate=False), None) is None
    assert _undefined_point(sympy.GreaterThan(s - c, 0, evaluate=False), None) == ((s, 0),)


def test_compare_decides_rational_differences_exactly():
    assert compare(sympy.Rational(1, 3), sympy.Rational(1, 2)) == -1
    assert compare(sympy.Integer(2), sympy.Rational(4, 2)) == 0
    assert compare(eta * lam, eta * lam / 2) == 1
    assert compare(w, 0) is None  # w takes both signs


def test_relationals_come_in_a_canonical_order():
    cond = (w < 2 * lam) & (w > lam) & (z > 0)
    assert relations_in(cond) == sorted(cond.atoms(sympy.core.relational.Relational),
                                        key=sympy.default_sort_key)
    found = relationals(Piecewise((1, cond), (0, True)))
    assert found[:3] == sorted(found[:3], key=sympy.default_sort_key)
    either = sympy.Or(w > 0, sympy.And(sympy.Eq(w, 0), lam - 1 > 0))
    assert [sym for sym, _ in undefined_candidates(either)][:3] == [w, w, w]  # w = 0 first


def _seeded() -> str:
    """What the tests below compare across hash seeds."""
    p = sympy.Symbol("p", positive=True)
    cond = (w < 2 * lam) & (w > lam) & (w < 5 * lam)
    return "\n".join(map(str, (
        relationals(Piecewise((1, cond), (0, True))),
        breakpoints(Piecewise((w, cond), (0, True)), w),
        prove(lam * p * w ** (p - 1), lam * p * Abs(w) ** (p - 1)).reason,
    )))


@pytest.mark.slow
def test_the_order_does_not_follow_the_hash_seed():
    here = Path(__file__).resolve().parent
    # another process, with a hash seed other than this one's
    seed = "3" if os.environ.get("PYTHONHASHSEED") != "3" else "5"
    script = (f"import sys; sys.path.insert(0, {str(here)!r}); "
              "from test_proof_memo import _seeded; print(_seeded())")
    there = subprocess.run([sys.executable, "-c", script],
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
                           capture_output=True, text=True).stdout
    assert there == _seeded() + "\n"


def test_nested_kinks_are_still_split_and_refuted():
    nested = sign(sign(w) * Max(0, Abs(w) - lam)) * Max(0, Abs(w) - lam)
    assert prove(nested, Max(0, Abs(w) - lam), where=w > 0).status == "proved"
    wrong = prove(nested, Max(0, Abs(w) - lam))  # false for w < -lam
    assert wrong.status == "refuted"
    assert dict(wrong.counterexample or ())[w] < -dict(wrong.counterexample or ())[lam]


@pytest.mark.slow
def test_repeated_conditions_give_each_breakpoint_once():
    inner = Max(0, Abs(w) - lam)
    nested = sign(sign(w) * inner) * Max(0, -eta + Abs(sign(w)) * inner)
    found = breakpoints(nested, w)
    # every kink of every branch (the conditions of the rewritten sign and Max repeat
    # many times), each once, in the order first met; the cases of the inner kinks are
    # taken out before the outer ones are rewritten, so no condition holds a Piecewise
    # and no point that is not a kink (such as lam - eta) is added
    assert found == [-eta - lam, -lam, 0, lam, eta + lam]


def test_a_breakpoint_undefined_as_solved_is_sampled_at_its_simplified_value():
    # w = -(lam - 1)/(lam**2 - 1), as solved for, is 0/0 at lam = 1, where its
    # simplified form -1/(lam + 1) is -1/2: the sampler still puts points beside
    # it there, as it does at the other parameter sets
    kinked = Piecewise((1, (lam**2 - 1) * w + lam - 1 > 0), (0, True))
    points = sample_points([kinked])
    half, seventh = sympy.Rational(1, 2), sympy.Rational(1, 7)
    for value in (2, sympy.Rational(1, 3)):
        kink = -1 / (value + 1)
        assert any(numbers_equal(p[lam], value) and numbers_equal(p[w], kink + seventh)
                   for p in points)
    for beside in (-half + seventh, -half - seventh):
        assert any(numbers_equal(p[lam], 1) and numbers_equal(p[w], beside) for p in points)


def test_nested_kinks_are_rewritten_with_plain_conditions():
    inner = Max(0, Abs(w) - lam)
    nested = sign(sign(w) * inner) * Max(0, -eta + Abs(sign(w)) * inner)
    rewritten = to_piecewise(nested)
    assert not rewritten.has(Abs, sign, Max)
    conditions = [c for p in rewritten.atoms(Piecewise) for _, c in p.args]
    assert conditions
    assert not any(c.has(Piecewise, ITE) for c in conditions)
    half, third = sympy.Rational(1, 2), sympy.Rational(1, 3)
    for values in ({lam: 1, eta: half}, {lam: third, eta: 2}):
        kinks = [-values[lam] - values[eta], -values[lam], 0, values[lam],
                 values[lam] + values[eta]]
        for at in [-3, *kinks, *(k + third for k in kinks), *(k - third for k in kinks), 3]:
            point = {**values, w: sympy.nsimplify(at)}
            assert rewritten.subs(point) == nested.subs(point), point


def test_a_rational_identity_is_proved_over_one_denominator():
    shrink = z / (2 * eta * lam + 1)
    # u + 2*eta*lam*u = z at the shrinkage: the numerator over one denominator is 0
    assert identical_by_expansion(shrink + 2 * eta * lam * shrink, z)
    # not an identity (wrong at z = 1, eta = lam = 1): neither the numerator nor
    # the cancelled form is 0
    assert not identical_by_expansion(shrink + eta * lam * shrink, z)
    # equal where both sides are defined (w = 1 is the domain's business, not this test's)
    assert identical_by_expansion((w**2 - 1) / (w - 1), w + 1)
    assert not identical_by_expansion((w**2 - 1) / (w - 1), w - 1)
