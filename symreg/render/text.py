r"""Text for the report: plain words escaped for LaTeX and for Markdown, with ``$...$`` math kept.

Text here is prose: it is escaped, never parsed. Mathematics comes from SymPy
objects printed by :mod:`symreg.printing`, or from ``$...$`` written by an author.

Everything between ``$...$`` in a title, statement, step reason or remark (and
every piece of math a renderer prints from a SymPy object, whose symbol names a
user chooses) is checked by :func:`check_math` before it is written: only
letters, digits, a few punctuation signs and a whitelist of harmless commands
(:data:`MATH_COMMANDS`) may appear, so that text can neither run TeX
(``\input``, ``\write``, ``\def``, ``^^`` escapes) nor open an HTML tag or
entity in Markdown. Anything else raises :class:`~symreg.errors.RenderError`
naming the offending command or character.

>>> latex_text("50% of w_1 & $w_1 > 0$")
'50\\% of w\\_1 \\& $w_1 > 0$'
>>> markdown_text("a *b* $x_1 * y$")
'a \\*b\\* $x_1 * y$'
"""

from __future__ import annotations

import re

from symreg import printing, symbols
from symreg.errors import RenderError

__all__ = [
    "MATH_COMMANDS",
    "MATH_ENVIRONMENTS",
    "check_math",
    "label",
    "latex_text",
    "markdown_text",
    "math_segments",
    "math_tokens",
    "names_left",
]

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

#: The commands math in text (and math printed from SymPy objects) may use.
MATH_COMMANDS: frozenset[str] = frozenset({
    # Greek letters and their variants
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho",
    "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
    "Psi", "Omega", "ell", "partial", "nabla", "infty", "emptyset", "varnothing",
    # structure and fonts
    "frac", "dfrac", "tfrac", "sqrt", "left", "right", "big", "Big", "bigg", "Bigg",
    "mathrm", "mathbf", "mathit", "mathcal", "mathbb", "boldsymbol", "operatorname",
    "text", "textrm", "hat", "bar", "tilde", "overline", "underline", "displaystyle",
    "limits", "begin", "end", "quad", "qquad", "vphantom",
    # relations, operators, delimiters
    "le", "leq", "ge", "geq", "lt", "gt", "ne", "neq", "approx", "equiv", "sim", "propto",
    "in", "notin", "ni", "subset", "subseteq", "supset", "supseteq", "cup", "cap",
    "setminus", "to", "mapsto", "iff", "implies", "Rightarrow", "Leftrightarrow",
    "rightarrow", "leftarrow", "wedge", "vee", "neg", "lnot", "land", "lor", "forall",
    "exists", "cdot", "times", "pm", "mp", "circ", "dots", "ldots", "cdots", "vdots",
    "sum", "prod", "int", "lim", "sup", "inf", "max", "min", "arg", "argmin", "argmax",
    "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "det", "sign",
    "vert", "Vert", "lvert", "rvert", "lVert", "rVert", "mid", "langle", "rangle",
    "lceil", "rceil", "lfloor", "rfloor",
    # symreg's optional macros (symreg.printing.macros), defined by the document
    "abs", "prox",
})

#: The environments ``\begin{...}`` in math may open.
MATH_ENVIRONMENTS: frozenset[str] = frozenset({
    "cases", "matrix", "pmatrix", "bmatrix", "aligned", "array",
})

