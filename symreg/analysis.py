r"""Comparisons of penalties: crossovers, dominance, epsilon steps and descent.

Three measures compare two penalties ``a`` and ``b`` at a weight ``w > 0``:

``"value"``
    the penalties themselves, ``a(w)`` and ``b(w)``;
``"gradient"``
    the magnitudes of their derivatives, ``|a'(w)|`` and ``|b'(w)|``;
``"step"``
    the decrease earned by one step of size ``eps`` toward zero,
    ``a(w) - a(w - eps)`` (only for ``w >= eps``, where the step does not
    overshoot zero).

Every result carries the conventions of the penalties it compares, because
they change the numbers (the gradient crossover of L1 and L2 is 1/2 under
``lam*w**2`` and 1 under ``lam/2*w**2``).

Examples
--------
>>> from symreg import L1, L2, crossover
>>> crossover(L1(), L2()).points
{1}
>>> crossover(L1(), L2(), kind="gradient").points
{1/2}
>>> crossover(L1(), L2(half=True), kind="gradient").points
{1}
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Literal

import sympy

from symreg import printing, symbols
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError, VerificationError
from symreg.penalties import Penalty, _require_real_point, require_positive
from symreg.proof import prove, sort_points

__all__ = [
    "Crossover",
    "Descent",
    "Dominance",
    "Kind",
    "crossover",
    "descent",
    "dominance",
    "measure",
    "step_decrease",
]

Kind = Literal["value", "gradient", "step"]
_KINDS: tuple[str, ...] = ("value", "gradient", "step")

w = symbols.w


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise InvalidParameterError(
            f"kind must be one of 'value', 'gradient', 'step', got {kind!r}"
        )


def _check_penalty(obj: Any, name: str) -> Penalty:
    if not isinstance(obj, Penalty):
        raise InvalidParameterError(f"{name} must be a Penalty, got {type(obj).__name__}")
    return obj


def step_decrease(penalty: Penalty, at: Any, eps: Any = symbols.eps) -> sympy.Expr:
    """The exact decrease ``P(at) - P(at - eps*sign(at))`` of one step toward zero.

    Rationals in, rationals out: floats appear only if the caller passes them.

    Args:
        penalty: the penalty.
        at: the weight before the step (a number or expression).
        eps: the step size (> 0).

    >>> from sympy import Rational
    >>> from symreg import L1, L2
    >>> step_decrease(L2(strength=1), 15, Rational(1, 1000))
    29999/1000000
    >>> step_decrease(L2(strength=1), Rational(1, 50), Rational(1, 1000))
    39/1000000
    >>> step_decrease(L1(strength=1), 15, Rational(1, 1000))
    1/1000
    >>> step_decrease(L1(), symbols.lam, symbols.eps)  # the step may overshoot 0
    lam**2 - lam*Abs(eps - lam)
    """
    _check_penalty(penalty, "penalty")
    point = _require_real_point(at, "at")
    size = require_positive(eps, "eps")
    after = point - size * sympy.sign(point)
    decrease = penalty.expr.subs(w, point) - penalty.expr.subs(w, after)
    # Exact arithmetic throughout: a symbolic weight gives the general formula
    # (use `measure(..., "step")` for the simpler form valid when w >= eps).
    return sympy.expand(decrease)


def measure(penalty: Penalty, kind: Kind, *, eps: Any = symbols.eps) -> sympy.Expr:
    """The quantity compared by ``kind`` as an expression in ``w``, valid for ``w > 0``.

    For ``"step"`` it is valid for ``w >= eps``.

    >>> from symreg import L1, L2
    >>> measure(L2(), "gradient")
    2*lam*w
    >>> measure(L1(), "step")
    eps*lam
    """
    _check_kind(kind)
    _check_penalty(penalty, "penalty")
    t = sympy.Dummy("t", positive=True)
    if kind == "value":
        quantity = penalty.expr
    elif kind == "gradient":
        quantity = sympy.Abs(penalty.derivative())
    else:
        size = require_positive(eps, "eps")
        # For w >= eps the step lands on w - eps >= 0: write w = eps + t.
        quantity = penalty.expr - penalty.expr.subs(w, w - size)
        quantity = sympy.expand(sympy.simplify(quantity.subs(w, size + t))).subs(t, w - size)
        return sympy.expand(quantity)
    return sympy.simplify(quantity.subs(w, t)).subs(t, w)


def _domain(kind: Kind, eps: sympy.Expr) -> tuple[sympy.Set, sympy.Basic]:
    if kind == "step":
        return sympy.Interval(eps, sympy.oo), w >= eps
    return sympy.Interval.open(0, sympy.oo), w > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Crossover:
    """Where two penalties are equal by one measure, on ``w > 0``.

    Attributes:
        points: the SymPy set of weights (a ``Piecewise`` of sets when it
            depends on a parameter, e.g. the step crossover needs ``eps <= 1``).
        kind: the measure compared.
        penalties: the two penalties, in order.
        conventions: temporary: their conventions as Python arithmetic (the
            renderers still parse it).
        convention_values: their conventions as data.
        derivation: the verified derivation of :attr:`points`.
    """

    points: sympy.Basic
    kind: Kind
    penalties: tuple[Penalty, Penalty]
    conventions: tuple[str, str]
    convention_values: tuple[Convention, Convention]
    derivation: Derivation

    def _repr_latex_(self) -> str:
        return f"$w \\in {printing.latex(self.points)}$"


def crossover(a: Penalty, b: Penalty, kind: Kind = "value", *,
              eps: Any = symbols.eps) -> Crossover:
    """The weights ``w > 0`` where ``a`` and ``b`` are equal by the measure ``kind``.

    Args:
        a: first penalty.
        b: second penalty.
        kind: ``"value"``, ``"gradient"`` or ``"step"`` (see the module docs).
        eps: step size for ``kind="step"``.

    >>> from symreg import L1, L2, Lp
    >>> crossover(Lp(3), L2(), kind="gradient").points
    {2/3}
    >>> crossover(L1(), L2(), kind="step").points
    Piecewise(({eps/2 + 1/2}, eps <= 1), (EmptySet, True))
    """
    _check_kind(kind)
    _check_penalty(a, "a")
    _check_penalty(b, "b")
    size = require_positive(eps, "eps")
    domain, region = _domain(kind, size)
    ma, mb = measure(a, kind, eps=size), measure(b, kind, eps=size)
    equation = sympy.Eq(ma, mb)
    solutions = _normalise(sympy.solveset(ma - mb, w, domain))
    steps = [
        Step(_raw_measure(a, kind, size), ma, reason=f"{kind} measure of {a.name}",
             where=region),
        Step(_raw_measure(b, kind, size), mb, reason=f"{kind} measure of {b.name}",
             where=region),
        Step(equation, solutions, relation="solve", variable=w, domain=domain,
             reason=f"solve on ${printing.latex(region)}$"),
    ]
    derivation = Derivation(
        name=f"crossover-{kind}-{a.name.lower()}-{b.name.lower()}",
        title=f"{kind.capitalize()} crossover of {a.name} and {b.name}",
        steps=tuple(steps),
        conventions=(a.convention, b.convention),
        convention_values=(a.convention_value, b.convention_value),
    )
    try:
        derivation.verify()
    except VerificationError as exc:
        raise UnsupportedError(
            f"the {kind} crossover of {a!r} and {b!r} could not be verified: {exc}"
        ) from exc
    return Crossover(points=solutions, kind=kind, penalties=(a, b),  # type: ignore[arg-type]
                     conventions=(a.convention, b.convention),
                     convention_values=(a.convention_value, b.convention_value),
                     derivation=derivation)


def _raw_measure(p: Penalty, kind: Kind, eps: sympy.Expr) -> sympy.Expr:
    if kind == "value":
        return p.expr
    if kind == "gradient":
        return sympy.Abs(sympy.Derivative(p.expr, w))
    return p.expr - p.expr.subs(w, w - eps)


def _normalise(solutions: sympy.Set) -> sympy.Basic:
    """Turn ``Intersection({r}, [lo, oo))`` into a Piecewise on the parameters."""
    if isinstance(solutions, sympy.FiniteSet):
        return sympy.FiniteSet(*[sympy.simplify(r) for r in solutions.args])
    if isinstance(solutions, sympy.Intersection):
        finite = next((s for s in solutions.args if isinstance(s, sympy.FiniteSet)), None)
        others = [s for s in solutions.args if s is not finite]
        if finite is not None and len(finite) == 1:
            root = sympy.expand(sympy.simplify(finite.args[0]))
            finite = sympy.FiniteSet(root)
            condition = sympy.And(*[o.contains(root) for o in others])
            params = sorted(condition.free_symbols, key=lambda s: s.name)
            if len(params) == 1:
                condition = sympy.solve_univariate_inequality(
                    condition, params[0], relational=True)
                condition = _drop_assumed(condition, params[0])
            return sympy.Piecewise((finite, condition), (sympy.S.EmptySet, True))
    if isinstance(solutions, sympy.ConditionSet):
        raise UnsupportedError(f"SymPy could not solve {solutions.condition}")
    return solutions


def _drop_assumed(condition: sympy.Basic, param: sympy.Symbol) -> sympy.Basic:
    """Remove conjuncts that the assumptions of ``param`` already imply."""
    if isinstance(condition, sympy.And):
        kept = [c for c in condition.args if prove(c.lhs, c.rhs, relation=_rel(c)).status
                != "proved"]
        return sympy.And(*kept)
    return condition


def _rel(c: sympy.Basic) -> str:
    return {sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
            sympy.GreaterThan: "ge", sympy.Equality: "eq"}.get(type(c), "eq")


@dataclass(frozen=True, slots=True, kw_only=True)
class Dominance:
    """Which of two penalties is larger, and where, on ``w > 0``.

    Attributes:
        first: the set of ``w`` where ``a`` is strictly larger.
        second: the set of ``w`` where ``b`` is strictly larger.
        equal: where they are equal (the crossover).
        kind, penalties, conventions, convention_values: as for :class:`Crossover`.
        derivation: the verified derivation (one inequality step per interval).
    """

    first: sympy.Set
    second: sympy.Set
    equal: sympy.Basic
    kind: Kind
    penalties: tuple[Penalty, Penalty]
    conventions: tuple[str, str]
    convention_values: tuple[Convention, Convention]
    derivation: Derivation

    def _repr_latex_(self) -> str:
        a, b = self.penalties
        return (f"${a.latex()}$ is larger on ${printing.latex(self.first)}$, "
                f"${b.latex()}$ on ${printing.latex(self.second)}$ ({self.kind})")


def dominance(a: Penalty, b: Penalty, kind: Kind = "value", *,
              eps: Any = symbols.eps) -> Dominance:
    """The intervals of ``w > 0`` where each penalty is larger by ``kind``.

    The crossover points cut ``w > 0`` into intervals; on each the sign of
    the difference is constant and is proved by an inequality step.

    >>> from symreg import L1, L2
    >>> d = dominance(L1(), L2())
    >>> d.first, d.second
    (Interval.open(0, 1), Interval.open(1, oo))
    """
    cross = crossover(a, b, kind, eps=eps)
    size = require_positive(eps, "eps")
    points = cross.points
    if not isinstance(points, sympy.FiniteSet):
        raise UnsupportedError(
            f"the {kind} crossover of {a.name} and {b.name} depends on a parameter: {points}"
        )
    ma, mb = measure(a, kind, eps=size), measure(b, kind, eps=size)
    lower = size if kind == "step" else sympy.S.Zero
    cuts = sort_points(list(points.args))
    if cuts is None:
        raise UnsupportedError(f"cannot order the {kind} crossovers {points}")
    bounds = [lower, *cuts, sympy.oo]
    first: list[sympy.Set] = []
    second: list[sympy.Set] = []
    steps: list[Step] = []
    for i, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        left_open = not (i == 0 and kind == "step")
        piece = sympy.Interval(lo, hi, left_open, True)
        region = sympy.And(w > lo if left_open else w >= lo, w < hi) if hi != sympy.oo else (
            w > lo if left_open else w >= lo)
        inner = _inner_point(lo, hi)
        diff = sympy.simplify((ma - mb).subs(w, inner))
        sign = _sign(diff)
        if sign > 0:
            first.append(piece)
        else:
            second.append(piece)
        steps.append(Step(ma, mb, relation="gt" if sign > 0 else "lt", where=region,
                          reason=f"{a.name} {'above' if sign > 0 else 'below'} {b.name} here"))
    derivation = Derivation(
        name=f"dominance-{kind}-{a.name.lower()}-{b.name.lower()}",
        title=f"Where {a.name} and {b.name} dominate ({kind})",
        steps=(*cross.derivation.steps, *steps),
        conventions=cross.conventions,
        convention_values=cross.convention_values,
    ).verify()
    return Dominance(first=sympy.Union(*first), second=sympy.Union(*second), equal=points,
                     kind=kind, penalties=(a, b), conventions=cross.conventions,
                     convention_values=cross.convention_values, derivation=derivation)


def _inner_point(lo: sympy.Expr, hi: sympy.Expr) -> sympy.Expr:
    if hi == sympy.oo:
        return lo + 1
    return (lo + hi) / 2


def _sign(value: sympy.Expr) -> int:
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    raise UnsupportedError(f"cannot decide the sign of {value}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Descent:
    """Closed form of ``k`` steps of a descent method on one penalty alone.

    Attributes:
        method: ``"gradient"`` (subgradient for L1) or ``"proximal"``.
        penalty: the penalty.
        iterate: ``w_k`` as an expression in ``k``, ``w0``, ``eta`` and the strength.
        zero_after: the number of steps after which ``w_k = 0`` exactly (an
            expression in ``w0``), or None when the iterates never reach 0 from
            ``w0 != 0``.
        convention: temporary: the penalty's convention as Python arithmetic.
        convention_value: the penalty's convention as data.
        derivation: the verified derivation.
    """

    method: Literal["gradient", "proximal"]
    penalty: Penalty
    iterate: sympy.Expr
    zero_after: sympy.Expr | None
    convention: str
    convention_value: Convention
    derivation: Derivation

    def _repr_latex_(self) -> str:
        return f"$w_k = {printing.latex(self.iterate)}$"


def descent(penalty: Penalty, *, method: Literal["gradient", "proximal"] = "proximal",
            step: Any = symbols.eta) -> Descent:
    """Iterates of (sub)gradient or proximal steps on ``penalty`` alone, in closed form.

    On positive weights beyond the kink the update is affine in ``w``; the
    recurrence is solved with :func:`sympy.rsolve` and every claim about the
    solution is a verified step. Three cases arise:

    * a smooth penalty (L2): ``w_{k+1} = c * w_k``, so ``w_k = w0 * c**k``,
      which is never exactly 0 for ``w0 != 0`` unless ``c = 0``;
    * proximal steps with a kink (L1, elastic net): the weight moves toward 0
      by a fixed amount per step and lands exactly on 0 after
      ``ceiling(|w0| / threshold)`` steps, where it stays;
    * subgradient steps with a kink: the same fixed decrease, but only while
      the sign is unchanged; then the iterate overshoots and oscillates, and
      reaches 0 only when ``|w0|`` is a multiple of the decrease.

    >>> from symreg import L1, L2
    >>> descent(L2(), method="gradient").iterate
    w_0*(-2*eta*lam + 1)**k
    >>> descent(L2(), method="proximal").iterate
    w_0/(2*eta*lam + 1)**k
    >>> d = descent(L1(), method="proximal")
    >>> d.iterate
    sign(w_0)*Max(0, -eta*k*lam + Abs(w_0))
    >>> d.zero_after
    ceiling(Abs(w_0)/(eta*lam))
    """
    _check_penalty(penalty, "penalty")
    if method not in ("gradient", "proximal"):
        raise InvalidParameterError(
            f"method must be 'gradient' or 'proximal', got {method!r}")
    size = require_positive(step, "step")
    w0, k = symbols.w0, symbols.k
    f = sympy.Function("w")
    t = sympy.Dummy("t", positive=True)
    if method == "gradient":
        update = w - size * penalty.derivative()
    else:
        update = penalty.prox(step=size).subs(symbols.z, w)
    has_kink = len(penalty.kinks()) > 0
    # Where the update is affine: beyond the dead zone of the prox, or w > 0.
    threshold = size * penalty.subdifferential(at=0).sup if (
        has_kink and method == "proximal") else sympy.S.Zero
    on_region = sympy.expand(sympy.simplify(update.subs(w, threshold + t)).subs(
        t, w - threshold))
    if not on_region.is_polynomial(w) or sympy.degree(on_region, w) > 1:
        raise UnsupportedError(f"the update {update} is not affine in w; no closed form")
    recurrence = f(k + 1) - on_region.subs(w, f(k))
    solution = sympy.rsolve(recurrence, f(k), {f(0): w0})
    if solution is None:  # pragma: no cover - affine recurrences always solve
        raise UnsupportedError(f"rsolve could not solve {recurrence} = 0")
    if on_region.is_zero:
        # w_{k+1} = 0 (e.g. L2(1) with step 1/2: the factor 1 - 2*step*strength is
        # 0): rsolve answers 0 and drops w_0, so the "starts at w_0" step failed.
        solution = w0 * sympy.S.Zero**k
    steps = [
        Step(update, on_region, where=w > threshold,
             reason=f"the {method} update, for $w > {printing.latex(threshold)}$"),
        Step(solution.subs(k, k + 1), on_region.subs(w, solution),
             reason="rsolve's solution satisfies the recurrence"),
        Step(solution.subs(k, 0), w0, reason="and starts at $w_0$"),
    ]
    remarks: list[str] = []
    zero_after: sympy.Expr | None = None
    decrease = sympy.expand(w - on_region)
    if has_kink and decrease.has(w):
        raise UnsupportedError(
            f"no closed form for {method} steps on {penalty!r}: the update {on_region} "
            "both shrinks and shifts the weight")
    if not has_kink:
        factor = sympy.simplify(on_region / w)
        steps.append(Step(update.subs(w, -w), -update,
                          reason="the update is odd, so negative weights mirror"))
        steps.append(Step(solution, w0 * factor**k, reason="a geometric sequence"))
        iterate = w0 * factor**k
        if not factor.is_zero:
            nonzero = sympy.Ne(w0, 0) if factor.is_nonzero else (
                sympy.Ne(w0, 0) & sympy.Ne(factor, 0))
            steps.append(Step(sympy.Abs(iterate), 0, relation="gt", where=nonzero,
                              reason="so it never reaches exactly $0$"))
        if factor.is_zero:
            # The first step lands exactly on 0 (and w_0 = 0 is there already).
            steps.append(Step(iterate.subs(k, 1), 0, reason="the factor is $0$: one step to $0$"))
            zero_after = sympy.Piecewise((0, sympy.Eq(w0, 0)), (1, True))
        vanish = sympy.solveset(factor, size, sympy.Interval.open(0, sympy.oo)) if (
            size.free_symbols) else sympy.S.EmptySet
        if vanish:
            tex = printing.latex
            remarks.append(
                f"The iterates are never exactly $0$ from $w_0 \\ne 0$, except when "
                f"${tex(size)} \\in {tex(vanish)}$, where the factor ${tex(factor)}$ vanishes.")
    elif method == "proximal":
        frac = symbols.theta
        start = threshold * (k + frac)
        steps += [
            Step(solution.subs(w0, start), threshold * frac,
                 reason=(f"write $|w_0| = {printing.latex(threshold)} (k + \\theta)$ "
                        "with $0 < \\theta \\le 1$")),
            Step(threshold * frac, threshold, relation="le", where=frac <= 1,
                 reason="so after $k$ steps the weight is in the dead zone"),
            Step(update, 0, where=(w > 0) & (w <= threshold),
                 reason="where the prox returns exactly $0$"),
            Step(sympy.ceiling(start / threshold), k + 1, where=frac <= 1,
                 reason=("so $0$ is reached after $k + 1$ steps, the ceiling of $|w_0|$ "
                         "over the threshold")),
        ]
        iterate = sympy.sign(w0) * sympy.Max(sympy.Abs(w0) - k * threshold, 0)
        zero_after = sympy.ceiling(sympy.Abs(w0) / threshold)
    else:
        steps.append(Step(decrease, sympy.Abs(decrease), where=w > 0,
                          reason="each step moves the weight by a fixed positive amount"))
        iterate = sympy.Piecewise(
            (sympy.sign(w0) * (sympy.Abs(w0) - k * decrease), k * decrease <= sympy.Abs(w0)),
            (sympy.nan, True))
        remarks.append(
            f"The closed form holds while ${printing.latex(k * decrease)} \\le |w_0|$; the "
            "next step overshoots $0$ unless $|w_0|$ is a multiple of the decrease, and the "
            "iterates then oscillate around $0$ instead of settling there.")
    derivation = Derivation(
        name=f"descent-{method}-{penalty.name.lower()}",
        title=f"{method.capitalize()} steps on {penalty.name} alone",
        steps=tuple(steps),
        conventions=(penalty.convention,),
        convention_values=(penalty.convention_value,),
        remarks=tuple(remarks),
    ).verify()
    return Descent(method=method, penalty=penalty, iterate=iterate, zero_after=zero_after,
                   convention=penalty.convention, convention_value=penalty.convention_value,
                   derivation=derivation)
