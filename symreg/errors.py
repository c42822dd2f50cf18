"""Exception hierarchy of symreg.

Every error symreg raises on purpose is a :class:`SymregError`, and each
subclass also derives from the matching built-in exception so that callers can
catch either one (``except ValueError`` keeps working).

Examples
--------
>>> from symreg.errors import InvalidParameterError
>>> issubclass(InvalidParameterError, ValueError)
True
"""

from __future__ import annotations

__all__ = [
    "InvalidParameterError",
    "ParseError",
    "RenderError",
    "SymregError",
    "UnsupportedError",
    "VerificationError",
]


class SymregError(Exception):
    """Base class of every error raised by symreg."""


class InvalidParameterError(SymregError, ValueError):
    """A parameter is outside its allowed range (never valid).

    >>> from symreg import L1
    >>> L1(strength=-1)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: strength must be positive (> 0), got -1
    """


class ParseError(SymregError, ValueError):
    """Untrusted text or LaTeX could not be parsed safely."""


class VerificationError(SymregError, AssertionError):
    """A derivation step is false or could not be proved."""


class UnsupportedError(SymregError, NotImplementedError):
    """A valid request that symreg does not support (yet)."""


class RenderError(SymregError, RuntimeError):
    """Rendering or building a document failed (for example, no pdflatex)."""
