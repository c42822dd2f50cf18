"""The bare-SymPy baseline of the report benchmark.

A plain SymPy script that computes the same results as the report states
(derivatives, subdifferential limits, crossovers with ``solveset`` and which
side is larger, step decreases, the near-zero limits and signs, proximal
formulas, ``rsolve`` for descent and the regimes of its factor, the first step
at zero, ``-log`` of the prior densities and their integrals, the Lp gradient
and crossover, the elastic net and its two ends), each in the section of the
catalogue entry that states it, the way one would without symreg: no
verification of any step, no rendering, no figures, no listings.
``benchmarks/run.py`` times ``python benchmarks/baseline.py`` against
``symreg report -o x.tex``.

Run it on its own to see the results (``-q`` prints only a count, ``--json``
the seconds each catalogue entry's results take, one after the other in this
process; ``--json --alone NAME`` the seconds NAME's results take on their own,
right after ``import sympy``: that entry's share, used by the ``symreg derive
NAME`` benchmark, which also starts from a fresh process). A section computes
what its results need as one would: the descent section steps with the
proximal maps of the prox section, computed once per process (so a run of every
section computes them once, and descent on its own computes them too).
"""

from __future__ import annotations

import functools
import json
import sys
import time

import sympy
from sympy import stats

w = sympy.Symbol("w", real=True)
z = sympy.Symbol("z", real=True)
u = sympy.Symbol("u", real=True)
w0 = sympy.Symbol("w_0", real=True)
lam, eps, eta = sympy.symbols("lam eps eta", positive=True)
lam1, lam2 = sympy.symbols("lam_1 lam_2", positive=True)
sigma, b, s, p = sympy.symbols("sigma b s p", positive=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)

POSITIVE = sympy.Interval.open(0, sympy.oo)
L1 = lam * sympy.Abs(w)
L2 = lam * w**2
L2_HALF = lam * w**2 / 2


