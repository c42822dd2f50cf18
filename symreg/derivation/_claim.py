r"""Claims: what a derivation states, as SymPy statements, and when a chain establishes one.

A claim is an equality, an inequality, a set membership or a set equality
(``Eq``, ``Le``, ``Lt``, ``Ge``, ``Gt``, ``Contains``, all unevaluated so
that the written form is kept), a statement made only on a region
(``Implies(region, statement)``), or a conjunction (``And``) of these. The
builders here make them without letting SymPy decide them on construction.

>>> import sympy
>>> from symreg.symbols import lam, w, eps
>>> c = when(w >= eps, eq(lam * sympy.Abs(-w, evaluate=False), lam * sympy.Abs(w)))
>>> [(str(a.region), a.relation) for a in conjuncts(c)]
[('w >= eps', 'eq')]
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.logic.boolalg import And, Boolean, Implies

from symreg.derivation._chain import statement_of
from symreg.errors import InvalidParameterError
from symreg.proof import prove, sample_points

__all__ = [
    "Conjunct",
    "conjuncts",
    "eq",
    "ge",
    "gt",
    "le",
    "lt",
    "member",
    "relational",
    "solutions",
    "when",
    "witness",
]


def eq(lhs: Any, rhs: Any) -> Boolean:
    """``lhs = rhs`` (expressions or sets), kept as written.

    >>> from symreg.symbols import lam
    >>> eq(lam, lam)
    Eq(lam, lam)
    """
    return statement_of("eq", lhs, rhs)


def le(lhs: Any, rhs: Any) -> Boolean:
    """``lhs <= rhs``, kept as written."""
    return statement_of("le", lhs, rhs)


def lt(lhs: Any, rhs: Any) -> Boolean:
    """``lhs < rhs``, kept as written."""
    return statement_of("lt", lhs, rhs)


def ge(lhs: Any, rhs: Any) -> Boolean:
    """``lhs >= rhs``, kept as written."""
    return statement_of("ge", lhs, rhs)


def gt(lhs: Any, rhs: Any) -> Boolean:
    """``lhs > rhs``, kept as written."""
    return statement_of("gt", lhs, rhs)


def member(element: Any, group: Any) -> Boolean:
    """``element`` lies in the set ``group``, kept as written."""
    return statement_of("in", element, group)


def solutions(variable: sympy.Symbol, equation: Any, answer: Any, *,
              domain: sympy.Set | None = None) -> Boolean:
    """The solutions of ``equation`` in ``variable`` over ``domain`` form the set ``answer``.

    >>> from symreg.symbols import w
    >>> solutions(w, sympy.Eq(w**2, w), sympy.FiniteSet(0, 1))
    Eq(ConditionSet(w, Eq(w**2, w), Reals), {0, 1})
    """
    return statement_of("solve", equation, answer, variable=variable, domain=domain)


def when(region: Boolean, statement: Boolean) -> Boolean:
    """``statement`` claimed on ``region`` only.

    >>> from symreg.symbols import w
    >>> when(w > 0, gt(w, 0))
    Implies(w > 0, w > 0)
    """
    if region is sympy.true:
        return statement
    return Implies(region, statement, evaluate=False)


_KINDS: dict[type, str] = {
    sympy.Equality: "eq", sympy.LessThan: "le", sympy.StrictLessThan: "lt",
    sympy.GreaterThan: "ge", sympy.StrictGreaterThan: "gt", sympy.Contains: "in",
}


@dataclass(frozen=True, slots=True)
class Conjunct:
    """One conjunct of a claim: ``lhs REL rhs`` on ``region`` (None: everywhere).

    A set equality whose left side is a ``ConditionSet`` is the ``solve`` kind.
    """

    statement: Boolean
    region: Boolean | None
    relation: str
    lhs: Any
    rhs: Any


def conjuncts(claim: Boolean, region: Boolean | None = None) -> tuple[Conjunct, ...]:
    """The conjuncts of ``claim`` in order, each with the region it is claimed on.

    Raises:
        InvalidParameterError: a part that is not a statement of the kinds above.

    >>> from symreg.symbols import w
    >>> [c.relation for c in conjuncts(sympy.And(gt(w**2 + 1, 0), eq(w, w)))]
    ['eq', 'gt']
    >>> conjuncts(sympy.Or(w > 0, w < 0))
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: a claim is made of equalities, inequalities, \
memberships and set equalities, each possibly on a region, joined by And; got (w > 0) | (w < 0)
    """
    if isinstance(claim, And):
        return tuple(c for arg in claim.args for c in conjuncts(arg, region))
    if isinstance(claim, Implies):
        inner = claim.args[0] if region is None else sympy.And(region, claim.args[0])
        if inner is sympy.true:
            inner = None
        return conjuncts(claim.args[1], inner)
    kind = _KINDS.get(type(claim))
    if kind is None:
        raise InvalidParameterError(
            "a claim is made of equalities, inequalities, memberships and set equalities, "
            f"each possibly on a region, joined by And; got {claim}")
    lhs, rhs = claim.args
    if kind == "eq" and isinstance(lhs, sympy.ConditionSet):
        kind = "solve"
    return (Conjunct(statement=claim, region=region, relation=kind, lhs=lhs, rhs=rhs),)


# -- when a fact implies a conjunct ---------------------------------------------

_FLIP = {"ge": "le", "gt": "lt"}
_WEAKER = {("eq", "le"), ("lt", "le")}


def _oriented(c: Conjunct) -> tuple[str, Any, Any]:
    if c.relation in _FLIP:
        return _FLIP[c.relation], c.rhs, c.lhs
    return c.relation, c.lhs, c.rhs


def relational(region: Boolean) -> Boolean:
    """``region`` with each membership ``x in S`` written as the conditions of ``S`` on ``x``.

    >>> from symreg.symbols import g, lam
    >>> relational(member(g, sympy.Interval(-lam, lam)))
    (g <= lam) & (-lam <= g)
    """
    return region.replace(
        lambda e: isinstance(e, sympy.Contains) and isinstance(e.args[1], sympy.Set),
        lambda e: e.args[1].as_relational(e.args[0]))


def _where(region: Boolean) -> Boolean | None:
    return None if region is sympy.true else region


def _holds(condition: Boolean, region: Boolean, timeout: float | None) -> bool:
    """Whether ``condition`` holds at every point of ``region`` (proved, or a conjunct of it)."""
    known = set(And.make_args(region))
    for part in And.make_args(condition):
        if part is sympy.true or part in known:
            continue
        if isinstance(part, sympy.Unequality):
            outcome = prove(sympy.Abs(part.lhs - part.rhs), 0, relation="gt",
                            where=_where(region), timeout=timeout)
        elif type(part) in _KINDS and not isinstance(part, sympy.Contains):
            outcome = prove(part.lhs, part.rhs, relation=_KINDS[type(part)],  # type: ignore[arg-type]
                            where=_where(region), timeout=timeout)
        else:
            return False
        if outcome.status != "proved":
            return False
    return True


def implies(fact: Conjunct, goal: Conjunct, hypotheses: Boolean, *,
            timeout: float | None = None) -> bool:
    """Whether ``fact`` (a chain's claim) gives ``goal`` (a conjunct) under ``hypotheses``.

    The goal's region (with the hypotheses) must lie in the fact's region; the
    relations must be the same or the fact's stronger (``=`` and ``<`` give
    ``<=``, an equality reads both ways); the two sides must be the same
    expressions as written. (Proving the sides equal instead would let the
    check prove the conjunct by itself, without the chain.)

    >>> from symreg.symbols import w
    >>> fact = conjuncts(when(w > 0, gt(w**2, 0)))[0]
    >>> implies(fact, conjuncts(when(w > 1, ge(w**2, 0)))[0], sympy.true)
    True
    >>> implies(fact, conjuncts(ge(w**2, 0))[0], sympy.true)
    False
    """
    region = relational(
        sympy.And(hypotheses, goal.region) if goal.region is not None else hypotheses)
    f_rel, f_lhs, f_rhs = _oriented(fact)
    g_rel, g_lhs, g_rhs = _oriented(goal)
    straight = [(f_lhs, g_lhs), (f_rhs, g_rhs)]
    crossed = [(f_lhs, g_rhs), (f_rhs, g_lhs)]
    if f_rel == "solve" or g_rel == "solve":
        if f_rel != g_rel or fact.lhs != goal.lhs:
            return False
        pairings = [[(f_rhs, g_rhs)]]
    elif f_rel == "eq" and g_rel in ("eq", "le"):
        pairings = [straight, crossed]
    elif f_rel == g_rel or (f_rel, g_rel) in _WEAKER:
        pairings = [straight]
    else:
        return False
    if not any(all(x == y for x, y in pairs) for pairs in pairings):
        return False
    return fact.region is None or _holds(fact.region, region, timeout)


def witness(region: Boolean, *exprs: Any) -> tuple[tuple[sympy.Symbol, Any], ...] | None:
    """An exact point (pairs of symbol and value) where ``region`` holds, or None if none is found.

    Only the symbols of ``region`` are given values; an empty tuple means the
    region is ``True``.

    >>> from symreg.symbols import eta, lam
    >>> witness(eta * lam < 1)
    ((eta, 1), (lam, 1/3))
    >>> witness(sympy.true)
    ()
    """
    region = relational(region)
    if region is sympy.true:
        return ()
    if region is sympy.false:
        return None
    return _witness(region, tuple(exprs))


@functools.lru_cache(maxsize=1024)
def _witness(region: Boolean, exprs: tuple[Any, ...]
             ) -> tuple[tuple[sympy.Symbol, Any], ...] | None:
    """:func:`witness` of a region that is not decided, memoised (regions recur across claims)."""
    symbols = sorted(region.free_symbols, key=lambda s: s.name)
    relations = region.atoms(sympy.core.relational.Relational)
    # The differences of the sides: their zeros (and points beside them) are sampled.
    sides = sorted((r.lhs - r.rhs for r in relations), key=sympy.default_sort_key)
    points = [{s: point[s] for s in symbols if s in point}
              for point in sample_points([*sides, *exprs, *symbols], limit=200)]
    # The sampled points first (cheap to try), then their completions (each a solve).
    for values in itertools.chain(points, (completed for sampled in points
                                           for completed in _completions(region, sampled))):
        if len(values) == len(symbols) and region.xreplace(values) is sympy.true:
            return tuple((s, values[s]) for s in symbols)
    return None


def _completions(region: Boolean, values: dict[sympy.Symbol, Any]) -> Iterator[dict[Any, Any]]:
    """``values`` with one symbol moved to, and beside, a boundary of ``region``.

    Sample points rarely satisfy an equation such as ``eta*lam = 1/2``, or an
    inequality far from 0 such as ``w > 3``; solving a boundary of the region
    for one of its symbols at the sampled values of the others does. Lazily:
    nothing is solved once a point in the region is found.
    """
    relations = sorted(region.atoms(sympy.core.relational.Relational),
                       key=sympy.default_sort_key)
    for relation in relations:
        for symbol in sorted(relation.free_symbols, key=lambda s: s.name):
            others = {s: v for s, v in values.items() if s != symbol}
            try:
                roots = sympy.solve((relation.lhs - relation.rhs).xreplace(others), symbol)
            except (NotImplementedError, ValueError, TypeError):  # pragma: no cover
                continue
            for root in roots:
                if root.is_number:
                    for v in (root, root + 1, root - 1, 2 * root, root / 2):
                        yield {**others, symbol: v}
