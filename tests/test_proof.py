"""The proof engine: refutation by exact samples, symbolic proof, case split."""

from __future__ import annotations

import dataclasses
import functools

import pytest
import sympy
from conftest import R, evaluate, numbers_equal, values_equal
from sympy import Abs, FiniteSet, Interval, Max, Min, Piecewise, ceiling, floor, log, sign, sqrt

from symreg.proof import Proof, breakpoints, prove, sample_points, sort_points
from symreg.symbols import eps, eta, k, lam, sigma, theta, w, w0, z

# a positive integer count, for the integer-part rules (the package needs none)
K = sympy.Symbol("K", integer=True, positive=True)

SOFT = sign(z) * Max(Abs(z) - lam, 0)
CLIP = z - Max(-lam, Min(z, lam))


def assert_genuine_counterexample(result: Proof, lhs, rhs, relation: str = "eq") -> None:
    """The counterexample of a refutation must really falsify the claim."""
    assert result.status == "refuted", result
    assert result.method == "exact sample"
    assert result.counterexample is not None
    point = dict(result.counterexample)
    names = [s.name for s, _ in result.counterexample]
    assert names == sorted(names)
    for sym, value in result.counterexample:
        assert isinstance(value, sympy.Rational), (sym, value)
        if sym.is_positive:
            assert value > 0
    lv, rv = evaluate(lhs, point), evaluate(rhs, point)
    if relation == "eq":
        assert not values_equal(lv, rv)
    elif relation == "in":
        assert rv.contains(lv) is sympy.false
    else:
        holds = {"le": lv <= rv, "lt": lv < rv, "ge": lv >= rv, "gt": lv > rv}[relation]
        assert holds is sympy.false


# ---------------------------------------------------------------------------
# refutations with the expected counterexample


def test_refutes_sqrt_of_square_is_w_at_minus_one():
    result = prove(sqrt(w**2), w)
    assert result.status == "refuted"
    assert len(result.counterexample) == 1
    sym, value = result.counterexample[0]
    assert sym == w  # the same symbol (an equal object: results may come from a memo)
    assert numbers_equal(value, -1)
    assert result.reason == "false at w = -1"
    assert not result
    assert_genuine_counterexample(result, sqrt(w**2), w)


def test_refutes_dropping_the_bars_of_l1():
    result = prove(lam * Abs(w), lam * w)
    assert_genuine_counterexample(result, lam * Abs(w), lam * w)
    assert numbers_equal(dict(result.counterexample)[w], -1)


@pytest.mark.parametrize(("lhs", "rhs"), [
    (w**2 + w / 10**12, w**2),          # differs by a tiny amount
    (sign(w)**2, sympy.S.One),          # false only at w = 0
    (w * (w - 1) * (w - 2) * (w - 3), sympy.S.Zero),  # zero at four samples
    (w * (w - 1) * (w + 1) * (w - R(1, 2)) * (w + R(1, 2)) * (w - 3), sympy.S.Zero),
    (Abs(w - 1), w - 1),
    (Max(w, 0), w),
    (Min(w, 0), sympy.S.Zero),
    (sympy.Heaviside(w)**2, sympy.Heaviside(w)),  # differs only at w = 0
    (Piecewise((w, w > 0), (-w, True)),
     Abs(w) + Piecewise((1, sympy.Eq(w, R(22, 7))), (0, True))),
    (SOFT, z - Max(-lam, Min(z, 2 * lam))),  # wrong clipping bound
], ids=["tiny-term", "sign-squared", "quartic", "sextic", "abs-shift", "max", "min",
        "heaviside", "isolated-point", "clip-bound"])
def test_refutes_false_identities(lhs, rhs):
    result = prove(lhs, rhs)
    assert_genuine_counterexample(result, lhs, rhs)


def test_sign_squared_counterexample_is_zero():
    result = prove(sign(w)**2, 1)
    assert numbers_equal(dict(result.counterexample)[w], 0)


