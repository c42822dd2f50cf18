"""The proximal catalogue against independent numeric minimisation and PyProximal."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
import sympy

from symreg import proxlib
from symreg.errors import InvalidParameterError
from symreg.proxlib import ENTRIES, a, entry, gamma, lower, upper
from symreg.symbols import eta, lam, lam1, lam2, w, z

#: Values of the parameters that satisfy every hypothesis of the catalogue.
VALUES = {lam: sympy.Rational(7, 10), lam1: sympy.Rational(7, 10), lam2: sympy.Rational(3, 5),
          gamma: sympy.Rational(13, 10), a: sympy.Rational(37, 10), eta: sympy.Rational(2, 5),
          lower: sympy.Rational(-1, 2), upper: sympy.Rational(3, 2)}
#: Largest disagreement allowed between the closed form and the numeric argmin.
TOLERANCE = 1e-6

DERIVED = [e.name for e in ENTRIES]
#: The committed pages of the entries (docs/catalogue/prox).
PAGES = Path(__file__).resolve().parents[1] / "docs" / "catalogue" / "prox"


def test_every_hypothesis_holds_at_the_test_values():
    for e in ENTRIES:
        for condition in e.hypotheses:  # the penalty's conditions and the step's
            assert condition.subs(VALUES) is sympy.true, (e.name, condition)


def test_the_hypotheses_are_the_penalty_s_and_the_step_s():
    assert entry("scad").hypotheses == (a > 2, eta < a - 1)
    assert entry("log").hypotheses == (eta * lam < gamma**2,)
    assert entry("l1").hypotheses == ()


# The tests of this file run in one pytest-xdist worker (--dist loadfile), so
# each entry is derived once there.
@functools.cache
def _derived(name: str) -> sympy.Basic:
    """The entry's closed form at :data:`VALUES`, derived once per process (the
    derivation itself is memoised with its budget, so :func:`proxlib.page` with the
    same budget reuses it)."""
    return entry(name).prox(timeout=300).subs(VALUES)


@functools.cache
def _penalty_at_values(name: str, module: str):
    """The entry's penalty at :data:`VALUES` as a function of ``w`` (made once)."""
    return sympy.lambdify(w, entry(name).penalty.expr.subs(VALUES), module)


def _objective(e, zv):
    p = _penalty_at_values(e.name, "math")  # +oo off an indicator
    step = float(VALUES[eta])

    def value(u):
        # Off the domain of the indicator the objective is +oo; a huge finite value
        # keeps SciPy's arithmetic free of inf - inf and is never the least.
        return 0.5 * (u - zv) ** 2 + step * min(float(p(u)), 1e12)

    return value


def _grid_objective(e):
    p = _penalty_at_values(e.name, "numpy")
    step = float(VALUES[eta])

    def values(grid, zv):
        with np.errstate(invalid="ignore"):
            penalty_values = np.broadcast_to(np.asarray(p(grid), dtype=float), grid.shape)
        return 0.5 * (grid - zv) ** 2 + step * np.minimum(penalty_values, 1e12)

    return values


def _numeric_argmin(e, zv):
    """The minimiser on a fine grid, refined by SciPy around the best grid point."""
    from scipy.optimize import minimize_scalar  # imported by the slow tests only

    value = _objective(e, zv)
    span = abs(zv) + 2
    grid = np.union1d(np.linspace(-span, span, 8001), [0.0])
    values = _grid_objective(e)(grid, zv)
    best = grid[int(np.argmin(values))]
    h = grid[1] - grid[0]
    refined = minimize_scalar(value, bounds=(best - h, best + h), method="bounded",
                              options={"xatol": 1e-12})
    candidates = [best, refined.x]
    return min(candidates, key=value), min(value(c) for c in candidates)


def _test_points(result):
    """Many z, the thresholds of the closed form and points just beside them."""
    points = set(np.round(np.linspace(-5, 5, 81), 10))
    pieces = result.args if isinstance(result, sympy.Piecewise) else ()
    for _value, cond in pieces:
        for rel in cond.atoms(sympy.core.relational.Relational):
            edge = float(sympy.solve(rel.lhs - rel.rhs, z)[0])
            points |= {edge, edge - 1e-7, edge + 1e-7, -edge}
    return sorted(points)


@functools.cache
def _closed_form(name: str):
    """The entry's closed form at :data:`VALUES` as a function of a float ``z``.

    A closed form with a set among its values is evaluated exactly, at 30 digits
    (the set at a threshold must be found there); any other is compiled once with
    ``mpmath`` at 30 digits, as ``subs`` would evaluate it, but without rebuilding
    the expression at each point.
    """
    result = _derived(name)
    if result.has(sympy.Set):
        return lambda zv: result.subs(z, sympy.Float(zv, 30))
    compiled = sympy.lambdify(z, result, "mpmath")

    def at(zv):
        import mpmath

        with mpmath.workdps(30):
            return sympy.Float(compiled(mpmath.mpf(zv)), 30)

    return at


