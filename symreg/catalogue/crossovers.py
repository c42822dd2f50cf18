r"""Where L1 and L2 meet: the subdifferential at the kink, the value and gradient crossovers."""

from __future__ import annotations

import sympy

from symreg import symbols
from symreg.analysis import crossover, dominance, measure
from symreg.catalogue._common import solved_last, statement, tex, written_at
from symreg.derivation import Derivation, Step
from symreg.penalties import L1, L2, Penalty

__all__ = ["gradient_crossover", "subdifferential", "value_crossover"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def subdifferential(title: str) -> Derivation:
    """The subdifferential of L1 at its kink, and the gradients of both L2 penalties.

    >>> subdifferential("Subdifferential").result
    Interval(-lam, lam)
    """
    l1, l2, l2h = L1(), L2(), L2(half=True)
    left, right = l1.one_sided_derivatives(0)
    g = symbols.g
    steps = (
        Step(sympy.Derivative(l2.expr, w), l2.derivative(), reason="power rule"),
        Step(sympy.Derivative(l2h.expr, w), l2h.derivative(), reason="power rule"),
        Step(sympy.Derivative(l1.expr, w), l1.derivative(), where=sympy.Ne(w, 0),
             reason="derivative away from the kink"),
        Step(sympy.Limit(l1.derivative(), w, 0, "-"), left, reason="left derivative at 0"),
        Step(sympy.Limit(l1.derivative(), w, 0, "+"), right, reason="right derivative at 0"),
        Step(l1.expr, g * w, relation="ge", where=(g >= left) & (g <= right),
             reason="every $g$ between them is a subgradient: $g w$ stays below"),
        Step(l1.subdifferential(), sympy.Piecewise(
            (sympy.FiniteSet(left), w < 0), (sympy.Interval(left, right), sympy.Eq(w, 0)),
            (sympy.FiniteSet(right), True)),
             reason="the whole set-valued map"),
        Step(sympy.Interval(sympy.Limit(l1.derivative(), w, 0, "-"),
                            sympy.Limit(l1.derivative(), w, 0, "+")),
             l1.subdifferential(at=0),
             reason="so the subdifferential at $0$ is the interval between them"),
    )
    return Derivation(
        name="subdifferential",
        title=title,
        statement=statement(
            "The penalty ${0}$ has no derivative at $w = 0$; its subdifferential there is "
            "${1}$, and ${2}$ elsewhere. The L2 penalties ${3}$ and ${4}$ have the "
            "gradients ${5}$ and ${6}$.",
            l1.expr, l1.subdifferential(at=0), l1.derivative(), l2.expr, l2h.expr,
            l2.derivative(), l2h.derivative()),
        steps=steps,
        conventions=(l1.convention, l2.convention, l2h.convention),
    )


def value_crossover(title: str) -> Derivation:
    """Where L1 and L2 are equal, and which is larger on each side.

    >>> value_crossover("Values").result
    {1}
    """
    result = dominance(L1(), L2(), "value")
    half = crossover(L1(), L2(half=True), "value")
    return Derivation(
        name="value-crossover",
        title=title,
        statement=statement(
            "For $w > 0$, ${0} = {1}$ exactly at $w \\in {2}$; L1 is the larger "
            "penalty on ${3}$ and L2 on ${4}$. Under the convention ${5}$ the "
            "crossing moves to $w \\in {6}$.",
            L1().expr, L2().expr, result.equal, result.first, result.second,
            L2(half=True).expr, half.points),
        steps=(*_even(L1(), L2(), L2(half=True)), *half.derivation.steps,
               *solved_last(result.derivation.steps)),
        conventions=result.conventions,
        remarks=(
            f"Both penalties are even, so the same holds for ${tex(w < 0)}$ with "
            f"${tex(sympy.Abs(w))}$ in place of ${tex(w)}$.",
        ),
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

    >>> gradient_crossover("Gradients").conventions[2].expr
    lam*w**2/2
    """
    full = dominance(L1(), L2(), "gradient")
    half = dominance(L1(), L2(half=True), "gradient")
    return Derivation(
        name="gradient-crossover",
        title=title,
        statement=statement(
            "For $w > 0$ the gradient magnitudes ${0}$ and ${1}$ are equal at "
            "$w \\in {2}$, while ${0}$ and ${3}$ are equal at $w \\in {4}$: the crossover "
            "depends on the convention. Below it the L1 gradient is the larger pull "
            "toward zero.",
            measure(L1(), "gradient"), measure(L2(), "gradient"), full.equal,
            measure(L2(half=True), "gradient"), half.equal),
        steps=(*half.derivation.steps, *solved_last(full.derivation.steps)),
        conventions=(L1().convention, L2().convention, L2(half=True).convention),
    )
