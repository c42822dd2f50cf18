r"""Words with mathematics in them, printed from SymPy objects when they are shown.

A step's reason, a derivation's prose or a title often names a symbol or a
condition ("for $w_0 > 0$"). Typed as LaTeX, that math would keep symreg's
names under a reader's notation. :func:`words` writes it from SymPy objects
instead, and keeps them: the result is a :class:`Words`, a string whose value
is the text under symreg's own names (so it compares, hashes and is stored as
that text), and which :func:`shown` prints again under the notation in force.
Renderers show every text through :func:`shown`, so the same derivation reads
in whichever notation it is rendered under.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import sympy

from symreg._written import rebuild
from symreg.errors import InvalidParameterError
from symreg.printing._macros import macros, macros_enabled
from symreg.printing._notation import _NOTATION

__all__ = ["Words", "as_written", "shown", "text_data", "text_from_data", "words"]


@dataclass(frozen=True)
class _Written:
    """An object with the printer settings it is printed with (see :func:`as_written`)."""

    obj: Any
    settings: tuple[tuple[str, Any], ...] = field(default=())


def as_written(obj: Any, **settings: Any) -> _Written:
    r"""``obj`` for :func:`words`, printed with these printer settings (``order="none"``).

    >>> from symreg.symbols import w
    >>> words("at {}", as_written(1 + w, order="none"))
    'at $1 + w$'
    """
    return _Written(obj, tuple(sorted(settings.items())))


def _print(obj: Any) -> str:
    from symreg.printing import latex  # the package's printer, defined after this module

    if isinstance(obj, str):
        return shown(obj)
    if isinstance(obj, _Written):
        return latex(obj.obj, **dict(obj.settings))
    return latex(obj)


def _format(template: str, objects: tuple[Any, ...]) -> str:
    """``template`` with each ``{}`` replaced by its object, printed now."""
    pieces = template.split("{}")
    out = [pieces[0]]
    in_math = pieces[0].count("$") % 2 == 1
    for obj, piece in zip(objects, pieces[1:], strict=True):
        printed = _print(obj)
        # Text objects stand as they are; math outside $...$ gets its own dollars.
        out.append(printed if in_math or isinstance(obj, str) else f"${printed}$")
        out.append(piece)
        in_math ^= piece.count("$") % 2 == 1
    return "".join(out)


@contextmanager
def _plain() -> Iterator[None]:
    """Symreg's own names, without macros, inside the block."""
    token = _NOTATION.set(MappingProxyType({}))
    try:
        with macros(False):
            yield
    finally:
        _NOTATION.reset(token)


