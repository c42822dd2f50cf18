r"""Optional LaTeX macros (``\abs``, ``\sign``, ``\prox``, ``\argmin``), in force inside a block.

Inside :func:`macros`, the printer writes ``\abs{w}`` for ``|w|`` and
``\sign{\left(w \right)}`` for the sign, and :func:`operator` names the
proximal operator ``\prox`` and the minimiser ``\argmin``. A document that uses
them defines them with :func:`macro_definitions`: ``\providecommand``, so a
host document that already has its own ``\abs`` keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from symreg.errors import InvalidParameterError

__all__ = ["MACROS", "macro_definitions", "macros", "macros_enabled", "operator"]

#: Each macro: its name and its definition (needs ``amsmath``).
MACROS: tuple[tuple[str, str], ...] = (
    ("abs", r"\providecommand{\abs}[1]{\left\lvert #1\right\rvert}"),
    ("sign", r"\providecommand{\sign}{\operatorname{sign}}"),
    ("prox", r"\providecommand{\prox}{\operatorname{prox}}"),
    ("argmin", r"\providecommand{\argmin}{\operatorname*{arg\,min}}"),
)

# How the operators print without the macros.
_PLAIN = {"prox": r"\mathrm{prox}", "argmin": r"\operatorname*{arg\,min}"}

_MACROS: ContextVar[bool] = ContextVar("symreg_macros", default=False)


@contextmanager
def macros(enabled: bool = True) -> Iterator[bool]:
    r"""Print with symreg's macros (or, with ``enabled=False``, without them) inside the block.

    Raises:
        InvalidParameterError: ``enabled`` is not a bool.

    >>> from symreg.printing import latex
    >>> from symreg.symbols import w
    >>> with macros():
    ...     latex(abs(w))
    '\\abs{w}'
    >>> latex(abs(w))
    '\\left|{w}\\right|'
    """
    if not isinstance(enabled, bool):
        raise InvalidParameterError(f"macros must be True or False, got {enabled!r}")
    token = _MACROS.set(enabled)
    try:
        yield enabled
    finally:
        _MACROS.reset(token)


def macros_enabled() -> bool:
    """Whether the macros are in force (see :func:`macros`); False outside any block.

    >>> macros_enabled()
    False
    """
    return _MACROS.get()


def macro_definitions() -> tuple[str, ...]:
    r"""The ``\providecommand`` line of every macro, for a preamble or a snippet.

    >>> macro_definitions()[0]
    '\\providecommand{\\abs}[1]{\\left\\lvert #1\\right\\rvert}'
    """
    return tuple(definition for _, definition in MACROS)


def operator(name: str) -> str:
    r"""The LaTeX of an operator symreg names in its math: ``prox`` or ``argmin``.

    ``\prox`` and ``\argmin`` inside :func:`macros`, the plain form otherwise.

    >>> operator("prox")
    '\\mathrm{prox}'
    >>> with macros():
    ...     operator("argmin")
    '\\argmin'
    """
    if name not in _PLAIN:
        raise InvalidParameterError(
            f"operator must be one of {', '.join(_PLAIN)}, got {name!r}")
    return f"\\{name}" if macros_enabled() else _PLAIN[name]
