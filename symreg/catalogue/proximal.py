r"""Proximal steps and repeated steps: soft thresholding and shrinkage, exact zeros, regimes."""

from __future__ import annotations

import sympy

from symreg import symbols
from symreg.catalogue._common import facts, quoted, written_at
from symreg.derivation import Chain, Derivation, Step, calc
from symreg.dynamics import descent, soft_threshold
from symreg.penalties import L1, L2, Penalty
from symreg.printing import words

__all__ = ["proximal_steps", "repeated_steps"]

w, lam, eps, eta, z, u = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z, symbols.u
k, w0 = symbols.k, symbols.w0


def _objective(penalty: Penalty, at: sympy.Expr) -> sympy.Expr:
    """The proximal objective ``(at - z)**2/2 + eta*P(at)``, written at ``at``."""
    return sympy.Add(sympy.Pow(sympy.Add(at, -z, evaluate=False), 2, evaluate=False) / 2,
                     eta * written_at(penalty.expr, {w: at}), evaluate=False)


def _excess(penalty: Penalty, best: sympy.Expr, curvature: sympy.Expr) -> sympy.Expr:
    """``F(u) - F(best) - curvature/2 * (u - best)**2``: the objective's gain past the bound."""
    return sympy.Add(_objective(penalty, u), sympy.Mul(-1, _objective(penalty, best),
                                                       evaluate=False),
                     -curvature * sympy.Pow(sympy.Add(u, -best, evaluate=False), 2,
                                            evaluate=False) / 2, evaluate=False)


def _optimal(penalty: Penalty, best: sympy.Expr, curvature: sympy.Expr, middle: sympy.Expr,
             why: str, region: sympy.Basic | None) -> Chain:
    """``F(u) - F(best) - c/2 (u - best)^2 = middle >= 0`` on ``region``."""
    return calc(_excess(penalty, best, curvature),
                ("=", middle, "expand the squares"), (">=", 0, why), where=region)


def proximal_steps(title: str) -> Derivation:
    r"""The proximal steps of L1 and L2 as the unique minimisers of the proximal objective.

    For each range of ``z`` the claim is ``F(u) - F(u*) - (u - u*)**2/2 >= 0``
    for every ``u``, with ``F(u) = (u - z)**2/2 + eta*P(u)``: ``u*`` minimises
    ``F`` and any other ``u`` does strictly worse (uniqueness).

    >>> proximal_steps("Prox").results["l1"]
    sign(z)*Max(0, -eta*lam + Abs(z))
    """
    l1, l2, l2h = L1(), L2(), L2(half=True)
    t = eta * lam
    soft = soft_threshold(z, t)
    dead = (z >= -t) & (z <= t)
    shrink, shrink_half = l2.prox(step=eta), l2h.prox(step=eta)
    proof: tuple[Step | Chain, ...] = (
        _optimal(l1, z - t, sympy.S.One, t * (sympy.Abs(u) - u),
                 words(r"${} \ge {}$", sympy.Abs(u), u), z > t),
        _optimal(l1, sympy.S.Zero, sympy.S.One, t * sympy.Abs(u) - u * z,
                 words(r"${} \le {} \le {}$", u * z, sympy.Abs(u) * sympy.Abs(z),
                       t * sympy.Abs(u)), dead),
        _optimal(l1, z + t, sympy.S.One, t * (sympy.Abs(u) + u),
                 words(r"${} \ge {}$", sympy.Abs(u), -u), z < -t),
        calc(_excess(l2, shrink, 2 * t + 1), ("=", 0, "expand the squares")),
        calc(_excess(l2h, shrink_half, t + 1), ("=", 0, "expand the squares")),
        Step(soft, 0, where=dead, reason="exact zeros on the dead zone"),
        Step(soft, 0, relation="gt", where=z > t, reason="and nowhere else: positive above it"),
        Step(soft, 0, relation="lt", where=z < -t, reason="negative below it"),
        Step(written_at(shrink, {z: sympy.S.Zero}), 0,
             reason=words("shrinkage is $0$ at {}", sympy.Eq(z, 0))),
        Step(sympy.Abs(shrink), 0, relation="gt", where=sympy.Ne(z, 0),
             reason="and nowhere else"),
        Step(l1.prox(step=eta), soft, reason="the three cases, written as soft thresholding"),
    )
    return Derivation(
        name="prox",
        title=title,
        prose=words("The proximal step of a penalty P with step size {} minimises the "
                    "objective F below; for each range of {} the claim shows that the given "
                    "point minimises it, with every other point strictly worse.", eta, z),
        steps=proof,
        claim=facts(proof),
        results={"l1": soft, "l2": shrink, "l2-half": shrink_half,
                 "l1-threshold": t},
        conventions=(l1.convention, l2.convention, l2h.convention),
    )


