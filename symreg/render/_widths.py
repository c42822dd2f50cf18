r"""Width estimates of display math, in em of the body font, read from its LaTeX source.

The estimate is what :mod:`symreg.render.layout` breaks lines by; the PDF
build then checks the real boxes.

>>> estimate_width("w") < estimate_width("w + w")
True
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["estimate_width"]

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
                    r"\cos", r"\tan", r"\ln", r"\arg", r"\det", r"\sgn",
                    # symreg's optional macros (symreg.printing.macros)
                    r"\sign", r"\prox", r"\argmin"}
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
    return str(item)


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
        if item in {r"\mathopen", r"\mathclose", r"\phantom", r"\vphantom"}:
            if i < len(items) and item in {r"\mathopen", r"\mathclose"}:
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