class Words(str):
    """Text whose mathematics is printed from SymPy objects (see :func:`words`).

    Its value as a string is the text under symreg's own names, without
    macros; :meth:`shown` prints it under the notation in force.
    """

    template: str
    objects: tuple[Any, ...]

    def __new__(cls, template: str, objects: tuple[Any, ...]) -> Words:
        with _plain():
            value = _format(template, objects)
        made = super().__new__(cls, value)
        made.template, made.objects = template, objects
        return made

    def shown(self) -> str:
        """The text printed under the notation (and macros) in force."""
        if not _NOTATION.get() and not macros_enabled():
            return str.__str__(self)  # what it was printed as: symreg's own names
        return _format(self.template, self.objects)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling a SymPy object rebuilds it with evaluation (``delta > 0`` for a
        # positive delta would come back as True): the objects travel as written.
        return (_unpickled, (self.template, tuple(_frozen(o) for o in self.objects)))

    def __add__(self, other: str) -> str:
        if isinstance(other, str):
            return Words(self.template + "{}", (*self.objects, other))
        return NotImplemented

    def __radd__(self, other: str) -> str:
        if isinstance(other, str):
            return Words("{}" + self.template, (other, *self.objects))
        return NotImplemented


def _frozen(obj: Any) -> Any:
    """``obj`` as nested ``(class, args)`` tuples, for :func:`_thawed`."""
    if isinstance(obj, sympy.Basic) and obj.args:
        return ("sympy", type(obj), tuple(_frozen(a) for a in obj.args))
    if isinstance(obj, _Written):
        return _Written(_frozen(obj.obj), obj.settings)
    return obj


def _thawed(data: Any) -> Any:
    """The object of :func:`_frozen`, built without evaluation."""
    if isinstance(data, _Written):
        return _Written(_thawed(data.obj), data.settings)
    if not (isinstance(data, tuple) and len(data) == 3 and data[0] == "sympy"):
        return data
    return rebuild(data[1], [_thawed(a) for a in data[2]])


def _unpickled(template: str, objects: tuple[Any, ...]) -> Words:
    return Words(template, tuple(_thawed(o) for o in objects))


def words(template: str, *objects: Any) -> Words:
    r"""Text with each ``{}`` of ``template`` filled with an object printed as math.

    An object in the text is set as inline math, ``$...$``; one inside
    ``$...$`` of the template joins that math (so a chain of relations can be
    written with ``\le`` between printed objects). A string object is text and
    stands as it is (shown, if it is :class:`Words`). The template's own text
    may not contain ``{}`` otherwise. The result prints symbols under the
    notation in force wherever it is shown (:func:`shown`).

    Raises:
        InvalidParameterError: the number of ``{}`` is not the number of objects.

    >>> from symreg.printing import notation
    >>> from symreg.symbols import eta, lam, w0
    >>> reason = words(r"for {}, with ${} \le 1$", w0 > 0, eta * lam)
    >>> reason
    'for $w_{0} > 0$, with $\\eta \\lambda \\le 1$'
    >>> with notation({"w": r"\beta", "eta": r"\tau"}):
    ...     shown(reason)
    'for $\\beta_{0} > 0$, with $\\tau \\lambda \\le 1$'
    >>> words("{} and {}", w0)
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: words: 2 places ({}) for 1 objects in '{} and {}'
    """
    places = template.count("{}")
    if places != len(objects):
        raise InvalidParameterError(
            f"words: {places} places ({{}}) for {len(objects)} objects in {template!r}")
    return Words(template, tuple(objects))


def shown(text: str) -> str:
    r"""``text`` as the reader sees it: :class:`Words` printed under the notation in force.

    Any other string is returned as it is.

    >>> from symreg.printing import notation
    >>> from symreg.symbols import z
    >>> with notation({z: "x"}):
    ...     shown(words("every {}", z)), shown("plain words")
    ('every $x$', 'plain words')
    """
    return text.shown() if isinstance(text, Words) else text


def text_data(text: str, freeze: Callable[[Any], Any]) -> Any:
    """``text`` as data: a plain string as it is, :class:`Words` as a dict.

    Each SymPy object of the words is given as ``freeze`` makes it (a caller that
    sends or stores a derivation freezes its expressions its own way).

    >>> from symreg.symbols import w
    >>> text_data(words("at {}", w), str)
    {'words': 'at {}', 'objects': [{'math': 'w'}]}
    >>> text_from_data(text_data(words("at {}", w), str), lambda s: w).objects
    (w,)
    """
    if not isinstance(text, Words):
        return str(text)
    objects: list[Any] = []
    for obj in text.objects:
        if isinstance(obj, str):
            objects.append({"text": text_data(obj, freeze)})
        elif isinstance(obj, _Written):
            objects.append({"math": freeze(obj.obj), "settings": [list(s) for s in obj.settings]})
        else:
            objects.append({"math": freeze(obj)})
    return {"words": text.template, "objects": objects}


def text_from_data(data: Any, thaw: Callable[[Any], Any]) -> str:
    """The text of :func:`text_data`, each SymPy object rebuilt by ``thaw``.

    Raises:
        TypeError: ``data`` is not text data.
    """
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or not isinstance(data.get("words"), str):
        raise TypeError(f"not text data: {data!r}")
    objects: list[Any] = []
    for item in data["objects"]:
        if "text" in item:
            objects.append(text_from_data(item["text"], thaw))
        elif "settings" in item:
            objects.append(_Written(thaw(item["math"]),
                                    tuple((str(k), v) for k, v in item["settings"])))
        else:
            objects.append(thaw(item["math"]))
    return Words(data["words"], tuple(objects))
