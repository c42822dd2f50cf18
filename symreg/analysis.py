r"""Comparisons of penalties: measures, epsilon steps, crossovers and dominance.

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
from symreg._memo import memo_values
from symreg._validate import require_positive, require_real_point
from symreg.calculus import polynomial_solution
from symreg.convention import Convention
from symreg.derivation import Chain, Derivation, Step
from symreg.dynamics import Descent, descent  # noqa: F401  (old import path)
from symreg.errors import InvalidParameterError, UnsupportedError, VerificationError
from symreg.penalties import Penalty
from symreg.proof import prove, simplified, sort_points
from symreg.proof._forms import power_product

__all__ = [
    "Crossover",
    "Dominance",
    "Kind",
    "crossover",
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


def _in_w(penalty: Penalty) -> sympy.Expr:
    """The penalty as an expression in the canonical ``w`` (whatever its own variable)."""
    return penalty.expr.xreplace({penalty.var: w})


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
    point = require_real_point(at, "at")
    size = require_positive(eps, "eps")
    after = point - size * sympy.sign(point)
    expr = _in_w(penalty)
    decrease = expr.subs(w, point) - expr.subs(w, after)
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
        quantity = _in_w(penalty)
    elif kind == "gradient":
        quantity = sympy.Abs(penalty.derivative().xreplace({penalty.var: w}))
    else:
        size = require_positive(eps, "eps")
        # For w >= eps the step lands on w - eps >= 0: write w = eps + t.
        quantity = (_in_w(penalty) - _in_w(penalty).subs(w, w - size)).subs(w, size + t)
        if not quantity.is_polynomial():  # |w| and the like, resolved by t > 0
            quantity = simplified(quantity)
        # Expanded, a polynomial has one form, so simplifying one first would change nothing.
        return sympy.expand(sympy.expand(quantity).subs(t, w - size))
    on_positive = quantity.subs(w, t)
    if not power_product(on_positive):  # as simple as it gets
        on_positive = simplified(on_positive)
    return on_positive.subs(t, w)


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
        conventions: their conventions as data.
        derivation: the verified derivation of :attr:`points`.
    """

    points: sympy.Basic
    kind: Kind
    penalties: tuple[Penalty, Penalty]
    conventions: tuple[Convention, Convention]
    derivation: Derivation

    def _repr_latex_(self) -> str:
        return f"${printing.latex(w)} \\in {printing.latex(self.points)}$"


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

    Penalties are values, so a crossover is computed once per process for
    each ``(a, b, kind, eps)`` and shared by every caller (the catalogue, the
    figures, the conventions table):

    >>> crossover(L1(), L2()) is crossover(L1(), L2())
    True
    """
    return _crossover_memo(a, b, kind, eps)


def _crossover(a: Penalty, b: Penalty, kind: Kind, eps: Any) -> Crossover:
    _check_kind(kind)
    _check_penalty(a, "a")
    _check_penalty(b, "b")
    size = require_positive(eps, "eps")
    domain, region = _domain(kind, size)
    ma, mb = measure(a, kind, eps=size), measure(b, kind, eps=size)
    equation = sympy.Eq(ma, mb)
    solutions = _normalise(sympy.solveset(ma - mb, w, domain))
    measures = [Step(_raw_measure(p, kind, size), m, reason=f"{kind} measure of {p.name}",
                     where=region) for p, m in ((a, ma), (b, mb))]
    steps = [
        # A measure that is the penalty itself (the value of L2) needs no step.
        *(step for step in measures if not step.vacuous),
        Step(equation, solutions, relation="solve", variable=w, domain=domain,
             reason=printing.words("solve on {}", region)),
    ]
    derivation = Derivation(
        name=f"crossover-{kind}-{a.name.lower()}-{b.name.lower()}",
        title=f"{kind.capitalize()} crossover of {a.name} and {b.name}",
        steps=tuple(steps),
        # the theorem is the solution set; the measures are lemmas on the way
        claim=[Chain((steps[-1],)).fact],
        results={"points": solutions},
        prose=(f"The weights where {a.name} and {b.name} are equal by the {kind} "
               "measure, solved for."),
        conventions=(a.convention, b.convention),
    )
    try:
        derivation.verify()
    except VerificationError as exc:
        raise UnsupportedError(
            f"the {kind} crossover of {a!r} and {b!r} could not be verified: {exc}"
        ) from exc
    return Crossover(points=solutions, kind=kind, penalties=(a, b),
                     conventions=(a.convention, b.convention), derivation=derivation)


_crossover_memo = memo_values()(_crossover)


def _raw_measure(p: Penalty, kind: Kind, eps: sympy.Expr) -> sympy.Expr:
    if kind == "value":
        return _in_w(p)
    if kind == "gradient":
        return sympy.Abs(sympy.Derivative(_in_w(p), w))
    return _in_w(p) - _in_w(p).subs(w, w - eps)


def _normalise(solutions: sympy.Set) -> sympy.Basic:
    """Turn ``Intersection({r}, [lo, oo))`` into a Piecewise on the parameters."""
    if isinstance(solutions, sympy.FiniteSet):
        return sympy.FiniteSet(*[simplified(r) for r in solutions.args])
    if isinstance(solutions, sympy.Intersection):
        finite = next((s for s in solutions.args if isinstance(s, sympy.FiniteSet)), None)
        others = [s for s in solutions.args if s is not finite]
        if finite is not None and len(finite) == 1:
            # A root that cancels to a polynomial is that polynomial, expanded (its one
            # expanded form); only another root is simplified first.
            root = sympy.cancel(finite.args[0])
            root = sympy.expand(root if root.is_polynomial() else simplified(finite.args[0]))
            finite = sympy.FiniteSet(root)
            condition = sympy.And(*[o.contains(root) for o in others])
            params = sorted(condition.free_symbols, key=lambda s: s.name)
            if len(params) == 1:
                condition = _solve_for(condition, params[0])
                condition = _drop_assumed(condition, params[0])
            return sympy.Piecewise((finite, condition), (sympy.S.EmptySet, True))
    if isinstance(solutions, sympy.ConditionSet):
        raise UnsupportedError(f"SymPy could not solve {solutions.condition}")
    return solutions


def _solve_for(condition: sympy.Basic, param: sympy.Symbol) -> sympy.Basic:
    """``condition`` solved for ``param``, as a relation (an inequality between
    polynomials as such, see :func:`~symreg.calculus.polynomial_solution`)."""
    found = polynomial_solution([condition], param)
    if found is not None:
        return found.as_relational(param)
    return sympy.solve_univariate_inequality(condition, param, relational=True)


def _drop_assumed(condition: sympy.Basic, param: sympy.Symbol) -> sympy.Basic:
    """Remove conjuncts that the assumptions of ``param`` already imply."""
    if isinstance(condition, sympy.And):
        kept = [c for c in condition.args if prove(c.lhs, c.rhs, relation=_rel(c)).status
                != "proved"]
        return sympy.And(*kept)
    return condition


_Rel = Literal["eq", "le", "lt", "ge", "gt"]
_RELS: dict[Any, _Rel] = {sympy.StrictLessThan: "lt", sympy.LessThan: "le",
                          sympy.StrictGreaterThan: "gt", sympy.GreaterThan: "ge",
                          sympy.Equality: "eq"}


def _rel(c: sympy.Basic) -> _Rel:
    return _RELS.get(type(c), "eq")


@dataclass(frozen=True, slots=True, kw_only=True)
class Dominance:
    """Which of two penalties is larger, and where, on ``w > 0``.

    Attributes:
        first: the set of ``w`` where ``a`` is strictly larger.
        second: the set of ``w`` where ``b`` is strictly larger.
        equal: where they are equal (the crossover).
        kind, penalties, conventions: as for :class:`Crossover`.
        derivation: the verified derivation (one inequality step per interval).
    """

    first: sympy.Set
    second: sympy.Set
    equal: sympy.Basic
    kind: Kind
    penalties: tuple[Penalty, Penalty]
    conventions: tuple[Convention, Convention]
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
        diff = simplified((ma - mb).subs(w, inner))
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
        # the theorem: where they are equal, and which is larger on each interval between
        claim=[*cross.derivation.statements, *(Chain((step,)).fact for step in steps)],
        prose=(f"Where {a.name} is larger than {b.name} by the {kind} measure and where it "
               "is smaller: the crossings, and one comparison on each interval between "
               "them."),
        conventions=cross.conventions,
    ).verify()
    return Dominance(first=sympy.Union(*first), second=sympy.Union(*second), equal=points,
                     kind=kind, penalties=(a, b), conventions=cross.conventions,
                     derivation=derivation)


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
