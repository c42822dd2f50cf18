"""Where an answer is undefined: the prover's conditions of definedness, found and described.

The answer checker's domain policy rests on the prover's semantics
(:mod:`symreg.proof`): where an expression is defined and real is read from
its form *as written* (``w/w`` needs ``w != 0``). For each side this module
keeps the conditions that fail somewhere (with a point where one fails, found
by the prover's own search), drops those proved to hold everywhere, and
describes the rest in words: ``at x = -1``, ``where x <= 0``.

It also turns the conditions into a region the prover can split into cases
(each condition in one symbol is rewritten as intervals of that symbol; a
condition in several symbols must follow from the others), so that equality
can be proved *where both sides are defined*.

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> ratio = sympy.Mul(x**2 - 1, sympy.Pow(x + 1, -1, evaluate=False), evaluate=False)
>>> dom = domain_of(ratio, None)
>>> dom.text, dom.witness
('at x = -1', ((x, -1),))
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy.logic.boolalg import Boolean

from symreg._exactsets import (
    _STEPS,
    Point,
    _admissible,
    _exact_sets,
    _failing_point,
    _fails,
    _fails_at,
    _one_symbol_set,
    _symbol_domain,
)
from symreg.errors import UnsupportedError
from symreg.proof import prove

# The prover's own reading of definedness (one semantics for proofs and verdicts).
from symreg.proof._defined import _holds_on, _undefined_point
from symreg.proof._domain import requirements
from symreg.proof._split import where_regions

__all__ = ["Domain", "domain_of", "holding_point", "region", "say"]

@dataclass(frozen=True, slots=True)
class Domain:
    """Where one side is defined.

    Attributes:
        conditions: the conditions of definedness that fail somewhere (or could
            not be decided); empty when the side is defined everywhere.
        witness: a point where the side is undefined, if one was found.
        text: where it is undefined, in words (``"at x = -1"``); empty when
            it is defined everywhere.
        unsure: some condition could be neither refuted nor proved.
    """

    conditions: tuple[Boolean, ...] = ()
    witness: Point | None = None
    text: str = ""
    unsure: bool = False


def say(cond: sympy.Basic) -> str:
    """A condition in words: ``x = -1``, ``x <= 0``, ``a = 0 or b <= 0``.

    >>> import sympy
    >>> x = sympy.Symbol("x", real=True)
    >>> say(sympy.Or(sympy.Eq(x, -1), sympy.Le(x, 0)))
    'x = -1 or x <= 0'
    """
    if isinstance(cond, sympy.Or):
        return " or ".join(say(c) for c in cond.args)
    if isinstance(cond, sympy.And):
        return " and ".join(say(c) for c in cond.args)
    ops = {sympy.Eq: "=", sympy.Ne: "!=", sympy.Le: "<=", sympy.Lt: "<", sympy.Ge: ">=",
           sympy.Gt: ">"}
    if isinstance(cond, sympy.core.relational.Relational):
        cond = _oriented(cond)
    for kind, op in ops.items():
        if isinstance(cond, kind):
            return f"{sympy.sstr(cond.lhs)} {op} {sympy.sstr(cond.rhs)}"
    return str(sympy.sstr(cond))


def _oriented(rel: sympy.core.relational.Relational) -> sympy.core.relational.Relational:
    """A bound on the one unsigned symbol of ``rel`` written as a bound: ``-a <= x``, ``x < a``.

    A lower bound is written before the symbol and an upper bound after it, as
    an interval is read; anything else is left as it is.

    >>> import sympy
    >>> x, a = sympy.Symbol("x", real=True), sympy.Symbol("a", positive=True)
    >>> _oriented(sympy.Ge(a, -x)), _oriented(sympy.Ge(a, x))
    (-a <= x, x <= a)
    """
    unsigned = [s for s in rel.free_symbols
                if isinstance(s, sympy.Symbol) and not (s.is_positive or s.is_nonnegative)]
    if len(unsigned) != 1:
        return rel
    (sym,) = unsigned
    if rel.rhs.has(sym) and not rel.lhs.has(sym):
        rel = rel.reversed
    if rel.lhs == -sym:
        rel = rel.reversedsign
    if rel.lhs != sym:
        return rel
    return rel.reversed if isinstance(rel, (sympy.Gt, sympy.Ge)) else rel


def _describe(conds: list[Boolean]) -> str:
    """Where at least one of ``conds`` fails, in words."""
    failing = sympy.to_nnf(sympy.Or(*[sympy.Not(c) for c in conds]), simplify=False)
    if failing is sympy.true:
        return "everywhere"
    syms = sorted(failing.free_symbols, key=lambda s: s.name)
    if len(syms) == 1 and isinstance(syms[0], sympy.Symbol):
        sym = syms[0]
        parts: list[sympy.Set] = []
        for cond in conds:
            fails = _fails(cond)
            if fails is None:
                break
            parts.append(fails)
        where = sympy.Union(*parts) if len(parts) == len(conds) else None
        if isinstance(where, sympy.FiniteSet) and len(where) <= 12:
            return "at " + " and ".join(f"{sym} = {sympy.sstr(v)}" for v in where)
        if where is not None and not where.has(sympy.ImageSet, sympy.ConditionSet,
                                               sympy.Complement):
            return "where " + say(where.as_relational(sym))
    return "where " + say(failing)


def domain_of(written: sympy.Basic, timeout: float | None) -> Domain:
    """Where ``written`` (the form as written) is undefined, by the prover's conditions."""
    try:
        conds = requirements(written)
    except UnsupportedError:
        return Domain(unsure=True, text="where its domain is not known")
    failing: list[Boolean] = []
    witness: Point | None = None
    unsure = False
    for cond in conds:
        exact = _exact_sets(cond)
        if exact is not None and exact.fails is sympy.S.EmptySet:
            continue  # it holds at every admissible value
        point = _undefined_point(cond, None) if exact is None else _failing_point(exact)
        if point is not None:
            failing.append(cond)
            witness = point if witness is None else witness
        elif exact is not None:
            failing.append(cond)  # it fails somewhere (no point is shown)
        elif not _holds_on(cond, None, prove, timeout):
            failing.append(cond)
            unsure = True
    if not failing:
        return Domain()
    text = _describe(failing)
    if unsure and witness is None:
        text = "possibly " + text
    return Domain(tuple(failing), witness, text, unsure)


