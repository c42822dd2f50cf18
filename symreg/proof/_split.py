"""Case splits: regions of one variable cut at breakpoints, and parametrised ``where`` regions."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable
from typing import Literal

import sympy
from sympy.logic.boolalg import Boolean

from symreg.proof._decide import Relation, compare, resolve, same, sign_of, sort_points
from symreg.proof._forms import relationals, simplified, symbols_of, to_piecewise
from symreg.proof._generalise import generalised
from symreg.proof._integer import integer_bounds, relaxed
from symreg.proof._memo import memoised
from symreg.proof._rules import leaf
from symreg.proof._sampler import Point, breakpoints_of
from symreg.proof._termwise import prove_termwise

__all__ = ["MAX_SPLIT_DEPTH", "Deadline", "prove_split", "where_regions"]

#: Nested case splits go at most this deep.
MAX_SPLIT_DEPTH = 3


class Deadline:
    """A point in ``time.monotonic()`` after which the symbolic stages give up (None: never)."""

    def __init__(self, seconds: float | None) -> None:
        self.end = None if seconds is None else time.monotonic() + seconds

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.end is not None and time.monotonic() > self.end


def _split_variable(objs: Iterable[sympy.Basic]) -> list[sympy.Symbol]:
    """Symbols that occur in conditions, real (unsigned) ones first."""
    found: set[sympy.Symbol] = set()
    for obj in objs:
        for rel in relationals(obj):
            found |= {s for s in rel.free_symbols if isinstance(s, sympy.Symbol)}
    return sorted(found, key=lambda s: (bool(s.is_positive), s.name))


def _regions(var: sympy.Symbol, points: list[sympy.Expr]
             ) -> list[tuple[str, sympy.Expr, sympy.Symbol | None]]:
    """Pieces of the domain of ``var`` cut at ``points``: (label, value, dummy)."""
    lower = sympy.S.Zero if var.is_positive or var.is_nonnegative else -sympy.oo
    cuts = [p for p in points if lower == -sympy.oo or compare(p, lower) == 1]
    if var.is_nonnegative and not var.is_positive:
        cuts = [sympy.S.Zero, *cuts]
    pieces: list[tuple[str, sympy.Expr, sympy.Symbol | None]] = []
    t = sympy.Dummy("t", positive=True)
    bounds = [lower, *cuts, sympy.oo]
    for left, right in itertools.pairwise(bounds):
        if left == -sympy.oo and right == sympy.oo:
            # both signs and zero
            pieces += [("negative", -t, t), ("zero", sympy.S.Zero, None),
                       ("positive", t, t)]
        elif left == -sympy.oo:
            pieces.append((f"< {right}", right - t, t))
        elif right == sympy.oo:
            pieces.append((f"> {left}", left + t, t))
        else:
            pieces.append((f"in ({left}, {right})", left + (right - left) * t / (1 + t), t))
    for c in cuts:
        if not (var.is_nonnegative and c == 0 and var.is_positive):
            pieces.append((f"= {c}", c, None))
    return pieces


def prove_split(rel: Relation, lhs: sympy.Basic, rhs: sympy.Basic,
                deadline: Deadline, depth: int = 0) -> tuple[bool, str]:
    """Prove ``lhs REL rhs`` by rewriting, else by a case split: (proved, method).

    >>> import sympy
    >>> from symreg.symbols import w
    >>> prove_split("eq", sympy.Abs(w) * sympy.sign(w), w, Deadline(None))
    (True, 'case split')
    """
    lhs_pw, rhs_pw = to_piecewise(lhs), to_piecewise(rhs)
    resolved_l, resolved_r = resolve(lhs_pw), resolve(rhs_pw)
    if resolved_l is not None and resolved_r is not None:
        try:
            if leaf(rel, resolved_l, resolved_r):
                return True, "simplify"
        except (TypeError, ValueError, NotImplementedError):
            pass
    if depth == 0 and not deadline.expired() and prove_termwise(
            rel, lhs, rhs, lambda r, part: prove_split(r, part, sympy.S.Zero, deadline, 0)[0]):
        return True, "adding inequalities"
    if (depth == 0 and resolved_l is not None and resolved_r is not None
            and not (resolved_l.has(sympy.Piecewise) or resolved_r.has(sympy.Piecewise))):
        return False, "simplify"
    if depth >= MAX_SPLIT_DEPTH or deadline.expired():
        return False, "case split"
    if depth == 0:
        general = generalised(lhs, rhs)
        if general is not None and prove_split(rel, *general, deadline, 0)[0]:
            return True, "generalisation"
    for var in _split_variable([lhs_pw, rhs_pw]):
        unique: list[sympy.Expr] = []
        for p in breakpoints_of(lhs_pw, var) + breakpoints_of(rhs_pw, var):
            if not any(same(p, q) for q in unique):
                unique.append(p)
        ordered = sort_points(unique)
        if ordered is None:
            # Cut first where the breakpoints do not depend on another unsigned
            # variable (|w + z| <= |w| + |z|: z at 0 only); the other cuts are
            # made when that variable is split in its turn.
            free = [p for p in unique if not any(
                s.is_positive is not True and not s.is_integer
                for s in p.free_symbols if isinstance(s, sympy.Symbol))]
            ordered = sort_points(free) if free else None
            if not ordered:
                continue
        regions = _regions(var, ordered)
        if len(regions) == 1:
            continue  # one region: a renaming of the variable, no case split
        ok = True
        for _, value, _dummy in regions:
            if deadline.expired():
                return False, "case split"
            proved, _ = prove_split(rel, _at(lhs_pw, var, value), _at(rhs_pw, var, value),
                                    deadline, depth + 1)
            if not proved:
                ok = False
                break
        if ok:
            return True, "case split"
    if depth == 0:
        pairs = list(relaxed(lhs, rhs))
        if pairs and all(prove_split(rel, left, right, deadline, depth)[0]
                         for left, right in pairs):
            return True, "integer part"
    if depth == 0 and (resolved_l is None or resolved_r is None):
        # Unresolved and not split (e.g. ceiling(|w0|/(eta*lam)) on both sides, whose
        # integer part no piece decides): try the claim as written, or prove(x, x)
        # stays "unknown".
        try:
            if leaf(rel, lhs, rhs):
                return True, "simplify"
        except (TypeError, ValueError, NotImplementedError, AttributeError):
            pass  # AttributeError: a Piecewise of sets has no arithmetic
    return False, "case split"


# Objects whose arguments bind variables: a substitution must leave those alone.
_BINDING = (sympy.Derivative, sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit,
            sympy.Subs, sympy.Lambda)


def _at(obj: sympy.Basic, var: sympy.Symbol, value: sympy.Expr) -> sympy.Basic:
    """``obj`` with ``var`` replaced by ``value``.

    ``xreplace`` (a plain rebuild, several times cheaper than ``subs``) when
    nothing in ``obj`` binds a variable; ``subs`` otherwise.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> t = sympy.Dummy("t", positive=True)
    >>> _at(sympy.Piecewise((w, w >= 0), (-w, True)), w, -t) == t
    True
    """
    if not isinstance(obj, sympy.Basic) or obj.has(*_BINDING):
        return obj.subs(var, value)
    return obj.xreplace({var: value})


def where_regions(where: Boolean | None) -> list[Point] | None:
    """Parametrise the region ``where`` by fresh positive symbols.

    Supports a relational or a conjunction of relationals, each linear in one
    symbol (and disjunctions of those, and ``Ne``). Returns substitutions that
    cover the region exactly, or None.

    >>> from symreg.symbols import w
    >>> where_regions(w >= 1)
    [{w: _t_w + 1}, {w: 1}]
    """
    if where is None or where is sympy.true:
        return [{}]
    where = integer_bounds(where)
    if where.has(sympy.ceiling, sympy.floor):
        return None
    if where.has(sympy.Ne) or isinstance(where, sympy.Or):
        split = where.replace(
            lambda e: isinstance(e, sympy.Ne),
            lambda e: sympy.Or(sympy.Lt(e.lhs, e.rhs), sympy.Gt(e.lhs, e.rhs)),
        )
        dnf = sympy.to_dnf(split)
        if isinstance(dnf, sympy.Or):
            regions: list[Point] = []
            for part in dnf.args:
                sub = where_regions(part)
                if sub is None:
                    return None
                regions.extend(sub)
            return regions
        where = dnf
    bounds = _bounds(where)
    if bounds is None:
        return None
    return _parametrise({var: {side: list(values) for side, values in entry}
                         for var, entry in bounds})


_Bounds = dict[sympy.Symbol, dict[str, list[tuple[sympy.Expr, bool]]]]
# The bounds of a region as kept by the memo (immutable: each caller copies them).
_FrozenBounds = tuple[tuple[sympy.Symbol, tuple[tuple[str, tuple[tuple[sympy.Expr, bool], ...]],
                                                ...]], ...]


@memoised(1024)
def _bounds(where: Boolean) -> _FrozenBounds | None:
    """Lower, upper and equal bounds (value, strict) of each variable of a conjunction.

    Memoised: the same region (a derivation's hypotheses) recurs in every step.

    >>> from symreg.symbols import lam, w
    >>> _bounds((w > 1) & (w <= 2 * lam))
    ((w, (('lower', ((1, True),)), ('upper', ((2*lam, False),)), ('eq', ()))),)
    """
    found = _bounds_of(where)
    if found is None:
        return None
    return tuple((var, tuple((side, tuple(values)) for side, values in entry.items()))
                 for var, entry in found.items())


def _bounds_of(where: Boolean) -> _Bounds | None:
    conds = list(where.args) if isinstance(where, sympy.And) else [where]
    if not all(isinstance(c, sympy.core.relational.Relational) for c in conds):
        return None
    by_var: _Bounds = {}
    for c in conds:
        if isinstance(c, sympy.Ne):
            return None
        syms = symbols_of(c)
        var = next((s for s in syms if not s.is_positive), None) or (syms[0] if syms else None)
        if var is None:
            return None
        d = c.lhs - c.rhs
        if not d.is_polynomial(var) or sympy.Poly(d, var).degree() != 1:
            return None
        a, c0 = sympy.Poly(d, var).all_coeffs()
        root = simplified(-c0 / a)
        sign = sign_of(a)
        if sign is None:
            return None
        entry = by_var.setdefault(var, {"lower": [], "upper": [], "eq": []})
        if isinstance(c, sympy.Eq):
            entry["eq"].append((root, False))
            continue
        strict = isinstance(c, (sympy.StrictGreaterThan, sympy.StrictLessThan))
        greater = isinstance(c, (sympy.StrictGreaterThan, sympy.GreaterThan))
        entry["lower" if (sign > 0) == greater else "upper"].append((root, strict))
    return by_var


def _parametrise(by_var: _Bounds) -> list[Point] | None:
    """Substitutions covering the region exactly: one list of values per variable, combined.

    Each variable's bounds may name other variables; the combined values are
    resolved in dependency order (a cycle gives None).
    """
    choices: list[list[tuple[sympy.Symbol, sympy.Expr]]] = []
    for var, entry in by_var.items():
        if var.is_positive:
            entry["lower"].append((sympy.S.Zero, True))
        elif var.is_nonnegative:
            entry["lower"].append((sympy.S.Zero, False))
        if entry["eq"]:
            choices.append([(var, entry["eq"][0][0])])
            continue
        lower = _tightest(entry["lower"], upper=False)
        upper = _tightest(entry["upper"], upper=True)
        if lower is False or upper is False:
            return None
        t = sympy.Dummy(f"t_{var.name}", positive=True)
        if lower is None and upper is None:
            continue
        if upper is None:
            assert lower is not None
            values = [lower[0] + t]
        elif lower is None:
            values = [upper[0] - t]
        else:
            values = [lower[0] + (upper[0] - lower[0]) * t / (1 + t)]
        values += [b[0] for b in (lower, upper) if b is not None and not b[1]]
        choices.append([(var, v) for v in values])
    out: list[Point] = []
    for combo in itertools.product(*choices):
        subs = dict(combo)
        for _ in range(len(subs)):
            subs = {v: e.xreplace(subs) for v, e in subs.items()}
        if any(e.has(*subs) for e in subs.values()):
            return None
        out.append(subs)
    return out


def _tightest(bounds: list[tuple[sympy.Expr, bool]], *, upper: bool
              ) -> tuple[sympy.Expr, bool] | Literal[False] | None:
    if not bounds:
        return None
    best = bounds[0]
    for cand in bounds[1:]:
        c = compare(cand[0], best[0])
        if c is None:
            c = _weak_compare(cand, best, upper=upper)
        if c is None:
            return False
        if (c < 0) == upper and c != 0:
            best = cand
        elif c == 0:
            best = (best[0], best[1] or cand[1])
    return best


def _weak_compare(cand: tuple[sympy.Expr, bool], best: tuple[sympy.Expr, bool], *,
                  upper: bool) -> int | None:
    """Order two bounds known only to satisfy ``cand >= best`` (or ``<=``) when that suffices.

    ``k >= |w|`` and ``k >= 0``: the first implies the second; with a strict
    bound on the loser's side a tie would matter, so None.
    """
    d = simplified(cand[0] - best[0])
    for c, ok in ((1, d.is_nonnegative), (-1, d.is_nonpositive)):
        if not ok:
            continue
        tighter, looser = (cand, best) if (c < 0) == upper else (best, cand)
        if looser[1] and not tighter[1]:
            return None  # a tie would leave the looser strict bound unmet
        return c
    return None
