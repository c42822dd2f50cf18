r"""Beyond L1 and L2: the Lp family and the elastic net."""

from __future__ import annotations

import sympy

from symreg import symbols
from symreg.analysis import crossover, measure
from symreg.catalogue._common import statement, written_at
from symreg.derivation import Derivation, Step
from symreg.penalties import L1, L2, ElasticNet, Lp

__all__ = ["lp_family"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def lp_family(title: str) -> Derivation:
    """The Lp family against L1, and the proximal step of the elastic net.

    >>> lp_family("Lp").steps[-1].rhs
    1/2
    """
    p = symbols.p
    l1, lp = L1(), Lp(p)
    grad_l1 = measure(l1, "gradient")
    grad_lp = measure(lp, "gradient")
    root = p ** (1 / (1 - p))
    net = ElasticNet()
    lam1, lam2 = symbols.lam1, symbols.lam2
    return Derivation(
        name="lp-family",
        title=title,
        statement=statement(
            "For ${0}$ with $p > 1$, ${0} = {1}$ at $w = 1$ for every $p$, while the "
            "gradients are equal at $w = {2}$, which tends to $e^{{-1}}$ as $p \\to 1$ and "
            "is ${5}$ at $p = 2$. The elastic net ${3}$ has the proximal step "
            "${4}$: soft thresholding followed by shrinkage.",
            lp.expr, l1.expr, root, net.expr, net.prox(step=eta), root.subs(p, 2)),
        steps=(
            *net.prox_derivation(step=eta).steps,
            Step(_branchwise_limit(net.prox(step=eta), lam2),
                 L1(strength=lam1).prox(step=eta), reason="without its L2 part: L1"),
            Step(_branchwise_limit(net.prox(step=eta), lam1),
                 L2(strength=lam2).prox(step=eta), reason="without its L1 part: L2"),
            Step(written_at(lp.expr, {w: sympy.S.One}), written_at(l1.expr, {w: sympy.S.One}),
                 reason="equal values at $w = 1$"),
            Step(sympy.Abs(sympy.Derivative(lp.expr, w)), grad_lp, where=w > 0,
                 reason="gradient of the Lp penalty"),
            Step(grad_lp.subs(w, root), grad_l1, where=sympy.Ne(p, 1),
                 reason="equal gradients at this $w$"),
            Step(sympy.diff(grad_lp, w), 0, relation="gt", where=(p > 1) & (w > 0),
                 reason="the Lp gradient increases, so the crossing is unique"),
            Step(sympy.Limit(root, p, 1, "+"), sympy.exp(-1), reason=r"the limit $p \to 1$"),
            Step(written_at(root, {p: sympy.Integer(2)}),
                 crossover(l1, L2(), "gradient").points.args[0],
                 reason="$p = 2$ recovers the L2 gradient crossover"),
        ),
        conventions=(lp.convention, l1.convention, net.convention),
    )


def _branchwise_limit(expr: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """The limit ``var -> 0+`` taken inside each branch of a Piecewise.

    SymPy's ``limit`` of a whole Piecewise can be wrong (it returned 0 for the
    elastic-net prox), so the limit is taken branch by branch; the conditions
    must not depend on ``var`` for that to be valid, which is checked.
    """
    if not isinstance(expr, sympy.Piecewise):
        return sympy.Limit(expr, var, 0, "+")
    pieces = []
    for value, cond in expr.args:
        if cond.has(var):
            # Let the limit of the condition decide it (continuity in var).
            cond = cond.subs(var, 0)
        pieces.append((sympy.Limit(value, var, 0, "+"), cond))
    return sympy.Piecewise(*pieces, evaluate=False)

