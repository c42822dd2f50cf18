r"""Snippets: one derivation as a theorem and its proof, to paste into any LaTeX document.

A snippet assumes nothing of its host beyond :data:`SNIPPET_NEEDS` (it says so
in its opening comments), and its lines are broken to the host's text width,
given as a TeX length (:func:`width_em`).
"""

from __future__ import annotations

import re

from symreg import printing
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError
from symreg.render.latex import derivation_theorem

__all__ = ["ARTICLE_WIDTH_PT", "SNIPPET_NEEDS", "snippet", "width_em"]


#: The preamble lines a :func:`snippet` needs in its host document.
SNIPPET_NEEDS: tuple[str, ...] = (
    r"\usepackage{amsmath,amssymb,amsthm}",
    r"\newtheorem{theorem}{Theorem}",
    r"\newtheorem*{remark}{Remark}",
)


#: The text width of LaTeX's article class at its default 10pt, in pt.
ARTICLE_WIDTH_PT = 345.0

_UNITS_PT = {"pt": 1.0, "bp": 72.27 / 72, "in": 72.27, "cm": 72.27 / 2.54,
             "mm": 72.27 / 25.4, "em": 10.0}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]{2})\s*")


def width_em(length: str | float) -> float:
    r"""A TeX length (``"345pt"``, ``"12cm"``, ``"30em"``) as the width budget in em.

    A number is taken as points. One em is 10pt, the article class's default
    font size (the budget estimates the width of math at that size).

    >>> width_em("345pt"), width_em("30em"), round(width_em("12cm"), 2)
    (34.5, 30.0, 34.14)

    Raises:
        InvalidParameterError: a length that is not positive or has an unknown unit.
    """
    if isinstance(length, int | float) and not isinstance(length, bool):
        points = float(length)
    else:
        match = _LENGTH.fullmatch(str(length))
        if match is None or match.group(2) not in _UNITS_PT:
            raise InvalidParameterError(
                f"width must be a TeX length such as 345pt, 12cm or 30em, got {length!r}")
        points = float(match.group(1)) * _UNITS_PT[match.group(2)]
    if not points > 0 or points != points or points == float("inf"):
        raise InvalidParameterError(f"width must be positive, got {length!r}")
    return points / _UNITS_PT["em"]


def snippet(derivation: Derivation, *, width: str | float = ARTICLE_WIDTH_PT,
            macros: bool = False) -> str:
    r"""A derivation as a theorem and its proof, to paste into any LaTeX document.

    It opens with ``%`` comments naming what the host document must provide:
    the packages ``amsmath``, ``amssymb`` and ``amsthm``, a ``theorem``
    environment and a ``remark`` environment (:data:`SNIPPET_NEEDS`). Nothing
    else is assumed: lines are not scaled to fit (no ``graphicx``); they are
    broken to fit ``width`` (a TeX length; the article class's 345pt by default).
    With ``macros``, the math uses ``\abs`` and ``\sign`` (see
    :func:`symreg.printing.macros`), which the snippet defines after its
    comments with ``\providecommand`` (a host's own definitions win).

    >>> import sympy
    >>> from symreg.derivation import Conjunct, Derivation, Step
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="Square",
    ...                steps=(Step((w - 1) ** 2, w**2 - 2 * w + 1, reason="expand"),))
    >>> print(snippet(d))
    % symreg derivation 'sq'. The host document needs in its preamble:
    %   \usepackage{amsmath,amssymb,amsthm}
    %   \newtheorem{theorem}{Theorem}
    %   \newtheorem*{remark}{Remark}
    \begin{theorem}[{Square}]\label{thm:sq}\allowdisplaybreaks
    \begin{align}
    \left(w - 1\right)^{2} &= w^{2} - 2 w + 1 \label{eq:sq:1}
    \end{align}
    \end{theorem}
    \begin{proof}\allowdisplaybreaks
    \eqref{eq:sq:1}: expand.
    \end{proof}
    """
    head = [f"% symreg derivation {derivation.name!r}. "
            "The host document needs in its preamble:"]
    head += [f"%   {line}" for line in SNIPPET_NEEDS]
    budget = width_em(width)
    with printing.macros(macros):
        if macros:
            head += ["% symreg's macros (each defined unless the host already has it):",
                     *printing.macro_definitions()]
        return "\n".join([*head, derivation_theorem(derivation, fit=False, width=budget)])
