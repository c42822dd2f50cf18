r"""Where L1 and L2 meet: the subgradients at the kink, the value and gradient crossovers."""

from __future__ import annotations

import sympy

from symreg import symbols
from symreg.analysis import crossover, dominance
from symreg.catalogue._common import facts, solved_last, written_at
from symreg.derivation import Chain, Derivation, Step, calc, eq, ge, lt, member, when
from symreg.penalties import L1, L2, Penalty
from symreg.printing import words

__all__ = ["gradient_crossover", "subdifferential", "value_crossover"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def _gain(penalty: Penalty, at: sympy.Expr) -> sympy.Expr:
    """``P(at) - P(0)``, written out."""
    zero = sympy.S.Zero
    return sympy.Add(written_at(penalty.expr, {w: at}),
                     sympy.Mul(-1, written_at(penalty.expr, {w: zero}), evaluate=False),
                     evaluate=False)


def subdifferential(title: str) -> Derivation:
    r"""Subgradients of L1 at its kink from the definition, and the gradients of both L2 penalties.

    ``g`` is a subgradient of ``P`` at 0 when ``P(w) - P(0) >= g w`` for every
    ``w``; the claim shows this for every ``g`` in ``[-lam, lam]`` and refutes
    it, at ``w = 1`` or ``w = -1``, for every ``g`` outside.

    >>> subdifferential("Subdifferential").results["l1-at-zero"]
    Interval(-lam, lam)
    """
    l1, l2, l2h = L1(), L2(), L2(half=True)
    g = symbols.g
    inside = sympy.Interval(-lam, lam)
    region = (g >= -lam) & (g <= lam)
    grads = [(p, sympy.Derivative(p.expr, w), p.derivative()) for p in (l2, l2h)]
    l1_grad = sympy.Derivative(l1.expr, w)
    steps: tuple[Step | Chain, ...] = (
        *(Step(d, value, reason="power rule") for _, d, value in grads),
        Step(l1_grad, l1.derivative(), where=sympy.Ne(w, 0),
             reason=words("away from 0, the derivative of {} is its sign", sympy.Abs(w))),
        calc(_gain(l1, w),
             ("=", l1.expr, "$|0| = 0$"),
             (">=", sympy.Abs(g) * sympy.Abs(w), words(r"${} \le {}$", sympy.Abs(g), lam)),
             (">=", g * w, words(r"${} \le {}$", g * w, sympy.Abs(g) * sympy.Abs(w))),
             where=region),
        calc(_gain(l1, sympy.S.One), ("=", lam, "$|1| = 1$, $|0| = 0$"),
             ("<", g, words("{}", g > lam)), where=g > lam),
        calc(_gain(l1, -sympy.S.One), ("=", lam, "$|-1| = 1$, $|0| = 0$"),
             ("<", -g, words("{}", g < -lam)), where=g < -lam),
    )
    return Derivation(
        name="subdifferential",
        title=title,
        prose=words("The subgradients of the L1 penalty at its kink, from the definition "
                    "(the inequality for every weight, for {} in the interval; the inequality "
                    "failing at one weight, for {} outside it), and the gradients of both L2 "
                    "penalties.", g, g),
        steps=steps,
        claim=(
            *(eq(d, value) for _, d, value in grads),
            when(sympy.Ne(w, 0), eq(l1_grad, l1.derivative())),
            when(member(g, inside), ge(_gain(l1, w), g * w)),
            when(g > lam, lt(_gain(l1, sympy.S.One), g)),
            when(g < -lam, lt(_gain(l1, -sympy.S.One), -g)),
        ),
        results={"l1-at-zero": inside, "l1-gradient": l1.derivative(),
                 "l2-gradient": l2.derivative(), "l2-half-gradient": l2h.derivative()},
        conventions=(l1.convention, l2.convention, l2h.convention),
    )


def value_crossover(title: str) -> Derivation:
    """Where L1 and L2 are equal, and which is larger on each side.

    >>> value_crossover("Values").results["l2"]
    {1}
    """
    result = dominance(L1(), L2(), "value")
    half = crossover(L1(), L2(half=True), "value")
    even = _even(L1(), L2(), L2(half=True))
    proof: tuple[Step | Chain, ...] = (*even, *half.derivation.steps,
                                       *solved_last(result.derivation.steps))
    return Derivation(
        name="value-crossover",
        title=title,
        prose=("Both penalties are even, so positive weights tell the whole story; "
               "where their values meet, and which is larger on each side, under both "
               "conventions."),
        steps=proof,
        claim=facts(proof),
        results={"l2": result.equal, "l2-half": half.points},
        conventions=result.conventions,
    )


def _even(*penalties: Penalty) -> tuple[Step, ...]:
    """One step per penalty: ``P(-w) = P(w)``, so ``w > 0`` tells the whole story.

    The left side is written at ``-w`` with the arithmetic left undone.

    >>> [str(step.lhs) for step in _even(L1(), L2())]
    ['lam*Abs(-w)', 'lam*(-w)**2']
    """
    return tuple(Step(written_at(p.expr, {w: -w}), p.expr, reason=f"{p.name} is even")
                 for p in penalties)


def gradient_crossover(title: str) -> Derivation:
    """Where the gradient magnitudes of L1 and L2 are equal, under both L2 conventions.

    >>> gradient_crossover("Gradients").results["l2-half"]
    {1}
    """
    full = dominance(L1(), L2(), "gradient")
    half = dominance(L1(), L2(half=True), "gradient")
    proof: tuple[Step | Chain, ...] = (*half.derivation.steps, *solved_last(full.derivation.steps))
    return Derivation(
        name="gradient-crossover",
        title=title,
        prose=("For positive weights: the gradient magnitudes, where they meet under "
               "each convention, and which pull toward zero is larger on each side."),
        steps=proof,
        claim=facts(proof),
        results={"l2": full.equal, "l2-half": half.equal},
        conventions=(L1().convention, L2().convention, L2(half=True).convention),
    )
