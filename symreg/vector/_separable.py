r"""Separable penalties ``sum_i P(w_i)``: the prox acts coordinate by coordinate.

The separability lemma is a verified derivation, not an assumption: the prox
objective splits into one term per coordinate (an identity), the scalar prox
of :mod:`symreg.prox` minimises its own term with quadratic growth
(``phi(u) - phi(p) >= (u - p)**2 / 2``, proved by case split), and the gap of
the whole objective is the sum of the coordinate gaps (an identity). The last
step, ``Phi(u) - Phi(p) - ||u - p||**2 / 2 >= 0``, is proved by the prover's
rule of adding inequalities (:mod:`symreg.proof._termwise`): the gap splits
into one part per coordinate, each the scalar gap with its coordinate's
variables, proved once. So the vector of scalar proxes is the one minimiser.
"""

from __future__ import annotations

from typing import Any

import sympy

from symreg import symbols
from symreg._memo import results_memo
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Chain, Derivation, Step
from symreg.errors import InvalidParameterError
from symreg.penalties import L1, L2, ElasticNet, Penalty
from symreg.prox import prox, prox_derivation
from symreg.vector._base import (
    VectorPenalty,
    membership,
    require_derivable,
    require_dim,
    require_point,
    verified,
)

__all__ = ["Norm1", "Separable", "SquaredNorm2", "VectorElasticNet"]

HALF = sympy.Rational(1, 2)


class Separable(VectorPenalty):
    """One scalar penalty summed over the coordinates, ``sum_i P(w_i)``.

    >>> from symreg import L1
    >>> Separable(L1(), dim=2).expr
    lam*Abs(w_1) + lam*Abs(w_2)
    >>> Separable(3, dim=2)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: penalty must be a scalar Penalty, got int
    """

    __slots__ = ("dim", "penalty")
    name = "Separable"
    penalty: Penalty
    dim: int

    def __init__(self, penalty: Penalty, *, dim: int) -> None:
        if not isinstance(penalty, Penalty):
            raise InvalidParameterError(
                f"penalty must be a scalar Penalty, got {type(penalty).__name__}")
        self._set(penalty=penalty, dim=require_dim(dim))

    def _key(self) -> tuple[Any, ...]:
        return (self.penalty, self.dim)

    def __repr__(self) -> str:
        return f"Separable({self.penalty!r}, dim={self.dim})"

    def _term(self, var: sympy.Symbol) -> sympy.Expr:
        return self.penalty.expr.xreplace({symbols.w: var})

    @property
    def expr(self) -> sympy.Expr:
        return sympy.Add(*[self._term(v) for v in self.variables])

    @property
    def convention(self) -> Convention:
        written = self.penalty.convention.expr
        return Convention(label=f"{self.penalty.convention.label}, summed over coordinates",
                          expr=sympy.Add(*[written.xreplace({symbols.w: v})
                                           for v in self.variables]))

    @property
    def convex(self) -> bool:
        """Whether the penalty is convex (exactly when its scalar penalty is)."""
        return self.penalty.convex

    def prox_derivation(self, *, step: Any = symbols.eta) -> Derivation:
        """The separability lemma for this penalty, verified.

        >>> from symreg.symbols import eta
        >>> d = Norm1(dim=2).prox_derivation(step=eta)
        >>> d.verified, d.steps[0].reason
        (True, 'the objective is a sum of one term per coordinate')
        """
        require_derivable(self)
        return _separable_derivation(self, require_positive(step, "step"))

    def _prox_entries(self, step: Any) -> list[sympy.Expr]:
        scalar = prox(self.penalty, require_positive(step, "step"))
        return [scalar.xreplace({symbols.z: zi}) for zi in self.prox_inputs]

    def prox(self, *, step: Any = symbols.eta) -> sympy.Matrix:
        """The prox, coordinate by coordinate: the scalar prox at each ``z_i``.

        >>> from symreg.symbols import eta
        >>> Norm1(dim=2).prox(step=eta)
        Matrix([
        [Piecewise((-eta*lam + z_1, z_1 > eta*lam), (eta*lam + z_1, z_1 < -eta*lam), (0, True))],
        [Piecewise((-eta*lam + z_2, z_2 > eta*lam), (eta*lam + z_2, z_2 < -eta*lam), (0, True))]])
        """
        return super().prox(step=step)

    def subdifferential(self, *, at: Any) -> sympy.Basic:
        """The product of the coordinates' subdifferentials at ``at``.

        A ``ProductSet`` when every coordinate's is a set; a ``ConditionSet``
        when a symbolic coordinate may sit on a kink.

        >>> from symreg.symbols import lam
        >>> Norm1(dim=2).subdifferential(at=(0, -3))
        ProductSet(Interval(-lam, lam), {-lam})
        >>> (0, -lam) in Norm1(dim=2).subdifferential(at=(0, -3))
        True
        """
        point = require_point(at, self.dim, "at")
        parts = [self.penalty.subdifferential(at=a) for a in point]
        if all(isinstance(s, sympy.Set) for s in parts):
            return sympy.ProductSet(*parts)
        g = symbols.coordinates("g", self.dim)
        return sympy.ConditionSet(
            sympy.Tuple(*g), sympy.And(*[membership(s, (gi,)) for s, gi in zip(parts, g,
                                                                             strict=True)]),
            sympy.ProductSet(*[sympy.S.Reals] * self.dim))


