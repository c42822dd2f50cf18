r"""The MAP penalty of a prior: -log p(w) split into a penalty and a constant."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from symreg import printing, symbols
from symreg._memo import results_memo
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import UnsupportedError
from symreg.map._common import (
    REAL_LINE,
    check_half,
    check_prior,
    plus,
    slug,
    split_neg_log,
    times,
    unit_regularizer,
)
from symreg.penalties import Penalty
from symreg.priors import Prior
from symreg.proof import simplified

__all__ = ["MapPenalty", "map_penalty"]

w = symbols.w


@dataclass(frozen=True, slots=True, kw_only=True)
class MapPenalty:
    r"""The penalty a prior adds to MAP estimation: ``-log p(w) = penalty(w) + constant``.

    Attributes:
        prior: the prior.
        penalty: the ``w``-dependent part of ``-log p(w)`` as a penalty.
        strength: the strength of :attr:`penalty`, in its :attr:`convention`.
        constant: the part of ``-log p(w)`` that does not depend on ``w``.
        convention: the penalty's convention as data (its form with the
            strength ``lam``: ``lam*w**2``, ``lam*w**2/2``, ``lam*|w|`` or ``lam*|w|**p``).
        neg_log_density: ``-log p(w)`` with the logarithm expanded.
        steps: the derivation from the density (see :meth:`derivation`).
    """

    prior: Prior
    penalty: Penalty
    strength: sympy.Expr
    constant: sympy.Expr
    convention: Convention
    neg_log_density: sympy.Expr
    steps: tuple[Step, ...] = field(repr=False)

    def derivation(self) -> Derivation:
        """The steps as a :class:`~symreg.derivation.Derivation` (call ``verify()`` on it).

        >>> from symreg.priors import Laplace
        >>> from symreg.symbols import b
        >>> map_penalty(Laplace(b)).derivation().verify().verified
        True
        """
        return Derivation(
            name=f"map-penalty-{slug(self.prior)}",
            title=printing.words(f"MAP penalty of the {self.prior.name} prior ({{}})",
                                 self.convention.expr),
            steps=self.steps,
            prose=(f"The zero-mean {self.prior.name} prior: its negative log-density is "
                   "a penalty plus a constant."),
            conventions=(self.convention,),
        )

    def latex(self) -> str:
        r"""``-\log p(w) = penalty + constant`` as LaTeX.

        >>> from symreg.priors import Laplace
        >>> from symreg.symbols import b
        >>> print(map_penalty(Laplace(b)).latex())
        -\log p(w) = \frac{\left|{w}\right|}{b} + \log{\left(2 b \right)}
        """
        return f"-\\log p({printing.latex(w)}) = " + plus(printing.latex(self.penalty.expr),
                                                          printing.latex(self.constant))

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


def map_penalty(prior: Prior, *, half: bool = False) -> MapPenalty:
    r"""Split ``-log p(w)`` of a prior into a penalty and a constant.

    The density comes from :mod:`sympy.stats`; ``-log`` of it is expanded, the
    terms free of ``w`` form the constant and the rest is matched with the
    penalty family of the prior (L2 for Gaussian, L1 for Laplace, Lp for the
    generalized Gaussian) to find its strength.

    Args:
        prior: a :class:`Gaussian`, :class:`Laplace` or
            :class:`GeneralizedGaussian` prior.
        half: write a Gaussian prior's penalty in the ``lam/2*w**2``
            convention (its strength is then ``1/sigma**2`` instead of
            ``1/(2*sigma**2)``). No effect on the other priors, whose penalty is
            not L2.

    Returns:
        A :class:`MapPenalty`; its :attr:`~MapPenalty.steps` are not verified
        yet (``result.derivation().verify()`` does that).

    Raises:
        InvalidParameterError: ``prior`` is not a prior or ``half`` not a bool.

    >>> from symreg.priors import GeneralizedGaussian
    >>> from symreg.symbols import alpha, beta
    >>> result = map_penalty(GeneralizedGaussian(alpha, beta))
    >>> result.penalty, result.strength
    (Lp(p=beta, strength=alpha**(-beta)), alpha**(-beta))
    >>> result.constant
    log(2*alpha*gamma(1/beta)/beta)
    """
    return _map_penalty(check_prior(prior), check_half(half))


@results_memo(128)
def _map_penalty(prior: Prior, half: bool) -> MapPenalty:
    # The reasons print their math when they are shown: one result for every notation.
    where = prior.assumptions()
    density = prior.density(w)
    neg_log, expanded, constant, dependent = split_neg_log(density, w)
    family = prior.penalty_family(half)
    unit = family(sympy.S.One).expr  # R(w), the penalty of strength one
    strength = simplified(dependent / unit)
    if strength.has(w):  # pragma: no cover - every prior here matches its family
        raise UnsupportedError(
            f"-log p(w) of the {prior.name} prior does not reduce to its penalty family"
        )
    penalty = family(strength)
    steps = (
        Step(sympy.Integral(density, REAL_LINE), 1,
             reason="the density integrates to one", where=where),
        Step(neg_log, expanded, reason="logarithm of the density, expanded", where=where),
        Step(expanded, times(strength, unit) + constant, where=where,
             reason=printing.words("collect the terms with {}: the strength times {}, plus a "
                                   "constant", w, unit_regularizer(w))),
        Step(sympy.Derivative(constant, w), 0, where=where,
             reason=printing.words("the rest is a constant: it does not depend on {}", w)),
    )
    return MapPenalty(prior=prior, penalty=penalty, strength=strength, constant=constant,
                      convention=penalty.convention,
                      neg_log_density=expanded, steps=steps)
