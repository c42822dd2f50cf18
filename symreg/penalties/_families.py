r"""The four families of penalties of one weight: L1, L2, Lp and the elastic net.

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

from typing import Any

import sympy

from symreg import symbols
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.errors import InvalidParameterError
from symreg.penalties._base import Penalty

__all__ = ["L1", "L2", "ElasticNet", "Lp"]

w, z = symbols.w, symbols.z


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
