"""The TeX vocabulary (functions, Greek letters, spaces, forbidden primitives) and math mode."""

from __future__ import annotations

import unicodedata

from symreg.parse._build import _fail

# ASCII white space, skipped in plain text and LaTeX alike.
_WHITESPACE = frozenset(" \t\n\r")

# LaTeX commands that name a function directly.
_TEX_FUNCTIONS = {"log": "log", "ln": "log", "exp": "exp", "max": "max", "min": "min",
                  "sgn": "sign", "sign": "sign", "abs": "abs"}
# Words accepted inside \operatorname{...} and \mathrm{...}.
_TEX_OPERATOR_WORDS = {"sign": "sign", "sgn": "sign", "max": "max", "min": "min",
                       "abs": "abs", "log": "log", "ln": "log", "exp": "exp"}
# Relations between two sides of an answer.
_TEX_RELATIONS = {"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=",
                  "geqslant": ">=", "lt": "<", "gt": ">"}
_GREEK = frozenset(
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
        "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho",
        "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
        "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
        "Psi", "Omega",
    ]
)
_TEX_SPACES = frozenset({
    "quad", "qquad", "displaystyle", "textstyle", "scriptstyle", "thinspace", "medspace",
    "thickspace", "enspace", "enskip", "negthinspace", "negmedspace", "negthickspace",
})
_TEX_CONTROL_SPACES = frozenset(",;:!> ")
# The norm bars of LaTeX: the norm of a scalar is its absolute value.
_NORM = "\u2016"
# TeX primitives and LaTeX commands that read or write files, run programs or
# redefine the language: refused with their own message.
_TEX_FORBIDDEN = frozenset(
    [
        "input", "include", "includeonly", "InputIfFileExists", "write", "immediate",
        "openout", "openin", "read", "readline", "closeout", "closein", "def", "edef", "gdef",
        "xdef", "let", "futurelet", "newcommand", "renewcommand", "providecommand",
        "DeclareMathOperator", "DeclareRobustCommand", "newenvironment", "renewenvironment",
        "catcode", "lccode", "uccode", "mathcode", "sfcode", "delcode", "csname", "endcsname",
        "expandafter", "noexpand", "afterassignment", "aftergroup", "usepackage",
        "RequirePackage", "documentclass", "makeatletter", "makeatother", "special", "shipout",
        "output", "everypar", "everymath", "jobname", "errmessage", "message", "typeout",
        "scantokens", "detokenize", "unexpanded", "string", "verbatim", "verb",
        "lstinputlisting", "includegraphics", "href", "url", "loop", "repeat", "directlua",
        "luaexec", "pdfprimitive", "pdfshellescape", "ShellEscape", "endinput", "globaldefs",
    ]
)
_TEX_ENVIRONMENT = frozenset({"begin", "end"})
_BIG = frozenset({"bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
                  "big", "Big", "bigg", "Bigg"})


def _math_delimiters(text: str) -> tuple[int, int]:
    """Bounds of the content of ``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``."""
    start, end = 0, len(text)
    while start < end and text[start] in _WHITESPACE:
        start += 1
    while end > start and text[end - 1] in _WHITESPACE:
        end -= 1
    body = text[start:end]
    for left, right in (("$$", "$$"), ("$", "$"), (r"\(", r"\)"), (r"\[", r"\]")):
        if len(body) >= len(left) + len(right) and body.startswith(left) \
                and body.endswith(right):
            inner_start, inner_end = start + len(left), end - len(right)
            if "$" not in text[inner_start:inner_end]:
                return inner_start, inner_end
    dollar = text.find("$", start, end)
    if dollar >= 0:
        _fail("unexpected '$'", dollar)
    return start, end


def _show(ch: str) -> str:
    return repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"


def _check_char(ch: str, pos: int) -> None:
    """Refuse control and format characters (NUL, escapes, bidi overrides, ...)."""
    if ch in _WHITESPACE:
        return
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        _fail(f"control character U+{ord(ch):04X}", pos)
