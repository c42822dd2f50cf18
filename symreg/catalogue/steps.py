r"""What one step toward zero earns: the epsilon step, the worked example, the pull near zero."""

from __future__ import annotations

from types import MappingProxyType

import sympy

from symreg import symbols
from symreg.analysis import crossover, measure, step_decrease
from symreg.catalogue._common import facts, written_at
from symreg.derivation import Chain, Derivation, Step, calc
from symreg.penalties import L1, L2
from symreg.printing import words

__all__ = ["QUOTED_RATIOS", "WORKED_EXAMPLE", "epsilon_step", "near_zero", "worked_example"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def epsilon_step(title: str) -> Derivation:
    """The decrease earned by one step of size eps toward zero, and where L1 and L2 earn as much.

    >>> epsilon_step("One step").results["l1"]
    eps*lam
    """
    l1, l2 = L1(), L2()
    cross = crossover(l1, l2, "step")
    (root,) = cross.points.args[0][0].args
    gain_l1, gain_l2 = measure(l1, "step"), sympy.factor(measure(l2, "step"))
    limit = sympy.Limit(root, eps, 0, "+")
    proof: tuple[Step | Chain, ...] = (
        Step(step_decrease(l1, w, eps), gain_l1,
             reason=words("L1: the absolute value drops by exactly {}", eps)),
        Step(step_decrease(l2, w, eps), gain_l2, reason="L2: difference of squares"),
        *(s for s in cross.derivation.steps if s.relation == "solve"),
        Step(limit, crossover(l1, l2, "gradient").points.args[0],
             reason="small steps recover the gradient crossover"),
    )
    return Derivation(
        name="epsilon-step",
        title=title,
        hypotheses=w >= eps,
        prose=words("One step of size {} toward zero, from a weight at least {}: "
                    "what each penalty loses, where the two losses are equal, and where that "
                    "point goes for small steps.", eps, eps),
        steps=proof,
        claim=facts(proof),
        results={"l1": gain_l1, "l2": gain_l2, "crossing": proof[2].rhs, "limit": proof[-1].rhs},
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

    >>> worked_example("Example").results["l1-large"]
    1/1000
    """
    l1, l2 = L1(strength=1), L2(strength=1)
    big, small, size = (WORKED_EXAMPLE[k] for k in ("large", "small", "eps"))
    values = {(p.name, at): step_decrease(p, at, size) for p in (l1, l2) for at in (big, small)}
    ratio_big = values["L2", big] / values["L1", big]
    ratio_small = values["L1", small] / values["L2", small]
    q_big, q_small = QUOTED_RATIOS["large"], QUOTED_RATIOS["small"]
    written_big = _ratio(_written_out(l2, big, size), _written_out(l1, big, size))
    written_small = _ratio(_written_out(l1, small, size), _written_out(l2, small, size))
    proof: tuple[Step | Chain, ...] = (
        *(Step(_written_out(p, at, size), values[p.name, at],
               reason=words(f"{p.name} at {{}}", sympy.Eq(w, at)))
          for at in (big, small) for p in (l1, l2)),
        Step(written_big, ratio_big, reason="L2 earns this many times more at the large weight"),
        Step(written_small, ratio_small,
             reason="L1 earns this many times more at the small weight"),
        Step(ratio_big, q_big, relation="gt",
             reason=f"a ratio quoted as {q_big} is too small"),
        Step(ratio_small, q_small, relation="gt",
             reason=f"a ratio quoted as {q_small} is too small"),
    )
    return Derivation(
        name="worked-example",
        title=title,
        prose=("Unit strength, one small step toward zero from a large and from a small "
               "weight: the exact decreases, their ratios, and two ratios as they are "
               "commonly quoted, both too small."),
        steps=proof,
        claim=facts(proof),
        results={"l1-large": values["L1", big], "l2-large": values["L2", big],
                 "l1-small": values["L1", small], "l2-small": values["L2", small],
                 "ratio-large": ratio_big, "ratio-small": ratio_small},
        conventions=(l1.convention, l2.convention),
    )


def _written_out(penalty: L1 | L2, at: sympy.Expr, size: sympy.Expr) -> sympy.Expr:
    """``P(at) - P(at - size)`` with the arithmetic left undone, for display."""
    expr = penalty.expr
    with sympy.evaluate(False):
        return expr.xreplace({w: at}) - expr.xreplace({w: at - size})


def _ratio(top: sympy.Expr, bottom: sympy.Expr) -> sympy.Expr:
    return sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)


def near_zero(title: str) -> Derivation:
    """The decrease per unit of step near zero, for L1 on both sides of eps, and for L2.

    >>> near_zero("Near zero").results["l1-far"]
    lam
    """
    l1, l2 = L1(), L2()
    per_l1 = step_decrease(l1, w, eps) / eps
    per_l2 = step_decrease(l2, w, eps) / eps
    crossing = lam * (2 * w - eps) / eps
    l2_gain = lam * (2 * w - eps)
    slope = 2 * lam * w
    quarter = written_at(crossing, {w: eps / 4})
    inside = (w > 0) & (w < eps)
    small = sympy.Limit(l2_gain, eps, 0, "+")
    vanish = sympy.Limit(slope, w, 0, "+")
    proof: tuple[Step | Chain, ...] = (
        Step(per_l1, lam, where=w >= eps,
             reason=words(r"for ${} \ge {}$ the step stays on one side of $0$", w, eps)),
        Step(per_l1, crossing, where=inside,
             reason=words("for {} the step passes $0$ and ends at {}", inside, w - eps < 0)),
        calc(crossing, ("<", lam, words("{}", 2 * w - eps < eps)), where=inside),
        calc(crossing, ("<", 0, words("{}", 2 * w < eps)), where=(w > 0) & (w < eps / 2)),
        Step(quarter, -lam / 2, reason=words("at ${} = {}/4$", w, eps)),
        Step(per_l2, l2_gain, where=w > 0, reason="L2: difference of squares"),
        Step(small, slope, reason="small steps"),
        Step(vanish, 0, reason="and small weights"),
    )
    return Derivation(
        name="near-zero",
        title=title,
        prose=("The decrease per unit of step, for a weight above the step size and for "
               "one below it, under L1; under L2, its limits for small steps and then "
               "small weights."),
        steps=proof,
        claim=facts(proof),
        results={"l1-far": lam, "l1-near": crossing, "l2": l2_gain, "l2-small-steps": slope},
        conventions=(l1.convention, l2.convention),
    )
