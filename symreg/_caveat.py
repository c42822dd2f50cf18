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

import functools
from dataclasses import dataclass
from typing import NamedTuple

import sympy
from sympy import QQ, Poly
from sympy.logic.boolalg import Boolean
from sympy.polys.polyerrors import CoercionFailed
from sympy.solvers.inequalities import solve_poly_inequality

from symreg.errors import UnsupportedError
from symreg.proof import prove

# The prover's own reading of definedness (one semantics for proofs and verdicts).
from symreg.proof._defined import _holds_on, _undefined_point
from symreg.proof._domain import requirements
from symreg.proof._line import polynomial_coefficients

__all__ = ["Domain", "domain_of", "holding_point", "region", "say"]

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


def _only_symbol(cond: Boolean) -> sympy.Symbol | None:
    syms = cond.free_symbols
    if len(syms) != 1:
        return None
    (sym,) = syms
    return sym if isinstance(sym, sympy.Symbol) else None


# Conditions compared with 0 that exact polynomial arithmetic decides, up to this degree.
_EXACT_DEGREE = 16
_RELATIONS = {sympy.Ne: "!=", sympy.Gt: ">", sympy.Ge: ">=", sympy.Lt: "<", sympy.Le: "<="}


def _rational_parts(cond: Boolean, sym: sympy.Symbol) -> tuple[str, Poly, Poly] | None:
    """``cond`` as ``n/d REL 0`` with polynomials ``n``, ``d`` of ``sym`` with rational
    coefficients (``|g| > 0`` and ``|g| != 0`` read as ``g != 0``), or ``n != 0`` with
    ``n`` of degree one with real constant coefficients (``d`` is 1); else None."""
    op = _RELATIONS.get(type(cond))
    if op is None:
        return None
    diff = cond.lhs - cond.rhs
    if isinstance(diff, sympy.Abs):
        if op not in ("!=", ">"):
            return None
        op, diff = "!=", diff.args[0]
    coeffs = polynomial_coefficients(diff)
    if coeffs is not None:  # a polynomial: read without building SymPy expressions
        return op, Poly.from_list(coeffs, sym, domain=QQ), Poly(1, sym, domain=QQ)
    try:
        if not diff.is_rational_function(sym):
            return None
        num, den = sympy.together(diff).as_numer_denom()
        try:
            return op, Poly(num, sym, domain=QQ), Poly(den, sym, domain=QQ)
        except CoercionFailed:
            if op != "!=" or den.has(sym):
                return None
            line = Poly(num, sym)
            if line.degree() != 1 or not all(c.is_real for c in line.all_coeffs()) \
                    or line.LC().is_zero is not False:
                return None
            return op, line, Poly(1, sym, domain=QQ)
    except (sympy.PolynomialError, CoercionFailed, ValueError, TypeError):
        return None


def _real_roots(poly: Poly) -> set[sympy.Expr]:
    """The real roots of a polynomial over the rationals, or of degree one (by formula up
    to degree two)."""
    if poly.degree() < 1:
        return set()
    if poly.degree() == 1:
        lead, constant = poly.all_coeffs()
        return {-constant / lead}
    if poly.degree() == 2:
        a, b, c = (sympy.Rational(coeff) for coeff in poly.all_coeffs())
        disc = b * b - 4 * a * c
        if disc < 0:
            return set()
        return {(-b - sympy.sqrt(disc)) / (2 * a), (-b + sympy.sqrt(disc)) / (2 * a)}
    return set(poly.real_roots())


def _by_value(values: set[sympy.Expr]) -> list[sympy.Expr]:
    """Real algebraic numbers in increasing order."""
    return sorted(values, key=lambda v: (sympy.N(v, 30), sympy.default_sort_key(v)))


def _admissible(sym: sympy.Symbol, value: sympy.Expr) -> bool | None:
    """Whether ``sym`` may take the real number ``value`` (by its assumptions)."""
    checks = []
    if sym.is_integer:
        checks.append(value.is_integer)
    if sym.is_positive:
        checks.append(value.is_positive)
    elif sym.is_nonnegative:
        checks.append(value.is_nonnegative)
    elif sym.is_negative:
        checks.append(value.is_negative)
    if False in checks:
        return False
    return True if all(checks) else None


class _Sets(NamedTuple):
    """Where a condition in one symbol holds and fails (admissible values only), the
    points where its sides vanish or have a pole, and the condition as ``n/d REL 0``
    (for an inequality)."""

    sym: sympy.Symbol
    holds: sympy.Set
    fails: sympy.Set
    edges: tuple[sympy.Expr, ...]
    parts: tuple[str, Poly, Poly] | None = None


