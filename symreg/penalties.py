r"""Penalties of one weight: L1, L2, Lp and the elastic net.

Each penalty is an immutable value holding its strength and its convention.
Everything beyond the expression itself is *computed*, never typed in per
class:

* :meth:`Penalty.derivative` differentiates the expression and writes the
  result in the form ``sign(w) * g(|w|)`` when that is simpler;
* :meth:`Penalty.subdifferential` takes one-sided limits of the derivative
  (for a convex function of one variable, the subdifferential at ``a`` is the
  interval between the left and right derivatives at ``a``);
* :meth:`Penalty.prox` solves the optimality condition
  ``0 in u - z + step * dP(u)`` separately for ``u > 0``, ``u < 0`` and
  ``u = 0`` and returns the resulting ``Piecewise`` in ``z``, together with the
  verified steps of that derivation (:meth:`Penalty.prox_derivation`).

Examples
--------
>>> from symreg import L1, L2
>>> from symreg.symbols import eta
>>> L1().subdifferential(at=0)
Interval(-lam, lam)
>>> L1().prox(step=eta)
Piecewise((-eta*lam + z, z > eta*lam), (eta*lam + z, z < -eta*lam), (0, True))
>>> L2().prox(step=eta)
z/(2*eta*lam + 1)
>>> L2(half=True).prox(step=eta)
z/(eta*lam + 1)
"""

from __future__ import annotations

import functools
from typing import Any

import sympy

from symreg import printing, symbols
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError, VerificationError
from symreg.proof import breakpoints, prove

__all__ = [
    "L1",
    "L2",
    "ElasticNet",
    "Lp",
    "Penalty",
    "require_positive",
]

w, z = symbols.w, symbols.z


def require_positive(value: Any, name: str) -> sympy.Expr:
    """Return ``value`` as a SymPy expression, refusing what cannot be positive.

    A number must be > 0; a symbol or expression is accepted unless its
    assumptions make it non-positive or non-real (three-way validation: only a
    provably invalid value is refused).

    >>> require_positive(2, "strength")
    2
    >>> require_positive(0, "strength")
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: strength must be positive (> 0), got 0
    """
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidParameterError(
            f"{name} must be a positive number or SymPy expression, got {value!r}"
        ) from exc
    if not isinstance(expr, sympy.Expr):
        raise InvalidParameterError(
            f"{name} must be a positive number or SymPy expression, got {value!r}"
        )
    if expr.is_positive is False or expr.is_real is False or expr.has(
        sympy.nan, sympy.zoo, sympy.oo, -sympy.oo
    ):
        raise InvalidParameterError(f"{name} must be positive (> 0), got {value}")
    return expr


def _require_real_point(value: Any, name: str) -> sympy.Expr:
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidParameterError(f"{name} must be a real number or expression, "
                                    f"got {value!r}") from exc
    if not isinstance(expr, sympy.Expr) or expr.is_real is False or expr.has(
        sympy.nan, sympy.zoo
    ):
        raise InvalidParameterError(f"{name} must be a real number or expression, got {value}")
    return expr


