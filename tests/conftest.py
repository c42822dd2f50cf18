"""Shared helpers of the symreg test-suite.

House rule: SymPy objects are never compared with structural ``==``. Two
objects are "the same" when :func:`symreg.proof.prove` proves them equal *and*
they agree exactly at rational points that include 0 and negative values
(:func:`assert_same`). Sets are compared element by element the same way.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import settings
from hypothesis import strategies as st

from symreg.convention import Convention
from symreg.penalties import L1, L2, ElasticNet, Lp
from symreg.proof import prove

# Property tests keep no example database: nothing is written into the source
# tree, and every run draws the same examples from its seed.
settings.register_profile("symreg", database=None, derandomize=True)
settings.load_profile("symreg")

R = sympy.Rational

# Exact values given to the symbols by their assumptions. Real symbols always
# see 0, negative and positive values; positive ones only positive values.
REAL_VALUES = (0, -1, 1, R(1, 2), R(-3, 2), 3, R(-7, 3), R(2, 5))
POSITIVE_VALUES = (1, R(1, 3), 2, R(5, 2), R(7, 4), R(1, 10))
NONNEG_INT_VALUES = (0, 1, 2, 3, 5)
POS_INT_VALUES = (1, 2, 3, 5)


def values_for(sym: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    """Exact admissible values of ``sym`` (by its assumptions)."""
    if sym.is_integer:
        vals: tuple[Any, ...] = POS_INT_VALUES if sym.is_positive else (
            NONNEG_INT_VALUES if sym.is_nonnegative else (0, -1, 1, 2, -3))
    elif sym.is_positive:
        vals = POSITIVE_VALUES
    elif sym.is_nonnegative:
        vals = (0, *POSITIVE_VALUES)
    else:
        vals = REAL_VALUES
    return tuple(sympy.sympify(v) for v in vals)


def rational_points(*objs: Any, limit: int = 48) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Deterministic exact points for the free symbols of ``objs``.

    One or two symbols: every combination; more: a rotating diagonal, so each
    value of each symbol still occurs.
    """
    syms = sorted({s for o in objs if isinstance(o, sympy.Basic) for s in o.free_symbols
                   if isinstance(s, sympy.Symbol)}, key=lambda s: s.name)
    if not syms:
        return [{}]
    per = [values_for(s) for s in syms]
    if len(syms) <= 2:
        combos: Iterable[tuple[sympy.Expr, ...]] = itertools.product(*per)
    else:
        n = max(len(v) for v in per) * 3
        combos = (tuple(v[(i * (j + 1) + j) % len(v)] for j, v in enumerate(per))
                  for i in range(n))
    points = [dict(zip(syms, c, strict=True)) for c in combos]
    return points[:limit]


def evaluate(obj: Any, point: dict[sympy.Symbol, sympy.Expr]) -> Any:
    """``obj`` at ``point``, evaluated exactly (unevaluated derivatives done)."""
    val = sympy.sympify(obj)
    if isinstance(val, sympy.Basic) and val.has(sympy.Derivative, sympy.Limit,
                                                 sympy.Integral):
        val = val.doit()  # differentiate before substituting a number for w
    val = val.xreplace(point)
    if isinstance(val, sympy.Basic):
        val = val.doit()
    return val


def numbers_equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exact equality of two closed numbers (radicals allowed)."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.free_symbols or b.free_symbols:
        raise AssertionError(f"not a number: {a!r} or {b!r}")
    if a.has(sympy.nan) or b.has(sympy.nan):
        return False
    if a.is_infinite or b.is_infinite:
        return bool(a.is_infinite and b.is_infinite and (a.is_positive == b.is_positive))
    diff = a - b
    if diff.is_Rational:
        return bool(diff.is_zero)
    return bool(sympy.simplify(diff).is_zero)


def values_equal(a: Any, b: Any) -> bool:
    """Exact equality of two evaluated values: numbers or numeric sets."""
    if isinstance(a, sympy.Set) or isinstance(b, sympy.Set):
        if not (isinstance(a, sympy.Set) and isinstance(b, sympy.Set)):
            return False
        if a.is_empty and b.is_empty:
            return True
        if isinstance(a, sympy.FiniteSet) and isinstance(b, sympy.FiniteSet):
            left = list(b.args)
            for el in a.args:
                match = next((x for x in left if numbers_equal(el, x)), None)
                if match is None:
                    return False
                left.remove(match)
            return not left
        if isinstance(a, sympy.Interval) and isinstance(b, sympy.Interval):
            return (a.left_open == b.left_open and a.right_open == b.right_open
                    and numbers_equal(a.left, b.left) and numbers_equal(a.right, b.right))
        # one-point interval against a one-element set, unions, ...
        return sympy.Eq(a, b) is sympy.true
    return numbers_equal(a, b)


