r"""What one step toward zero earns: the epsilon step, the worked example, the pull near zero."""

from __future__ import annotations

from types import MappingProxyType

import sympy

from symreg import symbols
from symreg.analysis import crossover, measure, step_decrease
from symreg.catalogue._common import statement, tex
from symreg.derivation import Derivation, Step
from symreg.penalties import L1, L2

__all__ = ["QUOTED_RATIOS", "WORKED_EXAMPLE", "epsilon_step", "near_zero", "worked_example"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def epsilon_step(title: str) -> Derivation:
    """The decrease earned by one step of size eps toward zero, and where L1 and L2 earn as much.

    >>> epsilon_step("One step").steps[0].rhs
    eps*lam
    """
    l1, l2 = L1(), L2()
    cross = crossover(l1, l2, "step")
    (root,) = cross.points.args[0][0].args
    return Derivation(
        name="epsilon-step",
        title=title,
        statement=statement(
            "Moving a weight $w \\ge \\varepsilon$ by $\\varepsilon$ toward zero lowers "
            "${0}$ by ${1}$ and ${2}$ by ${3}$. The two decreases are equal at "
            "$w = {4}$ (a point with $w \\ge \\varepsilon$ exactly when "
            "$\\varepsilon \\le 1$), which tends to ${5}$, the gradient "
            "crossover, as $\\varepsilon \\to 0$.",
            l1.expr, measure(l1, "step"), l2.expr, sympy.factor(measure(l2, "step")), root,
            sympy.limit(root, eps, 0, "+")),
        steps=(
            Step(step_decrease(l1, w, eps), measure(l1, "step"), where=w >= eps,
                 reason=r"L1: the absolute value drops by exactly $\varepsilon$"),
            Step(step_decrease(l2, w, eps), sympy.factor(measure(l2, "step")),
                 where=w >= eps, reason="L2: difference of squares"),
            *(s for s in cross.derivation.steps if s.relation == "solve"),
            Step(sympy.Limit(root, eps, 0, "+"), crossover(l1, l2, "gradient").points.args[0],
                 reason="small steps recover the gradient crossover"),
        ),
        conventions=(l1.convention, l2.convention),
    )



#: The worked example: two weights, one large and one small, and one small step.
WORKED_EXAMPLE: MappingProxyType[str, sympy.Rational] = MappingProxyType({
    "large": sympy.Rational(15),
    "small": sympy.Rational(2, 100),
    "eps": sympy.Rational(1, 1000),
})

#: Rounded ratios as they are commonly quoted for that example ("about 28 times"
#: for the large weight, "about 24 times" for the small one). They are inputs to
#: be checked, not results: the catalogue proves how far each is from the truth.
QUOTED_RATIOS: MappingProxyType[str, sympy.Integer] = MappingProxyType({
    "large": sympy.Integer(28),
    "small": sympy.Integer(24),
})


def worked_example(title: str) -> Derivation:
    """The worked example, exactly: a large and a small weight, one small step.

    >>> worked_example("Example").steps[0].rhs
    1/1000
    """
    l1, l2 = L1(strength=1), L2(strength=1)
    big, small, size = (WORKED_EXAMPLE[k] for k in ("large", "small", "eps"))
    d1_big, d2_big = step_decrease(l1, big, size), step_decrease(l2, big, size)
    d1_small, d2_small = step_decrease(l1, small, size), step_decrease(l2, small, size)
    ratio_big, ratio_small = d2_big / d1_big, d1_small / d2_small
    q_big, q_small = QUOTED_RATIOS["large"], QUOTED_RATIOS["small"]
    steps = (
        Step(_written_out(l1, big, size), d1_big, reason=f"L1 at $w = {tex(big)}$"),
        Step(_written_out(l2, big, size), d2_big, reason=f"L2 at $w = {tex(big)}$"),
        Step(_written_out(l1, small, size), d1_small, reason=f"L1 at $w = {tex(small)}$"),
        Step(_written_out(l2, small, size), d2_small, reason=f"L2 at $w = {tex(small)}$"),
        Step(ratio_big, q_big, relation="gt",
             reason=f"a ratio quoted as {q_big} is too small"),
        Step(ratio_small, q_small, relation="gt",
             reason=f"a ratio quoted as {q_small} is too small"),
        Step(_ratio(_written_out(l2, big, size), _written_out(l1, big, size)), ratio_big,
             reason="L2 earns this many times more at the large weight"),
        Step(_ratio(_written_out(l1, small, size), _written_out(l2, small, size)), ratio_small,
             reason="L1 earns this many times more at the small weight"),
    )
    return Derivation(
        name="worked-example",
        title=title,
        statement=statement(
            "With unit strength and $\\varepsilon = {0}$, a step toward zero from "
            "$w = {1}$ lowers L1 by ${2}$ and L2 by ${3}$ (ratio ${4} = {5}$), while from "
            "$w = {6}$ it lowers L1 by ${7}$ and L2 by ${8}$ (ratio ${9} \\approx {10}$).",
            size, big, d1_big, d2_big, ratio_big, sympy.Float(ratio_big, 5), small,
            d1_small, d2_small, ratio_small, sympy.Float(ratio_small, 4)),
        steps=steps,
        conventions=(l1.convention, l2.convention),
        remarks=(
            f"The decreases themselves are exact decimals: ${tex(sympy.Float(d2_big, 5))}$ "
            f"and ${tex(sympy.Float(d2_small, 2))}$ for L2. Ratios quoted as about "
            f"${tex(q_big)}$ and about ${tex(q_small)}$ understate both exact values, "
            f"${tex(sympy.Eq(ratio_big, sympy.Float(ratio_big, 5), evaluate=False))}$ and "
            f"${tex(sympy.Eq(ratio_small, sympy.Float(ratio_small, 4), evaluate=False))}$; "
            "the qualitative conclusion is unchanged.",
        ),
    )


def _written_out(penalty: L1 | L2, at: sympy.Expr, size: sympy.Expr) -> sympy.Expr:
    """``P(at) - P(at - size)`` with the arithmetic left undone, for display."""
    expr = penalty.expr
    with sympy.evaluate(False):
        return expr.xreplace({w: at}) - expr.xreplace({w: at - size})


def _ratio(top: sympy.Expr, bottom: sympy.Expr) -> sympy.Expr:
    return sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)


