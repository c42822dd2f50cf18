"""``prove`` and its ``Proof``: refute by exact samples, then prove by rewriting or a split."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import sympy
from sympy.logic.boolalg import Boolean

from symreg.errors import InvalidParameterError
from symreg.proof._decide import Relation
from symreg.proof._defined import undefinedness
from symreg.proof._forms import doit_unevaluated, kinks_expanded
from symreg.proof._identities import identical_by_expansion, identical_with_finite_sums
from symreg.proof._limits import UndecidedLimit
from symreg.proof._memo import memoised
from symreg.proof._refute import holds_at
from symreg.proof._sampler import sample_points
from symreg.proof._split import Deadline, prove_split, where_regions

__all__ = ["Proof", "Status", "prove"]

#: The outcome of a claim.
Status = Literal["proved", "refuted", "unknown"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Proof:
    """The outcome of :func:`prove`.

    Attributes:
        status: ``"proved"``, ``"refuted"`` (a counterexample exists) or
            ``"unknown"`` (neither could be established).
        method: how the status was reached (``"simplify"``, ``"case split"``,
            ``"exact sample"``, ...).
        counterexample: for ``"refuted"``, the point (pairs of symbol and exact
            value, sorted by symbol name) where the claim is false.
        reason: one sentence for humans.

    >>> bool(Proof(status="unknown", method="none"))
    False
    """

    status: Status
    method: str
    counterexample: tuple[tuple[sympy.Symbol, sympy.Expr], ...] | None = None
    reason: str = ""

    def __bool__(self) -> bool:
        return self.status == "proved"


def prove(
    lhs: sympy.Basic,
    rhs: sympy.Basic,
    *,
    relation: Relation = "eq",
    where: Boolean | None = None,
    timeout: float | None = None,
    samples: int = 60,
) -> Proof:
    """Decide ``lhs REL rhs`` for all admissible values (within ``where``).

    Args:
        lhs: a SymPy expression or set (unevaluated ``Derivative``, ``Limit``,
            ``Integral`` are evaluated with ``doit``).
        rhs: likewise; a set when ``relation="in"``.
        relation: ``"eq"`` (also set equality), ``"le"``, ``"lt"``, ``"ge"``,
            ``"gt"`` or ``"in"`` (``lhs`` is an element of the set ``rhs``).
        where: the region where the claim is made (relationals joined by
            ``And``, each linear in one symbol), or None for everywhere.
        timeout: seconds after which the symbolic stages give up (``unknown``);
            without one, a claim decided earlier in the process is answered at
            once (see :func:`~symreg.proof.clear_caches`).
        samples: at most this many exact sample points.

    Returns:
        A :class:`Proof`.

    Raises:
        InvalidParameterError: an unknown ``relation``.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> prove(w**2, w, relation="le", where=(w > 0) & (w < 1)).status
    'proved'
    >>> prove(w**2, w, relation="le", where=w > 0).counterexample
    ((w, 3),)
    """
    if relation not in get_args(Relation):
        raise InvalidParameterError(
            f"relation must be one of eq, le, lt, ge, gt, in; got {relation!r}")
    lhs = sympy.sympify(lhs, strict=True)
    rhs = sympy.sympify(rhs, strict=True)
    if where is not None:
        # A plain Python bool (where=True) crashed with AttributeError on .xreplace.
        where = sympy.sympify(where, strict=True)
    if timeout is not None:
        # A question asked within a budget is answered within it, as asked (a
        # remembered answer would make the budget's outcome depend on history).
        return _prove(lhs, rhs, relation, where, timeout, samples)
    try:
        return _decided(lhs, rhs, relation, where, samples)
    except _Undecided as undecided:
        return undecided.proof


class _Undecided(Exception):
    """An ``unknown`` outcome, raised through the memo so that it is not kept."""

    def __init__(self, proof: Proof) -> None:
        super().__init__(proof.reason)
        self.proof = proof


@memoised(4096)
def _decided(lhs: sympy.Basic, rhs: sympy.Basic, relation: Relation, where: Boolean | None,
             samples: int) -> Proof:
    """:func:`prove` of a claim without a budget, memoised when it is decided."""
    outcome = _prove(lhs, rhs, relation, where, None, samples)
    if outcome.status == "unknown":
        raise _Undecided(outcome)
    return outcome


def _prove(lhs: sympy.Basic, rhs: sympy.Basic, relation: Relation, where: Boolean | None,
           timeout: float | None, samples: int) -> Proof:
    deadline = Deadline(timeout)
    # Both sides must be defined on the region, read from the form as written
    # (before derivatives are taken and w/w becomes 1).
    undefined = undefinedness(lhs, rhs, where, prove, timeout)
    if undefined is not None:
        status, point, reason = undefined
        return Proof(status=status, method="domain",  # type: ignore[arg-type]
                     counterexample=point, reason=reason)
    if relation == "eq" and identical_with_finite_sums(lhs, rhs):
        # Finite sums as opaque terms: what expansion proves holds whatever they are.
        return Proof(status="proved", method="expand", reason="proved symbolically")
    try:
        lhs, rhs = doit_unevaluated(lhs), doit_unevaluated(rhs)
    except UndecidedLimit as exc:
        return Proof(status="unknown", method="limit", reason=str(exc))
    if relation == "eq" and identical_by_expansion(lhs, rhs):
        # An identity that holds everywhere holds on every region: no sampling needed.
        return Proof(status="proved", method="expand", reason="proved symbolically")
    for pt in sample_points([lhs, rhs], where=where, limit=samples):
        if deadline.expired():
            break
        if holds_at(relation, lhs, rhs, pt, only_refute=True) is False:
            point = tuple(sorted(pt.items(), key=lambda kv: kv[0].name))
            shown = ", ".join(f"{s} = {v}" for s, v in point)
            # A claim without free symbols (e.g. a solved set) is simply false.
            return Proof(status="refuted", method="exact sample", counterexample=point,
                         reason=f"false at {shown}" if point else "false")
    regions = where_regions(where)
    if regions is None:
        return Proof(status="unknown", method="none",
                     reason=f"cannot parametrise the region {where}")
    method = "simplify"
    for subs in regions:
        if deadline.expired():
            return Proof(status="unknown", method="timeout", reason="time budget exhausted")
        sub_l = lhs.xreplace(subs) if subs else lhs
        sub_r = rhs.xreplace(subs) if subs else rhs
        if isinstance(sub_l, sympy.Basic) and not isinstance(sub_l, sympy.Set):
            sub_l = kinks_expanded(sub_l.doit()) if subs else sub_l.doit()
        if isinstance(sub_r, sympy.Basic) and not isinstance(sub_r, sympy.Set):
            sub_r = kinks_expanded(sub_r.doit()) if subs else sub_r.doit()
        try:
            proved, method = prove_split(relation, sub_l, sub_r, deadline, 0)
        except (TypeError, ValueError, NotImplementedError, RecursionError) as exc:
            return Proof(status="unknown", method="error",
                         reason=f"SymPy could not decide: {type(exc).__name__}")
        if not proved and deadline.expired():
            return Proof(status="unknown", method="timeout", reason="time budget exhausted")
        if not proved:
            return Proof(status="unknown", method=method,
                         reason="no counterexample found, but SymPy could not prove it")
    method = "case split" if len(regions) > 1 or any(regions) else method
    return Proof(status="proved", method=method, reason="proved symbolically")
