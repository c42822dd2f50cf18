r"""Text for the report: plain words escaped for LaTeX and for Markdown, with ``$...$`` math kept.

Text here is prose: it is escaped, never parsed. Mathematics comes from SymPy
objects printed by :mod:`symreg.printing`, or from ``$...$`` written by an author.

>>> latex_text("50% of w_1 & $w_1 > 0$")
'50\\% of w\\_1 \\& $w_1 > 0$'
>>> markdown_text("a *b* $x_1 * y$")
'a \\*b\\* $x_1 * y$'
"""

from __future__ import annotations

import re

from symreg.errors import RenderError

__all__ = ["label", "latex_text", "markdown_text"]

_TEXT_ESCAPES = {
    "$": r"\$",
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

# Characters a pdflatex document cannot print as they are, as math.
_UNICODE_MATH = {
    "\u03bb": r"\lambda",
    "\u03b5": r"\varepsilon",
    "\u03b7": r"\eta",
    "\u03c3": r"\sigma",
    "\u03b1": r"\alpha",
    "\u03b2": r"\beta",
    "\u2264": r"\le",
    "\u2265": r"\ge",
    "\u2260": r"\neq",
    "\u2248": r"\approx",
    "\u2208": r"\in",
    "\u221e": r"\infty",
    "\u2192": r"\to",
    "\u21d4": r"\iff",
    "\u00d7": r"\times",
    "\u00b7": r"\cdot",
    "\u2202": r"\partial",
    "\u00b2": r"^{2}",
    "\u2212": "-",
}
_UNICODE_TEXT = {
    "\u2014": "---",
    "\u2013": "--",
    "\u2018": "`",
    "\u2019": "'",
    "\u201c": "``",
    "\u201d": "''",
    "\u2026": r"\dots{}",
}



def _split_math(value: str, *, math: bool) -> list[str]:
    """Pieces of ``value``: text at even indices, ``$...$`` math (without the ``$``) at odd."""
    if not math:
        return [value]
    pieces = value.split("$")
    if len(pieces) % 2 == 0:
        raise RenderError(f"unbalanced $ in text: {value!r}")
    return pieces


def latex_text(value: str, *, math: bool = True) -> str:
    r"""Escape plain text for LaTeX, keeping ``$...$`` math as it is.

    Greek letters and common math signs written in Unicode become math. With
    ``math=False`` a ``$`` is text too (for labels, which carry no markup).

    >>> latex_text("λ ≥ 0")
    '\\ensuremath{\\lambda} \\ensuremath{\\ge} 0'
    >>> latex_text("costs $5", math=False)
    'costs \\$5'
    >>> latex_text("an unbalanced $")
    Traceback (most recent call last):
    ...
    symreg.errors.RenderError: unbalanced $ in text: 'an unbalanced $'
    """
    out: list[str] = []
    for index, piece in enumerate(_split_math(value, math=math)):
        if index % 2:
            out.append("$" + piece + "$")
            continue
        for char in piece:
            if char in _TEXT_ESCAPES:
                out.append(_TEXT_ESCAPES[char])
            elif char in _UNICODE_MATH:
                out.append(r"\ensuremath{" + _UNICODE_MATH[char] + "}")
            elif char in _UNICODE_TEXT:
                out.append(_UNICODE_TEXT[char])
            else:
                out.append(char)
    return "".join(out)


_MARKUP = re.compile(r"([*_`\[\]<>#|\\$])")
_MARKUP_WITH_MATH = re.compile(r"([*_`\[\]<>#|\\])")


def markdown_text(value: str, *, math: bool = True) -> str:
    r"""Escape Markdown markup in ``value``, keeping ``$...$`` math as it is.

    With ``math=False`` a ``$`` is escaped too.

    >>> markdown_text("w_0 is *not* | used")
    'w\\_0 is \\*not\\* \\| used'
    >>> markdown_text("costs $5", math=False)
    'costs \\$5'
    """
    if not math:
        return _MARKUP.sub(r"\\\1", value)
    return "$".join(piece if index % 2 else _MARKUP_WITH_MATH.sub(r"\\\1", piece)
                    for index, piece in enumerate(_split_math(value, math=True)))


_LABEL = re.compile(r"[^A-Za-z0-9:.-]+")


def label(kind: str, name: str) -> str:
    r"""A LaTeX ``\label`` key: ``kind:name`` with anything unsafe replaced by ``-``.

    >>> label("thm", "l1 vs l2_prox")
    'thm:l1-vs-l2-prox'
    """
    return f"{kind}:{_LABEL.sub('-', name)}"
