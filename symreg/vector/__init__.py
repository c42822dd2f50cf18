r"""Penalties of a vector ``w`` in R^d: norms, the elastic net and sums over groups.

Every penalty is written in the coordinates ``w_1, ..., w_d`` of
:func:`symreg.symbols.coordinates` (1-based). Its proximal operator
``argmin_u 1/2 ||u - z||_2**2 + step * P(u)`` is a column ``Matrix`` in the
inputs ``z_1, ..., z_d`` it names (``.prox_inputs``), derived and verified:

* for a separable sum ``sum_i P(w_i)`` (:class:`Norm1`,
  :class:`SquaredNorm2`, :class:`VectorElasticNet`, :class:`Separable`) by a
  verified separability lemma that reuses the scalar prox of
  :mod:`symreg.prox` for each coordinate;
* for :class:`Norm2` (the group-lasso penalty) from the optimality condition,
  case by case on ``u != 0`` and ``u = 0``: block soft thresholding;
* for a :class:`GroupSum` over disjoint groups of coordinates, block by
  block, each block by its own derivation.

``.subdifferential(at=point)`` is a SymPy set of d-tuples that answers
membership (``in`` for numbers, ``.contains`` for symbols).

>>> from symreg.symbols import eta, lam
>>> Norm2(dim=2).subdifferential(at=(0, 0))
ConditionSet((g_1, g_2), g_1**2 + g_2**2 <= lam**2, ProductSet(Reals, Reals))
>>> Norm1(dim=2).prox(step=eta)[0]
Piecewise((-eta*lam + z_1, z_1 > eta*lam), (eta*lam + z_1, z_1 < -eta*lam), (0, True))
"""

from __future__ import annotations

from symreg.vector._base import VectorPenalty
from symreg.vector._groups import GroupSum, group_lasso
from symreg.vector._norm2 import Norm2
from symreg.vector._separable import Norm1, Separable, SquaredNorm2, VectorElasticNet

# Documented, and referred to, as symreg.vector.NAME.
for _public in (VectorPenalty, GroupSum, group_lasso, Norm2, Norm1, Separable, SquaredNorm2,
                VectorElasticNet):
    _public.__module__ = __name__
del _public

__all__ = [
    "GroupSum",
    "Norm1",
    "Norm2",
    "Separable",
    "SquaredNorm2",
    "VectorElasticNet",
    "VectorPenalty",
    "group_lasso",
]
