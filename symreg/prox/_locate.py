r"""Why the root taken lies on its piece: steps from the polynomial it solves.

On a piece that starts at ``start`` the solution is ``u = start + side * r**L``
with ``r`` a root of a polynomial ``g`` (positive leading coefficient), so
``u`` lies on the start's side exactly when ``r > 0``. The prover seldom shows
``r > 0`` for a formula with radicals directly; two facts about ``g`` do:

* a **quadratic** whose roots ``r`` and ``r'`` have a negative product
  (Vieta: ``g(0)`` over the leading coefficient) and ``r >= r'``: two numbers
  with a negative product have opposite signs, so the larger, ``r``, is
  positive;
* a polynomial that **increases on the whole line** and is negative at 0:
  it vanishes at ``r`` (the optimality condition, shown in the step before),
  so ``r > 0``.

Each fact is a step the caller verifies; the inference from them is the one
stated in the step's reason.
"""

from __future__ import annotations

import sympy
from sympy.logic.boolalg import Boolean

from symreg.derivation import Step
from symreg.printing import words
from symreg.proof import prove
from symreg.prox._solve import Solution

__all__ = ["root_is_positive"]


def root_is_positive(found: Solution, where: Boolean) -> list[Step] | None:
    """Proved steps showing ``found.root > 0`` on ``where``, or None when none are found."""
    s, g, root = found.unknown, found.equation, found.root
    if root is None or s is None or g is None:
        return None
    attempts = [_increasing(s, g, where)]
    if found.other is not None:
        attempts.insert(0, _quadratic(s, g, root, found.other, where))
    for steps in attempts:
        if all(_holds(step) for step in steps):
            return steps
    return None


def _holds(step: Step) -> bool:
    outcome = prove(step.lhs, step.rhs, relation=step.relation,  # type: ignore[arg-type]
                    where=step.where, timeout=10)
    return outcome.status == "proved"


def _quadratic(s: sympy.Symbol, g: sympy.Expr, root: sympy.Expr, other: sympy.Expr,
               where: Boolean) -> list[Step]:
    poly = sympy.Poly(g, s)
    constant, leading = poly.eval(0), poly.LC()
    ratio = sympy.cancel(constant / leading)
    return [
        Step(sympy.Mul(root, other, evaluate=False), ratio, where=where,
             reason=words("the two roots of ${} = 0$ have this product (Vieta's formula)",
                          g)),
        Step(ratio, 0, relation="lt", where=where,
             reason="which is negative, so the two roots have opposite signs"),
        Step(root, other, relation="ge", where=where,
             reason="the root taken is the larger one, so it is positive"),
    ]


def _increasing(s: sympy.Symbol, g: sympy.Expr, where: Boolean) -> list[Step]:
    return [
        Step(sympy.diff(g, s), 0, relation="gt",
             reason=words("{} increases in {} on the whole line", g, s)),
        Step(g.subs(s, 0), 0, relation="lt", where=where,
             reason=words("it is negative at ${} = 0$ and vanishes at the root taken, so "
                          "that root is positive", s)),
    ]