# Where a condition fails, a point is looked for at each edge and at these steps from it.
_STEPS = (0, sympy.Rational(-1, 7), sympy.Rational(1, 7), -1, 1)


def _failing_point(sets: _Sets) -> Point | None:
    """A point where the condition fails: its one failing value, or one at or beside an edge."""
    if isinstance(sets.fails, sympy.FiniteSet):
        return ((sets.sym, _by_value(set(sets.fails))[0]),) if sets.fails else None
    for edge in sets.edges or (sympy.Integer(0),):
        for step in _STEPS:
            if _fails_at(sets, edge + step):
                return ((sets.sym, edge + step),)
    return None


_HOLDS = {">": lambda v: v > 0, ">=": lambda v: v >= 0, "<": lambda v: v < 0,
          "<=": lambda v: v <= 0}


def _fails_at(sets: _Sets, value: sympy.Expr) -> bool:
    """Whether ``value`` is in ``sets.fails``: at a rational value of an inequality
    ``n/d REL 0``, by evaluating the polynomials (an admissible value where ``d``
    vanishes or ``n d REL 0`` is false), else by asking the set."""
    if sets.parts is None or not isinstance(value, sympy.Rational):
        return sets.fails.contains(value) is sympy.true
    op, num, den = sets.parts
    if _admissible(sets.sym, value) is not True:
        return False
    at_den = den.eval(value)
    return at_den == 0 or not _HOLDS[op](num.eval(value) * at_den)


@functools.lru_cache(maxsize=256)
def _exact_sets(cond: Boolean) -> _Sets | None:
    """Where the one symbol of ``cond`` makes it hold and fail, decided exactly for a
    rational relation (real roots and signs of polynomials over the rationals), else
    None."""
    sym = _only_symbol(cond)
    parts = None if sym is None else _rational_parts(cond, sym)
    if sym is None or parts is None:
        return None
    op, num, den = parts
    if max(num.degree(), den.degree()) > _EXACT_DEGREE:
        return None
    poles = _by_value(_real_roots(den))
    domain = _symbol_domain(sym)
    if op == "!=":
        zeros = _by_value(_real_roots(num) | set(poles))
        admissible = [_admissible(sym, z) for z in zeros]
        if None in admissible:
            return None
        fails: sympy.Set = sympy.FiniteSet(*[z for z, ok in zip(zeros, admissible,
                                                                   strict=True) if ok])
        return _Sets(sym, sympy.Complement(domain, fails), fails, tuple(zeros))
    if sym.is_integer:
        return None  # sets of integers: left to solveset
    holds = sympy.Union(*solve_poly_inequality(num * den, op))
    if poles:
        holds = sympy.Complement(holds, sympy.FiniteSet(*poles))
    if domain is not sympy.S.Reals:  # a set of reals is its own intersection with them
        holds = sympy.Intersection(holds, domain)
    fails = sympy.Complement(domain, holds)
    if any(s.has(sympy.Complement, sympy.Intersection) for s in (holds, fails)):
        return None
    edges = _by_value(_real_roots(num) | set(poles))
    return _Sets(sym, holds, fails, tuple(edges), parts)


@functools.lru_cache(maxsize=256)
def _one_symbol_set(cond: Boolean) -> tuple[sympy.Symbol, sympy.Set] | None:
    """The set of values of the one symbol of ``cond`` where it holds, if SymPy finds it."""
    exact = _exact_sets(cond)
    if exact is not None:
        return exact.sym, exact.holds
    sym = _only_symbol(cond)
    if sym is None:
        return None
    try:
        if isinstance(cond, sympy.core.relational.Relational):
            solved = sympy.solveset(cond, sym, sympy.S.Reals)  # also through Max, Abs
        else:
            solved = cond.as_set()
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return None
    return sym, sympy.Intersection(solved, _symbol_domain(sym))


def _fails(cond: Boolean) -> sympy.Set | None:
    """The admissible values of the one symbol of ``cond`` where it fails, if known."""
    exact = _exact_sets(cond)
    if exact is not None:
        return exact.fails
    solved = _one_symbol_set(cond)
    return None if solved is None else sympy.Complement(_symbol_domain(solved[0]), solved[1])


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
    for cond in hard:
        if not _holds_on(cond, None if joined is sympy.true else joined, prove, timeout):
            return None
    return joined
