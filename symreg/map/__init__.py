r"""MAP estimation: the penalty a prior adds, and the penalised least squares of regression.

:func:`map_penalty` takes ``-log`` of a prior's density, splits it into the
part that depends on ``w`` (a penalty of :mod:`symreg.penalties`) and a
constant, and records the steps as a :class:`~symreg.derivation.Derivation`.
:func:`regression_map` does the same for linear regression with Gaussian noise
and reads off the regularization strength of the equivalent penalised
least-squares problem, in both data-fit conventions. Nothing is typed in per
prior: strengths, constants and ``lam`` are computed by SymPy from the densities.

Examples
--------
>>> from symreg.priors import Gaussian, Laplace
>>> from symreg.symbols import b, s, sigma
>>> result = map_penalty(Gaussian(sigma))
>>> result.penalty
L2(strength=1/(2*sigma**2), half=False)
>>> result.constant
log(sqrt(2)*sqrt(pi)*sigma)
>>> map_penalty(Gaussian(sigma), half=True).penalty
L2(strength=sigma**(-2), half=True)
>>> map_penalty(Laplace(b)).penalty
L1(strength=1/b)
>>> regression_map(Gaussian(sigma), noise_scale=s).lam
s**2/sigma**2
>>> regression_map(Laplace(b), noise_scale=s).lam
2*s**2/b
"""


from __future__ import annotations

from symreg.map.penalty import MapPenalty, map_penalty
from symreg.map.regression import RegressionMap, regression_map

__all__ = ["MapPenalty", "RegressionMap", "map_penalty", "regression_map"]
