"""symreg: symbolic, machine-checked derivations about L1 and L2 regularization.

The public names are re-exported from the modules that define them and are
loaded on first use, so ``import symreg`` stays cheap; SymPy itself loads when
the first name is touched, and matplotlib, latexify-py and the parser of
untrusted answers only when a figure, a listing or a check needs them.

>>> import symreg
>>> symreg.L1().subdifferential(at=0)
Interval(-lam, lam)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from symreg._version import __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Crossover": "symreg.analysis",
    "Derivation": "symreg.derivation",
    "Descent": "symreg.dynamics",
    "Dominance": "symreg.analysis",
    "ElasticNet": "symreg.penalties",
    "GeneralizedGaussian": "symreg.priors",
    "Gaussian": "symreg.priors",
    "L1": "symreg.penalties",
    "MapPenalty": "symreg.map",
    "Prior": "symreg.priors",
    "RegressionMap": "symreg.map",
    "L2": "symreg.penalties",
    "Laplace": "symreg.priors",
    "Lp": "symreg.penalties",
    "Penalty": "symreg.penalties",
    "Step": "symreg.derivation",
    "crossover": "symreg.analysis",
    "descent": "symreg.dynamics",
    "dominance": "symreg.analysis",
    "map_penalty": "symreg.map",
    # penalties of any expression (issue 12)
    "CustomPenalty": "symreg.penalties",
    "penalty": "symreg.penalties",
    "regression_map": "symreg.map",
    "step_decrease": "symreg.analysis",
    # penalties of a vector w in R^d
    "GroupSum": "symreg.vector",
    "Norm1": "symreg.vector",
    "Norm2": "symreg.vector",
    "SquaredNorm2": "symreg.vector",
    "VectorElasticNet": "symreg.vector",
    "VectorPenalty": "symreg.vector",
    "group_lasso": "symreg.vector",
}

__all__ = [
    "L1",
    "L2",
    "Crossover",
    "CustomPenalty",
    "Derivation",
    "Descent",
    "Dominance",
    "ElasticNet",
    "Gaussian",
    "GeneralizedGaussian",
    "GroupSum",
    "Laplace",
    "Lp",
    "MapPenalty",
    "Norm1",
    "Norm2",
    "Penalty",
    "Prior",
    "RegressionMap",
    "SquaredNorm2",
    "Step",
    "VectorElasticNet",
    "VectorPenalty",
    "__version__",
    "crossover",
    "descent",
    "dominance",
    "group_lasso",
    "map_penalty",
    "penalty",
    "regression_map",
    "step_decrease",
]

if TYPE_CHECKING:  # pragma: no cover
    from symreg.analysis import Crossover, Dominance, crossover, dominance, step_decrease
    from symreg.derivation import Derivation, Step
    from symreg.dynamics import Descent, descent
    from symreg.map import MapPenalty, RegressionMap, map_penalty, regression_map
    from symreg.penalties import L1, L2, CustomPenalty, ElasticNet, Lp, Penalty, penalty
    from symreg.priors import Gaussian, GeneralizedGaussian, Laplace, Prior
    from symreg.vector import (
        GroupSum,
        Norm1,
        Norm2,
        SquaredNorm2,
        VectorElasticNet,
        VectorPenalty,
        group_lasso,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'symreg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
