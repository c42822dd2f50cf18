r"""Calc chains: links that each continue from the previous right side, as in Lean's ``calc``.

A chain ``a = b <= c < d`` is a tuple of steps in which every left side is
the previous right side. Its relation is composed from the links' relations:
``=`` keeps the other one, ``<=`` then ``<`` gives ``<``, and a chain that
mixes ``<=`` with ``>=`` proves nothing about its two ends and is refused.
Equalities may end in a membership (``z = 2 w \in [-1, 1]``); a ``solve``
link stands alone. The chain's region is the conjunction of its links'
regions: what it establishes is ``first lhs REL last rhs`` there.

>>> import sympy
>>> from symreg.symbols import w
>>> c = calc((w - 1) ** 2, ("=", w**2 - 2*w + 1, "expand"), (">=", 0, "a square"))
>>> c.relation, c.lhs, c.rhs
('ge', (w - 1)**2, 0)
>>> c.fact
(w - 1)**2 >= 0
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg.derivation._step import Step, StepRelation
from symreg.errors import InvalidParameterError

__all__ = ["LINK_RELATIONS", "Chain", "calc", "compose", "statement_of"]

#: How a link's relation may be written: the symbol or the step relation's name.
LINK_RELATIONS: dict[str, StepRelation] = {
    "=": "eq", "<=": "le", "<": "lt", ">=": "ge", ">": "gt", "in": "in",
    "eq": "eq", "le": "le", "lt": "lt", "ge": "ge", "gt": "gt", "solve": "solve",
}

_UP = {"le", "lt"}
_DOWN = {"ge", "gt"}


def compose(relations: Iterable[str]) -> StepRelation:
    """The relation of a chain whose links have ``relations``, in order.

    >>> compose(["eq", "le", "eq"]), compose(["le", "lt"]), compose(["eq", "in"])
    ('le', 'lt', 'in')
    >>> compose(["le", "ge"])
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: a chain cannot mix <= or < with >= or >: \
its two ends are not related
    """
    rels = list(relations)
    if not rels:
        raise InvalidParameterError("a chain needs at least one link")
    if "solve" in rels:
        if len(rels) > 1:
            raise InvalidParameterError("a 'solve' link stands alone in its chain")
        return "solve"
    if "in" in rels[:-1]:
        raise InvalidParameterError("only the last link of a chain may be a membership")
    if rels[-1] == "in":
        if any(r != "eq" for r in rels[:-1]):
            raise InvalidParameterError("a membership may only follow equalities")
        return "in"
    kinds = set(rels) - {"eq"}
    if kinds & _UP and kinds & _DOWN:
        raise InvalidParameterError(
            "a chain cannot mix <= or < with >= or >: its two ends are not related")
    if not kinds:
        return "eq"
    if kinds & _UP:
        return "lt" if "lt" in kinds else "le"
    return "gt" if "gt" in kinds else "ge"


def statement_of(relation: str, lhs: Any, rhs: Any, *, variable: Any = None,
                 domain: Any = None) -> Boolean:
    """``lhs REL rhs`` as an unevaluated SymPy statement (what a claim is made of).

    A ``solve`` relation reads: the solutions of the equation ``lhs`` in
    ``variable`` over ``domain`` form the set ``rhs``.

    >>> from symreg.symbols import lam, w
    >>> statement_of("le", lam, 2 * lam)
    lam <= 2*lam
    >>> statement_of("in", w, sympy.Interval(-1, 1))
    Contains(w, Interval(-1, 1))
    """
    if relation == "eq":
        return sympy.Eq(lhs, rhs, evaluate=False)
    if relation == "in":
        if isinstance(rhs, sympy.Set):
            return sympy.Contains(lhs, rhs, evaluate=False)
        # A set given case by case (a Piecewise of sets): SymPy's constructor wants a Set.
        return sympy.Basic.__new__(sympy.Contains, lhs, rhs)
    if relation == "solve":
        equation = lhs if isinstance(lhs, Boolean) else sympy.Eq(lhs, 0, evaluate=False)
        region = domain if domain is not None else sympy.S.Reals
        return sympy.Eq(sympy.ConditionSet(variable, equation, region), rhs, evaluate=False)
    build = {"le": sympy.Le, "lt": sympy.Lt, "ge": sympy.Ge, "gt": sympy.Gt}[relation]
    return build(lhs, rhs, evaluate=False)


@dataclass(frozen=True, slots=True)
class Chain:
    """Links ``lhs REL1 r1 REL2 r2 ...``: each step's left side is the previous right side.

    Build one with :func:`calc`; a lone :class:`Step` is a chain of one link.

    Raises:
        InvalidParameterError: no links, a link that does not continue from
            the previous right side, or relations that do not compose.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> Chain((Step(w, w + 1, reason="a", relation="lt"), Step(w, w, reason="b")))
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: link 2 of a chain must start from the previous \
right side w + 1, got w
    """

    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        steps = tuple(self.steps)
        object.__setattr__(self, "steps", steps)
        if not steps or not all(isinstance(s, Step) for s in steps):
            raise InvalidParameterError("a chain is a non-empty sequence of steps")
        for number, (before, after) in enumerate(itertools.pairwise(steps), start=2):
            if after.lhs != before.rhs:
                raise InvalidParameterError(
                    f"link {number} of a chain must start from the previous right side "
                    f"{before.rhs}, got {after.lhs}")
        compose(s.relation for s in steps)

    @property
    def relation(self) -> StepRelation:
        """The composed relation of the chain."""
        return compose(s.relation for s in self.steps)

    @property
    def lhs(self) -> Any:
        """The first left side."""
        return self.steps[0].lhs

    @property
    def rhs(self) -> Any:
        """The last right side."""
        return self.steps[-1].rhs

    @property
    def region(self) -> Boolean | None:
        """Where the chain holds: the conjunction of its links' regions (None: everywhere)."""
        regions = [s.where for s in self.steps
                   if s.where is not None and s.where is not sympy.true]
        return sympy.And(*regions) if regions else None

    @property
    def fact(self) -> Boolean:
        """What the chain establishes: ``lhs REL rhs``, implied by its region when it has one.

        >>> from symreg.symbols import w
        >>> calc(w**2, (">", 0, "a square"), where=w > 0).fact
        Implies(w > 0, w**2 > 0)
        """
        first = self.steps[0]
        rel = statement_of(self.relation, self.lhs, self.rhs, variable=first.variable,
                           domain=first.domain)
        region = self.region
        return rel if region is None else sympy.Implies(region, rel, evaluate=False)


