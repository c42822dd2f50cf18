"""Penalties of a vector: derived proxes, subdifferentials as sets, and invalid parameters."""

from __future__ import annotations

import itertools

import pytest
import sympy
from conftest import R, assert_same

from symreg import L1, L2, ElasticNet, Lp
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.proof import prove
from symreg.symbols import coordinates, eta, lam, lam1, lam2
from symreg.vector import (
    GroupSum,
    Norm1,
    Norm2,
    Separable,
    SquaredNorm2,
    VectorElasticNet,
    group_lasso,
)

z1, z2, z3 = coordinates("z", 3)
w1, w2, w3 = coordinates("w", 3)

# eta * lam = 1/2 at these values: the thresholds are |z_i| = 1/2 and ||z||_2 = 1/2.
ETA, LAM = R(1, 4), 2
HALFWAY = {eta: ETA, lam: LAM}


def at(matrix, point):
    subs = {**HALFWAY, **dict(zip(coordinates("z", len(point)), point, strict=True))}
    return [sympy.simplify(e.xreplace(subs)) for e in matrix]


def soft(t, threshold):
    return sympy.sign(t) * sympy.Max(abs(t) - threshold, 0)


# ---------------------------------------------------------------------------
# the separable penalties


@pytest.mark.slow
@pytest.mark.parametrize(("penalty", "scalar"), [
    (Norm1(dim=3), L1()),
    (SquaredNorm2(dim=3), L2()),
    (SquaredNorm2(dim=3, half=True), L2(half=True)),
    (VectorElasticNet(dim=3), ElasticNet()),
    (VectorElasticNet(dim=3, half=True), ElasticNet(half=True)),
], ids=repr)
def test_separable_prox_is_the_scalar_prox_in_each_coordinate(penalty, scalar):
    matrix = penalty.prox(step=eta)
    assert isinstance(matrix, sympy.MatrixBase)
    assert matrix.shape == (3, 1)
    assert penalty.prox_inputs == (z1, z2, z3)
    one = scalar.prox(step=eta)
    for entry, zi in zip(matrix, (z1, z2, z3), strict=True):
        assert_same(entry, one.subs(sympy.Symbol("z", real=True), zi))
    assert penalty.prox_derivation(step=eta).verified


@pytest.mark.slow
def test_norm1_prox_is_componentwise_soft_thresholding():
    matrix = Norm1(dim=2).prox(step=eta)
    for entry, zi in zip(matrix, (z1, z2), strict=True):
        assert_same(entry, sympy.sign(zi) * sympy.Max(sympy.Abs(zi) - eta * lam, 0))


@pytest.mark.parametrize("point", [
    (0, 0), (R(1, 2), R(-1, 2)), (R(-1, 2), 3), (R(1, 3), R(-2, 5)), (-3, R(7, 10)),
    (R(-1, 10), 0),
])
def test_norm1_prox_at_thresholds_and_dead_zone(point):
    values = at(Norm1(dim=2).prox(step=eta), point)
    assert values == [soft(sympy.sympify(t), R(1, 2)) for t in point]
    for t, v in zip(point, values, strict=True):
        if abs(t) <= R(1, 2):
            assert v.is_zero  # an exact zero, not a small number


@pytest.mark.slow
def test_separability_lemma_steps():
    d = Norm1(dim=3).prox_derivation(step=eta)
    reasons = [s.reason for s in d.steps]
    assert reasons[0] == "the objective is a sum of one term per coordinate"
    assert "the scalar prox minimises one term, with quadratic growth" in reasons
    assert reasons[-2] == "the gap of the objective is the sum of the coordinates' gaps"
    # The last inference, adding the coordinates' inequalities, is a checked step
    last = d.steps[-1]
    assert last.reason == "adding the coordinates' inequalities, one per coordinate"
    assert (last.relation, last.rhs) == ("ge", 0)
    assert prove(last.lhs, last.rhs, relation="ge").method == "adding inequalities"
    # and the claim is the separation and that inequality, stated explicitly
    assert [c.relation for c in d.conjuncts] == ["eq", "ge"]
    # The scalar derivation of symreg.prox is reused, not redone.
    scalar_reasons = [s.reason for s in L1().prox_derivation(step=eta).steps]
    assert all(r in reasons for r in scalar_reasons)
    growth = next(s for s in d.steps if s.relation == "ge")
    assert prove(growth.lhs, growth.rhs, relation="ge").status == "proved"


