r"""Canonical symbols of symreg and their assumptions.

Assumptions are made here and nowhere else: every module imports its symbols
from this one, so that ``w`` in a penalty, a prior and a parsed answer is the
same SymPy object.

===========  ==========  ===============  =====================================
name         SymPy name  assumptions      meaning
===========  ==========  ===============  =====================================
``w``        ``w``       real             a model weight
``z``        ``z``       real             the input of a proximal operator
``u``        ``u``       real             the variable minimised over in a prox
``lam``      ``lam``     positive         regularization strength
``eps``      ``eps``     positive         size of one step toward zero
``eta``      ``eta``     positive         step size (learning rate)
``sigma``    ``sigma``   positive         scale of a Gaussian prior
``b``        ``b``       positive         scale of a Laplace prior
``s``        ``s``       positive         scale of the Gaussian noise
``lam1``     ``lam_1``   positive         L1 strength of an elastic net
``lam2``     ``lam_2``   positive         L2 strength of an elastic net
``alpha``    ``alpha``   positive         scale of a generalized Gaussian
``beta``     ``beta``    positive         shape of a generalized Gaussian
``w0``       ``w_0``     real             initial weight of a descent
``g``        ``g``       real             a candidate subgradient
``p``        ``p``       positive         exponent of an Lp penalty
``k``        ``k``       integer, >= 0    iteration counter
``r``        ``r``       real             a residual ``y_i - x_i*w``
``n``        ``n``       integer, > 0     number of observations
``i``        ``i``       integer, > 0     index of an observation
``y``        ``y``       real (indexed)   responses ``y[i]``
``x``        ``x``       real (indexed)   feature values ``x[i]``
``theta``    ``theta``   positive         a fraction in (0, 1]
``d``        ``d``       integer, > 0     number of weights of a linear model
``j``        ``j``       integer, > 0     index of a weight
``weights``  ``w``       real (indexed)   the weights ``w[j]`` of a linear model
===========  ==========  ===============  =====================================

Vectors in R^d have coordinates ``w_1, ..., w_d`` (and ``z_i``, ``u_i``,
``g_i``), all real, from :func:`coordinates` (1-based, so that ``w_1`` never
meets the initial weight ``w_0``). The derivation of the block soft
thresholding uses ``norm_u`` (positive: the norm of a non-zero ``u``) and
``norm_z`` (non-negative: the norm of ``z``).

Examples
--------
>>> from symreg.symbols import lam, w
>>> lam.is_positive, w.is_real
(True, True)
"""

from __future__ import annotations

from types import MappingProxyType

import sympy

from symreg.errors import InvalidParameterError

__all__ = [
    "LATEX_NAMES",
    "alpha",
    "b",
    "beta",
    "by_name",
    "coordinates",
    "d",
    "eps",
    "eta",
    "g",
    "i",
    "j",
    "k",
    "lam",
    "lam1",
    "lam2",
    "n",
    "norm_u",
    "norm_z",
    "p",
    "r",
    "s",
    "sigma",
    "theta",
    "u",
    "w",
    "w0",
    "weights",
    "x",
    "y",
    "z",
]

w = sympy.Symbol("w", real=True)
z = sympy.Symbol("z", real=True)
u = sympy.Symbol("u", real=True)
w0 = sympy.Symbol("w_0", real=True)
g = sympy.Symbol("g", real=True)
p = sympy.Symbol("p", positive=True)
lam = sympy.Symbol("lam", positive=True)
lam1 = sympy.Symbol("lam_1", positive=True)
lam2 = sympy.Symbol("lam_2", positive=True)
eps = sympy.Symbol("eps", positive=True)
eta = sympy.Symbol("eta", positive=True)
sigma = sympy.Symbol("sigma", positive=True)
b = sympy.Symbol("b", positive=True)
s = sympy.Symbol("s", positive=True)
alpha = sympy.Symbol("alpha", positive=True)
beta = sympy.Symbol("beta", positive=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)
r = sympy.Symbol("r", real=True)
n = sympy.Symbol("n", integer=True, positive=True)
i = sympy.Symbol("i", integer=True, positive=True)
y = sympy.IndexedBase("y", real=True)
x = sympy.IndexedBase("x", real=True)
theta = sympy.Symbol("theta", positive=True)
norm_u = sympy.Symbol("norm_u", positive=True)
norm_z = sympy.Symbol("norm_z", nonnegative=True)
d = sympy.Symbol("d", integer=True, positive=True)
j = sympy.Symbol("j", integer=True, positive=True)
weights = sympy.IndexedBase("w", real=True)

#: LaTeX names of the symbols whose SymPy name is not already the LaTeX one.
LATEX_NAMES: MappingProxyType[sympy.Symbol, str] = MappingProxyType(
    {
        lam: r"\lambda",
        lam1: r"\lambda_{1}",
        lam2: r"\lambda_{2}",
        eps: r"\varepsilon",
        eta: r"\eta",
        sigma: r"\sigma",
        alpha: r"\alpha",
        beta: r"\beta",
        w0: r"w_{0}",
        theta: r"\theta",
        norm_u: r"\lVert u \rVert_{2}",
        norm_z: r"\lVert z \rVert_{2}",
    }
)

_BY_NAME: MappingProxyType[str, sympy.Symbol] = MappingProxyType(
    {
        "w": w,
        "z": z,
        "u": u,
        "w0": w0,
        "g": g,
        "p": p,
        "lam": lam,
        "lam1": lam1,
        "lam2": lam2,
        "eps": eps,
        "eta": eta,
        "sigma": sigma,
        "b": b,
        "s": s,
        "alpha": alpha,
        "beta": beta,
        "k": k,
        "r": r,
        "n": n,
        "i": i,
        "theta": theta,
        "d": d,
        "j": j,
    }
)


def by_name() -> MappingProxyType[str, sympy.Symbol]:
    """Return the canonical symbols keyed by their Python names.

    >>> by_name()["lam"].is_positive
    True
    """
    return _BY_NAME


#: The vectors whose coordinates :func:`coordinates` makes (all real, like their scalar).
_COORDINATE_NAMES = ("w", "z", "u", "g")


def coordinates(name: str, dim: int) -> tuple[sympy.Symbol, ...]:
    """The real coordinates ``name_1, ..., name_dim`` of a vector in R^dim.

    >>> coordinates("w", 3)
    (w_1, w_2, w_3)
    >>> coordinates("z", 2)[0].is_real
    True
    >>> coordinates("lam", 2)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: coordinates are made for w, z, u, g; got 'lam'
    """
    if name not in _COORDINATE_NAMES:
        raise InvalidParameterError(
            f"coordinates are made for {', '.join(_COORDINATE_NAMES)}; got {name!r}")
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise InvalidParameterError(f"dim must be a positive integer, got {dim!r}")
    return tuple(sympy.Symbol(f"{name}_{index}", real=True) for index in range(1, dim + 1))
