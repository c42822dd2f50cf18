"""Sums of vector penalties over disjoint groups of coordinates (the group lasso)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy

from symreg import printing, symbols
from symreg._memo import results_memo
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError
from symreg.vector._base import (
    VectorPenalty,
    membership,
    require_derivable,
    require_dim,
    require_point,
    verified,
)
from symreg.vector._norm2 import Norm2
from symreg.vector._separable import written_sum

__all__ = ["GroupSum", "group_lasso"]

HALF = sympy.Rational(1, 2)
Group = tuple[int, ...]


class GroupSum(VectorPenalty):
    """``sum_g P_g(w_g)`` over disjoint groups ``g`` of the coordinates 1..dim.

    Each part is a pair (group, penalty): the group a tuple of 1-based
    coordinates, the penalty a vector penalty of that many coordinates (its
    ``w_1, w_2, ...`` are the group's coordinates in the order given). A
    coordinate in no group is not penalised.

    >>> GroupSum([((1, 3), Norm2(dim=2))], dim=3).expr
    lam*sqrt(w_1**2 + w_3**2)
    >>> GroupSum([((1, 2), Norm2(dim=2)), ((2, 3), Norm2(dim=2))], dim=3)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: coordinate 2 is in the groups (1, 2) and (2, 3); ...
    """

    __slots__ = ("dim", "parts")
    name = "GroupSum"
    dim: int
    parts: tuple[tuple[Group, VectorPenalty], ...]

    def __init__(self, parts: Sequence[tuple[Sequence[int], VectorPenalty]], *,
                 dim: int) -> None:
        dim = require_dim(dim)
        self._set(dim=dim, parts=_require_parts(parts, dim))

    def _key(self) -> tuple[Any, ...]:
        return (self.dim, self.parts)

    def __repr__(self) -> str:
        shown = ", ".join(f"({group!r}, {penalty!r})" for group, penalty in self.parts)
        return f"GroupSum([{shown}], dim={self.dim})"

    def _relabel(self, name: str, group: Group) -> dict[sympy.Symbol, sympy.Symbol]:
        local = symbols.coordinates(name, len(group))
        full = symbols.coordinates(name, self.dim)
        return {a: full[j - 1] for a, j in zip(local, group, strict=True)}

    @property
    def expr(self) -> sympy.Expr:
        return sympy.Add(*[penalty.expr.xreplace(self._relabel("w", group))
                           for group, penalty in self.parts])

    @property
    def convention(self) -> Convention:
        return Convention(label="sum over groups", expr=sympy.Add(*[
            penalty.convention.expr.xreplace(self._relabel("w", group))
            for group, penalty in self.parts]))

    @property
    def convex(self) -> bool:
        """Convex when every group's penalty is."""
        return all(getattr(penalty, "convex", False) for _, penalty in self.parts)

    @property
    def free(self) -> tuple[int, ...]:
        """The coordinates in no group (not penalised)."""
        taken = {j for group, _ in self.parts for j in group}
        return tuple(j for j in range(1, self.dim + 1) if j not in taken)

    def block_derivations(self, *, step: Any = symbols.eta) -> tuple[Derivation, ...]:
        """The verified derivations of the groups' proxes, in the groups' own coordinates."""
        step = require_positive(step, "step")
        return tuple(penalty.prox_derivation(step=step) for _, penalty in self.parts)

    def prox_derivation(self, *, step: Any = symbols.eta) -> Derivation:
        """The block separability lemma, verified (each group's prox by its own derivation).

        >>> d = group_lasso([(1, 2), (3,)], dim=3).prox_derivation()
        >>> d.verified, d.steps[0].reason
        (True, 'the objective is a sum of one term per group')
        """
        require_derivable(self)
        return _group_derivation(self, require_positive(step, "step"))

    def _prox_entries(self, step: Any) -> list[sympy.Expr]:
        entries: list[sympy.Expr] = list(self.prox_inputs)
        for group, penalty in self.parts:
            relabel = self._relabel("z", group)
            block = penalty.prox(step=step)
            for position, j in enumerate(group):
                entries[j - 1] = block[position].xreplace(relabel)
        return entries

    def subdifferential(self, *, at: Any) -> sympy.Basic:
        """The product of the groups' subdifferentials (``{0}`` on free coordinates).

        >>> s = group_lasso([(1, 2)], dim=3, strength=1).subdifferential(at=(0, 0, 5))
        >>> (sympy.Rational(1, 2), sympy.Rational(-1, 2), 0) in s, (1, 1, 0) in s
        (True, False)
        """
        point = require_point(at, self.dim, "at")
        g = symbols.coordinates("g", self.dim)
        conditions = [sympy.Eq(g[j - 1], 0) for j in self.free]
        for group, penalty in self.parts:
            local = penalty.subdifferential(at=[point[j - 1] for j in group])
            conditions.append(membership(local, tuple(g[j - 1] for j in group)))
        return sympy.ConditionSet(sympy.Tuple(*g), sympy.And(*conditions),
                                  sympy.ProductSet(*[sympy.S.Reals] * self.dim))


def group_lasso(groups: Sequence[Sequence[int]], *, dim: int,
                strength: Any = symbols.lam) -> GroupSum:
    """The group lasso ``strength * sum_g ||w_g||_2`` over disjoint groups.

    >>> group_lasso([(1, 2), (3,)], dim=3).expr
    lam*sqrt(w_1**2 + w_2**2) + lam*Abs(w_3)
    """
    given: Any = groups
    if isinstance(given, (str, bytes)) or not isinstance(given, Sequence):
        raise InvalidParameterError(f"groups must be a sequence of groups, got {given!r}")
    parts = []
    for group in given:
        size = len(group) if isinstance(group, Sequence) and not isinstance(
            group, (str, bytes)) else 0
        parts.append((group, Norm2(dim=size, strength=strength) if size else None))
    return GroupSum(parts, dim=dim)  # type: ignore[arg-type]


def _require_parts(parts: Any, dim: int) -> tuple[tuple[Group, VectorPenalty], ...]:
    if isinstance(parts, (str, bytes)) or not isinstance(parts, Sequence) or not parts:
        raise InvalidParameterError(
            f"parts must be a non-empty sequence of (group, penalty) pairs, got {parts!r}")
    owner: dict[int, Group] = {}
    checked = []
    for part in parts:
        if not (isinstance(part, Sequence) and len(part) == 2):
            raise InvalidParameterError(f"each part must be a (group, penalty) pair, got {part!r}")
        group = _require_group(part[0], dim)
        penalty = part[1]
        for j in group:
            if j in owner:
                raise InvalidParameterError(
                    f"coordinate {j} is in the groups {owner[j]} and {group}; "
                    "groups must be disjoint")
            owner[j] = group
        if not isinstance(penalty, VectorPenalty):
            raise InvalidParameterError(
                f"the penalty of the group {group} must be a vector penalty, "
                f"got {type(penalty).__name__}")
        if penalty.dim != len(group):
            raise InvalidParameterError(
                f"the group {group} has {len(group)} coordinates but its penalty "
                f"{penalty!r} has dim {penalty.dim}")
        checked.append((group, penalty))
    return tuple(checked)


def _require_group(value: Any, dim: int) -> Group:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise InvalidParameterError(
            f"a group must be a non-empty tuple of coordinates, got {value!r}")
    group = tuple(value)
    for j in group:
        if isinstance(j, bool) or not isinstance(j, int) or not 1 <= j <= dim:
            raise InvalidParameterError(
                f"the group {group} has the coordinate {j!r}; coordinates are the "
                f"integers 1..{dim} (1-based)")
    if len(set(group)) != len(group):
        raise InvalidParameterError(f"the group {group} repeats a coordinate")
    return group


@results_memo(64)
def _group_derivation(penalty: GroupSum, step: sympy.Expr) -> Derivation:
    blocks = penalty.block_derivations(step=step)
    us, zs = symbols.coordinates("u", penalty.dim), penalty.prox_inputs
    entries = penalty._prox_entries(step)

    def phi(group: Group, block: VectorPenalty, at: dict[sympy.Symbol, sympy.Expr]
            ) -> sympy.Expr:
        local = block.expr.xreplace(penalty._relabel("w", group)).xreplace(
            {w: u for w, u in zip(symbols.coordinates("w", penalty.dim), us, strict=True)})
        fit = sympy.Add(*[(us[j - 1] - zs[j - 1]) ** 2 for j in group])
        return (HALF * fit + step * local).xreplace(at)

    terms = [phi(group, block, {}) for group, block in penalty.parts]
    terms += [HALF * (us[j - 1] - zs[j - 1]) ** 2 for j in penalty.free]
    objective = sympy.Add(
        sympy.Mul(HALF, written_sum([(ui - zi) ** 2 for ui, zi in zip(us, zs, strict=True)]),
                  evaluate=False),
        sympy.Mul(step, written_sum([
            block.expr.xreplace(penalty._relabel("w", group)).xreplace(
                dict(zip(symbols.coordinates("w", penalty.dim), us, strict=True)))
            for group, block in penalty.parts]), evaluate=False),
        evaluate=False)
    steps = [Step(objective, written_sum(terms),
                  reason="the objective is a sum of one term per group")]
    for j in penalty.free:
        uj, zj = us[j - 1], zs[j - 1]
        steps.append(Step(sympy.Eq(uj - zj, 0), sympy.FiniteSet(entries[j - 1]),
                          relation="solve", variable=uj,
                          reason=f"coordinate {j} is in no group: its term is least at"))
    names = ", ".join(f"'{b.name}'" for b in blocks)
    return verified(Derivation(
        name=f"prox-groupsum-{penalty.dim}",
        title=f"Proximal operator of a sum over {len(penalty.parts)} groups, group by group",
        steps=tuple(steps),
        prose=printing.words(
            r"The proximal operator minimises $\frac{1}{2}\lVert {} - {}\rVert_2^2 + "
            r"{}\,\sum_g P_g({}_g)$ over disjoint groups $g$. The "
            "objective is a sum of one term per group, each in its own coordinates, so "
            "it is minimised by minimising each term: the proximal operator acts group by "
            "group, with each group's own proximal operator (each term is 1-strongly "
            "convex, so each minimiser, and the whole one, is unique).",
            symbols.u, symbols.z, step, symbols.u),
        conventions=(penalty.convention,),
        remarks=(f"The groups' proximal operators are the verified derivations {names}.",),
    ), penalty)