def repeated_steps(title: str) -> Derivation:
    r"""Repeated steps: the regimes of L2 gradient steps, exact zeros of L1 proximal steps.

    >>> repeated_steps("Descent").results["l2-gradient-factor"]
    -2*eta*lam + 1
    """
    t = eta * lam
    half = sympy.Rational(1, 2)
    factor = 1 - 2 * t
    gradient = descent(L2(), method="gradient")
    l2_iterate = gradient.iterate
    # Proximal steps on L1: the closed form found by solving the recurrence, and the
    # steps that prove it by induction (soft thresholding from w_k gives w_{k+1}).
    proximal = descent(L1(), method="proximal")
    induction = quoted(proximal.derivation, proximal.induction)
    step = sympy.Derivative(L2().expr, w)
    proof: tuple[Step | Chain, ...] = (
        Step(w - eta * step, factor * w, reason=words("the gradient step on {}", L2().expr)),
        Step(written_at(l2_iterate, {k: k + 1}), factor * l2_iterate,
             reason="the closed form satisfies the recurrence"),
        Step(written_at(l2_iterate, {k: sympy.S.Zero}), w0,
             reason=words("and starts at {}", w0)),
        calc(factor, ("<", 1, words("{}", sympy.StrictGreaterThan(t, 0, evaluate=False)))),
        calc(factor, (">", 0, "monotone decay"), where=t < half),
        calc(factor, ("=", 0, "one step to $0$"), where=sympy.Eq(t, half)),
        calc(factor, ("<", 0, "oscillating"), where=t > half),
        calc(factor, (">", -1, "oscillating decay"), where=t < 1),
        calc(factor, ("=", -1, "constant magnitude"), where=sympy.Eq(t, 1)),
        calc(factor, ("<", -1, "divergence"), where=t > 1),
        *induction,
        *_subgradient_steps(),
    )
    return Derivation(
        name="descent",
        title=title,
        prose=("Gradient steps on the L2 penalty alone, with the regimes of the product "
               "of step size and strength; proximal steps on the L1 penalty alone, by "
               "induction on the number of steps, and when they first reach zero; plain "
               "subgradient steps on the L1 penalty, which reach zero only from special "
               "starting points and otherwise end up oscillating around it."),
        steps=proof,
        claim=facts(proof),
        results={"l2-gradient-iterate": l2_iterate, "l2-gradient-factor": factor,
                 "l1-proximal-iterate": proximal.iterate,
                 "l1-proximal-hitting-time": proximal.zero_after,
                 "l1-subgradient-step": w - t * sympy.sign(w)},
        conventions=(L1().convention, L2().convention),
    )


def _subgradient_steps() -> tuple[Step, ...]:
    """Plain subgradient steps ``w -> w - eta*lam*sign(w)`` on L1 alone.

    While the weight stays positive each step removes ``eta*lam``; from inside
    ``(0, eta*lam)`` a step overshoots 0 and the next one comes back: the
    iterates oscillate with period two. Exactly 0 is reached only from a point
    ``eta*lam`` away from it.
    """
    t = eta * lam
    step = w - t * sympy.sign(w)
    inside = (w > 0) & (w < t)
    return (
        Step(step, w - t, where=w > 0, reason="while positive, each step removes the same amount"),
        Step(step, 0, relation="lt", where=inside, reason="from inside the band it overshoots"),
        Step(written_at(step, {w: step}), w, where=inside,
             reason="and the next step comes back: period two"),
        Step(written_at(step, {w: t}), 0, reason=words("$0$ is reached from {}", t)),
    )
