"""Looking for a point where two answers differ: a quick look first, then the full screen.

The full screen (:func:`symreg.proof.screen_points`) tries each real symbol at
its candidate values *and* at the breakpoints of the answers, which means
rewriting ``Abs``, ``Max``, ``sign`` ... as ``Piecewise`` and solving for
their kinks. Most wrong answers already differ at the first candidate values
(``w = 0``, ``-1``, ``1``), so those few points are tried first, without any of
that work. They are the first points of the full screen, in its order, so a
difference found there is the one the full screen would have found first.

Every point is exact (rationals); a difference is proved by the exact sign of
the difference of the two values, never by a tolerance.

>>> import sympy
>>> from symreg.symbols import w
>>> found, tried, points = quick_difference(sympy.sqrt(w**2), w, [])
>>> found
(((w, -1),), 1, -1)
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator, Sequence

import sympy
from sympy.logic.boolalg import Boolean

from symreg._caveat import holding_point
from symreg.proof import candidates, screen_points, value_at
from symreg.proof._evaluate import exact_sign, truth_at
from symreg.proof._sampler import parameter_sets

__all__ = ["Found", "defined_somewhere", "differs_at", "inside", "quick_difference",
           "quick_points", "screen"]

#: A point (pairs of symbol and value, sorted by name).
Point = tuple[tuple[sympy.Symbol, sympy.Expr], ...]
#: A point where two answers differ, and their two values there.
Found = tuple[Point, sympy.Basic, sympy.Basic]

# The quick look: index tuples (into the candidate values) whose sum is below this,
# at most this many points.
_QUICK_SUM = 6
_QUICK_POINTS = 12


def quick_points(exprs: Sequence[sympy.Basic]) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """The first points of the full screen that need no breakpoints: the first parameter
    set, and the first candidate values of the real symbols, fewest index first.

    >>> from symreg.symbols import lam, w
    >>> [p[w] for p in quick_points([w * lam])], quick_points([w * lam])[0][lam]
    ([0, -1, 1, 1/2, -1/2, 3], 1)
    """
    symbols: set[sympy.Symbol] = set()
    for expr in exprs:
        symbols |= {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    ordered = sorted(symbols, key=lambda s: s.name)
    params = [s for s in ordered if s.is_positive or s.is_integer]
    reals = [s for s in ordered if s not in params]
    pset = parameter_sets(params, 1)[0]
    values = [candidates(s) for s in reals]
    # The full screen's order: by the sum of the indices, then lexicographically. Each
    # value list there starts with these candidates, so up to a sum below the length
    # of the shortest, the two orders agree.
    below = min([_QUICK_SUM, *(len(v) for v in values)])
    combos = itertools.islice(itertools.chain.from_iterable(
        _with_sum(len(reals), total) for total in range(below)), _QUICK_POINTS)
    return [{**pset, **{s: v[i] for s, v, i in zip(reals, values, combo, strict=True)}}
            for combo in combos]


def _with_sum(length: int, total: int) -> Iterator[tuple[int, ...]]:
    """The tuples of ``length`` non-negative integers summing to ``total``, in
    lexicographic order (lazily: their number grows fast with ``length``)."""
    if length == 0:
        if total == 0:
            yield ()
        return
    if length == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _with_sum(length - 1, total - first):
            yield (first, *rest)


def inside(conds: Sequence[Boolean], pt: Point | dict[sympy.Symbol, sympy.Expr]) -> bool:
    """Whether every condition is proved true at ``pt``."""
    return all(truth_at(c, dict(pt)) is True for c in conds)


def _compare(a: sympy.Basic, e: sympy.Basic, conds: Sequence[Boolean],
             full: dict[sympy.Symbol, sympy.Expr]) -> Found | bool | None:
    """The difference at ``full``, or False when the point does not count (outside the
    conditions, or a side undefined there), or None when the two agree (or may)."""
    if not inside(conds, full):
        return False
    va, ve = value_at(a, full), value_at(e, full)
    if va is None or ve is None or sympy.nan in (va, ve):
        return False
    try:
        differs = exact_sign(sympy.expand(va - ve))
    except (TypeError, ValueError, ArithmeticError):
        differs = None
    if differs in (0, None):
        return None
    return tuple(sorted(full.items(), key=lambda kv: kv[0].name)), va, ve


def _conditions(conds: Sequence[Boolean]) -> list[sympy.Basic]:
    return [c for c in conds if isinstance(c, sympy.Basic)]


def _look(a: sympy.Basic, e: sympy.Basic, conds: Sequence[Boolean],
          points: Iterable[dict[sympy.Symbol, sympy.Expr]], deadline: float | None
          ) -> tuple[Found | None, int]:
    tried = 0
    for full in points:
        if deadline is not None and time.monotonic() > deadline:
            break
        outcome = _compare(a, e, conds, full)
        if outcome is False:
            continue
        tried += 1
        if isinstance(outcome, tuple):
            return outcome, tried
    return None, tried


def quick_difference(a: sympy.Basic, e: sympy.Basic, conds: Sequence[Boolean]
                     ) -> tuple[Found | None, int, int]:
    """A difference at one of the :func:`quick_points` where both are defined (or None),
    how many points where both are defined were tried, and how many points there were."""
    points = quick_points([a, e, *_conditions(conds)])
    found, tried = _look(a, e, conds, points, None)
    return found, tried, len(points)


def screen(a: sympy.Basic, e: sympy.Basic, conds: Sequence[Boolean], deadline: float,
           skip: int = 0) -> tuple[Found | None, int]:
    """A point of the full screen where both are defined (every condition holds) and the
    two differ, and how many points where both are defined were tried; the first
    ``skip`` points (those of :func:`quick_points`, already tried) are passed over."""
    points = screen_points([a, e, *_conditions(conds)])
    return _look(a, e, conds, itertools.islice(points, skip, None), deadline)


def differs_at(a: sympy.Basic, e: sympy.Basic, point: Point) -> Point | None:
    """``point`` if ``a`` and ``e`` are both defined there and provably differ, else None."""
    at = dict(point)
    if not (isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)) or not (
            (a.free_symbols | e.free_symbols) <= set(at)):
        return None
    return point if isinstance(_compare(a, e, (), at), tuple) else None


def defined_somewhere(exprs: Sequence[sympy.Basic], conds: Sequence[Boolean],
                      deadline: float) -> bool:
    """Whether a point satisfies every condition (where both answers are defined): an
    equality proved "where both are defined" is not vacuous then. Conditions in one
    symbol are first tried beside the edges of their exact sets, then the screen's points."""
    if not conds:
        return True
    point = holding_point(list(conds))
    if point is not None and inside(conds, point):
        return True
    everything = [*exprs, *_conditions(conds)]
    for full in itertools.chain(quick_points(everything), screen_points(everything)):
        if time.monotonic() > deadline:
            return False
        if inside(conds, full):
            return True
    return False
