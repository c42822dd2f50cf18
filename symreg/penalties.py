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
from typing import TYPE_CHECKING, Any

import sympy

from symreg import calculus, printing, symbols
from symreg._validate import require_positive, require_real_point
from symreg.convention import Convention
from symreg.errors import InvalidParameterError
from symreg.prox import prox, prox_derivation

if TYPE_CHECKING:  # pragma: no cover
    from symreg.derivation import Derivation

__all__ = [
    "L1",
    "L2",
    "ElasticNet",
    "Lp",
    "Penalty",
    "require_positive",
]

# Kept for the modules that imported the checks from here before _validate existed.
_require_real_point = require_real_point

w, z = symbols.w, symbols.z


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
        return (isinstance(other, Penalty) and type(other) is type(self)
                and self._key() == other._key())

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
    def convention(self) -> Convention:  # pragma: no cover - abstract
        """The convention of this penalty as data: its form with the strength ``lam``.

        >>> from symreg import L2
        >>> L2(half=True).convention.expr
        lam*w**2/2
        """
        raise NotImplementedError


    @property
    def convex(self) -> bool:
        """Whether the penalty is convex, decided by :func:`symreg.calculus.is_convex`.

        Strengths of unknown sign are taken positive, as everywhere for
        penalties. When the calculus cannot decide, :meth:`_convex_undecided`
        answers (for a general penalty: not convex, so nothing relies on it).

        >>> import sympy
        >>> from symreg import L1, Lp
        >>> half = sympy.Rational(1, 2)
        >>> L1().convex, Lp(3).convex, Lp(3 * half).convex, Lp(half).convex
        (True, True, True, False)
        """
        decided = _decide_convex(self.expr)
        return self._convex_undecided() if decided is None else decided

    def _convex_undecided(self) -> bool:
        """The answer of :attr:`convex` when the calculus cannot decide."""
        return False

    def __call__(self, value: Any) -> sympy.Expr:
        """Evaluate the penalty at ``value`` exactly.

        >>> from symreg import L1
        >>> L1(strength=3)(-2)
        6
        """
        return self.expr.subs(w, require_real_point(value, "w"))

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
        return calculus.derivative(self.expr, w)

    def one_sided_derivatives(self, at: Any) -> tuple[sympy.Expr, sympy.Expr]:
        """Left and right derivatives of the penalty at ``at``.

        Computed as one-sided limits of :meth:`derivative`.

        >>> from symreg import L1
        >>> L1().one_sided_derivatives(0)
        (-lam, lam)
        """
        return calculus.one_sided_derivatives(self.expr, w, at)

    def kinks(self) -> sympy.FiniteSet:
        """The points where the penalty is not differentiable.

        >>> from symreg import L1, L2
        >>> L1().kinks(), L2().kinks()
        ({0}, EmptySet)
        """
        return calculus.kinks(self.expr, w)

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
        return calculus.subdifferential(self.expr, w, at)

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
        return prox(self, step)

    def prox_derivation(self, *, step: Any = symbols.eta) -> Derivation:
        """The verified derivation of :meth:`prox` from the optimality condition.

        >>> from symreg import L1
        >>> d = L1().prox_derivation()
        >>> d.verified, d.steps[0].reason
        (True, 'optimality condition, solved for positive $u$')
        """
        return prox_derivation(self, step)


@functools.lru_cache(maxsize=128)
def _decide_convex(expr: sympy.Expr) -> bool | None:
    """:func:`symreg.calculus.is_convex` in ``w``, strengths of unknown sign taken positive."""
    positive = {s: sympy.Dummy(s.name, positive=True)
                for s in expr.free_symbols - {w} if s.is_positive is None}
    return calculus.is_convex(expr.xreplace(positive), w)


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
    def convention(self) -> Convention:
        return Convention(label="L1 penalty", expr=symbols.lam * sympy.Abs(w))



class L2(Penalty):
    """The L2 penalty ``strength * w**2`` (``strength/2 * w**2`` with ``half=True``).

    The factor 1/2 changes every derived number (gradient, prox, MAP strength),
    so it is part of the value and of :attr:`convention`.

    >>> L2().expr, L2(half=True).expr
    (lam*w**2, lam*w**2/2)
    >>> L2(half=True).convention.expr
    lam*w**2/2
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
    def convention(self) -> Convention:
        return Convention(label="L2 penalty", expr=L2(half=self.half).expr)



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
    def convention(self) -> Convention:
        # |w|**3 would evaluate to w**2*|w|: the convention keeps the form as written.
        return Convention(label="Lp penalty",
                          expr=sympy.Mul(symbols.lam, sympy.Pow(sympy.Abs(w), self.p,
                                                                evaluate=False),
                                         evaluate=False))


    def _convex_undecided(self) -> bool:
        # |w|**p is convex exactly when p >= 1 (the calculus leaves some p >= 1 open).
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
    def convention(self) -> Convention:
        return Convention(label="elastic net penalty", expr=ElasticNet(half=self.half).expr)
