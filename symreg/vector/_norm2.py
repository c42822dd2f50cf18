r"""The norm-2 penalty ``lam * ||w||_2`` (group lasso) and its block soft thresholding.

The prox is derived from the optimality condition ``0 in u - z + step * lam *
d||u||_2``. For ``u != 0`` the gradient is ``u / ||u||_2``: each coordinate of
the condition is solved for ``u_i`` with ``||u||_2`` held fixed, taking norms
gives one equation for ``||u||_2``, solved on the positive half-line; it has
one solution when ``||z||_2 > step * lam`` and none otherwise. For ``u = 0``
the subdifferential is the ball of radius ``lam``, so ``u = 0`` is optimal
exactly when ``||z||_2 <= step * lam``. Both branches are then checked against
the optimality condition and shown to cover every ``z``.
"""

from __future__ import annotations

from typing import Any

import sympy

from symreg import printing, symbols
from symreg._memo import results_memo
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import UnsupportedError
from symreg.vector._base import (
    VectorPenalty,
    require_derivable,
    require_dim,
    require_point,
    verified,
)
from symreg.vector._separable import written_sum

__all__ = ["Norm2"]

HALF = sympy.Rational(1, 2)


class Norm2(VectorPenalty):
    """The penalty ``strength * ||w||_2``, the group-lasso penalty of one group.

    >>> Norm2(dim=2).expr
    lam*sqrt(w_1**2 + w_2**2)
    >>> Norm2(dim=2, strength=0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: strength must be positive (> 0), got 0
    """

    __slots__ = ("dim", "strength")
    name = "Norm2"
    dim: int
    strength: sympy.Expr

    def __init__(self, *, dim: int, strength: Any = symbols.lam) -> None:
        self._set(dim=require_dim(dim), strength=require_positive(strength, "strength"))

    def _key(self) -> tuple[Any, ...]:
        return (self.dim, self.strength)

    def __repr__(self) -> str:
        return f"Norm2(dim={self.dim}, strength={self.strength})"

    @property
    def expr(self) -> sympy.Expr:
        return self.strength * _norm(self.variables)

    @property
    def convention(self) -> Convention:
        return Convention(label="norm-2 penalty", expr=symbols.lam * _norm(self.variables))

    @property
    def convex(self) -> bool:
        """A norm is convex."""
        return True

    def prox_derivation(self, *, step: Any = symbols.eta) -> Derivation:
        """The verified derivation of block soft thresholding.

        >>> d = Norm2(dim=2).prox_derivation()
        >>> d.verified, d.steps[0].relation, d.steps[0].variable
        (True, 'solve', u_1)
        """
        require_derivable(self)
        return _norm2_derivation(self, require_positive(step, "step"))[0]

    def _prox_entries(self, step: Any) -> list[sympy.Expr]:
        return list(_norm2_derivation(self, require_positive(step, "step"))[1])

    def prox(self, *, step: Any = symbols.eta) -> sympy.Matrix:
        """Block soft thresholding ``max(1 - step*lam/||z||_2, 0) * z``, 0 inside the ball.

        >>> from symreg.symbols import eta
        >>> Norm2(dim=2).prox(step=eta)[0]
        Piecewise((z_1*(-eta*lam/sqrt(z_1**2 + z_2**2) + 1),
                   eta*lam < sqrt(z_1**2 + z_2**2)), (0, True))
        """
        return super().prox(step=step)

    def subdifferential(self, *, at: Any) -> sympy.Basic:
        """``{lam * a / ||a||_2}`` at ``a != 0``; the ball of radius ``lam`` at 0.

        >>> from symreg.symbols import lam
        >>> Norm2(dim=2).subdifferential(at=(3, -4))
        {(3*lam/5, -4*lam/5)}
        >>> ball = Norm2(dim=2, strength=1).subdifferential(at=(0, 0))
        >>> (sympy.Rational(3, 5), sympy.Rational(4, 5)) in ball, (1, 1) in ball
        (True, False)
        """
        point = require_point(at, self.dim, "at")
        g = symbols.coordinates("g", self.dim)
        ball = sympy.ConditionSet(sympy.Tuple(*g), sympy.Add(*[gi**2 for gi in g])
                                  <= self.strength**2,
                                  sympy.ProductSet(*[sympy.S.Reals] * self.dim))
        at_zero = sympy.And(*[sympy.Eq(a, 0) for a in point])
        if at_zero is sympy.true:
            return ball
        length = _norm(point)
        gradient = sympy.FiniteSet(sympy.Tuple(*[self.strength * a / length for a in point]))
        if at_zero is sympy.false:
            return gradient
        return sympy.Piecewise((ball, at_zero), (gradient, True))


def _norm(coords: tuple[sympy.Expr, ...]) -> sympy.Expr:
    return sympy.sqrt(sympy.Add(*[c**2 for c in coords]))


