r"""The named derivations that answer "does L1 penalize weights more than L2?".

Each entry is built only from :mod:`symreg.penalties`, :mod:`symreg.analysis`
and :mod:`symreg.priors`, and is verified before it is returned: a step that
fails stops :func:`get` with the step named. Nothing here types in a result;
the few figures quoted from the question being examined (rounded ratios) are
kept apart in :data:`QUOTED_RATIOS` and only ever *compared* with the exact
values.

>>> names()[:3]
('subdifferential', 'value-crossover', 'gradient-crossover')
>>> get("value-crossover").result
{1}
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import sympy

from symreg import printing, symbols
from symreg.analysis import crossover, dominance, measure, step_decrease
from symreg.derivation import Derivation, Step
from symreg.dynamics import Descent, descent
from symreg.errors import InvalidParameterError
from symreg.penalties import L1, L2, ElasticNet, Lp, Penalty

__all__ = [
    "QUOTED_RATIOS",
    "WORKED_EXAMPLE",
    "ConventionRow",
    "conventions_table",
    "derivations",
    "get",
    "names",
    "title",
]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z
tex = printing.latex

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


@dataclass(frozen=True, slots=True, kw_only=True)
class _Entry:
    """One named theorem of the catalogue: its name, its title and how to build it."""

    name: str
    title: str
    build: Callable[[], Derivation]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConventionRow:
    """One result under both L2 conventions.

    Attributes:
        quantity: what the row shows.
        full: its value under ``lam*w**2``.
        half: its value under ``lam/2*w**2``.
        note: a short comment.
    """

    quantity: str
    full: sympy.Basic
    half: sympy.Basic
    note: str = ""


def _statement(text: str, *exprs: sympy.Basic) -> str:
    return text.format(*[tex(e) for e in exprs])


# ---------------------------------------------------------------------------
# 1. subdifferential and gradients


def _subdifferential() -> Derivation:
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
        Step(sympy.Interval(left, right), l1.subdifferential(at=0),
             reason="so the subdifferential at $0$ is the interval between them"),
    )
    return Derivation(
        name="subdifferential",
        title=title("subdifferential"),
        statement=_statement(
            "The penalty ${0}$ has no derivative at $w = 0$; its subdifferential there is "
            "${1}$, and ${2}$ elsewhere. The L2 penalties ${3}$ and ${4}$ have the "
            "gradients ${5}$ and ${6}$.",
            l1.expr, l1.subdifferential(at=0), l1.derivative(), l2.expr, l2h.expr,
            l2.derivative(), l2h.derivative()),
        steps=steps,
        conventions=(l1.convention, l2.convention, l2h.convention),
    )


# ---------------------------------------------------------------------------
# 2. value crossover and dominance


def _value_crossover() -> Derivation:
    result = dominance(L1(), L2(), "value")
    half = crossover(L1(), L2(half=True), "value")
    return Derivation(
        name="value-crossover",
        title=title("value-crossover"),
        statement=_statement(
            "For $w > 0$, ${0} = {1}$ exactly at $w \\in {2}$; L1 is the larger "
            "penalty on ${3}$ and L2 on ${4}$. Under the convention ${5}$ the "
            "crossing moves to $w \\in {6}$.",
            L1().expr, L2().expr, result.equal, result.first, result.second,
            L2(half=True).expr, half.points),
        steps=(*_even(L1(), L2(), L2(half=True)), *half.derivation.steps,
               *result.derivation.steps[:2], *result.derivation.steps[3:],
               result.derivation.steps[2]),
        conventions=result.conventions,
        remarks=(
            f"Both penalties are even, so the same holds for ${tex(w < 0)}$ with "
            f"${tex(sympy.Abs(w))}$ in place of ${tex(w)}$.",
        ),
    )


def _even(*penalties: Penalty) -> tuple[Step, ...]:
    """One step per penalty: ``P(-w) = P(w)``, so ``w > 0`` tells the whole story."""
    return tuple(Step(p.expr.subs(w, -w), p.expr, reason=f"{p.name} is even")
                 for p in penalties)


# ---------------------------------------------------------------------------
# 3. gradient crossover under both conventions


def _gradient_crossover() -> Derivation:
    full = dominance(L1(), L2(), "gradient")
    half = dominance(L1(), L2(half=True), "gradient")
    return Derivation(
        name="gradient-crossover",
        title=title("gradient-crossover"),
        statement=_statement(
            "For $w > 0$ the gradient magnitudes ${0}$ and ${1}$ are equal at "
            "$w \\in {2}$, while ${0}$ and ${3}$ are equal at $w \\in {4}$: the crossover "
            "depends on the convention. Below it the L1 gradient is the larger pull "
            "toward zero.",
            measure(L1(), "gradient"), measure(L2(), "gradient"), full.equal,
            measure(L2(half=True), "gradient"), half.equal),
        steps=(*half.derivation.steps, *full.derivation.steps[:2],
               *full.derivation.steps[3:], full.derivation.steps[2]),
        conventions=(L1().convention, L2().convention, L2(half=True).convention),
    )


# ---------------------------------------------------------------------------
# 4. one step of size eps


def _epsilon_step() -> Derivation:
    l1, l2 = L1(), L2()
    cross = crossover(l1, l2, "step")
    (root,) = cross.points.args[0][0].args
    return Derivation(
        name="epsilon-step",
        title=title("epsilon-step"),
        statement=_statement(
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
            *cross.derivation.steps[2:],
            Step(sympy.Limit(root, eps, 0, "+"), crossover(l1, l2, "gradient").points.args[0],
                 reason="small steps recover the gradient crossover"),
        ),
        conventions=(l1.convention, l2.convention),
    )


# ---------------------------------------------------------------------------
# 5. the worked example, exactly


def _worked_example() -> Derivation:
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
        title=title("worked-example"),
        statement=_statement(
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


# ---------------------------------------------------------------------------
# 6. why L2 barely moves weights near zero


def _near_zero() -> Derivation:
    l1, l2 = L1(), L2()
    per_step_l1 = measure(l1, "step") / eps
    per_step_l2 = sympy.expand(measure(l2, "step") / eps)
    slope = sympy.limit(per_step_l2, eps, 0)
    return Derivation(
        name="near-zero",
        title=title("near-zero"),
        statement=_statement(
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


# ---------------------------------------------------------------------------
# 7. proximal operators


def _prox() -> Derivation:
    l1, l2, l2h = L1(), L2(), L2(half=True)
    soft = l1.prox_derivation(step=eta)
    shrink, shrink_half = l2.prox(step=eta), l2h.prox(step=eta)
    return Derivation(
        name="prox",
        title=title("prox"),
        statement=_statement(
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


# ---------------------------------------------------------------------------
# 8. descent dynamics


def _descent() -> Derivation:
    l1 = descent(L1(), method="proximal")
    l2 = descent(L2(), method="gradient")
    l2_prox = descent(L2(), method="proximal")
    return Derivation(
        name="descent",
        title=title("descent"),
        statement=_statement(
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


# ---------------------------------------------------------------------------
# 9. MAP estimation


def _map() -> Derivation:
    from symreg.map import map_penalty, regression_map
    from symreg.priors import Gaussian, Laplace

    gauss, laplace = map_penalty(Gaussian()), map_penalty(Laplace())
    ridge, lasso = regression_map(Gaussian()), regression_map(Laplace())
    return Derivation(
        name="map",
        title=title("map"),
        statement=_statement(
            "Up to a constant, $-\\log p(w)$ is ${0}$ for a Gaussian prior and ${1}$ for a "
            "Laplace prior. With Gaussian noise of scale $s$, the MAP estimate of a linear "
            "model minimises the squared error plus ${2}$ times the squared norm (Gaussian "
            "prior) or ${3}$ times the L1 norm (Laplace prior).",
            gauss.penalty.expr, laplace.penalty.expr, ridge.lam, lasso.lam),
        steps=(*gauss.steps, *laplace.steps, *ridge.steps, *lasso.steps),
        conventions=(gauss.convention, laplace.convention, ridge.convention),
    )


# ---------------------------------------------------------------------------
# 10. the Lp family and the elastic net


def _lp_family() -> Derivation:
    p = symbols.p
    l1, lp = L1(), Lp(p)
    grad_l1 = measure(l1, "gradient")
    grad_lp = measure(lp, "gradient")
    root = p ** (1 / (1 - p))
    net = ElasticNet()
    lam1, lam2 = symbols.lam1, symbols.lam2
    return Derivation(
        name="lp-family",
        title=title("lp-family"),
        statement=_statement(
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
            Step(lp.expr.subs(w, 1), l1.expr.subs(w, 1), reason="equal values at $w = 1$"),
            Step(grad_lp, lam * p * w ** (p - 1), where=w > 0,
                 reason="gradient of the Lp penalty"),
            Step(grad_lp.subs(w, root), grad_l1, where=sympy.Ne(p, 1),
                 reason="equal gradients at this $w$"),
            Step(sympy.diff(grad_lp, w), 0, relation="gt", where=(p > 1) & (w > 0),
                 reason="the Lp gradient increases, so the crossing is unique"),
            Step(sympy.Limit(root, p, 1, "+"), sympy.exp(-1), reason=r"the limit $p \to 1$"),
            Step(root.subs(p, 2), crossover(l1, L2(), "gradient").points.args[0],
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


# ---------------------------------------------------------------------------
# registry


# The one registry, in report order.
_REGISTRY: MappingProxyType[str, _Entry] = MappingProxyType({entry.name: entry for entry in (
    _Entry(name="subdifferential",
           title="Subdifferential of L1, gradients of L2",
           build=_subdifferential),
    _Entry(name="value-crossover",
           title="Where the two penalties are equal, and which is larger",
           build=_value_crossover),
    _Entry(name="gradient-crossover",
           title="Where the gradients are equal, under both L2 conventions",
           build=_gradient_crossover),
    _Entry(name="epsilon-step",
           title="The decrease earned by one step toward zero",
           build=_epsilon_step),
    _Entry(name="worked-example",
           title="A large and a small weight, one small step",
           build=_worked_example),
    _Entry(name="near-zero",
           title="Near zero, L2 stops pushing and L1 does not",
           build=_near_zero),
    _Entry(name="prox",
           title="Proximal steps: soft thresholding and shrinkage",
           build=_prox),
    _Entry(name="descent",
           title="Repeated steps: exact zeros for L1, geometric decay for L2",
           build=_descent),
    _Entry(name="map",
           title="Gaussian and Laplace priors give L2 and L1",
           build=_map),
    _Entry(name="lp-family",
           title="The Lp family and the elastic net",
           build=_lp_family),
)})


def title(name: str) -> str:
    """The title of a catalogue entry, without building it.

    >>> title("prox")
    'Proximal steps: soft thresholding and shrinkage'
    """
    _check_name(name)
    return _REGISTRY[name].title


def _check_name(name: str) -> None:
    if name not in _REGISTRY:
        raise InvalidParameterError(
            f"unknown derivation {name!r}; known: {', '.join(_REGISTRY)}")


def names() -> tuple[str, ...]:
    """Names of the catalogue's derivations, in report order.

    >>> len(names())
    10
    """
    return tuple(_REGISTRY)


@functools.cache
def get(name: str) -> Derivation:
    """Build and verify the derivation called ``name``.

    Raises:
        InvalidParameterError: for an unknown name.
        VerificationError: if a step fails (naming the step).

    >>> [c.expr for c in get("gradient-crossover").conventions]
    [lam*Abs(w), lam*w**2, lam*w**2/2]
    """
    _check_name(name)
    return _REGISTRY[name].build().verify()


def derivations() -> tuple[Derivation, ...]:
    """Every derivation of the catalogue, verified, in report order.

    >>> [d.name for d in derivations()][-2:]
    ['map', 'lp-family']
    """
    return tuple(get(name) for name in _REGISTRY)


@functools.lru_cache(maxsize=1)
def conventions_table() -> tuple[ConventionRow, ...]:
    """Each convention-dependent result under ``lam*w**2`` and ``lam/2*w**2``.

    >>> rows = conventions_table()
    >>> [(r.quantity, r.full, r.half) for r in rows][:2]
    [('penalty', lam*w**2, lam*w**2/2), ('gradient', 2*lam*w, lam*w)]
    """
    from symreg.map import map_penalty, regression_map
    from symreg.priors import Gaussian

    full, half = L2(), L2(half=True)
    rows = [
        ConventionRow(quantity="penalty", full=full.expr, half=half.expr),
        ConventionRow(quantity="gradient", full=full.derivative(), half=half.derivative()),
        ConventionRow(quantity="value crossover with L1",
                      full=crossover(L1(), full, "value").points,
                      half=crossover(L1(), half, "value").points),
        ConventionRow(quantity="gradient crossover with L1",
                      full=crossover(L1(), full, "gradient").points,
                      half=crossover(L1(), half, "gradient").points),
        ConventionRow(quantity="step crossover with L1",
                      full=crossover(L1(), full, "step").points,
                      half=crossover(L1(), half, "step").points,
                      note="needs the step to stay on one side of zero"),
        ConventionRow(quantity="proximal step", full=full.prox(step=eta),
                      half=half.prox(step=eta)),
        ConventionRow(quantity="gradient-descent factor per step",
                      full=_factor(descent(full, method="gradient")),
                      half=_factor(descent(half, method="gradient"))),
        ConventionRow(quantity="strength from a Gaussian prior",
                      full=map_penalty(Gaussian()).strength,
                      half=map_penalty(Gaussian(), half=True).strength),
        ConventionRow(quantity="ridge strength from a Gaussian prior",
                      full=regression_map(Gaussian()).lam,
                      half=regression_map(Gaussian(), half=True).lam),
    ]
    return tuple(rows)


def _factor(result: Descent) -> sympy.Expr:
    """The factor by which one step multiplies the weight."""
    return sympy.simplify(result.iterate.subs(symbols.k, 1) / symbols.w0)