def assert_same(a: Any, b: Any, *, where: Any = None,
                points: list[dict[sympy.Symbol, sympy.Expr]] | None = None) -> None:
    """Assert that ``a`` and ``b`` are the same expression (or set).

    Both checks must pass: ``prove(a, b)`` is ``"proved"`` (symbolic, for all
    admissible values) and the two agree exactly at rational points including 0
    and negative values (an independent check that does not trust ``prove``).
    """
    outcome = prove(a, b, where=where)
    assert outcome.status == "proved", f"{a} = {b}: {outcome}"
    pts = points if points is not None else rational_points(a, b, where)
    checked = 0
    for pt in pts:
        if where is not None and sympy.sympify(where).xreplace(pt) is not sympy.true:
            continue
        va, vb = evaluate(a, pt), evaluate(b, pt)
        assert values_equal(va, vb), f"{a} = {b} fails at {pt}: {va} != {vb}"
        checked += 1
    assert checked > 0, "no sample point was checked"


def assert_same_conventions(a: Any, b: Any) -> None:
    """Assert that two conventions (or tuples of them) have equal labels, equivalent exprs."""
    first = a if isinstance(a, tuple) else (a,)
    second = b if isinstance(b, tuple) else (b,)
    assert len(first) == len(second), f"{first} != {second}"
    for x, y in zip(first, second, strict=True):
        assert isinstance(x, Convention), x
        assert isinstance(y, Convention), y
        assert x.label == y.label, f"{x.label!r} != {y.label!r}"
        assert_same(x.expr, y.expr)


def assert_holds_at(claim: Any, point: dict[sympy.Symbol, sympy.Expr]) -> None:
    """Assert that a SymPy relational is exactly true at ``point``."""
    assert sympy.sympify(claim).xreplace(point) is sympy.true, f"{claim} false at {point}"


def in_set(x: sympy.Expr, st_: sympy.Set) -> bool:
    """Exact membership of the closed number ``x`` in a numeric set."""
    if isinstance(st_, sympy.FiniteSet):
        return any(numbers_equal(x, e) for e in st_.args)
    if isinstance(st_, sympy.Interval):
        left_ok = st_.left is sympy.S.NegativeInfinity or (
            (x > st_.left) if st_.left_open else (x >= st_.left)) is sympy.true
        right_ok = st_.right is sympy.S.Infinity or (
            (x < st_.right) if st_.right_open else (x <= st_.right)) is sympy.true
        return bool(left_ok and right_ok)
    return st_.contains(x) is sympy.true


def isort_style_key(name: str) -> tuple[int, list[Any]]:
    """The order ruff's RUF022 (enabled for this project) wants ``__all__`` in.

    SCREAMING_CASE names first (``"L1"``, ``"LATEX_NAMES"``), then CamelCase
    (``"Crossover"``, a lone ``"K"``), then the rest; natural order inside each.
    """
    if len(name) > 1 and name.upper() == name and any(c.isalpha() for c in name):
        category = 0
    elif name[:1].isupper():
        category = 1
    else:
        category = 2
    natural = [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]
    return category, natural


def assert_sorted_all(names: Any) -> None:
    """``__all__`` is unique and sorted the way the project's linter sorts it."""
    names = list(names)
    assert len(set(names)) == len(names), "duplicates in __all__"
    assert names == sorted(names, key=isort_style_key)


# ---------------------------------------------------------------------------
# hypothesis strategies: exact rationals as SymPy Rationals


def _to_rational(f: Fraction) -> sympy.Rational:
    return sympy.Rational(f.numerator, f.denominator)


def rationals(min_value: Any = -5, max_value: Any = 5, max_denominator: int = 60
              ) -> st.SearchStrategy[sympy.Rational]:
    """Rationals in ``[min_value, max_value]`` (0 and negatives included by default)."""
    return st.fractions(min_value=Fraction(min_value), max_value=Fraction(max_value),
                        max_denominator=max_denominator).map(_to_rational)


