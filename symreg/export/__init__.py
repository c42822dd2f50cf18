r"""Verified results as numeric functions: NumPy, JAX, PyTorch, and PyProximal operators.

:func:`numpy` turns a verified result (an expression, a column ``Matrix`` such
as a vector prox, or a verified :class:`~symreg.derivation.Derivation`) into a
vectorised function. Its arguments, in order (:func:`arguments`):

1. the **inputs**: the coordinates ``z_1, ..., z_d`` of a vector (and
   likewise ``w_i``, ``u_i``, ``g_i``) become **one** array argument named
   after the vector (``z``), with the coordinates along its last axis; the
   scalars ``z``, ``w``, ``u``, ``g`` are each one argument; inputs come in the
   order ``z``, ``w``, ``u``, ``g``;
2. then every other symbol (``eta``, ``lam``, ``lam_1``, ...), sorted by name.

Arguments broadcast against each other like NumPy arrays. A vector result
(a ``Matrix``) returns its coordinates along the last axis.

**Branches are kept.** A ``Piecewise`` is evaluated branch by branch, each
branch only where its condition selects it (the first condition that holds
wins), so an inactive branch is never computed: no ``nan`` and no warning
from it (``eta*lam/||z||`` is not evaluated at ``z = 0``), and the dead zone
of a prox is exactly 0.

>>> import numpy as np
>>> from symreg import L1, Norm2
>>> from symreg.symbols import eta
>>> soft = numpy(L1().prox(step=eta))
>>> soft.arguments
('z', 'eta', 'lam')
>>> soft(np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), 1.0, 1.0)
array([-1.,  0.,  0.,  0.,  1.])
>>> block = numpy(Norm2(dim=2).prox(step=eta))
>>> block(np.array([[3.0, 4.0], [0.0, 0.0], [0.3, 0.4]]), 1.0, 1.0)
array([[2.4, 3.2],
       [0. , 0. ],
       [0. , 0. ]])

:func:`jax` and :func:`torch` give the same function for those libraries
(every argument becomes the library's array; there the branches are chosen
with the library's ``select``/``where``: the values are the same, but an
inactive branch is computed and discarded, so a gradient taken through such a
branch may be ``nan`` where the value is not).
:func:`pyproximal` wraps a penalty as a ``pyproximal.ProxOperator``. None of
JAX, PyTorch and PyProximal is needed by symreg itself: each is imported when
its function is called, with a clear error when it is missing.
"""

from __future__ import annotations

from symreg.export._arguments import arguments
from symreg.export._libraries import jax, torch
from symreg.export._numpy import numpy
from symreg.export._pyproximal import pyproximal

# Documented, and referred to, as symreg.export.NAME.
for _public in (arguments, jax, numpy, pyproximal, torch):
    _public.__module__ = __name__
del _public

__all__ = ["arguments", "jax", "numpy", "pyproximal", "torch"]
