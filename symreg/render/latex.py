r"""LaTeX of verified derivations: steps as ``align*`` rows, claims, theorems with their proofs.

Every function here renders data that was verified first: :func:`derivation_align`
and :func:`derivation_theorem` call :meth:`~symreg.derivation.Derivation.verify`
(a no-op for a derivation that already passed), so a false step raises
:class:`~symreg.errors.VerificationError` instead of being printed. The
mathematics is printed by :mod:`symreg.printing`; the rows are laid out by
:mod:`symreg.render.layout`.

Examples
--------
>>> import sympy
>>> from symreg.derivation import Chain, Conjunct, Derivation, Step
>>> from symreg.symbols import lam, w
>>> d = Derivation(name="abs", title="Absolute value", steps=(
...     Step(sympy.Abs(w), -w, reason="definition", where=w < 0),))
>>> print(derivation_align(d))
\begin{align*}
\left|{w}\right| &= - w \quad (w < 0) \tag*{definition}
\end{align*}
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg import printing
from symreg.calculus import polynomial_solution
from symreg.convention import Convention
from symreg.derivation import Chain, Conjunct, Derivation, Step
from symreg.errors import InvalidParameterError, RenderError
from symreg.render._numbered import Cited, citations, equation_labels, proof_blocks, proved_by
from symreg.render.layout import LINE_WIDTH_EM, Later, StepParts, alignment
from symreg.render.text import check_math, label, latex_text

__all__ = ["ENVIRONMENTS", "RELATIONS", "claim", "convention", "derivation_align",
           "derivation_theorem", "equation_labels", "expr", "hypotheses", "statement"]

#: LaTeX of each step relation (a ``"solve"`` step reads ``equation \iff x \in S``).
RELATIONS: dict[str, str] = {
    "eq": "=",
    "le": r"\le",
    "lt": "<",
    "ge": r"\ge",
    "gt": ">",
    "in": r"\in",
    "solve": r"\iff",
}

#: Environments :func:`derivation_align` can produce.
ENVIRONMENTS: tuple[str, ...] = ("align*", "aligned")


def expr(obj: Any) -> str:
    r"""Render a SymPy object (expression, set, ``Piecewise`` or condition) as LaTeX.

    The object is printed by :func:`symreg.printing.latex`; anything that is
    not already a SymPy object must convert to one strictly.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> expr(sympy.Interval(-lam, lam))
    '\\left[- \\lambda, \\lambda\\right]'
    >>> expr((w > 0) & (w < 1))
    '0 < w < 1'
    """
    return check_math(printing.latex(sympy.sympify(obj, strict=True)))


def convention(value: Convention) -> str:
    r"""A convention as LaTeX text: its label (escaped), then its expression as math.

    >>> from symreg.symbols import lam, w
    >>> convention(Convention(label="L2 penalty", expr=lam * w**2 / 2))
    'L2 penalty $\\frac{\\lambda w^{2}}{2}$'
    """
    return f"{latex_text(value.label, math=False)} ${check_math(printing.latex(value.expr))}$"


# ---------------------------------------------------------------------------
# steps


def _where(step: Step) -> str:
    parts: list[str] = []
    if step.relation == "solve" and step.domain is not None and step.domain != sympy.S.Reals:
        parts.append(f"{expr(step.variable)} \\in {expr(step.domain)}")
    if step.where is not None and step.where is not sympy.true:
        parts.append(expr(step.where))
    return r" \quad (" + r",\ ".join(parts) + ")" if parts else ""


def _equation(obj: sympy.Basic) -> str:
    if isinstance(obj, Boolean):
        return expr(obj)
    return expr(obj) + " = 0"


def _pieces(obj: sympy.Basic) -> tuple[str, ...]:
    """The pieces of ``obj`` (see :func:`symreg.printing.pieces`), each checked as math."""
    return tuple(check_math(piece) for piece in printing.pieces(obj))


def _finer(obj: sympy.Basic, coarse: tuple[str, ...]) -> tuple[str, ...]:
    """The finer pieces of ``obj`` (:func:`symreg.printing.finer_pieces`), or () if the same."""
    fine = tuple(check_math(piece) for piece in printing.finer_pieces(obj))
    return () if fine == coarse else fine


def _step_parts(step: Step, chained: bool, *, region: bool = True) -> StepParts:
    relation = RELATIONS[step.relation]
    lhs_pieces: tuple[str, ...]
    if step.relation == "solve":
        lhs = None if chained else _equation(step.lhs)
        lhs_pieces = (lhs or "",)
        head = f"{relation} {expr(step.variable)} \\in "
    else:
        lhs = None if chained else expr(step.lhs)
        lhs_pieces = _pieces(step.lhs) if lhs else ("",)
        head = f"{relation} "
    operands = _pieces(step.rhs)
    pieces = (head + operands[0], *operands[1:])

    def fine() -> tuple[str, ...]:
        finer = _finer(step.rhs, operands)
        return (head + finer[0], *finer[1:]) if finer else ()

    lhs_fine: Sequence[str] = (Later(lambda: _finer(step.lhs, lhs_pieces))
                               if lhs and step.relation != "solve" else ())
    words = latex_text(step.reason)
    reason = r"\text{" + words + "}" if step.reason else ""
    return StepParts(lhs=lhs, lhs_pieces=lhs_pieces, pieces=pieces,
                     where=_where(step) if region else "",
                     reason=reason, reason_text=words, fine=Later(fine), lhs_fine=lhs_fine)


def derivation_align(derivation: Derivation, *, environment: str = "align*",
                     width: float = LINE_WIDTH_EM, fit: bool = False) -> str:
    r"""Render the verified steps of ``derivation`` as an alignment.

    Each link of each calc chain is a row ``lhs REL rhs`` with its region as
    ``\quad (...)`` and its reason at the right: a ``\tag*{...}`` in
    ``align*``, a ``\text{...}`` column in ``aligned``. The links
    after the first of a chain continue it (``&= ...``); a ``"solve"`` step
    reads ``equation \iff x \in S``.

    Args:
        derivation: the derivation (verified here if it was not already).
        environment: ``"align*"`` for a document, ``"aligned"`` inside ``$$``.
        width: the width budget in em; lines are broken to fit it.
        fit: scale down what cannot be broken to fit the width, and set a
            much wider step apart from the reasons of the others (needs
            ``graphicx``; the report uses it).

    Returns:
        The LaTeX block, ``\begin{...}`` to ``\end{...}``, without a final newline.

    Raises:
        VerificationError: a step is false or could not be proved.
        InvalidParameterError: an unknown environment.

    >>> import sympy
    >>> from symreg.derivation import Chain, Conjunct, Derivation, Step
    >>> from symreg.symbols import lam, w
    >>> from symreg.derivation import calc
    >>> d = Derivation(name="l2-gradient", title="Gradient of L2", steps=(
    ...     calc(sympy.Derivative(lam * w**2, w), ("=", 2 * lam * w, "power rule"),
    ...          (">=", 2 * lam, "w is at least 1", w >= 1)),
    ...     Step(sympy.Eq(2 * lam * w, lam), sympy.FiniteSet(sympy.Rational(1, 2)),
    ...          relation="solve", variable=w, reason="divide by 2 lam"),
    ... ))
    >>> print(derivation_align(d, environment="aligned"))
    \begin{aligned}
    \frac{\partial}{\partial w} \lambda w^{2} &= 2 \lambda w && \text{power rule} \\
    &\ge 2 \lambda \quad (w \geq 1) && \text{w is at least 1} \\
    2 \lambda w = \lambda &\iff w \in \left\{\frac{1}{2}\right\} && \text{divide by 2 lam}
    \end{aligned}
    """
    if environment not in ENVIRONMENTS:
        raise InvalidParameterError(
            f"environment must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}"
        )
    derivation.verify()
    return _chains(derivation.chains, environment, width=width, fit=fit)


def _chains(chains: Sequence[Chain], environment: str, *, width: float, fit: bool) -> str:
    # A link's region is shown where it changes: once for a chain under one region.
    parts = [_step_parts(step, index > 0,
                         region=index == 0 or step.where != chain.steps[index - 1].where)
             for chain in chains for index, step in enumerate(chain.steps)]
    return alignment(parts, environment, width=width, fit=fit)



def _conjunct_step(conjunct: Conjunct) -> Step:
    """A conjunct of a claim as a step without a reason, for layout."""
    region = None if conjunct.region is None else _simplest(conjunct.region)
    if conjunct.relation == "solve":
        found = conjunct.lhs
        domain = None if found.base_set == sympy.S.Reals else found.base_set
        return Step(found.condition, conjunct.rhs, reason="", relation="solve",
                    variable=found.sym, domain=domain, where=region)
    return Step(conjunct.lhs, conjunct.rhs, reason="",
                relation=conjunct.relation,  # type: ignore[arg-type]
                where=region)


def _simplest(region: Boolean) -> Boolean:
    """A region of one variable as its simplest relation (``w > 1`` for ``w > 0, w > 1``).

    Memberships and regions of several variables are kept as written. Inequalities
    between polynomials are solved as such (the general solver also looks for a
    period, which costs more than the rest of a short derivation).
    """
    free = region.free_symbols
    if len(free) != 1 or region.has(sympy.Contains) or not isinstance(region, sympy.And):
        return region
    x = next(iter(free))
    try:
        found = polynomial_solution(region.args, x)
        return (region.as_set() if found is None else found).as_relational(x)
    except (NotImplementedError, TypeError, ValueError):
        return region


def claim(derivation: Derivation, *, environment: str = "align*",
          width: float = LINE_WIDTH_EM, fit: bool = False, numbered: bool = False) -> str:
    r"""The claim of a verified derivation, one conjunct per row, each with its region.

    With ``numbered``, the claim is an ``align`` whose every conjunct is a
    numbered equation with the ``\label`` of :func:`equation_labels`
    (``environment`` is then ignored).

    >>> import sympy
    >>> from symreg.derivation import Derivation, calc, ge, when
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="t", steps=(
    ...     calc((w - 1) ** 2 + 2 * w, ("=", w**2 + 1, "expand"),
    ...          (">=", 1, "a square is non-negative")),),
    ...     claim=when(w > 0, ge((w - 1) ** 2 + 2 * w, 1)))
    >>> print(claim(d))
    \begin{align*}
    2 w + \left(w - 1\right)^{2} &\ge 1 \quad (w > 0)
    \end{align*}
    >>> print(claim(d, numbered=True))
    \begin{align}
    2 w + \left(w - 1\right)^{2} &\ge 1 \quad (w > 0) \label{eq:sq:1}
    \end{align}
    """
    if environment not in ENVIRONMENTS:
        raise InvalidParameterError(
            f"environment must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}"
        )
    derivation.verify()
    parts = [_step_parts(_conjunct_step(c), False) for c in derivation.conjuncts]
    if numbered:
        labels = equation_labels(derivation)
        parts = [dataclasses.replace(p, label=key) for p, key in zip(parts, labels, strict=True)]
        environment = "align"
    return alignment(parts, environment, width=width, fit=fit)


def hypotheses(derivation: Derivation) -> str:
    r"""The hypotheses as words with ``$`` math ("Let ... Then"), or "" when there are none.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import eta, lam, w
    >>> d = Derivation(name="h", title="t", hypotheses=eta * lam < 1,
    ...                steps=(Step((w - 1) ** 2, w**2 - 2 * w + 1, reason="expand"),))
    >>> hypotheses(d)
    'Let $\\eta \\lambda < 1$. Then'
    """
    if derivation.hypotheses is sympy.true:
        return ""
    return f"Let ${expr(derivation.hypotheses)}$. Then"


def _conventions_sentence(conventions: Sequence[Convention]) -> str:
    words = "; ".join(convention(c) for c in conventions)
    name = "Convention" if len(conventions) == 1 else "Conventions"
    return rf"\textit{{{name}:}} {words}."


def statement(derivation: Derivation, *, fit: bool = False,
              width: float = LINE_WIDTH_EM, numbered: bool = False) -> str:
    r"""The statement a reader sees, rendered from the derivation's data.

    The prose (words that name and motivate), then the hypotheses ("Let ...
    Then") and the claim, one conjunct per row (numbered equations with
    ``numbered``, see :func:`claim`); nothing else.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step, le, when
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="Square", prose="A bound.",
    ...                steps=(Step(w**2, w, reason="w is at most 1", relation="le",
    ...                            where=(w >= 0) & (w <= 1)),))
    >>> print(statement(d))
    A bound.
    \begin{align*}
    w^{2} &\le w \quad (0 \le w \le 1)
    \end{align*}
    """
    head = [latex_text(part) for part in (derivation.prose, hypotheses(derivation)) if part]
    return "\n".join([*head, claim(derivation, fit=fit, width=width, numbered=numbered)])


_KEY = re.compile(r"[A-Za-z0-9:_.-]+")


def _cite(keys: Sequence[str]) -> str:
    r"""``~\cite{a,b}`` for BibTeX keys (checked), or nothing.

    >>> _cite(["hoerl1970ridge"])
    '~\\cite{hoerl1970ridge}'
    """
    for key in keys:
        if not _KEY.fullmatch(key):
            raise RenderError(f"not a citation key: {key!r}")
    return rf"~\cite{{{','.join(keys)}}}" if keys else ""


def derivation_theorem(derivation: Derivation, *, fit: bool = True,
                       cite: Sequence[str] = (), width: float = LINE_WIDTH_EM) -> str:
    r"""Render a derivation as a theorem (its statement) and a proof (its chains).

    The statement is rendered from the hypotheses and the claim (see
    :func:`statement`), each conjunct a numbered equation labelled by
    :func:`equation_labels`; the conventions the result depends on close the
    theorem. The proof cites by number each conjunct that a single link
    establishes (with the link's reason) and displays every other chain link
    by link; each remark follows the proof as a ``remark``. Needs ``amsmath``
    and ``amsthm`` with ``theorem`` and ``remark`` environments (as in
    :func:`symreg.render.document.document`), and ``graphicx`` with ``fit``
    (see :func:`derivation_align`). ``cite`` lists BibTeX keys cited in the
    theorem's heading (the host then needs a bibliography); ``width`` is the
    width budget of the math in em.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step, calc
    >>> from symreg.convention import Convention
    >>> from symreg.symbols import lam, w
    >>> d = Derivation(name="l2-grad", title="Gradient of L2", steps=(
    ...     Step(sympy.Derivative(lam * w**2, w), 2 * lam * w, reason="power rule"),
    ...     calc(lam * (w**2 + 1), ("=", lam * w**2 + lam, "expand"), (">", 0, "a square")),),
    ...     prose="The gradient of the L2 penalty.",
    ...     conventions=(Convention(label="L2 penalty", expr=lam * w**2),),
    ...     remarks=("Halving the penalty halves it.",))
    >>> print(derivation_theorem(d))
    \begin{theorem}[{Gradient of L2}]\label{thm:l2-grad}\allowdisplaybreaks
    The gradient of the L2 penalty.
    \begin{align}
    \frac{\partial}{\partial w} \lambda w^{2} &= 2 \lambda w \label{eq:l2-grad:1} \\
    \lambda \left(w^{2} + 1\right) &> 0 \label{eq:l2-grad:2}
    \end{align}
    \par\smallskip\noindent\textit{Convention:} L2 penalty $\lambda w^{2}$.
    \end{theorem}
    \begin{proof}\allowdisplaybreaks
    \eqref{eq:l2-grad:1}: power rule.
    \begin{align*}
    \lambda \left(w^{2} + 1\right) &= \lambda w^{2} + \lambda \tag*{expand} \\
    &> 0 \tag*{a square}
    \end{align*}
    The chain above proves \eqref{eq:l2-grad:2}.
    \end{proof}
    \begin{remark}
    Halving the penalty halves it.
    \end{remark}
    """
    derivation.verify()
    lines = [
        rf"\begin{{theorem}}[{{{latex_text(derivation.title)}{_cite(cite)}}}]"
        # A long statement, like a long proof, may continue on the next page.
        rf"\label{{{label('thm', derivation.name)}}}\allowdisplaybreaks",
        statement(derivation, fit=fit, width=width, numbered=True),
    ]
    if derivation.conventions:
        lines.append(r"\par\smallskip\noindent"
                     + _conventions_sentence(derivation.conventions))
    # A long proof may continue on the next page (local to the proof's group).
    lines += [r"\end{theorem}", r"\begin{proof}\allowdisplaybreaks"]
    for block in proof_blocks(derivation, equation_labels(derivation)):
        if isinstance(block, Cited):
            lines.append(citations(block.items))
        else:
            lines.append(_chains(block.chains, "align*", width=width, fit=fit))
            lines += [proved_by(block)] if block.proves else []
    lines.append(r"\end{proof}")
    for remark in derivation.remarks:
        lines += [r"\begin{remark}", latex_text(remark), r"\end{remark}"]
    return "\n".join(lines)