def near_zero(title: str) -> Derivation:
    """The decrease per unit of step near zero: L2 stops pushing, L1 does not.

    >>> near_zero("Near zero").result
    lam
    """
    l1, l2 = L1(), L2()
    per_step_l1 = measure(l1, "step") / eps
    per_step_l2 = sympy.expand(measure(l2, "step") / eps)
    slope = sympy.limit(per_step_l2, eps, 0)
    return Derivation(
        name="near-zero",
        title=title,
        statement=statement(
            "Per unit of step, L1 always earns ${0}$, whatever the weight. L2 earns "
            "${1}$, which tends to ${2}$ for small steps and vanishes with the weight: "
            "there is nothing left to gain by moving a small weight to exactly zero.",
            per_step_l1, per_step_l2, slope),
        steps=(
            Step(step_decrease(l1, w, eps) / eps, per_step_l1, where=w >= eps,
                 reason="L1 decrease per unit step"),
            Step(step_decrease(l2, w, eps) / eps, per_step_l2, where=w >= eps,
                 reason="L2 decrease per unit step"),
            Step(sympy.Limit(per_step_l2, eps, 0, "+"), slope, reason="small steps"),
            Step(sympy.Limit(slope, w, 0, "+"), 0, reason="and small weights"),
            Step(sympy.Limit(per_step_l1, w, 0, "+"), lam, reason="L1 keeps its full pull"),
        ),
        conventions=(l1.convention, l2.convention),
    )