def _on_positive(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` simplified for ``w > 0``."""
    t = sympy.Symbol("t", positive=True)
    return sympy.simplify(expr.subs(w, t)).subs(t, w)


def derivatives() -> dict[str, sympy.Basic]:
    d1 = sympy.diff(L1, w)
    return {
        "dL1": sympy.simplify(d1),
        "dL2": sympy.diff(L2, w),
        "dL2_half": sympy.diff(L2_HALF, w),
        "L1 left derivative at 0": sympy.limit(d1, w, 0, "-"),
        "L1 right derivative at 0": sympy.limit(d1, w, 0, "+"),
    }


def _steps() -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """One step of size eps toward zero from w >= eps: the decrease of L1, L2, L2/2."""
    step_l1 = _on_positive(sympy.expand(L1 - L1.subs(w, w - eps)).subs(w, w + eps)).subs(
        w, w - eps)
    step_l2 = sympy.expand(L2 - L2.subs(w, w - eps))
    step_l2h = sympy.expand(L2_HALF - L2_HALF.subs(w, w - eps))
    return step_l1, step_l2, step_l2h


def value_crossover() -> dict[str, sympy.Basic]:
    return {
        "value": sympy.solveset(_on_positive(L1) - L2, w, POSITIVE),
        "value (half)": sympy.solveset(_on_positive(L1) - L2_HALF, w, POSITIVE),
        # which penalty is larger on each side of the crossover
        "L1 - L2 at 1/2": (_on_positive(L1) - L2).subs(w, sympy.Rational(1, 2)),
        "L1 - L2 at 2": (_on_positive(L1) - L2).subs(w, 2),
    }


def gradient_crossover() -> dict[str, sympy.Basic]:
    gap, gap_half = lam - sympy.diff(L2, w), lam - sympy.diff(L2_HALF, w)
    return {
        "gradient": sympy.solveset(gap, w, POSITIVE),
        "gradient (half)": sympy.solveset(gap_half, w, POSITIVE),
        # which gradient is larger on each side of the crossover
        "L1 - L2 slope at 1/4": gap.subs(w, sympy.Rational(1, 4)),
        "L1 - L2 slope at 1": gap.subs(w, 1),
        "L1 - L2 (half) slope at 1/2": gap_half.subs(w, sympy.Rational(1, 2)),
        "L1 - L2 (half) slope at 2": gap_half.subs(w, 2),
    }


def epsilon_step() -> dict[str, sympy.Basic]:
    step_l1, step_l2, step_l2h = _steps()
    crossing = sympy.solveset(step_l1 - step_l2, w, sympy.Interval(eps, sympy.oo))
    root = sympy.solve(step_l1 - step_l2, w)[0]
    return {
        "step L1": step_l1,
        "step L2": step_l2,
        "step": crossing,
        "step (half)": sympy.solveset(step_l1 - step_l2h, w, sympy.Interval(eps, sympy.oo)),
        "crossing as eps -> 0": sympy.limit(root, eps, 0),
    }


def worked_example() -> dict[str, sympy.Basic]:
    big, small, size = sympy.Integer(15), sympy.Rational(2, 100), sympy.Rational(1, 1000)
    unit = {lam: 1}
    d1 = (L1 - L1.subs(w, w - size)).subs(unit)
    d2 = (L2 - L2.subs(w, w - size)).subs(unit)
    return {
        "ratio at the large weight": d2.subs(w, big) / d1.subs(w, big),
        "ratio at the small weight": d1.subs(w, small) / d2.subs(w, small),
    }


def near_zero() -> dict[str, sympy.Basic]:
    per_step = sympy.expand((L2 - L2.subs(w, w - eps)) / eps)
    slope = sympy.limit(per_step, eps, 0)
    t = sympy.Symbol("t", nonnegative=True)
    # L1 near zero (0 < w < eps): the step overshoots to w - eps < 0
    l1_near = sympy.simplify((lam * w - lam * (eps - w)) / eps)
    return {"L2 per unit step": per_step, "small steps": slope,
            "small weights": sympy.limit(slope, w, 0, "+"),
            "L1 far (w >= eps)": sympy.simplify((L1 - L1.subs(w, w - eps)).subs(w, eps + t) / eps),
            "L1 near (w < eps)": l1_near,
            # below the far pull for w < eps, negative below eps/2 (at eps/4: -lam/2)
            "L1 near = far at": sympy.solve(l1_near - lam, w),
            "L1 near = 0 at": sympy.solve(l1_near, w),
            "L1 near at eps/4": l1_near.subs(w, eps / 4)}


def _prox(penalty_derivative: sympy.Expr) -> sympy.Piecewise:
    """Solve ``0 = u - z + eta * P'(u)`` for ``u > 0`` and ``u < 0``; 0 in between."""
    pos = sympy.solve(u - z + eta * penalty_derivative.subs(w, u).subs(sympy.sign(u), 1), u)[0]
    neg = sympy.solve(u - z + eta * penalty_derivative.subs(w, u).subs(sympy.sign(u), -1), u)[0]
    threshold = sympy.solve(pos, z)[0]
    return sympy.Piecewise((pos, z > threshold), (neg, z < -threshold), (0, True))


@functools.cache
def prox() -> dict[str, sympy.Basic]:
    """The proximal maps (once per process: the descent section steps with them)."""
    return {
        "L1": _prox(sympy.diff(L1, w)),
        "L2": sympy.solve(u - z + eta * sympy.diff(L2, w).subs(w, u), u)[0],
        "L2 (half)": sympy.solve(u - z + eta * sympy.diff(L2_HALF, w).subs(w, u), u)[0],
    }


def descent() -> dict[str, sympy.Basic]:
    f = sympy.Function("f")
    t = eta * lam
    # the updates: a gradient step on L2, and the proximal maps of the prox section
    # (computed there in a run of every section; here when this one runs alone)
    gradient_step = w - eta * sympy.diff(L2, w)
    factor = sympy.expand(gradient_step / w)
    maps = prox()
    beyond = maps["L1"].args[0][0]  # the L1 map above its threshold: z - eta*lam
    x = sympy.Symbol("x", positive=True)  # eta*lam
    gradient_l2 = sympy.rsolve(f(k + 1) - factor * f(k), f(k), {f(0): w0})
    prox_l2 = sympy.rsolve(f(k + 1) - maps["L2"].subs(z, f(k)), f(k), {f(0): w0})
    prox_l1 = sympy.rsolve(f(k + 1) - beyond.subs(z, f(k)), f(k), {f(0): w0})
    step = w - eta * sympy.diff(L1, w)
    return {
        "gradient L2": gradient_l2,
        "proximal L2": prox_l2,
        "proximal L1 (before 0)": prox_l1,
        # the regimes of the L2 factor: its sign, and its size against 1
        "factor > 0": sympy.reduce_inequalities(factor.subs(t, x) > 0, x),
        "factor = 0": sympy.solve(factor.subs(t, x), x),
        "factor > -1": sympy.reduce_inequalities(factor.subs(t, x) > -1, x),
        "factor = -1": sympy.solve(factor.subs(t, x) + 1, x),
        # the first k at which the L1 iterate |w0| - k*eta*lam reaches 0
        "L1 steps to 0": sympy.ceiling(sympy.solve(sympy.Abs(w0) - k * t, k)[0]),
        "L1 subgradient step": step,
        "L1 subgradient step from eta*lam": step.subs(w, t),
    }


def map_estimates() -> dict[str, sympy.Basic]:
    gauss = sympy.expand_log(-sympy.log(stats.density(stats.Normal("W", 0, sigma))(w)),
                             force=True)
    laplace = sympy.expand_log(-sympy.log(stats.density(stats.Laplace("W", 0, b))(w)),
                               force=True)
    total = sympy.integrate(stats.density(stats.Normal("V", 0, sigma))(w), (w, -sympy.oo,
                                                                             sympy.oo))
    total_laplace = sympy.integrate(stats.density(stats.Laplace("V", 0, b))(w),
                                    (w, -sympy.oo, sympy.oo))
    # regression: 2*s**2 * (-log posterior) = ||y - Xw||^2 + lam * R(w)
    gauss_w = sum(t for t in sympy.Add.make_args(gauss) if t.has(w))
    laplace_w = sum(t for t in sympy.Add.make_args(laplace) if t.has(w))
    return {
        "-log Gaussian": gauss,
        "-log Laplace": laplace,
        "Gaussian integrates to": total,
        "Laplace integrates to": total_laplace,
        "ridge lam": sympy.simplify(2 * s**2 * gauss_w / w**2),
        "lasso lam": sympy.simplify(2 * s**2 * laplace_w / sympy.Abs(w)),
        # the same under 1/2 ||y - Xw||^2 + lam/2 * w^2 (and lam * |w|)
        "ridge lam (half)": sympy.simplify(2 * s**2 * gauss_w / w**2),
        "lasso lam (half)": sympy.simplify(s**2 * laplace_w / sympy.Abs(w)),
    }


def lp_family() -> dict[str, sympy.Basic]:
    root = sympy.solve(sympy.Eq(p * w ** (p - 1), 1), w)[0]
    elastic = _prox(sympy.diff(lam1 * sympy.Abs(w) + lam2 * w**2, w))
    return {
        "Lp gradient (w > 0)": sympy.diff(lam * w**p, w),
        "Lp gradient crossover": root,
        "p -> 1": sympy.limit(root, p, 1, "+"),
        "p = 2": root.subs(p, 2),
        "elastic net": elastic,
        # its L1 and L2 ends
        "elastic net, lam_2 = 0": elastic.subs(lam2, 0),
        "elastic net, lam_1 = 0": elastic.subs(lam1, 0),
    }


# One function per catalogue entry (the name ``symreg derive`` takes), in report order.
SECTIONS = {
    "subdifferential": derivatives,
    "value-crossover": value_crossover,
    "gradient-crossover": gradient_crossover,
    "epsilon-step": epsilon_step,
    "worked-example": worked_example,
    "near-zero": near_zero,
    "prox": prox,
    "descent": descent,
    "map": map_estimates,
    "lp-family": lp_family,
}


def compute() -> dict[str, dict[str, sympy.Basic]]:
    """Every result, by catalogue entry."""
    return {name: section() for name, section in SECTIONS.items()}


def timed(names: list[str] | None = None) -> dict[str, float]:
    """Seconds each entry's results take (or those of ``names``), in this order in this process.

    In one process an entry's time depends on the entries before it: the first
    to use ``solve`` or ``simplify`` pays for loading and warming what they
    use. One name in a fresh process is that entry's results on their own.
    """
    seconds = {}
    for name in SECTIONS if names is None else names:
        start = time.perf_counter()
        SECTIONS[name]()
        seconds[name] = time.perf_counter() - start
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--json" in args:
        alone = args[args.index("--alone") + 1:][:1] if "--alone" in args else None
        if alone is not None and (not alone or alone[0] not in SECTIONS):
            print(f"--alone takes one of: {', '.join(SECTIONS)}", file=sys.stderr)
            return 2
        print(json.dumps(timed(alone)))
        return 0
    results = compute()
    if "-q" in args:
        print(f"{sum(len(r) for r in results.values())} results")
        return 0
    for section, values in results.items():
        print(f"[{section}]")
        for name, value in values.items():
            print(f"  {name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