def holding_point(conds: list[Boolean]) -> Point | None:
    """A candidate point where every condition may hold (the caller checks it), at or
    beside an edge of their exact sets, when they are all conditions in one and the same
    symbol; else None.

    >>> x = sympy.Symbol("x", real=True)
    >>> holding_point([sympy.Ge(x - 3, 0), sympy.Ge(x - 5, 0)])
    ((x, 5),)
    """
    sets = [_exact_sets(cond) for cond in conds]
    known = [s for s in sets if s is not None]
    if not conds or len(known) < len(sets) or len({s.sym for s in known}) != 1:
        return None
    sym = known[0].sym
    edges = sorted({edge for s in known for edge in s.edges} | {sympy.Integer(0)},
                   key=sympy.default_sort_key)
    for edge in edges:
        for step in _STEPS:
            value = edge + step
            if _admissible(sym, value) is True and not any(_fails_at(s, value)
                                                           for s in known):
                return ((sym, value),)
    return None


def region(conds: list[Boolean], timeout: float | None) -> Boolean | None:
    """``And(*conds)`` as intervals of single symbols the prover can split, or None.

    A condition in one symbol becomes the intervals where it holds; one in
    several symbols is dropped when it is proved to follow from the others (else
    the region is not one the prover can parametrise, and None is returned).
    """
    per_symbol: dict[sympy.Symbol, sympy.Set] = {}
    hard: list[Boolean] = []
    for cond in conds:
        solved = _one_symbol_set(cond)
        if solved is None:
            hard.append(cond)
            continue
        sym, where = solved
        per_symbol[sym] = sympy.Intersection(per_symbol.get(sym, _symbol_domain(sym)), where)
    simple: list[Boolean] = []
    for sym in sorted(per_symbol, key=lambda s: s.name):
        where = per_symbol[sym]
        if where.has(sympy.ImageSet, sympy.ConditionSet, sympy.Complement, sympy.Intersection):
            return None
        simple.append(where.as_relational(sym))
    joined = sympy.And(*simple) if simple else sympy.true
    kept = [cond for cond in hard
            if not _holds_on(cond, None if joined is sympy.true else joined, prove, timeout)]
    if not kept:
        return joined
    # Kept as written when the prover can cut the region into intervals itself
    # (the cases of a piecewise answer: w > a or w < -a).
    whole = sympy.And(joined, *kept)
    return whole if where_regions(whole) is not None else None
