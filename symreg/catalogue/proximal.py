r"""Proximal steps and repeated steps: soft thresholding and shrinkage, exact zeros and decay."""

from __future__ import annotations

import sympy

from symreg import symbols
from symreg.catalogue._common import statement
from symreg.derivation import Derivation, Step
from symreg.dynamics import descent
from symreg.penalties import L1, L2

__all__ = ["proximal_steps", "repeated_steps"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def proximal_steps(title: str) -> Derivation:
    """The proximal steps of L1 and L2: soft thresholding and shrinkage.

    >>> proximal_steps("Prox").result
    sign(z)*Max(0, -eta*lam + Abs(z))
    """
    l1, l2, l2h = L1(), L2(), L2(half=True)
    soft = l1.prox_derivation(step=eta)
    shrink, shrink_half = l2.prox(step=eta), l2h.prox(step=eta)
    return Derivation(
        name="prox",
        title=title,
        statement=statement(
            "The proximal step of ${0}$ is soft thresholding, ${1}$, which returns exactly "
            "0 whenever $|z| \\le {2}$. The proximal step of ${3}$ is the shrinkage ${4}$ "
            "(${5}$ under ${6}$), which is 0 only at $z = 0$.",
            l1.expr, sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0), eta * lam,
            l2.expr, shrink, shrink_half, l2h.expr),
        steps=(
            *l2.prox_derivation(step=eta).steps,
            *l2h.prox_derivation(step=eta).steps,
            Step(shrink, 0, where=sympy.Eq(z, 0), reason="shrinkage is zero at $z = 0$"),
            Step(sympy.Abs(shrink), 0, relation="gt", where=sympy.Ne(z, 0),
                 reason="and nowhere else"),
            *soft.steps,
            Step(soft.result, 0, where=(z >= -eta * lam) & (z <= eta * lam),
                 reason="exact zeros on the dead zone"),
            Step(soft.result, sympy.sign(z) * sympy.Max(sympy.Abs(z) - eta * lam, 0),
                 reason="the same map, written as soft thresholding"),
        ),
        conventions=(l1.convention, l2.convention, l2h.convention),
    )


def repeated_steps(title: str) -> Derivation:
    """Repeated steps on one penalty: exact zeros for L1, geometric decay for L2.

    >>> repeated_steps("Descent").steps[-1].rhs
    0
    """
    l1 = descent(L1(), method="proximal")
    l2 = descent(L2(), method="gradient")
    l2_prox = descent(L2(), method="proximal")
    return Derivation(
        name="descent",
        title=title,
        statement=statement(
            "Proximal steps on ${0}$ alone give $w_k = {1}$, which is exactly 0 after "
            "${2}$ steps. Gradient steps on ${3}$ alone give $w_k = {4}$ and proximal "
            "steps $w_k = {5}$: geometric decay that never reaches 0 from $w_0 \\ne 0$ "
            "(unless the factor is exactly 0).",
            L1().expr, l1.iterate, l1.zero_after, L2().expr, l2.iterate, l2_prox.iterate),
        steps=(*l2.derivation.steps, *l2_prox.derivation.steps, *l1.derivation.steps,
               Step(l1.iterate.subs({symbols.w0: eta * lam * (symbols.k + symbols.theta),
                                     symbols.k: symbols.k + 1}, simultaneous=True),
                    0, where=symbols.theta <= 1,
                    reason="the closed form agrees: exactly $0$ after $k + 1$ steps")),
        conventions=(l1.convention, l2.convention),
        remarks=(*l2.derivation.remarks, *l2_prox.derivation.remarks),
    )