def test_refutes_where_a_side_is_not_real():
    # log(w**2) = 2*log(w): the right side is not real for w <= 0
    result = prove(log(w**2), 2 * log(w))
    assert result.status == "refuted"
    assert dict(result.counterexample)[w] <= 0
    assert result.reason.startswith("undefined at w = ")
    assert prove(log(w**2), 2 * log(w), where=w > 0).status == "proved"


def test_refutation_without_symbols_has_a_readable_reason():
    result = prove(FiniteSet(1, -1), FiniteSet(1))
    assert result.status == "refuted"
    assert result.counterexample == ()
    assert result.reason == "false"


# ---------------------------------------------------------------------------
# proofs


@pytest.mark.parametrize(("lhs", "rhs"), [
    (sqrt(w**2), Abs(w)),
    (log(sigma**2) / 2, log(sigma)),
    (SOFT, CLIP),
    (sign(z) * Max(Abs(z) - eta * lam, 0), z - Max(-eta * lam, Min(z, eta * lam))),
    (Max(w, 0) + Min(w, 0), w),
    (sign(w) * Abs(w), w),
    (Abs(w) ** 2, w**2),
    (Max(w, z), (w + z + Abs(w - z)) / 2),
    (Abs(w) * Abs(z), Abs(w * z)),
    (sympy.Heaviside(w), (1 + sign(w)) / 2),
    (sympy.Derivative(w**3, w), 3 * w**2),
    (sympy.exp(log(sigma)), sigma),
], ids=["sqrt-square", "log-square", "soft-threshold", "soft-threshold-eta", "max-min",
        "sign-abs", "abs-square", "max-formula", "abs-product", "heaviside", "derivative",
        "exp-log"])
def test_proves_identities(lhs, rhs):
    result = prove(lhs, rhs)
    assert result.status == "proved", result
    assert result
    assert result.counterexample is None
    assert result.method in ("expand", "simplify", "case split")


def test_proves_derivative_off_the_kink():
    claim = prove(sympy.Derivative(lam * Abs(w), w), lam * sign(w), where=sympy.Ne(w, 0))
    assert claim.status == "proved"


def test_derivative_of_abs_is_refuted_at_the_kink():
    result = prove(sympy.Derivative(Abs(w), w), sign(w))
    assert result.status == "refuted"
    assert result.counterexample == ((w, 0),)
    assert result.reason == "undefined at w = 0"
    assert prove(sympy.Derivative(Abs(w), w), 1, where=w > 0).status == "proved"


# ---------------------------------------------------------------------------
# inequalities, regions, membership, sets


@pytest.mark.parametrize(("lhs", "rhs", "relation", "where"), [
    (w**2, w, "le", (w > 0) & (w < 1)),
    (w**2, w, "ge", w >= 1),
    (w**2, w, "ge", w <= 0),
    (w**2, sympy.S.Zero, "ge", None),
    (w**2 + 1, sympy.S.Zero, "gt", None),
    (w**2, sympy.S.Zero, "gt", sympy.Ne(w, 0)),
    (w, sympy.S.Zero, "lt", w < 0),
    (w, Abs(w), "le", None),
    (-Abs(w), w, "le", None),
    (w**3 - w, sympy.S.Zero, "ge", w > 1),
    (Abs(w), w, "eq", w >= 0),
    (Abs(w), -w, "eq", w <= 0),
    (Abs(w - z), w - z, "eq", w >= z),
    (Abs(w), w, "eq", (w > 1) | (w > 2)),
    (sign(w)**2, sympy.S.One, "eq", sympy.Ne(w, 0)),
    (Abs(w), sympy.Integer(3), "eq", sympy.Eq(w, -3)),
    (Max(Abs(z) - eta * lam, 0), Abs(z) - eta * lam, "eq", z > eta * lam),
    (Max(Abs(z) - eta * lam, 0), -z - eta * lam, "eq", z < -eta * lam),
    (z - Max(-lam, Min(z, lam)), sympy.S.Zero, "eq", sympy.Eq(z, R(1, 2) * lam)),
])
def test_proves_on_regions(lhs, rhs, relation, where):
    assert prove(lhs, rhs, relation=relation, where=where).status == "proved"


