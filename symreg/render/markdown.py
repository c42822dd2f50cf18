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
    intro,
    listing_heading,
)
from symreg.render.latex import claim, derivation_align, hypotheses
from symreg.render.layout import LINE_WIDTH_EM
from symreg.render.text import check_math, markdown_text
from symreg.symbols import lam, w

if TYPE_CHECKING:
    from symreg.render.figures import Figure
    from symreg.render.listings import Listing

__all__ = ["convention", "derivation_markdown", "document", "text"]

def text(value: str) -> str:
    r"""Escape Markdown markup in ``value``, keeping ``$...$`` math as it is.

    >>> text("w_0 is *not* used, $w_0$ is")
    'w\\_0 is \\*not\\* used, $w_0$ is'
    """
    return markdown_text(value)


def convention(value: Convention) -> str:
    r"""A convention as Markdown: its label (escaped), then its expression as math.

    >>> convention(Convention(label="L1 penalty", expr=lam * abs(w)))
    'L1 penalty $\\lambda \\left|{w}\\right|$'
    """
    return f"{markdown_text(value.label, math=False)} ${check_math(printing.latex(value.expr))}$"


def _display(latex: str) -> str:
    return f"$$\n{latex}\n$$"


def derivation_markdown(derivation: Derivation, *, level: int = 3,
                        width: float = LINE_WIDTH_EM) -> str:
    r"""Render a verified derivation as Markdown: heading, statement, proof, remarks.

    The statement is the prose, the hypotheses and the claim (rendered from
    the derivation's data, as in :func:`symreg.render.latex.statement`); the
    proof is its calc chains in ``$$`` display math.

    Args:
        derivation: the derivation (verified here if it was not already).
        level: the heading level of the title (1 to 6).
        width: the width budget of the math, in em (see
            :func:`symreg.render.latex.derivation_align`).

    Raises:
        VerificationError: a step is false or could not be proved.
        InvalidParameterError: a heading level outside 1 to 6.

    >>> from symreg import catalogue
    >>> print(derivation_markdown(catalogue.get("near-zero"), level=2).splitlines()[0])
    ## Near zero: the pull per unit of step
    """
    if not 1 <= level <= 6:
        raise InvalidParameterError(f"level must be between 1 and 6, got {level!r}")
    steps = derivation_align(derivation, environment="aligned", width=width)
    blocks = [f"{'#' * level} {text(derivation.title)}"]
    blocks += [text(part) for part in (derivation.prose, hypotheses(derivation)) if part]
    blocks.append(_display(claim(derivation, environment="aligned", width=width)))
    if derivation.conventions:
        label = "Convention" if len(derivation.conventions) == 1 else "Conventions"
        words = "; ".join(convention(c) for c in derivation.conventions)
        blocks.append(f"*{label}:* {words}.")
    blocks += ["*Proof.*", _display(steps)]
    blocks += [f"*Remark.* {text(remark)}" for remark in derivation.remarks]
    return "\n\n".join(blocks)


def _cell(obj: Any) -> str:
    """Math for a table cell, printed with no ``|`` (which would end the cell)."""
    return f"${check_math(printing.latex(obj, table_safe=True))}$"


def _table(rows: Sequence[ConventionRowLike]) -> str:
    lines = [
        f"| Quantity | under {_cell(lam * w**2)} | under {_cell(lam * w**2 / 2)} "
        "| Note |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        # A table row is one line: line breaks in the prose become spaces.
        cells = (text(row.quantity.replace("\n", " ")), _cell(row.full), _cell(row.half),
                 text(row.note.replace("\n", " ")))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _figure(number: int, fig: Figure, figure_dir: str) -> str:
    path = f"{figure_dir}/{fig.file}" if figure_dir else fig.file
    return f"![Figure {number}: {fig.name}]({path})\n\n*Figure {number}.* {text(fig.caption)}"


def _listings(items: Sequence[Listing]) -> list[str]:
    blocks: list[str] = []
    for (penalty, convention), group in groupby(
        items, key=lambda item: (item.penalty, item.convention)
    ):
        blocks.append(f"### {text(listing_heading(penalty, convention))}")
        for item in group:
            blocks += [_display(item.latex), text(item.check.summary)]
    return blocks


def document(
    *,
    derivations: Sequence[Derivation],
    conventions: Sequence[ConventionRowLike],
    figures: Sequence[Figure],
    listings: Sequence[Listing],
    title: str = DEFAULT_TITLE,
    figure_dir: str = "",
) -> str:
    r"""Build the complete Markdown report (same content as the LaTeX one).

    Args:
        derivations: rendered in this order (each is verified first).
        conventions: rows of the conventions table.
        figures: figure files, referenced as ``figure_dir/file``.
        listings: checked reference implementations.
        title: the document title.
        figure_dir: the directory of the figure files, relative to the document.

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
    blocks = [f"# {text(title)}", text(intro(len(derivations))), "## Results"]
    blocks += [derivation_markdown(d) for d in derivations]
    if conventions:
        blocks += ["## Conventions", text(SECTION_TEXT["conventions"]) + ".", _table(conventions)]
    if figures:
        blocks += ["## Figures", text(SECTION_TEXT["figures"])]
        blocks += [_figure(n, f, figure_dir) for n, f in enumerate(figures, start=1)]
    if listings:
        blocks += ["## Implementation", text(SECTION_TEXT["implementation"])]
        blocks += _listings(listings)
    return "\n\n".join(blocks) + "\n"