# Control symbols (a backslash and one non-letter) that only typeset.
_MATH_SYMBOLS = frozenset(" ,;:!{}|\\_")
_MATH_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " {}^_()[]+-*/=<>!.,'|:;&"
)
_MATH_TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.?)|(\^\^)|(<[A-Za-z/!?])|(&[A-Za-z#])|(.)",
                         re.DOTALL)
_ENVIRONMENT = re.compile(r"\{([A-Za-z*]*)\}")


def check_math(source: str) -> str:
    r"""Return ``source`` when it is harmless math, or raise :class:`RenderError`.

    Harmless math is made of ASCII letters and digits, spaces, the signs
    ``{}^_()[]+-*/=<>!.,'|:;&``, the commands of :data:`MATH_COMMANDS`, the
    environments of :data:`MATH_ENVIRONMENTS` and the spacing symbols
    ``\,`` ``\;`` ``\:`` ``\!`` ``\ `` ``\\`` ``\{`` ``\}`` ``\|`` ``\_``.
    A ``<`` that would open an HTML tag, an ``&`` that would open an HTML entity
    and TeX's ``^^`` character escapes are refused too.

    >>> check_math(r"\frac{\lambda}{2} \le w")
    '\\frac{\\lambda}{2} \\le w'
    >>> check_math(r"\input{/etc/passwd}")
    Traceback (most recent call last):
    ...
    symreg.errors.RenderError: \input is not allowed in math: '\\input{/etc/passwd}'
    >>> check_math("<img src=x>")
    Traceback (most recent call last):
    ...
    symreg.errors.RenderError: '<i' is not allowed in math: '<img src=x>'
    """
    for match in _MATH_TOKEN.finditer(source):
        command, symbol, hat, tag, entity, char = match.groups()
        if command is not None:
            if command not in MATH_COMMANDS:
                raise RenderError(f"\\{command} is not allowed in math: {source!r}")
            if command in ("begin", "end"):
                name = _ENVIRONMENT.match(source, match.end())
                if name is None or name.group(1) not in MATH_ENVIRONMENTS:
                    shown = name.group(0) if name else " without an environment"
                    raise RenderError(
                        f"\\{command}{shown} is not allowed in math: {source!r}")
            continue
        offender = None
        if symbol is not None:
            offender = None if symbol and symbol in _MATH_SYMBOLS else "\\" + symbol
        elif hat or tag or entity:
            offender = repr(hat or tag or entity)
        elif char not in _MATH_CHARACTERS:
            offender = repr(char)
        if offender is not None:
            raise RenderError(f"{offender} is not allowed in math: {source!r}")
    return source


def _split_math(value: str, *, math: bool) -> list[str]:
    """Pieces of ``value``: text at even indices, ``$...$`` math (without the ``$``) at odd."""
    if not math:
        return [value]
    pieces = value.split("$")
    if len(pieces) % 2 == 0:
        raise RenderError(f"unbalanced $ in text: {value!r}")
    for piece in pieces[1::2]:
        check_math(piece)
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
    for index, piece in enumerate(_split_math(printing.shown(value), math=math)):
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


#: The Markdown dialects of math: ``myst`` (also MathJax, KaTeX and Jupyter) keeps
#: ``$...$`` and ``$$...$$``; ``gfm`` (GitHub) writes inline math as ``$`...`$`` and
#: display math in a ``math`` fence.
MD_FLAVORS: tuple[str, ...] = ("myst", "gfm")


def inline_math(latex: str, flavor: str = "myst") -> str:
    r"""Inline math in the Markdown dialect ``flavor``.

    >>> inline_math(r"\lambda"), inline_math(r"\lambda", "gfm")
    ('$\\lambda$', '$`\\lambda`$')
    """
    return f"$`{latex}`$" if flavor == "gfm" else f"${latex}$"


def display_math(latex: str, flavor: str = "myst") -> str:
    r"""Display math in the Markdown dialect ``flavor``.

    >>> print(display_math("w^{2}", "gfm"))
    ```math
    w^{2}
    ```
    """
    return f"```math\n{latex}\n```" if flavor == "gfm" else f"$$\n{latex}\n$$"


def markdown_text(value: str, *, math: bool = True, flavor: str = "myst") -> str:
    r"""Escape Markdown markup in ``value``, keeping ``$...$`` math (in ``flavor``'s dialect).

    With ``math=False`` a ``$`` is escaped too.

    >>> markdown_text("w_0 is *not* | used")
    'w\\_0 is \\*not\\* \\| used'
    >>> markdown_text("costs $5", math=False)
    'costs \\$5'
    >>> markdown_text("at $w_0$", flavor="gfm")
    'at $`w_0`$'
    """
    value = printing.shown(value)
    if not math:
        return _MARKUP.sub(r"\\\1", value)
    return "".join(inline_math(piece, flavor) if index % 2
                   else _MARKUP_WITH_MATH.sub(r"\\\1", piece)
                   for index, piece in enumerate(_split_math(value, math=True)))


_LABEL = re.compile(r"[^A-Za-z0-9:.-]+")


def label(kind: str, name: str) -> str:
    r"""A LaTeX ``\label`` key: ``kind:name`` with anything unsafe replaced by ``-``.

    >>> label("thm", "l1 vs l2_prox")
    'thm:l1-vs-l2-prox'
    """
    return f"{kind}:{_LABEL.sub('-', name)}"


# ---------------------------------------------------------------------------
# the math of rendered output, read back: which symbols does it print?

_MATH_SEGMENT = re.compile(
    r"\\begin\{(align\*?|equation\*?|gather\*?|multline\*?)\}(?P<env>.*?)\\end\{\1\}"
    r"|\\\[(?P<bracket>.*?)\\\]|```math\n(?P<fence>.*?)```|\$\$(?P<display>.*?)\$\$"
    r"|\$`(?P<gfm>.*?)`\$|(?<!\\)\$(?P<inline>.*?)(?<!\\)\$", re.DOTALL)
_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting)\}.*?\\end\{\1\}", re.DOTALL)
# Commands whose argument is words, a name or a font's letters, not symbols.
_WORDS_ARGUMENT = re.compile(
    r"\\(?:text|textrm|textit|mathrm|mathbf|mathit|mathcal|mathbb|operatorname|label|"
    r"tag\*?|eqref|begin|end)\s*\{")
