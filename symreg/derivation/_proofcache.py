"""Verified links remembered on disk: a step proved once is not proved again by a later run.

A link's entry is keyed by its exact content (see :func:`step_key`): both
sides, the relation, the region (the derivation's hypotheses included), the
unknown and domain of a ``solve`` link, and the assumptions of every free
symbol, each written with ``sympy.srepr``; :class:`symreg._cache.Store` adds
the versions of symreg and SymPy and the fingerprint of the prover's code.
A part of the claim that follows from a chain is kept the same way
(:func:`follows`), keyed by the part, its region, the hypotheses and the facts
the chains establish. Only ``proved`` is stored: a refuted link stops the build anyway, and a link
left undecided (a time budget that ran out) must be tried again.

>>> import sympy
>>> from symreg.derivation import Step
>>> from symreg.symbols import w
>>> key = step_key(Step(sympy.Abs(w) * 2, 2 * w, reason="w >= 0", where=w >= 0))
>>> key[0], key[3]
('eq', "Mul(Integer(2), Abs(Symbol('w', real=True)))")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import sympy
from sympy.logic.boolalg import Boolean

from symreg import _cache
from symreg.derivation import _shared
from symreg.derivation._claim import Conjunct
from symreg.derivation._step import _OUTCOMES, Step
from symreg.proof import Proof

if TYPE_CHECKING:
    from symreg.derivation._derivation import Derivation

__all__ = ["counts", "follows", "remember", "remember_goal", "step_key", "taken", "vouch"]

_HERE = Path(__file__).resolve().parent
# The code that decides a link: the prover and the step's own check.
_CODE = (*sorted(str(p) for p in (_HERE.parent / "proof").glob("*.py")),
         str(_HERE / "_step.py"))
_STORE = _cache.Store("steps", code=_CODE)
# A part of a claim that follows from a chain: decided by the claim module and the prover.
_GOALS = _cache.Store("goals", code=(*_CODE, str(_HERE / "_claim.py")))

def counts() -> dict[str, int]:
    """How many links ``verify()`` proved in this process, and how many it took from the cache.

    Kept in the cache's counters (``symreg._cache.stats().events``), where the
    command line reads them.

    >>> sorted(counts())
    ['cached', 'proved']
    """
    events = _cache.stats()
    return {"proved": events.events_of("steps proved"), "cached": events.events_of("steps taken")}


# srepr of the objects keyed lately, by identity (the object is kept, so its id is not
# reused): a goal's key writes every fact of the derivation, for each of its goals.
_WRITTEN: dict[int, tuple[object, str]] = {}
_WRITTEN_LIMIT = 4096


def _srepr(obj: object) -> str:
    if obj is None:
        return "None"
    found = _WRITTEN.get(id(obj))
    if found is not None and found[0] is obj:
        return found[1]
    text: str = sympy.srepr(obj)
    if len(_WRITTEN) >= _WRITTEN_LIMIT:
        _WRITTEN.clear()
    _WRITTEN[id(obj)] = (obj, text)
    return text


def _assumptions(*parts: object) -> str:
    """Every free symbol of ``parts`` with the assumptions it carries, sorted by name."""
    found: set[sympy.Symbol] = set()
    for part in parts:
        if isinstance(part, sympy.Basic):
            found |= part.free_symbols
    rows = []
    for symbol in sorted(found, key=lambda s: (s.name, sympy.srepr(s))):
        facts = sorted((k, v) for k, v in symbol.assumptions0.items())
        rows.append(f"{sympy.srepr(symbol)}:{facts}")
    return ";".join(rows)


def step_key(step: Step) -> tuple[str, ...]:
    """The exact content of a link, as strings: what its cache entry is keyed by."""
    return (step.relation, _srepr(step.where), _srepr(step.variable), _srepr(step.lhs),
            _srepr(step.rhs), _srepr(step.domain),
            _assumptions(step.lhs, step.rhs, step.where, step.variable, step.domain))


def taken(step: Step, *, counted: bool = True) -> Proof | None:
    """The ``proved`` outcome of an identical link proved by an earlier run, or None.

    ``counted``: whether a link found is counted as taken (not when only looked up).
    """
    if not _cache.enabled():  # no key is written for a cache that is off
        return None
    content = _STORE.get(step_key(step))
    if not isinstance(content, dict) or content.get("status") != "proved":
        return None
    if counted:
        _cache.stats().note("steps taken")
    return Proof(status="proved", method=str(content.get("method", "")),
                 reason=str(content.get("reason", "")))


def remember(step: Step, outcome: Proof) -> None:
    """Store ``outcome`` for ``step`` when it is ``proved`` (nothing else is stored)."""
    if outcome.status != "proved":
        return
    _cache.stats().note("steps proved")
    if not _cache.enabled():
        return
    _STORE.put(step_key(step), {"status": "proved", "method": outcome.method,
                                "reason": outcome.reason})


def vouch(derivation: Derivation) -> None:
    """Record every link of ``derivation``, which is verified, as decided in this process.

    For a derivation verified in a worker process and recorded as verified
    here (a proximal operator's): a derivation that quotes its links (the
    elastic net's prox in the Lp family, the conventions table) then does not
    prove them again, also with the cache off. Each link is recorded as
    ``verify()`` checks it, under the derivation's hypotheses, in the memo of
    decided links (a link is a value: an equal link checked under other
    hypotheses is another link).

    A derivation whose verification waits for the end of a batch
    (:func:`symreg.derivation.verified_together`) has its links proved there,
    each once with the equal links of the derivations that quote it, before
    any of those is verified: there is nothing to record.

    Raises:
        ValueError: the derivation is not verified.
    """
    if not derivation.verified:
        if _shared.recorded(derivation):
            return
        raise ValueError(f"derivation {derivation.name!r} is not verified")
    for step in (s for chain in derivation.chains for s in chain.steps):
        _OUTCOMES.setdefault(_under(step, derivation.hypotheses), Proof(
            status="proved", method="verified with its derivation",
            reason=f"a link of the verified derivation {derivation.name!r}"))


def _under(step: Step, hypotheses: Boolean) -> Step:
    """``step`` with ``hypotheses`` joined to its region (as ``verify()`` checks it)."""
    if hypotheses is sympy.true:
        return step
    region = hypotheses if step.where is None else sympy.And(hypotheses, step.where)
    return dataclasses.replace(step, where=region)


def _goal_key(goal: Conjunct, facts: Sequence[Conjunct], hypotheses: Boolean) -> list[str]:
    statements = [goal.statement, *(f.statement for f in facts)]
    parts = [_srepr(goal.statement), _srepr(goal.region), _srepr(hypotheses)]
    parts += [f"{_srepr(f.statement)}|{_srepr(f.region)}" for f in facts]
    return [*parts, _assumptions(hypotheses, goal.region, *statements,
                                 *(f.region for f in facts))]


def follows(goal: Conjunct, facts: Sequence[Conjunct], hypotheses: Boolean) -> bool:
    """Whether an earlier run found that ``goal`` holds somewhere and follows from ``facts``."""
    if not _cache.enabled():
        return False
    content = _GOALS.get(_goal_key(goal, facts, hypotheses))
    return isinstance(content, dict) and content.get("status") == "follows"


def remember_goal(goal: Conjunct, facts: Sequence[Conjunct], hypotheses: Boolean) -> None:
    """Store that ``goal`` holds somewhere and follows from one of ``facts`` (nothing else)."""
    if not _cache.enabled():
        return
    _GOALS.put(_goal_key(goal, facts, hypotheses), {"status": "follows"})
