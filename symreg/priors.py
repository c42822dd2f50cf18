r"""Zero-mean priors on one weight (on :mod:`sympy.stats`) and the notation of their MAP forms.

Each prior knows its density, the penalty family that ``-log`` of the density
reduces to, and the vector form of that penalty in regression
(:class:`Norm`); :mod:`symreg.map` derives the MAP penalties from them.

Examples
--------
>>> from symreg.symbols import b
>>> Laplace(b).density()
exp(-Abs(w)/b)/(2*b)
>>> Gaussian().penalty_family(half=False)(1)
L2(strength=1, half=False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import sympy
from sympy import stats
from sympy.logic.boolalg import Boolean

from symreg import printing, symbols
from symreg.errors import UnsupportedError
from symreg.penalties import L1, L2, Lp, Penalty, require_positive

__all__ = [
    "MATRIX_X",
    "RESIDUAL",
    "VECTOR_W",
    "VECTOR_Y",
    "Gaussian",
    "GeneralizedGaussian",
    "Laplace",
    "Norm",
    "Prior",
]

w = symbols.w

# Symbols of the regression model. They are local because symbols.py does not
# define them (yet); none of these names is a canonical symbol.
_r, _n, _i, _y, _x = symbols.r, symbols.n, symbols.i, symbols.y, symbols.x

_REAL_LINE = (w, -sympy.oo, sympy.oo)


# ---------------------------------------------------------------------------
# vector notation of the regression conventions


class Norm(sympy.Function):  # type: ignore[misc]  # SymPy ships no types: Function is Any
    r"""The norm ``||v||_p`` of a vector, as a SymPy object that prints itself.

    It is notation for conventions (``||y - X w||_2^2 + lam*||w||_1``), not
    something the prover evaluates. A sum of matrix terms built with
    ``evaluate=False`` prints in the order written.

    >>> from symreg.printing import latex
    >>> print(latex(Norm(VECTOR_W, 1)))
    \left\| w \right\|_{1}
    >>> print(latex(Norm(RESIDUAL, 2) ** 2))
    \left\| y - X w \right\|_{2}^{2}
    """

    nargs = 2

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        vector, order = self.args
        if isinstance(vector, sympy.MatAdd):
            inner = printer._print(vector.args[0])
            for term in vector.args[1:]:
                if term.could_extract_minus_sign():
                    inner += " - " + printer._print(-term)
                else:
                    inner += " + " + printer._print(term)
        else:
            inner = printer._print(vector)
        out = rf"\left\| {inner} \right\|_{{{printer._print(order)}}}"
        return out if exp is None else f"{out}^{{{exp}}}"


# The vectors of the regression conventions: y (n observations), X (n by d) and w.
_d = sympy.Symbol("d")
#: The vector ``y`` of the ``n`` observations.
VECTOR_Y = sympy.MatrixSymbol("y", symbols.n, 1)
#: The ``n`` by ``d`` matrix ``X`` of the features.
MATRIX_X = sympy.MatrixSymbol("X", symbols.n, _d)
#: The vector ``w`` of the ``d`` weights.
VECTOR_W = sympy.MatrixSymbol("w", _d, 1)
#: ``y - X w``, kept in that order.
RESIDUAL = sympy.MatAdd(VECTOR_Y, -MATRIX_X * VECTOR_W, evaluate=False)


# ---------------------------------------------------------------------------
# priors


class Prior:
    """Base class of zero-mean priors ``p(w)`` on one real weight ``w``.

    Subclasses are frozen dataclasses whose fields are the (positive)
    parameters; they define :attr:`name`, :meth:`random_variable` and how the
    ``w``-dependent part of ``-log p(w)`` is written as a penalty.
    """

    __slots__ = ()

    #: Human name of the distribution (``"Gaussian"``, ...).
    name: ClassVar[str] = "prior"

    def __post_init__(self) -> None:
        for spec in fields(self):  # type: ignore[arg-type]
            value = require_positive(getattr(self, spec.name), spec.name)
            object.__setattr__(self, spec.name, value)

    @property
    def parameters(self) -> tuple[tuple[str, sympy.Expr], ...]:
        """The parameters as ``(name, value)`` pairs, in declaration order.

        >>> Laplace(3).parameters
        (('b', 3),)
        """
        return tuple((spec.name, getattr(self, spec.name)) for spec in fields(self))  # type: ignore[arg-type]

    def random_variable(self) -> sympy.Expr:
        """The prior as a :mod:`sympy.stats` random variable named ``W``."""
        raise UnsupportedError(f"{type(self).__name__} does not define its distribution")

    def density(self, at: Any = w) -> sympy.Expr:
        """The density ``p(at)``, computed by :func:`sympy.stats.density`.

        >>> Laplace(1).density(-2)
        exp(-2)/2
        """
        return stats.density(self.random_variable())(sympy.sympify(at, strict=True))

    def assumptions(self) -> Boolean | None:
        """The condition that the parameters of unknown sign are positive (None if none).

        >>> import sympy
        >>> t = sympy.Symbol("t")
        >>> Gaussian(t).assumptions()
        t > 0
        >>> Gaussian().assumptions() is None
        True
        """
        return _positivity(*(value for _, value in self.parameters))

    def latex(self) -> str:
        r"""The density as LaTeX, ``p(w) = ...``.

        >>> Laplace().latex()
        'p(w) = \\frac{e^{- \\frac{\\left|{w}\\right|}{b}}}{2 b}'
        """
        return f"p({printing.latex(w)}) = {printing.latex(self.density())}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    # -- hooks for map_penalty and regression_map --------------------------
    def penalty_family(self, half: bool) -> Callable[[sympy.Expr], Penalty]:
        """The penalty (as a function of its strength) that ``-log p`` reduces to."""
        raise UnsupportedError(f"{type(self).__name__} does not define its penalty family")

    def regularizer(self, half: bool) -> sympy.Expr:
        """The penalty of the vector form, e.g. ``lam*Norm(w, 1)``."""
        raise UnsupportedError(f"{type(self).__name__} does not define its regularizer")


@dataclass(frozen=True, slots=True)
class Gaussian(Prior):
    """The zero-mean Gaussian prior ``N(0, sigma**2)``.

    Args:
        sigma: the standard deviation (> 0); a symbol of unknown sign is
            accepted and assumed positive.

    Raises:
        InvalidParameterError: if ``sigma`` cannot be positive.

    >>> Gaussian().density()
    sqrt(2)*exp(-w**2/(2*sigma**2))/(2*sqrt(pi)*sigma)
    >>> Gaussian(-1)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: sigma must be positive (> 0), got -1
    """

    sigma: Any = symbols.sigma
    name: ClassVar[str] = "Gaussian"

    def random_variable(self) -> sympy.Expr:
        """The prior as ``sympy.stats.Normal("W", 0, sigma)``."""
        return stats.Normal("W", 0, self.sigma)

    def penalty_family(self, half: bool) -> Callable[[sympy.Expr], Penalty]:
        return lambda strength: L2(strength, half=half)

    def regularizer(self, half: bool) -> sympy.Expr:
        factor = sympy.Rational(1, 2) if half else sympy.S.One
        return factor * symbols.lam * Norm(VECTOR_W, 2) ** 2


@dataclass(frozen=True, slots=True)
class Laplace(Prior):
    """The zero-mean Laplace prior with scale ``b``, density ``exp(-|w|/b)/(2*b)``.

    Args:
        b: the scale (> 0); a symbol of unknown sign is accepted and assumed
            positive.

    Raises:
        InvalidParameterError: if ``b`` cannot be positive.

    >>> Laplace().density()
    exp(-Abs(w)/b)/(2*b)
    """

    b: Any = symbols.b
    name: ClassVar[str] = "Laplace"

    def random_variable(self) -> sympy.Expr:
        """The prior as ``sympy.stats.Laplace("W", 0, b)``."""
        return stats.Laplace("W", 0, self.b)

    def penalty_family(self, half: bool) -> Callable[[sympy.Expr], Penalty]:
        return lambda strength: L1(strength)

    def regularizer(self, half: bool) -> sympy.Expr:
        return symbols.lam * Norm(VECTOR_W, 1)


@dataclass(frozen=True, slots=True)
class GeneralizedGaussian(Prior):
    r"""The zero-mean generalized Gaussian prior with scale ``alpha`` and shape ``beta``.

    Its density is ``beta/(2*alpha*gamma(1/beta)) * exp(-(|w|/alpha)**beta)``;
    ``beta = 1`` is the Laplace prior with ``b = alpha`` and ``beta = 2`` the
    Gaussian prior with ``sigma = alpha/sqrt(2)``. That the density integrates
    to one is the first step of :func:`map_penalty`'s derivation.

    Args:
        alpha: the scale (> 0).
        beta: the shape (> 0).

    Raises:
        InvalidParameterError: if ``alpha`` or ``beta`` cannot be positive.

    >>> GeneralizedGaussian(beta=1).density()
    exp(-Abs(w)/alpha)/(2*alpha)
    >>> GeneralizedGaussian(1, 0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: beta must be positive (> 0), got 0
    """

    alpha: Any = symbols.alpha
    beta: Any = symbols.beta
    name: ClassVar[str] = "generalized Gaussian"

    def random_variable(self) -> sympy.Expr:
        """The prior as a ``sympy.stats.ContinuousRV`` on the real line."""
        # A dummy variable: no second symbol named like a canonical one.
        at = sympy.Dummy("W", real=True)
        scale, shape = self.alpha, self.beta
        pdf = shape / (2 * scale * sympy.gamma(1 / shape)) * sympy.exp(
            -((sympy.Abs(at) / scale) ** shape))
        return stats.ContinuousRV(at, pdf, set=sympy.Interval(-sympy.oo, sympy.oo))

    def penalty_family(self, half: bool) -> Callable[[sympy.Expr], Penalty]:
        return lambda strength: Lp(self.beta, strength)

    def regularizer(self, half: bool) -> sympy.Expr:
        # sum_j |w_j|**beta, written as the beta-norm to the power beta
        return symbols.lam * Norm(VECTOR_W, self.beta) ** self.beta


def _positivity(*values: sympy.Expr) -> Boolean | None:
    """``value > 0`` for every value whose sign the assumptions leave open."""
    conditions = [value > 0 for value in values if value.is_positive is not True]
    return sympy.And(*conditions) if conditions else None
