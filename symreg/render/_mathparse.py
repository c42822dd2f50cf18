"""One mathtext parse per distinct formula while the figures are drawn.

Every tick label and legend entry of a figure is mathtext, and matplotlib
parses a formula again for each renderer: it keeps its parses per parser
object, and a figure saved with a constrained layout is laid out and drawn by
three renderers, each with a parser of its own. A parse is a function of the
formula, the resolution, the font and the kind of output alone, so
:func:`shared_parses` keeps one parse of each while the figures are drawn,
for every renderer; the files are the same bytes either way (the tests of
:mod:`symreg.render.figures` compare them).

matplotlib does not offer this as a setting: the parser's private memoised
method is replaced for the duration of the block, and only when it is
there, as in the matplotlib the lock files pin (else the block changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["shared_parses"]


@contextmanager
def shared_parses() -> Iterator[dict[tuple[Any, ...], Any]]:
    """Inside the block, each distinct formula is parsed once, whichever renderer asks.

    Yields the parses kept so far, by (kind of output, formula, resolution,
    font, antialiasing, glyph loading); they are dropped at the end of the block.

    >>> from matplotlib.mathtext import MathTextParser
    >>> with shared_parses() as kept:
    ...     first = MathTextParser("path").parse("$w^2$")
    ...     again = MathTextParser("path").parse("$w^2$")
    ...     print(first is again, len(kept))
    True 1
    """
    from matplotlib.mathtext import MathTextParser

    cached = MathTextParser.__dict__.get("_parse_cached")
    parse = getattr(cached, "__wrapped__", None)
    kept: dict[tuple[Any, ...], Any] = {}
    if parse is None:  # pragma: no cover - a matplotlib that parses differently
        yield kept
        return

    def once(self: Any, s: str, dpi: float, prop: Any, antialiased: bool,
             load_glyph_flags: Any) -> Any:
        # prop is the parser's own copy of the font (hashable by value), as in matplotlib.
        key = (self._output_type, s, dpi, prop, antialiased, load_glyph_flags)
        if key not in kept:
            kept[key] = parse(self, s, dpi, prop, antialiased, load_glyph_flags)
        return kept[key]

    # setattr: matplotlib's type stubs do not declare its private methods.
    setattr(MathTextParser, "_parse_cached", once)  # noqa: B010
    try:
        yield kept
    finally:
        setattr(MathTextParser, "_parse_cached", cached)  # noqa: B010
        kept.clear()
