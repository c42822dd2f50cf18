r"""Beyond L1 and L2: the Lp family and the elastic net."""

from __future__ import annotations

import sympy

from symreg import symbols
from symreg.analysis import crossover, measure
from symreg.catalogue._common import facts, quoted, written_at
from symreg.derivation import Chain, Derivation, Step
from symreg.errors import UnsupportedError
from symreg.penalties import L1, L2, ElasticNet, Lp
from symreg.printing import words

__all__ = ["lp_family"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def lp_family(title: str) -> Derivation:
    """The Lp family against L1 (the gradient crossover solved for), and the elastic net's prox.

    >>> lp_family("Lp").results["gradient-crossover"]
    p**(-1/(p - 1))
    """
    p = symbols.p
    l1, lp = L1(), Lp(p)
    grad_l1 = measure(l1, "gradient")
    grad_lp = measure(lp, "gradient")
    # Solved as the equation stands: the root is proved a solution, and the only
    # one, by the steps below (so neither SymPy's check nor its simplification).
    roots = sympy.solve(sympy.Eq(grad_lp, grad_l1), w, check=False, simplify=False)
    if len(roots) != 1:  # pragma: no cover - one root for every p > 1
        raise UnsupportedError(f"expected one crossing of the Lp and L1 gradients, got {roots}")
    (root,) = roots
    net = ElasticNet()
    lam1, lam2 = symbols.lam1, symbols.lam2
    net_prox = net.prox(step=eta)
    one = sympy.S.One
    proof: tuple[Step | Chain, ...] = (
        *quoted(net.prox_derivation(step=eta)),
        Step(sympy.Limit(net_prox, lam2, 0, "+"), L1(strength=lam1).prox(step=eta),
             reason="as its L2 part vanishes: L1"),
        Step(sympy.Limit(net_prox, lam1, 0, "+"), L2(strength=lam2).prox(step=eta),
             reason="as its L1 part vanishes: L2"),
        Step(written_at(lp.expr, {w: one}), written_at(l1.expr, {w: one}),
             reason=words("equal values at {}", sympy.Eq(w, 1))),
        Step(sympy.Abs(sympy.Derivative(lp.expr, w)), grad_lp, where=w > 0,
             reason="gradient of the Lp penalty"),
        Step(written_at(grad_lp, {w: root}), grad_l1, where=p > 1,
             reason="the solution of the equation of the two gradients"),
        Step(sympy.diff(grad_lp, w), 0, relation="gt", where=(p > 1) & (w > 0),
             reason="the Lp gradient increases, so the crossing is unique"),
        Step(sympy.Limit(root, p, 1, "+"), sympy.exp(-1),
             reason=words(r"the limit ${} \to 1$", p)),
        Step(written_at(root, {p: sympy.Integer(2)}),
             crossover(l1, L2(), "gradient").points.args[0],
             reason=words("{} recovers the L2 gradient crossover", sympy.Eq(p, 2))),
    )
    return Derivation(
        name="lp-family",
        title=title,
        prose=words("The Lp penalties for {} above one against L1: their values at one, the "
                    "point where the gradients meet, solved for and unique, and its limits. "
                    "The elastic net's proximal step, and the two penalties it combines.", p),
        steps=proof,
        claim=facts(proof),
        results={"gradient-crossover": root, "elastic-net-prox": net_prox},
        conventions=(lp.convention, l1.convention, net.convention),
    )