# The differential of a derivative or an integral: the d of d/dw or of dw is no symbol d.
_DIFFERENTIAL = re.compile(r"\\frac\{d(?:\^\{\d+\})?\}\{d(?![A-Za-z])|\\,\s*d(?=[A-Za-z\\{])")


def _without_code(rendered: str) -> str:
    """``rendered`` without its code: fenced Markdown blocks (but ``math``) and verbatim."""
    kept: list[str] = []
    fence: str | None = None  # the kind of fenced block the line is in
    for line in rendered.split("\n"):
        if line.startswith("```"):
            opening = fence is None
            kind = ("math" if line.strip() == "```math" else "code") if opening else fence
            fence = kind if opening else None
            if kind == "math":
                kept.append(line)
        elif fence != "code":
            kept.append(line)
    return _VERBATIM.sub("", "\n".join(kept))


def math_segments(rendered: str) -> list[str]:
    r"""The math of LaTeX or Markdown that symreg rendered, one segment per formula.

    Display environments, ``\[...\]``, ``$$...$$``, Markdown ``math`` fences and
    inline ``$...$`` (also GitHub's ``$`...`$``); code blocks are not math.

    >>> math_segments(r"A $w > 0$ and \$5; $$\lambda$$")
    ['w > 0', '\\lambda']
    """
    out: list[str] = []
    for match in _MATH_SEGMENT.finditer(_without_code(rendered)):
        out.append(next(group for group in match.group(
            "env", "bracket", "fence", "display", "gfm", "inline") if group is not None))
    return out


def _argument_end(math: str, start: int) -> int:
    """The index just past the brace that closes the group opened at ``start - 1``."""
    depth = 1
    index = start
    while index < len(math) and depth:
        depth += {"{": 1, "}": -1}.get(math[index], 0) if math[index - 1] != "\\" else 0
        index += 1
    return index


def math_tokens(math: str) -> list[str]:
    r"""The symbols of one formula: its commands (``\lambda``) and single letters (``w``).

    Words set in text or in a font (``\text{...}``, ``\operatorname{sign}``,
    ``\mathbb{R}``), labels, environment names, the ``d`` of a derivative and
    a letter applied to an argument (a function: the density ``p(w)``) are no
    symbols; math inside a text argument (``\text{$w > 0$}``) is read too.

    >>> math_tokens(r"\operatorname{sign}{\left(w \right)} \le \eta \text{ for $z$}")
    ['\\left', 'w', '\\right', '\\le', '\\eta', 'z']
    """
    out: list[str] = []
    index = 0
    while index < len(math):
        found = _WORDS_ARGUMENT.match(math, index)
        if found:
            end = _argument_end(math, found.end())
            inner = math[found.end():end - 1]
            for segment in math_segments(inner):
                out += math_tokens(segment)
            index = end
            continue
        derivative = _DIFFERENTIAL.match(math, index)
        if derivative:
            out += [r"\frac"] if derivative.group(0).startswith(r"\frac") else []
            index = derivative.end()
            continue
        command = re.match(r"\\[A-Za-z]+", math[index:])
        if command:
            out.append(command.group(0))
            index += command.end()
        elif math[index] == "\\":
            index += 2
        else:
            applied = math.startswith(("(", r"{\left("), index + 1)
            if math[index].isalpha() and not applied:
                out.append(math[index])
            index += 1
    return out


def names_left(rendered: str) -> list[str]:
    r"""symreg's own names of its symbols (``\lambda``, ``w``) in the math of ``rendered``.

    Rendered under a notation that renames every symbol of
    :func:`symreg.symbols.by_name`, the math should name none of them.

    >>> names_left(r"$\lambda w \le \mathcal{B}$ and $$\operatorname{sign}(\mathcal{A})$$")
    ['\\lambda', 'w']
    """
    own = {token for symbol in symbols.by_name().values()
           for token in math_tokens(symbols.LATEX_NAMES.get(symbol, symbol.name))}
    return [token for math in math_segments(rendered) for token in math_tokens(math)
            if token in own]
