r"""MAP estimation: the Gaussian and Laplace priors give the L2 and L1 penalties."""

from __future__ import annotations

from symreg import symbols
from symreg.catalogue._common import statement
from symreg.derivation import Derivation
from symreg.map import map_penalty, regression_map
from symreg.priors import Gaussian, Laplace

__all__ = ["map_priors"]

w, lam, eps, eta, z = symbols.w, symbols.lam, symbols.eps, symbols.eta, symbols.z


def map_priors(title: str) -> Derivation:
    """The MAP penalties of the Gaussian and Laplace priors, and the lambda of MAP regression.

    >>> map_priors("MAP").steps[-1].rhs
    2*s**2/b
    """
    gauss, laplace = map_penalty(Gaussian()), map_penalty(Laplace())
    ridge, lasso = regression_map(Gaussian()), regression_map(Laplace())
    return Derivation(
        name="map",
        title=title,
        statement=statement(
            "Up to a constant, $-\\log p(w)$ is ${0}$ for a Gaussian prior and ${1}$ for a "
            "Laplace prior. With Gaussian noise of scale $s$, the MAP estimate of a linear "
            "model minimises the squared error plus ${2}$ times the squared norm (Gaussian "
            "prior) or ${3}$ times the L1 norm (Laplace prior).",
            gauss.penalty.expr, laplace.penalty.expr, ridge.lam, lasso.lam),
        steps=(*gauss.steps, *laplace.steps, *ridge.steps, *lasso.steps),
        conventions=(gauss.convention, laplace.convention, ridge.convention),
    )
