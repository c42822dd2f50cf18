r"""Proximal operators, derived case by case from the optimality condition.

``prox(penalty, step)`` minimises ``1/2 (u - z)**2 + step * P(u)``: the
condition ``0 in u - z + step * dP(u)`` is solved separately for ``u > 0``,
``u < 0`` and ``u = 0``, every step is verified, and the cases are collapsed
into one formula when they agree. :meth:`symreg.penalties.Penalty.prox` and
:meth:`~symreg.penalties.Penalty.prox_derivation` are thin hooks onto this module.

The module sits below :mod:`symreg.penalties`: it needs only what
:class:`ProxPenalty` names (the expression, its derivative and subdifferential,
convexity, a name and a convention), so any object with those works.

>>> from symreg import L1, L2
>>> from symreg.symbols import eta
>>> prox(L1(), eta)
Piecewise((-eta*lam + z, z > eta*lam), (eta*lam + z, z < -eta*lam), (0, True))
>>> prox(L2(half=True), eta)
z/(eta*lam + 1)
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from typing import Any, Protocol, runtime_checkable

import sympy

from symreg import printing, symbols
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError, VerificationError
from symreg.proof import prove

__all__ = ["ProxPenalty", "prox", "prox_derivation"]

w, z = symbols.w, symbols.z


@runtime_checkable
class ProxPenalty(Hashable, Protocol):
    """What :func:`prox` needs from a penalty of one weight ``w`` (every penalty has it).

    It must be hashable (derivations are cached per penalty and step).

    >>> from symreg import L1
    >>> isinstance(L1(), ProxPenalty), isinstance(3, ProxPenalty)
    (True, False)
    """

    name: str

    @property
    def expr(self) -> sympy.Expr:
        """The penalty as an expression in ``w``."""

    @property
    def convention(self) -> Convention:
        """The convention the penalty is written in."""

    @property
    def convex(self) -> bool:
        """Whether the penalty is convex."""

    def derivative(self) -> sympy.Expr:
        """The derivative in ``w`` where it exists."""

    def subdifferential(self, *, at: Any = None) -> sympy.Set | sympy.Piecewise:
        """The subdifferential at ``at`` (the set-valued map for None)."""


def prox(penalty: ProxPenalty, step: Any = symbols.eta) -> sympy.Expr:
    """The proximal operator ``argmin_u 1/2 (u - z)**2 + step * P(u)`` as an expression in ``z``.

    >>> from symreg import ElasticNet
    >>> from symreg.symbols import eta
    >>> prox(ElasticNet(), eta)
    Piecewise(((-eta*lam_1 + z)/(2*eta*lam_2 + 1), z > eta*lam_1),
              ((eta*lam_1 + z)/(2*eta*lam_2 + 1), z < -eta*lam_1), (0, True))
    """
    return prox_derivation(penalty, step).results["prox"]


def prox_derivation(penalty: ProxPenalty, step: Any = symbols.eta) -> Derivation:
    """The verified derivation of :func:`prox` from the optimality condition.

    Raises:
        InvalidParameterError: ``penalty`` is not a penalty or ``step`` not positive.
        UnsupportedError: the penalty is not convex, or a case cannot be solved.

    >>> from symreg import L1
    >>> d = prox_derivation(L1())
    >>> d.verified, d.steps[0].reason
    (True, 'optimality condition, solved for positive $u$')
    """
    if not isinstance(penalty, ProxPenalty):
        raise InvalidParameterError(
            f"penalty must be a Penalty, got {type(penalty).__name__}")
    return _prox_derivation(penalty, require_positive(step, "step"))


@functools.lru_cache(maxsize=128)
def _prox_derivation(penalty: ProxPenalty, step: sympy.Expr) -> Derivation:
    if not penalty.convex:
        raise UnsupportedError(
            f"the prox of {penalty!r} is not supported: the penalty is not convex, so "
            "the optimality condition does not characterise the minimiser"
        )
    derivative = penalty.derivative()
    at_zero = penalty.subdifferential(at=0)
    low, high = (at_zero.inf, at_zero.sup)
    steps: list[Step] = []
    branches: list[tuple[sympy.Expr, sympy.Basic]] = []
    for sign, threshold in ((1, high), (-1, low)):
        branch, branch_steps = _prox_branch(derivative, step, sign, threshold)
        steps.extend(branch_steps)
        branches.append(branch)
    steps.append(Step(
        z, _scale_set(at_zero, step), relation="in",
        reason=r"$u = 0$ is optimal iff $z$ lies in the step times $\partial P(0)$",
        where=(z >= step * low) & (z <= step * high),
    ))
    prox = sympy.Piecewise(*branches, (sympy.S.Zero, True))
    cases = sympy.Piecewise(
        *branches, (sympy.S.Zero, (z >= step * low) & (z <= step * high)), evaluate=False)
    collapsed = _collapse(prox, branches)
    steps.append(Step(cases, collapsed, reason="the three cases cover every $z$; together"))
    derivation = Derivation(
        name=f"prox-{penalty.name.lower()}",
        title=(f"Proximal operator of {penalty.name} "
               f"(${printing.latex(penalty.convention.expr)}$)"),
        steps=tuple(steps),
        results={"prox": collapsed},
        prose=(
            "The proximal operator, found from the optimality condition case by case on "
            "the sign of the minimiser."
        ),
        conventions=(penalty.convention,),
    )
    try:
        return derivation.verify()
    except VerificationError as exc:
        raise UnsupportedError(
            f"the prox of {penalty!r} could not be verified: {exc}") from exc


def _prox_branch(derivative: sympy.Expr, step: sympy.Expr, sign: int,
                 threshold: sympy.Expr) -> tuple[tuple[sympy.Expr, sympy.Basic], list[Step]]:
    """Solve u - z + step * P'(u) = 0 for u of the given sign."""
    u = symbols.u
    side = "positive" if sign > 0 else "negative"
    t_u = sympy.Dummy("u", positive=True)
    t_z = sympy.Dummy("z", positive=True)
    condition = u - z + step * derivative.subs(w, u)
    # On the branch, u = sign * t_u and z = sign * t_z with t_u, t_z > 0.
    local = condition.subs({u: sign * t_u, z: sign * t_z})
    roots = [r for r in sympy.solve(local, t_u) if r.is_positive is not False]
    if len(roots) != 1:
        raise UnsupportedError(
            f"cannot solve the optimality condition {condition} = 0 for {side} u"
        )
    solution = sympy.simplify(sign * roots[0].subs(t_z, sign * z))
    region = z > step * threshold if sign > 0 else z < step * threshold
    half_line = sympy.Interval.open(0, sympy.oo) if sign > 0 else sympy.Interval.open(
        -sympy.oo, 0)
    steps = [
        Step(sympy.Eq(condition, 0), sympy.FiniteSet(solution), relation="solve",
             variable=u, domain=half_line, where=region,
             reason=f"optimality condition, solved for {side} $u$"),
        Step(solution, 0, relation="gt" if sign > 0 else "lt",
             reason=f"the solution is {side} exactly on this region", where=region),
    ]
    return (solution, region), steps


def _collapse(prox: sympy.Piecewise,
              branches: list[tuple[sympy.Expr, sympy.Basic]]) -> sympy.Expr:
    """Return one formula when every case agrees with it, else the Piecewise."""
    first = branches[0][0]
    if prove(prox, first).status == "proved":
        return first
    return prox


def _scale_set(value: sympy.Basic, factor: sympy.Expr) -> sympy.Basic:
    """Multiply every element of a set (or Piecewise of sets) by ``factor`` > 0."""
    if isinstance(value, sympy.Piecewise):
        return sympy.Piecewise(*[(_scale_set(v, factor), c) for v, c in value.args])
    if isinstance(value, sympy.Interval):
        return sympy.Interval(factor * value.left, factor * value.right,
                              value.left_open, value.right_open)
    if isinstance(value, sympy.FiniteSet):
        return sympy.FiniteSet(*[factor * e for e in value.args])
    raise UnsupportedError(f"cannot scale the set {value}")  # pragma: no cover
