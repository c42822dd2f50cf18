"""The base class of penalties of a vector ``w`` in R^d, and the checks they share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sympy

from symreg import printing, symbols
from symreg._validate import require_real_point
from symreg.convention import Convention
from symreg.errors import InvalidParameterError, UnsupportedError, VerificationError

if TYPE_CHECKING:  # pragma: no cover
    from symreg.derivation import Derivation

__all__ = ["MAX_PROX_DIM", "STEP_TIMEOUT", "VectorPenalty", "membership", "require_derivable",
           "require_dim", "require_point", "verified"]

#: The largest dimension whose prox is derived symbolically (the derivation grows with d).
MAX_PROX_DIM = 128

#: Seconds each step of a vector prox derivation may take before it counts as unproved.
STEP_TIMEOUT = 20.0


def require_dim(dim: Any) -> int:
    """``dim`` as a positive integer, or ``InvalidParameterError``.

    >>> require_dim(3)
    3
    >>> require_dim(0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: dim must be a positive integer, got 0
    """
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise InvalidParameterError(f"dim must be a positive integer, got {dim!r}")
    return dim


def require_derivable(penalty: Any) -> None:
    """Refuse, with ``UnsupportedError``, a prox derivation beyond :data:`MAX_PROX_DIM`.

    >>> from symreg.vector import Norm1
    >>> require_derivable(Norm1(dim=200))
    Traceback (most recent call last):
    ...
    symreg.errors.UnsupportedError: the prox of Norm1(dim=200, strength=lam) is derived ...
    """
    if penalty.dim > MAX_PROX_DIM:
        raise UnsupportedError(
            f"the prox of {penalty!r} is derived for d up to {MAX_PROX_DIM}; for a "
            "separable penalty use the scalar penalty's prox on every coordinate")


def verified(derivation: Derivation, penalty: Any) -> Derivation:
    """``derivation``, verified with :data:`STEP_TIMEOUT` per step, else ``UnsupportedError``."""
    try:
        return derivation.verify(timeout=STEP_TIMEOUT)
    except VerificationError as exc:
        raise UnsupportedError(f"the prox of {penalty!r} could not be verified: {exc}") from exc


def require_point(value: Any, dim: int, name: str) -> tuple[sympy.Expr, ...]:
    """``value`` as ``dim`` real coordinates (a tuple, list, Matrix or array).

    >>> require_point([0, -1], 2, "at")
    (0, -1)
    >>> require_point([0, 1, 2], 2, "at")
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: at must be a point of R^2 (2 coordinates), got 3
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidParameterError(
            f"{name} must be a point of R^{dim} (a sequence of {dim} real coordinates), "
            f"got {value!r}")
    coords = list(value)
    if len(coords) != dim:
        raise InvalidParameterError(
            f"{name} must be a point of R^{dim} ({dim} coordinates), got {len(coords)}")
    return tuple(require_real_point(c, f"coordinate {index} of {name}")
                 for index, c in enumerate(coords, start=1))


def membership(value: sympy.Basic, element: tuple[sympy.Expr, ...]) -> sympy.Basic:
    """The condition ``element in value`` for a set or a ``Piecewise`` of sets.

    >>> import sympy
    >>> from symreg.symbols import g
    >>> membership(sympy.Interval(-1, 1), (g,))
    (-1 <= g) & (g <= 1)
    """
    if isinstance(value, sympy.Piecewise):
        alternatives = []
        earlier: list[sympy.Basic] = []
        for piece, condition in value.args:
            alternatives.append(sympy.And(condition, *[sympy.Not(c) for c in earlier],
                                          membership(piece, element)))
            earlier.append(condition)
        return sympy.Or(*alternatives)
    if isinstance(value, sympy.FiniteSet) and all(
            isinstance(e, sympy.Tuple) for e in value.args):
        return sympy.Or(*[sympy.And(*[sympy.Eq(x, y) for x, y in zip(e, element, strict=True)])
                          for e in value.args])
    if isinstance(value, sympy.ProductSet):
        return sympy.And(*[membership(s, (x,)) for s, x in zip(value.args, element,
                                                                  strict=True)])
    point = element[0] if len(element) == 1 else sympy.Tuple(*element)
    return value.as_relational(point) if hasattr(value, "as_relational") else (
        value.contains(point))


class VectorPenalty:
    """Base class of penalties ``P(w)`` of a vector ``w`` in R^d.

    Subclasses define :attr:`dim`, :attr:`expr`, :attr:`name`,
    :attr:`convention`, :meth:`_key`, :meth:`prox_derivation`,
    :meth:`_prox_entries` and :meth:`subdifferential`.
    """

    __slots__ = ()

    #: Short name used in titles (``"Norm1"``, ``"Norm2"``, ...).
    name: str = "P"
    #: The dimension d of ``w``.
    dim: int

    # -- value semantics ---------------------------------------------------
    def _key(self) -> tuple[Any, ...]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, VectorPenalty) and type(other) is type(self)
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
    def variables(self) -> tuple[sympy.Symbol, ...]:
        """The coordinates ``w_1, ..., w_d`` the penalty is written in."""
        return symbols.coordinates("w", self.dim)

    @property
    def prox_inputs(self) -> tuple[sympy.Symbol, ...]:
        """The coordinates ``z_1, ..., z_d`` of the input of :meth:`prox`, in order."""
        return symbols.coordinates("z", self.dim)

    @property
    def expr(self) -> sympy.Expr:  # pragma: no cover - abstract
        """The penalty as a SymPy expression in :attr:`variables`."""
        raise NotImplementedError

    @property
    def convention(self) -> Convention:  # pragma: no cover - abstract
        """The convention of the penalty as data (its form with the strength ``lam``)."""
        raise NotImplementedError

    def __call__(self, point: Any) -> sympy.Expr:
        """The penalty at ``point`` (a sequence of d real values), exactly."""
        values = require_point(point, self.dim, "point")
        return self.expr.xreplace(dict(zip(self.variables, values, strict=True)))

    def latex(self) -> str:
        """The penalty as LaTeX."""
        return printing.latex(self.expr)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    # -- proximal operator and subdifferential -------------------------------
    def prox(self, *, step: Any = symbols.eta) -> sympy.Matrix:
        """The proximal operator ``argmin_u 1/2 ||u - z||**2 + step * P(u)``.

        A column ``Matrix`` in :attr:`prox_inputs`, derived and verified by
        :meth:`prox_derivation`.
        """
        self.prox_derivation(step=step)
        return sympy.Matrix(self._prox_entries(step))

    def prox_derivation(self, *, step: Any = symbols.eta) -> Derivation:  # pragma: no cover
        """The verified derivation of :meth:`prox`."""
        raise NotImplementedError

    def _prox_entries(self, step: Any) -> list[sympy.Expr]:  # pragma: no cover
        raise NotImplementedError

    def subdifferential(self, *, at: Any) -> sympy.Basic:  # pragma: no cover - abstract
        """The subdifferential at ``at``: a set of d-tuples that answers membership."""
        raise NotImplementedError
