r"""Deciding one expression against another under the domain policy (runs in a worker).

The policy (:class:`Policy`) says what counts as a difference; what counts as a
proof is always the prover's (:func:`symreg.proof.prove`):

* **default**: two real expressions are equivalent when they agree wherever
  both are defined and real. Where a side is undefined is read from its form
  as written (:mod:`symreg._caveat`), and the verdict names it in its
  ``caveat``. Equality is proved on the region where both are defined (cut
  into intervals, each proved by the prover) and refuted only at a point of
  that region.
* **strict**: the prover's own semantics: a point where either side is
  undefined (or not real) is a difference.

With ``rtol``, two constants within that relative tolerance are equivalent
(decided exactly, not in floating point).

The cheapest decisions come first: exact algebra (:mod:`symreg._decide._exact`),
then a quick look at the first sample points (:mod:`symreg._decide._screen`),
then, where a side is undefined somewhere, the full screen of the points where
both are defined, and last the prover (which samples on its own).

>>> import sympy
>>> from symreg.symbols import w
>>> written = sympy.Mul(w, sympy.Pow(w, -1, evaluate=False), evaluate=False)
>>> v = decide_expression(written, sympy.Integer(1), Policy(), 5.0)
>>> v.status, v.caveat
('equivalent', 'equivalent where both are defined; the answer is undefined at w = 0')
>>> decide_expression(written, sympy.Integer(1), Policy(strict=True), 5.0).counterexample
((w, 0),)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy.logic.boolalg import Boolean

from symreg import symbols as _symbols
from symreg._caveat import Domain, domain_of, region
from symreg._decide._exact import evaluated, exact_method, within_tolerance
from symreg._decide._screen import (
    defined_somewhere,
    differs_at,
    inside,
    quick_difference,
    screen,
)
from symreg._verdict import Point, Verdict
from symreg.proof import Proof, find_difference, piecewise_normal, prove, value_at

__all__ = ["Frozen", "Policy", "decide_expression", "decide_membership", "evaluated", "freeze",
           "thaw"]


@dataclass(frozen=True, slots=True)
class Policy:
    """What counts as a difference (see the module docstring)."""

    strict: bool = False
    rtol: sympy.Rational | None = None
    hints: bool = True


#: A written form that survives pickling: SymPy rebuilds (and evaluates) a node when it
#: is unpickled, so a form crossing to a worker travels as ``(class, frozen args)``.
Frozen = Any


def freeze(obj: sympy.Basic) -> Frozen:
    """``obj`` as nested ``(class, args)`` pairs, for :func:`thaw` in another process.

    >>> from symreg.symbols import w
    >>> written = sympy.Mul(w, sympy.Pow(w, -1, evaluate=False), evaluate=False)
    >>> import pickle
    >>> pickle.loads(pickle.dumps(written)), thaw(pickle.loads(pickle.dumps(freeze(written))))
    (1, w/w)
    """
    if not isinstance(obj, sympy.Basic) or obj.is_Atom or not obj.args:
        return obj
    return (type(obj), tuple(freeze(arg) for arg in obj.args))


def thaw(frozen: Frozen) -> sympy.Basic:
    """The written form that :func:`freeze` froze, built again without evaluation."""
    if not isinstance(frozen, tuple):
        return frozen
    cls, frozen_args = frozen
    args = [thaw(arg) for arg in frozen_args]
    try:
        return cls(*args, evaluate=False)
    except TypeError:  # a constructor without the keyword (Interval, Tuple)
        return cls(*args)


def _remaining(deadline: float) -> float:
    return max(deadline - time.monotonic(), 1e-3)


def _value_at(obj: sympy.Basic, point: Point) -> sympy.Basic | None:
    """The exact value of ``obj`` at ``point``, for display (None if it cannot be had)."""
    try:
        val = obj.xreplace(dict(point))
        if isinstance(val, sympy.Basic) and not isinstance(val, sympy.Set):
            return val.doit()
        return val
    except Exception:  # a display nicety only
        return None


def _prove_eq(a: sympy.Basic, e: sympy.Basic, deadline: float, relation: Literal["eq", "in"],
              samples: int, where: Boolean | None = None) -> Proof:
    """:func:`prove`, then (if unknown) again in the plain Piecewise form."""
    proof = prove(a, e, relation=relation, where=where, timeout=_remaining(deadline),
                  samples=samples)
    if proof.status == "unknown" and time.monotonic() < deadline:
        na, ne = piecewise_normal(a), piecewise_normal(e)
        if na != a or ne != e:
            second = prove(na, ne, relation=relation, where=where,
                           timeout=_remaining(deadline), samples=samples)
            if second.status != "unknown":
                return Proof(status=second.status,
                             method=f"{second.method} (piecewise form)",
                             counterexample=second.counterexample, reason=second.reason)
    return proof


def convention_hint(a: sympy.Basic, e: sympy.Basic, deadline: float,
                    point: Point | None = None) -> str:
    """A hint when ``a`` matches ``e`` under the other L2 convention, else ``""``.

    ``point`` is a counterexample of ``a == e``, if known: a reading it also refutes
    is ruled out at once.
    """
    lam = _symbols.lam
    if not isinstance(e, sympy.Expr) or lam not in e.free_symbols:
        return ""
    found = differs_at(a, e, point) if point else None
    for factor, text in (
        (2, "the answer equals the expected result with lam replaced by 2*lam: it looks "
            "like the other L2 convention (lam*w**2 where lam/2*w**2 is expected)"),
        (sympy.Rational(1, 2), "the answer equals the expected result with lam replaced by "
                               "lam/2: it looks like the other L2 convention (lam/2*w**2 "
                               "where lam*w**2 is expected)"),
    ):
        if time.monotonic() >= deadline:
            return ""
        other = e.xreplace({lam: factor * lam})
        if found is not None and differs_at(a, other, found):
            continue  # the counterexample refutes this reading too (no search needed)
        if quick_difference(a, other, ())[0] is not None \
                or find_difference(a, other, deadline) is not None:
            continue
        if prove(a, other, timeout=_remaining(deadline), samples=12).status == "proved":
            return text
    return ""


def caveat_text(da: Domain, de: Domain) -> str:
    """Where each side is undefined, in words (empty when both are defined everywhere)."""
    parts = []
    if da.text:
        parts.append(f"the answer is undefined {da.text}")
    if de.text:
        parts.append(f"the expected answer is undefined {de.text}")
    return "; ".join(parts)


def decide_expression(a_written: sympy.Basic, e_written: sympy.Basic, policy: Policy,
                      timeout: float) -> Verdict:
    """Decide ``answer == expected`` for two expressions under ``policy``."""
    deadline = time.monotonic() + timeout
    a, e = evaluated(a_written), evaluated(e_written)
    da = domain_of(a_written, timeout)
    de = da if e_written == a_written else domain_of(e_written, timeout)
    caveat = caveat_text(da, de)
    base: dict[str, Any] = {"answer": a_written, "expected": e_written, "caveat": caveat}
    if policy.strict:
        for dom, who in ((da, "answer"), (de, "expected answer")):
            if dom.witness is not None:
                at = dict(dom.witness)
                values: dict[str, Any] = {"answer_value": value_at(a_written, at),
                                          "expected_value": value_at(e_written, at)}
                return Verdict(status="different", method="domain",
                               reason=f"strict: the {who} is undefined {dom.text}",
                               counterexample=dom.witness, **values, **base)
    if policy.rtol is not None and within_tolerance(a, e, policy.rtol):
        gap = sympy.N(a - e, 6) if isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr) \
            else 0
        return Verdict(status="equivalent", method="tolerance",
                       reason=f"equal within rtol = {policy.rtol}; they differ by about "
                              f"{gap}", **base)
    conds = [*da.conditions, *de.conditions]
    if not policy.strict or not conds:
        # Exact algebra first (symreg._decide._exact, polynomial arithmetic): it proves
        # equality wherever both are defined.
        method = exact_method(a_written, e_written, a, e)
        # not where both are defined nowhere (log(x) against log(-x)): that is no proof
        if method is not None and defined_somewhere((a, e), conds, deadline):
            return _from_proof(Proof(status="proved", method=method,
                                     reason="proved symbolically"), a, e, policy,
                               deadline, timeout, base, conds)
    expressions = isinstance(a, sympy.Expr) and isinstance(e, sympy.Expr)
    # The first points of the screen, which need no breakpoints.
    early, tried, looked = quick_difference(a, e, conds) if expressions else (None, 0, 0)
    if early is not None:
        return _different(*early, "exact sample", a, e, policy, deadline, base)
    if expressions and conds:
        found, more = screen(a, e, conds, deadline, skip=looked)
        tried += more
    else:  # the prover samples them itself
        found, tried = None, 1
    if found is not None:
        return _different(found[0], found[1], found[2], "exact sample", a, e, policy, deadline,
                          base)
    if conds and tried == 0:
        return Verdict(status="undecided", method="domain",
                       reason="no point where both are defined was found", **base)
    proof = _prove_eq(a, e, deadline, "eq", samples=60)
    if proof.status == "refuted" and conds and not inside(conds, proof.counterexample or ()):
        proof = _on_region(a, e, conds, deadline)
    return _from_proof(proof, a, e, policy, deadline, timeout, base, conds)


def _on_region(a: sympy.Basic, e: sympy.Basic, conds: list[Boolean], deadline: float) -> Proof:
    where = region(conds, _remaining(deadline))
    if where is None:
        return Proof(status="unknown", method="domain",
                     reason="could not prove it on the region where both are defined")
    proof = _prove_eq(a, e, deadline, "eq", samples=60, where=where)
    if proof.status == "refuted" and not inside(conds, proof.counterexample or ()):
        return Proof(status="unknown", method=proof.method, reason=proof.reason)
    return proof


def _different(point: Point, va: sympy.Basic | None, ve: sympy.Basic | None, method: str,
               a: sympy.Basic, e: sympy.Basic, policy: Policy, deadline: float,
               base: dict[str, Any]) -> Verdict:
    hint = convention_hint(a, e, deadline, point) if policy.hints else ""
    return Verdict(status="different", method=method, reason="a counterexample proves it",
                   counterexample=point, answer_value=va, expected_value=ve, hint=hint,
                   **base)


def _from_proof(proof: Proof, a: sympy.Basic, e: sympy.Basic, policy: Policy, deadline: float,
                timeout: float, base: dict[str, Any], conds: list[Boolean]) -> Verdict:
    if proof.status == "proved":
        caveat = str(base["caveat"])
        if caveat:
            base = {**base, "caveat": f"equivalent where both are defined; {caveat}"}
        return Verdict(status="equivalent", method=proof.method,
                       reason="proved symbolically", **base)
    if proof.status == "refuted":
        point = proof.counterexample or ()
        return _different(point, _value_at(a, point), _value_at(e, point), proof.method,
                          a, e, policy, deadline, base)
    reason = proof.reason or "no counterexample found, but SymPy could not prove it"
    if proof.method == "timeout" or "time budget" in reason or time.monotonic() >= deadline:
        return Verdict(status="undecided", method="timeout",
                       reason=f"time budget of {timeout:g} s exhausted", **base)
    return Verdict(status="undecided", method=proof.method, reason=reason, **base)


def decide_membership(a: sympy.Basic, e: sympy.Basic, timeout: float) -> Verdict:
    """Decide ``a in e`` (``e`` a set), for a subgradient check."""
    deadline = time.monotonic() + timeout
    proof = _prove_eq(a, e, deadline, "in", samples=60)
    if proof.status == "proved":
        return Verdict(status="equivalent", answer=a, expected=e, method=proof.method,
                       reason="proved symbolically", relation="in")
    if proof.status == "refuted":
        point = proof.counterexample or ()
        return Verdict(status="different", answer=a, expected=e, method=proof.method,
                       reason="a counterexample proves it", counterexample=point,
                       answer_value=_value_at(a, point), expected_value=_value_at(e, point),
                       relation="in")
    reason = proof.reason or "no counterexample found, but SymPy could not prove it"
    if proof.method == "timeout" or "time budget" in reason or time.monotonic() >= deadline:
        return Verdict(status="undecided", answer=a, expected=e, method="timeout",
                       reason=f"time budget of {timeout:g} s exhausted", relation="in")
    return Verdict(status="undecided", answer=a, expected=e, method=proof.method,
                   reason=reason, relation="in")
