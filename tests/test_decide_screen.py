"""Tests of symreg._decide._screen: the quick look at the first points of the screen."""

from __future__ import annotations

import itertools
import time

import sympy

from symreg._decide._screen import differs_at, quick_difference, quick_points, screen
from symreg.proof import screen_points
from symreg.symbols import eta, k, lam, w, z


def test_the_quick_points_are_the_first_points_of_the_screen():
    # so that the quick look finds the difference the screen would have found first
    for exprs in ([sympy.Abs(w - 3)], [sympy.Max(sympy.Abs(z) - eta * lam, 0) * w],
                  [sympy.sign(z) * lam + k * w], [sympy.Integer(2)],
                  [sympy.Add(*sympy.symbols("x1:9", real=True))]):
        quick = quick_points(exprs)
        assert quick
        assert quick == list(itertools.islice(screen_points(exprs), len(quick)))


def test_a_difference_at_a_quick_point_is_exact():
    found, tried, points = quick_difference(sympy.sqrt(w**2), w, [])
    assert found == (((w, -1),), 1, -1)
    assert 1 <= tried <= points


def test_the_quick_look_only_counts_points_where_both_are_defined():
    ratio = sympy.Mul(w**2 - 1, sympy.Pow(w + 1, -1, evaluate=False), evaluate=False)
    conds = [sympy.Ne(w + 1, 0)]
    found, _, _ = quick_difference(ratio, w - 1, conds)
    assert found is None  # equal wherever both are defined
    found, _, _ = quick_difference(ratio, w + 1, conds)
    assert found is not None
    assert found[0] != ((w, -1),)


def test_the_screen_skips_the_points_already_looked_at():
    # the soft threshold with eta lam against lam differs only beyond the threshold
    a = sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0)
    e = sympy.sign(z) * sympy.Max(sympy.Abs(z) - 2 * lam, 0)
    found, _, points = quick_difference(a, e, [])
    deadline = time.monotonic() + 30
    later, tried = screen(a, e, [], deadline, skip=points)
    first, _ = screen(a, e, [], deadline)
    if found is None:
        assert later == first
    assert (found or later) == first
    assert tried >= 1


def test_differs_at_needs_every_symbol_and_a_proved_difference():
    assert differs_at(w, 2 * w, ((w, sympy.Integer(1)),)) == ((w, 1),)
    assert differs_at(w, 2 * w, ((w, sympy.Integer(0)),)) is None
    assert differs_at(w + z, w, ((w, sympy.Integer(1)),)) is None
