"""Penalties of one real weight: the base class, the four families, and any expression.

>>> from symreg.penalties import L1, penalty
>>> from symreg.symbols import lam, w
>>> p = penalty(lam * abs(w), w, name="L1")
>>> p == L1(), p.prox() == L1().prox()
(False, True)
"""

from __future__ import annotations

from symreg._validate import require_positive, require_real_point
from symreg.penalties._base import Penalty
from symreg.penalties._custom import CustomPenalty, penalty
from symreg.penalties._families import L1, L2, ElasticNet, Lp

__all__ = ["L1", "L2", "CustomPenalty", "ElasticNet", "Lp", "Penalty", "penalty",
           "require_positive"]

# Kept for the modules that imported the checks from here before _validate existed.
_require_real_point = require_real_point