@functools.cache
def _dead_zone_claim() -> Proof:
    # Max(|z| - lam, 0) = 0 on [-lam, lam] (decided once: it takes seconds)
    return prove(Max(Abs(z) - lam, 0), 0, where=(z >= -lam) & (z <= lam))


def test_dead_zone_of_soft_threshold_is_never_refuted():
    assert _dead_zone_claim().status != "refuted"


def test_dead_zone_of_soft_threshold_is_proved():
    assert _dead_zone_claim().status == "proved"


@pytest.mark.parametrize(("lhs", "rhs", "relation", "where"), [
    (w**2, w, "le", w > 0),
    (w**3 - w, sympy.S.Zero, "ge", w > 0),
    (w**2, sympy.S.Zero, "gt", None),
    (Abs(w), w, "le", None),
    (Abs(w), w, "eq", w > -1),
    (Max(Abs(z) - eta * lam, 0), Abs(z) - eta * lam, "eq", z > 0),
    (w, sympy.S.Zero, "lt", w <= 0),
])
def test_refutes_on_regions_with_a_point_inside(lhs, rhs, relation, where):
    result = prove(lhs, rhs, relation=relation, where=where)
    assert_genuine_counterexample(result, lhs, rhs, relation)
    if where is not None:
        assert sympy.sympify(where).xreplace(dict(result.counterexample)) is sympy.true


def test_region_counterexample_from_the_docstring():
    result = prove(w**2, w, relation="le", where=w > 0)
    assert numbers_equal(dict(result.counterexample)[w], 3)


def test_where_accepts_python_and_sympy_booleans():
    assert prove(Abs(w)**2, w**2, where=True).status == "proved"
    assert prove(Abs(w)**2, w**2, where=sympy.true).status == "proved"


@pytest.mark.parametrize(("element", "the_set", "expected"), [
    (lam * sign(w), Interval(-lam, lam), "proved"),
    (Abs(w) + 1, sympy.Union(Interval(-2, -1), Interval(1, sympy.oo)), "proved"),
    (Abs(w), FiniteSet(w, -w), "proved"),
    (w**2, sympy.S.Reals, "proved"),
    (2 * lam * sign(w), Interval(-lam, lam), "refuted"),
    (lam, Interval.Ropen(-lam, lam), "refuted"),
    (w, FiniteSet(Abs(w)), "refuted"),
])
def test_membership(element, the_set, expected):
    result = prove(element, the_set, relation="in")
    if expected == "refuted":
        assert_genuine_counterexample(result, element, the_set, "in")
    else:
        assert result.status == "proved", result


@pytest.mark.parametrize(("a", "b", "expected"), [
    (Interval(-sqrt(lam**2), lam), Interval(-lam, lam), "proved"),
    (FiniteSet(sqrt(lam**2), 2), FiniteSet(2, lam), "proved"),
    (FiniteSet(lam * w / Abs(w)), FiniteSet(lam * sign(w)), "refuted"),  # undefined at 0
    (Piecewise((Interval(-lam, lam), sympy.Eq(w, 0)), (FiniteSet(lam * sign(w)), True)),
     Piecewise((Interval(-lam, lam), sympy.Eq(w, 0)), (FiniteSet(lam * Abs(w) / w), True)),
     "proved"),
    (Interval(-lam, lam), Interval(-lam, 2 * lam), "refuted"),
    (Interval(0, lam), Interval.Lopen(0, lam), "refuted"),
    (FiniteSet(lam), FiniteSet(2 * lam), "refuted"),
    (FiniteSet(lam, 1), FiniteSet(1), "refuted"),
    (FiniteSet(w, Abs(w)), FiniteSet(Abs(w)), "refuted"),
    (Piecewise((Interval(-lam, lam), sympy.Eq(w, 0)), (FiniteSet(lam * sign(w)), True)),
     FiniteSet(lam * sign(w)), "refuted"),
])
def test_set_equality(a, b, expected):
    result = prove(a, b)
    if expected == "refuted" and result.method == "domain":
        # a side is undefined at the counterexample (lam*w/|w| at w = 0)
        assert result.status == "refuted", result
        assert result.reason == "undefined at w = 0"
    elif expected == "refuted":
        assert_genuine_counterexample(result, a, b)
    elif expected == "proved":
        assert result.status == "proved", result
    else:  # pragma: no cover - every case above is decided
        raise AssertionError(expected)