@results_memo(64)
def _norm2_derivation(penalty: Norm2,
                      step: sympy.Expr) -> tuple[Derivation, tuple[sympy.Expr, ...]]:
    threshold = step * penalty.strength
    us, zs = symbols.coordinates("u", penalty.dim), penalty.prox_inputs
    nu, rho = symbols.norm_u, symbols.norm_z
    steps: list[Step] = []
    # Coordinate i enters the steps below only through u_i and z_i, so each per-coordinate
    # step is proved for coordinate 1; the others are the same claims with another index.
    u1, z1 = us[0], zs[0]

    def each(expr: sympy.Expr) -> list[sympy.Expr]:
        return [expr.xreplace({u1: ui, z1: zi}) for ui, zi in zip(us, zs, strict=True)]

    u, z, i = symbols.u, symbols.z, symbols.i
    u_i = sympy.IndexedBase(u)[i]
    words = printing.words
    every = "" if penalty.dim == 1 else words(" (shown for {}; every coordinate alike)",
                                              sympy.Eq(i, 1))
    condition = sympy.Eq(u1 - z1 + threshold * u1 / nu, 0)
    found = sympy.solve(condition, u1)
    if len(found) != 1:  # pragma: no cover - a linear equation in u_1
        raise UnsupportedError(f"cannot solve {condition} for u_1")
    solved = each(found[0])
    steps.append(Step(condition, sympy.FiniteSet(found[0]), relation="solve", variable=u1,
                      reason=words("for {}, coordinate {} of ${} - {} + {} {} / {} = 0$, "
                                   "solved for {}{}", sympy.Ne(u, 0), i, u, z, threshold, u,
                                   nu, u_i, every)))
    # Norms are taken in two steps, a squared norm (an identity in the coordinates) and a
    # square root in the norm of z alone, so that no step needs a case split over R^d.
    squares = sympy.Add(*[zi**2 for zi in zs])
    square = sympy.factor_terms(sympy.Add(*[s**2 for s in solved]))
    steps.append(Step(written_sum([sympy.Pow(s, 2, evaluate=False) for s in solved]), square,
                      reason="the squared norm of that solution"))
    radial_square = square.subs(squares, rho**2)
    length = sympy.sqrt(radial_square)
    steps.append(Step(sympy.Pow(radial_square, HALF, evaluate=False), length,
                      reason=words("its norm, with {} for the norm of {}", rho, z)))
    radial = sympy.Eq(nu, length)
    roots = [r for r in sympy.solve(radial, nu) if r.is_positive is not False]
    if len(roots) != 1:  # pragma: no cover - the equation is linear after cancelling nu
        raise UnsupportedError(f"cannot solve {radial} for the norm of u")
    root = roots[0]
    # The solution is positive exactly beyond one radius (it increases with the norm of z).
    radii = sympy.solve(root, rho)
    if len(radii) != 1 or not sympy.diff(root, rho).is_positive:  # pragma: no cover
        raise UnsupportedError(f"cannot tell where {root} is positive")
    outside, inside = rho > radii[0], rho <= radii[0]
    half_line = sympy.Interval.open(0, sympy.oo)
    steps += [
        Step(radial, sympy.FiniteSet(root), relation="solve", variable=nu, domain=half_line,
             where=outside, reason=words("with {} outside the ball, the norm of {} is solved "
                                         "for: one positive solution", rho, u)),
        Step(radial, sympy.S.EmptySet, relation="solve", variable=nu, domain=half_line,
             where=inside, reason=words("inside the ball there is no {}", sympy.Ne(u, 0))),
    ]
    value = found[0].xreplace({nu: root})
    scale = sympy.expand(sympy.cancel(value / z1))
    steps.append(Step(value, scale * z1, where=outside,
                      reason=words("coordinate {}, with that norm{}", i, every)))
    candidate = each(scale * z1)
    candidate_square = sympy.factor_terms(sympy.Add(*[c**2 for c in candidate]))
    steps.append(Step(written_sum([sympy.Pow(c, 2, evaluate=False) for c in candidate]),
                      candidate_square, where=outside,
                      reason="check: the candidate's squared norm"))
    radial_square = candidate_square.subs(squares, rho**2)
    # The scale is positive outside the ball (the step below proves it), so the norm is
    # the norm of z times the scale.
    candidate_norm = sympy.expand(rho * scale)
    steps.append(Step(sympy.Pow(radial_square, HALF, evaluate=False), candidate_norm,
                      where=outside, reason="its norm, positive outside the ball"))
    steps.append(Step(candidate[0] - z1 + threshold * candidate[0] / candidate_norm, 0,
                      where=outside, reason=words("check: the candidate satisfies coordinate {} "
                                                  "of the optimality condition{}", i, every)))
    steps.append(Step(rho / step, penalty.strength, relation="le", where=inside, reason=words(
        "inside the ball, {} over the step lies in the ball of radius the strength, the "
        "subdifferential at 0: {} satisfies the optimality condition", z, sympy.Eq(u, 0))))
    cases = sympy.Piecewise((candidate[0], outside), (sympy.S.Zero, inside), evaluate=False)
    together = sympy.Piecewise((candidate[0], outside), (sympy.S.Zero, True))
    steps.append(Step(cases, together,
                      reason=words("the two cases cover every {}; together{}", z, every)))
    # Rename first: the norm of z contains z_1 too.
    entries = [e.xreplace({rho: _norm(zs)}) for e in each(together)]
    derivation = verified(Derivation(
        name=f"prox-norm2-{penalty.dim}",
        title=f"Proximal operator of Norm2 in dimension {penalty.dim}: block soft thresholding",
        steps=tuple(steps),
        prose=words(
            r"The proximal operator minimises $\frac{1}{2}\lVert {} - {}\rVert_2^2 + {}\,{}$; "
            r"it is found from the optimality condition $0 \in {} - {} + {}\,\partial\lVert "
            r"{}\rVert_2$, with the gradient ${} / \lVert {}\rVert_2$ for ${} \ne 0$ and the "
            r"unit ball at ${} = 0$. The result is $\max(1 - {} / \lVert {}\rVert_2, 0)\,{}$, "
            r"exactly 0 on the ball $\lVert {}\rVert_2 \le {}$.",
            u, z, step, penalty.expr, u, z, threshold, u, u, u, u, u, threshold, z, z, z,
            threshold),
        conventions=(penalty.convention,),
    ), penalty)
    return derivation, tuple(entries)
