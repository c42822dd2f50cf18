"""The symbolic results behind the figures, computed once per process (they are values).

:func:`figure_data` writes all of them exactly (``sympy.srepr``): the data
that a figure file is keyed by in the cache (:mod:`symreg.render._figcache`).

The results can also be computed in one process and drawn in another: the
report computes them beside its catalogue, which derives most of them anyway
(penalties are values, and their proxes, crossovers and descents are
memoised per process), and draws the figures in a worker process
(:mod:`symreg.render._figworker`). :func:`results` lists them with their
expressions frozen as written, and inside :func:`given` the functions below
answer from that list instead of deriving again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

import sympy

from symreg import printing, symbols

if TYPE_CHECKING:
    from symreg.penalties import Penalty

__all__ = ["Run", "figure_data", "given", "results"]

# Results computed elsewhere, by (function name, arguments): see given().
_GIVEN: dict[tuple[Any, ...], Any] = {}


def _shared(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` memoised per process, answering first from the results :func:`given`."""
    memo = functools.cache(function)

    @functools.wraps(function)
    def value(*args: Any) -> Any:
        key = (function.__name__, *args)
        return _GIVEN[key] if key in _GIVEN else memo(*args)

    return value


class Run(NamedTuple):
    """What a figure needs of a descent (:class:`symreg.dynamics.Descent`)."""

    penalty: Penalty
    iterate: sympy.Expr
    zero_after: sympy.Expr | None


def _penalties() -> tuple[Penalty, Penalty, Penalty]:
    from symreg.penalties import L1, L2

    return L1(), L2(), L2(half=True)


@_shared
def _crossover(a: Penalty, b: Penalty, kind: str) -> sympy.Basic:
    from symreg.analysis import crossover

    return crossover(a, b, kind=kind).points  # type: ignore[arg-type]


@_shared
def _gradient_magnitude(penalty: Penalty) -> sympy.Expr:
    """``|P'(w)|`` written for ``w > 0`` (where the figure plots it)."""
    from symreg.analysis import measure

    return measure(penalty, "gradient")


@_shared
def _step_ratio(penalty: Penalty, reference: Penalty, eps: sympy.Expr) -> sympy.Expr:
    from symreg.analysis import step_decrease

    return step_decrease(penalty, symbols.w, eps) / step_decrease(reference, symbols.w, eps)


@_shared
def _descent(penalty: Penalty, method: str) -> Run:
    from symreg.dynamics import descent

    run = descent(penalty, method=method)  # type: ignore[arg-type]
    return Run(run.penalty, run.iterate, run.zero_after)


@_shared
def _prox(penalty: Penalty) -> sympy.Expr:
    return penalty.prox(step=symbols.eta)


@_shared
def _subdifferential_at_zero(penalty: Penalty) -> sympy.Basic:
    return penalty.subdifferential(at=0)


def _calls(eps: sympy.Expr) -> Iterator[tuple[Callable[..., Any], tuple[Any, ...]]]:
    """Every result the figures are drawn from: (function, arguments), in a fixed order."""
    l1, l2, l2h = _penalties()
    for penalty in (l1, l2, l2h):
        yield from ((_gradient_magnitude, (penalty,)), (_prox, (penalty,)),
                    (_subdifferential_at_zero, (penalty,)))
    for penalty in (l2, l2h):
        yield from ((_crossover, (l1, penalty, kind)) for kind in ("value", "gradient", "step"))
        yield _step_ratio, (penalty, l1, eps)
    for penalty, method in ((l1, "proximal"), (l2, "proximal"), (l2, "gradient")):
        yield _descent, (penalty, method)


def figure_data(parameters: Sequence[Any], eps: sympy.Expr) -> list[str]:
    """Everything the figures are drawn from, written exactly, in a fixed order.

    ``parameters`` are the plotting parameters typed in the figures module,
    ``eps`` the step of the step-ratio figure.
    """
    srepr = sympy.srepr
    l1, l2, l2h = _penalties()
    parts = [repr(v) for v in parameters]
    parts.append(repr(sorted((srepr(k), v) for k, v in printing.current_notation().items())))
    for penalty in (l1, l2, l2h):
        parts += [penalty.name, srepr(penalty.expr), srepr(_gradient_magnitude(penalty)),
                  srepr(_prox(penalty)), srepr(_subdifferential_at_zero(penalty))]
    for penalty in (l2, l2h):
        parts += [srepr(_crossover(l1, penalty, kind)) for kind in ("value", "gradient", "step")]
        parts.append(srepr(_step_ratio(penalty, l1, eps)))
    for penalty, method in ((l1, "proximal"), (l2, "proximal"), (l2, "gradient")):
        run = _descent(penalty, method)
        parts += [srepr(run.iterate), srepr(run.zero_after), srepr(run.penalty.expr)]
    return parts


def _freeze(value: Any) -> Any:
    from symreg.prox._transfer import freeze

    if isinstance(value, Run):
        return ("run", value.penalty, freeze(value.iterate), freeze(value.zero_after))
    return freeze(value)


def _thaw(value: Any) -> Any:
    from symreg.prox._transfer import thaw

    if isinstance(value, tuple) and len(value) == 4 and value[0] == "run":
        return Run(value[1], thaw(value[2]), thaw(value[3]))
    return thaw(value)


def results(eps: sympy.Expr) -> list[tuple[tuple[Any, ...], Any]]:
    """Every result the figures are drawn from, as (key, frozen value), for :func:`given`.

    A result whose frozen form would not come back exactly as it is (written
    the same, ``sympy.srepr``) is left out: the process that draws derives it.

    >>> keys = [key for key, _ in results(sympy.Rational(1, 10))]
    >>> keys[0], len(keys)
    (('_gradient_magnitude', L1(strength=lam)), 20)
    """
    found = []
    for function, args in _calls(eps):
        value = function(*args)
        frozen = _freeze(value)
        if _written(_thaw(frozen)) == _written(value):
            found.append(((function.__name__, *args), frozen))
    return found


def _written(value: Any) -> str:
    if isinstance(value, Run):
        return repr((value.penalty, sympy.srepr(value.iterate), sympy.srepr(value.zero_after)))
    return str(sympy.srepr(value))


@contextmanager
def given(found: Sequence[tuple[tuple[Any, ...], Any]]) -> Iterator[None]:
    """Inside the block, the results ``found`` (from :func:`results`) are not derived again.

    >>> from symreg.penalties import L1
    >>> with given([(("_prox", L1()), sympy.Integer(0))]):
    ...     _prox(L1())
    0
    """
    before = dict(_GIVEN)
    _GIVEN.update((key, _thaw(value)) for key, value in found)
    try:
        yield
    finally:
        _GIVEN.clear()
        _GIVEN.update(before)
