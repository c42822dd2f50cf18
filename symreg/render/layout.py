r"""Layout of display math: line breaking of steps by their estimated width.

Lines are laid out to fit the text width of the report: a long sum or union
is broken after a term, and a long left side gets a row of its own. In a
document (``align*``) each reason is a tag at the right margin
(``\tag*{...}``): TeX sets it on its step's last line when it fits there and
on a line of its own under the step otherwise, so one wide step does not push
every other reason down. Inside ``aligned`` (Markdown, MathJax), where tags are
not allowed, reasons stand in a column at the right when they fit there and
under their step otherwise. With ``fit=True`` what cannot be broken is scaled
down to the line. Widths are estimated from the LaTeX source (see
:func:`estimate_width`); the PDF build then checks the real boxes.

>>> parts = StepParts(lhs="w", lhs_pieces=("w",), pieces=("= 1",), where="",
...                   reason=r"\text{why}", reason_text="why")
>>> print(alignment([parts], "aligned", width=LINE_WIDTH_EM, fit=False))
\begin{aligned}
w &= 1 && \text{why}
\end{aligned}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar, overload

from symreg.render._widths import estimate_width

__all__ = ["LINE_WIDTH_EM", "Later", "StepParts", "alignment", "estimate_width"]

T = TypeVar("T")

#: Width budget of a displayed derivation, in em of the body font, by default:
#: 11pt on A4 with 2.5 cm margins, a 455pt text width (41.6 em).
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

# ---------------------------------------------------------------------------
# line breaking


@dataclass(frozen=True, slots=True)
class _Line:
    """One row of the alignment: left column, right column, reason."""

    left: str
    right: str
    reason: str = ""
    tag: str = ""  # \tag*{...}, \label{...} or \notag, at the end of the row


class Later(Sequence[T]):
    """Items made when they are first read: a finer cut of a step, needed only for a line
    still too long; a report's figures, read after its text.

    >>> cut = Later(lambda: ("a", "b"))
    >>> list(cut), len(cut), bool(Later(tuple))
    (['a', 'b'], 2, False)
    """

    def __init__(self, make: Callable[[], Sequence[T]]) -> None:
        self._make: Callable[[], Sequence[T]] | None = make
        self._items: tuple[T, ...] = ()

    def _all(self) -> tuple[T, ...]:
        if self._make is not None:
            self._items, self._make = tuple(self._make()), None
        return self._items

    def __len__(self) -> int:
        return len(self._all())

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._all()[index]


@dataclass(frozen=True, slots=True)
class StepParts:
    """One step, printed and cut where it may be broken: what :func:`alignment` lays out."""

    lhs: str | None  # None when the step continues the previous one
    lhs_pieces: tuple[str, ...]  # the left side cut where it may be broken
    pieces: tuple[str, ...]  # relation and right side, possibly broken after a term
    where: str
    reason: str  # \text{...}, or ""
    reason_text: str  # the escaped text of the reason
    # The same cut also between the factors of products, for lines still too long
    # (printed only when one is: see Later).
    fine: Sequence[str] = ()
    lhs_fine: Sequence[str] = ()
    # In a numbered alignment (``align``): the \label key of the step's number, or
    # "" for a step without a number.
    label: str = ""


def _pack(pieces: Sequence[str], where: str, budget: float,
          fine: Sequence[str] = ()) -> list[str]:
    """Greedily join pieces into lines of at most ``budget`` em.

    When a line is still too wide and ``fine`` (the pieces cut also between
    the factors of products) is given, the finer cut is packed instead.
    """
    lines = _greedy(pieces, where, budget)
    if any(estimate_width(line) > budget for line in lines) and fine:
        return _greedy(fine, where, budget)
    return lines


def _greedy(pieces: Sequence[str], where: str, budget: float) -> list[str]:
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


def _columns(parts: Sequence[StepParts], budget: float) -> tuple[set[int], float]:
    """The rows whose left side is set apart (wider than about a third of the
    line), and the width of the widest left side that stays in its column."""
    long_lhs = {i for i, p in enumerate(parts)
                if p.lhs is not None and estimate_width(p.lhs) > 0.35 * budget}
    left = max((estimate_width(p.lhs) for i, p in enumerate(parts)
                if p.lhs is not None and i not in long_lhs), default=0.0)
    return long_lhs, left


def _layout(parts: Sequence[StepParts], budget: float, *, fit: bool) -> list[_Line]:
    """Place the steps in an alignment that fits ``budget`` em.

    Reasons go at the right of the steps when they fit there, and otherwise
    each on a line of its own under its step. With ``fit``, reasons at the
    right wrap in a column of at least ``_MIN_REASON_EM``; a step much wider
    than the others is set apart (it no longer pushes the reasons of the other
    steps off the line, and its own reason goes under it); and whatever cannot
    be broken is scaled down to the line.
    """
    width = estimate_width
    long_lhs, left = _columns(parts, budget)
    room = budget - left - _COLUMN_GAP_EM
    bodies = [_pack(p.pieces, p.where, room, p.fine) for p in parts]
    heads = {i: _pack(parts[i].lhs_pieces, "", room, parts[i].lhs_fine) for i in long_lhs}
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


def _reason(parts: StepParts, room: float, *, fit: bool) -> str:
    """The reason as ``\text{...}``, or (with fit) wrapped to ``room`` em if wider."""
    if fit and estimate_width(parts.reason) > room:
        return rf"\parbox[t]{{{room:.1f}em}}{{\raggedright {parts.reason_text}}}"
    return parts.reason


def _shown(line: str, room: float, *, fit: bool, apart: bool) -> str:
    if fit and (apart or estimate_width(line) > room):
        return _fit(line, f"{max(room - 1.0, 4.0):.1f}em", apart=apart)
    return line


def _tagged(parts: Sequence[StepParts], budget: float, *, fit: bool,
            numbered: bool = False) -> list[_Line]:
    """Place the steps in an ``align*`` that fits ``budget`` em, each reason as a tag.

    The reason of a step goes with its last line; TeX moves a tag that does
    not fit beside that line to a line of its own. When ``numbered`` (an
    ``align``), the last line of a step with a label carries the number and its
    ``\\label``, and every other line is ``\\notag``.
    """
    long_lhs, left = _columns(parts, budget)
    room = budget - left - _COLUMN_GAP_EM
    lines: list[_Line] = []
    for i, p in enumerate(parts):
        lhs = p.lhs or ""
        if i in long_lhs:
            lines += [_Line(left="", right=_shown(head, room, fit=fit, apart=False))
                      for head in _pack(p.lhs_pieces, "", room, p.lhs_fine)]
            lhs = ""
        body = [_shown(line, room, fit=fit, apart=False)
                for line in _pack(p.pieces, p.where, room, p.fine)]
        for index, line in enumerate(body):
            last = index == len(body) - 1
            lines.append(_Line(left=lhs if index == 0 else "", right=line,
                               tag=_tag(p, last=last, numbered=numbered)))
    if numbered:
        lines = [line if line.tag else _Line(left=line.left, right=line.right, tag=r"\notag")
                 for line in lines]
    return lines


def _tag(parts: StepParts, *, last: bool, numbered: bool) -> str:
    if not last:
        return ""
    if numbered and parts.label:
        return rf"\label{{{parts.label}}}"
    return rf"\tag*{{{parts.reason_text}}}" if parts.reason else ""


def _row(line: _Line) -> str:
    row = f"{line.left} &{line.right}" if line.left else f"&{line.right}"
    if line.tag:
        row += f" {line.tag}"
    elif line.reason:
        row += f" && {line.reason}"
    return "{}" + row if row.startswith("[") else row


def alignment(parts: Sequence[StepParts], environment: str, *, width: float,
              fit: bool) -> str:
    r"""The steps as one block (``align*``, ``align`` or ``aligned``) ``width`` em wide.

    In ``align*`` the reasons are tags at the right margin; in ``aligned`` they
    stand in a column; in ``align`` a step with a label is numbered (on its
    last line, which carries the ``\label``) and nothing else is. With
    ``fit``, what cannot be broken is scaled down (needs ``graphicx``); inside
    ``aligned`` reasons also wrap and a much wider step is set apart.
    """
    tagged = environment in ("align*", "align")
    placed = (_tagged(parts, width, fit=fit, numbered=environment == "align") if tagged
              else _layout(parts, width, fit=fit))
    rows = [_row(line) for line in placed]
    body = " \\\\\n".join(rows)
    return f"\\begin{{{environment}}}\n{body}\n\\end{{{environment}}}"
