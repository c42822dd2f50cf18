r"""LaTeX rendering: verified derivations as ``align*`` blocks, theorems and the report document.

Every function here renders data that was verified first: :func:`derivation_align`
and :func:`derivation_theorem` call :meth:`~symreg.derivation.Derivation.verify`
(a no-op for a derivation that already passed), so a false step raises
:class:`~symreg.errors.VerificationError` instead of being printed.

Lines are laid out to fit the text width of the report: reasons stand at the
right of the steps when they fit there and under their step otherwise, a long
sum or union is broken after a term, and a long left side gets a row of its
own. With ``fit=True`` (as in the report) reasons wrap in their column, a step
much wider than the others is set apart, and what cannot be broken is scaled
down to the line. Widths are estimated from the LaTeX source (see
:func:`estimate_width`); the PDF build then checks the real boxes.

Examples
--------
>>> import sympy
>>> from symreg.derivation import Derivation, Step
>>> from symreg.symbols import lam, w
>>> d = Derivation(name="abs", title="Absolute value", steps=(
...     Step(sympy.Abs(w), -w, reason="definition", where=w < 0),))
>>> print(derivation_align(d))
\begin{align*}
\left|{w}\right| &= - w \quad (w < 0) && \text{definition}
\end{align*}
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import sympy
from sympy.logic.boolalg import And, Boolean, BooleanAtom, Not, Or
from sympy.printing.latex import LatexPrinter

from symreg import printing, symbols
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, RenderError

if TYPE_CHECKING:
    from symreg.render.figures import Figure
    from symreg.render.listings import Listing

__all__ = [
    "DEFAULT_TITLE",
    "ENVIRONMENTS",
    "LINE_WIDTH_EM",
    "RELATIONS",
    "SECTION_TEXT",
    "ConventionRowLike",
    "claim",
    "claim_step",
    "condition",
    "convention_text",
    "derivation_align",
    "derivation_theorem",
    "document",
    "estimate_width",
    "expr",
    "intro",
    "listing_heading",
    "text",
]

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

#: Width budget of a displayed derivation, in em of the body font. The report
#: is set in 11pt on A4 with 2.5 cm margins: a 455pt text width, 41.6 em.
LINE_WIDTH_EM = 40.0

# em between the column pairs of an alignment (amsmath's \minalignsep is 10pt).
_COLUMN_GAP_EM = 1.2
# Indentation of a continuation line and of a reason moved under its step.
_INDENT = r"\qquad "
_INDENT_EM = 2.0
# With fit: reasons stay at the right, wrapped, while that column is at least
# _MIN_REASON_EM wide; a reason under its step wraps to at least _MIN_WRAP_EM.
_MIN_REASON_EM = 10.0
_MIN_WRAP_EM = 18.0


class ConventionRowLike(Protocol):
    """What :func:`document` reads from a row of the conventions table."""

    @property
    def quantity(self) -> str: ...

    @property
    def full(self) -> Any: ...

    @property
    def half(self) -> Any: ...

    @property
    def note(self) -> str: ...


# ---------------------------------------------------------------------------
# expressions, conditions and text


def expr(obj: Any) -> str:
    r"""Render a SymPy object (expression, set, ``Piecewise`` or condition) as LaTeX.

    Conditions go through :func:`condition`; everything else through
    :func:`symreg.printing.latex`, so the canonical symbols get their LaTeX names.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> expr(sympy.Interval(-lam, lam))
    '\\left[- \\lambda, \\lambda\\right]'
    >>> expr((w > 0) & (w < 1))
    '0 < w < 1'
    """
    obj = sympy.sympify(obj, strict=True)
    if isinstance(obj, Boolean) and not isinstance(obj, BooleanAtom):
        return condition(obj)
    return printing.latex(obj)


def condition(cond: Any) -> str:
    r"""Render a condition: ``And`` as a comma list, bounds of one term as a chain.

    >>> import sympy
    >>> from symreg.symbols import lam, w, z
    >>> condition(sympy.Ne(w, 0))
    'w \\neq 0'
    >>> condition((z >= -lam) & (z <= lam) & (w > 0))
    '- \\lambda \\le z \\le \\lambda,\\ w > 0'
    >>> condition((w < -1) | (w > 1))
    'w > 1 \\ \\text{or}\\ w < -1'
    """
    if isinstance(cond, And):
        return r",\ ".join(_chained(cond.args))
    if isinstance(cond, Or):
        return r" \ \text{or}\ ".join(_grouped(a) for a in cond.args)
    if isinstance(cond, Not):
        return r"\neg\left(" + condition(cond.args[0]) + r"\right)"
    if _as_less(cond) is not None and cond.lhs.is_number and not cond.rhs.is_number:
        cond = cond.reversed  # 1 < w reads w > 1
    return printing.latex(cond)


def _grouped(cond: Boolean) -> str:
    inner = condition(cond)
    return f"\\left({inner}\\right)" if isinstance(cond, And) else inner


_LOWER = {sympy.StrictLessThan: "<", sympy.LessThan: r"\le"}
_UPPER = {sympy.StrictGreaterThan: "<", sympy.GreaterThan: r"\le"}


def _as_less(rel: Boolean) -> tuple[sympy.Expr, str, sympy.Expr] | None:
    """``a < b`` / ``b > a`` (and the non-strict ones) as ``(a, op, b)``."""
    if type(rel) in _LOWER:
        return rel.lhs, _LOWER[type(rel)], rel.rhs
    if type(rel) in _UPPER:
        return rel.rhs, _UPPER[type(rel)], rel.lhs
    return None


def _chained(args: Iterable[Boolean]) -> list[str]:
    """Render conjuncts, joining ``a < x`` and ``x < b`` into ``a < x < b``."""
    items = list(args)
    less = [_as_less(a) for a in items]
    used: set[int] = set()
    parts: list[str] = []
    for i, item in enumerate(items):
        if i in used:
            continue
        low = less[i]
        if low is not None:
            for j, high in enumerate(less):
                if j == i or j in used or high is None:
                    continue
                if high[0] == low[2] and not low[2].is_number:
                    lo, hi = (low, high)
                elif low[0] == high[2] and not low[0].is_number:
                    lo, hi = (high, low)
                else:
                    continue
                used.update((i, j))
                parts.append(" ".join((printing.latex(lo[0]), lo[1], printing.latex(lo[2]),
                                       hi[1], printing.latex(hi[2]))))
                break
        if i not in used:
            used.add(i)
            parts.append(_grouped(item))
    return parts


_TEXT_ESCAPES = {
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


def text(value: str) -> str:
    r"""Escape plain text for LaTeX, keeping ``$...$`` math as it is.

    Greek letters and common math signs written in Unicode become math.

    >>> text("50% of w_1 & $w_1 > 0$")
    '50\\% of w\\_1 \\& $w_1 > 0$'
    >>> text("λ ≥ 0")
    '\\ensuremath{\\lambda} \\ensuremath{\\ge} 0'
    >>> text("an unbalanced $")
    Traceback (most recent call last):
    ...
    symreg.errors.RenderError: unbalanced $ in text: 'an unbalanced $'
    """
    pieces = value.split("$")
    if len(pieces) % 2 == 0:
        raise RenderError(f"unbalanced $ in text: {value!r}")
    out: list[str] = []
    for index, piece in enumerate(pieces):
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


# A run of Python arithmetic: operands (names, numbers, |...|) joined by operators.
_PY_OPERAND = r"(?:\|[A-Za-z0-9_*/+\- ()]+\||\(*[A-Za-z0-9_]+\)*)"
# Runs touching |, {, } or ^ belong to notation that is not plain arithmetic
# (norms such as ||w||^2, sets such as {1/2}) and are left alone.
_PY_EXPR = re.compile(
    rf"(?<![|{{}}^]){_PY_OPERAND}(?:\s*(?:\*\*|[*/+\-])\s*{_PY_OPERAND})*(?![|{{}}^])")
_PY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def convention_text(value: str) -> str:
    r"""Turn the Python arithmetic in a convention (``lam/2*w**2``) into ``$...$`` math.

    Only runs made of symreg's canonical symbol names, numbers, ``|...|`` and
    the operators ``+ - * / **`` are converted; text that already contains
    ``$`` is returned unchanged.

    >>> convention_text("L2 penalty lam/2*w**2")
    'L2 penalty $\\frac{\\lambda w^{2}}{2}$'
    >>> convention_text("lam*|w|")
    '$\\lambda \\left|{w}\\right|$'
    >>> convention_text("the $\\ell_1$ norm")
    'the $\\ell_1$ norm'
    """
    if "$" in value:
        return value
    return _PY_EXPR.sub(_convert_run, value)


def _known_names() -> dict[str, Any]:
    """Canonical symbols by Python name, plus ``l1``/``l2`` for the elastic net strengths."""
    known = dict(symbols.by_name())
    for alias, name in (("l1", "lam1"), ("l2", "lam2")):
        if name in known:
            known[alias] = known[name]
    return known


def _convert_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if not re.search(r"[*/+|-]", run):
        return run
    names = set(_PY_NAME.findall(run))
    known = _known_names()
    if not names or not names <= set(known):
        return run
    from symreg.check import parse
    from symreg.errors import ParseError

    try:
        parsed = parse(run, symbols={name: known[name] for name in names})
    except ParseError:
        return run
    return "$" + printing.latex(parsed, order="none") + "$"


# ---------------------------------------------------------------------------
# width estimates


_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\s+|.", re.DOTALL)
_SPACES = {r"\quad": 1.0, r"\qquad": 2.0, r"\,": 0.17, r"\:": 0.22, r"\;": 0.28,
           r"\ ": 0.33, r"\!": -0.17, "~": 0.33}
_WIDE_OPERATORS = {r"\iff": 2.6, r"\implies": 2.6, r"\Longrightarrow": 2.6,
                   r"\Longleftrightarrow": 2.6, r"\to": 1.6, r"\mapsto": 1.6}
_RELATION_COMMANDS = {r"\le", r"\leq", r"\ge", r"\geq", r"\neq", r"\ne", r"\in", r"\notin",
                      r"\approx", r"\cup", r"\cap", r"\cdot", r"\times", r"\pm", r"\wedge",
                      r"\vee", r"\subseteq", r"\setminus", r"\equiv"}
_TEXT_COMMANDS = {r"\text", r"\mathrm", r"\operatorname", r"\textit", r"\textbf", r"\mathtt",
                  r"\texttt", r"\textrm", r"\emph", r"\mathit", r"\mathbf", r"\mathsf"}
_NAMED_OPERATORS = {r"\max", r"\min", r"\sup", r"\inf", r"\lim", r"\log", r"\exp", r"\sin",
                    r"\cos", r"\tan", r"\ln", r"\arg", r"\det", r"\sgn"}
_ZERO = {r"\left", r"\right", r"\mathopen", r"\mathclose", r"\displaystyle", r"\limits",
         r"\nolimits", r"\textstyle", r"\mathrel", r"\mathbin", r"\mathord", r"\hfill",
         r"\hfil", r"\null", r"\relax", r"\phantom"}
_CHAR_WIDTHS = {"+": 1.25, "-": 1.25, "=": 1.35, "<": 1.35, ">": 1.35, ",": 0.45, ".": 0.28,
                ";": 0.45, ":": 0.6, "(": 0.39, ")": 0.39, "[": 0.28, "]": 0.28, "|": 0.28,
                "/": 0.5, "'": 0.3, "!": 0.28, "&": 0.0, "{": 0.0, "}": 0.0}


def _parse(source: str) -> list[Any]:
    """Tokens of ``source`` with ``{...}`` groups as nested lists."""
    stack: list[list[Any]] = [[]]
    for token in _TOKEN.findall(source):
        if token == "{":
            stack.append([])
        elif token == "}" and len(stack) > 1:
            group = stack.pop()
            stack[-1].append(group)
        elif not token.isspace():
            stack[-1].append(token)
    while len(stack) > 1:
        group = stack.pop()
        stack[-1].append(group)
    return stack[0]


def _flat(item: Any) -> str:
    if isinstance(item, list):
        return "".join(_flat(i) for i in item)
    return item


def _text_width(item: Any) -> float:
    return 0.45 * len(re.sub(r"[{}$]", "", re.sub(r"\\[A-Za-z]+", "x", _flat(item))))


def estimate_width(source: str) -> float:
    r"""Estimate the printed width of display math ``source``, in em.

    A deliberately generous estimate (11pt Latin Modern): fractions count their
    wider part, ``cases`` its widest row, scripts at 70 %.

    >>> estimate_width(r"\frac{a}{bbbb}") > estimate_width("bbbb")
    True
    >>> 10 < estimate_width(r"\text{by the definition of the norm}") < 20
    True
    """
    return _width(_parse(source))


def _width(items: list[Any]) -> float:
    total = 0.0
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if isinstance(item, list):
            total += _width(item)
            continue
        if item in {"^", "_"}:
            if i < len(items):
                total += 0.7 * _width([items[i]])
                i += 1
            continue
        if item in {r"\frac", r"\dfrac", r"\tfrac", r"\binom"}:
            parts = items[i:i + 2]
            i += 2
            scale = 0.7 if item == r"\tfrac" else 1.0
            total += 0.3 + scale * max((_width([p]) for p in parts), default=0.0)
            continue
        if item == r"\sqrt":
            if i < len(items) and items[i] == "[":
                while i < len(items) and items[i] != "]":
                    i += 1
                i += 1
            if i < len(items):
                total += 1.0 + _width([items[i]])
                i += 1
            continue
        if item == r"\begin":
            env_end = _find_end(items, i)
            total += _environment_width(items[i + 1:env_end])
            i = env_end + 2  # skip \end and its {name}
            continue
        if item in _TEXT_COMMANDS:
            if i < len(items):
                total += _text_width(items[i])
                i += 1
            continue
        if item in {r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr"}:
            if i < len(items):
                total += 0.0 if items[i] == "." else 0.45
                i += 1
            continue
        if item == r"\mathopen" or item == r"\mathclose" or item == r"\phantom":
            if i < len(items) and item != r"\phantom":
                total += _width([items[i]])
            i += 1
            continue
        total += _token_width(item)
    return total


def _token_width(token: str) -> float:
    if token in _SPACES:
        return _SPACES[token]
    if token in _WIDE_OPERATORS:
        return _WIDE_OPERATORS[token]
    if token in _RELATION_COMMANDS:
        return 1.35
    if token in _NAMED_OPERATORS:
        return 0.5 * (len(token) - 1) + 0.2
    if token in _ZERO or token in {r"\\", "&"}:
        return 0.0
    if token in {r"\{", r"\}"}:
        return 0.5
    if token.startswith("\\"):
        return 0.65
    if token in _CHAR_WIDTHS:
        return _CHAR_WIDTHS[token]
    return 0.55


def _find_end(items: list[Any], start: int) -> int:
    """Index of the ``\\end`` closing the environment begun just before ``start``."""
    depth = 1
    j = start + 1
    while j < len(items):
        if items[j] == r"\begin":
            depth += 1
        elif items[j] == r"\end":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return len(items)


def _environment_width(body: list[Any]) -> float:
    """Width of ``cases``/``array``/``matrix`` contents: the widest row."""
    if body and isinstance(body[0], list):  # e.g. {ll} of an array
        body = body[1:]
    rows: list[list[list[Any]]] = [[[]]]
    depth = 0
    for item in body:
        if item == r"\begin":
            depth += 1
        elif item == r"\end":
            depth -= 1
        if depth == 0 and item == r"\\":
            rows.append([[]])
        elif depth == 0 and item == "&":
            rows[-1].append([])
        else:
            rows[-1][-1].append(item)
    widest = max(sum(_width(cell) + 1.0 for cell in row) for row in rows)
    return 1.2 + widest


# ---------------------------------------------------------------------------
# derivations


@dataclass(frozen=True, slots=True)
class _Line:
    """One row of the alignment: left column, right column, reason."""

    left: str
    right: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class _StepParts:
    lhs: str | None  # None when the step continues the previous one
    lhs_pieces: tuple[str, ...]  # the left side cut where it may be broken
    pieces: tuple[str, ...]  # relation and right side, possibly broken after a term
    where: str
    reason: str  # \text{...}, or ""
    reason_text: str  # the escaped text of the reason


def _printer() -> LatexPrinter:
    return LatexPrinter({"symbol_names": dict(symbols.LATEX_NAMES)})


def _operands(obj: sympy.Basic) -> list[str]:
    """The right side cut into pieces that may start a new line (with their operator)."""
    if isinstance(obj, sympy.Add):
        out: list[str] = []
        for index, term in enumerate(_printer()._as_ordered_terms(obj)):
            if term.could_extract_minus_sign():
                out.append("- " + _term(-term))
            else:
                out.append(("+ " if index else "") + _term(term))
        return out
    if isinstance(obj, sympy.Union):
        return [(r"\cup " if index else "") + expr(arg) for index, arg in enumerate(obj.args)]
    return [expr(obj)]


def _term(term: sympy.Expr) -> str:
    rendered = expr(term)
    return f"\\left({rendered}\\right)" if isinstance(term, sympy.Add) else rendered


def _where(step: Step) -> str:
    parts: list[str] = []
    if step.relation == "solve" and step.domain is not None and step.domain != sympy.S.Reals:
        parts.append(f"{expr(step.variable)} \\in {expr(step.domain)}")
    if step.where is not None and step.where is not sympy.true:
        parts.append(condition(step.where))
    return r" \quad (" + r",\ ".join(parts) + ")" if parts else ""


def _equation(obj: sympy.Basic) -> str:
    if isinstance(obj, Boolean):
        return expr(obj)
    return expr(obj) + " = 0"


def _step_parts(step: Step, previous: Step | None) -> _StepParts:
    chained = previous is not None and step.lhs == previous.rhs
    relation = RELATIONS[step.relation]
    if step.relation == "solve":
        lhs = None if chained else _equation(step.lhs)
        lhs_pieces = (lhs or "",)
        head = f"{relation} {expr(step.variable)} \\in "
    else:
        lhs = None if chained else expr(step.lhs)
        lhs_pieces = tuple(_operands(step.lhs)) if lhs else ("",)
        head = f"{relation} "
    operands = _operands(step.rhs)
    pieces = (head + operands[0], *operands[1:])
    words = text(convention_text(step.reason))
    reason = r"\text{" + words + "}" if step.reason else ""
    return _StepParts(lhs=lhs, lhs_pieces=lhs_pieces, pieces=pieces, where=_where(step),
                      reason=reason, reason_text=words)


def _pack(pieces: Sequence[str], where: str, budget: float) -> list[str]:
    """Greedily join pieces into lines of at most ``budget`` em."""
    lines: list[str] = [pieces[0]]
    for piece in pieces[1:]:
        candidate = f"{lines[-1]} {piece}"
        if estimate_width(candidate) <= budget:
            lines[-1] = candidate
        else:
            lines.append(_INDENT + piece)
    if where:
        if estimate_width(lines[-1] + where) <= budget:
            lines[-1] += where
        else:
            lines.append(_INDENT + where.removeprefix(r" \quad "))
    return lines


def _fit(content: str, limit: str, *, apart: bool = False) -> str:
    r"""``content`` scaled down to at most the length ``limit``; zero width when ``apart``."""
    box = (rf"\resizebox{{\ifdim\width>{limit} {limit}\else\width\fi}}{{!}}"
           rf"{{$\displaystyle{{}}{content}$}}")
    return rf"\rlap{{{box}}}" if apart else box


def _layout(parts: Sequence[_StepParts], budget: float, *, fit: bool) -> list[_Line]:
    """Place the steps in an alignment that fits ``budget`` em.

    Reasons go at the right of the steps when they fit there, and otherwise
    each on a line of its own under its step. With ``fit``, reasons at the
    right wrap in a column of at least ``_MIN_REASON_EM``; a step much wider
    than the others is set apart (it no longer pushes the reasons of the other
    steps off the line, and its own reason goes under it); and whatever cannot
    be broken is scaled down to the line.
    """
    width = estimate_width
    long_lhs = {i for i, p in enumerate(parts)
                if p.lhs is not None and width(p.lhs) > 0.35 * budget}
    left = max((width(p.lhs) for i, p in enumerate(parts)
                if p.lhs is not None and i not in long_lhs), default=0.0)
    room = budget - left - _COLUMN_GAP_EM
    bodies = [_pack(p.pieces, p.where, room) for p in parts]
    heads = {i: _pack(parts[i].lhs_pieces, "", room) for i in long_lhs}
    spans = [max(width(line) for line in body + heads.get(i, []))
             for i, body in enumerate(bodies)]
    reasons = [width(p.reason) for p in parts]
    apart: set[int] = set()
    while True:
        right = max([spans[i] for i in range(len(parts)) if i not in apart], default=0.0)
        room_reason = budget - left - right - 2 * _COLUMN_GAP_EM
        if max(reasons) <= room_reason or (fit and room_reason >= _MIN_REASON_EM):
            below = {i for i in apart if parts[i].reason}  # those rows overlap the column
            break
        candidates = [i for i in range(len(parts)) if i not in apart]
        widest = max(candidates, key=lambda i: spans[i])
        if not (fit and spans[widest] > 0.55 * budget):
            below = {i for i, p in enumerate(parts) if p.reason}
            break
        apart.add(widest)
    # With fit, a reason under its step wraps to the room left of the line, or
    # to about the width of the steps when other reasons stand at the right.
    all_below = len(below) == sum(1 for p in parts if p.reason)
    wrap = (room if all_below else min(room, max(right, _MIN_WRAP_EM))) - _INDENT_EM
    lines: list[_Line] = []
    for i, (p, body) in enumerate(zip(parts, bodies, strict=True)):
        shown = [_shown(line, room, fit=fit, apart=i in apart) for line in body]
        lhs = p.lhs or ""
        if i in long_lhs:
            lines += [_Line(left="", right=_shown(head, room, fit=fit, apart=i in apart))
                      for head in heads[i]]
            lhs = ""
        reason = "" if i in below else _reason(p, room_reason, fit=fit)
        for index, line in enumerate(shown):
            last = index == len(shown) - 1
            lines.append(_Line(left=lhs if index == 0 else "", right=line,
                               reason=reason if last else ""))
        if i in below:
            lines.append(_Line(left="", right=_INDENT + _reason(p, wrap, fit=fit)))
    return lines


def _reason(parts: _StepParts, room: float, *, fit: bool) -> str:
    """The reason as ``\text{...}``, or (with fit) wrapped to ``room`` em if wider."""
    if fit and estimate_width(parts.reason) > room:
        return rf"\parbox[t]{{{room:.1f}em}}{{\raggedright {parts.reason_text}}}"
    return parts.reason


def _shown(line: str, room: float, *, fit: bool, apart: bool) -> str:
    if fit and (apart or estimate_width(line) > room):
        return _fit(line, f"{max(room - 1.0, 4.0):.1f}em", apart=apart)
    return line


def _row(line: _Line) -> str:
    row = f"{line.left} &{line.right}" if line.left else f"&{line.right}"
    if line.reason:
        row += f" && {line.reason}"
    return "{}" + row if row.startswith("[") else row


def derivation_align(derivation: Derivation, *, environment: str = "align*",
                     width: float = LINE_WIDTH_EM, fit: bool = False) -> str:
    r"""Render the verified steps of ``derivation`` as an alignment.

    Each step is a row ``lhs REL rhs`` with its region as ``\quad (...)`` and its
    reason as ``\text{...}`` at the right. A step whose left side is identical
    to the previous right side continues the chain (``&= ...``); a ``"solve"``
    step reads ``equation \iff x \in S``.

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
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import lam, w
    >>> d = Derivation(name="l2-gradient", title="Gradient of L2", steps=(
    ...     Step(sympy.Derivative(lam * w**2, w), 2 * lam * w, reason="power rule"),
    ...     Step(2 * lam * w, 2 * lam, relation="ge", where=w >= 1, reason="w is at least 1"),
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
    parts = [
        _step_parts(step, derivation.steps[i - 1] if i else None)
        for i, step in enumerate(derivation.steps)
    ]
    return _alignment(parts, environment, width=width, fit=fit)


def _alignment(parts: Sequence[_StepParts], environment: str, *, width: float,
               fit: bool) -> str:
    rows = [_row(line) for line in _layout(parts, width, fit=fit)]
    body = " \\\\\n".join(rows)
    return f"\\begin{{{environment}}}\n{body}\n\\end{{{environment}}}"


_COMBINE = {
    frozenset({"eq"}): "eq",
    frozenset({"eq", "le"}): "le",
    frozenset({"le"}): "le",
    frozenset({"eq", "lt"}): "lt",
    frozenset({"lt"}): "lt",
    frozenset({"le", "lt"}): "lt",
    frozenset({"eq", "le", "lt"}): "lt",
    frozenset({"eq", "ge"}): "ge",
    frozenset({"ge"}): "ge",
    frozenset({"eq", "gt"}): "gt",
    frozenset({"gt"}): "gt",
    frozenset({"ge", "gt"}): "gt",
    frozenset({"eq", "ge", "gt"}): "gt",
}


def claim_step(derivation: Derivation) -> Step:
    r"""The claim a derivation establishes, as one step (implied by the verified ones).

    When all steps form one chain of comparable relations, the claim is
    ``first lhs REL result`` on the intersection of the steps' regions;
    otherwise it is the last step.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="t", steps=(
    ...     Step((w - 1) ** 2 + 2 * w, w**2 + 1, reason="expand"),
    ...     Step(w**2 + 1, 1, relation="ge", reason="a square is >= 0")))
    >>> s = claim_step(d)
    >>> s.relation, s.rhs
    ('ge', 1)
    """
    steps = derivation.steps
    chain = all(s.lhs == p.rhs for p, s in itertools.pairwise(steps))
    relation = _COMBINE.get(frozenset(s.relation for s in steps)) if chain else None
    if relation is None:
        return dataclasses.replace(steps[-1], reason="")
    regions = [s.where for s in steps if s.where is not None]
    where = _simplest(sympy.And(*regions)) if regions else None
    return Step(steps[0].lhs, steps[-1].rhs, reason="", relation=relation,  # type: ignore[arg-type]
                where=where)


def claim(derivation: Derivation) -> str:
    r"""The claim of :func:`claim_step` as one line of math.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="t", steps=(
    ...     Step((w - 1) ** 2 + 2 * w, w**2 + 1, reason="expand"),
    ...     Step(w**2 + 1, 1, relation="ge", reason="a square is >= 0")))
    >>> claim(d)
    '2 w + \\left(w - 1\\right)^{2} \\ge 1'
    """
    parts = _step_parts(claim_step(derivation), None)
    return f"{parts.lhs} {' '.join(parts.pieces)}{parts.where}"


def _simplest(region: Boolean) -> Boolean:
    """A region of one variable as its simplest relation (``w > 1`` for ``w > 0, w > 1``)."""
    free = region.free_symbols
    if len(free) != 1:
        return region
    try:
        return region.as_set().as_relational(next(iter(free)))
    except (NotImplementedError, TypeError, ValueError):
        return region


_LABEL = re.compile(r"[^A-Za-z0-9:.-]+")


def _label(kind: str, name: str) -> str:
    return f"{kind}:{_LABEL.sub('-', name)}"


def _conventions_sentence(conventions: Sequence[str]) -> str:
    words = "; ".join(text(convention_text(c)) for c in conventions)
    label = "Convention" if len(conventions) == 1 else "Conventions"
    return rf"\textit{{{label}:}} {words}."


def derivation_theorem(derivation: Derivation, *, fit: bool = True) -> str:
    r"""Render a derivation as a theorem (its statement) and a proof (its steps).

    The conventions the result depends on close the theorem; each remark
    follows the proof as a ``remark``. Needs ``amsthm`` with ``theorem`` and
    ``remark`` environments (as in :func:`document`), and ``graphicx`` with
    ``fit`` (see :func:`derivation_align`).

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import lam, w
    >>> d = Derivation(name="l2-grad", title="Gradient of L2", steps=(
    ...     Step(sympy.Derivative(lam * w**2, w), 2 * lam * w, reason="power rule"),),
    ...     statement="The gradient of $\\lambda w^2$ is $2\\lambda w$.",
    ...     conventions=("lam*w**2",), remarks=("Halve it under lam/2*w**2.",))
    >>> print(derivation_theorem(d))
    \begin{theorem}[{Gradient of L2}]\label{thm:l2-grad}
    The gradient of $\lambda w^2$ is $2\lambda w$.
    \par\smallskip\noindent\textit{Convention:} $\lambda w^{2}$.
    \end{theorem}
    \begin{proof}
    \begin{align*}
    \frac{\partial}{\partial w} \lambda w^{2} &= 2 \lambda w && \text{power rule}
    \end{align*}
    \end{proof}
    \begin{remark}
    Halve it under $\frac{\lambda w^{2}}{2}$.
    \end{remark}
    """
    steps = derivation_align(derivation, fit=fit)
    statement = text(derivation.statement) if derivation.statement else (
        "The following holds:\n" + _alignment([_step_parts(claim_step(derivation), None)],
                                               "align*", width=LINE_WIDTH_EM, fit=fit)
    )
    lines = [
        rf"\begin{{theorem}}[{{{text(convention_text(derivation.title))}}}]"
        rf"\label{{{_label('thm', derivation.name)}}}",
        statement,
    ]
    if derivation.conventions:
        lines.append(r"\par\smallskip\noindent" + _conventions_sentence(derivation.conventions))
    lines += [r"\end{theorem}", r"\begin{proof}", steps, r"\end{proof}"]
    for remark in derivation.remarks:
        lines += [r"\begin{remark}", text(convention_text(remark)), r"\end{remark}"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# the document


_PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
% Reproducible output: no dates, no trailer id, no pdfTeX file information.
\ifdefined\pdfinfoomitdate \pdfinfoomitdate=1 \fi
\ifdefined\pdftrailerid \pdftrailerid{} \fi
\ifdefined\pdfsuppressptexinfo \pdfsuppressptexinfo=-1 \fi
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=2.5cm]{geometry}
\usepackage{amsmath,amssymb,amsthm}
\allowdisplaybreaks % long derivations may continue on the next page
\usepackage{graphicx}
\usepackage{array,booktabs,longtable}
\setlength{\LTcapwidth}{\linewidth}
\usepackage{microtype}
% Let two figures share a page with a little text.
\renewcommand{\topfraction}{0.9}
\renewcommand{\bottomfraction}{0.8}
\renewcommand{\textfraction}{0.07}
\renewcommand{\floatpagefraction}{0.7}
\newtheorem{theorem}{Theorem}
\theoremstyle{remark}
\newtheorem*{remark}{Remark}
% \fitmath{math}: the math at its natural size, scaled down to the line if wider.
\newsavebox{\symregbox}
\newcommand{\fitmath}[1]{%
  \sbox{\symregbox}{$\displaystyle #1$}%
  \ifdim\wd\symregbox>\linewidth
    \resizebox{\linewidth}{!}{\usebox{\symregbox}}%
  \else
    \usebox{\symregbox}%
  \fi}
"""

DEFAULT_TITLE = "L1 and L2 regularization: verified derivations"

#: The opening sentences of the report's sections (text with ``$`` math).
SECTION_TEXT: dict[str, str] = {
    "conventions": (
        "Scaling the L2 penalty by one half, $\\lambda w^2/2$ instead of $\\lambda w^2$, "
        "changes every number derived from it. Each affected result is listed under both "
        "scalings"
    ),
    "figures": (
        "Every curve is a lambdified symbolic result, and every marked point comes from a "
        "verified crossover or descent; the only numbers chosen by hand are the plotting "
        "parameters, given in each caption."
    ),
    "implementation": (
        "Reference Python functions of each penalty, its derivative and its proximal "
        "operator, typeset from their source code by latexify-py. Before the document was "
        "built, each was evaluated against the lambdified symbolic result at points that "
        "include 0, negative values, and inputs inside, on and outside the threshold of "
        "the proximal operator."
    ),
}


def intro(count: int) -> str:
    """The opening paragraph of the report (text with ``$`` math, for LaTeX and Markdown).

    >>> "3 results" in intro(3)
    True
    """
    from symreg import __version__

    return (
        f"This document was generated by symreg {__version__}. Each of the {count} "
        "results below is a sequence of steps, and every step was checked exactly with "
        "SymPy before it was typed: equalities and inequalities under the assumptions on "
        "the symbols ($\\lambda$, $\\eta$, $\\varepsilon > 0$, $w$, $z$ real), on the "
        "region written next to the step. The reason at the right of a step says why it "
        "holds. The figures plot the same symbolic results, and the reference "
        "implementations at the end were evaluated against them before the document was "
        "built."
    )


def _conventions_table(rows: Sequence[ConventionRowLike]) -> str:
    lam, w = symbols.lam, symbols.w
    full = expr(lam * w**2)
    half = expr(lam * w**2 / 2)
    spec = (r"@{}>{\raggedright\arraybackslash}p{0.22\linewidth}"
            r">{\centering\arraybackslash}p{0.25\linewidth}"
            r">{\centering\arraybackslash}p{0.25\linewidth}"
            r">{\raggedright\arraybackslash}p{0.2\linewidth}@{}")
    lines = [
        rf"\begin{{longtable}}{{{spec}}}",
        r"\caption{How each result depends on the scaling of the L2 penalty.}"
        r"\label{tab:conventions}\\",
        r"\toprule",
        rf"Quantity & under ${full}$ & under ${half}$ & Note \\",
        r"\midrule",
        r"\endhead",
    ]
    for row in rows:
        cells = (
            text(convention_text(row.quantity)),
            rf"\fitmath{{{expr(row.full)}}}",
            rf"\fitmath{{{expr(row.half)}}}",
            text(convention_text(row.note)),
        )
        lines.append(" & ".join(cells) + r" \\[0.6ex]")
    lines += [r"\bottomrule", r"\end{longtable}"]
    return "\n".join(lines)


def _figure(fig: Figure, figure_dir: str) -> str:
    path = f"{figure_dir}/{fig.file}" if figure_dir else fig.file
    return "\n".join([
        r"\begin{figure}[htbp]",
        r"\centering",
        rf"\includegraphics[width=\linewidth]{{{path}}}",
        rf"\caption{{{text(fig.caption)}}}\label{{{_label('fig', fig.name)}}}",
        r"\end{figure}",
    ])


def listing_heading(penalty: str, convention: str) -> str:
    r"""The heading of a penalty's listings: its name and convention, as text with ``$`` math.

    >>> listing_heading("L2", "lam/2*w**2")
    'L2, $\\frac{\\lambda w^{2}}{2}$'
    """
    return f"{penalty}, {convention_text(convention)}"


def _listings(items: Sequence[Listing]) -> str:
    lines: list[str] = []
    for (penalty, convention), group in itertools.groupby(
        items, key=lambda item: (item.penalty, item.convention)
    ):
        lines.append(rf"\subsection*{{{text(listing_heading(penalty, convention))}}}")
        for item in group:
            lines += [
                r"\[",
                rf"\fitmath{{{item.latex}}}",
                r"\]",
                rf"\noindent{{\small {text(item.check.summary)}}}",
                "",
            ]
    return "\n".join(lines)


def document(
    *,
    derivations: Sequence[Derivation],
    conventions: Sequence[ConventionRowLike],
    figures: Sequence[Figure],
    listings: Sequence[Listing],
    title: str = DEFAULT_TITLE,
    figure_dir: str = "",
) -> str:
    r"""Build the complete ``.tex`` report.

    Args:
        derivations: rendered as theorems with proofs, in this order (each is
            verified first).
        conventions: rows of the conventions table.
        figures: figure files (see :func:`symreg.render.figures.make_figures`).
        listings: checked reference implementations
            (see :func:`symreg.render.listings.listings`).
        title: the document title.
        figure_dir: the directory of the figure files, relative to the document.

    Returns:
        The LaTeX source, ending with a newline; identical for identical inputs.

    >>> import sympy
    >>> from symreg.derivation import Derivation, Step
    >>> from symreg.symbols import w
    >>> d = Derivation(name="sq", title="Square", steps=(
    ...     Step(sympy.Abs(w) ** 2, w**2, reason="w is real"),))
    >>> tex = document(derivations=[d], conventions=[], figures=[], listings=[])
    >>> tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    True
    """
    for derivation in derivations:
        derivation.verify()
    parts = [
        _PREAMBLE,
        rf"\title{{{text(title)}}}",
        r"\author{symreg}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
        text(intro(len(derivations))),
        r"\section{Results}",
    ]
    parts += [derivation_theorem(d) for d in derivations]
    if conventions:
        parts += [
            r"\section{Conventions}",
            text(SECTION_TEXT["conventions"]) + r" (Table~\ref{tab:conventions}).",
            _conventions_table(conventions),
        ]
    if figures:
        parts += [r"\section{Figures}", text(SECTION_TEXT["figures"])]
        parts += [_figure(f, figure_dir) for f in figures]
        parts.append(r"\clearpage")
    if listings:
        parts += [r"\section{Implementation}", text(SECTION_TEXT["implementation"]),
                  _listings(listings)]
    parts.append(r"\end{document}")
    return "\n\n".join(parts) + "\n"
