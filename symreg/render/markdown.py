r"""Markdown rendering: verified derivations as ``$$`` display math, and the Markdown report.

The math is the same as in the LaTeX report (an ``aligned`` block from
:func:`symreg.render.latex.derivation_align`), so it renders with MathJax or
KaTeX (GitHub, Jupyter, MyST). Text outside math is escaped where Markdown
would read it as markup.

Examples
--------
>>> import sympy
>>> from symreg.derivation import Derivation, Step
>>> from symreg.symbols import w
>>> d = Derivation(name="abs", title="Absolute value", steps=(
...     Step(sympy.Abs(w), -w, reason="definition", where=w < 0),),
...     prose="The absolute value of a negative number.")
>>> print(derivation_markdown(d))
### Absolute value
<BLANKLINE>
The absolute value of a negative number.
<BLANKLINE>
$$
\begin{aligned}
\left|{w}\right| &= - w \quad (w < 0)
\end{aligned}
$$
<BLANKLINE>
*Proof.*
<BLANKLINE>
$$
\begin{aligned}
\left|{w}\right| &= - w \quad (w < 0) && \text{definition}
\end{aligned}
$$
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from symreg import printing
from symreg.convention import Convention
from symreg.derivation import Derivation
from symreg.errors import InvalidParameterError
from symreg.render.document import (
    DEFAULT_TITLE,
    SECTION_TEXT,
    ConventionRowLike,
    definitions,
    intro,
    listing_heading,
)
from symreg.render.latex import claim, derivation_align, hypotheses
from symreg.render.layout import LINE_WIDTH_EM
from symreg.render.references import CITATIONS, REFERENCES, TABLE_CITATION, by_key, plain
from symreg.render.text import MD_FLAVORS, check_math, display_math, inline_math, markdown_text
from symreg.symbols import lam, w

if TYPE_CHECKING:
    from symreg.render.figures import Figure
    from symreg.render.listings import Listing

__all__ = ["MD_FLAVORS", "check_flavor", "convention", "derivation_markdown", "document", "text"]

def check_flavor(flavor: str) -> str:
    """``flavor`` if it is a known Markdown dialect of math (see ``MD_FLAVORS``).

    >>> check_flavor("gfm")
    'gfm'
    """
    if flavor not in MD_FLAVORS:
        raise InvalidParameterError(f"unknown Markdown flavor {flavor!r}: use one of "
                       f"{', '.join(MD_FLAVORS)}")
    return flavor


def text(value: str, flavor: str = "myst") -> str:
    r"""Escape Markdown markup in ``value``, keeping ``$...$`` math (in ``flavor``'s dialect).

    >>> text("w_0 is *not* used, $w_0$ is")
    'w\\_0 is \\*not\\* used, $w_0$ is'
    """
    return markdown_text(value, flavor=flavor)


def convention(value: Convention, flavor: str = "myst") -> str:
    r"""A convention as Markdown: its label (escaped), then its expression as math.

    >>> convention(Convention(label="L1 penalty", expr=lam * abs(w)))
    'L1 penalty $\\lambda \\left|{w}\\right|$'
    """
    math = inline_math(check_math(printing.latex(value.expr)), flavor)
    return f"{markdown_text(value.label, math=False)} {math}"


def derivation_markdown(derivation: Derivation, *, level: int = 3,
                        width: float = LINE_WIDTH_EM, flavor: str = "myst") -> str:
    r"""Render a verified derivation as Markdown: heading, statement, proof, remarks.

    The statement is the prose, the hypotheses and the claim (rendered from
    the derivation's data, as in :func:`symreg.render.latex.statement`); the
    proof is its calc chains in display math.

    Args:
        derivation: the derivation (verified here if it was not already).
        level: the heading level of the title (1 to 6).
        width: the width budget of the math, in em (see
            :func:`symreg.render.latex.derivation_align`).
        flavor: the Markdown dialect of the math: ``"myst"`` (``$`` and ``$$``,
            read by MyST, Jupyter, MathJax and KaTeX) or ``"gfm"`` (GitHub).

    Raises:
        VerificationError: a step is false or could not be proved.
        InvalidParameterError: a heading level outside 1 to 6, or an unknown flavor.

    >>> from symreg import catalogue
    >>> print(derivation_markdown(catalogue.get("near-zero"), level=2).splitlines()[0])
    ## Near zero: the pull per unit of step
    """
    if not 1 <= level <= 6:
        raise InvalidParameterError(f"level must be between 1 and 6, got {level!r}")
    check_flavor(flavor)
    steps = derivation_align(derivation, environment="aligned", width=width)
    blocks = [f"{'#' * level} {text(derivation.title, flavor)}"]
    blocks += [text(part, flavor) for part in (derivation.prose, hypotheses(derivation)) if part]
    blocks.append(display_math(claim(derivation, environment="aligned", width=width), flavor))
    if derivation.conventions:
        label = "Convention" if len(derivation.conventions) == 1 else "Conventions"
        words = "; ".join(convention(c, flavor) for c in derivation.conventions)
        blocks.append(f"*{label}:* {words}.")
    blocks += ["*Proof.*", display_math(steps, flavor)]
    blocks += [f"*Remark.* {text(remark, flavor)}" for remark in derivation.remarks]
    return "\n\n".join(blocks)


def _cell(obj: Any, flavor: str) -> str:
    """Math for a table cell, printed with no ``|`` (which would end the cell)."""
    return inline_math(check_math(printing.latex(obj, table_safe=True)), flavor)


def _table(rows: Sequence[ConventionRowLike], flavor: str) -> str:
    lines = [
        f"| Quantity | under {_cell(lam * w**2, flavor)} | under {_cell(lam * w**2 / 2, flavor)} "
        "| Note |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        # A table row is one line: line breaks in the prose become spaces.
        cells = (text(row.quantity.replace("\n", " "), flavor), _cell(row.full, flavor),
                 _cell(row.half, flavor), text(row.note.replace("\n", " "), flavor))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _figure(number: int, fig: Figure, figure_dir: str, flavor: str) -> str:
    path = f"{figure_dir}/{fig.file}" if figure_dir else fig.file
    caption = text(fig.caption, flavor)
    return f"![Figure {number}: {fig.name}]({path})\n\n*Figure {number}.* {caption}"


def _listings(items: Sequence[Listing], flavor: str) -> list[str]:
    blocks: list[str] = []
    for (penalty, convention), group in groupby(
        items, key=lambda item: (item.penalty, item.convention)
    ):
        blocks.append(f"### {text(listing_heading(penalty, convention), flavor)}")
        for item in group:
            blocks += [display_math(item.latex, flavor), text(item.check.summary, flavor)]
    return blocks


def document(
    *,
    derivations: Sequence[Derivation],
    conventions: Sequence[ConventionRowLike],
    figures: Sequence[Figure],
    listings: Sequence[Listing],
    title: str = DEFAULT_TITLE,
    figure_dir: str = "",
    flavor: str = "myst",
) -> str:
    r"""Build the complete Markdown report (same content as the LaTeX one).

    Args:
        derivations: rendered in this order (each is verified first).
        conventions: rows of the conventions table.
        figures: figure files, referenced as ``figure_dir/file``.
        listings: checked reference implementations.
        title: the document title.
        figure_dir: the directory of the figure files, relative to the document.
        flavor: the Markdown dialect of the math, ``"myst"`` or ``"gfm"``
            (see :func:`derivation_markdown`).

    Returns:
        The Markdown source, ending with a newline.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> d = Derivation(name="sq", title="Square", steps=(
    ...     Step(sympy.Pow(sympy.Abs(w), 2, evaluate=False), w**2,
    ...          reason="w is real"),))
    >>> md = document(derivations=[d], conventions=[], figures=[], listings=[])
    >>> md.splitlines()[0]
    '# L1 and L2 regularization: verified derivations'
    """
    check_flavor(flavor)
    blocks = [f"# {text(title, flavor)}", text(intro(len(derivations)), flavor), "## Results"]
    blocks[2:2] = _definitions(flavor)
    for d in derivations:
        blocks.append(derivation_markdown(d, flavor=flavor))
        if d.name in CITATIONS:
            blocks.append(f"*Sources:* {_cite(CITATIONS[d.name])}.")
    if conventions:
        key, where = TABLE_CITATION
        blocks += ["## Conventions",
                   text(SECTION_TEXT["conventions"], flavor)
                   + f". The orthonormal-design case follows {_cite([key])}, {where}.",
                   _table(conventions, flavor)]
    if figures:
        blocks += ["## Figures", text(SECTION_TEXT["figures"], flavor)]
        blocks += [_figure(n, f, figure_dir, flavor) for n, f in enumerate(figures, start=1)]
    if listings:
        blocks += ["## Implementation", text(SECTION_TEXT["implementation"], flavor)]
        blocks += _listings(listings, flavor)
    blocks += ["## References", "\n".join(f"- {markdown_text(plain(r), math=False)}"
                                          for r in REFERENCES)]
    return "\n\n".join(blocks) + "\n"


def _cite(keys: Sequence[str]) -> str:
    return "; ".join(markdown_text(by_key(k).short, math=False) for k in keys)


def _definitions(flavor: str) -> list[str]:
    items = []
    for term, words, keys in definitions():
        source = f" ({_cite(keys)})" if keys else ""
        items.append(f"- **{term}.** {text(words, flavor)}{source}.")
    return ["## Notation and definitions", "\n".join(items)]