def test_ceiling_identity():
    # |w0| = t*(K - 1 + theta) with 0 < theta <= 1 takes exactly K prox steps
    assert prove(ceiling(K - 1 + theta), K, where=theta <= 1).status == "proved"
    assert prove(floor(K + theta), K, where=theta < 1).status == "proved"
    assert prove(ceiling(sympy.Abs(w0) / (eta * lam)), 0, where=sympy.Eq(w0, 0)).status \
        == "proved"


@pytest.mark.parametrize("expr", [
    ceiling(Abs(w0) / (eta * lam)),
    floor(w / 3) + ceiling(z),
    sign(w0) * Max(Abs(w0) - k * eta * lam, 0),
])
def test_an_expression_equals_itself(expr):
    # used to be "unknown" for ceiling(|w0|/(eta*lam)): the case split could not
    # evaluate the integer part on any piece
    assert prove(expr, expr).status == "proved"
    assert prove(expr, expr, relation="le").status == "proved"


@pytest.mark.parametrize(("lhs", "rhs", "where"), [
    (ceiling(K - 1 + theta), K, None),
    (floor(K + theta), K, theta <= 1),
    (ceiling(K + theta), K, None),
])
def test_ceiling_identity_refuted_outside_its_region(lhs, rhs, where):
    result = prove(lhs, rhs, where=where)
    assert_genuine_counterexample(result, lhs, rhs)


def test_true_claims_are_never_refuted():
    # triangle inequality: SymPy may not prove it, but no sample may refute it
    result = prove(Abs(w + z), Abs(w) + Abs(z), relation="le")
    assert result.status in ("proved", "unknown")
    result = prove(Max(w, z, sympy.Symbol("v", real=True)),
                   Max(Max(w, z), sympy.Symbol("v", real=True)))
    assert result.status in ("proved", "unknown")


def test_undefined_points_refute_unless_the_region_excludes_them():
    # |w|/w is undefined at 0; elsewhere it is sign(w)
    result = prove(Abs(w) / w, sign(w))
    assert (result.status, result.reason) == ("refuted", "undefined at w = 0")
    assert prove(Abs(w) / w, sign(w), where=sympy.Ne(w, 0)).status == "proved"


# ---------------------------------------------------------------------------
# the API of prove and Proof


def test_bad_relation():
    with pytest.raises(ValueError, match=r"^relation must be one of eq, le, lt, ge, gt, in; "
                                         r"got 'ne'$"):
        prove(w, w, relation="ne")  # type: ignore[arg-type]


def test_refuses_strings():
    with pytest.raises(sympy.SympifyError):
        prove("w", w)


def test_timeout_gives_unknown_not_proved():
    from symreg.proof import clear_caches

    clear_caches()  # nothing remembered from an earlier proof of the same claim
    # true, but it needs a case split, and a zero budget leaves no time for one
    result = prove(sign(z) * Max(Abs(z) - lam, 0), z - Max(-lam, Min(z, lam)), timeout=0)
    assert result.status == "unknown"
    assert result.method == "timeout"
    assert result.reason == "time budget exhausted"
    # an undecided outcome is not remembered: with time, the claim is proved
    assert prove(sign(z) * Max(Abs(z) - lam, 0), z - Max(-lam, Min(z, lam))).status == "proved"
    # a decided one is, but a question with a budget is still answered within it
    again = prove(sign(z) * Max(Abs(z) - lam, 0), z - Max(-lam, Min(z, lam)), timeout=0)
    assert again.status == "unknown"