class Penalty:
    """Base class of penalties ``P(w)`` of one real weight ``w``.

    Subclasses define :attr:`expr`, :attr:`name`, :attr:`convention` and
    :meth:`_key`; everything else is derived from the expression.
    """

    __slots__ = ()

    #: Short name used in tables and figures (``"L1"``, ``"L2"``, ...).
    name: str = "P"

    # -- value semantics ---------------------------------------------------
    def _key(self) -> tuple[Any, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _set(self, **values: Any) -> None:
        for key, value in values.items():
            object.__setattr__(self, key, value)

    # -- the model ---------------------------------------------------------
    @property
    def expr(self) -> sympy.Expr:  # pragma: no cover - abstract
        """The penalty as a SymPy expression in ``w``."""
        raise NotImplementedError

    @property
    def convention_value(self) -> Convention:  # pragma: no cover - abstract
        """The convention of this penalty as data: its form with the strength ``lam``.

        >>> from symreg import L2
        >>> L2(half=True).convention_value.expr
        lam*w**2/2
        """
        raise NotImplementedError

    @property
    def convention(self) -> str:  # pragma: no cover - abstract
        """Temporary: the convention as Python arithmetic, e.g. ``"lam*w**2"``.

        The renderers still parse this text; once they print
        :attr:`convention_value` this string goes away.
        """
        raise NotImplementedError

    @property
    def convex(self) -> bool:
        """Whether the penalty is convex (Lp with p < 1 is not)."""
        return True

    def __call__(self, value: Any) -> sympy.Expr:
        """Evaluate the penalty at ``value`` exactly.

        >>> from symreg import L1
        >>> L1(strength=3)(-2)
        6
        """
        return self.expr.subs(w, _require_real_point(value, "w"))

    def latex(self) -> str:
        r"""The penalty as LaTeX.

        >>> from symreg import L2
        >>> L2(half=True).latex()
        '\\frac{\\lambda w^{2}}{2}'
        """
        return printing.latex(self.expr)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    # -- calculus ----------------------------------------------------------
    def derivative(self) -> sympy.Expr:
        """The classical derivative ``dP/dw`` where it exists.

        At a kink (``w = 0`` for L1) the formula is not a derivative (there
        ``sign(0) = 0``); use :meth:`subdifferential` there. :meth:`kinks`
        lists those points.

        >>> from symreg import L1, L2, Lp
        >>> L1().derivative(), L2().derivative(), Lp(3).derivative()
        (lam*sign(w), 2*lam*w, 3*lam*w**2*sign(w))
        """
        return _derivative(self.expr)

    def one_sided_derivatives(self, at: Any) -> tuple[sympy.Expr, sympy.Expr]:
        """Left and right derivatives of the penalty at ``at``.

        Computed as one-sided limits of :meth:`derivative`.

        >>> from symreg import L1
        >>> L1().one_sided_derivatives(0)
        (-lam, lam)
        """
        point = _require_real_point(at, "at")
        return _one_sided(self.derivative(), point)

    def kinks(self) -> sympy.FiniteSet:
        """The points where the penalty is not differentiable.

        >>> from symreg import L1, L2
        >>> L1().kinks(), L2().kinks()
        ({0}, EmptySet)
        """
        found = [c for c in breakpoints(self.derivative(), w)
                 if _differs(*_one_sided(self.derivative(), c))]
        return sympy.FiniteSet(*found)

    def subdifferential(self, *, at: Any = None) -> sympy.Set | sympy.Piecewise:
        """The subdifferential of the penalty.

        For a convex penalty of one variable the subdifferential at ``a`` is
        the closed interval between the left and right derivatives at ``a``
        (a single point where the penalty is differentiable). For the
        non-convex ``Lp`` with ``p < 1`` the same construction gives the
        *regular* (Fréchet) subdifferential: the derivative off 0 and all of
        the real line at 0, where ``|w|**p`` outgrows every linear function.

        Args:
            at: the point; None gives the set-valued map over all ``w`` as a
                ``Piecewise`` of sets.

        >>> from symreg import L1, L2, Lp
        >>> from symreg.symbols import lam
        >>> L1().subdifferential(at=0)
        Interval(-lam, lam)
        >>> L1().subdifferential(at=lam)
        {lam}
        >>> L1().subdifferential()
        Piecewise((Interval(-lam, lam), Eq(w, 0)), ({lam*sign(w)}, True))
        >>> Lp(sympy.Rational(1, 2)).subdifferential(at=0)
        Interval(-oo, oo)
        """
        if at is not None:
            point = _require_real_point(at, "at")
            if _may_meet(point, self.kinks().args):
                # A symbolic point that may sit on a kink (``at=w``): the answer
                # depends on where it is, so it is the set-valued map at that point.
                return self.subdifferential().subs(w, point)
            left, right = self.one_sided_derivatives(point)
            return _interval(left, right)
        pieces: list[tuple[sympy.Basic, sympy.Basic]] = []
        for c in self.kinks().args:
            left, right = _one_sided(self.derivative(), c)
            pieces.append((_interval(left, right), sympy.Eq(w, c)))
        pieces.append((sympy.FiniteSet(self.derivative()), sympy.true))
        if len(pieces) == 1:
            return pieces[0][0]
        return sympy.Piecewise(*pieces)

    # -- proximal operator --------------------------------------------------
    def prox(self, *, step: Any = symbols.eta) -> sympy.Expr:
        """The proximal operator ``argmin_u 1/2 (u - z)**2 + step * P(u)``.

        Derived from the optimality condition (see :meth:`prox_derivation`).

        >>> from symreg import ElasticNet
        >>> from symreg.symbols import eta
        >>> ElasticNet().prox(step=eta)
        Piecewise(((-eta*lam_1 + z)/(2*eta*lam_2 + 1), z > eta*lam_1),
                  ((eta*lam_1 + z)/(2*eta*lam_2 + 1), z < -eta*lam_1), (0, True))
        """
        return self.prox_derivation(step=step).result

    def prox_derivation(self, *, step: Any = symbols.eta) -> Derivation:
        """The verified derivation of :meth:`prox` from the optimality condition.

        >>> from symreg import L1
        >>> d = L1().prox_derivation()
        >>> d.verified, d.steps[0].reason
        (True, 'optimality condition, solved for positive $u$')
        """
        return _prox_derivation(self, require_positive(step, "step"))


# ---------------------------------------------------------------------------
# the four families


class L1(Penalty):
    """The L1 penalty ``strength * |w|``.

    >>> L1().expr
    lam*Abs(w)
    """

    __slots__ = ("strength",)
    name = "L1"
    strength: sympy.Expr

    def __init__(self, strength: Any = symbols.lam) -> None:
        self._set(strength=require_positive(strength, "strength"))

    def _key(self) -> tuple[Any, ...]:
        return (self.strength,)

    def __repr__(self) -> str:
        return f"L1(strength={self.strength})"

    @property
    def expr(self) -> sympy.Expr:
        return self.strength * sympy.Abs(w)

    @property
    def convention_value(self) -> Convention:
        return Convention(label="L1 penalty", expr=symbols.lam * sympy.Abs(w))

    @property
    def convention(self) -> str:
        return "lam*|w|"


class L2(Penalty):
    """The L2 penalty ``strength * w**2`` (``strength/2 * w**2`` with ``half=True``).

    The factor 1/2 changes every derived number (gradient, prox, MAP strength),
    so it is part of the value and of :attr:`convention`.

    >>> L2().expr, L2(half=True).expr
    (lam*w**2, lam*w**2/2)
    >>> L2(half=True).convention
    'lam/2*w**2'
    """

    __slots__ = ("half", "strength")
    name = "L2"
    strength: sympy.Expr
    half: bool

    def __init__(self, strength: Any = symbols.lam, *, half: bool = False) -> None:
        if not isinstance(half, bool):
            raise InvalidParameterError(f"half must be True or False, got {half!r}")
        self._set(strength=require_positive(strength, "strength"), half=half)

    def _key(self) -> tuple[Any, ...]:
        return (self.strength, self.half)

    def __repr__(self) -> str:
        return f"L2(strength={self.strength}, half={self.half})"

    @property
    def expr(self) -> sympy.Expr:
        factor = sympy.Rational(1, 2) if self.half else sympy.S.One
        return factor * self.strength * w**2

    @property
    def convention_value(self) -> Convention:
        return Convention(label="L2 penalty", expr=L2(half=self.half).expr)

    @property
    def convention(self) -> str:
        return "lam/2*w**2" if self.half else "lam*w**2"


class Lp(Penalty):
    """The penalty ``strength * |w|**p`` for ``p > 0``.

    ``Lp(1)`` equals L1 and ``Lp(2)`` equals L2 in the ``lam*w**2`` convention.
    For ``p < 1`` the penalty is not convex; see :meth:`subdifferential` and
    :meth:`prox`.

    >>> Lp(3).expr  # SymPy writes |w|**3 as w**2*|w| for real w
    lam*w**2*Abs(w)
    >>> Lp(0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: p must be positive (> 0), got 0
    """

    __slots__ = ("p", "strength")
    name = "Lp"
    p: sympy.Expr
    strength: sympy.Expr

    def __init__(self, p: Any, strength: Any = symbols.lam) -> None:
        self._set(p=require_positive(p, "p"), strength=require_positive(strength, "strength"))

    def _key(self) -> tuple[Any, ...]:
        return (self.p, self.strength)

    def __repr__(self) -> str:
        return f"Lp(p={self.p}, strength={self.strength})"

    @property
    def expr(self) -> sympy.Expr:
        return self.strength * sympy.Abs(w) ** self.p

    @property
    def convention_value(self) -> Convention:
        # |w|**3 would evaluate to w**2*|w|: the convention keeps the form as written.
        return Convention(label="Lp penalty",
                          expr=sympy.Mul(symbols.lam, sympy.Pow(sympy.Abs(w), self.p,
                                                                evaluate=False),
                                         evaluate=False))

    @property
    def convention(self) -> str:
        power = self.p if self.p.is_Integer or self.p.is_Symbol else f"({self.p})"
        return f"lam*|w|**{power}"

    @property
    def convex(self) -> bool:
        return bool((self.p - 1).is_nonnegative)


class ElasticNet(Penalty):
    """The elastic net ``l1 * |w| + l2 * w**2`` (``l2/2 * w**2`` with ``half=True``).

    >>> ElasticNet(l1=1, l2=3).expr
    3*w**2 + Abs(w)
    """

    __slots__ = ("half", "l1", "l2")
    name = "ElasticNet"
    l1: sympy.Expr
    l2: sympy.Expr
    half: bool

    def __init__(self, *, l1: Any = symbols.lam1, l2: Any = symbols.lam2,
                 half: bool = False) -> None:
        if not isinstance(half, bool):
            raise InvalidParameterError(f"half must be True or False, got {half!r}")
        self._set(l1=require_positive(l1, "l1"), l2=require_positive(l2, "l2"), half=half)

    def _key(self) -> tuple[Any, ...]:
        return (self.l1, self.l2, self.half)

    def __repr__(self) -> str:
        return f"ElasticNet(l1={self.l1}, l2={self.l2}, half={self.half})"

    @property
    def expr(self) -> sympy.Expr:
        return L1(self.l1).expr + L2(self.l2, half=self.half).expr

    @property
    def convention_value(self) -> Convention:
        return Convention(label="elastic net penalty", expr=ElasticNet(half=self.half).expr)

    @property
    def convention(self) -> str:
        return "l1*|w| + l2/2*w**2" if self.half else "l1*|w| + l2*w**2"


# ---------------------------------------------------------------------------
# generic calculus


@functools.lru_cache(maxsize=256)
def _derivative(expr: sympy.Expr) -> sympy.Expr:
    raw = sympy.diff(expr, w)
    t = sympy.Dummy("t", positive=True)
    on_positive = sympy.simplify(raw.subs(w, t))
    candidates = [
        sympy.expand(on_positive.subs(t, w)),
        sympy.expand(sympy.sign(w) * on_positive.subs(t, sympy.Abs(w))).subs(
            sympy.sign(w) * sympy.Abs(w), w
        ),
    ]
    for form in candidates:
        if prove(form, raw, where=sympy.Ne(w, 0)).status == "proved":
            return form
    return raw  # pragma: no cover - every penalty here has a signed form


def _may_meet(point: sympy.Expr, candidates: Any) -> list[sympy.Expr]:
    """The candidates that a symbolic ``point`` may equal (none for a number)."""
    if not point.free_symbols:
        return []
    return [c for c in candidates if sympy.Eq(point, c) is not sympy.false]


def _one_sided(derivative: sympy.Expr, point: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    # SymPy's limit at a point of unknown sign is the *generic* value: at ``w``
    # it gave 0 on both sides of the L1 kink w = 0 (and a complex value for
    # Lp(1/2) at w < 0). So a symbolic point that may meet a breakpoint of the
    # derivative gets a Piecewise: the one-sided limits at each breakpoint it may
    # equal, and the derivative itself (continuous off the breakpoints) elsewhere.
    meets = _may_meet(point, breakpoints(derivative, w))
    for c in meets:
        if sympy.Eq(point, c) is sympy.true:
            return _limits(derivative, c)
    if not meets:
        return _limits(derivative, point)
    at_breaks = [(_limits(derivative, c), sympy.Eq(point, c)) for c in meets]
    generic = derivative.subs(w, point)
    return (sympy.Piecewise(*[(lr[0], cond) for lr, cond in at_breaks], (generic, True)),
            sympy.Piecewise(*[(lr[1], cond) for lr, cond in at_breaks], (generic, True)))


def _limits(derivative: sympy.Expr, point: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    t = sympy.Dummy("t", positive=True)
    left = sympy.limit(derivative.subs(w, point - t), t, 0, "+")
    right = sympy.limit(derivative.subs(w, point + t), t, 0, "+")
    if isinstance(left, sympy.Limit) or isinstance(right, sympy.Limit):
        raise UnsupportedError(
            f"cannot take the one-sided limits of {derivative} at w = {point}"
        )
    return sympy.simplify(left), sympy.simplify(right)


def _differs(left: sympy.Expr, right: sympy.Expr) -> bool:
    if left.is_infinite or right.is_infinite:
        return left != right
    outcome = prove(left, right)
    if outcome.status == "unknown":
        raise UnsupportedError(f"cannot decide whether {left} and {right} are equal")
    return outcome.status == "refuted"


def _interval(left: sympy.Expr, right: sympy.Expr) -> sympy.Set:
    if not _differs(left, right):
        return sympy.FiniteSet(left)
    return sympy.Interval(left, right)


# ---------------------------------------------------------------------------
# proximal operator from the optimality condition


@functools.lru_cache(maxsize=128)
def _prox_derivation(penalty: Penalty, step: sympy.Expr) -> Derivation:
    if not penalty.convex:
        raise UnsupportedError(
            f"the prox of {penalty!r} is not supported: the penalty is not convex, so "
            "the optimality condition does not characterise the minimiser"
        )
    derivative = penalty.derivative()
    at_zero = penalty.subdifferential(at=0)
    low, high = (at_zero.inf, at_zero.sup)
    steps: list[Step] = []
    branches: list[tuple[sympy.Expr, sympy.Basic]] = []
    for sign, threshold in ((1, high), (-1, low)):
        branch, branch_steps = _prox_branch(derivative, step, sign, threshold)
        steps.extend(branch_steps)
        branches.append(branch)
    steps.append(Step(
        z, _scale_set(at_zero, step), relation="in",
        reason=r"$u = 0$ is optimal iff $z$ lies in the step times $\partial P(0)$",
        where=(z >= step * low) & (z <= step * high),
    ))
    prox = sympy.Piecewise(*branches, (sympy.S.Zero, True))
    cases = sympy.Piecewise(
        *branches, (sympy.S.Zero, (z >= step * low) & (z <= step * high)), evaluate=False)
    steps.append(Step(cases, _collapse(prox, branches),
                      reason="the three cases cover every $z$; together"))
    derivation = Derivation(
        name=f"prox-{penalty.name.lower()}",
        title=f"Proximal operator of {penalty.name} ({penalty.convention})",
        steps=tuple(steps),
        statement=(
            "The proximal operator minimises $\\frac{1}{2}(u - z)^2 + "
            f"{printing.latex(step)}\\,P(u)$ over $u$; it is found from the "
            "optimality condition $0 \\in u - z + "
            f"{printing.latex(step)}\\,\\partial P(u)$, case by case on the sign of $u$."
        ),
        conventions=(penalty.convention,),
        convention_values=(penalty.convention_value,),
    )
    try:
        return derivation.verify()
    except VerificationError as exc:
        raise UnsupportedError(
            f"the prox of {penalty!r} could not be verified: {exc}") from exc


def _prox_branch(derivative: sympy.Expr, step: sympy.Expr, sign: int,
                 threshold: sympy.Expr) -> tuple[tuple[sympy.Expr, sympy.Basic], list[Step]]:
    """Solve u - z + step * P'(u) = 0 for u of the given sign."""
    u = symbols.u
    side = "positive" if sign > 0 else "negative"
    t_u = sympy.Dummy("u", positive=True)
    t_z = sympy.Dummy("z", positive=True)
    condition = u - z + step * derivative.subs(w, u)
    # On the branch, u = sign * t_u and z = sign * t_z with t_u, t_z > 0.
    local = condition.subs({u: sign * t_u, z: sign * t_z})
    roots = [r for r in sympy.solve(local, t_u) if r.is_positive is not False]
    if len(roots) != 1:
        raise UnsupportedError(
            f"cannot solve the optimality condition {condition} = 0 for {side} u"
        )
    solution = sympy.simplify(sign * roots[0].subs(t_z, sign * z))
    region = z > step * threshold if sign > 0 else z < step * threshold
    half_line = sympy.Interval.open(0, sympy.oo) if sign > 0 else sympy.Interval.open(
        -sympy.oo, 0)
    steps = [
        Step(sympy.Eq(condition, 0), sympy.FiniteSet(solution), relation="solve",
             variable=u, domain=half_line, where=region,
             reason=f"optimality condition, solved for {side} $u$"),
        Step(solution, 0, relation="gt" if sign > 0 else "lt",
             reason=f"the solution is {side} exactly on this region", where=region),
    ]
    return (solution, region), steps


def _collapse(prox: sympy.Piecewise,
              branches: list[tuple[sympy.Expr, sympy.Basic]]) -> sympy.Expr:
    """Return one formula when every case agrees with it, else the Piecewise."""
    first = branches[0][0]
    if prove(prox, first).status == "proved":
        return first
    return prox


def _scale_set(value: sympy.Basic, factor: sympy.Expr) -> sympy.Basic:
    """Multiply every element of a set (or Piecewise of sets) by ``factor`` > 0."""
    if isinstance(value, sympy.Piecewise):
        return sympy.Piecewise(*[(_scale_set(v, factor), c) for v, c in value.args])
    if isinstance(value, sympy.Interval):
        return sympy.Interval(factor * value.left, factor * value.right,
                              value.left_open, value.right_open)
    if isinstance(value, sympy.FiniteSet):
        return sympy.FiniteSet(*[factor * e for e in value.args])
    raise UnsupportedError(f"cannot scale the set {value}")  # pragma: no cover
