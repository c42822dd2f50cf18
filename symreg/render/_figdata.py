"""The symbolic results behind the figures, computed once per process (they are values).

:func:`figure_data` writes all of them exactly (``sympy.srepr``): the data
that a figure file is keyed by in the cache (:mod:`symreg.render._figcache`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy

from symreg import printing, symbols

if TYPE_CHECKING:
    from symreg.penalties import Penalty

__all__ = ["figure_data"]


def _penalties() -> tuple[Penalty, Penalty, Penalty]:
    from symreg.penalties import L1, L2

    return L1(), L2(), L2(half=True)


@functools.cache
def _crossover(a: Penalty, b: Penalty, kind: str) -> sympy.Basic:
    from symreg.analysis import crossover

    return crossover(a, b, kind=kind).points  # type: ignore[arg-type]


@functools.cache
def _gradient_magnitude(penalty: Penalty) -> sympy.Expr:
    """``|P'(w)|`` written for ``w > 0`` (where the figure plots it)."""
    from symreg.analysis import measure

    return measure(penalty, "gradient")


@functools.cache
def _step_ratio(penalty: Penalty, reference: Penalty, eps: sympy.Expr) -> sympy.Expr:
    from symreg.analysis import step_decrease

    return step_decrease(penalty, symbols.w, eps) / step_decrease(reference, symbols.w, eps)


@functools.cache
def _descent(penalty: Penalty, method: str) -> Any:
    from symreg.dynamics import descent

    return descent(penalty, method=method)  # type: ignore[arg-type]


@functools.cache
def _prox(penalty: Penalty) -> sympy.Expr:
    return penalty.prox(step=symbols.eta)


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
                  srepr(_prox(penalty)), srepr(penalty.subdifferential(at=0))]
    for penalty in (l2, l2h):
        parts += [srepr(_crossover(l1, penalty, kind)) for kind in ("value", "gradient", "step")]
        parts.append(srepr(_step_ratio(penalty, l1, eps)))
    for penalty, method in ((l1, "proximal"), (l2, "proximal"), (l2, "gradient")):
        run = _descent(penalty, method)
        parts += [srepr(run.iterate), srepr(run.zero_after), srepr(run.penalty.expr)]
    return parts