class Norm1(Separable):
    """The penalty ``strength * ||w||_1``, the sum of ``strength * |w_i|``.

    >>> Norm1(dim=3).expr
    lam*Abs(w_1) + lam*Abs(w_2) + lam*Abs(w_3)
    >>> Norm1(dim=0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: dim must be a positive integer, got 0
    """

    __slots__ = ()
    name = "Norm1"

    def __init__(self, *, dim: int, strength: Any = symbols.lam) -> None:
        super().__init__(L1(strength), dim=dim)

    def __repr__(self) -> str:
        return f"Norm1(dim={self.dim}, strength={self.penalty.strength})"  # type: ignore[attr-defined]

    @property
    def convention(self) -> Convention:
        return Convention(label="norm-1 penalty",
                          expr=symbols.lam * sympy.Add(*[sympy.Abs(v) for v in self.variables]))


class SquaredNorm2(Separable):
    """The penalty ``strength * ||w||_2**2`` (``strength/2 * ||w||_2**2`` with ``half=True``).

    >>> SquaredNorm2(dim=2, half=True).expr
    lam*w_1**2/2 + lam*w_2**2/2
    """

    __slots__ = ()
    name = "SquaredNorm2"

    def __init__(self, *, dim: int, strength: Any = symbols.lam, half: bool = False) -> None:
        super().__init__(L2(strength, half=half), dim=dim)

    def __repr__(self) -> str:
        scalar = self.penalty
        return (f"SquaredNorm2(dim={self.dim}, strength={scalar.strength}, "  # type: ignore[attr-defined]
                f"half={scalar.half})")  # type: ignore[attr-defined]

    @property
    def convention(self) -> Convention:
        factor = HALF if self.penalty.half else sympy.S.One  # type: ignore[attr-defined]
        return Convention(label="squared norm-2 penalty",
                          expr=factor * symbols.lam * sympy.Add(*[v**2 for v in self.variables]))


class VectorElasticNet(Separable):
    """The elastic net ``l1 * ||w||_1 + l2 * ||w||_2**2`` (``l2/2`` with ``half=True``).

    >>> VectorElasticNet(dim=2, l1=1, l2=3).expr
    3*w_1**2 + 3*w_2**2 + Abs(w_1) + Abs(w_2)
    """

    __slots__ = ()
    name = "VectorElasticNet"

    def __init__(self, *, dim: int, l1: Any = symbols.lam1, l2: Any = symbols.lam2,
                 half: bool = False) -> None:
        super().__init__(ElasticNet(l1=l1, l2=l2, half=half), dim=dim)

    def __repr__(self) -> str:
        scalar = self.penalty
        return (f"VectorElasticNet(dim={self.dim}, l1={scalar.l1}, "  # type: ignore[attr-defined]
                f"l2={scalar.l2}, half={scalar.half})")  # type: ignore[attr-defined]

    @property
    def convention(self) -> Convention:
        factor = HALF if self.penalty.half else sympy.S.One  # type: ignore[attr-defined]
        return Convention(label="elastic net penalty on a vector", expr=sympy.Add(
            symbols.lam1 * sympy.Add(*[sympy.Abs(v) for v in self.variables]),
            factor * symbols.lam2 * sympy.Add(*[v**2 for v in self.variables])))


