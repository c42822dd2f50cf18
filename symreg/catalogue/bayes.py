r"""MAP estimation: the Gaussian and Laplace priors give the L2 and L1 penalties."""

from __future__ import annotations

from symreg import symbols
from symreg.catalogue._common import facts
from symreg.derivation import Derivation
from symreg.map import map_penalty, regression_map
from symreg.priors import Gaussian, Laplace

__all__ = ["map_priors"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def map_priors(title: str) -> Derivation:
    """The MAP penalties of the Gaussian and Laplace priors, and the lambda of MAP regression.

    >>> map_priors("MAP").results["lasso-strength"]
    2*s**2/b
    """
    gauss, laplace = map_penalty(Gaussian()), map_penalty(Laplace())
    ridge, lasso = regression_map(Gaussian()), regression_map(Laplace())
    proof = (*gauss.steps, *laplace.steps, *ridge.steps, *lasso.steps)
    return Derivation(
        name="map",
        title=title,
        prose=("The negative log-densities of the Gaussian and Laplace priors, and the "
               "penalised least squares that the MAP estimate of a linear model solves "
               "under Gaussian noise."),
        steps=proof,
        claim=facts(proof),
        results={"ridge-strength": ridge.lam, "lasso-strength": lasso.lam},
        conventions=(gauss.convention, laplace.convention, ridge.convention),
    )
