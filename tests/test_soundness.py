"""Soundness corpus of the prover: false claims are never proved, true ones are.

The semantics under test (see the docstring of :mod:`symreg.proof`): a claim
``lhs rel rhs`` on a region holds when both sides are defined and real at every
point of the region and the relation holds there. A point where either side is
undefined refutes the claim unless the region excludes it. Expressions are
given in their written form (``evaluate=False`` where SymPy would otherwise
cancel a removable singularity on construction).
"""

from __future__ import annotations

from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symreg.proof import prove
from symreg.symbols import eps, eta, lam, w, z

R = sympy.Rational
Abs, sign, Max, Min, sqrt, log = sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.sqrt, sympy.log
x = sympy.Symbol("x", real=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
j = sympy.Symbol("j", integer=True, positive=True)
n = sympy.Symbol("n", integer=True, positive=True)


def _div(a: Any, b: Any) -> sympy.Expr:
    """``a / b`` as written: SymPy does not cancel it on construction."""
    return sympy.Mul(a, sympy.Pow(b, -1, evaluate=False), evaluate=False)


def _d(expr: sympy.Expr, var: sympy.Symbol = w) -> sympy.Expr:
    return sympy.Derivative(expr, var)


# (id, lhs, rhs, relation, where)
Claim = tuple[str, Any, Any, str, Any]

FALSE: list[Claim] = [
    # kinks: a derivative does not exist at a kink
    ("d|w| everywhere", _d(Abs(w)), sign(w), "eq", None),
    ("d lam|w| everywhere", _d(lam * Abs(w)), lam * sign(w), "eq", None),
    ("d|w| on w >= 0", _d(Abs(w)), 1, "eq", w >= 0),
    ("d max(w,0) everywhere", _d(Max(w, 0)), sympy.Heaviside(w), "eq", None),
    ("d|w-1| at the kink", _d(Abs(w - 1)), sign(w - 1), "eq", w >= 0),
    ("d sqrt(w^2)", _d(sqrt(w**2)), sign(w), "eq", None),
    ("d |w|^1 on w <= 0", _d(Abs(w)), -1, "eq", w <= 0),
    # removable singularities are undefined points
    ("(w^2-1)/(w-1)", _div(w**2 - 1, w - 1), w + 1, "eq", None),
    ("w/w", _div(w, w), 1, "eq", None),
    ("|w|/|w|", _div(Abs(w), Abs(w)), 1, "eq", None),
    ("w/|w| is sign", _div(w, Abs(w)), sign(w), "eq", None),
    ("(w^2-2w+1)/(w-1)", _div(w**2 - 2 * w + 1, w - 1), w - 1, "eq", None),
    ("sin-free rational", _div(w**3 - w, w), w**2 - 1, "eq", None),
    ("1/(1/w)", _div(1, _div(1, w)), w, "eq", None),
    ("removable on w >= 0", _div(w**2, w), w, "eq", w >= 0),
    ("max(w,0)/max(w,0)", _div(Max(w, 0), Max(w, 0)), 1, "eq", None),
    ("eps step ratio at eps = 0", _div(lam * w**2 - lam * (w - x) ** 2, x), lam * (2 * w - x),
     "eq", None),
    # branch cuts and roots of negative numbers
    ("sqrt(w^2) = w", sqrt(w**2), w, "eq", None),
    ("sqrt(w)^2 = w", sympy.Pow(sqrt(w), 2, evaluate=False), w, "eq", None),
    ("log(w^2) = 2 log w", log(w**2), 2 * log(w), "eq", None),
    ("log(w^2) = 2 log|w| at 0", log(w**2), 2 * log(Abs(w)), "eq", None),
    ("log(w) + log(-w)", log(w) + log(-w), log(-(w**2)), "eq", None),
    ("exp(log w) = w", sympy.exp(log(w), evaluate=False), w, "eq", None),
    ("cbrt as power", w ** R(1, 3), sympy.real_root(w, 3), "eq", None),
    ("sqrt(w) >= 0 everywhere", sqrt(w), 0, "ge", None),
    ("log|w| >= -oo", log(Abs(w)), -10**6, "ge", None),
    # 0**0 and friends
    ("0^w = 0", sympy.Pow(0, w, evaluate=False), 0, "eq", w >= 0),
    ("w^0 = 1 with 0", sympy.Mul(sympy.Pow(w, 0, evaluate=False), _div(w, w), evaluate=False),
     1, "eq", None),
    ("w^-1 * w = 1", w * w**-1 * _div(w, w), 1, "eq", None),
    # sign at 0
    ("sign(w)^2 = 1", sign(w) ** 2, 1, "eq", None),
    ("sign(w)*|w| = |w|", sign(w) * Abs(w), Abs(w), "eq", None),
    ("|sign(w)| = 1", Abs(sign(w)), 1, "eq", None),
    ("sign(w) w = w", sign(w) * w, w, "eq", None),
    ("sign(w) >= 0 on w >= 0 strict", sign(w), 0, "gt", w >= 0),
    # parametric roots and thresholds
    ("soft threshold drops the dead zone", sign(z) * Max(Abs(z) - eta * lam, 0),
     z - eta * lam, "eq", z >= 0),
    ("shrinkage factor", z / (1 + eta * lam), z / (1 + 2 * eta * lam), "eq", None),
    ("gradient crossover", 2 * lam * w, lam * sign(w), "eq", (w > 0) & (w < 1)),
    ("eps decrease under L1 for small w", lam * Abs(w) - lam * Abs(w - eps), lam * eps, "eq",
     w > 0),
    ("L1 larger than L2", lam * Abs(w), lam * w**2, "ge", None),
    ("L2 larger than L1", lam * w**2, lam * Abs(w), "ge", None),
    ("|w| <= w^2 off the unit", Abs(w), w**2, "le", w > 0),
    ("descent factor", (1 - 2 * eta * lam) ** k * w, w, "le", w > 0),
    ("shrunk input stays positive", z / (1 + 2 * eta * lam), 0, "gt", z > -1),
    # sums with one bad term
    ("sum with a bad term", w**2 + 2 * w + 1 + Abs(w) - w, (w + 1) ** 2, "eq", None),
    ("finite sum off by one", sympy.Sum(j, (j, 1, n)).doit(), n * (n - 1) / 2, "eq", None),
    ("sum of squares", sympy.Sum(j**2, (j, 1, n)), n * (n + 1) * (2 * n + 1) / 6 + 1, "eq",
     None),
    ("cube sum", sympy.Sum(j**3, (j, 1, n)), (n * (n + 1) / 2) ** 2 + n - 1, "eq", None),
    ("max split wrong", Max(w, 0) + Min(w, 0), Abs(w), "eq", None),
    ("max as abs", Max(w, -w), w, "eq", None),
    ("min of sum", Min(w, 1) + Min(-w, 1), 0, "eq", None),
    # strict versus non-strict at the boundary
    ("w^2 > 0", w**2, 0, "gt", None),
    ("|w| > 0", Abs(w), 0, "gt", None),
    ("w^2 < w on (0, 1]", w**2, w, "lt", (w > 0) & (w <= 1)),
    ("|w| < w^2 on [1, oo)", Abs(w), w**2, "lt", w >= 1),
    ("lam eps(2w - eps) > lam eps on w >= 1", lam * eps * (2 * w - eps), lam * eps, "gt",
     w >= (1 + eps) / 2),
    ("(w-1)^2 > 0", (w - 1) ** 2, 0, "gt", w >= 0),
    ("e^w > 1 + w", sympy.exp(w), 1 + w, "gt", None),
    ("strict at the endpoint", 1 - w, 0, "gt", w <= 1),
    # membership
    ("2 lam in [-lam, lam]", 2 * lam, sympy.Interval(-lam, lam), "in", None),
    ("w in [0, oo)", w, sympy.Interval(0, sympy.oo), "in", None),
    ("sign(w) in (-1, 1)", sign(w), sympy.Interval.open(-1, 1), "in", None),
    ("lam in open interval", lam, sympy.Interval.open(-lam, lam), "in", None),
    ("set equality off by an endpoint", sympy.Interval(-lam, lam),
     sympy.Interval.Ropen(-lam, lam), "eq", None),
    ("finite sets", sympy.FiniteSet(R(1, 2)), sympy.FiniteSet(1), "eq", None),
    # plain wrong algebra
    ("(a+b)^2", (w + z) ** 2, w**2 + z**2, "eq", None),
    ("x^2 - 1", x**2 - 1, (x - 1) ** 2, "eq", None),
    ("exact constants", sqrt(2) + sqrt(3), sqrt(5 + 2 * sqrt(6)) + R(1, 10**30), "eq", None),
]

TRUE: list[Claim] = [
    # algebra
    ("expand square", (w + z) ** 2, w**2 + 2 * w * z + z**2, "eq", None),
    ("difference of squares", (w - 1) * (w + 1), w**2 - 1, "eq", None),
    ("eps step L2", lam * w**2 - lam * (w - eps) ** 2, lam * eps * (2 * w - eps), "eq", None),
    ("eps step L1 for w >= eps", lam * Abs(w) - lam * Abs(w - eps), lam * eps, "eq", w >= eps),
    ("eps step L1 for 0 < w < eps", lam * Abs(w) - lam * Abs(w - eps), lam * (2 * w - eps),
     "eq", (w > 0) & (w < eps)),
    ("half convention gradient", sympy.diff(lam * w**2 / 2, w), lam * w, "eq", None),
    ("removable cancelled off the point", _div(w**2 - 1, w - 1), w + 1, "eq", w > 1),
    ("eps step ratio", _div(lam * w**2 - lam * (w - eps) ** 2, eps), lam * (2 * w - eps),
     "eq", None),
    ("w/w off 0", _div(w, w), 1, "eq", w > 0),
    ("|w|/|w| off 0", _div(Abs(w), Abs(w)), 1, "eq", w < 0),
    ("w/|w| on w > 0", _div(w, Abs(w)), 1, "eq", w > 0),
    ("w/|w| on w < 0", _div(w, Abs(w)), -1, "eq", w < 0),
    # kinks handled correctly
    ("d|w| on w > 0", _d(Abs(w)), 1, "eq", w > 0),
    ("d|w| on w < 0", _d(Abs(w)), -1, "eq", w < 0),
    ("d lam|w| on w > 0", _d(lam * Abs(w)), lam, "eq", w > 0),
    ("d lam w^2", _d(lam * w**2), 2 * lam * w, "eq", None),
    ("d max(w,0) on w > 0", _d(Max(w, 0)), 1, "eq", w > 0),
    ("sqrt(w^2) = |w|", sqrt(w**2), Abs(w), "eq", None),
    ("log(w^2) = 2 log|w| off 0", log(w**2), 2 * log(Abs(w)), "eq", w > 0),
    ("exp(log w) on w > 0", sympy.exp(log(w), evaluate=False), w, "eq", w > 0),
    ("sqrt(w)^2 on w >= 0", sympy.Pow(sqrt(w), 2, evaluate=False), w, "eq", w >= 0),
    # sign and abs
    ("sign(w)|w| = w", sign(w) * Abs(w), w, "eq", None),
    ("|w| = max(w, -w)", Abs(w), Max(w, -w), "eq", None),
    ("max + min", Max(w, 0) + Min(w, 0), w, "eq", None),
    ("max - min", Max(w, 0) - Min(w, 0), Abs(w), "eq", None),
    ("sign^2 off 0", sign(w) ** 2, 1, "eq", w > 0),
    ("|sign| <= 1", Abs(sign(w)), 1, "le", None),
    ("evenness of L1", lam * Abs(-w), lam * Abs(w), "eq", None),
    ("evenness of L2", lam * (-w) ** 2, lam * w**2, "eq", None),
    # soft thresholding
    ("soft threshold", sign(z) * Max(Abs(z) - eta * lam, 0),
     z - Max(-eta * lam, Min(z, eta * lam)), "eq", None),
    ("soft threshold above", sign(z) * Max(Abs(z) - eta * lam, 0), z - eta * lam, "eq",
     z > eta * lam),
    ("soft threshold below", sign(z) * Max(Abs(z) - eta * lam, 0), z + eta * lam, "eq",
     z < -eta * lam),
    ("soft threshold dead zone", sign(z) * Max(Abs(z) - eta * lam, 0), 0, "eq",
     (z >= -eta * lam) & (z <= eta * lam)),
    ("prox of L2", z / (1 + 2 * eta * lam) * (1 + 2 * eta * lam), z, "eq", None),
    ("shrinkage is smaller", Abs(z / (1 + 2 * eta * lam)), Abs(z), "le", None),
    # inequalities
    ("|w| >= w^2 on [-1, 1]", Abs(w), w**2, "ge", (w >= -1) & (w <= 1)),
    ("|w| <= w^2 outside", Abs(w), w**2, "le", w >= 1),
    ("|w| <= w^2 outside negative", Abs(w), w**2, "le", w <= -1),
    ("w^2 >= 0", w**2, 0, "ge", None),
    ("|w| >= 0", Abs(w), 0, "ge", None),
    ("w^2 > 0 off 0", w**2, 0, "gt", w > 0),
    ("AM-GM", w**2 + z**2, 2 * w * z, "ge", None),
    ("gradient crossover order", lam, 2 * lam * w, "gt", (w > 0) & (w < R(1, 2))),
    ("gradient crossover order above", lam, 2 * lam * w, "lt", w > R(1, 2)),
    ("half gradient order", lam, lam * w, "ge", (w > 0) & (w <= 1)),
    ("L2 step beats L1 step", lam * eps * (2 * w - eps), lam * eps, "ge", w >= (1 + eps) / 2),
    ("strict at the open end", 1 - w, 0, "gt", w < 1),
    ("triangle", Abs(w + z), Abs(w) + Abs(z), "le", None),
    ("reverse triangle", Abs(Abs(w) - Abs(z)), Abs(w - z), "le", None),
    ("max bound", Max(w, z), Abs(w) + Abs(z), "le", None),
    # sums
    ("gauss sum", sympy.Sum(j, (j, 1, n)), n * (n + 1) / 2, "eq", None),
    ("sum of squares", sympy.Sum(j**2, (j, 1, n)), n * (n + 1) * (2 * n + 1) / 6, "eq", None),
    ("geometric", sympy.Sum(R(1, 2) ** j, (j, 1, n)), 1 - R(1, 2) ** n, "eq", None),
    # membership and sets
    ("0 in [-lam, lam]", 0, sympy.Interval(-lam, lam), "in", None),
    ("sign(w) lam in [-lam, lam]", lam * sign(w), sympy.Interval(-lam, lam), "in", None),
    ("w^2 in [0, oo)", w**2, sympy.Interval(0, sympy.oo), "in", None),
    ("interval equality", sympy.Interval(-lam, lam), sympy.Interval(-lam, lam), "eq", None),
    ("solution set", sympy.solveset(2 * lam * w - lam, w, sympy.S.Reals), sympy.FiniteSet(R(1, 2)),
     "eq", None),
    # constants, decided exactly at any scale
    ("log rule at scale", 10**200 * log(6), 10**200 * (log(2) + log(3)), "eq", None),
    ("denesting at scale", sympy.exp(400) * (sqrt(2) + sqrt(3)),
     sympy.exp(400) * sqrt(5 + 2 * sqrt(6)), "eq", None),
    ("worked-example ratio", R(29999, 1000000) / R(1, 1000), R(29999, 1000), "eq", None),
    ("exact ratio above 28", R(29999, 1000), 28, "gt", None),
    ("exact ratio above 24", R(1000, 39), 24, "gt", None),
    ("pi > 3.14159", sympy.pi, R(314159, 100000), "gt", None),
]


def _ids(claims: list[Claim]) -> list[str]:
    return [c[0] for c in claims]


def test_corpus_sizes():
    assert len(FALSE) >= 60
    assert len(TRUE) >= 60
    assert len(set(_ids(FALSE))) == len(FALSE)
    assert len(set(_ids(TRUE))) == len(TRUE)


@pytest.mark.parametrize(("name", "lhs", "rhs", "relation", "where"), FALSE, ids=_ids(FALSE))
def test_false_claims_are_never_proved(name, lhs, rhs, relation, where):
    result = prove(lhs, rhs, relation=relation, where=where, timeout=10)
    assert result.status != "proved", f"{name}: proved by {result.method}"


@pytest.mark.parametrize(("name", "lhs", "rhs", "relation", "where"), TRUE, ids=_ids(TRUE))
def test_true_claims_are_proved(name, lhs, rhs, relation, where):
    result = prove(lhs, rhs, relation=relation, where=where, timeout=20)
    assert result.status == "proved", f"{name}: {result.status} ({result.reason})"


_coeffs = st.lists(st.integers(-4, 4), min_size=1, max_size=4)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roots=st.lists(st.integers(-3, 3), min_size=1, max_size=3), scale=st.integers(1, 3),
       bump=st.integers(1, 5))
def test_random_factored_polynomials(roots, scale, bump):
    """An expanded product equals its factored form; a perturbed one is refuted."""
    factored = scale * sympy.Mul(*[(w - r) for r in roots])
    expanded = sympy.expand(factored)
    assert prove(expanded, factored, timeout=10).status == "proved"
    assert prove(expanded + bump, factored, timeout=10).status == "refuted"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=st.integers(-3, 3), c=st.integers(1, 4), bump=st.integers(1, 3))
def test_random_piecewise_identities(a, c, bump):
    """|w - a| written by cases equals |w - a|; moving one branch is refuted."""
    cases = sympy.Piecewise((w - a, w >= a), (a - w, True))
    assert prove(c * Abs(w - a), c * cases, timeout=10).status == "proved"
    moved = sympy.Piecewise((w - a + bump, w >= a), (a - w, True))
    assert prove(c * Abs(w - a), c * moved, timeout=10).status == "refuted"