def positive_rationals(max_value: Any = 5, max_denominator: int = 60
                       ) -> st.SearchStrategy[sympy.Rational]:
    """Strictly positive rationals up to ``max_value``."""
    return st.fractions(min_value=Fraction(1, max_denominator), max_value=Fraction(max_value),
                        max_denominator=max_denominator).map(_to_rational)


# ---------------------------------------------------------------------------
# cached expensive objects (shared by all test modules of one session)


def alive(pid: int) -> bool:
    """Whether the process ``pid`` is running (Linux: neither gone nor a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@functools.cache
def symbolic_prox(penalty: Any) -> sympy.Expr:
    """``penalty.prox(step=eta)``, derived and verified once per session."""
    from symreg.symbols import eta

    return penalty.prox(step=eta)


@pytest.fixture(scope="session")
def prox_of():
    """The cached symbolic prox of a penalty, as a fixture."""
    return symbolic_prox


_CACHE_DIR = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Give the test run its own, initially empty, verified-proof cache.

    Every proof is then verified at least once in each run, never taken from an
    earlier run or from the user's cache; within the run, the worker processes
    (pytest-xdist's and symreg's own) share it, so a derivation built by several
    test files is verified once. pytest-xdist's workers inherit the directory
    through the environment from the controlling process, which removes it at the end.
    A caller's ``SYMREG_NO_CACHE`` is not inherited: the tests that need the cache off
    turn it off themselves.
    """
    if hasattr(config, "workerinput"):
        return
    path = tempfile.mkdtemp(prefix="symreg-test-cache-")
    config.stash[_CACHE_DIR] = path
    os.environ["SYMREG_CACHE_DIR"] = path
    os.environ.pop("SYMREG_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    path = config.stash.get(_CACHE_DIR, None)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


#: The penalty families of the property tests, from one or two strengths.
FAMILIES: dict[str, Any] = {
    "L1": lambda s, s2: L1(s),
    "L2": lambda s, s2: L2(s),
    "L2half": lambda s, s2: L2(s, half=True),
    "ElasticNet": lambda s, s2: ElasticNet(l1=s, l2=s2),
    "ElasticNetHalf": lambda s, s2: ElasticNet(l1=s, l2=s2, half=True),
    "Lp3": lambda s, s2: Lp(3, s),
}


# Examples in docstrings that draw figures (Matplotlib), build operators of the
# numeric libraries (NumPy, PyProximal) or start worker processes: slow, like the
# tests that do the same.
_SLOW_DOCTESTS = {
    "symreg._budget.run",
    "symreg.grade",
    "symreg.render.figures",
    "symreg.render.figures.make_figures",
    "symreg.render._figdata.results",
    "symreg.export.arguments",
    "symreg.export.pyproximal",
}

# The site's build (tests/test_docs.py) generates its pages from the catalogue and
# draws the figures, which the report tests (test_report.py, test_cli.py) have
# verified and drawn by then when it is handed out after these files: it takes
# those proofs and figures from the run's shared cache instead of making them again.
# It still starts early enough for the other worker to stay busy meanwhile.
_HANDED_OUT_AFTER = {"test_docs.py": "test_benchmarks.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow doctests, then put the files with the most slow tests first
    (the site's build after the files whose proofs and figures it reuses).

    pytest-xdist hands out whole files (``--dist loadfile``) in this order (with
    ``--no-loadscope-reorder``, as the Makefile runs it): a long file started last
    would leave the other workers idle at the end. Within a file the order is kept.
    """
    for item in items:
        if isinstance(item, pytest.DoctestItem) and item.name in _SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)
    slow: dict[Any, int] = {}
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.path, index)
        slow[item.path] = slow.get(item.path, 0) + bool(item.get_closest_marker("slow"))
    items.sort(key=lambda item: (-slow[item.path], first[item.path]))
    for name, anchor in _HANDED_OUT_AFTER.items():
        moved = [item for item in items if item.path.name == name]
        rest = [item for item in items if item.path.name != name]
        ends = [i for i, item in enumerate(rest) if item.path.name == anchor]
        if moved and ends:
            items[:] = rest[:ends[-1] + 1] + moved + rest[ends[-1] + 1:]
