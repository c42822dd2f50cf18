r"""The conventions table: each convention-dependent result under both L2 conventions."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy

from symreg import symbols
from symreg.analysis import crossover
from symreg.dynamics import Descent, descent
from symreg.map import map_penalty, regression_map
from symreg.penalties import L1, L2
from symreg.priors import Gaussian

__all__ = ["ConventionRow", "conventions_table"]

eta = symbols.eta


@dataclass(frozen=True, slots=True, kw_only=True)
class ConventionRow:
    """One result under both L2 conventions.

    Attributes:
        quantity: what the row shows.
        full: its value under ``lam*w**2``.
        half: its value under ``lam/2*w**2``.
        note: a short comment.
    """

    quantity: str
    full: sympy.Basic
    half: sympy.Basic
    note: str = ""


@functools.lru_cache(maxsize=1)
def conventions_table() -> tuple[ConventionRow, ...]:
    """Each convention-dependent result under ``lam*w**2`` and ``lam/2*w**2``.

    >>> rows = conventions_table()
    >>> [(r.quantity, r.full, r.half) for r in rows][:2]
    [('penalty', lam*w**2, lam*w**2/2), ('gradient', 2*lam*w, lam*w)]
    """
    full, half = L2(), L2(half=True)
    rows = [
        ConventionRow(quantity="penalty", full=full.expr, half=half.expr),
        ConventionRow(quantity="gradient", full=full.derivative(), half=half.derivative()),
        ConventionRow(quantity="value crossover with L1",
                      full=crossover(L1(), full, "value").points,
                      half=crossover(L1(), half, "value").points),
        ConventionRow(quantity="gradient crossover with L1",
                      full=crossover(L1(), full, "gradient").points,
                      half=crossover(L1(), half, "gradient").points),
        ConventionRow(quantity="step crossover with L1",
                      full=crossover(L1(), full, "step").points,
                      half=crossover(L1(), half, "step").points,
                      note="needs the step to stay on one side of zero"),
        ConventionRow(quantity="proximal step", full=full.prox(step=eta),
                      half=half.prox(step=eta)),
        ConventionRow(quantity="gradient-descent factor per step",
                      full=_factor(descent(full, method="gradient")),
                      half=_factor(descent(half, method="gradient"))),
        ConventionRow(quantity="strength from a Gaussian prior",
                      full=map_penalty(Gaussian()).strength,
                      half=map_penalty(Gaussian(), half=True).strength),
        ConventionRow(quantity="ridge strength from a Gaussian prior",
                      full=regression_map(Gaussian()).lam,
                      half=regression_map(Gaussian(), half=True).lam),
    ]
    return tuple(rows)


def _factor(result: Descent) -> sympy.Expr:
    """The factor by which one step multiplies the weight."""
    return sympy.simplify(result.iterate.subs(symbols.k, 1) / symbols.w0)
