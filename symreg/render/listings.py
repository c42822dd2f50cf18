r"""The reference implementations, typeset with latexify-py and checked numerically.

The functions of :mod:`symreg.render.implementations` carry the SymPy names
of symreg's symbols as their parameters, which ties each one to its symbolic
counterpart: :func:`listings` lambdifies the symbolic result in those symbols
and compares the two at points that include 0, negative values and, for the
proximal operators, inputs inside, on and outside the threshold
``eta * sup dP(0)``. A disagreement raises
:class:`~symreg.errors.VerificationError` and stops the report.

latexify is imported only when a listing is rendered.

Examples
--------
>>> from symreg.penalties import L1
>>> check(l1_prox, L1().prox(), role="prox", penalty=L1()).points > 0
True
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import sympy

from symreg import printing, symbols
from symreg.convention import Convention
from symreg.errors import RenderError, VerificationError
from symreg.render.implementations import (
    elastic_net_derivative,
    elastic_net_penalty,
    elastic_net_prox,
    l1_derivative,
    l1_penalty,
    l1_prox,
    l2_derivative,
    l2_half_derivative,
    l2_half_penalty,
    l2_half_prox,
    l2_penalty,
    l2_prox,
)

if TYPE_CHECKING:
    from symreg.penalties import Penalty

__all__ = [
    "Check",
    "Listing",
    "Role",
    "check",
    "listings",
    "render_function",
]

Role = Literal["penalty", "derivative", "prox"]


# ---------------------------------------------------------------------------
# checking


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """The outcome of comparing an implementation with its symbolic counterpart.

    Attributes:
        points: how many points were compared.
        max_error: the largest absolute difference seen.
        includes: what the points cover, in words.
    """

    points: int
    max_error: float
    includes: tuple[str, ...]

    @property
    def summary(self) -> str:
        """One sentence for the report.

        >>> Check(points=3, max_error=0.0, includes=("0",)).summary
        'Agrees with the symbolic result at 3 points (including 0); largest difference 0.'
        """
        return (f"Agrees with the symbolic result at {self.points} points (including "
                f"{', '.join(self.includes)}); largest difference {self.max_error:.3g}.")

    @property
    def brief(self) -> str:
        """The outcome in a few words, for a table whose text says what the points include.

        >>> Check(points=3, max_error=0.0, includes=("0",)).brief
        'agrees at 3 points; largest difference 0'
        """
        return f"agrees at {self.points} points; largest difference {self.max_error:.3g}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    """One reference function, typeset, with the outcome of its check.

    Attributes:
        penalty: the penalty's name (``"L1"``).
        convention: the penalty's convention (its form with the strength ``lam``).
        role: ``"penalty"``, ``"derivative"`` or ``"prox"``.
        function: the Python name of the implementation.
        latex: the implementation typeset by latexify-py, with symreg's symbol names.
        check: the numerical comparison with the symbolic result.
    """

    penalty: str
    convention: Convention
    role: Role
    function: str
    latex: str
    check: Check


_WEIGHTS = (-3.0, -1.0, -0.5, 0.0, 1 / 3, 1.0, 2.5)
_STRENGTHS = (0.5, 2.0)
_STEPS = (0.1, 1.0)
_TOLERANCE = 1e-12


def _symbol(name: str) -> sympy.Symbol:
    by_sympy_name = {s.name: s for s in symbols.by_name().values()}
    if name not in by_sympy_name:
        raise RenderError(f"parameter {name!r} is not the SymPy name of a symreg symbol")
    return by_sympy_name[name]


def _threshold(penalty: Penalty, values: dict[str, float]) -> float:
    """``eta * sup dP(0)`` at ``values``: where the prox stops returning 0."""
    sup = penalty.subdifferential(at=0).sup * symbols.eta
    return float(sup.subs({_symbol(k): v for k, v in values.items()}))


def _points(parameters: Sequence[str], role: Role,
            penalty: Penalty | None) -> list[dict[str, float]]:
    first, *rest = parameters
    grids = [_STEPS if name == "eta" else _STRENGTHS for name in rest]
    out: list[dict[str, float]] = []
    for combo in itertools.product(*grids):
        values = dict(zip(rest, combo, strict=True))
        variable = list(_WEIGHTS)
        if role == "prox" and penalty is not None:
            t = _threshold(penalty, values)
            variable += [s * t * f for s in (-1, 1) for f in (0.5, 1.0, 1.5, 3.0)]
        for x in sorted(set(variable)):
            out.append({first: x, **values})
    return out


def _describe(point: dict[str, float]) -> str:
    return ", ".join(f"{name} = {value:g}" for name, value in point.items())


def check(function: Callable[..., float], expr: sympy.Expr, *, role: Role,
          penalty: Penalty | None = None) -> Check:
    """Compare ``function`` with the lambdified ``expr`` at points including 0 and negatives.

    The parameters of ``function`` name the symbols of ``expr`` (by their SymPy
    names). For a ``"prox"`` with its ``penalty`` given, the input also takes
    values inside, on and outside the threshold ``eta * sup dP(0)``.

    Raises:
        VerificationError: naming the function and the first point where the two
            differ by more than 1e-12 (absolute and relative), or where the
            function fails.

    >>> from symreg.penalties import L2
    >>> check(l2_prox, L2().prox(), role="prox", penalty=L2()).max_error
    0.0
    >>> def wrong(w, lam):
    ...     return lam * w
    >>> try:
    ...     check(wrong, L2().expr, role="penalty")
    ... except VerificationError as exc:
    ...     print(exc)
    implementation wrong disagrees with the symbolic penalty at w = -3, lam = 0.5: -1.5 != 4.5
    """
    parameters = list(inspect.signature(function).parameters)
    symbolic = sympy.lambdify([_symbol(name) for name in parameters], expr, modules="math")
    points = _points(parameters, role, penalty)
    worst = 0.0
    for point in points:
        expected = float(symbolic(*point.values()))
        try:
            got = float(function(*point.values()))
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise VerificationError(
                f"implementation {function.__name__} fails at {_describe(point)}: {exc}"
            ) from exc
        if not math.isclose(got, expected, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE):
            raise VerificationError(
                f"implementation {function.__name__} disagrees with the symbolic {role} at "
                f"{_describe(point)}: {got:g} != {expected:g}"
            )
        worst = max(worst, abs(got - expected))
    includes = ["0", "negative values"]
    if role == "prox" and penalty is not None:
        includes.append("inputs inside, on and outside the threshold")
    return Check(points=len(points), max_error=worst, includes=tuple(includes))


# ---------------------------------------------------------------------------
# typesetting


def render_function(function: Callable[..., Any]) -> str:
    r"""Typeset ``function`` with latexify-py, using symreg's LaTeX names for its parameters.

    >>> render_function(l2_half_prox)
    '\\mathrm{l2\\_half\\_prox}(z, \\eta, \\lambda) = \\frac{z}{1 + \\eta \\cdot \\lambda}'
    """
    import latexify

    # latexify prints each parameter under a placeholder name, which then
    # becomes the parameter's symbol as symreg prints it (in the reader's notation).
    names = list(inspect.signature(function).parameters)
    placeholders = {name: f"symregparam{chr(ord('a') + at)}" for at, name in enumerate(names)}
    try:
        out = str(latexify.get_latex(function, use_math_symbols=False,
                                     identifiers=placeholders))
    except Exception as exc:  # latexify raises several unrelated types
        raise RenderError(f"latexify could not typeset {function.__name__}: {exc}") from exc
    for name, placeholder in placeholders.items():
        out = out.replace(rf"\mathrm{{{placeholder}}}", printing.latex(_symbol(name)))
    return out


def _implementations() -> tuple[tuple[Penalty, tuple[tuple[Role, Callable[..., float]], ...]],
                                ...]:
    from symreg.penalties import L1, L2, ElasticNet

    return (
        (L1(), (("penalty", l1_penalty), ("derivative", l1_derivative), ("prox", l1_prox))),
        (L2(), (("penalty", l2_penalty), ("derivative", l2_derivative), ("prox", l2_prox))),
        (L2(half=True), (("penalty", l2_half_penalty), ("derivative", l2_half_derivative),
                         ("prox", l2_half_prox))),
        (ElasticNet(), (("penalty", elastic_net_penalty),
                        ("derivative", elastic_net_derivative), ("prox", elastic_net_prox))),
    )


def _symbolic(penalty: Penalty, role: Role) -> sympy.Expr:
    if role == "penalty":
        return penalty.expr
    if role == "derivative":
        return penalty.derivative()
    return penalty.prox(step=symbols.eta)


def listings() -> tuple[Listing, ...]:
    """Every reference implementation, typeset (in the notation in force) and checked.

    Raises:
        VerificationError: an implementation disagrees with its symbolic result.

    >>> [(x.penalty, x.role) for x in listings()][:3]
    [('L1', 'penalty'), ('L1', 'derivative'), ('L1', 'prox')]
    """
    names = printing.current_notation()
    return _listings(tuple(sorted(((str(k), v) for k, v in names.items()))))


@functools.cache
def _listings(notation: tuple[tuple[str, str], ...]) -> tuple[Listing, ...]:
    """The listings typeset under ``notation`` (a hashable copy of the one in force)."""
    out: list[Listing] = []
    for penalty, functions in _implementations():
        for role, function in functions:
            outcome = check(function, _symbolic(penalty, role), role=role, penalty=penalty)
            out.append(Listing(penalty=penalty.name, convention=penalty.convention,
                               role=role, function=function.__name__,
                               latex=render_function(function), check=outcome))
    return tuple(out)