def test_decided_claims_are_remembered_when_asked_without_a_budget():
    from symreg.proof import clear_caches
    from symreg.proof._prove import _decided

    clear_caches()
    refuted = prove(sqrt(w**2), w)
    assert prove(sqrt(w**2), w) == refuted
    assert _decided.cache_info().hits == 1  # the second answer is the first one
    assert prove(sqrt(w**2), w, timeout=60) == refuted  # asked with a budget: decided anew
    assert _decided.cache_info().hits == 1


def test_unparametrisable_region_is_unknown():
    result = prove(w, Abs(w), where=w**3 > 1)
    assert result.status == "unknown"
    assert result.reason == "cannot parametrise the region w**3 > 1"


def test_proof_is_frozen_and_truthy_only_when_proved():
    proved = prove(Abs(w)**2, w**2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        proved.status = "refuted"  # type: ignore[misc]
    assert bool(proved) is True
    assert bool(prove(Abs(w), w)) is False
    assert bool(Proof(status="unknown", method="none")) is False


# ---------------------------------------------------------------------------
# sample points and breakpoints


def test_sample_points_cover_zero_negative_positive_and_breakpoints():
    pts = sample_points([Max(Abs(w) - lam, 0)])
    ws = [p[w] for p in pts]
    assert any(numbers_equal(v, 0) for v in ws)
    assert any(v < 0 for v in ws)
    assert any(v > 0 for v in ws)
    # the breakpoints +-lam (at the sampled lam) and points beside them
    assert any(numbers_equal(p[w], p[lam]) for p in pts)
    assert any(numbers_equal(p[w], -p[lam]) for p in pts)
    for p in pts:
        assert p[lam] > 0
        assert all(isinstance(v, sympy.Rational) for v in p.values())


def test_sample_points_respect_assumptions_and_where():
    pts = sample_points([w * k * eps], where=w > 0)
    assert pts
    for p in pts:
        assert p[w] > 0
        assert p[eps] > 0
        assert p[k].is_integer
        assert p[k] >= 0
    assert any(numbers_equal(p[k], 0) for p in pts)


def test_sample_points_limit_and_determinism():
    exprs = [Max(Abs(w) - lam, 0) + Abs(z - eps)]
    pts = sample_points(exprs, limit=7)
    assert len(pts) == 7
    assert repr(pts) == repr(sample_points(exprs, limit=7))


def test_sample_points_find_a_region_of_many_variables_directly():
    """A condition on each variable alone narrows that variable's values first:
    the point with every x_i > 4 is found without walking the product of candidates."""
    xs = sympy.symbols("x1:9", real=True)
    pts = sample_points([sum(xs)], where=sympy.And(*[x > 4 for x in xs]))
    assert pts
    for p in pts:
        assert all(p[x] > 4 for x in xs)


def test_sample_points_examine_boundedly_many_combinations(monkeypatch):
    """A condition coupling eight variables that almost no combination meets: the
    sampler examines at most a few combinations per point asked for, not the
    product of all candidates (about 10**8 of them)."""
    from symreg.proof import _sampler

    calls = []
    real = _sampler.truth_at

    def counting(cond, pt):
        calls.append(cond)
        return real(cond, pt)

    monkeypatch.setattr(_sampler, "truth_at", counting)
    xs = sympy.symbols("x1:9", real=True)
    chain = sympy.And(*[xs[i] < xs[i + 1] for i in range(7)], xs[0] > 4)
    pts = sample_points([sum(xs)], where=chain, limit=60)
    for p in pts:
        assert chain.xreplace(p) is sympy.true
    whole = [c for c in calls if c == chain]
    assert 0 < len(whole) <= _sampler._TRIES_PER_POINT * 60


def test_sample_points_without_symbols():
    assert sample_points([sympy.Integer(3)]) == [{}]


@pytest.mark.parametrize(("expr", "var", "expected"), [
    (Max(Abs(z) - eta * lam, 0), z, [-eta * lam, sympy.S.Zero, eta * lam]),
    (Abs(w - 1) + Abs(w + 2), w, [sympy.Integer(-2), sympy.S.One]),
    (sign(w) * lam, w, [sympy.S.Zero]),
    (Min(w, 3) + sympy.Heaviside(w + R(1, 2)), w, [R(-1, 2), sympy.Integer(3)]),
    (w**2 + lam, w, []),
])
def test_breakpoints_sorted(expr, var, expected):
    found = breakpoints(expr, var)
    assert len(found) == len(expected)
    for got, want in zip(found, expected, strict=True):
        assert prove(got, want).status == "proved", (got, want)


def test_sort_points_orders_by_value_or_says_it_cannot():
    high, low, middle = lam, -lam, sympy.S.Zero
    got = sort_points([high, low, middle])
    assert got is not None
    assert all(a is b for a, b in zip(got, [low, middle, high], strict=True))
    assert sort_points([eps, lam]) is None  # eps and lam are not comparable


# ---------------------------------------------------------------------------
# the memo and the screen


def test_clear_caches_empties_every_cache():
    from symreg.proof import cache_size, clear_caches

    prove(SOFT, CLIP)
    assert cache_size() > 0
    clear_caches()
    assert cache_size() == 0


def test_screen_finds_the_difference_at_zero_and_only_refutes():
    import time

    from symreg.proof import find_difference

    found = find_difference(sign(w) ** 2, sympy.Integer(1), time.monotonic() + 60)
    assert found is not None
    assert found[0] == ((w, 0),)
    assert find_difference(SOFT, CLIP, time.monotonic() + 60) is None


# ---------------------------------------------------------------------------
# the cheaper decisions: screens that only route, refutations that prove no zero


def test_sampling_refutes_a_radical_claim_without_proving_zeros():
    from symreg.proof._refute import holds_at

    lhs, rhs = sqrt(w**2 + 2 * w + 1), w + 1  # |w + 1|, not w + 1
    at_zero_difference = {w: sympy.Integer(3)}
    assert holds_at("eq", lhs, rhs, at_zero_difference, only_refute=True) is True
    assert holds_at("eq", lhs, rhs, {w: sympy.Integer(-3)}, only_refute=True) is False
    # A difference that is exactly 0 but not rational: no refutation, and no proof asked for.
    root, product = {w: sqrt(2)}, (w - 1) * (w + 1)  # (sqrt(2) - 1)(sqrt(2) + 1) = 1
    assert holds_at("ge", product, sympy.Integer(1), root, only_refute=True) is None
    assert holds_at("ge", product, sympy.Integer(1), root) is True
    # A strict relation is refuted by a zero, so the zero is still proved.
    assert holds_at("gt", product, sympy.Integer(1), root, only_refute=True) is False
    assert_genuine_counterexample(prove(lhs, rhs), lhs, rhs)


def test_violated_at_answers_only_with_a_certified_sign():
    from symreg.proof._evaluate import truth_at, violated_at

    assert violated_at(w - 2 >= 0, {w: sqrt(2)}) is True
    assert violated_at(w**2 - 2 >= 0, {w: sqrt(2)}) is False  # exactly 0: satisfied
    assert violated_at(w - 1 <= 0, {w: R(3, 2)}) is True
    assert violated_at(w > 0, {w: sympy.S.Zero}) is True  # strict: decided as before
    for cond, point in [((w > lam) & (Abs(w) < 2), {w: R(1), lam: R(1, 3)}),
                        (w * lam >= 1, {w: R(3), lam: R(1, 3)}),
                        (sympy.Ne(w, lam), {w: R(1, 3), lam: R(1, 3)})]:
        assert truth_at(cond, point) is bool(cond.xreplace(point))


def test_the_sign_screen_only_stops_searches_for_signs_that_do_not_exist():
    from symreg.proof._decide import _both_signs, _nonzero_somewhere, decide

    assert _both_signs(w - lam)
    assert _both_signs(2 * eps * lam / (eps + 1) - lam)
    for one_sign in (w**2 + lam, lam * eps, (w - 1) ** 2, k + lam, -(lam**2) - w**2):
        assert not _both_signs(one_sign), one_sign
    assert _nonzero_somewhere(w - lam)
    assert not _nonzero_somewhere((w + 1) ** 2 - w**2 - 2 * w - 1)
    # an integer symbol is screened only at integers it admits
    assert not _both_signs(k * (k - 1) * (k - 2))  # k(k-1)(k-2) >= 0 for k = 0, 1, 2, ...
    assert decide(w - lam > 0) is None
    assert decide(sqrt(1 + lam) - 1 > 0) is True


def test_finite_sums_are_expanded_as_opaque_terms_but_infinite_ones_are_not():
    from symreg.proof._identities import identical_with_finite_sums

    i = sympy.Symbol("i", integer=True, positive=True)
    n = sympy.Symbol("n", integer=True, positive=True)
    x = sympy.IndexedBase("x", real=True)
    assert identical_with_finite_sums(sympy.Sum(lam * x[i] + 1, (i, 1, n)),
                                      lam * sympy.Sum(x[i], (i, 1, n)) + n)
    telescoping = sympy.Sum(1 / i - 1 / (i + 1), (i, 1, sympy.oo))
    split = sympy.Sum(1 / i, (i, 1, sympy.oo)) - sympy.Sum(1 / (i + 1), (i, 1, sympy.oo))
    assert not identical_with_finite_sums(telescoping, split)  # oo - oo is no value
    assert prove(sympy.Sum(lam * x[i] + 1, (i, 1, n)),
                 lam * sympy.Sum(x[i], (i, 1, n)) + n).status == "proved"


def test_evaluating_sums_once_gives_what_doit_gives():
    from symreg.proof._forms import doit_unevaluated

    i = sympy.Symbol("i", integer=True, positive=True)
    n = sympy.Symbol("n", integer=True, positive=True)
    expr = 2 * sympy.Sum(i, (i, 1, n)) + sympy.Integral(w, (w, 0, lam)) * sympy.Sum(i, (i, 1, n))
    assert sympy.simplify(doit_unevaluated(expr) - expr.doit()) == 0


def test_a_monomial_is_its_own_simplified_form_as_simplify_says():
    from symreg.proof._forms import _monomial, simplified
    from symreg.symbols import eps, eta, k, lam, w

    for expr in (-eps / 2, eta * lam / eps**2, 3 * k**2 * lam, sympy.Rational(-5, 7) / eta):
        assert _monomial(expr)
        assert simplified(expr) == sympy.simplify(expr) == expr
    for expr in (eps + lam, lam**eps, sympy.sqrt(lam), 2 * sympy.Abs(w), sympy.Float(0.5) * lam):
        assert not _monomial(expr)
    assert simplified((lam**2 - 1) / (lam - 1)) == lam + 1


def test_the_order_of_two_breakpoints_is_read_from_their_difference_in_lowest_terms():
    from symreg.proof._decide import compare
    from symreg.symbols import eta, lam

    x = sympy.Symbol("x", positive=True)
    # (x + eta*lam)/(eta*lam) - 1 = x/(eta*lam) > 0: its lowest terms show the sign
    assert compare((x + eta * lam) / (eta * lam), sympy.S.One) == 1
    assert compare(sympy.S.One, (x + eta * lam) / (eta * lam)) == -1
    assert compare((x - eta * lam) / (eta * lam), sympy.S.Zero) is None  # either sign


def test_two_points_written_differently_are_the_same_point():
    from symreg.proof._decide import compare
    from symreg.symbols import eta, lam

    x = sympy.Symbol("x", real=True)
    assert compare((x**2 - eta**2) / (x - eta), x + eta) == 0
    assert compare((eta * lam * x - eta * lam) / (eta * lam), x - 1) == 0