def test_one_coordinate_has_no_gap_to_add():
    d = Norm1(dim=1).prox_derivation(step=eta)
    assert d.steps[-1].reason != "the gap of the objective is the sum of the coordinates' gaps"
    assert_same(Norm1(dim=1).prox(step=eta)[0], L1().prox(step=eta).subs(
        sympy.Symbol("z", real=True), z1))


def test_separable_of_a_non_convex_penalty_has_no_prox():
    with pytest.raises(UnsupportedError, match=r"^the prox of Lp\(p=1/2, strength=lam\) is "
                       r"not supported: the prox objective is not convex "
                       r"\(1 \+ eta\*P''\(u\) > 0 fails on -oo < u < 0\), so the "
                       r"minimisers on -oo < u < 0 are not derived$"):
        Separable(Lp(R(1, 2)), dim=2).prox(step=eta)


def test_expressions_and_values():
    assert_same(Norm1(dim=2).expr, lam * (sympy.Abs(w1) + sympy.Abs(w2)))
    assert_same(SquaredNorm2(dim=2, half=True).expr, lam * (w1**2 + w2**2) / 2)
    assert_same(VectorElasticNet(dim=2).expr,
                lam1 * (sympy.Abs(w1) + sympy.Abs(w2)) + lam2 * (w1**2 + w2**2))
    assert Norm2(dim=2, strength=1)((3, -4)) == 5
    assert Norm1(dim=3, strength=2)([0, -1, R(1, 2)]) == 3
    assert_same(SquaredNorm2(dim=2).convention.expr, lam * (w1**2 + w2**2))
    assert_same(SquaredNorm2(dim=2, half=True).convention.expr, lam * (w1**2 + w2**2) / 2)


def test_values_semantics():
    assert Norm1(dim=2) == Norm1(dim=2)
    assert Norm1(dim=2) != Norm1(dim=3)
    assert Norm2(dim=2) != Norm1(dim=2)
    assert len({Norm2(dim=2), Norm2(dim=2)}) == 1
    with pytest.raises(AttributeError, match=r"^Norm2 is immutable$"):
        Norm2(dim=2).dim = 3  # type: ignore[misc]


# ---------------------------------------------------------------------------
# block soft thresholding


def block(point, threshold=None):
    threshold = R(1, 2) if threshold is None else threshold
    vector = sympy.Matrix(point)
    length = sympy.sqrt(sum(t**2 for t in point))
    if length <= threshold:
        return [sympy.S.Zero] * len(point)
    return list((1 - threshold / length) * vector)


@pytest.mark.parametrize("point", [
    (0, 0), (R(3, 10), R(2, 5)), (R(-3, 10), R(2, 5)), (R(3, 5), R(4, 5)), (-3, -4),
    (R(1, 2), 0), (0, R(-1, 2)), (R(1, 10), R(-1, 10)), (1, 0),
])
def test_norm2_prox_is_block_soft_thresholding(point):
    # (3/10, 2/5) and (0, -1/2) have norm 1/2, exactly the threshold.
    values = at(Norm2(dim=2).prox(step=eta), point)
    expected = block(point)
    assert all(sympy.simplify(v - e) == 0 for v, e in zip(values, expected, strict=True))
    if sympy.sqrt(sum(sympy.sympify(t)**2 for t in point)) <= R(1, 2):
        assert all(v.is_zero for v in values)


def test_norm2_prox_equals_the_max_form_off_zero():
    length = sympy.sqrt(z1**2 + z2**2 + z3**2)
    matrix = Norm2(dim=3).prox(step=eta)
    for entry, zi in zip(matrix, (z1, z2, z3), strict=True):
        expected = sympy.Max(1 - eta * lam / length, 0) * zi
        for point in itertools.product((0, R(1, 3), R(-1, 2), 2), repeat=3):
            if not any(point):
                continue
            subs = {**HALFWAY, z1: point[0], z2: point[1], z3: point[2]}
            assert sympy.simplify(entry.xreplace(subs) - expected.xreplace(subs)) == 0


def test_norm2_in_one_dimension_is_soft_thresholding():
    (entry,) = Norm2(dim=1).prox(step=eta)
    for t in (0, R(1, 2), R(-1, 2), R(1, 3), -3, R(7, 10)):
        assert sympy.simplify(entry.xreplace({**HALFWAY, z1: t}) - soft(sympy.sympify(t),
                                                                          R(1, 2))) == 0