def _evaluate(name, zv):
    return _closed_form(name)(zv)


DISAGREEMENT: dict[str, float] = {}


@pytest.mark.slow
@pytest.mark.parametrize("name", DERIVED)
def test_closed_form_against_numeric_minimisation(name):
    e = entry(name)
    result = _derived(name)
    worst = 0.0
    for zv in _test_points(result):
        value = _objective(e, zv)
        found, least = _numeric_argmin(e, zv)
        got = _evaluate(name, zv)
        if isinstance(got, sympy.FiniteSet):
            # The set-valued argmin: every element is optimal, the numeric one is in it.
            members = [float(m) for m in got.args]
            assert all(value(m) <= least + 1e-9 for m in members), (name, zv, members)
            gap = min(abs(found - m) for m in members)
            assert gap <= 1e-3 or abs(value(found) - least) <= 1e-9, (name, zv)
            worst = max(worst, min(abs(value(m) - least) for m in members))
            continue
        u = float(got)
        assert value(u) <= least + 1e-9, (name, zv, u, found)
        worst = max(worst, abs(u - found))
        assert abs(u - found) <= 1e-4, (name, zv, u, found)
    DISAGREEMENT[name] = worst
    print(f"\nlargest disagreement for {name}: {worst:.2e}")


def _pyproximal_operator(name):
    pyproximal = pytest.importorskip("pyproximal")
    v = {k: float(x) for k, x in VALUES.items()}
    step = v[eta]
    table = {
        "l1": (pyproximal.L1(sigma=v[lam]), step),
        "l2": (pyproximal.L2(sigma=2 * v[lam]), step),
        "l2-half": (pyproximal.L2(sigma=v[lam]), step),
        "huber": (pyproximal.Huber(alpha=v[gamma]), step * v[lam] * v[gamma]),
        "scad": (pyproximal.SCAD(sigma=v[lam], a=v[a]), step),
        "l0": (pyproximal.L0(sigma=float(np.sqrt(2 * step * v[lam]))), 1.0),
        "clip": (pyproximal.Box(lower=v[lower], upper=v[upper]), step),
        # PyProximal's Log is sigma/log(g + 1) * log(g|x| + 1): g = 1/gamma and
        # sigma = lam*log(1 + 1/gamma) give lam*log(1 + |x|/gamma).
        "log": (pyproximal.Log(sigma=v[lam] * float(np.log1p(1 / v[gamma])), gamma=1 / v[gamma]),
                step),
    }
    return table.get(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["l1", "l2", "l2-half", "huber", "scad", "l0", "clip", "log"])
def test_closed_form_against_pyproximal(name):
    operator, tau = _pyproximal_operator(name)
    result = _derived(name)
    points = [p for p in _test_points(result) if abs(p) < 4.5]
    theirs = operator.prox(np.array(points), tau)
    for zv, other in zip(points, theirs, strict=True):
        got = _evaluate(name, zv)
        if name == "huber" and VALUES[gamma] < abs(zv) < VALUES[gamma] + tau:
            # PyProximal's Huber switches to the L1 branch at |x| = alpha instead of
            # alpha + tau (its source says the exact switch "does not provide the
            # same result"); there the derived prox has the smaller objective.
            value = _objective(entry(name), zv)
            assert value(float(got)) <= value(float(other)) + 1e-12, (zv, got, other)
            continue
        if isinstance(got, sympy.FiniteSet):
            assert min(abs(float(m) - other) for m in got.args) <= 1e-9, (name, zv)
        else:
            assert abs(float(got) - other) <= 1e-9, (name, zv, got, other)


def test_an_unknown_entry_is_named():
    with pytest.raises(InvalidParameterError, match=r"^no catalogue entry 'nope'; the entries "
                                                    r"are l1, l2, .*, log$"):
        entry("nope")


def test_named_entries_with_their_sources():
    assert len({e.name for e in ENTRIES}) == len(ENTRIES) == 16
    assert all(e.source for e in ENTRIES)
    assert proxlib.page  # pages are generated from the derivations (see the docs tests)


@pytest.mark.slow
@pytest.mark.parametrize("name", DERIVED)
def test_the_committed_page_is_the_generated_one(name):
    assert (PAGES / f"{name}.md").read_text(encoding="utf-8") == proxlib.page(name, 300), name


def test_the_committed_index_is_the_generated_one():
    assert (PAGES / "index.md").read_text(encoding="utf-8") == proxlib.index_page(DERIVED)
    assert sorted(p.stem for p in PAGES.glob("*.md")) == sorted([*DERIVED, "index"])
