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

from symreg.errors import UnsupportedError
from symreg.proof import prove

# The prover's own reading of definedness (one semantics for proofs and verdicts).
from symreg.proof._defined import _holds_on, _undefined_point
from symreg.proof._domain import requirements

__all__ = ["Domain", "domain_of", "region", "say"]

Point = tuple[tuple[sympy.Symbol, sympy.Expr], ...]


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


def _symbol_domain(sym: sympy.Symbol) -> sympy.Set:
    if sym.is_integer:
        return sympy.S.Integers
    if sym.is_positive:
        return sympy.Interval.open(0, sympy.oo)
    if sym.is_nonnegative:
        return sympy.Interval(0, sympy.oo)
    if sym.is_negative:
        return sympy.Interval.open(-sympy.oo, 0)
    return sympy.S.Reals


def _one_symbol_set(cond: Boolean) -> tuple[sympy.Symbol, sympy.Set] | None:
    """The set of values of the one symbol of ``cond`` where it holds, if SymPy finds it."""
    syms = sorted(cond.free_symbols, key=lambda s: s.name)
    if len(syms) != 1 or not isinstance(syms[0], sympy.Symbol):
        return None
    sym = syms[0]
    try:
        if isinstance(cond, sympy.core.relational.Relational):
            solved = sympy.solveset(cond, sym, sympy.S.Reals)  # also through Max, Abs
        else:
            solved = cond.as_set()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    return sym, sympy.Intersection(solved, _symbol_domain(sym))


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
    for kind, op in ops.items():
        if isinstance(cond, kind):
            return f"{sympy.sstr(cond.lhs)} {op} {sympy.sstr(cond.rhs)}"
    return str(sympy.sstr(cond))


def _describe(conds: list[Boolean]) -> str:
    """Where at least one of ``conds`` fails, in words."""
    failing = sympy.Or(*[sympy.Not(c) for c in conds])
    if failing is sympy.true:
        return "everywhere"
    syms = sorted(failing.free_symbols, key=lambda s: s.name)
    if len(syms) == 1 and isinstance(syms[0], sympy.Symbol):
        sym = syms[0]
        parts: list[sympy.Set] = []
        for cond in conds:
            solved = _one_symbol_set(cond)
            if solved is None:
                break
            parts.append(sympy.Complement(_symbol_domain(sym), solved[1]))
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
        point = _undefined_point(cond, None)
        if point is not None:
            failing.append(cond)
            witness = point if witness is None else witness
        elif not _holds_on(cond, None, prove, timeout):
            failing.append(cond)
            unsure = True
    if not failing:
        return Domain()
    text = _describe(failing)
    if unsure and witness is None:
        text = "possibly " + text
    return Domain(tuple(failing), witness, text, unsure)


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
    for cond in hard:
        if not _holds_on(cond, None if joined is sympy.true else joined, prove, timeout):
            return None
    return joined