def test_norm2_derivation_checks_both_branches_and_covers_every_z():
    d = Norm2(dim=2).prox_derivation(step=eta)
    assert d.verified
    reasons = [s.reason for s in d.steps]
    assert sum("check: the candidate satisfies coordinate $i$" in r for r in reasons) == 1
    assert any("$u = 0$ satisfies the optimality condition" in r for r in reasons)
    assert reasons[-1] == ("the two cases cover every $z$; together (shown for $i = 1$; "
                           "every coordinate alike)")
    solved = [s for s in d.steps if s.relation == "solve" and s.domain is not None]
    assert {type(s.rhs) for s in solved} == {sympy.FiniteSet, type(sympy.S.EmptySet)}


@pytest.mark.slow
def test_prox_with_numbers():
    assert list(Norm2(dim=2, strength=1).prox(step=1).subs({z1: 3, z2: 4})) == [
        R(12, 5), R(16, 5)]
    assert list(Norm1(dim=2, strength=1).prox(step=R(1, 2)).subs({z1: -1, z2: R(1, 4)})) == [
        R(-1, 2), 0]


# ---------------------------------------------------------------------------
# subdifferentials


def test_norm1_subdifferential_is_a_product_of_intervals():
    s = Norm1(dim=3).subdifferential(at=(0, 2, -1))
    assert s == sympy.ProductSet(sympy.Interval(-lam, lam), sympy.FiniteSet(lam),
                                 sympy.FiniteSet(-lam))
    assert (0, lam, -lam) in s
    assert (lam, lam, -lam) in s
    assert (R(-1, 2) * lam, lam, -lam) in s
    assert (0, lam, lam) not in s
    assert (2 * lam, lam, -lam) not in s


def test_norm1_subdifferential_at_a_symbolic_point():
    s = Norm1(dim=2).subdifferential(at=(w1, 1))
    assert isinstance(s, sympy.ConditionSet)
    assert s.contains(sympy.Tuple(0, lam)).subs(w1, 0) is sympy.true
    assert s.contains(sympy.Tuple(0, lam)).subs(w1, 2) is sympy.false
    assert s.contains(sympy.Tuple(lam, lam)).subs(w1, 2) is sympy.true


def test_norm2_subdifferential_is_the_ball_at_zero():
    ball = Norm2(dim=2).subdifferential(at=(0, 0))
    numeric = ball.xreplace({lam: 1})  # ConditionSet.subs leaves the condition alone
    for g, inside in [((0, 0), True), ((1, 0), True), ((R(3, 5), R(-4, 5)), True),
                      ((R(1, 2), R(1, 2)), True), ((1, R(1, 10)), False), ((-1, -1), False)]:
        assert (g in numeric) is inside
    gradient = Norm2(dim=2).subdifferential(at=(-3, 4))
    assert (R(-3, 5) * lam, R(4, 5) * lam) in gradient
    assert (0, 0) not in gradient


def test_norm2_subdifferential_at_a_symbolic_point():
    s = Norm2(dim=2).subdifferential(at=(w1, w2))
    assert isinstance(s, sympy.Piecewise)
    at_zero = s.xreplace({w1: 0, w2: 0, lam: 1})
    assert at_zero.contains((R(1, 2), 0)) is sympy.true
    assert at_zero.contains((1, 1)) is sympy.false
    away = s.xreplace({w1: 3, w2: 4, lam: 1})
    assert away.contains((R(3, 5), R(4, 5))) is sympy.true
    assert away.contains((R(1, 2), 0)) is sympy.false


@pytest.mark.slow
def test_subdifferential_contains_the_prox_residual():
    # z - prox(z) lies in step * dP(prox(z)): checked at points on both sides of the ball.
    for point in [(R(3, 5), R(4, 5)), (R(1, 10), R(1, 5)), (-2, 1)]:
        p = at(Norm2(dim=2).prox(step=eta), point)
        residual = tuple((sympy.sympify(t) - v) / ETA for t, v in zip(point, p, strict=True))
        assert residual in Norm2(dim=2).subdifferential(at=p).xreplace({lam: LAM})
        p = at(Norm1(dim=2).prox(step=eta), point)
        residual = tuple((sympy.sympify(t) - v) / ETA for t, v in zip(point, p, strict=True))
        assert residual in Norm1(dim=2).subdifferential(at=p).xreplace({lam: LAM})


