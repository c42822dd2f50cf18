r"""The base class of penalties of one real weight, and its contract for subclasses.

A subclass defines the property :attr:`Penalty.expr` (a SymPy expression in
:attr:`Penalty.var`, by default the canonical ``w``) and, optionally,
:attr:`Penalty.name`, :attr:`Penalty.var` and :attr:`Penalty.convention`.
Parameters are passed to ``super().__init__(name=value, ...)``, which stores
them (a penalty is immutable afterwards). Two penalties are equal when they
are of the same class with the same variable and expression. Everything else
(derivative, kinks, subdifferential, convexity, prox) is derived from the
expression by the same verified machinery for every penalty.

>>> import sympy
>>> from symreg.symbols import lam, w
>>> class Smooth(Penalty):
...     name = "smooth L1"
...     def __init__(self, mu):
...         super().__init__(mu=mu)
...     @property
...     def expr(self):
...         return lam * (sympy.sqrt(w**2 + self.mu**2) - self.mu)
>>> Smooth(1).derivative()
lam*w/sqrt(w**2 + 1)
>>> Smooth(1).convex
True
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import sympy

from symreg import calculus, printing, symbols
from symreg._validate import require_real_point
from symreg.convention import Convention
from symreg.prox import prox, prox_derivation

if TYPE_CHECKING:  # pragma: no cover
    from symreg.derivation import Derivation

__all__ = ["Penalty"]


def _rebuild(cls: type[Penalty], state: dict[str, Any]) -> Penalty:
    obj = cls.__new__(cls)
    for key, value in state.items():
        object.__setattr__(obj, key, value)
    return obj


class Penalty:
    """Base class of penalties ``P(var)`` of one real variable (by default ``w``).

    See the module documentation for the contract of a subclass.
    """

    __slots__ = ()

    #: Short name used in tables, figures and derivation titles.
    name: str = "P"

    def __init__(self, **parameters: Any) -> None:
        """Store the parameters of a subclass as (immutable) attributes."""
        for key, value in parameters.items():
            object.__setattr__(self, key, value)

    # -- value semantics ---------------------------------------------------
    def _key(self) -> tuple[Any, ...]:
        return (self.var, self.expr)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Penalty) and type(other) is type(self)
                and self._key() == other._key())

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        names = [n for c in type(self).__mro__ for n in getattr(c, "__slots__", ())]
        state = {n: getattr(self, n) for n in names if hasattr(self, n)}
        state.update(getattr(self, "__dict__", {}))
        return (_rebuild, (type(self), state))

    def _set(self, **values: Any) -> None:
        for key, value in values.items():
            object.__setattr__(self, key, value)

    # -- the model ---------------------------------------------------------
    @property
    def var(self) -> sympy.Symbol:
        """The real variable of the penalty (the canonical ``w`` unless a subclass says)."""
        return symbols.w

    @property
    def expr(self) -> sympy.Expr:  # pragma: no cover - abstract
        """The penalty as a SymPy expression in :attr:`var`."""
        raise NotImplementedError(f"{type(self).__name__} must define the property expr")

    @property
    def hypotheses(self) -> Any:
        """The conditions on the penalty's parameters (a SymPy condition; ``True`` when none).

        Every result about the penalty holds under them: the prox is derived
        under them (joined to a hypothesis of the step). Set with
        ``penalty(..., assume=...)``.

        >>> from symreg import L1
        >>> L1().hypotheses
        True
        """
        return sympy.true

    @property
    def convention(self) -> Convention:
        """The convention of this penalty as data (by default: the expression itself).

        >>> from symreg import L2
        >>> L2(half=True).convention.expr
        lam*w**2/2
        """
        return Convention(label=f"{self.name} penalty", expr=self.expr)

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
        decided = _decide_convex(self.expr, self.var)
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
        return self.expr.subs(self.var, require_real_point(value, str(self.var)))

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
        """The classical derivative ``dP/dvar`` where it exists.

        At a kink (``w = 0`` for L1) the formula is not a derivative (there
        ``sign(0) = 0``); use :meth:`subdifferential` there. :meth:`kinks`
        lists those points.

        >>> from symreg import L1, L2, Lp
        >>> L1().derivative(), L2().derivative(), Lp(3).derivative()
        (lam*sign(w), 2*lam*w, 3*lam*w**2*sign(w))
        """
        return calculus.derivative(self.expr, self.var)

    def one_sided_derivatives(self, at: Any) -> tuple[sympy.Expr, sympy.Expr]:
        """Left and right derivatives of the penalty at ``at``.

        >>> from symreg import L1
        >>> L1().one_sided_derivatives(0)
        (-lam, lam)
        """
        return calculus.one_sided_derivatives(self.expr, self.var, at)

    def kinks(self) -> sympy.FiniteSet:
        """The points where the penalty is not differentiable.

        >>> from symreg import L1, L2
        >>> L1().kinks(), L2().kinks()
        ({0}, EmptySet)
        """
        return calculus.kinks(self.expr, self.var)

    def subdifferential(self, *, at: Any = None) -> sympy.Set | sympy.Piecewise:
        """The subdifferential of the penalty.

        For a convex penalty of one variable the subdifferential at ``a`` is
        the closed interval between the left and right derivatives at ``a``
        (a single point where the penalty is differentiable). For a penalty
        that is not convex (see :attr:`convex`) the same construction gives
        the *regular* (Fréchet) subdifferential: for ``Lp`` with ``p < 1``,
        the derivative off 0 and all of the real line at 0, where
        ``|w|**p`` outgrows every linear function.

        Args:
            at: the point; None gives the set-valued map over all values of
                :attr:`var` as a ``Piecewise`` of sets.

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
        return calculus.subdifferential(self.expr, self.var, at)

    @property
    def subdifferential_kind(self) -> str:
        """Which subdifferential :meth:`subdifferential` is, by :attr:`convex`.

        >>> import sympy
        >>> from symreg import L1, Lp
        >>> L1().subdifferential_kind
        'the convex subdifferential'
        >>> Lp(sympy.Rational(1, 2)).subdifferential_kind
        'the regular (Fréchet) subdifferential: the penalty is not convex'
        """
        if self.convex:
            return "the convex subdifferential"
        return "the regular (Fréchet) subdifferential: the penalty is not convex"

    # -- proximal operator --------------------------------------------------
    def prox(self, *, step: Any = symbols.eta, assume: Any = None,
             timeout: float | None = None) -> sympy.Expr:
        """The proximal operator ``argmin_u 1/2 (u - z)**2 + step * P(u)``.

        Derived from the optimality condition (see :meth:`prox_derivation`
        and :func:`symreg.prox.prox`, which documents ``assume`` and
        ``timeout``).

        >>> from symreg import ElasticNet
        >>> from symreg.symbols import eta
        >>> ElasticNet().prox(step=eta)
        Piecewise(((-eta*lam_1 + z)/(2*eta*lam_2 + 1), z > eta*lam_1),
                  ((eta*lam_1 + z)/(2*eta*lam_2 + 1), z < -eta*lam_1), (0, True))
        """
        return prox(self, step, assume=assume, timeout=timeout)

    def prox_derivation(self, *, step: Any = symbols.eta, assume: Any = None,
                        timeout: float | None = None) -> Derivation:
        """The verified derivation of :meth:`prox` from the optimality condition.

        >>> from symreg import L1
        >>> d = L1().prox_derivation()
        >>> d.verified, d.steps[-1].reason
        (True, 'the cases cover every $z$; together')
        """
        return prox_derivation(self, step, assume=assume, timeout=timeout)


@functools.lru_cache(maxsize=128)
def _decide_convex(expr: sympy.Expr, var: sympy.Symbol) -> bool | None:
    """:func:`symreg.calculus.is_convex`, strengths of unknown sign taken positive."""
    local = with_positive_strengths(expr, var)
    if calculus.convex_by_rules(local, var):
        return True
    return calculus.is_convex(local, var)


def with_positive_strengths(expr: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """``expr`` with each parameter of unknown sign replaced by a positive one."""
    positive = {s: sympy.Dummy(s.name, positive=True)
                for s in expr.free_symbols - {var} if s.is_positive is None}
    return expr.xreplace(positive)
