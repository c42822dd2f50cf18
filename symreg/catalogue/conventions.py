r"""The conventions table: each convention-dependent result under both L2 conventions.

Every cell is a named result of a verified derivation: a row carries the
derivation whose claim contains both of its cells (``results["full"]`` under
``lam*w**2``, ``results["half"]`` under ``lam/2*w**2``), and
:func:`conventions_table` verifies each one before it returns the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sympy

from symreg import symbols
from symreg._memo import results_memo
from symreg.analysis import crossover
from symreg.catalogue._common import quoted
from symreg.derivation import Chain, Derivation, Step
from symreg.errors import VerificationError
from symreg.map import map_penalty, regression_map
from symreg.penalties import L1, L2
from symreg.printing import words
from symreg.priors import Gaussian

__all__ = ["ConventionRow", "conventions_table"]

eta, w = symbols.eta, symbols.w


@dataclass(frozen=True, slots=True, kw_only=True)
class ConventionRow:
    """One result under both L2 conventions, each cell a verified result.

    Attributes:
        quantity: what the row shows.
        derivation: the verified derivation whose claim contains both cells.
        note: a short comment, in words.
    """

    quantity: str
    derivation: Derivation
    note: str = ""

    @property
    def full(self) -> sympy.Basic:
        """The result under ``lam*w**2`` (``derivation.results["full"]``)."""
        return self.derivation.results["full"]

    @property
    def half(self) -> sympy.Basic:
        """The result under ``lam/2*w**2`` (``derivation.results["half"]``)."""
        return self.derivation.results["half"]


def _row(quantity: str, steps: Iterable[Step | Chain], full: sympy.Basic, half: sympy.Basic,
         note: str = "") -> ConventionRow:
    """A row whose two cells are results of one derivation made of ``steps``, verified here."""
    name = "conventions-" + quantity.replace(" ", "-")
    derivation = Derivation(
        name=name, title=f"The {quantity} under both conventions", steps=tuple(steps),
        prose=f"The {quantity} under the plain and the halved L2 penalty.",
        results={"full": full, "half": half},
        conventions=(L2().convention, L2(half=True).convention))
    try:
        derivation.verify()
    except VerificationError as exc:  # pragma: no cover - every row is proved
        raise VerificationError(f"conventions table, row {quantity!r}: {exc}") from exc
    return ConventionRow(quantity=quantity, derivation=derivation, note=note)


@results_memo(1)
def conventions_table() -> tuple[ConventionRow, ...]:
    """Each convention-dependent result under ``lam*w**2`` and ``lam/2*w**2``, verified.

    >>> rows = conventions_table()
    >>> [(r.quantity, r.full, r.half) for r in rows][:1]
    [('gradient', 2*lam*w, lam*w)]
    >>> all(r.derivation.verified for r in rows)
    True
    """
    full, half = L2(), L2(half=True)
    both = (full, half)
    rows = [_row("gradient",
                 [Step(sympy.Derivative(p.expr, w), p.derivative(),
                       reason=words("derivative of {}", p.expr)) for p in both],
                 full.derivative(), half.derivative())]
    for kind, quantity, note in (
            ("value", "value crossover with L1", ""),
            ("gradient", "gradient crossover with L1", ""),
            ("step", "step crossover with L1", "needs the step to stay on one side of zero")):
        crossings = [crossover(L1(), p, kind) for p in both]  # type: ignore[arg-type]
        rows.append(_row(quantity, [s for c in crossings for s in c.derivation.steps],
                         crossings[0].points, crossings[1].points, note))
    proxes = [p.prox_derivation(step=eta) for p in both]
    rows.append(_row("proximal step", [s for d in proxes for s in quoted(d)],
                     proxes[0].results["prox"], proxes[1].results["prox"]))
    factors = [sympy.expand(1 - eta * p.derivative() / w) for p in both]
    rows.append(_row(
        "gradient-descent factor per step",
        [Step(w - eta * sympy.Derivative(p.expr, w), f * w,
              reason="one gradient step multiplies the weight by this factor")
         for p, f in zip(both, factors, strict=True)],
        factors[0], factors[1]))
    priors = [map_penalty(Gaussian(), half=h) for h in (False, True)]
    rows.append(_row("strength from a Gaussian prior",
                     [s for m in priors for s in m.steps], priors[0].strength, priors[1].strength))
    ridge = [regression_map(Gaussian(), half=h) for h in (False, True)]
    rows.append(_row("ridge strength from a Gaussian prior",
                     [s for r in ridge for s in r.steps], ridge[0].lam, ridge[1].lam))
    return tuple(rows)
