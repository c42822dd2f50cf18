"""Reference implementations of each penalty: plain Python, written the way one would by hand.

Their parameters carry the SymPy names of symreg's symbols (``w``, ``z``,
``eta``, ``lam``, ``lam_1``, ``lam_2``), which ties each one to its symbolic
counterpart; :mod:`symreg.render.listings` typesets them from this source and
checks them against the symbolic results. Keep them plain: latexify-py reads
their source.

>>> l1_prox(3.0, 1.0, 2.0), l1_prox(-1.0, 1.0, 2.0), l1_prox(-5.0, 1.0, 2.0)
(1.0, 0, -3.0)
"""

from __future__ import annotations

__all__ = [
    "elastic_net_derivative",
    "elastic_net_penalty",
    "elastic_net_prox",
    "l1_derivative",
    "l1_penalty",
    "l1_prox",
    "l2_derivative",
    "l2_half_derivative",
    "l2_half_penalty",
    "l2_half_prox",
    "l2_penalty",
    "l2_prox",
]


def l1_penalty(w: float, lam: float) -> float:
    """L1 penalty ``lam*|w|``.

    >>> l1_penalty(-2.0, 0.5)
    1.0
    """
    return lam * abs(w)


def l1_derivative(w: float, lam: float) -> float:
    """Derivative of the L1 penalty away from 0 (0 at the kink, as SymPy's sign).

    >>> l1_derivative(-2.0, 0.5)
    -0.5
    """
    if w > 0:
        return lam
    elif w < 0:
        return -lam
    else:
        return 0


def l1_prox(z: float, eta: float, lam: float) -> float:
    """Soft thresholding: the proximal operator of ``eta*lam*|w|``.

    >>> l1_prox(0.3, 0.5, 1.0)
    0
    """
    if z > eta * lam:
        return z - eta * lam
    elif z < -eta * lam:
        return z + eta * lam
    else:
        return 0


def l2_penalty(w: float, lam: float) -> float:
    """L2 penalty ``lam*w**2``.

    >>> l2_penalty(-2.0, 0.5)
    2.0
    """
    return lam * w**2


def l2_derivative(w: float, lam: float) -> float:
    """Derivative of ``lam*w**2``.

    >>> l2_derivative(-2.0, 0.5)
    -2.0
    """
    return 2 * lam * w


def l2_prox(z: float, eta: float, lam: float) -> float:
    """Proximal operator of ``eta*lam*w**2``: a shrinkage by ``1 + 2*eta*lam``.

    >>> l2_prox(3.0, 0.5, 1.0)
    1.5
    """
    return z / (1 + 2 * eta * lam)


def l2_half_penalty(w: float, lam: float) -> float:
    """L2 penalty ``lam/2*w**2``.

    >>> l2_half_penalty(-2.0, 0.5)
    1.0
    """
    return lam / 2 * w**2


def l2_half_derivative(w: float, lam: float) -> float:
    """Derivative of ``lam/2*w**2``.

    >>> l2_half_derivative(-2.0, 0.5)
    -1.0
    """
    return lam * w


def l2_half_prox(z: float, eta: float, lam: float) -> float:
    """Proximal operator of ``eta*lam/2*w**2``: a shrinkage by ``1 + eta*lam``.

    >>> l2_half_prox(3.0, 0.5, 1.0)
    2.0
    """
    return z / (1 + eta * lam)


def elastic_net_penalty(w: float, lam_1: float, lam_2: float) -> float:
    """Elastic net ``lam_1*|w| + lam_2*w**2``.

    >>> elastic_net_penalty(-2.0, 0.5, 0.25)
    2.0
    """
    return lam_1 * abs(w) + lam_2 * w**2


def elastic_net_derivative(w: float, lam_1: float, lam_2: float) -> float:
    """Derivative of the elastic net away from 0 (0 at the kink).

    >>> elastic_net_derivative(-2.0, 0.5, 0.25)
    -1.5
    """
    if w > 0:
        return lam_1 + 2 * lam_2 * w
    elif w < 0:
        return -lam_1 + 2 * lam_2 * w
    else:
        return 0


def elastic_net_prox(z: float, eta: float, lam_1: float, lam_2: float) -> float:
    """Soft thresholding by ``eta*lam_1``, then shrinkage by ``1 + 2*eta*lam_2``.

    >>> elastic_net_prox(2.0, 0.5, 1.0, 1.0)
    0.75
    """
    if z > eta * lam_1:
        return (z - eta * lam_1) / (1 + 2 * eta * lam_2)
    elif z < -eta * lam_1:
        return (z + eta * lam_1) / (1 + 2 * eta * lam_2)
    else:
        return 0