# ---------------------------------------------------------------------------
# groups


def test_group_lasso_prox_acts_group_by_group():
    penalty = group_lasso([(1, 3), (2,)], dim=4)
    matrix = penalty.prox(step=eta)
    pair = Norm2(dim=2).prox(step=eta)
    swap = {sympy.Symbol("z_2", real=True): z3}
    assert_same(penalty.expr, lam * (sympy.sqrt(w1**2 + w3**2) + sympy.Abs(w2)))
    for point in [(R(3, 10), 5, R(2, 5), -1), (1, R(1, 2), -1, 0), (0, R(-1, 3), 0, 2)]:
        subs = {**HALFWAY, **dict(zip(coordinates("z", 4), point, strict=True))}
        got = [sympy.simplify(e.xreplace(subs)) for e in matrix]
        assert got[3] == point[3]  # coordinate 4 is in no group: the identity
        assert got[1] == soft(sympy.sympify(point[1]), R(1, 2))
        first = [sympy.simplify(e.xreplace(swap).xreplace(subs)) for e in pair]
        assert [got[0], got[2]] == first
    assert penalty.free == (4,)
    d = penalty.prox_derivation(step=eta)
    assert d.verified
    assert d.steps[0].reason == "the objective is a sum of one term per group"
    assert all(b.verified for b in penalty.block_derivations(step=eta))


def test_group_sum_of_mixed_penalties():
    penalty = GroupSum([((2, 1), Norm1(dim=2)), ((3,), SquaredNorm2(dim=1, half=True))], dim=3)
    matrix = penalty.prox(step=eta)
    assert_same(matrix[0], Norm1(dim=1).prox(step=eta)[0])
    assert_same(matrix[2], z3 / (1 + eta * lam))
    # group (2, 1): w_2 = 0 is the kink (an interval), w_1 = 1 the gradient lam
    s = penalty.subdifferential(at=(1, 0, 2)).xreplace({lam: 1})
    assert (1, R(1, 2), 2) in s
    assert (1, -1, 2) in s
    assert (1, 2, 2) not in s
    assert (R(1, 2), 0, 2) not in s
    assert (1, 0, 1) not in s


def test_group_subdifferential_of_free_coordinates_is_zero():
    s = group_lasso([(1, 2)], dim=3, strength=1).subdifferential(at=(0, 0, 5))
    assert (R(1, 2), R(-1, 2), 0) in s
    assert (R(1, 2), R(-1, 2), R(1, 10)) not in s
    assert (1, 1, 0) not in s


# ---------------------------------------------------------------------------
# invalid parameters


