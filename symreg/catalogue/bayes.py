r"""MAP estimation: Gaussian and Laplace priors give L2 and L1, for a model with d weights.

One lemma serves both priors (and both scalings of the data fit): for a linear
model with independent Gaussian noise and independent weights whose negative
log prior density is any function :math:`\varphi`, the scaled negative log
posterior is least squares plus the scale times :math:`\sum_j \varphi(w_j)`
plus a constant. The lemma is proved with :math:`\varphi` left undefined, so it
holds for every prior; each prior's own chain writes its :math:`\varphi` as a
strength times a penalty plus a constant, and the penalty's strength in the
objective is the scale times that strength.
"""

from __future__ import annotations

import sympy
from sympy import stats

from symreg import printing, symbols
from symreg.catalogue._common import facts
from symreg.derivation import Chain, Derivation, Step
from symreg.map import map_penalty, regression_map
from symreg.map._common import times
from symreg.priors import Gaussian, Laplace

__all__ = ["map_priors"]

w, s, n, d = symbols.w, symbols.s, symbols.n, symbols.d
i, j, x, y, weights = symbols.i, symbols.j, symbols.x, symbols.y, symbols.weights

#: The negative log prior density of one weight: any function (the lemma leaves it undefined).
phi = sympy.Function("phi")
#: The residuals r_i (real, like the canonical residual r).
residuals = sympy.IndexedBase(symbols.r)
_residual_i = sympy.Eq(residuals[i], y[i] - sympy.Sum(x[i, j] * weights[j], (j, 1, d)),
                       evaluate=False)


def _lemma() -> tuple[Step, Step]:
    """``2 s**2 * (-log likelihood + sum_j phi(w_j))``, and the same halved.

    The model is ``y_i = sum_j x_ij w_j + e_i`` (``i = 1..n``, ``j = 1..d``)
    with independent noise ``e_i ~ N(0, s**2)`` and independent weights; the
    likelihood is written at the residuals ``r_i``, for which the lemma holds
    whatever their values.
    """
    scale = regression_map(Gaussian()).scale
    # The lemma holds for any real r_i; the model's residuals are one choice.
    residual = residuals[i]
    noise = stats.density(stats.Normal("E", 0, s))(residual)
    neg_log = sympy.Add(sympy.Sum(-sympy.log(noise), (i, 1, n)),
                        sympy.Sum(phi(weights[j]), (j, 1, d)), evaluate=False)
    # The constant of one observation, log(s*sqrt(2*pi)), in the form it is read in.
    noise_constant = sympy.log(sympy.sqrt(2 * sympy.pi) * s)
    squares = sympy.Sum(residual**2, (i, 1, n))
    prior_sum = sympy.Sum(phi(weights[j]), (j, 1, d))
    half = sympy.Rational(1, 2)
    # Data fit, penalty, constant: in the order the objective is usually written.
    objective = sympy.Add(squares, times(scale, prior_sum), scale * n * noise_constant,
                          evaluate=False)
    halved = sympy.Add(half * squares, times(half * scale, prior_sum),
                       half * scale * n * noise_constant, evaluate=False)
    return (
        Step(sympy.Mul(scale, neg_log, evaluate=False), objective,
             reason=printing.words("the negative log density of the noise at each residual "
                                   "{}, expanded, times the scale", _residual_i)),
        Step(times(half, objective), halved,
             reason="halved: the scale that makes the data fit half the sum of squares"),
    )


def _strengths() -> tuple[tuple[Step, ...], dict[str, sympy.Expr]]:
    """For each prior and each data fit: the penalty's strength, the scale times the prior's."""
    steps: list[Step] = []
    results: dict[str, sympy.Expr] = {}
    for key, prior in (("ridge", Gaussian()), ("lasso", Laplace())):
        for half in (False, True):
            model = regression_map(prior, half=half)
            strength = map_penalty(prior, half=half).strength
            fit = "halved data fit" if half else "data fit"
            steps.append(Step(times(model.scale, strength), model.lam,
                              reason=f"{prior.name} prior, {fit}: the penalty's strength is "
                                     "the scale times the prior's strength"))
            results[f"{key}-strength" + ("-half" if half else "")] = model.lam
    return tuple(steps), results


def map_priors(title: str) -> Derivation:
    """The MAP penalties of the Gaussian and Laplace priors, and the lambda of MAP regression.

    >>> map_priors("MAP").results["lasso-strength"]
    2*s**2/b
    """
    gauss, laplace = map_penalty(Gaussian()), map_penalty(Laplace())
    gauss_half = map_penalty(Gaussian(), half=True)
    strengths, results = _strengths()
    scales = (regression_map(Gaussian()).scale, regression_map(Gaussian(), half=True).scale)
    proof: tuple[Step | Chain, ...] = (
        *gauss.steps, gauss_half.steps[2], *laplace.steps,
        *_lemma(),
        *strengths,
        *(Step(scale, 0, relation="gt", reason="a positive scale keeps the minimisers")
          for scale in scales),
    )
    return Derivation(
        name="map",
        title=title,
        prose=("The negative log-density of each prior is a strength times a penalty plus a "
               "constant. Then a linear model with independent Gaussian noise, written at "
               "its residuals, and "
               "independent weights, each with a negative log prior density that may be any "
               "function: its negative log posterior, scaled for each of the two usual data "
               "fits, is least squares plus the scale times the sum of that function over "
               "the weights, plus a constant. With the function of one of the priors, the "
               "penalty's strength is the scale times the prior's strength."),
        steps=proof,
        claim=facts(proof),
        results=results,
        conventions=(gauss.convention, gauss_half.convention, laplace.convention,
                     regression_map(Gaussian()).convention,
                     regression_map(Gaussian(), half=True).convention,
                     regression_map(Laplace()).convention,
                     regression_map(Laplace(), half=True).convention),
    )