def written_sum(terms: list[sympy.Expr]) -> sympy.Expr:
    """A sum kept as written (one term is itself)."""
    return terms[0] if len(terms) == 1 else sympy.Add(*terms, evaluate=False)


@results_memo(64)
def _separable_derivation(penalty: Separable, step: sympy.Expr) -> Derivation:
    scalar_derivation = prox_derivation(penalty.penalty, step)
    p = scalar_derivation.results["prox"]
    u, z = symbols.u, symbols.z
    us, zs = symbols.coordinates("u", penalty.dim), penalty.prox_inputs

    def phi(v: sympy.Expr, t: sympy.Expr) -> sympy.Expr:
        return HALF * (v - t) ** 2 + step * penalty.penalty.expr.xreplace({symbols.w: v})

    def gap(v: sympy.Symbol, t: sympy.Symbol) -> sympy.Expr:
        at = p.xreplace({z: t})
        return sympy.Add(phi(v, t), -phi(at, t), -HALF * (v - at) ** 2, evaluate=False)

    objective = sympy.Add(
        sympy.Mul(HALF, written_sum([(ui - zi) ** 2 for ui, zi in zip(us, zs, strict=True)]),
                  evaluate=False),
        sympy.Mul(step, written_sum([penalty._term(ui) for ui in us]), evaluate=False),
        evaluate=False)
    separated = written_sum([phi(ui, zi) for ui, zi in zip(us, zs, strict=True)])
    gaps = written_sum([gap(ui, zi) for ui, zi in zip(us, zs, strict=True)])
    whole = sympy.Add(*[phi(ui, zi) for ui, zi in zip(us, zs, strict=True)])
    at_prox = whole.xreplace({ui: p.xreplace({z: zi}) for ui, zi in zip(us, zs, strict=True)})
    distance = sympy.Add(*[(ui - p.xreplace({z: zi})) ** 2 for ui, zi in zip(us, zs,
                                                                             strict=True)])
    total_gap = sympy.Add(whole, -at_prox, -HALF * distance, evaluate=False)
    split = Step(objective, separated, reason="the objective is a sum of one term per coordinate")
    lemma = Step(sympy.Add(phi(u, z), -phi(p, z), evaluate=False), HALF * (u - p) ** 2,
                 relation="ge", reason="the scalar prox minimises one term, with quadratic growth")
    steps = (split, *scalar_derivation.steps, lemma)
    if penalty.dim > 1:  # one coordinate: the gap is its own, nothing to add up
        lemma = Step(total_gap, 0, relation="ge",
                     reason="adding the coordinates' inequalities, one per coordinate")
        steps += (Step(total_gap, gaps,
                       reason="the gap of the objective is the sum of the coordinates' gaps"),
                  lemma)
    # the theorem: the objective splits by coordinates, and the vector of scalar proxes
    # minimises it with quadratic growth
    claim = [Chain((split,)).fact, Chain((lemma,)).fact]
    return verified(Derivation(
        name=f"prox-{penalty.name.lower()}-{penalty.dim}",
        title=f"Proximal operator of {penalty.name} in dimension {penalty.dim}, "
              "coordinate by coordinate",
        steps=steps,
        claim=claim,
        prose=(
            "The proximal operator minimises half the squared distance to the input plus "
            "the step times the penalty summed over the coordinates. The objective splits "
            "into one term per coordinate; the scalar proximal operator, derived in the "
            "middle steps for one coordinate, minimises its own term with quadratic growth; "
            "the gap of the whole objective is the sum of the coordinates' gaps, and adding "
            "their inequalities shows that the vector of scalar proximal values is the only "
            "minimiser: the proximal operator acts coordinate by coordinate."
        ),
        conventions=(penalty.convention,),
    ), penalty)
