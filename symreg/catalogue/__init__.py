r"""The named derivations that answer "does L1 penalize weights more than L2?".

Each entry is built only from the model layers (:mod:`symreg.penalties`,
:mod:`symreg.analysis`, :mod:`symreg.dynamics`, :mod:`symreg.priors`,
:mod:`symreg.map`) and is verified before it is returned: a step that fails
stops :func:`get` with the step named. Nothing here types in a result; the few
figures quoted from the question being examined (rounded ratios) are kept apart
in :data:`QUOTED_RATIOS` and only ever *compared* with the exact values.

The package has one registry (:mod:`symreg.catalogue.registry`) and one module
per topic: :mod:`~symreg.catalogue.crossovers`, :mod:`~symreg.catalogue.steps`,
:mod:`~symreg.catalogue.proximal`, :mod:`~symreg.catalogue.bayes`,
:mod:`~symreg.catalogue.families`, and the table of
:mod:`~symreg.catalogue.conventions`.

>>> names()[:3]
('subdifferential', 'value-crossover', 'gradient-crossover')
>>> get("value-crossover").results["l2"]
{1}
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from symreg.catalogue.registry import derivations, get, names, title

if TYPE_CHECKING:
    from symreg.catalogue.conventions import ConventionRow, conventions_table
    from symreg.catalogue.steps import QUOTED_RATIOS, WORKED_EXAMPLE

# Names whose module loads on first use: one derivation needs only its own topic module.
_LAZY = {"ConventionRow": "conventions", "conventions_table": "conventions",
         "QUOTED_RATIOS": "steps", "WORKED_EXAMPLE": "steps"}

__all__ = [
    "QUOTED_RATIOS",
    "WORKED_EXAMPLE",
    "ConventionRow",
    "conventions_table",
    "derivations",
    "get",
    "names",
    "title",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symreg.catalogue' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"symreg.catalogue.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