@pytest.mark.parametrize(("build", "message"), [
    (lambda: Norm1(dim=0), r"^dim must be a positive integer, got 0$"),
    (lambda: Norm2(dim=-2), r"^dim must be a positive integer, got -2$"),
    (lambda: Norm2(dim=2.0), r"^dim must be a positive integer, got 2\.0$"),
    (lambda: SquaredNorm2(dim=True), r"^dim must be a positive integer, got True$"),
    (lambda: Norm1(dim=2, strength=-1), r"^strength must be positive \(> 0\), got -1$"),
    (lambda: Separable("L1", dim=2), r"^penalty must be a scalar Penalty, got str$"),
    (lambda: GroupSum([], dim=2),
     r"^parts must be a non-empty sequence of \(group, penalty\) pairs, got \[\]$"),
    (lambda: GroupSum([((1, 2),)], dim=2),
     r"^each part must be a \(group, penalty\) pair, got \(\(1, 2\),\)$"),
    (lambda: GroupSum([((0, 1), Norm2(dim=2))], dim=2),
     r"^the group \(0, 1\) has the coordinate 0; coordinates are the integers 1\.\.2 "
     r"\(1-based\)$"),
    (lambda: GroupSum([((1, 3), Norm2(dim=2))], dim=2),
     r"^the group \(1, 3\) has the coordinate 3; coordinates are the integers 1\.\.2 "
     r"\(1-based\)$"),
    (lambda: GroupSum([((), Norm2(dim=1))], dim=2),
     r"^a group must be a non-empty tuple of coordinates, got \(\)$"),
    (lambda: GroupSum([((1, 1), Norm2(dim=2))], dim=2),
     r"^the group \(1, 1\) repeats a coordinate$"),
    (lambda: GroupSum([((1, 2), Norm2(dim=2)), ((2,), Norm1(dim=1))], dim=2),
     r"^coordinate 2 is in the groups \(1, 2\) and \(2,\); groups must be disjoint$"),
    (lambda: GroupSum([((1, 2), Norm2(dim=3))], dim=2),
     r"^the group \(1, 2\) has 2 coordinates but its penalty Norm2\(dim=3, strength=lam\) "
     r"has dim 3$"),
    (lambda: GroupSum([((1,), L1())], dim=2),
     r"^the penalty of the group \(1,\) must be a vector penalty, got L1$"),
    (lambda: group_lasso("12", dim=2), r"^groups must be a sequence of groups, got '12'$"),
    (lambda: Norm1(dim=2).prox(step=0), r"^step must be positive \(> 0\), got 0$"),
    (lambda: Norm2(dim=2).subdifferential(at=(0, 0, 0)),
     r"^at must be a point of R\^2 \(2 coordinates\), got 3$"),
    (lambda: Norm2(dim=2).subdifferential(at=5),
     r"^at must be a point of R\^2 \(a sequence of 2 real coordinates\), got 5$"),
    (lambda: Norm1(dim=2).subdifferential(at=(0, sympy.I)),
     r"^coordinate 2 of at must be a real number or expression, got I$"),
    (lambda: Norm1(dim=2)((1,)), r"^point must be a point of R\^2 \(2 coordinates\), got 1$"),
])
def test_invalid_parameters(build, message):
    with pytest.raises(InvalidParameterError, match=message):
        build()


def test_a_prox_beyond_the_largest_dimension_is_unsupported():
    with pytest.raises(UnsupportedError, match=r"^the prox of Norm2\(dim=129, strength=lam\) is "
                       r"derived for d up to 128; for a separable penalty use the scalar "
                       r"penalty's prox on every coordinate$"):
        Norm2(dim=129).prox(step=eta)
    assert Norm2(dim=129).expr.has(coordinates("w", 129)[-1])  # the penalty itself is fine


@pytest.mark.slow
def test_a_separable_sum_whose_lemma_cannot_be_proved_is_unsupported():
    # Lp(3) has a scalar prox, but the quadratic-growth step is beyond the prover: the
    # vector prox is refused with the reason, not returned unverified.
    with pytest.raises(UnsupportedError, match=r"^the prox of Separable\(Lp\(p=3, strength=lam\), "
                       r"dim=2\) could not be verified: derivation 'prox-separable-2' .*, "
                       r"step \d+ \(the scalar prox minimises one term, with quadratic "
                       r"growth\): could not be proved \(.*\)$"):
        Separable(Lp(3), dim=2).prox(step=eta)


@pytest.mark.slow
@pytest.mark.parametrize("penalty", [Norm1(dim=3, strength=2), Norm2(dim=3, strength=2),
                                     group_lasso([(1, 3), (2,)], dim=3, strength=2)],
                         ids=repr)
def test_prox_against_a_numeric_minimisation(penalty):
    # An independent check: SciPy minimises 1/2 ||u - z||^2 + eta * P(u) directly.
    optimize = pytest.importorskip("scipy.optimize")
    import numpy as np

    step = R(1, 4)  # step * strength = 1/2
    matrix = penalty.prox(step=step)
    inputs = penalty.prox_inputs
    value = sympy.lambdify([coordinates("w", 3)], penalty.expr, modules="numpy")
    for point in [(0.0, 0.0, 0.0), (0.3, -0.4, 0.0), (1.0, -2.0, 0.25), (-0.5, 0.5, 0.5),
                  (3.0, 0.1, -4.0)]:
        exact = [float(e.xreplace(dict(zip(inputs, point, strict=True)))) for e in matrix]
        z_values = np.array(point)
        found = optimize.minimize(
            lambda u, z_values=z_values: 0.5 * np.sum((u - z_values) ** 2)
            + float(step) * value(u), x0=z_values + 0.01, method="Powell",
            options={"xtol": 1e-10, "ftol": 1e-14, "maxiter": 20000})
        np.testing.assert_allclose(found.x, exact, atol=1e-6)
