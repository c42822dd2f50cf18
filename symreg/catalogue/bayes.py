r"""MAP estimation: Gaussian and Laplace priors give L2 and L1, for a model with d weights."""

from __future__ import annotations

import sympy
from sympy import stats

from symreg import symbols
from symreg.catalogue._common import facts
from symreg.derivation import Chain, Derivation, Step, calc
from symreg.map import map_penalty, regression_map
from symreg.priors import Gaussian, Laplace, Prior

__all__ = ["map_priors"]

w, s, n, d = symbols.w, symbols.s, symbols.n, symbols.d
i, j, x, y, weights = symbols.i, symbols.j, symbols.x, symbols.y, symbols.weights


def _vector(prior: Prior, *, half: bool) -> tuple[Chain, sympy.Expr]:
    """``scale * (-log likelihood - log prior) = fit + lam * sum_j R(w_j) + constant``.

    The model is ``y_i = sum_j x_ij w_j + e_i`` (``i = 1..n``, ``j = 1..d``)
    with independent noise ``e_i ~ N(0, s**2)`` and independent priors on the
    ``d`` weights; the scale (``2 s**2``, or ``s**2`` for the halved fit) is
    positive, so both sides have the same minimisers.
    """
    scalar = regression_map(prior, half=half)
    prior_part = map_penalty(prior, half=half)
    residual = y[i] - sympy.Sum(x[i, j] * weights[j], (j, 1, d))
    noise = stats.density(stats.Normal("E", 0, s))(residual)
    neg_log = sympy.Add(sympy.Sum(-sympy.log(noise), (i, 1, n)),
                        sympy.Sum(-sympy.log(prior.density(weights[j])), (j, 1, d)),
                        evaluate=False)
    fit = sympy.Rational(1, 2) if half else sympy.S.One
    unit = prior.penalty_family(half)(sympy.S.One).expr.subs(w, weights[j])
    noise_constant = sympy.expand_log(-sympy.log(noise), force=False) - residual**2 / (2 * s**2)
    constant = scalar.scale * (n * sympy.simplify(noise_constant) + d * prior_part.constant)
    objective = (fit * sympy.Sum(residual**2, (i, 1, n))
                 + sympy.UnevaluatedExpr(scalar.lam) * sympy.Sum(unit, (j, 1, d)) + constant)
    convention = "halved data fit" if half else "data fit"
    chain = calc(sympy.Mul(scalar.scale, neg_log, evaluate=False),
                 ("=", objective, f"the negative log densities, expanded, times the scale "
                                  f"({convention})"))
    return chain, scalar.lam


def map_priors(title: str) -> Derivation:
    """The MAP penalties of the Gaussian and Laplace priors, and the lambda of MAP regression.

    >>> map_priors("MAP").results["lasso-strength"]
    2*s**2/b
    """
    gauss, laplace = map_penalty(Gaussian()), map_penalty(Laplace())
    ridge, ridge_half = _vector(Gaussian(), half=False), _vector(Gaussian(), half=True)
    lasso, lasso_half = _vector(Laplace(), half=False), _vector(Laplace(), half=True)
    scales = (regression_map(Gaussian()).scale, regression_map(Gaussian(), half=True).scale)
    proof: tuple[Step | Chain, ...] = (
        *gauss.steps, *laplace.steps,
        ridge[0], ridge_half[0], lasso[0], lasso_half[0],
        *(Step(scale, 0, relation="gt", reason="a positive scale keeps the minimisers")
          for scale in scales),
    )
    return Derivation(
        name="map",
        title=title,
        prose=("The negative log-densities of the Gaussian and Laplace priors; then a "
               "linear model with independent weights, independent Gaussian noise and "
               "independent priors on the weights: its negative log posterior, scaled for "
               "each of the two usual data fits, is penalised least squares plus a "
               "constant."),
        steps=proof,
        claim=facts(proof),
        results={"ridge-strength": ridge[1], "ridge-strength-half": ridge_half[1],
                 "lasso-strength": lasso[1], "lasso-strength-half": lasso_half[1]},
        conventions=(gauss.convention, laplace.convention,
                     regression_map(Gaussian()).convention,
                     regression_map(Gaussian(), half=True).convention,
                     regression_map(Laplace()).convention,
                     regression_map(Laplace(), half=True).convention),
    )