def calc(start: Any, *links: tuple[Any, ...], where: Boolean | None = None) -> Chain:
    r"""A chain from ``start``; a link is ``(REL, rhs, reason)`` or ``(REL, rhs, reason, where)``.

    ``REL`` is ``"="``, ``"<="``, ``"<"``, ``">="``, ``">"`` or ``"in"`` (or a
    step relation's name). ``where`` is the region of every link (a link's own
    region is added to it).

    >>> import sympy
    >>> from symreg.symbols import w
    >>> c = calc(w**2 + 1, (">=", 1, "a square is non-negative"), (">", 0, "", None))
    >>> c.relation, [s.relation for s in c.steps]
    ('gt', ['ge', 'gt'])
    >>> calc(w, ("~", 1, "what"))
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: a link's relation must be one of ..., got '~'
    """
    steps: list[Step] = []
    left = start
    for link in links:
        if not isinstance(link, tuple) or len(link) not in (3, 4):
            raise InvalidParameterError(
                f"a link is (relation, right side, reason[, region]), got {link!r}")
        symbol, right, reason = link[:3]
        own = link[3] if len(link) == 4 else None
        if symbol not in LINK_RELATIONS or symbol == "solve":
            raise InvalidParameterError(
                "a link's relation must be one of =, <=, <, >=, >, in, got " + repr(symbol))
        regions = [r for r in (where, own) if r is not None]
        region = sympy.And(*regions) if regions else None
        step = Step(left, right, reason=reason, relation=LINK_RELATIONS[symbol], where=region)
        steps.append(step)
        left = step.rhs
    return Chain(tuple(steps))
